"""Rendering the fixture notebooks end to end with ``hongtong render`` (subprocesses)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from rendertree import RenderedTree, build_tree, run_render, write

from hongtonglib.briefing.offline import external_references

pytestmark = pytest.mark.integration

HAN = re.compile(r"[\u4e00-\u9fff]")
PAGES = ["housing.html", "health.html", "education.html", "department/health.html"]
HEAVY = ("pandas", "papermill", "nbconvert", "nbformat", "matplotlib", "nbclient")


def _manifest(tree: RenderedTree) -> dict:
    return json.loads((tree.out / "manifest.json").read_text(encoding="utf-8"))


def _record(tree: RenderedTree, name: str) -> dict:
    return next(r for r in _manifest(tree)["briefings"] if r["name"] == name)


@pytest.mark.parametrize("page", PAGES)
def test_page_is_chinese_offline_and_without_code(rendered: RenderedTree, page: str) -> None:
    html = (rendered.out / page).read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="zh">' in html
    assert len(HAN.findall(html)) > 10
    for code in ("publish_summary", "import pandas", "as_of_year =", "In&nbsp;[", "In ["):
        assert code not in html
    assert "<script" not in html
    assert external_references(html) == []
    assert '@font-face { font-family: "HongtongCJK"' in html
    assert "src: url(data:font/woff;base64," in html


def test_every_written_page_is_offline(rendered: RenderedTree) -> None:
    pages = sorted(rendered.out.rglob("*.html"))
    assert len(pages) == 6  # four briefings, one failure page, the index
    for page in pages:
        assert external_references(page.read_text(encoding="utf-8")) == [], page


def test_markdown_link_is_kept_as_text(rendered: RenderedTree) -> None:
    html = (rendered.out / "housing.html").read_text(encoding="utf-8")
    assert "洪洞县统计公报（https://example.org/bulletin）" in html
    assert "<table" in html and "常住人口城镇化率" in html  # the DataFrame output
    assert "标准输出：检查完毕" in html  # stdout is shown
    assert '<aside class="summary"' in html and "2024年：3 项目标中 2 项进度正常" in html


def test_chart_is_embedded_once_without_missing_glyphs(rendered: RenderedTree) -> None:
    html = (rendered.out / "health.html").read_text(encoding="utf-8")
    assert html.count('src="data:image/png;base64,') == 1
    nb = nbformat.read(rendered.out / "_executed" / "health.ipynb", as_version=4)
    streams = [o.get("text", "") for c in nb.cells for o in c.get("outputs", [])]
    assert not any("missing from font" in text for text in streams)
    log = (rendered.out / "_executed" / "health.log").read_text(encoding="utf-8")
    assert "missing from font" not in log


def test_failure_page_and_previous_page_kept(rendered: RenderedTree) -> None:
    second = rendered.second
    assert second.returncode == 1
    assert "FAILED" in second.stdout and "education" in second.stdout
    assert (rendered.out / "education.html").read_bytes() == rendered.education_html_after_first
    failure = (rendered.out / "education.failed.html").read_text(encoding="utf-8")
    for text in (
        "简报生成失败",
        "Briefing failed to render",
        "ValueError",
        "故意的错误：测试失败页 deliberate failure",
        "In [4]",
        "_executed/education.failed.ipynb",
        'href="education.html"',  # the kept previous page
    ):
        assert text in failure, text
    assert (rendered.out / "_executed" / "education.failed.ipynb").is_file()
    record = _record(rendered, "education")
    assert record["status"] == "failed"
    assert record["error"]["ename"] == "ValueError" and record["error"]["execution_count"] == 4
    assert record["html"] == "education.html" and record["failure_page"] == "education.failed.html"


def test_other_briefings_unaffected_by_the_failure(rendered: RenderedTree) -> None:
    run = _manifest(rendered)["run"]
    assert run["status"] == "ok"  # the last run, of the good briefings only
    second_lines = rendered.second.stdout.splitlines()
    for name in ("housing", "health", "department/health"):
        assert any(line.startswith("unchanged") and line.endswith(name) for line in second_lines)


def test_index_links_every_briefing_with_summary(rendered: RenderedTree) -> None:
    index = (rendered.out / "index.html").read_text(encoding="utf-8")
    for link in [*PAGES, "education.failed.html"]:
        assert f'href="{link}"' in index, link
    assert "住房保障简报（测试）" in index  # title published by the notebook
    assert "2024年：3 项目标中 2 项进度正常" in index
    assert "部门简报：health" in index
    assert "观测数据截至2024年" in index  # data vintage
    assert "运行时间" in index


def test_manifest_records_inputs_and_timing(rendered: RenderedTree) -> None:
    manifest = _manifest(rendered)
    assert manifest["schema_version"] == 1
    assert {"started_at", "duration_s", "hongtonglib_version", "git_commit"} <= set(manifest["run"])
    names = [r["name"] for r in manifest["briefings"]]
    assert names == ["housing", "health", "education", "department/health"]
    record = _record(rendered, "department/health")
    assert record["parameters"] == {"department_id": "health", "as_of_year": 2024}
    inputs = record["inputs"]
    assert list(inputs["notebook"]) == ["notebooks/department.ipynb"]
    assert list(inputs["parameters"]) == ["parameters/department/health.yaml"]
    assert "data/plan/departments.yaml" in inputs["data"]
    assert len(inputs["library"]["source_hash"]) == 64
    assert record["timing"]["execute_s"] > 0 and record["timing"]["export_s"] > 0
    assert record["status"] == "skipped-unchanged"
    assert record["summary"]["summary"] == "health：牵头 2 项任务，配合 3 项"


def test_incremental_skip_is_fast_and_light(rendered: RenderedTree) -> None:
    assert rendered.second.stdout.count("unchanged") == 3
    unchanged = rendered.unchanged
    assert unchanged.returncode == 0, unchanged.stderr
    assert unchanged.stdout.count("unchanged") == 3
    assert unchanged.wall_s < 2.0
    imported = {
        line.rsplit("|", 1)[-1].strip()
        for line in rendered.unchanged_importtime.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "hongtonglib.briefing.render" in imported
    assert not [m for m in imported if m.split(".")[0] in HEAVY]


def test_invalid_parameters_stop_before_any_kernel(tmp_path: Path) -> None:
    build_tree(tmp_path)
    write(tmp_path / "parameters" / "housing.yaml", "sector_id: housing\nas_of_year: soon\n")
    write(tmp_path / "parameters" / "department" / "roads.yaml", "department_id: roads\n")
    run = run_render(tmp_path, "--all")
    assert run.returncode == 2
    assert "parameters/housing.yaml, field 'as_of_year': parameter 'as_of_year' should be int" in (
        run.stderr
    )
    assert "parameters/housing.yaml, field 'interval_level': missing parameter" in run.stderr
    assert "parameters/department/roads.yaml: unknown department 'roads'" in run.stderr
    assert not (tmp_path / "rendered").exists()


def test_command_needs_a_selection(tmp_path: Path) -> None:
    run = run_render(tmp_path)
    assert run.returncode == 2
    assert "--all" in run.stderr


def test_check_validates_without_executing(tmp_path: Path) -> None:
    build_tree(tmp_path)
    run = run_render(tmp_path, "--all", "--check")
    assert run.returncode == 0, run.stderr
    assert "4 parameter file(s) valid" in run.stdout
    assert not (tmp_path / "rendered").exists()


def test_export_of_a_notebook_executed_elsewhere(rendered: RenderedTree, tmp_path: Path) -> None:
    from hongtonglib.briefing.export import export_notebook_file

    page = export_notebook_file(rendered.out / "_executed" / "housing.ipynb", tmp_path / "h.html")
    html = page.read_text(encoding="utf-8")
    assert '<html lang="zh">' in html and "住房保障简报（测试）" in html
    assert external_references(html) == []


def test_force_renders_an_unchanged_briefing_again(tmp_path: Path) -> None:
    build_tree(tmp_path)
    args = ["--department", "health", "--jobs", "1"]
    first = run_render(tmp_path, *args)
    assert first.returncode == 0 and first.stdout.startswith("ok")
    again = run_render(tmp_path, *args)
    assert again.stdout.startswith("unchanged")
    forced = run_render(tmp_path, *args, "--force")
    assert forced.returncode == 0 and forced.stdout.startswith("ok")
    write(
        tmp_path / "parameters" / "department" / "health.yaml",
        "department_id: health\nas_of_year: 2023\n",
    )
    changed = run_render(tmp_path, *args)
    assert changed.stdout.startswith("ok")
    html = (tmp_path / "rendered" / "department" / "health.html").read_text(encoding="utf-8")
    assert "观测数据截至2023年" in html
