"""A project tree rendered once per session from the fixture notebooks, shared by the tests.

Layout (under a temporary ``HONGTONG_HOME``): ``housing`` ← ok.ipynb, ``health`` ←
with_chart.ipynb, ``education`` ← ok.ipynb in the first run and broken.ipynb in the second,
``department/health`` ← department.ipynb; ``data/plan`` is the repository's plan registry.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "notebooks"
HONGTONG = Path(sys.executable).parent / "hongtong"

OK_PARAMETERS = """\
sector_id: {sector}
as_of_year: 2024
interval_level: 0.8
indicator_ids: [urbanization_rate_pct]
show_benchmarks: true
"""


@dataclass
class Run:
    """One ``hongtong render`` subprocess."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str
    wall_s: float


@dataclass
class RenderedTree:
    """The tree and the runs made on it."""

    root: Path
    out: Path
    first: Run
    education_html_after_first: bytes
    second: Run
    unchanged: Run
    unchanged_importtime: Run


def write(path: Path, text: str) -> None:
    """Write a small text file, creating folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def build_tree(root: Path) -> None:
    """Lay out notebooks, parameter files and the plan registry under ``root``."""
    shutil.copytree(REPO_ROOT / "data" / "plan", root / "data" / "plan")
    notebooks = root / "notebooks"
    notebooks.mkdir(parents=True)
    for target, source in {
        "housing": "ok",
        "health": "with_chart",
        "education": "ok",
        "department": "department",
    }.items():
        shutil.copy(FIXTURES / f"{source}.ipynb", notebooks / f"{target}.ipynb")
    write(root / "parameters" / "housing.yaml", OK_PARAMETERS.format(sector="housing"))
    write(root / "parameters" / "education.yaml", OK_PARAMETERS.format(sector="education"))
    write(root / "parameters" / "health.yaml", 'title: 常住人口城镇化率\nunit: "%"\n')
    write(
        root / "parameters" / "department" / "health.yaml",
        "department_id: health\nas_of_year: 2024\n",
    )


def run_render(root: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    """Run ``hongtong render`` with ``HONGTONG_HOME=root`` and return what it did."""
    command = [str(HONGTONG), "render", *args]
    environment = {**os.environ, "HONGTONG_HOME": str(root), **(env or {})}
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=600)
    return Run(command, done.returncode, done.stdout, done.stderr, time.perf_counter() - started)


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> RenderedTree:
    """Render the fixture tree: all good, then with a broken briefing, then unchanged."""
    root = tmp_path_factory.mktemp("project")
    build_tree(root)
    out = root / "rendered"
    first = run_render(root, "--all", "--jobs", "2")
    assert first.returncode == 0, first.stdout + first.stderr
    education_html = (out / "education.html").read_bytes()

    shutil.copy(FIXTURES / "broken.ipynb", root / "notebooks" / "education.ipynb")
    write(root / "parameters" / "education.yaml", "sector_id: education\n")
    second = run_render(root, "--all")

    good = ["--sector", "housing", "--sector", "health", "--department", "health"]
    unchanged = run_render(root, *good)
    importtime = run_render(root, *good, env={"PYTHONPROFILEIMPORTTIME": "1"})
    return RenderedTree(root, out, first, education_html, second, unchanged, importtime)
