"""Census baselines: the county's 2010 and 2020 census values placed among all counties.

Where no annual series exists, the two censuses still give every county a 2010 and a 2020
value; the county's level and its change can be ranked among all counties and among
Shanxi's (METHODS §5). Long-form (sample) figures are shares, never totals.

Examples
--------
>>> from hongtonglib.report.context import load_briefing_data
>>> rows = census_baseline_rows(load_briefing_data(2026), ["floor_area_per_capita_m2"])
>>> rows[0]["2010年"], rows[0]["2020年"]
('30.56平方米/人', '41.1平方米/人')
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import pandas as pd

from hongtonglib.indicators import load_regions
from hongtonglib.observations import load_observations
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
SHANXI_PREFIX = "14"


@functools.lru_cache(maxsize=1)
def _county_census_values() -> pd.DataFrame:

    observations = load_observations()
    counties = set(load_regions().query("level == 'county'")["region_code"])
    derived = observations[
        observations["is_derived"].astype(bool) & observations["year"].isin([2010, 2020])
    ]
    return derived[derived["region_code"].isin(counties)][
        ["indicator_id", "region_code", "year", "value"]
    ]


def percentile_among(values: pd.Series, value: float) -> float:
    """Return the share (0-100) of ``values`` strictly below ``value``, ties counted half.

    >>> percentile_among(pd.Series([1.0, 2.0, 3.0, 4.0]), 3.0)
    62.5
    """
    clean = values.dropna()
    below = (clean < value).sum() + 0.5 * (clean == value).sum()
    return float(100.0 * below / len(clean)) if len(clean) else float("nan")


def _rank_text(values: pd.Series, value: float) -> str:
    if pd.isna(value) or values.dropna().empty:
        return "—"
    return f"高于{percentile_among(values, value):.0f}%（共{values.notna().sum()}个）"


def census_baseline_rows(data: BriefingData, indicator_ids: list[str]) -> list[dict[str, object]]:
    """Return one row per indicator: 2010, 2020, change, and the 2020 rank among counties."""
    table = _county_census_values()
    rows = []
    for indicator_id in indicator_ids:
        indicator = data.indicators[indicator_id]
        subset = table[table["indicator_id"] == indicator_id]
        wide = subset.pivot_table(index="region_code", columns="year", values="value")
        if data.region_code not in wide.index:
            continue
        own = wide.loc[data.region_code]
        in_2020 = wide.get(2020, pd.Series(dtype=float))
        shanxi = in_2020[in_2020.index.str.startswith(SHANXI_PREFIX)]
        change = own.get(2020) - own.get(2010) if {2010, 2020} <= set(own.index) else None
        change_text = "—"
        if change is not None and not pd.isna(change):
            if indicator.unit == "%":
                change_text = f"{change:+.1f}个百分点"
            else:
                change_text = ("+" if change > 0 else "") + format_value(change, indicator.unit)
        rows.append(
            {
                "指标": indicator.name_zh,
                "2010年": format_value(own.get(2010), indicator.unit),
                "2020年": format_value(own.get(2020), indicator.unit),
                "变化": change_text,
                "2020年在全国县级单位中": _rank_text(in_2020, own.get(2020)),
                "2020年在山西县级单位中": _rank_text(shanxi, own.get(2020)),
            }
        )
    return rows


def census_baselines_html(data: BriefingData, indicator_ids: list[str]) -> str:
    """Return the census-baseline table as HTML."""
    rows = census_baseline_rows(data, indicator_ids)
    if not rows:
        return "<p>普查中没有这些指标的本县数据。</p>"
    caption = (
        "第六次（2010年）和第七次（2020年）全国人口普查县级数据；住房设施为长表抽样户的比例。"
        "“高于X%”指本县数值高于该比例的县级单位（含县、县级市、市辖区），不代表优劣。"
    )
    return html_table(rows, BASELINE_COLUMNS, caption=caption)
