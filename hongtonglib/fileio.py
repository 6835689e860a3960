"""Atomic writes and file hashes.

An output is written to a temporary file in the same folder and moved into place with
:func:`os.replace`, so a reader never sees a half-written file, even after a kill.

Examples
--------
>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
>>> atomic_write_text(target, "你好")
>>> target.read_text(encoding="utf-8")
'你好'
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is not imported here: light modules (briefing) use this module
    import pandas as pd

_DEFAULT_MODE = 0o644
"""Mode of a newly written file: readable by all (pages are served as they are)."""


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, creating parent folders."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        # mkstemp creates the file 0600; give it the usual mode (or keep the file's own)
        mode = target.stat().st_mode & 0o777 if target.exists() else _DEFAULT_MODE
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_csv(path: str | os.PathLike[str], frame: pd.DataFrame) -> Path:
    """Write ``frame`` as UTF-8 CSV (no index, LF line ends) atomically; return the path."""
    atomic_write_text(path, frame.to_csv(index=False, lineterminator="\n"))
    return Path(path)


def write_csv_tables(
    directory: str | os.PathLike[str], tables: Mapping[str, pd.DataFrame]
) -> list[Path]:
    """Write each frame of ``{file name: frame}`` into ``directory``; return the paths."""
    return [atomic_write_csv(Path(directory) / name, frame) for name, frame in tables.items()]


def file_md5(path: str | os.PathLike[str]) -> str:
    """Return the hex md5 digest of a file's bytes."""
    digest = hashlib.md5()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_sha256(path: str | os.PathLike[str]) -> str:
    """Return the hex sha256 digest of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
