"""Where the submission store lives and how to open it safely.

The store is one SQLite file (standard library :mod:`sqlite3`) and a folder of the original
workbooks next to it. Its location is, in order: the ``store`` argument (a path or a URL
``sqlite:///relative/path.sqlite`` / ``sqlite:////absolute/path.sqlite``), the environment
variable ``HONGTONG_STORE_URL``, or ``data/store/intake.sqlite``.

Connections use the rollback journal (not WAL, which fails on network shares), full
synchronous writes, foreign keys, and a busy timeout so that concurrent runs wait for each
other instead of failing. Every write happens in ``BEGIN IMMEDIATE`` … ``COMMIT``
(:func:`write_transaction`), so two writers never interleave and a killed run rolls back.
Readers open the file read-only, which leaves it byte-identical.

Examples
--------
>>> store_path_from_url("sqlite:////srv/hongtong/intake.sqlite").as_posix()
'/srv/hongtong/intake.sqlite'
>>> store_path_from_url("sqlite:///data/store/intake.sqlite").as_posix()
'data/store/intake.sqlite'
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from hongtonglib import paths
from hongtonglib.intake.migrations import LATEST_VERSION, MIGRATIONS, SCHEMA_VERSION_TABLE

logger = logging.getLogger(__name__)

STORE_URL_ENV = "HONGTONG_STORE_URL"
"""Environment variable naming the store (a path or ``sqlite:///`` URL)."""
BUSY_TIMEOUT_S = 60.0
"""How long a run waits for another run's write lock before giving up."""


class StoreError(RuntimeError):
    """The store cannot do what was asked (unknown submission, locked value, bad URL …)."""


@dataclass(frozen=True)
class StoreLocation:
    """The SQLite file of a store and the folder of its original files.

    >>> StoreLocation(Path("/tmp/s/intake.sqlite")).files_dir.as_posix()
    '/tmp/s/intake_files'
    """

    db_path: Path

    @property
    def files_dir(self) -> Path:
        """The folder of the submitted workbooks (``<stem>_files`` next to the database)."""
        return self.db_path.parent / f"{self.db_path.stem}_files"

    @property
    def journal_path(self) -> Path:
        """SQLite's rollback journal, present only during (or after an interrupted) write."""
        return self.db_path.with_name(self.db_path.name + "-journal")

    def exists(self) -> bool:
        """Whether the database file exists."""
        return self.db_path.is_file()


StoreArg = str | os.PathLike[str] | StoreLocation | None
"""What public functions accept as ``store``."""


def store_path_from_url(url: str) -> Path:
    """Return the database path of a ``sqlite:///`` URL or a plain path.

    Raises
    ------
    StoreError
        For another database scheme, or an in-memory database (it would lose submissions).
    """
    text = url.strip()
    if "://" not in text:
        return Path(text).expanduser()
    scheme, _, rest = text.partition("://")
    if scheme.lower() not in ("sqlite", "sqlite3", "file"):
        raise StoreError(
            f"store URL {url!r}: only SQLite is supported (sqlite:///path/to/intake.sqlite)"
        )
    if not rest.startswith("/"):
        raise StoreError(f"store URL {url!r} must be sqlite:///<path>")
    path = rest[1:] if scheme.lower() != "file" else rest
    path = path.split("?", 1)[0]
    if path in ("", ":memory:"):
        raise StoreError("an in-memory store would lose every submission; give a file path")
    return Path(path).expanduser()


def resolve_store(store: StoreArg = None) -> StoreLocation:
    """Return the store's location from the argument, the environment or the default."""
    if isinstance(store, StoreLocation):
        return store
    if store is not None:
        return StoreLocation(store_path_from_url(os.fspath(store)).resolve())
    from_env = os.environ.get(STORE_URL_ENV)
    if from_env:
        return StoreLocation(store_path_from_url(from_env).resolve())

    return StoreLocation(paths.store_db_path())


def utc_now() -> str:
    """Return the current UTC time as ISO 8601 with seconds (``2025-01-02T03:04:05+00:00``)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _configure(connection: sqlite3.Connection) -> sqlite3.Connection:
    connection.row_factory = sqlite3.Row
    connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


def schema_version(connection: sqlite3.Connection) -> int:
    """Return the store's schema version (0 for a new file)."""
    exists = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not exists:
        return 0
    row = connection.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


@contextmanager
def write_transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Run a block inside ``BEGIN IMMEDIATE`` … ``COMMIT``, rolling back on any error."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def migrate(connection: sqlite3.Connection) -> int:
    """Bring the schema to :data:`LATEST_VERSION`; return the version found before.

    Raises
    ------
    StoreError
        When the store was written by a newer version of this code.
    """
    with write_transaction(connection):
        connection.execute(SCHEMA_VERSION_TABLE)
        found = schema_version(connection)
        if found > LATEST_VERSION:
            raise StoreError(
                f"the store has schema version {found}; this code knows up to {LATEST_VERSION}"
            )
        for migration in MIGRATIONS:
            if migration.version <= found:
                continue
            for statement in migration.statements:
                connection.execute(statement)
            connection.execute(
                "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.description, utc_now()),
            )
            connection.execute(f"PRAGMA user_version = {migration.version}")
            logger.info("store migrated to schema version %d", migration.version)
    return found


def connect_writer(location: StoreLocation) -> sqlite3.Connection:
    """Open (creating if needed) the store for writing, migrated to the latest schema."""
    location.db_path.parent.mkdir(parents=True, exist_ok=True)
    location.files_dir.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(
        location.db_path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
    )
    _configure(connection)
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.execute("PRAGMA synchronous = FULL")
    if schema_version(connection) != LATEST_VERSION:
        migrate(connection)
    return connection


def _roll_back_interrupted(location: StoreLocation) -> None:
    connection = _configure(
        sqlite3.connect(location.db_path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    )
    try:
        connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    finally:
        connection.close()
    logger.debug("journal next to %s: checked for an interrupted run", location.db_path)


def connect_reader(location: StoreLocation) -> sqlite3.Connection | None:
    """Open the store read-only, or return None when it does not exist yet.

    A store of an older schema is migrated first (a write), then reopened read-only.
    """
    if not location.exists():
        return None
    if location.journal_path.exists():
        # A run killed mid-transaction leaves its rollback journal; only a writable
        # connection may roll a hot journal back, which SQLite does on the first read.
        _roll_back_interrupted(location)
    uri = location.db_path.resolve().as_uri() + "?mode=ro"
    connection = _configure(
        sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    )
    if schema_version(connection) == LATEST_VERSION:
        return connection
    connection.close()
    connect_writer(location).close()
    return _configure(sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None))


def integrity_check(location: StoreLocation) -> list[str]:
    """Return SQLite's ``integrity_check`` result lines (``['ok']`` when sound)."""
    connection = connect_reader(location)
    if connection is None:
        return ["ok"]
    try:
        return [row[0] for row in connection.execute("PRAGMA integrity_check")]
    finally:
        connection.close()
