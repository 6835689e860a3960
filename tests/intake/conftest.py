"""Fixtures of the intake tests: synthetic workbooks generated from real templates.

Every workbook here is SYNTHETIC: made by ``write_template`` and filled with invented values
in the test, and named ``synthetic_*.xlsx``. None of these values is data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from intake_synthetic import YEARS, find_row, put
from openpyxl import Workbook, load_workbook

from hongtonglib.intake import layout
from hongtonglib.intake.catalog import IndicatorSpec
from hongtonglib.intake.template import write_template
from hongtonglib.plan import Plan

Cell = Any
"""A value to write: a plain value, or ``(value, number_format)``."""


@pytest.fixture
def make_workbook(
    tmp_path: Path, plan: Plan, catalog: dict[str, IndicatorSpec]
) -> Callable[..., Path]:
    """Return a factory of filled synthetic workbooks.

    ``make_workbook(name, department, values={(code, year): cell}, edit=fn)`` writes the
    department's template to ``synthetic_<name>.xlsx``, puts each cell into the value column
    (``E``) of its row, lets ``edit(workbook)`` change anything else, and saves.
    """

    def make(
        name: str,
        department: str = "statistics",
        values: Mapping[tuple[str, int], Cell] | None = None,
        *,
        edit: Callable[[Workbook], None] | None = None,
        years: tuple[int, ...] = YEARS,
    ) -> Path:
        path = tmp_path / f"synthetic_{name}.xlsx"
        write_template(
            department,
            path,
            years=years,
            plan=plan,
            catalog=catalog,
            generated_at=dt.date(2025, 1, 2),
        )
        book = load_workbook(path)
        sheet = book[layout.DATA_SHEET]
        for (code, year), cell in (values or {}).items():
            put(sheet, f"E{find_row(sheet, code, year)}", cell)
        if edit is not None:
            edit(book)
        book.save(path)
        return path

    return make
