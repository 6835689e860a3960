"""Shared pieces of the command line: output formats, error reporting, registration."""

from __future__ import annotations

import enum
import sqlite3
import sys
from typing import TYPE_CHECKING, Any

import click
import typer
import typer.core

from hongtonglib.intake.db import StoreError
from hongtonglib.textclean import escape_control

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
    cells stay lists in JSON and are joined with ``;`` in CSV and tables. Control characters
    in text cells print as visible escapes in CSV and tables (JSON escapes them itself).
    """
    import pandas as pd

    if fmt is TableFormat.json:
        typer.echo(frame.to_json(orient="records", force_ascii=False, indent=2))
        return
    flat = frame.copy()
    for column in flat.columns:
        if flat[column].dtype == object:
            flat[column] = flat[column].map(
                lambda cell: escape_control(cell) if isinstance(cell, str) else cell
            )
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


class GuardedGroup(typer.core.TyperGroup):
    """The command group: a store or SQLite error ends any command with one clear line.

    Every command that touches the submission store may meet a damaged or foreign database;
    instead of a traceback, the message goes to stderr and the exit status is 2.
    """

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, turning store and SQLite errors into a one-line message."""
        try:
            return super().invoke(ctx)
        except StoreError as error:
            typer.echo(f"store: {error}", err=True)
            raise typer.Exit(EXIT_BAD_INPUT) from error
        except sqlite3.DatabaseError as error:
            typer.echo(f"store: the submission store cannot be read: {error}", err=True)
            raise typer.Exit(EXIT_BAD_INPUT) from error


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
