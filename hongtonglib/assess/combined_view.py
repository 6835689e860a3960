"""One predictive distribution for urbanization: the inside view combined with the outside view.

The *inside view* is the county's own calibrated forecast (the drift of its urban share on the
logit scale, interval calibrated on real series). The *outside view* is the reference class:
the 2010→2020 urban–rural growth differences (URGD, logit per year) of the counties whose 2010
urban share was within 5 points of the county's (:mod:`hongtonglib.reference_class`). From the
last observed share ``z0`` (logit), the class says the share ``h`` years on is
``z0 + h x URGD`` with ``URGD ~ N(mu, tau^2)`` (mean and standard deviation of the class): an
outside predictive ``N(z0 + h mu, (h tau)^2)``.

The two are pooled per year by precision weighting (the county's pace shrunk toward the class,
as a normal prior and a normal likelihood combine): each view is replaced by the Gaussian with
the same 80 % interval, and

``w = (1/s_in^2) / (1/s_in^2 + 1/s_out^2)``, ``loc = w loc_in + (1 - w) loc_out``,
``s = (1/s_in^2 + 1/s_out^2)^(-1/2)``.

The result keeps the inside view's tail shape (its calibrated Student t, whose degrees of
freedom the corpus of real series chose), scaled to the same 80 % interval: a Gaussian tail
would call a 4-standard-deviation outcome impossible, which short real series do not support.

The weights are stated with the result. The outside view's own calibration over ten years is
checked on the counties themselves (:func:`outside_view_check`, each county predicted from the
counties of *other* provinces).

Examples
--------
>>> import numpy as np
>>> from hongtonglib.forecast.bounds import Bounds, Transform
>>> from hongtonglib.forecast.distribution import Predictive
>>> inside = Predictive((2023,), np.array([0.0]), np.array([1.0]), None,
...                     Transform.for_bounds(Bounds(0, 100)))
>>> combined, weights = combine_views(inside, 2022, -0.1, OutsidePace(0.1, 1.0, 50))
>>> float(combined.loc[0]), round(float(combined.scale[0]), 4), weights
(0.0, 0.7071, (0.5,))

"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special

from hongtonglib.assess.outside_view import reference_units
from hongtonglib.forecast.distribution import Predictive
from hongtonglib.reference_class import ReferenceClassSpec, build_reference_classes, load_units

SIMILAR_CLASS = "similar_share"
"""The reference class used: counties with a 2010 urban share within 5 points."""

Z80 = float(special.ndtri(0.9))


@dataclass(frozen=True)
class OutsidePace:
    """The class's URGD: mean and standard deviation (logit per year) and its size."""

    mean: float
    sd: float
    n: int


@functools.lru_cache(maxsize=4)
def outside_pace(region_code: str) -> OutsidePace:
    """Return the URGD of the similar-share class of ``region_code`` (census 2010→2020)."""
    spec = ReferenceClassSpec(subject_code=region_code)
    result = build_reference_classes(reference_units(), spec)
    members = result.members[result.members["class_id"] == SIMILAR_CLASS]
    paces = members["urgd_per_year"].dropna().to_numpy(dtype=float)
    return OutsidePace(float(np.mean(paces)), float(np.std(paces, ddof=1)), len(paces))


def _gaussian_sd(predictive: Predictive) -> np.ndarray:
    """Return the sd of the Gaussian with the same 80 % interval as ``predictive``."""
    assert predictive.scale is not None
    if predictive.df is None:
        return np.asarray(predictive.scale, dtype=float)
    ratio = float(special.stdtrit(predictive.df, 0.9)) / Z80
    return np.asarray(predictive.scale, dtype=float) * ratio


def combine_views(
    inside: Predictive, last_year: int, last_z: float, outside: OutsidePace
) -> tuple[Predictive, tuple[float, ...]]:
    """Return the combined predictive distribution and the inside view's weight per year.

    Parameters
    ----------
    inside : Predictive
        The county's calibrated forecast (working scale: logit).
    last_year, last_z : int, float
        The last observation (year, logit of the share) the outside view starts from.
    outside : OutsidePace
        The class's URGD.

    """
    horizons = np.asarray(inside.years, dtype=float) - last_year
    s_in = _gaussian_sd(inside)
    loc_out = last_z + horizons * outside.mean
    s_out = horizons * outside.sd
    precision_in, precision_out = 1.0 / s_in**2, 1.0 / s_out**2
    weight = precision_in / (precision_in + precision_out)
    loc = weight * inside.loc + (1.0 - weight) * loc_out
    scale = np.sqrt(1.0 / (precision_in + precision_out))
    if inside.df is not None:  # keep the inside view's calibrated tail shape, same 80 % interval
        scale = scale * Z80 / float(special.stdtrit(inside.df, 0.9))
    combined = Predictive(inside.years, loc, scale, inside.df, inside.transform)
    return combined, tuple(float(w) for w in weight)


def outside_view_check(
    levels: tuple[float, ...] = (0.5, 0.8, 0.95), band_pp: float = 5.0
) -> pd.DataFrame:
    """Return the 10-year coverage of the outside view on the census counties.

    Each comparable county's 2020 urban share (logit) is predicted from its 2010 share with
    the URGD mean and standard deviation of the counties within ``band_pp`` points in 2010 from
    *other* provinces (Gaussian, ``10 x sd``). One row: counties scored, coverage per level, the
    PIT's share in its outer deciles.
    """
    units = load_units()
    units = units[~units["is_excluded"] & (units["unit_type"] == "county")]
    units = units.dropna(subset=["urgd_per_year", "urban_share_2010_pct"])
    share = units["urban_share_2010_pct"].to_numpy(dtype=float)
    pace = units["urgd_per_year"].to_numpy(dtype=float)
    province = units["province_code"].to_numpy()
    pits = []
    for i in range(len(units)):
        near = (np.abs(share - share[i]) <= band_pp) & (province != province[i])
        if near.sum() < 10:
            continue
        mean, sd = float(np.mean(pace[near])), float(np.std(pace[near], ddof=1))
        pits.append(float(special.ndtr((pace[i] - mean) / sd)))
    pit = np.asarray(pits)
    row: dict[str, float] = {"n_counties": len(pit)}
    for level in levels:
        tail = (1.0 - level) / 2.0
        row[f"cov{round(level * 100)}"] = float(np.mean((pit >= tail) & (pit <= 1.0 - tail)))
    row["pit_below_0.1"] = float(np.mean(pit < 0.1))
    row["pit_above_0.9"] = float(np.mean(pit > 0.9))
    return pd.DataFrame([row])
