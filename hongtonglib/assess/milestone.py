"""Assess one target milestone: latest value, gap, paces, status, probability.

The function is pure: it receives the target, the indicator's direction and bounds, the
series of observations, and the forecaster to use, so every branch can be tested on small
inline frames.

Examples
--------
>>> import pandas as pd
>>> from hongtonglib.plan import load_plan
>>> target = load_plan().target("T00-urbanization-2027")
>>> series = pd.DataFrame({"year": [2010, 2020, 2022], "value": [32.82, 39.54, 41.5],
...                        "basis": ["census", "census", "bulletin"],
...                        "census_base": ["2010", "2020", "2020"]})
>>> result = assess_milestone(target, IndicatorBounds(0, 100, "statistics"), series,
...                           as_of=2026, region_code="141024")
>>> result.status.value, result.latest_value, round(result.required_pace, 2)
('limited_progress', 41.5, 2.7)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd

from hongtonglib.assess.comparable import comparable_points
from hongtonglib.assess.pace import compute_paces
from hongtonglib.assess.records import ForecastSummary, TargetAssessment
from hongtonglib.assess.rules import TargetRule
from hongtonglib.assess.status import Status, classify_ratio
from hongtonglib.plan.models import Target
from hongtonglib.plan.tables import describe_target

Forecaster = Callable[[pd.DataFrame, Target, TargetRule, float], ForecastSummary | None]
"""``(comparable points, target, rule, level) -> summary at the deadline or None``."""

OutsideView = Callable[[TargetAssessment], tuple[float, str] | None]
"""``(assessment so far) -> (share of comparable regions reaching the pace, note) or None``."""


@dataclass(frozen=True)
class IndicatorBounds:
    """What the assessment needs to know of an indicator."""

    lower_bound: float | None
    upper_bound: float | None
    department_id: str | None


def assess_milestone(
    target: Target,
    indicator: IndicatorBounds,
    series: pd.DataFrame,
    *,
    as_of: int,
    region_code: str,
    level: float = 0.8,
    forecaster: Forecaster | None = None,
    outside_view: OutsideView | None = None,
) -> TargetAssessment:
    """Assess one target milestone from the observations published up to ``as_of``.

    Parameters
    ----------
    target : Target
        The plan's target milestone.
    indicator : IndicatorBounds
        Bounds and the department expected to supply the data.
    series : DataFrame
        One row per year: ``year``, ``value`` and, when known, ``basis``, ``census_base``,
        ``qualifier``, ``source_id``. Rows after ``as_of`` are ignored.
    as_of : int
        The assessment year; ``years_left = target.year - as_of``.
    region_code : str
        The region assessed (recorded in the result).
    level : float
        Interval coverage of the forecast.
    forecaster, outside_view : callable, optional
        Produce the forecast summary and the reference-class share; skipped when None.
    """
    rule = TargetRule.for_target(target, indicator.lower_bound, indicator.upper_bound)
    common = {
        "target_id": target.target_id,
        "task_id": target.task_id,
        "indicator_id": target.indicator_id,
        "label_zh": target.label_zh,
        "requirement": describe_target(target),
        "unit": target.unit,
        "target_year": target.year,
        "threshold": target.threshold,
        "region_code": region_code,
        "as_of": as_of,
        "supplier_department_id": indicator.department_id,
        "years_left": target.year - as_of,
    }
    published = series[series["year"] <= as_of] if len(series) else series
    kept, dropped = comparable_points(published) if len(published) else (published, published)
    notes = [f"{int(r.year)} dropped: {r.dropped_reason}" for r in dropped.itertuples()]
    if kept.empty:
        return TargetAssessment(status=Status.no_data, notes=tuple(notes), **common)

    latest = kept.iloc[-1]
    first = kept.iloc[0]
    details = {
        "latest_value": float(latest["value"]),
        "latest_year": int(latest["year"]),
        "latest_basis": _text(latest, "basis"),
        "latest_source_id": _text(latest, "source_id"),
        "baseline_value": float(first["value"]),
        "baseline_year": int(first["year"]),
        "points_used": len(kept),
        "points_dropped": len(dropped),
        "gap": rule.gap(float(latest["value"])),
    }
    if rule.uses_ceiling_tolerance:
        notes.append(f"within 1 point of {target.threshold:g}% counts as achieved")

    at_deadline = kept[kept["year"] >= target.year]
    if not at_deadline.empty:
        outcome = at_deadline.iloc[0]
        met = rule.is_met(float(outcome["value"]))
        if met and int(outcome["year"]) > target.year:
            notes.append(f"met in {int(outcome['year'])}, after the {target.year} deadline")
        status = Status.achieved if met else Status.not_achieved
        return TargetAssessment(status=status, notes=tuple(notes), **common, **details)
    if rule.is_met(float(latest["value"])):
        return TargetAssessment(status=Status.achieved, notes=tuple(notes), **common, **details)
    if len(kept) < 2:
        notes.append("one comparable observation: the gap is known, the pace is not")
        return TargetAssessment(
            status=Status.insufficient_data, notes=tuple(notes), **common, **details
        )

    paces = compute_paces(
        kept["year"].tolist(),
        kept["value"].astype(float).tolist(),
        target_value=rule.threshold,
        target_year=target.year,
        direction=rule.direction,
        bounds=(indicator.lower_bound, indicator.upper_bound),
    )
    assert paces.ratio is not None  # not met and the deadline lies after the latest year
    if target.year < as_of:
        notes.append(f"deadline {target.year} passed; its outcome is not yet published")
    forecast = forecaster(kept, target, rule, level) if forecaster else None
    assessment = TargetAssessment(
        status=classify_ratio(paces.ratio),
        notes=tuple(notes),
        observed_pace=paces.observed_per_year,
        required_pace=paces.required_per_year,
        observed_pace_logit=paces.observed_logit_per_year,
        required_pace_logit=paces.required_logit_per_year,
        pace_scale=paces.scale,
        pace_ratio=paces.ratio,
        forecast=forecast,
        **common,
        **details,
    )
    if outside_view is not None:
        view = outside_view(assessment)
        if view is not None:
            share, note = view
            assessment = replace(assessment, outside_view_share=share, outside_view_note=note)
    return assessment


def _text(row: pd.Series, column: str) -> str | None:
    value = row.get(column)
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return None
    return str(value)
