"""Briefing charts beyond the target chart: benchmarks, demand scenarios, reference class.

All charts use the suite's style (:func:`hongtonglib.charts.use_briefing_style`, the bundled
CJK font) and return matplotlib figures not managed by pyplot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from hongtonglib.charts import use_briefing_style
from hongtonglib.charts.series import CENSUS_BREAK_YEAR

if TYPE_CHECKING:
    from matplotlib.figure import Figure

REGION_COLORS = ["#1f4e79", "#c55a11", "#548235", "#7030a0", "#7f7f7f"]
BAND_ALPHA = 0.18


def _figure(width: float = 6.4, height: float = 4.2) -> Figure:
    from matplotlib.figure import Figure

    use_briefing_style()
    return Figure(figsize=(width, height))


def plot_regions(frame: pd.DataFrame, *, title: str, unit: str) -> Figure:
    """Draw one line per region (``region_zh, year, value``), marking the census break.

    Points of one region are joined only within one census segment (``census_base``).
    """
    from matplotlib.ticker import MaxNLocator

    fig = _figure()
    ax = fig.add_subplot()
    qualifier = frame.get("qualifier", pd.Series("", index=frame.index)).astype("string")
    frame = frame.assign(is_lower_bound=qualifier.fillna("").eq("at_least"))
    for index, (region, group) in enumerate(frame.groupby("region_zh", sort=False)):
        color = REGION_COLORS[index % len(REGION_COLORS)]
        ordered = group.sort_values("year")
        exact = ordered[~ordered["is_lower_bound"]]
        ax.plot(exact["year"], exact["value"], "o", color=color, markersize=4, label=region)
        bounds = ordered[ordered["is_lower_bound"]]
        if len(bounds):
            ax.plot(
                bounds["year"],
                bounds["value"],
                "^",
                color=color,
                markerfacecolor="none",
                markersize=7,
                label=f"{region}（下限值）",
            )
        for _, segment in ordered.groupby(ordered["census_base"].astype("string").fillna("")):
            if len(segment) > 1:
                ax.plot(segment["year"], segment["value"], "-", color=color, lw=1.2, alpha=0.8)
    years = frame["year"]
    census_based = frame["census_base"].notna().any()
    if census_based and len(years) and years.min() < CENSUS_BREAK_YEAR <= years.max():
        ax.axvline(CENSUS_BREAK_YEAR, color="grey", linestyle=":", lw=1)
    ax.set_title(title)
    ax.set_xlabel("年份")
    ax.set_ylabel(unit)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(frameon=False)
    return fig


def plot_demand(groups: pd.DataFrame, *, title: str) -> Figure:
    """Draw projected persons per group: central line, low-high band (``group_zh`` rows)."""
    from matplotlib.ticker import MaxNLocator

    fig = _figure()
    ax = fig.add_subplot()
    for index, (name, group) in enumerate(groups.groupby("name_zh", sort=False)):
        color = REGION_COLORS[index % len(REGION_COLORS)]
        wide = group.pivot_table(index="year", columns="scenario", values="persons")
        ax.plot(wide.index, wide["central"] / 10_000, "-o", color=color, markersize=3, label=name)
        if {"low", "high"} <= set(wide.columns):
            ax.fill_between(
                wide.index,
                wide["low"] / 10_000,
                wide["high"] / 10_000,
                color=color,
                alpha=BAND_ALPHA,
                linewidth=0,
            )
    ax.set_title(title)
    ax.set_xlabel("年份（11月1日）")
    ax.set_ylabel("万人")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(frameon=False)
    return fig


def plot_pace_distribution(
    values: pd.Series, *, subject_value: float, required: float | None, title: str, xlabel: str
) -> Figure:
    """Draw a histogram of counties' paces with the subject's and the required pace."""
    fig = _figure()
    ax = fig.add_subplot()
    ax.hist(values.dropna(), bins=40, color="#9dc3e6", edgecolor="white")
    ax.axvline(subject_value, color="#1f4e79", lw=2, label=f"洪洞县 {subject_value:.3f}")
    if required is not None:
        ax.axvline(
            required, color="#c00000", lw=2, linestyle="--", label=f"实现目标所需 {required:.3f}"
        )
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("县的个数")
    ax.legend(frameon=False)
    return fig
