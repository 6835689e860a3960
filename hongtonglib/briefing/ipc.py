"""A kernel manager whose kernels talk over Unix sockets with unique names, not TCP ports.

Kernels started at the same time by several worker processes each pick "free" TCP ports on
their own and can collide, so that one kernel never answers ("Kernel didn't respond in 60
seconds"). IPC sockets named after a fresh id in Jupyter's runtime folder cannot collide, and
the kernel no longer warns about unencrypted TCP. The socket files are removed when the kernel
is cleaned up.

Examples
--------
>>> IPCKernelManager(kernel_name="hongtong").transport
'ipc'
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.paths import jupyter_runtime_dir


class IPCKernelManager(AsyncKernelManager):
    """``AsyncKernelManager`` (nbclient's default) with IPC transport and a unique socket path."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("transport", "ipc")
        super().__init__(**kwargs)
        runtime = Path(jupyter_runtime_dir())
        runtime.mkdir(parents=True, exist_ok=True)
        self.ip = str(runtime / f"hongtong-{uuid.uuid4().hex[:12]}")
