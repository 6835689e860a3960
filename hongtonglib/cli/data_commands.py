"""``hongtong data …``: print the indicator registries and observations, check and build data.

Heavy imports (pandas, openpyxl) happen inside the commands so that ``hongtong --help`` stays
fast.
"""

from __future__ import annotations

import typer

from hongtonglib.cli.common import TableFormat, fail, print_frame
from hongtonglib.validation import ValidationFailed

data_app = typer.Typer(
    help="Indicator data: registries, observations, census tables, checks.",
    no_args_is_help=True,
)

_FORMAT = typer.Option(TableFormat.table, "--format", "-f", help="Output format.")


@data_app.command("indicators")
def show_indicators(fmt: TableFormat = _FORMAT) -> None:
    """Print the indicator registry."""
    from hongtonglib.indicators import load_indicators  # heavy: pandas

    frame = load_indicators()
    frame["sector_ids"] = frame["sector_ids"].map(";".join)
    if fmt is TableFormat.table:
        frame = frame.drop(
            columns=["definition", "definition_zh", "supplier_note", "supplier_note_zh"]
        )
    print_frame(frame, fmt)


@data_app.command("sources")
def show_sources(fmt: TableFormat = _FORMAT) -> None:
    """Print the sources registry."""
    from hongtonglib.indicators import load_sources  # heavy: pandas

    frame = load_sources()
    frame["accessed"] = frame["accessed"].astype(str)
    if fmt is TableFormat.table:
        frame = frame[["source_id", "kind", "publisher", "accessed", "title"]]
    print_frame(frame, fmt)


@data_app.command("regions")
def show_regions(
    fmt: TableFormat = _FORMAT,
    level: str | None = typer.Option(None, help="Only this level: country, province, …"),
    parent: str | None = typer.Option(None, help="Only the regions under this code."),
) -> None:
    """Print the regions registry."""
    from hongtonglib.indicators import load_regions  # heavy: pandas

    frame = load_regions()
    if level:
        frame = frame[frame["level"] == level]
    if parent:
        frame = frame[frame["parent_code"] == parent]
    print_frame(frame, fmt)


@data_app.command("observations")
def show_observations(
    fmt: TableFormat = _FORMAT,
    indicator: str | None = typer.Option(None, help="Only this indicator_id."),
    region: str | None = typer.Option(None, help="Only this region_code."),
    census: bool = typer.Option(False, help="Add the census-derived observations."),
) -> None:
    """Print the tidy observations (the curated file; with --census the derived ones too)."""
    from hongtonglib.merged_observations import load_observations  # heavy: pandas

    try:
        frame = load_observations(include_census=census)
    except ValidationFailed as error:
        raise fail(str(error)) from error
    if indicator:
        frame = frame[frame["indicator_id"] == indicator]
    if region:
        frame = frame[frame["region_code"] == region]
    if fmt is TableFormat.table:
        frame = frame.drop(columns=["note", "quote"])
    print_frame(frame, fmt)


@data_app.command("series")
def show_series(
    indicator: str = typer.Argument(..., help="indicator_id"),
    region: str = typer.Argument("141024", help="region_code (default Hongtong)"),
    census_base: int | None = typer.Option(None, help="Only figures anchored to 2010 or 2020."),
    targets: bool = typer.Option(False, help="Also consider plan targets."),
    fmt: TableFormat = _FORMAT,
) -> None:
    """Print one value per year, chosen by the preference rule of get_series."""
    from hongtonglib.merged_observations import get_series  # heavy: pandas

    try:
        frame = get_series(indicator, region, census_base=census_base, include_targets=targets)
    except KeyError as error:
        raise fail(str(error)) from error
    if fmt is TableFormat.table:
        frame = frame.drop(columns=["note", "quote", "indicator_id", "region_code"])
    print_frame(frame, fmt)


@data_app.command("check")
def check() -> None:
    """Check raw files, registries, observations and census tables; exit 2 on any problem."""
    from hongtonglib.indicators.provenance import check_data  # heavy: pandas

    problems = check_data()
    if problems:
        raise fail(str(ValidationFailed(problems)))
    typer.echo("data check: no problems found")


@data_app.command("build-census")
def build_census() -> None:
    """Rebuild data/census/county_<year>.csv.gz and regions.csv from data/raw/census."""
    from hongtonglib.census.build import build_census_tables  # heavy: pandas
    from hongtonglib.census.tables import read_census_table  # heavy: pandas
    from hongtonglib.indicators.regions import build_regions_frame, write_regions  # heavy: pandas

    written = build_census_tables()
    tables = {
        year: read_census_table(path) for year, path in zip((2010, 2020), written[:2], strict=True)
    }
    written.append(write_regions(build_regions_frame(tables)))
    for path in written:
        typer.echo(f"wrote {path}")


@data_app.command("build-observations")
def build_observations() -> None:
    """Rebuild data/indicators/observations.csv from the raw collections and mapping tables."""
    from hongtonglib.indicators.curate import build_observations as build  # heavy: pandas
    from hongtonglib.indicators.curate import write_observations  # heavy: pandas

    try:
        frame = build()
    except ValidationFailed as error:
        raise fail(str(error)) from error
    typer.echo(f"wrote {write_observations(frame)} ({len(frame)} observations)")


def register(app: typer.Typer) -> None:
    """Attach the ``data`` command group to ``app``."""
    app.add_typer(data_app, name="data")
