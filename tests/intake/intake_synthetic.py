"""Names and helpers shared by the intake tests (synthetic workbooks only)."""

from __future__ import annotations

from typing import Any

from hongtonglib.intake import layout

URBAN = "urbanization_rate_pct"
ELDERLY = "public_elderly_care_institutions_count"
BURIAL = "public_burial_facility_coverage_pct"
HOSPITALS = "high_standard_hospitals_count"
YEARS = (2020, 2021, 2022, 2023, 2024)


def find_row(sheet: Any, code: str, year: int) -> int:
    """Return the Excel row of ``(code, year)`` in a template's data sheet."""
    for row in range(layout.HEADER_ROW + 1, sheet.max_row + 1):
        cells = (sheet.cell(row=row, column=1).value, sheet.cell(row=row, column=4).value)
        if cells == (code, year):
            return row
    raise KeyError((code, year))


def put(sheet: Any, coordinate: str, cell: Any) -> None:
    """Write a value, or ``(value, number_format)``, into a cell."""
    value, number_format = cell if isinstance(cell, tuple) else (cell, None)
    sheet[coordinate] = value
    if number_format:
        sheet[coordinate].number_format = number_format
