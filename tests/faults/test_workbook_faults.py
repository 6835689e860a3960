"""Faults of submitted workbooks (issue 8): size limits checked before reading, problems
printed up to a limit, control characters in what departments type.

Every workbook is SYNTHETIC (``synthetic_*.xlsx``), made from a real template.
"""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

import pytest
from faults_synthetic import URBAN, find_row
from typer.testing import CliRunner

from hongtonglib.cli import app
from hongtonglib.intake import layout
from hongtonglib.intake.issues import WorkbookRejected
from hongtonglib.intake.limits import MAX_PRINTED_ISSUES, MAX_ROWS_PER_SHEET
from hongtonglib.intake.queries import history
from hongtonglib.intake.submit import submit_workbook

runner = CliRunner()


def _rewrite(source: Path, target: Path, part: str, extra: bytes, *, at: bytes) -> None:
    """Copy a workbook, inserting ``extra`` before ``at`` in part ``part``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename in (part, "*"):
                data = data.replace(at, extra + at, 1)
            new.writestr(info.filename, data)


def _first_sheet(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))[0]


def _submit_refused(path: Path, store: Path, code: str) -> float:
    started = time.perf_counter()
    with pytest.raises(WorkbookRejected) as caught:
        submit_workbook(path, submitted_by="clerk", store=store)
    assert [issue.code for issue in caught.value.issues] == [code]
    assert not store.exists()
    return time.perf_counter() - started


def test_too_many_rows_refused_before_reading(make_workbook, store: Path, tmp_path: Path) -> None:
    base = make_workbook("rows")
    rows = b"".join(
        b'<row r="%d"><c r="H%d" t="inlineStr"><is><t>x</t></is></c></row>' % (n, n)
        for n in range(20_000, 20_000 + MAX_ROWS_PER_SHEET + 10)
    )
    bad = tmp_path / "synthetic_many_rows.xlsx"
    _rewrite(base, bad, _first_sheet(base), rows, at=b"</sheetData>")
    assert _submit_refused(bad, store, "sheet_too_many_rows") < 10


def test_zip_bomb_part_refused_without_expanding(
    make_workbook, store: Path, tmp_path: Path
) -> None:
    base = make_workbook("bomb")
    bad = tmp_path / "synthetic_bomb_bad.xlsx"
    _rewrite(base, bad, _first_sheet(base), b" " * (8 * 1024 * 1024), at=b"</sheetData>")
    assert bad.stat().st_size < 200_000
    assert _submit_refused(bad, store, "file_compression_ratio") < 10


def test_total_expansion_refused(make_workbook, store: Path, tmp_path: Path) -> None:
    base = make_workbook("expands")
    bad = tmp_path / "synthetic_expands_bad.xlsx"
    with zipfile.ZipFile(base) as old, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, old.read(info))
        # a part of random text: it compresses little (no ratio alarm) but adds up
        for index in range(12):
            new.writestr(f"xl/media/synthetic{index}.bin", os.urandom(9 * 1024 * 1024 // 10) * 10)
    code = "file_too_large" if bad.stat().st_size > 10 * 1024 * 1024 else "file_expands_too_much"
    _submit_refused(bad, store, code)


def test_too_large_file_refused(make_workbook, store: Path, tmp_path: Path) -> None:
    base = make_workbook("large")
    bad = tmp_path / "synthetic_large_bad.xlsx"
    with zipfile.ZipFile(base) as old, zipfile.ZipFile(bad, "w", zipfile.ZIP_STORED) as new:
        for info in old.infolist():
            new.writestr(info.filename, old.read(info))
        new.writestr("xl/media/synthetic.bin", os.urandom(11 * 1024 * 1024))
    _submit_refused(bad, store, "file_too_large")


def test_too_long_cell_refused(make_workbook, store: Path) -> None:
    def long_remark(book) -> None:
        sheet = book[layout.DATA_SHEET]
        sheet[f"F{find_row(sheet, URBAN, 2024)}"] = "备注" * 3000

    path = make_workbook("long_cell", edit=long_remark)
    _submit_refused(path, store, "cell_too_long")


def test_many_problems_are_summarised(make_workbook, store: Path) -> None:
    def fill_bad(book) -> None:
        sheet = book[layout.DATA_SHEET]
        for row in range(layout.HEADER_ROW + 1, sheet.max_row + 1):
            if sheet.cell(row=row, column=1).value:
                sheet.cell(row=row, column=5).value = "abc"

    path = make_workbook("many_errors", value="abc", edit=fill_bad)
    result = runner.invoke(app, ["submit", str(path), "--by", "clerk", "--store", str(store)])
    assert result.exit_code == 2
    assert result.output.count("[错误 error]") == MAX_PRINTED_ISSUES
    assert "more problem(s) not listed one by one: value_not_number" in result.output


def test_remarks_and_names_are_stored_without_control_characters(
    make_workbook, store: Path, tmp_path: Path
) -> None:
    def remark(book) -> None:
        sheet = book[layout.DATA_SHEET]
        sheet[f"F{find_row(sheet, URBAN, 2024)}"] = "统计公报CONTROL第二行"

    base = make_workbook("remark", edit=remark)
    path = tmp_path / "synthetic_remark_escapes.xlsx"
    # XML 1.0 forbids C0 controls but allows C1 ones (\x9b is the 8-bit CSI of terminal
    # escapes) and bidirectional overrides
    with zipfile.ZipFile(base) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info).replace(b"CONTROL", "\x9b2J\u202e\x85".encode())
            new.writestr(info.filename, data)
    submit_workbook(path, submitted_by="clerk\x1b]0;x\x07", store=store)
    frame = history(URBAN, store=store)
    assert frame["remark"].tolist() == ["统计公报2J第二行"]
    assert frame["submitted_by"].tolist() == ["clerk]0;x"]
