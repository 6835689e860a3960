"""Sector notebooks differ for a reason: each carries its sector's own analysis sections."""

from __future__ import annotations

import itertools
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[2]
SECTORS = ("housing", "health", "education", "environment")


def _analysis(sector: str) -> list[str]:
    """Return the code cells after the parameters cell (what the notebook does)."""
    nb = nbformat.read(REPO / "notebooks" / f"{sector}.ipynb", as_version=4)
    return [cell.source for cell in nb.cells if cell.cell_type == "code"][1:]


@pytest.mark.parametrize("first,second", list(itertools.combinations(SECTORS, 2)))
def test_no_two_sector_notebooks_do_the_same(first: str, second: str) -> None:
    assert _analysis(first) != _analysis(second)
    own = set(_analysis(first)) ^ set(_analysis(second))
    assert len(own) >= 3, f"{first} and {second} differ by {len(own)} cells only"
