"""Curate the raw fact collections into tidy observations (``observations.csv``).

Load: the two raw collections (``data/raw/facts/public_facts.csv``,
``data/raw/series/context_series.csv``) and the mapping tables in
``data/indicators/mappings/``. Process: every raw row becomes one observation: indicator and
region by name, unit converted to the registry unit by the factor of ``units.csv`` (exact decimal
arithmetic), basis normalised by ``bases.csv`` with the recorded text kept in ``note``,
``census_base`` by the rule of :func:`assign_census_base`, row-level decisions from
``row_overrides.csv``, and rows repeating another row's value flagged in ``note``. Save:
``data/indicators/observations.csv``.

No value is typed in here: a converted value is the printed value times a factor from a data
table, and ``raw_ref`` names the raw row it came from.

Examples
--------
>>> frame = build_observations()  # doctest: +SKIP

"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from hongtonglib import paths
from hongtonglib.fileio import atomic_write_csv
from hongtonglib.indicators.models import OBSERVATION_COLUMNS, QUALIFIERS
from hongtonglib.indicators.registry import Registries, load_registries
from hongtonglib.validation import ProblemCollector

COLLECTIONS: dict[str, str] = {
    "public_facts": "facts/public_facts.csv",
    "context_series": "series/context_series.csv",
}
"""Raw collections curated into observations: collection id -> path under ``data/raw/``."""

OVERRIDABLE_FIELDS: tuple[str, ...] = ("qualifier", "census_base", "source_id")


@dataclass(frozen=True)
class Mappings:
    """The mapping tables that drive the curation."""

    indicator_by_name: dict[str, str]
    region_by_name: dict[str, str]
    basis_by_text: dict[str, tuple[str, str]]
    factor_by_units: dict[tuple[str, str], Decimal]
    overrides: dict[tuple[str, int], list[dict[str, str]]]


def read_mapping_rows(path: Path) -> list[dict[str, str]]:
    """Return the rows of one mapping CSV as dicts of strings."""
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_mappings(folder: Path | None = None) -> Mappings:
    """Read the mapping tables of ``data/indicators/mappings/``."""
    folder = folder or paths.indicator_mappings_dir()
    overrides: dict[tuple[str, int], list[dict[str, str]]] = {}
    for row in read_mapping_rows(folder / "row_overrides.csv"):
        overrides.setdefault((row["collection"], int(row["line"])), []).append(row)
    return Mappings(
        indicator_by_name={
            r["indicator_zh"]: r["indicator_id"]
            for r in read_mapping_rows(folder / "indicator_names.csv")
        },
        region_by_name={
            r["name_zh"]: r["region_code"] for r in read_mapping_rows(folder / "region_names.csv")
        },
        basis_by_text={
            r["raw_basis"]: (r["basis"], r["qualifier"])
            for r in read_mapping_rows(folder / "bases.csv")
        },
        factor_by_units={
            (r["from_unit"], r["to_unit"]): Decimal(r["factor"])
            for r in read_mapping_rows(folder / "units.csv")
        },
        overrides=overrides,
    )


def convert_value(printed: str, factor: Decimal) -> str:
    """Return ``printed x factor`` as an exact decimal string without trailing zeros.

    Examples
    --------
    >>> convert_value("62.36", Decimal("10000")), convert_value("1514976", Decimal("0.0001"))
    ('623600', '151.4976')
    >>> convert_value("45.0", Decimal("1"))
    '45'

    """
    value = (Decimal(printed) * factor).normalize()
    text = format(value, "f")
    return text


def assign_census_base(year: int, census_sensitive: bool) -> str:
    """Return the census a figure is anchored to, by the default rule.

    Figures that rest on a census-based population (``census_sensitive`` indicators) are
    anchored to the 2010 census for 2010-2019 and to the 2020 census from 2020 on; others get
    no census base. Revised series (e.g. yearbook values re-based on the 2020 census) are set
    row by row in ``row_overrides.csv``.

    Examples
    --------
    >>> [assign_census_base(year, True) for year in (2009, 2019, 2020)]
    ['', '2010', '2020']
    >>> assign_census_base(2019, False)
    ''

    """
    if not census_sensitive or year < 2010:
        return ""
    return "2020" if year >= 2020 else "2010"


def find_source_id(registries: Registries, collection: str, title: str, url: str) -> str | None:
    """Return the id of the source that records (collection, title, url), if any."""
    for source in registries.sources.values():
        if source.collection != collection or source.title != title:
            continue
        if url in (source.url, source.document):
            return source.source_id
    return None


def curate_collection(
    collection: str,
    raw_path: Path,
    mappings: Mappings,
    registries: Registries,
    collector: ProblemCollector,
) -> list[dict[str, str]]:
    """Return the observations of one raw collection; record mapping gaps in ``collector``."""
    label = Path(COLLECTIONS[collection]).name
    rows = read_mapping_rows(raw_path)
    observations = []
    for number, raw in enumerate(rows, start=1):
        line = number + 1  # file line: the header is line 1
        observation = _curate_row(raw, collection, line, mappings, registries)
        for field, message in observation.pop("_problems", []):
            collector.add(label, message, row=number, field=field)
        observations.append(observation)
    return observations


def _curate_row(
    raw: dict[str, str],
    collection: str,
    line: int,
    mappings: Mappings,
    registries: Registries,
) -> dict:
    problems: list[tuple[str, str]] = []
    indicator_id = mappings.indicator_by_name.get(raw["indicator_zh"], "")
    indicator = registries.indicators.get(indicator_id)
    if indicator is None:
        problems.append(("indicator_zh", f"no indicator mapped for {raw['indicator_zh']!r}"))
    region_code = mappings.region_by_name.get(raw["region"], "")
    if not region_code:
        problems.append(("region", f"no region code mapped for {raw['region']!r}"))
    basis, qualifier = mappings.basis_by_text.get(raw["basis"], ("", ""))
    if not basis:
        problems.append(("basis", f"no basis mapped for {raw['basis']!r}"))
    unit = indicator.unit if indicator else ""
    factor = mappings.factor_by_units.get((raw["unit"], unit))
    if indicator is not None and factor is None:
        problems.append(("unit", f"no conversion from {raw['unit']!r} to {unit!r}"))
    source_id = find_source_id(registries, collection, raw["source_title"], raw["source_url"])
    if source_id is None:
        problems.append(("source_url", "no source in sources.yaml for this title and url"))
    year = int(raw["year"])
    notes = [f"basis as recorded: {raw['basis']}"]
    if raw["note"]:
        notes.append(raw["note"])
    if factor is not None and factor != 1:
        notes.append(f"as printed: {raw['value']} {raw['unit']}")
    record = {
        "indicator_id": indicator_id,
        "region_code": region_code,
        "year": str(year),
        "value": convert_value(raw["value"], factor) if factor is not None else "",
        "unit": unit,
        "basis": basis,
        "census_base": assign_census_base(year, bool(indicator and indicator.census_sensitive)),
        "qualifier": qualifier,
        "source_id": source_id or "",
        "quote": raw["quote"],
        "raw_ref": f"{COLLECTIONS[collection]}#L{line}",
    }
    for override in mappings.overrides.get((collection, line), []):
        if override["field"] not in OVERRIDABLE_FIELDS:
            problems.append(("field", f"override of unknown field {override['field']!r}"))
            continue
        record[override["field"]] = override["value"]
        notes.append(override["reason"])
    if record["qualifier"] not in QUALIFIERS:
        problems.append(("qualifier", f"unknown qualifier {record['qualifier']!r}"))
    record["note"] = " | ".join(notes)
    record["_problems"] = problems
    return record


def flag_repeated_values(frame: pd.DataFrame) -> pd.DataFrame:
    """Append to ``note`` where another row has the same indicator, region, year and value."""
    frame = frame.copy()
    key = ["indicator_id", "region_code", "year", "value"]
    for _, group in frame.groupby(key, sort=False):
        if len(group) < 2:
            continue
        for index in group.index:
            others = ", ".join(ref for i, ref in group["raw_ref"].items() if i != index)
            frame.loc[index, "note"] += f" | same value also in {others}"
    return frame


def build_observations(
    raw_dir: Path | None = None,
    mappings: Mappings | None = None,
    registries: Registries | None = None,
) -> pd.DataFrame:
    """Return the curated observations of every row of both raw collections.

    Raises
    ------
    ValidationFailed
        If a raw row cannot be mapped (unknown indicator name, region, basis text, unit pair or
        source), with the raw file, row and field.

    """
    raw_dir = raw_dir or paths.raw_dir()
    mappings = mappings or load_mappings()
    registries = registries or load_registries()
    collector = ProblemCollector()
    records = []
    for collection, relative in COLLECTIONS.items():
        records += curate_collection(
            collection, raw_dir / relative, mappings, registries, collector
        )
    collector.raise_if_any()
    frame = pd.DataFrame(records, columns=list(OBSERVATION_COLUMNS))
    return flag_repeated_values(frame)


def write_observations(frame: pd.DataFrame, path: Path | None = None) -> Path:
    """Write observations as UTF-8 CSV atomically; return the path."""
    path = path or paths.indicators_dir() / "observations.csv"
    return atomic_write_csv(path, frame)
