"""A full data collection round on a temporary store, with SYNTHETIC fills (a demonstration).

Run as a script::

    .venv/bin/python tests/intake/round_demo_synthetic.py OUT_DIR [--render]

It opens a round of 2025 for all units (packages under ``OUT_DIR/packages``), fills the round
templates of five units with invented values (files ``synthetic_*.xlsx``; none of it is data),
submits them, approves some, rejects one, resubmits it, closes the round, accepts a late one,
prints the status table, writes the 催报 list to ``OUT_DIR/remind``, and with ``--render``
renders the overview, two department briefings and the index page against this store into
``OUT_DIR/rendered`` (``HONGTONG_STORE_URL`` points there only for that child process).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from round_synthetic import fill_synthetic

from hongtonglib.cli.common import TableFormat, print_frame
from hongtonglib.collection import open_round, write_reminders
from hongtonglib.intake.approval import approve, reject
from hongtonglib.intake.completeness import (
    STATUS_TABLE_COLUMNS,
    round_status,
    target_completeness,
)
from hongtonglib.intake.round_submit import submit_round_workbook
from hongtonglib.intake.rounds import close_round

ANALYST = "synthetic analyst"


def run(out: Path, *, render: bool) -> None:
    """Run the demonstration into ``out``."""
    store = out / "store" / "intake.sqlite"
    today = dt.date.today()
    opened = open_round(
        2025,
        due_date=today + dt.timedelta(days=30),
        opened_by=ANALYST,
        store=store,
        out=out / "packages",
    )
    units = opened.units.set_index("department_id")

    def submit(unit: str, name: str, share: float = 0.6, items=None) -> int:
        path = out / f"synthetic_{name}.xlsx"
        fill_synthetic(opened.out / units.loc[unit, "template"], path, share=share, items=items)
        result = submit_round_workbook(path, submitted_by=f"synthetic clerk ({unit})", store=store)
        return result.receipt.submission_id

    health = submit("health", "health", share=0.02)
    approve(health, approved_by=ANALYST, store=store)
    education = submit("education_sports", "education", share=0.5)
    approve(education, approved_by=ANALYST, store=store)
    housing = submit("housing_urban_rural", "housing", share=0.4)
    reject(housing, reason="合成演示：请核实口径后重报", rejected_by=ANALYST, store=store)
    housing_again = submit("housing_urban_rural", "housing_resubmitted", share=0.45)
    approve(housing_again, approved_by=ANALYST, store=store)
    civil_items = [("public_elderly_care_institutions_count", 2025)]
    submit("civil_affairs", "civil_affairs_partial", items=civil_items)  # pending, partial
    close_round(opened.round.round_id, closed_by=ANALYST, store=store)
    submit("finance", "finance_late", share=0.3)  # after closing: accepted, marked late

    status = round_status(store=store)
    print_frame(status[list(STATUS_TABLE_COLUMNS)], TableFormat.table)
    targets = target_completeness(store=store)
    print(f"\ntargets complete for the round: {int(targets['complete'].sum())} of {len(targets)}")
    html_path, _csv, table = write_reminders(
        out / "remind", store=store, today=today + dt.timedelta(days=45)
    )
    print(f"\n催报 list ({len(table)} units, judged 45 days from now): {html_path}")
    if render:
        env = dict(os.environ, HONGTONG_STORE_URL=f"sqlite:///{store}")
        hongtong = Path(sys.executable).with_name("hongtong")
        subprocess.run(
            [
                str(hongtong),
                "render",
                "--sector",
                "overview",
                "--department",
                "health",
                "--department",
                "civil_affairs",
                "--out",
                str(out / "rendered"),
                "--jobs",
                "2",
            ],
            check=True,
            env=env,
        )


def main() -> None:
    """Parse the arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--render", action="store_true")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    run(args.out, render=args.render)


if __name__ == "__main__":
    main()
