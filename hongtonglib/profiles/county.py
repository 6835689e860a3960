"""The frames of one county unit's profile, from the census tables and the suite's methods.

Nothing here is new arithmetic: the census shares come from :mod:`hongtonglib.census.derive`,
the pace and its percentiles from :mod:`hongtonglib.reference_class`, the trend from
:func:`hongtonglib.forecast.forecast_to_year` (with the assessment's comparable-points rule),
the school-age and elderly groups from :func:`hongtonglib.demography.project_demand`.

A unit flagged by the reference-class rules as changed between the censuses (only in one
census, a status change such as county → district, a reassigned code, a population jump) gets
no 2010→2020 pace, no trend through the two censuses and no cohort projection: each of them
would mix two territories. Its 2020 census values are still shown.

Examples
--------
>>> profile = county_profile("141024")
>>> profile.name_zh, profile.comparable, round(profile.urgd_per_year, 3)
('洪洞县', True, 0.029)
>>> sorted(profile.pace["class_id"])
['national', 'province', 'similar_share']
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from hongtonglib.assess.comparable import comparable_points
from hongtonglib.census.derive import (
    compute_age_share_pct,
    compute_long_form_share_pct,
    compute_urbanization_rate_pct,
)
from hongtonglib.demography.demand import project_demand
from hongtonglib.forecast import forecast_to_year
from hongtonglib.profiles.snapshot import CensusSnapshot, census_snapshot
from hongtonglib.reference_class.classes import ReferenceClassSpec, build_reference_classes
from hongtonglib.reference_class.pairs import is_excluding

logger = logging.getLogger(__name__)

TREND_YEARS: tuple[int, ...] = (2027, 2030)
"""Years the urban-share trend is shown for."""

DEMAND_GROUPS: tuple[str, ...] = (
    "kindergarten_3_5",
    "primary_6_11",
    "junior_middle_12_14",
    "age_65_plus",
    "age_80_plus",
)
"""Demand groups of a profile (``data/demography/demand_groups.yaml``)."""

DEMAND_YEARS: tuple[int, ...] = (2020, 2024, 2027, 2030)
"""Years of the demand table (2020 = the census)."""

FLAG_ZH: dict[str, str] = {
    "only_in_2010": "仅见于2010年普查",
    "only_in_2020": "仅见于2020年普查（新设或改码）",
    "code_reassigned": "区划代码调整",
    "population_jump": "人口规模突变（辖区可能调整）",
    "urban_share_out_of_range": "城镇化率缺失或为0%/100%",
    "renamed": "更名",
}

UNIT_TYPE_ZH: dict[str, str] = {
    "county": "县",
    "city": "县级市",
    "district": "市辖区",
    "special": "林区/特区",
    "other": "其他",
}

_TERRITORY_NEUTRAL = ("renamed", "urban_share_out_of_range")


def flag_zh(flag: str) -> str:
    """Return a reference-class flag in Chinese (``county_to_district`` → ``县改区``).

    Examples
    --------
    >>> flag_zh("county_to_district"), flag_zh("population_jump")
    ('县改区', '人口规模突变（辖区可能调整）')
    """
    if "_to_" in flag:
        old, new = flag.split("_to_", 1)
        short = {"county": "县", "city": "市", "district": "区", "special": "特区", "other": "其他"}
        return f"{short.get(old, old)}改{short.get(new, new)}"
    return FLAG_ZH.get(flag, flag)


@dataclass(frozen=True)
class CountyProfile:
    """One county unit's profile: identity, flags and one frame per section.

    Attributes
    ----------
    region_code, name_zh, unit_type : str
        The unit (2020 name) and its type (:data:`UNIT_TYPE_ZH`).
    prefecture_code, prefecture_zh, province_code, province_zh : str
        Where it lies.
    flags : tuple of str
        Reference-class flags (:mod:`hongtonglib.reference_class.pairs`).
    comparable : bool
        Whether 2010 and 2020 describe the same territory (no excluding flag).
    urgd_per_year, pp_per_year : float
        2010→2020 pace (NaN when not comparable or not measurable).
    census : pandas.DataFrame
        ``indicator, unit, value_2010, value_2020, change``.
    pace : pandas.DataFrame
        ``class_id, class_zh, n_counties, q10, median, q90, subject_percentile`` of the URGD
        (empty when there is no pace).
    trend : pandas.DataFrame
        ``year, mean, lower, upper`` for :data:`TREND_YEARS` (empty without a trend).
    trend_method, trend_note : str
        The forecast's method and interval note (empty without a trend).
    demand : pandas.DataFrame
        ``group_id, name_zh, scenario, year, persons`` (empty without a projection).
    demand_notes : tuple of str
        The projection's own notes.
    peers : pandas.DataFrame
        The county units of the same prefecture (:func:`peer_table`).
    """

    region_code: str
    name_zh: str
    unit_type: str
    prefecture_code: str
    prefecture_zh: str
    province_code: str
    province_zh: str
    flags: tuple[str, ...]
    comparable: bool
    urgd_per_year: float
    pp_per_year: float
    census: pd.DataFrame
    pace: pd.DataFrame
    trend: pd.DataFrame
    trend_method: str
    trend_note: str
    demand: pd.DataFrame
    demand_notes: tuple[str, ...]
    peers: pd.DataFrame

    @property
    def territorial_flags(self) -> tuple[str, ...]:
        """Return the flags that say the territory may have changed."""
        return tuple(f for f in self.flags if f not in _TERRITORY_NEUTRAL)


def county_profile(region_code: str, snapshot: CensusSnapshot | None = None) -> CountyProfile:
    """Return the profile of one county unit of the 2020 census.

    Parameters
    ----------
    region_code : str
        A 6-digit code of level ``county`` in the 2020 census table.
    snapshot : CensusSnapshot, optional
        The census data (default :func:`~hongtonglib.profiles.snapshot.census_snapshot`).

    Raises
    ------
    KeyError
        If the code is not a county unit of the 2020 census.
    """
    snap = snapshot or census_snapshot()
    table_2020 = snap.tables[2020]
    rows = table_2020[
        (table_2020["region_code"] == region_code) & (table_2020["level"] == "county")
    ]
    if rows.empty:
        raise KeyError(f"{region_code!r} is not a county unit of the 2020 census table")
    row = rows.iloc[0]
    unit = snap.units[snap.units["region_code"] == region_code].iloc[0]
    flags = tuple(unit["flags"])
    comparable = not is_excluding(flags) and bool(np.isfinite(unit["urgd_per_year"]))
    unit_type = str(unit["unit_type"])
    pace = _pace(snap, region_code, unit_type) if comparable else _empty_pace()
    trend, method, note = _trend(snap, region_code, comparable)
    demand, demand_notes = _demand(snap, region_code, flags)
    return CountyProfile(
        region_code=region_code,
        name_zh=str(row["name_zh"]),
        unit_type=unit_type,
        prefecture_code=str(row["prefecture_code"]),
        prefecture_zh=str(row["prefecture_zh"]),
        province_code=str(row["province_code"]),
        province_zh=str(row["province_zh"]),
        flags=flags,
        comparable=comparable,
        urgd_per_year=float(unit["urgd_per_year"]) if comparable else math.nan,
        pp_per_year=float(unit["pp_per_year"]) if comparable else math.nan,
        census=census_table(snap, region_code),
        pace=pace,
        trend=trend,
        trend_method=method,
        trend_note=note,
        demand=demand,
        demand_notes=demand_notes,
        peers=peer_table(snap, str(row["prefecture_code"]), str(row["province_code"])),
    )


_CENSUS_ROWS: tuple[tuple[str, str, str], ...] = (
    ("常住人口", "人", "population"),
    ("城镇人口", "人", "urban"),
    ("城镇化率", "%", "urban_share"),
    ("平均家庭户规模", "人/户", "household_size"),
    ("0—14岁人口占比", "%", "age_0_14"),
    ("15—64岁人口占比", "%", "age_15_64"),
    ("65岁及以上人口占比", "%", "age_65_plus"),
    ("80岁及以上人口占比", "%", "age_80_plus"),
    ("15岁及以上人口平均受教育年限", "年", "schooling"),
    ("15岁及以上文盲率", "%", "illiteracy"),
    ("大专及以上学历人口占比", "%", "college"),
    ("人均住房建筑面积", "平方米", "floor_area"),
    ("家庭户中有自来水的比例", "%", "lf_piped_water_households"),
    ("家庭户中有厨房的比例", "%", "lf_kitchen_households"),
    ("家庭户中有厕所的比例", "%", "lf_toilet_households"),
    ("家庭户中有洗澡设施的比例", "%", "lf_bathing_households"),
)


def _census_values(table: pd.DataFrame) -> dict[str, pd.Series]:
    """Return every census row of a profile for every region of a table (indexed by code)."""
    table = table.set_index("region_code")
    college = table[["edu_college_male_persons", "edu_college_female_persons"]].sum(
        axis=1, min_count=2
    ) + table[["edu_bachelor_plus_male_persons", "edu_bachelor_plus_female_persons"]].sum(
        axis=1, min_count=2
    )
    values: dict[str, pd.Series] = {
        "population": table["population_persons"].astype("Float64"),
        "urban": table["urban_persons"].astype("Float64"),
        "urban_share": compute_urbanization_rate_pct(table),
        "household_size": table["average_family_household_size_persons"].astype("Float64"),
        "age_0_14": compute_age_share_pct(table, 0, 14),
        "age_15_64": compute_age_share_pct(table, 15, 64),
        "age_65_plus": compute_age_share_pct(table, 65),
        "age_80_plus": compute_age_share_pct(table, 80),
        "schooling": table["average_schooling_years"].astype("Float64"),
        "illiteracy": table["illiteracy_rate_15_plus_pct"].astype("Float64"),
        "college": (college / table["population_persons"] * 100).astype("Float64"),
        "floor_area": table["floor_area_per_capita_m2"].astype("Float64"),
    }
    for column in ("lf_piped_water_households", "lf_kitchen_households"):
        values[column] = compute_long_form_share_pct(table, column)
    for column in ("lf_toilet_households", "lf_bathing_households"):
        values[column] = compute_long_form_share_pct(table, column)
    return values


def census_table(snap: CensusSnapshot, region_code: str) -> pd.DataFrame:
    """Return the 2010 and 2020 census values of one unit (2010 missing for a new unit).

    Returns
    -------
    pandas.DataFrame
        ``indicator, unit, value_2010, value_2020, change`` (change = 2020 − 2010).
    """
    one = {
        year: _census_values(table[table["region_code"] == region_code])
        for year, table in snap.tables.items()
    }
    rows = []
    for label, unit, key in _CENSUS_ROWS:
        values = [_value(one[year][key], region_code) for year in (2010, 2020)]
        rows.append(
            {
                "indicator": label,
                "unit": unit,
                "value_2010": values[0],
                "value_2020": values[1],
                "change": values[1] - values[0],
            }
        )
    return pd.DataFrame(rows)


def _value(series: pd.Series, code: str) -> float:
    if code not in series.index or pd.isna(series[code]):
        return math.nan
    return float(series[code])


def _empty_pace() -> pd.DataFrame:
    columns = ["class_id", "class_zh", "n_counties", "q10", "median", "q90", "subject_percentile"]
    return pd.DataFrame(columns=columns)


def _pace(snap: CensusSnapshot, region_code: str, unit_type: str) -> pd.DataFrame:
    """Return the unit's URGD percentile among units of its type in three classes.

    The classes: nationally, in its province, and among units whose 2010 urban share was
    within 5 points of its own (:mod:`hongtonglib.reference_class`).
    """
    spec = ReferenceClassSpec(subject_code=region_code, unit_types=(unit_type,))
    result = build_reference_classes(snap.units, spec)
    summary = result.summary[result.summary["measure"] == "urgd_per_year"]
    return summary[_empty_pace().columns.tolist()].reset_index(drop=True)


def _trend(
    snap: CensusSnapshot, region_code: str, comparable: bool
) -> tuple[pd.DataFrame, str, str]:
    """Return the urban-share trend to :data:`TREND_YEARS` by the suite's forecast path.

    The points are the unit's comparable urbanization observations (the assessment's rule),
    which for most units are the two censuses; a unit whose territory changed gets no trend.
    """
    empty = pd.DataFrame(columns=["year", "mean", "lower", "upper"])
    if not comparable:
        return empty, "", ""
    kept, _ = comparable_points(snap.urbanization_series(region_code))
    if len(kept) < 2:
        return empty, "", ""
    result = forecast_to_year(
        kept[["year", "value"]], max(TREND_YEARS), bounds=(0, 100), source=region_code
    )
    table = result.table[result.table["year"].isin(TREND_YEARS)]
    trend = pd.DataFrame(
        {
            "year": table["year"].astype(int).to_numpy(),
            "mean": table["mean"].to_numpy(dtype=float),
            "lower": table["mean_ci_lower"].to_numpy(dtype=float),
            "upper": table["mean_ci_upper"].to_numpy(dtype=float),
        }
    )
    return trend, result.method, result.interval_note


def _demand(
    snap: CensusSnapshot, region_code: str, flags: tuple[str, ...]
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Return the school-age and elderly groups in three scenarios from the unit's cohorts."""
    empty = pd.DataFrame(columns=["group_id", "name_zh", "scenario", "year", "persons"])
    if any(flag not in _TERRITORY_NEUTRAL for flag in flags):
        return empty, ()
    # the unit and the regions its projection may compare with (prefecture, province): the
    # projection selects rows many times, cheap on these few rows, not on all 3,300
    row = snap.tables[2020][snap.tables[2020]["region_code"] == region_code].iloc[0]
    codes = {region_code, str(row["prefecture_code"]), str(row["province_code"])}
    tables = tuple(
        snap.tables[year][snap.tables[year]["region_code"].isin(codes)] for year in (2010, 2020)
    )
    projection = project_demand(
        region_code,
        end_year=max(DEMAND_YEARS),
        tables=tables,
        birth_rates=snap.birth_rates,
        units=snap.units,
    )
    groups = projection.groups
    groups = groups[groups["group_id"].isin(DEMAND_GROUPS) & groups["year"].isin(DEMAND_YEARS)]
    frame = groups[["group_id", "name_zh", "scenario", "year", "persons"]].reset_index(drop=True)
    return frame, projection.notes


def peer_table(snap: CensusSnapshot, prefecture_code: str, province_code: str) -> pd.DataFrame:
    """Return the county units of a prefecture side by side, ranked by their 2020 urban share.

    A unit its province runs directly (no prefecture code) is compared with the other such
    units of its province.

    Returns
    -------
    pandas.DataFrame
        ``region_code, name_zh, unit_type, population_2020, urban_share_2010,
        urban_share_2020, urgd_per_year, comparable, flags, rank_urban_share, rank_urgd``
        (a unit without a comparable pace has no URGD and no URGD rank).
    """
    table = snap.tables[2020]
    members = table[(table["level"] == "county") & (table["prefecture_code"] == prefecture_code)]
    if not prefecture_code:
        members = members[members["province_code"] == province_code]
    units = snap.units.set_index("region_code")
    values_2020 = _census_values(members)
    rows = []
    for code, name in zip(members["region_code"], members["name_zh"], strict=True):
        unit = units.loc[code] if code in units.index else None
        flags = tuple(unit["flags"]) if unit is not None else ("only_in_2020",)
        comparable = unit is not None and not is_excluding(flags)
        rows.append(
            {
                "region_code": code,
                "name_zh": name,
                "unit_type": str(unit["unit_type"]) if unit is not None else "other",
                "population_2020": _value(values_2020["population"], code),
                "urban_share_2010": float(unit["urban_share_2010_pct"]) if comparable else math.nan,
                "urban_share_2020": _value(values_2020["urban_share"], code),
                "urgd_per_year": float(unit["urgd_per_year"]) if comparable else math.nan,
                "comparable": comparable,
                "flags": flags,
            }
        )
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    frame["rank_urban_share"] = frame["urban_share_2020"].rank(ascending=False, method="min")
    frame["rank_urgd"] = frame["urgd_per_year"].rank(ascending=False, method="min")
    return frame.sort_values("urban_share_2020", ascending=False).reset_index(drop=True)
