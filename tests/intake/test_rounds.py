"""Data collection rounds end to end, on temporary stores with SYNTHETIC fills.

Every value submitted here is invented by :mod:`round_synthetic` and saved as
``synthetic_*.xlsx``; none of it is data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from round_synthetic import fill_synthetic, value_column
from typer.testing import CliRunner

from hongtonglib.cli import app
from hongtonglib.collection import open_round, write_reminders
from hongtonglib.intake import layout
from hongtonglib.intake.approval import SelfApprovalRefused, approve, reject
from hongtonglib.intake.completeness import (
    round_item_states,
    round_status,
    round_totals,
    target_completeness,
)
from hongtonglib.intake.db import StoreError, resolve_store
from hongtonglib.intake.queries import list_submissions
from hongtonglib.intake.round_submit import submit_round_workbook
from hongtonglib.intake.rounds import RoundError, close_round, get_round, list_rounds
from hongtonglib.intake.template import RoundMarks, write_template

runner = CliRunner()
OPENED = dt.date(2026, 1, 5)
DUE = dt.date(2026, 3, 31)
BEFORE_DUE = dt.date(2026, 2, 1)
AFTER_DUE = dt.date(2026, 4, 10)


def _digest(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest() if path.exists() else "absent"


@pytest.fixture
def opened(tmp_path: Path, store: Path):
    """A round of 2025 for three units, opened 2026-01-05 and due 2026-03-31 (far future
    submissions are therefore late: the tests pass the dates they judge against)."""
    return open_round(
        2025,
        due_date=DUE,
        opened_by="synthetic analyst",
        store=store,
        departments=["health", "education_sports", "statistics", "townships"],
        out=tmp_path / "packages",
        opened_on=OPENED,
        embed_font=False,
    )


def _template(opened, department_id: str) -> Path:
    relative = opened.units.set_index("department_id").loc[department_id, "template"]
    return opened.out / relative


def test_open_round_writes_packages_and_lists_units_with_nothing(opened, store: Path) -> None:
    units = opened.units.set_index("department_id")
    assert units.loc["townships", "requested"] == 0
    assert units.loc["townships", "template"] == ""  # listed, no empty file sent
    assert units.loc["health", "requested"] > 0
    listing = pd.read_csv(opened.out / "units.csv")
    assert set(listing["department_id"]) == {
        "health",
        "education_sports",
        "statistics",
        "townships",
    }
    index = (opened.out / "index.html").read_text(encoding="utf-8")
    assert "各乡镇" in index and "本轮无应报项" in index
    notice = (opened.out / units.loc["health", "notice"]).read_text(encoding="utf-8")
    assert ("2026年3月31日" in notice and "报送通知" not in notice) or "通知" in notice
    assert "高标准办好1-2个医院" in notice  # which plan target the item serves
    book = load_workbook(_template(opened, "health"))
    meta = dict(
        (k, v) for k, v, *_ in book[layout.META_SHEET].iter_rows(values_only=True) if k != "row_key"
    )
    assert meta[layout.META_ROUND_ID] == "1" and meta[layout.META_ROUND_YEAR] == "2025"
    sheet = book[layout.DATA_SHEET]
    headers = [c.value for c in sheet[layout.HEADER_ROW]]
    assert headers.index("已有数值（只读）") < headers.index("数值")
    assert "第1轮" in sheet["A1"].value
    # The statistics unit's known urbanization values are shown read-only beside the input.
    stats = load_workbook(_template(opened, "statistics"))[layout.DATA_SHEET]
    earlier = {
        stats.cell(row=r, column=1).value: stats.cell(row=r, column=6).value
        for r in range(3, stats.max_row + 1)
    }
    assert "公开数据" in earlier["urbanization_rate_pct"]


def test_round_end_to_end_status_resubmission_late_and_close(
    opened, store: Path, tmp_path: Path
) -> None:
    health = fill_synthetic(_template(opened, "health"), tmp_path / "synthetic_health.xlsx")
    first = submit_round_workbook(
        tmp_path / "synthetic_health.xlsx", submitted_by="synthetic clerk", store=store
    )
    assert first.round.round_id == 1 and first.late  # submitted today, after 2026-03-31
    status = round_status(store=store, today=BEFORE_DUE).set_index("department_id")
    assert status.loc["health", "received"] == len(health) == status.loc["health", "pending"]
    assert status.loc["health", "reporting_rate"] == 100.0
    assert status.loc["health", "timeliness"] == "late"
    assert status.loc["statistics", "timeliness"] == "not_due"
    assert status.loc["townships", "timeliness"] == "nothing_requested"
    overdue = round_status(store=store, today=AFTER_DUE).set_index("department_id")
    assert overdue.loc["statistics", "timeliness"] == "overdue"
    assert overdue.loc["statistics", "days_overdue"] == 10
    assert overdue.loc["health", "days_overdue"] == 0  # owes nothing

    reject(
        first.receipt.submission_id,
        reason="合成测试：请核实",
        rejected_by="synthetic analyst",
        store=store,
    )
    status = round_status(store=store).set_index("department_id")
    assert status.loc["health", "rejected"] == len(health)
    assert status.loc["health", "reporting_rate"] == 0.0
    # A resubmission supersedes within its round.
    fill_synthetic(_template(opened, "health"), tmp_path / "synthetic_health_2.xlsx", share=0.5)
    second = submit_round_workbook(
        tmp_path / "synthetic_health_2.xlsx", submitted_by="synthetic clerk", store=store
    )
    with pytest.raises(SelfApprovalRefused, match="must be someone else"):
        approve(second.receipt.submission_id, approved_by="synthetic clerk", store=store)
    approve(second.receipt.submission_id, approved_by="synthetic analyst", store=store)
    items = round_item_states(store=store)
    mine = items[items["department_id"] == "health"]
    assert set(mine["state"]) == {"approved"}
    assert set(mine["submission_id"]) == {second.receipt.submission_id}
    targets = target_completeness(store=store).set_index("target_id")
    assert bool(targets.loc["T13-high-standard-hospitals", "complete"])
    assert not bool(targets.loc["T00-urbanization-2025", "complete"])

    closed = close_round(1, closed_by="synthetic analyst", store=store)
    assert closed.is_closed
    with pytest.raises(RoundError, match="already closed"):
        close_round(1, closed_by="synthetic analyst", store=store)
    fill_synthetic(_template(opened, "statistics"), tmp_path / "synthetic_statistics.xlsx")
    late = submit_round_workbook(
        tmp_path / "synthetic_statistics.xlsx", submitted_by="synthetic clerk", store=store
    )
    assert late.late  # accepted after closing, marked late
    totals = round_totals(round_status(store=store))
    assert totals["units_reported"] == 2 and totals["units"] == 3

    html_path, csv_path, table = write_reminders(tmp_path / "remind", store=store, today=AFTER_DUE)
    assert list(table["department_id"]) == ["education_sports"]
    page = html_path.read_text(encoding="utf-8")
    assert "县教体局" in page
    assert "@font-face" in page and "data:font/woff;base64," in page  # printable anywhere
    assert "education_sports" in csv_path.read_text(encoding="utf-8")


def test_rounds_coexist_and_second_open_of_a_year_is_refused(opened, store: Path) -> None:
    before = _digest(store)
    with pytest.raises(RoundError, match="already open"):
        open_round(2025, due_date=DUE, opened_by="synthetic analyst", store=store, opened_on=OPENED)
    assert _digest(store) == before
    other = open_round(
        2024, due_date=DUE, opened_by="synthetic analyst", store=store, opened_on=OPENED
    )
    assert [r.year for r in list_rounds(store)] == [2025, 2024]
    assert other.round.round_id == 2 and get_round(store=store).round_id == 2


def test_due_date_before_opening_is_refused_and_nothing_written(
    tmp_path: Path, store: Path
) -> None:
    with pytest.raises(RoundError, match="before the round's opening date"):
        open_round(
            2025,
            due_date=dt.date(2025, 12, 31),
            opened_by="synthetic analyst",
            store=store,
            out=tmp_path / "packages",
            opened_on=OPENED,
            embed_font=False,
        )
    assert not (tmp_path / "packages").exists()
    assert list_rounds(store) == []


def test_unknown_round_is_a_clear_error(opened, store: Path) -> None:
    with pytest.raises(RoundError, match=r"no round 9 in the store; rounds: 1 \(2025\)"):
        round_status(9, store=store)


def test_workbook_of_another_round_or_older_template_is_refused(
    opened, store: Path, tmp_path: Path
) -> None:
    open_round(
        2024,
        due_date=DUE,
        opened_by="synthetic analyst",
        store=store,
        opened_on=OPENED,
        departments=["health"],
        out=tmp_path / "packages_2024",
        embed_font=False,
    )
    fill_synthetic(_template(opened, "health"), tmp_path / "synthetic_round1.xlsx")
    before = _digest(store)
    with pytest.raises(RoundError, match="template of round 1, not of round 2"):
        submit_round_workbook(
            tmp_path / "synthetic_round1.xlsx", submitted_by="x", round_id=2, store=store
        )
    plain = tmp_path / "synthetic_plain.xlsx"
    write_template("health", plain, years=(2025,))
    book = load_workbook(plain)
    book[layout.DATA_SHEET]["E3"] = 3
    book.save(plain)
    with pytest.raises(RoundError, match="not a round template"):
        submit_round_workbook(plain, submitted_by="x", round_id=1, store=store)
    assert _digest(store) == before
    assert list_submissions(store=store).empty


def test_unit_not_in_round_is_refused(opened, store: Path, tmp_path: Path) -> None:
    rogue = tmp_path / "synthetic_rogue.xlsx"
    marks = RoundMarks(
        1, 2025, DUE.isoformat(), {}, {}, frozenset({("resident_population_persons", 2025)})
    )
    write_template("civil_affairs", rogue, years=(2025,), marks=marks)
    book = load_workbook(rogue)
    sheet = book[layout.DATA_SHEET]
    sheet.cell(row=3, column=value_column(sheet)).value = 5
    book.save(rogue)
    before = _digest(store)
    with pytest.raises(RoundError, match="unit 'civil_affairs' is not in round 1"):
        submit_round_workbook(rogue, submitted_by="x", store=store)
    assert _digest(store) == before


def test_cli_round_status_json_remind_and_review(
    opened, store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill_synthetic(_template(opened, "health"), tmp_path / "synthetic_cli.xlsx")
    result = runner.invoke(
        app,
        [
            "submit",
            str(tmp_path / "synthetic_cli.xlsx"),
            "--by",
            "synthetic clerk",
            "--store",
            str(store),
        ],
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["round", "status", "--store", str(store), "--format", "json"])
    assert result.exit_code == 0, result.output
    records = {r["department_id"]: r for r in json.loads(result.stdout)}
    keys = {
        "department_id",
        "requested",
        "received",
        "approved",
        "pending",
        "rejected",
        "missing",
        "reporting_rate",
        "timeliness",
    }
    assert keys <= set(records["health"])
    assert records["health"]["pending"] == records["health"]["requested"]
    result = runner.invoke(app, ["round", "status", "--round", "7", "--store", str(store)])
    assert result.exit_code == 2 and "no round 7" in result.output
    result = runner.invoke(
        app, ["round", "remind", "--out", str(tmp_path / "r"), "--store", str(store)]
    )
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "r").glob("*.html"))) == 1
    result = runner.invoke(app, ["review", "99", "--store", str(store)])
    assert result.exit_code == 2 and "no submission 99" in result.output
    result = runner.invoke(
        app, ["review", "1", "--store", str(store), "--as-of", "2026", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    review = json.loads(result.stdout)
    effect = {e["target_id"]: e for e in review["effect"]}
    hospitals = effect["T13-high-standard-hospitals"]
    assert hospitals["status_before"] == "no_data" and hospitals["status_after"] != "no_data"
    result = runner.invoke(app, ["approve", "1", "--by", "synthetic clerk", "--store", str(store)])
    assert result.exit_code == 2 and "someone else" in result.output
    result = runner.invoke(
        app,
        ["approve", "1", "--by", "synthetic clerk", "--store", str(store), "--allow-self-approval"],
    )
    assert result.exit_code == 0, result.output
    row = list_submissions(store=store).iloc[0]
    assert row["submitted_by"] == row["decided_by"] == "synthetic clerk"
    assert "self-approval" in row["reason"]
    result = runner.invoke(
        app, ["round", "open", "--year", "2025", "--due", "2030-01-01", "--store", str(store)]
    )
    assert result.exit_code == 2 and "already open" in result.output
    result = runner.invoke(
        app, ["round", "open", "--year", "2023", "--due", "2001-01-01", "--store", str(store)]
    )
    assert result.exit_code == 2 and "before the round's opening date" in result.output


def test_review_lookup_matches_get_series() -> None:
    from hongtonglib.assess.review import series_lookup_from
    from hongtonglib.indicators import get_series, load_observations

    public = load_observations(include_submissions=False)
    lookup = series_lookup_from(public, public.iloc[0:0])
    mine = lookup("urbanization_rate_pct", "141024")
    theirs = get_series("urbanization_rate_pct", "141024", include_submissions=False)
    assert mine["year"].tolist() == theirs["year"].tolist()
    assert mine["value"].tolist() == theirs["value"].tolist()
    assert mine["source_id"].tolist() == theirs["source_id"].tolist()


def test_store_error_for_review_of_missing_store(tmp_path: Path) -> None:
    from hongtonglib.intake.review_data import submission_record

    with pytest.raises(StoreError, match="no submission 1"):
        submission_record(1, resolve_store(tmp_path / "none.sqlite"))
