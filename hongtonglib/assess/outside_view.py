"""The outside view for urbanization targets: how many comparable counties ever moved as fast.

For a target on the urbanization rate, the share of counties with a similar 2010 urban share
(see :mod:`hongtonglib.reference_class`) whose 2010-2020 urban-rural growth difference
reached the pace the target now requires (on the logit scale). A base rate to set beside the
county's own trend, not a forecast.

Examples
--------
>>> from hongtonglib.assess import assess_plan
>>> item = assess_plan(as_of=2026).item("T00-urbanization-2027")
>>> round(item.outside_view_share, 3)
0.033
"""

from __future__ import annotations

import functools

import pandas as pd

from hongtonglib.assess.comparable import comparable_points
from hongtonglib.assess.records import TargetAssessment
from hongtonglib.merged_observations import get_series
from hongtonglib.plan import load_plan
from hongtonglib.reference_class import (
    PaceUnit,
    PlanPace,
    ReferenceClassResult,
    build_reference_classes,
    compute_required_pace,
    describe_reference_class_zh,
    load_units,
)

URBANIZATION_INDICATOR = "urbanization_rate_pct"
REFERENCE_CLASS_ID = "similar_share"


@functools.lru_cache(maxsize=1)
def reference_units() -> pd.DataFrame:
    """Return the paired 2010/2020 county units with their flags (loaded once per process)."""
    return load_units()


@functools.lru_cache(maxsize=8)
def reference_classes_for(required_pace: float) -> ReferenceClassResult:
    """Return the reference classes scored against a required URGD (cached per pace)."""
    return build_reference_classes(
        reference_units(), required_pace=required_pace, pace_unit="logit"
    )


def urbanization_outside_view(assessment: TargetAssessment) -> tuple[float, str] | None:
    """Return (share of similar counties reaching the required pace, Chinese sentence).

    None for other indicators or when no logit pace is required.
    """
    if assessment.indicator_id != URBANIZATION_INDICATOR:
        return None
    pace = assessment.required_pace_logit
    if pace is None or pace <= 0:
        return None

    result = reference_classes_for(pace)
    row = result.row(REFERENCE_CLASS_ID)
    sentence = describe_reference_class_zh(
        result,
        REFERENCE_CLASS_ID,
        target_pct=assessment.threshold,
        target_year=assessment.target_year,
    )
    return float(row["share_reaching_pct"]) / 100.0, sentence


def plan_required_pace(
    region_code: str = "141024",
    target_year: int | None = None,
    unit: PaceUnit = "logit",
) -> PlanPace:
    """Return the pace the plan's urbanization target needs from the latest observation.

    The latest observation is the newest comparable value of ``urbanization_rate_pct`` by the
    assessment's rule (:func:`hongtonglib.assess.comparable.comparable_points`: a pre-census
    sample-survey figure is never the start); the target is
    the plan's urbanization target for ``target_year`` (default: its last deadline).

    Examples
    --------
    >>> pace = plan_required_pace()
    >>> (pace.start_year, pace.start_pct, pace.target_year, pace.target_pct, round(pace.pace, 3))
    (2022, 41.5, 2027, 55.0, 0.109)
    """
    # The assessment's rule picks the observations on one basis (never a pre-census estimate),
    # so the pace here starts from the same latest observation as the target's assessment.
    kept, _ = comparable_points(get_series(URBANIZATION_INDICATOR, region_code))
    if kept.empty:
        raise LookupError(f"no {URBANIZATION_INDICATOR} observation for {region_code}")
    latest = kept.iloc[-1]
    targets = [
        target
        for target in load_plan().targets_for_indicator(URBANIZATION_INDICATOR)
        if target.value is not None and (target_year is None or target.year == target_year)
    ]
    if not targets:
        raise LookupError(f"the plan has no {URBANIZATION_INDICATOR} target for {target_year}")
    target = max(targets, key=lambda item: item.year)
    pace = compute_required_pace(
        float(latest["value"]), int(latest["year"]), float(target.value), int(target.year), unit
    )
    return PlanPace(
        pace=pace,
        unit=unit,
        start_pct=float(latest["value"]),
        start_year=int(latest["year"]),
        start_source_id=str(latest["source_id"]),
        target_pct=float(target.value),
        target_year=int(target.year),
        target_id=target.target_id,
    )
