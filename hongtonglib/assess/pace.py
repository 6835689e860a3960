"""Observed and required paces, in the indicator's unit per year and on the logit scale.

For a rate bounded by 0-100% a percentage point near 50% is not worth one near 95%; the
logit scale (the UN's urban-rural growth difference for urbanization) makes paces comparable.
A status uses the logit scale when the indicator is a bounded percentage and the target lies
strictly inside its bounds, and the unit scale otherwise; :class:`Paces` records which.

Examples
--------
>>> paces = compute_paces([2020, 2022], [39.54, 41.5], target_value=55.0, target_year=2027,
...                       direction=1, bounds=(0.0, 100.0))
>>> round(paces.observed_per_year, 2), round(paces.required_per_year, 2), paces.scale
(0.98, 2.7, 'logit')
>>> round(paces.ratio, 2)
0.37
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hongtonglib.rates import logit_pct


def slope_per_year(years: Sequence[float], values: Sequence[float]) -> float:
    """Return the least-squares slope (the two-point slope for two points).

    >>> slope_per_year([2010, 2020], [32.82, 39.54])
    0.672...
    """
    x = np.asarray(years, dtype=float)
    y = np.asarray(values, dtype=float)
    if len(x) < 2 or np.ptp(x) == 0:
        raise ValueError("a pace needs at least two different years")
    return float(np.polyfit(x, y, 1)[0])


@dataclass(frozen=True)
class Paces:
    """Observed and required paces of one target milestone.

    Attributes
    ----------
    observed_per_year, required_per_year : float
        In the indicator's unit per year (percentage points for rates), signed as the data
        move (not by direction).
    observed_logit_per_year, required_logit_per_year : float or None
        The same on the logit scale, for bounded percentages with a target inside the bounds.
    scale : str
        ``"logit"`` or ``"unit"``: the scale :attr:`ratio` is computed on.
    ratio : float or None
        Observed over required pace, both signed toward the target; None when no progress is
        required (the target is already met) or the deadline is not after the latest year.
    """

    observed_per_year: float
    required_per_year: float | None
    observed_logit_per_year: float | None
    required_logit_per_year: float | None
    scale: str
    ratio: float | None


def compute_paces(
    years: Sequence[float],
    values: Sequence[float],
    *,
    target_value: float,
    target_year: int,
    direction: int,
    bounds: tuple[float | None, float | None] = (None, None),
) -> Paces:
    """Return the paces from comparable observations toward a target.

    Parameters
    ----------
    years, values : sequence
        Comparable observations (same basis), at least two years.
    target_value, target_year : float, int
        The milestone.
    direction : int
        +1 when the value must rise, -1 when it must fall.
    bounds : tuple
        The indicator's bounds; a two-sided bound with the target strictly inside enables the
        logit scale.
    """
    observed = slope_per_year(years, values)
    latest_year, latest_value = float(years[-1]), float(values[-1])
    remaining = target_year - latest_year
    required = (target_value - latest_value) / remaining if remaining > 0 else None

    low, high = bounds
    use_logit = (
        low is not None
        and high is not None
        and low < target_value < high
        and all(low < v < high for v in values)
    )
    observed_logit = required_logit = None
    if use_logit:
        assert low is not None and high is not None
        logits = [logit_pct(v, (low, high)) for v in values]
        observed_logit = slope_per_year(years, logits)
        if remaining > 0:
            required_logit = (logit_pct(target_value, (low, high)) - logits[-1]) / remaining

    scale = "logit" if use_logit else "unit"
    chosen_observed = observed_logit if use_logit else observed
    chosen_required = required_logit if use_logit else required
    ratio = None
    if chosen_required is not None and chosen_observed is not None:
        toward = direction * chosen_required
        if toward > 0:
            ratio = direction * chosen_observed / toward
    return Paces(observed, required, observed_logit, required_logit, scale, ratio)
