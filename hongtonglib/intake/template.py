"""Write the Excel workbook a department fills in (``hongtong template``).

The workbook has three sheets: instructions (填表说明), the data table (数据填报: one row per
indicator and year, with name, unit, Chinese definition, the plan targets served, a value cell and a
source/remark cell), and a veryHidden ``_meta`` sheet identifying the template version,
department, generation date and row keys. The main metadata is repeated in the workbook's
custom properties. Only plain openpyxl features are used, so Excel and WPS open it.

Examples
--------
>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "synthetic_health.xlsx"
>>> info = write_template("health", out, years=(2023, 2024))
>>> info.department_id, info.row_count == 2 * len(info.indicator_ids)
('health', True)
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from hongtonglib import HONGTONG_REGION_CODE
from hongtonglib.fileio import atomic_write_bytes
from hongtonglib.intake import layout
from hongtonglib.intake.catalog import IndicatorSpec, load_catalog
from hongtonglib.intake.scope import DepartmentScope, ScopedIndicator, department_scope, target_text
from hongtonglib.plan import Plan, load_plan

logger = logging.getLogger(__name__)

DEFAULT_YEARS = tuple(range(2018, 2026))
"""Years a template offers unless told otherwise (2018-2025)."""

_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_THIN = Side(style="thin", color="BFBFBF")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class TemplateInfo:
    """What was written."""

    path: Path
    department_id: str
    template_version: str
    years: tuple[int, ...]
    indicator_ids: tuple[str, ...]
    row_count: int


def instructions_lines(scope: DepartmentScope, years: Sequence[int]) -> list[str]:
    """Return the lines of the instructions sheet (Chinese)."""
    name = scope.department.name_zh
    span = layout.format_years(tuple(years))
    return [
        f"洪洞县城镇化行动方案监测 数据填报说明（{name}）",
        "",
        f"1. 本表由{name}填写，填报年份为 {span}，地区为洪洞县（{HONGTONG_REGION_CODE}）。",
        f"2. 请只在“{layout.DATA_SHEET}”工作表的黄色单元格中填写：“数值”和“数据来源及备注”。"
        "其他列（指标代码、名称、单位、年份等）请勿修改；不要改工作表名称，不要删除表头。",
        "3. “数值”栏只填数字，按“单位”列的单位填写，例如城镇化率 46.5% 填 46.5 或 46.5%。"
        "百分比指标不要填 0.465 这样的小数（无法判断是 46.5% 还是 0.465%）；"
        "如确为不足 1% 的数值，请带上百分号，如 0.5%。",
        "4. 可以带千位分隔符（3,200），可以用全角数字；不要写“约”“以上”“左右”等字样，"
        "这类说明以及数据出处（文件名、统计报表名称、口径）请写在“数据来源及备注”栏。",
        "5. 没有数据的年份请留空，不要填 0（数值确为零才填 0），也不要只写“无”。",
        "6. 不要合并单元格，不要重复填写同一指标同一年份；如需补充其他年份，请在表末复制一行，"
        "改年份后填写（年份须在填报年份之内）。",
        "7. 数值须在“合理范围”之内，超出范围的表格会被整表退回。与以往数据相差很大的数值可以提交，"
        "但会被标注提醒，请在备注中说明原因。",
        "8. 提交后由分析人员审核：审核通过的数据即锁定，如需更正，请重新填写并提交一份新表，"
        "新数据经审核后替代旧数据，旧数据保留备查。",
        "9. 发现问题时，系统会一次列出全部错误（工作表、行号、列号和原因），请逐条修改后重新提交。",
        "",
        f"模板版本：{layout.TEMPLATE_VERSION}",
    ]


def _write_instructions(sheet: Worksheet, lines: list[str]) -> None:
    sheet.column_dimensions["A"].width = 110
    for number, line in enumerate(lines, start=1):
        cell = sheet.cell(row=number, column=1, value=line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if number == 1:
            cell.font = Font(bold=True, size=14)


def _definition(spec: IndicatorSpec) -> str:
    """Return the 指标解释 text: the registry's Chinese definition (English only as a fallback)."""
    return spec.definition_zh or spec.definition


@dataclass(frozen=True)
class RoundMarks:
    """What a round's template adds: its id and year, known values, requested rows."""

    round_id: int
    round_year: int
    due_date: str
    known: Mapping[tuple[str, int], str]
    """``(indicator_id, year) -> text`` of the value already known (read-only cell)."""
    earlier: Mapping[tuple[str, int], str]
    """``(indicator_id, year) -> text`` of the known values of earlier years (read-only)."""
    requested: frozenset[tuple[str, int]]
    """The rows the unit is asked to fill."""


_KNOWN_FILL = PatternFill("solid", fgColor="EDEDED")
_ROUND_YEAR_FILL = PatternFill("solid", fgColor="F8CBAD")
_OPTIONAL_FILL = PatternFill("solid", fgColor="FFFBEA")


def _row_cells(
    item: ScopedIndicator, year: int, marks: RoundMarks | None = None
) -> dict[str, object]:
    spec = item.spec
    key = (spec.indicator_id, year)
    round_cells = {}
    if marks is not None:
        round_cells = {
            "known": marks.known.get(key, "—"),
            "earlier": marks.earlier.get(key, "—"),
        }
    return round_cells | {
        "indicator_id": spec.indicator_id,
        "name_zh": spec.name_zh,
        "unit": spec.unit,
        "year": year,
        "value": None,
        "remark": None,
        "targets": "；".join(target_text(target) for target in item.targets) or "—",
        "bounds": spec.bounds_text() or "—",
        "definition": _definition(spec),
    }


def _value_validation(spec: IndicatorSpec) -> DataValidation | None:
    low, high = spec.lower_bound, spec.upper_bound
    if low is None and high is None:
        return None
    kind = "whole" if spec.is_count else "decimal"
    kind_zh = "整数" if spec.is_count else "数字"
    if low is not None and high is not None:
        options = {"operator": "between", "formula1": f"{low:g}", "formula2": f"{high:g}"}
    elif low is not None:
        options = {"operator": "greaterThanOrEqual", "formula1": f"{low:g}"}
    else:
        options = {"operator": "lessThanOrEqual", "formula1": f"{high:g}"}
    return DataValidation(
        type=kind,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="数值超出范围",
        error=f"请填写{kind_zh}，范围 {spec.bounds_text()}（单位：{spec.unit}）。",
        showInputMessage=True,
        promptTitle=spec.name_zh[:32],
        prompt=f"单位：{spec.unit}；范围 {spec.bounds_text()}。只填数字。"[:255],
        **options,
    )


def _write_data_sheet(
    sheet: Worksheet,
    scope: DepartmentScope,
    years: Sequence[int],
    marks: RoundMarks | None = None,
) -> list[str]:
    columns = layout.COLUMNS if marks is None else layout.ROUND_COLUMNS
    value_column = next(i for i, c in enumerate(columns, start=1) if c.key == "value")
    remark_column = next(i for i, c in enumerate(columns, start=1) if c.key == "remark")
    year_column = next(i for i, c in enumerate(columns, start=1) if c.key == "year")
    span = layout.format_years(tuple(years))
    title = f"洪洞县城镇化行动方案监测数据填报表：{scope.department.name_zh}（{span}年）"
    if marks is not None:
        title += (
            f"　第{marks.round_id}轮（{marks.round_year}年数据，截止{marks.due_date}）："
            "橙色年份为本轮年份，黄色为本轮请填报的单元格，灰色列为已有数据（只读）"
        )
    sheet.cell(row=layout.TITLE_ROW, column=1, value=title).font = Font(bold=True, size=13)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=layout.HEADER_ROW, column=index, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = sheet.cell(row=layout.HEADER_ROW + 1, column=value_column)

    year_list = DataValidation(
        type="list",
        formula1='"' + ",".join(str(year) for year in years) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="年份不在填报范围",
        error=f"年份须在 {layout.format_years(tuple(years))} 之内。",
    )
    sheet.add_data_validation(year_list)
    keys: list[str] = []
    row = layout.HEADER_ROW + 1
    value_letter = get_column_letter(value_column)
    for item in scope.indicators:
        validation = _value_validation(item.spec)
        if validation is not None:
            sheet.add_data_validation(validation)
        first = row
        for year in years:
            cells = _row_cells(item, year, marks)
            for index, column in enumerate(columns, start=1):
                cell = sheet.cell(row=row, column=index, value=cells[column.key])
                cell.border = _BORDER
                cell.alignment = _WRAP
                if index in (value_column, remark_column):
                    cell.fill = _INPUT_FILL
                    if marks is not None and (item.spec.indicator_id, year) not in marks.requested:
                        cell.fill = _OPTIONAL_FILL
                if column.key in ("known", "earlier"):
                    cell.fill = _KNOWN_FILL
            year_cell = sheet.cell(row=row, column=year_column)
            year_cell.number_format = "0"
            if marks is not None and year == marks.round_year:
                year_cell.fill = _ROUND_YEAR_FILL
                year_cell.font = Font(bold=True)
            keys.append(layout.row_key(item.spec.indicator_id, year))
            row += 1
        if validation is not None:
            validation.add(f"{value_letter}{first}:{value_letter}{row - 1}")
    if row > layout.HEADER_ROW + 1:
        year_letter = get_column_letter(year_column)
        year_list.add(f"{year_letter}{layout.HEADER_ROW + 1}:{year_letter}{row + 200}")
    sheet.auto_filter.ref = f"A{layout.HEADER_ROW}:{get_column_letter(len(columns))}{row - 1}"
    return keys


def _metadata(
    scope: DepartmentScope, years: Sequence[int], generated_at: dt.date
) -> list[tuple[str, str]]:
    return [
        (layout.META_TEMPLATE_VERSION, layout.TEMPLATE_VERSION),
        (layout.META_DEPARTMENT_ID, scope.department.department_id),
        (layout.META_DEPARTMENT_NAME, scope.department.name_zh),
        (layout.META_REGION_CODE, HONGTONG_REGION_CODE),
        (layout.META_GENERATED_AT, generated_at.isoformat()),
        (layout.META_YEARS, layout.format_years(tuple(years))),
        (layout.META_DATA_SHEET, layout.DATA_SHEET),
    ]


def build_workbook(
    scope: DepartmentScope,
    years: Sequence[int],
    generated_at: dt.date,
    marks: RoundMarks | None = None,
) -> tuple[Workbook, list[str]]:
    """Return the template workbook of ``scope`` and its row keys (not saved).

    With ``marks``, the workbook is a round's template: the round id and year in the metadata,
    read-only columns of known values beside the input cells, the round's year marked.
    """
    workbook = Workbook()
    instructions = workbook.active
    instructions.title = layout.INSTRUCTIONS_SHEET
    _write_instructions(instructions, instructions_lines(scope, years))
    data = workbook.create_sheet(layout.DATA_SHEET)
    keys = _write_data_sheet(data, scope, years, marks)
    meta = workbook.create_sheet(layout.META_SHEET)
    metadata = _metadata(scope, years, generated_at)
    if marks is not None:
        metadata += [
            (layout.META_ROUND_ID, str(marks.round_id)),
            (layout.META_ROUND_YEAR, str(marks.round_year)),
        ]
    for key, value in metadata + [(layout.META_ROW_KEY, key) for key in keys]:
        meta.append([key, value])
    meta.sheet_state = "veryHidden"
    for key, value in metadata:
        workbook.custom_doc_props.append(
            StringProperty(name=layout.CUSTOM_PROPERTY_PREFIX + key, value=value)
        )
    workbook.properties.title = f"数据填报表：{scope.department.name_zh}"
    workbook.properties.creator = "hongtong template"
    workbook.active = workbook.sheetnames.index(layout.DATA_SHEET)
    return workbook, keys


def write_template(
    department: str,
    out: str | Path,
    *,
    years: Sequence[int] = DEFAULT_YEARS,
    plan: Plan | None = None,
    catalog: Mapping[str, IndicatorSpec] | None = None,
    generated_at: dt.date | None = None,
    marks: RoundMarks | None = None,
) -> TemplateInfo:
    """Write the template of ``department`` (id or alias) to ``out`` atomically.

    Parameters
    ----------
    department : str
        A department id or any alias the plan uses.
    out : str or Path
        The ``.xlsx`` file to write.
    years : sequence of int
        The years offered, one row per indicator and year.
    plan, catalog : optional
        The plan registry and indicator catalog; loaded when not given.
    generated_at : date, optional
        The generation date written into the metadata; today by default.
    marks : RoundMarks, optional
        Write a round's template (see :func:`build_workbook`).

    Raises
    ------
    hongtonglib.plan.UnknownKeyError
        When ``department`` is no department's id or alias.
    ValueError
        When the department supplies no indicator or ``years`` is empty.
    """
    plan = plan or load_plan()
    catalog = catalog if catalog is not None else load_catalog()
    scope = department_scope(department, plan, catalog)
    if not years:
        raise ValueError("a template needs at least one year")
    if not scope.indicators:
        raise ValueError(
            f"department {scope.department.department_id} supplies no indicator of the registry"
        )
    workbook, keys = build_workbook(scope, sorted(years), generated_at or dt.date.today(), marks)
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = Path(out)
    atomic_write_bytes(path, buffer.getvalue())
    logger.info(
        "template for %s written to %s (%d rows)", scope.department.department_id, path, len(keys)
    )
    return TemplateInfo(
        path=path,
        department_id=scope.department.department_id,
        template_version=layout.TEMPLATE_VERSION,
        years=tuple(sorted(years)),
        indicator_ids=scope.indicator_ids,
        row_count=len(keys),
    )
