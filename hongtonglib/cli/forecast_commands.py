"""``hongtong forecast``: forecast an annual series from a CSV file.

The file has columns ``year,value`` (optionally ``census_base`` and ``basis``). The command
prints one row per forecast year, ``year,mean,mean_ci_lower,mean_ci_upper,method``, as CSV or
JSON on stdout; how the method was chosen, dropped points and notes go to stderr. Bad input
gets every problem on stderr and exit status 2.

Examples
--------
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
        Path,
        typer.Option(
            "--input", help="CSV file with columns year,value (optionally census_base, basis)."
        ),
    ],
    horizon: Annotated[
        int, typer.Option("--horizon", help="Years to forecast after the last observation.")
    ],
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
    """Forecast an annual indicator series (预测年度指标序列)."""
    # Before numpy loads: the fits use tiny matrices, where OpenBLAS threads only spin.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from hongtonglib.forecast import Bounds, forecast_series  # heavy: pandas

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
    for point in result.dropped:
        typer.echo(f"dropped: {point.year} (row {point.row}): {point.reason}", err=True)
    for note in result.notes:
        typer.echo(f"note: {note}", err=True)

    out = result.table.round(DECIMALS).assign(method=result.method)[OUTPUT_COLUMNS]
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
