"""Render every briefing of the project on the embedded data and check the pages.

One render of all briefings (sectors and departments) per test session, into a temporary
folder, with the installed ``hongtong`` command, as a scheduled run would do it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hongtonglib.briefing.offline import external_references
from hongtonglib.plan import load_plan

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
HONGTONG = Path(sys.executable).with_name("hongtong")
SECTORS = ["overview", "housing", "health", "education", "environment"]
DEPARTMENTS = [d.department_id for d in load_plan().departments]
HAN = re.compile(r"[\u4e00-\u9fff]")
CODE_MARKERS = ("briefing =", "from hongtonglib", "import ", "In&nbsp;[", "Traceback")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("rendered")
    result = subprocess.run(
        [str(HONGTONG), "render", "--all", "--jobs", "2", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def _page(out: Path, name: str) -> str:
    return (out / f"{name}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", SECTORS + [f"department/{d}" for d in DEPARTMENTS])
def test_every_briefing_is_a_chinese_offline_page_without_code(rendered: Path, name: str) -> None:
    html = _page(rendered, name)
    assert '<html lang="zh">' in html
    assert len(HAN.findall(html)) > 500
    for marker in CODE_MARKERS:
        assert marker not in html, marker
    assert "<script" not in html
    assert external_references(html) == []
    assert 'class="summary"' in html


@pytest.mark.parametrize("name", SECTORS)
def test_sector_pages_embed_their_charts(rendered: Path, name: str) -> None:
    html = _page(rendered, name)
    assert html.count('src="data:image/png;base64,') >= 1
    assert "数据缺口" in html and "数据来源与方法" in html


def test_overview_shows_the_headline_assessment(rendered: Path) -> None:
    html = _page(rendered, "overview")
    assert "全县常住人口城镇化率达到55%" in html
    assert "进展有限" in html and "41.5%" in html
    assert "个县中" in html  # the reference class sentence
    assert "城乡人口增长率差" in html


def test_sector_specific_sections(rendered: Path) -> None:
    assert "小学适龄人口" in _page(rendered, "education")
    assert "80岁及以上人口" in _page(rendered, "health")
    assert "41.1平方米/人" in _page(rendered, "housing")  # 2020 census floor area
    assert "县城生活垃圾无害化处理率" in _page(rendered, "environment")


@pytest.mark.parametrize("department_id", ["health", "housing_urban_rural", "townships"])
def test_department_page_lists_its_tasks_and_data_duties(
    rendered: Path, department_id: str
) -> None:
    plan = load_plan()
    html = _page(rendered, f"department/{department_id}")
    department = plan.department(department_id)
    assert department.name_zh in html
    for task in plan.tasks_for_department(department_id, role="lead"):
        assert task.title in html
    assert "需要报送的数据" in html


def test_index_links_every_briefing_and_manifest_is_complete(rendered: Path) -> None:
    index = (rendered / "index.html").read_text(encoding="utf-8")
    for name in SECTORS:
        assert f'href="{name}.html"' in index
    for department_id in DEPARTMENTS:
        assert f'href="department/{department_id}.html"' in index
    manifest = json.loads((rendered / "manifest.json").read_text(encoding="utf-8"))
    records = manifest["briefings"]
    assert len(records) == len(SECTORS) + len(DEPARTMENTS)
    assert {r["status"] for r in records} == {"ok"}
    assert all(r["summary"] and r["parameters"] for r in records)


def test_unchanged_rerun_is_fast(rendered: Path) -> None:
    started = time.perf_counter()
    result = subprocess.run(
        [str(HONGTONG), "render", "--all", "--out", str(rendered)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    assert elapsed < 2.0, elapsed


def test_plain_papermill_runs_a_notebook(tmp_path: Path) -> None:
    """An analyst's plain papermill run on a department parameter file works too."""
    papermill = Path(sys.executable).with_name("papermill")
    out = tmp_path / "department_health.ipynb"
    result = subprocess.run(
        [
            str(papermill),
            "notebooks/department.ipynb",
            str(out),
            "-f",
            "parameters/department/health.yaml",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "县卫健委任务与目标简报" in out.read_text(encoding="utf-8")


def test_real_briefings_draw_in_chromium_without_requests(rendered: Path, tmp_path: Path) -> None:
    """The overview, a sector page with demand charts, a department page and the index."""
    from chromium import assert_drawn, skip_without_chromium, visit

    skip_without_chromium()
    names = ["overview.html", "health.html", "department/health.html", "index.html"]
    seen = visit({name: rendered / name for name in names}, tmp_path)
    assert seen.refused == [], f"requests to other hosts: {seen.refused}"
    assert all(url.startswith(("file:", "data:")) for url in seen.requests)
    assert seen.pages["overview.html"]["images"] >= 3  # trend, reference class, benchmark
    assert seen.pages["health.html"]["images"] >= 2
    for name, facts in seen.pages.items():
        assert_drawn(facts, name)
