"""Which county units have a profile, and the selection of ``hongtong render --profiles``.

The region list is ``data/indicators/regions.csv`` (built from the census tables by
``hongtong data rebuild-census``): a county unit is a row of level ``county`` present in the
2020 census (2,943 units: counties, county-level cities, districts, banners …); its parent is
its prefecture, or its province for the units a province administers directly (济源市,
仙桃市 …). A code found only in the 2010 census (an abolished or recoded unit) has no
profile: there is no 2020 territory to describe. Read with :mod:`csv` only, so that an
unchanged ``render --profiles`` run does not import pandas.

Examples
--------
>>> selection = resolve_selection(prefecture="141000")
>>> len(selection.counties), selection.prefectures, selection.provinces
(17, ('141000',), ('140000',))
>>> resolve_selection(county="110103")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
hongtonglib.validation.ValidationFailed: ...only in the 2010 census...
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from hongtonglib import paths
from hongtonglib.validation import ProblemCollector

LEVEL_ZH = {"county": "县级单位", "prefecture": "地市", "province": "省份"}


@dataclass(frozen=True)
class Region:
    """One row of the region list."""

    region_code: str
    name_zh: str
    level: str
    parent_code: str
    census_years: tuple[int, ...]


@dataclass(frozen=True)
class ProfileSelection:
    """The pages a ``--profiles`` run renders: county profiles and region pages.

    Attributes
    ----------
    counties : tuple of str
        County unit codes, in the region list's order.
    prefectures : tuple of str
        Prefecture pages (every prefecture of a selected county, for the profile's links).
    provinces : tuple of str
        Province index pages (every province of a selected county).
    """

    counties: tuple[str, ...]
    prefectures: tuple[str, ...]
    provinces: tuple[str, ...]


def region_list_path() -> Path:
    """Return the region list, ``data/indicators/regions.csv``."""
    return paths.indicators_dir() / "regions.csv"


def load_regions(path: Path | None = None) -> dict[str, Region]:
    """Return the region list keyed by code (cached by the file's size and mtime)."""
    path = path or region_list_path()
    stat = path.stat()
    return dict(_read_regions(str(path), stat.st_size, stat.st_mtime_ns))


@lru_cache(maxsize=2)
def _read_regions(path: str, size: int, mtime_ns: int) -> tuple[tuple[str, Region], ...]:
    del size, mtime_ns  # cache keys only
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [
            Region(
                region_code=row["region_code"],
                name_zh=row["name_zh"],
                level=row["level"],
                parent_code=row["parent_code"],
                census_years=tuple(int(y) for y in row["census_years"].split()),
            )
            for row in csv.DictReader(handle)
        ]
    return tuple((r.region_code, r) for r in rows)


def county_units(regions: dict[str, Region] | None = None) -> list[Region]:
    """Return the county units of the 2020 census, in the region list's order."""
    regions = regions if regions is not None else load_regions()
    return [r for r in regions.values() if r.level == "county" and 2020 in r.census_years]


def province_of(region: Region, regions: dict[str, Region]) -> str:
    """Return the province code of a county unit or prefecture."""
    parent = regions.get(region.parent_code)
    while parent is not None and parent.level not in ("province", "country"):
        parent = regions.get(parent.parent_code)
    return parent.region_code if parent is not None and parent.level == "province" else ""


def prefecture_of(region: Region, regions: dict[str, Region]) -> str | None:
    """Return the prefecture code of a county unit, ``None`` when its province runs it."""
    parent = regions.get(region.parent_code)
    return parent.region_code if parent is not None and parent.level == "prefecture" else None


def resolve_selection(
    *,
    county: str | None = None,
    prefecture: str | None = None,
    province: str | None = None,
    all_counties: bool = False,
) -> ProfileSelection:
    """Return what one of the four selections asks for, or raise naming the bad code.

    Exactly one of ``county``, ``prefecture``, ``province`` and ``all_counties`` is given.
    The pages of the prefectures and provinces of the selected counties come along (the
    profiles link to them).

    Raises
    ------
    hongtonglib.validation.ValidationFailed
        For an unknown code, a code that exists only in the 2010 census, a code of another
        level, or a prefecture or province without county units.
    ValueError
        If not exactly one selection is given.
    """
    asked = [(lv, c) for lv, c in (("county", county), ("prefecture", prefecture),
                                   ("province", province)) if c is not None]  # fmt: skip
    if len(asked) + bool(all_counties) != 1:
        raise ValueError("choose exactly one of county, prefecture, province, all_counties")
    regions = load_regions()
    units = county_units(regions)
    if all_counties:
        chosen = units
    else:
        level, code = asked[0][0], str(asked[0][1]).strip()
        _check_code(code, level, regions)
        if level == "county":
            chosen = [regions[code]]
        elif level == "prefecture":
            chosen = [u for u in units if u.parent_code == code]
        else:
            chosen = [u for u in units if province_of(u, regions) == code]
        if not chosen:
            problems = ProblemCollector()
            problems.add(
                _where(),
                f"{level} {code} ({regions[code].name_zh}) has no county-level units in the "
                "2020 census: it has no districts or counties listed of its own",
                field=level,
                message_zh=f"{code}（{regions[code].name_zh}）下没有县级单位",
            )
            problems.raise_if_any()
    prefectures = (prefecture_of(u, regions) for u in chosen)
    return ProfileSelection(
        counties=tuple(u.region_code for u in chosen),
        prefectures=tuple(dict.fromkeys(p for p in prefectures if p)),
        provinces=tuple(p for p in dict.fromkeys(province_of(u, regions) for u in chosen) if p),
    )


def _where() -> str:
    return "data/indicators/regions.csv"


def _check_code(code: str, level: str, regions: dict[str, Region]) -> None:
    """Raise naming why ``code`` cannot be a ``level`` of the 2020 census, if it cannot."""
    problems = ProblemCollector()
    region = regions.get(code)
    if not (len(code) == 6 and code.isdigit()):
        problems.add(_where(), f"{level} code {code!r} is not a 6-digit code", field=level)
    elif region is None:
        problems.add(
            _where(),
            f"unknown {level} code {code}: not in the region list (neither census)",
            field=level,
            message_zh=f"未知区划代码 {code}",
        )
    elif 2020 not in region.census_years:
        problems.add(
            _where(),
            f"{level} code {code} ({region.name_zh}) exists only in the 2010 census: the unit "
            "was abolished, merged or recoded, so there is no 2020 unit to profile",
            field=level,
            message_zh=f"区划代码 {code}（{region.name_zh}）仅见于2010年普查",
        )
    elif region.level != level:
        problems.add(
            _where(),
            f"code {code} ({region.name_zh}) is a {region.level}, not a {level}",
            field=level,
            message_zh=f"{code}（{region.name_zh}）不是{LEVEL_ZH.get(level, level)}",
        )
    problems.raise_if_any()
