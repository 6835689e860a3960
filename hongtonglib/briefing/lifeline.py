"""Tie worker processes and kernels to the life of the ``hongtong render`` process.

A render's main process forks pool workers; each worker starts Jupyter kernels, which
jupyter_client puts in a session of their own. Killed with ``kill -9`` or SIGTERM, the main
process would leave its workers and kernels running and their connection files behind. So:

- every worker asks Linux to send it SIGTERM when its parent dies
  (``prctl(PR_SET_PDEATHSIG)``, through :mod:`ctypes`, :func:`install_worker_lifeline`), and
  handles SIGTERM by running the registered cleanups (:func:`register_cleanup`;
  :mod:`hongtonglib.briefing.ipc` registers one that kills the worker's kernels and removes
  their connection and socket files) before it exits;
- every kernel asks for SIGKILL when its parent (the worker) dies
  (:func:`kernel_preexec`, run in the kernel's process before ``exec``), which covers a worker
  killed with ``kill -9`` itself.

Where ``prctl`` does not exist (not Linux), these do nothing and the earlier behaviour stays
(a Ctrl-C still shuts everything down through the pool).

Examples
--------
>>> PR_SET_PDEATHSIG
1
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import signal
import sys
from collections.abc import Callable
from types import FrameType

logger = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1
"""``prctl`` option: the signal this process gets when its parent thread dies (linux/prctl.h)."""

_LIBC: ctypes.CDLL | None = None
_CLEANUPS: list[Callable[[], object]] = []


def register_cleanup(cleanup: Callable[[], object]) -> None:
    """Run ``cleanup()`` when a worker is told to stop (SIGTERM or its parent's death)."""
    if cleanup not in _CLEANUPS:
        _CLEANUPS.append(cleanup)


def run_cleanups() -> None:
    """Run every registered cleanup, each one even if another failed."""
    for cleanup in list(_CLEANUPS):
        try:
            cleanup()
        except Exception:  # pragma: no cover - best effort while exiting
            logger.debug("cleanup %r failed", cleanup, exc_info=True)


def _libc() -> ctypes.CDLL | None:
    global _LIBC
    if _LIBC is None and sys.platform.startswith("linux"):
        _LIBC = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    return _LIBC


def die_with_parent(signum: int, parent_pid: int | None = None) -> bool:
    """Ask the kernel to send ``signum`` to this process when its parent dies.

    Parameters
    ----------
    signum : int
        The signal (``signal.SIGTERM`` for a worker that cleans up, ``SIGKILL`` for a kernel).
    parent_pid : int, optional
        The parent expected; if it is already gone (the parent died between the fork and this
        call), the signal is sent now.

    Returns
    -------
    bool
        Whether the request was made (``False`` where ``prctl`` does not exist).
    """
    libc = _libc()
    if libc is None:
        return False
    if libc.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0) != 0:
        return False
    if parent_pid is not None and os.getppid() != parent_pid:
        os.kill(os.getpid(), signum)
    return True


def kernel_preexec() -> Callable[[], None] | None:
    """Return the ``preexec_fn`` that makes a kernel die with the process that starts it."""
    if _libc() is None:
        return None
    parent = os.getpid()

    def preexec() -> None:
        die_with_parent(signal.SIGKILL, parent)

    return preexec


def install_worker_lifeline(parent_pid: int) -> None:
    """Make this worker exit, after the registered cleanups, when its parent dies or on SIGTERM.

    Used as the process pool's initializer (``initargs=(os.getpid(),)`` in the parent).
    """

    def on_term(signum: int, frame: FrameType | None) -> None:
        del frame
        try:
            run_cleanups()
        finally:
            os._exit(128 + signum)

    signal.signal(signal.SIGTERM, on_term)
    die_with_parent(signal.SIGTERM, parent_pid)
