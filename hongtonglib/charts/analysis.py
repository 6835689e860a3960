"""Charts for analysts: take the public API's frames, draw Chinese text without set-up.

Every function applies the briefing style first (:func:`~hongtonglib.charts.use_briefing_style`:
the bundled Noto Sans CJK font), so ``ht.plot_forecast(ht.forecast_indicator(...))`` in a
fresh kernel draws Chinese without missing-glyph boxes. Each returns a matplotlib figure not
managed by pyplot (a notebook shows it as the cell's result).

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"year": [2010, 2020], "value": [32.8, 39.5], "basis": ["census"] * 2})
>>> fig = plot_series(frame, title="洪洞县：城镇化率", unit="%")
>>> fig.axes[0].get_title()
'洪洞县：城镇化率'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from hongtonglib.charts.series import CENSUS_BREAK_YEAR, plot_series_with_forecast
from hongtonglib.charts.style import use_briefing_style

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from hongtonglib.analysis.forecast import IndicatorForecast

SUBJECT_COLOR = "#c00000"
OTHER_COLOR = "#9dc3e6"


def plot_series(frame: pd.DataFrame, *, title: str, unit: str) -> Figure:
    """Draw a series frame (``year, value, basis``, e.g. from :func:`hongtonglib.series`)."""
    use_briefing_style()
    return plot_series_with_forecast(frame[["year", "value", "basis"]], title=title, unit=unit)


def plot_forecast(forecast: IndicatorForecast, *, title: str | None = None) -> Figure:
    """Draw a forecast: every observation (dropped ones too), the path, its band, the targets.

    Parameters
    ----------
    forecast : IndicatorForecast
        From :func:`hongtonglib.forecast_indicator`.
    title : str, optional
        Chart title (default: the indicator's id and region code).
    """
    use_briefing_style()
    history = pd.concat([forecast.points, forecast.dropped], ignore_index=True)
    path = forecast.frame().rename(columns={"lower": "mean_ci_lower", "upper": "mean_ci_upper"})
    milestones = pd.DataFrame(
        [
            {"year": target.year, "value": target.threshold, "label": f"{target.year}年目标"}
            for target, _ in forecast.milestones
        ],
        columns=["year", "value", "label"],
    )
    unit = str(forecast.points["unit"].iloc[0]) if "unit" in forecast.points else ""
    return plot_series_with_forecast(
        history[["year", "value", "basis"]].sort_values("year"),
        path[["year", "mean", "mean_ci_lower", "mean_ci_upper"]],
        milestones,
        title=title or f"{forecast.indicator_id}（{forecast.region_code}）",
        unit=unit,
        census_break_year=CENSUS_BREAK_YEAR,
        interval_label=f"{forecast.level:.0%} 预测区间",
    )


def plot_census_comparison(
    frame: pd.DataFrame, *, indicator_id: str | None = None, title: str = ""
) -> Figure:
    """Draw one indicator of :func:`hongtonglib.census_comparison`: 2020 values, subject in red.

    Parameters
    ----------
    frame : DataFrame
        Columns ``indicator_id, name_zh, value_2020, is_subject``.
    indicator_id : str, optional
        The indicator to draw (the first of the frame by default).
    title : str
        Chart title.
    """
    from matplotlib.figure import Figure

    use_briefing_style()
    indicator_id = indicator_id or str(frame["indicator_id"].iloc[0])
    rows = frame[frame["indicator_id"] == indicator_id].dropna(subset=["value_2020"])
    rows = rows.sort_values("value_2020")
    colors = [SUBJECT_COLOR if s else OTHER_COLOR for s in rows["is_subject"]]
    fig = Figure(figsize=(7.5, max(3.0, 0.25 * len(rows) + 1.0)))
    ax = fig.add_subplot()
    ax.barh(rows["name_zh"].astype(str), rows["value_2020"], color=colors)
    ax.set_title(title or f"{indicator_id}（2020年普查）")
    ax.set_xlabel("2020年")
    return fig
