"""Hongtong County plan monitoring suite.

The library holds the cleaned 2024-2027 county-town urbanization action plan, indicator data
with provenance, forecasts and target assessment; notebooks call it and narrate.

The analyst's API is importable from here (recipes: ``docs/analysis.md``); every name returns
a pandas DataFrame with snake_case columns, a result object with a ``.frame()``, or a
matplotlib figure that draws Chinese without set-up:

==========================  =================================================================
plan                        :func:`tasks`, :func:`targets`, :func:`departments`,
                            :func:`projects`, :func:`indicator_registry`, :func:`sources`
data                        :func:`observations` (every observation, sources joined, and the
                            ``chosen`` one per year), :func:`series` (the chosen ones)
forecast                    :func:`forecast_indicator` → :class:`IndicatorForecast` (the
                            assessment's comparable-points rule and bounds; ``.frame()``,
                            ``.dropped`` with reasons, ``.probability()``)
assessment                  :func:`assessment` (``.frame()``), :func:`targets_without_data`
context                     :func:`census_comparison` among a prefecture's, a province's or
                            the reference class's counties (:func:`comparison_regions`),
                            :func:`demographic_demand`
charts                      :func:`plot_series`, :func:`plot_forecast`,
                            :func:`plot_census_comparison`, :func:`plot_regions`,
                            :func:`plot_demand`, :func:`use_briefing_style`
==========================  =================================================================

The names are loaded on first use (PEP 562), so ``import hongtonglib`` stays cheap for the
command line and the rendering kernels.

Examples
--------
>>> import hongtonglib as ht
>>> ht.forecast_indicator.__module__
'hongtonglib.analysis.forecast'
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("hongtonglib")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

HONGTONG_REGION_CODE = "141024"
"""Administrative division code of Hongtong County (洪洞县)."""

_EXPORTS: dict[str, str] = {
    "tasks": "hongtonglib.analysis.data",
    "targets": "hongtonglib.analysis.data",
    "departments": "hongtonglib.analysis.data",
    "projects": "hongtonglib.analysis.data",
    "indicator_registry": "hongtonglib.analysis.data",
    "sources": "hongtonglib.analysis.data",
    "observations": "hongtonglib.analysis.data",
    "series": "hongtonglib.analysis.data",
    "IndicatorForecast": "hongtonglib.analysis.forecast",
    "forecast_indicator": "hongtonglib.analysis.forecast",
    "assessment": "hongtonglib.analysis.assessment",
    "targets_without_data": "hongtonglib.analysis.assessment",
    "census_comparison": "hongtonglib.analysis.context",
    "comparison_regions": "hongtonglib.analysis.context",
    "demographic_demand": "hongtonglib.analysis.context",
    "plot_series": "hongtonglib.charts.analysis",
    "plot_forecast": "hongtonglib.charts.analysis",
    "plot_census_comparison": "hongtonglib.charts.analysis",
    "plot_regions": "hongtonglib.report.charts",
    "plot_demand": "hongtonglib.report.charts",
    "use_briefing_style": "hongtonglib.charts.style",
}
"""Public name → the module defining it."""

__all__ = [
    "HONGTONG_REGION_CODE",
    "IndicatorForecast",
    "__version__",
    "assessment",
    "census_comparison",
    "comparison_regions",
    "demographic_demand",
    "departments",
    "forecast_indicator",
    "indicator_registry",
    "observations",
    "plot_census_comparison",
    "plot_demand",
    "plot_forecast",
    "plot_regions",
    "plot_series",
    "projects",
    "series",
    "sources",
    "targets",
    "targets_without_data",
    "tasks",
    "use_briefing_style",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from hongtonglib.analysis.assessment import assessment, targets_without_data
    from hongtonglib.analysis.context import (
        census_comparison,
        comparison_regions,
        demographic_demand,
    )
    from hongtonglib.analysis.data import (
        departments,
        indicator_registry,
        observations,
        projects,
        series,
        sources,
        targets,
        tasks,
    )
    from hongtonglib.analysis.forecast import IndicatorForecast, forecast_indicator
    from hongtonglib.charts.analysis import plot_census_comparison, plot_forecast, plot_series
    from hongtonglib.charts.style import use_briefing_style
    from hongtonglib.report.charts import plot_demand, plot_regions


def __getattr__(name: str) -> Any:
    """Load a public name of the analyst's API on first use (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'hongtonglib' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """List the public names with the module's own."""
    return sorted(set(globals()) | set(_EXPORTS))
