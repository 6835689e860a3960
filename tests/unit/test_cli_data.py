"""The ``hongtong data`` command group, run in process with typer's CLI runner."""

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hongtonglib import paths
from hongtonglib.cli import app

runner = CliRunner()


def test_data_check_passes_on_the_project_data() -> None:
    result = runner.invoke(app, ["data", "check"])
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output


def test_indicators_as_csv_have_stable_columns() -> None:
    result = runner.invoke(app, ["data", "indicators", "--format", "csv"])
    assert result.exit_code == 0
    header = result.output.splitlines()[0].split(",")
    assert header[:6] == ["indicator_id", "name_zh", "name_en", "unit", "direction", "lower_bound"]
    assert "urbanization_rate_pct" in result.output


@pytest.mark.parametrize("table", ["sources", "regions", "observations"])
def test_tables_print_in_every_format(table: str) -> None:
    for fmt in ("table", "csv", "json"):
        result = runner.invoke(app, ["data", table, "--format", fmt])
        assert result.exit_code == 0, result.output


def test_observations_filter_and_census_flag() -> None:
    args = ["data", "observations", "--region", "141024", "--format", "json"]
    curated = json.loads(runner.invoke(app, args).output)
    with_census = json.loads(runner.invoke(app, [*args, "--census"]).output)
    assert {row["region_code"] for row in curated} == {"141024"}
    assert len(with_census) > len(curated)


def test_series_as_json() -> None:
    result = runner.invoke(
        app,
        [
            "data",
            "series",
            "urbanization_rate_pct",
            "141024",
            "--census-base",
            "2020",
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    years = [row["year"] for row in json.loads(result.output)]
    assert years == [2020, 2022]


def test_series_unknown_indicator_exits_2() -> None:
    result = runner.invoke(app, ["data", "series", "nope", "141024"])
    assert result.exit_code == 2


def test_data_check_exits_2_with_the_report(tmp_path: Path, monkeypatch) -> None:
    home = tmp_path / "home"
    shutil.copytree(paths.data_dir(), home / "data")
    observations = home / "data" / "indicators" / "observations.csv"
    lines = observations.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",2019,", ",1900,", 1)  # data row 3: a synthetic broken year
    observations.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("HONGTONG_HOME", str(home))
    result = runner.invoke(app, ["data", "check"])
    assert result.exit_code == 2
    assert "observations.csv, row 3, field 'year'" in result.output
