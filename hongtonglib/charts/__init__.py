"""Charts of the briefings: one house style with a bundled CJK font, and chart helpers.

Call :func:`use_briefing_style` once at the top of a notebook (after any seaborn theme), then
draw with the helpers; each returns a :class:`matplotlib.figure.Figure` that a notebook shows
as its cell's result.
"""

from hongtonglib.charts.analysis import plot_census_comparison, plot_forecast, plot_series
from hongtonglib.charts.series import plot_series_with_forecast
from hongtonglib.charts.style import use_briefing_style

__all__ = [
    "plot_census_comparison",
    "plot_forecast",
    "plot_series",
    "plot_series_with_forecast",
    "use_briefing_style",
]
