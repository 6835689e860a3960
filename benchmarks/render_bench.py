"""Benchmark ``hongtong render`` against the naive way, and time an unchanged re-run.

Three measurements on the briefings of a project tree (every parameter file under
``parameters/``):

1. naive: for each briefing, serially, the ``papermill`` CLI then ``jupyter nbconvert --to html``;
2. ``hongtong render --all --force`` (parallel workers, one reused kernel per worker,
   in-process export); with ``--fresh-kernels``, also with a kernel per notebook;
3. ``hongtong render --all`` again, every briefing unchanged.

Peak memory is the largest sum of resident memory over a command and all its descendants
(kernels, workers), sampled every 100 ms with psutil.

Usage::

    .venv/bin/python benchmarks/render_bench.py               # the project's own briefings
    .venv/bin/python benchmarks/render_bench.py --fixtures    # a temporary tree of fixtures
    .venv/bin/python benchmarks/render_bench.py --skip-naive --fresh-kernels  # reuse vs not
    HONGTONG_HOME=/some/tree .venv/bin/python benchmarks/render_bench.py
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
FIXTURES = REPO / "tests" / "fixtures" / "notebooks"
OK_PARAMETERS = (
    "sector_id: {sector}\nas_of_year: 2024\ninterval_level: 0.8\n"
    "indicator_ids: [urbanization_rate_pct]\nshow_benchmarks: true\n"
)


@dataclass
class Measure:
    """Wall time and peak memory of one or more commands."""

    wall_s: float = 0.0
    peak_mb: float = 0.0


def run_measured(command: list[str], env: dict[str, str]) -> Measure:
    """Run ``command``; return its wall time and peak summed RSS of its process tree."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        try:
            root = psutil.Process(process.pid)
        except psutil.NoSuchProcess:
            return
        while not done.is_set():
            total = 0
            try:
                for proc in [root, *root.children(recursive=True)]:
                    try:
                        total += proc.memory_info().rss
                    except psutil.NoSuchProcess:
                        continue
            except psutil.NoSuchProcess:
                break
            peak = max(peak, total)
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    done.set()
    sampler.join()
    if process.returncode not in (0, 1):  # 1: a briefing failed, still a measurement
        raise SystemExit(f"{' '.join(command)} exited {process.returncode}:\n{stderr}")
    return Measure(time.perf_counter() - started, peak / 2**20)


def briefings(root: Path) -> list[tuple[str, Path, Path]]:
    """Return (name, notebook, parameter file) for every parameter file under ``root``."""
    params = root / "parameters"
    found = [(p.stem, root / "notebooks" / f"{p.stem}.ipynb", p) for p in params.glob("*.yaml")]
    found += [
        (f"department-{p.stem}", root / "notebooks" / "department.ipynb", p)
        for p in (params / "department").glob("*.yaml")
    ]
    return sorted(found)


def build_fixture_tree(root: Path) -> None:
    """Lay out a tree of fixture briefings: five sectors and three departments."""
    shutil.copytree(REPO / "data" / "plan", root / "data" / "plan")
    (root / "notebooks").mkdir()
    (root / "parameters" / "department").mkdir(parents=True)
    charts = {"health", "environment"}
    for sector in ("overview", "housing", "health", "education", "environment"):
        source = "with_chart" if sector in charts else "ok"
        shutil.copy(FIXTURES / f"{source}.ipynb", root / "notebooks" / f"{sector}.ipynb")
        text = 'title: 常住人口城镇化率\nunit: "%"\n' if sector in charts else OK_PARAMETERS
        (root / "parameters" / f"{sector}.yaml").write_text(
            text.format(sector=sector), encoding="utf-8"
        )
    shutil.copy(FIXTURES / "department.ipynb", root / "notebooks" / "department.ipynb")
    for department in ("health", "housing_urban_rural", "natural_resources"):
        (root / "parameters" / "department" / f"{department}.yaml").write_text(
            f"department_id: {department}\nas_of_year: 2024\n", encoding="utf-8"
        )


def naive(root: Path, work: Path, env: dict[str, str]) -> Measure:
    """Serial papermill CLI then jupyter nbconvert for every briefing."""
    total = Measure()
    for name, notebook, parameter_file in briefings(root):
        executed = work / f"{name}.ipynb"
        steps = [
            [
                str(BIN / "papermill"),
                str(notebook),
                str(executed),
                "-f",
                str(parameter_file),
                "-k",
                "hongtong",
                "--cwd",
                str(root),
            ],
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)],
        ]
        for command in steps:
            measure = run_measured(command, env)
            total.wall_s += measure.wall_s
            total.peak_mb = max(total.peak_mb, measure.peak_mb)
    return total


def main() -> None:
    """Run the three measurements and print them with the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", action="store_true", help="use a tree of fixtures")
    parser.add_argument("--jobs", type=int, default=None, help="workers for hongtong render")
    parser.add_argument("--skip-naive", action="store_true", help="only time hongtong render")
    parser.add_argument(
        "--fresh-kernels",
        action="store_true",
        help="time hongtong render --fresh-kernels too (a kernel per notebook)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="render-bench-") as scratch:
        scratch_dir = Path(scratch)
        if args.fixtures:
            root = scratch_dir / "project"
            root.mkdir()
            build_fixture_tree(root)
        else:
            root = Path(os.environ.get("HONGTONG_HOME", REPO)).resolve()
        env = {**os.environ, "HONGTONG_HOME": str(root), "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
        count = len(briefings(root))
        if not count:
            raise SystemExit(f"no parameter files under {root / 'parameters'}")
        out = scratch_dir / "rendered"
        render = [str(BIN / "hongtong"), "render", "--all", "--out", str(out)]
        if args.jobs:
            render += ["--jobs", str(args.jobs)]

        print(f"{count} briefings under {root}; {os.cpu_count()} CPUs")
        fast = run_measured([*render, "--force"], env)
        unchanged = run_measured(render, env)
        sizes = sorted(p.stat().st_size for p in out.rglob("*.html"))
        print(f"hongtong render --all --force : {fast.wall_s:6.1f} s   peak {fast.peak_mb:6.0f} MB")
        if args.fresh_kernels:
            fresh_out = ["--out", str(scratch_dir / "rendered-fresh")]  # its own font cache
            fresh = run_measured([*render, *fresh_out, "--force", "--fresh-kernels"], env)
            print(
                f"  ... --fresh-kernels         : {fresh.wall_s:6.1f} s   "
                f"peak {fresh.peak_mb:6.0f} MB"
            )
        print(
            f"hongtong render --all (again) : {unchanged.wall_s:6.2f} s   "
            f"peak {unchanged.peak_mb:6.0f} MB"
        )
        print(f"pages: {len(sizes)} HTML files, {sizes[0] / 1024:.0f}-{sizes[-1] / 1024:.0f} KB")
        if not args.skip_naive:
            work = scratch_dir / "naive"
            work.mkdir()
            slow = naive(root, work, env)
            print(
                f"naive papermill + nbconvert   : {slow.wall_s:6.1f} s   "
                f"peak {slow.peak_mb:6.0f} MB"
            )
            print(
                f"speed-up: {slow.wall_s / fast.wall_s:.1f}x "
                f"({slow.wall_s / count:.1f} s vs {fast.wall_s / count:.1f} s per briefing)"
            )


if __name__ == "__main__":
    main()
