"""Imports show the layers (docs/architecture.md): top level, one way, no cycles.

``lint-imports`` (``make lint``) checks the contracts of ``pyproject.toml``; these tests add
what it does not see: an import of a package module inside a function hides the dependency
graph, so the package has none, except in the command line and the orchestration layer
(``briefing``), which may import inside a function a package module that loads a heavy
third-party library (pandas, openpyxl, statsmodels; jupyter_client in ``briefing``), marked
``# heavy: <library>``: ``hongtong --help`` and an unchanged ``hongtong render`` stay fast.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from hongtonglib import paths

PACKAGE = Path(__file__).resolve().parents[2] / "hongtonglib"


def _local_package_imports(path: Path) -> list[tuple[int, str]]:
    """Return (line, source line) of every function-local import of a hongtonglib module."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = []
    for function in ast.walk(ast.parse("\n".join(lines))):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("hongtonglib"):
                found.append((node.lineno, lines[node.end_lineno - 1]))
            elif isinstance(node, ast.Import) and any(
                alias.name.startswith("hongtonglib") for alias in node.names
            ):
                found.append((node.lineno, lines[node.end_lineno - 1]))
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_package_modules_are_imported_at_top_level(path: Path) -> None:
    found = _local_package_imports(path)
    if path.parent.name in ("cli", "briefing"):
        found = [(line, text) for line, text in found if "# heavy:" not in text]
    assert not found, f"function-local imports of hongtonglib modules: {found}"


def test_the_test_run_caches_outside_the_working_tree() -> None:
    assert not paths.cache_dir().resolve().is_relative_to(PACKAGE.parent.resolve())
