"""Read the store: submissions and their states, the history of a value, a health check.

Every function opens the store read-only and returns an empty result when it does not exist.

A value's **status** in the history: ``current`` is the approved version with the highest
version number of its (indicator, region, year), the one forecasts and briefings use;
``superseded`` an approved version with a later approved one; ``pending`` a version whose
submission awaits a decision; ``rejected`` a version of a rejected submission. Versions
follow submission order, so a later submission supersedes an earlier one even when the
earlier one is approved last.

Examples
--------
>>> import tempfile, pathlib
>>> store = pathlib.Path(tempfile.mkdtemp()) / "intake.sqlite"
>>> list_submissions(store=store).empty, history("urbanization_rate_pct", store=store).empty
(True, True)
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hongtonglib.fileio import file_md5
from hongtonglib.intake.db import (
    STORE_TABLES,
    StoreArg,
    StoreDamaged,
    StoreLocation,
    connect_writer,
    integrity_check,
    preflight,
    read_rows,
    resolve_store,
)

if TYPE_CHECKING:
    import pandas as pd

logger = logging.getLogger(__name__)

SUBMISSION_COLUMNS = (
    "submission_id",
    "department_id",
    "state",
    "submitted_by",
    "submitted_at",
    "decided_by",
    "decided_at",
    "reason",
    "value_count",
    "warning_count",
    "original_name",
    "file_md5",
    "template_version",
    "stored_path",
)
"""Columns of :func:`list_submissions`."""

HISTORY_COLUMNS = (
    "indicator_id",
    "region_code",
    "year",
    "version",
    "value",
    "unit",
    "status",
    "submission_id",
    "department_id",
    "state",
    "submitted_by",
    "submitted_at",
    "decided_by",
    "decided_at",
    "reason",
    "raw_text",
    "remark",
    "cell",
)
"""Columns of :func:`history`."""

CURRENT_APPROVED_SQL = """
SELECT v.*, s.department_id, s.submitted_by, s.submitted_at, s.stored_path,
       d.decided_by, d.decided_at
  FROM submission_values v
  JOIN submissions s USING (submission_id)
  JOIN decisions d USING (submission_id)
 WHERE d.state = 'approved'
   AND v.version = (
       SELECT MAX(v2.version) FROM submission_values v2
         JOIN decisions d2 USING (submission_id)
        WHERE d2.state = 'approved' AND v2.indicator_id = v.indicator_id
          AND v2.region_code = v.region_code AND v2.year = v.year)
"""
"""The current approved version of every (indicator, region, year)."""


def _frame(rows: list[sqlite3.Row], columns: tuple[str, ...]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame([{c: row[c] for c in columns} for row in rows], columns=list(columns))


def list_submissions(
    store: StoreArg = None, *, state: str | None = None, department_id: str | None = None
) -> pd.DataFrame:
    """Return every submission with its state, newest last (columns :data:`SUBMISSION_COLUMNS`).

    Parameters
    ----------
    store : optional
        The store (see :func:`~hongtonglib.intake.db.resolve_store`).
    state : str, optional
        Keep only ``submitted``, ``approved`` or ``rejected`` submissions.
    department_id : str, optional
        Keep only one department's submissions.
    """
    sql = (
        "SELECT *, json_array_length(warnings_json) AS warning_count "
        "FROM submission_states WHERE 1 = 1"
    )
    params: list[object] = []
    if state:
        sql += " AND state = ?"
        params.append(state)
    if department_id:
        sql += " AND department_id = ?"
        params.append(department_id)
    rows = read_rows(resolve_store(store), sql + " ORDER BY submission_id", tuple(params))
    return _frame(rows, SUBMISSION_COLUMNS)


def history(
    indicator_id: str, region_code: str | None = None, store: StoreArg = None
) -> pd.DataFrame:
    """Return every version of every value of an indicator (columns :data:`HISTORY_COLUMNS`).

    Sorted by region, year and version; ``status`` says which version is current.
    """
    sql = """SELECT v.*, s.department_id, s.state, s.submitted_by, s.submitted_at,
                    s.decided_by, s.decided_at, s.reason
               FROM submission_values v JOIN submission_states s USING (submission_id)
              WHERE v.indicator_id = ?"""
    params: list[object] = [indicator_id]
    if region_code:
        sql += " AND v.region_code = ?"
        params.append(region_code)
    rows = read_rows(
        resolve_store(store), sql + " ORDER BY region_code, year, version", tuple(params)
    )
    current: dict[tuple[str, int], int] = {}
    for row in rows:
        if row["state"] == "approved":
            key = (row["region_code"], row["year"])
            current[key] = max(current.get(key, 0), row["version"])
    records = []
    for row in rows:
        record = dict(row)
        if row["state"] == "approved":
            is_current = current[(row["region_code"], row["year"])] == row["version"]
            record["status"] = "current" if is_current else "superseded"
        else:
            record["status"] = "pending" if row["state"] == "submitted" else "rejected"
        records.append(record)
    import pandas as pd

    return pd.DataFrame(records, columns=list(HISTORY_COLUMNS))


def current_approved_rows(store: StoreArg = None) -> list[sqlite3.Row]:
    """Return the current approved version of every value, as database rows."""
    return read_rows(
        resolve_store(store), CURRENT_APPROVED_SQL + " ORDER BY indicator_id, region_code, year"
    )


def submissions_with_md5(location: StoreLocation, md5: str) -> list[int]:
    """Return the ids of earlier submissions of the same file."""
    rows = read_rows(location, "SELECT submission_id FROM submissions WHERE file_md5 = ?", (md5,))
    return [row[0] for row in rows]


@dataclass
class StoreCheck:
    """The result of :func:`check_store`."""

    integrity: list[str]
    missing_files: list[str] = field(default_factory=list)
    md5_mismatches: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)
    """Files of the files folder no committed submission refers to (interrupted runs)."""
    removed: list[str] = field(default_factory=list)
    refused: str | None = None
    """Why the database is not a usable store (missing or empty next to originals, not
    SQLite, foreign, damaged); ``None`` when it is one (or none was created yet)."""
    schema_problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the database is sound and every original file is present and unchanged."""
        return (
            self.refused is None
            and self.integrity == ["ok"]
            and not self.schema_problems
            and not self.missing_files
            and not self.md5_mismatches
        )


def _check_files(
    location: StoreLocation, rows: list[sqlite3.Row], result: StoreCheck, *, remove: bool
) -> None:

    referenced = set()
    for row in rows:
        path = location.db_path.parent / row["stored_path"]
        referenced.add(path.name)
        if not path.is_file():
            result.missing_files.append(row["stored_path"])
        elif file_md5(path) != row["file_md5"]:
            result.md5_mismatches.append(row["stored_path"])
    if location.files_dir.is_dir():
        for path in sorted(location.files_dir.iterdir()):
            if path.name not in referenced:
                result.leftovers.append(path.name)
                if remove:
                    path.unlink()
                    result.removed.append(path.name)


def _schema_problems(location: StoreLocation) -> list[str]:
    """Return the store tables missing from a database SQLite can open (read-only)."""
    try:
        connection = sqlite3.connect(location.db_path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            tables = {row[0] for row in rows}
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return [f"schema unreadable: {error}"]
    return [f"missing table {t}" for t in STORE_TABLES if t not in tables]


def check_store(store: StoreArg = None, *, remove_leftovers: bool = False) -> StoreCheck:
    """Check the database, the md5 of every original file, and list leftover files.

    The database is opened read-only and never created. A database that is missing or empty
    next to original workbooks, not SQLite, foreign or damaged is reported (``refused``,
    ``integrity``, ``schema_problems``) instead of raising, and then nothing is removed.

    With ``remove_leftovers``, files that no committed submission refers to are deleted while
    holding the write lock, so no submission can be between its file copy and its commit.
    """
    location = resolve_store(store)
    result = StoreCheck(integrity=integrity_check(location))
    try:
        holds_store = preflight(location)
    except StoreDamaged as error:
        result.refused = str(error)
        if result.integrity == ["ok"]:  # SQLite found nothing wrong in what is there
            result.integrity = ["not a usable store (see refused)"]
        if location.exists() and location.db_path.stat().st_size > 0:
            result.schema_problems = _schema_problems(location)
        return result
    if not holds_store:
        return result
    sql = "SELECT stored_path, file_md5 FROM submissions"
    if not remove_leftovers or not result.ok:
        _check_files(location, read_rows(location, sql), result, remove=False)
        return result
    connection = connect_writer(location)
    try:
        connection.execute("BEGIN IMMEDIATE")
        _check_files(location, connection.execute(sql).fetchall(), result, remove=True)
    finally:
        connection.execute("ROLLBACK")
        connection.close()
    return result
