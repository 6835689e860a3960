"""The plain-language messages of workbook validation, in Chinese and English.

Each kind of problem has a stable code; the messages are format strings over named fields.
Department staff read the Chinese text, the analyst the English; both are printed.

Examples
--------
>>> MESSAGES["year_out_of_range"].render(year=2031, years="2018-2025")[0]
'Year 2031 is outside the template years 2018-2025.'
>>> MESSAGES["year_out_of_range"].render(year=2031, years="2018-2025")[1]
'年份 2031 不在本表的填报年份 2018-2025 之内。'
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    """An English and a Chinese format string for one kind of problem."""

    en: str
    zh: str

    def render(self, **fields: object) -> tuple[str, str]:
        """Return the English and Chinese messages with ``fields`` filled in."""
        return self.en.format(**fields), self.zh.format(**fields)


M = Message

MESSAGES: dict[str, Message] = {
    # --- the file itself -------------------------------------------------------------------
    "file_missing": M("File not found.", "找不到该文件。"),
    "file_empty": M("The file is empty (0 bytes).", "文件为空（0 字节）。"),
    "file_xls": M(
        "This is an old-format .xls file (or a password-protected workbook), not an .xlsx "
        "workbook. Open it in Excel/WPS, remove any password and save as .xlsx "
        "(Excel 工作簿).",
        "这是旧版 .xls 文件（或设置了打开密码的工作簿），不是 .xlsx 工作簿。请在 Excel/WPS 中"
        "打开，取消密码后“另存为”Excel 工作簿（.xlsx）再提交。",
    ),
    "file_not_workbook": M(
        "This file is not an Excel workbook ({kind}). Submit the .xlsx template you were "
        "given, filled in.",
        "该文件不是 Excel 工作簿（{kind_zh}）。请提交下发的 .xlsx 填报模板。",
    ),
    "file_corrupt": M(
        "The workbook cannot be opened; it is damaged ({detail}). Save it again in Excel/WPS.",
        "工作簿无法打开，文件可能已损坏（{detail}）。请在 Excel/WPS 中重新保存后提交。",
    ),
    # --- size limits (hongtonglib.intake.limits) -------------------------------------------
    "file_too_large": M(
        "The file is {size}, larger than the {limit} a template can be; submit the template "
        "you were given, without pictures or extra sheets.",
        "文件大小为 {size}，超过填报模板的上限 {limit}。请提交下发的模板，不要插入图片或多余的表。",
    ),
    "file_expands_too_much": M(
        "The workbook expands to {size} when opened, more than the {limit} allowed; it holds "
        "far more than a template. Submit the template you were given.",
        "该工作簿展开后达 {size}，超过上限 {limit}，远超填报模板的内容。请提交下发的模板。",
    ),
    "file_compression_ratio": M(
        "Part {part} of the workbook expands {ratio} times (limit {limit}); the file is not an "
        "ordinary workbook. Save the template again in Excel/WPS.",
        "工作簿中的 {part} 展开后膨胀 {ratio} 倍（上限 {limit} 倍），不是正常的工作簿。"
        "请在 Excel/WPS 中重新保存模板后提交。",
    ),
    "sheet_too_many_rows": M(
        "Worksheet {part} has {rows} rows, more than the {limit} a template can have; delete "
        "the rows that are not part of the template.",
        "工作表 {part} 有 {rows} 行，超过模板上限 {limit} 行。请删除模板以外的行。",
    ),
    "cell_too_long": M(
        "The cell holds {length} characters, more than {limit}; shorten it.",
        "该单元格有 {length} 个字符，超过上限 {limit}，请精简。",
    ),
    # --- template identity ------------------------------------------------------------------
    "meta_missing": M(
        "This workbook is not a Hongtong intake template (its hidden metadata is missing). "
        "Fill in a template made by `hongtong template`; do not copy the data into a new file.",
        "该工作簿不是本系统下发的填报模板（缺少隐藏的模板信息）。请在下发的模板中填写，"
        "不要把数据复制到新建的文件里。",
    ),
    "template_version": M(
        "The workbook is template version {found}; this system accepts {expected}. "
        "Ask for a new template and copy your figures into it.",
        "该工作簿的模板版本为 {found}，本系统只接受 {expected}。请领取新模板并把数据填入新模板。",
    ),
    "department_unknown": M(
        "The template names department {department!r}, which is not in the department registry.",
        "模板中的填报单位 {department!r} 不在单位名录中。",
    ),
    "meta_region_invalid": M(
        "The template's hidden region code {region!r} is not a 6-digit division code.",
        "模板中隐藏的地区代码 {region!r} 不是 6 位行政区划代码。",
    ),
    "meta_years_invalid": M(
        "The template's hidden year range {years!r} cannot be read.",
        "模板中隐藏的填报年份 {years!r} 无法识别。",
    ),
    # --- sheets and columns -----------------------------------------------------------------
    "sheet_extra": M(
        "Sheet {sheet!r} is not part of the template; it was ignored.",
        "工作表“{sheet}”不属于模板，已忽略其内容。",
    ),
    "sheet_renamed": M(
        "The data sheet was renamed from {expected!r} to {sheet!r}; it was read all the same.",
        "填报工作表已由“{expected}”改名为“{sheet}”，仍按填报表读取。",
    ),
    "data_sheet_missing": M(
        "No sheet holds the data table (a header row with 指标代码, 年份 and 数值). "
        "Do not delete or restructure the sheet {expected!r}.",
        "找不到填报表（含“指标代码”“年份”“数值”表头的工作表）。请勿删除或改动“{expected}”工作表的结构。",
    ),
    "data_sheet_ambiguous": M(
        "Several sheets look like the data table ({sheets}); keep only the sheet {expected!r}.",
        "有多个工作表像填报表（{sheets}），请只保留“{expected}”一个。",
    ),
    "header_missing": M(
        "Column {header!r} is missing from the header row; do not rename or delete it.",
        "表头中缺少“{header}”列，请勿修改或删除该列。",
    ),
    # --- one row ----------------------------------------------------------------------------
    "code_missing": M(
        "A value is filled in but the row has no indicator code (指标代码).",
        "该行填写了数值，但“指标代码”为空。",
    ),
    "indicator_unknown": M(
        "Indicator code {code!r} is not in the indicator registry; do not edit the code column.",
        "指标代码“{code}”不在指标名录中，请勿修改“指标代码”列。",
    ),
    "indicator_not_owned": M(
        "Indicator {code!r} ({name}) is not supplied by {department}; it belongs to "
        "{owner}. Remove the row or ask for that unit's template.",
        "指标“{name}”（{code}）不由{department}报送（应由{owner}报送）。请删除该行。",
    ),
    "year_missing": M(
        "A value is filled in but the year (年份) is empty.",
        "该行填写了数值，但“年份”为空。",
    ),
    "year_invalid": M(
        "Year {text!r} is not a year; write four digits such as 2024.",
        "年份“{text}”无法识别，请填写四位数年份，如 2024。",
    ),
    "year_out_of_range": M(
        "Year {year} is outside the template years {years}.",
        "年份 {year} 不在本表的填报年份 {years} 之内。",
    ),
    "value_merged": M(
        "The value cell is merged across rows {rows}; give every year its own value.",
        "数值单元格跨行合并（第 {rows} 行），请取消合并，每个年份分别填写。",
    ),
    "value_formula_uncomputed": M(
        "The value cell holds a formula ({formula}) without a computed result; open the "
        "file in Excel/WPS and save it, or paste the figure as a value.",
        "数值单元格是公式（{formula}），没有计算结果。请在 Excel/WPS 中打开后保存，"
        "或“选择性粘贴-数值”。",
    ),
    "value_not_number": M(
        "{text!r} is not a number; write digits only, e.g. 46.5 (notes go in 数据来源及备注).",
        "“{text}”不是数字。请只填写数字，如 46.5；说明文字请写在“数据来源及备注”栏。",
    ),
    "value_qualified": M(
        "{text!r} carries a qualifier ({word}); write the figure only and put the "
        "qualifier in 数据来源及备注.",
        "“{text}”带有“{word}”等字样。数值栏只填数字，“约”“以上”等说明请写在“数据来源及备注”栏。",
    ),
    "value_placeholder_ambiguous": M(
        "{text!r} is ambiguous: write 0 if the value is zero, or leave the cell empty if it is "
        "not available.",
        "“{text}”含义不明：数值为零请填 0，暂无数据请留空。",
    ),
    "value_date": M(
        "The value cell holds a date ({text}); Excel turned what was typed into a date. "
        "Format the cell as a number and type the figure again.",
        "数值单元格被识别为日期（{text}），请将单元格格式设为“数值”后重新输入。",
    ),
    "value_bool": M(
        "The value cell holds TRUE/FALSE; write a number.",
        "数值单元格为“是/否”（TRUE/FALSE），请填写数字。",
    ),
    "value_comma_ambiguous": M(
        "{text!r}: the comma is not a thousands separator (groups of three digits); write the "
        "number with a decimal point, e.g. 46.5 or 3200.",
        "“{text}”中的逗号位置不对（千位分隔须每三位一组）。请用小数点，如 46.5 或 3200。",
    ),
    "value_percent_fraction_ambiguous": M(
        "{text} on a percentage indicator is ambiguous: is it {as_percent:g}% or {text}%? "
        "Write the percentage, e.g. {as_percent:g} or {as_percent:g}%; if it really is "
        "{text} percent, write {text}%.",
        "本指标单位为%，“{text}”含义不明：是 {as_percent:g}% 还是 {text}%？请按百分数填写，"
        "如 {as_percent:g} 或 {as_percent:g}%；如确为 {text}%，请写“{text}%”。",
    ),
    "value_percent_on_non_percent": M(
        "{text!r} is a percentage but indicator {code} is measured in {unit}.",
        "“{text}”是百分数，但该指标的单位是“{unit}”。",
    ),
    "value_percent_format_on_non_percent": M(
        "The cell is formatted as a percentage (it shows {shown}) but the indicator is "
        "measured in {unit}; set the cell format to a number.",
        "单元格被设为百分比格式（显示为 {shown}），但该指标单位是“{unit}”。"
        "请将单元格格式改为“数值”。",
    ),
    "value_unit_mismatch": M(
        "{text!r}: the unit {found!r} differs from the indicator's unit {unit!r}; write the "
        "number in {unit} without a unit.",
        "“{text}”中的单位“{found}”与指标单位“{unit}”不一致。请换算为“{unit}”后只填数字。",
    ),
    "value_out_of_bounds": M(
        "{value:g} {unit} is outside the indicator's range {bounds}.{hint}",
        "{value:g}{unit} 超出该指标的合理范围 {bounds}。{hint_zh}",
    ),
    "row_duplicate_conflict": M(
        "{code} {year} is filled twice with different values ({values}); keep one row.",
        "指标“{name}”{year}年填了两次且数值不同（{values}），请只保留一行。",
    ),
    "row_duplicate_identical": M(
        "{code} {year} is filled twice with the same value; it was counted once.",
        "指标“{name}”{year}年重复填写（数值相同），按一条记录处理。",
    ),
    "nothing_filled": M(
        "No value is filled in; nothing to submit.",
        "表中没有填写任何数值，无法提交。",
    ),
    # --- warnings on accepted values --------------------------------------------------------
    "value_suspicious_jump": M(
        "{value:g} for {year} is far from {ref_value:g} in {ref_year} ({ref_source}): a change "
        "of {change:+g} {unit_en} per year, more than {threshold:g} ({basis}). "
        "Accepted; please check.",
        "{year}年数值 {value:g} 与 {ref_year}年的 {ref_value:g}（{ref_source_zh}）相差很大："
        "年均变化 {change:+g}{unit_zh}，超过{basis_zh}（{threshold:g}）。已接收，请核实。",
    ),
    "value_differs_from_reference": M(
        "{value:g} for {year} differs from the {ref_value:g} already known for that year "
        "({ref_source}). Accepted as a new version; please check.",
        "{year}年数值 {value:g} 与已有数值 {ref_value:g}（{ref_source_zh}）不同。"
        "已作为新版本接收，请核实。",
    ),
    "file_already_submitted": M(
        "The same file (md5 {md5}) was already submitted as submission {submission_id}.",
        "同一文件（md5 {md5}）已作为第 {submission_id} 号报送提交过。",
    ),
}
"""Message of every validation code."""
