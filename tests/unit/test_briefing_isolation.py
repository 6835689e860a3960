"""The reset run in a reused kernel before each notebook, tried in this process (no kernel)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

from hongtonglib.briefing import isolation
from hongtonglib.plan.registry import _load_plan_cached, load_plan


@pytest.fixture
def clean_baseline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A first reset (the baseline), undone afterwards; this process's state is restored."""
    monkeypatch.setattr(isolation, "_BASELINE", None)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", list(sys.path))
    with matplotlib.rc_context(), pd.option_context("display.max_rows", 60):
        isolation.reset_kernel()
        yield tmp_path


def test_reset_undoes_what_a_notebook_left(clean_baseline: Path, tmp_path_factory) -> None:
    import matplotlib.pyplot as plt

    elsewhere = tmp_path_factory.mktemp("elsewhere")
    os.environ["HONGTONG_LEFT_BEHIND"] = "1"
    sys.path.append("/nonexistent/left-behind")
    os.chdir(elsewhere)
    pd.set_option("display.max_rows", 3)
    matplotlib.rcParams["font.size"] = 31.0
    figure = plt.figure()
    load_plan()
    assert _load_plan_cached.cache_info().currsize >= 1

    done = isolation.reset_kernel()

    assert "HONGTONG_LEFT_BEHIND" not in os.environ
    assert "/nonexistent/left-behind" not in sys.path
    assert Path.cwd() == clean_baseline
    assert pd.get_option("display.max_rows") == 60
    assert matplotlib.rcParams["font.size"] == 10.0
    assert not plt.fignum_exists(figure.number)
    assert _load_plan_cached.cache_info().currsize == 0
    assert done["figures_closed"] == 1 and done["caches_cleared"] >= 1


def test_reset_code_binds_no_name() -> None:
    code = isolation.reset_code(cwd="/srv/hongtong", log="/srv/hongtong/rendered/x.log")
    assert code.startswith("__import__('hongtonglib.briefing.isolation'")
    compile(code, "<reset>", "eval")  # one expression: nothing is assigned
