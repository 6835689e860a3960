"""The forecasting rules: every threshold the package uses, in one place.

These are the project's choices, documented in ``docs/methodology.md`` (section "Forecasting").
Change them here and the documentation together.

Examples
--------
>>> from hongtonglib.forecast import rules
>>> rules.MIN_POINTS_INTERVAL, rules.MIN_POINTS_SELECTION
(3, 8)

"""

from __future__ import annotations

from typing import Final

MIN_POINTS: Final = 2
"""Fewer points than this cannot be forecast at all (the assessment reports the level only)."""

MIN_POINTS_INTERVAL: Final = 3
"""Below this (i.e. 2 points) a trend is drawn through the points with no interval claim."""

MIN_POINTS_SELECTION: Final = 8
"""From this many points on, the automatic choice compares candidates by rolling-origin backtest;
below it, the automatic choice is :data:`SHORT_SERIES_METHOD` (the drift, for 2–7 points)."""

SHORT_SERIES_METHOD: Final = "drift"
"""The automatic choice for a series too short for selection (fewer than
``MIN_POINTS_SELECTION`` points), and when selection cannot compare any candidate: the random
walk with drift, on the logit scale for a rate bounded on both sides (a constant urban–rural
growth difference, as the UN's World Urbanization Prospects extrapolate). Its interval widens
with the horizon because the slope is estimated, not assumed fixed. Until 2026-11-28 the rule
for 3–7 points was the deterministic linear trend (``linear``/``logit_linear``), whose 80 %
intervals held 64 % of the benchmark's outcomes; the change was made after seeing that
benchmark (``docs/methodology.md``, "Benchmark")."""

SELECTION_MIN_TRAIN: Final = 5
"""Smallest training set (points) of a backtest origin used for selection."""

SELECTION_HORIZON: Final = 3
"""Largest horizon (years) of the backtest forecasts used for selection."""

SELECTION_MAX_ORIGINS: Final = 10
"""Selection uses at most this many of the latest backtest origins (keeps a forecast fast)."""

SELECTION_MIN_FORECASTS: Final = 3
"""A candidate needs at least this many backtest forecasts, on a set shared with the other
candidates, to be compared."""

ABSURD_MEAN_FACTOR: Final = 3.0
"""A forecast ``h`` years ahead is absurd if it leaves the last value by more than this many
times ``(observed range + h x largest one-year change)`` (on the working scale)."""

ABSURD_SCALE_FACTOR: Final = 10.0
"""A predictive standard deviation is absurd above this many times the same yardstick."""

STATESPACE_MAX_MISSING_SHARE: Final = 1 / 3
"""ETS and ARIMA are fitted on the annual grid only when at most this share of its years is
missing; sparser series fall back to the trend models, which use the actual years."""

RETRY_MAXITER: Final = 400
"""Iterations of the one Nelder–Mead refit of an ARIMA that L-BFGS left unconverged."""

LOGIT_SQUEEZE_SHARE: Final = 0.001
"""Values on a bound are moved inside it by this share of the range before taking the logit
(0.1 point for a 0–100 % rate)."""

MAX_HORIZON: Final = 50
"""Largest horizon (years) accepted."""
