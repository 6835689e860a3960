"""The ``hongtong`` command line: a thin layer that maps arguments to library calls.

Each command group lives in its own module and imports heavy libraries (pandas, statsmodels,
papermill) inside the command, so that ``hongtong --help`` and quick commands start fast.
"""

from __future__ import annotations

import typer

from hongtonglib import __version__
from hongtonglib.cli import common

app = typer.Typer(
    name="hongtong",
    help="Hongtong County plan monitoring suite (洪洞县城镇化行动方案监测).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=common.GuardedGroup,
)


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", help="Print the package version and exit.", is_eager=True
    ),
) -> None:
    """Hongtong County plan monitoring suite."""
    if version:
        typer.echo(__version__)
        raise typer.Exit(0)


common.register_all(app)
