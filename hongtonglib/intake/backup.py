"""Back up and restore the submission store with SQLite's online backup API.

A backup is itself a complete store: :func:`backup_store` copies the database page by page
with :meth:`sqlite3.Connection.backup` (consistent even while other runs read or write, since
it holds a read transaction) into a new file, checks it with ``PRAGMA integrity_check``, and
copies every original workbook into the backup's own originals folder. Nothing existing is
overwritten: the backup's database must not exist yet.

:func:`restore_store` checks the backup the same way, keeps the current database file (if
any, damaged or not) beside it as ``<name>.replaced-<UTC time>``, copies the backup in with
the backup API, and copies back every original workbook the store's folder lacks. An
original present in both with different bytes is reported, never replaced. Stop other runs
that write the store while restoring.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> from hongtonglib.intake.db import connect_writer, StoreLocation
>>> connect_writer(StoreLocation(folder / "intake.sqlite")).close()
>>> made = backup_store(folder / "intake.sqlite", folder / "copy" / "backup.sqlite")
>>> made.integrity, made.originals_copied
(['ok'], 0)
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from hongtonglib.fileio import file_md5
from hongtonglib.intake.db import (
    BUSY_TIMEOUT_S,
    StoreArg,
    StoreDamaged,
    StoreError,
    StoreLocation,
    integrity_check,
    preflight,
    resolve_store,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BackupResult:
    """What :func:`backup_store` or :func:`restore_store` did."""

    source: Path
    target: Path
    integrity: list[str]
    originals_copied: int
    kept_aside: Path | None = None
    conflicts: list[str] = field(default_factory=list)


def _copy_database(source: Path, target: Path) -> list[str]:
    """Copy ``source`` into a new ``target`` with the backup API; return the target's check."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        reader = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True,
                                 timeout=BUSY_TIMEOUT_S)  # fmt: skip
        writer = sqlite3.connect(tmp)
        try:
            reader.backup(writer)
            writer.execute("PRAGMA journal_mode = DELETE")
        finally:
            writer.close()
            reader.close()
        check = integrity_check(StoreLocation(tmp))
        if check != ["ok"]:
            raise StoreDamaged(f"the copy of {source} is not sound: {check[0]}")
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
        return check
    finally:
        tmp.unlink(missing_ok=True)


def _copy_originals(source: StoreLocation, target: StoreLocation) -> tuple[int, list[str]]:
    """Copy the originals ``target`` lacks; return the count and the names that differ."""
    target.files_dir.mkdir(parents=True, exist_ok=True)
    copied, conflicts = 0, []
    for path in source.originals():
        destination = target.files_dir / path.name
        if destination.exists():
            if file_md5(destination) != file_md5(path):
                conflicts.append(path.name)
            continue
        shutil.copy2(path, destination)
        copied += 1
    return copied, conflicts


def _sound(location: StoreLocation, label: str) -> None:
    if not preflight(location):
        raise StoreError(f"{label} {location.db_path} holds no store")
    check = integrity_check(location)
    if check != ["ok"]:
        raise StoreDamaged(f"{label} {location.db_path} is damaged: {check[0]}")


def backup_store(store: StoreArg, target: str | os.PathLike[str]) -> BackupResult:
    """Copy the store (database and originals) to a new store at ``target``.

    Raises
    ------
    StoreError
        When ``target`` exists, or the store is missing or damaged (back up a damaged file
        by copying it as it is; this command only makes sound backups).
    """
    source = resolve_store(store)
    destination = resolve_store(target)
    if destination.db_path.exists():
        raise StoreError(f"{destination.db_path} exists; a backup never overwrites a file")
    _sound(source, "the store")
    check = _copy_database(source.db_path, destination.db_path)
    copied, conflicts = _copy_originals(source, destination)
    logger.info("store backed up to %s (%d originals)", destination.db_path, copied)
    return BackupResult(source.db_path, destination.db_path, check, copied, None, conflicts)


def restore_store(backup: str | os.PathLike[str], store: StoreArg = None) -> BackupResult:
    """Replace the store's database by a sound backup; bring back missing originals.

    The current database file, if any, is kept beside it as ``<name>.replaced-<time>``.

    Raises
    ------
    StoreError
        When the backup is missing or not a sound store.
    """
    source = resolve_store(backup)
    destination = resolve_store(store)
    if source.db_path == destination.db_path:
        raise StoreError("the backup and the store are the same file")
    _sound(source, "the backup")
    kept: Path | None = None
    destination.db_path.parent.mkdir(parents=True, exist_ok=True)
    if destination.db_path.exists():
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        kept = destination.db_path.with_name(f"{destination.db_path.name}.replaced-{stamp}")
        os.link(destination.db_path, kept)
        journal = destination.journal_path
        if journal.exists():
            os.replace(journal, kept.with_name(kept.name + "-journal"))
    check = _copy_database(source.db_path, destination.db_path)
    copied, conflicts = _copy_originals(source, destination)
    logger.info("store restored from %s (%d originals)", source.db_path, copied)
    return BackupResult(source.db_path, destination.db_path, check, copied, kept, conflicts)
