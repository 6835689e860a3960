"""Turn the compact census tables into tidy observations, at load time.

The indicators and their method live in ``data/census/derived_indicators.yaml``; each is
computed for every region of a table by the functions of :mod:`hongtonglib.census.derive`.
Nothing produced here is written into ``observations.csv``.

Examples
--------
>>> units = {item.indicator_id: "%" for item in load_derivations()}  # unit per indicator
>>> frame = derive_census_observations(2020, units)
>>> row = frame.query("indicator_id == 'urbanization_rate_pct' and region_code == '141024'")
>>> round(float(row["value"].iloc[0]), 2)
39.54

"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from hongtonglib import paths
from hongtonglib.census import derive
from hongtonglib.census.build import RAW_WORKBOOKS
from hongtonglib.census.tables import read_census_table
from hongtonglib.yamlio import read_yaml

CENSUS_SOURCE_IDS: dict[int, str] = {2010: "census_county_2010", 2020: "census_county_2020"}
"""Source id (sources.yaml) of each census table."""


class CensusDerivation(BaseModel):
    """One entry of ``data/census/derived_indicators.yaml``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    indicator_id: str
    method: Literal["column", "ratio_pct", "age_share_pct", "long_form_share_pct"]
    numerator: str | None = None
    denominator: str | None = None
    age_min: int | None = None
    age_max: int | None = None

    def describe(self) -> str:
        """Return how the value is computed, for the observation's note."""
        if self.method == "column":
            return f"census table column {self.numerator}, as printed"
        if self.method == "ratio_pct":
            return f"derived: {self.numerator} / {self.denominator} x 100"
        if self.method == "age_share_pct":
            upper = "+" if self.age_max is None else f"-{self.age_max}"
            return f"derived: persons aged {self.age_min}{upper} / population_persons x 100"
        return f"derived: {self.numerator} / long_form_households x 100 (long-form sample)"

    def compute(self, table: pd.DataFrame) -> pd.Series:
        """Return the indicator's value for every row of ``table``."""
        if self.method == "column":
            return table[self.numerator].astype("Float64")
        if self.method == "ratio_pct":
            return derive.compute_share_pct(table[self.numerator], table[self.denominator])
        if self.method == "age_share_pct":
            return derive.compute_age_share_pct(table, self.age_min, self.age_max)
        return derive.compute_long_form_share_pct(table, self.numerator)


def load_derivations(path: Path | None = None) -> list[CensusDerivation]:
    """Read ``data/census/derived_indicators.yaml``."""
    rows = read_yaml(path or paths.census_derivations_path())
    return [CensusDerivation.model_validate(row) for row in rows]


def derive_census_observations(year: int, units: dict[str, str]) -> pd.DataFrame:
    """Return the census-derived observations of ``year`` for every region of its table.

    Parameters
    ----------
    year : int
        2010 or 2020.
    units : dict of str to str
        Registry unit per indicator (:mod:`hongtonglib.indicators` passes its registry's; the
        census package does not read the indicator registry).

    Returns
    -------
    pandas.DataFrame
        Observation columns (``basis`` census, ``census_base`` = ``year``, ``source_id`` the
        census table, ``raw_ref`` the workbook row) plus ``is_derived`` = True.

    """
    return _derive_cached(paths.census_table_path(year), year, _units_key(units)).copy()


def _units_key(units: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(units.items()))


@lru_cache(maxsize=8)
def _derive_cached(table_path: Path, year: int, units: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    table = read_census_table(table_path)
    unit_of = dict(units)
    codes = table["region_code"].to_numpy(dtype=object)
    raw_refs = (f"census/{RAW_WORKBOOKS[year]}#row=" + table["raw_row"].astype(str)).to_numpy(
        dtype=object
    )
    columns: dict[str, list[np.ndarray]] = {
        name: [] for name in ("indicator_id", "region_code", "value", "unit", "note", "raw_ref")
    }
    for derivation in load_derivations():
        values = derivation.compute(table).to_numpy(dtype="float64", na_value=np.nan)
        keep = ~np.isnan(values)
        count = int(keep.sum())
        columns["indicator_id"].append(np.full(count, derivation.indicator_id, dtype=object))
        columns["region_code"].append(codes[keep])
        columns["value"].append(values[keep])
        columns["unit"].append(np.full(count, unit_of[derivation.indicator_id], dtype=object))
        columns["note"].append(np.full(count, derivation.describe(), dtype=object))
        columns["raw_ref"].append(raw_refs[keep])
    merged = {name: np.concatenate(parts) for name, parts in columns.items()}
    total = len(merged["value"])
    return pd.DataFrame(
        {
            "indicator_id": merged["indicator_id"],
            "region_code": merged["region_code"],
            "year": np.full(total, year, dtype="int64"),
            "value": merged["value"],
            "unit": merged["unit"],
            "basis": "census",
            "census_base": pd.array(np.full(total, year), dtype="Int64"),
            "qualifier": "",
            "source_id": CENSUS_SOURCE_IDS[year],
            "note": merged["note"],
            "quote": "",
            "raw_ref": merged["raw_ref"],
            "is_derived": True,
        }
    )
