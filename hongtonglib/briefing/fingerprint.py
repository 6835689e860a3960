"""Input hashes of a briefing: what decides whether it must be rendered again.

A briefing's inputs are its notebook, its parameter file, every file under ``data/`` (the
embedded data and the department-submission store), and the library: the package version,
a hash of every file of the ``hongtonglib`` package (code and templates) and of the lock file.
The git commit is recorded too, but is not part of the fingerprint: committing documentation
does not make a briefing stale.

Hashes are sha256. A small cache keyed by path, size and modification time keeps an unchanged
re-run from reading every data file again. This module imports nothing heavy.

Examples
--------
>>> len(fingerprint({"notebook": {"a.ipynb": "00"}}, {"kernel": "hongtong"}))
64
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import hongtonglib
from hongtonglib.briefing.catalog import Briefing, display_path
from hongtonglib.fileio import atomic_write_text, file_sha256

logger = logging.getLogger(__name__)

_PACKAGE_DIR = Path(hongtonglib.__file__).resolve().parent
_SKIPPED_DIRS = {"__pycache__", ".ipynb_checkpoints"}


@dataclass(frozen=True)
class LibraryInputs:
    """What identifies the library a briefing was rendered with."""

    version: str
    source_hash: str
    lock_hash: str | None
    git_commit: str | None

    def as_dict(self) -> dict[str, Any]:
        """Return the fields as a JSON-ready mapping."""
        return asdict(self)


class HashCache:
    """sha256 of files, remembered by path, size and modification time.

    Parameters
    ----------
    path : Path or None
        JSON file the cache is kept in; ``None`` for a cache that lives in memory only.
    """

    def __init__(self, path: Path | None = None):
        self.path = path
        self._entries: dict[str, list[Any]] = {}
        self._dirty = False
        if path is not None and path.is_file():
            try:
                self._entries = json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                logger.warning("ignoring unreadable hash cache %s", path)

    def sha256(self, path: Path) -> str:
        """Return the file's sha256, from the cache when size and mtime are unchanged."""
        stat = path.stat()
        key = str(path.resolve())
        entry = self._entries.get(key)
        if entry and entry[0] == stat.st_size and entry[1] == stat.st_mtime_ns:
            return str(entry[2])
        digest = file_sha256(path)
        self._entries[key] = [stat.st_size, stat.st_mtime_ns, digest]
        self._dirty = True
        return digest

    def save(self) -> None:
        """Write the cache back (atomically) if it learnt anything."""
        if self.path is not None and self._dirty:
            atomic_write_text(self.path, json.dumps(self._entries, sort_keys=True))
            self._dirty = False


def _walk_files(folder: Path) -> list[Path]:
    """Return the files under ``folder``, sorted, without hidden, cache and temporary files."""
    found: list[Path] = []
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIPPED_DIRS)
        found.extend(
            Path(current) / f
            for f in sorted(files)
            if not f.startswith(".") and not f.endswith((".tmp", ".pyc"))
        )
    return found


def tree_hashes(folder: Path, cache: HashCache, *, relative_to: Path) -> dict[str, str]:
    """Return ``{relative posix path: sha256}`` for every file under ``folder``."""
    if not folder.is_dir():
        return {}
    return {p.relative_to(relative_to).as_posix(): cache.sha256(p) for p in _walk_files(folder)}


def library_inputs(cache: HashCache, root: Path) -> LibraryInputs:
    """Return the library's version, source hash, lock-file hash and git commit."""
    sources = tree_hashes(_PACKAGE_DIR, cache, relative_to=_PACKAGE_DIR)
    source_hash = hashlib.sha256(json.dumps(sources, sort_keys=True).encode()).hexdigest()
    lock = root / "requirements" / "lock.txt"
    return LibraryInputs(
        version=hongtonglib.__version__,
        source_hash=source_hash,
        lock_hash=cache.sha256(lock) if lock.is_file() else None,
        git_commit=git_commit(root),
    )


def git_commit(root: Path) -> str | None:
    """Return the commit checked out at ``root`` (``+dirty`` when files differ), or ``None``."""
    if not (root / ".git").exists():
        return None
    try:
        head = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{head}+dirty" if dirty else head


def briefing_inputs(
    briefing: Briefing, cache: HashCache, data: dict[str, str], library: LibraryInputs, root: Path
) -> dict[str, Any]:
    """Return the manifest's ``inputs`` record of one briefing (every hash it depends on)."""

    def one(path: Path) -> dict[str, str | None]:
        return {display_path(path, root): cache.sha256(path) if path.is_file() else None}

    parameters = one(briefing.parameter_file)
    if briefing.generated is not None:  # a profile: values generated from the region list
        parameters["generated"] = json.dumps(dict(briefing.generated), sort_keys=True)
    return {
        "notebook": one(briefing.notebook),
        "parameters": parameters,
        "data": data,
        "library": library.as_dict(),
    }


def fingerprint(inputs: dict[str, Any], options: dict[str, Any]) -> str:
    """Return the sha256 of a briefing's inputs and render options, the git commit left out."""
    stable = {key: value for key, value in inputs.items() if key != "library"}
    library = inputs.get("library", {})
    stable["library"] = {k: v for k, v in library.items() if k != "git_commit"}
    payload = json.dumps({"inputs": stable, "options": options}, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()
