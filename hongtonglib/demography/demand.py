"""Run the demand projection of one region from the census tables and observed birth rates.

Load → compute → return, in three parts: :func:`census_bands` reads a region's age bands by sex
from a census table; :func:`project_demand` splits the 2020 bands into single years, estimates
the change factors from 2010→2020, builds the birth-rate path of each scenario and ages the
population to ``end_year``.

Examples
--------
>>> projection = project_demand("141024", scenarios=("central",), end_year=2027)
>>> round(projection.persons("age_65_plus", 2020))  # the census: 76,708 aged 65 and over
76708
>>> projection.headline("primary_6_11", 2024, 2027).change_pct < 0
True
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from hongtonglib.census.derive import AGE_BANDS, age_band_columns, age_band_label
from hongtonglib.census.tables import load_census_table
from hongtonglib.demography.assumptions import (
    BASE_YEAR,
    NATIONAL_CODE,
    SCENARIOS,
    DemandAssumptions,
    scenario_assumptions,
)
from hongtonglib.demography.births import (
    BIRTH_RATE_INDICATOR,
    census_year_rate,
    complete_birth_rates,
)
from hongtonglib.demography.cohort import (
    FIRST_FITTED_BAND,
    estimate_change_factors,
    reproduce_bands,
)
from hongtonglib.demography.graduation import OPEN_AGE, split_age_bands
from hongtonglib.demography.groups import load_demand_groups
from hongtonglib.demography.projection import (
    SEXES,
    DemandProjection,
    project_cohorts,
    sum_groups,
)
from hongtonglib.merged_observations import get_series
from hongtonglib.reference_class.pairs import pair_census_units

logger = logging.getLogger(__name__)

_NOT_TERRITORIAL: tuple[str, ...] = ("renamed", "urban_share_out_of_range")
"""Reference-class flags that say nothing about the unit's territory."""


def census_bands(table: pd.DataFrame, region_code: str) -> np.ndarray:
    """Return a region's census age bands by sex, ``(2, 19)``: males, then females.

    Parameters
    ----------
    table : pandas.DataFrame
        A compact census table (:func:`hongtonglib.census.tables.load_census_table`).
    region_code : str
        The region's 6-digit code.

    Raises
    ------
    KeyError
        If the region is not in the table.
    ValueError
        If an age band is missing.
    """
    rows = table[table["region_code"] == region_code]
    if rows.empty:
        raise KeyError(f"region {region_code!r} is not in the census table")
    row = rows.iloc[0]
    bands = np.empty((len(SEXES), len(AGE_BANDS)))
    for i, sex in enumerate(SEXES):
        for j, (low, high) in enumerate(AGE_BANDS):
            (column,) = age_band_columns(low, high, sex)
            value = row[column]
            if pd.isna(value):
                raise ValueError(f"region {region_code}: census cell {column} is missing")
            bands[i, j] = float(value)
    return bands


def _spread_region(tables: tuple[pd.DataFrame, pd.DataFrame], region_code: str) -> str | None:
    """Default reference region of the spread: the prefecture, else the province.

    A candidate must be in both census tables; ``None`` when there is none.
    """
    row = tables[1][tables[1]["region_code"] == region_code].iloc[0]
    for column in ("prefecture_code", "province_code"):
        code = row.get(column)
        if not isinstance(code, str) or not code or code == region_code:
            continue
        if all((table["region_code"] == code).any() for table in tables):
            return code
    return None


def _factor_cache(
    tables: tuple[pd.DataFrame, pd.DataFrame],
) -> Any:
    cache: dict[tuple[Any, ...], np.ndarray] = {}

    def factors(region_code: str, assumptions: DemandAssumptions) -> np.ndarray:
        key = (
            region_code,
            assumptions.smoothing,
            assumptions.child_max_age,
            assumptions.graduation,
        )
        if key not in cache:
            old = census_bands(tables[0], region_code)
            new = census_bands(tables[1], region_code)
            cache[key] = np.stack(
                [
                    estimate_change_factors(
                        old[i],
                        new[i],
                        smoothing=assumptions.smoothing,
                        child_max_age=assumptions.child_max_age,
                        method=assumptions.graduation,
                    )
                    for i in range(len(SEXES))
                ]
            )
        return cache[key]

    return factors


def factor_fit_table(
    tables: tuple[pd.DataFrame, pd.DataFrame],
    region_code: str,
    factors: np.ndarray,
    method: str = "sprague",
) -> pd.DataFrame:
    """Return how well ageing the 2010 census with ``factors`` reproduces the 2020 census.

    Returns
    -------
    pandas.DataFrame
        ``region_code, sex, age_band, observed_2020_persons, fitted_2020_persons, error_pct``
        for the bands 10–14 … 80–84, 85+ (the bands with a 2010 cohort behind them).
    """
    old = census_bands(tables[0], region_code)
    new = census_bands(tables[1], region_code)
    labels = [age_band_label(low, high) for low, high in AGE_BANDS][FIRST_FITTED_BAND:]
    rows = []
    for i, sex in enumerate(SEXES):
        fitted = reproduce_bands(old[i], factors[i], method=method)  # type: ignore[arg-type]
        for label, seen, made in zip(labels, new[i, FIRST_FITTED_BAND:], fitted, strict=True):
            rows.append(
                {
                    "region_code": region_code,
                    "sex": sex,
                    "age_band": label,
                    "observed_2020_persons": float(seen),
                    "fitted_2020_persons": float(made),
                    "error_pct": 100.0 * (made / seen - 1.0),
                }
            )
    return pd.DataFrame(rows)


def load_birth_rates(region_code: str = NATIONAL_CODE) -> pd.DataFrame:
    """Return the observed crude birth rates of a region (``year, value, source_id``).

    One value per year by the preference rule of
    :func:`hongtonglib.merged_observations.get_series`; both census bases are kept (a
    rate, unlike a head count, does not jump at the 2020 census).
    """
    series = get_series(BIRTH_RATE_INDICATOR, region_code)
    return series[["year", "value", "source_id"]].reset_index(drop=True)


def project_demand(
    region_code: str = "141024",
    scenarios: Sequence[str] = SCENARIOS,
    end_year: int = 2030,
    tables: tuple[pd.DataFrame, pd.DataFrame] | None = None,
    birth_rates: pd.DataFrame | None = None,
    units: pd.DataFrame | None = None,
    **overrides: Any,
) -> DemandProjection:
    """Project a region's population by single year of age and sum the demand groups.

    Parameters
    ----------
    region_code : str
        Any region present in both census tables (default Hongtong, ``141024``).
    scenarios : sequence of str
        Scenario presets to run (:data:`~hongtonglib.demography.assumptions.SCENARIOS`).
    end_year : int
        Last year projected (populations on 1 November).
    tables : (DataFrame, DataFrame), optional
        The 2010 and 2020 census tables; loaded from ``data/census`` when omitted.
    birth_rates : pandas.DataFrame, optional
        Observed reference birth rates (``year, value`` [, ``source_id``]); loaded from the
        observations when omitted.
    units : pandas.DataFrame, optional
        The paired census units of ``tables``
        (:func:`~hongtonglib.reference_class.pairs.pair_census_units`), for the boundary
        note; paired here when omitted (~0.2–0.4 s).
    **overrides
        Any other field of :class:`~hongtonglib.demography.assumptions.DemandAssumptions`,
        applied to every scenario.

    Returns
    -------
    DemandProjection
    """
    if tables is None:
        tables = (load_census_table(2010), load_census_table(2020))
    runs = [scenario_assumptions(name, end_year=end_year, **overrides) for name in scenarios]
    if not runs:
        raise ValueError("no scenario to run")
    table_2020 = tables[1]
    name_rows = table_2020.loc[table_2020["region_code"] == region_code, "name_zh"]
    if name_rows.empty:
        raise KeyError(f"region {region_code!r} is not in the 2020 census table")
    notes = _boundary_notes(tables, region_code, units)
    factors_of = _factor_cache(tables)
    groups = load_demand_groups()
    years = list(range(BASE_YEAR, end_year + 1))
    observed_cache: dict[str, pd.DataFrame] = {}
    pieces: dict[str, list[pd.DataFrame]] = {"single": [], "groups": [], "births": [], "f": []}
    sources: set[str] = set()
    for run in runs:
        code = run.birth_rate_region_code
        if code not in observed_cache:
            observed_cache[code] = (
                birth_rates.copy() if birth_rates is not None else load_birth_rates(code)
            )
        observed = observed_cache[code]
        if "source_id" in observed.columns:
            sources.update(observed["source_id"].dropna().astype(str))
        factors = _scenario_factors(run, region_code, tables, factors_of, notes)
        base = np.stack(
            [
                split_age_bands(bands, run.graduation)
                for bands in census_bands(table_2020, region_code)
            ]
        )
        path = complete_birth_rates(
            observed, range(BASE_YEAR - 1, end_year + 1), run.birth_outlook, run.birth_trend_years
        )
        base_rate = census_year_rate(path, BASE_YEAR)
        ratios = [census_year_rate(path, year) / base_rate for year in years[1:]]
        population = project_cohorts(base, factors, ratios, run.childbearing_ages)
        pieces["single"].append(_single_frame(region_code, run.scenario, years, population))
        pieces["groups"].append(_groups_frame(region_code, run.scenario, years, population, groups))
        pieces["births"].append(path.assign(scenario=run.scenario, region_code=code))
        pieces["f"].append(_factor_frame(run.scenario, factors))
    projection = DemandProjection(
        region_code=region_code,
        name_zh=str(name_rows.iloc[0]),
        base_year=BASE_YEAR,
        assumptions=tuple(runs),
        single_ages=pd.concat(pieces["single"], ignore_index=True),
        groups=pd.concat(pieces["groups"], ignore_index=True),
        birth_rates=pd.concat(pieces["births"], ignore_index=True)[
            ["scenario", "year", "crude_birth_rate_permille", "kind", "region_code"]
        ],
        birth_rate_sources=tuple(sorted(sources)),
        change_factors=pd.concat(pieces["f"], ignore_index=True),
        factor_fit=factor_fit_table(
            tables, region_code, factors_of(region_code, runs[0]), runs[0].graduation
        ),
        notes=tuple(dict.fromkeys(notes)),
    )
    logger.info("projected %s to %d in %d scenarios", region_code, end_year, len(runs))
    return projection


def _scenario_factors(
    run: DemandAssumptions,
    region_code: str,
    tables: tuple[pd.DataFrame, pd.DataFrame],
    factors_of: Any,
    notes: list[str],
) -> np.ndarray:
    """Return the scenario's change factors: the region's own, moved by the spread."""
    own = factors_of(region_code, run)
    if run.migration_spread == 0:
        return own
    reference = run.spread_region_code or _spread_region(tables, region_code)
    if reference is None:
        notes.append(f"no reference region for the spread of {region_code}: low = high = central")
        return own
    other = factors_of(reference, run)
    distance = np.abs(np.log(own) - np.log(other))
    return np.exp(np.log(own) + run.migration_spread * distance)


def _boundary_notes(
    tables: tuple[pd.DataFrame, pd.DataFrame], region_code: str, units: pd.DataFrame | None
) -> list[str]:
    """Return a note when the reference-class rules flag the unit as changed between censuses."""
    if units is None:
        units = pair_census_units(*tables)
    rows = units[units["region_code"] == region_code]
    if rows.empty:
        return []
    flags = [flag for flag in rows.iloc[0]["flags"] if flag not in _NOT_TERRITORIAL]
    if not flags:
        return []
    logger.warning("region %s may have changed between the censuses: %s", region_code, flags)
    return [
        f"region {region_code} is flagged {', '.join(flags)}: its 2010→2020 change factors "
        "may mix a boundary or status change with mortality and migration"
    ]


def _single_frame(
    region_code: str, scenario: str, years: list[int], population: np.ndarray
) -> pd.DataFrame:
    n_years, n_sexes, n_ages = population.shape
    return pd.DataFrame(
        {
            "region_code": region_code,
            "scenario": scenario,
            "year": np.repeat(years, n_sexes * n_ages),
            "sex": np.tile(np.repeat(SEXES, n_ages), n_years),
            "age": np.tile(np.arange(OPEN_AGE + 1), n_years * n_sexes),
            "persons": population.reshape(-1),
        }
    )


def _groups_frame(
    region_code: str, scenario: str, years: list[int], population: np.ndarray, groups: Any
) -> pd.DataFrame:
    sums = sum_groups(population, groups)
    rows = [
        {
            "region_code": region_code,
            "scenario": scenario,
            "year": year,
            "group_id": group.group_id,
            "name_zh": group.name_zh,
            "sector_id": group.sector_id,
            "persons": float(sums[group.group_id][index]),
        }
        for group in groups
        for index, year in enumerate(years)
    ]
    return pd.DataFrame(rows)


def _factor_frame(scenario: str, factors: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "scenario": scenario,
            "sex": np.repeat(SEXES, OPEN_AGE),
            "age": np.tile(np.arange(1, OPEN_AGE + 1), len(SEXES)),
            "factor": factors.reshape(-1),
        }
    )
