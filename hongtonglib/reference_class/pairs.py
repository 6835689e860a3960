"""Pair the county-level units of the 2010 and 2020 censuses and flag the incomparable ones.

A county's 2010→2020 change in urban share means something only if the unit is the same in
both censuses. The census tables are the yearbook tables, not adjusted to constant boundaries,
so every county-level unit gets a ``flags`` tuple and ``is_excluded``. Flags that exclude:

- ``only_in_2010`` / ``only_in_2020``: the code is in one census only (abolished, merged,
  split, new or recoded unit);
- ``<type>_to_<type>``: a status change, e.g. ``county_to_district`` (某县 → 某区), under the
  same code, or under a new code with the same name stem in the same prefecture (both the
  2010 and the 2020 row are flagged);
- ``code_reassigned``: the code's name changed and the other name is found under another code
  of the same prefecture in the other census (codes swapped, e.g. 丰润区/丰南区);
- ``population_jump``: the 2020/2010 population ratio is outside ``population_ratio_bounds``
  (default 0.6 to 1/0.6): the territory most likely changed;
- ``urban_share_out_of_range``: the urban share is missing, 0% or 100% in a census (no logit).

A flag that does not exclude: ``renamed`` (same code, different name stem, e.g.
内邱县 → 内丘县; the variant character 巿 is read as 市).

Boundary changes that moved too few people to trip the population rule cannot be seen in the
census tables and stay in the classes.

Unit types come from the name's suffix: ``county`` (县, 自治县, 旗, 自治旗), ``city``
(county-level 市), ``district`` (区), ``special`` (林区, 特区).

Examples
--------
>>> unit_type("洪洞县"), unit_type("侯马市"), unit_type("尧都区"), unit_type("神农架林区")
('county', 'city', 'district', 'special')
>>> name_stem("察哈尔右翼中旗"), name_stem("长阳土家族自治县"), name_stem("泊头巿")
('察哈尔右翼中', '长阳土家族', '泊头')
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from hongtonglib.census.columns import ID_COLUMNS
from hongtonglib.rates import logit
from hongtonglib.validation import ProblemCollector

logger = logging.getLogger(__name__)

UNIT_TYPES: tuple[str, ...] = ("county", "city", "district", "special", "other")
"""Types of county-level units, from the name's suffix."""

EXCLUDING_FLAGS: tuple[str, ...] = (
    "only_in_2010",
    "only_in_2020",
    "code_reassigned",
    "population_jump",
    "urban_share_out_of_range",
)
"""Flags that exclude a unit; every ``<type>_to_<type>`` status change excludes too."""

INFORMATIONAL_FLAGS: tuple[str, ...] = ("renamed",)
"""Flags recorded for the reader that do not exclude a unit."""

DEFAULT_POPULATION_RATIO_BOUNDS: tuple[float, float] = (0.6, 1 / 0.6)
"""2020/2010 population ratios outside these bounds flag ``population_jump``."""

INTERCENSAL_YEARS: int = 10

_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("自治县", "county"),
    ("自治旗", "county"),
    ("林区", "special"),
    ("特区", "special"),
    ("县", "county"),
    ("旗", "county"),
    ("市", "city"),
    ("区", "district"),
)

UNIT_COLUMNS: tuple[str, ...] = (
    "region_code",
    "name_zh_2010",
    "name_zh_2020",
    "unit_type_2010",
    "unit_type_2020",
    "unit_type",
    "province_code",
    "province_zh",
    "prefecture_code",
    "population_2010_persons",
    "population_2020_persons",
    "urban_2010_persons",
    "urban_2020_persons",
    "urban_share_2010_pct",
    "urban_share_2020_pct",
    "urgd_per_year",
    "pp_per_year",
    "population_ratio",
    "flags",
    "is_excluded",
)
"""Columns of :func:`pair_census_units`'s frame."""


def normalize_name(name: str) -> str:
    """Return a unit name with variant characters unified (巿 → 市), stripped of spaces.

    Examples
    --------
    >>> normalize_name(" 泊头巿")
    '泊头市'
    """
    return name.replace("巿", "市").strip()


def unit_type(name: str) -> str:
    """Return the type of a county-level unit from its name's suffix (see :data:`UNIT_TYPES`)."""
    name = normalize_name(name)
    for suffix, kind in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return kind
    return "other"


def name_stem(name: str) -> str:
    """Return a unit name without its type suffix (县, 自治县, 旗, 市, 区 …)."""
    name = normalize_name(name)
    for suffix, _kind in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def compute_urgd(
    share_start_pct: float | np.ndarray | pd.Series,
    share_end_pct: float | np.ndarray | pd.Series,
    years: float = INTERCENSAL_YEARS,
) -> np.ndarray:
    """Return the urban–rural growth difference per year between two urban shares (in %).

    ``URGD = (logit(p_end) - logit(p_start)) / years`` (United Nations, World Urbanization
    Prospects). Shares at or beyond 0% or 100% give NaN.

    Examples
    --------
    >>> round(float(compute_urgd(32.82, 39.54)), 4)
    0.0292
    """
    start = np.asarray(share_start_pct, dtype=float) / 100.0
    end = np.asarray(share_end_pct, dtype=float) / 100.0
    with np.errstate(invalid="ignore"):
        return (logit(end) - logit(start)) / years


REQUIRED_CENSUS_COLUMNS: tuple[str, ...] = (
    *(name for name in ID_COLUMNS if name not in ("prefecture_zh", "raw_row")),
    "population_persons",
    "urban_persons",
)
"""Census-table columns that :func:`pair_census_units` reads: the tables' identifying columns
(:data:`hongtonglib.census.columns.ID_COLUMNS`) but the prefecture's name and the raw row."""


def check_census_columns(tables: dict[int, pd.DataFrame]) -> None:
    """Raise :class:`~hongtonglib.validation.ValidationFailed` naming every missing column."""
    problems = ProblemCollector()
    for year, table in tables.items():
        for column in REQUIRED_CENSUS_COLUMNS:
            if column not in table.columns:
                problems.add(f"census table {year}", "column is missing", field=column)
    problems.raise_if_any()


def _county_rows(table: pd.DataFrame, year: int) -> pd.DataFrame:
    rows = table[table["level"] == "county"]
    keep = rows[[column for column in REQUIRED_CENSUS_COLUMNS if column != "level"]].copy()
    keep["name_zh"] = keep["name_zh"].astype(str).map(normalize_name)
    keep["population_persons"] = pd.to_numeric(keep["population_persons"]).astype("float64")
    keep["urban_persons"] = pd.to_numeric(keep["urban_persons"]).astype("float64")
    duplicated = keep["region_code"].duplicated()
    if duplicated.any():
        codes = sorted(keep.loc[duplicated, "region_code"])
        raise ValueError(f"{year} census: duplicated region codes {codes}")
    return keep.rename(
        columns={
            "name_zh": f"name_zh_{year}",
            "population_persons": f"population_{year}_persons",
            "urban_persons": f"urban_{year}_persons",
            "province_code": f"province_code_{year}",
            "province_zh": f"province_zh_{year}",
            "prefecture_code": f"prefecture_code_{year}",
        }
    )


def pair_census_units(
    table_2010: pd.DataFrame,
    table_2020: pd.DataFrame,
    population_ratio_bounds: tuple[float, float] = DEFAULT_POPULATION_RATIO_BOUNDS,
) -> pd.DataFrame:
    """Return one row per county-level unit of either census, with its paces and flags.

    Parameters
    ----------
    table_2010, table_2020 : pandas.DataFrame
        Compact census tables (:func:`hongtonglib.census.tables.load_census_table`); rows of
        ``level`` ``"county"`` are used: ``region_code``, ``name_zh``, ``province_code``,
        ``province_zh``, ``prefecture_code``, ``population_persons``, ``urban_persons``.
    population_ratio_bounds : (float, float)
        2020/2010 population ratios outside these bounds are flagged ``population_jump``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`UNIT_COLUMNS`, sorted by ``region_code``. ``flags`` is a tuple of flag
        names; ``unit_type`` is the 2010 type (the 2020 type for units only in 2020);
        ``urgd_per_year`` and ``pp_per_year`` are NaN where they cannot be computed.

    Raises
    ------
    hongtonglib.validation.ValidationFailed
        Naming every missing column of either table.
    ValueError
        If a table repeats a region code, or the bounds do not straddle 1.

    Examples
    --------
    >>> t10 = pd.DataFrame({"region_code": ["1", "2"], "name_zh": ["甲县", "乙县"],
    ...     "level": "county", "province_code": "P", "province_zh": "省", "prefecture_code": "Q",
    ...     "population_persons": [100, 100], "urban_persons": [20, 30]})
    >>> t20 = t10.assign(population_persons=[90, 200], urban_persons=[27, 80])
    >>> units = pair_census_units(t10, t20)
    >>> units[["region_code", "flags", "is_excluded"]].to_dict("records")
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'region_code': '1', 'flags': (), 'is_excluded': False},
     {'region_code': '2', 'flags': ('population_jump',), 'is_excluded': True}]
    """
    low, high = population_ratio_bounds
    if not 0 < low < 1 < high:
        raise ValueError(f"population_ratio_bounds must straddle 1, got {population_ratio_bounds}")
    check_census_columns({2010: table_2010, 2020: table_2020})
    old = _county_rows(table_2010, 2010)
    new = _county_rows(table_2020, 2020)
    units = old.merge(new, on="region_code", how="outer", indicator="presence")
    for part in ("province_code", "province_zh", "prefecture_code"):
        units[part] = units[f"{part}_2020"].fillna(units[f"{part}_2010"])
    for year in (2010, 2020):
        units[f"unit_type_{year}"] = units[f"name_zh_{year}"].map(
            lambda name: unit_type(name) if isinstance(name, str) else None
        )
        units[f"urban_share_{year}_pct"] = (
            units[f"urban_{year}_persons"] / units[f"population_{year}_persons"] * 100.0
        )
    units["unit_type"] = units["unit_type_2010"].fillna(units["unit_type_2020"])
    units["urgd_per_year"] = compute_urgd(
        units["urban_share_2010_pct"], units["urban_share_2020_pct"]
    )
    units["pp_per_year"] = (
        units["urban_share_2020_pct"] - units["urban_share_2010_pct"]
    ) / INTERCENSAL_YEARS
    units["population_ratio"] = units["population_2020_persons"] / units["population_2010_persons"]
    flags = _flag_units(units, low, high)
    units["flags"] = [tuple(item) for item in flags]
    units["is_excluded"] = units["flags"].map(is_excluding)
    units = units.sort_values("region_code", kind="stable").reset_index(drop=True)
    logger.info(
        "paired %d county-level units; %d excluded", len(units), int(units["is_excluded"].sum())
    )
    return units[list(UNIT_COLUMNS)]


def is_excluding(flags: tuple[str, ...]) -> bool:
    """Return True if any of ``flags`` excludes a unit from the reference classes.

    Examples
    --------
    >>> is_excluding(("renamed",)), is_excluding(("county_to_district",))
    (False, True)
    """
    return any(flag not in INFORMATIONAL_FLAGS for flag in flags)


def _flag_units(units: pd.DataFrame, low: float, high: float) -> list[list[str]]:
    """Return the list of flags of every row of the merged frame (see the module table)."""
    stems_by_year = {
        2010: _stems_by_prefecture(units[units["presence"] == "left_only"], 2010),
        2020: _stems_by_prefecture(units[units["presence"] == "right_only"], 2020),
    }
    names_by_year = {
        year: _names_by_prefecture(units[units[f"name_zh_{year}"].notna()], year)
        for year in (2010, 2020)
    }
    flags: list[list[str]] = []
    for row in units.itertuples(index=False):
        found: list[str] = []
        merge = row.presence
        if merge == "left_only":
            other = stems_by_year[2020].get((row.prefecture_code_2010, name_stem(row.name_zh_2010)))
            found.append(f"{row.unit_type_2010}_to_{other}" if other else "only_in_2010")
            if other == row.unit_type_2010:  # same type under a new code: recoded
                found[-1] = "only_in_2010"
        elif merge == "right_only":
            other = stems_by_year[2010].get((row.prefecture_code_2020, name_stem(row.name_zh_2020)))
            found.append(f"{other}_to_{row.unit_type_2020}" if other else "only_in_2020")
            if other == row.unit_type_2020:
                found[-1] = "only_in_2020"
        else:
            if row.unit_type_2010 != row.unit_type_2020:
                found.append(f"{row.unit_type_2010}_to_{row.unit_type_2020}")
            if name_stem(row.name_zh_2010) != name_stem(row.name_zh_2020):
                moved_2020 = names_by_year[2010].get((row.prefecture_code_2020, row.name_zh_2020))
                moved_2010 = names_by_year[2020].get((row.prefecture_code_2010, row.name_zh_2010))
                others = {code for code in (moved_2020, moved_2010) if code is not None}
                found.append("code_reassigned" if others - {row.region_code} else "renamed")
            ratio = row.population_ratio
            if not (np.isfinite(ratio) and low <= ratio <= high):
                found.append("population_jump")
        if merge == "both":
            shares = (row.urban_share_2010_pct, row.urban_share_2020_pct)
            if not all(np.isfinite(share) and 0 < share < 100 for share in shares):
                found.append("urban_share_out_of_range")
        flags.append(found)
    return flags


def _stems_by_prefecture(rows: pd.DataFrame, year: int) -> dict[tuple[str, str], str]:
    """Map (prefecture code, name stem) to the unit type, for units of one census."""
    return {
        (prefecture, name_stem(name)): kind
        for prefecture, name, kind in zip(
            rows[f"prefecture_code_{year}"],
            rows[f"name_zh_{year}"],
            rows[f"unit_type_{year}"],
            strict=True,
        )
    }


def _names_by_prefecture(rows: pd.DataFrame, year: int) -> dict[tuple[str, str], str]:
    """Map (prefecture code, full name) to the region code, for units of one census."""
    return {
        (prefecture, name): code
        for prefecture, name, code in zip(
            rows[f"prefecture_code_{year}"],
            rows[f"name_zh_{year}"],
            rows["region_code"],
            strict=True,
        )
    }
