"""Names and helpers shared by the fault-injection tests (synthetic data only)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hongtonglib.intake import layout

URBAN = "urbanization_rate_pct"
"""An indicator of the statistics department's template."""


def find_row(sheet: Any, code: str, year: int) -> int:
    """Return the Excel row of ``(code, year)`` in a template's data sheet."""
    for row in range(layout.HEADER_ROW + 1, sheet.max_row + 1):
        cells = (sheet.cell(row=row, column=1).value, sheet.cell(row=row, column=4).value)
        if cells == (code, year):
            return row
    raise KeyError((code, year))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file under ``folder`` with its bytes (to show nothing changed)."""
    if not folder.exists():
        return {}
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}
