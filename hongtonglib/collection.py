"""Run a data collection round: open it with its packages, and write the 催报 list.

Orchestration over the intake store (:mod:`hongtonglib.intake.rounds`,
:mod:`hongtonglib.intake.completeness`), the public observations
(:func:`hongtonglib.indicators.get_series`) and the Chinese pages
(:mod:`hongtonglib.report.rounds`).

:func:`open_round` computes what each unit is asked for (values not yet known from public
data or approved submissions), records the round, and writes per unit with something to report
a package folder ``<out>/<nn>_<unit>/``: the round's template (known values read-only beside the
input cells, the round's year marked) and the 报送通知 (printable HTML). Units with nothing to
report are listed in ``<out>/index.html`` and ``units.csv``, not sent empty files.

Examples
--------
>>> known = known_values(["urbanization_rate_pct"], store=None)
>>> known[("urbanization_rate_pct", 2020)].startswith("公开数据")
True
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from hongtonglib import HONGTONG_REGION_CODE
from hongtonglib.assess.review import series_lookup_from
from hongtonglib.briefing.offline import page_text
from hongtonglib.briefing.pages import EMBEDDED_FONT_FAMILY, finish_page
from hongtonglib.fileio import atomic_write_text
from hongtonglib.fonts import subset_font_woff
from hongtonglib.indicators import load_observations
from hongtonglib.intake.catalog import IndicatorSpec, load_catalog
from hongtonglib.intake.completeness import missing_items, round_status
from hongtonglib.intake.db import StoreArg, resolve_store
from hongtonglib.intake.queries import current_approved_rows
from hongtonglib.intake.rounds import RoundInfo, get_round, plan_round_items, record_round
from hongtonglib.intake.scope import department_scope, target_text
from hongtonglib.intake.template import RoundMarks, write_template
from hongtonglib.plan import Plan, load_plan
from hongtonglib.report.rounds import notice_html, package_index_html, remind_html

logger = logging.getLogger(__name__)

DEFAULT_CONTACT = "本通知的发送人（监测简报编制人员），电子邮件或工作群发送Excel文件均可"
"""Where filled templates go, unless ``contact`` says otherwise (no address is invented)."""


UNIT_COLUMNS = ("department_id", "name_zh", "requested", "template", "notice")
"""Columns of :attr:`OpenedRound.units`."""
NOTICE_COLUMNS = ("indicator_id", "name_zh", "unit", "years", "targets", "known")
"""Columns of the requested items printed in a notice."""


@dataclass(frozen=True)
class OpenedRound:
    """A recorded round and what was written for it."""

    round: RoundInfo
    units: pd.DataFrame
    """One row per unit: ``department_id, name_zh, requested, template, notice`` (the
    file names are empty for units with nothing to report, or when nothing was written)."""
    out: Path | None


def _value_text(value: float, unit: str) -> str:
    return f"{value:g}{'' if unit in ('%',) else ' '}{unit}".strip()


def known_values(
    indicator_ids: Iterable[str], *, store: StoreArg, region_code: str = HONGTONG_REGION_CODE
) -> dict[tuple[str, int], str]:
    """Return ``(indicator_id, year) -> text`` of every value already known.

    Approved submissions of the store come first (the value in use), then the public series
    (the ``get_series`` preference rule, without submissions); the text says which and its
    source.
    """
    catalog = load_catalog()
    known: dict[tuple[str, int], str] = {}
    for row in current_approved_rows(resolve_store(store)):
        if row["region_code"] == region_code:
            unit = catalog[row["indicator_id"]].unit if row["indicator_id"] in catalog else ""
            known[(row["indicator_id"], int(row["year"]))] = (
                f"已审核：{_value_text(row['value'], unit)}（第{row['submission_id']}号报送）"
            )
    public = load_observations(include_submissions=False)
    lookup = series_lookup_from(public, public.iloc[0:0], region_code)
    for indicator_id in indicator_ids:
        series = lookup(indicator_id, region_code)
        for point in series.itertuples():
            known.setdefault(
                (indicator_id, int(point.year)),
                f"公开数据：{_value_text(float(point.value), str(point.unit))}"
                f"（{point.source_id}）",
            )
    return known


def _earlier(
    known: Mapping[tuple[str, int], str], indicator_id: str, year: int, keep: int = 3
) -> str:
    years = sorted(y for (code, y) in known if code == indicator_id and y < year)[-keep:]
    return "；".join(f"{y}年 {known[(indicator_id, y)]}" for y in years) or "—"


def _unit_items_frame(
    items: Sequence[tuple[str, int]],
    catalog: Mapping[str, IndicatorSpec],
    plan: Plan,
    known: Mapping[tuple[str, int], str],
) -> pd.DataFrame:
    by_indicator: dict[str, list[int]] = {}
    for code, year in items:
        by_indicator.setdefault(code, []).append(year)
    rows = []
    for code, years in by_indicator.items():
        spec = catalog[code]
        targets = plan.targets_for_indicator(code)
        rows.append(
            {
                "indicator_id": code,
                "name_zh": spec.name_zh,
                "unit": spec.unit,
                "years": "、".join(str(y) for y in years),
                "targets": "；".join(target_text(t) for t in targets) or "参考指标（非方案目标）",
                "known": _earlier(known, code, max(years) + 1),
            }
        )
    return pd.DataFrame(
        rows, columns=["indicator_id", "name_zh", "unit", "years", "targets", "known"]
    )


def write_printable_pages(pages: Mapping[Path, str], *, embed_font: bool = True) -> None:
    """Write self-contained pages atomically, sharing one embedded CJK font subset.

    A unit's printer or phone may lack Chinese fonts, so a subset of Noto Sans CJK SC covering
    every character of the pages is embedded in each (built once for all of them).
    """
    face = ""
    if embed_font and pages:
        text = "".join(page_text(html) for html in pages.values()) + string.printable
        data = base64.b64encode(subset_font_woff(text)).decode("ascii")
        face = (
            f'@font-face {{ font-family: "{EMBEDDED_FONT_FAMILY}"; font-display: swap; '
            f'src: url(data:font/woff;base64,{data}) format("woff"); }}'
        )
    for path, html in pages.items():
        atomic_write_text(
            path, finish_page(html.replace("<style>", f"<style>{face}", 1), embed_font=False)
        )


def _safe_name(text: str) -> str:
    return "".join(c for c in text if c not in '\\/:*?"<>| ')


def open_round(
    year: int,
    *,
    due_date: dt.date,
    opened_by: str,
    store: StoreArg = None,
    departments: Sequence[str] | None = None,
    first_year: int | None = None,
    out: str | Path | None = None,
    contact: str = DEFAULT_CONTACT,
    opened_on: dt.date | None = None,
    embed_font: bool = True,
) -> OpenedRound:
    """Open a round of ``year``: record it and write every unit's package under ``out``.

    Parameters
    ----------
    year : int
        The year whose values are collected.
    due_date : date
        The due date (not before today / ``opened_on``).
    opened_by : str
        The analyst (recorded).
    store : optional
        The store.
    departments : sequence of str, optional
        Units of the round (ids or aliases); all plan departments by default.
    first_year : int, optional
        Also ask for missing values back to this year (``year`` alone by default).
    out : path, optional
        Folder of the packages; nothing is written without it.
    contact : str
        Where the filled templates go (printed in the notice).
    opened_on : date, optional
        The opening date (today by default).
    embed_font : bool
        Embed a CJK font subset in the pages (see :func:`write_printable_pages`).

    Raises
    ------
    hongtonglib.intake.rounds.RoundError
        For a due date before the opening date or a second round of the same year; nothing is
        recorded or written.
    hongtonglib.plan.UnknownKeyError
        For an unknown department.
    """
    plan = load_plan()
    catalog = load_catalog()
    known = known_values(catalog, store=store)
    years_known: dict[str, set[int]] = {}
    for code, y in known:
        years_known.setdefault(code, set()).add(y)
    items = plan_round_items(
        year, plan, catalog, lambda code: years_known.get(code, ()), first_year=first_year
    )
    if departments:
        chosen = [plan.department(key).department_id for key in departments]
        items = {key: items.get(key, []) for key in dict.fromkeys(chosen)}
    info = record_round(
        year,
        items,
        due_date=due_date,
        opened_by=opened_by,
        store=store,
        first_year=first_year,
        opened_on=opened_on,
    )
    rows = []
    pages: dict[Path, str] = {}
    folder = Path(out) if out is not None else None
    for number, (department_id, department_items) in enumerate(items.items(), start=1):
        name = plan.department(department_id).name_zh
        row = {
            "department_id": department_id,
            "name_zh": name,
            "requested": len(department_items),
            "template": "",
            "notice": "",
        }
        if folder is not None and department_items:
            row.update(
                _write_package(
                    folder / f"{number:02d}_{_safe_name(name)}",
                    info,
                    department_id,
                    department_items,
                    plan=plan,
                    catalog=catalog,
                    known=known,
                    contact=contact,
                    root=folder,
                    pages=pages,
                )
            )
        rows.append(row)
    units = pd.DataFrame(
        rows, columns=["department_id", "name_zh", "requested", "template", "notice"]
    )
    if folder is not None:
        atomic_write_text(folder / "units.csv", units.to_csv(index=False))
        pages[folder / "index.html"] = package_index_html(
            round_id=info.round_id, round_year=year, due_date=info.due_date, units=units
        )
        write_printable_pages(pages, embed_font=embed_font)
    return OpenedRound(info, units, folder)


def _write_package(
    folder: Path,
    info: RoundInfo,
    department_id: str,
    items: Sequence[tuple[str, int]],
    *,
    plan: Plan,
    catalog: Mapping[str, IndicatorSpec],
    known: Mapping[tuple[str, int], str],
    contact: str,
    root: Path,
    pages: dict[Path, str],
) -> dict[str, str]:
    scope = department_scope(department_id, plan, catalog)
    name = scope.department.name_zh
    marks = RoundMarks(
        round_id=info.round_id,
        round_year=info.year,
        due_date=info.due_date,
        known={key: text for key, text in known.items()},
        earlier={
            (code, y): _earlier(known, code, y) for code in scope.indicator_ids for y in info.years
        },
        requested=frozenset(items),
    )
    template = folder / f"{_safe_name(name)}_第{info.round_id}轮_{info.year}年数据填报表.xlsx"
    write_template(
        department_id,
        template,
        years=info.years,
        plan=plan,
        catalog=catalog,
        generated_at=dt.date.fromisoformat(info.opened_on),
        marks=marks,
    )
    notice = folder / f"{_safe_name(name)}_第{info.round_id}轮_报送通知.html"
    pages[notice] = notice_html(
        unit_name=name,
        round_id=info.round_id,
        round_year=info.year,
        due_date=info.due_date,
        opened_on=info.opened_on,
        items=_unit_items_frame(items, catalog, plan, known),
        template_name=template.name,
        contact=contact,
    )
    return {
        "template": template.relative_to(root).as_posix(),
        "notice": notice.relative_to(root).as_posix(),
    }


def reminders(
    round_id: int | None = None, store: StoreArg = None, *, today: dt.date | None = None
) -> tuple[RoundInfo, pd.DataFrame, dict[str, list[str]]]:
    """Return the round, the units to chase (late or incomplete), and what each owes.

    A unit is chased when it owes items (missing or rejected) and the due date has passed, or
    when it has not reported at all; the frame is :func:`round_status` rows, most overdue first.
    """
    info = get_round(round_id, store)
    today = today or dt.date.today()
    status = round_status(info.round_id, store, today=today)
    owes = (status["missing"] + status["rejected"]) > 0
    chase = status[owes & (status["requested"] > 0)]
    chase = chase.sort_values(["days_overdue", "reporting_rate"], ascending=[False, True])
    catalog = load_catalog()
    owed = missing_items(info.round_id, store)
    missing: dict[str, list[str]] = {}
    for row in owed.itertuples():
        spec = catalog.get(row.indicator_id)
        label = spec.name_zh if spec else row.indicator_id
        suffix = "（退回重报）" if row.state == "rejected" else ""
        missing.setdefault(row.department_id, []).append(f"{label} {row.year}年{suffix}")
    return info, chase.reset_index(drop=True), missing


def write_reminders(
    out: str | Path,
    round_id: int | None = None,
    store: StoreArg = None,
    *,
    today: dt.date | None = None,
    embed_font: bool = True,
) -> tuple[Path, Path, pd.DataFrame]:
    """Write the 催报 list as printable HTML and CSV under ``out``; return both paths and rows."""
    today = today or dt.date.today()
    info, chase, missing = reminders(round_id, store, today=today)
    folder = Path(out)
    stem = f"第{info.round_id}轮_催报清单_{today.isoformat()}"
    table = chase.assign(
        missing_items=["；".join(missing.get(d, [])) for d in chase["department_id"]]
    )[
        [
            "department_id",
            "name_zh",
            "timeliness",
            "days_overdue",
            "requested",
            "approved",
            "pending",
            "rejected",
            "missing",
            "missing_items",
        ]
    ]
    csv_path, html_path = folder / f"{stem}.csv", folder / f"{stem}.html"
    atomic_write_text(csv_path, table.to_csv(index=False))
    page = remind_html(
        round_id=info.round_id,
        round_year=info.year,
        due_date=info.due_date,
        today=today.isoformat(),
        reminders=chase,
        missing=missing,
    )
    write_printable_pages({html_path: page}, embed_font=embed_font)
    return html_path, csv_path, table
