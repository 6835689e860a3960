"""Shared pieces of the command line: output formats, error reporting, registration."""

from __future__ import annotations

import enum
import sys
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    import pandas as pd

EXIT_BAD_INPUT = 2
"""Exit status for input that fails validation (as for a usage error)."""


class TableFormat(str, enum.Enum):
    """Output formats of table-printing commands."""

    table = "table"
    csv = "csv"
    json = "json"


def print_frame(frame: pd.DataFrame, fmt: TableFormat) -> None:
    """Print a frame to stdout as an aligned table, CSV or JSON records.

    Missing values print as empty cells in CSV, ``null`` in JSON and ``—`` in tables.
    """
    if fmt is TableFormat.csv:
        frame.to_csv(sys.stdout, index=False, lineterminator="\n")
    elif fmt is TableFormat.json:
        typer.echo(frame.to_json(orient="records", force_ascii=False, indent=2))
    else:
        typer.echo(frame.to_string(index=False, na_rep="—"))


def fail(message: str, code: int = EXIT_BAD_INPUT) -> typer.Exit:
    """Print ``message`` to stderr and return the exit to raise."""
    typer.echo(message, err=True)
    return typer.Exit(code)


def register_all(app: typer.Typer) -> None:
    """Attach every command group to ``app``.

    Each feature module exposes ``register(app)``; add one line here per module.
    """
    from hongtonglib.cli import forecast_commands

    forecast_commands.register(app)
