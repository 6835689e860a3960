"""Frames of a prefecture page and a province index: its county units side by side.

Examples
--------
>>> page = region_profiles("141000")
>>> page.level, len(page.counties)
('prefecture', 17)
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from hongtonglib.profiles.county import peer_table
from hongtonglib.profiles.snapshot import census_snapshot


@dataclass(frozen=True)
class RegionProfiles:
    """A prefecture's or a province's county units.

    Attributes
    ----------
    region_code, name_zh, level : str
        The prefecture or province.
    province_code, province_zh : str
        Its province (itself for a province).
    counties : pandas.DataFrame
        :func:`~hongtonglib.profiles.county.peer_table` rows of every county unit, with
        ``prefecture_code, prefecture_zh``.
    prefectures : pandas.DataFrame
        For a province: ``prefecture_code, prefecture_zh, n_units, population_2020,
        urban_share_2020, median_urgd`` (empty for a prefecture).
    """

    region_code: str
    name_zh: str
    level: str
    province_code: str
    province_zh: str
    counties: pd.DataFrame
    prefectures: pd.DataFrame


def region_profiles(region_code: str) -> RegionProfiles:
    """Return the county units of a prefecture or province, ranked, for its page.

    Raises
    ------
    KeyError
        If the code is not a prefecture or province of the 2020 census, or has no county units.
    """
    snap = census_snapshot()
    table = snap.tables[2020]
    rows = table[
        (table["region_code"] == region_code) & table["level"].isin(["prefecture", "province"])
    ]
    if rows.empty:
        raise KeyError(f"{region_code!r} is not a prefecture or province of the 2020 census")
    row = rows.iloc[0]
    level = str(row["level"])
    counties = table[table["level"] == "county"]
    if level == "prefecture":
        prefecture_codes = [region_code]
    else:
        inside = counties[counties["province_code"] == region_code]
        prefecture_codes = [p for p in dict.fromkeys(inside["prefecture_code"]) if p]
    pieces = []
    for code in prefecture_codes:
        peers = peer_table(
            snap, code, str(row["province_code"]) if level == "prefecture" else region_code
        )
        name = table.loc[table["region_code"] == code, "name_zh"]
        pieces.append(
            peers.assign(prefecture_code=code, prefecture_zh=str(name.iloc[0]) if len(name) else "")
        )
    if not pieces or all(piece.empty for piece in pieces):
        raise KeyError(f"{region_code!r} has no county units in the 2020 census")
    frame = pd.concat([p for p in pieces if not p.empty], ignore_index=True)
    if level == "province":
        frame["rank_urban_share"] = frame["urban_share_2020"].rank(ascending=False, method="min")
        frame["rank_urgd"] = frame["urgd_per_year"].rank(ascending=False, method="min")
        frame = frame.sort_values("urban_share_2020", ascending=False).reset_index(drop=True)
    return RegionProfiles(
        region_code=region_code,
        name_zh=str(row["name_zh"]),
        level=level,
        province_code=str(row["province_code"]) if level == "prefecture" else region_code,
        province_zh=str(row["province_zh"]) if level == "prefecture" else str(row["name_zh"]),
        counties=frame,
        prefectures=_prefecture_summary(frame) if level == "province" else pd.DataFrame(),
    )


def _prefecture_summary(counties: pd.DataFrame) -> pd.DataFrame:
    """Return one row per prefecture of a province's county units."""
    grouped = counties.groupby(["prefecture_code", "prefecture_zh"], sort=False)
    summary = grouped.agg(
        n_units=("region_code", "size"),
        population_2020=("population_2020", "sum"),
        median_urban_share_2020=("urban_share_2020", "median"),
        median_urgd=("urgd_per_year", "median"),
    )
    return summary.reset_index().sort_values("prefecture_code", ignore_index=True)
