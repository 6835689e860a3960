"""One kernel per worker, reused across notebooks: reuse, isolation, recovery, no leaks.

The first tests call :func:`~hongtonglib.briefing.execute.run_briefing` in this process, as a
worker does (this process then holds the worker's kernel session; each test closes it). The
last ones run ``hongtong render`` and look for kernel processes left behind.

Every fixture notebook used here prints ``kernel pid <pid>`` in its first code cell.
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import nbformat
import psutil
import pytest
from rendertree import FIXTURES, REPO_ROOT, run_render, write

from hongtonglib.briefing import kernelsession
from hongtonglib.briefing.execute import BriefingJob, BriefingOutcome, run_briefing

pytestmark = pytest.mark.integration

PID = re.compile(r"kernel pid (\d+)")
SECTORS = ["housing", "health", "education", "environment"]


@pytest.fixture
def root(tmp_path: Path) -> Iterator[Path]:
    """A project folder (the notebooks' working folder); the session is closed afterwards."""
    (tmp_path / "notebooks").mkdir()
    yield tmp_path
    kernelsession.close_worker_session()


def _job(root: Path, notebook: str, name: str, *, timeout: int = 120, reuse: bool = True):
    return BriefingJob(
        name=name,
        default_title=name,
        notebook=FIXTURES / f"{notebook}.ipynb",
        parameters={"sector_id": "housing"},
        out_dir=root / "rendered",
        html_relpath=Path(f"{name}.html"),
        failed_relpath=Path(f"{name}.failed.html"),
        executed_relpath=Path("_executed") / f"{name}.ipynb",
        notebook_label=f"{notebook}.ipynb",
        parameter_file_label=f"parameters/{name}.yaml",
        kernel_name="hongtong",
        embed_font=False,
        cwd=root,
        cell_timeout_s=timeout,
        reuse_kernel=reuse,
    )


def _run(root: Path, notebook: str, name: str, **options) -> BriefingOutcome:
    return run_briefing(_job(root, notebook, name, **options))


def _executed(out: Path, outcome: BriefingOutcome) -> nbformat.NotebookNode:
    assert outcome.executed_notebook, outcome
    return nbformat.read(out / outcome.executed_notebook, as_version=4)


def _kernel_pid(out: Path, outcome: BriefingOutcome) -> int:
    nb = _executed(out, outcome)
    texts = [o.get("text", "") for c in nb.cells for o in c.get("outputs", [])]
    pids = [int(m.group(1)) for text in texts for m in PID.finditer(text)]
    assert len(pids) == 1, texts
    return pids[0]


def _session() -> kernelsession.KernelSession:
    session = kernelsession._SESSION
    assert session is not None
    return session


def test_the_kernel_is_reused_and_reset_between_notebooks(root: Path) -> None:
    out = root / "rendered"
    first = _run(root, "pollutes_kernel", "housing")
    second = _run(root, "checks_clean_kernel", "health")
    assert first.ok, first.failure
    assert second.ok, second.failure  # every assertion of the notebook held
    assert _kernel_pid(out, first) == _kernel_pid(out, second)
    assert _session().kernels_started == 1
    counts = [c.execution_count for c in _executed(out, second).cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))  # In [1] again, as in a fresh kernel


def test_a_name_defined_by_the_previous_notebook_is_not_defined(root: Path) -> None:
    out = root / "rendered"
    first = _run(root, "pollutes_kernel", "housing")
    second = _run(root, "uses_left_behind", "health")
    assert first.ok, first.failure
    assert not second.ok
    assert second.failure is not None
    assert second.failure.ename == "NameError"
    assert "left_behind" in (second.failure.evalue or "")
    assert second.failure.execution_count == 4  # numbered from In [1], as in a fresh kernel
    assert _kernel_pid(out, second) == _kernel_pid(out, first)  # same kernel: a real test
    assert (out / "health.failed.html").is_file()

    third = _run(root, "checks_clean_kernel", "education")  # a failed notebook: fresh kernel
    assert third.ok, third.failure
    assert _kernel_pid(out, third) != _kernel_pid(out, first)
    assert not psutil.pid_exists(_kernel_pid(out, first))
    assert _session().kernels_started == 2


def test_a_kernel_that_died_is_replaced(root: Path) -> None:
    out = root / "rendered"
    first = _run(root, "checks_clean_kernel", "housing")
    assert first.ok, first.failure
    kernel = _kernel_pid(out, first)
    assert _session().kernel_pid == kernel
    died = _run(root, "kills_kernel", "health")  # runs in that kernel, which calls os._exit
    assert not died.ok and died.failure is not None
    assert died.failure.stage == "execute" and died.failure.ename == "DeadKernelError"
    assert _session().km is None and not psutil.pid_exists(kernel)
    assert (out / "health.failed.html").is_file()
    after = _run(root, "checks_clean_kernel", "education")
    again = _run(root, "checks_clean_kernel", "environment")
    assert after.ok and again.ok
    assert _kernel_pid(out, after) != kernel
    assert _kernel_pid(out, again) == _kernel_pid(out, after)  # reused again after recovery
    assert _session().kernels_started == 2


def test_a_kernel_whose_notebook_timed_out_is_replaced(root: Path) -> None:
    out = root / "rendered"
    first = _run(root, "checks_clean_kernel", "housing")
    kernel = _kernel_pid(out, first)
    slow = _run(root, "sleeps", "health", timeout=2)  # in that kernel, still sleeping at 2 s
    assert not slow.ok and slow.failure is not None
    assert slow.failure.ename == "CellTimeoutError"
    assert not psutil.pid_exists(kernel)  # killed, not left sleeping
    after = _run(root, "checks_clean_kernel", "education")
    assert after.ok, after.failure
    assert _kernel_pid(out, after) != kernel


def test_client_channels_are_stopped_after_every_notebook(root: Path) -> None:
    me = psutil.Process()
    resources = []
    for number in range(16):
        outcome = _run(root, "checks_clean_kernel", f"n{number:02d}")
        assert outcome.ok, outcome.failure
        km = _session().km
        assert km is not None and km.open_clients == 0
        resources.append((me.num_threads(), me.num_fds()))
    assert _session().kernels_started == 1
    # zmq contexts (an I/O thread each), sockets, heartbeat threads: nothing accumulates
    assert resources[-1] == resources[1], resources


def test_fresh_kernels_start_one_kernel_per_notebook(root: Path) -> None:
    out = root / "rendered"
    first = _run(root, "pollutes_kernel", "housing", reuse=False)
    second = _run(root, "uses_left_behind", "health", reuse=False)
    assert first.ok and not second.ok
    assert second.failure is not None and second.failure.ename == "NameError"
    assert _kernel_pid(out, first) != _kernel_pid(out, second)
    assert kernelsession._SESSION is None


# -- hongtong render -------------------------------------------------------------------------


def _tree(root: Path, notebooks: dict[str, str]) -> None:
    shutil.copytree(REPO_ROOT / "data" / "plan", root / "data" / "plan")
    (root / "notebooks").mkdir()
    for sector, notebook in notebooks.items():
        shutil.copy(FIXTURES / f"{notebook}.ipynb", root / "notebooks" / f"{sector}.ipynb")
        write(root / "parameters" / f"{sector}.yaml", f"sector_id: {sector}\n")


def _pids(out: Path, name: str) -> int:
    for relpath in (f"_executed/{name}.ipynb", f"_executed/{name}.failed.ipynb"):
        if (out / relpath).is_file():
            nb = nbformat.read(out / relpath, as_version=4)
            text = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
            return int(PID.search(text).group(1))
    raise AssertionError(f"no executed notebook of {name}")


def _traced_env(tmp_path: Path) -> dict[str, str]:
    """Environment marking the run's processes, with its own Jupyter runtime folder."""
    runtime = tmp_path / "jupyter-runtime"
    runtime.mkdir()
    return {"HONGTONG_TEST_RUN": uuid.uuid4().hex, "JUPYTER_RUNTIME_DIR": str(runtime)}


def _assert_nothing_left(env: dict[str, str]) -> None:
    """No process of the run is alive; its kernels' sockets and connection files are gone."""
    assert _processes_marked(env["HONGTONG_TEST_RUN"]) == []
    assert list(Path(env["JUPYTER_RUNTIME_DIR"]).iterdir()) == []  # kernels shut down cleanly


def _processes_marked(marker: str) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter():
        try:
            if process.environ().get("HONGTONG_TEST_RUN") == marker:
                found.append(process)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found


def test_render_reuses_a_kernel_per_worker_and_leaves_no_kernel(tmp_path: Path) -> None:
    _tree(
        tmp_path, dict(zip(SECTORS, ["pollutes_kernel", *["checks_clean_kernel"] * 3], strict=True))
    )
    env = _traced_env(tmp_path)
    run = run_render(tmp_path, "--all", "--jobs", "1", env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    pids = {_pids(tmp_path / "rendered", name) for name in SECTORS}
    assert len(pids) == 1 and os.getpid() not in pids
    _assert_nothing_left(env)
    assert not any(psutil.pid_exists(pid) for pid in pids)


def test_render_with_two_workers_leaves_no_kernel(tmp_path: Path) -> None:
    _tree(tmp_path, dict.fromkeys(SECTORS, "checks_clean_kernel"))
    env = _traced_env(tmp_path)
    run = run_render(tmp_path, "--all", "--jobs", "2", env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert len({_pids(tmp_path / "rendered", name) for name in SECTORS}) <= 2
    _assert_nothing_left(env)


def test_render_recovers_after_a_kernel_death(tmp_path: Path) -> None:
    _tree(tmp_path, dict.fromkeys(SECTORS, "checks_clean_kernel"))
    out = tmp_path / "rendered"
    assert run_render(tmp_path, "--all", "--jobs", "1").returncode == 0
    health_page = (out / "health.html").read_bytes()

    shutil.copy(FIXTURES / "kills_kernel.ipynb", tmp_path / "notebooks" / "health.ipynb")
    env = _traced_env(tmp_path)
    run = run_render(tmp_path, "--all", "--force", "--jobs", "1", env=env)
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert [line.split()[0] for line in lines[:4]] == ["ok", "FAILED", "ok", "ok"], run.stdout
    assert (out / "health.html").read_bytes() == health_page  # the previous good page kept
    failure = (out / "health.failed.html").read_text(encoding="utf-8")
    assert "简报生成失败" in failure and 'href="health.html"' in failure
    housing, education, environment = (_pids(out, name) for name in ("housing", *SECTORS[2:]))
    assert education != housing and environment == education  # fresh kernel, then reused
    _assert_nothing_left(env)


def test_render_with_fresh_kernels(tmp_path: Path) -> None:
    _tree(tmp_path, dict.fromkeys(SECTORS[:3], "checks_clean_kernel"))
    env = _traced_env(tmp_path)
    run = run_render(tmp_path, "--all", "--jobs", "1", "--fresh-kernels", env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert len({_pids(tmp_path / "rendered", name) for name in SECTORS[:3]}) == 3
    _assert_nothing_left(env)
