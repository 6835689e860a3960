"""Reference (non-plan) benchmarks: Shanxi, Linfen and national context series.

These are not the plan's targets. They show where comparable places stand, so the briefing
labels them as reference values and gives each value's basis and source.

Examples
--------
>>> from hongtonglib.report.context import load_briefing_data
>>> data = load_briefing_data(2026)
>>> frame = benchmark_frame(data, ["urbanization_rate_pct"], ["140000", "000000"])
>>> sorted(frame.region_zh.unique())
['全国', '山西省']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from hongtonglib.indicators.models import OBSERVATION_COLUMNS
from hongtonglib.report.charts import plot_regions
from hongtonglib.report.formatting import basis_zh, format_value, html_table
from hongtonglib.report.targets import source_label

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from hongtonglib.report.context import BriefingData

BENCHMARK_COLUMNS = ["指标", "地区", "最早", "最新", "口径", "来源"]


def benchmark_frame(
    data: BriefingData, indicator_ids: list[str], region_codes: list[str]
) -> pd.DataFrame:
    """Return the observations of the benchmark indicators for the benchmark regions.

    Columns: ``indicator_id, region_code, region_zh, year, value, unit, basis, census_base,
    qualifier, source_id``; plan targets of other governments are left out.
    """
    frames = []
    for indicator_id in indicator_ids:
        for region_code in region_codes:
            series = data.series(indicator_id, region_code)
            if len(series):
                frames.append(series.assign(region_zh=data.region_name_of(region_code)))
    if not frames:
        return pd.DataFrame(columns=[*OBSERVATION_COLUMNS, "region_zh"])
    return pd.concat(frames, ignore_index=True)


def benchmark_rows(data: BriefingData, frame: pd.DataFrame) -> list[dict[str, object]]:
    """Return one row per indicator and region: earliest and latest values with provenance."""
    rows = []
    for (indicator_id, region), group in frame.groupby(["indicator_id", "region_zh"], sort=False):
        indicator = data.indicators[str(indicator_id)]
        ordered = group.sort_values("year")
        first, last = ordered.iloc[0], ordered.iloc[-1]
        qualifier = "（下限）" if str(last.get("qualifier") or "") == "at_least" else ""
        rows.append(
            {
                "指标": indicator.name_zh,
                "地区": region,
                "最早": f"{format_value(first['value'], indicator.unit)}（{int(first['year'])}年）"
                if len(ordered) > 1
                else "—",
                "最新": f"{format_value(last['value'], indicator.unit)}{qualifier}"
                f"（{int(last['year'])}年）",
                "口径": basis_zh(last["basis"]),
                "来源": source_label(data, str(last["source_id"])),
            }
        )
    return rows


def benchmarks_table_html(
    data: BriefingData, indicator_ids: list[str], region_codes: list[str]
) -> str:
    """Return the benchmark table as HTML, captioned as reference values."""
    frame = benchmark_frame(data, indicator_ids, region_codes)
    if frame.empty:
        return "<p>没有可用的参考基准数据。</p>"
    caption = (
        "参考基准，不是本方案的目标；不同地区、不同口径（如城市与县城）不可直接比较。"
        "“下限”表示原资料只给出“不低于”的数值。"
    )
    return html_table(benchmark_rows(data, frame), BENCHMARK_COLUMNS, caption=caption)


def benchmark_chart(
    data: BriefingData, indicator_id: str, region_codes: list[str]
) -> Figure | None:
    """Draw one benchmark indicator over time for the given regions (None without 2 points)."""
    frame = benchmark_frame(data, [indicator_id], region_codes)
    if len(frame) < 2:
        return None
    indicator = data.indicators[indicator_id]
    return plot_regions(frame, title=f"参考基准：{indicator.name_zh}", unit=indicator.unit)
