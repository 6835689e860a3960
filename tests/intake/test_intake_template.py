"""The department template: sheets, Chinese content, validation rules, hidden metadata."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from intake_synthetic import BURIAL, ELDERLY, URBAN, YEARS, find_row
from openpyxl import load_workbook

from hongtonglib.intake import layout
from hongtonglib.intake.template import write_template
from hongtonglib.plan import UnknownKeyError


def test_template_sheets_and_metadata(tmp_path: Path, plan, catalog) -> None:
    out = tmp_path / "synthetic_civil.xlsx"
    info = write_template(
        "县民政局",
        out,
        years=YEARS,
        plan=plan,
        catalog=catalog,
        generated_at=dt.date(2025, 1, 2),
    )
    assert info.department_id == "civil_affairs"
    assert info.row_count == len(info.indicator_ids) * len(YEARS)
    book = load_workbook(out)
    assert book.sheetnames == [layout.INSTRUCTIONS_SHEET, layout.DATA_SHEET, layout.META_SHEET]
    assert book[layout.META_SHEET].sheet_state == "veryHidden"
    assert book.active.title == layout.DATA_SHEET
    meta = {}
    keys = []
    for key, value in book[layout.META_SHEET].iter_rows(values_only=True):
        if key == layout.META_ROW_KEY:
            keys.append(value)
        else:
            meta[key] = value
    assert meta[layout.META_TEMPLATE_VERSION] == layout.TEMPLATE_VERSION
    assert meta[layout.META_DEPARTMENT_ID] == "civil_affairs"
    assert meta[layout.META_GENERATED_AT] == "2025-01-02"
    assert meta[layout.META_YEARS] == "2020-2024"
    assert meta[layout.META_REGION_CODE] == "141024"
    assert f"{ELDERLY}|2020" in keys and len(keys) == info.row_count
    props = {p.name: p.value for p in book.custom_doc_props}
    assert props["hongtong_template_version"] == layout.TEMPLATE_VERSION
    assert props["hongtong_department_id"] == "civil_affairs"


def test_template_rows_are_chinese_with_targets(tmp_path: Path, plan, catalog) -> None:
    out = tmp_path / "synthetic_civil.xlsx"
    write_template("civil_affairs", out, years=YEARS, plan=plan, catalog=catalog)
    sheet = load_workbook(out)[layout.DATA_SHEET]
    header = [c.value for c in sheet[layout.HEADER_ROW]]
    assert header == [c.header for c in layout.COLUMNS]
    first = [c.value for c in sheet[find_row(sheet, ELDERLY, 2020)]]
    assert first[:5] == [ELDERLY, catalog[ELDERLY].name_zh, "所", 2020, None]
    assert "至少建设一所公办养老机构" in first[6] and "2027年" in first[6]
    definition = first[[c.key for c in layout.COLUMNS].index("definition")]
    assert definition == catalog[ELDERLY].definition_zh
    assert definition != catalog[ELDERLY].definition and "公办养老机构" in definition
    burial_row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == BURIAL)
    assert burial_row[2] == "%" and burial_row[7] == "0–100"
    instructions = "\n".join(
        str(c.value) for c in load_workbook(out)[layout.INSTRUCTIONS_SHEET]["A"] if c.value
    )
    assert "46.5" in instructions and "0.465" in instructions and "数据来源及备注" in instructions


def test_template_has_excel_data_validation(tmp_path: Path, plan, catalog) -> None:
    out = tmp_path / "synthetic_stat.xlsx"
    write_template("statistics", out, years=YEARS, plan=plan, catalog=catalog)
    sheet = load_workbook(out)[layout.DATA_SHEET]
    rules = sheet.data_validations.dataValidation
    years = next(rule for rule in rules if rule.type == "list")
    assert years.formula1 == '"2020,2021,2022,2023,2024"'
    first, last = find_row(sheet, URBAN, 2020), find_row(sheet, URBAN, 2024)
    urban = next(rule for rule in rules if str(rule.sqref) == f"E{first}:E{last}")
    assert (urban.type, urban.operator, urban.formula1, urban.formula2) == (
        "decimal",
        "between",
        "0",
        "100",
    )


def test_template_counts_use_whole_numbers(tmp_path: Path, plan, catalog) -> None:
    out = tmp_path / "synthetic_health.xlsx"
    write_template("health", out, years=YEARS, plan=plan, catalog=catalog)
    rules = load_workbook(out)[layout.DATA_SHEET].data_validations.dataValidation
    whole = [rule for rule in rules if rule.type == "whole"]
    assert whole and whole[0].operator == "greaterThanOrEqual"


def test_template_unknown_department(tmp_path: Path, plan, catalog) -> None:
    with pytest.raises(UnknownKeyError):
        write_template("县不存在局", tmp_path / "x.xlsx", plan=plan, catalog=catalog)
    assert not (tmp_path / "x.xlsx").exists()


def test_template_department_without_indicators(tmp_path: Path, plan, catalog) -> None:
    with pytest.raises(ValueError, match="supplies no indicator"):
        write_template("fire_rescue", tmp_path / "x.xlsx", plan=plan, catalog=catalog)


def test_template_write_leaves_no_temporary_file(tmp_path: Path, plan, catalog) -> None:
    write_template("statistics", tmp_path / "synthetic.xlsx", plan=plan, catalog=catalog)
    assert [p.name for p in tmp_path.iterdir()] == ["synthetic.xlsx"]


def test_template_alias_and_lead_task_indicators(plan, catalog) -> None:
    from hongtonglib.intake.scope import department_scope

    scope = department_scope("县行政审批局", plan, catalog)
    assert "sponge_city_area_share_pct" in scope.indicator_ids
    item = scope.get("sponge_city_area_share_pct")
    assert item is not None and item.by_lead_task and not item.by_registry
    assert URBAN in department_scope("statistics", plan, catalog).indicator_ids
