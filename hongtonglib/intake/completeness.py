"""How complete a round is: per requested item, per unit and per plan target (DHIS2 style).

Definitions (the DHIS2 reporting-rate and timeliness reports, applied to the items a unit is
asked for):

- An item is one indicator and year a unit is asked for. Its state is that of the latest
  submission *of the round* holding a value for it (a resubmission supersedes within its
  round): ``approved``, ``pending`` (awaiting review) or ``rejected`` (to resubmit); an earlier
  approved value of the round keeps the item ``approved`` when a later one is rejected. An item
  no submission of the round holds is ``missing``. Any unit's submission counts (a lead unit
  may report its target's indicator for the supplier).
- ``received`` = approved + pending + rejected; ``missing`` = requested - received.
- ``reporting_rate`` = 100 × (approved + pending) / requested: the share of the requested items
  actually in hand (a rejected item has to be sent again). ``on_time_rate`` counts only items
  received by the due date.
- ``timeliness`` of a unit: ``on_time`` when its first submission of the round came by the due
  date, ``late`` when after it (or after closing); with no submission, ``overdue`` once the due
  date has passed or the round was closed, else ``not_due``; ``nothing_requested`` for a unit
  asked for nothing.
- ``days_overdue``: days since the due date while the unit still owes items (missing or
  rejected), else 0.

Examples
--------
>>> import tempfile, pathlib
>>> round_status(store=pathlib.Path(tempfile.mkdtemp()) / "intake.sqlite")
Traceback (most recent call last):
...
hongtonglib.intake.rounds.RoundError: no round has been opened in this store (hongtong round open)
"""

from __future__ import annotations

import datetime as dt
import logging

import pandas as pd

from hongtonglib import HONGTONG_REGION_CODE
from hongtonglib.intake.db import StoreArg, connect_reader, resolve_store
from hongtonglib.intake.rounds import RoundInfo, get_round
from hongtonglib.plan import Plan, UnknownKeyError, load_plan

logger = logging.getLogger(__name__)

ITEM_COLUMNS = (
    "round_id",
    "department_id",
    "indicator_id",
    "year",
    "state",
    "value",
    "submission_id",
    "submitting_unit",
    "submitted_at",
    "late",
)
"""Columns of :func:`round_item_states`."""

UNIT_COLUMNS = (
    "round_id",
    "department_id",
    "name_zh",
    "requested",
    "received",
    "approved",
    "pending",
    "rejected",
    "missing",
    "reporting_rate",
    "on_time_rate",
    "timeliness",
    "first_submitted_at",
    "submissions",
    "due_date",
    "days_overdue",
    "complete",
)
"""Columns of :func:`round_status`."""

STATUS_TABLE_COLUMNS = tuple(
    c
    for c in UNIT_COLUMNS
    if c not in ("round_id", "first_submitted_at", "submissions", "due_date", "complete")
)
"""The columns of :func:`round_status` that ``hongtong round status`` prints as a table."""

TARGET_COLUMNS = (
    "round_id",
    "target_id",
    "label_zh",
    "indicator_id",
    "department_id",
    "name_zh",
    "requested",
    "approved",
    "pending",
    "missing",
    "complete",
)
"""Columns of :func:`target_completeness`."""

_STATE_SQL = """
SELECT ri.department_id, ri.indicator_id, ri.year,
       v.value, s.submission_id, s.department_id AS submitting_unit, s.submitted_at,
       COALESCE(d.state, 'submitted') AS state, sr.late
  FROM submission_rounds sr
  JOIN submission_values v ON v.submission_id = sr.submission_id
  JOIN round_items ri
    ON ri.round_id = sr.round_id AND ri.indicator_id = v.indicator_id AND ri.year = v.year
  JOIN submissions s ON s.submission_id = sr.submission_id
  LEFT JOIN decisions d ON d.submission_id = sr.submission_id
 WHERE sr.round_id = ? AND v.region_code = ?
 ORDER BY s.submission_id
"""

_SUBMISSIONS_SQL = """
SELECT s.department_id, s.submission_id, s.submitted_at, sr.late
  FROM submission_rounds sr JOIN submissions s USING (submission_id)
 WHERE sr.round_id = ? ORDER BY s.submission_id
"""


def _read_round(info: RoundInfo, store: StoreArg) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    connection = connect_reader(resolve_store(store))
    if connection is None:  # pragma: no cover - get_round found the round
        raise FileNotFoundError(store)
    try:
        # One read transaction, so a submission committing meanwhile is seen whole or not at all.
        connection.execute("BEGIN")
        items = pd.read_sql_query(
            "SELECT department_id, indicator_id, year FROM round_items WHERE round_id = ? "
            "ORDER BY rowid",
            connection,
            params=(info.round_id,),
        )
        values = pd.read_sql_query(
            _STATE_SQL, connection, params=(info.round_id, HONGTONG_REGION_CODE)
        )
        submissions = pd.read_sql_query(_SUBMISSIONS_SQL, connection, params=(info.round_id,))
        units = dict(
            connection.execute(
                "SELECT department_id, item_count FROM round_units WHERE round_id = ? "
                "ORDER BY rowid",
                (info.round_id,),
            ).fetchall()
        )
        connection.execute("COMMIT")
    finally:
        connection.close()
    return items, values, {"units": units, "submissions": submissions}


def _chosen(values: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Return, per item, the value that decides its state (see the module docstring)."""
    ordered = values.sort_values("submission_id", kind="stable")
    latest = ordered.drop_duplicates(keys, keep="last")
    rejected = latest["state"] == "rejected"
    last_approved = ordered[ordered["state"] == "approved"].drop_duplicates(keys, keep="last")
    rescued = last_approved.merge(latest.loc[rejected, keys], on=keys)
    chosen = pd.concat([latest[~rejected], rescued, latest[rejected]], ignore_index=True)
    chosen = chosen.drop_duplicates(keys, keep="first")
    first_late = ordered.drop_duplicates(keys, keep="first")[[*keys, "late"]]
    chosen = chosen.drop(columns="late").merge(first_late, on=keys)
    chosen["state"] = chosen["state"].replace({"submitted": "pending"})
    return chosen


def _states(info: RoundInfo, items: pd.DataFrame, values: pd.DataFrame) -> pd.DataFrame:
    keys = ["department_id", "indicator_id", "year"]
    if values.empty:
        chosen = pd.DataFrame(columns=[*keys, *ITEM_COLUMNS[4:]])
    else:
        chosen = _chosen(values, keys)
    frame = items.merge(chosen, on=keys, how="left")
    frame["state"] = frame["state"].fillna("missing")
    frame["round_id"] = info.round_id
    frame["submission_id"] = frame["submission_id"].astype("Int64")
    frame["late"] = frame["late"].astype("boolean")
    return frame[list(ITEM_COLUMNS)]


def round_item_states(round_id: int | None = None, store: StoreArg = None) -> pd.DataFrame:
    """Return one row per requested item of a round with its state (columns ``ITEM_COLUMNS``).

    Raises
    ------
    hongtonglib.intake.rounds.RoundError
        When the round does not exist.
    """
    info = get_round(round_id, store)
    items, values, _ = _read_round(info, store)
    return _states(info, items, values)


def _name(plan: Plan, department_id: str) -> str:
    try:
        return plan.department(department_id).name_zh
    except UnknownKeyError:
        return department_id


def _timeliness(info: RoundInfo, requested: int, first: pd.Series | None, today: dt.date) -> str:
    if requested == 0:
        return "nothing_requested"
    if first is not None:
        return "late" if bool(first["late"]) else "on_time"
    return "overdue" if info.is_closed or today.isoformat() > info.due_date else "not_due"


def round_status(
    round_id: int | None = None,
    store: StoreArg = None,
    *,
    today: dt.date | None = None,
    plan: Plan | None = None,
) -> pd.DataFrame:
    """Return one row per unit of a round: requested, received … timeliness (``UNIT_COLUMNS``).

    Parameters
    ----------
    round_id : int, optional
        The round; the latest opened by default.
    store : optional
        The store.
    today : date, optional
        The date overdue is judged against (today by default).
    plan : Plan, optional
        For the units' Chinese names.

    Raises
    ------
    hongtonglib.intake.rounds.RoundError
        When the round does not exist.
    """
    info = get_round(round_id, store)
    plan = plan or load_plan()
    today = today or dt.date.today()
    items, values, extra = _read_round(info, store)
    states = _states(info, items, values)
    submissions: pd.DataFrame = extra["submissions"]
    due = dt.date.fromisoformat(info.due_date)
    rows = []
    for department_id, requested in extra["units"].items():
        mine = states[states["department_id"] == department_id]
        counts = mine["state"].value_counts()
        approved, pending = int(counts.get("approved", 0)), int(counts.get("pending", 0))
        rejected, missing = int(counts.get("rejected", 0)), int(counts.get("missing", 0))
        in_hand = mine["state"].isin(["approved", "pending"])
        on_time = int((in_hand & ~mine["late"].fillna(True)).sum())
        own = submissions[submissions["department_id"] == department_id]
        first = own.iloc[0] if not own.empty else None
        owes = missing + rejected > 0
        rows.append(
            {
                "round_id": info.round_id,
                "department_id": department_id,
                "name_zh": _name(plan, department_id),
                "requested": requested,
                "received": approved + pending + rejected,
                "approved": approved,
                "pending": pending,
                "rejected": rejected,
                "missing": missing,
                "reporting_rate": round(100.0 * (approved + pending) / requested, 1)
                if requested
                else None,
                "on_time_rate": round(100.0 * on_time / requested, 1) if requested else None,
                "timeliness": _timeliness(info, requested, first, today),
                "first_submitted_at": None if first is None else first["submitted_at"],
                "submissions": len(own),
                "due_date": info.due_date,
                "days_overdue": max((today - due).days, 0) if owes else 0,
                "complete": requested > 0 and not owes and pending == 0,
            }
        )
    frame = pd.DataFrame(rows, columns=list(UNIT_COLUMNS))
    return frame.astype({"reporting_rate": "Float64", "on_time_rate": "Float64"})


def round_totals(status: pd.DataFrame) -> dict[str, object]:
    """Return the round's overall figures from :func:`round_status` (units asked for items).

    >>> frame = pd.DataFrame({"requested": [4, 0], "approved": [1, 0], "pending": [1, 0],
    ...     "rejected": [1, 0], "missing": [1, 0], "timeliness": ["late", "nothing_requested"]})
    >>> round_totals(frame)["reporting_rate"], round_totals(frame)["units_reported"]
    (50.0, 1)
    """
    asked = status[status["requested"] > 0]
    requested = int(asked["requested"].sum())
    in_hand = int(asked["approved"].sum() + asked["pending"].sum())
    return {
        "units": len(asked),
        "units_reported": int(asked["timeliness"].isin(["on_time", "late"]).sum()),
        "units_on_time": int((asked["timeliness"] == "on_time").sum()),
        "requested": requested,
        "approved": int(asked["approved"].sum()),
        "pending": int(asked["pending"].sum()),
        "rejected": int(asked["rejected"].sum()),
        "missing": int(asked["missing"].sum()),
        "reporting_rate": round(100.0 * in_hand / requested, 1) if requested else None,
    }


def target_completeness(
    round_id: int | None = None, store: StoreArg = None, *, plan: Plan | None = None
) -> pd.DataFrame:
    """Return one row per plan target: whether the round's data for it is complete.

    A target is complete when every item of its indicator the round asks for is approved (or
    nothing was asked: its data was already known). ``department_id`` is the unit asked.
    """
    info = get_round(round_id, store)
    plan = plan or load_plan()
    items, values, _ = _read_round(info, store)
    states = _states(info, items, values)
    rows = []
    for target in plan.targets:
        mine = states[states["indicator_id"] == target.indicator_id]
        counts = mine["state"].value_counts()
        owner = mine["department_id"].iloc[0] if not mine.empty else None
        rows.append(
            {
                "round_id": info.round_id,
                "target_id": target.target_id,
                "label_zh": target.label_zh,
                "indicator_id": target.indicator_id,
                "department_id": owner,
                "name_zh": _name(plan, owner) if owner else None,
                "requested": len(mine),
                "approved": int(counts.get("approved", 0)),
                "pending": int(counts.get("pending", 0)),
                "missing": int(counts.get("missing", 0) + counts.get("rejected", 0)),
                "complete": bool(len(mine) == int(counts.get("approved", 0))),
            }
        )
    return pd.DataFrame(rows, columns=list(TARGET_COLUMNS))


def missing_items(
    round_id: int | None = None,
    store: StoreArg = None,
    *,
    department_id: str | None = None,
) -> pd.DataFrame:
    """Return the items still owed (missing or rejected), optionally of one unit."""
    states = round_item_states(round_id, store)
    owed = states[states["state"].isin(["missing", "rejected"])]
    if department_id is not None:
        owed = owed[owed["department_id"] == department_id]
    return owed.reset_index(drop=True)
