"""County profiles of Linfen rendered through a real Dask scheduler and two workers.

- the pages made by the Dask engine are those of the local engine (the generation time in
  each page's footer aside);
- a worker killed mid-run (its nanny, worker and kernel, SIGKILL) loses nothing: its
  briefings are retried on the other worker and every page is written, none failed;
- no process of the cluster is left afterwards (the cluster fixture stops them).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from daskcluster import dask_cluster

pytestmark = pytest.mark.integration

HONGTONG = Path(sys.executable).parent / "hongtong"
LINFEN = "141000"
LINFEN_UNITS = 17
GENERATED = re.compile(r"生成于 [0-9T:+\-.Z]+")


def render(out: Path, *extra: str, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(HONGTONG), "render", "--profiles", "--prefecture", LINFEN, "--out", str(out),
         "--no-embed-font", *extra],
        capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip


def pages(out: Path) -> dict[str, str]:
    return {
        path.relative_to(out).as_posix(): GENERATED.sub("生成于 …", path.read_text("utf-8"))
        for path in sorted((out / "profiles").rglob("*.html"))
    }


def test_dask_pages_equal_local_pages(tmp_path: Path) -> None:
    local = render(tmp_path / "local", "--jobs", "2")
    assert local.returncode == 0, local.stderr
    with dask_cluster(tmp_path / "cluster") as cluster:
        dask = render(tmp_path / "dask", "--engine", "dask", "--scheduler", cluster.address)
    assert dask.returncode == 0, dask.stdout + dask.stderr
    local_pages, dask_pages = pages(tmp_path / "local"), pages(tmp_path / "dask")
    assert len(local_pages) == LINFEN_UNITS + 2  # the counties, Linfen's page, Shanxi's index
    assert not [name for name in local_pages if name.endswith(".failed.html")]
    assert dask_pages.keys() == local_pages.keys()
    different = [name for name in local_pages if local_pages[name] != dask_pages[name]]
    assert different == []
    manifest = json.loads((tmp_path / "dask" / "manifest.json").read_text())
    assert manifest["run"]["engine"] == "dask" and manifest["run"]["jobs"] == 2


def test_a_worker_killed_mid_run_loses_no_page(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with dask_cluster(tmp_path / "cluster") as cluster:
        run = subprocess.Popen(
            [str(HONGTONG), "render", "--profiles", "--prefecture", LINFEN, "--out", str(out),
             "--no-embed-font", "--engine", "dask", "--scheduler", cluster.address],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        county_pages = out / "profiles" / "county"
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline and run.poll() is None:
            if county_pages.is_dir() and len(list(county_pages.glob("*.html"))) >= 2:
                break
            time.sleep(0.2)
        assert run.poll() is None, "the run ended before a worker could be killed"
        done_before = len(list(county_pages.glob("*.html")))
        killed = cluster.kill_worker(0)
        assert killed
        stdout, stderr = run.communicate(timeout=900)
        scheduler_log = (tmp_path / "cluster" / "scheduler.log").read_text()
    assert run.returncode == 0, stdout + stderr
    assert done_before < LINFEN_UNITS
    written = pages(out)
    assert len(written) == LINFEN_UNITS + 2
    assert not [name for name in written if name.endswith(".failed.html")]
    manifest = json.loads((out / "manifest.json").read_text())
    assert {r["status"] for r in manifest["briefings"]} == {"ok"}
    assert "Remove worker" in scheduler_log or "lost" in scheduler_log.lower()
