"""Fit one method with every check, falling back to simpler methods when it fails.

For each attempt the runner: checks the method's minimum number of points; transforms the
series to the method's working scale; fits it with warnings recorded (never printed); and checks
the result: no NaN or infinite value, no negative or absurd standard deviation, no absurd centre
(see :mod:`hongtonglib.forecast.rules`), convergence (checked inside the state-space fits). A
failed attempt moves to the next method of the fallback chain
(:data:`hongtonglib.forecast.methods.FALLBACKS`) and the reason is recorded.

Working scales: ``linear`` stays on the indicator's scale (forecasts clipped at any bound, with a
note); ``logit_linear`` needs both bounds; the other methods use the logit scale when both bounds
are set and the indicator's own scale otherwise.

Examples
--------
>>> from hongtonglib.forecast.series import prepare_series
>>> series = prepare_series({2020: 1.0, 2021: 1.0, 2022: 1.0})
>>> run = run_model(series, Method.ETS_DAMPED, horizon=1)
>>> run.method.value, run.fallbacks[0]
('linear', 'ets_damped: needs at least 8 points, the series has 3')

"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from hongtonglib.forecast.bounds import Bounds, Scale, Transform
from hongtonglib.forecast.distribution import Predictive
from hongtonglib.forecast.methods import FALLBACKS, TREND, Method
from hongtonglib.forecast.modelfit import ModelFit, ModelFitError
from hongtonglib.forecast.rules import (
    ABSURD_MEAN_FACTOR,
    ABSURD_SCALE_FACTOR,
    MIN_POINTS_INTERVAL,
)
from hongtonglib.forecast.series import PreparedSeries
from hongtonglib.forecast.statespace_models import fit_arima_drift, fit_ets_damped
from hongtonglib.forecast.trend_models import fit_drift, fit_linear, fit_naive

logger = logging.getLogger(__name__)

EXACT_FIT_TOLERANCE = 1e-10
"""Relative standard deviation below which a fit is exact (rounding noise set to zero)."""

Fitter = Callable[[np.ndarray, np.ndarray, int], ModelFit]

FITTERS: dict[Method, Fitter] = {
    Method.NAIVE: fit_naive,
    Method.DRIFT: fit_drift,
    Method.LINEAR: fit_linear,
    Method.LOGIT_LINEAR: fit_linear,
    Method.ETS_DAMPED: fit_ets_damped,
    Method.ARIMA_DRIFT: fit_arima_drift,
}


@dataclass(frozen=True, eq=False)
class ModelRun:
    """The outcome of :func:`run_model`: the method that succeeded and its fit.

    Attributes
    ----------
    requested : Method
        The method asked for.
    method : Method
        The method actually used (differs after a fallback).
    fit : ModelFit
        Its predictive distribution on the working scale.
    transform : Transform
        The working scale.
    years : tuple of int
        The forecast years.
    notes : tuple of str
        Warnings recorded during the fits and what the checks did.
    fallbacks : tuple of str
        ``"method: reason"`` for every method that failed before ``method``.

    """

    requested: Method
    method: Method
    fit: ModelFit
    transform: Transform
    years: tuple[int, ...]
    notes: tuple[str, ...]
    fallbacks: tuple[str, ...]

    @property
    def fell_back(self) -> bool:
        """Return whether a simpler method replaced the requested one."""
        return self.method is not self.requested

    def predictive(self) -> Predictive:
        """Return the predictive distribution of the forecast years."""
        return Predictive(self.years, self.fit.loc, self.fit.scale, self.fit.df, self.transform)


def trend_method(bounds: Bounds) -> Method:
    """Return the linear trend on the working scale for ``bounds``."""
    return Method.LOGIT_LINEAR if bounds.is_two_sided else Method.LINEAR


def transform_for(method: Method, bounds: Bounds) -> Transform:
    """Return the working scale of ``method`` for a series with ``bounds``.

    Raises
    ------
    ModelFitError
        For ``logit_linear`` without both bounds.

    """
    if method is Method.LINEAR:
        return Transform.raw(bounds)
    if method is Method.LOGIT_LINEAR and not bounds.is_two_sided:
        raise ModelFitError("needs a lower and an upper bound (a rate such as 0–100)")
    return Transform.for_bounds(bounds)


def fallback_chain(method: Method, bounds: Bounds) -> list[Method]:
    """Return ``method`` followed by its fallbacks, without repeats."""
    chain: list[Method] = []
    for item in (method, *FALLBACKS[method]):
        resolved = trend_method(bounds) if item == TREND else Method(item)
        if resolved not in chain:
            chain.append(resolved)
    return chain


def run_model(series: PreparedSeries, method: Method, horizon: int) -> ModelRun:
    """Fit ``method`` (or its fallbacks) to ``series`` for ``horizon`` years after the last point.

    Parameters
    ----------
    series : PreparedSeries
        The validated points.
    method : Method
        The method asked for; its fallback chain follows if it fails.
    horizon : int
        Number of years after the last observation.

    Returns
    -------
    ModelRun

    """
    notes: list[str] = []
    fallbacks: list[str] = []
    years = tuple(series.last_year + h for h in range(1, horizon + 1))
    for candidate in fallback_chain(method, series.bounds):
        try:
            transform, fit, attempt_notes = _attempt(series, candidate, horizon)
        except _AttemptError as failed:
            notes.extend(failed.notes)
            fallbacks.append(f"{candidate.value}: {failed.reason}")
            logger.debug("%s: %s failed: %s", series.source, candidate.value, failed.reason)
            continue
        notes.extend(attempt_notes)
        return ModelRun(method, candidate, fit, transform, years, tuple(notes), tuple(fallbacks))
    raise RuntimeError(  # pragma: no cover - naive cannot fail on 2+ validated points
        f"{series.source}: every method failed: {'; '.join(fallbacks)}"
    )


class _AttemptError(Exception):
    def __init__(self, reason: str, notes: list[str]):
        super().__init__(reason)
        self.reason = reason
        self.notes = notes


def _attempt(
    series: PreparedSeries, method: Method, horizon: int
) -> tuple[Transform, ModelFit, list[str]]:
    notes: list[str] = []
    if series.n < method.min_points:
        raise _AttemptError(
            f"needs at least {method.min_points} points, the series has {series.n}", notes
        )
    try:
        transform = transform_for(method, series.bounds)
    except ModelFitError as failure:
        raise _AttemptError(str(failure), notes) from None
    t, y = series.year_array, series.value_array
    z = transform.forward(y)
    squeezed = transform.squeezed(y)
    if squeezed.any():
        moved = ", ".join(str(year) for year in t[squeezed])
        notes.append(
            f"{method.value}: values on a bound ({moved}) moved {transform.squeeze:g} inside it "
            "to take the logit"
        )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            fit = FITTERS[method](t, z, horizon)
            failure = None
        except ModelFitError as error:
            failure = str(error)
        except (ValueError, ArithmeticError, np.linalg.LinAlgError) as error:
            failure = f"statsmodels raised {type(error).__name__}: {error}"
    for message in dict.fromkeys(str(w.message) for w in caught):
        notes.append(f"{method.value}: warning: {message}")
    if failure is None:
        failure = check_fit(t, z, fit)
    if failure is not None:
        raise _AttemptError(failure, notes)
    notes.extend(f"{method.value}: {note}" for note in fit.notes)
    if series.n < MIN_POINTS_INTERVAL and fit.scale is not None:
        fit = fit.without_interval("too few points for an interval")
    if fit.scale is not None and np.all(fit.scale <= EXACT_FIT_TOLERANCE * (1 + np.abs(fit.loc))):
        fit = ModelFit(fit.loc, np.zeros_like(fit.loc), fit.df, fit.notes)
        notes.append(
            f"{method.value}: the points lie exactly on the model, so the interval has zero width"
        )
    if transform.scale is Scale.RAW and series.bounds.is_bounded:
        notes.extend(_clip_notes(method, fit, transform, t[-1]))
    return transform, fit, notes


def check_fit(t: np.ndarray, z: np.ndarray, fit: ModelFit) -> str | None:
    """Return why ``fit`` is not credible for data ``(t, z)``, or ``None`` when it is.

    The yardstick for horizon ``h`` is ``observed range + h x largest one-year change`` on the
    working scale: a centre further than ``ABSURD_MEAN_FACTOR`` yardsticks from the last value,
    or a standard deviation above ``ABSURD_SCALE_FACTOR`` yardsticks, is absurd.

    Examples
    --------
    >>> import numpy as np
    >>> t, z = np.array([2020, 2021, 2022]), np.array([1.0, 2.0, 3.0])
    >>> check_fit(t, z, ModelFit(np.array([4.0]), np.array([0.5]), 1.0)) is None
    True
    >>> check_fit(t, z, ModelFit(np.array([400.0]), None, None))
    'the forecast is absurd: 400 leaves the last value 3 by more than 3 x (range + h x largest one-year change)'

    """  # noqa: E501
    horizon = len(fit.loc)
    if fit.loc.shape != (horizon,) or not np.all(np.isfinite(fit.loc)):
        return "the forecast has NaN or infinite values"
    if fit.scale is not None:
        if fit.scale.shape != (horizon,) or not np.all(np.isfinite(fit.scale)):
            return "the prediction interval has NaN or infinite values"
        if np.any(fit.scale < 0):
            return "the predictive standard deviation is negative"
    h = np.arange(1, horizon + 1, dtype=float)
    largest_step = float(np.max(np.abs(np.diff(z) / np.diff(t)))) if len(z) > 1 else 0.0
    yardstick = float(np.ptp(z)) + h * largest_step
    tolerance = 1e-9 * (1.0 + abs(float(z[-1])))
    distance = np.abs(fit.loc - z[-1])
    bad = distance > ABSURD_MEAN_FACTOR * yardstick + tolerance
    if bad.any():
        worst = float(fit.loc[np.argmax(distance - ABSURD_MEAN_FACTOR * yardstick)])
        return (
            f"the forecast is absurd: {worst:.4g} leaves the last value {float(z[-1]):.4g} by "
            f"more than {ABSURD_MEAN_FACTOR:g} x (range + h x largest one-year change)"
        )
    if fit.scale is not None and np.any(fit.scale > ABSURD_SCALE_FACTOR * yardstick + tolerance):
        return (
            "the prediction interval is absurd: its standard deviation exceeds "
            f"{ABSURD_SCALE_FACTOR:g} x (range + h x largest one-year change)"
        )
    return None


def _clip_notes(method: Method, fit: ModelFit, transform: Transform, last_year: int) -> list[str]:
    """Say which forecast years a bound clips (centre or 99.9 % of the distribution)."""
    bounds = transform.bounds
    spread = 3.3 * fit.scale if fit.scale is not None else np.zeros_like(fit.loc)
    notes = []
    for side, bound, reached in (
        ("lower", bounds.lower, lambda b: fit.loc - spread < b),
        ("upper", bounds.upper, lambda b: fit.loc + spread > b),
    ):
        if bound is None:
            continue
        hits = np.flatnonzero(reached(bound))
        if hits.size:
            first = last_year + int(hits[0]) + 1
            notes.append(
                f"{method.value}: fitted on the indicator's own scale; from {first} the forecast "
                f"or its interval reaches the {side} bound {bound:g} and is clipped there"
            )
    return notes
