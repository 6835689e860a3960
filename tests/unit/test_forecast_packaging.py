"""Import cost and docstring examples of the forecast package."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import subprocess
import sys

import pytest

import hongtonglib.forecast


def modules_imported_by(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    return set(out.split())


@pytest.mark.integration  # runs two subprocesses
def test_package_and_forecast_imports_do_not_load_statsmodels() -> None:
    assert "statsmodels" not in modules_imported_by("import hongtonglib")
    assert not any(
        m.startswith("statsmodels") for m in modules_imported_by("import hongtonglib.forecast")
    )


MODULES = sorted(
    f"hongtonglib.forecast.{info.name}"
    for info in pkgutil.iter_modules(hongtonglib.forecast.__path__)
)


@pytest.mark.parametrize("name", ["hongtonglib.forecast", *MODULES])
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failures == 0
