"""Run inside a reused kernel before each notebook: make it look like a fresh kernel.

A worker process keeps one kernel across the notebooks it executes
(:mod:`hongtonglib.briefing.kernelsession`). Before each notebook, :func:`reset_kernel` runs in
that kernel (sent as one silent execute request) and undoes what a previous notebook may have
left behind, while keeping the imported modules, which is the point of reusing the kernel:

- the user namespace, ``In``/``Out`` and the execution counter (IPython's
  ``reset(new_session=True)``, what ``%reset -f`` does, plus a new history session so that the
  first cell is ``In [1]`` again);
- every matplotlib figure is closed and matplotlib's settings go back to those of its
  ``matplotlibrc`` (the backend is kept);
- pandas options go back to their defaults;
- every ``functools`` cache of ``hongtonglib`` is emptied: cached frames and records are
  mutable objects a notebook could change, which the next notebook would then see;
- ``os.environ``, ``sys.path`` and the working folder go back to what they were when the
  kernel first ran this function (before any notebook);
- the kernel's own stderr (what ipykernel echoes from file descriptor 2) goes to the
  briefing's log, as it does with a kernel started for that briefing.

What this cannot undo is a notebook changing a module's globals (monkeypatching the library):
briefing notebooks must not do that (``--fresh-kernels`` gives each notebook its own kernel).

This module imports only the standard library at import time; it is cheap to import.

Examples
--------
>>> "reset_kernel" in reset_code(cwd="/tmp", log=None)
True
"""

from __future__ import annotations

import functools
import os
import sys
import warnings
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class _Baseline:
    environ: dict[str, str]
    path: list[str]
    cwd: str


_BASELINE: _Baseline | None = None

LIBRARY_PACKAGE = "hongtonglib"


def reset_code(*, cwd: str | None, log: str | None) -> str:
    """Return the code that a worker sends to its kernel before a notebook.

    It binds no name in the user namespace (the namespace is emptied by it anyway).
    """
    module = __name__
    return (
        f"__import__({module!r}, fromlist=['reset_kernel']).reset_kernel(cwd={cwd!r}, log={log!r})"
    )


def reset_kernel(*, cwd: str | None = None, log: str | None = None) -> dict[str, Any]:
    """Reset the running IPython kernel for the next notebook; return what was done.

    Parameters
    ----------
    cwd : str, optional
        Working folder of the next notebook; default: the folder at the first call.
    log : str, optional
        File the kernel's stderr is appended to from now on (the briefing's log).
    """
    global _BASELINE
    if _BASELINE is None:  # the first call, before any notebook: remember the clean state
        _BASELINE = _Baseline(dict(os.environ), list(sys.path), os.getcwd())
    baseline = _BASELINE

    closed = _close_figures()
    shell = _shell()
    if shell is not None:
        shell.reset(new_session=True)
    if os.environ != baseline.environ:
        os.environ.clear()
        os.environ.update(baseline.environ)
    sys.path[:] = baseline.path
    os.chdir(cwd or baseline.cwd)
    cleared = _clear_library_caches()
    _reset_matplotlib_settings()
    _reset_pandas_options()
    if log:
        _stderr_to(log)
    return {"figures_closed": closed, "caches_cleared": cleared}


def _shell() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - the kernel has IPython
        return None
    return get_ipython()


def _close_figures() -> int:
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is None:
        return 0
    count = len(pyplot.get_fignums())
    pyplot.close("all")
    return count


def _reset_matplotlib_settings() -> None:
    matplotlib = sys.modules.get("matplotlib")
    if matplotlib is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            matplotlib.rc_file_defaults()  # the backend is kept


def _reset_pandas_options() -> None:
    pandas = sys.modules.get("pandas")
    if pandas is not None and hasattr(pandas, "reset_option"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # deprecated options warn when set, even to default
            pandas.reset_option("all")


def _clear_library_caches() -> int:
    """Empty every ``functools.lru_cache``/``cache`` defined in a module of the library."""
    cleared = 0
    for name, module in list(sys.modules.items()):
        if module is None or not (name == LIBRARY_PACKAGE or name.startswith("hongtonglib.")):
            continue
        for value in list(vars(module).values()):
            cleared += _clear(value)
            if isinstance(value, type) and value.__module__ == name:
                for member in list(vars(value).values()):
                    cleared += _clear(getattr(member, "__func__", member))
    return cleared


def _clear(value: Any) -> int:
    if isinstance(value, functools._lru_cache_wrapper):
        value.cache_clear()
        return 1
    return 0


def _stderr_to(log: str) -> None:
    """Send what the kernel writes to file descriptor 2 to ``log`` (appending).

    ipykernel replaces fd 2 by a pipe it forwards to the notebook and echoes to a copy of the
    original fd 2; that copy is re-pointed. Without that capture, fd 2 itself is.
    """
    target = getattr(sys.stderr, "_original_stdstream_copy", None)
    if not isinstance(target, int):
        target = 2
    sys.stderr.flush()
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.dup2(fd, target)
    finally:
        os.close(fd)
