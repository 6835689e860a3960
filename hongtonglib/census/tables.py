"""Load the compact census tables (``data/census/county_<year>.csv.gz``).

Examples
--------
>>> table = load_census_table(2020)
>>> int(table.set_index("region_code").loc["141024", "population_persons"])
637812

"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from hongtonglib import paths
from hongtonglib.census.columns import CENSUS_YEARS, ID_COLUMNS, load_column_map

_TEXT_COLUMNS = ("region_code", "name_zh", "level", "province_code", "province_zh")
_TEXT_COLUMNS += ("prefecture_code", "prefecture_zh")


def census_dtypes() -> dict[str, str]:
    """Return the pandas dtype of every column of a compact census table."""
    dtypes = {name: "string" for name in _TEXT_COLUMNS}
    dtypes["raw_row"] = "int64"
    for column in load_column_map().columns:
        dtypes[column.name] = "Int64" if column.kind == "count" else "float64"
    return dtypes


def read_census_table(path: Path) -> pd.DataFrame:
    """Read one compact census table with its column types (codes stay strings).

    Parameters
    ----------
    path : Path
        A ``county_<year>.csv.gz`` file.

    """
    frame = pd.read_csv(path, dtype=census_dtypes(), keep_default_na=False, na_values=[""])
    for name in _TEXT_COLUMNS:
        frame[name] = frame[name].fillna("")
    missing = [name for name in ID_COLUMNS if name not in frame.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {missing}")
    return frame


def load_census_table(year: int) -> pd.DataFrame:
    """Return the compact census table of ``year`` (2010 or 2020), one row per region.

    The frame is cached; a copy is returned so callers may change it freely.

    Parameters
    ----------
    year : int
        2010 or 2020.

    Returns
    -------
    pandas.DataFrame
        Identifying columns (``region_code`` as a 6-digit string, ``name_zh``, ``level`` …,
        ``raw_row`` = the workbook row) followed by the canonical columns of
        ``data/census/column_map.yaml``.

    """
    if year not in CENSUS_YEARS:
        raise ValueError(f"no census table for {year}; expected one of {CENSUS_YEARS}")
    return _load_cached(paths.census_table_path(year)).copy()


@lru_cache(maxsize=4)
def _load_cached(path: Path) -> pd.DataFrame:
    return read_census_table(path)
