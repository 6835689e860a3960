"""Forecast an annual indicator series: :func:`forecast_series` and :func:`forecast_to_year`.

Honesty rules for short series (``n`` = points used, after any break; thresholds in
:mod:`hongtonglib.forecast.rules`):

- ``n < 2``: no forecast (a :class:`~hongtonglib.validation.ValidationFailed` error); report the
  level only.
- ``n == 2``: the automatic choice is the drift through the two points (on the logit scale for
  a rate: the UN's constant urban–rural growth difference), with no interval claim and no
  probability. Any method asked for gives no interval with 2 points.
- ``3 <= n < 8``: the drift (random walk with drift; on the logit scale for a rate bounded on
  both sides) with its random-walk prediction interval (Student t, ``n - 2`` degrees of freedom,
  i.e. one fewer than the number of steps), which widens with the horizon because the slope is
  estimated, not assumed fixed. The linear trends (``linear``, ``logit_linear``) are used only
  when asked for or chosen by selection.
- ``n >= 8``: the candidates (naive, drift, the linear trend, ARIMA(1,1,0) with drift, damped
  ETS) are compared by a rolling-origin backtest (origins with at least 5 points, the latest 10
  origins, 1–3 years ahead) and the one with the lowest MASE is used, with its interval; if no
  candidate can be compared, the drift.

Whatever is chosen, a fit that fails (too few points for the method, no convergence, NaN,
absurd values) falls back to a simpler method, and the reason is recorded in ``notes``.

Examples
--------
>>> result = forecast_to_year({2010: 32.824, 2020: 39.545}, 2027, bounds=(0, 100))
>>> result.method, result.interval_kind.value, round(float(result.table["mean"].iloc[-1]), 1)
('drift', 'none', 44.5)

"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import pandas as pd

from hongtonglib.forecast.backtest import (
    candidate_methods,
    rolling_forecasts,
    rule_method,
    selection_origins,
)
from hongtonglib.forecast.bounds import Bounds
from hongtonglib.forecast.calibration import calibrate as calibrate_predictive
from hongtonglib.forecast.calibration import load_table
from hongtonglib.forecast.methods import Method, parse_method
from hongtonglib.forecast.modelfit import IntervalKind
from hongtonglib.forecast.result import ForecastResult
from hongtonglib.forecast.rules import (
    MAX_HORIZON,
    MIN_POINTS_INTERVAL,
    MIN_POINTS_SELECTION,
    SELECTION_HORIZON,
)
from hongtonglib.forecast.runner import ModelRun, run_model
from hongtonglib.forecast.selection import choose_method
from hongtonglib.forecast.series import OnBreak, PreparedSeries, SeriesInput, prepare_series
from hongtonglib.validation import ProblemCollector

logger = logging.getLogger(__name__)


def forecast_series(
    data: SeriesInput | PreparedSeries,
    horizon: int,
    *,
    level: float = 0.8,
    bounds: Bounds | tuple[float | None, float | None] | None = None,
    method: str | Method = "auto",
    on_break: OnBreak = "latest_segment",
    break_columns: Sequence[str] = ("census_base",),
    source: str = "series",
    calibrate: bool = True,
) -> ForecastResult:
    """Forecast ``horizon`` years after the last observation of an annual series.

    Parameters
    ----------
    data : DataFrame, Series, mapping, sequence of pairs or PreparedSeries
        ``year`` and ``value`` (see :func:`~hongtonglib.forecast.series.prepare_series`). A
        PreparedSeries carries its own bounds; ``bounds`` and the break options then do nothing.
    horizon : int
        Number of years after the last observation (1–50).
    level : float
        Coverage of the prediction interval, strictly between 0 and 1.
    bounds : Bounds or (lower, upper), optional
        Bounds of the indicator (e.g. ``(0, 100)`` for a percentage).
    method : str
        ``"auto"`` (the rules above) or one of ``naive, drift, linear, logit_linear,
        ets_damped, arima_drift``.
    on_break, break_columns, source
        As for :func:`~hongtonglib.forecast.series.prepare_series`.
    calibrate : bool
        Replace the model's interval by the calibrated one (:mod:`hongtonglib.forecast.
        calibration`, the table learned from real series) when the model claims an interval
        (3 points or more). ``False`` gives the model's own interval.

    Returns
    -------
    ForecastResult

    Raises
    ------
    ValidationFailed
        For bad input (every problem at once) or a bad horizon/level.
    ValueError
        For an unknown method.

    Examples
    --------
    >>> data = {2019: 40.0, 2020: 41.5, 2021: 42.0}
    >>> r = forecast_series(data, horizon=1, bounds=(0, 100), calibrate=False)
    >>> r.method, r.scale, r.predictive.df
    ('drift', 'logit', 1.0)
    >>> r = forecast_series(data, horizon=1, bounds=(0, 100))
    >>> r.calibration.series_type.value, r.calibration.base.value, r.predictive.df
    ('rate', 'model', 4.0)
    >>> r = forecast_series({2019: 40.0, 2020: 41.5, 2021: 42.0}, horizon=1, method="linear")
    >>> r.method, r.scale, round(float(r.table["mean"].iloc[0]), 2)
    ('linear', 'raw', 43.17)

    """
    requested = parse_method(method)
    _check_options(horizon, level, source)
    series = prepare_series(
        data, bounds=bounds, on_break=on_break, break_columns=break_columns, source=source
    )
    if requested is None:
        chosen, reason, scores = _automatic_choice(series, level)
    else:
        chosen, reason, scores = requested, f"{requested.value} was requested", None
    run = run_model(series, chosen, horizon)
    if run.fell_back:
        failed = "; ".join(run.fallbacks)
        reason += f"; fell back to {run.method.value} ({failed})"
    result = _result(
        series,
        run,
        level,
        "auto" if requested is None else requested.value,
        reason,
        scores,
        calibrate,
    )
    for note in result.notes:
        logger.info("%s: %s", series.source, note)
    logger.info("%s: %s (%s)", series.source, result.method, reason)
    return result


def forecast_to_year(
    data: SeriesInput | PreparedSeries,
    target_year: int,
    *,
    level: float = 0.8,
    bounds: Bounds | tuple[float | None, float | None] | None = None,
    method: str | Method = "auto",
    on_break: OnBreak = "latest_segment",
    break_columns: Sequence[str] = ("census_base",),
    source: str = "series",
    calibrate: bool = True,
) -> ForecastResult:
    """Forecast every year from the last observation up to ``target_year`` (e.g. a deadline).

    Parameters are those of :func:`forecast_series`, with ``target_year`` instead of
    ``horizon``.

    Raises
    ------
    ValidationFailed
        When ``target_year`` is not after the last observation used, or for bad input.

    Examples
    --------
    >>> r = forecast_to_year({2020: 1.0, 2021: 2.0, 2022: 3.0}, 2027)
    >>> r.table["year"].tolist()
    [2023, 2024, 2025, 2026, 2027]

    """
    series = prepare_series(
        data, bounds=bounds, on_break=on_break, break_columns=break_columns, source=source
    )
    if isinstance(target_year, bool) or not isinstance(target_year, int):
        raise TypeError(f"target_year must be an int, got {target_year!r}")
    if target_year <= series.last_year:
        problems = ProblemCollector()
        problems.add(
            series.source,
            f"target year {target_year} is not after the last observation ({series.last_year})",
            field="target_year",
        )
        problems.raise_if_any()
    return forecast_series(
        series,
        target_year - series.last_year,
        level=level,
        method=method,
        source=source,
        calibrate=calibrate,
    )


def _check_options(horizon: object, level: object, source: str) -> None:
    problems = ProblemCollector()
    if isinstance(horizon, bool) or not isinstance(horizon, int) or not 1 <= horizon <= MAX_HORIZON:
        problems.add(
            source, f"horizon must be a whole number of years 1–{MAX_HORIZON}", field="horizon"
        )
    if isinstance(level, bool) or not isinstance(level, int | float) or not 0.0 < level < 1.0:
        problems.add(source, f"level must be strictly between 0 and 1, got {level}", field="level")
    problems.raise_if_any()


def _automatic_choice(
    series: PreparedSeries, level: float
) -> tuple[Method, str, pd.DataFrame | None]:
    n = series.n
    rule = rule_method()
    scale_text = " on the logit scale" if series.bounds.is_two_sided else ""
    if n < MIN_POINTS_INTERVAL:
        return (
            rule,
            f"only {n} points: the drift through them{scale_text}, with no interval claim",
            None,
        )
    if n < MIN_POINTS_SELECTION:
        return (
            rule,
            f"{n} points (fewer than {MIN_POINTS_SELECTION}, too few to compare models): "
            f"the drift{scale_text}, with a random-walk prediction interval that widens with "
            "the horizon",
            None,
        )
    candidates = candidate_methods(series.bounds)
    forecasts = rolling_forecasts(
        series, candidates, selection_origins(n), SELECTION_HORIZON, level
    )
    choice = choose_method(forecasts, candidates)
    if choice.method is None:
        return rule, f"{choice.reason}; used the drift{scale_text}", choice.scores
    return choice.method, choice.reason, choice.scores


def _interval_note(run: ModelRun, level: float, n_points: int) -> str:
    kind = run.fit.interval_kind
    if kind is IntervalKind.NONE:
        if n_points < MIN_POINTS_INTERVAL:
            return (
                f"With only {n_points} points the trend through them is shown without an "
                "interval or a probability."
            )
        return "The method makes no interval claim."
    family = "Student t" if kind is IntervalKind.STUDENT_T else "Gaussian"
    on_scale = " on the logit scale, transformed back" if run.transform.scale == "logit" else ""
    return (
        f"{level:.0%} {family} prediction interval of the {run.method.value} model{on_scale}: "
        "where a new observation is expected to fall."
    )


def _result(
    series: PreparedSeries,
    run: ModelRun,
    level: float,
    requested: str,
    reason: str,
    scores: pd.DataFrame | None,
    calibrate: bool = True,
) -> ForecastResult:
    predictive = run.predictive()
    interval_kind = run.fit.interval_kind
    interval_note = _interval_note(run, level, series.n)
    calibration = None
    table = load_table() if calibrate else None
    exact = predictive.scale is None or not bool((predictive.scale > 0).any())
    if table is not None and not exact and series.n >= MIN_POINTS_INTERVAL:
        predictive, calibration = calibrate_predictive(
            predictive, series.year_array, series.value_array, series.bounds, table
        )
        interval_kind = IntervalKind.NORMAL if calibration.df is None else IntervalKind.STUDENT_T
        interval_note = (
            f"{level:.0%} prediction interval of the {run.method.value} model, {calibration.note}."
        )
    notes = list(series.notes)
    notes += [f"fell back from {reason}" for reason in run.fallbacks]
    notes += list(run.notes)
    if run.transform.scale == "logit":
        notes.append(
            "fitted on the logit scale of the bounds "
            f"{series.bounds.describe()}: 'mean' is the back-transformed centre (the median)"
        )
    return ForecastResult(
        table=predictive.table(level),
        level=level,
        method=run.method.value,
        method_label_zh=run.method.label_zh_on(run.transform.scale),
        requested_method=requested,
        interval_kind=interval_kind,
        interval_note=interval_note,
        scale=run.transform.scale.value,
        bounds=series.bounds,
        points_used=tuple(zip(series.years, series.values, strict=True)),
        dropped=series.dropped,
        backtest=scores,
        selection_reason=reason,
        notes=tuple(dict.fromkeys(notes)),
        predictive=predictive,
        calibration=calibration,
    )
