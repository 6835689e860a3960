"""Context for the plan's figures: census comparisons among counties, demographic demand.

:func:`census_comparison` places a county's 2010 and 2020 census values among a set of
counties: its prefecture's, its province's, all of China's, or its reference class (the
counties with a similar 2010 urban share, :mod:`hongtonglib.reference_class`).
:func:`demographic_demand` returns the school-age and elderly projections of
:func:`hongtonglib.demography.project_demand` as one frame.

Examples
--------
>>> frame = census_comparison(["urbanization_rate_pct"], "prefecture")
>>> subject = frame[frame["is_subject"]].iloc[0]
>>> subject["name_zh"], round(float(subject["value_2020"]), 2), int(subject["n_regions"])
('洪洞县', 39.54, 17)
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Literal

import pandas as pd

from hongtonglib import HONGTONG_REGION_CODE
from hongtonglib.demography import SCENARIOS, DemandProjection, project_demand
from hongtonglib.indicators import load_regions
from hongtonglib.merged_observations import load_observations
from hongtonglib.reference_class import load_reference_classes

Scope = Literal["prefecture", "province", "national", "reference_class"]
"""Named sets of counties for :func:`census_comparison`."""

CENSUS_COLUMNS = [
    "indicator_id",
    "region_code",
    "name_zh",
    "value_2010",
    "value_2020",
    "change",
    "rank_2020",
    "n_regions",
    "percentile_2020",
    "is_subject",
]
"""Columns of :func:`census_comparison`."""

DEMAND_COLUMNS = ["region_code", "scenario", "year", "group_id", "name_zh", "sector_id", "persons"]
"""Columns of :func:`demographic_demand`."""


def percentile_among(values: pd.Series, value: float) -> float:
    """Return the share (0-100) of ``values`` strictly below ``value``, ties counted half.

    >>> percentile_among(pd.Series([1.0, 2.0, 3.0, 4.0]), 3.0)
    62.5
    """
    clean = values.dropna()
    below = (clean < value).sum() + 0.5 * (clean == value).sum()
    return float(100.0 * below / len(clean)) if len(clean) else float("nan")


def percentiles(values: pd.Series) -> pd.Series:
    """Return :func:`percentile_among` of every value among all (NaN for a missing value).

    >>> percentiles(pd.Series([1.0, 2.0, 3.0, 3.0, None])).tolist()
    [12.5, 37.5, 75.0, 75.0, nan]
    """
    clean = values.dropna()
    below = clean.rank(method="min") - 1
    ties = clean.map(clean.value_counts())
    return (100.0 * (below + 0.5 * ties) / len(clean)).reindex(values.index)


@functools.lru_cache(maxsize=1)
def county_census_values() -> pd.DataFrame:
    """Return every county's census-derived values: ``indicator_id, region_code, year, value``."""
    observations = load_observations()
    counties = set(load_regions().query("level == 'county'")["region_code"])
    derived = observations[
        observations["is_derived"].astype(bool) & observations["year"].isin([2010, 2020])
    ]
    return derived[derived["region_code"].isin(counties)][
        ["indicator_id", "region_code", "year", "value"]
    ].reset_index(drop=True)


def comparison_regions(
    scope: Scope | Sequence[str], region_code: str = HONGTONG_REGION_CODE
) -> list[str]:
    """Return the county codes of a comparison set, the subject included.

    Parameters
    ----------
    scope : {"prefecture", "province", "national", "reference_class"} or list of codes
        The counties of the subject's prefecture or province, every county, the subject's
        similar-2010-urban-share reference class, or the given region codes.
    region_code : str
        The subject county.
    """
    if not isinstance(scope, str):
        return list(dict.fromkeys([region_code, *scope]))
    regions = load_regions()
    counties = regions[regions["level"] == "county"]
    if scope == "prefecture":
        parent = regions.loc[regions["region_code"] == region_code, "parent_code"]
        if parent.empty:
            raise KeyError(f"unknown region_code {region_code!r}")
        codes = counties.loc[counties["parent_code"] == parent.iloc[0], "region_code"]
    elif scope == "province":
        codes = counties.loc[counties["region_code"].str[:2] == region_code[:2], "region_code"]
    elif scope == "national":
        codes = counties["region_code"]
    elif scope == "reference_class":
        members = load_reference_classes().members
        codes = members.loc[members["class_id"] == "similar_share", "region_code"]
    else:
        raise ValueError(
            f"unknown scope {scope!r}: prefecture, province, national, reference_class "
            "or a list of region codes"
        )
    return list(dict.fromkeys([region_code, *codes.astype(str)]))


def census_comparison(
    indicator_ids: Sequence[str],
    regions: Scope | Sequence[str] = "prefecture",
    region_code: str = HONGTONG_REGION_CODE,
) -> pd.DataFrame:
    """Return the 2010 and 2020 census values of a set of counties, ranked in 2020.

    Parameters
    ----------
    indicator_ids : list of str
        Indicators derived from the census tables (e.g. ``urbanization_rate_pct``,
        ``household_size_persons``, ``floor_area_per_capita_m2``).
    regions : scope or list of region codes
        See :func:`comparison_regions`.
    region_code : str
        The subject county (``is_subject``).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CENSUS_COLUMNS`, one row per indicator and county with a value, the
        highest 2020 value first: ``change`` = 2020 - 2010 (percentage points for a rate),
        ``rank_2020`` (1 = highest), ``percentile_2020`` (share of the set below, ties half).
    """
    codes = comparison_regions(regions, region_code)
    values = county_census_values()
    names = load_regions().set_index("region_code")["name_zh"]
    pieces = []
    for indicator_id in indicator_ids:
        subset = values[
            (values["indicator_id"] == indicator_id) & values["region_code"].isin(codes)
        ]
        wide = subset.pivot_table(index="region_code", columns="year", values="value")
        wide = wide.reindex(columns=[2010, 2020])
        frame = pd.DataFrame(
            {
                "indicator_id": indicator_id,
                "region_code": wide.index.astype(str),
                "value_2010": wide[2010].to_numpy(),
                "value_2020": wide[2020].to_numpy(),
            }
        )
        frame["name_zh"] = frame["region_code"].map(names)
        frame["change"] = frame["value_2020"] - frame["value_2010"]
        frame["rank_2020"] = frame["value_2020"].rank(ascending=False, method="min").astype("Int64")
        frame["n_regions"] = int(frame["value_2020"].notna().sum())
        frame["percentile_2020"] = percentiles(frame["value_2020"])
        frame["is_subject"] = frame["region_code"] == region_code
        pieces.append(frame.sort_values("value_2020", ascending=False, na_position="last"))
    if not pieces:
        return pd.DataFrame(columns=CENSUS_COLUMNS)
    return pd.concat(pieces, ignore_index=True)[CENSUS_COLUMNS]


@functools.lru_cache(maxsize=8)
def demand_projection(region_code: str, end_year: int = 2030) -> DemandProjection:
    """Return the low/central/high demand projection of a region (cached per process)."""
    return project_demand(region_code, scenarios=SCENARIOS, end_year=end_year)


def demographic_demand(
    region_code: str = HONGTONG_REGION_CODE,
    group_ids: Sequence[str] | None = None,
    *,
    end_year: int = 2030,
    scenarios: Sequence[str] = SCENARIOS,
) -> pd.DataFrame:
    """Return projected persons per demand group, year and scenario.

    Parameters
    ----------
    region_code : str
        A county present in both censuses (Hongtong by default).
    group_ids : list of str, optional
        Groups of ``data/demography/demand_groups.yaml`` (e.g. ``primary_school_age``); all
        by default.
    end_year : int
        Last year projected (populations on 1 November; 2020 is the census count).
    scenarios : list of str
        ``low``, ``central``, ``high``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`DEMAND_COLUMNS`. The assumptions and caveats:
        :func:`hongtonglib.demography.project_demand`.
    """
    groups = demand_projection(region_code, end_year).groups
    keep = groups["scenario"].isin(list(scenarios))
    if group_ids is not None:
        unknown = set(group_ids) - set(groups["group_id"])
        if unknown:
            raise KeyError(f"unknown demand group(s): {', '.join(sorted(unknown))}")
        keep &= groups["group_id"].isin(list(group_ids))
    return groups[keep][DEMAND_COLUMNS].reset_index(drop=True)
