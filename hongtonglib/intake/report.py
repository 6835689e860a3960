"""Plain-text reports of a submission's problems, in Chinese and English.

Examples
--------
>>> from hongtonglib.intake.issues import IntakeIssue
>>> issue = IntakeIssue.make("year_out_of_range", file="synthetic.xlsx", sheet="数据填报",
...                          row=5, column="D", header="年份", year=2031, years="2018-2025")
>>> print(format_issue(issue))
[错误 error] 数据填报 第5行 D列（年份）
    年份 2031 不在本表的填报年份 2018-2025 之内。
    sheet '数据填报', row 5, column D (年份): Year 2031 is outside the template years 2018-2025.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from hongtonglib.intake.issues import IntakeIssue, Severity, errors_of, warnings_of
from hongtonglib.intake.limits import MAX_PRINTED_ISSUES
from hongtonglib.textclean import escape_control

_LABEL = {Severity.error: "[错误 error]", Severity.warning: "[提醒 warning]"}


def format_issue(issue: IntakeIssue) -> str:
    """Return one issue as three lines: label and location, Chinese, English."""
    return (
        f"{_LABEL[issue.severity]} {issue.location_zh()}\n"
        f"    {issue.message_zh}\n"
        f"    {issue.location_en()}: {issue.message}"
    )


def rejection_report(file: str, issues: Sequence[IntakeIssue]) -> str:
    """Return the report of a rejected workbook: a summary line, then every issue."""
    errors, warnings = errors_of(issues), warnings_of(issues)
    head = (
        f"{file}：发现 {len(errors)} 处错误、{len(warnings)} 处提醒，整表未入库，"
        "请修改后重新提交。\n"
        f"{file}: {len(errors)} error(s), {len(warnings)} warning(s); nothing was stored."
    )
    return "\n".join([head, *_listed(issues)])


def _listed(issues: Sequence[IntakeIssue], limit: int = MAX_PRINTED_ISSUES) -> list[str]:
    """Return the first ``limit`` issues formatted, and a count by kind of the others."""
    lines = [escape_control(format_issue(issue)) for issue in issues[:limit]]
    rest = issues[limit:]
    if rest:
        counts = Counter(issue.code for issue in rest)
        kinds = ", ".join(f"{code} × {count}" for code, count in counts.most_common())
        lines.append(
            f"……另有 {len(rest)} 处问题未逐条列出（{kinds}）。\n"
            f"... {len(rest)} more problem(s) not listed one by one: {kinds}."
        )
    return lines


def acceptance_report(
    file: str, submission_id: int, value_count: int, warnings: Sequence[IntakeIssue]
) -> str:
    """Return the report of an accepted workbook: its submission id, then any warnings."""
    head = (
        f"{file}：已接收为第 {submission_id} 号报送（{value_count} 个数值），状态：待审核。"
        f"{'提醒 ' + str(len(warnings)) + ' 处，请核实。' if warnings else ''}\n"
        f"{file}: stored as submission {submission_id} ({value_count} values), state submitted"
        f"{f', {len(warnings)} warning(s)' if warnings else ''}."
    )
    return "\n".join([head, *_listed(warnings)])
