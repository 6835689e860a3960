from pathlib import Path

import pytest

from hongtonglib.briefing.catalog import (
    KnownIds,
    department_briefing,
    sector_briefing,
    select_briefings,
)
from hongtonglib.briefing.parameters import expected_type, type_problem, validate_briefings
from hongtonglib.validation import ValidationFailed

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "notebooks"
KNOWN = KnownIds(sectors=frozenset({"housing", "education"}), departments=frozenset({"health"}))

OK_PARAMETERS = """\
sector_id: housing
as_of_year: 2024
interval_level: 0.8
indicator_ids: [urbanization_rate_pct]
show_benchmarks: true
"""


def _tree(root: Path, notebook: str, parameters: dict[str, str]) -> None:
    (root / "notebooks").mkdir(parents=True)
    (root / "parameters" / "department").mkdir(parents=True)
    for name, text in parameters.items():
        (root / "parameters" / name).write_text(text, encoding="utf-8")
        stem = Path(name).stem
        target = "department.ipynb" if name.startswith("department/") else f"{stem}.ipynb"
        (root / "notebooks" / target).write_bytes((FIXTURES / notebook).read_bytes())


def _problems(root: Path, briefings: list) -> list[str]:
    with pytest.raises(ValidationFailed) as info:
        validate_briefings(briefings, KNOWN, root=root)
    return [str(p) for p in info.value.problems]


def test_valid_file_returns_values(tmp_path: Path) -> None:
    _tree(tmp_path, "ok.ipynb", {"housing.yaml": OK_PARAMETERS})
    values = validate_briefings([sector_briefing("housing", tmp_path)], KNOWN, root=tmp_path)
    assert values["housing"]["as_of_year"] == 2024


def test_unknown_and_missing_keys_name_file_and_key(tmp_path: Path) -> None:
    text = OK_PARAMETERS.replace("show_benchmarks: true\n", "horizon: 3\n")
    _tree(tmp_path, "ok.ipynb", {"housing.yaml": text})
    problems = _problems(tmp_path, [sector_briefing("housing", tmp_path)])
    assert any(
        "parameters/housing.yaml, field 'horizon': unknown parameter 'horizon'" in p
        for p in problems
    )
    assert any(
        "parameters/housing.yaml, field 'show_benchmarks': missing parameter" in p for p in problems
    )


def test_wrong_types_are_errors(tmp_path: Path) -> None:
    text = (
        OK_PARAMETERS.replace("2024", '"2024"')
        .replace("true", "1")
        .replace("[urbanization_rate_pct]", "[1, 2]")
    )
    _tree(tmp_path, "ok.ipynb", {"housing.yaml": text})
    problems = _problems(tmp_path, [sector_briefing("housing", tmp_path)])
    joined = "\n".join(problems)
    assert "field 'as_of_year': parameter 'as_of_year' should be int" in joined
    assert "field 'show_benchmarks': parameter 'show_benchmarks' should be bool" in joined
    assert "field 'indicator_ids'" in joined and "item 0 should be str" in joined
    assert len(problems) == 3


def test_int_accepted_for_float_and_date_refused(tmp_path: Path) -> None:
    text = OK_PARAMETERS.replace("0.8", "1").replace("2024", "2024-06-30")
    _tree(tmp_path, "ok.ipynb", {"housing.yaml": text})
    problems = _problems(tmp_path, [sector_briefing("housing", tmp_path)])
    assert len(problems) == 2
    assert "field 'as_of_year'" in problems[0] and "quote it" in problems[0]
    # the int 1 is accepted as a float (no type problem), but is no level (issue 8)
    assert "field 'interval_level'" in problems[1] and "strictly between" in problems[1]


def test_unknown_department_and_sector(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        "department.ipynb",
        {"department/finance.yaml": "department_id: finance\nas_of_year: 2024\n"},
    )
    (tmp_path / "parameters" / "transport.yaml").write_text(OK_PARAMETERS, encoding="utf-8")
    (tmp_path / "notebooks" / "transport.ipynb").write_bytes((FIXTURES / "ok.ipynb").read_bytes())
    problems = _problems(
        tmp_path,
        [department_briefing("finance", tmp_path), sector_briefing("transport", tmp_path)],
    )
    joined = "\n".join(problems)
    assert "parameters/department/finance.yaml: unknown department 'finance'" in joined
    assert "parameters/transport.yaml: unknown sector 'transport'" in joined
    assert "field 'sector_id': sector_id 'housing' does not match the file name" in joined


def test_notebook_without_parameters_cell(tmp_path: Path) -> None:
    _tree(tmp_path, "no_parameters.ipynb", {"housing.yaml": "sector_id: housing\n"})
    problems = _problems(tmp_path, [sector_briefing("housing", tmp_path)])
    assert problems == ["notebooks/housing.ipynb: the notebook has no cell tagged 'parameters'"]


def test_missing_notebook_and_bad_yaml(tmp_path: Path) -> None:
    (tmp_path / "parameters").mkdir()
    (tmp_path / "parameters" / "housing.yaml").write_text("- a list\n", encoding="utf-8")
    problems = _problems(tmp_path, [sector_briefing("housing", tmp_path)])
    assert "parameters/housing.yaml: a parameter file must be a mapping" in problems[0]
    assert "notebooks/housing.ipynb: notebook not found" in problems[1]


def test_select_reports_missing_parameter_files(tmp_path: Path) -> None:
    _tree(tmp_path, "ok.ipynb", {"housing.yaml": OK_PARAMETERS})
    with pytest.raises(ValidationFailed) as info:
        select_briefings(sectors=["housing", "health"], departments=["roads"], root=tmp_path)
    text = str(info.value)
    assert "parameters/health.yaml: no parameter file for sector 'health'" in text
    assert "parameters/department/roads.yaml: no parameter file for department 'roads'" in text
    chosen = select_briefings(all_briefings=True, sectors=["housing"], root=tmp_path)
    assert [b.name for b in chosen] == ["housing"]


@pytest.mark.parametrize(
    ("default", "annotation", "value", "ok"),
    [
        ("2027", "None", 2030, True),
        ("2027", "None", True, False),
        ("0.8", "None", 1, True),
        ("0.8", "float", "x", False),
        ("None", "None", "anything", True),
        ('"a"', "int", 3, True),
        ("[]", "list[str]", ["x"], True),
        ("{}", "None", {"k": [1]}, True),
    ],
)
def test_type_rules(default: str, annotation: str, value: object, ok: bool) -> None:
    problem = type_problem(value, expected_type(default, annotation), default)
    assert (problem is None) is ok
