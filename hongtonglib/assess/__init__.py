"""Target assessment: status, required pace, probability of meeting each target.

The method (thresholds, scales, probability) is written up in ``docs/methodology.md``
("Assessing targets").
"""

from hongtonglib.assess.milestone import IndicatorBounds, assess_milestone
from hongtonglib.assess.plan_assessment import PlanAssessment, assess_plan
from hongtonglib.assess.records import ForecastSummary, TargetAssessment
from hongtonglib.assess.rules import TargetRule
from hongtonglib.assess.status import Status

__all__ = [
    "ForecastSummary",
    "IndicatorBounds",
    "PlanAssessment",
    "Status",
    "TargetAssessment",
    "TargetRule",
    "assess_milestone",
    "assess_plan",
]
