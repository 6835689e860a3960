"""Input validation and break handling of forecast series (synthetic series only)."""

from __future__ import annotations

import pandas as pd
import pytest

from hongtonglib.forecast import Bounds, forecast_series, prepare_series
from hongtonglib.validation import ValidationFailed


def problems_of(data: object, **options: object) -> list[str]:
    with pytest.raises(ValidationFailed) as info:
        prepare_series(data, **options)  # type: ignore[arg-type]
    return [str(p) for p in info.value.problems]


def test_accepts_frame_series_mapping_and_pairs_sorted_by_year() -> None:
    expected = ((2019, 2020, 2021), (2.0, 3.0, 4.0))
    frame = pd.DataFrame({"year": [2021, 2019, 2020], "value": [4.0, 2.0, 3.0]})
    for data in (
        frame,
        pd.Series([4.0, 2.0, 3.0], index=[2021, 2019, 2020]),
        {2021: 4.0, 2019: 2.0, 2020: 3.0},
        [(2021, 4.0), (2019, 2.0), (2020, 3.0)],
    ):
        prepared = prepare_series(data)
        assert (prepared.years, prepared.values) == expected


def test_text_cells_as_read_from_csv_are_parsed() -> None:
    frame = pd.DataFrame({"year": ["2019", " 2020 ", "2021.0"], "value": ["1.5", "2", "1,234"]})
    prepared = prepare_series(frame)
    assert prepared.years == (2019, 2020, 2021)
    assert prepared.values == (1.5, 2.0, 1234.0)


def test_every_problem_reported_at_once_with_row_and_field() -> None:
    frame = pd.DataFrame(
        {
            "year": ["2018", "abc", "2020", "2020", "2021.5", ""],
            "value": ["1", "2", "x", "4", "5", "6"],
        }
    )
    found = problems_of(frame, source="synthetic.csv")
    assert "synthetic.csv, row 2, field 'year': year 'abc' is not a number" in found
    assert "synthetic.csv, row 3, field 'value': value 'x' is not a number" in found
    assert any("row 5, field 'year'" in p and "not a whole year" in p for p in found)
    assert any("row 6, field 'year'" in p and "missing" in p for p in found)
    assert len(found) == 4  # row 3 is invalid, so 2020 is not a duplicate


def test_duplicate_years_name_both_rows() -> None:
    found = problems_of(pd.DataFrame({"year": [2019, 2020, 2020], "value": [1, 2, 3]}))
    assert found == ["series, row 3, field 'year': year 2020 appears more than once (rows 2, 3)"]


def test_fewer_than_two_points_is_an_error() -> None:
    assert problems_of({2020: 1.0}) == [
        "series, field 'value': a forecast needs at least 2 points with a value, found 1"
    ]


def test_values_outside_bounds_are_errors() -> None:
    found = problems_of({2019: -1.0, 2020: 50.0, 2021: 100.5}, bounds=(0, 100))
    assert found == [
        "series, row 1, field 'value': value -1 is below the lower bound 0",
        "series, row 3, field 'value': value 100.5 is above the upper bound 100",
    ]


def test_values_on_the_bounds_are_allowed() -> None:
    assert prepare_series({2020: 0.0, 2021: 100.0}, bounds=Bounds(0, 100)).n == 2


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pd.DataFrame({"year": [2020]}), "missing column 'value'"),
        (pd.DataFrame({"value": [1.0]}), "missing column 'year'"),
        (
            pd.DataFrame({"year": [2020, 2021], "value": [1, 2], "basis": ["census", "guess"]}),
            "unknown basis 'guess'",
        ),
        (
            pd.DataFrame({"year": [2020, 2021], "value": [1, 2], "census_base": ["2010", "x"]}),
            "census_base 'x' is not a census year",
        ),
        (
            pd.DataFrame({"year": [2020, 2021], "value": [1, 2], "region_code": ["1", "2"]}),
            "mixes several values of region_code",
        ),
        (pd.DataFrame({"year": [1850, 2021], "value": [1, 2]}), "outside 1900–2100"),
        (pd.DataFrame({"year": [2020, 2021], "value": [1, float("inf")]}), "not a finite"),
        (pd.DataFrame({"year": [2020, 2021], "value": [1, True]}), "True is not a number"),
    ],
)
def test_other_bad_inputs(frame: pd.DataFrame, message: str) -> None:
    found = problems_of(frame)
    assert any(message in p for p in found), found


def test_gaps_are_kept_not_filled() -> None:
    prepared = prepare_series({2010: 1.0, 2013: 2.0, 2014: 2.5})
    assert prepared.years == (2010, 2013, 2014)
    assert prepared.has_gaps


CENSUS_BREAK = pd.DataFrame(
    {
        "year": [2016, 2017, 2018, 2019, 2020, 2021, 2022],
        "value": [30.0, 31.0, 32.0, 33.0, 36.0, 37.0, 38.0],
        "census_base": ["2010", "2010", "2010", "2010", "2020", "2020", "2020"],
    }
)


def test_census_break_uses_latest_segment_and_records_dropped_points() -> None:
    prepared = prepare_series(CENSUS_BREAK)
    assert prepared.years == (2020, 2021, 2022)
    assert [(p.row, p.year) for p in prepared.dropped] == [
        (1, 2016),
        (2, 2017),
        (3, 2018),
        (4, 2019),
    ]
    assert all("before the break at 2020" in p.reason for p in prepared.dropped)
    assert "census_base 2010→2020 between 2019 and 2020" in prepared.notes[0]


def test_census_break_can_be_refused() -> None:
    found = problems_of(CENSUS_BREAK, on_break="refuse")
    assert len(found) == 1
    assert "row 5, field 'census_base'" in found[0]
    assert "changes from 2010 (year 2019, row 4) to 2020" in found[0]


def test_census_break_is_carried_into_the_forecast_result() -> None:
    result = forecast_series(CENSUS_BREAK, horizon=2)
    assert [year for year, _ in result.points_used] == [2020, 2021, 2022]
    assert len(result.dropped) == 4
    assert any("break in the series" in note for note in result.notes)
    # the trend is that of the latest segment (1 per year), not the bridged 1.4 per year
    assert result.table["mean"].round(6).tolist() == [39.0, 40.0]


def test_break_leaving_one_point_is_an_error() -> None:
    frame = pd.DataFrame(
        {"year": [2018, 2019, 2020], "value": [1.0, 2.0, 5.0], "census_base": [2010, 2010, 2020]}
    )
    assert problems_of(frame) == [
        "series, field 'value': a forecast needs at least 2 points with a value after the "
        "break, found 1"
    ]


def test_blank_census_base_rows_follow_the_labelled_rows() -> None:
    frame = pd.DataFrame(
        {
            "year": [2018, 2019, 2020, 2021, 2022],
            "value": [1.0, 2.0, 5.0, 6.0, 7.0],
            "census_base": ["2010", "", "2020", "", "2020"],
        }
    )
    prepared = prepare_series(frame)
    assert prepared.years == (2020, 2021, 2022)
    assert [p.year for p in prepared.dropped] == [2018, 2019]


def test_plan_targets_are_dropped_with_reason() -> None:
    frame = pd.DataFrame(
        {
            "year": [2020, 2021, 2022, 2027],
            "value": [40.0, 41.0, 42.0, 55.0],
            "basis": ["bulletin", "bulletin", "census", "plan_target"],
        }
    )
    prepared = prepare_series(frame)
    assert prepared.years == (2020, 2021, 2022)
    assert prepared.dropped[0].year == 2027
    assert "plan_target" in prepared.dropped[0].reason


def test_basis_change_cuts_only_when_asked() -> None:
    frame = pd.DataFrame(
        {
            "year": [2019, 2020, 2021, 2022],
            "value": [1.0, 2.0, 3.0, 4.0],
            "basis": ["sample_survey", "sample_survey", "bulletin", "bulletin"],
        }
    )
    assert prepare_series(frame).n == 4
    assert prepare_series(frame, break_columns=("census_base", "basis")).years == (2021, 2022)


def test_bad_options_are_errors() -> None:
    with pytest.raises(ValueError, match="on_break"):
        prepare_series({2020: 1.0, 2021: 2.0}, on_break="bridge")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="below upper"):
        Bounds(100, 0)
