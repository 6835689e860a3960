"""Rebuild the calibration table from the project's real series.

Usage::

    .venv/bin/python -m hongtonglib.forecast.calibration_build            # write data/forecast/
    .venv/bin/python -m hongtonglib.forecast.calibration_build --dry-run  # print only

Learns :func:`~hongtonglib.forecast.calibration.learn_table` from the out-of-sample errors of
the automatic choice on every series of :func:`~hongtonglib.forecast.calibration_corpus.
corpus_segments` (rolling origins from 3 points, 1–5 years ahead) and writes the table with its
provenance (``calibration.provenance.json``: the series, the numbers of errors, the date).
The briefings load the stored table; nothing is refitted when a briefing is rendered.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import sys
from datetime import date

from hongtonglib.forecast.calibration import learn_table, table_path
from hongtonglib.forecast.calibration_corpus import (
    MIN_CORPUS_POINTS,
    corpus_forecasts,
    corpus_segments,
    errors_frame,
    leave_one_series_out,
    score_intervals,
)

HORIZON = 5
MIN_TRAIN = 3


def build(min_points: int = MIN_CORPUS_POINTS):
    """Return the table learned from the corpus (all series; nothing held out)."""
    segments = corpus_segments(min_points=min_points, min_train=MIN_TRAIN)
    forecasts = corpus_forecasts(segments, models=("auto",), horizon=HORIZON, min_train=MIN_TRAIN)
    errors = errors_frame(forecasts)
    held_out = score_intervals(leave_one_series_out(forecasts), "cal_sd", "cal_df")
    provenance = {
        "built": date.today().isoformat(),
        "command": "python -m hongtonglib.forecast.calibration_build",
        "corpus": (
            "census segments of data/indicators/observations.csv and the census-derived "
            f"observations (no department submissions) with at least {min_points} points, plus "
            "the national and Shanxi urbanization segments; rolling origins from "
            f"{MIN_TRAIN} points, 1-{HORIZON} years ahead; the automatic choice of forecast_series"
            " (uncalibrated) at each origin"
        ),
        "series": sorted(errors["series"].unique().tolist()),
        "leave_one_series_out_coverage": {
            str(level): round(float(held_out[f"covered_{level}"].mean()), 4)
            for level in (50, 80, 95)
        },
        "errors_by_horizon": {str(h): int(n) for h, n in errors.groupby("horizon").size().items()},
    }
    return learn_table(errors, provenance)


def main(argv: list[str] | None = None) -> int:
    """Rebuild and write (or print) the calibration table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-points", type=int, default=MIN_CORPUS_POINTS)
    parser.add_argument("--dry-run", action="store_true", help="print the table, write nothing")
    parser.add_argument("--output", default=None, help="where to write (default data/forecast/)")
    args = parser.parse_args(argv)
    table = build(args.min_points)
    print(table.rows.to_string(index=False))
    print({k: v for k, v in table.provenance.items() if k != "series"})
    if not args.dry_run:
        path = args.output or table_path()
        table.write(path)
        print(f"written: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
