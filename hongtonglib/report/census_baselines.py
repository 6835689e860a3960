"""Census baselines: the county's 2010 and 2020 census values placed among all counties.

Where no annual series exists, the two censuses still give every county a 2010 and a 2020
value; the county's level and its change can be ranked among all counties and among
Shanxi's (METHODS §5). Long-form (sample) figures are shares, never totals.

Examples
--------
>>> from hongtonglib.report.context import load_briefing_data
>>> frame = census_baseline_frame(load_briefing_data(2026), ["floor_area_per_capita_m2"])
>>> rows = census_baseline_rows(frame)
>>> rows[0]["2010年"], rows[0]["2020年"]
('30.56平方米/人', '41.1平方米/人')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from hongtonglib.analysis import context
from hongtonglib.report.formatting import format_value, html_table

if TYPE_CHECKING:
    from hongtonglib.report.context import BriefingData

BASELINE_COLUMNS = [
    "指标",
    "2010年",
    "2020年",
    "变化",
    "2020年在全国县级单位中",
    "2020年在山西县级单位中",
]


def percentile_among(values: pd.Series, value: float) -> float:
    """Return the share (0-100) of ``values`` strictly below ``value``, ties counted half.

    >>> percentile_among(pd.Series([1.0, 2.0, 3.0, 4.0]), 3.0)
    62.5
    """
    return context.percentile_among(values, value)


BASELINE_FRAME_COLUMNS = [
    "indicator_id",
    "indicator_name_zh",
    "unit",
    "value_2010",
    "value_2020",
    "change",
    "percentile_national_2020",
    "n_national",
    "percentile_province_2020",
    "n_province",
]
"""Columns of :func:`census_baseline_frame`, the frame behind the census-baseline table."""


def census_baseline_frame(data: BriefingData, indicator_ids: list[str]) -> pd.DataFrame:
    """Return the county's 2010 and 2020 values and its 2020 percentile among all counties.

    One row per indicator with a value for the county; percentiles from
    :func:`hongtonglib.census_comparison` (``national`` and ``province`` sets).
    """
    rows = []
    for indicator_id in indicator_ids:
        national = context.census_comparison([indicator_id], "national", data.region_code)
        own = national[national["is_subject"]]
        if own.empty:
            continue
        province = context.census_comparison([indicator_id], "province", data.region_code)
        subject, in_province = own.iloc[0], province[province["is_subject"]].iloc[0]
        indicator = data.indicators[indicator_id]
        rows.append(
            {
                "indicator_id": indicator_id,
                "indicator_name_zh": indicator.name_zh,
                "unit": indicator.unit,
                "value_2010": subject["value_2010"],
                "value_2020": subject["value_2020"],
                "change": subject["change"],
                "percentile_national_2020": subject["percentile_2020"],
                "n_national": subject["n_regions"],
                "percentile_province_2020": in_province["percentile_2020"],
                "n_province": in_province["n_regions"],
            }
        )
    return pd.DataFrame(rows, columns=BASELINE_FRAME_COLUMNS)


def _rank_text(percentile: float, n_regions: int) -> str:
    if pd.isna(percentile) or not n_regions:
        return "—"
    return f"高于{percentile:.0f}%（共{n_regions}个）"


def _change_text(change: float, unit: str) -> str:
    if pd.isna(change):
        return "—"
    if unit == "%":
        return f"{change:+.1f}个百分点"
    return ("+" if change > 0 else "") + format_value(change, unit)


def census_baseline_rows(frame: pd.DataFrame) -> list[dict[str, object]]:
    """Format :func:`census_baseline_frame` as table rows with Chinese headers."""
    return [
        {
            "指标": row.indicator_name_zh,
            "2010年": format_value(row.value_2010, row.unit),
            "2020年": format_value(row.value_2020, row.unit),
            "变化": _change_text(row.change, row.unit),
            "2020年在全国县级单位中": _rank_text(row.percentile_national_2020, row.n_national),
            "2020年在山西县级单位中": _rank_text(row.percentile_province_2020, row.n_province),
        }
        for row in frame.itertuples(index=False)
    ]


def census_baselines_html(data: BriefingData, indicator_ids: list[str]) -> str:
    """Return the census-baseline table as HTML."""
    rows = census_baseline_rows(census_baseline_frame(data, indicator_ids))
    if not rows:
        return "<p>普查中没有这些指标的本县数据。</p>"
    caption = (
        "第六次（2010年）和第七次（2020年）全国人口普查县级数据；住房设施为长表抽样户的比例。"
        "“高于X%”指本县数值高于该比例的县级单位（含县、县级市、市辖区），不代表优劣。"
    )
    return html_table(rows, BASELINE_COLUMNS, caption=caption)
