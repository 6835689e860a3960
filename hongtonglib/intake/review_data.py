"""One submission as the reviewer sees it: who, state, round, warnings, values and versions.

Examples
--------
>>> import tempfile, pathlib
>>> submission_record(5, store=pathlib.Path(tempfile.mkdtemp()) / "intake.sqlite")
Traceback (most recent call last):
...
hongtonglib.intake.db.StoreError: no submission 5 in the store (hongtong submissions lists them)
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from hongtonglib.intake.db import StoreArg, StoreError, connect_reader, resolve_store

VALUE_COLUMNS = (
    "indicator_id",
    "region_code",
    "year",
    "value",
    "unit",
    "version",
    "raw_text",
    "remark",
    "cell",
    "current_version",
    "current_value",
    "current_submission_id",
    "becomes_current",
)
"""Columns of :attr:`SubmissionRecord.values`: each value beside the approved value in use."""

_VALUES_SQL = """
SELECT v.indicator_id, v.region_code, v.year, v.value, v.unit, v.version, v.raw_text, v.remark,
       v.cell,
       (SELECT MAX(v2.version) FROM submission_values v2 JOIN decisions d2 USING (submission_id)
         WHERE d2.state = 'approved' AND v2.indicator_id = v.indicator_id
           AND v2.region_code = v.region_code AND v2.year = v.year) AS current_version
  FROM submission_values v WHERE v.submission_id = ? ORDER BY v.indicator_id, v.year
"""


@dataclass(frozen=True)
class SubmissionRecord:
    """A submission, its values and warnings, read in one transaction."""

    submission_id: int
    department_id: str
    state: str
    submitted_by: str
    submitted_at: str
    decided_by: str | None
    decided_at: str | None
    reason: str | None
    original_name: str
    round_id: int | None
    late: bool | None
    warnings: tuple[dict, ...]
    values: pd.DataFrame


def submission_record(submission_id: int, store: StoreArg = None) -> SubmissionRecord:
    """Return submission ``submission_id`` with each value beside the approved value in use.

    ``becomes_current`` says whether approving the submission would make the value the one in
    use (its version is above the current approved version; a later approved submission
    keeps precedence otherwise).

    Raises
    ------
    StoreError
        When the store or the submission does not exist.
    """
    connection = connect_reader(resolve_store(store))
    missing = StoreError(
        f"no submission {submission_id} in the store (hongtong submissions lists them)"
    )
    if connection is None:
        raise missing
    try:
        connection.execute("BEGIN")
        head = connection.execute(
            "SELECT * FROM submission_states WHERE submission_id = ?", (submission_id,)
        ).fetchone()
        if head is None:
            raise missing
        linked = None
        has_rounds = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'submission_rounds'"
        ).fetchone()
        if has_rounds:
            linked = connection.execute(
                "SELECT round_id, late FROM submission_rounds WHERE submission_id = ?",
                (submission_id,),
            ).fetchone()
        values = pd.read_sql_query(_VALUES_SQL, connection, params=(submission_id,))
        current = pd.read_sql_query(
            "SELECT v.indicator_id, v.region_code, v.year, v.version AS current_version, "
            "v.value AS current_value, v.submission_id AS current_submission_id "
            "FROM submission_values v JOIN decisions d USING (submission_id) "
            "WHERE d.state = 'approved'",
            connection,
        )
        connection.execute("COMMIT")
    finally:
        connection.close()
    keys = ["indicator_id", "region_code", "year", "current_version"]
    values = values.merge(current, on=keys, how="left")
    values["current_version"] = values["current_version"].astype("Int64")
    values["current_submission_id"] = values["current_submission_id"].astype("Int64")
    values["becomes_current"] = values["current_version"].isna() | (
        values["version"] > values["current_version"].fillna(0)
    )
    return SubmissionRecord(
        submission_id=submission_id,
        department_id=head["department_id"],
        state=head["state"],
        submitted_by=head["submitted_by"],
        submitted_at=head["submitted_at"],
        decided_by=head["decided_by"],
        decided_at=head["decided_at"],
        reason=head["reason"],
        original_name=head["original_name"],
        round_id=None if linked is None else int(linked["round_id"]),
        late=None if linked is None else bool(linked["late"]),
        warnings=tuple(json.loads(head["warnings_json"] or "[]")),
        values=values[list(VALUE_COLUMNS)],
    )
