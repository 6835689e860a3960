"""One forecast path: the overview, the public API and ``hongtong forecast --indicator`` agree.

The overview's 2027 urbanization forecast (the assessment's, narrated in the target notes),
:func:`hongtonglib.forecast_indicator` and the command line must give the same figure to the
digit; the trend chart of the briefings draws the same path.
"""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

import hongtonglib as ht
from hongtonglib.cli import app
from hongtonglib.report import OverviewBriefing
from hongtonglib.report.formatting import format_probability, format_value
from hongtonglib.report.targets import chart_forecast

INDICATOR = "urbanization_rate_pct"
REGION = "141024"
TARGET = "T00-urbanization-2027"
AS_OF = 2026
NOTE = re.compile(
    r"2027年约 (?P<mean>[\d.]+)%（80%区间 (?P<lower>[\d.]+)%—(?P<upper>[\d.]+)%），"
    r"实现概率(?P<probability>[^；。]+)"
)


@pytest.fixture(scope="module")
def overview() -> OverviewBriefing:
    return OverviewBriefing("urbanization", as_of_year=AS_OF)


@pytest.fixture(scope="module")
def api() -> ht.IndicatorForecast:
    return ht.forecast_indicator(INDICATOR, REGION, target_year=2027, as_of=AS_OF)


def cli_rows(*extra: str) -> dict[int, dict]:
    result = CliRunner().invoke(
        app, ["forecast", "--indicator", INDICATOR, "--region", REGION, "--format", "json", *extra]
    )
    assert result.exit_code == 0, result.stderr
    return {row["year"]: row for row in json.loads(result.stdout)}


def test_overview_api_and_cli_agree_to_the_digit(overview, api) -> None:
    # 1. the overview: the sentence a department reads, and the assessment behind it
    text = overview.target_notes().data
    shown = [m for m in NOTE.finditer(text)]
    assert shown, text
    shown_2027 = shown[-1]  # the 2027 milestone is the last of the three urbanization notes
    summary = overview.data.assessment.item(TARGET).forecast
    # 2. the public API
    row = api.value_in(2027)
    # 3. the command line (as in the issue: no --as-of; nothing is published after 2022)
    for rows in (cli_rows(), cli_rows("--as-of", str(AS_OF))):
        cli = rows[2027]
        assert cli["target_id"] == TARGET
        for column, api_column in (
            ("mean", "mean"),
            ("mean_ci_lower", "lower"),
            ("mean_ci_upper", "upper"),
            ("probability", "probability"),
        ):
            assert cli[column] == round(float(row[api_column]), 6)
    # the API equals the assessment exactly (same function, same points), not just rounded
    assert (row["mean"], row["lower"], row["upper"]) == (
        summary.mean,
        summary.lower,
        summary.upper,
    )
    assert row["probability"] == summary.probability == api.probability(TARGET)
    # and the overview's printed figures are the API's, formatted
    assert shown_2027["mean"] + "%" == format_value(row["mean"], "%")
    assert shown_2027["lower"] + "%" == format_value(row["lower"], "%")
    assert shown_2027["upper"] + "%" == format_value(row["upper"], "%")
    assert shown_2027["probability"] == format_probability(row["probability"])


def test_the_obvious_question_gets_the_assessments_answer(api) -> None:
    """The issue's complaint: the 2019 pre-census estimate is dropped, with its reason."""
    assert api.result.method == "drift"
    assert [int(y) for y, _ in api.result.points_used] == [2010, 2020, 2022]
    assert api.dropped["year"].tolist() == [2019]
    assert "2010 census" in api.dropped["dropped_reason"].iloc[0]
    assert api.frame()["has_interval"].all()


def test_briefing_trend_chart_draws_the_same_path(overview, api) -> None:
    path, _ = chart_forecast(overview.data, INDICATOR, 2030)
    assert path is not None
    row = path.set_index("year").loc[2027]
    assert (row["mean"], row["mean_ci_lower"], row["mean_ci_upper"]) == (
        api.value_in(2027)["mean"],
        api.value_in(2027)["lower"],
        api.value_in(2027)["upper"],
    )


def test_cli_indicator_mode_rejects_csv_options(tmp_path) -> None:
    result = CliRunner().invoke(app, ["forecast", "--indicator", INDICATOR, "--bounds", "0,100"])
    assert result.exit_code == 2
    assert "--indicator uses the stored observations" in result.stderr
    result = CliRunner().invoke(app, ["forecast", "--indicator", "no_such_indicator"])
    assert result.exit_code == 2 and "unknown indicator_id" in result.stderr
