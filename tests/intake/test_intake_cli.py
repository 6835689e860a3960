"""The intake commands, end to end: template → fill (synthetic) → submit → approve → data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from intake_synthetic import URBAN, find_row
from openpyxl import load_workbook
from typer.testing import CliRunner

from hongtonglib.cli import app
from hongtonglib.intake import layout
from hongtonglib.intake.db import STORE_URL_ENV
from hongtonglib.intake.observations import approved_observations
from hongtonglib.merged_observations import get_series, load_observations

runner = CliRunner()


@pytest.fixture
def default_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the default store (no --store) at a temporary folder."""
    path = tmp_path / "store" / "intake.sqlite"
    monkeypatch.setenv(STORE_URL_ENV, f"sqlite:///{path}")
    return path


def fill(path: Path, values: dict[tuple[str, int], object]) -> None:
    book = load_workbook(path)
    sheet = book[layout.DATA_SHEET]
    for (code, year), value in values.items():
        sheet[f"E{find_row(sheet, code, year)}"] = value
    book.save(path)


def test_end_to_end_template_submit_approve_observations(tmp_path: Path, default_store) -> None:
    out = tmp_path / "synthetic_statistics.xlsx"
    result = runner.invoke(
        app, ["template", "--department", "县统计局", "--years", "2022-2024", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert re.search(r"statistics, \d+ indicators, \d+ rows", result.stdout)
    fill(out, {(URBAN, 2023): "４７．２％", (URBAN, 2024): 48.1})

    result = runner.invoke(app, ["submit", str(out), "--by", "synthetic clerk"])
    assert result.exit_code == 0, result.output
    assert "第 1 号报送" in result.stdout and "submission 1" in result.stdout
    assert approved_observations().empty

    result = runner.invoke(app, ["approve", "1", "--by", "synthetic analyst"])
    assert result.exit_code == 0, result.output
    frame = approved_observations()
    assert frame[["indicator_id", "year", "value", "basis", "source_id"]].values.tolist() == [
        [URBAN, 2023, 47.2, "department_submission", "submission:1"],
        [URBAN, 2024, 48.1, "department_submission", "submission:1"],
    ]

    # The suite's observations include the approved values, with the same columns and types.
    everything = load_observations()
    submitted = everything[everything["basis"] == "department_submission"]
    assert submitted[["indicator_id", "region_code", "year", "value"]].values.tolist() == [
        [URBAN, "141024", 2023, 47.2],
        [URBAN, "141024", 2024, 48.1],
    ]
    assert submitted["census_base"].tolist() == [2020, 2020]
    assert everything.dtypes.equals(load_observations(include_submissions=False).dtypes)
    assert len(load_observations(include_submissions=False)) == len(everything) - 2
    series = get_series(URBAN, "141024", census_base=2020).set_index("year")
    assert series.loc[2024, "value"] == 48.1 and series.loc[2024, "source_id"] == "submission:1"
    assert 2024 not in get_series(URBAN, "141024", include_submissions=False)["year"].tolist()

    # A correction is a new submission; once approved it replaces the value everywhere.
    fill(out, {(URBAN, 2024): 48.3})
    assert runner.invoke(app, ["submit", str(out), "--by", "synthetic clerk"]).exit_code == 0
    assert get_series(URBAN, "141024").set_index("year").loc[2024, "value"] == 48.1
    assert runner.invoke(app, ["approve", "2", "--by", "synthetic analyst"]).exit_code == 0
    latest = get_series(URBAN, "141024").set_index("year").loc[2024]
    assert (latest["value"], latest["source_id"]) == (48.3, "submission:2")


def test_submit_rejected_workbook_exits_2_with_full_report(tmp_path: Path, default_store) -> None:
    out = tmp_path / "synthetic_bad.xlsx"
    runner.invoke(app, ["template", "-d", "statistics", "--years", "2023-2024", "-o", str(out)])
    fill(out, {(URBAN, 2023): 0.47, (URBAN, 2024): "abc"})
    result = runner.invoke(app, ["submit", str(out), "--by", "clerk"])
    assert result.exit_code == 2
    report = result.stderr
    assert "发现 2 处错误" in report and "nothing was stored" in report
    row = find_row(load_workbook(out)[layout.DATA_SHEET], URBAN, 2023)
    assert f"数据填报 第{row}行 E列（数值）" in report and f"row {row}, column E (数值)" in report
    assert "“abc”不是数字" in report and "'abc' is not a number" in report
    assert not default_store.exists()


def test_submit_non_workbook_exits_2(tmp_path: Path, default_store) -> None:
    fake = tmp_path / "synthetic_renamed.xlsx"
    fake.write_text("a,b\n", encoding="utf-8")
    result = runner.invoke(app, ["submit", str(fake)])
    assert result.exit_code == 2
    assert "不是 Excel 工作簿" in result.stderr


def test_reject_history_submissions_and_store_check(tmp_path: Path, default_store) -> None:
    out = tmp_path / "synthetic_cycle.xlsx"
    runner.invoke(app, ["template", "-d", "statistics", "--years", "2024", "-o", str(out)])
    fill(out, {(URBAN, 2024): 48})
    assert runner.invoke(app, ["submit", str(out), "--by", "clerk"]).exit_code == 0
    fill(out, {(URBAN, 2024): 48.5})
    assert runner.invoke(app, ["submit", str(out), "--by", "clerk"]).exit_code == 0
    assert runner.invoke(app, ["approve", "1", "--by", "analyst"]).exit_code == 0
    result = runner.invoke(app, ["approve", "1", "--by", "analyst"])
    assert result.exit_code == 2 and "locked" in result.stderr
    result = runner.invoke(app, ["reject", "2", "--reason", "synthetic: wrong basis", "--by", "a"])
    assert result.exit_code == 0, result.output

    result = runner.invoke(
        app, ["history", "--indicator", URBAN, "--region", "141024", "-f", "csv"]
    )
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("indicator_id,region_code,year,version,value,unit,status")
    assert ",1,48.0,%,current,1," in lines[1] and ",2,48.5,%,rejected,2," in lines[2]

    result = runner.invoke(app, ["submissions"])
    assert result.exit_code == 0
    assert "approved" in result.stdout and "synthetic: wrong basis" in result.stdout
    result = runner.invoke(app, ["submissions", "--state", "rejected", "-f", "json"])
    assert '"submission_id":2' in result.stdout.replace(" ", "")

    result = runner.invoke(app, ["store-check"])
    assert result.exit_code == 0 and "integrity: ok" in result.stdout


def test_template_unknown_department_and_bad_years(tmp_path: Path) -> None:
    result = runner.invoke(app, ["template", "-d", "nobody", "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2 and "unknown department" in result.stderr
    result = runner.invoke(
        app, ["template", "-d", "health", "--years", "2025-2018", "-o", str(tmp_path / "x.xlsx")]
    )
    assert result.exit_code == 2


def test_empty_store_listings(default_store) -> None:
    assert runner.invoke(app, ["submissions"]).stdout.strip() == "no submission"
    assert "no submitted value" in runner.invoke(app, ["history", "-i", URBAN]).stdout


@pytest.mark.integration
def test_approved_value_reaches_the_assessment(tmp_path: Path, default_store) -> None:
    from hongtonglib.assess.plan_assessment import assess_plan

    out = tmp_path / "synthetic_assessment.xlsx"
    runner.invoke(app, ["template", "-d", "statistics", "--years", "2025", "-o", str(out)])
    fill(out, {(URBAN, 2025): 44.0})
    assert runner.invoke(app, ["submit", str(out), "--by", "synthetic clerk"]).exit_code == 0
    pending = assess_plan(as_of=2026).item("T00-urbanization-2027")
    assert pending.latest_source_id != "submission:1"
    assert runner.invoke(app, ["approve", "1", "--by", "synthetic analyst"]).exit_code == 0
    approved = assess_plan(as_of=2026).item("T00-urbanization-2027")
    assert (approved.latest_value, approved.latest_year) == (44.0, 2025)
    assert approved.latest_source_id == "submission:1"
