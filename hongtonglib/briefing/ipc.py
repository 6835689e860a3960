"""A kernel manager whose kernels talk over Unix sockets with unique names, not TCP ports.

Kernels started at the same time by several worker processes each pick "free" TCP ports on
their own and can collide, so that one kernel never answers ("Kernel didn't respond in 60
seconds"). IPC sockets named after a fresh id in Jupyter's runtime folder cannot collide, and
the kernel no longer warns about unencrypted TCP. The socket files are removed when the kernel
is cleaned up.

Every manager made in a process is remembered (weakly) so that :func:`cleanup_kernels` can
kill the kernels and remove their connection and socket files when the process is told to
stop (:mod:`hongtonglib.briefing.lifeline`); each kernel is started with a ``preexec_fn`` that
makes it die with the process that started it.

Examples
--------
>>> IPCKernelManager(kernel_name="hongtong").transport
'ipc'
"""

from __future__ import annotations

import logging
import os
import signal
import uuid
import weakref
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.paths import jupyter_runtime_dir

from hongtonglib.briefing.lifeline import kernel_preexec, register_cleanup

logger = logging.getLogger(__name__)

_MANAGERS: weakref.WeakSet[IPCKernelManager] = weakref.WeakSet()


class IPCKernelManager(AsyncKernelManager):
    """``AsyncKernelManager`` (nbclient's default) with IPC transport and a unique socket path."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("transport", "ipc")
        super().__init__(**kwargs)
        runtime = Path(jupyter_runtime_dir())
        runtime.mkdir(parents=True, exist_ok=True)
        self.ip = str(runtime / f"hongtong-{uuid.uuid4().hex[:12]}")
        self.owner_pid = os.getpid()
        _MANAGERS.add(self)

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        """Launch the kernel so that it dies with this process (see ``lifeline``)."""
        preexec = kernel_preexec()
        if preexec is not None:
            kw.setdefault("preexec_fn", preexec)
        await super()._async_launch_kernel(kernel_cmd, **kw)

    _launch_kernel = _async_launch_kernel


def cleanup_kernels() -> int:
    """Kill every kernel this process started; remove their connection and socket files.

    Safe to call from a signal handler: no event loop, no messages, only ``kill`` and file
    removal. Returns how many managers were cleaned.
    """
    cleaned = 0
    for km in list(_MANAGERS):
        if km.owner_pid != os.getpid():  # inherited through fork: the parent's kernel
            continue
        process = getattr(getattr(km, "provisioner", None), "process", None)
        pid = getattr(process, "pid", None)
        if pid is not None and getattr(process, "returncode", None) is None:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        try:
            km.cleanup_connection_file()
            km.cleanup_ipc_files()
        except Exception:  # never let cleanup stop the exit
            logger.debug("cleaning up a kernel's files failed", exc_info=True)
        cleaned += 1
    return cleaned


register_cleanup(cleanup_kernels)
