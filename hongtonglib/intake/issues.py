"""Problems found in a submitted workbook: errors that reject it and warnings that do not.

An :class:`IntakeIssue` names the sheet, the Excel row number as Excel shows it, the column
letter and header, a stable code, and the message in English and Chinese.
:class:`WorkbookRejected` is a :class:`~hongtonglib.validation.ValidationFailed` carrying all
of them.

Examples
--------
>>> issue = IntakeIssue.make("year_out_of_range", sheet="数据填报", row=5, column="D",
...                          header="年份", year=2031, years="2018-2025")
>>> issue.location_zh()
'数据填报 第5行 D列（年份）'
>>> issue.severity.value
'error'
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from hongtonglib.intake.messages import MESSAGES
from hongtonglib.validation import Problem, ValidationFailed


class Severity(str, enum.Enum):
    """Whether an issue rejects the workbook."""

    error = "error"
    warning = "warning"


WARNING_CODES = frozenset(
    {
        "sheet_extra",
        "sheet_renamed",
        "row_duplicate_identical",
        "value_suspicious_jump",
        "value_differs_from_reference",
        "file_already_submitted",
    }
)
"""Codes that warn; every other code is an error."""


@dataclass(frozen=True)
class IntakeIssue:
    """One problem found in a workbook.

    Attributes
    ----------
    code : str
        Stable kind of problem, a key of :data:`~hongtonglib.intake.messages.MESSAGES`.
    severity : Severity
        ``error`` rejects the workbook, ``warning`` does not.
    message, message_zh : str
        The message in English and Chinese.
    file : str
        The workbook's file name.
    sheet : str or None
        The sheet, when the issue has one.
    row : int or None
        The row number as Excel shows it.
    column : str or None
        The column letter.
    header : str or None
        The column's header.
    """

    code: str
    severity: Severity
    message: str
    message_zh: str
    file: str = ""
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    header: str | None = None

    @classmethod
    def make(
        cls,
        kind: str,
        /,
        *,
        file: str = "",
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        header: str | None = None,
        **fields: object,
    ) -> IntakeIssue:
        """Build the issue of kind ``kind`` with its message rendered from ``fields``."""
        english, chinese = MESSAGES[kind].render(sheet=sheet, header=header, **fields)
        severity = Severity.warning if kind in WARNING_CODES else Severity.error
        return cls(kind, severity, english, chinese, file, sheet, row, column, header)

    def location_zh(self) -> str:
        """Return the location in Chinese: ``sheet 第R行 C列（header）``."""
        parts = [self.sheet] if self.sheet else []
        if self.row is not None:
            parts.append(f"第{self.row}行")
        if self.column:
            parts.append(f"{self.column}列" + (f"（{self.header}）" if self.header else ""))
        return " ".join(parts) or self.file

    def location_en(self) -> str:
        """Return the location in English: ``sheet 'S', row R, column C (header)``."""
        parts = [f"sheet {self.sheet!r}"] if self.sheet else []
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}" + (f" ({self.header})" if self.header else ""))
        return ", ".join(parts) or self.file

    def to_problem(self) -> Problem:
        """Return the issue as a suite-wide :class:`~hongtonglib.validation.Problem`."""
        where = f"{self.file} [{self.sheet}]" if self.sheet else self.file
        column = f"{self.column} ({self.header})" if self.column else None
        return Problem(where, self.message, self.row, column, self.message_zh)

    def with_file(self, file: str) -> IntakeIssue:
        """Return a copy naming ``file``."""
        return IntakeIssue(
            self.code,
            self.severity,
            self.message,
            self.message_zh,
            file,
            self.sheet,
            self.row,
            self.column,
            self.header,
        )


def errors_of(issues: Iterable[IntakeIssue]) -> tuple[IntakeIssue, ...]:
    """Return the issues that reject a workbook."""
    return tuple(issue for issue in issues if issue.severity is Severity.error)


def warnings_of(issues: Iterable[IntakeIssue]) -> tuple[IntakeIssue, ...]:
    """Return the issues that only warn."""
    return tuple(issue for issue in issues if issue.severity is Severity.warning)


class WorkbookRejected(ValidationFailed):
    """A workbook with at least one error; nothing of it was stored.

    Attributes
    ----------
    issues : tuple of IntakeIssue
        Every error and warning found, in sheet and row order.
    """

    def __init__(self, issues: Iterable[IntakeIssue]):
        self.issues = tuple(issues)
        super().__init__([issue.to_problem() for issue in errors_of(self.issues)])

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of the errors, in order."""
        return tuple(issue.code for issue in errors_of(self.issues))
