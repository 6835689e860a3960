"""Naive, drift and linear-trend models for short annual series, gaps allowed.

All take the years ``t`` (integers, sorted, possibly with gaps) and values ``z`` on the working
scale and return a :class:`~hongtonglib.forecast.modelfit.ModelFit` for the years
``t[-1] + 1 .. t[-1] + horizon``.

- naive: the last value; a gap of ``k`` years counts as ``k`` random-walk steps, so the
  per-year variance is ``mean(dz**2 / k)``, and the ``h``-year predictive variance ``h`` times it.
- drift: random walk with drift, fitted as weighted least squares (statsmodels ``WLS``) of each
  change ``dz`` on its span ``k`` with weights ``1 / k``: a gap of ``k`` years is ``k`` annual
  steps, so its change has mean ``k * drift`` and variance ``k * sigma2`` (a 10-year step between
  two censuses is not one annual step). The drift is ``(z_last - z_first) / (t_last - t_first)``,
  ``sigma2 = sum((dz - k * drift)**2 / k) / (m - 1)`` the per-year variance,
  ``var(drift) = sigma2 / (t_last - t_first)``, and the ``h``-year predictive variance
  ``sigma2 * h + h**2 * var(drift)``, Student t with ``m - 1`` degrees of freedom (``m`` steps).
  With a known ``sigma2`` these are exactly the Kalman-filter forecasts of the random walk with
  drift on the annual grid, the missing years skipped.
- linear: ordinary least squares (statsmodels ``OLS``) of ``z`` on the actual years, with the
  prediction interval of a new observation (``se_obs``), Student t with ``n - 2`` degrees of
  freedom.

With 2 points the drift and the line pass through both and no interval is claimed.

Examples
--------
>>> import numpy as np
>>> fit = fit_linear(np.array([2018, 2019, 2021]), np.array([1.0, 2.0, 4.0]), 2)
>>> np.round(fit.loc, 6).tolist(), fit.df
([5.0, 6.0], 1.0)

"""

from __future__ import annotations

import numpy as np

from hongtonglib.forecast.modelfit import ModelFit, ModelFitError


def _steps(t: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if len(z) < 2:
        raise ModelFitError(f"needs at least 2 points, has {len(z)}")
    return np.diff(z), np.diff(t).astype(float)


def fit_naive(t: np.ndarray, z: np.ndarray, horizon: int) -> ModelFit:
    """Fit the naive (no-change) forecast with random-walk intervals.

    Examples
    --------
    >>> fit = fit_naive(np.array([2020, 2021, 2022]), np.array([1.0, 3.0, 3.0]), 1)
    >>> fit.loc.tolist(), round(float(fit.scale[0]), 6)
    ([3.0], 1.414214)

    """
    dz, k = _steps(t, z)
    h = np.arange(1, horizon + 1, dtype=float)
    loc = np.full(horizon, float(z[-1]))
    sigma2 = float(np.mean(dz**2 / k))
    return ModelFit(loc, np.sqrt(sigma2 * h), float(len(dz)))


def fit_drift(t: np.ndarray, z: np.ndarray, horizon: int) -> ModelFit:
    """Fit the random walk with drift (gaps weighted by their span).

    Examples
    --------
    >>> fit = fit_drift(np.array([2010, 2020]), np.array([1.0, 3.0]), 2)
    >>> np.round(fit.loc, 6).tolist(), fit.scale is None
    ([3.2, 3.4], True)

    Census years with a gap: drift ``(4.4 - 1.0) / 12 = 0.2833``; the steps miss it by
    ``2 - 2.833 = -0.833`` (10 years) and ``+0.833`` (2 years), so the per-year variance is
    ``0.833**2 / 10 + 0.833**2 / 2 = 0.4167`` and one year ahead
    ``sqrt(0.4167 * (1 + 1 / 12)) = 0.6719``:

    >>> fit = fit_drift(np.array([2010, 2020, 2022]), np.array([1.0, 3.0, 4.4]), 1)
    >>> round(float(fit.loc[0]), 4), round(float(fit.scale[0]), 4), fit.df
    (4.6833, 0.6719, 1.0)

    """
    from statsmodels.regression.linear_model import WLS

    dz, k = _steps(t, z)
    h = np.arange(1, horizon + 1, dtype=float)
    if len(dz) == 1:
        drift = float(dz[0] / k[0])
        return ModelFit(z[-1] + drift * h, None, None)
    result = WLS(dz, k, weights=1.0 / k).fit()
    drift = float(result.params[0])
    var_drift = float(result.bse[0] ** 2)
    variance = float(result.scale) * h + h**2 * var_drift
    return ModelFit(z[-1] + drift * h, np.sqrt(variance), float(result.df_resid))


def fit_linear(t: np.ndarray, z: np.ndarray, horizon: int) -> ModelFit:
    """Fit an OLS linear trend on the actual years, with prediction intervals.

    Examples
    --------
    >>> fit = fit_linear(np.array([2010, 2020]), np.array([0.0, 10.0]), 1)
    >>> np.round(fit.loc, 6).tolist(), fit.scale is None
    ([11.0], True)

    """
    from statsmodels.regression.linear_model import OLS
    from statsmodels.tools.tools import add_constant

    if len(z) < 2:
        raise ModelFitError(f"needs at least 2 points, has {len(z)}")
    x = (t - t[-1]).astype(float)
    result = OLS(z, add_constant(x, has_constant="add")).fit()
    future = add_constant(np.arange(1, horizon + 1, dtype=float), has_constant="add")
    if len(z) == 2:
        return ModelFit(np.asarray(future @ result.params, dtype=float), None, None)
    prediction = result.get_prediction(future)
    return ModelFit(
        np.asarray(prediction.predicted_mean, dtype=float),
        np.asarray(prediction.se_obs, dtype=float),
        float(result.df_resid),
    )
