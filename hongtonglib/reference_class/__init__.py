"""The outside view of urbanization: how fast comparable counties urbanized in 2010–2020.

- :mod:`~hongtonglib.reference_class.pairs`: pair the 2010 and 2020 county-level units, compute
  each unit's URGD and percentage-point pace, flag the incomparable units;
- :mod:`~hongtonglib.reference_class.classes`: national, provincial and similar-share classes,
  their quantiles, the subject's percentile, the share that reached a required pace;
- :mod:`~hongtonglib.reference_class.briefing`: loading from ``data/census``, the Chinese
  sentences for briefings (the plan's required pace is computed by the assessment:
  :func:`hongtonglib.assess.outside_view.plan_required_pace`).
"""

from hongtonglib.reference_class.briefing import (
    PlanPace,
    describe_reference_class_zh,
    describe_subject_zh,
    load_reference_classes,
    load_units,
)
from hongtonglib.reference_class.classes import (
    PaceUnit,
    ReferenceClassResult,
    ReferenceClassSpec,
    SubjectPace,
    build_reference_classes,
    compute_required_pace,
)
from hongtonglib.reference_class.pairs import compute_urgd, pair_census_units

__all__ = [
    "PaceUnit",
    "PlanPace",
    "ReferenceClassResult",
    "ReferenceClassSpec",
    "SubjectPace",
    "build_reference_classes",
    "compute_required_pace",
    "compute_urgd",
    "describe_reference_class_zh",
    "describe_subject_zh",
    "load_reference_classes",
    "load_units",
    "pair_census_units",
]
