"""Damped-trend ETS and ARIMA(1,1,0) with drift, from statsmodels, with convergence checks.

- ``fit_ets_damped``: additive-error, additive damped-trend exponential smoothing, ETS(A,Ad,N).
  A series without gaps is fitted with ``statsmodels.tsa.exponential_smoothing.ets.ETSModel``
  (``damped_trend=True``, initial states estimated) and its analytic prediction variance. A
  series with missing years is fitted with the state-space form of the same model
  (``statsmodels.tsa.statespace.exponential_smoothing.ExponentialSmoothing``), whose Kalman
  filter skips the missing years instead of filling them in.
- ``fit_arima_drift``: ``statsmodels.tsa.arima.model.ARIMA`` with order (1,1,0) and
  ``trend="t"`` (a drift in the differences), on the annual grid with missing years as NaN.
  Both need the grid to be at least two-thirds observed (``STATESPACE_MAX_MISSING_SHARE``).
  A fit that does not converge is refitted once with Nelder–Mead from where it stopped.

A fit whose optimiser reports no convergence raises
:class:`~hongtonglib.forecast.modelfit.ModelFitError`; the caller falls back to a simpler model.

Examples
--------
>>> import numpy as np
>>> t = np.arange(2010, 2022)
>>> z = 30 + np.cumsum(np.r_[1.0, 1.2, 0.9, 1.1, 1.0, 0.8, 1.3, 1.0, 0.9, 1.1, 1.0, 1.0])
>>> fit = fit_arima_drift(t, z, 2)
>>> bool(fit.loc[0] > z[-1]), fit.interval_kind.value
(True, 'normal')

"""

from __future__ import annotations

import numpy as np

from hongtonglib.forecast.modelfit import ModelFit, ModelFitError
from hongtonglib.forecast.rules import RETRY_MAXITER, STATESPACE_MAX_MISSING_SHARE

ARIMA_ORDER = (1, 1, 0)
GAP_NOTE = "years are missing: fitted on the annual grid, the Kalman filter skips missing years"


def _grid(t: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Return ``z`` on every year from ``t[0]`` to ``t[-1]``, NaN where a year is missing.

    Raises
    ------
    ModelFitError
        When more than ``STATESPACE_MAX_MISSING_SHARE`` of the years are missing.

    """
    grid = np.full(int(t[-1] - t[0]) + 1, np.nan)
    grid[(t - t[0]).astype(int)] = z
    missing = int(np.isnan(grid).sum())
    if missing > STATESPACE_MAX_MISSING_SHARE * len(grid):
        raise ModelFitError(
            f"{missing} of the {len(grid)} years {int(t[0])}–{int(t[-1])} are missing, more "
            f"than {STATESPACE_MAX_MISSING_SHARE:.0%} allowed on the annual grid"
        )
    return grid


def _check_converged(result: object, what: str) -> None:
    retvals = getattr(result, "mle_retvals", None) or {}
    if not retvals.get("converged", False):
        flag = retvals.get("warnflag", "?")
        raise ModelFitError(f"{what}: the likelihood optimisation did not converge (flag {flag})")


def fit_ets_damped(t: np.ndarray, z: np.ndarray, horizon: int) -> ModelFit:
    """Fit ETS(A,Ad,N) and return its analytic predictive distribution."""
    import pandas as pd

    grid = _grid(t, z)
    if not np.isnan(grid).any():
        from statsmodels.tsa.exponential_smoothing.ets import ETSModel

        model = ETSModel(
            pd.Series(grid),
            error="add",
            trend="add",
            damped_trend=True,
            initialization_method="estimated",
        )
        result = model.fit(disp=False)
        _check_converged(result, "ETS")
        prediction = result.get_prediction(start=len(grid), end=len(grid) + horizon - 1)
        loc = np.asarray(prediction.predicted_mean, dtype=float)
        variance = np.asarray(prediction.forecast_variance, dtype=float)
        return ModelFit(loc, np.sqrt(np.maximum(variance, 0.0)), None)

    from statsmodels.tsa.statespace.exponential_smoothing import ExponentialSmoothing

    model = ExponentialSmoothing(
        grid, trend=True, damped_trend=True, initialization_method="estimated"
    )
    result = model.fit(disp=False, cov_type="none")
    _check_converged(result, "ETS (state-space form)")
    forecast = result.get_forecast(horizon)
    return ModelFit(
        np.asarray(forecast.predicted_mean, dtype=float),
        np.asarray(forecast.se_mean, dtype=float),
        None,
        (GAP_NOTE,),
    )


def fit_arima_drift(t: np.ndarray, z: np.ndarray, horizon: int) -> ModelFit:
    """Fit ARIMA(1,1,0) with drift and return its predictive distribution."""
    from statsmodels.tsa.arima.model import ARIMA

    grid = _grid(t, z)
    model = ARIMA(grid, order=ARIMA_ORDER, trend="t")
    result = model.fit(cov_type="none")
    notes: list[str] = []
    if not result.mle_retvals.get("converged", False):
        result = model.fit(
            start_params=result.params,
            cov_type="none",
            method_kwargs={"method": "nm", "maxiter": RETRY_MAXITER},
        )
        notes.append("ARIMA: L-BFGS did not converge; refitted with Nelder–Mead")
    _check_converged(result, "ARIMA")
    if np.isnan(grid).any():
        notes.append(GAP_NOTE)
    forecast = result.get_forecast(horizon)
    return ModelFit(
        np.asarray(forecast.predicted_mean, dtype=float),
        np.asarray(forecast.se_mean, dtype=float),
        None,
        tuple(notes),
    )
