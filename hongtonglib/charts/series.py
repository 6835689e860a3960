"""One indicator over time: observed history, forecast with its interval, and target milestones.

Inputs are plain frames with documented columns, so the chart does not depend on how the
forecast or the assessment was computed:

- ``history``: ``year`` (int), ``value`` (float), ``basis`` (str, one of the observation
  bases: ``census``, ``sample_survey``, ``bulletin``, ``plan_target``,
  ``department_submission``, ``secondary``). Points are drawn with one marker per basis.
- ``forecast``: ``year``, ``mean``, ``mean_ci_lower``, ``mean_ci_upper`` (the statsmodels
  names). The mean is a dashed line, the interval a band.
- ``milestones``: ``year``, ``value``, ``label`` (e.g. ``"2027年目标"``). Drawn as star markers
  with their label.

A vertical line marks the census break (default 2020): figures before and after it are
anchored to different censuses and are not one continuous series.

Examples
--------
>>> import pandas as pd
>>> history = pd.DataFrame({"year": [2019, 2020, 2021], "value": [50.1, 52.0, 53.2],
...                         "basis": ["bulletin", "census", "bulletin"]})
>>> forecast = pd.DataFrame({"year": [2022, 2023], "mean": [54.0, 55.0],
...                          "mean_ci_lower": [53.0, 53.5], "mean_ci_upper": [55.0, 56.5]})
>>> milestones = pd.DataFrame({"year": [2027], "value": [60.0], "label": ["2027年目标"]})
>>> fig = plot_series_with_forecast(history, forecast, milestones,
...                                 title="城镇化率", unit="%", bounds=(0, 100))
>>> len(fig.axes)
1
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

HISTORY_COLUMNS = ("year", "value", "basis")
FORECAST_COLUMNS = ("year", "mean", "mean_ci_lower", "mean_ci_upper")
MILESTONE_COLUMNS = ("year", "value", "label")

CENSUS_BREAK_YEAR = 2020
"""Year of the census whose figures start a new series (第七次全国人口普查)."""

# Presentation of each observation basis: (marker, legend label). Unknown bases use "o".
BASIS_STYLE: dict[str, tuple[str, str]] = {
    "census": ("s", "人口普查"),
    "sample_survey": ("D", "抽样调查"),
    "bulletin": ("o", "统计公报"),
    "plan_target": ("P", "规划目标"),
    "department_submission": ("^", "部门报送"),
    "secondary": ("v", "其他来源"),
}

HISTORY_COLOR = "#1f4e79"
FORECAST_COLOR = "#c55a11"
TARGET_COLOR = "#c00000"


def plot_series_with_forecast(
    history: pd.DataFrame,
    forecast: pd.DataFrame | None = None,
    milestones: pd.DataFrame | None = None,
    *,
    title: str,
    unit: str,
    bounds: tuple[float | None, float | None] | None = None,
    census_break_year: int | None = CENSUS_BREAK_YEAR,
    interval_label: str = "预测区间",
) -> Figure:
    """Draw an indicator's history, forecast and target milestones on one chart.

    Parameters
    ----------
    history : pandas.DataFrame
        Observed values: columns ``year``, ``value``, ``basis``.
    forecast : pandas.DataFrame, optional
        Forecast: columns ``year``, ``mean``, ``mean_ci_lower``, ``mean_ci_upper``.
    milestones : pandas.DataFrame, optional
        Targets: columns ``year``, ``value``, ``label``.
    title : str
        Chart title (Chinese).
    unit : str
        Unit shown on the y axis, e.g. ``"%"`` or ``"万人"``.
    bounds : tuple of (float or None, float or None), optional
        Limits of the y axis, e.g. ``(0, 100)`` for a percentage; ``None`` for automatic.
    census_break_year : int or None
        Year of the census break to mark with a vertical line; ``None`` for no line.
    interval_label : str
        Legend label of the interval band, e.g. ``"80% 预测区间"``.

    Returns
    -------
    matplotlib.figure.Figure
        A figure not registered with pyplot: a notebook shows it once, as the cell's result.

    Raises
    ------
    ValueError
        If a frame lacks one of its documented columns.
    """
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    _require_columns(history, HISTORY_COLUMNS, "history")
    if forecast is not None:
        _require_columns(forecast, FORECAST_COLUMNS, "forecast")
    if milestones is not None:
        _require_columns(milestones, MILESTONE_COLUMNS, "milestones")

    fig = Figure()
    ax = fig.add_subplot()
    years: list[float] = []

    observed = history.dropna(subset=["value"])
    for basis, group in observed.groupby("basis", sort=False):
        marker, label = BASIS_STYLE.get(str(basis), ("o", str(basis)))
        ax.plot(
            group["year"],
            group["value"],
            linestyle="none",
            marker=marker,
            markersize=6,
            color=HISTORY_COLOR,
            label=f"实际值（{label}）",
        )
    for segment in _split_at_break(observed.sort_values("year"), census_break_year):
        if len(segment) > 1:  # a thin line joins points of one census base only
            ax.plot(segment["year"], segment["value"], color=HISTORY_COLOR, alpha=0.35, lw=1)
    years.extend(observed["year"].tolist())

    if forecast is not None and len(forecast):
        ordered = forecast.sort_values("year")
        ax.fill_between(
            ordered["year"],
            ordered["mean_ci_lower"],
            ordered["mean_ci_upper"],
            color=FORECAST_COLOR,
            alpha=0.18,
            linewidth=0,
            label=interval_label,
        )
        ax.plot(
            ordered["year"], ordered["mean"], color=FORECAST_COLOR, linestyle="--", label="预测值"
        )
        years.extend(ordered["year"].tolist())

    if milestones is not None and len(milestones):
        ax.plot(
            milestones["year"],
            milestones["value"],
            linestyle="none",
            marker="*",
            markersize=14,
            color=TARGET_COLOR,
            label="目标",
        )
        ordered_milestones = milestones.sort_values("year")
        last = len(ordered_milestones) - 1
        for position, row in enumerate(ordered_milestones.itertuples(index=False)):
            # beside the star, not above it: labels of targets a year apart do not overlap;
            # the last one to the left, where the axes have room
            ax.annotate(
                str(row.label),
                (row.year, row.value),
                textcoords="offset points",
                xytext=(-9, 0) if position == last else (9, 0),
                ha="right" if position == last else "left",
                va="center",
                fontsize="medium",
                color=TARGET_COLOR,
                bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.75},
            )
        years.extend(milestones["year"].tolist())

    if census_break_year is not None and years and min(years) < census_break_year <= max(years):
        ax.axvline(census_break_year, color="grey", linestyle=":", linewidth=1.2)
        ax.annotate(
            f"{census_break_year}年普查口径",
            (census_break_year, 0.0),
            xycoords=("data", "axes fraction"),
            xytext=(3, 4),
            textcoords="offset points",
            va="bottom",
            fontsize="medium",
            color="grey",
        )

    ax.set_title(title)
    ax.set_xlabel("年份")
    ax.set_ylabel(unit)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if bounds is not None:
        ax.set_ylim(*bounds)
    ax.legend(loc="best", frameon=False)
    return fig


def _require_columns(frame: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    """Raise ValueError naming the columns ``frame`` lacks."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} frame lacks column(s) {missing}; expected {list(columns)}")


def _split_at_break(frame: pd.DataFrame, break_year: int | None) -> list[pd.DataFrame]:
    """Split a year-sorted frame into the parts before and from the census break year."""
    if break_year is None:
        return [frame]
    return [frame[frame["year"] < break_year], frame[frame["year"] >= break_year]]
