"""Session-wide test set-up for the whole repository (tests/ and doctests in hongtonglib/).

Approved department submissions join the observations (``load_observations``, ``get_series``)
from the default intake store, ``data/store/intake.sqlite``. An analyst's real store must not
change test results, so every test run points the default store at an empty temporary folder.
Tests that need a store create their own.

Tests never write into the working tree: the cache of computed results (the assessment,
file hashes; ``paths.cache_dir()``, by default ``.cache/``) goes to a temporary folder too,
through ``HONGTONG_CACHE_DIR``, which subprocesses and notebook kernels inherit.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def pytest_configure(config: object) -> None:
    """Point ``HONGTONG_STORE_URL`` at a store that does not exist, the cache at a tmp folder."""
    folder = Path(tempfile.mkdtemp(prefix="hongtong-test-store-"))
    os.environ["HONGTONG_STORE_URL"] = f"sqlite:///{folder / 'intake.sqlite'}"
    os.environ["HONGTONG_CACHE_DIR"] = str(Path(tempfile.mkdtemp(prefix="hongtong-test-cache-")))
