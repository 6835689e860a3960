"""Faults of hand-edited and outside inputs (issue 8): parameter files and forecast CSVs."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hongtonglib.briefing.catalog import KnownIds, sector_briefing
from hongtonglib.briefing.parameters import validate_briefings
from hongtonglib.cli import app
from hongtonglib.validation import ValidationFailed
from hongtonglib.yamlio import YamlFileError, read_strict_yaml

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]

GOOD = (ROOT / "parameters" / "health.yaml").read_text(encoding="utf-8")
BOMB = """a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def _problems(tmp_path: Path, text: str | bytes) -> str:
    """Validate ``text`` as the health sector's parameter file; return the problems."""
    (tmp_path / "parameters").mkdir(exist_ok=True)
    (tmp_path / "notebooks").mkdir(exist_ok=True)
    notebook = (ROOT / "notebooks" / "health.ipynb").read_bytes()
    (tmp_path / "notebooks" / "health.ipynb").write_bytes(notebook)
    target = tmp_path / "parameters" / "health.yaml"
    target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    known = KnownIds(sectors=frozenset({"health"}), departments=frozenset())
    with pytest.raises(ValidationFailed) as caught:
        validate_briefings([sector_briefing("health", tmp_path)], known, root=tmp_path)
    return str(caught.value)


def test_the_real_file_is_valid(tmp_path: Path) -> None:
    (tmp_path / "parameters").mkdir()
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "health.ipynb").write_bytes(
        (ROOT / "notebooks" / "health.ipynb").read_bytes()
    )
    (tmp_path / "parameters" / "health.yaml").write_text(GOOD, encoding="utf-8")
    known = KnownIds(sectors=frozenset({"health"}), departments=frozenset())
    values = validate_briefings([sector_briefing("health", tmp_path)], known, root=tmp_path)
    assert values["health"]["as_of_year"] == 2026


def test_gbk_parameter_file_is_a_clear_error(tmp_path: Path) -> None:
    text = GOOD.replace("sector_id: health", "sector_id: health\n# 卫生健康").encode("gbk")
    found = _problems(tmp_path, text)
    assert "not UTF-8" in found and "GBK" in found


def test_duplicate_key_is_refused(tmp_path: Path) -> None:
    found = _problems(tmp_path, GOOD + "as_of_year: 2025\n")
    assert "duplicate key 'as_of_year'" in found


def test_year_and_level_out_of_range(tmp_path: Path) -> None:
    found = _problems(tmp_path, GOOD.replace("as_of_year: 2026", "as_of_year: 99999"))
    assert "'as_of_year' is 99999, outside the years" in found
    found = _problems(tmp_path, GOOD.replace("level: 0.8", "level: 8.0"))
    assert "strictly between 0 and 1" in found
    found = _problems(tmp_path, GOOD.replace("- 2030\n", "- 3030\n"))
    assert "demand_years" in found and "3030" in found


def test_huge_string_is_refused(tmp_path: Path) -> None:
    found = _problems(
        tmp_path, GOOD.replace("region_code: '141024'", "region_code: '" + "x" * 5000 + "'")
    )
    assert "more than 500" in found
    big = GOOD + "# " + "x" * (5 * 1024 * 1024) + "\n"
    started = time.perf_counter()
    found = _problems(tmp_path, big)
    assert "bytes, more than" in found and time.perf_counter() - started < 5


def test_alias_bomb_is_refused_fast(tmp_path: Path) -> None:
    assert len(BOMB.encode()) < 1000
    started = time.perf_counter()
    found = _problems(tmp_path, BOMB)
    assert "anchors and aliases" in found
    assert time.perf_counter() - started < 5
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB, encoding="utf-8")
    with pytest.raises(YamlFileError):
        read_strict_yaml(path)


def test_render_check_accepts_the_project_files() -> None:
    result = runner.invoke(app, ["render", "--all", "--check"])
    assert result.exit_code == 0, result.output


# -- forecast CSV ------------------------------------------------------------------------


def _forecast(tmp_path: Path, values: list[str]) -> tuple[int, str]:
    path = tmp_path / "synthetic_series.csv"
    rows = "".join(f'{2015 + i},"{v}"\n' for i, v in enumerate(values))
    path.write_text("year,value\n" + rows, encoding="utf-8")
    result = runner.invoke(app, ["forecast", "--input", str(path), "--horizon", "2"])
    return result.exit_code, result.output


@pytest.mark.parametrize("ambiguous", ["42,0", "4,3", "1,2345"])
def test_forecast_refuses_ambiguous_commas(tmp_path: Path, ambiguous: str) -> None:
    code, output = _forecast(tmp_path, ["40.1", "41.0", "41.9", ambiguous, "43.5"])
    assert code == 2
    assert "comma is not a thousands separator" in output and ambiguous in output


def test_forecast_accepts_thousands_separators(tmp_path: Path) -> None:
    code, output = _forecast(tmp_path, ["3,100", "3,200", "3,300", "3,400", "3,500"])
    assert code == 0, output


def test_forecast_absurd_magnitude_is_a_clear_error(tmp_path: Path) -> None:
    code, output = _forecast(tmp_path, ["40", "41", "1e200", "43", "44"])
    assert code == 2 and "largest magnitude" in output
    assert "every method failed" not in output
