"""Flag values that are possible but suspicious, comparing them with the series' history.

A suspicious value is accepted with a warning, never rejected. Two checks, on each submitted
value against the other points of its series (approved submissions, public observations and
the other years of the same workbook):

- **differs from reference**: the same year already has a value that differs by more than
  :data:`SAME_YEAR_TOLERANCE` (relative);
- **jump**: against the nearest other year, the change per year exceeds
  ``JUMP_FACTOR`` × the series' usual change (the median absolute change per year between
  consecutive known years, needing at least two such changes), or, with less history,
  ``RELATIVE_JUMP`` × the neighbour's level. Changes below a floor (1 unit for counts,
  1 percentage point for %, 5 % of the neighbour's level) are never flagged.

Examples
--------
>>> history = [ReferencePoint(2020, 40.0, "obs", "公开数据"),
...            ReferencePoint(2021, 41.0, "obs", "公开数据"),
...            ReferencePoint(2022, 42.1, "obs", "公开数据")]
>>> jump_warning(2023, 4.31, history, unit="%") is not None
True
>>> jump_warning(2023, 43.0, history, unit="%") is None
True
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from hongtonglib.intake.catalog import COUNT_UNITS

JUMP_FACTOR = 3.0
"""A change per year more than this many times the usual change is a jump."""
RELATIVE_JUMP = 0.5
"""Without enough history, a change per year above this share of the neighbour is a jump."""
MIN_CHANGES_FOR_TYPICAL = 2
"""Number of consecutive changes needed to estimate the usual change."""
SAME_YEAR_TOLERANCE = 0.005
"""Relative difference above which a same-year value counts as different."""


@dataclass(frozen=True)
class ReferencePoint:
    """A known value of a series, with its source described for the message."""

    year: int
    value: float
    source: str
    source_zh: str


ReferenceProvider = Callable[[str, str], Sequence[ReferencePoint]]
"""Return the known points of ``(indicator_id, region_code)``, most trusted first."""


def no_reference(indicator_id: str, region_code: str) -> Sequence[ReferencePoint]:
    """Return no history (used when there is no store and no public observation).

    >>> no_reference("urbanization_rate_pct", "141024")
    ()
    """
    return ()


@dataclass(frozen=True)
class Finding:
    """A suspicious value: the message code and its fields."""

    code: str
    fields: dict[str, object]


def _by_year(points: Sequence[ReferencePoint]) -> dict[int, ReferencePoint]:
    chosen: dict[int, ReferencePoint] = {}
    for point in points:
        chosen.setdefault(point.year, point)
    return chosen


def typical_change(points: Sequence[ReferencePoint]) -> float | None:
    """Return the median absolute change per year between consecutive known years.

    >>> typical_change([ReferencePoint(2020, 1.0, "", ""), ReferencePoint(2022, 5.0, "", ""),
    ...                 ReferencePoint(2023, 6.0, "", "")])
    1.5
    >>> typical_change([ReferencePoint(2020, 1.0, "", "")]) is None
    True
    """
    series = sorted(_by_year(points).values(), key=lambda p: p.year)
    changes = [abs(b.value - a.value) / (b.year - a.year) for a, b in itertools.pairwise(series)]
    if len(changes) < MIN_CHANGES_FOR_TYPICAL:
        return None
    return float(statistics.median(changes))


def _floor(unit: str, level: float) -> float:
    unit_floor = 1.0 if unit in COUNT_UNITS or unit == "%" else 0.0
    return max(unit_floor, 0.05 * abs(level))


def same_year_warning(year: int, value: float, points: Sequence[ReferencePoint]) -> Finding | None:
    """Return a finding when ``year`` already has a different value.

    >>> known = [ReferencePoint(2024, 46.0, "submission 3", "第3号报送")]
    >>> same_year_warning(2024, 46.5, known).code
    'value_differs_from_reference'
    """
    for point in points:
        if point.year != year:
            continue
        scale = max(abs(point.value), 1e-9)
        if abs(value - point.value) / scale > SAME_YEAR_TOLERANCE:
            return Finding(
                "value_differs_from_reference",
                {
                    "value": value,
                    "year": year,
                    "ref_value": point.value,
                    "ref_source": point.source,
                    "ref_source_zh": point.source_zh,
                },
            )
    return None


def jump_warning(
    year: int, value: float, points: Sequence[ReferencePoint], *, unit: str
) -> Finding | None:
    """Return a finding when ``value`` jumps far from the nearest other year of the series."""
    others = [point for point in _by_year(points).values() if point.year != year]
    if not others:
        return None
    nearest = min(others, key=lambda p: (abs(p.year - year), p.year > year))
    change = (value - nearest.value) / abs(year - nearest.year)
    typical = typical_change(others)
    floor = _floor(unit, nearest.value)
    if typical is not None:
        threshold = max(JUMP_FACTOR * typical, floor)
        basis = (f"{JUMP_FACTOR:g} × the usual yearly change", f"以往年均变化的{JUMP_FACTOR:g}倍")
    else:
        threshold = max(RELATIVE_JUMP * abs(nearest.value), floor)
        basis = (f"{RELATIVE_JUMP:.0%} of the {nearest.year} level", f"{nearest.year}年水平的一半")
    if abs(change) <= threshold:
        return None
    percent = unit == "%"
    return Finding(
        "value_suspicious_jump",
        {
            "value": value,
            "year": year,
            "ref_value": nearest.value,
            "ref_year": nearest.year,
            "ref_source": nearest.source,
            "ref_source_zh": nearest.source_zh,
            "change": round(change, 6),
            "threshold": round(threshold, 6),
            "basis": basis[0],
            "basis_zh": basis[1],
            "unit_en": "percentage points" if percent else unit,
            "unit_zh": "个百分点" if percent else unit,
        },
    )


def check_value(
    year: int,
    value: float,
    reference: Sequence[ReferencePoint],
    workbook_points: Sequence[ReferencePoint],
    *,
    unit: str,
) -> list[Finding]:
    """Return the findings on one submitted value.

    ``reference`` are the known points (store and public); ``workbook_points`` the other
    years of the same indicator in the same workbook.
    """
    findings = []
    differs = same_year_warning(year, value, reference)
    if differs is not None:
        findings.append(differs)
    series = [p for p in reference if p.year != year] + [
        p for p in workbook_points if p.year != year
    ]
    jump = jump_warning(year, value, series, unit=unit)
    if jump is not None:
        findings.append(jump)
    return findings
