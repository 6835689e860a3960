"""``hongtong render``: execute the briefing notebooks and export offline Chinese HTML pages.

Only maps options to :func:`hongtonglib.briefing.render.render_briefings` and prints the
outcome. Exit status: 0 when every briefing is rendered or unchanged, 1 when one failed (its
failure page is written, its previous page kept), 2 for invalid parameter files or options.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from hongtonglib import paths
from hongtonglib.briefing.outdir import OutputDirError
from hongtonglib.briefing.pdf import ChromiumMissing
from hongtonglib.cli.common import EXIT_BAD_INPUT, fail
from hongtonglib.profiles.regions import resolve_selection
from hongtonglib.validation import ValidationFailed

if TYPE_CHECKING:
    from collections.abc import Callable

    from hongtonglib.briefing.catalog import Briefing
    from hongtonglib.briefing.manifest import BriefingRecord
    from hongtonglib.briefing.render import JobExecutor, RenderReport

STATUS_WORDS = {"ok": "ok", "failed": "FAILED", "skipped-unchanged": "unchanged"}


def register(app: typer.Typer) -> None:
    """Attach the ``render`` command to ``app``."""
    app.command("render")(render)


def render(
    sector: list[str] = typer.Option(
        [], "--sector", "-s", help="Render this sector's briefing (repeatable)."
    ),
    department: list[str] = typer.Option(
        [], "--department", "-d", help="Render this department's briefing (repeatable)."
    ),
    all_briefings: bool = typer.Option(
        False, "--all", help="Render every briefing that has a parameter file."
    ),
    jobs: int | None = typer.Option(
        None, "--jobs", "-j", min=1, help="Worker processes (default: number of CPUs + 1)."
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Output folder (default: rendered/ in the project)."
    ),
    force: bool = typer.Option(False, "--force", help="Render unchanged briefings too."),
    check: bool = typer.Option(
        False, "--check", help="Only validate the parameter files; execute nothing."
    ),
    embed_font: bool = typer.Option(
        True,
        "--embed-font/--no-embed-font",
        help="Embed a subset of Noto Sans CJK SC in each page (default) or rely on the "
        "reader's CJK fonts.",
    ),
    fresh_kernels: bool = typer.Option(
        False,
        "--fresh-kernels",
        help="Start a kernel for every notebook instead of reusing one kernel per worker "
        "(reset between notebooks); slower, but nothing can carry over.",
    ),
    pdf: bool = typer.Option(
        False,
        "--pdf",
        help="Also print each page to an A4 PDF beside it with headless Chromium "
        "($HONGTONG_CHROMIUM, else chromium on PATH).",
    ),
    profiles: bool = typer.Option(
        False,
        "--profiles",
        help="Render county profiles (with --county, --prefecture, --province or "
        "--all-counties) instead of the plan briefings.",
    ),
    county: str | None = typer.Option(None, "--county", help="Profile of one county unit."),
    prefecture: str | None = typer.Option(
        None, "--prefecture", help="Profiles of a prefecture's county units and its page."
    ),
    province: str | None = typer.Option(
        None, "--province", help="Profiles of a province's county units, its pages and index."
    ),
    all_counties: bool = typer.Option(
        False, "--all-counties", help="Profiles of every county unit of the 2020 census."
    ),
    engine: str = typer.Option(
        "local", "--engine", help="local (worker processes, default) or dask (--scheduler)."
    ),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Dask scheduler address for --engine dask: tcp://HOST:PORT."
    ),
) -> None:
    """Render briefings into self-contained Chinese HTML pages, an index and a manifest.

    Unchanged briefings (notebook, parameters, data, library) are skipped unless --force.

    A failing briefing gets <name>.failed.html; its previous good page is kept.

    With --pdf each good page is also printed to <name>.pdf (A4); a PDF that fails fails
    only itself (exit 1), and a missing Chromium is reported before anything runs (exit 2).

    Exit status: 0 rendered or unchanged, 1 a briefing or a PDF failed, 2 invalid input.
    """
    from hongtonglib.briefing.catalog import select_briefings  # heavy: pydantic
    from hongtonglib.briefing.render import RenderOptions, render_briefings  # heavy: pydantic

    selection = choose_profiles(profiles, county, prefecture, province, all_counties)
    if selection is None and not (all_briefings or sector or department):
        raise fail("choose briefings: --all, or --sector S / --department D (repeatable)")
    if selection is not None and (all_briefings or sector or department):
        raise fail("--profiles renders profiles only: drop --all, --sector and --department")
    executor = choose_engine(engine, scheduler)
    out_dir = (out or paths.rendered_dir()).resolve()
    try:
        briefings = (
            select_briefings(sectors=sector, departments=department, all_briefings=all_briefings)
            if selection is None
            else selection()
        )
        if not briefings:
            typer.echo(f"no parameter files under {paths.parameters_dir()}: nothing to render")
        if check:
            from hongtonglib.briefing.catalog import known_ids  # heavy: pydantic
            from hongtonglib.briefing.parameters import validate_briefings  # heavy: pydantic

            validate_briefings(briefings, known_ids())
            typer.echo(f"{len(briefings)} parameter file(s) valid")
            raise typer.Exit(0)
        report = render_briefings(
            briefings,
            RenderOptions(
                out_dir=out_dir,
                jobs=jobs,
                force=force,
                embed_font=embed_font,
                reuse_kernels=not fresh_kernels,
                pdf=pdf,
            ),
            progress=_progress(),
            executor=executor,
        )
    except ValidationFailed as error:
        typer.echo("parameter files are invalid; no notebook was executed.", err=True)
        raise fail(str(error), EXIT_BAD_INPUT) from None
    except ChromiumMissing as error:
        raise fail(str(error), EXIT_BAD_INPUT) from None
    except OutputDirError as error:
        raise fail(f"{error}; no notebook was executed.", EXIT_BAD_INPUT) from None
    _print_report(report, out_dir)
    raise typer.Exit(report.exit_code)


def choose_profiles(
    profiles: bool,
    county: str | None,
    prefecture: str | None,
    province: str | None,
    all_counties: bool,
) -> Callable[[], list[Briefing]] | None:
    """Return a function listing the profile briefings asked for, or ``None`` without them.

    The selection is checked at once (unknown code, a code only in the 2010 census, a
    prefecture without county units: exit 2, nothing written).
    """
    from hongtonglib.briefing.profiles import profile_briefings  # heavy: pydantic

    given = [x for x in (county, prefecture, province) if x is not None]
    if not profiles:
        if given or all_counties:
            raise fail("--county, --prefecture, --province and --all-counties need --profiles")
        return None
    if len(given) + bool(all_counties) != 1:
        raise fail("--profiles needs exactly one of --county, --prefecture, --province, "
                   "--all-counties")  # fmt: skip
    try:
        selection = resolve_selection(
            county=county, prefecture=prefecture, province=province, all_counties=all_counties
        )
    except ValidationFailed as error:
        raise fail(str(error), EXIT_BAD_INPUT) from None
    return lambda: profile_briefings(selection)


def choose_engine(engine: str, scheduler: str | None) -> JobExecutor | None:
    """Return the executor of ``--engine`` (``None`` for the local worker pool).

    For ``dask`` the scheduler is reached first: an unreachable one fails within seconds,
    before anything is executed or written (exit 2).
    """
    if engine == "local":
        if scheduler:
            raise fail("--scheduler is for --engine dask")
        return None
    if engine != "dask":
        raise fail(f"unknown engine {engine!r}: choose local or dask")
    if not scheduler:
        raise fail("--engine dask needs --scheduler tcp://HOST:PORT")
    from hongtonglib.briefing.dask_engine import DaskExecutor, SchedulerUnreachable  # heavy: dask

    executor = DaskExecutor(scheduler)
    try:
        executor.check()
    except SchedulerUnreachable as error:
        raise fail(str(error), EXIT_BAD_INPUT) from None
    return executor


class _RichProgress:
    """A progress bar on stderr, for terminals only."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self._progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._task: int | None = None

    def start(self, total: int, skipped: int) -> None:
        if total:
            self._progress.start()
            label = f"rendering ({skipped} unchanged)" if skipped else "rendering"
            self._task = self._progress.add_task(label, total=total)

    def done(self, record: BriefingRecord) -> None:
        if self._task is not None:
            self._progress.console.print(
                f"  {STATUS_WORDS[record.status.value]:<9} {record.name}", highlight=False
            )
            self._progress.advance(self._task)
            if self._progress.finished:
                self._progress.stop()


def _progress() -> _RichProgress | None:
    return _RichProgress() if sys.stderr.isatty() else None


def _print_report(report: RenderReport, out_dir: Path) -> None:
    for record in report.records:
        word = STATUS_WORDS[record.status.value]
        seconds = record.timing.get("total_s")
        executed = record.status.value != "skipped-unchanged" and seconds is not None
        timing = f"{seconds:5.1f} s" if executed else " " * 7
        line = f"{word:<9} {timing}  {record.name}"
        if record.status.value == "failed":
            error = record.error or {}
            page = out_dir / (record.failure_page or "")
            line += f": {error.get('ename')}: {error.get('evalue')} → {page}"
        if record.pdf_error:
            line += f"; PDF FAILED: {record.pdf_error}"
        elif record.pdf:
            line += f" + {record.pdf}"
        typer.echo(line)
    failed = len(report.failed)
    typer.echo(
        f"{len(report.records)} briefing(s), {failed} failed, in {report.run['duration_s']:.1f} s;"
        f" index {report.index_path}, manifest {report.manifest_path}"
    )
