"""Out-of-sample calibration of the forecast intervals and probabilities on the real series.

A script, not a test: it prints figures (method in ``docs/methodology.md``, "Calibration").

1. the corpus (:func:`hongtonglib.forecast.calibration_corpus.corpus_segments`: census segments
   of the project's observations with at least 6 points, plus national and Shanxi
   urbanization); rolling origins from 3 points, 1–5 years ahead; the automatic choice and the
   textbook models (naive, drift, damped ETS) with their own intervals;
2. the calibrated intervals of the automatic choice, each series' learned **without that series**
   (leave one series out): coverage of 50/80/95 % intervals by horizon, Winkler scores (scaled by
   the series' mean absolute one-year change) against the models' own intervals, MASE of the
   centre, PIT histogram;
3. "target met" events built from the real series (a threshold set at the origin: the last value
   plus ``c`` times the horizon times the past mean absolute one-year change) — Brier scores of
   the calibrated probabilities against the uncalibrated ones, the naive model's and the
   climatological frequency (from the other series), and a reliability table;
4. the outside view of urbanization on the census 2010→2020 county changes (10-year evidence):
   each county's 2020 urban share predicted from its 2010 share and the paces of counties with
   a similar 2010 share in *other* provinces; coverage of 50/80/95 % intervals.

Usage::

    .venv/bin/python benchmarks/calibration_benchmark.py [--png out.png]
"""

from __future__ import annotations

import os

os.environ["OPENBLAS_NUM_THREADS"] = "1"

import argparse
import sys
import time
from datetime import date

import numpy as np
import pandas as pd

from hongtonglib.assess.combined_view import outside_view_check
from hongtonglib.forecast.benchmark import format_table
from hongtonglib.forecast.calibration_corpus import (
    climatological,
    corpus_forecasts,
    corpus_segments,
    coverage_by_horizon,
    event_probabilities,
    leave_one_series_out,
    pit_histogram,
    reliability_table,
    score_intervals,
)

MULTIPLES = (-1.0, 0.0, 0.5, 1.0, 1.5, 2.0)
"""Targets set at the origin: last value + c x horizon x past mean absolute one-year change."""


def section(title: str, body: str) -> None:
    """Print a titled block."""
    print(f"\n## {title}\n{body}")


def brier(events: pd.DataFrame, column: str) -> float:
    """Return the Brier score of ``column`` against ``met``."""
    return float(np.mean((events[column] - events["met"].astype(float)) ** 2))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-points", type=int, default=6)
    parser.add_argument("--png", default=None, help="also draw reliability and PIT to this PNG")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    segments = corpus_segments(min_points=args.min_points)
    forecasts = corpus_forecasts(segments)
    calibrated = leave_one_series_out(forecasts)
    elapsed = time.perf_counter() - started
    print(
        f"# Calibration benchmark, {date.today().isoformat()}: {len(segments)} series, "
        f"{len(calibrated)} forecasts of auto 1–5 years ahead ({elapsed:.1f} s)"
    )
    series = pd.DataFrame(
        {
            "series": [s.label for s in segments],
            "type": [str(s.bounds.describe()) for s in segments],
            "points": [s.n for s in segments],
            "years": [f"{s.years[0]}–{s.years[-1]}" for s in segments],
        }
    )
    section("Series (census segments)", format_table(series))

    variants = {
        "calibrated (LOSO)": score_intervals(calibrated, "cal_sd", "cal_df"),
        "auto, own interval": score_intervals(forecasts[forecasts["model"] == "auto"], "sd", "df"),
    }
    for model in ("drift", "ets_damped", "naive"):
        variants[f"{model}, own interval"] = score_intervals(
            forecasts[forecasts["model"] == model], "sd", "df"
        )
    for name, scored in variants.items():
        table = coverage_by_horizon(scored)
        section(f"Coverage and Winkler by horizon: {name}", format_table(table))

    pooled = []
    for name, scored in variants.items():
        row = coverage_by_horizon(scored).iloc[-1].to_dict()
        row["intervals"] = name
        pooled.append(row)
    columns = ["intervals", "n", "cov50", "cov80", "cov95", "winkler50", "winkler80", "winkler95"]
    section(
        "Pooled (Winkler scaled by the series' mean absolute one-year change)",
        format_table(pd.DataFrame(pooled)[columns]),
    )

    mase = (
        forecasts.assign(
            scaled=(forecasts["mean"] - forecasts["actual"]).abs() / forecasts["mase_scale"]
        )
        .query("mase_scale > 0")
        .groupby("model")["scaled"]
        .agg(["size", "mean"])
        .rename(columns={"size": "n", "mean": "mase"})
        .reset_index()
    )
    section("MASE of the centre (calibration keeps auto's centre)", format_table(mase))

    by_series = (
        variants["calibrated (LOSO)"]
        .groupby("series")
        .agg(
            n=("covered_80", "size"),
            cov50=("covered_50", "mean"),
            cov80=("covered_80", "mean"),
            cov95=("covered_95", "mean"),
        )
        .reset_index()
    )
    section("Coverage of the calibrated intervals by series", format_table(by_series))

    for name in ("calibrated (LOSO)", "auto, own interval"):
        section(f"PIT histogram: {name}", format_table(pit_histogram(variants[name])))

    auto_rows = calibrated
    events = event_probabilities(auto_rows, "cal_sd", "cal_df", MULTIPLES)
    own = event_probabilities(auto_rows, "sd", "df", MULTIPLES)
    naive_rows = forecasts[forecasts["model"] == "naive"]
    naive = event_probabilities(naive_rows, "sd", "df", MULTIPLES)
    key = ["series", "origin_year", "year", "multiple"]
    events = events.merge(
        own[[*key, "probability"]].rename(columns={"probability": "p_own"}), on=key, how="inner"
    ).merge(
        naive[[*key, "probability"]].rename(columns={"probability": "p_naive"}),
        on=key,
        how="inner",
    )
    events["p_climate"] = climatological(events)
    table = pd.DataFrame(
        {
            "probabilities": [
                "calibrated (LOSO)",
                "auto, own interval",
                "naive model",
                "climatological (other series)",
            ],
            "brier": [brier(events, c) for c in ("probability", "p_own", "p_naive", "p_climate")],
        }
    )
    section(
        f"Brier score of 'target met' ({len(events)} events, thresholds c = "
        f"{', '.join(f'{c:g}' for c in MULTIPLES)}; base rate {events['met'].mean():.2f})",
        format_table(table),
    )
    by_h = (
        events.groupby("horizon")
        .apply(
            lambda g: pd.Series(
                {
                    "n": len(g),
                    "calibrated": brier(g, "probability"),
                    "own": brier(g, "p_own"),
                    "naive": brier(g, "p_naive"),
                    "climate": brier(g, "p_climate"),
                }
            ),
            include_groups=False,
        )
        .reset_index()
    )
    section("Brier by horizon", format_table(by_h))
    section("Reliability (calibrated probabilities)", format_table(reliability_table(events)))
    section("Reliability (auto, own interval)", format_table(reliability_table(events, "p_own")))

    check = outside_view_check()
    section(
        "Outside view of urbanization on the census 2010→2020 counties (10 years ahead, "
        "leave one province out)",
        format_table(check),
    )
    if args.png:
        draw(args.png, events, variants["calibrated (LOSO)"])
    return 0


def draw(path: str, events: pd.DataFrame, scored: pd.DataFrame) -> None:
    """Draw the reliability diagram and PIT histogram to ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (left, right) = plt.subplots(1, 2, figsize=(9, 4))
    for column, label in (("probability", "calibrated"), ("p_own", "own interval")):
        table = reliability_table(events, column)
        left.plot(table["mean_predicted"], table["observed"], "o-", label=label)
    left.plot([0, 1], [0, 1], "k--", lw=0.8)
    left.set_xlabel("predicted probability")
    left.set_ylabel("observed frequency")
    left.legend()
    hist = pit_histogram(scored)
    right.bar(range(len(hist)), hist["share"])
    right.axhline(0.1, color="k", lw=0.8)
    right.set_xlabel("PIT decile (calibrated)")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    print(f"written: {path}")


if __name__ == "__main__":
    sys.exit(main())
