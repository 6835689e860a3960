"""Validate a whole submitted workbook and return its values, or every problem at once.

:func:`validate_workbook` reads the file (:mod:`~hongtonglib.intake.reader`), checks the
template identity, then every filled row: indicator code known and owned by the department,
year within the template's years, value readable (:mod:`~hongtonglib.intake.numbers`) and
within the indicator's bounds, no conflicting duplicates. It raises
:class:`~hongtonglib.intake.issues.WorkbookRejected` with every error and warning when any
error is found; otherwise it returns the values with the warnings (suspicious values,
extra sheets …). It never writes anything.

Examples
--------
>>> import tempfile, pathlib
>>> from hongtonglib.intake.template import write_template
>>> out = pathlib.Path(tempfile.mkdtemp()) / "synthetic_doctest.xlsx"
>>> _ = write_template("health", out, years=(2024,))
>>> try:
...     validate_workbook(out)
... except WorkbookRejected as rejected:
...     print(rejected.codes)
('nothing_filled',)
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from hongtonglib import HONGTONG_REGION_CODE
from hongtonglib.intake import layout
from hongtonglib.intake.catalog import IndicatorSpec, load_catalog
from hongtonglib.intake.issues import IntakeIssue, WorkbookRejected, errors_of, warnings_of
from hongtonglib.intake.numbers import (
    PLACEHOLDERS,
    CellProblem,
    fold_text,
    parse_code,
    parse_value,
    parse_year,
    raw_text,
)
from hongtonglib.intake.plausibility import (
    ReferencePoint,
    ReferenceProvider,
    check_value,
    no_reference,
)
from hongtonglib.intake.reader import RawRow, UnreadableWorkbook, read_workbook
from hongtonglib.intake.scope import DepartmentScope, department_scope
from hongtonglib.plan import Plan, UnknownKeyError, load_plan

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ValueRow:
    """One accepted value of a workbook."""

    indicator_id: str
    region_code: str
    year: int
    value: float
    unit: str
    raw_text: str
    """The value cell as typed (numbers with a percent format noted)."""
    remark: str
    """The source/remark cell."""
    sheet: str
    row: int
    cell: str


@dataclass(frozen=True)
class ValidatedWorkbook:
    """A workbook that passed validation: its identity, values and warnings."""

    path: Path
    department_id: str
    department_name_zh: str
    region_code: str
    template_version: str
    generated_at: str
    years: tuple[int, ...]
    rows: tuple[ValueRow, ...]
    issues: tuple[IntakeIssue, ...]

    @property
    def warnings(self) -> tuple[IntakeIssue, ...]:
        """The warnings (the workbook has no error)."""
        return warnings_of(self.issues)


@dataclass
class _Context:
    file: str
    scope: DepartmentScope
    catalog: Mapping[str, IndicatorSpec]
    plan: Plan
    years: tuple[int, ...]
    region_code: str
    sheet: str
    columns: dict[str, str]


def _issue(ctx: _Context, kind: str, raw: RawRow, key: str, /, **fields: object) -> IntakeIssue:
    letter = ctx.columns.get(key)
    header = layout.column_by_key(key).header
    return IntakeIssue.make(
        kind, file=ctx.file, sheet=raw.sheet, row=raw.row, column=letter, header=header, **fields
    )


def _is_blank_value(raw: RawRow) -> bool:
    cell = raw.cells["value"]
    if cell.formula and cell.value is None:
        return False
    if cell.value is None:
        return True
    if isinstance(cell.value, str):
        folded = fold_text(cell.value)
        return not folded or folded.lower() in PLACEHOLDERS
    return False


def _owner_name(ctx: _Context, spec: IndicatorSpec) -> str:
    try:
        return ctx.plan.department(spec.department_id or "").name_zh
    except UnknownKeyError:
        return spec.department_id or "—"


def _bounds_issue(
    ctx: _Context, raw: RawRow, spec: IndicatorSpec, value: float
) -> IntakeIssue | None:
    low, high = spec.lower_bound, spec.upper_bound
    if (low is None or value >= low) and (high is None or value <= high):
        return None
    hint, hint_zh = "", ""
    if spec.is_percent:
        hint = " Percentages are written as 46.5 for 46.5%."
        hint_zh = "百分比请按百分数填写，如 46.5 表示 46.5%。"
    return _issue(
        ctx,
        "value_out_of_bounds",
        raw,
        "value",
        value=value,
        unit=spec.unit,
        bounds=spec.bounds_text(),
        hint=hint,
        hint_zh=hint_zh,
    )


def _check_row(ctx: _Context, raw: RawRow) -> tuple[list[IntakeIssue], ValueRow | None]:
    """Check one filled row; return its issues and its value when it has no error."""
    issues: list[IntakeIssue] = []
    value_cell = raw.cells["value"]
    if value_cell.merged_rows is not None:
        first, last = value_cell.merged_rows
        if raw.row == first:
            issues.append(_issue(ctx, "value_merged", raw, "value", rows=f"{first}–{last}"))
        return issues, None
    code = parse_code(raw.value("indicator_id"))
    if code is None:
        return [_issue(ctx, "code_missing", raw, "indicator_id")], None
    spec = ctx.catalog.get(code)
    if spec is None:
        return [_issue(ctx, "indicator_unknown", raw, "indicator_id", code=code)], None
    if ctx.scope.get(code) is None:
        issue = _issue(
            ctx,
            "indicator_not_owned",
            raw,
            "indicator_id",
            code=code,
            name=spec.name_zh,
            department=ctx.scope.department.name_zh,
            owner=_owner_name(ctx, spec),
        )
        return [issue], None
    year = None
    try:
        year = parse_year(raw.value("year"))
        if year is None:
            issues.append(_issue(ctx, "year_missing", raw, "year"))
        elif year not in ctx.years:
            issues.append(
                _issue(
                    ctx,
                    "year_out_of_range",
                    raw,
                    "year",
                    year=year,
                    years=layout.format_years(ctx.years),
                )
            )
    except CellProblem as problem:
        issues.append(_issue(ctx, problem.code, raw, "year", **problem.fields))
    value = None
    if value_cell.formula and value_cell.value is None:
        issues.append(
            _issue(ctx, "value_formula_uncomputed", raw, "value", formula=value_cell.formula)
        )
    else:
        try:
            value = parse_value(value_cell.value, value_cell.number_format, spec.unit)
        except CellProblem as problem:
            fields = {"code": code, "unit": spec.unit, **problem.fields}
            issues.append(_issue(ctx, problem.code, raw, "value", **fields))
    if value is not None:
        bounds = _bounds_issue(ctx, raw, spec, value)
        if bounds is not None:
            issues.append(bounds)
    if issues or value is None or year is None:
        return issues, None
    remark = raw.value("remark")
    return issues, ValueRow(
        indicator_id=code,
        region_code=ctx.region_code,
        year=year,
        value=value,
        unit=spec.unit,
        raw_text=raw_text(value_cell.value, value_cell.number_format),
        remark="" if remark is None else str(remark).strip(),
        sheet=raw.sheet,
        row=raw.row,
        cell=value_cell.coordinate,
    )


def _deduplicate(ctx: _Context, rows: list[ValueRow]) -> tuple[list[ValueRow], list[IntakeIssue]]:
    groups: dict[tuple[str, int], list[ValueRow]] = defaultdict(list)
    for row in rows:
        groups[(row.indicator_id, row.year)].append(row)
    kept, issues = [], []
    for (code, year), group in groups.items():
        kept.append(group[0])
        if len(group) == 1:
            continue
        values = sorted({row.value for row in group})
        code_name = "row_duplicate_identical" if len(values) == 1 else "row_duplicate_conflict"
        for row in group[1:]:
            issues.append(
                IntakeIssue.make(
                    code_name,
                    file=ctx.file,
                    sheet=row.sheet,
                    row=row.row,
                    column=ctx.columns.get("value"),
                    header=layout.column_by_key("value").header,
                    code=code,
                    name=ctx.catalog[code].name_zh,
                    year=year,
                    values="、".join(f"{v:g}" for v in values),
                )
            )
    return kept, issues


def _plausibility(
    ctx: _Context, rows: list[ValueRow], reference: ReferenceProvider
) -> list[IntakeIssue]:
    by_indicator: dict[str, list[ValueRow]] = defaultdict(list)
    for row in rows:
        by_indicator[row.indicator_id].append(row)
    issues = []
    for code, group in by_indicator.items():
        known = list(reference(code, ctx.region_code))
        for row in group:
            siblings = [
                ReferencePoint(other.year, other.value, "this workbook", "本表")
                for other in group
                if other is not row
            ]
            for finding in check_value(row.year, row.value, known, siblings, unit=row.unit):
                issues.append(
                    IntakeIssue.make(
                        finding.code,
                        file=ctx.file,
                        sheet=row.sheet,
                        row=row.row,
                        column=ctx.columns.get("value"),
                        header=layout.column_by_key("value").header,
                        **finding.fields,
                    )
                )
    return issues


def _reject(file: str, issues: list[IntakeIssue]) -> WorkbookRejected:
    return WorkbookRejected([issue.with_file(file) for issue in issues])


def validate_workbook(
    path: str | Path,
    *,
    plan: Plan | None = None,
    catalog: Mapping[str, IndicatorSpec] | None = None,
    reference: ReferenceProvider = no_reference,
) -> ValidatedWorkbook:
    """Validate the whole workbook at ``path``; store nothing.

    Parameters
    ----------
    path : str or Path
        The submitted file.
    plan, catalog : optional
        The plan registry and indicator catalog; loaded when not given.
    reference : callable
        Returns the known points of a series, for the suspicious-value warnings.

    Returns
    -------
    ValidatedWorkbook
        The values to store and the warnings.

    Raises
    ------
    WorkbookRejected
        With every error and warning, when any error is found.
    """
    path = Path(path)
    file = path.name
    try:
        contents = read_workbook(path)
    except UnreadableWorkbook as unreadable:
        raise _reject(file, unreadable.issues) from None
    plan = plan or load_plan()
    catalog = catalog if catalog is not None else load_catalog()
    metadata = contents.metadata
    department_id = metadata.get(layout.META_DEPARTMENT_ID, "")
    try:
        scope = department_scope(department_id, plan, catalog)
    except UnknownKeyError:
        raise _reject(
            file, [IntakeIssue.make("department_unknown", department=department_id)]
        ) from None
    try:
        years = layout.parse_years(metadata.get(layout.META_YEARS, ""))
    except ValueError:
        raise _reject(
            file, [IntakeIssue.make("meta_years_invalid", years=metadata.get(layout.META_YEARS))]
        ) from None

    region_code = metadata.get(layout.META_REGION_CODE, HONGTONG_REGION_CODE)
    if not re.fullmatch(r"\d{6}", region_code):
        raise _reject(file, [IntakeIssue.make("meta_region_invalid", region=region_code)])
    ctx = _Context(
        file=file,
        scope=scope,
        catalog=catalog,
        plan=plan,
        years=years,
        region_code=region_code,
        sheet=contents.sheet,
        columns=contents.columns,
    )
    issues = [issue.with_file(file) for issue in contents.issues]
    accepted: list[ValueRow] = []
    filled = 0
    for raw in contents.rows:
        if _is_blank_value(raw):
            continue
        filled += 1
        row_issues, value_row = _check_row(ctx, raw)
        issues.extend(row_issues)
        if value_row is not None:
            accepted.append(value_row)
    if filled == 0:
        issues.append(IntakeIssue.make("nothing_filled", file=file, sheet=contents.sheet))
    accepted, duplicate_issues = _deduplicate(ctx, accepted)
    issues.extend(duplicate_issues)
    if not errors_of(issues):
        issues.extend(_plausibility(ctx, accepted, reference))
    issues.sort(key=lambda issue: (issue.row is not None, issue.row or 0))
    if errors_of(issues):
        logger.info("%s rejected: %d errors", file, len(errors_of(issues)))
        raise WorkbookRejected(issues)
    return ValidatedWorkbook(
        path=path,
        department_id=scope.department.department_id,
        department_name_zh=scope.department.name_zh,
        region_code=ctx.region_code,
        template_version=metadata[layout.META_TEMPLATE_VERSION],
        generated_at=metadata.get(layout.META_GENERATED_AT, ""),
        years=years,
        rows=tuple(accepted),
        issues=tuple(issues),
    )
