"""Validation of observation files with broken fixtures, one file per problem."""

from pathlib import Path

import pytest

from hongtonglib.indicators.validate import validate_observations_file
from hongtonglib.validation import ValidationFailed

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "broken_observations"


@pytest.mark.parametrize(
    ("file_name", "row", "field", "words"),
    [
        ("non_numeric_value.csv", 2, "value", "must be a number"),
        ("unit_mismatch.csv", 1, "unit", "differs from the registry unit '%'"),
        ("out_of_bounds.csv", 2, "value", "outside the bounds"),
        ("duplicate.csv", 3, "source_id", "duplicate of row 1"),
        ("unknown_indicator.csv", 1, "indicator_id", "unknown indicator_id 'urbanisation_rate'"),
        ("unknown_region.csv", 2, "region_code", "unknown region_code '999999'"),
        ("unknown_source.csv", 1, "source_id", "unknown source_id"),
        ("year_out_of_range.csv", 2, "year", "outside 1949-2050"),
    ],
)
def test_each_broken_file_reports_its_one_problem(file_name, row, field, words) -> None:
    with pytest.raises(ValidationFailed) as info:
        validate_observations_file(FIXTURES / file_name)
    problems = info.value.problems
    assert len(problems) == 1, [str(p) for p in problems]
    problem = problems[0]
    assert (problem.file, problem.row, problem.field) == (file_name, row, field)
    assert words in problem.message
    assert f"{file_name}, row {row}, field '{field}'" in str(info.value)


def test_missing_column_is_reported_without_a_row() -> None:
    with pytest.raises(ValidationFailed) as info:
        validate_observations_file(FIXTURES / "missing_column.csv")
    assert [(p.file, p.row, p.field) for p in info.value.problems] == [
        ("missing_column.csv", None, "unit")
    ]
    assert "missing_column.csv, field 'unit': required column is missing" in str(info.value)


def test_several_problems_are_reported_together() -> None:
    with pytest.raises(ValidationFailed) as info:
        validate_observations_file(FIXTURES / "several_problems.csv")
    located = [(p.row, p.field) for p in info.value.problems]
    assert located == [(1, "value"), (2, "unit"), (3, "region_code"), (4, "year")]
    assert str(info.value).startswith("4 problems found:")


def test_a_clean_copy_passes(tmp_path: Path) -> None:
    lines = (FIXTURES / "duplicate.csv").read_text(encoding="utf-8").splitlines()
    clean = tmp_path / "clean_synthetic.csv"
    clean.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    assert len(validate_observations_file(clean)) == 2


def test_a_target_and_an_outcome_from_one_source_are_not_duplicates(tmp_path: Path) -> None:
    header, row = (FIXTURES / "unit_mismatch.csv").read_text(encoding="utf-8").splitlines()
    outcome = row.replace(",人,", ",%,")
    target = outcome.replace("department_submission", "plan_target")
    path = tmp_path / "target_and_outcome_synthetic.csv"
    path.write_text("\n".join([header, outcome, target]) + "\n", encoding="utf-8")
    assert len(validate_observations_file(path)) == 2
