"""Every code block of ``docs/analysis.md`` runs, in order, in one namespace; each is timed.

The seconds per recipe are printed (``pytest -s``) and written to
``.ci/out/analysis_recipes.tsv``. Figures are saved in a temporary folder.
"""

from __future__ import annotations

import re
import time
import warnings
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "analysis.md"
BLOCK = re.compile(
    r"^## (?P<title>[^\n]+)\n(?:(?!^## ).)*?^```python\n(?P<code>.*?)^```", re.M | re.S
)


def recipes() -> list[tuple[str, str]]:
    return [(m["title"], m["code"]) for m in BLOCK.finditer(DOC.read_text(encoding="utf-8"))]


def test_there_are_six_recipes() -> None:
    assert len(recipes()) == 6
    text = DOC.read_text(encoding="utf-8")
    assert text.count("```python") == 6  # no block escapes the test


def test_every_recipe_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    timings = []
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*missing from font.*")
        for title, code in recipes():
            start = time.perf_counter()
            exec(compile(code, f"{DOC.name}: {title}", "exec"), namespace)
            timings.append((title, time.perf_counter() - start))
    assert (tmp_path / "urbanization_forecast.png").stat().st_size > 10_000
    assert (tmp_path / "linfen_counties.png").stat().st_size > 10_000
    lines = [f"{seconds:.2f}\t{title}" for title, seconds in timings]
    print("\nseconds\trecipe\n" + "\n".join(lines))
    out = REPO / ".ci" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "analysis_recipes.tsv").write_text("seconds\trecipe\n" + "\n".join(lines) + "\n")
