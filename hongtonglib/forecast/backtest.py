"""Rolling-origin backtests (expanding window): per-model and automatic-choice accuracy.

At each origin (the first ``k`` points of the series, ``k >= min_train``) every model is fitted
as the library would fit it when asked for that model (fallbacks included) and forecasts the
years ``1..horizon`` after the origin; each forecast of a year that was observed is scored:

- ``abs_error`` on the indicator's scale, and ``scaled_error`` = ``abs_error`` divided by the
  series' mean absolute one-year change (the in-sample one-step naive error, gaps divided by
  their span), so that the mean of ``scaled_error`` is the MASE against the naive forecast;
- ``covered``: whether the outcome fell inside the prediction interval (forecasts without an
  interval claim are left out of the coverage).

The ``auto`` rows are the automatic choice made at each origin with the data before it only:
below ``MIN_POINTS_SELECTION`` points the short-series rule (the drift), from there the method that
:func:`~hongtonglib.forecast.selection.choose_method` picks from the forecasts whose outcome was
known at the origin (the same origins, horizons and rule that :func:`forecast_series` uses), so
the ``auto`` score is an honest out-of-sample score of the whole procedure.

Examples
--------
>>> series = {year: 10.0 + 2.0 * (year - 2010) for year in range(2010, 2020)}
>>> table = backtest(series, models=["naive", "drift"], horizon=2, include_auto=False)
>>> table[["model", "n_forecasts", "mase"]].to_dict("records")
[{'model': 'naive', 'n_forecasts': 9, 'mase': 1.4444444444444444}, {'model': 'drift', 'n_forecasts': 9, 'mase': 0.0}]

"""  # noqa: E501

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from hongtonglib.forecast.bounds import Bounds
from hongtonglib.forecast.methods import Method, parse_method
from hongtonglib.forecast.rules import (
    MIN_POINTS_SELECTION,
    SELECTION_HORIZON,
    SELECTION_MAX_ORIGINS,
    SELECTION_MIN_TRAIN,
    SHORT_SERIES_METHOD,
)
from hongtonglib.forecast.runner import run_model, trend_method
from hongtonglib.forecast.selection import ACCURACY_COLUMNS, choose_method, score
from hongtonglib.forecast.series import OnBreak, PreparedSeries, SeriesInput, prepare_series

logger = logging.getLogger(__name__)

AUTO_MODEL = "auto"

FORECAST_COLUMNS = [
    "origin_year",
    "n_train",
    "year",
    "horizon",
    "model",
    "chosen",
    "method_used",
    "mean",
    "lower",
    "upper",
    "has_interval",
    "actual",
    "abs_error",
    "scaled_error",
    "covered",
]

SUMMARY_COLUMNS = [*ACCURACY_COLUMNS, "n_fallback_forecasts"]


def candidate_methods(bounds: Bounds) -> list[Method]:
    """Return the candidates of the automatic choice for a series with ``bounds``.

    A rate bounded on both sides uses ``logit_linear`` as its trend (every candidate is then
    fitted on the logit scale); otherwise ``linear``.
    """
    return [
        Method.NAIVE,
        Method.DRIFT,
        trend_method(bounds),
        Method.ARIMA_DRIFT,
        Method.ETS_DAMPED,
    ]


def rule_method() -> Method:
    """Return the automatic choice for a series too short for selection (2–7 points).

    It is also the choice when selection cannot compare any candidate. The drift runs on the
    logit scale for a rate bounded on both sides (see
    :func:`~hongtonglib.forecast.runner.transform_for`); with 2 points it claims no interval.

    Examples
    --------
    >>> rule_method().value
    'drift'

    """
    return Method(SHORT_SERIES_METHOD)


def selection_origins(n_points: int) -> range:
    """Return the training sizes of the origins the selection of ``n_points`` points uses."""
    return range(max(SELECTION_MIN_TRAIN, n_points - SELECTION_MAX_ORIGINS), n_points)


def rolling_forecasts(
    series: PreparedSeries,
    models: Iterable[Method],
    train_sizes: Iterable[int],
    horizon: int,
    level: float,
) -> pd.DataFrame:
    """Return one row per backtest forecast of an observed year (see the module docstring)."""
    observed = dict(zip(series.years, series.values, strict=True))
    scale = series.naive_scale()
    records = []
    for k in train_sizes:
        head = series.head(k)
        for model in models:
            run = run_model(head, model, horizon)
            table = run.predictive().table(level)
            has_interval = run.fit.scale is not None
            for year, mean, lower, upper in table.itertuples(index=False):
                if year not in observed:
                    continue
                actual = observed[year]
                error = abs(actual - mean)
                records.append(
                    (
                        head.last_year,
                        k,
                        int(year),
                        int(year) - head.last_year,
                        model.value,
                        model.value,
                        run.method.value,
                        float(mean),
                        float(lower),
                        float(upper),
                        has_interval,
                        actual,
                        error,
                        error / scale if scale > 0 else np.nan,
                        bool(lower <= actual <= upper) if has_interval else None,
                    )
                )
    frame = pd.DataFrame.from_records(records, columns=FORECAST_COLUMNS)
    return frame.astype({"has_interval": bool, "covered": object})


def _auto_rows(
    series: PreparedSeries, forecasts: pd.DataFrame, train_sizes: Iterable[int], horizon: int
) -> pd.DataFrame:
    """Return the automatic choice's forecasts at each origin, chosen with earlier data only."""
    candidates = candidate_methods(series.bounds)
    pieces = []
    for k in train_sizes:
        if k < MIN_POINTS_SELECTION:
            chosen = rule_method()
        else:
            known = forecasts[
                forecasts["n_train"].isin(selection_origins(k))
                & (forecasts["year"] <= series.years[k - 1])
                & (forecasts["horizon"] <= SELECTION_HORIZON)
            ]
            choice = choose_method(known, candidates)
            chosen = choice.method or rule_method()
        rows = forecasts[
            (forecasts["n_train"] == k)
            & (forecasts["model"] == chosen.value)
            & (forecasts["horizon"] <= horizon)
        ]
        pieces.append(rows.assign(model=AUTO_MODEL, chosen=chosen.value))
    if not pieces:
        return forecasts.iloc[0:0]
    return pd.concat(pieces, ignore_index=True)


def backtest_forecasts(
    data: SeriesInput | PreparedSeries,
    models: Sequence[str | Method] | None = None,
    *,
    horizon: int = SELECTION_HORIZON,
    level: float = 0.8,
    min_train: int = SELECTION_MIN_TRAIN,
    max_origins: int | None = None,
    include_auto: bool = True,
    bounds: Bounds | tuple[float | None, float | None] | None = None,
    on_break: OnBreak = "latest_segment",
    break_columns: Sequence[str] = ("census_base",),
    source: str = "series",
) -> pd.DataFrame:
    """Return every rolling-origin backtest forecast of ``data``, one row each.

    Parameters
    ----------
    data : series input or PreparedSeries
        As for :func:`~hongtonglib.forecast.series.prepare_series`.
    models : sequence of str, optional
        Methods to backtest; default: the candidates of the automatic choice.
    horizon : int
        Largest number of years ahead.
    level : float
        Interval coverage to check.
    min_train : int
        Smallest training set (points) of an origin (at least 2).
    max_origins : int, optional
        Use only the latest this many origins.
    include_auto : bool
        Add the automatic choice's forecasts (``model == "auto"``).
    bounds, on_break, break_columns, source
        As for :func:`~hongtonglib.forecast.series.prepare_series`.

    Returns
    -------
    DataFrame
        Columns ``origin_year, n_train, year, horizon, model, chosen, method_used, mean, lower,
        upper, has_interval, actual, abs_error, scaled_error, covered``. ``chosen`` differs from
        ``model`` only on ``auto`` rows; ``method_used`` differs from ``chosen`` after a fallback.
        Frames of several series can be concatenated and passed to :func:`summarize_backtest`.

    """
    series = prepare_series(
        data, bounds=bounds, on_break=on_break, break_columns=break_columns, source=source
    )
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be between 0 and 1, got {level}")
    if horizon < 1:
        raise ValueError(f"horizon must be at least 1 year, got {horizon}")
    if min_train < 2:
        raise ValueError(f"min_train must be at least 2, got {min_train}")
    methods = [
        m for m in (parse_method(x) for x in (models or candidate_methods(series.bounds))) if m
    ]
    outer = list(range(min_train, series.n))
    if max_origins is not None:
        outer = outer[-max_origins:] if max_origins > 0 else []
    needed = set(outer)
    fitted = list(dict.fromkeys(methods))
    if include_auto:
        for k in outer:
            if k >= MIN_POINTS_SELECTION:
                needed.update(selection_origins(k))
        fitted += [m for m in candidate_methods(series.bounds) if m not in fitted]
        fitted += [m for m in (rule_method(),) if m not in fitted]
    forecasts = rolling_forecasts(
        series, fitted, sorted(needed), max(horizon, SELECTION_HORIZON), level
    )
    wanted = forecasts[
        forecasts["n_train"].isin(outer)
        & forecasts["model"].isin([m.value for m in methods])
        & (forecasts["horizon"] <= horizon)
    ]
    pieces = [wanted]
    if include_auto:
        pieces.append(_auto_rows(series, forecasts, outer, horizon))
    result = pd.concat(pieces, ignore_index=True) if len(pieces) > 1 else wanted
    logger.debug("%s: %d backtest forecasts", series.source, len(result))
    return result.reset_index(drop=True)


def summarize_backtest(forecasts: pd.DataFrame) -> pd.DataFrame:
    """Return per-model accuracy of backtest forecasts (of one series or several).

    Columns: ``model, n_forecasts, mase, mae, coverage, n_with_interval,
    n_fallback_forecasts``. Pooled over series, ``mase`` is the mean scaled error of all
    forecasts and ``mae`` mixes units: compare models by ``mase``.
    """
    records = []
    for model, rows in forecasts.groupby("model", sort=False):
        fallback = int((rows["method_used"] != rows["chosen"]).sum())
        records.append({"model": model, **score(rows), "n_fallback_forecasts": fallback})
    return pd.DataFrame.from_records(records, columns=SUMMARY_COLUMNS)


def backtest(
    data: SeriesInput | PreparedSeries,
    models: Sequence[str | Method] | None = None,
    *,
    horizon: int = SELECTION_HORIZON,
    level: float = 0.8,
    min_train: int = SELECTION_MIN_TRAIN,
    max_origins: int | None = None,
    include_auto: bool = True,
    bounds: Bounds | tuple[float | None, float | None] | None = None,
    on_break: OnBreak = "latest_segment",
    break_columns: Sequence[str] = ("census_base",),
    source: str = "series",
) -> pd.DataFrame:
    """Return per-model (and ``auto``) MASE, interval coverage and counts of a backtest.

    Same parameters as :func:`backtest_forecasts`; the result is
    :func:`summarize_backtest` of its forecasts.

    Examples
    --------
    >>> table = backtest({y: float(y % 3) for y in range(2008, 2020)}, models=["naive"])
    >>> table["model"].tolist()
    ['naive', 'auto']

    """
    return summarize_backtest(
        backtest_forecasts(
            data,
            models,
            horizon=horizon,
            level=level,
            min_train=min_train,
            max_origins=max_origins,
            include_auto=include_auto,
            bounds=bounds,
            on_break=on_break,
            break_columns=break_columns,
            source=source,
        )
    )
