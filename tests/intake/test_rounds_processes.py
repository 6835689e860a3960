"""Reading a round's status while three processes submit into it (synthetic workbooks)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from round_synthetic import fill_synthetic

from hongtonglib.collection import open_round
from hongtonglib.intake.completeness import round_status
from hongtonglib.intake.db import integrity_check, resolve_store
from hongtonglib.intake.queries import list_submissions

pytestmark = pytest.mark.integration

UNITS = ("health", "education_sports", "statistics")
REPEATS = 2

SUBMITTER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from hongtonglib.intake.round_submit import submit_round_workbook
    workbook, store, go, repeats = sys.argv[1:5]
    while not Path(go).exists():
        time.sleep(0.005)
    for _ in range(int(repeats)):
        result = submit_round_workbook(workbook, submitted_by="synthetic clerk", store=store)
        print(result.receipt.submission_id, flush=True)
    """
)


def test_status_read_while_three_submissions_run(tmp_path: Path, store: Path) -> None:
    opened = open_round(
        2025,
        due_date=dt.date(2026, 3, 31),
        opened_by="synthetic analyst",
        store=store,
        departments=list(UNITS),
        out=tmp_path / "packages",
        opened_on=dt.date(2026, 1, 5),
        embed_font=False,
    )
    units = opened.units.set_index("department_id")
    requested = {unit: int(units.loc[unit, "requested"]) for unit in UNITS}
    workbooks = []
    for unit in UNITS:
        out = tmp_path / f"synthetic_parallel_{unit}.xlsx"
        fill_synthetic(opened.out / units.loc[unit, "template"], out)
        workbooks.append(out)
    go = tmp_path / "go"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", SUBMITTER, str(w), str(store), str(go), str(REPEATS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in workbooks
    ]
    reads = 0
    try:
        go.touch()
        deadline = time.monotonic() + 240
        while any(p.poll() is None for p in processes) and time.monotonic() < deadline:
            status = round_status(store=store).set_index("department_id")
            reads += 1
            for unit in UNITS:
                # A submission is seen whole or not at all: never part of its items.
                assert status.loc[unit, "received"] in (0, requested[unit])
                assert status.loc[unit, "submissions"] <= REPEATS
        outputs = [p.communicate(timeout=120) for p in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
        assert len(out.split()) == REPEATS
    assert reads > 0
    final = round_status(store=store).set_index("department_id")
    for unit in UNITS:
        assert final.loc[unit, "received"] == requested[unit]
        assert final.loc[unit, "pending"] == requested[unit]
        assert final.loc[unit, "submissions"] == REPEATS
    assert len(list_submissions(store=store)) == len(UNITS) * REPEATS
    assert integrity_check(resolve_store(store)) == ["ok"]
