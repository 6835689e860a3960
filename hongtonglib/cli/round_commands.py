"""``hongtong round open|status|remind|close|list`` and ``hongtong review``.

Data collection rounds on the command line. Each command maps its options to one library call
(:mod:`hongtonglib.collection`, :mod:`hongtonglib.intake.completeness`,
:mod:`hongtonglib.assess.review`) and formats the frame it returns. Errors (unknown round, due
date before the opening date, a second round of a year …) exit with status 2 and one message.

As in the other command modules, the library is imported inside each command, so that
``hongtong --help`` and the light commands do not load pandas, openpyxl or the assessment.
"""

from __future__ import annotations

import datetime as dt

import typer

from hongtonglib.cli.common import EXIT_BAD_INPUT, TableFormat, fail, print_frame
from hongtonglib.intake.db import StoreError

STORE_HELP = "Store: a path or sqlite:///path URL (default: $HONGTONG_STORE_URL or data/store/)."

round_app = typer.Typer(
    help="Data collection rounds: open, track, chase, close.", no_args_is_help=True
)


def _user(by: str | None) -> str:
    if by:
        return by
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # pragma: no cover - no user database
        return "unknown"


def _date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise fail(f"{option} must be a date like 2026-03-31, not {text!r}") from None


@round_app.command("open")
def open_command(
    year: int = typer.Option(..., "--year", help="The year whose values are collected."),
    due: str = typer.Option(..., "--due", help="Due date, e.g. 2026-03-31."),
    department: list[str] = typer.Option(
        None, "--department", "-d", help="Units of the round (repeat); all units by default."
    ),
    first_year: int = typer.Option(
        None, "--first-year", help="Also ask for missing values back to this year."
    ),
    out: str = typer.Option(None, "--out", "-o", help="Folder of the packages to send."),
    contact: str = typer.Option(None, "--contact", help="Where units send the file."),
    by: str = typer.Option(None, "--by", help="Who opens the round (default: login name)."),
    embed_font: bool = typer.Option(
        True, "--embed-font/--no-embed-font", help="Embed a CJK font subset in the notices."
    ),
    store: str = typer.Option(None, "--store", help=STORE_HELP),
) -> None:
    """Open a round: record it and write each unit's template and 报送通知."""
    from hongtonglib.collection import DEFAULT_CONTACT, open_round  # heavy: pandas
    from hongtonglib.plan import UnknownKeyError  # heavy: pydantic

    due_date = _date(due, "--due")
    try:
        opened = open_round(
            year,
            due_date=due_date,
            opened_by=_user(by),
            store=store,
            departments=department or None,
            first_year=first_year,
            out=out,
            contact=contact or DEFAULT_CONTACT,
            embed_font=embed_font,
        )
    except UnknownKeyError as error:
        raise fail(f"unknown department: {error}") from error
    except StoreError as error:
        raise fail(f"round: {error}") from error
    info, units = opened.round, opened.units
    sent = units[units["requested"] > 0]
    nothing = units[units["requested"] == 0]
    typer.echo(
        f"round {info.round_id} opened: {info.year}, due {info.due_date}; "
        f"{len(sent)} units asked for {int(sent['requested'].sum())} items"
    )
    if opened.out is not None:
        typer.echo(f"packages written to {opened.out} (index.html, units.csv)")
    if len(nothing):
        typer.echo("nothing to report (no file sent): " + "、".join(nothing["name_zh"]))


@round_app.command("status")
def status_command(
    round_id: int = typer.Option(None, "--round", help="The round (default: the latest)."),
    targets: bool = typer.Option(False, "--targets", help="Per plan target instead of per unit."),
    store: str = typer.Option(None, "--store", help=STORE_HELP),
    fmt: TableFormat = typer.Option(TableFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Show each unit's requested, received, approved … items, reporting rate and timeliness."""
    from hongtonglib.intake.completeness import (
        STATUS_TABLE_COLUMNS,
        round_status,
        round_totals,
        target_completeness,
    )  # heavy: pandas
    from hongtonglib.intake.rounds import get_round  # heavy: pandas

    try:
        info = get_round(round_id, store)
        frame = (
            target_completeness(info.round_id, store)
            if targets
            else round_status(info.round_id, store)
        )
    except StoreError as error:
        raise fail(f"round: {error}") from error
    if fmt is not TableFormat.table:
        print_frame(frame, fmt)
        return
    closed = f", closed {info.closed_at}" if info.is_closed else ""
    typer.echo(f"round {info.round_id}: {info.year}, due {info.due_date}{closed}")
    if targets:
        print_frame(frame, fmt)
        return
    print_frame(frame[list(STATUS_TABLE_COLUMNS)], fmt)
    totals = round_totals(frame)
    typer.echo(
        f"units reported {totals['units_reported']}/{totals['units']} "
        f"(on time {totals['units_on_time']}); items approved {totals['approved']}, "
        f"pending {totals['pending']}, rejected {totals['rejected']}, missing "
        f"{totals['missing']} of {totals['requested']}; reporting rate {totals['reporting_rate']}%"
    )


@round_app.command("remind")
def remind_command(
    out: str = typer.Option(..., "--out", "-o", help="Folder for the 催报 list (HTML + CSV)."),
    round_id: int = typer.Option(None, "--round", help="The round (default: the latest)."),
    embed_font: bool = typer.Option(
        True, "--embed-font/--no-embed-font", help="Embed a CJK font subset in the page."
    ),
    store: str = typer.Option(None, "--store", help=STORE_HELP),
) -> None:
    """Write the 催报 list: each late or incomplete unit, what it owes, days overdue."""
    from hongtonglib.collection import write_reminders  # heavy: pandas

    try:
        html_path, csv_path, table = write_reminders(out, round_id, store, embed_font=embed_font)
    except StoreError as error:
        raise fail(f"round: {error}") from error
    typer.echo(f"{len(table)} units to chase; wrote {html_path} and {csv_path}")


@round_app.command("close")
def close_command(
    round_id: int = typer.Option(None, "--round", help="The round (default: the latest)."),
    by: str = typer.Option(None, "--by", help="Who closes it (default: login name)."),
    store: str = typer.Option(None, "--store", help=STORE_HELP),
) -> None:
    """Close a round; later submissions are still accepted and marked late."""
    from hongtonglib.intake.rounds import close_round, get_round  # heavy: pandas

    try:
        info = close_round(get_round(round_id, store).round_id, closed_by=_user(by), store=store)
    except StoreError as error:
        raise fail(f"round: {error}") from error
    typer.echo(
        f"round {info.round_id} ({info.year}) closed by {info.closed_by} at {info.closed_at}"
    )


@round_app.command("list")
def list_command(
    store: str = typer.Option(None, "--store", help=STORE_HELP),
    fmt: TableFormat = typer.Option(TableFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """List every round with its due date and whether it is closed."""
    import pandas as pd

    from hongtonglib.intake.rounds import list_rounds  # heavy: pandas

    rounds = list_rounds(store)
    frame = pd.DataFrame([vars(r) for r in rounds])
    if frame.empty:
        typer.echo("no round has been opened in this store")
        return
    print_frame(frame, fmt)


def review(
    submission_id: int = typer.Argument(..., help="The submission to review."),
    as_of: int = typer.Option(None, "--as-of", help="Assessment year (default: this year)."),
    store: str = typer.Option(None, "--store", help=STORE_HELP),
    fmt: TableFormat = typer.Option(TableFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Show a submission's values beside history, its warnings, and what approving changes."""
    from hongtonglib.assess.review import review_submission  # heavy: pandas

    try:
        result = review_submission(submission_id, store, as_of=as_of or dt.date.today().year)
    except StoreError as error:
        raise fail(str(error), EXIT_BAD_INPUT) from error
    record = result.record
    if fmt is TableFormat.json:
        import json

        payload = {
            "submission_id": record.submission_id,
            "department_id": record.department_id,
            "state": record.state,
            "submitted_by": record.submitted_by,
            "submitted_at": record.submitted_at,
            "decided_by": record.decided_by,
            "round_id": record.round_id,
            "late": record.late,
            "values": json.loads(result.values.to_json(orient="records", force_ascii=False)),
            "warnings": json.loads(result.warnings.to_json(orient="records", force_ascii=False)),
            "effect": json.loads(result.effect.to_json(orient="records", force_ascii=False)),
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    in_round = (
        f"; round {record.round_id}{' (late)' if record.late else ''}" if record.round_id else ""
    )
    typer.echo(
        f"submission {record.submission_id}: {record.department_id}, {record.state}, "
        f"submitted by {record.submitted_by} at {record.submitted_at}{in_round}"
    )
    if record.decided_by:
        typer.echo(f"decided by {record.decided_by} at {record.decided_at} {record.reason or ''}")
    typer.echo("\nvalues beside history (public and approved):")
    print_frame(result.values, fmt)
    typer.echo(f"\nwarnings: {len(result.warnings)}")
    for warning in result.warnings.itertuples():
        typer.echo(f"  [{warning.code}] {warning.message_zh}")
    typer.echo("\neffect of approving on the assessment (before → after):")
    if result.effect.empty:
        typer.echo("  no plan target uses these indicators")
    else:
        print_frame(result.effect, fmt)


def register(app: typer.Typer) -> None:
    """Attach ``round`` and ``review`` to the main application."""
    app.add_typer(round_app, name="round")
    app.command("review")(review)
