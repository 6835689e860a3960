"""Check the data files end to end: raw files and sidecars, registries, observations, census.

:func:`check_data` is what ``hongtong data check`` runs: it returns every problem found (empty
when all is well) instead of stopping at the first.

Examples
--------
>>> [str(problem) for problem in check_data()]  # doctest: +SKIP
[]
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from hongtonglib import paths
from hongtonglib.census.observations import load_derivations
from hongtonglib.census.tables import load_census_table
from hongtonglib.fileio import file_md5
from hongtonglib.indicators.registry import Registries, read_registries
from hongtonglib.indicators.validate import check_observations, read_observation_file
from hongtonglib.validation import Problem, ValidationFailed
from hongtonglib.yamlio import read_yaml


class RawSidecar(BaseModel):
    """A ``<file>.meta.yaml`` sidecar of a raw file (owid/etl style)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str
    producer: str
    title: str
    description: str
    url: str | None = None
    document: str | None = None
    repository: str | None = None
    commit: str | None = None
    commit_date: dt.date | None = None
    accessed: dt.date
    accessed_note: str | None = None
    licence: str
    licence_file: str | None = None
    licence_note: str | None = None
    md5: str
    notes: str | None = None


def check_raw_files(raw_dir: Path | None = None) -> list[Problem]:
    """Return problems of the raw files: sidecars that do not validate, missing files, md5s."""
    raw_dir = raw_dir or paths.raw_dir()
    problems: list[Problem] = []
    for sidecar_path in sorted(raw_dir.glob("*/*.meta.yaml")):
        label = f"{sidecar_path.parent.name}/{sidecar_path.name}"
        try:
            sidecar = RawSidecar.model_validate(read_yaml(sidecar_path))
        except ValidationError as error:
            for item in error.errors():
                field = str(item["loc"][0]) if item["loc"] else None
                problems.append(Problem(label, item["msg"], None, field))
            continue
        target = sidecar_path.parent / sidecar.file
        if not target.exists():
            problems.append(Problem(label, f"raw file {sidecar.file} is missing", None, "file"))
        elif file_md5(target) != sidecar.md5:
            problems.append(Problem(label, f"md5 of {sidecar.file} does not match", None, "md5"))
        if sidecar.licence_file and not (sidecar_path.parent / sidecar.licence_file).exists():
            message = f"licence file {sidecar.licence_file} is missing"
            problems.append(Problem(label, message, None, "licence_file"))
    return problems


def check_file_sources(registries: Registries) -> list[Problem]:
    """Return problems of file sources: path missing under ``data/`` or md5 differing."""
    problems = []
    for number, source in enumerate(registries.sources.values(), start=1):
        if source.kind != "file":
            continue
        target = paths.data_dir() / (source.path or "")
        if not target.is_file():
            problems.append(Problem("sources.yaml", f"{source.path} not found", number, "path"))
        elif file_md5(target) != source.md5:
            message = f"md5 of {source.path} does not match"
            problems.append(Problem("sources.yaml", message, number, "md5"))
    return problems


def check_census_files(registries: Registries) -> list[Problem]:
    """Return problems of the census files: missing tables, derived indicators, region codes."""
    problems = []
    for number, derivation in enumerate(load_derivations(), start=1):
        if derivation.indicator_id not in registries.indicators:
            message = f"unknown indicator_id {derivation.indicator_id!r}"
            problems.append(Problem("derived_indicators.yaml", message, number, "indicator_id"))
    for year in (2010, 2020):
        label = paths.census_table_path(year).name
        try:
            table = load_census_table(year)
        except (OSError, ValueError) as error:
            problems.append(Problem(label, f"cannot read the table: {error}"))
            continue
        unknown = sorted(set(table["region_code"]) - set(registries.regions))
        if unknown:
            message = f"{len(unknown)} region codes not in regions.csv, e.g. {unknown[:3]}"
            problems.append(Problem(label, message, None, "region_code"))
    return problems


def check_data() -> list[Problem]:
    """Return every problem of the project's data files (an empty list when all is well)."""
    problems = check_raw_files()
    try:
        registries = read_registries()
    except ValidationFailed as error:
        return problems + error.problems
    problems += check_file_sources(registries)
    observations = paths.indicators_dir() / "observations.csv"
    problems += check_observations(
        read_observation_file(observations), observations.name, registries
    )
    problems += check_census_files(registries)
    return problems
