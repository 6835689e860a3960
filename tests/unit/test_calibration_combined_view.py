"""Hongtong's urbanization probability comes from the inside and outside views combined."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import special

from hongtonglib.assess import assess_plan
from hongtonglib.assess.combined_view import (
    OutsidePace,
    combine_views,
    outside_pace,
    outside_view_check,
)
from hongtonglib.forecast import forecast_to_year
from hongtonglib.forecast.bounds import Bounds, Transform
from hongtonglib.forecast.distribution import Predictive
from hongtonglib.report.context import load_briefing_data
from hongtonglib.report.sources import calibration_note_zh
from hongtonglib.report.targets import chart_forecast

POINTS = {2010: 240_740 / 733_420 * 100, 2020: 252_220 / 637_812 * 100, 2022: 41.5}


def test_hongtong_urbanization_probability_is_read_off_the_combined_distribution() -> None:
    item = assess_plan(as_of=2026).item("T00-urbanization-2027")
    forecast = item.forecast
    assert forecast.combined_with_outside_view
    assert (
        "outside view" in forecast.probability_note and "513 counties" in forecast.probability_note
    )
    # rebuild the combination by hand from its two parts
    inside = forecast_to_year(POINTS, 2027, bounds=(0, 100))
    pace = outside_pace("141024")
    z0 = float(special.logit(0.415))
    combined, weights = combine_views(inside.predictive, 2022, z0, pace)
    expected = combined.probability(2027, 55.0, ">=")
    assert forecast.probability == pytest.approx(expected, rel=1e-9)
    # ... and it is neither view alone
    inside_only = inside.probability_of_meeting(2027, 55.0).probability
    assert forecast.probability != pytest.approx(inside_only, rel=0.05)
    assert 0.0 < weights[-1] < 1.0
    table = combined.table(0.8).iloc[-1]
    assert (forecast.lower, forecast.upper) == pytest.approx(
        (table["mean_ci_lower"], table["mean_ci_upper"])
    )


def test_precision_weighting_by_hand() -> None:
    transform = Transform.for_bounds(Bounds(0, 100))
    inside = Predictive((2023, 2024), np.array([0.0, 0.0]), np.array([0.1, 0.2]), None, transform)
    combined, weights = combine_views(inside, 2022, -0.5, OutsidePace(0.25, 0.1, 100))
    # year 2024 (h = 2): outside N(0, 0.2^2) and inside N(0, 0.2^2): weight 1/2, sd 0.2/sqrt(2)
    assert weights[1] == pytest.approx(0.5)
    assert combined.scale[1] == pytest.approx(0.2 / np.sqrt(2))
    # year 2023 (h = 1): outside N(-0.25, 0.1^2), equal precision: centre -0.125
    assert combined.loc[0] == pytest.approx(-0.125)


def test_outside_view_is_calibrated_on_held_out_provinces() -> None:
    row = outside_view_check().iloc[0]
    assert row["n_counties"] > 1000
    assert 0.7 <= row["cov80"] <= 0.9


def test_the_method_note_says_how_the_interval_was_calibrated() -> None:
    items = list(assess_plan(as_of=2026).items)
    note = calibration_note_zh(items)
    assert "13条真实年度序列" in note and "逐条留出检验" in note
    assert "合并成一个预测分布" in note


def test_the_trend_chart_draws_the_same_combined_distribution() -> None:
    data = load_briefing_data(2026)
    table, note = chart_forecast(data, "urbanization_rate_pct", 2027)
    forecast = assess_plan(as_of=2026).item("T00-urbanization-2027").forecast
    last = table.iloc[-1]
    assert (last["mean"], last["mean_ci_lower"], last["mean_ci_upper"]) == pytest.approx(
        forecast.path[-1][1:]
    )
    assert "相近县" in note
