"""Assess every numeric target of the plan for one region.

:func:`assess_plan` joins the plan registry, the indicator registry and the observations
(public data and approved department submissions), assesses each target milestone separately
(:func:`~hongtonglib.assess.milestone.assess_milestone`) and also as of the previous year, so a
briefing can show how the status and the probability changed rather than a bare label.

Examples
--------
>>> result = assess_plan(as_of=2026)
>>> len(result.items)
40
>>> result.item("T00-urbanization-2027").latest_value
41.5
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass

import pandas as pd

from hongtonglib import HONGTONG_REGION_CODE
from hongtonglib.assess.forecasting import forecast_at_deadline, outside_views_for
from hongtonglib.assess.milestone import (
    Forecaster,
    IndicatorBounds,
    OutsideView,
    assess_milestone,
)
from hongtonglib.assess.outside_view import urbanization_outside_view
from hongtonglib.assess.records import TargetAssessment
from hongtonglib.assess.status import Status
from hongtonglib.indicators import load_registries
from hongtonglib.merged_observations import get_series
from hongtonglib.plan import load_plan

logger = logging.getLogger(__name__)

SeriesLookup = Callable[[str, str], pd.DataFrame]
"""``(indicator_id, region_code) -> one row per year with provenance columns``."""


@dataclass(frozen=True)
class PlanAssessment:
    """Every target milestone assessed for one region and year.

    Attributes
    ----------
    as_of : int
        The assessment year.
    region_code : str
        The region assessed.
    items : tuple of TargetAssessment
        One per target milestone, in the plan's order.
    previous : tuple of TargetAssessment
        The same targets assessed as of ``as_of - 1``.
    """

    as_of: int
    region_code: str
    items: tuple[TargetAssessment, ...]
    previous: tuple[TargetAssessment, ...]

    def item(self, target_id: str) -> TargetAssessment:
        """Return the assessment of one target."""
        for assessment in self.items:
            if assessment.target_id == target_id:
                return assessment
        raise KeyError(target_id)

    def previous_of(self, target_id: str) -> TargetAssessment | None:
        """Return the assessment of one target as of the previous year, if any."""
        for assessment in self.previous:
            if assessment.target_id == target_id:
                return assessment
        return None

    def probability_change(self, target_id: str) -> float | None:
        """Return the change of the probability since the previous year, when both exist."""
        now = self.item(target_id).probability
        before = self.previous_of(target_id)
        if now is None or before is None or before.probability is None:
            return None
        return now - before.probability

    def frame(self) -> pd.DataFrame:
        """Return one row per target with the previous year's status and probability."""
        rows = [item.to_row() for item in self.items]
        frame = pd.DataFrame(rows)
        previous = {item.target_id: item for item in self.previous}
        frame["previous_status"] = [
            previous[t].status.value if t in previous else None for t in frame.target_id
        ]
        frame["previous_probability"] = [
            previous[t].probability if t in previous else None for t in frame.target_id
        ]
        frame["probability_change"] = frame["probability"].astype(float) - frame[
            "previous_probability"
        ].astype(float)
        for column in ("latest_year", "baseline_year", "forecast_year", "forecast_points_used"):
            frame[column] = frame[column].astype("Int64")
        return frame

    def status_counts(self) -> dict[str, int]:
        """Return how many targets have each status (statuses with none omitted)."""
        counts: dict[str, int] = {}
        for item in self.items:
            counts[item.status.value] = counts.get(item.status.value, 0) + 1
        return counts

    def without_data(self) -> tuple[TargetAssessment, ...]:
        """Return the targets with no observation at all."""
        return tuple(item for item in self.items if item.status is Status.no_data)


def assess_plan(
    *,
    as_of: int,
    region_code: str = HONGTONG_REGION_CODE,
    level: float = 0.8,
    series_lookup: SeriesLookup | None = None,
    forecaster: Forecaster | str | None = "default",
    outside_view: OutsideView | str | None = "default",
    target_ids: Collection[str] | None = None,
) -> PlanAssessment:
    """Assess every target milestone of the plan as of ``as_of`` and ``as_of - 1``.

    Parameters
    ----------
    as_of : int
        The assessment year; observations of later years are ignored.
    region_code : str
        The region (Hongtong by default).
    level : float
        Interval coverage of the forecasts.
    series_lookup : callable, optional
        Returns the observations of an indicator for a region; defaults to
        :func:`hongtonglib.merged_observations.get_series`.
    forecaster, outside_view : callable, None or "default"
        ``"default"`` uses the suite's forecaster and reference class; None skips them.
    target_ids : collection of str, optional
        Assess only these targets (all by default), e.g. the ones a submission touches.
    """
    plan = load_plan()
    indicators = load_registries().indicators
    lookup = series_lookup or get_series
    if forecaster == "default":
        forecaster = _default_forecaster(region_code)
    if outside_view == "default":
        outside_view = _default_outside_view(region_code)

    def assess_all(year: int) -> tuple[TargetAssessment, ...]:
        results = []
        for target in plan.targets:
            if target_ids is not None and target.target_id not in target_ids:
                continue
            indicator = indicators[target.indicator_id]
            bounds = IndicatorBounds(
                indicator.lower_bound, indicator.upper_bound, indicator.department_id
            )
            results.append(
                assess_milestone(
                    target,
                    bounds,
                    lookup(target.indicator_id, region_code),
                    as_of=year,
                    region_code=region_code,
                    level=level,
                    forecaster=forecaster,  # type: ignore[arg-type]
                    outside_view=outside_view,  # type: ignore[arg-type]
                )
            )
        return tuple(results)

    return PlanAssessment(as_of, region_code, assess_all(as_of), assess_all(as_of - 1))


def _default_forecaster(region_code: str) -> Forecaster | None:
    outside = outside_views_for(region_code)
    if not outside:
        return forecast_at_deadline
    # Hongtong's urbanization: the calibrated forecast combined with the reference class
    return functools.partial(forecast_at_deadline, outside=outside)


def _default_outside_view(region_code: str) -> OutsideView | None:
    return urbanization_outside_view if region_code == HONGTONG_REGION_CODE else None
