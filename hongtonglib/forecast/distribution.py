"""The predictive distribution of a forecast: intervals and probabilities of meeting a target.

Each forecast year has a Student t or Gaussian distribution on the working scale (the logit
scale for a rate bounded on both sides), evaluated with ``scipy.special`` (which imports much
faster than ``scipy.stats``). Intervals are its quantiles transformed back, so they
stay inside the bounds; the centre transformed back is the median on the indicator's scale
(for the logit scale it is not the mean). A probability is computed on the working scale and is
therefore the same on both scales.

Examples
--------
>>> import numpy as np
>>> from hongtonglib.forecast.bounds import Bounds, Transform
>>> pred = Predictive((2027,), np.array([0.0]), np.array([1.0]), None,
...                   Transform.for_bounds(Bounds(0, 100)))
>>> pred.table(0.8).round(2).to_dict("records")
[{'year': 2027, 'mean': 50.0, 'mean_ci_lower': 21.73, 'mean_ci_upper': 78.27}]
>>> pred.probability(2027, 50.0, ">=")
0.5

"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special

from hongtonglib.forecast.bounds import Transform

EXACT_TOLERANCE = 1e-9
"""Relative distance under which an exact forecast counts as equal to the target."""

TABLE_COLUMNS = ["year", "mean", "mean_ci_lower", "mean_ci_upper"]


class Comparator(enum.StrEnum):
    """How a value meets a target."""

    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"

    @property
    def is_upper_tail(self) -> bool:
        """Return whether the comparator asks for values at or above the target."""
        return self in (Comparator.GE, Comparator.GT)

    def holds(self, value: float, target: float) -> bool:
        """Return whether ``value`` meets ``target``."""
        return {
            Comparator.GE: value >= target,
            Comparator.GT: value > target,
            Comparator.LE: value <= target,
            Comparator.LT: value < target,
        }[self]


@dataclass(frozen=True, eq=False)
class Predictive:
    """Predictive distributions per forecast year, on a working scale.

    Attributes
    ----------
    years : tuple of int
    loc : ndarray
        Centre per year (working scale).
    scale : ndarray or None
        Standard deviation per year; ``None`` when no interval is claimed.
    df : float or None
        Student t degrees of freedom, or ``None`` for Gaussian.
    transform : Transform
        From the indicator's scale to the working scale.

    """

    years: tuple[int, ...]
    loc: np.ndarray
    scale: np.ndarray | None
    df: float | None
    transform: Transform

    def _quantile(self, probability: float) -> np.ndarray:
        assert self.scale is not None
        q = special.ndtri(probability) if self.df is None else special.stdtrit(self.df, probability)
        return self.loc + q * self.scale

    def table(self, level: float) -> pd.DataFrame:
        """Return one row per year: ``year, mean, mean_ci_lower, mean_ci_upper``.

        With no interval claim, lower and upper equal the centre.
        """
        centre = self.transform.inverse(self.loc)
        if self.scale is None:
            lower = upper = centre
        else:
            tail = (1.0 - level) / 2.0
            lower = self.transform.inverse(self._quantile(tail))
            upper = self.transform.inverse(self._quantile(1.0 - tail))
        return pd.DataFrame(
            {
                "year": np.asarray(self.years, dtype=int),
                "mean": np.asarray(centre, dtype=float),
                "mean_ci_lower": np.minimum(lower, centre),
                "mean_ci_upper": np.maximum(upper, centre),
            },
            columns=TABLE_COLUMNS,
        )

    def probability(self, year: int, target: float, comparator: str | Comparator) -> float | None:
        """Return ``P(Y_year <comparator> target)``, or ``None`` without an interval claim.

        Raises
        ------
        ValueError
            When ``year`` is not a forecast year.

        """
        comparator = Comparator(comparator)
        if year not in self.years:
            raise ValueError(
                f"{year} is not a forecast year (forecast years: {self.years[0]}–{self.years[-1]})"
            )
        if self.scale is None:
            return None
        i = self.years.index(year)
        edge = self._edge_probability(float(target), comparator)
        if edge is not None:
            return edge
        z = self.transform.forward_exact(float(target))
        loc, scale = float(self.loc[i]), float(self.scale[i])
        if scale == 0.0:  # an exact fit: the forecast is certain
            if abs(loc - z) <= EXACT_TOLERANCE * (1.0 + abs(z)):
                loc = z
            return 1.0 if comparator.holds(loc, z) else 0.0
        standardised = -(z - loc) / scale  # upper tail P(Y >= z) = cdf(-(z - loc) / scale)
        if self.df is None:
            upper = float(special.ndtr(standardised))
        else:
            upper = float(special.stdtr(self.df, standardised))
        probability = upper if comparator.is_upper_tail else 1.0 - upper
        return min(1.0, max(0.0, probability))

    def _edge_probability(self, target: float, comparator: Comparator) -> float | None:
        """Return the probability when ``target`` is on or beyond a bound, else ``None``.

        Forecasts never leave the bounds (values transformed back or clipped into them), so a
        target beyond a bound is certain or impossible.
        """
        lo, hi = self.transform.bounds.lower, self.transform.bounds.upper
        if comparator is Comparator.GE:
            if lo is not None and target <= lo:
                return 1.0
            if hi is not None and target > hi:
                return 0.0
        elif comparator is Comparator.GT:
            if lo is not None and target < lo:
                return 1.0
            if hi is not None and target >= hi:
                return 0.0
        elif comparator is Comparator.LE:
            if hi is not None and target >= hi:
                return 1.0
            if lo is not None and target < lo:
                return 0.0
        else:
            if hi is not None and target > hi:
                return 1.0
            if lo is not None and target <= lo:
                return 0.0
        return None
