"""Submit a workbook into a round: check that it belongs there, then store and link it.

A round's template carries its round id and year in the hidden metadata. A workbook is
accepted into round R only when it is R's template, its unit is one of R's units, and its
year is R's year; otherwise the analyst gets a clear message and nothing is stored. A workbook
without a round (a plain ``hongtong template``) is submitted as before, outside any round,
unless a round is named, in which case it is refused as an older template.

The link to the round is written in the submission's own transaction, with whether it came
late (after the due date, or after the round was closed). Late submissions are accepted.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> from hongtonglib.intake.template import write_template
>>> _ = write_template("health", folder / "synthetic_plain.xlsx", years=(2024,))
>>> submit_round_workbook(folder / "synthetic_plain.xlsx", submitted_by="synthetic",
...                       round_id=3, store=folder / "intake.sqlite")
Traceback (most recent call last):
...
hongtonglib.intake.rounds.RoundError: synthetic_plain.xlsx is not a round template (an older ...
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from hongtonglib.intake import layout
from hongtonglib.intake.catalog import IndicatorSpec
from hongtonglib.intake.db import StoreArg, resolve_store
from hongtonglib.intake.plausibility import ReferenceProvider
from hongtonglib.intake.reader import UnreadableWorkbook, read_metadata, sniff_bytes
from hongtonglib.intake.rounds import RoundError, RoundInfo, get_round, link_submission, round_units
from hongtonglib.intake.submit import SubmissionReceipt, submit_workbook
from hongtonglib.plan import Plan

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RoundReceipt:
    """A stored submission and the round it was linked to (None outside rounds)."""

    receipt: SubmissionReceipt
    round: RoundInfo | None
    late: bool


def workbook_metadata(path: Path) -> dict[str, str] | None:
    """Return a workbook's hidden metadata, or None when it cannot be read (validation says why).

    The workbook is opened once, read-only (cheap); a file that is not a readable workbook of
    the suite returns None and :func:`~hongtonglib.intake.validate.validate_workbook` reports
    exactly what is wrong with it.
    """
    if sniff_file(path) != "zip":
        return None
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on damaged parts; validation reports them
        logger.debug("metadata of %s unreadable", path, exc_info=True)
        return None
    try:
        metadata, _keys = read_metadata(book)
    except UnreadableWorkbook:
        return None
    finally:
        book.close()
    return metadata


def sniff_file(path: Path) -> str:
    """Return what the file's first bytes say it is (``zip``, ``ole``, ``empty`` …)."""
    if not path.is_file():
        return "missing"
    with open(path, "rb") as handle:
        return sniff_bytes(handle.read(2048))


def _round_id_of(metadata: Mapping[str, str], file: str) -> int | None:
    text = metadata.get(layout.META_ROUND_ID)
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        raise RoundError(f"{file}: the round id {text!r} in its metadata is not a number") from None


def check_round_workbook(
    file: str, metadata: Mapping[str, str], round_id: int | None, store: StoreArg
) -> RoundInfo | None:
    """Return the round a workbook is to be linked to, or None for a submission outside rounds.

    Raises
    ------
    RoundError
        When the workbook is not of the named round, its round is unknown, its unit is not in
        the round, or its year is not the round's year.
    """
    own = _round_id_of(metadata, file)
    if own is None:
        if round_id is None:
            return None
        raise RoundError(
            f"{file} is not a round template (an older or plain template without a round); "
            f"round {round_id} accepts only its own template: send the unit the template of "
            "round_open's package and ask it to copy its values there"
        )
    if round_id is not None and own != round_id:
        raise RoundError(
            f"{file} is the template of round {own}, not of round {round_id}; "
            "submit it to its own round or use this round's template"
        )
    info = get_round(own, store)
    department_id = metadata.get(layout.META_DEPARTMENT_ID, "")
    units = round_units(info.round_id, store)
    if department_id not in units:
        raise RoundError(
            f"{file}: unit {department_id!r} is not in round {info.round_id} ({info.year}); "
            f"the round's units: {', '.join(units) or 'none'}"
        )
    year = metadata.get(layout.META_ROUND_YEAR, "")
    if year != str(info.year):
        raise RoundError(
            f"{file}: template of year {year or '?'}, but round {info.round_id} is for {info.year}"
        )
    return info


def submit_round_workbook(
    path: str | Path,
    *,
    submitted_by: str,
    round_id: int | None = None,
    store: StoreArg = None,
    plan: Plan | None = None,
    catalog: Mapping[str, IndicatorSpec] | None = None,
    reference: ReferenceProvider | None = None,
) -> RoundReceipt:
    """Validate and store a workbook, linking it to its round (see the module docstring).

    Parameters
    ----------
    path : str or Path
        The filled workbook.
    submitted_by : str
        Who submits.
    round_id : int, optional
        The round it must belong to; by default the round named in its metadata, if any.
    store, plan, catalog, reference
        As for :func:`hongtonglib.intake.submit.submit_workbook`.

    Raises
    ------
    RoundError
        When the workbook does not belong to the round (nothing is stored).
    hongtonglib.intake.issues.WorkbookRejected
        When the workbook has an error (nothing is stored).
    """
    path = Path(path)
    location = resolve_store(store)
    metadata = workbook_metadata(path)
    info = None
    if metadata is not None:
        info = check_round_workbook(path.name, metadata, round_id, location)
    elif round_id is not None:
        get_round(round_id, location)
    late: list[bool] = []

    def link(connection: sqlite3.Connection, submission_id: int, submitted_at: str) -> None:
        if info is not None:
            late.append(link_submission(connection, submission_id, info.round_id, submitted_at))

    receipt = submit_workbook(
        path,
        submitted_by=submitted_by,
        store=location,
        plan=plan,
        catalog=catalog,
        reference=reference,
        on_record=link,
    )
    return RoundReceipt(receipt, info, bool(late and late[0]))
