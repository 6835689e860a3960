"""Assumptions of the demand projection, with documented defaults and three scenarios.

Every assumption is a field of :class:`DemandAssumptions` (frozen, unknown keys forbidden).
The three scenarios differ in two of them, chosen so that every projected group is ordered
``low`` ≤ ``central`` ≤ ``high`` (the projection is increasing in both):

===================  =============================  =========  =========  =========
assumption           field                          low        central    high
===================  =============================  =========  =========  =========
survival + migration ``migration_spread``           -1         0          +1
births after 2024    ``birth_outlook``              lower      half       higher
===================  =============================  =========  =========  =========

- **Survival and net migration** (folded together, Hamilton–Perry): the county's own annual
  change factors ``f`` from its 2010→2020 census change (central). Low and high move
  ``log f`` down and up by ``migration_spread`` times its distance from the factors of a
  reference region (default: the county's prefecture; Linfen for Hongtong), so one bound is the
  region's own 2010s experience and the other its mirror image.
- **Births**: the census infants (age 0 on 2020-11-01) scaled by the change in women aged
  ``childbearing_ages`` and in the reference crude birth rate (default national, NBS). Observed
  years are used as published; after the last observation the log-linear trend of the last
  ``birth_trend_years`` years goes on fully (``lower``, when falling), at half speed
  (``half``) or stops (``higher``, when falling); see :mod:`hongtonglib.demography.births`.

Examples
--------
>>> scenario_assumptions("low").migration_spread, scenario_assumptions("high").birth_outlook
(-1.0, 'higher')
>>> DemandAssumptions(end_year=2027).end_year
2027
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from hongtonglib.demography.births import DEFAULT_TREND_YEARS, BirthOutlook
from hongtonglib.demography.cohort import CHILD_MAX_AGE, DEFAULT_SMOOTHING

SCENARIOS: tuple[str, ...] = ("low", "central", "high")
"""Scenario names, lowest first."""

BASE_YEAR: int = 2020
"""Year of the base population (the 2020 census, 1 November)."""

NATIONAL_CODE = "000000"


class DemandAssumptions(BaseModel):
    """Assumptions of one projection run.

    Attributes
    ----------
    scenario : str
        Label of the run (``low``, ``central``, ``high`` or a name of your own).
    end_year : int
        Last year projected (populations on 1 November of each year), 2021–2050.
    graduation : {"sprague", "uniform"}
        How the census bands are split into single years.
    smoothing : float
        Penalty weight of the change-factor fit (:func:`~.cohort.estimate_change_factors`).
    child_max_age : int
        Ages attained 1 … this age share one children's change factor.
    migration_spread : float
        Multiple of the distance between the county's and the reference region's log change
        factors added to the county's (−1 low, 0 central, +1 high).
    spread_region_code : str or None
        The reference region of the spread; ``None`` = the county's prefecture (its province
        when it has none).
    birth_rate_region_code : str
        Region whose observed crude birth rate gives the births trend (``000000`` = China).
    birth_outlook : {"lower", "half", "higher"}
        How the birth-rate trend goes on after the last observation.
    birth_trend_years : int
        Calendar years of observations that give the birth-rate trend.
    childbearing_ages : (int, int)
        Ages of the women whose number scales the births.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    scenario: str = "central"
    end_year: int = Field(default=2030, ge=BASE_YEAR + 1, le=2050)
    graduation: Literal["sprague", "uniform"] = "sprague"
    smoothing: float = Field(default=DEFAULT_SMOOTHING, gt=0)
    child_max_age: int = Field(default=CHILD_MAX_AGE, ge=1, le=14)
    migration_spread: float = Field(default=0.0, ge=-3, le=3)
    spread_region_code: str | None = None
    birth_rate_region_code: str = NATIONAL_CODE
    birth_outlook: BirthOutlook = "half"
    birth_trend_years: int = Field(default=DEFAULT_TREND_YEARS, ge=2, le=20)
    childbearing_ages: tuple[int, int] = (15, 49)

    @model_validator(mode="after")
    def _check_ages(self) -> DemandAssumptions:
        low, high = self.childbearing_ages
        if not 10 <= low < high <= 59:
            raise ValueError(
                f"childbearing_ages must lie within 10-59, got {self.childbearing_ages}"
            )
        return self


_PRESETS: dict[str, dict[str, object]] = {
    "low": {"migration_spread": -1.0, "birth_outlook": "lower"},
    "central": {"migration_spread": 0.0, "birth_outlook": "half"},
    "high": {"migration_spread": 1.0, "birth_outlook": "higher"},
}


def scenario_assumptions(scenario: str, **overrides: object) -> DemandAssumptions:
    """Return the assumptions of a named scenario, with any field overridden.

    Parameters
    ----------
    scenario : {"low", "central", "high"}
        The preset.
    **overrides
        Other fields of :class:`DemandAssumptions` (e.g. ``end_year=2027``).
    """
    if scenario not in _PRESETS:
        raise ValueError(f"unknown scenario {scenario!r}; expected one of {SCENARIOS}")
    return DemandAssumptions(scenario=scenario, **(_PRESETS[scenario] | overrides))
