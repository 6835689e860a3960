"""Benchmark the forecasting models on many series: pooled and per-series tables, and the aims.

:func:`benchmark_forecasts` runs :func:`~hongtonglib.forecast.backtest_forecasts` on every
:class:`~hongtonglib.forecast.segments.SeriesSegment` (each single model, and the automatic
choice made with the data before each origin only) and stacks the forecasts with a ``series``
column. :func:`summarize_benchmark` turns them into one row per model (optionally per group,
e.g. per series or horizon):

- ``mase``: the mean scaled error (each series' errors divided by its mean absolute one-year
  change, so series of different units can be pooled);
- ``rel_naive``: ``mase`` divided by the naive forecast's ``mase`` on the same forecasts (below
  1 beats the naive forecast);
- ``auto_mase``: the automatic choice's ``mase`` on the same forecasts as the row's model (a
  model may not forecast every series: ``logit_linear`` needs a rate bounded on both sides);
- ``coverage`` of the prediction intervals, with a 95 % Clopper–Pearson interval
  (``coverage_low``, ``coverage_high``) that treats the forecasts as independent, which
  overlapping origins of one series are not: the real uncertainty is larger.

:func:`check_aims` says whether the automatic choice is at least as accurate as every single
model (pooled MASE on the same forecasts) and whether its intervals of level ``level`` contain
between 75 % and 85 % of the outcomes (for 80 % intervals).

Examples
--------
>>> from hongtonglib.forecast.segments import SeriesSegment
>>> line = SeriesSegment("synthetic", "990000", None, tuple(range(2010, 2016)),
...                      (10.0, 12.0, 14.0, 16.0, 18.0, 20.0))
>>> forecasts = benchmark_forecasts([line], models=["naive", "drift"], horizon=1)
>>> table = summarize_benchmark(forecasts).round(6)
>>> table[["model", "n_forecasts", "mase", "rel_naive"]].to_dict("records")
[{'model': 'naive', 'n_forecasts': 3, 'mase': 1.0, 'rel_naive': 1.0}, {'model': 'drift', 'n_forecasts': 3, 'mase': 0.0, 'rel_naive': 0.0}, {'model': 'auto', 'n_forecasts': 3, 'mase': 0.0, 'rel_naive': 0.0}]

"""  # noqa: E501

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special

from hongtonglib.forecast.backtest import AUTO_MODEL, backtest_forecasts, summarize_backtest
from hongtonglib.forecast.methods import Method, parse_method
from hongtonglib.forecast.rules import MIN_POINTS_INTERVAL, MIN_POINTS_SELECTION
from hongtonglib.forecast.runner import trend_method
from hongtonglib.forecast.segments import SeriesSegment

logger = logging.getLogger(__name__)

FORECAST_KEY = ["series", "origin_year", "year"]
"""One forecast of a benchmark: the series, the origin and the year forecast."""

SUMMARY_COLUMNS = [
    "model",
    "n_series",
    "n_forecasts",
    "mase",
    "rel_naive",
    "auto_mase",
    "coverage",
    "coverage_low",
    "coverage_high",
    "n_with_interval",
    "n_fallback_forecasts",
]

COVERAGE_AIM = (0.75, 0.85)
"""Share of outcomes that 80 % prediction intervals should contain."""

DEFAULT_MIN_TRAIN = MIN_POINTS_INTERVAL
"""Smallest training set of a benchmark origin: 3 points, where the rules first claim an
interval (the assessment forecasts from series this short)."""


def benchmark_forecasts(
    segments: Iterable[SeriesSegment],
    *,
    models: Sequence[str | Method] | None = None,
    horizon: int = 3,
    min_train: int = DEFAULT_MIN_TRAIN,
    level: float = 0.8,
) -> pd.DataFrame:
    """Return the rolling-origin forecasts of every segment, single models and ``auto``.

    Parameters
    ----------
    segments : iterable of SeriesSegment
        The series; each is used as it is (it is already one census segment).
    models : sequence of str, optional
        The single models; default each segment's :meth:`SeriesSegment.models`.
        ``logit_linear`` is skipped for a segment not bounded on both sides.
    horizon : int
        Largest number of years ahead.
    min_train : int
        Smallest training set (points) of an origin.
    level : float
        Level of the prediction intervals.

    Returns
    -------
    DataFrame
        ``series, indicator_id, region_code, census_base, n_points, trend_model`` and the
        columns of :func:`~hongtonglib.forecast.backtest_forecasts`, one row per forecast.
        ``trend_model`` is the segment's linear trend (``logit_linear`` for a rate bounded on
        both sides, else ``linear``), used by :func:`with_rule_variant`.

    """
    pieces = []
    for segment in segments:
        wanted = segment.models()
        if models is not None:
            asked = [parse_method(m) for m in models]
            wanted = [m for m in asked if m is not None and m in wanted]
        if segment.n <= min_train:
            logger.info("%s: %d points, no origin to score", segment.label, segment.n)
            continue
        rows = backtest_forecasts(
            segment.frame(),
            wanted,
            horizon=horizon,
            level=level,
            min_train=min_train,
            include_auto=True,
            bounds=segment.bounds,
            source=segment.label,
        )
        rows.insert(0, "trend_model", trend_method(segment.bounds).value)
        rows.insert(0, "n_points", segment.n)
        rows.insert(0, "census_base", segment.census_base)
        rows.insert(0, "region_code", segment.region_code)
        rows.insert(0, "indicator_id", segment.indicator_id)
        rows.insert(0, "series", segment.label)
        pieces.append(rows)
    if not pieces:
        raise ValueError(f"no segment has more than {min_train} points: nothing to score")
    return pd.concat(pieces, ignore_index=True)


def coverage_interval(covered: int, total: int, confidence: float = 0.95) -> tuple[float, float]:
    """Return the Clopper–Pearson interval of a coverage of ``covered`` out of ``total``.

    Examples
    --------
    >>> [round(x, 3) for x in coverage_interval(8, 10)]
    [0.444, 0.975]

    """
    if total <= 0:
        return np.nan, np.nan
    alpha = 1.0 - confidence
    low = (
        0.0 if covered == 0 else float(special.betaincinv(covered, total - covered + 1, alpha / 2))
    )
    high = (
        1.0
        if covered == total
        else float(special.betaincinv(covered + 1, total - covered, 1 - alpha / 2))
    )
    return low, high


def _on_keys(forecasts: pd.DataFrame, model: str, keys: pd.DataFrame) -> pd.DataFrame:
    rows = forecasts[forecasts["model"] == model]
    return rows.merge(keys, on=FORECAST_KEY, how="inner")


def _summary(forecasts: pd.DataFrame) -> pd.DataFrame:
    table = summarize_backtest(forecasts).set_index("model")
    records = []
    for model, row in table.iterrows():
        rows = forecasts[forecasts["model"] == model]
        keys = rows[FORECAST_KEY]
        naive = _on_keys(forecasts, Method.NAIVE.value, keys)
        auto = _on_keys(forecasts, AUTO_MODEL, keys)
        with_interval = rows[rows["has_interval"]]
        low, high = coverage_interval(
            int(with_interval["covered"].astype(bool).sum()), len(with_interval)
        )
        naive_mase = float(naive["scaled_error"].mean()) if len(naive) == len(rows) else np.nan
        records.append(
            {
                "model": model,
                "n_series": rows["series"].nunique(),
                "n_forecasts": int(row["n_forecasts"]),
                "mase": row["mase"],
                "rel_naive": row["mase"] / naive_mase if naive_mase > 0 else np.nan,
                "auto_mase": float(auto["scaled_error"].mean())
                if len(auto) == len(rows)
                else np.nan,
                "coverage": row["coverage"],
                "coverage_low": low,
                "coverage_high": high,
                "n_with_interval": int(row["n_with_interval"]),
                "n_fallback_forecasts": int(row["n_fallback_forecasts"]),
            }
        )
    return pd.DataFrame.from_records(records, columns=SUMMARY_COLUMNS)


def summarize_benchmark(forecasts: pd.DataFrame, by: Sequence[str] = ()) -> pd.DataFrame:
    """Return one row per model (per group of ``by``): MASE, relative MASE, coverage, counts.

    Parameters
    ----------
    forecasts : DataFrame
        The output of :func:`benchmark_forecasts`.
    by : sequence of str
        Columns to group by first (e.g. ``["series"]`` or ``["horizon"]``); empty: pooled.

    Returns
    -------
    DataFrame
        The ``by`` columns and :data:`SUMMARY_COLUMNS` (see the module docstring).

    """
    if not by:
        return _summary(forecasts)
    pieces = []
    for group, rows in forecasts.groupby(list(by), sort=True):
        values = group if isinstance(group, tuple) else (group,)
        table = _summary(rows)
        for column, value in zip(reversed(by), reversed(values), strict=True):
            table.insert(0, column, value)
        pieces.append(table)
    return pd.concat(pieces, ignore_index=True)


def auto_choices(forecasts: pd.DataFrame) -> pd.DataFrame:
    """Return what the automatic choice used: one row per (how, chosen method) with counts.

    ``how`` is ``rule`` for origins with fewer than ``MIN_POINTS_SELECTION`` points (the
    short-series rule) and ``backtest`` from there (selection by rolling-origin backtest).
    """
    auto = forecasts[forecasts["model"] == AUTO_MODEL]
    auto = auto.assign(
        how=np.where(auto["n_train"] < MIN_POINTS_SELECTION, "rule", "backtest"),
        origin=list(zip(auto["series"], auto["origin_year"], strict=True)),
    )
    return (
        auto.groupby(["how", "chosen"], sort=True)
        .agg(n_forecasts=("year", "size"), n_origins=("origin", "nunique"))
        .reset_index()
    )


TREND_VARIANT = "trend"
"""The rule variant "each segment's linear trend" (``logit_linear`` for a rate bounded on both
sides, else ``linear``): the automatic rule for 3–7 points until 2026-11-28."""


def with_rule_variant(forecasts: pd.DataFrame, rule_model: str | Method) -> pd.DataFrame:
    """Add what ``auto`` would have scored had the short-series rule used ``rule_model``.

    Below ``MIN_POINTS_SELECTION`` points the automatic choice is a fixed rule (the drift), so
    its forecasts under another rule are that model's own backtest forecasts at those origins;
    from there on the selection is unchanged. ``rule_model`` is a method, or ``"trend"`` for
    each segment's linear trend (its ``trend_model``: the rule for 3–7 points until
    2026-11-28). The added rows are ``model == "auto_<rule_model>_rule"``: a what-if computed
    from the same forecasts (the selection's rare fall-back to the rule, when no candidate can
    be compared, is not redone).

    Raises
    ------
    ValueError
        For ``"auto"``, or when the variant's model was not benchmarked at every short origin.

    Examples
    --------
    >>> rows = pd.DataFrame({"model": ["auto", "linear", "auto", "linear"],
    ...     "series": "s", "origin_year": [2014, 2014, 2018, 2018], "year": [2015, 2015, 2019, 2019],
    ...     "n_train": [5, 5, 8, 8], "chosen": ["drift", "linear", "naive", "linear"]})
    >>> with_rule_variant(rows, "linear").tail(2)[["model", "n_train", "chosen"]].to_dict("records")
    [{'model': 'auto_linear_rule', 'n_train': 5, 'chosen': 'linear'}, {'model': 'auto_linear_rule', 'n_train': 8, 'chosen': 'naive'}]

    """  # noqa: E501
    if str(rule_model).strip().lower() == TREND_VARIANT:
        name = f"{AUTO_MODEL}_{TREND_VARIANT}_rule"
        wanted = forecasts["trend_model"]
    else:
        method = parse_method(rule_model)
        if method is None:
            raise ValueError("the rule variant needs a single model, not 'auto'")
        name = f"{AUTO_MODEL}_{method.value}_rule"
        wanted = pd.Series(method.value, index=forecasts.index)
    short = forecasts["n_train"] < MIN_POINTS_SELECTION
    ruled = forecasts[short & (forecasts["model"] == wanted)]
    n_short_auto = int((short & (forecasts["model"] == AUTO_MODEL)).sum())
    if len(ruled) != n_short_auto:
        raise ValueError(
            f"the rule variant {rule_model!r} has {len(ruled)} forecasts at origins with fewer "
            f"than {MIN_POINTS_SELECTION} points, auto {n_short_auto}: benchmark its model too"
        )
    selected = forecasts[~short & (forecasts["model"] == AUTO_MODEL)]
    variant = pd.concat([ruled, selected]).assign(model=name)
    return pd.concat([forecasts, variant], ignore_index=True)


@dataclass(frozen=True)
class AimCheck:
    """Whether one aim of the benchmark holds, and the figures behind the verdict."""

    aim: str
    holds: bool
    detail: str


def check_aims(
    pooled: pd.DataFrame, *, level: float = 0.8, coverage_aim: tuple[float, float] = COVERAGE_AIM
) -> list[AimCheck]:
    """Check the two aims on a pooled table of :func:`summarize_benchmark`.

    1. The automatic choice is at least as accurate as the best single model: its MASE on the
       forecasts of each single model is not above that model's MASE.
    2. Its ``level`` intervals contain a share of outcomes within ``coverage_aim``.

    Examples
    --------
    >>> pooled = pd.DataFrame({"model": ["naive", "auto"], "n_forecasts": [10, 10],
    ...     "mase": [1.2, 1.0], "auto_mase": [1.0, 1.0], "coverage": [0.9, 0.8],
    ...     "coverage_low": [0.55, 0.44], "coverage_high": [1.0, 0.97],
    ...     "n_with_interval": [10, 10]})
    >>> [(a.aim, a.holds) for a in check_aims(pooled)]
    [('accuracy', True), ('coverage', True)]

    """
    table = pooled.set_index("model")
    auto = table.loc[AUTO_MODEL]
    singles = table[table.index.isin([m.value for m in Method])]
    holds = bool((singles["auto_mase"] <= singles["mase"] + 1e-12).all())
    against = "; ".join(
        f"{model} {row['mase']:.3f} (auto {row['auto_mase']:.3f}, {int(row['n_forecasts'])})"
        for model, row in singles.sort_values("mase").iterrows()
    )
    detail = (
        f"auto MASE {auto['mase']:.3f} over {int(auto['n_forecasts'])} forecasts; each single "
        f"model's MASE (auto's on the same forecasts, their number): {against}"
    )
    lo, hi = coverage_aim
    coverage = float(auto["coverage"])
    coverage_ok = bool(lo <= coverage <= hi)
    coverage_detail = (
        f"auto {level:.0%} intervals contain {coverage:.1%} of {int(auto['n_with_interval'])} "
        f"outcomes (aim {lo:.0%}–{hi:.0%}; 95% interval {auto['coverage_low']:.0%}–"
        f"{auto['coverage_high']:.0%}, forecasts treated as independent)"
    )
    return [
        AimCheck("accuracy", holds, detail),
        AimCheck("coverage", coverage_ok, coverage_detail),
    ]


def format_table(frame: pd.DataFrame, digits: int = 3) -> str:
    """Return ``frame`` as plain text, floats rounded to ``digits``, no index."""
    shown = frame.copy()
    for column in shown.columns:
        if pd.api.types.is_float_dtype(shown[column]):
            shown[column] = shown[column].round(digits)
    return shown.to_string(index=False, na_rep="—")


def pivot_summary(summary: pd.DataFrame, value: str, index: str = "series") -> pd.DataFrame:
    """Return one row per ``index`` and one column per model of ``value``, plus ``n``.

    ``n`` is the number of forecasts of the group (those of ``auto``, which forecasts wherever
    any model does). Models keep the order of :data:`SUMMARY_COLUMNS`' source table.
    """
    models = list(dict.fromkeys(summary["model"]))
    table = summary.pivot(index=index, columns="model", values=value)[models]
    counts = summary[summary["model"] == AUTO_MODEL].set_index(index)["n_forecasts"]
    table.insert(0, "n", counts.reindex(table.index).astype("Int64"))
    table.columns.name = None
    return table.reset_index()
