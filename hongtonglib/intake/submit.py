"""Accept a validated workbook into the store: the original file and every value, or nothing.

:func:`submit_workbook` validates the whole workbook first (a rejected workbook never opens
the store for writing). Then, inside one ``BEGIN IMMEDIATE`` transaction, it takes the next
submission id, copies the original file into the store folder (temporary name, fsync,
rename to ``submission-<id>.xlsx``), inserts the submission and its values, and commits.

If the run is killed at any point before the commit, the database rolls back to what it was;
at most an unreferenced copy (``submission-<id>.xlsx`` whose id was never committed, or a
``.tmp`` file) is left in the files folder. An original is never overwritten: the final name
is created exclusively (a hard link of the fsynced temporary file), and the next submission
takes an id past every file already in the folder, so a leftover, or the original of a
submission a restored older database does not know, is kept.
:func:`hongtonglib.intake.queries.check_store` lists such leftovers.

Names, file names and remarks are stripped of control characters before they are stored
(:mod:`hongtonglib.textclean`).

Each value gets the next version number of its (indicator, region, year): a new value
supersedes the old one without deleting it.

Examples
--------
>>> import tempfile, pathlib
>>> from hongtonglib.intake.template import write_template
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = write_template("health", folder / "synthetic_h.xlsx", years=(2024,))
>>> from openpyxl import load_workbook
>>> book = load_workbook(folder / "synthetic_h.xlsx"); book["数据填报"]["E3"] = 2
>>> book.save(folder / "synthetic_h.xlsx")
>>> receipt = submit_workbook(folder / "synthetic_h.xlsx", submitted_by="synthetic tester",
...                           store=folder / "intake.sqlite")
>>> receipt.submission_id, receipt.value_count
(1, 1)
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from hongtonglib.intake.catalog import IndicatorSpec
from hongtonglib.intake.db import (
    StoreArg,
    StoreError,
    StoreLocation,
    connect_writer,
    resolve_store,
    utc_now,
    write_transaction,
)
from hongtonglib.intake.issues import IntakeIssue
from hongtonglib.intake.observations import store_reference
from hongtonglib.intake.plausibility import ReferenceProvider
from hongtonglib.intake.queries import submissions_with_md5
from hongtonglib.intake.validate import ValidatedWorkbook, ValueRow, validate_workbook
from hongtonglib.plan import Plan
from hongtonglib.textclean import strip_control

logger = logging.getLogger(__name__)

OnRecord = Callable[[sqlite3.Connection, int, str], None]
"""Called inside the submission's transaction with ``(connection, submission_id,
submitted_at)``; raising rolls the whole submission back (used to link it to a round)."""


@dataclass(frozen=True)
class SupersededValue:
    """An earlier version that a submitted value supersedes."""

    indicator_id: str
    region_code: str
    year: int
    version: int
    value: float
    submission_id: int
    state: str


@dataclass(frozen=True)
class SubmissionReceipt:
    """What was stored."""

    submission_id: int
    department_id: str
    submitted_by: str
    submitted_at: str
    file_md5: str
    stored_path: Path
    value_count: int
    superseded: tuple[SupersededValue, ...]
    warnings: tuple[IntakeIssue, ...]


def stored_file_name(submission_id: int, suffix: str = ".xlsx") -> str:
    """Return the file name of a submission's original workbook in the store folder.

    >>> stored_file_name(7)
    'submission-000007.xlsx'
    """
    return f"submission-{submission_id:06d}{suffix}"


def _fsync_dir(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory descriptors
        return
    try:
        os.fsync(descriptor)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(descriptor)


_STORED_NAME = re.compile(r"submission-(\d+)\.")


def next_submission_id(connection: sqlite3.Connection, files_dir: Path) -> int:
    """Return the next id: past every committed submission and every file in ``files_dir``."""
    committed = int(
        connection.execute("SELECT COALESCE(MAX(submission_id), 0) FROM submissions").fetchone()[0]
    )
    on_disk = [
        int(match.group(1))
        for path in (files_dir.iterdir() if files_dir.is_dir() else ())
        if (match := _STORED_NAME.match(path.name))
    ]
    return max([committed, *on_disk]) + 1


def _copy_original(data: bytes, target: Path) -> None:
    """Write the original under its final name, which must not exist (never overwritten).

    The bytes go to a temporary file that is fsynced, then hard-linked to the final name:
    the link fails when the name exists, so an original is never replaced.

    Raises
    ------
    StoreError
        When ``target`` exists already.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o644 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp_name, target)
        except FileExistsError as error:
            raise StoreError(
                f"{target} exists already; an original is never overwritten "
                "(run hongtong store-check)"
            ) from error
    finally:
        Path(tmp_name).unlink(missing_ok=True)
    _fsync_dir(target.parent)


def _previous_version(connection: sqlite3.Connection, row: ValueRow) -> SupersededValue | None:
    found = connection.execute(
        """SELECT v.version, v.value, v.submission_id, s.state
             FROM submission_values v JOIN submission_states s USING (submission_id)
            WHERE v.indicator_id = ? AND v.region_code = ? AND v.year = ?
            ORDER BY v.version DESC LIMIT 1""",
        (row.indicator_id, row.region_code, row.year),
    ).fetchone()
    if found is None:
        return None
    return SupersededValue(
        row.indicator_id, row.region_code, row.year, found[0], found[1], found[2], found[3]
    )


def _insert_rows(
    connection: sqlite3.Connection,
    submission_id: int,
    validated: ValidatedWorkbook,
    *,
    submitted_by: str,
    submitted_at: str,
    original_name: str,
    stored_path: str,
    md5: str,
    size: int,
    warnings: tuple[IntakeIssue, ...],
) -> tuple[SupersededValue, ...]:
    warnings_json = json.dumps(
        [
            {
                "code": w.code,
                "sheet": w.sheet,
                "row": w.row,
                "column": w.column,
                "message": w.message,
                "message_zh": w.message_zh,
            }
            for w in warnings
        ],
        ensure_ascii=False,
    )
    connection.execute(
        """INSERT INTO submissions (submission_id, department_id, region_code, template_version,
               template_generated_at, submitted_by, submitted_at, original_name, stored_path,
               file_md5, file_size, warnings_json)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (
            submission_id,
            validated.department_id,
            validated.region_code,
            validated.template_version,
            validated.generated_at,
            submitted_by,
            submitted_at,
            original_name,
            stored_path,
            md5,
            size,
            warnings_json,
        ),
    )
    superseded = []
    for row in validated.rows:
        previous = _previous_version(connection, row)
        version = 1 if previous is None else previous.version + 1
        if previous is not None:
            superseded.append(previous)
        connection.execute(
            """INSERT INTO submission_values (submission_id, indicator_id, region_code, year,
                   value, unit, version, raw_text, remark, sheet, row_number, cell)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                submission_id,
                row.indicator_id,
                row.region_code,
                row.year,
                row.value,
                row.unit,
                version,
                strip_control(row.raw_text) if row.raw_text is not None else None,
                strip_control(row.remark, keep_newlines=True) if row.remark is not None else None,
                row.sheet,
                row.row,
                row.cell,
            ),
        )
    return tuple(superseded)


def record_submission(
    validated: ValidatedWorkbook,
    data: bytes,
    *,
    submitted_by: str,
    location: StoreLocation,
    warnings: tuple[IntakeIssue, ...] = (),
    on_record: OnRecord | None = None,
) -> SubmissionReceipt:
    """Store a validated workbook and its original bytes in one transaction."""
    submitted_by = strip_control(submitted_by).strip()
    if not submitted_by:
        raise StoreError("a submission needs the submitter's name (--by)")
    md5 = hashlib.md5(data).hexdigest()
    suffix = validated.path.suffix.lower() or ".xlsx"
    connection = connect_writer(location)
    target: Path | None = None
    created = False
    try:
        with write_transaction(connection):
            submission_id = next_submission_id(connection, location.files_dir)
            target = location.files_dir / stored_file_name(submission_id, suffix)
            _copy_original(data, target)
            created = True
            submitted_at = utc_now()
            stored_path = target.relative_to(location.db_path.parent).as_posix()
            superseded = _insert_rows(
                connection,
                submission_id,
                validated,
                submitted_by=submitted_by,
                submitted_at=submitted_at,
                original_name=strip_control(validated.path.name),
                stored_path=stored_path,
                md5=md5,
                size=len(data),
                warnings=warnings,
            )
            if on_record is not None:
                on_record(connection, submission_id, submitted_at)
    except BaseException:
        if target is not None and created:
            target.unlink(missing_ok=True)
        raise
    finally:
        connection.close()
    logger.info(
        "submission %d stored: %s, %d values, by %s",
        submission_id,
        validated.department_id,
        len(validated.rows),
        submitted_by,
    )
    return SubmissionReceipt(
        submission_id=submission_id,
        department_id=validated.department_id,
        submitted_by=submitted_by,
        submitted_at=submitted_at,
        file_md5=md5,
        stored_path=target,
        value_count=len(validated.rows),
        superseded=superseded,
        warnings=warnings,
    )


def submit_workbook(
    path: str | Path,
    *,
    submitted_by: str,
    store: StoreArg = None,
    plan: Plan | None = None,
    catalog: Mapping[str, IndicatorSpec] | None = None,
    reference: ReferenceProvider | None = None,
    on_record: OnRecord | None = None,
) -> SubmissionReceipt:
    """Validate the whole workbook at ``path`` and, if it has no error, store it.

    Parameters
    ----------
    path : str or Path
        The filled template.
    submitted_by : str
        Who submits (recorded).
    store : str, Path or StoreLocation, optional
        The store; see :func:`hongtonglib.intake.db.resolve_store`.
    plan, catalog : optional
        The plan registry and indicator catalog; loaded when not given.
    reference : callable, optional
        Known points of each series for the suspicious-value warnings; by default the
        store's approved values (the command line passes
        :func:`hongtonglib.merged_observations.default_reference`, which adds the public data).
    on_record : callable, optional
        Run inside the submission's transaction (see :data:`OnRecord`).

    Raises
    ------
    hongtonglib.intake.issues.WorkbookRejected
        With every problem, when the workbook has an error; nothing is stored.
    StoreError
        When the file changed while it was being validated, or the store refuses.
    """
    path = Path(path)
    location = resolve_store(store)
    data = path.read_bytes() if path.is_file() else b""
    md5 = hashlib.md5(data).hexdigest()
    provider = reference if reference is not None else store_reference(location)
    validated = validate_workbook(path, plan=plan, catalog=catalog, reference=provider)
    if hashlib.md5(path.read_bytes()).hexdigest() != md5:
        raise StoreError(f"{path.name} changed while it was being validated; submit it again")
    warnings = list(validated.warnings)
    for earlier in submissions_with_md5(location, md5):
        warnings.append(
            IntakeIssue.make(
                "file_already_submitted", file=path.name, md5=md5, submission_id=earlier
            )
        )
    return record_submission(
        validated,
        data,
        submitted_by=submitted_by,
        location=location,
        warnings=tuple(warnings),
        on_record=on_record,
    )
