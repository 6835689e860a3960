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
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from hongtonglib.reference_class import ReferenceClassResult

from hongtonglib.assess.records import TargetAssessment

URBANIZATION_INDICATOR = "urbanization_rate_pct"
REFERENCE_CLASS_ID = "similar_share"


@functools.lru_cache(maxsize=1)
def reference_units() -> pd.DataFrame:
    """Return the paired 2010/2020 county units with their flags (loaded once per process)."""
    from hongtonglib.reference_class import load_units

    return load_units()


@functools.lru_cache(maxsize=8)
def reference_classes_for(required_pace: float) -> ReferenceClassResult:
    """Return the reference classes scored against a required URGD (cached per pace)."""
    from hongtonglib.reference_class import build_reference_classes

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
    from hongtonglib.reference_class import describe_reference_class_zh

    result = reference_classes_for(pace)
    row = result.row(REFERENCE_CLASS_ID)
    sentence = describe_reference_class_zh(
        result,
        REFERENCE_CLASS_ID,
        target_pct=assessment.threshold,
        target_year=assessment.target_year,
    )
    return float(row["share_reaching_pct"]) / 100.0, sentence
