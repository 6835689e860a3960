"""Approved department values as tidy observations, for the rest of the suite.

:func:`approved_observations` returns the current approved version of every (indicator,
region, year) with exactly the columns of the public observations, basis
``department_submission`` and source ``submission:<id>``. Pending and rejected submissions
never appear. With no store it returns an empty frame at once.

Examples
--------
>>> import tempfile, pathlib
>>> frame = approved_observations(pathlib.Path(tempfile.mkdtemp()) / "intake.sqlite")
>>> list(frame.columns) == list(observation_columns()), len(frame)
(True, 0)
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from hongtonglib.indicators.models import OBSERVATION_COLUMNS
from hongtonglib.intake.db import StoreArg, StoreLocation, resolve_store
from hongtonglib.intake.plausibility import ReferencePoint, ReferenceProvider
from hongtonglib.intake.queries import current_approved_rows

if TYPE_CHECKING:
    import pandas as pd

logger = logging.getLogger(__name__)


def observation_columns() -> tuple[str, ...]:
    """Return the columns of tidy observations, as the indicator package defines them."""
    return OBSERVATION_COLUMNS


BASIS = "department_submission"
CENSUS_BASE = "2020"
"""Department figures are current administrative statistics, anchored to the 2020 census."""


def source_id(submission_id: int) -> str:
    """Return the observation ``source_id`` of a submission.

    >>> source_id(12)
    'submission:12'
    """
    return f"submission:{submission_id}"


def _note(row: object) -> str:
    get = row.__getitem__  # sqlite3.Row
    text = (
        f"Submitted by {get('department_id')} ({get('submitted_by')}, "
        f"{get('submitted_at')[:10]}); approved by {get('decided_by')} "
        f"({get('decided_at')[:10]}); version {get('version')}."
    )
    remark = get("remark")
    return f"{text} Remark: {remark}" if remark else text


def approved_observations(store: StoreArg = None) -> pd.DataFrame:
    """Return the current approved department values as tidy observations.

    Parameters
    ----------
    store : optional
        The store (see :func:`hongtonglib.intake.db.resolve_store`); the default store
        when not given.

    Returns
    -------
    pandas.DataFrame
        The columns of ``observations.csv`` (:func:`observation_columns`), one row per
        (indicator, region, year), the latest approved version: ``basis`` is
        ``department_submission``, ``census_base`` ``"2020"`` and ``qualifier`` ``""`` (text,
        as in the CSV file), ``source_id`` ``submission:<id>``, ``note`` who submitted and
        approved and the department's remark, ``quote`` the cell as typed, ``raw_ref`` the
        original workbook in the store folder and the cell (``intake_files/…xlsx#数据填报!E7``).
    """
    import pandas as pd

    rows = current_approved_rows(store)
    records = [
        {
            "indicator_id": row["indicator_id"],
            "region_code": row["region_code"],
            "year": int(row["year"]),
            "value": float(row["value"]),
            "unit": row["unit"],
            "basis": BASIS,
            "census_base": CENSUS_BASE,
            "qualifier": "",
            "source_id": source_id(row["submission_id"]),
            "note": _note(row),
            "quote": f"{row['sheet']}!{row['cell']}: {row['raw_text']}",
            "raw_ref": f"{row['stored_path']}#{row['sheet']}!{row['cell']}",
        }
        for row in rows
    ]
    frame = pd.DataFrame(records, columns=list(observation_columns()))
    return frame.astype({"year": "int64", "value": "float64"})


def store_reference(location: StoreLocation) -> ReferenceProvider:
    """Return a provider of the store's current approved points of a series."""
    points: dict[tuple[str, str], list[ReferencePoint]] = {}
    for row in current_approved_rows(location):
        key = (row["indicator_id"], row["region_code"])
        sid = row["submission_id"]
        points.setdefault(key, []).append(
            ReferencePoint(
                row["year"], row["value"], f"approved submission {sid}", f"第{sid}号报送"
            )
        )

    def provide(indicator_id: str, region_code: str) -> Sequence[ReferencePoint]:
        return tuple(points.get((indicator_id, region_code), ()))

    return provide


def store_state(store: StoreArg = None) -> tuple[str, int, int] | None:
    """Return a token that changes whenever the store changes, or None when there is none.

    Used as a cache key by :mod:`hongtonglib.merged_observations` (path, modification time
    in ns, size).
    """
    location = resolve_store(store)
    try:
        stat = location.db_path.stat()
    except FileNotFoundError:
        return None
    return (str(location.db_path), stat.st_mtime_ns, stat.st_size)
