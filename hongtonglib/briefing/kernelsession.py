"""One kernel per worker process, reused across the notebooks that worker executes.

Starting a kernel and importing the library (pandas) costs about 1.2 s of the ~1.6 s a
department briefing takes. A worker therefore keeps one kernel and hands it to papermill for
each notebook (``papermill.execute_notebook(..., km=<started manager>)``); nbclient leaves a
kernel it does not own running. Per notebook:

1. :meth:`KernelSession.acquire` returns a ready kernel: a fresh one when there is none (or it
   died), else the previous one after :func:`hongtonglib.briefing.isolation.reset_kernel` ran
   in it (user namespace, figures, library caches… see that module). A kernel that fails the
   reset is replaced.
2. papermill executes the notebook; nbclient creates its own client from the manager
   (:meth:`ReusedKernelManager.client`) and, not owning the manager, does not stop it.
3. :meth:`KernelSession.release` stops every client's channels (sockets, heartbeat thread, zmq
   context: nothing accumulates over the notebooks) and, when the notebook failed, timed out or
   killed its kernel, shuts the kernel down so that the next notebook gets a fresh one.

The kernel manager is asynchronous and bound to the event loop it first ran on: every call
here goes through :func:`jupyter_core.utils.run_sync`, as nbclient's do, which runs them on
this thread's one loop. :func:`worker_session` makes one session per process and registers its
shutdown with :class:`multiprocessing.util.Finalize`, which runs when a pool worker exits (it
leaves through ``os._exit``, skipping :mod:`atexit`) and at interpreter exit otherwise.

Examples
--------
>>> KernelSession("hongtong").kernels_started
0
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from jupyter_core.utils import run_sync

from hongtonglib.briefing.ipc import IPCKernelManager
from hongtonglib.briefing.isolation import reset_code

logger = logging.getLogger(__name__)

RESET_TIMEOUT_S = 60
"""Longest the reset between two notebooks may take before the kernel is replaced."""

KERNEL_ARGUMENTS = ["--HistoryManager.hist_file=:memory:"]
"""What nbclient passes to a kernel it starts: no history database shared between kernels."""


class ResetFailed(RuntimeError):
    """The reset before a notebook did not succeed in the kernel."""


class ReusedKernelManager(IPCKernelManager):
    """An IPC kernel manager that remembers its clients, to stop them after each notebook."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._clients: list[Any] = []

    def client(self, **kwargs: Any) -> Any:
        """Return a new client (as nbclient asks for one per notebook) and remember it."""
        kc = super().client(**kwargs)
        self._clients.append(kc)
        return kc

    def stop_clients(self) -> int:
        """Stop the channels of every client made so far; return how many."""
        stopped = 0
        while self._clients:
            kc = self._clients.pop()
            try:
                kc.stop_channels()
            except Exception:  # a client of a dead kernel: nothing else to release
                logger.debug("stopping a kernel client failed", exc_info=True)
            stopped += 1
        return stopped

    @property
    def open_clients(self) -> int:
        """Return how many clients have not been stopped."""
        return len(self._clients)


class KernelSession:
    """The kernel of one worker process, reused from one notebook to the next.

    Parameters
    ----------
    kernel_name : str
        Kernel spec to start (``hongtong``).
    start_timeout_s : float
        Longest a kernel may take to start and answer.
    """

    def __init__(self, kernel_name: str, start_timeout_s: float = 180) -> None:
        self.kernel_name = kernel_name
        self.start_timeout_s = start_timeout_s
        self.km: ReusedKernelManager | None = None
        self.pid = os.getpid()
        self.kernels_started = 0
        self.notebooks = 0

    # -- per notebook --------------------------------------------------------------------

    def acquire(self, *, cwd: Path | None = None, log: Path | None = None) -> ReusedKernelManager:
        """Return a started kernel, reset for the next notebook.

        Parameters
        ----------
        cwd : Path, optional
            The notebook's working folder.
        log : Path, optional
            Where the kernel's stderr goes during this notebook.
        """
        if self.km is not None and not self._alive():
            logger.info("kernel %s is gone; starting a fresh one", self.kernel_pid)
            self.discard()
        fresh = self.km is None
        if fresh:
            self._start(cwd)
        try:
            self._reset(cwd, log)
        except Exception as error:
            self.discard()
            if fresh:
                raise
            logger.warning("resetting the kernel failed (%s); starting a fresh one", error)
            self._start(cwd)
            try:
                self._reset(cwd, log)
            except Exception:
                self.discard()
                raise
        self.notebooks += 1
        assert self.km is not None
        return self.km

    def release(self, *, healthy: bool) -> None:
        """End a notebook: stop its clients; shut the kernel down unless ``healthy``."""
        if self.km is None:
            return
        self.km.stop_clients()
        if not healthy or not self._alive():
            self.discard()

    # -- kernel lifetime -----------------------------------------------------------------

    @property
    def kernel_pid(self) -> int | None:
        """Return the running kernel's process id, if any."""
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        return getattr(process, "pid", None)

    def discard(self) -> None:
        """Shut the kernel down now (if any) and release its resources."""
        km, self.km = self.km, None
        if km is None:
            return
        km.stop_clients()
        try:
            run_sync(_shutdown)(km)
        except Exception:  # never let cleanup hide the briefing's own failure
            logger.warning("shutting down kernel failed", exc_info=True)

    def close(self) -> None:
        """Shut the kernel down; the session may start another one later."""
        if os.getpid() != self.pid:  # inherited through fork: the kernel is the parent's
            self.km = None
            return
        self.discard()

    def _alive(self) -> bool:
        assert self.km is not None
        try:
            return bool(run_sync(_is_alive)(self.km))
        except Exception:
            return False

    def _start(self, cwd: Path | None) -> None:
        km = ReusedKernelManager(kernel_name=self.kernel_name)
        self.km = km
        try:
            run_sync(_start)(km, cwd, self.start_timeout_s)
        except Exception:
            self.discard()
            raise
        self.kernels_started += 1
        logger.debug("started kernel %s", self.kernel_pid)

    def _reset(self, cwd: Path | None, log: Path | None) -> None:
        assert self.km is not None
        code = reset_code(cwd=str(cwd) if cwd else None, log=str(log) if log else None)
        try:
            run_sync(_execute_silently)(self.km, code, RESET_TIMEOUT_S)
        finally:
            self.km.stop_clients()


async def _is_alive(km: ReusedKernelManager) -> bool:
    return bool(await km.is_alive())


async def _start(km: ReusedKernelManager, cwd: Path | None, timeout: float) -> None:
    kwargs: dict[str, Any] = {"extra_arguments": list(KERNEL_ARGUMENTS)}
    if cwd is not None:
        kwargs["cwd"] = str(cwd)
    await km.start_kernel(**kwargs)
    kc = km.client()
    kc.start_channels()
    await kc.wait_for_ready(timeout=timeout)


async def _execute_silently(km: ReusedKernelManager, code: str, timeout: float) -> None:
    """Run ``code`` in the kernel without output or history; raise if it fails."""
    kc = km.client()
    kc.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
    msg_id = kc.execute(code, silent=True, store_history=False, allow_stdin=False)
    while True:
        reply = await kc.get_shell_msg(timeout=timeout)
        if reply.get("parent_header", {}).get("msg_id") == msg_id:
            break
    content = reply["content"]
    if content.get("status") != "ok":
        raise ResetFailed(f"{content.get('ename')}: {content.get('evalue')}")


async def _shutdown(km: ReusedKernelManager) -> None:
    """Kill the kernel if it runs, then remove its sockets and connection file."""
    try:
        if await km.is_alive():
            await km.shutdown_kernel(now=True)
            return
    except RuntimeError as error:  # as nbclient: a kernel already gone is not an error
        if "No kernel is running!" not in str(error):
            raise
    await km.cleanup_resources()


_SESSION: KernelSession | None = None


def worker_session(kernel_name: str, start_timeout_s: float = 180) -> KernelSession:
    """Return this process's kernel session, made on first use and closed at process exit."""
    global _SESSION
    session = _SESSION
    if session is not None and session.pid != os.getpid():  # inherited through fork
        session.km = None
        session = None
    if session is not None and session.kernel_name != kernel_name:
        session.close()
        session = None
    if session is None:
        from multiprocessing.util import Finalize

        session = KernelSession(kernel_name, start_timeout_s)
        Finalize(None, close_worker_session, exitpriority=100)
        _SESSION = session
    return session


def close_worker_session() -> None:
    """Shut down this process's kernel, if it has one (run at worker exit)."""
    global _SESSION
    session, _SESSION = _SESSION, None
    if session is not None:
        session.close()
