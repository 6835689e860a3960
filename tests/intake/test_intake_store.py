"""The append-only store: approval, supersession, history, locks, untouched on rejection.

All workbooks and values are synthetic.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from intake_synthetic import URBAN, find_row
from openpyxl import load_workbook

from hongtonglib.fileio import file_md5
from hongtonglib.indicators import get_series
from hongtonglib.intake import layout
from hongtonglib.intake.approval import DecisionRefused, approve, reject
from hongtonglib.intake.db import (
    STORE_URL_ENV,
    StoreError,
    connect_reader,
    connect_writer,
    resolve_store,
)
from hongtonglib.intake.issues import WorkbookRejected
from hongtonglib.intake.migrations import LATEST_VERSION
from hongtonglib.intake.observations import (
    approved_observations,
    observation_columns,
    store_reference,
)
from hongtonglib.intake.queries import check_store, history, list_submissions
from hongtonglib.intake.submit import submit_workbook
from hongtonglib.merged_observations import default_reference


@pytest.fixture
def submit(store: Path, plan, catalog):
    """Submit with the store's approved values as the only reference (no public data)."""

    def run(path: Path, by: str = "synthetic clerk"):
        return submit_workbook(
            path,
            submitted_by=by,
            store=store,
            plan=plan,
            catalog=catalog,
            reference=store_reference(resolve_store(store)),
        )

    return run


def snapshot(folder: Path) -> dict[str, str]:
    """md5 of every file under ``folder`` (the store's whole state on disk)."""
    return {
        str(path.relative_to(folder)): hashlib.md5(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_submission_keeps_the_original_file_and_who_when(make_workbook, submit, store) -> None:
    path = make_workbook("first", values={(URBAN, 2023): 47, (URBAN, 2024): "48%"})
    receipt = submit(path, by="合成填报员")
    assert (receipt.submission_id, receipt.value_count, receipt.superseded) == (1, 2, ())
    assert receipt.stored_path.read_bytes() == path.read_bytes()
    assert receipt.file_md5 == file_md5(path)
    frame = list_submissions(store)
    row = frame.iloc[0]
    assert (row.state, row.department_id, row.submitted_by) == (
        "submitted",
        "statistics",
        "合成填报员",
    )
    assert (row.original_name, row.template_version) == (path.name, "hongtong-intake/1")
    assert row.value_count == 2 and row.file_md5 == receipt.file_md5
    assert (store.parent / row.stored_path).is_file()
    assert check_store(store).ok


def test_only_approved_values_reach_observations(make_workbook, submit, store) -> None:
    path = make_workbook("pending", values={(URBAN, 2024): 48})
    receipt = submit(path)
    assert approved_observations(store).empty
    approve(receipt.submission_id, approved_by="synthetic analyst", store=store)
    frame = approved_observations(store)
    columns = observation_columns()
    assert list(frame.columns) == list(columns)
    row = frame.iloc[0].to_dict()
    assert {k: row[k] for k in columns if k not in ("note", "quote", "raw_ref")} == {
        "indicator_id": URBAN,
        "region_code": "141024",
        "year": 2024,
        "value": 48.0,
        "unit": "%",
        "basis": "department_submission",
        "census_base": "2020",
        "qualifier": "",
        "source_id": "submission:1",
    }
    cell = f"E{find_row(load_workbook(path)[layout.DATA_SHEET], URBAN, 2024)}"
    assert "synthetic analyst" in row["note"] and row["quote"] == f"数据填报!{cell}: 48"
    assert row["raw_ref"] == f"intake_files/submission-000001.xlsx#数据填报!{cell}"
    assert frame["year"].dtype == "int64" and frame["value"].dtype == "float64"


def test_rejection_needs_a_reason_and_hides_values(make_workbook, submit, store) -> None:
    receipt = submit(make_workbook("to_reject", values={(URBAN, 2024): 48}))
    with pytest.raises(StoreError, match="reason"):
        reject(receipt.submission_id, reason=" ", rejected_by="analyst", store=store)
    reject(receipt.submission_id, reason="口径不一致（合成）", rejected_by="analyst", store=store)
    assert approved_observations(store).empty
    row = list_submissions(store).iloc[0]
    assert (row.state, row.reason, row.decided_by) == ("rejected", "口径不一致（合成）", "analyst")


def test_new_value_supersedes_without_deleting(make_workbook, submit, store) -> None:
    first = submit(make_workbook("v1", values={(URBAN, 2024): 48}))
    approve(first.submission_id, approved_by="analyst", store=store)
    second = submit(make_workbook("v2", values={(URBAN, 2024): 48.6}))
    assert [(s.version, s.value, s.state) for s in second.superseded] == [(1, 48.0, "approved")]
    assert approved_observations(store)["value"].tolist() == [48.0]  # v2 still pending
    approve(second.submission_id, approved_by="analyst", store=store)
    assert approved_observations(store)[["value", "source_id"]].values.tolist() == [
        [48.6, "submission:2"]
    ]
    versions = history(URBAN, "141024", store=store)
    assert versions[["version", "value", "status", "submission_id"]].values.tolist() == [
        [1, 48.0, "superseded", 1],
        [2, 48.6, "current", 2],
    ]


def test_later_submission_wins_even_if_approved_first(make_workbook, submit, store) -> None:
    early = submit(make_workbook("early", values={(URBAN, 2024): 48}))
    late = submit(make_workbook("late", values={(URBAN, 2024): 49}))
    approve(late.submission_id, approved_by="analyst", store=store)
    approve(early.submission_id, approved_by="analyst", store=store)
    assert approved_observations(store)["value"].tolist() == [49.0]
    assert history(URBAN, store=store)["status"].tolist() == ["superseded", "current"]


def test_history_shows_states_and_approvers(make_workbook, submit, store) -> None:
    a = submit(make_workbook("h1", values={(URBAN, 2023): 47, (URBAN, 2024): 48}), by="clerk A")
    b = submit(make_workbook("h2", values={(URBAN, 2024): 48.2}), by="clerk B")
    c = submit(make_workbook("h3", values={(URBAN, 2024): 48.4}), by="clerk C")
    approve(a.submission_id, approved_by="analyst X", store=store)
    reject(b.submission_id, reason="synthetic reason", rejected_by="analyst Y", store=store)
    frame = history(URBAN, store=store)
    assert frame[["year", "version", "state", "status", "submitted_by", "decided_by"]].fillna(
        ""
    ).values.tolist() == [
        [2023, 1, "approved", "current", "clerk A", "analyst X"],
        [2024, 1, "approved", "current", "clerk A", "analyst X"],
        [2024, 2, "rejected", "rejected", "clerk B", "analyst Y"],
        [2024, 3, "submitted", "pending", "clerk C", ""],
    ]
    assert c.submission_id == 3
    assert history(URBAN, "140000", store=store).empty


def test_approved_values_are_locked(make_workbook, submit, store) -> None:
    receipt = submit(make_workbook("locked", values={(URBAN, 2024): 48}))
    approve(receipt.submission_id, approved_by="analyst", store=store)
    with pytest.raises(DecisionRefused, match="locked"):
        approve(receipt.submission_id, approved_by="analyst", store=store)
    with pytest.raises(DecisionRefused, match="already approved"):
        reject(receipt.submission_id, reason="too late", rejected_by="analyst", store=store)
    connection = connect_writer(resolve_store(store))
    for statement in (
        "UPDATE submission_values SET value = 1",
        "DELETE FROM submission_values",
        "UPDATE submissions SET submitted_by = 'x'",
        "DELETE FROM submissions",
        "UPDATE decisions SET state = 'rejected', reason = 'x'",
        "DELETE FROM decisions",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute(statement)
    with pytest.raises(sqlite3.IntegrityError):
        connection.execute(
            "INSERT INTO decisions VALUES (1, 'rejected', 'x', '2025-01-01', 'again')"
        )
    connection.close()
    assert approved_observations(store)["value"].tolist() == [48.0]


def test_unknown_submission(store) -> None:
    with pytest.raises(StoreError, match="no submission 9"):
        approve(9, approved_by="analyst", store=store)
    assert not store.exists()


def test_rejected_workbook_leaves_store_byte_identical(make_workbook, submit, store) -> None:
    approve(
        submit(make_workbook("base", values={(URBAN, 2024): 48})).submission_id,
        approved_by="analyst",
        store=store,
    )
    before = snapshot(store.parent)
    bad = make_workbook("bad", values={(URBAN, 2023): 0.47, (URBAN, 2024): "abc"})
    with pytest.raises(WorkbookRejected):
        submit(bad)
    not_a_workbook = bad.with_name("synthetic_not_a_workbook.xlsx")
    not_a_workbook.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(WorkbookRejected):
        submit(not_a_workbook)
    assert snapshot(store.parent) == before
    assert sorted(p.name for p in store.parent.iterdir()) == ["intake.sqlite", "intake_files"]


def test_rejected_workbook_does_not_create_a_store(make_workbook, submit, store) -> None:
    with pytest.raises(WorkbookRejected):
        submit(make_workbook("bad_first", values={(URBAN, 2024): "abc"}))
    assert not store.parent.exists()


def test_warnings_are_recorded_with_the_submission(make_workbook, submit, store) -> None:
    base = submit(
        make_workbook("series", values={(URBAN, y): 40 + y - 2020 for y in (2020, 2021, 2022)})
    )
    approve(base.submission_id, approved_by="analyst", store=store)
    path = make_workbook("jumpy", values={(URBAN, 2023): 93.0})
    receipt = submit(path)
    assert [w.code for w in receipt.warnings] == ["value_suspicious_jump"]
    again = submit(path)
    assert [w.code for w in again.warnings] == ["value_suspicious_jump", "file_already_submitted"]
    frame = list_submissions(store)
    assert frame["warning_count"].tolist() == [0, 1, 2]
    connection = connect_reader(resolve_store(store))
    stored = json.loads(
        connection.execute(
            "SELECT warnings_json FROM submissions WHERE submission_id = 2"
        ).fetchone()[0]
    )
    connection.close()
    assert stored[0]["code"] == "value_suspicious_jump" and stored[0]["message_zh"]


def test_list_submissions_filters(make_workbook, submit, store) -> None:
    a = submit(make_workbook("f1", values={(URBAN, 2024): 48}))
    submit(make_workbook("f2", values={(URBAN, 2024): 48.1}))
    approve(a.submission_id, approved_by="analyst", store=store)
    assert list_submissions(store, state="approved")["submission_id"].tolist() == [1]
    assert list_submissions(store, state="submitted")["submission_id"].tolist() == [2]
    assert list_submissions(store, department_id="health").empty


def test_store_location_from_url_and_environment(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "elsewhere" / "s.sqlite"
    assert resolve_store(f"sqlite:///{target}").db_path == target
    monkeypatch.setenv(STORE_URL_ENV, f"sqlite:///{target}")
    assert resolve_store().db_path == target
    assert resolve_store().files_dir == target.parent / "s_files"
    for bad in ("postgresql://host/db", "sqlite:///:memory:", "sqlite://relative"):
        with pytest.raises(StoreError):
            resolve_store(bad)


def test_schema_version_is_recorded_and_newer_stores_refused(store) -> None:
    location = resolve_store(store)
    connection = connect_writer(location)
    rows = connection.execute("SELECT version, description FROM schema_version").fetchall()
    assert [r[0] for r in rows] == list(range(1, LATEST_VERSION + 1))
    assert connection.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    connection.execute(
        "INSERT INTO schema_version VALUES (?, 'from the future', '2099-01-01')",
        (LATEST_VERSION + 1,),
    )
    connection.close()
    with pytest.raises(StoreError, match="schema version"):
        connect_writer(location)


def test_default_reference_compares_with_public_data(make_workbook, store, plan, catalog) -> None:
    public = get_series(URBAN, "141024", census_base=2020)
    last = public.iloc[-1]
    year = int(last["year"]) + 1
    path = make_workbook("far_from_public", values={(URBAN, year): round(last["value"] * 2, 1)})
    receipt = submit_workbook(
        path,
        submitted_by="clerk",
        store=store,
        plan=plan,
        catalog=catalog,
        reference=default_reference(store),
    )
    jump = [w for w in receipt.warnings if w.code == "value_suspicious_jump"]
    assert jump and last["source_id"] in jump[0].message
