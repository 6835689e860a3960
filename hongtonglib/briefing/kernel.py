"""The project's Jupyter kernel, ``hongtong``: the venv's Python, registered into ``sys.prefix``.

``make install`` registers it; :func:`ensure_kernel` registers it again when it is missing (a
venv made some other way), so ``hongtong render`` works either way.

Examples
--------
>>> KERNEL_NAME
'hongtong'
"""

from __future__ import annotations

import logging
import sys

logger = logging.getLogger(__name__)

KERNEL_NAME = "hongtong"
KERNEL_DISPLAY_NAME = "Python (hongtong)"
KERNEL_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
"""Environment of the kernel: the briefings' model fits use tiny matrices, where BLAS threads
only compete for the machine's cores with the other briefings rendering in parallel."""


def ensure_kernel(name: str = KERNEL_NAME) -> str:
    """Register the kernel ``name`` into ``sys.prefix`` unless it exists; return its folder.

    A kernel of that name that runs another Python than this one is left alone, with a
    warning: the notebooks would then import another ``hongtonglib``.
    """
    from ipykernel.kernelspec import install
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    manager = KernelSpecManager()
    try:
        spec = manager.get_kernel_spec(name)
    except NoSuchKernel:
        spec = None
    if spec is None or (spec.argv and spec.argv[0] == sys.executable and spec.env != KERNEL_ENV):
        folder = install(
            kernel_name=name, display_name=KERNEL_DISPLAY_NAME, prefix=sys.prefix, env=KERNEL_ENV
        )
        logger.info("registered Jupyter kernel %r in %s", name, folder)
        return str(folder)
    if spec.argv and spec.argv[0] not in (sys.executable, "python", "python3"):
        logger.warning(
            "kernel %r runs %s, not this Python (%s)", name, spec.argv[0], sys.executable
        )
    return str(spec.resource_dir)


if __name__ == "__main__":  # ``python -m hongtonglib.briefing.kernel`` (used by make install)
    print(ensure_kernel())
