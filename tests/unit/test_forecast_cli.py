"""``hongtong forecast``: output and every bad-input case (synthetic files only)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hongtonglib.cli import app

runner = CliRunner()

GOOD = "year,value\n2016,30.1\n2017,31.0\n2018,32.2\n2019,33.1\n2020,34.5\n"


def write(tmp_path: Path, text: str, name: str = "synthetic.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["forecast", *args])


def test_csv_output_one_row_per_year(tmp_path: Path) -> None:
    result = invoke("--input", str(write(tmp_path, GOOD)), "--horizon", "3")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "year,mean,mean_ci_lower,mean_ci_upper,method"
    assert [line.split(",")[0] for line in lines[1:]] == ["2021", "2022", "2023"]
    assert all(line.endswith(",drift") for line in lines[1:])  # 5 points: the drift rule
    assert "method: drift" in result.stderr


def test_json_output_with_bounds_level_and_method(tmp_path: Path) -> None:
    result = invoke(
        "--input",
        str(write(tmp_path, GOOD)),
        "--horizon",
        "2",
        "--bounds",
        "0,100",
        "--level",
        "0.9",
        "--method",
        "drift",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["year"] for r in rows] == [2021, 2022]
    assert set(rows[0]) == {"year", "mean", "mean_ci_lower", "mean_ci_upper", "method"}
    assert all(
        r["method"] == "drift" and 0 < r["mean_ci_lower"] < r["mean_ci_upper"] < 100 for r in rows
    )


def test_census_break_dropped_points_reported_on_stderr(tmp_path: Path) -> None:
    text = (
        "year,value,census_base\n2017,30,2010\n2018,31,2010\n2019,32,2010\n"
        "2020,35,2020\n2021,36,2020\n"
    )
    result = invoke("--input", str(write(tmp_path, text)), "--horizon", "1")
    assert result.exit_code == 0, result.stderr
    assert "dropped: 2017 (row 1)" in result.stderr
    assert result.stdout.strip().splitlines()[1].startswith("2022,37.0,")


def test_utf8_bom_and_extra_columns_are_accepted(tmp_path: Path) -> None:
    text = "\ufeffindicator_id,year,value,note\nx,2020,1,一\nx,2021,2,二\nx,2022,3,\n"
    result = invoke("--input", str(write(tmp_path, text)), "--horizon", "1")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    ("text", "args", "message"),
    [
        ("year,value\n2019,1\n2020,abc\n", (), "row 2, field 'value': value 'abc' is not a number"),
        ("year,value\n2019,1\nabc,2\n", (), "row 2, field 'year': year 'abc' is not a number"),
        ("year,value\n2019,1\n2020,\n", (), "row 2, field 'value': value is missing"),
        ("year,value\n2019,1\n2019,2\n", (), "row 2, field 'year': year 2019 appears more"),
        ("year,value\n2019,1\n", (), "needs at least 2 points with a value, found 1"),
        ("year,value\n", (), "needs at least 2 points with a value, found 0"),
        (
            "year,value\n2019,50\n2020,101\n",
            ("--bounds", "0,100"),
            "row 2, field 'value': value 101 is above the upper bound 100",
        ),
        ("year,value\n2019,-1\n2020,3\n", ("--bounds", "0,"), "below the lower bound 0"),
        ("year,amount\n2019,1\n2020,2\n", (), "field 'value': missing column 'value'"),
        ("yr,value\n2019,1\n2020,2\n", (), "field 'year': missing column 'year'"),
        ("", (), "the file is empty"),
        (GOOD, ("--bounds", "100,0"), "--bounds: lower bound 100 must be below upper bound 0"),
        (GOOD, ("--bounds", "0-100"), "--bounds: bounds must be 'lower,upper'"),
        (GOOD, ("--bounds", "a,100"), "--bounds: bound 'a' in 'a,100' is not a number"),
        (GOOD, ("--method", "holt"), "unknown forecasting method 'holt'"),
        (GOOD, ("--level", "1.5"), "field 'level': level must be strictly between 0 and 1"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(
    tmp_path: Path, text: str, args: tuple[str, ...], message: str
) -> None:
    result = invoke("--input", str(write(tmp_path, text)), "--horizon", "2", *args)
    assert result.exit_code == 2
    assert message in result.stderr, result.stderr
    assert result.stdout == ""


def test_every_problem_of_a_file_at_once(tmp_path: Path) -> None:
    text = "year,value\n2016,abc\n2017,31.0\n2017,32.2\n2019,133.1\n"
    result = invoke("--input", str(write(tmp_path, text)), "--horizon", "1", "--bounds", "0,100")
    assert result.exit_code == 2
    assert "3 problems found" in result.stderr
    assert (
        result.stderr.index("row 1") < result.stderr.index("row 3") < result.stderr.index("row 4")
    )


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = invoke("--input", str(tmp_path / "absent.csv"), "--horizon", "2")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


@pytest.mark.parametrize("horizon", ["0", "x"])
def test_bad_horizon_exits_2(tmp_path: Path, horizon: str) -> None:
    result = invoke("--input", str(write(tmp_path, GOOD)), "--horizon", horizon)
    assert result.exit_code == 2


@pytest.mark.integration  # runs a subprocess
def test_cli_module_does_not_load_pandas_or_statsmodels() -> None:
    code = "import sys, hongtonglib.cli.forecast_commands; print(' '.join(sys.modules))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.split()
    assert "pandas" not in loaded and "statsmodels" not in loaded


@pytest.mark.integration
def test_installed_command_runs(tmp_path: Path) -> None:
    executable = Path(sys.executable).parent / "hongtong"
    done = subprocess.run(
        [str(executable), "forecast", "--input", str(write(tmp_path, GOOD)), "--horizon", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("year,mean,mean_ci_lower,mean_ci_upper,method\n2021,")
