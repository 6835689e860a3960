"""``hongtong forecast``: forecast an indicator of a region, or an annual series from a CSV file.

With ``--indicator I --region R`` the command forecasts the stored observations exactly as the
assessment and the briefings do (:func:`hongtonglib.forecast_indicator`: the comparable-points
rule, the indicator's bounds) and adds ``target_id,probability`` for the plan's milestones.
With ``--input FILE`` the file has columns ``year,value`` (optionally ``census_base`` and
``basis``). The command prints one row per forecast year,
``year,mean,mean_ci_lower,mean_ci_upper,method``, as CSV or JSON on stdout; how the method was
chosen, dropped points and notes go to stderr. Bad input gets every problem on stderr and exit
status 2.

Examples
--------
``hongtong forecast --indicator urbanization_rate_pct --region 141024 --as-of 2026``

``hongtong forecast --input urban.csv --horizon 5 --bounds 0,100``

"""

from __future__ import annotations

import enum
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from hongtonglib.cli.common import fail
from hongtonglib.validation import ValidationFailed

if TYPE_CHECKING:
    import pandas as pd

OUTPUT_COLUMNS = ["year", "mean", "mean_ci_lower", "mean_ci_upper", "method"]
INDICATOR_COLUMNS = [*OUTPUT_COLUMNS, "target_id", "probability"]
DECIMALS = 6


class ForecastFormat(enum.StrEnum):
    """Output formats of ``hongtong forecast``."""

    csv = "csv"
    json = "json"


def register(app: typer.Typer) -> None:
    """Attach ``forecast`` to the ``hongtong`` command."""
    app.command("forecast")(forecast_command)


def forecast_command(
    input_path: Annotated[
        Path | None,
        typer.Option(
            "--input", help="CSV file with columns year,value (optionally census_base, basis)."
        ),
    ] = None,
    horizon: Annotated[
        int | None,
        typer.Option("--horizon", help="Years to forecast after the last observation."),
    ] = None,
    indicator_id: Annotated[
        str | None,
        typer.Option("--indicator", help="Forecast this indicator's stored observations."),
    ] = None,
    region_code: Annotated[
        str, typer.Option("--region", help="Region code for --indicator (default Hongtong).")
    ] = "141024",
    target_year: Annotated[
        int | None,
        typer.Option("--target-year", help="With --indicator: last year forecast."),
    ] = None,
    as_of: Annotated[
        int | None,
        typer.Option("--as-of", help="With --indicator: leave out observations after this year."),
    ] = None,
    level: Annotated[
        float, typer.Option("--level", help="Coverage of the prediction interval.")
    ] = 0.8,
    bounds: Annotated[
        str | None,
        typer.Option("--bounds", help="Bounds of the indicator as 'lower,upper', e.g. 0,100."),
    ] = None,
    method: Annotated[
        str,
        typer.Option(
            "--method",
            help="auto, naive, drift, linear, ets_damped, arima_drift or logit_linear.",
        ),
    ] = "auto",
    fmt: Annotated[
        ForecastFormat, typer.Option("--format", help="Output format: csv or json.")
    ] = ForecastFormat.csv,
) -> None:
    """Forecast an indicator or an annual series (预测年度指标序列)."""
    # Before numpy loads: the fits use tiny matrices, where OpenBLAS threads only spin.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from hongtonglib.forecast import Bounds, forecast_series  # heavy: pandas

    if indicator_id is not None:
        if input_path is not None or bounds is not None or method != "auto":
            raise fail(
                "error: --indicator uses the stored observations, the indicator's bounds and "
                "the automatic method: leave out --input, --bounds and --method"
            )
        _forecast_indicator(indicator_id, region_code, target_year, horizon, as_of, level, fmt)
        return
    if input_path is None or horizon is None:
        raise fail("error: give --indicator I [--region R], or --input FILE --horizon N")
    if target_year is not None or as_of is not None:
        raise fail("error: --target-year and --as-of go with --indicator")
    try:
        parsed_bounds = Bounds.parse(bounds) if bounds is not None else None
    except ValueError as error:
        raise fail(f"error: --bounds: {error}") from None
    frame = _read_csv(input_path)
    try:
        result = forecast_series(
            frame,
            horizon,
            level=level,
            bounds=parsed_bounds,
            method=method,
            source=input_path.name,
        )
    except ValidationFailed as error:
        raise fail(f"error: {error}") from None
    except ValueError as error:
        raise fail(f"error: {error}") from None

    typer.echo(f"method: {result.method} ({result.selection_reason})", err=True)
    typer.echo(f"interval: {result.interval_note}", err=True)
    for point in result.dropped:
        typer.echo(f"dropped: {point.year} (row {point.row}): {point.reason}", err=True)
    for note in result.notes:
        typer.echo(f"note: {note}", err=True)

    out = result.table.round(DECIMALS).assign(method=result.method)[OUTPUT_COLUMNS]
    if fmt is ForecastFormat.json:
        typer.echo(out.to_json(orient="records", force_ascii=False, indent=2))
    else:
        out.to_csv(sys.stdout, index=False, lineterminator="\n")


def _forecast_indicator(
    indicator_id: str,
    region_code: str,
    target_year: int | None,
    horizon: int | None,
    as_of: int | None,
    level: float,
    fmt: ForecastFormat,
) -> None:
    """Print the forecast of :func:`hongtonglib.forecast_indicator` (the briefings' path)."""
    # Loaded here like the CSV path's imports: the module must not load pandas (see tests).
    from hongtonglib.analysis.forecast import forecast_indicator  # heavy: pandas

    try:
        forecast = forecast_indicator(
            indicator_id,
            region_code,
            target_year=target_year,
            horizon=horizon,
            level=level,
            as_of=as_of,
        )
    except KeyError as error:
        raise fail(f"error: {error.args[0]}") from None
    except (ValidationFailed, ValueError) as error:
        raise fail(f"error: {error}") from None
    result = forecast.result
    typer.echo(f"method: {result.method} ({result.selection_reason})", err=True)
    typer.echo(f"points used: {', '.join(str(y) for y, _ in result.points_used)}", err=True)
    for row in forecast.dropped.itertuples():
        typer.echo(f"dropped: {row.year} ({row.source_id}): {row.dropped_reason}", err=True)
    for note in result.notes:
        typer.echo(f"note: {note}", err=True)
    out = forecast.frame().rename(columns={"lower": "mean_ci_lower", "upper": "mean_ci_upper"})
    out = out[INDICATOR_COLUMNS].round(DECIMALS)
    if fmt is ForecastFormat.json:
        typer.echo(out.to_json(orient="records", force_ascii=False, indent=2))
    else:
        out.to_csv(sys.stdout, index=False, lineterminator="\n")


def _read_csv(path: Path) -> pd.DataFrame:
    """Read ``path`` as text cells (validation reports non-numbers by row)."""
    import pandas as pd

    if not path.is_file():
        raise fail(f"error: input file {path} does not exist")
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except pd.errors.EmptyDataError:
        raise fail(f"error: {path.name}: the file is empty (expected columns year,value)") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        raise fail(f"error: {path.name}: cannot read it as CSV: {error}") from None
