"""PDF copies of the briefing pages, printed by headless Chromium (``hongtong render --pdf``).

A separate step after the HTML export: each good page ``<name>.html`` is printed to
``<name>.pdf`` beside it by ``chromium --headless --print-to-pdf``, which applies the pages'
print style sheet (A4 via ``@page``, page numbers in the bottom margin, header rows repeated,
rows and charts kept whole) and embeds the page's font subset, so the Chinese text prints on
any machine and can be copied out of the PDF.

- Each PDF is printed by its own Chromium process, in its own session (process group) and with
  a throw-away profile; a print that fails or times out fails only that briefing's PDF
  (:attr:`PdfOutcome.error`), its process group is killed, and no partial file is left: the
  PDF is printed to a temporary file in the same folder and moved into place.
- A PDF is current when it is newer than its page; current PDFs are not printed again.
- A Chromium that cannot be found is reported before anything is rendered
  (:class:`ChromiumMissing`).

Examples
--------
>>> pdf_relpath("department/finance.html")
'department/finance.pdf'
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

logger = logging.getLogger(__name__)

CHROMIUM_ENV = "HONGTONG_CHROMIUM"
"""Environment variable naming the Chromium (or Chrome) executable to print with."""

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
"""Executables looked for on ``PATH`` when :data:`CHROMIUM_ENV` is not set."""

PRINT_TIMEOUT_S = 120.0
"""Longest one page may take to print (a 2-core machine under load prints one in 2-5 s)."""

CHROMIUM_FLAGS = (
    "--headless",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-pdf-header-footer",  # the page numbers come from the style sheet's @page rule
)


class ChromiumMissing(RuntimeError):
    """No Chromium to print PDFs with."""


class PdfPrintError(RuntimeError):
    """Chromium did not print a page."""


@dataclass(frozen=True)
class PdfJob:
    """One page to print: paths relative to ``out_dir``."""

    name: str
    html: str
    pdf: str


@dataclass(frozen=True)
class PdfOutcome:
    """What printing one page gave: the PDF's relative path, or why it failed."""

    name: str
    pdf: str | None
    error: str | None
    seconds: float
    printed: bool


def pdf_relpath(html_relpath: str) -> str:
    """Return the PDF's path beside a page (both relative to the output folder)."""
    return str(PurePosixPath(html_relpath).with_suffix(".pdf"))


def find_chromium() -> Path:
    """Return the Chromium executable: ``$HONGTONG_CHROMIUM``, else the first on ``PATH``.

    Raises
    ------
    ChromiumMissing
        If none is found, saying how to install one.
    """
    named = os.environ.get(CHROMIUM_ENV)
    if named:
        path = Path(named)
        if path.is_file() and os.access(path, os.X_OK):
            return path
        raise ChromiumMissing(f"{CHROMIUM_ENV}={named} is not an executable file")
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    raise ChromiumMissing(
        "--pdf needs headless Chromium to print the pages, and none was found on PATH "
        f"(looked for {', '.join(CHROMIUM_NAMES)}). Install it (Debian: apt-get install -y "
        f"chromium) or set {CHROMIUM_ENV} to its executable."
    )


def chromium_command(chromium: Path, page: Path, pdf: Path, profile: Path) -> list[str]:
    """Return the command printing ``page`` to ``pdf`` with a fresh ``profile`` folder."""
    flags = list(CHROMIUM_FLAGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
    return [
        str(chromium),
        *flags,
        f"--user-data-dir={profile}",
        f"--print-to-pdf={pdf}",
        page.resolve().as_uri(),
    ]


def print_pdf(page: Path, pdf: Path, *, chromium: Path, timeout_s: float = PRINT_TIMEOUT_S) -> None:
    """Print one page to ``pdf`` atomically.

    Raises
    ------
    PdfPrintError
        If Chromium fails, times out or writes no PDF; nothing is left at ``pdf`` then (a
        previous PDF stays as it was) and Chromium's process group is gone.
    """
    pdf.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{pdf.name}.", suffix=".tmp", dir=pdf.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    profile = Path(tempfile.mkdtemp(prefix="hongtong-chromium-"))
    try:
        _run_chromium(chromium_command(chromium, page, tmp, profile), timeout_s, page)
        with tmp.open("rb") as handle:
            if handle.read(5) != b"%PDF-":
                raise PdfPrintError(f"Chromium wrote no PDF for {page.name}")
            os.fsync(handle.fileno())
        tmp.chmod(0o644)
        os.replace(tmp, pdf)
    finally:
        tmp.unlink(missing_ok=True)
        shutil.rmtree(profile, ignore_errors=True)


def _run_chromium(command: list[str], timeout_s: float, page: Path) -> None:
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: killed whole, renderer included
    )
    try:
        _, stderr = process.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        message = f"Chromium took longer than {timeout_s:.0f} s to print {page.name}"
        raise PdfPrintError(message) from None
    finally:
        _kill_group(process)
    if process.returncode != 0:
        tail = stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise PdfPrintError(
            f"Chromium exited with status {process.returncode} printing {page.name}: "
            + " | ".join(tail)
        )


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill whatever is left of Chromium's process group (it forks helpers)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()


def is_current(out_dir: Path, html_relpath: str, pdf: str | None) -> bool:
    """Return whether ``pdf`` exists and is at least as new as its page."""
    if not pdf:
        return False
    page, printed = out_dir / html_relpath, out_dir / pdf
    return printed.is_file() and page.is_file() and printed.stat().st_mtime >= page.stat().st_mtime


def print_pdfs(
    jobs: Sequence[PdfJob],
    out_dir: Path,
    *,
    chromium: Path,
    workers: int = 2,
    timeout_s: float = PRINT_TIMEOUT_S,
) -> dict[str, PdfOutcome]:
    """Print pages to PDFs, ``workers`` Chromium processes at a time; one outcome per job.

    A job whose PDF is current (:func:`is_current`) is not printed again. A failure is caught
    per job and recorded in its outcome.
    """

    def one(job: PdfJob) -> PdfOutcome:
        started = time.perf_counter()
        if is_current(out_dir, job.html, job.pdf):
            return PdfOutcome(job.name, job.pdf, None, 0.0, printed=False)
        try:
            print_pdf(out_dir / job.html, out_dir / job.pdf, chromium=chromium, timeout_s=timeout_s)
        except (PdfPrintError, OSError) as error:
            logger.warning("PDF of %s failed: %s", job.name, error)
            seconds = round(time.perf_counter() - started, 3)
            return PdfOutcome(job.name, None, str(error), seconds, printed=False)
        seconds = round(time.perf_counter() - started, 3)
        return PdfOutcome(job.name, job.pdf, None, seconds, printed=True)

    if not jobs:
        return {}
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(jobs)))) as pool:
        return {outcome.name: outcome for outcome in pool.map(one, jobs)}


def drop_stale_pdf(out_dir: Path, pdf: str | None) -> None:
    """Remove a PDF whose page was rendered again without ``--pdf`` (it shows the old page)."""
    if pdf:
        (out_dir / pdf).unlink(missing_ok=True)
