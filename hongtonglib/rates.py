"""The logit of a bounded rate, shared by the assessment's paces and the reference class.

For an urban share ``p`` the change of ``logit(p)`` per year is the UN's urban-rural growth
difference (URGD); one function computes it everywhere, so the pace a target requires and the
paces counties achieved are on exactly the same scale.

Examples
--------
>>> round(float(logit(0.5)), 6), round(float(logit(0.75)), 4)
(0.0, 1.0986)
>>> round(logit_pct(41.5), 4), round(logit_pct(50.0, (0.0, 100.0)), 6)
(-0.3433, 0.0)
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def logit(share: float | np.ndarray | pd.Series) -> np.ndarray:
    """Return ``ln(p / (1 - p))`` of a share given as a fraction (NaN/inf at 0 and 1)."""
    p = np.asarray(share, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(p / (1.0 - p))


def logit_pct(value: float, bounds: tuple[float, float] = (0.0, 100.0)) -> float:
    """Return the logit of a value rescaled from its bounds to a share (e.g. a percentage)."""
    low, high = bounds
    return float(logit((value - low) / (high - low)))
