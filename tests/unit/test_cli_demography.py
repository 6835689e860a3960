import csv
import io
import json

from typer.testing import CliRunner

from hongtonglib.cli import app

runner = CliRunner()


def test_reference_class_default_pace_comes_from_the_plan() -> None:
    result = runner.invoke(app, ["reference-class", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {row["class_id"] for row in rows} == {"national", "province", "similar_share"}
    urgd = [row for row in rows if row["measure"] == "urgd_per_year"]
    assert all(round(float(row["required_pace"]), 3) == 0.109 for row in urgd)
    assert all(0 <= float(row["share_reaching_pct"]) <= 100 for row in urgd)


def test_reference_class_table_prints_the_sentences() -> None:
    result = runner.invoke(app, ["reference-class", "--required-pace", "2.7", "--pace-unit", "pp"])
    assert result.exit_code == 0, result.output
    assert "每年提高2.70个百分点" in result.stdout
    assert "洪洞县2010—2020年城镇化率由32.8%升至39.5%" in result.stdout


def test_reference_class_json_exclusions_and_errors() -> None:
    result = runner.invoke(app, ["reference-class", "--show", "exclusions", "-f", "json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert {"class_id", "flag", "n_units"} <= set(records[0])
    bad = runner.invoke(app, ["reference-class", "--region", "999999"])
    assert bad.exit_code == 2
    bad = runner.invoke(app, ["reference-class", "--band", "-1"])
    assert bad.exit_code == 2


def test_demand_csv_is_tidy() -> None:
    result = runner.invoke(app, ["demand", "--scenario", "all", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert set(rows[0]) == {"region_code", "scenario", "year", "group_id", "name_zh", "persons"}
    assert {row["scenario"] for row in rows} == {"low", "central", "high"}
    census = {
        row["group_id"]: int(row["persons"])
        for row in rows
        if row["year"] == "2020" and row["scenario"] == "central"
    }
    assert census["age_65_plus"] == 76708 and census["total"] == 637812


def test_demand_table_and_errors() -> None:
    result = runner.invoke(app, ["demand", "--group", "primary_6_11", "--end-year", "2027"])
    assert result.exit_code == 0, result.output
    assert "小学适龄人口（6—11岁）预计由2024年" in result.stdout
    assert runner.invoke(app, ["demand", "--group", "nursery"]).exit_code == 2
    assert runner.invoke(app, ["demand", "--region", "999999"]).exit_code == 2
    assert runner.invoke(app, ["demand", "--end-year", "2019"]).exit_code == 2
