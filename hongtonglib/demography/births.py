"""Crude-birth-rate paths after the census: observed, interpolated, extrapolated by scenario.

Births after the 2020 census are not in the census. The projection scales the census's own
count of infants (age 0 on 2020-11-01) by the trend of a reference birth rate, by default the
national crude birth rate published by the National Bureau of Statistics (from
``data/indicators/observations.csv``, indicator ``crude_birth_rate_permille``, region
``000000``), and by the number of women of childbearing age (see
:mod:`hongtonglib.demography.projection`).

Rules of the path, year by year:

- an observed year takes the observation;
- a year between two observations takes the log-linear interpolation (a constant rate of change
  between the two), marked ``interpolated``;
- a year after the last observation is extrapolated from the last observation with the
  log-linear slope ``r`` fitted to the observations of the last ``trend_years`` calendar years,
  chosen by ``outlook``: ``lower`` = ``min(r, 0)`` (a fall goes on, a rise stops),
  ``half`` = ``r / 2``, ``higher`` = ``max(r, 0)`` (a rise goes on, a fall stops). So
  ``lower`` ≤ ``half`` ≤ ``higher`` whatever the sign of the trend;
- a year before the first observation is an error.

Examples
--------
>>> observed = pd.DataFrame({"year": [2019, 2021, 2022], "value": [10.0, 8.0, 7.2]})
>>> path = complete_birth_rates(observed, range(2019, 2025), outlook="higher")
>>> path["kind"].tolist()
['observed', 'interpolated', 'observed', 'observed', 'extrapolated', 'extrapolated']
>>> path["crude_birth_rate_permille"].round(3).tolist()
[10.0, 8.944, 8.0, 7.2, 7.2, 7.2]
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Literal

import numpy as np
import pandas as pd

logger = logging.getLogger(__name__)

BirthOutlook = Literal["lower", "half", "higher"]
"""How the birth-rate trend is carried past the last observation (see the module text)."""

BIRTH_RATE_INDICATOR = "crude_birth_rate_permille"
"""Indicator id of the crude birth rate in the indicator registry."""

DEFAULT_TREND_YEARS = 5
"""Calendar years, up to the last observation, whose observations give the trend."""


def fit_birth_rate_trend(observed: pd.DataFrame, trend_years: int = DEFAULT_TREND_YEARS) -> float:
    """Return the log-linear slope (per year) of the observations of the last ``trend_years``.

    Parameters
    ----------
    observed : pandas.DataFrame
        Columns ``year`` and ``value`` (a rate, > 0).
    trend_years : int
        Window of calendar years ending with the last observation.

    Returns
    -------
    float
        The least-squares slope of ``ln(value)`` on ``year``; 0.0 when the window holds fewer
        than two observations.

    Examples
    --------
    >>> frame = pd.DataFrame({"year": [2020, 2021, 2022], "value": [8.0, 7.2, 6.48]})
    >>> round(fit_birth_rate_trend(frame), 4)
    -0.1054
    """
    frame = _clean(observed)
    last = int(frame["year"].max())
    window = frame[frame["year"] > last - trend_years]
    if len(window) < 2:
        logger.warning("fewer than two birth-rate observations since %d: no trend", last)
        return 0.0
    slope = np.polyfit(window["year"].to_numpy(float), np.log(window["value"].to_numpy()), 1)[0]
    return float(slope)


def complete_birth_rates(
    observed: pd.DataFrame,
    years: Iterable[int],
    outlook: BirthOutlook = "half",
    trend_years: int = DEFAULT_TREND_YEARS,
) -> pd.DataFrame:
    """Return a crude birth rate for every year of ``years``, observed or filled in.

    Parameters
    ----------
    observed : pandas.DataFrame
        Columns ``year`` and ``value`` (per mille, > 0); one row per year.
    years : iterable of int
        The years needed.
    outlook : {"lower", "half", "higher"}
        How the trend is carried past the last observation.
    trend_years : int
        Window of the trend (see :func:`fit_birth_rate_trend`).

    Returns
    -------
    pandas.DataFrame
        ``year``, ``crude_birth_rate_permille``, ``kind`` (``observed``, ``interpolated``,
        ``extrapolated``).

    Raises
    ------
    ValueError
        If a year precedes the first observation, or the observations are unusable.
    """
    if outlook not in ("lower", "half", "higher"):
        raise ValueError(f"unknown outlook {outlook!r}; expected 'lower', 'half' or 'higher'")
    frame = _clean(observed)
    obs_years = frame["year"].to_numpy(int)
    log_values = np.log(frame["value"].to_numpy(float))
    slope = fit_birth_rate_trend(frame, trend_years)
    carried = {"lower": min(slope, 0.0), "half": slope / 2, "higher": max(slope, 0.0)}[outlook]
    rows = []
    for year in sorted(set(years)):
        if year < obs_years[0]:
            raise ValueError(f"no birth-rate observation at or before {year}")
        if year in obs_years:
            value, kind = float(np.exp(log_values[obs_years == year][0])), "observed"
        elif year < obs_years[-1]:
            value, kind = float(np.exp(np.interp(year, obs_years, log_values))), "interpolated"
        else:
            value = float(np.exp(log_values[-1] + carried * (year - obs_years[-1])))
            kind = "extrapolated"
        rows.append({"year": year, "crude_birth_rate_permille": value, "kind": kind})
    return pd.DataFrame(rows)


def census_year_rate(rates: pd.DataFrame, year: int) -> float:
    """Return the birth rate of the twelve months before 1 November of ``year``.

    Two months of ``year - 1`` and ten months of ``year``: the months in which the infants
    counted at age 0 on a census date (1 November) were born.

    Examples
    --------
    >>> rates = pd.DataFrame({"year": [2019, 2020], "crude_birth_rate_permille": [12.0, 6.0]})
    >>> census_year_rate(rates, 2020)
    7.0
    """
    by_year = rates.set_index("year")["crude_birth_rate_permille"]
    missing = [item for item in (year - 1, year) if item not in by_year.index]
    if missing:
        raise ValueError(f"birth rates needed for {missing}")
    return float((2 * by_year[year - 1] + 10 * by_year[year]) / 12)


def _clean(observed: pd.DataFrame) -> pd.DataFrame:
    if not {"year", "value"} <= set(observed.columns):
        raise ValueError("birth-rate observations need columns 'year' and 'value'")
    frame = observed[["year", "value"]].dropna().astype({"year": int, "value": float})
    if frame.empty:
        raise ValueError("no birth-rate observations")
    if frame["year"].duplicated().any():
        raise ValueError("birth-rate observations repeat a year")
    if (frame["value"] <= 0).any():
        raise ValueError("birth rates must be positive")
    return frame.sort_values("year").reset_index(drop=True)
