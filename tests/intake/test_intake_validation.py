"""Every kind of bad input, in synthetic workbooks generated here (values are invented)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from intake_synthetic import BURIAL, ELDERLY, HOSPITALS, URBAN, find_row
from openpyxl import Workbook, load_workbook

from hongtonglib.intake import layout
from hongtonglib.intake.issues import Severity, WorkbookRejected
from hongtonglib.intake.plausibility import ReferencePoint
from hongtonglib.intake.validate import ValidatedWorkbook, validate_workbook


def accepted(path: Path, plan, catalog, **kwargs) -> ValidatedWorkbook:
    return validate_workbook(path, plan=plan, catalog=catalog, **kwargs)


def rejected(path: Path, plan, catalog, **kwargs) -> WorkbookRejected:
    with pytest.raises(WorkbookRejected) as caught:
        validate_workbook(path, plan=plan, catalog=catalog, **kwargs)
    for issue in caught.value.issues:
        assert issue.message and issue.message_zh, issue
    return caught.value


def values_of(result: ValidatedWorkbook) -> dict[tuple[str, int], float]:
    return {(row.indicator_id, row.year): row.value for row in result.rows}


# --- accepted forms -------------------------------------------------------------------------


def test_text_fullwidth_percent_and_fraction_forms(make_workbook, plan, catalog) -> None:
    path = make_workbook(
        "fullwidth",
        values={
            (URBAN, 2020): "46.5",  # number stored as text
            (URBAN, 2021): "４６．５％",  # full-width digits and punctuation
            (URBAN, 2022): "47.1%",  # percent sign
            (URBAN, 2023): (0.474, "0.0%"),  # Excel's fraction in a percent cell
            (URBAN, 2024): 48,  # plain number
        },
    )
    result = accepted(path, plan, catalog)
    assert values_of(result) == {
        (URBAN, 2020): 46.5,
        (URBAN, 2021): 46.5,
        (URBAN, 2022): 47.1,
        (URBAN, 2023): 47.4,
        (URBAN, 2024): 48.0,
    }
    assert [row.raw_text for row in result.rows][:2] == ["46.5", "４６．５％"]
    assert result.department_id == "statistics" and result.region_code == "141024"


def test_units_and_thousands_separators_in_value_cells(make_workbook, plan, catalog) -> None:
    path = make_workbook(
        "units",
        department="civil_affairs",
        values={
            (ELDERLY, 2020): "12 所",
            (ELDERLY, 2021): "1,200所",
            (ELDERLY, 2022): "１３个",
            (BURIAL, 2020): "85%",
        },
    )
    result = accepted(path, plan, catalog)
    assert values_of(result) == {
        (ELDERLY, 2020): 12.0,
        (ELDERLY, 2021): 1200.0,
        (ELDERLY, 2022): 13.0,
        (BURIAL, 2020): 85.0,
    }


def test_blank_rows_placeholders_and_merged_label_cells(make_workbook, plan, catalog) -> None:
    def edit(book: Workbook) -> None:
        sheet = book[layout.DATA_SHEET]
        first = find_row(sheet, URBAN, 2020)
        sheet.insert_rows(first + 2)  # a fully blank row inside the table
        sheet.merge_cells(f"A{first}:A{first + 5}")  # code merged over its years and the blank
        sheet.merge_cells(f"B{first}:B{first + 5}")

    path = make_workbook(
        "merged_labels",
        values={(URBAN, 2020): 46.0, (URBAN, 2021): "—", (URBAN, 2024): "暂无"},
        edit=edit,
    )
    result = accepted(path, plan, catalog)
    assert values_of(result) == {(URBAN, 2020): 46.0}


def test_extra_sheet_warns(make_workbook, plan, catalog) -> None:
    path = make_workbook(
        "extra_sheet",
        values={(URBAN, 2024): 48},
        edit=lambda book: book.create_sheet("计算过程"),
    )
    result = accepted(path, plan, catalog)
    assert [(w.code, w.sheet) for w in result.warnings] == [("sheet_extra", "计算过程")]


def test_renamed_data_sheet_is_found_with_a_warning(make_workbook, plan, catalog) -> None:
    def rename(book: Workbook) -> None:
        book[layout.DATA_SHEET].title = "统计局填报"

    path = make_workbook("renamed_sheet", values={(URBAN, 2024): 48}, edit=rename)
    result = accepted(path, plan, catalog)
    assert [w.code for w in result.warnings] == ["sheet_renamed"]
    assert result.rows[0].sheet == "统计局填报"


def test_identical_duplicate_row_warns(make_workbook, plan, catalog) -> None:
    def duplicate(book: Workbook) -> None:
        book[layout.DATA_SHEET].append([URBAN, None, "%", 2024, 48])

    path = make_workbook("duplicate_same", values={(URBAN, 2024): "48"}, edit=duplicate)
    result = accepted(path, plan, catalog)
    assert [w.code for w in result.warnings] == ["row_duplicate_identical"]
    assert len(result.rows) == 1


def test_suspicious_jump_is_accepted_with_a_warning(make_workbook, plan, catalog) -> None:
    history = [
        ReferencePoint(2020, 40.0, "synthetic public series", "合成公开数据"),
        ReferencePoint(2021, 41.0, "synthetic public series", "合成公开数据"),
        ReferencePoint(2022, 42.0, "synthetic public series", "合成公开数据"),
    ]
    path = make_workbook("jump", values={(URBAN, 2023): 4.3, (URBAN, 2024): "4.4%"})
    result = accepted(path, plan, catalog, reference=lambda code, region: history)
    codes = [(w.code, w.row) for w in result.warnings]
    assert ("value_suspicious_jump", find_row_of(result, 2023)) in codes
    assert all(w.severity is Severity.warning for w in result.warnings)
    assert values_of(result)[(URBAN, 2023)] == 4.3


def find_row_of(result: ValidatedWorkbook, year: int) -> int:
    return next(row.row for row in result.rows if row.year == year)


def test_value_differing_from_known_value_warns(make_workbook, plan, catalog) -> None:
    known = [ReferencePoint(2024, 48.0, "approved submission 1", "第1号报送")]
    path = make_workbook("differs", values={(URBAN, 2024): 48.6})
    result = accepted(path, plan, catalog, reference=lambda code, region: known)
    assert [w.code for w in result.warnings] == ["value_differs_from_reference"]


# --- rejected rows --------------------------------------------------------------------------


def test_ambiguous_fraction_on_percent_indicator(make_workbook, plan, catalog) -> None:
    path = make_workbook("fraction", values={(URBAN, 2024): 0.465, (URBAN, 2023): "0.46"})
    error = rejected(path, plan, catalog)
    assert error.codes == ("value_percent_fraction_ambiguous",) * 2
    issue = error.issues[1]
    row = find_row(load_workbook(path)[layout.DATA_SHEET], URBAN, 2024)
    assert (issue.sheet, issue.row, issue.column, issue.header) == (
        layout.DATA_SHEET,
        row,
        "E",
        "数值",
    )
    assert "46.5" in issue.message_zh and "0.465%" in issue.message_zh


def test_unit_mismatch_and_percent_on_count(make_workbook, plan, catalog) -> None:
    path = make_workbook(
        "unit_mismatch",
        department="civil_affairs",
        values={(ELDERLY, 2020): "12 人", (ELDERLY, 2021): "50%", (ELDERLY, 2022): (0.5, "0%")},
    )
    assert rejected(path, plan, catalog).codes == (
        "value_unit_mismatch",
        "value_percent_on_non_percent",
        "value_percent_format_on_non_percent",
    )


def test_text_date_bool_formula_qualifier(make_workbook, plan, catalog) -> None:
    import datetime as dt

    path = make_workbook(
        "bad_cells",
        values={
            (URBAN, 2020): "见附件",
            (URBAN, 2021): (dt.datetime(2024, 4, 6), "yyyy-mm-dd"),
            (URBAN, 2022): True,
            (URBAN, 2023): "=46+1",  # a formula never computed (no cached value)
            (URBAN, 2024): "约48",
        },
    )
    assert rejected(path, plan, catalog).codes == (
        "value_not_number",
        "value_date",
        "value_bool",
        "value_formula_uncomputed",
        "value_qualified",
    )


def test_merged_value_cells(make_workbook, plan, catalog) -> None:
    def merge(book: Workbook) -> None:
        first = find_row(book[layout.DATA_SHEET], URBAN, 2020)
        book[layout.DATA_SHEET].merge_cells(f"E{first}:E{first + 1}")

    path = make_workbook("merged_values", values={(URBAN, 2020): 46}, edit=merge)
    error = rejected(path, plan, catalog)
    assert error.codes == ("value_merged",)
    assert error.issues[0].row == find_row(load_workbook(path)[layout.DATA_SHEET], URBAN, 2020)


def test_years_outside_range_invalid_or_missing(make_workbook, plan, catalog) -> None:
    first = []

    def edit(book: Workbook) -> None:
        sheet = book[layout.DATA_SHEET]
        first.append(find_row(sheet, URBAN, 2020))
        row = first[0]
        sheet[f"D{row}"], sheet[f"D{row + 1}"], sheet[f"D{row + 2}"] = 2031, "二〇二二", None

    path = make_workbook(
        "years",
        values={(URBAN, 2020): 46, (URBAN, 2021): 47, (URBAN, 2022): 47.5},
        edit=edit,
    )
    error = rejected(path, plan, catalog)
    assert error.codes == ("year_out_of_range", "year_invalid", "year_missing")
    row = first[0]
    assert [(i.row, i.column, i.header) for i in error.issues] == [
        (row, "D", "年份"),
        (row + 1, "D", "年份"),
        (row + 2, "D", "年份"),
    ]


def test_conflicting_duplicate_rows(make_workbook, plan, catalog) -> None:
    def duplicate(book: Workbook) -> None:
        book[layout.DATA_SHEET].append([URBAN, None, "%", 2024, 49])

    path = make_workbook("duplicate_conflict", values={(URBAN, 2024): 48}, edit=duplicate)
    error = rejected(path, plan, catalog)
    assert error.codes == ("row_duplicate_conflict",)
    assert "48、49" in error.issues[0].message_zh


def test_values_outside_bounds(make_workbook, plan, catalog) -> None:
    path = make_workbook(
        "bounds",
        department="civil_affairs",
        values={(BURIAL, 2020): 120, (BURIAL, 2021): "465%", (ELDERLY, 2020): -1},
    )
    assert rejected(path, plan, catalog).codes == ("value_out_of_bounds",) * 3


def test_indicator_not_owned_unknown_or_missing_code(make_workbook, plan, catalog) -> None:
    def edit(book: Workbook) -> None:
        sheet = book[layout.DATA_SHEET]
        sheet.append([HOSPITALS, None, "个", 2024, 2])  # the health commission's indicator
        sheet.append(["synthetic_unknown_indicator", None, None, 2024, 5])  # not in the registry
        sheet.append([None, None, None, 2024, 7])  # a value without a code

    path = make_workbook("ownership", edit=edit)
    error = rejected(path, plan, catalog)
    assert error.codes == ("indicator_not_owned", "indicator_unknown", "code_missing")
    assert "县卫健委" in error.issues[0].message_zh and "县统计局" in error.issues[0].message_zh


def test_nothing_filled(make_workbook, plan, catalog) -> None:
    assert rejected(make_workbook("empty"), plan, catalog).codes == ("nothing_filled",)


def test_every_problem_is_reported_at_once(make_workbook, plan, catalog) -> None:
    def edit(book: Workbook) -> None:
        sheet = book[layout.DATA_SHEET]
        sheet[f"D{find_row(sheet, URBAN, 2024)}"] = 2030
        sheet.append([HOSPITALS, None, None, 2024, 1])
        book.create_sheet("草稿")

    path = make_workbook(
        "many_problems",
        values={(URBAN, 2020): "0.46", (URBAN, 2021): "abc", (URBAN, 2022): 146, (URBAN, 2024): 48},
        edit=edit,
    )
    error = rejected(path, plan, catalog)
    assert error.codes == (
        "value_percent_fraction_ambiguous",
        "value_not_number",
        "value_out_of_bounds",
        "year_out_of_range",
        "indicator_not_owned",
    )
    assert [i.code for i in error.issues if i.severity is Severity.warning] == ["sheet_extra"]
    assert len(error.problems) == 5
    assert all(p.row for p in error.problems)


# --- rejected files -------------------------------------------------------------------------


def test_other_template_version(make_workbook, plan, catalog) -> None:
    def old_version(book: Workbook) -> None:
        meta = book[layout.META_SHEET]
        row = next(r for r in meta.iter_rows() if r[0].value == layout.META_TEMPLATE_VERSION)
        row[1].value = "hongtong-intake/0"

    path = make_workbook("old_version", values={(URBAN, 2024): 48}, edit=old_version)
    error = rejected(path, plan, catalog)
    assert error.codes == ("template_version",)
    assert "hongtong-intake/0" in error.issues[0].message_zh


def test_metadata_missing(make_workbook, plan, catalog, tmp_path: Path) -> None:
    def strip(book: Workbook) -> None:
        del book[layout.META_SHEET]
        book.custom_doc_props.props.clear()

    path = make_workbook("no_meta", values={(URBAN, 2024): 48}, edit=strip)
    assert rejected(path, plan, catalog).codes == ("meta_missing",)
    fresh = tmp_path / "synthetic_new_book.xlsx"
    Workbook().save(fresh)
    assert rejected(fresh, plan, catalog).codes == ("meta_missing",)


def test_metadata_from_custom_properties_when_sheet_deleted(make_workbook, plan, catalog) -> None:
    path = make_workbook(
        "props_only",
        values={(URBAN, 2024): 48},
        edit=lambda book: book.remove(book[layout.META_SHEET]),
    )
    assert values_of(accepted(path, plan, catalog)) == {(URBAN, 2024): 48.0}


def test_unknown_department_in_metadata(make_workbook, plan, catalog) -> None:
    def edit(book: Workbook) -> None:
        meta = book[layout.META_SHEET]
        row = next(r for r in meta.iter_rows() if r[0].value == layout.META_DEPARTMENT_ID)
        row[1].value = "tax_bureau"

    path = make_workbook("bad_department", values={(URBAN, 2024): 48}, edit=edit)
    assert rejected(path, plan, catalog).codes == ("department_unknown",)


def test_bad_region_in_metadata(make_workbook, plan, catalog) -> None:
    def edit(book: Workbook) -> None:
        meta = book[layout.META_SHEET]
        row = next(r for r in meta.iter_rows() if r[0].value == layout.META_REGION_CODE)
        row[1].value = "洪洞"

    path = make_workbook("bad_region", values={(URBAN, 2024): 48}, edit=edit)
    assert rejected(path, plan, catalog).codes == ("meta_region_invalid",)


def test_data_sheet_missing_ambiguous_or_header_renamed(make_workbook, plan, catalog) -> None:
    gone = make_workbook("no_data_sheet", edit=lambda book: book.remove(book[layout.DATA_SHEET]))
    assert rejected(gone, plan, catalog).codes == ("data_sheet_missing",)

    def two_copies(book: Workbook) -> None:
        copy = book.copy_worksheet(book[layout.DATA_SHEET])
        copy.title = "副本"
        book[layout.DATA_SHEET].title = "改名"

    twice = make_workbook("two_data_sheets", values={(URBAN, 2024): 48}, edit=two_copies)
    assert rejected(twice, plan, catalog).codes == ("data_sheet_ambiguous",)

    def rename_header(book: Workbook) -> None:
        book[layout.DATA_SHEET]["E2"] = "数值（%）"

    header = make_workbook("header_renamed", values={(URBAN, 2024): 48}, edit=rename_header)
    error = rejected(header, plan, catalog)
    assert error.codes == ("header_missing",)
    assert "数值" in error.issues[0].message_zh


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        (
            "synthetic_csv_renamed.xlsx",
            "指标代码,年份,数值\nurbanization_rate_pct,2024,48\n".encode(),
            "file_not_workbook",
        ),
        (
            "synthetic_xls_renamed.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
            "file_xls",
        ),
        ("synthetic_empty.xlsx", b"", "file_empty"),
        ("synthetic_binary.xlsx", bytes(range(256)) * 4, "file_not_workbook"),
    ],
)
def test_files_that_are_not_workbooks(
    tmp_path: Path, plan, catalog, name: str, content: bytes, code: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    error = rejected(path, plan, catalog)
    assert error.codes == (code,)
    assert error.issues[0].file == name


def test_corrupt_and_non_excel_zip(make_workbook, plan, catalog, tmp_path: Path) -> None:
    good = make_workbook("to_corrupt", values={(URBAN, 2024): 48})
    truncated = tmp_path / "synthetic_truncated.xlsx"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert rejected(truncated, plan, catalog).codes == ("file_corrupt",)

    docx = tmp_path / "synthetic_document.xlsx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert rejected(docx, plan, catalog).codes == ("file_not_workbook",)

    damaged = tmp_path / "synthetic_damaged_part.xlsx"
    shutil.copy(good, damaged)
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/workbook.xml":
                data = b"<workbook><broken"
            target.writestr(item, data)
    assert rejected(damaged, plan, catalog).codes == ("file_corrupt",)


def test_missing_file(tmp_path: Path, plan, catalog) -> None:
    assert rejected(tmp_path / "synthetic_absent.xlsx", plan, catalog).codes == ("file_missing",)
