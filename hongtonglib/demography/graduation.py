"""Split the census age bands (0, 1–4, 5–9, …, 80–84, 85+) into single years of age.

Method (documented in ``docs/methodology.md``, section "Demographic demand"):

1. Ages 0 and 1–4 are added into one group 0–4, so that the seventeen closed groups 0–4 …
   80–84 are all five years wide.
2. Sprague's fifth-difference osculatory formula (Sprague 1880) splits each closed group with
   the standard multipliers (Shryock & Siegel, *The Methods and Materials of Demography*; the
   same coefficients as ``graduate_sprague`` in the DemoTools R package). Each panel's columns
   add up to one, so the single years of a group add up to the group's total.
3. The census's own age 0 is kept as it is, and the Sprague values for ages 1–4 are rescaled to
   the census total of 1–4 (DemoTools calls this ``keep0``).
4. Sprague can give small negative values where neighbouring groups differ sharply (small
   counties, empty groups). Negative single years are set to zero and their group rescaled to
   its total. A group whose Sprague values are all non-positive is split uniformly.
5. The open group 85+ is kept as one group.

``method="uniform"`` splits every group evenly: the fallback when the Sprague split is not
wanted, or when a table has fewer than five closed groups.

Every group total is preserved: the last single year of each group absorbs the rounding
remainder, so that ``sum(single years of a group) == group total`` holds in floating point.

Examples
--------
>>> bands = [10.0, 40.0] + [50.0] * 16 + [20.0]
>>> single = split_age_bands(bands)
>>> len(single), float(single[0]), float(single[1:5].sum()), float(single[-1])
(86, 10.0, 40.0, 20.0)
>>> float(single[5:10].sum())
50.0
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Literal

import numpy as np

logger = logging.getLogger(__name__)

BAND_STARTS: tuple[int, ...] = (0, 1, *range(5, 90, 5))
"""First age of each census band: 0, 1, 5, 10, …, 80, 85 (85 = 85 and over)."""

OPEN_AGE: int = 85
"""First age of the open age group (85+); single-year arrays have ``OPEN_AGE + 1`` entries."""

N_BANDS: int = len(BAND_STARTS)

_G1G2 = np.array(
    [
        [0.3616, -0.2768, 0.1488, -0.0336, 0.0000],
        [0.2640, -0.0960, 0.0400, -0.0080, 0.0000],
        [0.1840, 0.0400, -0.0320, 0.0080, 0.0000],
        [0.1200, 0.1360, -0.0720, 0.0160, 0.0000],
        [0.0704, 0.1968, -0.0848, 0.0176, 0.0000],
        [0.0336, 0.2272, -0.0752, 0.0144, 0.0000],
        [0.0080, 0.2320, -0.0480, 0.0080, 0.0000],
        [-0.0080, 0.2160, -0.0080, 0.0000, 0.0000],
        [-0.0160, 0.1840, 0.0400, -0.0080, 0.0000],
        [-0.0176, 0.1408, 0.0912, -0.0144, 0.0000],
    ]
)
"""Sprague multipliers of the first two groups (rows: single ages 0–9; columns: groups 1–5)."""

_G3 = np.array(
    [
        [-0.0128, 0.0848, 0.1504, -0.0240, 0.0016],
        [-0.0016, 0.0144, 0.2224, -0.0416, 0.0064],
        [0.0064, -0.0336, 0.2544, -0.0336, 0.0064],
        [0.0064, -0.0416, 0.2224, 0.0144, -0.0016],
        [0.0016, -0.0240, 0.1504, 0.0848, -0.0128],
    ]
)
"""Sprague multipliers of a middle group (columns: groups i-2 … i+2)."""

_G4G5 = _G1G2[::-1, ::-1].copy()
"""Sprague multipliers of the last two groups: the first panels reversed."""


def sprague_matrix(n_groups: int) -> np.ndarray:
    """Return the ``(5 n, n)`` Sprague matrix that splits ``n`` five-year groups.

    Parameters
    ----------
    n_groups : int
        Number of closed five-year groups (at least 5).

    Returns
    -------
    numpy.ndarray
        ``single = matrix @ groups``; every column of each five-row block sums to the identity,
        so each group's single years add up to the group.

    Examples
    --------
    >>> matrix = sprague_matrix(6)
    >>> matrix.shape
    (30, 6)
    >>> np.allclose(matrix.reshape(6, 5, 6).sum(axis=1), np.eye(6))
    True
    """
    if n_groups < 5:
        raise ValueError(f"the Sprague split needs at least 5 five-year groups, got {n_groups}")
    matrix = np.zeros((5 * n_groups, n_groups))
    matrix[0:10, 0:5] = _G1G2
    for group in range(2, n_groups - 2):
        matrix[5 * group : 5 * group + 5, group - 2 : group + 3] = _G3
    matrix[5 * (n_groups - 2) :, n_groups - 5 :] = _G4G5
    return matrix


def _rescale_block(values: np.ndarray, total: float) -> np.ndarray:
    """Clip negatives to zero and rescale ``values`` to ``total`` (uniform if nothing is left)."""
    clipped = np.clip(values, 0.0, None)
    if total <= 0:
        return np.zeros_like(values)
    if clipped.sum() <= 0:
        clipped = np.ones_like(values)
    scaled = clipped * (total / clipped.sum())
    scaled[-1] = total - scaled[:-1].sum()
    if scaled[-1] < 0:  # only possible through rounding when the last value is ~0
        scaled[-1] = 0.0
    return scaled


def split_age_bands(
    bands: Sequence[float] | np.ndarray,
    method: Literal["sprague", "uniform"] = "sprague",
) -> np.ndarray:
    """Split census bands 0, 1–4, 5–9, …, 80–84, 85+ into single ages 0 … 84 and 85+.

    Parameters
    ----------
    bands : sequence of float
        Persons in the 19 census bands, youngest first (see :data:`BAND_STARTS`).
    method : {"sprague", "uniform"}, default "sprague"
        Sprague's multipliers with the census age 0 kept, or an even split of each band.

    Returns
    -------
    numpy.ndarray
        86 values: persons aged 0, 1, …, 84, then 85 and over. Every band total is preserved.

    Raises
    ------
    ValueError
        If there are not 19 bands, or a band is missing or negative.

    Examples
    --------
    >>> single = split_age_bands([1.0, 4.0] + [5.0] * 16 + [3.0], method="uniform")
    >>> single[:6].tolist(), float(single[-1])
    ([1.0, 1.0, 1.0, 1.0, 1.0, 1.0], 3.0)
    """
    values = np.asarray(bands, dtype=float)
    if values.shape != (N_BANDS,):
        raise ValueError(
            f"expected {N_BANDS} census bands (0, 1-4, 5-9, …, 85+), got {values.shape}"
        )
    if np.isnan(values).any() or (values < 0).any():
        raise ValueError("census bands must be non-negative numbers without gaps")
    if method not in ("sprague", "uniform"):
        raise ValueError(f"unknown method {method!r}; expected 'sprague' or 'uniform'")
    groups = np.concatenate([[values[0] + values[1]], values[2:-1]])  # 0-4, 5-9, …, 80-84
    if method == "sprague":
        raw = sprague_matrix(len(groups)) @ groups
    else:
        raw = np.repeat(groups / 5.0, 5)
    single = np.empty(OPEN_AGE + 1)
    single[0] = values[0]
    single[1:5] = _rescale_block(raw[1:5], values[1])
    for index, total in enumerate(groups[1:], start=1):
        block = raw[5 * index : 5 * index + 5]
        if method == "sprague" and (block < 0).any():
            logger.debug("Sprague gave negative values for ages %d-%d", 5 * index, 5 * index + 4)
        single[5 * index : 5 * index + 5] = _rescale_block(block, total)
    single[OPEN_AGE] = values[-1]
    return single


def group_single_ages(single: Sequence[float] | np.ndarray) -> np.ndarray:
    """Add single ages 0 … 84, 85+ back into the 19 census bands (the inverse of the split).

    Examples
    --------
    >>> bands = np.array([3.0, 12.0] + [20.0] * 16 + [7.0])
    >>> bool(np.allclose(group_single_ages(split_age_bands(bands)), bands))
    True
    """
    values = np.asarray(single, dtype=float)
    if values.shape != (OPEN_AGE + 1,):
        raise ValueError(f"expected {OPEN_AGE + 1} single ages (0 … 84, 85+), got {values.shape}")
    sums = [values[0], values[1:5].sum()]
    sums += [values[start : start + 5].sum() for start in range(5, OPEN_AGE, 5)]
    sums.append(values[OPEN_AGE])
    return np.array(sums)
