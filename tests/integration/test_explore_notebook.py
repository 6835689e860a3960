"""``notebooks/explore.ipynb``, the analyst's guided notebook, runs top to bottom.

Executed on the project's kernel as an analyst would in JupyterLab: no error output, no
missing-glyph warning (Chinese renders), a chart wherever one is drawn, and the forecast it
shows is the public API's.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import hongtonglib as ht

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = REPO / "notebooks" / "explore.ipynb"
CHART_CELLS = ("plot_forecast(", "plot_census_comparison(", "plot_demand(", ".plot(")

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def executed() -> nbformat.NotebookNode:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name="hongtong",
        timeout=600,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()
    return notebook


def test_no_error_and_no_missing_glyph(executed) -> None:
    for cell in executed.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.outputs:
            assert output.output_type != "error", (cell.source, output)
            text = output.get("text", "")
            assert "missing from font" not in text and "Glyph" not in text, text


def test_every_chart_cell_shows_an_image(executed) -> None:
    charts = [c for c in executed.cells if c.cell_type == "code" and c.source.endswith(")")]
    charts = [c for c in charts if any(call in c.source for call in CHART_CELLS)]
    assert len(charts) == len(CHART_CELLS)
    for cell in charts:
        assert any("image/png" in o.get("data", {}) for o in cell.outputs), cell.source


def test_the_forecast_shown_is_the_apis(executed) -> None:
    cell = next(c for c in executed.cells if "forecast.frame()" in c.source)
    shown = next(o for o in cell.outputs if o.output_type == "execute_result")
    expected = ht.forecast_indicator(
        "urbanization_rate_pct", "141024", target_year=2030, as_of=2026
    ).value_in(2027)
    text = shown["data"]["text/plain"]
    for column in ("mean", "lower", "upper", "probability"):
        assert f"{expected[column]:.6f}" in text, (column, text)


def test_the_committed_notebook_is_stripped() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert all(
        c.outputs == [] and c.execution_count is None
        for c in notebook.cells
        if c.cell_type == "code"
    )
