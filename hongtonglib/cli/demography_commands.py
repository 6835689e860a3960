"""``hongtong reference-class`` and ``hongtong demand``: the outside view and demographic demand.

Thin commands: they map options to :mod:`hongtonglib.reference_class` and
:mod:`hongtonglib.demography` and print the frames. Heavy imports happen inside the commands.
"""

from __future__ import annotations

import enum
from pathlib import Path

import typer

from hongtonglib.cli.common import TableFormat, fail, print_frame

_FORMAT = typer.Option(TableFormat.table, "--format", "-f", help="Output format.")


class PaceUnitOption(str, enum.Enum):
    """Units of a required pace."""

    logit = "logit"
    pp = "pp"


class ReferenceView(str, enum.Enum):
    """Tables of the reference-class result."""

    summary = "summary"
    exclusions = "exclusions"
    units = "units"


class ScenarioOption(str, enum.Enum):
    """Scenarios of the demand projection."""

    low = "low"
    central = "central"
    high = "high"
    all = "all"


def reference_class(
    required_pace: float | None = typer.Option(
        None,
        "--required-pace",
        help="Pace to compare with, per year (default for 141024: the plan's last urbanization "
        "target from the latest observation).",
    ),
    pace_unit: PaceUnitOption = typer.Option(
        PaceUnitOption.logit, "--pace-unit", help="logit (URGD) or pp (percentage points)."
    ),
    region: str = typer.Option("141024", "--region", help="Subject county (6-digit code)."),
    band: float = typer.Option(5.0, "--band", help="Half-width of the similar-share class, pp."),
    show: ReferenceView = typer.Option(ReferenceView.summary, "--show", help="Which table."),
    output_dir: Path | None = typer.Option(
        None, "--output-dir", help="Also write every table as CSV into this folder."
    ),
    fmt: TableFormat = _FORMAT,
) -> None:
    """Print the 2010-2020 urbanization pace of comparable counties and where a county stands."""
    from pydantic import ValidationError

    from hongtonglib.assess.outside_view import plan_required_pace  # heavy: pandas
    from hongtonglib.reference_class import (
        ReferenceClassSpec,
        describe_reference_class_zh,
        describe_subject_zh,
        load_reference_classes,
    )  # heavy: pandas

    try:
        spec = ReferenceClassSpec(subject_code=region, similar_band_pp=band)
    except ValidationError as error:
        raise fail(f"bad option: {error}") from error
    target_pct = target_year = None
    if required_pace is None and region == "141024":
        plan = plan_required_pace(region, unit=pace_unit.value)
        required_pace, target_pct, target_year = plan.pace, plan.target_pct, plan.target_year
        typer.echo(
            f"required pace {plan.pace:.4f} {pace_unit.value}/yr: {plan.start_pct:g}% in "
            f"{plan.start_year} ({plan.start_source_id}) → {plan.target_pct:g}% in "
            f"{plan.target_year} ({plan.target_id})",
            err=True,
        )
    try:
        result = load_reference_classes(required_pace, pace_unit.value, spec)
    except (KeyError, ValueError) as error:
        raise fail(str(error).strip('"')) from error
    if output_dir is not None:
        for path in result.write_tables(output_dir):
            typer.echo(f"wrote {path}", err=True)
    if show is ReferenceView.exclusions:
        print_frame(result.exclusions, fmt)
        return
    if show is ReferenceView.units:
        from hongtonglib.reference_class import load_units  # heavy: pandas

        print_frame(load_units(spec), fmt)
        return
    frame = result.summary
    if fmt is TableFormat.table:
        frame = frame.drop(columns=["definition"]).round(4)
    print_frame(frame, fmt)
    if fmt is TableFormat.table:
        typer.echo("")
        typer.echo(describe_subject_zh(result))
        if required_pace is not None:
            for class_id in ("similar_share", "province", "national"):
                typer.echo(describe_reference_class_zh(result, class_id, target_pct, target_year))


def demand(
    region: str = typer.Option("141024", "--region", help="Region code in both censuses."),
    scenario: ScenarioOption = typer.Option(
        ScenarioOption.central, "--scenario", help="low, central, high or all."
    ),
    end_year: int = typer.Option(2030, "--end-year", help="Last year projected (1 November)."),
    group: list[str] | None = typer.Option(
        None, "--group", help="Only these group ids (repeat the option); default all."
    ),
    output_dir: Path | None = typer.Option(
        None, "--output-dir", help="Also write every table as CSV into this folder."
    ),
    fmt: TableFormat = _FORMAT,
) -> None:
    """Print projected school-age and elderly populations, one row per year, scenario, group."""
    from pydantic import ValidationError

    from hongtonglib.demography import SCENARIOS, project_demand  # heavy: pandas

    scenarios = SCENARIOS if scenario is ScenarioOption.all else (scenario.value,)
    try:
        projection = project_demand(region, scenarios=scenarios, end_year=end_year)
    except (KeyError, ValueError, ValidationError) as error:
        raise fail(str(error).strip('"')) from error
    if output_dir is not None:
        for path in projection.write_tables(output_dir):
            typer.echo(f"wrote {path}", err=True)
    frame = projection.groups
    if group:
        unknown = sorted(set(group) - set(frame["group_id"]))
        if unknown:
            raise fail(f"unknown group ids {unknown}; known: {sorted(set(frame['group_id']))}")
        frame = frame[frame["group_id"].isin(group)]
    frame = frame.assign(persons=frame["persons"].round().astype("int64"))
    for note in projection.notes:
        typer.echo(f"note: {note}", err=True)
    if fmt is not TableFormat.table:
        print_frame(frame.drop(columns=["sector_id"]).reset_index(drop=True), fmt)
        return
    wide = frame.pivot_table(
        index=["scenario", "year"], columns="group_id", values="persons", sort=False
    ).reset_index()
    wide.columns.name = None
    counts = [column for column in wide.columns if column not in ("scenario", "year")]
    wide[counts] = wide[counts].round().astype("int64")
    print_frame(wide, fmt)
    typer.echo("")
    for name in scenarios:
        for group_id in dict.fromkeys(frame["group_id"]):
            if group_id != "total" and end_year >= 2027:
                typer.echo(projection.headline(group_id, 2024, 2027, name).sentence_zh())


def register(app: typer.Typer) -> None:
    """Attach ``reference-class`` and ``demand`` to the main application."""
    app.command("reference-class")(reference_class)
    app.command("demand")(demand)
