"""Faults of rendering (issue 8): damaged caches, bad output folders, orphaned failure pages,
a store outside ``data/``, overlapping renders and a killed main process.

The fast tests replace the execution of notebooks by a stand-in that writes a page (no
kernel); the tests marked ``integration`` run ``hongtong render`` in subprocesses.
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from faults_synthetic import snapshot
from typer.testing import CliRunner

from hongtonglib import paths
from hongtonglib.assess import cache as assess_cache
from hongtonglib.briefing import render
from hongtonglib.briefing.catalog import select_briefings
from hongtonglib.briefing.execute import BriefingOutcome
from hongtonglib.briefing.fingerprint import HashCache
from hongtonglib.briefing.manifest import BriefingStatus
from hongtonglib.briefing.outdir import OutputDirError, check_out_dir
from hongtonglib.cli import app
from hongtonglib.fonts import is_sound_woff, subset_font_woff
from hongtonglib.intake.db import STORE_URL_ENV, StoreLocation, connect_writer

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
HONGTONG = Path(sys.executable).parent / "hongtong"


# -- damaged caches ----------------------------------------------------------------------


@pytest.mark.parametrize("content", ["[]", '{"a": 3}', "not json", '{"x": [1, 2, "zz"]}'])
def test_damaged_hash_cache_is_rebuilt(tmp_path: Path, content: str) -> None:
    path = tmp_path / "hashes.json"
    path.write_text(content, encoding="utf-8")
    target = tmp_path / "synthetic.txt"
    target.write_text("synthetic", encoding="utf-8")
    cache = HashCache(path)
    digest = cache.sha256(target)
    cache.save()
    assert json.loads(path.read_text(encoding="utf-8"))[str(target.resolve())][2] == digest


def test_damaged_file_hash_cache_of_the_assessment(tmp_path: Path, monkeypatch) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "synthetic.csv").write_text("year,value\n2024,1\n", encoding="utf-8")
    monkeypatch.setattr(paths, "data_dir", lambda: data)
    monkeypatch.setattr(paths, "cache_dir", lambda: tmp_path / ".cache")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "file_hashes.json").write_text("[]", encoding="utf-8")
    key = assess_cache.assessment_key(as_of=2026, region_code="141024", level=0.8)
    assert len(key) == 64


def test_random_bytes_in_the_assessment_pickle_are_not_unpickled(tmp_path: Path) -> None:
    path = tmp_path / "a.pickle"
    path.write_bytes(os.urandom(4096))
    started = time.perf_counter()
    assert assess_cache._read(path) is None
    # a plain pickle of the right type, but without the checksum header, is refused too
    path.write_bytes(pickle.dumps({"not": "sealed"}))
    assert assess_cache._read(path) is None
    # a huge length prefix in a valid-looking frame (what gave MemoryError) is refused
    path.write_bytes(b"\x80\x05\x95" + (2**62).to_bytes(8, "little") + os.urandom(64))
    assert assess_cache._read(path) is None
    assert time.perf_counter() - started < 2


def test_sealed_assessment_round_trip(tmp_path: Path) -> None:
    payload = pickle.dumps([1, 2, 3])
    assert assess_cache._unseal(assess_cache._seal(payload)) == payload
    sealed = bytearray(assess_cache._seal(payload))
    sealed[-1] ^= 0xFF
    assert assess_cache._unseal(bytes(sealed)) is None


def test_truncated_cached_font_is_rebuilt(tmp_path: Path) -> None:
    good = subset_font_woff("洪洞县城镇化", cache_dir=tmp_path)
    (cached,) = list(tmp_path.glob("*.woff"))
    cached.write_bytes(good[: len(good) // 2])
    again = subset_font_woff("洪洞县城镇化", cache_dir=tmp_path)
    assert again == good and is_sound_woff(again)
    assert cached.read_bytes() == good


# -- the output folder -------------------------------------------------------------------


def _no_kernel(*args, **kwargs):
    raise AssertionError("a kernel was started")


@pytest.mark.parametrize("kind", ["file", "proc", "devnull", "under_file"])
def test_bad_out_is_refused_before_any_kernel(tmp_path: Path, monkeypatch, kind: str) -> None:
    monkeypatch.setattr(render, "_execute", _no_kernel)
    regular = tmp_path / "a_file"
    regular.write_text("x", encoding="utf-8")
    out = {
        "file": regular,
        "proc": Path("/proc/x"),
        "devnull": Path("/dev/null"),
        "under_file": regular / "sub",
    }[kind]
    result = runner.invoke(app, ["render", "-d", "health", "--out", str(out), "--force"])
    assert result.exit_code == 2, result.output
    assert "--out" in result.output and "no notebook was executed" in result.output
    assert "Traceback" not in result.output and len(result.output.splitlines()) <= 3


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_out_is_a_clear_error(tmp_path: Path) -> None:
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o555)
    try:
        with pytest.raises(OutputDirError, match="cannot write"):
            check_out_dir(out)
    finally:
        out.chmod(0o755)


# -- stand-in execution (no kernel) ------------------------------------------------------


def _fake_execute(values: dict[str, float]):
    """Return an ``_execute`` that writes a page showing ``values['shown']`` per briefing."""
    calls: list[list[str]] = []

    def execute(jobs, workers, finished, started) -> None:
        started()
        calls.append([job.name for job in jobs])
        for index, job in enumerate(jobs):
            page = job.out_dir / job.html_relpath
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(f"<p>{values['shown']}</p>", encoding="utf-8")
            finished(
                index,
                BriefingOutcome(
                    name=job.name,
                    ok=True,
                    title=job.name,
                    html=job.html_relpath.as_posix(),
                    timing={"total_s": 0.0},
                ),
            )

    execute.calls = calls
    return execute


def _options(out: Path) -> render.RenderOptions:
    return render.RenderOptions(out_dir=out, jobs=1, embed_font=False)


def test_temporaries_of_a_killed_run_are_removed(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(render, "_execute", _fake_execute({"shown": 1}))
    out = tmp_path / "out"
    (out / "_executed").mkdir(parents=True)
    stale = [out / ".index.html.k3j2.tmp", out / "_executed" / ".health.partial.ipynb"]
    for path in stale:
        path.write_text("half", encoding="utf-8")
    keep = out / "notes.tmp"  # not hidden: not ours
    keep.write_text("x", encoding="utf-8")
    render.render_briefings(select_briefings(departments=["health"]), _options(out))
    assert not any(path.exists() for path in stale) and keep.exists()


def test_store_outside_data_makes_briefings_stale(tmp_path: Path, monkeypatch) -> None:
    store = tmp_path / "elsewhere" / "intake.sqlite"
    monkeypatch.setenv(STORE_URL_ENV, f"sqlite:///{store}")
    fake = _fake_execute({"shown": 1})
    monkeypatch.setattr(render, "_execute", fake)
    briefings = select_briefings(departments=["health"])
    out = tmp_path / "out"
    render.render_briefings(briefings, _options(out))
    again = render.render_briefings(briefings, _options(out))
    assert again.records[0].status is BriefingStatus.skipped_unchanged
    connect_writer(StoreLocation(store)).close()  # the store changes (as an approval would)
    third = render.render_briefings(briefings, _options(out))
    assert third.records[0].status is BriefingStatus.ok
    assert len(fake.calls) == 2


def test_orphaned_failure_page_is_reconciled(tmp_path: Path, monkeypatch) -> None:
    fake = _fake_execute({"shown": 1})
    monkeypatch.setattr(render, "_execute", fake)
    briefings = select_briefings(departments=["health"])
    out = tmp_path / "out"
    render.render_briefings(briefings, _options(out))
    # A run that failed the briefing but could not write its manifest leaves the failure page.
    orphan = out / briefings[0].failed_relpath
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_text("<p>failed</p>", encoding="utf-8")
    again = render.render_briefings(briefings, _options(out))
    assert again.records[0].status is BriefingStatus.ok  # rendered again, not "unchanged"
    assert len(fake.calls) == 2


def test_damaged_store_is_refused_before_rendering(tmp_path: Path, monkeypatch) -> None:
    store = tmp_path / "s" / "intake.sqlite"
    (tmp_path / "s" / "intake_files").mkdir(parents=True)
    (tmp_path / "s" / "intake_files" / "submission-000001.xlsx").write_bytes(b"evidence")
    store.write_bytes(b"")
    monkeypatch.setenv(STORE_URL_ENV, f"sqlite:///{store}")
    monkeypatch.setattr(render, "_execute", _no_kernel)
    before = snapshot(tmp_path / "s")
    result = runner.invoke(app, ["render", "-d", "health", "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "empty (0 bytes)" in result.output
    assert snapshot(tmp_path / "s") == before


# -- real renders (subprocesses) ---------------------------------------------------------


def _tagged(marker: str) -> list[int]:
    needle = f"HONGTONG_FAULT_TAG={marker}".encode() + b"\0"
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if needle in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _spawn_render(out: Path, department: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [str(HONGTONG), "render", "-d", department, "--out", str(out), "--force"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


@pytest.mark.integration
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /proc and prctl")
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_killed_render_leaves_no_process_and_no_kernel_file(tmp_path: Path, signum) -> None:
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    marker = uuid.uuid4().hex
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(runtime), HONGTONG_FAULT_TAG=marker)
    process = _spawn_render(tmp_path / "out", "health", env)
    deadline = time.monotonic() + 120
    # wait until a kernel runs (its socket files exist), then kill the main process only
    while not list(runtime.glob("hongtong-*")) and time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        time.sleep(0.1)
    assert len(_tagged(marker)) >= 3  # main, a worker, a kernel
    os.kill(process.pid, signum)
    process.communicate(timeout=60)
    deadline = time.monotonic() + 20
    while _tagged(marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = _tagged(marker)
    for pid in left:  # ours (marked): do not leave them running even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert left == []
    assert sorted(p.name for p in runtime.iterdir()) == []


@pytest.mark.integration
def test_overlapping_renders_into_one_out_keep_both_records(tmp_path: Path) -> None:
    out = tmp_path / "out"
    env = dict(os.environ)
    first = _spawn_render(out, "fire_rescue", env)
    second = _spawn_render(out, "health", env)
    for process in (first, second):
        _, err = process.communicate(timeout=600)
        assert process.returncode == 0, err
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    names = {record["name"] for record in manifest["briefings"]}
    assert {"department/fire_rescue", "department/health"} <= names
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "fire_rescue" in index and "health" in index
