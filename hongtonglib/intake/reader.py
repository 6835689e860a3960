r"""Open a submitted file safely and read the raw cells of its data table.

Nothing here judges values; :mod:`hongtonglib.intake.validate` does. This module answers:
is the file an ``.xlsx`` workbook at all (not an ``.xls``, a CSV or a damaged file renamed),
what its hidden metadata says, which sheet holds the data table, where each column is, and
what every data row holds, with merged cells filled from their top-left cell (a merged value
cell is reported, since one value cannot serve several years).

Examples
--------
>>> sniff_bytes(b"PK\x03\x04rest"), sniff_bytes(b"\xd0\xcf\x11\xe0rest")
('zip', 'ole')
>>> sniff_bytes(b"a,b\n"), sniff_bytes(b"")
('text', 'empty')
"""

from __future__ import annotations

import logging
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from hongtonglib.intake import layout
from hongtonglib.intake.issues import IntakeIssue
from hongtonglib.intake.limits import (
    MAX_CELL_CHARS,
    MAX_ROWS_PER_SHEET,
    LimitExceeded,
    check_workbook_limits,
)

logger = logging.getLogger(__name__)

_KIND_ZH = {"text": "文本或 CSV 文件", "zip": "非 Excel 的压缩文件", "other": "未知格式"}


class UnreadableWorkbook(Exception):
    """The file cannot be read as a template; ``issues`` says why."""

    def __init__(self, issues: list[IntakeIssue]):
        super().__init__("; ".join(issue.message for issue in issues))
        self.issues = issues


@dataclass(frozen=True)
class RawCell:
    """One cell of a data row as the workbook holds it."""

    value: Any
    number_format: str
    coordinate: str
    column_letter: str
    formula: str | None = None
    """The formula text when the cell is a formula."""
    merged_rows: tuple[int, int] | None = None
    """First and last row of a vertical merge the cell belongs to."""


@dataclass(frozen=True)
class RawRow:
    """The cells of one data row, by column key (see :data:`layout.COLUMNS`)."""

    sheet: str
    row: int
    cells: dict[str, RawCell]

    def value(self, key: str) -> Any:
        """Return the value of column ``key`` (None when absent)."""
        cell = self.cells.get(key)
        return None if cell is None else cell.value


@dataclass
class WorkbookContents:
    """What was read from a workbook."""

    metadata: dict[str, str]
    row_keys: list[str]
    sheet: str
    header_row: int
    columns: dict[str, str]
    """Column key → letter."""
    rows: list[RawRow]
    issues: list[IntakeIssue] = field(default_factory=list)


def sniff_bytes(head: bytes) -> str:
    """Classify a file by its first bytes: ``zip``, ``ole``, ``empty``, ``text`` or ``other``."""
    if not head:
        return "empty"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        try:
            head.decode("gb18030")
        except UnicodeDecodeError:
            return "other"
    return "text" if b"\x00" not in head else "other"


def _fail(code: str, **fields: object) -> UnreadableWorkbook:
    return UnreadableWorkbook([IntakeIssue.make(code, **fields)])


def open_workbook(path: Path) -> tuple[Workbook, Workbook]:
    """Open ``path`` twice: with cached values, and with formulas.

    Raises
    ------
    UnreadableWorkbook
        When the file is missing, empty, an ``.xls``/encrypted file, not a workbook, or damaged.
    """
    from openpyxl import load_workbook

    if not path.is_file():
        raise _fail("file_missing")
    with open(path, "rb") as handle:
        head = handle.read(2048)
    kind = sniff_bytes(head)
    if kind == "empty":
        raise _fail("file_empty")
    if kind == "ole":
        raise _fail("file_xls")
    if kind != "zip":
        raise _fail("file_not_workbook", kind=kind, kind_zh=_KIND_ZH[kind])
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as error:
        raise _fail("file_corrupt", detail=str(error)) from None
    if "xl/workbook.xml" not in names:
        raise _fail("file_not_workbook", kind="zip", kind_zh=_KIND_ZH["zip"])
    try:
        check_workbook_limits(path)  # before openpyxl holds the workbook in memory
    except LimitExceeded as exceeded:
        raise UnreadableWorkbook([exceeded.issue]) from None
    try:
        values = load_workbook(path, data_only=True)
        formulas = load_workbook(path, data_only=False)
    except Exception as error:  # openpyxl raises many kinds on damaged parts
        logger.debug("openpyxl failed on %s", path, exc_info=True)
        detail = f"{type(error).__name__}: {error}"[:200]
        raise _fail("file_corrupt", detail=detail) from None
    return values, formulas


def read_metadata(workbook: Workbook) -> tuple[dict[str, str], list[str]]:
    """Return the metadata and row keys of the hidden sheet, or of the custom properties.

    Raises
    ------
    UnreadableWorkbook
        When neither holds a template version (not one of the suite's templates).
    """
    metadata: dict[str, str] = {}
    keys: list[str] = []
    if layout.META_SHEET in workbook.sheetnames:
        for key, value, *_ in workbook[layout.META_SHEET].iter_rows(values_only=True):
            if key is None or value is None:
                continue
            if key == layout.META_ROW_KEY:
                keys.append(str(value))
            else:
                metadata[str(key)] = str(value)
    if layout.META_TEMPLATE_VERSION not in metadata:
        prefix = layout.CUSTOM_PROPERTY_PREFIX
        for prop in getattr(workbook, "custom_doc_props", []):
            if prop.name.startswith(prefix) and prop.value is not None:
                metadata.setdefault(prop.name.removeprefix(prefix), str(prop.value))
    if layout.META_TEMPLATE_VERSION not in metadata:
        raise _fail("meta_missing")
    return metadata, keys


def _header_map(sheet: Worksheet) -> tuple[int, dict[str, str]] | None:
    """Return the header row and the letter of every known column, if the sheet has one."""
    by_header = {layout.normalise_header(c.header): c.key for c in layout.COLUMNS}
    required = {c.key for c in layout.COLUMNS if c.required}
    best: tuple[int, dict[str, str]] | None = None
    for number, cells in enumerate(
        sheet.iter_rows(min_row=1, max_row=layout.HEADER_SEARCH_ROWS), start=1
    ):
        found: dict[str, str] = {}
        for cell in cells:
            key = by_header.get(layout.normalise_header(cell.value))
            if key is not None and key not in found and not isinstance(cell, MergedCell):
                found[key] = cell.column_letter
        if "indicator_id" in found and (best is None or len(found) > len(best[1])):
            best = (number, found)
        if best is not None and required <= set(best[1]):
            return best
    return best


def locate_data_sheet(
    workbook: Workbook, expected: str
) -> tuple[Worksheet, int, dict[str, str], list[IntakeIssue]]:
    """Find the data table: the expected sheet, else the one sheet with its header row.

    Extra sheets are reported as warnings; a renamed data sheet is read with a warning.

    Raises
    ------
    UnreadableWorkbook
        When no sheet, or more than one, holds the table, or a required column is missing.
    """
    issues: list[IntakeIssue] = []
    candidates = []
    for name in workbook.sheetnames:
        if name == layout.META_SHEET:
            continue
        sheet = workbook[name]
        header = _header_map(sheet)
        if header is not None:
            candidates.append((sheet, *header))
    chosen = [c for c in candidates if c[0].title == expected]
    if not chosen:
        if not candidates:
            raise _fail("data_sheet_missing", expected=expected)
        if len(candidates) > 1:
            names = "、".join(c[0].title for c in candidates)
            raise _fail("data_sheet_ambiguous", sheets=names, expected=expected)
        chosen = candidates
        issues.append(
            IntakeIssue.make("sheet_renamed", sheet=chosen[0][0].title, expected=expected)
        )
    sheet, header_row, columns = chosen[0]
    for name in workbook.sheetnames:
        if name not in (sheet.title, layout.INSTRUCTIONS_SHEET, layout.META_SHEET):
            issues.append(IntakeIssue.make("sheet_extra", sheet=name))
    missing = [
        c for c in layout.COLUMNS if c.required and c.key not in columns and c.key != "indicator_id"
    ]
    if missing:
        raise UnreadableWorkbook(
            [
                IntakeIssue.make(
                    "header_missing", sheet=sheet.title, row=header_row, header=c.header
                )
                for c in missing
            ]
            + issues
        )
    return sheet, header_row, columns, issues


def _vertical_merges(sheet: Worksheet) -> dict[str, tuple[str, int, int]]:
    """Map every cell of a merged range to its top-left coordinate and row span."""
    spans: dict[str, tuple[str, int, int]] = {}
    for merged in sheet.merged_cells.ranges:
        top_left = f"{get_column_letter(merged.min_col)}{merged.min_row}"
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                spans[f"{get_column_letter(col)}{row}"] = (top_left, merged.min_row, merged.max_row)
    return spans


def read_rows(
    values: Worksheet, formulas: Worksheet, header_row: int, columns: dict[str, str]
) -> list[RawRow]:
    """Return every non-empty row below the header, merged cells filled from their top-left."""
    merges = _vertical_merges(values)
    rows = []
    if values.max_row > MAX_ROWS_PER_SHEET:  # the streaming check counts <row> tags; belt
        raise _fail("sheet_too_many_rows", part=values.title, rows=values.max_row,
                    limit=MAX_ROWS_PER_SHEET)  # fmt: skip
    for number in range(header_row + 1, values.max_row + 1):
        cells: dict[str, RawCell] = {}
        for key, letter in columns.items():
            coordinate = f"{letter}{number}"
            source = coordinate
            merged_rows = None
            if coordinate in merges:
                source, first, last = merges[coordinate]
                merged_rows = (first, last) if last > first else None
            cell = values[source]
            if isinstance(cell.value, str) and len(cell.value) > MAX_CELL_CHARS:
                raise UnreadableWorkbook(
                    [
                        IntakeIssue.make(
                            "cell_too_long",
                            sheet=values.title,
                            row=number,
                            column=letter,
                            length=len(cell.value),
                            limit=MAX_CELL_CHARS,
                        )
                    ]
                )
            formula_cell = formulas[source]
            formula = formula_cell.value if formula_cell.data_type == "f" else None
            cells[key] = RawCell(
                value=cell.value,
                number_format=cell.number_format or "General",
                coordinate=coordinate,
                column_letter=letter,
                formula=str(formula) if formula is not None else None,
                merged_rows=merged_rows,
            )
        if any(c.value is not None or c.formula for c in cells.values()):
            rows.append(RawRow(values.title, number, cells))
    return rows


def read_workbook(path: Path) -> WorkbookContents:
    """Open ``path`` and return its metadata and the raw rows of its data table.

    Raises
    ------
    UnreadableWorkbook
        When the file cannot be read as a template at all.
    """
    values, formulas = open_workbook(path)
    metadata, keys = read_metadata(values)
    expected = metadata.get(layout.META_DATA_SHEET, layout.DATA_SHEET)
    if metadata.get(layout.META_TEMPLATE_VERSION) != layout.TEMPLATE_VERSION:
        raise _fail(
            "template_version",
            found=metadata.get(layout.META_TEMPLATE_VERSION),
            expected=layout.TEMPLATE_VERSION,
        )
    sheet, header_row, columns, issues = locate_data_sheet(values, expected)
    rows = read_rows(sheet, formulas[sheet.title], header_row, columns)
    return WorkbookContents(metadata, keys, sheet.title, header_row, columns, rows, issues)
