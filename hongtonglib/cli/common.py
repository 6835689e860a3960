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

    Missing values print as empty cells in CSV, ``null`` in JSON and ``—`` in tables. List
    cells stay lists in JSON and are joined with ``;`` in CSV and tables.
    """
    import pandas as pd

    if fmt is TableFormat.json:
        typer.echo(frame.to_json(orient="records", force_ascii=False, indent=2))
        return
    flat = frame.copy()
    for column in flat.columns:
        if flat[column].map(lambda cell: isinstance(cell, list | tuple)).any():
            flat[column] = flat[column].map(
                lambda cell: ";".join(map(str, cell)) if isinstance(cell, list | tuple) else cell
            )
    if fmt is TableFormat.csv:
        flat.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        with pd.option_context(
            "display.unicode.east_asian_width",
            True,
            "display.max_colwidth",
            60,
            "display.width",
            200,
        ):
            typer.echo(flat.to_string(index=False, na_rep="—"))


def fail(message: str, code: int = EXIT_BAD_INPUT) -> typer.Exit:
    """Print ``message`` to stderr and return the exit to raise."""
    typer.echo(message, err=True)
    return typer.Exit(code)


COMMAND_MODULES = (
    "plan_commands",
    "data_commands",
    "forecast_commands",
    "assess_commands",
    "intake_commands",
    "render_commands",
    "demography_commands",
    "round_commands",
)
"""Command modules of ``hongtong``, each exposing ``register(app)``."""


def register_all(app: typer.Typer) -> None:
    """Attach every command group to ``app``.

    Each module of :data:`COMMAND_MODULES` exposes ``register(app)``.
    """
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(f"hongtonglib.cli.{name}").register(app)
