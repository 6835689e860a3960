"""Forecasting annual indicator series, honestly for short series, with backtests.

To forecast a stored indicator of a region, use :func:`hongtonglib.forecast_indicator`: it
applies the assessment's comparable-points rule and the indicator's bounds before calling
these functions, and gives the briefings' numbers. The functions here forecast any series
they are given (e.g. ``hongtong forecast --input FILE``).

Public API: :func:`forecast_series`, :func:`forecast_to_year` → :class:`ForecastResult`;
:func:`backtest`, :func:`backtest_forecasts`, :func:`summarize_backtest`;
:func:`prepare_series`; :class:`Bounds`, :class:`Method`. Benchmarks over many series:
:mod:`hongtonglib.forecast.segments` (census segments) and :mod:`hongtonglib.forecast.benchmark`
(pooled tables, aims). Intervals are calibrated on real series by default
(:mod:`hongtonglib.forecast.calibration`, the table in ``data/forecast``; evaluation corpus in
:mod:`hongtonglib.forecast.calibration_corpus`). statsmodels is imported only when a model
is fitted. The method is written up in ``docs/methodology.md`` ("Forecasting").

Examples
--------
>>> from hongtonglib.forecast import forecast_series
>>> r = forecast_series({2020: 5.0, 2021: 6.0, 2022: 7.0}, horizon=1)
>>> r.table[["year", "mean"]].round(6).to_dict("records")
[{'year': 2023, 'mean': 8.0}]

"""

from hongtonglib.forecast.api import forecast_series, forecast_to_year
from hongtonglib.forecast.backtest import backtest, backtest_forecasts, summarize_backtest
from hongtonglib.forecast.bounds import Bounds
from hongtonglib.forecast.distribution import Comparator
from hongtonglib.forecast.methods import Method
from hongtonglib.forecast.modelfit import IntervalKind
from hongtonglib.forecast.result import ForecastResult, TargetProbability
from hongtonglib.forecast.series import DroppedPoint, PreparedSeries, prepare_series

__all__ = [
    "Bounds",
    "Comparator",
    "DroppedPoint",
    "ForecastResult",
    "IntervalKind",
    "Method",
    "PreparedSeries",
    "TargetProbability",
    "backtest",
    "backtest_forecasts",
    "forecast_series",
    "forecast_to_year",
    "prepare_series",
    "summarize_backtest",
]
