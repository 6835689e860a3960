"""The census tables, the paired county units and the national birth rates, loaded once.

A profile notebook needs all of the census tables (its prefecture, its province, every county
of China for the percentiles). Reading them takes about 2 s, longer than the rest of a profile.
A kernel that renders many profiles one after another (see
:mod:`hongtonglib.briefing.kernelsession`) has its ``functools`` caches emptied between
notebooks, because a cached frame is mutable; this module keeps its own snapshot instead,
keyed by the files' size and modification time (a changed file is read again), and hands out
**copies** only, so that no notebook can change what the next one sees.

Examples
--------
>>> snap = census_snapshot()
>>> sorted(snap.tables)
[2010, 2020]
>>> snap.tables[2020] is census_snapshot().tables[2020]
False
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from hongtonglib import paths
from hongtonglib.census.tables import read_census_table
from hongtonglib.demography.assumptions import NATIONAL_CODE
from hongtonglib.demography.demand import load_birth_rates
from hongtonglib.indicators.observations import (
    load_observations,
    observations_path,
    rank_observations,
)
from hongtonglib.intake.observations import store_state
from hongtonglib.reference_class.pairs import pair_census_units


@dataclass(frozen=True)
class CensusSnapshot:
    """Copies of the census tables, the paired units and the national birth rates.

    ``urbanization`` holds every observation of ``urbanization_rate_pct`` (outcomes, census
    derived, approved submissions; no plan targets); :meth:`urbanization_series` picks one
    per year by the preference rule of :func:`~hongtonglib.indicators.observations.get_series`.
    """

    tables: dict[int, pd.DataFrame]
    units: pd.DataFrame
    birth_rates: pd.DataFrame
    urbanization: pd.DataFrame

    def urbanization_series(self, region_code: str) -> pd.DataFrame:
        """Return one urbanization observation per year of a region, the preferred one."""
        rows = self.urbanization[self.urbanization["region_code"] == region_code]
        chosen = rank_observations(rows).drop_duplicates("year", keep="first")
        return chosen.reset_index(drop=True)


URBANIZATION_INDICATOR = "urbanization_rate_pct"

_LOCK = threading.Lock()
_STORE: dict[tuple[object, ...], CensusSnapshot] = {}


def _stat_key(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return (str(path), stat.st_size, stat.st_mtime_ns)


def census_snapshot() -> CensusSnapshot:
    """Return copies of the census tables (2010, 2020), the paired units and birth rates.

    The first call of a process reads the files; later calls copy the kept frames (a few
    milliseconds) unless a file changed.
    """
    files = [paths.census_table_path(2010), paths.census_table_path(2020), observations_path()]
    key = (*(_stat_key(path) for path in files), store_state())
    with _LOCK:
        kept = _STORE.get(key)
        if kept is None:
            tables = {
                year: read_census_table(paths.census_table_path(year)) for year in (2010, 2020)
            }
            kept = CensusSnapshot(
                tables=tables,
                units=pair_census_units(tables[2010], tables[2020]),
                birth_rates=load_birth_rates(NATIONAL_CODE),
                urbanization=_urbanization_observations(),
            )
            _STORE.clear()
            _STORE[key] = kept
    return CensusSnapshot(
        tables={year: table.copy() for year, table in kept.tables.items()},
        units=kept.units.copy(),
        birth_rates=kept.birth_rates.copy(),
        urbanization=kept.urbanization.copy(),
    )


def _urbanization_observations() -> pd.DataFrame:
    frame = load_observations()
    keep = (frame["indicator_id"] == URBANIZATION_INDICATOR) & (frame["basis"] != "plan_target")
    return frame[keep].reset_index(drop=True)
