"""Benchmark the county profiles: local engine, Dask (LocalCluster and separate processes),
and the naive serial papermill + nbconvert CLI on a sample.

Measured on the county units of one province (default Shanxi, 140000: 117 county profiles,
11 prefecture pages, 1 province index = 129 pages), each into a fresh output folder:

1. ``local``: ``hongtong render --profiles --province P`` (worker processes, a kept kernel
   per worker), then the same command again with nothing changed (``unchanged``);
2. ``dask-localcluster``: :func:`render_briefings` in this process with a
   ``distributed.LocalCluster`` (N worker processes, 1 thread each) through
   :class:`~hongtonglib.briefing.dask_engine.DaskExecutor`;
3. ``dask-processes``: ``dask scheduler`` + N ``dask worker`` processes started here, and
   ``hongtong render --profiles --engine dask --scheduler …``;
4. ``naive``: for a sample of county units, serially, the ``papermill`` CLI then
   ``jupyter nbconvert --to html``.

Peak memory is the largest sum of resident memory over the command's process tree (and the
Dask processes' trees), sampled every 100 ms with psutil. The load average is printed with
every figure: the machine is shared.

Usage::

    nice -n 5 .venv/bin/python benchmarks/profiles_bench.py [--province 140000] [--workers 2]
        [--sample 5] [--skip ENGINE ...] [--all-counties]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@dataclass
class Figure:
    """One measurement."""

    name: str
    pages: int
    wall_s: float
    peak_mb: float
    load: str

    def line(self) -> str:
        per = self.wall_s / self.pages if self.pages else float("nan")
        return (
            f"{self.name:<22} {self.pages:>5} pages {self.wall_s:8.1f} s  {per:6.2f} s/page  "
            f"peak {self.peak_mb:7.0f} MB  load {self.load}"
        )


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


class Sampler:
    """Peak summed RSS of some process trees, sampled every 100 ms."""

    def __init__(self, roots: Callable[[], list[int]]) -> None:
        self.roots = roots
        self.peak = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._done.is_set():
            total, seen = 0, set()
            for pid in self.roots():
                try:
                    root = psutil.Process(pid)
                    members = [root, *root.children(recursive=True)]
                except psutil.NoSuchProcess:
                    continue
                for proc in members:
                    if proc.pid in seen:
                        continue
                    seen.add(proc.pid)
                    try:
                        total += proc.memory_info().rss
                    except psutil.NoSuchProcess:
                        continue
            self.peak = max(self.peak, total)
            self._done.wait(0.1)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()


def run(command: list[str], extra_roots: list[int] = ()) -> tuple[float, float, str]:
    """Run a command; return wall seconds, peak MB (with ``extra_roots``), stdout's last line."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with Sampler(lambda: [process.pid, *extra_roots]) as sampler:
        stdout, stderr = process.communicate()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited {process.returncode}:\n{stderr}")
    last = stdout.strip().splitlines()[-1] if stdout.strip() else ""
    return time.perf_counter() - started, sampler.peak / 2**20, last


def count_pages(out: Path) -> int:
    manifest = json.loads((out / "manifest.json").read_text())
    return len(manifest["run"]["executed"]) or len(manifest["run"]["selected"])


def bench_local(selection: list[str], work: Path, jobs: int | None) -> list[Figure]:
    out = work / "local"
    command = [str(BIN / "hongtong"), "render", *selection, "--out", str(out)]
    command += ["--jobs", str(jobs)] if jobs else []
    load = load_average()
    wall, peak, last = run(command)
    print("  ", last)
    figures = [Figure("local", count_pages(out), wall, peak, load)]
    load = load_average()
    wall, peak, last = run(command)
    print("  ", last)
    pages = len(json.loads((out / "manifest.json").read_text())["run"]["selected"])
    figures.append(Figure("local unchanged re-run", pages, wall, peak, load))
    return figures


def bench_localcluster(selection: dict[str, object], work: Path, workers: int) -> Figure:
    from distributed import Client, LocalCluster

    from hongtonglib.briefing.dask_engine import DaskExecutor
    from hongtonglib.briefing.profiles import profile_briefings
    from hongtonglib.briefing.render import RenderOptions, render_briefings
    from hongtonglib.profiles.regions import resolve_selection

    out = work / "dask-localcluster"
    load = load_average()
    started = time.perf_counter()
    with Sampler(lambda: [os.getpid()]) as sampler:
        with LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster, Client(cluster) as client:  # fmt: skip
            briefings = profile_briefings(resolve_selection(**selection))
            report = render_briefings(
                briefings, RenderOptions(out_dir=out), executor=DaskExecutor(client=client)
            )
    wall = time.perf_counter() - started
    print(f"   {len(report.records)} pages, {len(report.failed)} failed")
    return Figure(
        f"dask LocalCluster x{workers}", len(report.records), wall, sampler.peak / 2**20, load
    )


def bench_dask_processes(selection: list[str], work: Path, workers: int) -> Figure:
    folder = work / "dask-cluster"
    folder.mkdir()
    scheduler_file = folder / "scheduler.json"
    processes = [
        subprocess.Popen(
            [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0",
             "--no-dashboard", "--scheduler-file", str(scheduler_file)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
    ]  # fmt: skip
    try:
        while not scheduler_file.is_file():
            time.sleep(0.2)
        time.sleep(0.5)
        address = json.loads(scheduler_file.read_text())["address"]
        for i in range(workers):
            processes.append(
                subprocess.Popen(
                    [str(BIN / "dask"), "worker", address, "--nthreads", "1", "--no-dashboard",
                     "--host", "127.0.0.1", "--name", f"bench{i}"],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                )
            )  # fmt: skip
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(workers, timeout=120)
        out = work / "dask-processes"
        load = load_average()
        command = [str(BIN / "hongtong"), "render", *selection, "--out", str(out)]
        command += ["--engine", "dask", "--scheduler", address]
        wall, peak, last = run(command, [p.pid for p in processes])
        print("  ", last)
        return Figure(f"dask processes x{workers}", count_pages(out), wall, peak, load)
    finally:
        for process in processes:
            for proc in [*psutil.Process(process.pid).children(recursive=True)]:
                proc.terminate()
            process.terminate()
            process.wait(timeout=30)


def bench_naive(codes: list[str], work: Path) -> Figure:
    notebook = REPO / "notebooks" / "county_profile.ipynb"
    load = load_average()
    wall = peak = 0.0
    for code in codes:
        executed = work / "naive" / f"{code}.ipynb"
        executed.parent.mkdir(exist_ok=True)
        for command in (
            [str(BIN / "papermill"), str(notebook), str(executed), "-r", "region_code", code,
             "-k", "hongtong", "--cwd", str(REPO), "--no-progress-bar"],
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)],
        ):  # fmt: skip
            seconds, mb, _ = run(command)
            wall, peak = wall + seconds, max(peak, mb)
    return Figure("naive papermill+nbconvert", len(codes), wall, peak, load)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--province", default="140000")
    parser.add_argument("--all-counties", action="store_true", help="the whole country instead")
    parser.add_argument("--workers", type=int, default=2, help="Dask workers")
    parser.add_argument("--jobs", type=int, default=None, help="local engine workers")
    parser.add_argument("--sample", type=int, default=5, help="county units for the naive way")
    parser.add_argument("--skip", action="append", default=[],
                        choices=["local", "localcluster", "processes", "naive"])  # fmt: skip
    args = parser.parse_args()
    if args.all_counties:
        cli, api = ["--profiles", "--all-counties"], {"all_counties": True}
    else:
        cli, api = ["--profiles", "--province", args.province], {"province": args.province}
    print(f"{os.cpu_count()} CPUs, load average {load_average()}, {time.strftime('%F %T')}")
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="profiles-bench-") as tmp:
        work = Path(tmp)
        if "naive" not in args.skip:
            from hongtonglib.profiles.regions import resolve_selection

            codes = list(resolve_selection(**api).counties)[: args.sample]
            figures.append(bench_naive(codes, work))
            print(figures[-1].line(), flush=True)
        if "local" not in args.skip:
            for figure in bench_local(cli, work, args.jobs):
                figures.append(figure)
                print(figure.line(), flush=True)
        if "localcluster" not in args.skip:
            figures.append(bench_localcluster(api, work, args.workers))
            print(figures[-1].line(), flush=True)
        if "processes" not in args.skip:
            figures.append(bench_dask_processes(cli, work, args.workers))
            print(figures[-1].line(), flush=True)
    print("\nsummary")
    for figure in figures:
        print(figure.line())
    local = next((f for f in figures if f.name == "local"), None)
    for figure in figures:
        if local and figure.name.startswith("dask"):
            extra = figure.wall_s / figure.pages - local.wall_s / local.pages
            print(f"{figure.name}: {extra:+.2f} s per page against the local engine")


if __name__ == "__main__":
    main()
