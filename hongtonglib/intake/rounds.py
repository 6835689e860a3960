"""Data collection rounds in the store: open, close, list, and link submissions to a round.

A round (as a DHIS2 data set's reporting period) asks every unit for the values of one year.
Opening it records, in one transaction, the round (year, due date, who), every unit with the
number of items it is asked for, and each requested item (department, indicator, year). Units
with nothing to report are recorded with zero items, so they can be listed. The store stays
append-only: a round is closed by adding a row to ``round_closures``; a submission's round and
whether it came late are a row of ``submission_rounds`` written in the submission's own
transaction.

Which items a unit is asked for is computed outside (see :func:`plan_round_items`): every
indicator of the unit's scope whose value for the year (or for the earlier years asked for) is
not known yet from public data or approved submissions.

Examples
--------
>>> import tempfile, pathlib, datetime as dt
>>> store = pathlib.Path(tempfile.mkdtemp()) / "intake.sqlite"
>>> info = record_round(2025, {"health": [("synthetic_indicator", 2025)]}, due_date=dt.date(2026,
...     3, 31), opened_by="synthetic analyst", store=store, opened_on=dt.date(2026, 1, 5))
>>> info.round_id, info.year, info.due_date
(1, 2025, '2026-03-31')
>>> record_round(2025, {}, due_date=dt.date(2026, 3, 31), opened_by="x", store=store,
...              opened_on=dt.date(2026, 1, 6))
Traceback (most recent call last):
...
hongtonglib.intake.rounds.RoundError: a round for 2025 is already open (round 1, opened ...
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from hongtonglib.intake.catalog import IndicatorSpec
from hongtonglib.intake.db import (
    StoreArg,
    StoreError,
    connect_writer,
    read_rows,
    resolve_store,
    utc_now,
    write_transaction,
)
from hongtonglib.intake.scope import department_scope
from hongtonglib.plan import Plan

logger = logging.getLogger(__name__)

Item = tuple[str, int]
"""A requested item: ``(indicator_id, year)``."""


class RoundError(StoreError):
    """A round cannot do what was asked (unknown round, bad dates, unit not in the round …)."""


@dataclass(frozen=True)
class RoundInfo:
    """One round as recorded in the store."""

    round_id: int
    year: int
    first_year: int
    opened_on: str
    due_date: str
    opened_by: str
    opened_at: str
    closed_by: str | None = None
    closed_at: str | None = None

    @property
    def is_closed(self) -> bool:
        """Whether the round was closed (late submissions are still accepted)."""
        return self.closed_at is not None

    @property
    def years(self) -> tuple[int, ...]:
        """The years a unit is asked about, oldest first."""
        return tuple(range(self.first_year, self.year + 1))


def _info(row: sqlite3.Row) -> RoundInfo:
    return RoundInfo(
        round_id=row["round_id"],
        year=row["year"],
        first_year=row["first_year"],
        opened_on=row["opened_on"],
        due_date=row["due_date"],
        opened_by=row["opened_by"],
        opened_at=row["opened_at"],
        closed_by=row["closed_by"],
        closed_at=row["closed_at"],
    )


ROUND_SQL = """SELECT r.*, c.closed_by, c.closed_at
                 FROM rounds r LEFT JOIN round_closures c USING (round_id)"""


def plan_round_items(
    year: int,
    plan: Plan,
    catalog: Mapping[str, IndicatorSpec],
    known_years: Callable[[str], Iterable[int]],
    *,
    first_year: int | None = None,
) -> dict[str, list[Item]]:
    """Return, for every plan department, the items it is asked for in a round of ``year``.

    Each indicator is asked of one unit: its registry supplier when that unit is a plan
    department, else the lead unit of the first task with a target on it. An item is an
    indicator and a year from ``first_year`` to ``year`` whose value is not already known.

    Parameters
    ----------
    year : int
        The round's year.
    plan, catalog
        The plan registry and the indicator catalog.
    known_years : callable
        Returns the years of an indicator that already have a value (public or approved).
    first_year : int, optional
        The earliest year asked about (``year`` by default).

    Returns
    -------
    dict
        ``department_id -> [(indicator_id, year), …]`` for every department of the plan,
        in the plan's order; departments with nothing to report map to an empty list.
    """
    first = year if first_year is None else first_year
    years = range(first, year + 1)
    departments = [d.department_id for d in plan.departments]
    owner: dict[str, str] = {}
    for department_id in departments:
        scope = department_scope(department_id, plan, catalog)
        for item in scope.indicators:
            indicator_id = item.spec.indicator_id
            if item.by_registry:
                owner[indicator_id] = department_id
            else:
                owner.setdefault(indicator_id, department_id)
    items: dict[str, list[Item]] = {department_id: [] for department_id in departments}
    for indicator_id, department_id in owner.items():
        known = set(known_years(indicator_id))
        items[department_id].extend((indicator_id, y) for y in years if y not in known)
    for department_items in items.values():
        department_items.sort(key=lambda item: (list(catalog).index(item[0]), item[1]))
    return items


def _check_dates(opened_on: dt.date, due_date: dt.date) -> None:
    if due_date < opened_on:
        raise RoundError(
            f"the due date {due_date.isoformat()} is before the round's opening date "
            f"{opened_on.isoformat()}; give a later --due"
        )


def record_round(
    year: int,
    items: Mapping[str, Sequence[Item]],
    *,
    due_date: dt.date,
    opened_by: str,
    store: StoreArg = None,
    first_year: int | None = None,
    opened_on: dt.date | None = None,
) -> RoundInfo:
    """Record a new round and its requested items in one transaction.

    Raises
    ------
    RoundError
        When the due date is before the opening date, the opener is not named, or a round
        for ``year`` already exists (one round per year; rounds of other years coexist).
    """
    opened_by = opened_by.strip()
    if not opened_by:
        raise RoundError("opening a round needs the analyst's name (--by)")
    opened_on = opened_on or dt.date.today()
    first = year if first_year is None else first_year
    if first > year:
        raise RoundError(f"the first year {first} is after the round's year {year}")
    _check_dates(opened_on, due_date)
    connection = connect_writer(resolve_store(store))
    try:
        with write_transaction(connection):
            existing = connection.execute(ROUND_SQL + " WHERE r.year = ?", (year,)).fetchone()
            if existing is not None:
                raise RoundError(
                    f"a round for {year} is already open (round {existing['round_id']}, opened "
                    f"{existing['opened_on']} by {existing['opened_by']}); several rounds may "
                    "coexist, but one per year"
                )
            round_id = int(
                connection.execute("SELECT COALESCE(MAX(round_id), 0) + 1 FROM rounds").fetchone()[
                    0
                ]
            )
            connection.execute(
                "INSERT INTO rounds (round_id, year, first_year, opened_on, due_date, opened_by,"
                " opened_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    round_id,
                    year,
                    first,
                    opened_on.isoformat(),
                    due_date.isoformat(),
                    opened_by,
                    utc_now(),
                ),
            )
            for department_id, department_items in items.items():
                connection.execute(
                    "INSERT INTO round_units (round_id, department_id, item_count) "
                    "VALUES (?, ?, ?)",
                    (round_id, department_id, len(department_items)),
                )
                connection.executemany(
                    "INSERT INTO round_items (round_id, department_id, indicator_id, year) "
                    "VALUES (?, ?, ?, ?)",
                    [(round_id, department_id, code, y) for code, y in department_items],
                )
            row = connection.execute(ROUND_SQL + " WHERE r.round_id = ?", (round_id,)).fetchone()
    finally:
        connection.close()
    logger.info("round %d (%d) opened, due %s", round_id, year, due_date)
    return _info(row)


def list_rounds(store: StoreArg = None) -> list[RoundInfo]:
    """Return every round, oldest first."""
    rows = read_rows(resolve_store(store), ROUND_SQL + " ORDER BY r.round_id")
    return [_info(row) for row in rows]


def get_round(round_id: int | None = None, store: StoreArg = None) -> RoundInfo:
    """Return round ``round_id``, or the current round (the latest opened) when None.

    Raises
    ------
    RoundError
        When there is no such round, or no round at all.
    """
    rounds = list_rounds(store)
    if not rounds:
        raise RoundError("no round has been opened in this store (hongtong round open)")
    if round_id is None:
        return rounds[-1]
    for info in rounds:
        if info.round_id == round_id:
            return info
    known = ", ".join(f"{r.round_id} ({r.year})" for r in rounds)
    raise RoundError(f"no round {round_id} in the store; rounds: {known}")


def round_units(round_id: int, store: StoreArg = None) -> dict[str, int]:
    """Return ``department_id -> number of requested items`` of a round, in recorded order."""
    rows = read_rows(
        resolve_store(store),
        "SELECT department_id, item_count FROM round_units WHERE round_id = ? ORDER BY rowid",
        (round_id,),
    )
    return {row["department_id"]: row["item_count"] for row in rows}


def round_items(round_id: int, store: StoreArg = None) -> list[tuple[str, str, int]]:
    """Return the requested items of a round: ``(department_id, indicator_id, year)``."""
    rows = read_rows(
        resolve_store(store),
        "SELECT department_id, indicator_id, year FROM round_items WHERE round_id = ? "
        "ORDER BY rowid",
        (round_id,),
    )
    return [(row[0], row[1], row[2]) for row in rows]


def close_round(round_id: int, *, closed_by: str, store: StoreArg = None) -> RoundInfo:
    """Close a round; later submissions are still accepted and marked late.

    Raises
    ------
    RoundError
        When there is no such round, or it is already closed.
    """
    closed_by = closed_by.strip()
    if not closed_by:
        raise RoundError("closing a round needs the analyst's name (--by)")
    info = get_round(round_id, store)
    if info.is_closed:
        raise RoundError(
            f"round {round_id} was already closed by {info.closed_by} at {info.closed_at}"
        )
    connection = connect_writer(resolve_store(store))
    try:
        with write_transaction(connection):
            try:
                connection.execute(
                    "INSERT INTO round_closures (round_id, closed_by, closed_at) VALUES (?, ?, ?)",
                    (round_id, closed_by, utc_now()),
                )
            except sqlite3.IntegrityError:
                raise RoundError(f"round {round_id} was already closed") from None
    finally:
        connection.close()
    return get_round(round_id, store)


def is_late(info: RoundInfo, submitted_at: str) -> bool:
    """Whether a submission at ``submitted_at`` (UTC ISO time) came after the due date.

    A submission on the due date itself is on time; after closing, every submission is late.

    >>> info = RoundInfo(1, 2025, 2025, "2026-01-05", "2026-03-31", "a", "2026-01-05T00:00:00")
    >>> is_late(info, "2026-03-31T23:59:00+00:00"), is_late(info, "2026-04-01T00:00:01+00:00")
    (False, True)
    """
    return info.is_closed or submitted_at[:10] > info.due_date


def link_submission(
    connection: sqlite3.Connection, submission_id: int, round_id: int, submitted_at: str
) -> bool:
    """Record, inside the submission's transaction, which round it belongs to; return late.

    Raises
    ------
    RoundError
        When the round does not exist (any more) in this store.
    """
    row = connection.execute(ROUND_SQL + " WHERE r.round_id = ?", (round_id,)).fetchone()
    if row is None:
        raise RoundError(f"no round {round_id} in the store")
    late = is_late(_info(row), submitted_at)
    connection.execute(
        "INSERT INTO submission_rounds (submission_id, round_id, late) VALUES (?, ?, ?)",
        (submission_id, round_id, int(late)),
    )
    return late
