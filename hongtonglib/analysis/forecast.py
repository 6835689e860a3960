"""Forecast an indicator of a region: the assessment's path, public.

:func:`forecast_indicator` takes the observations :func:`hongtonglib.merged_observations.get_series`
chooses, keeps the comparable points by the assessment's rule
(:func:`~hongtonglib.assess.comparable.comparable_points`: no bridging of the 2020 census
break, no plan targets, no lower bounds), forecasts them with the indicator's bounds by
:func:`~hongtonglib.assess.forecasting.forecast_comparable_points`, and reads the probability
of each plan milestone in the horizon with
:func:`~hongtonglib.assess.forecasting.forecast_at_deadline` — the functions
:func:`hongtonglib.assess.assess_plan` calls. The briefings, this function and
``hongtong forecast --indicator I --region R`` therefore give the same numbers.

Examples
--------
>>> result = forecast_indicator("urbanization_rate_pct", "141024", target_year=2027, as_of=2026)
>>> row = result.frame().set_index("year").loc[2027]
>>> [round(float(row[c]), 1) for c in ("mean", "lower", "upper")]
[46.6, 44.0, 49.1]
>>> result.dropped[["year", "dropped_reason"]].values.tolist()  # doctest: +ELLIPSIS
[[2019, 'anchored on the 2010 census; not comparable with figures anchored on the 2020 census']]
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from hongtonglib import HONGTONG_REGION_CODE
from hongtonglib.analysis.data import series
from hongtonglib.assess.comparable import comparable_points
from hongtonglib.assess.forecasting import (
    forecast_at_deadline,
    forecast_comparable_points,
    outside_view_of,
)
from hongtonglib.assess.records import ForecastSummary
from hongtonglib.assess.rules import TargetRule
from hongtonglib.forecast import ForecastResult
from hongtonglib.indicators import load_registries
from hongtonglib.plan import load_plan
from hongtonglib.plan.models import Target
from hongtonglib.validation import ProblemCollector

FRAME_COLUMNS = [
    "indicator_id",
    "region_code",
    "year",
    "mean",
    "lower",
    "upper",
    "level",
    "has_interval",
    "method",
    "points_used",
    "target_id",
    "threshold",
    "probability",
]
"""Columns of :meth:`IndicatorForecast.frame`."""


@dataclass(frozen=True)
class IndicatorForecast:
    """A forecast of one indicator for one region, with the points used and dropped.

    Attributes
    ----------
    indicator_id, region_code : str
    as_of : int or None
        Observations after ``as_of`` were left out (None: all stored observations).
    result : ForecastResult
        The forecast (method, table, interval, notes, predictive distribution).
    points : DataFrame
        The comparable points used, with their provenance and sources.
    dropped : DataFrame
        The observations left out, each with its ``dropped_reason``.
    milestones : tuple of (Target, ForecastSummary)
        Each plan target of the indicator within the horizon, with the forecast at its
        deadline and the probability of meeting it, as the assessment reports them.
    outside_view_note : str
        How the forecast was combined with the outside view (empty when it was not: only
        Hongtong's urbanization rate has one).
    """

    indicator_id: str
    region_code: str
    as_of: int | None
    result: ForecastResult
    points: pd.DataFrame
    dropped: pd.DataFrame
    milestones: tuple[tuple[Target, ForecastSummary], ...]
    outside_view_note: str = ""

    @property
    def combined_with_outside_view(self) -> bool:
        """Return True when the distribution combines the reference class's (outside view)."""
        return bool(self.outside_view_note)

    @property
    def method(self) -> str:
        """Return the forecasting method used (e.g. ``drift``)."""
        return self.result.method

    @property
    def level(self) -> float:
        """Return the coverage of the prediction interval."""
        return self.result.level

    def frame(self) -> pd.DataFrame:
        """Return one row per forecast year (columns :data:`FRAME_COLUMNS`).

        ``mean`` is the centre (the median for a bounded rate), ``lower`` and ``upper`` the
        prediction interval (equal to ``mean`` when the method makes no interval claim);
        ``target_id``, ``threshold`` and ``probability`` are filled in a year with a plan
        milestone (``probability`` empty when there are too few points for one).
        """
        table = self.result.table.rename(
            columns={"mean_ci_lower": "lower", "mean_ci_upper": "upper"}
        )
        frame = table.assign(
            indicator_id=self.indicator_id,
            region_code=self.region_code,
            level=self.result.level,
            has_interval=self.result.interval_kind.value != "none",
            method=self.result.method,
            points_used=len(self.result.points_used),
        )
        milestones = pd.DataFrame(
            [
                {
                    "year": target.year,
                    "target_id": target.target_id,
                    "threshold": target.threshold,
                    "probability": summary.probability if summary.has_interval else None,
                }
                for target, summary in self.milestones
            ],
            columns=["year", "target_id", "threshold", "probability"],
        ).drop_duplicates("year")
        frame = frame.merge(milestones, on="year", how="left")
        frame["probability"] = frame["probability"].astype(float)
        return frame[FRAME_COLUMNS]

    def value_in(self, year: int) -> pd.Series:
        """Return the forecast row of one year."""
        rows = self.frame().set_index("year")
        if year not in rows.index:
            raise KeyError(f"{year} is not a forecast year of {self.indicator_id}")
        return rows.loc[year]

    def probability(self, target_id: str | None = None) -> float | None:
        """Return the probability of meeting a milestone (the last in the horizon by default)."""
        for target, summary in reversed(self.milestones):
            if target_id in (None, target.target_id):
                return summary.probability if summary.has_interval else None
        raise KeyError(f"no plan milestone {target_id!r} in the horizon")


def forecast_indicator(
    indicator_id: str,
    region_code: str = HONGTONG_REGION_CODE,
    *,
    target_year: int | None = None,
    horizon: int | None = None,
    level: float = 0.8,
    as_of: int | None = None,
) -> IndicatorForecast:
    """Forecast an indicator of a region as the assessment does.

    Parameters
    ----------
    indicator_id : str
        An id of the indicator registry, e.g. ``"urbanization_rate_pct"``.
    region_code : str
        A 6-digit region code (Hongtong ``141024`` by default).
    target_year : int, optional
        Last year forecast. Give this or ``horizon``; with neither, the last plan milestone
        of the indicator.
    horizon : int, optional
        Years after the last comparable point.
    level : float
        Coverage of the prediction interval (the briefings use 0.8).
    as_of : int, optional
        Leave out observations after this year (the briefings' assessment year).

    Returns
    -------
    IndicatorForecast

    Raises
    ------
    ValidationFailed
        When fewer than two comparable points remain, or for a bad horizon or level.
    KeyError
        For an unknown indicator or region.
    """
    indicator = load_registries().indicators.get(indicator_id)
    if indicator is None:
        raise KeyError(f"unknown indicator_id {indicator_id!r}")
    observed = series(indicator_id, region_code, as_of=as_of)
    kept, dropped = comparable_points(observed) if len(observed) else (observed, observed)
    plan_targets = load_plan().targets_for_indicator(indicator_id)
    source = f"{indicator_id} for {region_code}"
    if len(kept) == 0:
        problems = ProblemCollector()
        problems.add(source, "no comparable observation to forecast from", field="value")
        problems.raise_if_any()
    last_year = int(kept["year"].max())
    year = _resolve_year(target_year, horizon, last_year, plan_targets, source)
    bounds = (indicator.lower_bound, indicator.upper_bound)
    outside = outside_view_of(indicator_id, region_code)
    result, outside_note = forecast_comparable_points(
        kept, year, bounds=bounds, level=level, source=source, outside=outside
    )
    outside_views = None if outside is None else {indicator_id: outside}
    milestones = []
    for target in plan_targets:
        if last_year < target.year <= year:
            rule = TargetRule.for_target(target, *bounds)
            summary = forecast_at_deadline(kept, target, rule, level, outside=outside_views)
            if summary is not None:
                milestones.append((target, summary))
    return IndicatorForecast(
        indicator_id=indicator_id,
        region_code=region_code,
        as_of=as_of,
        result=result,
        points=kept,
        dropped=dropped,
        milestones=tuple(milestones),
        outside_view_note=outside_note,
    )


def _resolve_year(
    target_year: int | None,
    horizon: int | None,
    last_year: int,
    plan_targets: tuple[Target, ...] | list[Target],
    source: str,
) -> int:
    if target_year is not None and horizon is not None:
        raise ValueError("give target_year or horizon, not both")
    if target_year is not None:
        return int(target_year)
    if horizon is not None:
        return last_year + int(horizon)
    if plan_targets:
        return max(target.year for target in plan_targets)
    problems = ProblemCollector()
    problems.add(source, "no plan milestone: give target_year or horizon", field="target_year")
    problems.raise_if_any()
    raise AssertionError  # pragma: no cover - raise_if_any raised
