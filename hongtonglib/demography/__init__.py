"""Demographic demand: the 2020 census aged forward to the school and elderly age groups.

- :mod:`~hongtonglib.demography.graduation`: census bands → single years (Sprague);
- :mod:`~hongtonglib.demography.cohort`: 2010→2020 cohort change → annual change factors;
- :mod:`~hongtonglib.demography.births`: observed and scenario birth-rate paths;
- :mod:`~hongtonglib.demography.assumptions`: the assumptions and the three scenarios;
- :mod:`~hongtonglib.demography.groups`: the demand age groups (``data/demography``);
- :mod:`~hongtonglib.demography.projection`: the ageing arithmetic and the result object;
- :mod:`~hongtonglib.demography.demand`: :func:`project_demand`, the whole run for a region.
"""

from hongtonglib.demography.assumptions import (
    SCENARIOS,
    DemandAssumptions,
    scenario_assumptions,
)
from hongtonglib.demography.demand import census_bands, load_birth_rates, project_demand
from hongtonglib.demography.graduation import split_age_bands
from hongtonglib.demography.groups import DemandGroup, load_demand_groups
from hongtonglib.demography.projection import (
    DemandHeadline,
    DemandProjection,
    age_one_year,
    project_cohorts,
)

__all__ = [
    "SCENARIOS",
    "DemandAssumptions",
    "DemandGroup",
    "DemandHeadline",
    "DemandProjection",
    "age_one_year",
    "census_bands",
    "load_birth_rates",
    "load_demand_groups",
    "project_cohorts",
    "project_demand",
    "scenario_assumptions",
    "split_age_bands",
]
