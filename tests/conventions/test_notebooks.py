"""Notebooks load, call the library and narrate: nothing else (STYLE.md, "For this project").

Checked on every notebook under notebooks/: committed without outputs; the kernel is the
project's; one cell tagged ``parameters`` holding literal assignments only; one import, from
hongtonglib; no function or class definitions, loops, comprehensions or lambdas; no numbers
(thresholds belong to the library) and no file paths outside the parameters cell; every code
cell a call or two. And: every notebook has parameter files, and every department of the plan
has one.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest
import yaml

from hongtonglib.plan import load_plan

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
FORBIDDEN_NODES = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
    ast.Lambda,
)
PATH_LIKE = re.compile(r"[/\\]|\.(csv|ya?ml|xlsx?|ipynb|json|txt|html?|sqlite|gz|parquet)$", re.I)
MAX_STATEMENTS_PER_CELL = 2


def code_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


@pytest.fixture(params=NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def notebook(request) -> tuple[Path, nbformat.NotebookNode]:
    path = request.param
    return path, nbformat.read(path, as_version=4)


ANALYSIS_NOTEBOOKS = {"explore"}
"""Notebooks for analysts in JupyterLab (not briefings: no parameter file, never rendered)."""


def test_there_are_nine_notebooks() -> None:
    assert {p.stem for p in NOTEBOOKS} == ANALYSIS_NOTEBOOKS | {
        "overview",
        "housing",
        "health",
        "education",
        "environment",
        "department",
        "county_profile",
        "region_profiles",
    }


def test_committed_without_outputs(notebook) -> None:
    _, nb = notebook
    for cell in code_cells(nb):
        assert cell.outputs == [] and cell.execution_count is None


def test_kernel_is_the_projects(notebook) -> None:
    _, nb = notebook
    assert nb.metadata.kernelspec.name == "hongtong"


def test_one_parameters_cell_of_literals_first(notebook) -> None:
    _, nb = notebook
    cells = code_cells(nb)
    tagged = [c for c in cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and cells[0] is tagged[0]
    for statement in ast.parse(tagged[0].source).body:
        assert isinstance(statement, ast.Assign), ast.dump(statement)
        ast.literal_eval(statement.value)


def test_body_only_calls_the_library(notebook) -> None:
    path, nb = notebook
    imports = 0
    for cell in code_cells(nb)[1:]:
        tree = ast.parse(cell.source)
        assert len(tree.body) <= MAX_STATEMENTS_PER_CELL, (path.name, cell.source)
        for node in ast.walk(tree):
            assert not isinstance(node, FORBIDDEN_NODES), (path.name, cell.source)
            if isinstance(node, ast.Import | ast.ImportFrom):
                imports += 1
                assert isinstance(node, ast.ImportFrom) and node.module.startswith("hongtonglib")
            if isinstance(node, ast.Constant):
                assert not isinstance(node.value, int | float) or isinstance(node.value, bool), (
                    f"{path.name}: number {node.value!r} outside the parameters cell"
                )
                if isinstance(node.value, str):
                    assert not PATH_LIKE.search(node.value), (path.name, node.value)
    assert imports == 1, path.name


def test_markdown_has_no_latex(notebook) -> None:
    path, nb = notebook
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            assert "$" not in cell.source and "\\(" not in cell.source, path.name


def _defaults(nb: nbformat.NotebookNode) -> dict[str, object]:
    tree = ast.parse(code_cells(nb)[0].source)
    return {s.targets[0].id: ast.literal_eval(s.value) for s in tree.body}  # type: ignore[attr-defined]


def test_sector_defaults_equal_their_parameter_file(notebook) -> None:
    """A plain papermill run without -f renders the same briefing as `hongtong render`."""
    path, nb = notebook
    if path.stem == "department":
        pytest.skip("one notebook, one parameter file per department")
    if path.stem in ANALYSIS_NOTEBOOKS:
        assert not (REPO / "parameters" / f"{path.stem}.yaml").exists()  # never rendered
        return
    if path.stem in ("county_profile", "region_profiles"):
        pytest.skip("profiles: parameters generated from the region list, no parameter file")
    values = yaml.safe_load((REPO / "parameters" / f"{path.stem}.yaml").read_text("utf-8"))
    assert values == _defaults(nb)


def test_every_plan_department_has_a_parameter_file() -> None:
    files = {p.stem for p in (REPO / "parameters" / "department").glob("*.yaml")}
    assert {d.department_id for d in load_plan().departments} == files
    for department_file in (REPO / "parameters" / "department").glob("*.yaml"):
        values = yaml.safe_load(department_file.read_text("utf-8"))
        assert values["department_id"] == department_file.stem
