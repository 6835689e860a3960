import csv
import io
import json

from typer.testing import CliRunner

from hongtonglib.cli import app

runner = CliRunner()


def test_plan_targets_csv_has_stable_columns() -> None:
    result = runner.invoke(app, ["plan", "targets", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 40
    for column in (
        "target_id",
        "task_id",
        "indicator_id",
        "value",
        "unit",
        "comparator",
        "year",
        "lead_department_id",
        "sentence",
    ):
        assert column in rows[0]
    sponge = next(r for r in rows if r["target_id"] == "T09-sponge-city")
    assert (sponge["value"], sponge["comparator"], sponge["lead_department_id"]) == (
        "30.0",
        ">=",
        "administrative_approval",
    )


def test_plan_tasks_json_keeps_lists() -> None:
    result = runner.invoke(app, ["plan", "tasks", "--format", "json"])
    assert result.exit_code == 0
    tasks = json.loads(result.stdout)
    assert len(tasks) == 33
    assert tasks[12]["department_ids"] == ["health", "townships"]
    assert tasks[12]["lead_department_id"] == "health"


def test_plan_departments_and_projects_tables() -> None:
    result = runner.invoke(app, ["plan", "departments"])
    assert result.exit_code == 0 and "县卫健局" in result.stdout
    result = runner.invoke(app, ["plan", "projects", "-f", "csv"])
    assert result.exit_code == 0 and "investment_100m_yuan" in result.stdout.splitlines()[0]
    result = runner.invoke(app, ["plan", "repairs", "-f", "csv"])
    assert result.exit_code == 0 and result.stdout.count("\nR") == 32


def test_targets_readable_table() -> None:
    result = runner.invoke(app, ["targets"])
    assert result.exit_code == 0
    assert "数值目标 40 项" in result.stdout
    assert "≥ 55%" in result.stdout and "> 80%" in result.stdout and "1–2 个" in result.stdout
