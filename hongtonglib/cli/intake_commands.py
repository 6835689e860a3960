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
from hongtonglib.intake.db import StoreError
from hongtonglib.intake.issues import WorkbookRejected
from hongtonglib.intake.layout import parse_years
from hongtonglib.intake.queries import check_store, list_submissions
from hongtonglib.intake.queries import history as value_history
from hongtonglib.intake.report import acceptance_report, rejection_report

STORE_HELP = "Store: a path or sqlite:///path URL (default: $HONGTONG_STORE_URL or data/store/)."


def _default_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # pragma: no cover - no user database
        return "unknown"


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
    store: str = typer.Option(None, "--store", help=STORE_HELP),
) -> None:
    """Validate a filled workbook and, if it has no error, store it as a new submission."""
    from pathlib import Path

    from hongtonglib.intake.submit import submit_workbook  # heavy: pandas
    from hongtonglib.observations import default_reference  # heavy: pandas

    name = Path(file).name
    try:
        receipt = submit_workbook(
            file,
            submitted_by=by or _default_user(),
            store=store,
            reference=default_reference(store),
        )
    except WorkbookRejected as rejected:
        raise fail(rejection_report(name, rejected.issues), EXIT_BAD_INPUT) from rejected
    except StoreError as error:
        raise fail(f"store: {error}") from error
    typer.echo(
        acceptance_report(name, receipt.submission_id, receipt.value_count, receipt.warnings)
    )


def approve(
    submission_id: int = typer.Argument(..., help="The submission to approve."),
    by: str = typer.Option(None, "--by", help="Who approves (default: the login name)."),
    store: str = typer.Option(None, "--store", help=STORE_HELP),
) -> None:
    """Approve a submission: its values become current and are locked."""
    try:
        decision = approve_submission(submission_id, approved_by=by or _default_user(), store=store)
    except StoreError as error:
        raise fail(str(error)) from error
    typer.echo(
        f"submission {submission_id} approved by {decision.decided_by} at {decision.decided_at}"
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
            submission_id, reason=reason, rejected_by=by or _default_user(), store=store
        )
    except StoreError as error:
        raise fail(str(error)) from error
    typer.echo(f"submission {submission_id} rejected by {decision.decided_by}: {decision.reason}")


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
    """Check the store: SQLite integrity, every original file present with its md5."""
    result = check_store(store, remove_leftovers=remove_leftovers)
    typer.echo(f"integrity: {'; '.join(result.integrity)}")
    for label, items in (
        ("missing file", result.missing_files),
        ("md5 mismatch", result.md5_mismatches),
        ("leftover (no committed submission)", result.leftovers),
        ("removed", result.removed),
    ):
        for item in items:
            typer.echo(f"{label}: {item}")
    if not result.ok:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Attach the intake commands to the main application."""
    app.command("template")(template)
    app.command("submit")(submit)
    app.command("approve")(approve)
    app.command("reject")(reject)
    app.command("history")(history)
    app.command("submissions")(submissions)
    app.command("store-check")(store_check)
