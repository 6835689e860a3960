"""Calibrated prediction intervals: horizon-wise scaled-error quantiles learned out of sample.

A model's own interval says how wide it *should* be if the model were true; on short annual
series that bend it is not (see ``docs/methodology.md``, "Calibration"). This module replaces the
model's spread by one learned from the out-of-sample errors of similar real series
(split-conformal style, Angelopoulos & Bates 2021), keeping the model's centre:

- the error of a forecast ``h`` years ahead is measured on the working scale (the logit scale
  for a rate bounded on both sides, so bounded rates stay within bounds) and *scaled* by one of
  two bases: ``spread``, the series' mean absolute one-year change before the origin, or
  ``model``, the model's own predictive standard deviation at that horizon;
- for each series type (:class:`SeriesType`: a rate bounded on both sides, a level, a growth
  rate) and horizon the table stores a Student t (``df``, shared by the horizons of a type and
  base) whose ``factor`` times the base reproduces the conformal quantiles of the absolute scaled
  errors at 50, 80 and 95 %; a type with too few series or errors borrows the pooled row;
- the base of each type is the one with the lower 80 % interval (Winkler) score on the errors it
  was learned from: the model's own interval where that is better, the series' spread otherwise.

The table is learned once (:func:`learn_table`, rebuilt by ``python -m
hongtonglib.forecast.calibration_build``) and stored in ``data/forecast/calibration.csv`` with
its provenance; :func:`load_table` reads it at run time and :func:`calibrate` applies it.

Examples
--------
>>> import numpy as np
>>> from hongtonglib.forecast.bounds import Bounds
>>> series_type(Bounds(0, 100)).value, series_type(Bounds(0, None)).value
('rate', 'level')
>>> series_type(Bounds(-100, 100)).value
'growth'
>>> spread_of(np.array([2010, 2012, 2013]), np.array([1.0, 2.0, 4.0]))
1.25

"""

from __future__ import annotations

import enum
import functools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import special

from hongtonglib import paths
from hongtonglib.fileio import atomic_write_text
from hongtonglib.forecast.bounds import Bounds
from hongtonglib.forecast.distribution import Predictive

LEVELS: tuple[float, ...] = (0.5, 0.8, 0.95)
"""Interval levels whose conformal quantiles the table reproduces."""

DF_GRID: tuple[float | None, ...] = (1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 10.0, 30.0, None)
"""Student t degrees of freedom tried for a type's shape (``None``: Gaussian)."""

MIN_SERIES = 3
"""A type learns its own row only from errors of at least this many series."""

SMOOTH = False
"""Smooth the factors across horizons (a power law in the horizon). Off: tried on the corpus,
it moved the 80 % coverage per horizon further from 80 % (see docs/methodology.md)."""

MIN_ERRORS = 8
"""A (type, horizon) learns its own row only from at least this many errors."""

TABLE_COLUMNS = [
    "series_type",
    "horizon",
    "base",
    "df",
    "factor",
    "n_errors",
    "n_series",
    "q50",
    "q80",
    "q95",
    "source",
    "chosen",
]


class SeriesType(enum.StrEnum):
    """What kind of series a forecast is for (the calibration table has one block per type)."""

    RATE = "rate"
    """A rate bounded on both sides with a lower bound of 0 (a percentage): logit scale."""
    LEVEL = "level"
    """A level or count (at most one bound)."""
    GROWTH = "growth"
    """A growth rate that may be negative (a lower bound below 0)."""
    POOLED = "pooled"
    """All types together (the fallback of a type with too little evidence)."""


class Base(enum.StrEnum):
    """What a scaled error is divided by."""

    SPREAD = "spread"
    """The series' mean absolute one-year change before the origin (working scale)."""
    MODEL = "model"
    """The model's own predictive standard deviation at the horizon."""


def series_type(bounds: Bounds) -> SeriesType:
    """Return the type of a series from its bounds.

    A lower bound below 0 marks a growth rate (it can fall), both bounds from 0 a rate, anything
    else a level.
    """
    if bounds.lower is not None and bounds.lower < 0:
        return SeriesType.GROWTH
    if bounds.is_two_sided:
        return SeriesType.RATE
    return SeriesType.LEVEL


def spread_of(years: np.ndarray, z: np.ndarray) -> float:
    """Return the mean absolute one-year change of ``z`` (a gap of ``k`` years divided by ``k``).

    Returns 0 for fewer than two points.
    """
    if len(z) < 2:
        return 0.0
    steps = np.abs(np.diff(np.asarray(z, dtype=float))) / np.diff(np.asarray(years, dtype=float))
    return float(np.mean(steps))


def t_quantile(df: float | None, probability: float) -> float:
    """Return the ``probability`` quantile of the standard Student t (Gaussian for ``None``)."""
    if df is None:
        return float(special.ndtri(probability))
    return float(special.stdtrit(df, probability))


def conformal_quantile(abs_errors: np.ndarray, level: float) -> float:
    """Return the empirical ``level`` quantile of held-out absolute errors.

    Split-conformal prediction takes the ``ceil((n + 1) level) / n`` order statistic, which
    guarantees at least ``level`` coverage; with 8–40 errors per horizon that correction made
    the intervals of the corpus too wide when checked out of sample (leave one series out:
    67/89/98 % for 50/80/95 %), so the plain empirical quantile (linear interpolation) is used.

    Examples
    --------
    >>> conformal_quantile(np.arange(1.0, 11.0), 0.8)
    8.2

    """
    values = np.asarray(abs_errors, dtype=float)
    if len(values) == 0:
        return math.nan
    return float(np.quantile(values, level))


def smooth_factors(factors: dict[int, float], weights: dict[int, float]) -> dict[int, float]:
    """Return ``factors`` smoothed across horizons: ``log f = a + b log h`` (weighted LS).

    With one horizon the factors are returned unchanged.

    Examples
    --------
    >>> smooth_factors({1: 1.0, 2: 2.0, 4: 4.0}, {1: 1, 2: 1, 4: 1})
    {1: 1.0, 2: 2.0, 4: 4.0}

    """
    if len(factors) < 2:
        return dict(factors)
    h = np.log(np.array(list(factors), dtype=float))
    y = np.log(np.array(list(factors.values()), dtype=float))
    w = np.array([weights[k] for k in factors], dtype=float)
    design = np.column_stack([np.ones_like(h), h]) * np.sqrt(w)[:, None]
    coef, *_ = np.linalg.lstsq(design, y * np.sqrt(w), rcond=None)
    return {k: round(math.exp(coef[0] + coef[1] * math.log(k)), 12) for k in factors}


def winkler_score(
    lower: np.ndarray, upper: np.ndarray, actual: np.ndarray, level: float
) -> np.ndarray:
    """Return the interval (Winkler) score of each interval: width plus ``2/alpha`` x miss.

    Examples
    --------
    >>> winkler_score(np.array([0.0]), np.array([1.0]), np.array([2.0]), 0.8).round(6).tolist()
    [11.0]

    """
    alpha = 1.0 - level
    below = np.maximum(lower - actual, 0.0)
    above = np.maximum(actual - upper, 0.0)
    return (upper - lower) + 2.0 / alpha * (below + above)


def fit_shape(quantiles: pd.DataFrame) -> tuple[float | None, dict[int, float]]:
    """Return the t degrees of freedom and per-horizon factors reproducing the quantiles.

    Parameters
    ----------
    quantiles : DataFrame
        One row per horizon: ``horizon``, ``n_errors`` and ``q50, q80, q95`` (conformal
        quantiles of absolute scaled errors).

    Returns
    -------
    (df, {horizon: factor})
        ``factor_h x t_df`` has quantiles closest to the row's on the log scale (least squares
        over the three levels, weighted by ``n_errors``); ``df`` is shared.

    """
    best: tuple[float, float | None, dict[int, float]] | None = None
    columns = [f"q{round(level * 100)}" for level in LEVELS]
    for df in DF_GRID:
        reference = np.log([t_quantile(df, 0.5 + level / 2.0) for level in LEVELS])
        loss = 0.0
        factors: dict[int, float] = {}
        for row in quantiles.itertuples():
            observed = np.log(np.maximum([getattr(row, c) for c in columns], 1e-12))
            log_factor = float(np.mean(observed - reference))
            factors[int(row.horizon)] = math.exp(log_factor)
            loss += float(row.n_errors) * float(np.sum((observed - reference - log_factor) ** 2))
        if best is None or loss < best[0] - 1e-12:
            best = (loss, df, factors)
    assert best is not None
    return best[1], best[2]


def _quantile_rows(errors: pd.DataFrame, column: str) -> pd.DataFrame:
    rows = []
    for horizon, group in errors.groupby("horizon", sort=True):
        values = np.abs(group[column].dropna().to_numpy(dtype=float))
        if len(values) == 0:
            continue
        row = {"horizon": int(horizon), "n_errors": len(values)}
        row["n_series"] = int(group.loc[group[column].notna(), "series"].nunique())
        for level in LEVELS:
            row[f"q{round(level * 100)}"] = conformal_quantile(values, level)
        rows.append(row)
    return pd.DataFrame(rows)


def _block(errors: pd.DataFrame, base: Base, kind: SeriesType) -> pd.DataFrame:
    """Return the rows of one type and base: conformal quantiles and the fitted t."""
    column = f"q_{base.value}"
    quantiles = _quantile_rows(errors, column)
    if quantiles.empty:
        return quantiles
    usable = quantiles[quantiles["n_errors"] >= MIN_ERRORS]
    if usable.empty:
        usable = quantiles
    df, factors = fit_shape(usable)
    if SMOOTH:
        weights = dict(zip(usable["horizon"], usable["n_errors"], strict=True))
        factors = smooth_factors(factors, weights)
    quantiles = quantiles[quantiles["horizon"].isin(factors)].copy()
    quantiles["factor"] = [factors[int(h)] for h in quantiles["horizon"]]
    quantiles["df"] = math.inf if df is None else df
    quantiles["base"] = base.value
    quantiles["series_type"] = kind.value
    quantiles["source"] = "own"
    return quantiles


def _interval_score(errors: pd.DataFrame, block: pd.DataFrame, base: Base) -> float:
    """Return the mean 80 % Winkler score (in scaled-spread units) of ``block`` on ``errors``."""
    if block.empty:
        return math.inf
    learned = block[["horizon", "factor", "df"]].rename(
        columns={"factor": "cal_factor", "df": "cal_df"}
    )
    merged = errors.merge(learned, on="horizon", how="inner")
    merged = merged[merged["q_model"].notna() & (merged["model_over_spread"] > 0)]
    if merged.empty:
        return math.inf
    df = merged["cal_df"].iloc[0]
    half = t_quantile(_df(df), 0.9) * merged["cal_factor"].to_numpy()
    if base is Base.MODEL:
        half = half * merged["model_over_spread"].to_numpy()
    actual = merged["q_spread"].to_numpy(dtype=float)
    return float(np.mean(winkler_score(-half, half, actual, 0.8)))


@dataclass(frozen=True)
class CalibrationTable:
    """The learned calibration: one row per (series type, horizon), and how it was built.

    Attributes
    ----------
    rows : DataFrame
        :data:`TABLE_COLUMNS`; ``df`` is ``inf`` for Gaussian; ``source`` says whether the row
        was learned from the type's own errors (``own``) or copied from the pooled block
        (``pooled``).
    provenance : dict
        How the table was built: corpus, number of series and errors, date, command.

    """

    rows: pd.DataFrame
    provenance: dict = field(default_factory=dict)

    @property
    def n_series(self) -> int:
        """Return the number of series the table was learned from."""
        return int(self.provenance.get("n_series", 0))

    def block(self, kind: SeriesType, base: Base | None = None) -> pd.DataFrame:
        """Return the rows of ``kind`` (the pooled rows when it has none) for ``base``.

        ``base=None`` gives the base the type uses (``chosen``).

        Raises
        ------
        KeyError
            When the table has no such row.

        """
        rows = self.rows
        block = rows[rows["series_type"] == kind.value]
        if block.empty:
            block = rows[rows["series_type"] == SeriesType.POOLED.value]
        block = block[block["chosen"]] if base is None else block[block["base"] == base.value]
        if block.empty:
            raise KeyError(f"the calibration table has no {base or 'chosen'} row for {kind.value}")
        return block.sort_values("horizon")

    def chosen_base(self, kind: SeriesType) -> Base:
        """Return the base ``kind`` uses."""
        return Base(self.block(kind)["base"].iloc[0])

    def row(self, kind: SeriesType, horizon: int, base: Base | None = None) -> pd.Series:
        """Return the row for ``kind`` at ``horizon`` (the largest horizon learned beyond it)."""
        block = self.block(kind, base)
        below = block[block["horizon"] <= horizon]
        return below.iloc[-1] if not below.empty else block.iloc[0]

    def df_of(self, kind: SeriesType, base: Base) -> float | None:
        """Return the t degrees of freedom of ``kind`` and ``base`` (``None``: Gaussian)."""
        return _df(self.block(kind, base)["df"].iloc[0])

    def factor(self, kind: SeriesType, base: Base, horizon: int) -> float:
        """Return the factor of ``kind`` and ``base`` at ``horizon``.

        Beyond the largest horizon learned a ``spread`` factor grows in proportion to the
        horizon; a ``model`` factor is kept (the model's spread already grows).
        """
        row = self.row(kind, horizon, base)
        factor = float(row["factor"])
        learned = int(row["horizon"])
        if base is Base.SPREAD and horizon > learned:
            factor *= horizon / learned
        return factor

    def write(self, path: str | Path) -> None:
        """Write the rows as CSV and the provenance beside it (``<name>.provenance.json``)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, self.rows[TABLE_COLUMNS].to_csv(index=False, float_format="%.6g"))
        atomic_write_text(
            provenance_path(path), json.dumps(self.provenance, ensure_ascii=False, indent=2) + "\n"
        )


def table_path() -> Path:
    """Return where the learned table is stored (``data/forecast/calibration.csv``)."""
    return paths.data_dir() / "forecast" / "calibration.csv"


def provenance_path(path: Path) -> Path:
    """Return the provenance file of a table file."""
    return path.with_name(path.stem + ".provenance.json")


def read_table(path: str | Path) -> CalibrationTable:
    """Read a table written by :meth:`CalibrationTable.write`.

    Raises
    ------
    ValueError
        When a column is missing or a value is not a positive number (naming file and row).

    """
    path = Path(path)
    rows = pd.read_csv(path)
    missing = [c for c in TABLE_COLUMNS if c not in rows.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {', '.join(missing)}")
    for number, row in enumerate(rows.itertuples(), start=2):
        for name in ("factor", "df"):
            value = getattr(row, name)
            if not (isinstance(value, int | float) and value > 0):
                raise ValueError(f"{path}, row {number}: {name} must be a positive number")
        if row.base not in {b.value for b in Base}:
            raise ValueError(f"{path}, row {number}: base {row.base!r} is not spread or model")
    provenance_file = provenance_path(path)
    provenance = json.loads(provenance_file.read_text("utf-8")) if provenance_file.exists() else {}
    return CalibrationTable(rows, provenance)


@functools.lru_cache(maxsize=4)
def _cached_table(path: str) -> CalibrationTable:
    return read_table(path)


def load_table() -> CalibrationTable | None:
    """Return the stored table (read once per process), or ``None`` when there is none."""
    path = table_path()
    if not path.exists():
        return None
    return _cached_table(str(path))


def learn_table(errors: pd.DataFrame, provenance: dict | None = None) -> CalibrationTable:
    """Learn the calibration table from out-of-sample forecast errors.

    Parameters
    ----------
    errors : DataFrame
        One row per forecast: ``series``, ``series_type``, ``horizon``, ``q_spread`` (error on
        the working scale over the series' spread before the origin), ``q_model`` (error over
        the model's predictive standard deviation, NaN without one) and ``model_over_spread``
        (their ratio of scales, NaN without one).
    provenance : dict, optional
        Recorded with the table (number of series and errors are added).

    Returns
    -------
    CalibrationTable
        Rows for both bases of every type; ``chosen`` marks the base the type uses.

    """
    errors = errors[np.isfinite(errors["q_spread"].astype(float))]
    blocks = []
    choices: dict[str, str] = {}
    pooled: dict[Base, pd.DataFrame] = {}
    pooled_choice = Base.SPREAD
    for kind in (SeriesType.POOLED, SeriesType.RATE, SeriesType.LEVEL, SeriesType.GROWTH):
        subset = errors if kind is SeriesType.POOLED else errors[errors["series_type"] == kind]
        if kind is not SeriesType.POOLED and subset["series"].nunique() < MIN_SERIES:
            for base, block in pooled.items():
                copied = block.assign(series_type=kind.value, source="pooled")
                copied["chosen"] = base is pooled_choice
                blocks.append(copied)
            choices[kind.value] = f"{pooled_choice.value} (pooled: fewer than {MIN_SERIES} series)"
            continue
        candidates = {base: _block(subset, base, kind) for base in Base}
        if kind is not SeriesType.POOLED:
            candidates = {
                base: _borrow(block, pooled[base]) if base in pooled else block
                for base, block in candidates.items()
            }
        scores = {base: _interval_score(subset, block, base) for base, block in candidates.items()}
        chosen = min(scores, key=lambda b: (scores[b], b is Base.MODEL))
        for base, block in candidates.items():
            if not block.empty:
                blocks.append(block.assign(chosen=base is chosen))
        choices[kind.value] = chosen.value
        if kind is SeriesType.POOLED:
            pooled = {base: block for base, block in candidates.items() if not block.empty}
            pooled_choice = chosen
    rows = pd.concat(blocks, ignore_index=True)[TABLE_COLUMNS]
    meta = dict(provenance or {})
    meta.update(
        {
            "n_series": int(errors["series"].nunique()),
            "n_errors": len(errors),
            "n_series_by_type": {
                str(k): int(v) for k, v in errors.groupby("series_type")["series"].nunique().items()
            },
            "base_by_type": choices,
        }
    )
    return CalibrationTable(rows, meta)


def _borrow(block: pd.DataFrame, pooled: pd.DataFrame) -> pd.DataFrame:
    """Return ``block`` with its thin horizons taken from the pooled block.

    Horizons with fewer than :data:`MIN_ERRORS` errors, and pooled horizons the block lacks,
    take the pooled factor converted to the block's t shape at the 80 % level.
    """
    out = block.copy()
    if out.empty:
        return out
    df = _df(out["df"].iloc[0])
    same = pooled.set_index("horizon")
    thin = out["n_errors"] < MIN_ERRORS
    for index in out.index[thin]:
        horizon = int(out.at[index, "horizon"])
        if horizon in same.index:
            ratio = t_quantile(_df(same.at[horizon, "df"]), 0.9) / t_quantile(df, 0.9)
            out.at[index, "factor"] = float(same.at[horizon, "factor"]) * ratio
            out.at[index, "source"] = "pooled"
    missing = same.index.difference(out["horizon"])
    if len(missing):
        extra = same.loc[missing].reset_index()
        ratio = np.array([t_quantile(_df(v), 0.9) for v in extra["df"]]) / t_quantile(df, 0.9)
        extra = extra.assign(
            factor=extra["factor"] * ratio,
            df=out["df"].iloc[0],
            series_type=out["series_type"].iloc[0],
            source="pooled",
        )
        out = pd.concat([out, extra[out.columns]], ignore_index=True)
    return out.sort_values("horizon", ignore_index=True)


def _df(value: float) -> float | None:
    return None if math.isinf(float(value)) else float(value)


@dataclass(frozen=True)
class Calibration:
    """What :func:`calibrate` did, for notes and method statements."""

    series_type: SeriesType
    base: Base
    df: float | None
    factors: tuple[float, ...]
    n_series: int
    note: str


def calibrate(
    predictive: Predictive,
    years: np.ndarray,
    values: np.ndarray,
    bounds: Bounds,
    table: CalibrationTable,
) -> tuple[Predictive, Calibration]:
    """Return ``predictive`` with its spread replaced by the calibrated one.

    Parameters
    ----------
    predictive : Predictive
        The model's forecast (its centre is kept).
    years, values : ndarray
        The points the model was fitted on (indicator's scale).
    bounds : Bounds
        The indicator's bounds (choose the series type).
    table : CalibrationTable
        The learned table (:func:`load_table`).

    Returns
    -------
    (Predictive, Calibration)
        Beyond the largest horizon learned, a ``spread`` factor grows in proportion to the
        horizon (a ``model`` factor is kept: the model's spread already grows).

    """
    kind = series_type(bounds)
    z = predictive.transform.forward(np.asarray(values, dtype=float))
    spread = spread_of(np.asarray(years), z)
    last_year = int(np.max(years))
    horizons = [int(year) - last_year for year in predictive.years]
    base = table.chosen_base(kind)
    model_scale = predictive.scale
    if base is Base.MODEL and (model_scale is None or not np.all(model_scale > 0)):
        base = Base.SPREAD
    df = table.df_of(kind, base)
    own = model_scale if base is Base.MODEL else np.full(len(horizons), spread)
    assert own is not None
    factors = [table.factor(kind, base, h) for h in horizons]
    scales = np.asarray(factors) * np.asarray(own, dtype=float)
    calibrated = Predictive(predictive.years, predictive.loc, scales, df, predictive.transform)
    what = (
        "the series' mean absolute one-year change"
        if base is Base.SPREAD
        else "the model's own predictive standard deviation"
    )
    family = "Gaussian" if df is None else f"Student t, {df:g} df"
    note = (
        f"interval calibrated out of sample: {what} times a factor learned per horizon from "
        f"the forecast errors of {table.n_series} real series (type {kind.value}; {family})"
    )
    return calibrated, Calibration(kind, base, df, tuple(factors), table.n_series, note)
