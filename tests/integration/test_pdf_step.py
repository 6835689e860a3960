"""The PDF step of ``hongtong render --pdf`` with a stand-in Chromium (a small shell script).

The script writes a tiny PDF where Chromium would, fails for pages named ``broken``, and
hangs (with a child process) for pages named ``slow``: failures stay with their briefing,
nothing temporary is left, a hung print is killed with its process group, a missing Chromium
is reported before anything runs. The real Chromium is used in test_phone_print.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from hongtonglib.briefing import render as render_module
from hongtonglib.briefing.manifest import BriefingRecord, BriefingStatus, Manifest
from hongtonglib.briefing.pdf import (
    CHROMIUM_ENV,
    ChromiumMissing,
    PdfJob,
    PdfPrintError,
    find_chromium,
    print_pdf,
    print_pdfs,
)
from hongtonglib.briefing.render import RenderOptions

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
HONGTONG = Path(sys.executable).with_name("hongtong")

FAKE_CHROMIUM = """#!/bin/sh
# stand-in for chromium --headless --print-to-pdf=OUT file:///…/PAGE.html
out=""; page=""
for arg in "$@"; do
  case "$arg" in
    --print-to-pdf=*) out="${arg#--print-to-pdf=}" ;;
    file://*) page="$arg" ;;
  esac
done
case "$page" in
  *broken*) echo "renderer crashed" >&2; exit 3 ;;
  *slow*) sleep 300 & echo $! > "$PIDFILE"; wait ;;
  *empty*) exit 0 ;;
esac
printf '%%PDF-1.4 fake print of %s\\n' "$page" > "$out"
"""


@pytest.fixture
def fake_chromium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    script = tmp_path / "bin" / "chromium"
    script.parent.mkdir()
    script.write_text(FAKE_CHROMIUM)
    script.chmod(0o755)
    monkeypatch.setenv("PIDFILE", str(tmp_path / "child.pid"))
    return script


def _pages(out: Path, *names: str) -> list[PdfJob]:
    jobs = []
    for name in names:
        (out / f"{name}.html").parent.mkdir(parents=True, exist_ok=True)
        (out / f"{name}.html").write_text("<html lang='zh'><body>简报</body></html>")
        jobs.append(PdfJob(name, f"{name}.html", f"{name}.pdf"))
    return jobs


def test_each_page_printed_and_a_failure_stays_with_its_briefing(
    fake_chromium: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    jobs = _pages(out, "overview", "broken", "department/finance", "empty")
    outcomes = print_pdfs(jobs, out, chromium=fake_chromium, workers=2)
    assert outcomes["overview"].pdf == "overview.pdf" and outcomes["overview"].error is None
    assert outcomes["department/finance"].pdf == "department/finance.pdf"
    assert (out / "department" / "finance.pdf").read_bytes().startswith(b"%PDF-")
    assert outcomes["broken"].pdf is None
    assert "status 3" in outcomes["broken"].error and "renderer crashed" in outcomes["broken"].error
    assert outcomes["empty"].pdf is None and "no PDF" in outcomes["empty"].error
    assert not (out / "broken.pdf").exists() and not (out / "empty.pdf").exists()
    assert sorted(p.name for p in out.rglob(".*")) == [], "temporary files left"
    # current PDFs are not printed again
    again = print_pdfs(jobs[:1], out, chromium=fake_chromium)
    assert again["overview"].printed is False and again["overview"].pdf == "overview.pdf"


def test_a_hung_print_is_killed_with_its_children(fake_chromium: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (job,) = _pages(out, "slow")
    (out / "slow.pdf").write_bytes(b"%PDF-1.4 previous")
    started = time.monotonic()
    with pytest.raises(PdfPrintError, match="longer than 1 s"):
        print_pdf(out / job.html, out / job.pdf, chromium=fake_chromium, timeout_s=1)
    assert time.monotonic() - started < 30
    child = int((tmp_path / "child.pid").read_text())
    deadline = time.monotonic() + 5
    while psutil.pid_exists(child) and psutil.Process(child).status() != "zombie":
        assert time.monotonic() < deadline, "the hung print's child is still running"
        time.sleep(0.1)
    assert (out / "slow.pdf").read_bytes() == b"%PDF-1.4 previous"  # the old PDF is kept
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def test_missing_chromium_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CHROMIUM_ENV, str(tmp_path / "nowhere" / "chromium"))
    with pytest.raises(ChromiumMissing, match="is not an executable file"):
        find_chromium()
    monkeypatch.delenv(CHROMIUM_ENV)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ChromiumMissing, match="apt-get install -y chromium"):
        find_chromium()


def test_render_pdf_without_chromium_exits_2_before_running(tmp_path: Path) -> None:
    env = {**os.environ, CHROMIUM_ENV: str(tmp_path / "no-chromium")}
    result = subprocess.run(
        [str(HONGTONG), "render", "--sector", "housing", "--pdf", "--out", str(tmp_path / "o")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert CHROMIUM_ENV in result.stderr
    assert not (tmp_path / "o" / "housing.html").exists()


def _record(name: str, status: BriefingStatus, **values: object) -> BriefingRecord:
    return BriefingRecord(
        name=name, kind="sector", briefing_id=name, status=status, html=f"{name}.html", **values
    )


def test_pdf_step_records_pdfs_keeps_failed_pages_and_drops_stale_ones(
    fake_chromium: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _pages(out, "overview", "housing", "health", "broken")
    for name in ["housing", "health"]:
        (out / f"{name}.pdf").write_bytes(b"%PDF-1.4 earlier")
        os.utime(out / f"{name}.pdf", (1, 1))  # older than the page
    previous = Manifest(
        briefings={
            "housing": _record("housing", BriefingStatus.ok, pdf="housing.pdf"),
            "health": _record("health", BriefingStatus.ok, pdf="health.pdf"),
        }
    )
    records = {
        "overview": _record("overview", BriefingStatus.ok),
        "housing": _record("housing", BriefingStatus.ok),  # rendered again
        "health": _record("health", BriefingStatus.failed),  # its previous page kept
        "broken": _record("broken", BriefingStatus.ok),
    }
    options = RenderOptions(out_dir=out, pdf=True, jobs=2)
    printed = render_module._with_pdfs(records, previous, out, fake_chromium, options)
    assert printed["overview"].pdf == "overview.pdf"
    assert printed["housing"].pdf == "housing.pdf"
    assert (out / "housing.pdf").read_bytes().startswith(b"%PDF-1.4 fake")
    assert printed["health"].pdf == "health.pdf"  # not printed: the page is the old one
    assert (out / "health.pdf").read_bytes() == b"%PDF-1.4 earlier"
    assert printed["broken"].pdf is None and "status 3" in printed["broken"].pdf_error
    assert "pdf_s" in printed["overview"].timing

    # rendered again without --pdf: the PDF shows the old page, so it goes
    records = {"housing": _record("housing", BriefingStatus.ok)}
    previous = Manifest(briefings={"housing": printed["housing"]})
    plain = RenderOptions(out_dir=out)
    kept = render_module._with_pdfs(records, previous, out, None, plain)
    assert kept["housing"].pdf is None and not (out / "housing.pdf").exists()
    assert json.loads(json.dumps(printed["broken"].to_dict()))["pdf_error"]
