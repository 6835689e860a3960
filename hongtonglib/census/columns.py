"""The census column map: raw workbook headers to canonical column names.

The mapping lives in ``data/census/column_map.yaml``; this module only reads and checks it.

Examples
--------
>>> column_map = load_column_map()
>>> column_map.column("urban_persons").raw_2020
'城镇人口'

"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from hongtonglib import paths
from hongtonglib.yamlio import read_yaml

CENSUS_YEARS: tuple[int, ...] = (2010, 2020)
"""Years of the two census tables kept in the project."""

ID_COLUMNS: tuple[str, ...] = (
    "region_code",
    "name_zh",
    "level",
    "province_code",
    "province_zh",
    "prefecture_code",
    "prefecture_zh",
    "raw_row",
)
"""Identifying columns that lead every compact census table, in order."""


class CensusColumn(BaseModel):
    """One canonical column of the compact census tables."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    kind: Literal["count", "measure"]
    raw_2010: str | None
    raw_2020: str | None
    description: str
    long_form: bool = False

    def raw_header(self, year: int) -> str | None:
        """Return the workbook header of this column in ``year``'s table (None if absent)."""
        return self.raw_2010 if year == 2010 else self.raw_2020


class ColumnMap(BaseModel):
    """The whole mapping file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sheet_2010: str
    sheet_2020: str
    code_column_2010: str
    code_column_2020: str
    name_column_2010: str
    name_column_2020: str
    missing_markers: tuple[str, ...]
    codes_for_uncoded_rows: dict[str, str]
    columns: tuple[CensusColumn, ...]

    def sheet(self, year: int) -> str:
        """Return the worksheet name of ``year``'s workbook."""
        return self.sheet_2010 if year == 2010 else self.sheet_2020

    def code_column(self, year: int) -> str:
        """Return the header of the administrative-code column in ``year``'s workbook."""
        return self.code_column_2010 if year == 2010 else self.code_column_2020

    def name_column(self, year: int) -> str:
        """Return the header of the unit-name column in ``year``'s workbook."""
        return self.name_column_2010 if year == 2010 else self.name_column_2020

    def column(self, name: str) -> CensusColumn:
        """Return the canonical column called ``name``."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"no census column named {name!r}")

    def column_names(self) -> list[str]:
        """Return the canonical data column names in file order."""
        return [column.name for column in self.columns]


def load_column_map(path: Path | None = None) -> ColumnMap:
    """Read and validate the census column map.

    Parameters
    ----------
    path : Path, optional
        The YAML file; defaults to ``data/census/column_map.yaml``.

    Returns
    -------
    ColumnMap
        The validated mapping.

    """
    if path is None:
        return _load_default_column_map(paths.census_column_map_path())
    return _read_column_map(path)


@lru_cache(maxsize=4)
def _load_default_column_map(path: Path) -> ColumnMap:
    return _read_column_map(path)


def _read_column_map(path: Path) -> ColumnMap:
    return ColumnMap.model_validate(read_yaml(path))
