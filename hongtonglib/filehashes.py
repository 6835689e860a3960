"""sha256 of files and folders, remembered by path, size and modification time.

Foundation for every cache key of the suite: the renderer's fingerprints
(:mod:`hongtonglib.briefing.fingerprint`) and the assessment cache
(:mod:`hongtonglib.assess.cache`). Imports nothing heavy and nothing of the package but
:mod:`hongtonglib.fileio`.

Examples
--------
>>> len(package_source_hash(HashCache()))
64
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Any

from hongtonglib.fileio import atomic_write_text, file_sha256

logger = logging.getLogger(__name__)

_PACKAGE_DIR = Path(__file__).resolve().parent
_SKIPPED_DIRS = {"__pycache__", ".ipynb_checkpoints"}


def _valid_entries(loaded: object) -> dict[str, list[Any]]:
    """Return the well-formed entries (``path: [size, mtime_ns, sha256]``) of a loaded cache."""
    if not isinstance(loaded, dict):
        return {}
    return {
        key: entry
        for key, entry in loaded.items()
        if isinstance(key, str)
        and isinstance(entry, list)
        and len(entry) == 3
        and all(isinstance(x, int) and not isinstance(x, bool) for x in entry[:2])
        and isinstance(entry[2], str)
        and len(entry[2]) == 64
        and all(c in "0123456789abcdef" for c in entry[2])
    }


class HashCache:
    """sha256 of files, remembered by path, size and modification time.

    A damaged cache file (not JSON, not a mapping, malformed entries) is ignored entry by
    entry and rewritten on :meth:`save`.

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
                loaded = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                logger.warning("ignoring unreadable hash cache %s", path)
                loaded = {}
            self._entries = _valid_entries(loaded)
            if loaded and len(self._entries) != (len(loaded) if isinstance(loaded, dict) else -1):
                logger.warning("hash cache %s was damaged; rebuilding it", path)
                self._dirty = True

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


def package_source_hash(cache: HashCache) -> str:
    """Return one sha256 over every file of the ``hongtonglib`` package (code and templates)."""
    sources = tree_hashes(_PACKAGE_DIR, cache, relative_to=_PACKAGE_DIR)
    return hashlib.sha256(json.dumps(sources, sort_keys=True).encode()).hexdigest()
