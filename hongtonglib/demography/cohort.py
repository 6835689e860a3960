"""Cohort-change ratios between two censuses and annual age-specific change factors.

The Hamilton–Perry method (Hamilton & Perry 1962; Swanson, Schlottmann & Schmidt 2010) projects
a population with *cohort-change ratios*: persons aged x+10…x+14 at one census divided by
persons aged x…x+4 ten years earlier. A ratio folds mortality and net migration together, so
it needs no life table and no migration data, only two censuses.

Briefings need every year, not only 2030, and the school ages need the change to happen at the
ages where it happens (Hongtong's children hardly leave before 15, its young adults do). This
module therefore turns the ten-year band ratios into **annual factors by age attained**,
``f(a)`` = the ratio by which the persons who reach age ``a`` in a year change during that year
(``a`` = 1 … 84, and 85 for the open group), estimated so that ageing the 2010 census ten times
reproduces the 2020 census (see :func:`estimate_change_factors` for the method and its two
assumptions).

Examples
--------
>>> bands_2010 = np.array([10.0, 40.0] + [50.0] * 16 + [20.0])
>>> factors = estimate_change_factors(bands_2010, bands_2010)
>>> factors.shape
(85,)
>>> fit = reproduce_bands(bands_2010, factors)
>>> bool(np.allclose(fit, bands_2010[3:], rtol=0.01))
True
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Literal

import numpy as np

from hongtonglib.demography.graduation import (
    OPEN_AGE,
    group_single_ages,
    split_age_bands,
)

logger = logging.getLogger(__name__)

INTERCENSAL_YEARS: int = 10
"""Years between the 2010 and the 2020 census (both on 1 November)."""

DEFAULT_SMOOTHING: float = 1.0
"""Weight of the second-difference penalty on ``log f`` (see :func:`estimate_change_factors`)."""

CHILD_MAX_AGE: int = 14
"""Ages attained 1 … 14 share the children's factor (see :func:`estimate_change_factors`)."""

FIRST_FITTED_BAND: int = 3
"""Index of the first 2020 band with a 2010 cohort behind it (10–14, aged 0–4 in 2010)."""


def cohort_change_ratios(
    bands_2010: Sequence[float] | np.ndarray, bands_2020: Sequence[float] | np.ndarray
) -> np.ndarray:
    """Return the classic ten-year Hamilton–Perry ratios of the 2020 bands 10–14 … 85+.

    ``ratio[10-14] = P2020(10-14) / P2010(0-4)``, …, ``ratio[85+] = P2020(85+) / P2010(75+)``.

    Parameters
    ----------
    bands_2010, bands_2020 : sequence of float
        Persons in the 19 census bands (0, 1–4, 5–9, …, 80–84, 85+) of one sex.

    Returns
    -------
    numpy.ndarray
        16 ratios, for the 2020 bands 10–14, 15–19, …, 80–84, 85+ (NaN where the 2010 band is 0).

    Examples
    --------
    >>> old = np.array([1.0, 4.0] + [5.0] * 16 + [2.0])
    >>> new = np.array([1.0, 4.0] + [4.0] * 16 + [1.0])
    >>> cohort_change_ratios(old, new)[[0, -1]].round(3).tolist()
    [0.8, 0.083]
    """
    old = np.asarray(bands_2010, dtype=float)
    new = np.asarray(bands_2020, dtype=float)
    old_groups = np.concatenate([[old[0] + old[1]], old[2:]])  # 0-4, 5-9, …, 80-84, 85+
    denominators = np.concatenate([old_groups[:15], [old_groups[15:].sum()]])
    numerators = new[FIRST_FITTED_BAND:]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominators > 0, numerators / denominators, np.nan)


def _path_matrix() -> tuple[np.ndarray, np.ndarray]:
    """Return which ages attained each 2010 single age passes and where it ends in 2020.

    Returns
    -------
    passes : numpy.ndarray
        ``(86, 85)`` counts: ``passes[u, a-1]`` = years in which a person aged ``u`` in 2010
        (``u`` = 85: 85 and over) attains age ``a`` (85 = stays in the open group).
    end_age : numpy.ndarray
        Single age (85 = 85+) of each 2010 age ``u`` in 2020.
    """
    passes = np.zeros((OPEN_AGE + 1, OPEN_AGE))
    end_age = np.zeros(OPEN_AGE + 1, dtype=int)
    for start in range(OPEN_AGE + 1):
        for step in range(1, INTERCENSAL_YEARS + 1):
            passes[start, min(start + step, OPEN_AGE) - 1] += 1
        end_age[start] = min(start + INTERCENSAL_YEARS, OPEN_AGE)
    return passes, end_age


_PASSES, _END_AGE = _path_matrix()


def _end_band_matrix() -> np.ndarray:
    """Return ``(19, 86)``: 1 where a 2010 single age ends, in 2020, in a census band."""
    matrix = np.zeros((OPEN_AGE + 1, OPEN_AGE + 1))
    matrix[_END_AGE, np.arange(OPEN_AGE + 1)] = 1.0  # single age in 2020 <- age in 2010
    bands = np.stack([group_single_ages(column) for column in np.eye(OPEN_AGE + 1)], axis=1)
    return bands @ matrix


_END_BAND = _end_band_matrix()


def reproduce_bands(
    bands_2010: Sequence[float] | np.ndarray,
    factors: Sequence[float] | np.ndarray,
    method: Literal["sprague", "uniform"] = "sprague",
) -> np.ndarray:
    """Age the 2010 bands ten years with annual ``factors``; return the 2020 bands 10–14 … 85+.

    Parameters
    ----------
    bands_2010 : sequence of float
        The 19 census bands of one sex in 2010.
    factors : sequence of float
        85 annual factors by age attained, ``f(1)`` … ``f(84)``, ``f(85+)``.
    method : {"sprague", "uniform"}
        How the 2010 bands are split into single years.

    Returns
    -------
    numpy.ndarray
        15 closed bands 10–14 … 80–84 and the open band 85+ (16 values).
    """
    single_2010 = split_age_bands(bands_2010, method=method)
    log_growth = _PASSES @ np.log(np.asarray(factors, dtype=float))
    single_2020 = np.zeros(OPEN_AGE + 1)
    np.add.at(single_2020, _END_AGE, single_2010 * np.exp(log_growth))
    return group_single_ages(single_2020)[FIRST_FITTED_BAND:]


def estimate_change_factors(
    bands_2010: Sequence[float] | np.ndarray,
    bands_2020: Sequence[float] | np.ndarray,
    smoothing: float = DEFAULT_SMOOTHING,
    child_max_age: int = CHILD_MAX_AGE,
    method: Literal["sprague", "uniform"] = "sprague",
) -> np.ndarray:
    """Estimate annual change factors by age attained from two censuses ten years apart.

    Two steps:

    1. Children (ages attained 1 … ``child_max_age``) share one factor, the tenth root of the
       classic ratio ``P2020(10-14) / P2010(0-4)``. Children move with their families; the
       censuses cannot tell at which child age, and a constant factor reproduces the band
       10–14 exactly.
    2. The factors of ages ``child_max_age + 1`` … 85+ minimize
       ``sum_b (log fitted_b - log observed_b)^2 + smoothing * sum_a (Δ² log f(a))^2`` over the
       2020 bands ``b`` = 15–19 … 80–84, 85+, where ``fitted`` ages the 2010 census (split into
       single years) ten times (:func:`reproduce_bands`). Ten-year cohort data identify only
       ten-year sums of ``log f``; the penalty removes the waves that they cannot see.
       Solved with :func:`scipy.optimize.least_squares`.

    Parameters
    ----------
    bands_2010, bands_2020 : sequence of float
        The 19 census bands of one sex (0, 1–4, 5–9, …, 80–84, 85+) in 2010 and 2020.
    smoothing : float, default :data:`DEFAULT_SMOOTHING`
        Weight of the second-difference penalty on ``log f``; larger is smoother.
    child_max_age : int, default :data:`CHILD_MAX_AGE`
        Last age attained that takes the children's common factor (at most 14).
    method : {"sprague", "uniform"}
        How the 2010 bands are split into single years.

    Returns
    -------
    numpy.ndarray
        85 factors ``f(1)`` … ``f(84)``, ``f(85+)``: multiply the persons who reach age ``a`` in
        a year by ``f(a)`` (mortality and net migration together).

    Raises
    ------
    ValueError
        If a 2020 band from 10–14 up or its 2010 cohort is empty, or the fit does not converge.

    Examples
    --------
    >>> same = np.array([10.0, 40.0] + [50.0] * 16 + [20.0])
    >>> factors = estimate_change_factors(same, same)
    >>> round(float(factors[0]), 6)  # children: P2020(10-14) / P2010(0-4) = 1
    1.0
    """
    from scipy.optimize import least_squares

    if not 1 <= child_max_age <= 14:
        raise ValueError(f"child_max_age must be 1-14, got {child_max_age}")
    old = np.asarray(bands_2010, dtype=float)
    observed = np.asarray(bands_2020, dtype=float)[FIRST_FITTED_BAND:]
    ratios = cohort_change_ratios(old, bands_2020)
    if not np.isfinite(ratios).all() or (observed <= 0).any():
        raise ValueError("every 2020 band from 10-14 up, and its 2010 cohort, must be non-empty")
    single_2010 = split_age_bands(old, method=method)
    child = np.full(child_max_age, np.log(ratios[0]) / INTERCENSAL_YEARS)
    start = _initial_log_factors(ratios)[child_max_age:]
    weight = float(np.sqrt(smoothing))
    log_observed = np.log(observed)

    n_free = OPEN_AGE - child_max_age
    penalty = weight * np.diff(np.eye(n_free), n=2, axis=0)
    band_of_end = _END_BAND[FIRST_FITTED_BAND:]

    def survivors(free: np.ndarray) -> np.ndarray:
        return single_2010 * np.exp(_PASSES @ np.concatenate([child, free]))

    def residuals(free: np.ndarray) -> np.ndarray:
        fitted = band_of_end @ survivors(free)
        return np.concatenate([np.log(fitted) - log_observed, penalty @ free])

    def jacobian(free: np.ndarray) -> np.ndarray:
        weights = band_of_end * survivors(free)  # (bands, ages in 2010)
        fitted = weights.sum(axis=1, keepdims=True)
        return np.vstack([(weights @ _PASSES[:, child_max_age:]) / fitted, penalty])

    solution = least_squares(residuals, start, jac=jacobian, method="lm", xtol=1e-12)
    if not solution.success:
        raise ValueError(f"the change factors did not converge: {solution.message}")
    worst = float(np.max(np.abs(solution.fun[: len(observed)])))
    logger.debug("change factors fitted; largest band error %.4f (log)", worst)
    return np.exp(np.concatenate([child, solution.x]))


def _initial_log_factors(ratios: np.ndarray) -> np.ndarray:
    """Spread each ten-year ratio evenly over the ages its cohort attains (a starting point)."""
    annual = np.log(ratios) / INTERCENSAL_YEARS
    theta = np.empty(OPEN_AGE)
    for age in range(1, OPEN_AGE + 1):
        band = min(max(age // 5 - 1, 0), len(annual) - 1)  # ages 5k…5k+4: band 5k+5…5k+9
        theta[age - 1] = annual[band]
    return theta
