"""Progress statuses and the thresholds that assign them.

The family is Open SDG's (Statistics Canada) and UNSD's progress charts, adapted to the plan's
milestones and to short county series:

- ``achieved``: the latest observation meets the target; for a target at the ceiling or floor
  of a percentage (100% or 0%), a value within :data:`CEILING_TOLERANCE_PP` points counts as
  achieved (UNSD's convention);
- ``not_achieved``: the deadline year has been observed and the target was not met;
- otherwise the ratio ``R = observed pace / required pace`` decides: ``on_track`` when
  ``R >= 0.95``, ``needs_acceleration`` when ``0.60 <= R < 0.95``, ``limited_progress`` when
  ``0 <= R < 0.60`` and ``deterioration`` when ``R < 0`` (moving away from the target);
- ``insufficient_data`` when there is one comparable observation only (a gap, but no pace);
- ``no_data`` when there is no observation at all.

Examples
--------
>>> classify_ratio(0.95), classify_ratio(0.949), classify_ratio(0.6), classify_ratio(-0.01)
(<Status.on_track: 'on_track'>, <Status.needs_acceleration: 'needs_acceleration'>, \
<Status.needs_acceleration: 'needs_acceleration'>, <Status.deterioration: 'deterioration'>)
"""

from __future__ import annotations

import enum

ON_TRACK_RATIO = 0.95
"""Observed pace at least 95% of the required pace: on track (Open SDG)."""
ACCELERATION_RATIO = 0.60
"""Observed pace 60-95% of the required pace: needs acceleration (Open SDG)."""
CEILING_TOLERANCE_PP = 1.0
"""A percentage within 1 point of a 100% (or 0%) target counts as achieved (UNSD)."""


class Status(enum.StrEnum):
    """The progress status of one target milestone."""

    achieved = "achieved"
    on_track = "on_track"
    needs_acceleration = "needs_acceleration"
    limited_progress = "limited_progress"
    deterioration = "deterioration"
    not_achieved = "not_achieved"
    insufficient_data = "insufficient_data"
    no_data = "no_data"

    @property
    def label_zh(self) -> str:
        """Return the Chinese label used in briefings."""
        return STATUS_LABELS_ZH[self]

    @property
    def rank(self) -> int:
        """Return a sort key from best (0) to least known."""
        return list(Status).index(self)


STATUS_LABELS_ZH = {
    Status.achieved: "已实现",
    Status.on_track: "进度正常",
    Status.needs_acceleration: "需加快进度",
    Status.limited_progress: "进展有限",
    Status.deterioration: "偏离目标",
    Status.not_achieved: "期限已过未实现",
    Status.insufficient_data: "数据不足以判断进度",
    Status.no_data: "暂无数据",
}


def classify_ratio(ratio: float) -> Status:
    """Return the status for ``R = observed pace / required pace`` (not yet achieved).

    Parameters
    ----------
    ratio : float
        Both paces signed so that a positive value moves toward the target.
    """
    if ratio >= ON_TRACK_RATIO:
        return Status.on_track
    if ratio >= ACCELERATION_RATIO:
        return Status.needs_acceleration
    if ratio >= 0:
        return Status.limited_progress
    return Status.deterioration
