"""A whole rendering run (``hongtong render``): decide, validate, execute in parallel, record.

1. Hash every briefing's inputs (:mod:`~hongtonglib.briefing.fingerprint`); a briefing whose
   fingerprint equals the one of its last good render, and whose page exists, is
   ``skipped-unchanged`` unless ``force``. This path imports nothing heavy.
2. Validate the parameter files of the briefings to render, all at once, before any kernel
   starts (:func:`~hongtonglib.briefing.parameters.validate_briefings`).
3. Execute and export them in worker processes (:func:`~hongtonglib.briefing.execute.
   run_briefing`); a failing briefing gets a failure page, the others go on.
4. Write ``manifest.json`` and ``index.html`` atomically.

Examples
--------
>>> RenderOptions(out_dir=Path("rendered")).kernel_name
'hongtong'
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from hongtonglib import __version__, paths
from hongtonglib.briefing.catalog import (
    Briefing,
    KnownIdsProvider,
    discover_briefings,
    display_path,
    known_ids,
)
from hongtonglib.briefing.execute import (
    DEFAULT_CELL_TIMEOUT_S,
    BriefingJob,
    BriefingOutcome,
    failed_outcome,
    run_briefing,
)
from hongtonglib.briefing.failure import failure_from_exception
from hongtonglib.briefing.fingerprint import (
    LibraryInputs,
    briefing_inputs,
    fingerprint,
    library_inputs,
    store_inputs,
)
from hongtonglib.briefing.kernel import KERNEL_NAME, ensure_kernel
from hongtonglib.briefing.lifeline import install_worker_lifeline
from hongtonglib.briefing.manifest import (
    BriefingRecord,
    BriefingStatus,
    Manifest,
    load_manifest,
    write_manifest,
)
from hongtonglib.briefing.outdir import check_out_dir, remove_stale_temporaries, render_lock
from hongtonglib.briefing.pages import finish_page, now_iso, render_index_page
from hongtonglib.briefing.parameters import validate_briefings
from hongtonglib.briefing.pdf import PdfJob, drop_stale_pdf, find_chromium, pdf_relpath, print_pdfs
from hongtonglib.filehashes import HashCache, tree_hashes
from hongtonglib.fileio import atomic_write_text
from hongtonglib.intake.db import preflight, resolve_store

logger = logging.getLogger(__name__)

INDEX_FILE = "index.html"
CACHE_DIR = "_cache"


class RenderProgress(Protocol):
    """Receives progress of a run (the CLI shows a progress bar with it)."""

    def start(self, total: int, skipped: int) -> None:
        """Announce how many briefings will be executed and how many are unchanged."""

    def done(self, record: BriefingRecord) -> None:
        """Announce one executed briefing's record."""


class JobExecutor(Protocol):
    """Executes a run's jobs elsewhere than the local worker pool (``--engine dask``).

    Called once with the jobs, ``finished(index, outcome)`` for each job as it completes and
    ``started()`` once they are submitted; returns the number of workers used.
    """

    def __call__(
        self,
        jobs: list[BriefingJob],
        finished: Callable[[int, BriefingOutcome], None],
        started: Callable[[], None],
    ) -> int:
        """Execute the jobs."""


class _NoProgress:
    def start(self, total: int, skipped: int) -> None:
        del total, skipped

    def done(self, record: BriefingRecord) -> None:
        del record


@dataclass(frozen=True)
class RenderOptions:
    """How to render.

    Attributes
    ----------
    out_dir : Path
        Output folder (pages, ``_executed/``, ``manifest.json``, ``index.html``).
    jobs : int or None
        Worker processes; ``None`` for the number of CPUs.
    force : bool
        Render even unchanged briefings.
    embed_font : bool
        Embed a subset of the CJK font in every page.
    kernel_name : str
        Jupyter kernel the notebooks run on.
    cell_timeout_s : int
        Longest a cell may run.
    root : Path or None
        Project root; default :func:`hongtonglib.paths.project_root`.
    reuse_kernels : bool
        Each worker keeps one kernel for the notebooks it executes, reset between them
        (:mod:`~hongtonglib.briefing.kernelsession`); ``False`` starts a kernel per notebook.
    pdf : bool
        Also print each good page to a PDF beside it (:mod:`~hongtonglib.briefing.pdf`).
    """

    out_dir: Path
    jobs: int | None = None
    force: bool = False
    embed_font: bool = True
    kernel_name: str = KERNEL_NAME
    cell_timeout_s: int = DEFAULT_CELL_TIMEOUT_S
    root: Path | None = None
    reuse_kernels: bool = True
    pdf: bool = False


@dataclass(frozen=True)
class RenderReport:
    """Result of a run: the run record and this run's briefing records."""

    run: dict[str, Any]
    records: list[BriefingRecord]
    manifest_path: Path
    index_path: Path

    @property
    def failed(self) -> list[BriefingRecord]:
        """Return the records of the briefings that failed."""
        return [r for r in self.records if r.status is BriefingStatus.failed]

    @property
    def pdf_failed(self) -> list[BriefingRecord]:
        """Return the records of the briefings whose PDF failed."""
        return [r for r in self.records if r.pdf_error]

    @property
    def exit_code(self) -> int:
        """Return 1 when a briefing or its PDF failed, else 0."""
        return 1 if self.failed or self.pdf_failed else 0


def render_briefings(
    briefings: Sequence[Briefing],
    options: RenderOptions,
    *,
    known: KnownIdsProvider = known_ids,
    progress: RenderProgress | None = None,
    executor: JobExecutor | None = None,
) -> RenderReport:
    """Render briefings into ``options.out_dir`` and write the manifest and index page.

    Parameters
    ----------
    briefings : sequence of Briefing
        What to render (see :func:`hongtonglib.briefing.catalog.select_briefings`).
    options : RenderOptions
        Output folder, parallelism, force, font and kernel.
    known : callable
        Returns the sector and department ids parameter files may name; called only when a
        briefing must be executed.
    progress : RenderProgress, optional
        Told the plan and each finished briefing.
    executor : JobExecutor, optional
        Executes the jobs instead of the local worker pool (e.g.
        :class:`hongtonglib.briefing.dask_engine.DaskExecutor`).

    Raises
    ------
    hongtonglib.validation.ValidationFailed
        If a parameter file is invalid; nothing is executed or written then.
    hongtonglib.briefing.pdf.ChromiumMissing
        If ``options.pdf`` and no Chromium is found; nothing is executed or written then.
    hongtonglib.briefing.outdir.OutputDirError
        If the output folder cannot be written; checked before anything else.
    hongtonglib.intake.db.StoreDamaged
        If the submission store is refused (missing or empty next to originals, damaged).

    Two runs into one folder take turns on its lock (:mod:`hongtonglib.briefing.outdir`).
    """
    check_out_dir(options.out_dir)
    preflight(resolve_store())  # a damaged store is refused before anything runs
    chromium = find_chromium() if options.pdf else None  # refused before the folder exists
    validated = None
    if not options.out_dir.exists() and briefings:
        # A first run renders everything: check the parameter files before the folder exists,
        # so that invalid ones leave nothing behind.
        root = options.root or paths.project_root()
        validated = validate_briefings(briefings, known(), root=root)
    options.out_dir.mkdir(parents=True, exist_ok=True)
    with render_lock(options.out_dir):
        remove_stale_temporaries(options.out_dir)
        return _render_locked(
            briefings,
            options,
            known=known,
            progress=progress,
            validated=validated,
            chromium=chromium,
            executor=executor,
        )


def _render_locked(
    briefings: Sequence[Briefing],
    options: RenderOptions,
    *,
    known: KnownIdsProvider,
    progress: RenderProgress | None,
    validated: dict[str, dict[str, Any]] | None = None,
    chromium: Path | None = None,
    executor: JobExecutor | None = None,
) -> RenderReport:
    """Render while holding the output folder's lock (see :func:`render_briefings`)."""
    progress = progress or _NoProgress()
    root = options.root or paths.project_root()
    out = options.out_dir
    started_at, started = now_iso(), time.perf_counter()
    run_id = started_at.replace(":", "").replace("-", "")[:15]
    previous = load_manifest(out)
    cache = HashCache(out / CACHE_DIR / "hashes.json")
    library = library_inputs(cache, root)
    data = tree_hashes(root / "data", cache, relative_to=root)
    data.update(store_inputs(cache, root))
    render_options = {"kernel_name": options.kernel_name, "embed_font": options.embed_font}

    records: dict[str, BriefingRecord] = {}
    pending: list[tuple[Briefing, dict[str, Any], str]] = []
    for briefing in briefings:
        inputs = briefing_inputs(briefing, cache, data, library, root)
        digest = fingerprint(inputs, render_options)
        before = previous.briefings.get(briefing.name)
        unchanged = before is not None and _is_unchanged(before, digest, out, briefing)
        if before is not None and not options.force and unchanged:
            records[briefing.name] = replace(
                before, status=BriefingStatus.skipped_unchanged, run_id=run_id,
                failure_page=None, error=None,
            )  # fmt: skip
        else:
            pending.append((briefing, inputs, digest))

    jobs_used = 0
    if pending:
        values = validated or validate_briefings([b for b, _, _ in pending], known(), root=root)
        jobs = [_job(b, values[b.name], options, root) for b, _, _ in pending]
        jobs_used = _worker_count(options.jobs, len(jobs))
        skipped = len(records)

        def finished(index: int, outcome: BriefingOutcome) -> None:
            briefing, inputs, digest = pending[index]
            before = previous.briefings.get(briefing.name)
            record = _record(briefing, values[briefing.name], inputs, digest, outcome, before)
            records[briefing.name] = replace(record, run_id=run_id)
            progress.done(records[briefing.name])

        def begin() -> None:
            progress.start(len(jobs), skipped)

        if executor is not None:
            jobs_used = executor(jobs, finished, begin)
        else:
            # the progress display starts once the workers are forked (no thread at fork time)
            _execute(jobs, jobs_used, finished, begin)

    pdf_started = time.perf_counter()
    records = _with_pdfs(records, previous, out, chromium, options)
    run = _run_record(run_id, started_at, started, options, jobs_used, library, records)
    if chromium is not None:
        run["pdf_s"] = round(time.perf_counter() - pdf_started, 3)
    run["engine"] = getattr(executor, "engine", "local")
    run["selected"] = [b.name for b in briefings]
    run["executed"] = [b.name for b, _, _ in pending]
    manifest = Manifest(run=run, briefings=_merge(previous, records, root))
    manifest_path, index_path = _write_outputs(out, manifest, options.embed_font)
    cache.save()
    return RenderReport(
        run=run,
        records=[records[b.name] for b in briefings],
        manifest_path=manifest_path,
        index_path=index_path,
    )


def _with_pdfs(
    records: dict[str, BriefingRecord],
    previous: Manifest,
    out: Path,
    chromium: Path | None,
    options: RenderOptions,
) -> dict[str, BriefingRecord]:
    """Print the PDFs of the good pages (``chromium`` given), or drop the ones now stale.

    A failed briefing keeps its previous page and that page's PDF. A page rendered again
    without ``--pdf`` loses its old PDF, which shows the old page.
    """
    result = dict(records)
    for name, record in records.items():
        before = previous.briefings.get(name)
        if record.status is BriefingStatus.failed and before is not None and record.html:
            result[name] = replace(record, pdf=before.pdf, pdf_error=None)
        elif chromium is None and record.status is BriefingStatus.ok and before is not None:
            drop_stale_pdf(out, before.pdf)
    if chromium is None:
        return result
    jobs = [
        PdfJob(name, record.html, record.pdf or pdf_relpath(record.html))
        for name, record in result.items()
        if record.status.is_good and record.html
    ]
    outcomes = print_pdfs(jobs, out, chromium=chromium, workers=_worker_count(options.jobs, 99))
    for name, outcome in outcomes.items():
        result[name] = replace(result[name], pdf=outcome.pdf, pdf_error=outcome.error)
        if outcome.printed:
            result[name].timing["pdf_s"] = outcome.seconds
    return result


def _run_record(
    run_id: str,
    started_at: str,
    started: float,
    options: RenderOptions,
    jobs_used: int,
    library: LibraryInputs,
    records: dict[str, BriefingRecord],
) -> dict[str, Any]:
    """Return the manifest's ``run`` record."""
    font = "embedded subset of Noto Sans CJK SC (SIL OFL 1.1)" if options.embed_font else (
        "none embedded (CJK font stack)"
    )  # fmt: skip
    return {
        "run_id": run_id,
        "started_at": started_at,
        "finished_at": now_iso(),
        "duration_s": round(time.perf_counter() - started, 3),
        "status": "failed" if any(not r.status.is_good for r in records.values()) else "ok",
        "jobs": jobs_used,
        "force": options.force,
        "hongtonglib_version": __version__,
        "git_commit": library.git_commit,
        "library_source_hash": library.source_hash,
        "kernel_name": options.kernel_name,
        "font": font,
    }


def _is_unchanged(before: BriefingRecord, digest: str, out: Path, briefing: Briefing) -> bool:
    """Return whether the last good render of a briefing had the same inputs and still exists.

    A failure page on disk that the record does not know (left by a run killed, or failing to
    write its manifest, after the briefing failed) makes the briefing render again, so the
    next run reports it instead of "unchanged".
    """
    return (
        before.status.is_good
        and before.fingerprint == digest
        and before.html is not None
        and (out / before.html).is_file()
        and not (out / briefing.failed_relpath).exists()
    )


DEFAULT_EXTRA_WORKERS = 1
"""Workers beyond the CPU count by default: a briefing spends part of its time waiting (kernel
start-up, ZMQ round trips per cell), so one more worker than cores keeps the cores busy. On
this 2-core machine, rendering the 33 briefings took 51.7 s with 2 workers, 44.6 s with 3 and
42.9 s with 4 (2026-11-28, a kernel per notebook); with a reused kernel per worker, 37.1 s with
2, 31.7 s with 3 and 36.6 s with 4 (2026-11-28, peak memory 1.3, 1.5 and 2.1 GB)."""


def _worker_count(jobs: int | None, pending: int) -> int:
    default = (os.cpu_count() or 1) + DEFAULT_EXTRA_WORKERS
    return max(1, min(jobs or default, pending))


def _job(
    briefing: Briefing, values: dict[str, Any], options: RenderOptions, root: Path
) -> BriefingJob:
    return BriefingJob(
        name=briefing.name,
        default_title=briefing.name,
        notebook=briefing.notebook,
        parameters=values,
        out_dir=options.out_dir,
        html_relpath=briefing.html_relpath,
        failed_relpath=briefing.failed_relpath,
        executed_relpath=briefing.executed_relpath,
        notebook_label=display_path(briefing.notebook, root),
        parameter_file_label=display_path(briefing.parameter_file, root),
        kernel_name=options.kernel_name,
        embed_font=options.embed_font,
        cwd=root,
        cell_timeout_s=options.cell_timeout_s,
        reuse_kernel=options.reuse_kernels,
    )


def _execute(
    jobs: list[BriefingJob],
    workers: int,
    finished: Callable[[int, BriefingOutcome], None],
    started: Callable[[], None],
) -> None:
    """Run the jobs in ``workers`` processes; a crashed worker fails only its briefing."""
    ensure_kernel(jobs[0].kernel_name)
    # Imported here once so that forked workers inherit them instead of importing each.
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401

    # Workers (and their kernels) die with this process, even when it is killed with -9.
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_fork_context(),
        initializer=install_worker_lifeline,
        initargs=(os.getpid(),),
    ) as pool:
        futures: dict[Future[BriefingOutcome], int] = {
            pool.submit(run_briefing, job): i for i, job in enumerate(jobs)
        }
        started()
        for future in as_completed(futures):
            index = futures[future]
            try:
                outcome = future.result()
            except Exception as error:  # the worker process died
                outcome = _crashed(jobs[index], error)
            finished(index, outcome)


def _fork_context() -> Any:
    """Return the fork start method where there is one (workers inherit the imports)."""
    import multiprocessing

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return None


def _crashed(job: BriefingJob, error: BaseException) -> BriefingOutcome:

    return failed_outcome(job, failure_from_exception(error, "execute"))


def _record(
    briefing: Briefing,
    values: dict[str, Any],
    inputs: dict[str, Any],
    digest: str,
    outcome: BriefingOutcome,
    before: BriefingRecord | None,
) -> BriefingRecord:
    """Return the manifest record of an executed briefing (a failed one keeps its old page)."""
    if outcome.ok:
        status, rendered_at = BriefingStatus.ok, outcome.finished_at
        summary, title = outcome.summary, outcome.title
    else:
        status = BriefingStatus.failed
        rendered_at = before.rendered_at if before and outcome.html else None
        summary = before.summary if before and outcome.html else None
        title = (before.title if before else None) or outcome.title
    return BriefingRecord(
        name=briefing.name,
        kind=briefing.kind.value,
        briefing_id=briefing.briefing_id,
        status=status,
        parameters=values,
        inputs=inputs,
        fingerprint=digest,
        title=title,
        html=outcome.html,
        failure_page=outcome.failure_page,
        executed_notebook=outcome.executed_notebook,
        summary=summary,
        error=outcome.failure.to_dict() if outcome.failure else None,
        timing=outcome.timing,
        rendered_at=rendered_at,
    )


def _merge(
    previous: Manifest, records: dict[str, BriefingRecord], root: Path
) -> dict[str, BriefingRecord]:
    """Return this run's records plus the earlier ones, in index order."""
    merged = dict(previous.briefings)
    merged.update(records)
    order = {b.name: i for i, b in enumerate(discover_briefings(root))}
    return dict(
        sorted(
            merged.items(),
            key=lambda item: (item[1].kind != "sector", order.get(item[0], len(order)), item[0]),
        )
    )


def _write_outputs(out: Path, manifest: Manifest, embed_font: bool) -> tuple[Path, Path]:

    manifest_path = write_manifest(out, manifest)
    page = render_index_page(list(manifest.briefings.values()), manifest.run)
    page = finish_page(page, embed_font=embed_font, font_cache_dir=out / CACHE_DIR / "fonts")
    index_path = out / INDEX_FILE
    atomic_write_text(index_path, page)
    return manifest_path, index_path
