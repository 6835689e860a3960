"""Collect every problem in an input, then fail once with all of them.

Validators in the library add :class:`Problem` records to a :class:`ProblemCollector` and call
:meth:`ProblemCollector.raise_if_any` at the end, so a user sees every problem of a file at
once, each naming the file, row and field.

Examples
--------
>>> collector = ProblemCollector()
>>> collector.add("obs.csv", "value must be a number", row=3, field="value")
>>> collector.raise_if_any()
Traceback (most recent call last):
...
hongtonglib.validation.ValidationFailed: 1 problem found:
  obs.csv, row 3, field 'value': value must be a number
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One problem found in an input.

    Attributes
    ----------
    file : str
        The file (or sheet) the problem was found in.
    message : str
        What is wrong, in plain English.
    row : int or None
        The 1-based data row (header excluded) or line number, when the problem has one.
    field : str or None
        The column or key, when the problem has one.
    message_zh : str or None
        The same message in Chinese, for department-facing reports.
    """

    file: str
    message: str
    row: int | None = None
    field: str | None = None
    message_zh: str | None = None

    def location(self) -> str:
        """Return ``file, row R, field 'F'`` with the parts that are known."""
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.field is not None:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"


class ValidationFailed(ValueError):
    """Raised once with every problem found in an input."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"{count} {noun} found:"] + [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))


@dataclass
class ProblemCollector:
    """Accumulate problems and raise :class:`ValidationFailed` once at the end."""

    problems: list[Problem] = field(default_factory=list)

    def add(
        self,
        file: str,
        message: str,
        *,
        row: int | None = None,
        field: str | None = None,
        message_zh: str | None = None,
    ) -> None:
        """Record one problem."""
        self.problems.append(Problem(file, message, row, field, message_zh))

    def extend(self, problems: list[Problem]) -> None:
        """Record several problems found elsewhere."""
        self.problems.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self) -> None:
        """Raise :class:`ValidationFailed` if any problem was recorded."""
        if self.problems:
            raise ValidationFailed(self.problems)
