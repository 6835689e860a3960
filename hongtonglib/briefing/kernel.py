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


def ensure_kernel(name: str = KERNEL_NAME) -> str:
    """Register the kernel ``name`` into ``sys.prefix`` unless it exists; return its folder.

    A kernel of that name that runs another Python than this one is left alone, with a
    warning: the notebooks would then import another ``hongtonglib``.
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    manager = KernelSpecManager()
    try:
        spec = manager.get_kernel_spec(name)
    except NoSuchKernel:
        from ipykernel.kernelspec import install

        folder = install(kernel_name=name, display_name=KERNEL_DISPLAY_NAME, prefix=sys.prefix)
        logger.info("registered Jupyter kernel %r in %s", name, folder)
        return str(folder)
    if spec.argv and spec.argv[0] not in (sys.executable, "python", "python3"):
        logger.warning(
            "kernel %r runs %s, not this Python (%s)", name, spec.argv[0], sys.executable
        )
    return str(spec.resource_dir)
