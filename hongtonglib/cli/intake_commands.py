"""``hongtong template``, ``submit``, ``approve``, ``reject``, ``history``, ``submissions``.

Department data intake on the command line: each command maps its arguments to one call of
:mod:`hongtonglib.intake` and prints the result. A rejected workbook exits with status 2 and
the full report on stderr.
"""

from __future__ import annotations

import typer

from hongtonglib.cli.common import EXIT_BAD_INPUT, TableFormat, fail, print_frame
from hongtonglib.intake.approval import approve as approve_submission
from hongtonglib.intake.approval import reject as reject_submission
from hongtonglib.intake.backup import backup_store, restore_store
from hongtonglib.intake.db import StoreError, connect_writer, preflight, resolve_store
from hongtonglib.intake.issues import WorkbookRejected
from hongtonglib.intake.layout import parse_years
from hongtonglib.intake.queries import check_store, list_submissions
from hongtonglib.intake.queries import history as value_history
from hongtonglib.intake.report import acceptance_report, rejection_report
from hongtonglib.textclean import escape_control

STORE_HELP = "Store: a path or sqlite:///path URL (default: $HONGTONG_STORE_URL or data/store/)."


def _default_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # pragma: no cover - no user database
        return "unknown"


def _who(by: str | None) -> str:
    """Return ``--by``, or the login name when it is not given (an empty name stays empty)."""
    return _default_user() if by is None else by


def template(
    department: str = typer.Option(..., "--department", "-d", help="Department id or alias."),
    years: str = typer.Option("2018-2025", "--years", help="Year range, e.g. 2018-2025."),
    out: str = typer.Option(..., "--out", "-o", help="The .xlsx file to write."),
) -> None:
    """Write the Excel template a department fills in (填报模板)."""
    from hongtonglib.intake.template import write_template  # heavy: pandas
    from hongtonglib.plan import UnknownKeyError  # heavy: pydantic

    try:
        info = write_template(department, out, years=parse_years(years))
    except UnknownKeyError as error:
        raise fail(f"unknown department: {error}") from error
    except ValueError as error:
        raise fail(str(error)) from error
    typer.echo(
        f"wrote {info.path}: {info.department_id}, {len(info.indicator_ids)} indicators, "
        f"{info.row_count} rows, template {info.template_version}"
    )


def submit(
    file: str = typer.Argument(..., help="The filled .xlsx workbook."),
    by: str = typer.Option(None, "--by", help="Who submits (default: the login name)."),
    round_id: int = typer.Option(
        None, "--round", help="The round it must belong to (default: the one in the workbook)."
    ),
    store: str = typer.Option(None, "--store", help=STORE_HELP),
) -> None:
    """Validate a filled workbook and, if it has no error, store it as a new submission."""
    from pathlib import Path

    from hongtonglib.intake.round_submit import submit_round_workbook  # heavy: openpyxl
    from hongtonglib.merged_observations import default_reference  # heavy: pandas

    name = escape_control(Path(file).name)
    try:
        result = submit_round_workbook(
            file,
            submitted_by=_who(by),
            round_id=round_id,
            store=store,
            reference=default_reference(store),
        )
    except WorkbookRejected as rejected:
        raise fail(rejection_report(name, rejected.issues), EXIT_BAD_INPUT) from rejected
    except StoreError as error:
        raise fail(f"store: {error}") from error
    receipt = result.receipt
    typer.echo(
        acceptance_report(name, receipt.submission_id, receipt.value_count, receipt.warnings)
    )
    if result.round is not None:
        late = "（逾期 / late）" if result.late else ""
        typer.echo(f"round {result.round.round_id} ({result.round.year}){late}")


def approve(
    submission_id: int = typer.Argument(..., help="The submission to approve."),
    by: str = typer.Option(None, "--by", help="Who approves (default: the login name)."),
    allow_self_approval: bool = typer.Option(
        False, "--allow-self-approval", help="Let the submitter approve (recorded)."
    ),
    store: str = typer.Option(None, "--store", help=STORE_HELP),
) -> None:
    """Approve a submission: its values become current and are locked.

    The approver must differ from the submitter unless --allow-self-approval is given.
    """
    try:
        decision = approve_submission(
            submission_id,
            approved_by=_who(by),
            store=store,
            allow_self_approval=allow_self_approval,
        )
    except StoreError as error:
        raise fail(str(error)) from error
    typer.echo(
        f"submission {submission_id} approved by {escape_control(decision.decided_by)} "
        f"at {decision.decided_at}"
    )


def reject(
    submission_id: int = typer.Argument(..., help="The submission to reject."),
    reason: str = typer.Option(..., "--reason", help="Why (shown to the department)."),
    by: str = typer.Option(None, "--by", help="Who rejects (default: the login name)."),
    store: str = typer.Option(None, "--store", help=STORE_HELP),
) -> None:
    """Reject a submission with a reason; its values never reach forecasts."""
    try:
        decision = reject_submission(
            submission_id, reason=reason, rejected_by=_who(by), store=store
        )
    except StoreError as error:
        raise fail(str(error)) from error
    typer.echo(
        f"submission {submission_id} rejected by {escape_control(decision.decided_by)}: "
        f"{escape_control(decision.reason)}"
    )


def history(
    indicator: str = typer.Option(..., "--indicator", "-i", help="Indicator id."),
    region: str = typer.Option(None, "--region", "-r", help="Region code, e.g. 141024."),
    store: str = typer.Option(None, "--store", help=STORE_HELP),
    fmt: TableFormat = typer.Option(TableFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Show every version of every value of an indicator, with submission, state and approver."""
    frame = value_history(indicator, region, store=store)
    if frame.empty and fmt is TableFormat.table:
        typer.echo(f"no submitted value of {indicator}")
        return
    if fmt is TableFormat.table:
        frame = frame.drop(columns=["raw_text", "remark", "cell", "submitted_at", "decided_at"])
    print_frame(frame, fmt)


def submissions(
    state: str = typer.Option(None, "--state", help="submitted, approved or rejected."),
    department: str = typer.Option(None, "--department", "-d", help="Department id."),
    store: str = typer.Option(None, "--store", help=STORE_HELP),
    fmt: TableFormat = typer.Option(TableFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """List submissions and their states."""
    frame = list_submissions(store, state=state, department_id=department)
    if frame.empty and fmt is TableFormat.table:
        typer.echo("no submission")
        return
    if fmt is TableFormat.table:
        frame = frame.drop(columns=["file_md5", "stored_path", "template_version", "decided_at"])
    print_frame(frame, fmt)


def store_check(
    store: str = typer.Option(None, "--store", help=STORE_HELP),
    remove_leftovers: bool = typer.Option(
        False, "--remove-leftovers", help="Delete files left by interrupted submissions."
    ),
) -> None:
    """Check the store: SQLite integrity, schema, every original file present with its md5.

    Exits 2 when the database is refused (missing or empty next to originals, not SQLite,
    foreign, damaged), 1 when an original is missing or changed, else 0.
    """
    result = check_store(store, remove_leftovers=remove_leftovers)
    typer.echo(f"integrity: {'; '.join(result.integrity)}")
    for label, items in (
        ("schema", result.schema_problems),
        ("missing file", result.missing_files),
        ("md5 mismatch", result.md5_mismatches),
        ("leftover (no committed submission)", result.leftovers),
        ("removed", result.removed),
    ):
        for item in items:
            typer.echo(f"{label}: {escape_control(item)}")
    if result.refused is not None:
        raise fail(f"refused: {result.refused}", EXIT_BAD_INPUT)
    if remove_leftovers and not result.ok:
        typer.echo("nothing removed: the store is not sound", err=True)
    if not result.ok:
        raise typer.Exit(1)


def store_backup(
    to: str = typer.Option(..., "--to", help="The new backup database (must not exist)."),
    store: str = typer.Option(None, "--store", help=STORE_HELP),
) -> None:
    """Back up the store (SQLite online backup and the original workbooks) to a new file."""
    result = backup_store(store, to)
    typer.echo(
        f"backed up {result.source} to {result.target}: integrity {result.integrity[0]}, "
        f"{result.originals_copied} original file(s) copied"
    )


def store_restore(
    backup: str = typer.Option(..., "--from", help="The backup database to restore."),
    store: str = typer.Option(None, "--store", help=STORE_HELP),
) -> None:
    """Restore the store from a backup; the replaced database file is kept beside it."""
    result = restore_store(backup, store)
    kept = f"; the previous file is kept as {result.kept_aside}" if result.kept_aside else ""
    typer.echo(
        f"restored {result.target} from {result.source}: integrity {result.integrity[0]}, "
        f"{result.originals_copied} original file(s) brought back{kept}"
    )
    for name in result.conflicts:
        typer.echo(f"differs from the backup, kept as it is: {escape_control(name)}")


def store_upgrade(store: str = typer.Option(None, "--store", help=STORE_HELP)) -> None:
    """Migrate an existing store to this code's schema (read-only commands never migrate)."""
    location = resolve_store(store)
    if not preflight(location):
        raise fail(f"no store at {location.db_path}")
    connect_writer(location).close()
    typer.echo(f"store {location.db_path} is at the current schema")


def register(app: typer.Typer) -> None:
    """Attach the intake commands to the main application."""
    app.command("template")(template)
    app.command("submit")(submit)
    app.command("approve")(approve)
    app.command("reject")(reject)
    app.command("history")(history)
    app.command("submissions")(submissions)
    app.command("store-check")(store_check)
    app.command("store-backup")(store_backup)
    app.command("store-restore")(store_restore)
    app.command("store-upgrade")(store_upgrade)
