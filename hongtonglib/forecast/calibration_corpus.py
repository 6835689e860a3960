"""The evaluation corpus of the calibration: real series, rolling-origin forecasts, scaled errors.

- :func:`corpus_segments`: every census segment of the project's observations (curated and
  census-derived, no department submissions) with at least :data:`MIN_CORPUS_POINTS` points,
  plus the national and Shanxi urbanization segments with an origin to score;
- :func:`corpus_forecasts`: from every origin with at least ``min_train`` points, the forecasts
  1–``horizon`` years ahead of each model (as :func:`~hongtonglib.forecast.forecast_series`
  makes them, uncalibrated), with their working-scale centre and standard deviation;
- :func:`errors_frame`: the scaled errors that :func:`~hongtonglib.forecast.calibration.
  learn_table` learns from;
- :func:`leave_one_series_out`: the calibrated distribution of each series' forecasts learned
  from the *other* series only, for an honest evaluation.

Examples
--------
>>> from hongtonglib.forecast.segments import SeriesSegment
>>> line = SeriesSegment("synthetic", "990000", None, tuple(range(2010, 2016)),
...                      (10.0, 12.0, 14.0, 16.0, 18.0, 20.0))
>>> rows = corpus_forecasts([line], models=("drift",), horizon=2)
>>> rows[["origin_year", "horizon", "actual"]].head(3).to_dict("records")
[{'origin_year': 2012, 'horizon': 1, 'actual': 16.0}, {'origin_year': 2012, 'horizon': 2, 'actual': 18.0}, {'origin_year': 2013, 'horizon': 1, 'actual': 18.0}]

"""  # noqa: E501

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from scipy import special

from hongtonglib.forecast.api import forecast_series
from hongtonglib.forecast.bounds import Bounds, Scale, Transform
from hongtonglib.forecast.calibration import (
    Base,
    CalibrationTable,
    SeriesType,
    learn_table,
    series_type,
    spread_of,
)
from hongtonglib.forecast.segments import SeriesSegment, observation_segments, select_segments
from hongtonglib.indicators import load_indicators, load_observations
from hongtonglib.indicators.observations import rank_observations

logger = logging.getLogger(__name__)

MIN_CORPUS_POINTS = 6
"""A segment joins the corpus with at least this many comparable points."""

ALWAYS = (("urbanization_rate_pct", "000000"), ("urbanization_rate_pct", "140000"))
"""Segments kept whatever their length (when they have an origin to score)."""

MODELS: tuple[str, ...] = ("auto", "naive", "drift", "ets_damped")
"""``auto`` (what the library does) and the textbook models compared with it."""


def corpus_segments(min_points: int = MIN_CORPUS_POINTS, min_train: int = 3) -> list[SeriesSegment]:
    """Return the real series of the corpus (census segments of ``load_observations``)."""
    indicators = load_indicators().set_index("indicator_id")

    def bounds_of(indicator_id: str) -> Bounds:
        lower, upper = indicators.loc[indicator_id, ["lower_bound", "upper_bound"]]
        return Bounds(
            None if pd.isna(lower) else float(lower), None if pd.isna(upper) else float(upper)
        )

    observations = rank_observations(load_observations(include_submissions=False))
    segments = observation_segments(
        observations, bounds_of, min_years=min(min_points, min_train + 1)
    )
    return select_segments(segments, min_points=min_points, always=ALWAYS, min_train=min_train)


def corpus_forecasts(
    segments: Iterable[SeriesSegment],
    *,
    models: Sequence[str] = MODELS,
    horizon: int = 5,
    min_train: int = 3,
) -> pd.DataFrame:
    """Return one row per (series, origin, model, year forecast) with its outcome.

    Columns: ``series, indicator_id, region_code, series_type, origin_year, n_train, year,
    horizon, model, method_used, scale, lower_bound, upper_bound, loc, sd, df, spread,
    z_actual, actual, mean, mase_scale, last_value`` (``loc``, ``sd``, ``spread`` and
    ``z_actual`` on the model's working scale; ``sd`` NaN without an interval claim; ``df``
    inf for Gaussian).
    """
    rows = []
    for segment in segments:
        kind = series_type(segment.bounds)
        for k in range(min_train, segment.n):
            train = segment.frame().iloc[:k]
            last = int(train["year"].iloc[-1])
            future = [(y, v) for y, v in zip(segment.years, segment.values, strict=True)]
            future = [(y, v) for y, v in future if last < y <= last + horizon]
            if not future:
                continue
            years = train["year"].to_numpy()
            values = train["value"].to_numpy(dtype=float)
            mase_scale = spread_of(years, values)
            for model in models:
                result = forecast_series(
                    train,
                    horizon,
                    bounds=segment.bounds,
                    method=model,
                    calibrate=False,
                    source=f"{segment.label} to {last}",
                )
                pred = result.predictive
                z_train = pred.transform.forward(values)
                spread = spread_of(years, z_train)
                for year, actual in future:
                    i = pred.years.index(year)
                    rows.append(
                        {
                            "series": segment.label,
                            "indicator_id": segment.indicator_id,
                            "region_code": segment.region_code,
                            "series_type": kind.value,
                            "origin_year": last,
                            "n_train": k,
                            "year": year,
                            "horizon": year - last,
                            "model": model,
                            "method_used": result.method,
                            "scale": pred.transform.scale.value,
                            "lower_bound": segment.bounds.lower,
                            "upper_bound": segment.bounds.upper,
                            "loc": float(pred.loc[i]),
                            "sd": math.nan if pred.scale is None else float(pred.scale[i]),
                            "df": math.inf if pred.df is None else float(pred.df),
                            "spread": spread,
                            "z_actual": float(pred.transform.forward(actual)),
                            "actual": float(actual),
                            "mean": float(result.table["mean"].iloc[i]),
                            "mase_scale": mase_scale,
                            "last_value": float(values[-1]),
                        }
                    )
    return pd.DataFrame(rows)


def errors_frame(forecasts: pd.DataFrame, model: str = "auto") -> pd.DataFrame:
    """Return the scaled errors of ``model``'s forecasts for :func:`learn_table`."""
    rows = forecasts[(forecasts["model"] == model) & (forecasts["spread"] > 0)].copy()
    error = rows["z_actual"] - rows["loc"]
    sd = rows["sd"].where(rows["sd"] > 0)
    rows["q_spread"] = error / rows["spread"]
    rows["q_model"] = error / sd
    rows["model_over_spread"] = sd / rows["spread"]
    return rows


def apply_table(rows: pd.DataFrame, table: CalibrationTable) -> pd.DataFrame:
    """Return ``rows`` with the calibrated working-scale ``cal_sd`` and ``cal_df``."""
    out = rows.copy()
    sds, dfs = [], []
    for row in out.itertuples():
        kind = SeriesType(row.series_type)
        base = table.chosen_base(kind)
        if base is Base.MODEL and not (row.sd > 0):
            base = Base.SPREAD
        own = row.sd if base is Base.MODEL else row.spread
        sds.append(table.factor(kind, base, int(row.horizon)) * own)
        df = table.df_of(kind, base)
        dfs.append(math.inf if df is None else df)
    out["cal_sd"] = sds
    out["cal_df"] = dfs
    return out


def leave_one_series_out(forecasts: pd.DataFrame, model: str = "auto") -> pd.DataFrame:
    """Return ``model``'s forecasts with ``cal_sd``/``cal_df`` learned without their series."""
    errors = errors_frame(forecasts, model)
    rows = forecasts[forecasts["model"] == model]
    pieces = []
    for series, held in rows.groupby("series", sort=True):
        table = learn_table(errors[errors["series"] != series])
        pieces.append(apply_table(held, table))
    return pd.concat(pieces, ignore_index=True)


def _cdf(x: np.ndarray, df: np.ndarray) -> np.ndarray:
    gaussian = np.isinf(df)
    out = np.empty_like(x, dtype=float)
    out[gaussian] = special.ndtr(x[gaussian])
    out[~gaussian] = special.stdtr(df[~gaussian], x[~gaussian])
    return out


def _ppf(p: float, df: np.ndarray) -> np.ndarray:
    gaussian = np.isinf(df)
    out = np.empty(df.shape, dtype=float)
    out[gaussian] = special.ndtri(p)
    out[~gaussian] = special.stdtrit(df[~gaussian], p)
    return out


def _transform(row: pd.Series) -> Transform:
    lower = None if pd.isna(row["lower_bound"]) else float(row["lower_bound"])
    upper = None if pd.isna(row["upper_bound"]) else float(row["upper_bound"])
    return Transform(Bounds(lower, upper), Scale(row["scale"]))


def score_intervals(
    rows: pd.DataFrame, sd_column: str, df_column: str, levels: Sequence[float] = (0.5, 0.8, 0.95)
) -> pd.DataFrame:
    """Return per-forecast coverage, scaled Winkler score and PIT of a distribution.

    Rows without a positive ``sd_column`` (no interval claim) are left out. The Winkler score
    is on the indicator's scale divided by the series' ``mase_scale`` (pooled like MSIS).
    """
    rows = rows[rows[sd_column] > 0].copy()
    sd = rows[sd_column].to_numpy(dtype=float)
    df = rows[df_column].to_numpy(dtype=float)
    loc = rows["loc"].to_numpy(dtype=float)
    z = rows["z_actual"].to_numpy(dtype=float)
    rows["pit"] = _cdf((z - loc) / sd, df)
    transforms = [_transform(r) for _, r in rows.iterrows()]
    actual = rows["actual"].to_numpy(dtype=float)
    scale = rows["mase_scale"].to_numpy(dtype=float)
    for level in levels:
        half = _ppf(0.5 + level / 2.0, df) * sd
        tag = round(level * 100)
        rows[f"covered_{tag}"] = np.abs(z - loc) <= half
        lower = np.array([float(t.inverse(v)) for t, v in zip(transforms, loc - half, strict=True)])
        upper = np.array([float(t.inverse(v)) for t, v in zip(transforms, loc + half, strict=True)])
        winkler = (upper - lower) + 2.0 / (1.0 - level) * (
            np.maximum(lower - actual, 0.0) + np.maximum(actual - upper, 0.0)
        )
        safe = np.where(scale > 0, scale, 1.0)
        rows[f"winkler_{tag}"] = np.where(scale > 0, winkler / safe, np.nan)
    return rows


def event_probabilities(
    rows: pd.DataFrame, sd_column: str, df_column: str, multiples: Sequence[float]
) -> pd.DataFrame:
    """Return one row per (forecast, threshold) with ``P(Y >= threshold)`` and the outcome.

    Thresholds are ``last_value + c x horizon x mase_scale`` for each ``c`` in ``multiples``
    (a target set from the origin: hold the level, keep the past pace, double it, ...), so the
    event is set before the outcome is known.
    """
    pieces = []
    rows = rows[rows[sd_column] > 0]
    for c in multiples:
        piece = rows.copy()
        piece["multiple"] = c
        piece["threshold"] = piece["last_value"] + c * piece["horizon"] * piece["mase_scale"]
        z_thr = np.array(
            [_transform(r).forward_exact(float(r["threshold"])) for _, r in piece.iterrows()]
        )
        sd = piece[sd_column].to_numpy(dtype=float)
        df = piece[df_column].to_numpy(dtype=float)
        piece["probability"] = 1.0 - _cdf((z_thr - piece["loc"].to_numpy()) / sd, df)
        piece["met"] = piece["actual"] >= piece["threshold"]
        pieces.append(piece)
    return pd.concat(pieces, ignore_index=True)


def coverage_by_horizon(scored: pd.DataFrame, levels: Sequence[float] = (0.5, 0.8, 0.95)):
    """Return one row per horizon (and ``all``): forecasts, coverage per level, mean Winkler."""
    tags = [round(level * 100) for level in levels]

    def summary(rows: pd.DataFrame) -> dict[str, float]:
        out: dict[str, float] = {"n": len(rows), "n_series": rows["series"].nunique()}
        for tag in tags:
            out[f"cov{tag}"] = float(rows[f"covered_{tag}"].mean())
        for tag in tags:
            out[f"winkler{tag}"] = float(rows[f"winkler_{tag}"].mean())
        return out

    records = [{"horizon": str(h), **summary(g)} for h, g in scored.groupby("horizon")]
    records.append({"horizon": "all", **summary(scored)})
    return pd.DataFrame(records)


def pit_histogram(scored: pd.DataFrame, bins: int = 10) -> pd.DataFrame:
    """Return the share of PIT values in each of ``bins`` equal bins (flat when calibrated)."""
    counts, edges = np.histogram(scored["pit"].clip(0, 1), bins=bins, range=(0.0, 1.0))
    return pd.DataFrame(
        {
            "bin": [f"{a:.1f}–{b:.1f}" for a, b in itertools.pairwise(edges)],
            "n": counts,
            "share": counts / max(1, counts.sum()),
        }
    )


def reliability_table(events: pd.DataFrame, column: str = "probability", bins: int = 5):
    """Return predicted probability against observed frequency, in ``bins`` equal bins."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(events[column], edges[1:-1]), 0, bins - 1)
    rows = []
    for i in range(bins):
        chosen = events[which == i]
        rows.append(
            {
                "bin": f"{edges[i]:.1f}–{edges[i + 1]:.1f}",
                "n": len(chosen),
                "mean_predicted": float(chosen[column].mean()) if len(chosen) else np.nan,
                "observed": float(chosen["met"].mean()) if len(chosen) else np.nan,
            }
        )
    return pd.DataFrame(rows)


def climatological(events: pd.DataFrame) -> pd.Series:
    """Return, per event, the frequency of the same event (multiple, horizon) in other series."""
    out = pd.Series(np.nan, index=events.index)
    for series in events["series"].unique():
        own = events["series"] == series
        others = events[~own].groupby(["multiple", "horizon"])["met"].mean()
        overall = events[~own].groupby("multiple")["met"].mean()
        keys = list(zip(events.loc[own, "multiple"], events.loc[own, "horizon"], strict=True))
        out[own] = [float(others.get(key, overall.get(key[0], 0.5))) for key in keys]
    return out
