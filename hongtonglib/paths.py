"""Filesystem locations of the project's data, notebooks and outputs.

This module depends on nothing else in the package. Every other module asks it for paths
instead of building them, so that tests can point the whole library at another tree by
setting ``HONGTONG_HOME``.

Examples
--------
>>> from hongtonglib import paths
>>> paths.plan_dir().name
'plan'
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def project_root() -> Path:
    """Return the project root (the folder holding ``data/`` and ``notebooks/``).

    ``HONGTONG_HOME`` overrides the default, which is the parent of the package folder.
    """
    override = os.environ.get("HONGTONG_HOME")
    return Path(override).resolve() if override else _PACKAGE_DIR.parent


def data_dir() -> Path:
    """Return the folder of embedded data (``data/``)."""
    return project_root() / "data"


def plan_dir() -> Path:
    """Return the folder of the cleaned plan registry (``data/plan/``)."""
    return data_dir() / "plan"


def indicators_dir() -> Path:
    """Return the folder of the indicator, source and observation registries."""
    return data_dir() / "indicators"


def raw_dir() -> Path:
    """Return the folder of raw source files kept unchanged with their sidecars."""
    return data_dir() / "raw"


def census_dir() -> Path:
    """Return the folder of compact census tables derived from the raw workbooks."""
    return data_dir() / "census"


def census_table_path(year: int) -> Path:
    """Return the compact census table of ``year`` (``data/census/county_<year>.csv.gz``)."""
    return census_dir() / f"county_{year}.csv.gz"


def census_column_map_path() -> Path:
    """Return the raw-header to canonical-column mapping of the census workbooks."""
    return census_dir() / "column_map.yaml"


def census_derivations_path() -> Path:
    """Return the table of indicators derived from the census tables at load time."""
    return census_dir() / "derived_indicators.yaml"


def raw_source_dir(source: str) -> Path:
    """Return the folder of one raw source (``data/raw/<source>/``), e.g. ``census``."""
    return raw_dir() / source


def indicator_mappings_dir() -> Path:
    """Return the folder of the mapping tables that turn raw collections into observations."""
    return indicators_dir() / "mappings"


def departments_path() -> Path:
    """Return the department registry (``data/plan/departments.yaml``)."""
    return plan_dir() / "departments.yaml"


def store_dir() -> Path:
    """Return the folder of the department-submission store (git-ignored)."""
    return data_dir() / "store"


def store_db_path() -> Path:
    """Return the default SQLite file of the department-submission store."""
    return store_dir() / "intake.sqlite"


def parameters_dir() -> Path:
    """Return the folder of briefing parameter files."""
    return project_root() / "parameters"


def rendered_dir() -> Path:
    """Return the default output folder of rendered briefings (git-ignored)."""
    return project_root() / "rendered"


def cache_dir() -> Path:
    """Return the folder of computed results reused across processes (git-ignored).

    ``HONGTONG_CACHE_DIR`` overrides the default, ``<project root>/.cache``; the test suite
    sets it to a temporary folder so that tests never write into the working tree.
    """
    override = os.environ.get("HONGTONG_CACHE_DIR")
    return Path(override).resolve() if override else project_root() / ".cache"


def templates_dir() -> Path:
    """Return the folder of the package's own templates (nbconvert, workbook)."""
    return _PACKAGE_DIR / "templates"


def demography_dir() -> Path:
    """Return the folder of the demographic-demand definitions (``data/demography/``)."""
    return data_dir() / "demography"
