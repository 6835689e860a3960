"""Fill round templates with SYNTHETIC values, for the round tests and the demonstration.

Every value written here is invented (a fixed fraction of the indicator's range); none of it is
data. Workbooks are saved as ``synthetic_*.xlsx``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from openpyxl import load_workbook

from hongtonglib.intake import layout
from hongtonglib.intake.catalog import IndicatorSpec, load_catalog


def value_column(sheet) -> int:
    """Return the column number of 数值 in a data sheet's header row."""
    for cell in sheet[layout.HEADER_ROW]:
        if layout.normalise_header(cell.value) == layout.column_by_key("value").header:
            return cell.column
    raise KeyError("数值")


def synthetic_value(spec: IndicatorSpec, share: float = 0.6) -> float:
    """Return an invented value inside the indicator's bounds (``share`` of the way up)."""
    low = spec.lower_bound if spec.lower_bound is not None else 0.0
    high = spec.upper_bound if spec.upper_bound is not None else low + 100.0
    value = low + share * (high - low)
    if spec.is_count:
        return float(round(value))
    if spec.is_percent and 0 < value <= 1:
        return 2.0
    return round(value, 1)


def fill_synthetic(
    template: Path,
    out: Path,
    *,
    items: Iterable[tuple[str, int]] | None = None,
    share: float = 0.6,
) -> list[tuple[str, int]]:
    """Fill the requested rows (or ``items``) of a round template; save as ``out``.

    Returns the ``(indicator_id, year)`` filled.
    """
    assert out.name.startswith("synthetic_"), "synthetic fills must be named synthetic_*"
    catalog = load_catalog()
    book = load_workbook(template)
    sheet = book[layout.DATA_SHEET]
    column = value_column(sheet)
    wanted = None if items is None else set(items)
    filled = []
    for row in range(layout.HEADER_ROW + 1, sheet.max_row + 1):
        code, year = sheet.cell(row=row, column=1).value, sheet.cell(row=row, column=4).value
        if code is None:
            continue
        key = (str(code), int(year))
        requested = sheet.cell(row=row, column=column).fill.fgColor.rgb.endswith("FFF2CC")
        if (wanted is None and requested) or (wanted is not None and key in wanted):
            sheet.cell(row=row, column=column).value = synthetic_value(catalog[key[0]], share)
            sheet.cell(row=row, column=column + 1).value = "合成测试数据（synthetic）"
            filled.append(key)
    book.save(out)
    return filled
