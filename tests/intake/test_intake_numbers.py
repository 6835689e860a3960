"""Reading numbers as staff type them (synthetic cell values)."""

from __future__ import annotations

import datetime as dt

import pytest

from hongtonglib.intake.numbers import CellProblem, parse_code, parse_value, parse_year


@pytest.mark.parametrize(
    ("cell", "number_format", "unit", "expected"),
    [
        (46.5, "General", "%", 46.5),
        ("46.5", "@", "%", 46.5),  # number stored as text
        ("４６．５％", "General", "%", 46.5),  # full-width digits, point and percent
        ("４６．５", "General", "%", 46.5),
        ("46.5%", "General", "%", 46.5),
        (" 46.5 % ", "General", "%", 46.5),
        (0.465, "0.0%", "%", 46.5),  # Excel's fraction in a percent-formatted cell
        (1, "0%", "%", 100.0),
        ("0.465%", "General", "%", 0.465),  # explicit: really under 1 percent
        (0, "General", "%", 0.0),
        ("0", "General", "%", 0.0),
        (100, "General", "%", 100.0),
        ("3,200", "General", "人", 3200.0),  # thousands separator
        ("3,200人", "General", "人", 3200.0),  # unit typed into the cell
        ("３，２００人", "General", "人", 3200.0),
        ("1,234,567.5", "General", "亿元", 1234567.5),
        ("12 所", "General", "所", 12.0),
        ("12所", "General", "所", 12.0),
        ("12个", "General", "所", 12.0),  # interchangeable facility classifiers
        ("30.4亿元", "General", "亿元", 30.4),
        ("-3", "General", "个", -3.0),  # readable; the bounds reject it later
        (None, "General", "%", None),
        ("", "General", "%", None),
        ("—", "General", "%", None),
        ("暂无", "General", "%", None),
        ("N/A", "General", "%", None),
    ],
)
def test_parse_value_accepts(cell: object, number_format: str, unit: str, expected: float) -> None:
    assert parse_value(cell, number_format, unit) == expected


@pytest.mark.parametrize(
    ("cell", "number_format", "unit", "code"),
    [
        (0.465, "General", "%", "value_percent_fraction_ambiguous"),
        ("0.465", "General", "%", "value_percent_fraction_ambiguous"),
        ("０．４６５", "General", "%", "value_percent_fraction_ambiguous"),
        (1, "General", "%", "value_percent_fraction_ambiguous"),
        ("46.5%", "General", "所", "value_percent_on_non_percent"),
        (0.12, "0%", "所", "value_percent_format_on_non_percent"),
        ("3,200人", "General", "万人", "value_unit_mismatch"),
        ("12 km", "General", "米", "value_unit_mismatch"),
        ("46,5", "General", "%", "value_comma_ambiguous"),
        ("1,23", "General", "个", "value_comma_ambiguous"),
        ("约46", "General", "%", "value_qualified"),
        ("46以上", "General", "%", "value_qualified"),
        ("≥46", "General", "%", "value_qualified"),
        ("12左右", "General", "所", "value_qualified"),
        ("无", "General", "个", "value_placeholder_ambiguous"),
        ("abc", "General", "%", "value_not_number"),
        ("4.6e1", "General", "%", "value_not_number"),
        ("46.5.1", "General", "%", "value_not_number"),
        (dt.datetime(2024, 3, 5), "yyyy-mm-dd", "%", "value_date"),
        (True, "General", "%", "value_bool"),
        (float("nan"), "General", "%", "value_not_number"),
    ],
)
def test_parse_value_refuses(cell: object, number_format: str, unit: str, code: str) -> None:
    with pytest.raises(CellProblem) as caught:
        parse_value(cell, number_format, unit)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (2024, 2024),
        (2024.0, 2024),
        ("2024", 2024),
        ("2024年", 2024),
        ("２０２４", 2024),
        (None, None),
    ],
)
def test_parse_year(cell: object, expected: int | None) -> None:
    assert parse_year(cell) == expected


@pytest.mark.parametrize("cell", ["24", "二〇二四", 2024.5, "2024-2025", True])
def test_parse_year_refuses(cell: object) -> None:
    with pytest.raises(CellProblem):
        parse_year(cell)


def test_parse_code_folds_full_width_and_case() -> None:
    assert parse_code("ｕｒｂａｎｉｚａｔｉｏｎ_rate_PCT ") == "urbanization_rate_pct"
