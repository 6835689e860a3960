"""Validate observation files: the curated ``observations.csv`` or a department submission.

Every problem is collected with the file, the 1-based data row (header excluded) and the field,
then raised once as :class:`~hongtonglib.validation.ValidationFailed`. Checks: required columns;
``value`` a number; ``year`` a whole number in [:data:`MIN_YEAR`, :data:`MAX_YEAR`]; indicator,
region and source known to the registries; ``unit`` equal to the indicator's registry unit;
``value`` within the indicator's bounds; ``basis``, ``qualifier`` and ``census_base`` in their
vocabularies; no two rows for the same indicator, region, year and source (a plan target and
an outcome from one source are not duplicates of each other).

Examples
--------
>>> frame = validate_observations_file()
>>> len(frame) > 0
True

"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from hongtonglib import paths
from hongtonglib.indicators.models import (
    BASES,
    CENSUS_BASES,
    QUALIFIERS,
    REQUIRED_OBSERVATION_COLUMNS,
)
from hongtonglib.indicators.registry import Registries, load_registries
from hongtonglib.validation import Problem, ProblemCollector

MIN_YEAR = 1949
"""Earliest year an observation may have."""

MAX_YEAR = 2050
"""Latest year an observation may have (plan targets reach beyond the plan period)."""

REQUIRED_COLUMNS = REQUIRED_OBSERVATION_COLUMNS
"""Columns every observation file must have (``quote`` and ``raw_ref`` are optional)."""


def read_observation_file(path: Path) -> pd.DataFrame:
    """Read an observation CSV with every cell as text (empty cells as ``""``)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def check_observations(
    frame: pd.DataFrame, file_label: str, registries: Registries
) -> list[Problem]:
    """Return every problem of an observation table whose cells are text.

    Parameters
    ----------
    frame : pandas.DataFrame
        Observations as read by :func:`read_observation_file`.
    file_label : str
        Name used in the problems (usually the file name).
    registries : Registries
        Indicators, sources and regions to check against.

    """
    missing = [column for column in REQUIRED_COLUMNS if column not in frame.columns]
    if missing:
        return [Problem(file_label, "required column is missing", None, c) for c in missing]
    problems: list[Problem] = []
    seen: dict[tuple[str, ...], int] = {}
    for number, row in enumerate(frame.to_dict("records"), start=1):
        problems += _check_row(row, number, file_label, registries)
        key = tuple(row[c] for c in ("indicator_id", "region_code", "year", "source_id"))
        key += (str(row["basis"] == "plan_target"),)
        if key in seen:
            message = (
                f"duplicate of row {seen[key]}: same indicator, region, year and source "
                f"({', '.join(key[:4])})"
            )
            problems.append(Problem(file_label, message, number, "source_id"))
        else:
            seen[key] = number
    return problems


def _check_row(row: dict, number: int, label: str, registries: Registries) -> list[Problem]:
    problems = []

    def add(field: str, message: str) -> None:
        problems.append(Problem(label, message, number, field))

    indicator = registries.indicators.get(row["indicator_id"])
    if indicator is None:
        add("indicator_id", f"unknown indicator_id {row['indicator_id']!r}")
    if row["region_code"] not in registries.regions:
        add("region_code", f"unknown region_code {row['region_code']!r}")
    if row["source_id"] not in registries.sources:
        add("source_id", f"unknown source_id {row['source_id']!r}")
    year = _parse_int(row["year"])
    if year is None:
        add("year", f"year must be a whole number, not {row['year']!r}")
    elif not MIN_YEAR <= year <= MAX_YEAR:
        add("year", f"year {year} is outside {MIN_YEAR}-{MAX_YEAR}")
    value = _parse_float(row["value"])
    if value is None:
        add("value", f"value must be a number, not {row['value']!r}")
    if indicator is not None:
        if row["unit"] != indicator.unit:
            add("unit", f"unit {row['unit']!r} differs from the registry unit {indicator.unit!r}")
        low, high = indicator.lower_bound, indicator.upper_bound
        if value is not None and (
            (low is not None and value < low) or (high is not None and value > high)
        ):
            add("value", f"value {value:g} is outside the bounds {low} to {high}")
    if row["basis"] not in BASES:
        add("basis", f"unknown basis {row['basis']!r}; expected one of {BASES}")
    if row["qualifier"] not in QUALIFIERS:
        add("qualifier", f"unknown qualifier {row['qualifier']!r}; expected one of {QUALIFIERS}")
    if row["census_base"] != "" and _parse_int(row["census_base"]) not in CENSUS_BASES:
        add("census_base", f"census_base must be empty or one of {CENSUS_BASES}")
    return problems


def _parse_float(text: str) -> float | None:
    try:
        number = float(text)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _parse_int(text: str) -> int | None:
    number = _parse_float(text)
    return int(number) if number is not None and number.is_integer() else None


def validate_observations_file(
    path: Path | str | None = None, registries: Registries | None = None
) -> pd.DataFrame:
    """Read and check one observation file; return it (text cells) if it has no problem.

    Parameters
    ----------
    path : Path or str, optional
        The CSV file (a department submission, say); defaults to the curated
        ``data/indicators/observations.csv``.
    registries : Registries, optional
        Defaults to the project's registries.

    Raises
    ------
    ValidationFailed
        With every problem, each naming file, row and field.

    """
    path = Path(path) if path is not None else paths.indicators_dir() / "observations.csv"
    frame = read_observation_file(path)
    collector = ProblemCollector()
    collector.extend(check_observations(frame, path.name, registries or load_registries()))
    collector.raise_if_any()
    return frame
