"""Build the regions registry (``data/indicators/regions.csv``) from the census tables.

Every region code in either compact census table becomes a region, with its level and parent;
names come from the 2020 table where the code exists there, else from 2010. English names are
taken from ``data/indicators/mappings/region_names_en.csv`` (only where known).

Examples
--------
>>> from hongtonglib.census.tables import load_census_table
>>> frame = build_regions_frame({y: load_census_table(y) for y in (2010, 2020)})
>>> frame.set_index("region_code").loc["141024", ["name_en", "parent_code"]].tolist()
['Hongtong County', '141000']

"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from hongtonglib import paths
from hongtonglib.fileio import atomic_write_csv

REGION_COLUMNS: tuple[str, ...] = (
    "region_code",
    "name_zh",
    "name_en",
    "level",
    "parent_code",
    "census_years",
    "note",
)


def find_parent_code(region_code: str, level: str, known: set[str]) -> str:
    """Return the parent of a region: its prefecture if known, else its province, else China.

    Examples
    --------
    >>> find_parent_code("141024", "county", {"141000", "140000"})
    '141000'
    >>> find_parent_code("419001", "county", {"410000"})
    '410000'

    """
    if level == "country":
        return ""
    prefecture = region_code[:4] + "00"
    province = region_code[:2] + "0000"
    if level == "county" and prefecture in known:
        return prefecture
    if level in ("county", "prefecture") and province in known:
        return province
    return "000000"


def build_regions_frame(
    tables: dict[int, pd.DataFrame], names_en_file: Path | None = None
) -> pd.DataFrame:
    """Return the regions registry built from the census tables of several years.

    Parameters
    ----------
    tables : dict of int to pandas.DataFrame
        Compact census tables by year.
    names_en_file : Path, optional
        CSV ``region_code,name_en``; defaults to the project's mapping file.

    """
    names_en_file = names_en_file or paths.indicator_mappings_dir() / "region_names_en.csv"
    names_en = pd.read_csv(names_en_file, dtype=str).set_index("region_code")["name_en"]
    by_code: dict[str, dict[str, str]] = {}
    for year in sorted(tables, reverse=True):
        for code, name, level in tables[year][["region_code", "name_zh", "level"]].itertuples(
            index=False
        ):
            entry = by_code.setdefault(code, {"name_zh": name, "level": level, "years": ""})
            entry["years"] = f"{year} {entry['years']}".strip()
            if name != entry["name_zh"]:
                entry["note"] = f"named {name} in the {year} census table"
    known = set(by_code)
    rows = []
    for code in sorted(by_code):
        entry = by_code[code]
        rows.append(
            {
                "region_code": code,
                "name_zh": entry["name_zh"],
                "name_en": names_en.get(code, ""),
                "level": entry["level"],
                "parent_code": find_parent_code(code, entry["level"], known),
                "census_years": entry["years"],
                "note": entry.get("note", ""),
            }
        )
    return pd.DataFrame(rows, columns=list(REGION_COLUMNS))


def write_regions(frame: pd.DataFrame, path: Path | None = None) -> Path:
    """Write the regions registry atomically; return its path."""
    path = path or paths.indicators_dir() / "regions.csv"
    return atomic_write_csv(path, frame)
