"""Rolling-origin accuracy of the forecasting models on the real series in ``data/``.

A script, not a test: it prints figures. What it does (method in ``docs/methodology.md``,
"Forecasting" → "Benchmark"):

1. cuts every indicator and region of ``load_observations()`` (curated observations and the
   census-derived ones; no department submissions) into census segments
   (:func:`hongtonglib.forecast.segments.census_segments`: the figures anchored on one census,
   that census's count included; one value per year by the ``get_series`` preference rule);
2. keeps the national (000000) and Shanxi (140000) ``urbanization_rate_pct`` segments and every
   segment with at least ``--min-points`` points (default 8);
3. backtests each model and the automatic choice (made at each origin with earlier data only)
   from every origin with at least ``--min-train`` points (default 3), 1–``--horizon`` years
   ahead, and prints MASE, MASE relative to the naive forecast and the coverage of the
   ``--level`` intervals, pooled, per series and per horizon, and whether the aims hold;
4. times ``hongtong assess --as-of 2026`` end to end (a fresh process each run, start-up
   included) ``--runs`` times.

Usage::

    .venv/bin/python benchmarks/forecast_backtest.py
    .venv/bin/python benchmarks/forecast_backtest.py --min-points 4 --runs 0   # wider pool
"""

from __future__ import annotations

import os

# Before numpy loads: the fits use tiny matrices, where BLAS threads only slow them down.
os.environ["OPENBLAS_NUM_THREADS"] = "1"

import argparse
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pandas as pd

from hongtonglib.forecast.benchmark import (
    auto_choices,
    benchmark_forecasts,
    check_aims,
    format_table,
    pivot_summary,
    summarize_benchmark,
    with_rule_variant,
)
from hongtonglib.forecast.bounds import Bounds
from hongtonglib.forecast.segments import (
    SeriesSegment,
    observation_segments,
    select_segments,
)
from hongtonglib.indicators import load_indicators, load_observations
from hongtonglib.indicators.observations import rank_observations

ALWAYS = (("urbanization_rate_pct", "000000"), ("urbanization_rate_pct", "140000"))
"""Series benchmarked whatever their length (every segment with an origin to score)."""

HONGTONG = Path(sys.executable).parent / "hongtong"


def load_segments(min_points: int, min_train: int) -> list[SeriesSegment]:
    """Return the census segments of the real data that the benchmark scores."""
    indicators = load_indicators().set_index("indicator_id")

    def bounds_of(indicator_id: str) -> Bounds:
        lower, upper = indicators.loc[indicator_id, ["lower_bound", "upper_bound"]]
        return Bounds(
            None if pd.isna(lower) else float(lower), None if pd.isna(upper) else float(upper)
        )

    observations = rank_observations(load_observations())
    segments = observation_segments(
        observations, bounds_of, min_years=min(min_points, min_train + 1)
    )
    return select_segments(segments, min_points=min_points, always=ALWAYS, min_train=min_train)


def describe_segments(segments: list[SeriesSegment]) -> pd.DataFrame:
    """Return one row per segment: points, years, bounds."""
    return pd.DataFrame(
        {
            "series": [s.label for s in segments],
            "points": [s.n for s in segments],
            "years": [", ".join(str(y) for y in s.years) for s in segments],
            "bounds": [s.bounds.describe() for s in segments],
        }
    )


def time_assess(runs: int) -> list[float]:
    """Return the wall times (s) of ``runs`` runs of ``hongtong assess --as-of 2026``."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            [str(HONGTONG), "assess", "--as-of", "2026", "--format", "csv"],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        times.append(time.perf_counter() - started)
    return times


def section(title: str, body: str) -> None:
    """Print a titled block."""
    print(f"\n## {title}\n{body}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-points", type=int, default=8)
    parser.add_argument("--min-train", type=int, default=3)
    parser.add_argument("--horizon", type=int, default=3)
    parser.add_argument("--level", type=float, default=0.8)
    parser.add_argument("--runs", type=int, default=5, help="assess timings (0: skip)")
    parser.add_argument(
        "--rule-variant",
        default="trend",
        help="also show auto as if the rule for fewer than 8 points used this model: a method, "
        "or 'trend' for each series' linear trend (logit_linear for rates), the rule for 3–7 "
        "points until 2026-11-28 ('' to skip)",
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    segments = load_segments(args.min_points, args.min_train)
    forecasts = benchmark_forecasts(
        segments, horizon=args.horizon, min_train=args.min_train, level=args.level
    )
    elapsed = time.perf_counter() - started
    if args.rule_variant:
        forecasts = with_rule_variant(forecasts, args.rule_variant)
    print(
        f"# Forecast benchmark, {date.today().isoformat()}: origins with ≥ {args.min_train} "
        f"points, 1–{args.horizon} years ahead, {args.level:.0%} intervals "
        f"({len(segments)} segments, {elapsed:.1f} s)"
    )
    section("Series (census segments)", format_table(describe_segments(segments)))

    pooled = summarize_benchmark(forecasts)
    variant = (
        f"; auto_{args.rule_variant}_rule: what auto would score if the rule for fewer than 8 "
        f"points were {args.rule_variant} (a what-if from the same forecasts, not the library's "
        "behaviour)"
        if args.rule_variant
        else ""
    )
    section(
        f"Pooled (auto_mase: auto on the same forecasts as the row's model{variant})",
        format_table(pooled),
    )
    per_series = summarize_benchmark(forecasts, by=["series"])
    section("MASE per series", format_table(pivot_summary(per_series, "mase")))
    section(
        "MASE relative to naive per series", format_table(pivot_summary(per_series, "rel_naive"))
    )
    section("Interval coverage per series", format_table(pivot_summary(per_series, "coverage")))
    by_horizon = summarize_benchmark(forecasts, by=["horizon"])
    section("MASE per horizon", format_table(pivot_summary(by_horizon, "mase", "horizon")))
    section(
        "Interval coverage per horizon",
        format_table(pivot_summary(by_horizon, "coverage", "horizon")),
    )
    by_size = summarize_benchmark(forecasts, by=["n_train"])
    section(
        "Interval coverage per training size (points before the origin)",
        format_table(pivot_summary(by_size, "coverage", "n_train")),
    )
    section(
        "What auto used (rule: fewer than 8 points; backtest: selection)",
        format_table(auto_choices(forecasts)),
    )

    lines = [
        f"{'holds' if a.holds else 'DOES NOT HOLD'} — {a.aim}: {a.detail}"
        for a in check_aims(pooled, level=args.level)
    ]
    section("Aims", "\n".join(lines))

    if args.runs > 0:
        times = time_assess(args.runs)
        median, worst = statistics.median(times), max(times)
        verdict = "holds" if worst < 5.0 else "DOES NOT HOLD"
        section(
            "hongtong assess --as-of 2026 (all targets, fresh process each run)",
            f"{args.runs} runs: median {median:.2f} s, max {worst:.2f} s "
            f"({', '.join(f'{t:.2f}' for t in times)}); aim < 5 s: {verdict}",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
