"""The pages besides the briefings: a failure page per failed briefing, and the index page.

Both use the briefings' style sheet and the same finishing step (:func:`finish_page`): the
optional embedded subset of the CJK font, and a check that nothing leaves the page.

Examples
--------
>>> html = finish_page('<html><head><style>/*@font-face:hongtong*/</style></head>'
...                    '<body>洪洞</body></html>', embed_font=False)
>>> "@font-face" in html
False
"""

from __future__ import annotations

import base64
import logging
import os
import string
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from hongtonglib import __version__, paths
from hongtonglib.briefing.failure import STAGE_LABELS, FailureInfo
from hongtonglib.briefing.manifest import BriefingRecord, BriefingStatus
from hongtonglib.briefing.offline import external_references, page_text
from hongtonglib.fonts import subset_font_woff
from hongtonglib.intake.db import connect_reader, resolve_store

logger = logging.getLogger(__name__)

FONT_FACE_MARKER = "/*@font-face:hongtong*/"
EMBEDDED_FONT_FAMILY = "HongtongCJK"
STATUS_LABELS = {
    BriefingStatus.ok: "已更新 ok",
    BriefingStatus.skipped_unchanged: "未变更 unchanged",
    BriefingStatus.failed: "失败 failed",
}
INDEX_HEADING = "洪洞县城镇化行动方案监测简报"


class ExternalReferenceError(ValueError):
    """A page references another host (a request would leave the machine)."""


def now_iso() -> str:
    """Return the local time with its offset, to the second (pages' footers, the manifest)."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def page_css() -> str:
    """Return the style sheet shared by every page."""
    return (paths.templates_dir() / "briefing" / "page.css").read_text(encoding="utf-8")


def finish_page(html: str, *, embed_font: bool, font_cache_dir: Path | None = None) -> str:
    """Embed the font subset (or drop its marker) and check the page is self-contained.

    Parameters
    ----------
    html : str
        A page holding :data:`FONT_FACE_MARKER` in its style sheet.
    embed_font : bool
        Embed a WOFF subset of Noto Sans CJK SC covering the page's characters (and all of
        printable ASCII, so that changing numbers do not change the subset).
    font_cache_dir : Path, optional
        Where built subsets are cached.

    Raises
    ------
    ExternalReferenceError
        If a ``src``, ``href`` or CSS ``url()`` points to another host.
    """
    face = ""
    if embed_font:
        woff = subset_font_woff(page_text(html) + string.printable, cache_dir=font_cache_dir)
        data = base64.b64encode(woff).decode("ascii")
        face = (
            f'@font-face {{ font-family: "{EMBEDDED_FONT_FAMILY}"; font-display: swap; '
            f'src: url(data:font/woff;base64,{data}) format("woff"); }}'
        )
    html = html.replace(FONT_FACE_MARKER, face, 1)
    external = external_references(html)
    if external:
        shown = ", ".join(f"<{tag} {attr}={url!r}>" for tag, attr, url in external[:5])
        raise ExternalReferenceError(f"the page references other hosts: {shown}")
    return html


def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(paths.templates_dir() / "briefing"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def relative_link(target: Path, page: Path) -> str:
    """Return the POSIX link from ``page`` to ``target`` (both relative to the output folder)."""
    return Path(os.path.relpath(target, page.parent)).as_posix()


def render_failure_page(
    *,
    name: str,
    title: str | None,
    failure: FailureInfo,
    page: Path,
    executed_notebook: Path | None,
    out_dir: Path,
    previous_html: Path | None,
    notebook: str,
    parameter_file: str,
    when: str,
    log: Path | None = None,
) -> str:
    """Return the failure page of one briefing (Chinese and English).

    Paths ``page``, ``executed_notebook`` and ``previous_html`` are relative to ``out_dir``.
    """
    stage_zh, stage_en = STAGE_LABELS.get(failure.stage, (failure.stage, failure.stage))
    return (
        _environment()
        .get_template("failure.html.j2")
        .render(
            title=f"简报生成失败：{title or name}",
            display_title=title or name,
            name=name,
            css=page_css(),
            version=__version__,
            failure=failure,
            stage_zh=stage_zh,
            stage_en=stage_en,
            when=when,
            executed_notebook=relative_link(executed_notebook, page) if executed_notebook else None,
            executed_notebook_abs=str(out_dir / executed_notebook) if executed_notebook else "",
            previous_html=relative_link(previous_html, page) if previous_html else None,
            log=relative_link(log, page) if log else None,
            notebook=notebook,
            parameter_file=parameter_file,
            index_link=relative_link(Path("index.html"), page),
        )
    )


@dataclass(frozen=True)
class _Row:
    name: str
    title: str
    status: str
    status_label: str
    failed: bool
    html: str | None
    failure_page: str | None
    summary: str | None
    data_vintage: str | None
    rendered_at: str | None
    pdf: str | None = None
    pdf_error: str | None = None


def _row(record: BriefingRecord) -> _Row:
    summary = record.summary or {}
    return _Row(
        name=record.name,
        title=record.title or summary.get("title") or record.name,
        status=record.status.value,
        status_label=STATUS_LABELS[record.status],
        failed=record.status is BriefingStatus.failed,
        html=record.html,
        failure_page=record.failure_page if record.status is BriefingStatus.failed else None,
        summary=_failure_line(record)
        if record.status is BriefingStatus.failed
        else summary.get("summary"),
        data_vintage=summary.get("data_vintage"),
        rendered_at=record.rendered_at,
        pdf=record.pdf,
        pdf_error=record.pdf_error,
    )


def _failure_line(record: BriefingRecord) -> str:
    error = record.error or {}
    return f"本次生成失败 / failed: {error.get('ename', '?')}: {error.get('evalue', '')}"


def data_vintage(records: Iterable[BriefingRecord]) -> str | None:
    """Return the data vintages the briefings publish, distinct values joined by '；'."""
    values = [(r.summary or {}).get("data_vintage") for r in records]
    distinct = list(dict.fromkeys(v for v in values if v))
    return "；".join(distinct) if distinct else None


def store_has_round() -> bool:
    """Whether the default intake store holds a data collection round (a cheap SQLite read)."""
    location = resolve_store()
    connection = connect_reader(location) if location.exists() else None
    if connection is None:
        return False
    try:
        table = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'rounds'"
        ).fetchone()
        return (
            bool(table)
            and connection.execute("SELECT 1 FROM rounds LIMIT 1").fetchone() is not None
        )
    finally:
        connection.close()


def round_section() -> str | None:
    """Return the index page's section on the current collection round, or None."""
    if not store_has_round():
        return None
    # Imported only when there is a round: it loads pandas, and an unchanged render must stay
    # light (tests/integration/test_render.py::test_incremental_skip_is_fast_and_light).
    from hongtonglib.report.round_sections import round_index_html  # heavy: pandas

    return round_index_html()


def _index_lists_profile(record: BriefingRecord) -> bool:
    """Return whether the index lists a profile page: region pages, and failed profiles."""
    if record.kind in ("prefecture_profile", "province_profile"):
        return True
    return record.kind == "county_profile" and record.status is BriefingStatus.failed


def render_index_page(records: list[BriefingRecord], run: dict[str, Any]) -> str:
    """Return the index page linking every briefing with its status and summary line."""
    rows = [_row(r) for r in records]
    groups = [
        {
            "title": "行业简报 / Sector briefings",
            "rows": [row for row, r in zip(rows, records, strict=True) if r.kind == "sector"],
        },
        {
            "title": "部门简报 / Department briefings",
            "rows": [row for row, r in zip(rows, records, strict=True) if r.kind == "department"],
        },
    ]
    profiles = [row for row, r in zip(rows, records, strict=True) if _index_lists_profile(r)]
    if profiles:  # county profiles are linked from their prefecture pages; failures listed here
        groups.append({"title": "县情概况 / County profiles", "rows": profiles})
    statuses = [r.status for r in records]
    counts = {
        "ok": statuses.count(BriefingStatus.ok),
        "unchanged": statuses.count(BriefingStatus.skipped_unchanged),
        "failed": statuses.count(BriefingStatus.failed),
    }
    duration = run.get("duration_s")
    return (
        _environment()
        .get_template("index.html.j2")
        .render(
            title=INDEX_HEADING,
            heading=INDEX_HEADING,
            css=page_css(),
            version=__version__,
            git_commit=run.get("git_commit"),
            run_time=run.get("started_at", "—"),
            duration=f"{duration:.1f} 秒" if isinstance(duration, int | float) else None,
            data_vintage=data_vintage(records),
            collection=round_section(),
            rows=rows,
            groups=groups,
            counts=counts,
        )
    )
