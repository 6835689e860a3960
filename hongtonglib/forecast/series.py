"""Turn an annual series into the points a forecast may use, with every problem reported.

Input is one indicator for one region: ``(year, value)`` pairs as a frame with ``year`` and
``value`` columns (optionally ``census_base`` and ``basis``, as in ``observations.csv``), a
pandas Series indexed by year, a ``{year: value}`` mapping or a sequence of pairs. Years may be
missing (gaps); they are never filled in.

A break is never bridged silently. Where ``census_base`` changes (the 2020 census break), only
the segment after the latest break is used by default, and every dropped point is recorded with
its reason; ``on_break="refuse"`` raises instead. Rows whose ``basis`` is ``plan_target`` are
targets, not observations, and are dropped with that reason.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame(
...     {"year": [2018, 2019, 2020, 2021], "value": [1.0, 2.0, 5.0, 6.0],
...      "census_base": ["2010", "2010", "2020", "2020"]}
... )
>>> prepared = prepare_series(frame)
>>> prepared.years, [p.year for p in prepared.dropped]
((2020, 2021), [2018, 2019])

"""

from __future__ import annotations

import itertools
import logging
import math
import numbers
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from hongtonglib.forecast.bounds import Bounds
from hongtonglib.forecast.rules import MIN_POINTS
from hongtonglib.intake.messages import MESSAGES
from hongtonglib.intake.numbers import CellProblem, parse_value
from hongtonglib.validation import ProblemCollector

logger = logging.getLogger(__name__)

SeriesInput = pd.DataFrame | pd.Series | Mapping[int, float] | Sequence[tuple[int, float]]
"""Accepted forms of an annual series."""

OnBreak = Literal["latest_segment", "refuse"]

BASIS_VALUES = frozenset(
    {"census", "sample_survey", "bulletin", "plan_target", "department_submission", "secondary"}
)
"""Allowed values of ``basis`` (see ``docs/architecture.md``)."""

NOT_OBSERVATION_BASIS = "plan_target"
YEAR_RANGE = (1900, 2100)
SINGLE_SERIES_COLUMNS = ("indicator_id", "region_code")


@dataclass(frozen=True)
class DroppedPoint:
    """A point of the input that the forecast does not use.

    Attributes
    ----------
    row : int or None
        1-based data row of the input (header excluded), when the input had rows.
    year : int
    value : float
    reason : str
        Why it was dropped, in plain English.

    """

    row: int | None
    year: int
    value: float
    reason: str


@dataclass(frozen=True)
class PreparedSeries:
    """The validated points a forecast uses, sorted by year, with what was left out.

    Attributes
    ----------
    years, values : tuple
        The points used, sorted by year (years may have gaps).
    rows : tuple of int
        The input row of each point used.
    bounds : Bounds
    dropped : tuple of DroppedPoint
    notes : tuple of str
        What was done to the input (breaks, dropped targets).
    source : str
        Name of the input used in messages (a file name or ``"series"``).

    """

    years: tuple[int, ...]
    values: tuple[float, ...]
    rows: tuple[int, ...]
    bounds: Bounds = field(default_factory=Bounds)
    dropped: tuple[DroppedPoint, ...] = ()
    notes: tuple[str, ...] = ()
    source: str = "series"

    @property
    def n(self) -> int:
        """Return the number of points used."""
        return len(self.years)

    @property
    def year_array(self) -> np.ndarray:
        """Return the years as an integer array."""
        return np.asarray(self.years, dtype=int)

    @property
    def value_array(self) -> np.ndarray:
        """Return the values as a float array."""
        return np.asarray(self.values, dtype=float)

    @property
    def last_year(self) -> int:
        """Return the year of the last observation."""
        return self.years[-1]

    @property
    def has_gaps(self) -> bool:
        """Return whether some year between the first and the last is missing."""
        return self.years[-1] - self.years[0] + 1 != self.n

    def head(self, count: int) -> PreparedSeries:
        """Return the first ``count`` points (a backtest's training set)."""
        return PreparedSeries(
            self.years[:count],
            self.values[:count],
            self.rows[:count],
            self.bounds,
            self.dropped,
            self.notes,
            self.source,
        )

    def naive_scale(self) -> float:
        """Return the mean absolute one-year change (a gap's change divided by its years).

        This is the in-sample one-step naive error that scales the MASE.
        """
        if self.n < 2:
            return math.nan
        steps = np.diff(self.value_array) / np.diff(self.year_array)
        return float(np.mean(np.abs(steps)))


def prepare_series(
    data: SeriesInput | PreparedSeries,
    *,
    bounds: Bounds | tuple[float | None, float | None] | None = None,
    on_break: OnBreak = "latest_segment",
    break_columns: Sequence[str] = ("census_base",),
    source: str = "series",
) -> PreparedSeries:
    """Validate a series and return the points a forecast may use.

    Parameters
    ----------
    data : DataFrame, Series, mapping or sequence of pairs
        A frame needs ``year`` and ``value`` columns; ``census_base`` and ``basis`` are used
        when present, and ``indicator_id``/``region_code`` must each hold one value.
    bounds : Bounds or (lower, upper), optional
        Values outside them are errors.
    on_break : {"latest_segment", "refuse"}
        Where a column of ``break_columns`` changes value: use only the points after the
        latest break (recording the dropped ones), or raise.
    break_columns : sequence of str
        Columns whose change marks a break; pass ``("census_base", "basis")`` to cut on a
        change of basis too.
    source : str
        Name of the input in messages.

    Returns
    -------
    PreparedSeries

    Raises
    ------
    ValidationFailed
        With every problem at once, each naming the row and field: missing columns, a year or
        value that is missing or not a number, a fractional year, duplicate years, a value
        outside the bounds, an unknown ``basis`` or ``census_base``, several indicators or
        regions, a refused break, or fewer than 2 usable points.

    Examples
    --------
    >>> prepare_series({2020: 39.5, 2010: 32.8}, bounds=(0, 100)).years
    (2010, 2020)

    """
    if isinstance(data, PreparedSeries):
        return data
    if on_break not in ("latest_segment", "refuse"):
        raise ValueError(f"on_break must be 'latest_segment' or 'refuse', got {on_break!r}")
    bounds = Bounds.coerce(bounds)
    problems = ProblemCollector()
    frame = _to_frame(data, source, problems)
    if frame is None:
        problems.raise_if_any()
        raise AssertionError("unreachable")  # pragma: no cover

    rows = _parse_rows(frame, bounds, source, problems)
    _check_single_series(frame, source, problems)
    _check_duplicates(rows, source, problems)

    kept, dropped, notes = _drop_targets(rows)
    kept, more_dropped, more_notes = _cut_at_breaks(
        kept, [c for c in break_columns if c in frame.columns], on_break, source, problems
    )
    dropped += more_dropped
    notes += more_notes

    if not problems and len(kept) < MIN_POINTS:
        after = " after the break" if more_dropped else ""
        problems.add(
            source,
            f"a forecast needs at least {MIN_POINTS} points with a value{after}, found {len(kept)}",
            field="value",
        )
    problems.problems.sort(key=lambda p: (p.row is None, p.row or 0))
    problems.raise_if_any()

    for note in notes:
        logger.info("%s: %s", source, note)
    return PreparedSeries(
        years=tuple(r.year for r in kept),
        values=tuple(r.value for r in kept),
        rows=tuple(r.row for r in kept),
        bounds=bounds,
        dropped=tuple(dropped),
        notes=tuple(notes),
        source=source,
    )


@dataclass(frozen=True)
class _Row:
    row: int
    year: int
    value: float
    labels: Mapping[str, str]


def _to_frame(data: object, source: str, problems: ProblemCollector) -> pd.DataFrame | None:
    if isinstance(data, pd.DataFrame):
        frame = data.reset_index(drop=True)
        missing = [c for c in ("year", "value") if c not in frame.columns]
        for column in missing:
            problems.add(source, f"missing column '{column}'", field=column)
        return None if missing else frame
    if isinstance(data, pd.Series):
        return pd.DataFrame({"year": list(data.index), "value": list(data.to_numpy())})
    if isinstance(data, Mapping):
        return pd.DataFrame({"year": list(data.keys()), "value": list(data.values())})
    if isinstance(data, Sequence) and not isinstance(data, str | bytes):
        pairs = list(data)
        for i, pair in enumerate(pairs, start=1):
            if not (isinstance(pair, Sequence) and not isinstance(pair, str) and len(pair) == 2):
                problems.add(source, f"expected a (year, value) pair, got {pair!r}", row=i)
        if problems:
            return None
        return pd.DataFrame({"year": [p[0] for p in pairs], "value": [p[1] for p in pairs]})
    problems.add(source, f"cannot read a series from {type(data).__name__}")
    return None


def _is_blank(raw: object) -> bool:
    if raw is None or raw is pd.NA or raw is pd.NaT:
        return True
    if isinstance(raw, float) and math.isnan(raw):
        return True
    return isinstance(raw, str) and not raw.strip()


_SCIENTIFIC = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+")

MAX_ABS_VALUE = 1e15
"""Largest magnitude a value may have: beyond it the models overflow, and no indicator of the
suite comes near it (China's GDP in yuan is about 1.3e14)."""


def _cell_message(problem: CellProblem) -> str:
    """Return the English message of an intake number rule (the one for a workbook cell)."""
    if problem.code in ("value_not_number", "value_qualified", "value_unit_mismatch"):
        return f"{problem.fields.get('text', '')!r} is not a number"
    try:
        return MESSAGES[problem.code].render(**problem.fields)[0]
    except (KeyError, IndexError, ValueError):
        return f"{problem.fields.get('text', '')!r} is not a number ({problem.code})"


def _parse_number(raw: object) -> float | str:
    """Return the number in ``raw`` or a message saying why it is not one.

    Text follows the intake rules of :mod:`hongtonglib.intake.numbers` (a number without a
    unit): ``3,200`` is 3200, but a comma that does not group thousands (``42,0``, ``4,3``,
    ``1,2345``) is refused as ambiguous instead of being read as 420, 43 or 12345.

    >>> _parse_number("3,200"), _parse_number(" 46.5 ")
    (3200.0, 46.5)
    >>> _parse_number("42,0")
    "'42,0': the comma is not a thousands separator ..."
    >>> _parse_number("1e200")
    '1e+200 is beyond the largest magnitude a series may have (1e+15)'
    """
    if _is_blank(raw):
        return "is missing"
    if isinstance(raw, bool | np.bool_):
        return f"{raw!r} is not a number"
    if isinstance(raw, numbers.Real):
        number = float(raw)
        if not math.isfinite(number):
            return f"{raw!r} is not a finite number"
    else:
        text = str(raw).strip()
        if text.lower() in ("nan", "inf", "-inf", "+inf", "infinity", "-infinity"):
            return f"{text!r} is not a finite number"
        if _SCIENTIFIC.fullmatch(text):  # 1.5e3, as a program may write; no comma possible
            number = float(text)
        else:
            try:
                parsed = parse_value(text, "General", "")
            except CellProblem as problem:
                return _cell_message(problem)
            if parsed is None:
                return "is missing"
            number = parsed
        if not math.isfinite(number):
            return f"{text!r} is not a finite number"
    if abs(number) > MAX_ABS_VALUE:
        return f"{number:g} is beyond the largest magnitude a series may have ({MAX_ABS_VALUE:g})"
    return number


def _label(raw: object) -> str:
    if _is_blank(raw):
        return ""
    if isinstance(raw, numbers.Real) and not isinstance(raw, bool) and float(raw).is_integer():
        return str(int(raw))
    return str(raw).strip()


def _parse_rows(
    frame: pd.DataFrame, bounds: Bounds, source: str, problems: ProblemCollector
) -> list[_Row]:
    rows: list[_Row] = []
    label_columns = [c for c in ("census_base", "basis") if c in frame.columns]
    for i, record in enumerate(frame.to_dict("records"), start=1):
        ok = True
        year = _parse_number(record["year"])
        if isinstance(year, str):
            problems.add(source, f"year {year}", row=i, field="year")
            ok = False
        elif not year.is_integer():
            problems.add(source, f"year {year:g} is not a whole year", row=i, field="year")
            ok = False
        elif not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
            problems.add(
                source,
                f"year {year:g} is outside {YEAR_RANGE[0]}–{YEAR_RANGE[1]}",
                row=i,
                field="year",
            )
            ok = False
        value = _parse_number(record["value"])
        if isinstance(value, str):
            problems.add(source, f"value {value}", row=i, field="value")
            ok = False
        else:
            if bounds.lower is not None and value < bounds.lower:
                problems.add(
                    source,
                    f"value {value:g} is below the lower bound {bounds.lower:g}",
                    row=i,
                    field="value",
                )
                ok = False
            if bounds.upper is not None and value > bounds.upper:
                problems.add(
                    source,
                    f"value {value:g} is above the upper bound {bounds.upper:g}",
                    row=i,
                    field="value",
                )
                ok = False
        labels = {c: _label(record[c]) for c in label_columns}
        if labels.get("basis") and labels["basis"] not in BASIS_VALUES:
            known = ", ".join(sorted(BASIS_VALUES))
            problems.add(
                source, f"unknown basis {labels['basis']!r} (known: {known})", row=i, field="basis"
            )
            ok = False
        census = labels.get("census_base", "")
        if census and not (len(census) == 4 and census.isdigit()):
            problems.add(
                source,
                f"census_base {census!r} is not a census year such as '2010' or '2020'",
                row=i,
                field="census_base",
            )
            ok = False
        if ok:
            assert isinstance(year, float) and isinstance(value, float)
            rows.append(_Row(i, int(year), value, labels))
    return rows


def _check_single_series(frame: pd.DataFrame, source: str, problems: ProblemCollector) -> None:
    for column in SINGLE_SERIES_COLUMNS:
        if column in frame.columns:
            distinct = sorted({_label(v) for v in frame[column]} - {""})
            if len(distinct) > 1:
                problems.add(
                    source,
                    f"the series mixes several values of {column} ({', '.join(distinct)}); "
                    "forecast one indicator and region at a time",
                    field=column,
                )


def _check_duplicates(rows: list[_Row], source: str, problems: ProblemCollector) -> None:
    by_year: dict[int, list[int]] = {}
    for r in rows:
        by_year.setdefault(r.year, []).append(r.row)
    for year, row_numbers in sorted(by_year.items()):
        for row in row_numbers[1:]:
            problems.add(
                source,
                f"year {year} appears more than once (rows {', '.join(map(str, row_numbers))})",
                row=row,
                field="year",
            )


def _drop_targets(rows: list[_Row]) -> tuple[list[_Row], list[DroppedPoint], list[str]]:
    kept = [r for r in rows if r.labels.get("basis") != NOT_OBSERVATION_BASIS]
    dropped = [
        DroppedPoint(r.row, r.year, r.value, "basis is plan_target: a target, not an observation")
        for r in rows
        if r.labels.get("basis") == NOT_OBSERVATION_BASIS
    ]
    notes = [f"dropped {len(dropped)} plan-target row(s): targets are not observations"]
    return sorted(kept, key=lambda r: r.year), dropped, notes if dropped else []


def _cut_at_breaks(
    rows: list[_Row],
    columns: list[str],
    on_break: OnBreak,
    source: str,
    problems: ProblemCollector,
) -> tuple[list[_Row], list[DroppedPoint], list[str]]:
    """Keep the rows after the latest change of any break column (rows sorted by year)."""
    start = 0
    breaks: list[tuple[str, _Row, _Row]] = []
    for column in columns:
        labelled = [r for r in rows if r.labels.get(column)]
        for before, after in itertools.pairwise(labelled):
            if before.labels[column] != after.labels[column]:
                breaks.append((column, before, after))
                start = max(start, rows.index(after))
    if not breaks:
        return rows, [], []
    if on_break == "refuse":
        for column, before, after in breaks:
            problems.add(
                source,
                f"{column} changes from {before.labels[column]} (year {before.year}, row "
                f"{before.row}) to {after.labels[column]} (year {after.year}); a forecast across "
                "it would bridge a break (on_break='latest_segment' uses the points after it)",
                row=after.row,
                field=column,
            )
        return rows, [], []
    first = rows[start]
    dropped: list[DroppedPoint] = []
    for r in rows[:start]:
        labels = ", ".join(f"{c} {r.labels[c] or 'blank'}" for c in columns)
        latest = ", ".join(f"{c} {first.labels.get(c) or 'blank'}" for c in columns)
        dropped.append(
            DroppedPoint(
                r.row,
                r.year,
                r.value,
                f"before the break at {first.year} ({labels}; the latest segment has {latest})",
            )
        )
    described = "; ".join(
        f"{c} {b.labels[c]}→{a.labels[c]} between {b.year} and {a.year}" for c, b, a in breaks
    )
    note = (
        f"break in the series ({described}): only the {len(rows) - start} point(s) from "
        f"{first.year} on are used, {len(dropped)} earlier point(s) dropped"
    )
    return rows[start:], dropped, [note]
