"""The current data collection round in the briefings: frames, and their small formatting.

- :func:`current_round` returns the latest round's frames (per unit, per target, per item) from
  the default store, or None when there is no store or no round;
- :func:`round_index_html`: the index page's section, one bar per unit and the vintage of the
  department data (latest approval);
- :func:`department_round_frame` / :func:`department_round_html`: a department's 本轮应报 N 项、
  已报 M 项、已审核 K 项、截止日期 and the items it still owes;
- :func:`unassessable_frame`: the targets that remain unassessable and the unit that owes the
  data (the round's unit when the round asks for it, else the registry supplier).

Examples
--------
>>> import tempfile, pathlib
>>> current_round(store=pathlib.Path(tempfile.mkdtemp()) / "intake.sqlite") is None
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from hongtonglib.assess.status import Status
from hongtonglib.intake.catalog import load_catalog
from hongtonglib.intake.completeness import (
    round_item_states,
    round_status,
    round_totals,
    target_completeness,
)
from hongtonglib.intake.db import StoreArg, resolve_store
from hongtonglib.intake.queries import list_submissions
from hongtonglib.intake.rounds import RoundInfo, list_rounds
from hongtonglib.plan import Plan, UnknownKeyError
from hongtonglib.report.rounds import STATE_ZH, completeness_bars_html, esc


@dataclass(frozen=True)
class RoundFrames:
    """The latest round and its completeness frames."""

    round: RoundInfo
    status: pd.DataFrame
    targets: pd.DataFrame
    items: pd.DataFrame
    today: dt.date


def current_round(store: StoreArg = None, *, today: dt.date | None = None) -> RoundFrames | None:
    """Return the latest round's frames, or None when the store has no round."""
    location = resolve_store(store)
    if not location.exists():
        return None
    rounds = list_rounds(location)
    if not rounds:
        return None
    info = rounds[-1]
    today = today or dt.date.today()
    return RoundFrames(
        round=info,
        status=round_status(info.round_id, location, today=today),
        targets=target_completeness(info.round_id, location),
        items=round_item_states(info.round_id, location),
        today=today,
    )


def department_vintage(store: StoreArg = None) -> str | None:
    """Return the vintage of the department data: approved submissions and the latest approval."""
    location = resolve_store(store)
    if not location.exists():
        return None
    approved = list_submissions(location, state="approved")
    if approved.empty:
        return "部门报送数据：尚无审核通过的报送"
    latest = str(approved["decided_at"].max())[:10]
    return f"部门报送数据：已审核{len(approved)}份，最近审核于{latest}"


def round_index_html(store: StoreArg = None, *, today: dt.date | None = None) -> str | None:
    """Return the index page's section on the current round, or None without a round."""
    frames = current_round(store, today=today)
    if frames is None:
        return None
    info, totals = frames.round, round_totals(frames.status)
    closed = "（已结束）" if info.is_closed else ""
    rate = "—" if totals["reporting_rate"] is None else f"{totals['reporting_rate']:.0f}%"
    head = (
        f"<h2>本轮数据收集 / Data collection round</h2>"
        f"<p>第{info.round_id}轮：{info.year}年数据，截止日期{info.due_date}{closed}。"
        f"应报单位{totals['units']}个，已报{totals['units_reported']}个"
        f"（按时{totals['units_on_time']}个）；应报{totals['requested']}项，"
        f"已审核{totals['approved']}项、待审核{totals['pending']}项、退回{totals['rejected']}项、"
        f"未报{totals['missing']}项，报送率{rate}。<br>"
        f"<span class='muted'>{esc(department_vintage(store) or '')}</span></p>"
    )
    return head + completeness_bars_html(frames.status)


def department_round_frame(frames: RoundFrames, department_id: str) -> pd.DataFrame:
    """Return the items a unit was asked for in the round, with their state in Chinese."""
    catalog = load_catalog()
    mine = frames.items[frames.items["department_id"] == department_id]
    return pd.DataFrame(
        {
            "指标": [catalog[c].name_zh if c in catalog else c for c in mine["indicator_id"]],
            "年份": mine["year"].astype(int).astype(str) + "年",
            "状态": mine["state"].map(STATE_ZH),
        }
    ).reset_index(drop=True)


def department_round_html(department_id: str, store: StoreArg = None) -> str:
    """Return a department's round progress: N requested, M received, K approved, due date."""
    frames = current_round(store)
    if frames is None:
        return "<p>目前没有进行中的数据收集轮次。</p>"
    info = frames.round
    row = frames.status[frames.status["department_id"] == department_id]
    if row.empty or int(row["requested"].iloc[0]) == 0:
        return f"<p>第{info.round_id}轮数据收集（{info.year}年数据）未要求本单位报送。</p>"
    r = row.iloc[0]
    received = int(r["approved"] + r["pending"])
    late = {"overdue": "，已逾期未报", "late": "，逾期报送"}.get(r["timeliness"], "")
    sentence = (
        f"<p><b>第{info.round_id}轮（{info.year}年数据）：本轮应报 {int(r['requested'])} 项、"
        f"已报 {received} 项、已审核 {int(r['approved'])} 项，截止日期 {info.due_date}"
        f"{late}。</b></p>"
    )
    table = department_round_frame(frames, department_id)
    owed = table[table["状态"].isin([STATE_ZH["missing"], STATE_ZH["rejected"]])]
    if owed.empty:
        return sentence + "<p>本单位本轮应报数据已全部报送。</p>"
    rows = "".join(
        f"<tr><td>{esc(x.指标)}</td><td>{esc(x.年份)}</td><td>{esc(x.状态)}</td></tr>"
        for x in owed.itertuples()
    )
    return (
        sentence + "<p>尚缺的数据：</p><table><thead><tr><th>指标</th><th>年份</th><th>状态</th>"
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )


def unassessable_frame(
    assessment: pd.DataFrame,
    plan: Plan,
    suppliers: Mapping[str, str | None],
    frames: RoundFrames | None,
) -> pd.DataFrame:
    """Return the targets without enough data and the unit that owes it.

    Parameters
    ----------
    assessment : DataFrame
        :meth:`hongtonglib.assess.plan_assessment.PlanAssessment.frame`.
    plan : Plan
        For the units' names.
    suppliers : mapping
        ``indicator_id -> department_id`` of the registry.
    frames : RoundFrames or None
        The current round; its asked unit and item states are used when present.
    """
    stuck = assessment[
        assessment["status"].isin([Status.no_data.value, Status.insufficient_data.value])
    ]
    by_target = frames.targets.set_index("target_id") if frames is not None else pd.DataFrame()
    rows = []
    for item in stuck.itertuples():
        owner = suppliers.get(item.indicator_id)
        state = "本轮未要求（已有数据或不在本轮）"
        if frames is not None and item.target_id in by_target.index:
            line = by_target.loc[item.target_id]
            if line["requested"]:
                owner = line["department_id"]
                state = (
                    f"本轮应报{line['requested']}项：已审核{line['approved']}、"
                    f"待审核{line['pending']}、未报{line['missing']}"
                )
        try:
            name = plan.department(owner).name_zh if owner else "—"
        except UnknownKeyError:
            name = owner or "—"
        rows.append(
            {
                "目标": f"{item.label_zh}（{item.target_year}年）",
                "状态": Status(item.status).label_zh,
                "应报送单位": name,
                "本轮情况": state if frames is not None else "目前没有数据收集轮次",
            }
        )
    return pd.DataFrame(rows, columns=["目标", "状态", "应报送单位", "本轮情况"])
