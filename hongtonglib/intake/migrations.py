"""The schema of the submission store, as numbered migrations.

Each migration is a tuple of single SQL statements (no script splitting), applied once inside
one ``BEGIN IMMEDIATE`` transaction and recorded in ``schema_version``. Append-only is
enforced by triggers: submissions, values and decisions cannot be updated or deleted, and a
submission has at most one decision (approved or rejected), so an approved value is locked.

Examples
--------
>>> LATEST_VERSION
2
>>> [m.version for m in MIGRATIONS]
[1, 2]
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    """One step of the schema."""

    version: int
    description: str
    statements: tuple[str, ...]


def _immutable(table: str) -> tuple[str, ...]:
    return (
        f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, 'append-only store: rows of {table} cannot be changed'); END""",
        f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
        BEGIN SELECT RAISE(ABORT, 'append-only store: rows of {table} cannot be deleted'); END""",
    )


SCHEMA_VERSION_TABLE = """CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""

_V1 = (
    """CREATE TABLE submissions (
        submission_id INTEGER PRIMARY KEY,
        department_id TEXT NOT NULL,
        region_code TEXT NOT NULL,
        template_version TEXT NOT NULL,
        template_generated_at TEXT NOT NULL,
        submitted_by TEXT NOT NULL CHECK (length(trim(submitted_by)) > 0),
        submitted_at TEXT NOT NULL,
        original_name TEXT NOT NULL,
        stored_path TEXT NOT NULL UNIQUE,
        file_md5 TEXT NOT NULL CHECK (length(file_md5) = 32),
        file_size INTEGER NOT NULL,
        warnings_json TEXT NOT NULL DEFAULT '[]'
    )""",
    """CREATE TABLE submission_values (
        value_id INTEGER PRIMARY KEY,
        submission_id INTEGER NOT NULL REFERENCES submissions (submission_id),
        indicator_id TEXT NOT NULL,
        region_code TEXT NOT NULL,
        year INTEGER NOT NULL,
        value REAL NOT NULL,
        unit TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        raw_text TEXT NOT NULL,
        remark TEXT NOT NULL DEFAULT '',
        sheet TEXT NOT NULL,
        row_number INTEGER NOT NULL,
        cell TEXT NOT NULL,
        UNIQUE (indicator_id, region_code, year, version),
        UNIQUE (submission_id, indicator_id, region_code, year)
    )""",
    "CREATE INDEX submission_values_by_submission ON submission_values (submission_id)",
    """CREATE TABLE decisions (
        submission_id INTEGER PRIMARY KEY REFERENCES submissions (submission_id),
        state TEXT NOT NULL CHECK (state IN ('approved', 'rejected')),
        decided_by TEXT NOT NULL CHECK (length(trim(decided_by)) > 0),
        decided_at TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        CHECK (state = 'approved' OR length(trim(reason)) > 0)
    )""",
    """CREATE VIEW submission_states AS
        SELECT s.*, COALESCE(d.state, 'submitted') AS state,
               d.decided_by, d.decided_at, d.reason,
               (SELECT COUNT(*) FROM submission_values v
                 WHERE v.submission_id = s.submission_id) AS value_count
        FROM submissions s LEFT JOIN decisions d USING (submission_id)""",
    *_immutable("submissions"),
    *_immutable("submission_values"),
    *_immutable("decisions"),
)

_V2 = (
    """CREATE TABLE rounds (
        round_id INTEGER PRIMARY KEY,
        year INTEGER NOT NULL UNIQUE,
        first_year INTEGER NOT NULL CHECK (first_year <= year),
        opened_on TEXT NOT NULL,
        due_date TEXT NOT NULL CHECK (due_date >= opened_on),
        opened_by TEXT NOT NULL CHECK (length(trim(opened_by)) > 0),
        opened_at TEXT NOT NULL
    )""",
    """CREATE TABLE round_units (
        round_id INTEGER NOT NULL REFERENCES rounds (round_id),
        department_id TEXT NOT NULL,
        item_count INTEGER NOT NULL CHECK (item_count >= 0),
        PRIMARY KEY (round_id, department_id)
    )""",
    """CREATE TABLE round_items (
        round_id INTEGER NOT NULL REFERENCES rounds (round_id),
        department_id TEXT NOT NULL,
        indicator_id TEXT NOT NULL,
        year INTEGER NOT NULL,
        PRIMARY KEY (round_id, department_id, indicator_id, year),
        FOREIGN KEY (round_id, department_id) REFERENCES round_units (round_id, department_id)
    )""",
    """CREATE TABLE round_closures (
        round_id INTEGER PRIMARY KEY REFERENCES rounds (round_id),
        closed_by TEXT NOT NULL CHECK (length(trim(closed_by)) > 0),
        closed_at TEXT NOT NULL
    )""",
    """CREATE TABLE submission_rounds (
        submission_id INTEGER PRIMARY KEY REFERENCES submissions (submission_id),
        round_id INTEGER NOT NULL REFERENCES rounds (round_id),
        late INTEGER NOT NULL CHECK (late IN (0, 1))
    )""",
    "CREATE INDEX submission_rounds_by_round ON submission_rounds (round_id)",
    "CREATE INDEX round_items_by_item ON round_items (round_id, indicator_id, year)",
    *_immutable("rounds"),
    *_immutable("round_units"),
    *_immutable("round_items"),
    *_immutable("round_closures"),
    *_immutable("submission_rounds"),
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "submissions, values, decisions; append-only triggers", _V1),
    Migration(2, "data collection rounds: requested items, closures, submissions' rounds", _V2),
)
"""Every migration, in order."""

LATEST_VERSION = MIGRATIONS[-1].version
"""The schema version this code writes and reads."""
