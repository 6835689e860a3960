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

import pandas as pd

from hongtonglib.assess.records import ForecastSummary
from hongtonglib.assess.rules import TargetRule
from hongtonglib.forecast import forecast_to_year
from hongtonglib.plan.models import Comparator, Target

_COMPARATORS = {
    Comparator.at_least: ">=",
    Comparator.greater: ">",
    Comparator.at_most: "<=",
    Comparator.less: "<",
    Comparator.range: ">=",
}


def forecast_at_deadline(
    points: pd.DataFrame, target: Target, rule: TargetRule, level: float
) -> ForecastSummary | None:
    """Return the forecast at ``target.year`` and the probability of meeting the target.

    Returns None when the deadline is not after the last point.
    """
    last_year = int(points["year"].max())
    if target.year <= last_year:
        return None
    result = forecast_to_year(
        points[["year", "value"]].astype({"year": int, "value": float}),
        target.year,
        level=level,
        bounds=(rule.lower_bound, rule.upper_bound),
        source=f"{target.indicator_id} for {target.target_id}",
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
        probability_note=probability.explanation,
        path=path,
    )
