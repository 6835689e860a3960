"""The output folder of a render: checked before any kernel starts, locked while in use.

:func:`check_out_dir` refuses, with one clear message, an ``--out`` that is a regular file,
lies in a virtual file system (``/proc``, ``/sys``, ``/dev``), cannot be created, or cannot be
written (a probe file is created and removed, which also catches a read-only mount).

:func:`render_lock` holds an exclusive :func:`fcntl.flock` on ``<out>/.render.lock`` for the
whole run, so that two renders into one folder at the same time (say ``-d fire_rescue`` and
``-d health``) run one after the other and each merges its records into the manifest the
other wrote: no record is lost. The lock is the kernel's, so a killed run releases it.
Holding it, :func:`remove_stale_temporaries` deletes what a killed run was writing (the
hidden ``.*.tmp`` files of :mod:`hongtonglib.fileio` and papermill's ``.*.partial.ipynb``):
no other run can be writing them then.

Examples
--------
>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "rendered"
>>> check_out_dir(out)
>>> out.exists()
False
>>> out.mkdir()
>>> with render_lock(out):
...     (out / LOCK_FILE).is_file()
True
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

logger = logging.getLogger(__name__)

LOCK_FILE = ".render.lock"
"""The lock file of an output folder (hidden: not hashed, not listed)."""
VIRTUAL_ROOTS = ("/proc", "/sys", "/dev")
"""Folders of virtual files where pages cannot be written."""


class OutputDirError(ValueError):
    """The output folder cannot hold the rendered pages."""


def check_out_dir(out: Path) -> None:
    """Make sure pages can be written to ``out`` (or where it would be created).

    Nothing is created: a probe file is written and removed in ``out``, or, when ``out``
    does not exist yet, in its nearest existing parent folder.

    Raises
    ------
    OutputDirError
        With what is wrong and which path.
    """
    resolved = Path(os.path.abspath(out))
    for root in VIRTUAL_ROOTS:
        if resolved == Path(root) or resolved.is_relative_to(root):
            raise OutputDirError(f"--out {out}: {root} holds no real files; choose a folder")
    existing = next(p for p in (resolved, *resolved.parents) if p.exists())
    if not existing.is_dir():
        raise OutputDirError(f"--out {out}: {existing} is a file, not a folder")
    try:
        fd, probe = tempfile.mkstemp(prefix=".write-probe.", dir=existing)
        os.close(fd)
        os.unlink(probe)
    except OSError as error:
        raise OutputDirError(
            f"--out {out}: cannot write in {existing} ({error.strerror or error})"
        ) from error


def remove_stale_temporaries(out: Path) -> list[Path]:
    """Delete the temporary files a killed run left in ``out``; return them.

    Call only while holding :func:`render_lock`.
    """
    removed = []
    for pattern in (".*.tmp", ".*.partial.ipynb"):
        for path in out.rglob(pattern):
            if path.is_file():
                path.unlink(missing_ok=True)
                removed.append(path)
    if removed:
        logger.info("removed %d temporary file(s) of an interrupted run in %s", len(removed), out)
    return removed


@contextlib.contextmanager
def render_lock(out: Path) -> Iterator[None]:
    """Hold the output folder's exclusive lock; wait for another render holding it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no lock
        yield
        return
    with open(out / LOCK_FILE, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            logger.warning("another render is writing into %s; waiting for it", out)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
