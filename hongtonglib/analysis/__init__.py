"""The analyst's API: frames of the plan, the data, forecasts, the assessment and context.

Every function returns a pandas DataFrame with snake_case columns (or a result object with a
``.frame()``); the briefings format the same frames, so an analyst's numbers and a
department's tables cannot diverge. The names are re-exported by :mod:`hongtonglib` itself
(``import hongtonglib as ht; ht.forecast_indicator(...)``); recipes in ``docs/analysis.md``.

- :mod:`~hongtonglib.analysis.data`: plan tables, observations and series with sources;
- :mod:`~hongtonglib.analysis.forecast`: :func:`forecast_indicator`, the one forecast path;
- :mod:`~hongtonglib.analysis.assessment`: the assessment and the targets without data;
- :mod:`~hongtonglib.analysis.context`: census comparisons among counties, demographic demand.
"""

from hongtonglib.analysis.assessment import assessment, targets_without_data
from hongtonglib.analysis.context import census_comparison, comparison_regions, demographic_demand
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

__all__ = [
    "IndicatorForecast",
    "assessment",
    "census_comparison",
    "comparison_regions",
    "demographic_demand",
    "departments",
    "forecast_indicator",
    "indicator_registry",
    "observations",
    "projects",
    "series",
    "sources",
    "targets",
    "targets_without_data",
    "tasks",
]
