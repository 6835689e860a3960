"""Which county units have a profile, and the selection of ``hongtong render --profiles``.

A county unit is a row of level ``county`` in the 2020 census table (2,943 units: counties,
county-level cities, districts, banners …); its prefecture and province are the table's
``prefecture_code`` and ``province_code``. A code found only in the 2010 table (an abolished
or recoded unit) has no profile: there is no 2020 territory to describe.

Examples
--------
>>> selection = resolve_selection(prefecture="141000")
>>> len(selection.counties), selection.prefectures, selection.provinces
(17, ('141000',), ())
>>> resolve_selection(county="110103")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
hongtonglib.validation.ValidationFailed: ...only in the 2010 census...
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from hongtonglib.profiles.snapshot import census_snapshot
from hongtonglib.validation import ProblemCollector

REGION_LIST = "data/census/county_2020.csv.gz"
"""Where the region list of the profiles comes from (named in messages)."""


@dataclass(frozen=True)
class ProfileSelection:
    """The pages a ``--profiles`` run renders: county profiles and region pages.

    Attributes
    ----------
    counties : tuple of str
        County unit codes, in table order.
    prefectures : tuple of str
        Prefecture pages to render (every prefecture with a selected county, for the links).
    provinces : tuple of str
        Province index pages to render.
    """

    counties: tuple[str, ...]
    prefectures: tuple[str, ...]
    provinces: tuple[str, ...]


def county_units(table_2020: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the county units of the 2020 census: code, name, prefecture and province.

    Returns
    -------
    pandas.DataFrame
        ``region_code, name_zh, prefecture_code, prefecture_zh, province_code, province_zh``.
    """
    table = census_snapshot().tables[2020] if table_2020 is None else table_2020
    columns = ["region_code", "name_zh", "prefecture_code", "prefecture_zh"]
    columns += ["province_code", "province_zh"]
    return table.loc[table["level"] == "county", columns].reset_index(drop=True)


def resolve_selection(
    *,
    county: str | None = None,
    prefecture: str | None = None,
    province: str | None = None,
    all_counties: bool = False,
) -> ProfileSelection:
    """Return what one of the four selections asks for, or raise naming the bad code.

    Exactly one of ``county``, ``prefecture``, ``province`` and ``all_counties`` is given.
    A county brings its prefecture page; a prefecture its page and counties; a province its
    index, its prefectures' pages and its counties; ``all_counties`` everything.

    Raises
    ------
    hongtonglib.validation.ValidationFailed
        For an unknown code, a code that exists only in the 2010 census, a code of another
        level, or a prefecture or province without county units.
    ValueError
        If not exactly one selection is given.
    """
    given = [x for x in (county, prefecture, province) if x is not None] + (
        [True] if all_counties else []
    )
    if len(given) != 1:
        raise ValueError("choose exactly one of county, prefecture, province, all_counties")
    snap = census_snapshot()
    table_2010, table_2020 = snap.tables[2010], snap.tables[2020]
    units = county_units(table_2020)
    problems = ProblemCollector()
    if all_counties:
        chosen = units
    else:
        code = str(county or prefecture or province).strip()
        level = "county" if county is not None else "prefecture" if prefecture else "province"
        _check_code(code, level, table_2010, table_2020, problems)
        problems.raise_if_any()
        column = {"county": "region_code", "prefecture": "prefecture_code"}.get(
            level, "province_code"
        )
        chosen = units[units[column] == code]
        if chosen.empty:
            problems.add(
                REGION_LIST,
                f"{level} {code} has no county-level units in the 2020 census "
                "(its districts are not listed separately)",
                field=level,
                message_zh=f"{code} 下没有县级单位",
            )
            problems.raise_if_any()
    prefectures = tuple(p for p in dict.fromkeys(chosen["prefecture_code"]) if p)
    provinces = (
        tuple(dict.fromkeys(chosen["province_code"]))
        if province is not None or all_counties
        else ()
    )
    return ProfileSelection(
        counties=tuple(chosen["region_code"]), prefectures=prefectures, provinces=provinces
    )


def _check_code(
    code: str,
    level: str,
    table_2010: pd.DataFrame,
    table_2020: pd.DataFrame,
    problems: ProblemCollector,
) -> None:
    """Record why ``code`` cannot be a ``level`` of the 2020 census, if it cannot."""
    if not (len(code) == 6 and code.isdigit()):
        problems.add(REGION_LIST, f"{level} code {code!r} is not a 6-digit code", field=level)
        return
    now = table_2020[table_2020["region_code"] == code]
    if now.empty:
        before = table_2010[table_2010["region_code"] == code]
        if before.empty:
            problems.add(
                REGION_LIST,
                f"unknown {level} code {code}: in neither census table",
                field=level,
                message_zh=f"未知区划代码 {code}",
            )
        else:
            name = before.iloc[0]["name_zh"]
            problems.add(
                REGION_LIST,
                f"{level} code {code} ({name}) exists only in the 2010 census: the unit was "
                "abolished, merged or recoded, so there is no 2020 unit to profile",
                field=level,
                message_zh=f"区划代码 {code}（{name}）仅见于2010年普查",
            )
        return
    found = str(now.iloc[0]["level"])
    if found != level:
        problems.add(
            REGION_LIST,
            f"code {code} ({now.iloc[0]['name_zh']}) is a {found}, not a {level}",
            field=level,
            message_zh=f"{code} 不是{level}级区划",
        )
