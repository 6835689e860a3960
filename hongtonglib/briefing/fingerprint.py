"""Input hashes of a briefing: what decides whether it must be rendered again.

A briefing's inputs are its notebook, its parameter file, every file under ``data/`` (the
embedded data and the department-submission store), the submission store's database wherever
it lives (``HONGTONG_STORE_URL`` may put it outside ``data/``), and the library: the package
version, a hash of every file of the ``hongtonglib`` package (code and templates) and of the
lock file. The git commit is recorded too, but is not part of the fingerprint: committing
documentation does not make a briefing stale.

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
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import hongtonglib
from hongtonglib.briefing.catalog import Briefing, display_path
from hongtonglib.filehashes import HashCache, package_source_hash
from hongtonglib.intake.db import StoreError, resolve_store

logger = logging.getLogger(__name__)


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


def store_inputs(cache: HashCache, root: Path) -> dict[str, str]:
    """Return ``{"store:<path>": sha256}`` of the submission store's database.

    Empty when the store is under ``root/data`` (already hashed with the data files). A
    store outside it is hashed here, so that approving a value makes every briefing stale
    wherever the store lives; a missing database hashes as ``"absent"``.
    """
    try:
        db_path = resolve_store().db_path.resolve()
    except StoreError:
        return {}
    data_dir = (root / "data").resolve()
    if db_path.is_relative_to(data_dir):
        return {}
    return {f"store:{db_path.as_posix()}": cache.sha256(db_path) if db_path.is_file() else "absent"}


def library_inputs(cache: HashCache, root: Path) -> LibraryInputs:
    """Return the library's version, source hash, lock-file hash and git commit."""
    source_hash = package_source_hash(cache)
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
