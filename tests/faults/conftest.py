"""Fixtures of the fault-injection tests: synthetic workbooks and stores in temporary folders.

Every workbook here is SYNTHETIC: written by ``write_template`` and filled with invented
values (file names ``synthetic_*``). None of these values is data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from faults_synthetic import URBAN, find_row
from openpyxl import load_workbook

from hongtonglib.intake import layout
from hongtonglib.intake.template import write_template
from hongtonglib.plan import Plan


@pytest.fixture
def make_workbook(tmp_path: Path, plan: Plan, catalog) -> Callable[..., Path]:
    """Return ``make(name, value=48.0, year=2024, edit=None)``: a filled synthetic workbook."""

    def make(name: str, value: object = 48.0, year: int = 2024, *, edit=None) -> Path:
        path = tmp_path / f"synthetic_{name}.xlsx"
        write_template(
            "statistics",
            path,
            years=(2023, 2024),
            plan=plan,
            catalog=catalog,
            generated_at=dt.date(2025, 1, 2),
        )
        book = load_workbook(path)
        sheet = book[layout.DATA_SHEET]
        sheet[f"E{find_row(sheet, URBAN, year)}"] = value
        if edit is not None:
            edit(book)
        book.save(path)
        return path

    return make
