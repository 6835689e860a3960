"""``hongtong plan …`` and ``hongtong targets``: print the plan registry."""

from __future__ import annotations

import enum

import typer

from hongtonglib.cli.common import TableFormat, fail, print_frame
from hongtonglib.validation import ValidationFailed

plan_app = typer.Typer(
    help="The action plan's registries (tasks, targets, departments, …).", no_args_is_help=True
)


class PlanTable(str, enum.Enum):
    """Tables of the plan registry."""

    tasks = "tasks"
    targets = "targets"
    departments = "departments"
    projects = "projects"
    repairs = "repairs"


@plan_app.command("show")
def show_table(
    table: PlanTable = typer.Argument(..., help="Which table to print."),
    fmt: TableFormat = typer.Option(TableFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Print one table of the plan registry (same as ``hongtong plan TABLE``)."""
    import pandas as pd

    from hongtonglib.plan import load_plan, tables  # heavy: pandas
    from hongtonglib.plan.text import load_repairs, locate_repairs, read_raw_text  # heavy: pydantic

    try:
        plan = load_plan()
    except ValidationFailed as error:
        raise fail(str(error)) from error
    if table is PlanTable.repairs:
        frame = pd.DataFrame(locate_repairs(read_raw_text(), load_repairs()))
    else:
        builders = {
            PlanTable.tasks: tables.tasks_table,
            PlanTable.targets: tables.targets_table,
            PlanTable.departments: tables.departments_table,
            PlanTable.projects: tables.projects_table,
        }
        frame = builders[table](plan)
        if fmt is TableFormat.table and "text" in frame.columns:
            frame = frame.drop(columns=["text"])
        if fmt is TableFormat.table and "sentence" in frame.columns:
            frame = frame.drop(columns=["sentence", "note"], errors="ignore")
    print_frame(frame, fmt)


def _make_table_command(table: PlanTable) -> None:
    def command(
        fmt: TableFormat = typer.Option(TableFormat.table, "--format", "-f", help="Output format."),
    ) -> None:
        show_table(table, fmt)

    command.__doc__ = f"Print the plan's {table.value} table."
    plan_app.command(table.value)(command)


for _table in PlanTable:
    _make_table_command(_table)


@plan_app.command("build")
def build() -> None:
    """Rebuild the cleaned plan text and structure.yaml from the raw text and repairs."""
    from hongtonglib.plan.build import build_plan_files  # heavy: pydantic

    for path in build_plan_files():
        typer.echo(f"wrote {path}")


def targets() -> None:
    """Print the plan's numeric targets as a readable table (Chinese)."""
    from hongtonglib.plan import load_plan  # heavy: pydantic
    from hongtonglib.plan.tables import readable_targets_table  # heavy: pandas

    plan = load_plan()
    frame = readable_targets_table(plan)
    typer.echo(f"{plan.title}：数值目标 {len(frame)} 项")
    print_frame(frame, TableFormat.table)
    typer.echo("* 该句未写明年份，采用所在任务的完成期限或方案期末（2027年）。")


def register(app: typer.Typer) -> None:
    """Attach ``plan`` and ``targets`` to the main application."""
    app.add_typer(plan_app, name="plan")
    app.command("targets")(targets)
