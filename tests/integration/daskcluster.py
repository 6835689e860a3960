"""A real ``dask scheduler`` and ``dask worker`` processes on 127.0.0.1, for the tests.

Each process is started in a session of its own (its process group holds the worker's nanny,
the worker and the kernels it starts), on free ports (``--port 0``, the address read from the
scheduler file), and is stopped by the test: SIGTERM to its group, then SIGKILL.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psutil

DASK = Path(sys.executable).parent / "dask"


@dataclass
class Cluster:
    """The scheduler's address and the processes of the cluster."""

    address: str
    scheduler: subprocess.Popen
    workers: list[subprocess.Popen] = field(default_factory=list)
    folder: Path = Path()

    def kill_worker(self, index: int) -> list[int]:
        """SIGKILL a worker's whole process tree (nanny, worker, kernel); return the pids."""
        return _kill_tree(self.workers[index], signal.SIGKILL)


def _tree(process: subprocess.Popen) -> list[psutil.Process]:
    try:
        parent = psutil.Process(process.pid)
        return [parent, *parent.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _kill_tree(process: subprocess.Popen, sig: int) -> list[int]:
    members = _tree(process)
    for member in members:
        try:
            member.send_signal(sig)
        except psutil.NoSuchProcess:
            pass
    return [m.pid for m in members]


def _stop(process: subprocess.Popen) -> None:
    members = _tree(process)
    _kill_tree(process, signal.SIGTERM)
    _, alive = psutil.wait_procs(members, timeout=10)
    for member in alive:
        try:
            member.kill()
        except psutil.NoSuchProcess:
            pass
    process.wait(timeout=10)


def _wait_for(path: Path, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.is_file():
            try:
                return json.loads(path.read_text())
            except ValueError:
                pass
        time.sleep(0.2)
    raise TimeoutError(f"no scheduler file {path} after {timeout} s")


@contextmanager
def dask_cluster(folder: Path, n_workers: int = 2, env: dict | None = None) -> Iterator[Cluster]:
    """Start a scheduler and ``n_workers`` single-threaded workers; stop them all on exit."""
    folder.mkdir(parents=True, exist_ok=True)
    scheduler_file = folder / "scheduler.json"
    env = {**os.environ, **(env or {})}
    common = {"env": env, "start_new_session": True, "stdin": subprocess.DEVNULL}
    scheduler = subprocess.Popen(
        [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
         "--scheduler-file", str(scheduler_file)],
        stdout=(folder / "scheduler.log").open("w"), stderr=subprocess.STDOUT, **common,
    )  # fmt: skip
    cluster = Cluster(address="", scheduler=scheduler, folder=folder)
    try:
        cluster.address = _wait_for(scheduler_file, 60)["address"]
        for i in range(n_workers):
            args = [str(DASK), "worker", cluster.address, "--nthreads", "1", "--nworkers", "1",
                    "--no-dashboard", "--host", "127.0.0.1", "--name", f"w{i}"]  # fmt: skip
            log = (folder / f"worker{i}.log").open("w")
            worker = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, **common)
            cluster.workers.append(worker)
        from distributed import Client

        with Client(cluster.address, timeout="30s") as client:
            client.wait_for_workers(n_workers, timeout=90)
        yield cluster
    finally:
        for worker in cluster.workers:
            _stop(worker)
        _stop(scheduler)
