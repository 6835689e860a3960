"""Faults of the submission store (issue 8): the store never loses the original evidence.

Each test reproduces one case of the issue against a synthetic store in a temporary folder.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from faults_synthetic import URBAN, snapshot
from typer.testing import CliRunner

from hongtonglib.cli import app
from hongtonglib.intake.approval import approve
from hongtonglib.intake.backup import backup_store, restore_store
from hongtonglib.intake.db import STORE_URL_ENV, StoreDamaged, StoreError
from hongtonglib.intake.queries import check_store, history, list_submissions
from hongtonglib.intake.submit import submit_workbook

runner = CliRunner()


@pytest.fixture
def approved_store(make_workbook, store: Path) -> Path:
    """A store with one approved submission (its original in ``intake_files``)."""
    receipt = submit_workbook(make_workbook("first"), submitted_by="clerk", store=store)
    approve(receipt.submission_id, approved_by="analyst", store=store)
    return store


def cli(*args: str):
    return runner.invoke(app, list(args))


def original(store: Path) -> Path:
    return store.parent / "intake_files" / "submission-000001.xlsx"


@pytest.mark.parametrize("damage", ["empty", "missing"])
def test_empty_or_missing_db_next_to_originals_is_refused(
    approved_store: Path, make_workbook, damage: str
) -> None:
    evidence = original(approved_store).read_bytes()
    if damage == "empty":
        approved_store.write_bytes(b"")
    else:
        approved_store.unlink()
    before = snapshot(approved_store.parent)
    checked = cli("store-check", "--store", str(approved_store))
    assert checked.exit_code == 2 and "refused" in checked.output
    assert "integrity: ok" not in checked.output
    removed = cli("store-check", "--store", str(approved_store), "--remove-leftovers")
    assert removed.exit_code == 2
    listed = cli("submissions", "--store", str(approved_store))
    assert listed.exit_code == 2 and "original workbook" in listed.output
    assert "Traceback" not in listed.output
    with pytest.raises(StoreDamaged):
        submit_workbook(make_workbook("second", 49.0), submitted_by="clerk", store=approved_store)
    assert snapshot(approved_store.parent) == before
    assert original(approved_store).read_bytes() == evidence


def test_an_existing_original_is_never_overwritten(approved_store: Path, make_workbook) -> None:
    # A database restored from an older copy does not know submission 2, whose file exists.
    stray = approved_store.parent / "intake_files" / "submission-000002.xlsx"
    stray.write_bytes(b"the original of a submission the database lost")
    receipt = submit_workbook(
        make_workbook("next", 49.0), submitted_by="clerk", store=approved_store
    )
    assert receipt.submission_id == 3
    assert stray.read_bytes() == b"the original of a submission the database lost"


def test_read_only_command_does_not_touch_a_foreign_sqlite_file(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE accounts (id INTEGER, name TEXT)")
    connection.commit()
    connection.close()
    before = snapshot(tmp_path)
    result = cli("submissions", "--store", str(other))
    assert result.exit_code == 2 and "another application" in result.output
    assert snapshot(tmp_path) == before and not (tmp_path / "other_files").exists()


def test_read_only_command_never_creates_a_store(tmp_path: Path) -> None:
    store = tmp_path / "nothing" / "intake.sqlite"
    result = cli("submissions", "--store", str(store))
    assert result.exit_code == 0 and "no submission" in result.output
    assert not (tmp_path / "nothing").exists()


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:3000])


def _random(path: Path) -> None:
    path.write_bytes(os.urandom(path.stat().st_size))


def _damage_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    # overwrite the second page (the first table's b-tree) with garbage
    data[page : 2 * page] = os.urandom(page)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_truncate, _random, _damage_page])
def test_damaged_store_gives_one_line_errors_and_no_write(
    approved_store: Path, make_workbook, damage
) -> None:
    sqlite3.connect(approved_store).execute("PRAGMA page_size").fetchone()
    damage(approved_store)
    damaged_bytes = approved_store.read_bytes()
    for args in (
        ("submissions",),
        ("history", "-i", URBAN),
        ("approve", "1", "--by", "analyst"),
        ("store-check",),
    ):
        result = cli(*args, "--store", str(approved_store))
        assert result.exit_code != 0, args
        assert "Traceback" not in result.output, args
        assert len(result.output.strip().splitlines()) <= 4, (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), args
    assert approved_store.read_bytes() == damaged_bytes


def test_backup_then_restore_after_damage(approved_store: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup" / "intake-backup.sqlite"
    made = cli("store-backup", "--store", str(approved_store), "--to", str(backup))
    assert made.exit_code == 0, made.output
    assert (backup.parent / "intake-backup_files" / "submission-000001.xlsx").is_file()
    again = cli("store-backup", "--store", str(approved_store), "--to", str(backup))
    assert again.exit_code == 2 and "never overwrites" in again.output
    _damage_page(approved_store)
    original(approved_store).unlink()
    assert cli("submissions", "--store", str(approved_store)).exit_code == 2
    restored = cli("store-restore", "--store", str(approved_store), "--from", str(backup))
    assert restored.exit_code == 0, restored.output
    assert "kept as" in restored.output
    assert list_submissions(approved_store)["state"].tolist() == ["approved"]
    assert check_store(approved_store).ok
    kept = [p for p in approved_store.parent.iterdir() if ".replaced-" in p.name]
    assert len(kept) == 1


def test_backup_api_functions_refuse_damaged_source(approved_store: Path, tmp_path: Path) -> None:
    _random(approved_store)
    with pytest.raises(StoreDamaged):
        backup_store(approved_store, tmp_path / "b.sqlite")
    with pytest.raises(StoreError):
        restore_store(tmp_path / "absent.sqlite", approved_store)


def test_control_characters_and_empty_names(approved_store: Path, make_workbook) -> None:
    hostile = "clerk\x1b[2J\x07"
    path = make_workbook("escape\x1b[2J", 49.0)
    result = cli("submit", str(path), "--by", hostile, "--store", str(approved_store))
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    frame = list_submissions(approved_store)
    assert frame["submitted_by"].tolist()[-1] == "clerk[2J"
    assert "\x1b" not in frame["original_name"].tolist()[-1]
    empty = cli("approve", "2", "--by", "", "--store", str(approved_store))
    assert empty.exit_code == 2 and "--by" in empty.output
    listed = cli("submissions", "--store", str(approved_store), "--format", "csv")
    assert "\x1b" not in listed.output
    assert history(URBAN, store=approved_store)["state"].tolist() == ["approved", "submitted"]


def test_huge_submission_id_is_a_clear_error(approved_store: Path) -> None:
    result = cli(
        "approve", "99999999999999999999", "--by", "analyst", "--store", str(approved_store)
    )
    assert result.exit_code == 2 and "out of range" in result.output
    assert not isinstance(result.exception, OverflowError)


def test_store_outside_data_is_in_the_fingerprint(
    approved_store: Path, make_workbook, monkeypatch, repo_root: Path
) -> None:
    from hongtonglib.briefing.fingerprint import HashCache, store_inputs

    monkeypatch.setenv(STORE_URL_ENV, f"sqlite:///{approved_store}")
    before = store_inputs(HashCache(), repo_root)
    assert list(before) == [f"store:{approved_store.resolve().as_posix()}"]
    receipt = submit_workbook(
        make_workbook("later", 50.0), submitted_by="clerk", store=approved_store
    )
    approve(receipt.submission_id, approved_by="analyst", store=approved_store)
    assert store_inputs(HashCache(), repo_root) != before
