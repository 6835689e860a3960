"""Demographic demand sections: school-age and elderly populations to 2030 under scenarios.

Examples
--------
>>> frame = demand_frame("141024", ["primary_6_11"], [2020, 2024, 2027])
>>> rows = demand_rows(frame, ["primary_6_11"], [2020, 2024, 2027])
>>> rows[0]["2020年"]
'5.2万人'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from hongtonglib.analysis.context import demand_projection, demographic_demand
from hongtonglib.report.charts import plot_demand
from hongtonglib.report.formatting import format_value, html_table

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from hongtonglib.demography import DemandProjection

SCENARIOS = ("low", "central", "high")


def load_projection(region_code: str, end_year: int = 2030) -> DemandProjection:
    """Return the low/central/high demand projection for a region (cached per kernel).

    The projection of :func:`hongtonglib.demographic_demand` (one cache for both).
    """
    return demand_projection(region_code, end_year)


def demand_frame(region_code: str, group_ids: list[str], years: list[int]) -> pd.DataFrame:
    """Return the frame behind the demand table (:func:`hongtonglib.demographic_demand`)."""
    return demographic_demand(region_code, group_ids, end_year=max([*years, 2030]))


def demand_rows(
    frame: pd.DataFrame, group_ids: list[str], years: list[int]
) -> list[dict[str, object]]:
    """Format :func:`demand_frame`: per group the central projection per year, low–high last."""
    persons = frame.set_index(["group_id", "year", "scenario"])["persons"]
    names = frame.drop_duplicates("group_id").set_index("group_id")["name_zh"]
    rows = []
    for group_id in group_ids:
        row: dict[str, object] = {"人群": str(names[group_id])}
        for year in years:
            row[f"{year}年"] = format_value(float(persons[(group_id, year, "central")]), "人")
        last = years[-1]
        low = float(persons[(group_id, last, "low")])
        high = float(persons[(group_id, last, "high")])
        row[f"{last}年区间（低—高方案）"] = f"{format_value(low, '人')}—{format_value(high, '人')}"
        rows.append(row)
    return rows


def demand_table_html(region_code: str, group_ids: list[str], years: list[int]) -> str:
    """Return the demand table as HTML."""
    rows = demand_rows(demand_frame(region_code, group_ids, years), group_ids, years)
    columns = ["人群"] + [f"{year}年" for year in years] + [f"{years[-1]}年区间（低—高方案）"]
    caption = (
        "2020年为第七次人口普查实数（11月1日），其后为中方案推算；"
        "低、高方案改变迁移与存活、出生假设。"
    )
    return html_table(rows, columns, caption=caption)


def demand_headlines_md(
    region_code: str, group_ids: list[str], from_year: int, to_year: int
) -> str:
    """Return one bullet per group with the central-scenario change between two years."""
    projection = load_projection(region_code)
    lines = []
    for group_id in group_ids:
        headline = projection.headline(group_id, from_year, to_year, "central")
        lines.append(f"- {headline.sentence_zh()}")
    return "\n".join(lines)


def demand_chart(region_code: str, group_ids: list[str], title: str) -> Figure:
    """Draw the projected groups with their low–high band."""
    groups = load_projection(region_code).groups
    return plot_demand(groups[groups["group_id"].isin(group_ids)], title=title)


def assumptions_md(region_code: str) -> str:
    """Return the projection's assumptions in Chinese, with the birth-rate sources."""
    projection = load_projection(region_code)
    rates = projection.birth_rates
    lines = [
        "- **起点**：2020年第七次全国人口普查分年龄、性别人口（5岁组用Sprague方法拆分为单岁）。",
        "- **存活与迁移**：用本县2010—2020年两次普查的队列变化比（Hamilton–Perry方法）折算为"
        "逐年变化系数，即假定上一个十年的人口外流与死亡水平延续；低、高方案按与临汾市的差异上下浮动。",
        "- **出生**：以2020年普查0岁人口为基数，按育龄妇女人数和全国出生率的变化推算；"
        "2024年后低方案延续近五年出生率下降趋势，中方案减半，高方案停止下降。",
    ]
    central = rates[rates["scenario"] == "central"]
    observed = central[central["kind"] == "observed"]
    filled = central[
        (central["kind"] == "interpolated") & (central["year"] <= observed["year"].max())
    ]
    if len(observed):
        lines.append(
            f"- **出生率数据**：全国出生率观测值{len(observed)}个（{int(observed['year'].min())}—"
            f"{int(observed['year'].max())}年）；"
            + (
                "缺少"
                + "、".join(f"{int(y)}年" for y in filled["year"])
                + "的观测值，按相邻年份插补。"
                if len(filled)
                else "无缺失年份。"
            )
        )
    lines.extend(f"- {note}" for note in projection.notes)
    return "\n".join(lines)
