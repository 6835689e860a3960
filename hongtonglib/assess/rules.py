"""When a value meets a target, and in which direction progress lies.

Examples
--------
>>> from hongtonglib.plan.models import Comparator
>>> rule = TargetRule(Comparator.at_least, threshold=100.0, unit="%", upper_bound=100.0)
>>> rule.is_met(99.2), rule.effective_threshold
(True, 99.0)
>>> TargetRule(Comparator.greater, threshold=80.0, unit="%").is_met(80.0)
False
"""

from __future__ import annotations

from dataclasses import dataclass

from hongtonglib.assess.status import CEILING_TOLERANCE_PP
from hongtonglib.plan.models import Comparator, Target


@dataclass(frozen=True)
class TargetRule:
    """The test a value must pass to meet a target.

    Attributes
    ----------
    comparator : Comparator
        ``>=``, ``>``, ``<=``, ``<`` or ``range`` (met from ``threshold`` up to ``value_max``;
        above the range still counts as met, with a note, because the plan's ranges are
        counts of facilities).
    threshold : float
        The value to reach (``value_min`` for a range).
    unit : str
        The target's unit; the ceiling tolerance applies to percentages only.
    lower_bound, upper_bound : float or None
        The indicator's bounds.
    """

    comparator: Comparator
    threshold: float
    unit: str
    lower_bound: float | None = None
    upper_bound: float | None = None

    @classmethod
    def for_target(
        cls, target: Target, lower_bound: float | None, upper_bound: float | None
    ) -> TargetRule:
        """Build the rule of a plan target with its indicator's bounds."""
        return cls(target.comparator, target.threshold, target.unit, lower_bound, upper_bound)

    @property
    def direction(self) -> int:
        """Return +1 when the value must rise to meet the target, -1 when it must fall."""
        return -1 if self.comparator in (Comparator.at_most, Comparator.less) else 1

    @property
    def uses_ceiling_tolerance(self) -> bool:
        """Return whether the target sits on a percentage bound (100% or 0%)."""
        if self.unit != "%":
            return False
        at_ceiling = self.direction > 0 and self.threshold == self.upper_bound
        at_floor = self.direction < 0 and self.threshold == self.lower_bound
        return at_ceiling or at_floor

    @property
    def effective_threshold(self) -> float:
        """Return the threshold after the ceiling tolerance, if it applies."""
        if self.uses_ceiling_tolerance:
            return self.threshold - self.direction * CEILING_TOLERANCE_PP
        return self.threshold

    @property
    def is_strict(self) -> bool:
        """Return whether equality fails (``>`` and ``<``)."""
        return self.comparator in (Comparator.greater, Comparator.less)

    def is_met(self, value: float) -> bool:
        """Return whether ``value`` meets the target."""
        limit = self.effective_threshold
        if self.direction > 0:
            return value > limit if self.is_strict else value >= limit
        return value < limit if self.is_strict else value <= limit

    def gap(self, value: float) -> float:
        """Return how far ``value`` is from the threshold, positive when short of it."""
        return self.direction * (self.threshold - value)
