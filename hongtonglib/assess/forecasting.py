"""Forecast a target's indicator to its deadline and read off the probability of meeting it.

The comparable points (see :mod:`hongtonglib.assess.comparable`) go to
:func:`hongtonglib.forecast.forecast_to_year` as plain ``year, value`` pairs: the break has
already been handled, and the 2010 census count is kept on purpose. The probability uses the
same threshold as the status (a percentage within 1 point of a 100% target counts as met).

Examples
--------
>>> import pandas as pd
>>> from hongtonglib.assess.rules import TargetRule
>>> from hongtonglib.plan import load_plan
>>> target = load_plan().target("T00-urbanization-2027")
>>> points = pd.DataFrame({"year": [2010, 2020, 2022], "value": [32.82, 39.54, 41.5]})
>>> rule = TargetRule.for_target(target, 0.0, 100.0)
>>> summary = forecast_at_deadline(points, target, rule, 0.8)
>>> summary.method, summary.points_used, summary.has_interval
('drift', 3, True)
>>> summary.probability < 0.05
True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import pandas as pd

from hongtonglib import HONGTONG_REGION_CODE
from hongtonglib.assess.combined_view import OutsidePace, combine_views, outside_pace
from hongtonglib.assess.outside_view import URBANIZATION_INDICATOR
from hongtonglib.assess.records import ForecastSummary
from hongtonglib.assess.rules import TargetRule
from hongtonglib.forecast import ForecastResult, IntervalKind, forecast_to_year
from hongtonglib.plan.models import Comparator, Target

_COMPARATORS = {
    Comparator.at_least: ">=",
    Comparator.greater: ">",
    Comparator.at_most: "<=",
    Comparator.less: "<",
    Comparator.range: ">=",
}


def forecast_comparable_points(
    points: pd.DataFrame,
    target_year: int,
    *,
    bounds: tuple[float | None, float | None],
    level: float,
    source: str,
    outside: OutsidePace | None = None,
) -> tuple[ForecastResult, str]:
    """Forecast comparable points (already chosen by the comparable-points rule) to a year.

    The one forecast of an indicator in the suite: the assessment (through
    :func:`forecast_at_deadline`), the briefings' trend charts, the public
    :func:`hongtonglib.forecast_indicator` and ``hongtong forecast --indicator`` all call it.
    The forecast's calibrated distribution is combined with the outside view ``outside``
    when one is given (:func:`combine_with_outside_view`).

    Parameters
    ----------
    points : DataFrame
        ``year, value`` (other columns ignored), as returned as ``kept`` by
        :func:`~hongtonglib.assess.comparable.comparable_points`.
    target_year : int
        Last year forecast; must be after the last point.
    bounds : (lower, upper)
        The indicator's bounds (``None`` for none).
    level : float
        Coverage of the prediction interval.
    source : str
        Names the series in messages.
    outside : OutsidePace, optional
        The outside view to combine with (:func:`outside_view_of`); None for none.

    Returns
    -------
    (ForecastResult, str)
        The forecast and a note on the combination with the outside view (empty when the
        forecast was not combined).
    """
    result = forecast_to_year(
        points[["year", "value"]].astype({"year": int, "value": float}),
        int(target_year),
        level=level,
        bounds=bounds,
        source=source,
    )
    return combine_with_outside_view(result, outside, level)


def forecast_at_deadline(
    points: pd.DataFrame,
    target: Target,
    rule: TargetRule,
    level: float,
    *,
    outside: Mapping[str, OutsidePace] | None = None,
) -> ForecastSummary | None:
    """Return the forecast at ``target.year`` and the probability of meeting the target.

    ``outside`` maps an indicator id to its reference class's pace (the outside view): for
    those indicators the calibrated forecast and the class are combined into one predictive
    distribution (:mod:`hongtonglib.assess.combined_view`), which gives the interval and the
    probability. Returns None when the deadline is not after the last point.
    """
    last_year = int(points["year"].max())
    if target.year <= last_year:
        return None
    result, combined_note = forecast_comparable_points(
        points,
        target.year,
        bounds=(rule.lower_bound, rule.upper_bound),
        level=level,
        source=f"{target.indicator_id} for {target.target_id}",
        outside=(outside or {}).get(target.indicator_id),
    )
    row = result.value_in(target.year)
    probability = result.probability_of_meeting(
        target.year, rule.effective_threshold, _COMPARATORS[rule.comparator]
    )
    path = tuple(
        (int(r.year), float(r.mean), float(r.mean_ci_lower), float(r.mean_ci_upper))
        for r in result.table.itertuples()
    )
    return ForecastSummary(
        method=result.method,
        method_label_zh=result.method_label_zh,
        points_used=len(result.points_used),
        year=target.year,
        mean=float(row["mean"]),
        lower=float(row["mean_ci_lower"]),
        upper=float(row["mean_ci_upper"]),
        level=level,
        has_interval=result.interval_kind.value != "none",
        probability=probability.probability,
        probability_note=probability.explanation + combined_note,
        path=path,
        calibration_series=result.calibration.n_series if result.calibration else None,
        combined_with_outside_view=bool(combined_note),
    )


def outside_view_of(indicator_id: str, region_code: str) -> OutsidePace | None:
    """Return the outside view combined with a region's forecast of an indicator, if any.

    Hongtong's urbanization rate has one (its similar-share reference class, computed on first
    use); other regions and indicators none.
    """
    if region_code != HONGTONG_REGION_CODE or indicator_id != URBANIZATION_INDICATOR:
        return None
    return outside_pace(region_code)


def outside_views_for(region_code: str) -> dict[str, OutsidePace]:
    """Return the outside views the assessment combines for a region, by indicator."""
    pace = outside_view_of(URBANIZATION_INDICATOR, region_code)
    return {} if pace is None else {URBANIZATION_INDICATOR: pace}


def combine_with_outside_view(
    result: ForecastResult, pace: OutsidePace | None, level: float
) -> tuple[ForecastResult, str]:
    """Return ``result`` combined with the outside view ``pace``, and a note.

    Unchanged (with an empty note) without an outside view, or when the forecast has no
    calibrated interval on the logit scale.
    """
    if pace is None or result.calibration is None or result.scale != "logit":
        return result, ""
    return _with_outside_view(result, pace, level)


def _with_outside_view(
    result: ForecastResult, pace: OutsidePace, level: float
) -> tuple[ForecastResult, str]:
    """Return ``result`` with its distribution combined with the reference class's."""
    last_z = float(result.predictive.transform.forward(result.last_value))
    combined, weights = combine_views(result.predictive, result.last_year, last_z, pace)
    note = (
        f" Combined with the outside view (URGD of {pace.n} counties with a similar 2010 urban "
        f"share: mean {pace.mean:.4f}, sd {pace.sd:.4f} logit a year) by precision weighting; "
        f"weight of the county's own forecast {weights[-1]:.2f} in {combined.years[-1]}."
    )
    combined_result = dataclasses.replace(
        result,
        table=combined.table(level),
        predictive=combined,
        interval_kind=IntervalKind.NORMAL if combined.df is None else IntervalKind.STUDENT_T,
        interval_note=result.interval_note + note,
    )
    return combined_result, note
