"""Derive rates, age-group sums and shares, and long-form shares from the census tables.

Every derived number of the suite comes from these functions, never typed in. They take a
compact census table (see :func:`hongtonglib.census.tables.load_census_table`) and return a
Series aligned with it; a missing input gives a missing result.

Examples
--------
>>> from hongtonglib.census.tables import load_census_table
>>> table = load_census_table(2020).set_index("region_code")
>>> round(float(compute_urbanization_rate_pct(table)["141024"]), 2)
39.54
>>> int(sum_age_group(table, 65)["141024"])
76708

"""

from __future__ import annotations

import pandas as pd

AGE_BANDS: tuple[tuple[int, int | None], ...] = (
    (0, 0),
    (1, 4),
    *((start, start + 4) for start in range(5, 85, 5)),
    (85, None),
)
"""Age groups of the census tables as (first age, last age); ``None`` = and over."""

SEXES: tuple[str, ...] = ("male", "female")


def age_band_label(age_min: int, age_max: int | None) -> str:
    """Return the column fragment of an age group, e.g. ``1_4`` or ``85_plus``.

    Examples
    --------
    >>> age_band_label(0, 0), age_band_label(1, 4), age_band_label(85, None)
    ('0', '1_4', '85_plus')

    """
    if age_max is None:
        return f"{age_min}_plus"
    return str(age_min) if age_min == age_max else f"{age_min}_{age_max}"


def age_band_columns(age_min: int, age_max: int | None = None, sex: str | None = None) -> list[str]:
    """Return the table columns that add up to persons aged ``age_min``..``age_max``.

    Parameters
    ----------
    age_min : int
        First age of the group; must start one of :data:`AGE_BANDS`.
    age_max : int, optional
        Last age of the group; must end one of :data:`AGE_BANDS`; ``None`` = and over.
    sex : {"male", "female"}, optional
        One sex only; both when omitted.

    Raises
    ------
    ValueError
        If the group does not fall on the table's band limits (e.g. 0-17).

    """
    starts = {band[0] for band in AGE_BANDS}
    ends = {band[1] for band in AGE_BANDS}
    if age_min not in starts or age_max not in ends or (age_max is not None and age_max < age_min):
        raise ValueError(
            f"age group {age_min}-{age_max} does not fall on the census age bands {AGE_BANDS}"
        )
    if sex is not None and sex not in SEXES:
        raise ValueError(f"sex must be one of {SEXES}, not {sex!r}")
    sexes = SEXES if sex is None else (sex,)
    columns = []
    for band_min, band_max in AGE_BANDS:
        above = band_min >= age_min
        below = age_max is None or (band_max is not None and band_max <= age_max)
        if above and below:
            label = age_band_label(band_min, band_max)
            columns.extend(f"age_{label}_{one}_persons" for one in sexes)
    return columns


def sum_age_group(
    table: pd.DataFrame, age_min: int, age_max: int | None = None, sex: str | None = None
) -> pd.Series:
    """Return persons aged ``age_min``..``age_max`` (``None`` = and over) per row.

    A row with any of the needed age cells missing gives a missing result.

    Examples
    --------
    >>> frame = pd.DataFrame({c: [1] for c in age_band_columns(0)})
    >>> int(sum_age_group(frame, 0, 14).iloc[0]), int(sum_age_group(frame, 80).iloc[0])
    (8, 4)

    """
    columns = age_band_columns(age_min, age_max, sex)
    return table[columns].sum(axis=1, min_count=len(columns), skipna=False).astype("Float64")


def compute_share_pct(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """Return ``numerator / denominator x 100``; missing or zero denominators give missing.

    Examples
    --------
    >>> compute_share_pct(pd.Series([1, 1]), pd.Series([4, 0])).tolist()
    [25.0, <NA>]

    """
    numerator = numerator.astype("Float64")
    denominator = denominator.astype("Float64").where(denominator != 0)
    return numerator / denominator * 100


def compute_urbanization_rate_pct(table: pd.DataFrame) -> pd.Series:
    """Return urban residents as a share of all residents, % (``urban_persons`` / total)."""
    return compute_share_pct(table["urban_persons"], table["population_persons"])


def compute_age_share_pct(
    table: pd.DataFrame, age_min: int, age_max: int | None = None, sex: str | None = None
) -> pd.Series:
    """Return persons aged ``age_min``..``age_max`` as a share of the resident population, %.

    With ``sex`` given, the share is of that sex's population.
    """
    total = table["population_persons"] if sex is None else table[f"{sex}_persons"]
    return compute_share_pct(sum_age_group(table, age_min, age_max, sex), total)


def compute_long_form_share_pct(table: pd.DataFrame, column: str) -> pd.Series:
    """Return a long-form count as a share of the long-form family households, %.

    The long form is a sample of about 10% of households, so its counts are only meaningful
    as shares of ``long_form_households``.

    Parameters
    ----------
    table : pandas.DataFrame
        A compact census table.
    column : str
        An ``lf_*_households`` column, e.g. ``lf_bathing_households``.

    """
    if not column.startswith("lf_"):
        raise ValueError(f"{column!r} is not a long-form column (lf_*)")
    return compute_share_pct(table[column], table["long_form_households"])


def to_age_pyramid(table: pd.DataFrame) -> pd.DataFrame:
    """Return the age groups by sex as a long frame for cohort work.

    Returns
    -------
    pandas.DataFrame
        Columns ``region_code, age_min, age_max, sex, persons`` (``age_max`` missing for the
        open-ended group).

    """
    pieces = []
    for band_min, band_max in AGE_BANDS:
        label = age_band_label(band_min, band_max)
        for sex in SEXES:
            piece = pd.DataFrame(
                {
                    "region_code": table["region_code"].to_numpy(),
                    "age_min": band_min,
                    "age_max": pd.array([band_max] * len(table), dtype="Int64"),
                    "sex": sex,
                    "persons": table[f"age_{label}_{sex}_persons"].to_numpy(),
                }
            )
            pieces.append(piece)
    return pd.concat(pieces, ignore_index=True)
