"""How long a data collection round takes: ``round open`` for all units, ``round status`` at 10k.

A script, not a test: it prints figures (and the load average beside them, since the machine
may be shared). Everything runs on a temporary store that is deleted afterwards.

1. ``hongtong round open --year 2025 --due … --out DIR`` for all 28 units, in a fresh process
   each run (start-up included): records the round and writes every package (templates and
   notices).
2. Fills a store with ``--values`` (default 10,000) SYNTHETIC submitted values: a round of 2025
   asking back to ``--first-year`` (so there are enough items), then submissions of each unit
   through the store's own path (:func:`hongtonglib.intake.submit.record_submission` with the
   round link in the same transaction; workbook validation is skipped, the values are invented
   within the indicators' bounds), a third approved, a sixth rejected, the rest pending, and
   resubmissions until the count is reached.
3. Times ``round_status`` (the library call) and ``hongtong round status --format json`` (a
   fresh process) on that store.

Usage::

    .venv/bin/python benchmarks/round_bench.py
    .venv/bin/python benchmarks/round_bench.py --values 20000 --runs 5
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hongtonglib import HONGTONG_REGION_CODE
from hongtonglib.collection import open_round
from hongtonglib.intake.approval import approve, reject
from hongtonglib.intake.catalog import load_catalog
from hongtonglib.intake.completeness import round_status
from hongtonglib.intake.db import resolve_store
from hongtonglib.intake.rounds import link_submission, round_items
from hongtonglib.intake.submit import record_submission
from hongtonglib.intake.validate import ValidatedWorkbook, ValueRow

HONGTONG = Path(sys.executable).with_name("hongtong")


def load() -> str:
    """Return the 1-minute load average as text."""
    return f"{os.getloadavg()[0]:.2f}"


def time_round_open(runs: int, folder: Path) -> list[float]:
    """Time ``hongtong round open`` for all units in fresh processes."""
    timings = []
    for run in range(runs):
        store = folder / f"open_{run}" / "intake.sqlite"
        start = time.perf_counter()
        subprocess.run(
            [
                str(HONGTONG),
                "round",
                "open",
                "--year",
                "2025",
                "--due",
                (dt.date.today() + dt.timedelta(days=90)).isoformat(),
                "--out",
                str(folder / f"open_{run}" / "packages"),
                "--store",
                str(store),
                "--by",
                "benchmark",
            ],
            check=True,
            capture_output=True,
        )
        timings.append(time.perf_counter() - start)
    return timings


def synthetic_workbook(
    department_id: str, items: list[tuple[str, int]], share: float, catalog: dict
) -> ValidatedWorkbook:
    """Return a validated-workbook record of invented values for ``items``."""
    rows = []
    for number, (code, year) in enumerate(items, start=3):
        spec = catalog[code]
        low = spec.lower_bound if spec.lower_bound is not None else 0.0
        high = spec.upper_bound if spec.upper_bound is not None else low + 100.0
        value = low + share * (high - low)
        rows.append(
            ValueRow(
                code,
                HONGTONG_REGION_CODE,
                year,
                value,
                spec.unit,
                f"{value:g}",
                "synthetic benchmark",
                "数据填报",
                number,
                f"G{number}",
            )
        )
    return ValidatedWorkbook(
        path=Path(f"synthetic_bench_{department_id}.xlsx"),
        department_id=department_id,
        department_name_zh=department_id,
        region_code=HONGTONG_REGION_CODE,
        template_version="hongtong-intake/1",
        generated_at=dt.date.today().isoformat(),
        years=tuple(sorted({y for _, y in items})),
        rows=tuple(rows),
        issues=(),
    )


def fill_store(store: Path, values: int, first_year: int) -> tuple[int, int]:
    """Open a round and submit synthetic values until ``values``; return (values, submissions)."""
    opened = open_round(
        2025,
        due_date=dt.date.today() + dt.timedelta(days=90),
        opened_by="benchmark",
        store=store,
        first_year=first_year,
    )
    round_id = opened.round.round_id
    by_unit: dict[str, list[tuple[str, int]]] = {}
    for department_id, code, year in round_items(round_id, store):
        by_unit.setdefault(department_id, []).append((code, year))
    catalog = load_catalog()
    location = resolve_store(store)
    stored = submissions = 0
    share = 0.5
    while stored < values:
        for department_id, items in by_unit.items():
            chunk = items[: values - stored]
            if not chunk:
                break
            workbook = synthetic_workbook(department_id, chunk, share, catalog)
            receipt = record_submission(
                workbook,
                b"synthetic benchmark",
                submitted_by="synthetic clerk",
                location=location,
                on_record=lambda c, sid, at: link_submission(c, sid, round_id, at) and None,
            )
            submissions += 1
            stored += len(chunk)
            if receipt.submission_id % 3 == 0:
                approve(receipt.submission_id, approved_by="benchmark", store=location)
            elif receipt.submission_id % 6 == 1:
                reject(
                    receipt.submission_id, reason="合成", rejected_by="benchmark", store=location
                )
            if stored >= values:
                break
        share += 0.01
    return stored, submissions


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--values", type=int, default=10_000)
    parser.add_argument("--first-year", type=int, default=1990)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="round_bench_") as tmp:
        folder = Path(tmp)
        opens = time_round_open(args.runs, folder)
        print(
            f"round open, all units, packages written ({args.runs} runs, fresh process): "
            f"median {statistics.median(opens):.2f} s, min {min(opens):.2f} s "
            f"(load {load()})"
        )
        store = folder / "status" / "intake.sqlite"
        start = time.perf_counter()
        stored, submissions = fill_store(store, args.values, args.first_year)
        print(
            f"filled: {stored} synthetic values in {submissions} submissions "
            f"({time.perf_counter() - start:.1f} s, load {load()})"
        )
        library = []
        for _ in range(args.runs):
            start = time.perf_counter()
            frame = round_status(store=store)
            library.append(time.perf_counter() - start)
        print(
            f"round_status() on {stored} values, {int(frame['requested'].sum())} items: "
            f"median {statistics.median(library):.3f} s, min {min(library):.3f} s (load {load()})"
        )
        cli = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run(
                [str(HONGTONG), "round", "status", "--store", str(store), "--format", "json"],
                check=True,
                capture_output=True,
            )
            cli.append(time.perf_counter() - start)
        print(
            f"hongtong round status --format json (fresh process): median "
            f"{statistics.median(cli):.2f} s, min {min(cli):.2f} s (load {load()})"
        )


if __name__ == "__main__":
    main()
