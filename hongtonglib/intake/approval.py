"""Approve or reject a submission, as in DHIS2's data approval.

A submission starts ``submitted``; the analyst moves it once to ``approved`` or to
``rejected`` (with a reason). The decision is final and recorded with who and when: an
approved submission's values are locked (a correction is a new submission, which supersedes
them once approved), and a rejected one stays in the store for the record. Only approved
values reach forecasts and briefings.

Examples
--------
>>> import tempfile, pathlib
>>> store = pathlib.Path(tempfile.mkdtemp()) / "intake.sqlite"
>>> approve(1, approved_by="analyst", store=store)
Traceback (most recent call last):
...
hongtonglib.intake.db.StoreError: no submission 1 in the store
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass

from hongtonglib.intake.db import (
    StoreArg,
    StoreError,
    connect_writer,
    resolve_store,
    utc_now,
    write_transaction,
)
from hongtonglib.textclean import strip_control

logger = logging.getLogger(__name__)


class ApprovalState(str, enum.Enum):
    """The state of a submission."""

    submitted = "submitted"
    approved = "approved"
    rejected = "rejected"


@dataclass(frozen=True)
class Decision:
    """A recorded decision on a submission."""

    submission_id: int
    state: ApprovalState
    decided_by: str
    decided_at: str
    reason: str


MAX_SUBMISSION_ID = 2**63 - 1
"""The largest id SQLite can hold (a larger one is refused with a clear message)."""


class DecisionRefused(StoreError):
    """The submission was already decided; its state cannot change."""


class SelfApprovalRefused(DecisionRefused):
    """The approver is the submitter, and self-approval was not explicitly allowed."""


SELF_APPROVAL_NOTE = "self-approval allowed explicitly (approver is the submitter)"
"""Recorded as the decision's reason when a submitter approves their own submission."""


def _decide(
    submission_id: int,
    state: ApprovalState,
    *,
    by: str,
    reason: str,
    store: StoreArg,
    allow_self: bool = True,
) -> Decision:
    if not 1 <= submission_id <= MAX_SUBMISSION_ID:
        raise StoreError(
            f"submission id {submission_id} is out of range (1 to {MAX_SUBMISSION_ID})"
        )
    by = strip_control(by).strip()
    reason = strip_control(reason, keep_newlines=True).strip()
    if not by:
        raise StoreError("a decision needs the approver's name (--by)")
    if state is ApprovalState.rejected and not reason:
        raise StoreError("a rejection needs a reason (--reason)")
    location = resolve_store(store)
    if not location.exists():
        raise StoreError(f"no submission {submission_id} in the store")
    connection = connect_writer(location)
    try:
        with write_transaction(connection):
            found = connection.execute(
                "SELECT state, decided_by, decided_at, submitted_by FROM submission_states "
                "WHERE submission_id = ?",
                (submission_id,),
            ).fetchone()
            if found is None:
                raise StoreError(f"no submission {submission_id} in the store")
            if found["state"] != ApprovalState.submitted.value:
                locked = " Its values are locked; a correction is a new submission." * (
                    found["state"] == ApprovalState.approved.value
                )
                raise DecisionRefused(
                    f"submission {submission_id} was already {found['state']} by "
                    f"{found['decided_by']} at {found['decided_at']}.{locked}"
                )
            if found["submitted_by"].strip() == by:
                if not allow_self:
                    raise SelfApprovalRefused(
                        f"submission {submission_id} was submitted by {by}; the approver must be "
                        "someone else (or allow self-approval explicitly: "
                        "--allow-self-approval)"
                    )
                if state is ApprovalState.approved:
                    reason = SELF_APPROVAL_NOTE
            decided_at = utc_now()
            connection.execute(
                "INSERT INTO decisions (submission_id, state, decided_by, decided_at, reason) "
                "VALUES (?, ?, ?, ?, ?)",
                (submission_id, state.value, by, decided_at, reason),
            )
    finally:
        connection.close()
    logger.info("submission %d %s by %s", submission_id, state.value, by)
    return Decision(submission_id, state, by, decided_at, reason)


def approve(
    submission_id: int,
    *,
    approved_by: str,
    store: StoreArg = None,
    allow_self_approval: bool = False,
) -> Decision:
    """Approve submission ``submission_id``: its values become the current approved values.

    The approver must differ from the submitter unless ``allow_self_approval`` is set, in
    which case the decision records :data:`SELF_APPROVAL_NOTE` as its reason. Both names are
    recorded (``submitted_by`` with the submission, ``decided_by`` with the decision).

    Raises
    ------
    StoreError
        When there is no such submission.
    DecisionRefused
        When it was already approved (locked) or rejected.
    SelfApprovalRefused
        When the approver is the submitter and self-approval was not allowed.
    """
    return _decide(
        submission_id,
        ApprovalState.approved,
        by=approved_by,
        reason="",
        store=store,
        allow_self=allow_self_approval,
    )


def reject(
    submission_id: int, *, reason: str, rejected_by: str, store: StoreArg = None
) -> Decision:
    """Reject submission ``submission_id`` with a reason; its values never reach forecasts.

    Raises
    ------
    StoreError
        When there is no such submission or no reason is given.
    DecisionRefused
        When it was already approved (locked) or rejected.
    """
    return _decide(
        submission_id, ApprovalState.rejected, by=rejected_by, reason=reason, store=store
    )
