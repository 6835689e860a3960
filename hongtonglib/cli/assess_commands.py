"""``hongtong assess``: one row per target milestone with status and probability."""

from __future__ import annotations

import datetime

import typer

from hongtonglib.cli.common import TableFormat, print_frame

ASSESS_COLUMNS = [
    "target_id",
    "task_id",
    "indicator_id",
    "label_zh",
    "requirement",
    "target_year",
    "latest_value",
    "latest_year",
    "latest_basis",
    "latest_source_id",
    "gap",
    "years_left",
    "observed_pace",
    "required_pace",
    "observed_pace_logit",
    "required_pace_logit",
    "pace_scale",
    "pace_ratio",
    "status",
    "status_label_zh",
    "previous_status",
    "probability",
    "probability_change",
    "forecast_method",
    "forecast_points_used",
    "forecast_mean",
    "forecast_lower",
    "forecast_upper",
    "forecast_probability_note",
    "outside_view_share",
    "supplier_department_id",
    "points_used",
    "points_dropped",
    "notes",
]

TABLE_COLUMNS = {
    "target_id": "target_id",
    "requirement": "要求",
    "target_year": "年份",
    "latest_value": "最新值",
    "latest_year": "数据年份",
    "pace_ratio": "进度比",
    "status_label_zh": "状态",
    "probability": "实现概率",
    "supplier_department_id": "数据提供单位",
}


def assess(
    as_of: int = typer.Option(None, "--as-of", help="Assessment year (default: the current year)."),
    region: str = typer.Option("141024", "--region", help="Region code (default Hongtong)."),
    level: float = typer.Option(0.8, "--level", help="Forecast interval coverage."),
    fmt: TableFormat = typer.Option(TableFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Assess every numeric target of the plan: status, paces, probability."""
    from hongtonglib.assess import assess_plan  # heavy: pandas
    from hongtonglib.plan import load_plan  # heavy: pydantic

    year = as_of or datetime.date.today().year
    frame = assess_plan(as_of=year, region_code=region, level=level).frame()
    if fmt is TableFormat.table:
        plan = load_plan()
        frame["supplier_department_id"] = frame["supplier_department_id"].map(
            lambda key: plan.department(key).name_zh if key else ""
        )
        table = frame[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS)
        table["进度比"] = table["进度比"].map(lambda v: "" if v != v or v is None else f"{v:.2f}")
        table["实现概率"] = table["实现概率"].map(
            lambda v: "" if v is None or v != v else f"{v:.0%}"
        )
        typer.echo(f"截至{year}年，{len(frame)}项数值目标的评估（地区 {region}）")
        print_frame(table, fmt)
    else:
        print_frame(frame[ASSESS_COLUMNS], fmt)


def register(app: typer.Typer) -> None:
    """Attach ``assess`` to the main application."""
    app.command("assess")(assess)
