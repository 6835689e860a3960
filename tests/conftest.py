"""Shared pytest fixtures."""

from __future__ import annotations

import os
from pathlib import Path

# Before numpy loads: statsmodels fits use tiny matrices, where OpenBLAS threads only spin;
# on a shared 2-core machine they make the forecast tests 4-5x slower.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def repo_root() -> Path:
    """Return the repository root."""
    return REPO_ROOT
