"""Shared pytest fixtures."""

from __future__ import annotations

import os
from pathlib import Path

# Before numpy loads: statsmodels fits use tiny matrices, where OpenBLAS threads only spin;
# on a shared 2-core machine they make the forecast tests 4-5x slower.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import pytest

from hongtonglib.intake.catalog import IndicatorSpec, load_catalog
from hongtonglib.plan import Plan, load_plan

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def repo_root() -> Path:
    """Return the repository root."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def plan() -> Plan:
    """Return the cleaned plan (loaded once per session)."""
    return load_plan()


@pytest.fixture(scope="session")
def catalog() -> dict[str, IndicatorSpec]:
    """Return the intake catalog of indicators (loaded once per session)."""
    return load_catalog()


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A store path in a fresh folder (the database is created on first submit)."""
    return tmp_path / "store" / "intake.sqlite"
