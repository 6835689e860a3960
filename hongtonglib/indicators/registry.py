"""Load and check the indicator, source and region registries.

Each registry file is read into frozen records (:mod:`hongtonglib.indicators.models`); every
problem (a bad field, a duplicate id, an unknown department) is collected with its file, row and
field and raised once as :class:`~hongtonglib.validation.ValidationFailed`.

Examples
--------
>>> load_indicators().set_index("indicator_id").loc["urbanization_rate_pct", "unit"]
'%'
>>> load_regions().set_index("region_code").loc["141024", "name_zh"]
'洪洞县'

"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
from pydantic import BaseModel, ValidationError

from hongtonglib import paths
from hongtonglib.indicators.models import Indicator, Region, Source
from hongtonglib.validation import Problem, ProblemCollector
from hongtonglib.yamlio import read_yaml

Record = TypeVar("Record", bound=BaseModel)


@dataclass(frozen=True)
class Registries:
    """The three registries, keyed by id, as used to validate observations."""

    indicators: dict[str, Indicator]
    sources: dict[str, Source]
    regions: dict[str, Region]


def indicators_path() -> Path:
    """Return ``data/indicators/indicators.yaml``."""
    return paths.indicators_dir() / "indicators.yaml"


def sources_path() -> Path:
    """Return ``data/indicators/sources.yaml``."""
    return paths.indicators_dir() / "sources.yaml"


def regions_path() -> Path:
    """Return ``data/indicators/regions.csv``."""
    return paths.indicators_dir() / "regions.csv"


def read_yaml_rows(path: Path) -> list[dict[str, Any]]:
    """Return the list of mappings in a YAML registry file."""
    rows = read_yaml(path) or []
    if not isinstance(rows, list):
        raise ValueError(f"{path}: expected a list of records")
    return rows


def read_csv_rows(path: Path) -> list[dict[str, Any]]:
    """Return the rows of a CSV registry file, empty cells as None."""
    with open(path, encoding="utf-8", newline="") as handle:
        return [
            {k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(handle)
        ]


def validate_records(
    rows: Iterable[dict[str, Any]], model: type[Record], file_label: str, key: str
) -> tuple[list[Record], list[Problem]]:
    """Validate rows against ``model``; return the good records and every problem found.

    Rows are numbered from 1 (the first record); ids must be unique under ``key``.
    """
    records: list[Record] = []
    problems: list[Problem] = []
    seen: dict[Any, int] = {}
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            problems.append(Problem(file_label, "record is not a mapping", number))
            continue
        try:
            records.append(model.model_validate(row))
        except ValidationError as error:
            for item in error.errors():
                field = str(item["loc"][0]) if item["loc"] else None
                problems.append(Problem(file_label, item["msg"], number, field))
        identifier = row.get(key)
        if identifier in seen:
            message = f"duplicate {key} {identifier!r} (first in row {seen[identifier]})"
            problems.append(Problem(file_label, message, number, key))
        else:
            seen[identifier] = number
    return records, problems


def read_department_ids(path: Path | None = None) -> set[str]:
    """Return the department ids of ``data/plan/departments.yaml``."""
    rows = read_yaml_rows(path or paths.departments_path())
    return {row["department_id"] for row in rows if isinstance(row, dict)}


def read_registries(
    indicators_file: Path | None = None,
    sources_file: Path | None = None,
    regions_file: Path | None = None,
    departments_file: Path | None = None,
) -> Registries:
    """Read, validate and cross-check the three registries; raise once on any problem.

    Parameters
    ----------
    indicators_file, sources_file, regions_file, departments_file : Path, optional
        Registry files; default to the project's.

    Raises
    ------
    ValidationFailed
        With every problem found, each naming file, row and field.

    """
    collector = ProblemCollector()
    files = {
        "indicators": (indicators_file or indicators_path(), Indicator, "indicator_id"),
        "sources": (sources_file or sources_path(), Source, "source_id"),
        "regions": (regions_file or regions_path(), Region, "region_code"),
    }
    loaded: dict[str, dict[str, Any]] = {}
    for name, (path, model, key) in files.items():
        rows = read_csv_rows(path) if path.suffix == ".csv" else read_yaml_rows(path)
        records, problems = validate_records(rows, model, path.name, key)
        collector.extend(problems)
        loaded[name] = {getattr(record, key): record for record in records}
    departments = read_department_ids(departments_file)
    collector.extend(check_departments(loaded["indicators"], departments, files["indicators"][0]))
    collector.extend(check_region_parents(loaded["regions"], files["regions"][0]))
    collector.raise_if_any()
    return Registries(loaded["indicators"], loaded["sources"], loaded["regions"])


def check_departments(
    indicators: dict[str, Indicator], departments: set[str], path: Path
) -> list[Problem]:
    """Return a problem for every indicator whose department is not in the registry."""
    problems = []
    for number, indicator in enumerate(indicators.values(), start=1):
        if indicator.department_id not in departments:
            message = f"unknown department_id {indicator.department_id!r}"
            problems.append(Problem(path.name, message, number, "department_id"))
    return problems


def check_region_parents(regions: dict[str, Region], path: Path) -> list[Problem]:
    """Return a problem for every region whose parent_code is not itself a region."""
    problems = []
    for number, region in enumerate(regions.values(), start=1):
        if region.parent_code and region.parent_code not in regions:
            message = f"parent_code {region.parent_code!r} is not a region"
            problems.append(Problem(path.name, message, number, "parent_code"))
    return problems


def load_registries() -> Registries:
    """Return the project's registries (validated, cached per project root)."""
    return _load_registries_cached(paths.indicators_dir())


@lru_cache(maxsize=4)
def _load_registries_cached(folder: Path) -> Registries:
    del folder  # part of the cache key only: HONGTONG_HOME changes the files
    return read_registries()


def _records_frame(records: Iterable[BaseModel]) -> pd.DataFrame:
    return pd.DataFrame([record.model_dump() for record in records])


def load_indicators() -> pd.DataFrame:
    """Return the indicator registry, one row per indicator (``sector_ids`` as tuples)."""
    return _records_frame(load_registries().indicators.values())


def load_sources() -> pd.DataFrame:
    """Return the sources registry, one row per source."""
    return _records_frame(load_registries().sources.values())


def load_regions() -> pd.DataFrame:
    """Return the regions registry, one row per 6-digit region code."""
    return _records_frame(load_registries().regions.values())
