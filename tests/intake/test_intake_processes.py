"""Several processes at once, and a run killed mid-submission (synthetic workbooks)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from intake_synthetic import URBAN

from hongtonglib.intake.approval import approve
from hongtonglib.intake.db import integrity_check, resolve_store
from hongtonglib.intake.queries import check_store, history, list_submissions
from hongtonglib.intake.submit import submit_workbook

pytestmark = pytest.mark.integration

SUBMITTER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from hongtonglib.intake.submit import submit_workbook
    workbook, store, go, name, rounds = sys.argv[1:6]
    while not Path(go).exists():
        time.sleep(0.005)
    for _ in range(int(rounds)):
        receipt = submit_workbook(workbook, submitted_by=name, store=store)
        print(receipt.submission_id, flush=True)
    """
)

APPROVER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from hongtonglib.intake.approval import approve, DecisionRefused
    from hongtonglib.intake.queries import list_submissions
    store, go, expected = sys.argv[1:4]
    while not Path(go).exists():
        time.sleep(0.005)
    done = set()
    deadline = time.monotonic() + 120
    while len(done) < int(expected) and time.monotonic() < deadline:
        for sid in list_submissions(store, state="submitted")["submission_id"]:
            approve(int(sid), approved_by="synthetic approver", store=store)
            done.add(int(sid))
        time.sleep(0.01)
    print(len(done), flush=True)
    """
)


def _spawn(script: str, *args: object) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_concurrent_submit_and_approve(make_workbook, store: Path, tmp_path: Path) -> None:
    workbooks = [
        make_workbook(f"concurrent_{i}", values={(URBAN, 2024): 48 + i / 10}) for i in range(2)
    ]
    # Create the store first so that both processes race on writes, not on creation.
    submit_workbook(
        make_workbook("concurrent_seed", values={(URBAN, 2023): 47}),
        submitted_by="seed",
        store=store,
    )
    go = tmp_path / "go"
    rounds = 3
    processes = [
        _spawn(SUBMITTER, workbook, store, go, f"synthetic clerk {i}", rounds)
        for i, workbook in enumerate(workbooks)
    ]
    processes.append(_spawn(APPROVER, store, go, 1 + rounds * len(workbooks)))
    time.sleep(1.0)  # let every interpreter start and wait on the same signal
    go.touch()
    outputs = [process.communicate(timeout=240) for process in processes]
    for process, (_, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
    ids = sorted(int(line) for out, _ in outputs[:-1] for line in out.split())
    assert ids == list(range(2, 2 + rounds * len(workbooks)))
    frame = list_submissions(store)
    assert frame["submission_id"].tolist() == list(range(1, 2 + rounds * len(workbooks)))
    assert (frame["state"] == "approved").all()
    versions = history(URBAN, store=store)
    versions_2024 = versions[versions["year"] == 2024]
    assert sorted(versions_2024["version"]) == list(range(1, 1 + rounds * len(workbooks)))
    assert (versions_2024["status"] == "current").sum() == 1
    assert integrity_check(resolve_store(store)) == ["ok"]
    assert check_store(store).ok and not check_store(store).leftovers


def test_two_processes_create_a_new_store_at_once(make_workbook, store: Path, tmp_path) -> None:
    go = tmp_path / "go"
    processes = [
        _spawn(SUBMITTER, make_workbook(f"create_{i}", values={(URBAN, 2024): 48}), store, go, i, 1)
        for i in range(2)
    ]
    time.sleep(1.0)
    go.touch()
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    assert list_submissions(store)["submission_id"].tolist() == [1, 2]
    assert integrity_check(resolve_store(store)) == ["ok"]


KILLED = textwrap.dedent(
    """
    import os, signal, sys
    import hongtonglib.intake.submit as submit
    workbook, store, where = sys.argv[1:4]
    real = getattr(submit, where)
    def then_die(*args, **kwargs):
        result = real(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)
        return result
    setattr(submit, where, then_die)
    submit.submit_workbook(workbook, submitted_by="killed run", store=store)
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("where", ["_copy_original", "_insert_rows"])
def test_killed_submission_leaves_store_as_it_was(make_workbook, store: Path, where: str) -> None:
    first = submit_workbook(
        make_workbook("before_kill", values={(URBAN, 2024): 48}), submitted_by="clerk", store=store
    )
    approve(first.submission_id, approved_by="analyst", store=store)
    before_db = store.read_bytes()
    before = list_submissions(store)
    victim = make_workbook("killed", values={(URBAN, 2024): 49})
    process = _spawn(KILLED, victim, store, where)
    process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL
    assert store.read_bytes() == before_db
    assert list_submissions(store).equals(before)
    check = check_store(store)
    assert check.ok and check.leftovers == ["submission-000002.xlsx"]
    # The next submission takes an id past the leftover copy, which is never overwritten.
    leftover = store.parent / "intake_files" / "submission-000002.xlsx"
    leftover_bytes = leftover.read_bytes()
    receipt = submit_workbook(
        make_workbook("after_kill", values={(URBAN, 2024): 50}), submitted_by="clerk", store=store
    )
    assert receipt.submission_id == 3 and receipt.stored_path.read_bytes() != victim.read_bytes()
    assert leftover.read_bytes() == leftover_bytes
    after = check_store(store)
    assert after.ok and after.leftovers == ["submission-000002.xlsx"]
    assert not os.path.exists(f"{store}-journal")
