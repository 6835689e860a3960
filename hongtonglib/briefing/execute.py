"""One briefing in a worker process: execute the notebook with papermill, export the page.

:func:`run_briefing` takes a picklable :class:`BriefingJob` and never raises for a failing
notebook: it returns a :class:`BriefingOutcome`. On success the page ``<name>.html`` and the
executed notebook ``_executed/<name>.ipynb`` are replaced atomically and a stale failure page
is removed. On failure the previous good page is left untouched; the failure page
``<name>.failed.html`` and the failed notebook ``_executed/<name>.failed.ipynb`` are written
beside it.

papermill and nbconvert are imported inside the functions, so the module is cheap to import.

Examples
--------
>>> failed_notebook_relpath(Path("_executed/housing.ipynb")).as_posix()
'_executed/housing.failed.ipynb'
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hongtonglib import __version__
from hongtonglib.briefing.export import export_html
from hongtonglib.briefing.failure import FailureInfo, failure_from_exception
from hongtonglib.briefing.pages import (
    ExternalReferenceError,
    finish_page,
    now_iso,
    render_failure_page,
)
from hongtonglib.fileio import atomic_write_text
from hongtonglib.summary import read_summary

logger = logging.getLogger(__name__)

DEFAULT_CELL_TIMEOUT_S = 900
"""Longest a single cell may run before the briefing fails (seconds)."""

KERNEL_START_TIMEOUT_S = 180
"""Longest a kernel may take to start (a loaded machine can be slow)."""


def failed_notebook_relpath(executed: Path) -> Path:
    """Return where the executed notebook of a failed run goes (beside the good one)."""
    return executed.with_name(f"{executed.stem}.failed.ipynb")


def log_relpath(executed: Path) -> Path:
    """Return where the kernel's and papermill's stderr of a briefing goes."""
    return executed.with_suffix(".log")


@contextlib.contextmanager
def stderr_to(path: Path) -> Iterator[None]:
    """Send this process's stderr (file descriptor 2, inherited by the kernel) to ``path``.

    Kernel warnings and papermill's warnings land in the briefing's log instead of the
    terminal; the failure page links the log.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    saved = os.dup(2)
    # appending: a reused kernel appends to the same file through its own descriptor
    log = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o644)
    try:
        os.dup2(log, 2)
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
        os.close(log)


@dataclass(frozen=True)
class BriefingJob:
    """Everything a worker needs to render one briefing (picklable)."""

    name: str
    default_title: str
    notebook: Path
    parameters: dict[str, Any]
    out_dir: Path
    html_relpath: Path
    failed_relpath: Path
    executed_relpath: Path
    notebook_label: str
    parameter_file_label: str
    kernel_name: str
    embed_font: bool = True
    cwd: Path | None = None
    cell_timeout_s: int = DEFAULT_CELL_TIMEOUT_S
    reuse_kernel: bool = False


@dataclass(frozen=True)
class BriefingOutcome:
    """What happened to one briefing (returned from the worker)."""

    name: str
    ok: bool
    title: str
    summary: dict[str, Any] | None = None
    failure: FailureInfo | None = None
    html: str | None = None
    failure_page: str | None = None
    executed_notebook: str | None = None
    timing: dict[str, float] = field(default_factory=dict)
    finished_at: str = ""


def run_briefing(job: BriefingJob) -> BriefingOutcome:
    """Execute one briefing's notebook and export its page; describe any failure.

    Parameters
    ----------
    job : BriefingJob
        The briefing, its validated parameters and where its outputs go.

    Returns
    -------
    BriefingOutcome
        ``ok`` with the page written, or not ``ok`` with a failure page written.
    """
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # quiet debugpy in kernels
    started = time.perf_counter()
    executed = job.out_dir / job.executed_relpath
    partial = executed.with_name(f".{executed.stem}.partial.ipynb")
    executed.parent.mkdir(parents=True, exist_ok=True)
    try:
        with stderr_to(job.out_dir / log_relpath(job.executed_relpath)):
            nb = _execute_notebook(job, partial)
    except Exception as error:  # a cell raised, the kernel died or timed out
        failed_nb = _keep_failed_notebook(partial, job)
        nb_failed = _read_notebook(job.out_dir / failed_nb) if failed_nb else None
        failure = failure_from_exception(error, "execute", nb_failed)
        return _fail(job, failure, failed_nb, started, {"execute_s": _since(started)})
    os.replace(partial, executed)
    executed_s = _since(started)

    summary = read_summary(nb)
    title = str((summary or {}).get("title") or nb.metadata.get("title") or job.default_title)
    export_started = time.perf_counter()
    try:
        html = export_html(
            nb,
            title=title,
            embed_font=job.embed_font,
            footer=f"hongtonglib {__version__} · 生成于 {now_iso()} · "
            f"参数 {job.parameter_file_label}",
            font_cache_dir=job.out_dir / "_cache" / "fonts",
        )
    except ExternalReferenceError as error:
        failure = failure_from_exception(error, "offline")
        return _fail(job, failure, job.executed_relpath, started, {"execute_s": executed_s})
    except Exception as error:
        failure = failure_from_exception(error, "export")
        return _fail(job, failure, job.executed_relpath, started, {"execute_s": executed_s})
    atomic_write_text(job.out_dir / job.html_relpath, html)
    (job.out_dir / job.failed_relpath).unlink(missing_ok=True)
    (job.out_dir / failed_notebook_relpath(job.executed_relpath)).unlink(missing_ok=True)
    timing = {
        "execute_s": executed_s,
        "export_s": _since(export_started),
        "total_s": _since(started),
    }
    logger.info("rendered %s in %.1f s", job.name, timing["total_s"])
    return BriefingOutcome(
        name=job.name,
        ok=True,
        title=title,
        summary=summary,
        html=job.html_relpath.as_posix(),
        executed_notebook=job.executed_relpath.as_posix(),
        timing=timing,
        finished_at=now_iso(),
    )


def _execute_notebook(job: BriefingJob, output: Path) -> Any:
    """Execute the job's notebook into ``output`` with papermill; return the notebook.

    With ``job.reuse_kernel`` the worker's kernel runs it (reset first) and is kept for the
    next notebook unless this one failed; otherwise a kernel is started for it and shut down.
    """
    import papermill

    from hongtonglib.briefing.ipc import IPCKernelManager  # heavy: jupyter_client
    from hongtonglib.briefing.kernelsession import worker_session  # heavy: jupyter_client

    options: dict[str, Any] = {
        "parameters": job.parameters,
        "kernel_name": job.kernel_name,
        "progress_bar": False,
        "log_output": False,
        "cwd": str(job.cwd) if job.cwd else None,
        "execution_timeout": job.cell_timeout_s,
        "start_timeout": KERNEL_START_TIMEOUT_S,
        "request_save_on_cell_execute": False,  # written once at the end (or on error)
    }
    if not job.reuse_kernel:
        return papermill.execute_notebook(
            str(job.notebook),
            str(output),
            kernel_manager_class=IPCKernelManager,  # no TCP port races between workers
            shutdown_kernel="immediate",  # the notebook is done: do not wait for it
            **options,
        )

    session = worker_session(job.kernel_name, KERNEL_START_TIMEOUT_S)
    km = session.acquire(cwd=job.cwd, log=job.out_dir / log_relpath(job.executed_relpath))
    healthy = False
    try:
        nb = papermill.execute_notebook(str(job.notebook), str(output), km=km, **options)
        healthy = True
        return nb
    finally:
        session.release(healthy=healthy)


def _since(start: float) -> float:
    return round(time.perf_counter() - start, 3)


def _read_notebook(path: Path) -> Any:
    import nbformat

    try:
        return nbformat.read(str(path), as_version=4)
    except Exception:  # a half-written notebook of a killed kernel: describe without it
        logger.warning("cannot read the failed notebook %s", path)
        return None


def _keep_failed_notebook(partial: Path, job: BriefingJob) -> Path | None:
    """Move papermill's partial output to ``_executed/<name>.failed.ipynb``, if there is one."""
    if not partial.is_file():
        return None
    failed = failed_notebook_relpath(job.executed_relpath)
    os.replace(partial, job.out_dir / failed)
    return failed


def write_failure(job: BriefingJob, failure: FailureInfo, executed: Path | None, when: str) -> None:
    """Write the failure page of a briefing; the previous good page stays as it is."""
    previous = job.html_relpath if (job.out_dir / job.html_relpath).is_file() else None
    log = log_relpath(job.executed_relpath)
    page = render_failure_page(
        name=job.name,
        title=job.default_title,
        failure=failure,
        page=job.failed_relpath,
        executed_notebook=executed,
        out_dir=job.out_dir,
        previous_html=previous,
        log=log if (job.out_dir / log).is_file() else None,
        notebook=job.notebook_label,
        parameter_file=job.parameter_file_label,
        when=when,
    )
    page = finish_page(
        page, embed_font=job.embed_font, font_cache_dir=job.out_dir / "_cache" / "fonts"
    )
    atomic_write_text(job.out_dir / job.failed_relpath, page)


def failed_outcome(
    job: BriefingJob,
    failure: FailureInfo,
    executed: Path | None = None,
    timing: dict[str, float] | None = None,
) -> BriefingOutcome:
    """Write the failure page of ``job`` and return its outcome (the previous page is kept)."""
    when = now_iso()
    write_failure(job, failure, executed, when)
    logger.info("briefing %s failed: %s", job.name, failure.headline())
    previous = job.html_relpath if (job.out_dir / job.html_relpath).is_file() else None
    return BriefingOutcome(
        name=job.name,
        ok=False,
        title=job.default_title,
        failure=failure,
        html=previous.as_posix() if previous else None,
        failure_page=job.failed_relpath.as_posix(),
        executed_notebook=executed.as_posix() if executed else None,
        timing=timing or {},
        finished_at=when,
    )


def _fail(
    job: BriefingJob,
    failure: FailureInfo,
    executed: Path | None,
    started: float,
    timing: dict[str, float],
) -> BriefingOutcome:
    return failed_outcome(job, failure, executed, {**timing, "total_s": _since(started)})
