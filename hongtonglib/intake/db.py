"""Where the submission store lives and how to open it safely.

The store is one SQLite file (standard library :mod:`sqlite3`) and a folder of the original
workbooks next to it. Its location is, in order: the ``store`` argument (a path or a URL
``sqlite:///relative/path.sqlite`` / ``sqlite:////absolute/path.sqlite``), the environment
variable ``HONGTONG_STORE_URL``, or ``data/store/intake.sqlite``.

Connections use the rollback journal (not WAL, which fails on network shares), full
synchronous writes, foreign keys, and a busy timeout so that concurrent runs wait for each
other instead of failing. Every write happens in ``BEGIN IMMEDIATE`` … ``COMMIT``
(:func:`write_transaction`), so two writers never interleave and a killed run rolls back.
Readers open the file read-only (``mode=ro``), which leaves it byte-identical; they never
create or migrate a store.

Before any connection, :func:`preflight` refuses a database that is not a sound store of this
code: an empty (0-byte) or missing file next to a folder of original workbooks (the evidence
would be orphaned and later overwritten), a file that is not SQLite, another application's
SQLite file, a store of a newer schema, or a damaged one. Any :class:`sqlite3.DatabaseError`
raised on a store becomes a :class:`StoreDamaged` with a one-line message.

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


class StoreDamaged(StoreError):
    """The database file is missing, empty, foreign, of a newer schema, or damaged."""


SQLITE_HEADER = b"SQLite format 3\x00"
"""The first 16 bytes of every SQLite 3 database file."""
STORE_TABLES = ("schema_version", "submissions", "submission_values", "decisions")
"""Tables every store of schema version 1 or later has."""
RESTORE_HINT = "restore it from a backup (hongtong store-restore --from BACKUP)"
"""What a refused store's message tells the operator to do."""


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

    def originals(self) -> list[Path]:
        """Return the files of the originals folder (hidden and temporary files left out)."""
        if not self.files_dir.is_dir():
            return []
        return sorted(
            p
            for p in self.files_dir.iterdir()
            if p.is_file() and not p.name.startswith(".") and not p.name.endswith(".tmp")
        )


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


def damaged(location: StoreLocation, error: BaseException) -> StoreDamaged:
    """Return the one-line :class:`StoreDamaged` for a SQLite error raised on a store."""
    reason = str(error).splitlines()[0] if str(error) else type(error).__name__
    return StoreDamaged(f"store database {location.db_path} is damaged ({reason}); {RESTORE_HINT}")


def _table_names(connection: sqlite3.Connection) -> set[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {str(row[0]) for row in rows}


def _check_schema(location: StoreLocation, connection: sqlite3.Connection) -> int:
    """Return the schema version of an opened store, refusing foreign or newer ones."""
    tables = _table_names(connection)
    if not tables:
        return 0
    if "schema_version" not in tables:
        foreign = ", ".join(sorted(tables)[:5])
        raise StoreDamaged(
            f"{location.db_path} is another application's SQLite database (tables: {foreign}), "
            "not a Hongtong submission store; nothing was changed"
        )
    version = schema_version(connection)
    if version > LATEST_VERSION:
        raise StoreDamaged(
            f"the store has schema version {version}; this code knows up to {LATEST_VERSION}"
        )
    missing = [t for t in STORE_TABLES if t not in tables] if version >= 1 else []
    if missing:
        raise StoreDamaged(
            f"store database {location.db_path} lacks table(s) {', '.join(missing)}; {RESTORE_HINT}"
        )
    return version


def preflight(location: StoreLocation) -> bool:
    """Refuse a database file that is not a sound store; return whether it holds a store.

    A missing database with an empty (or no) originals folder is a store not created yet
    (``False``). Nothing is created, changed or deleted here.

    Raises
    ------
    StoreDamaged
        For a missing or empty (0-byte) database next to original workbooks, a file that is
        not SQLite (random bytes, truncated), another application's SQLite file, a store of a
        newer schema, or one SQLite cannot read.
    """
    db = location.db_path
    originals = location.originals()
    if not db.exists():
        if originals:
            raise StoreDamaged(
                f"store database {db} is missing but {location.files_dir} holds "
                f"{len(originals)} original workbook(s); {RESTORE_HINT}. "
                "Nothing was created or deleted"
            )
        return False
    if not db.is_file():
        raise StoreDamaged(f"store database {db} is not a regular file")
    size = db.stat().st_size
    if size == 0:
        if originals:
            raise StoreDamaged(
                f"store database {db} is empty (0 bytes) but {location.files_dir} holds "
                f"{len(originals)} original workbook(s); {RESTORE_HINT}. "
                "Nothing was created or deleted"
            )
        return False
    with open(db, "rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        raise StoreDamaged(
            f"store database {db} is not a SQLite database (damaged or truncated, "
            f"{size} bytes); {RESTORE_HINT}"
        )
    connection = None
    try:
        connection = sqlite3.connect(
            db.resolve().as_uri() + "?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S
        )
        version = _check_schema(location, connection)
    except sqlite3.DatabaseError as error:
        raise damaged(location, error) from error
    finally:
        if connection is not None:
            connection.close()
    if version == 0 and originals:
        raise StoreDamaged(
            f"store database {db} holds no store but {location.files_dir} holds "
            f"{len(originals)} original workbook(s); {RESTORE_HINT}"
        )
    return version > 0


def connect_writer(location: StoreLocation) -> sqlite3.Connection:
    """Open (creating if needed) the store for writing, migrated to the latest schema.

    Raises
    ------
    StoreDamaged
        When :func:`preflight` refuses the file or SQLite's ``quick_check`` finds damage;
        nothing is written then.
    """
    preflight(location)
    location.db_path.parent.mkdir(parents=True, exist_ok=True)
    location.files_dir.mkdir(parents=True, exist_ok=True)
    try:
        connection = sqlite3.connect(
            location.db_path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        _configure(connection)
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute("PRAGMA synchronous = FULL")
        check = [row[0] for row in connection.execute("PRAGMA quick_check")]
        if check != ["ok"]:
            connection.close()
            raise StoreDamaged(
                f"store database {location.db_path} is damaged ({check[0]}); nothing was "
                f"written; {RESTORE_HINT}"
            )
        if schema_version(connection) != LATEST_VERSION:
            migrate(connection)
    except sqlite3.DatabaseError as error:
        raise damaged(location, error) from error
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

    Never creates, migrates or otherwise changes the store (apart from SQLite rolling back
    the journal of an interrupted write, which restores the last committed state).

    Raises
    ------
    StoreDamaged
        When :func:`preflight` refuses the file.
    StoreError
        For a store of an older schema (a write command such as ``submit`` or
        ``hongtong store-upgrade`` migrates it).
    """
    if location.journal_path.exists() and location.exists():
        # A run killed mid-transaction leaves its rollback journal; only a writable
        # connection may roll a hot journal back, which SQLite does on the first read.
        try:
            _roll_back_interrupted(location)
        except sqlite3.DatabaseError as error:
            raise damaged(location, error) from error
    if not preflight(location):
        return None
    uri = location.db_path.resolve().as_uri() + "?mode=ro"
    try:
        connection = _configure(
            sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        )
        version = schema_version(connection)
    except sqlite3.DatabaseError as error:
        raise damaged(location, error) from error
    if version != LATEST_VERSION:
        connection.close()
        raise StoreError(
            f"the store {location.db_path} has schema version {version}, this code reads "
            f"{LATEST_VERSION}; run hongtong store-upgrade (or any write command) first"
        )
    return connection


def read_rows(location: StoreLocation, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
    """Run one read-only query on the store; no rows when the store does not exist yet."""
    connection = connect_reader(location)
    if connection is None:
        return []
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def integrity_check(location: StoreLocation) -> list[str]:
    """Return SQLite's ``integrity_check`` result lines (``['ok']`` when sound).

    Damage SQLite reports by raising (a file that is not a database, a malformed schema) is
    returned as one line instead; the store is opened read-only and never created.
    """
    if not location.exists() or location.db_path.stat().st_size == 0:
        return ["ok"]
    try:
        connection = sqlite3.connect(
            location.db_path.resolve().as_uri() + "?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S
        )
    except sqlite3.DatabaseError as error:
        return [f"cannot open: {error}"]
    try:
        return [str(row[0]) for row in connection.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as error:
        return [f"damaged: {error}"]
    finally:
        connection.close()
