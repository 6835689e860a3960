"""Benchmark machinery on small synthetic series: census segments, tables, aims, the script."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hongtonglib.forecast.benchmark import (
    SUMMARY_COLUMNS,
    auto_choices,
    benchmark_forecasts,
    check_aims,
    coverage_interval,
    pivot_summary,
    summarize_benchmark,
    with_rule_variant,
)
from hongtonglib.forecast.bounds import Bounds
from hongtonglib.forecast.segments import (
    SeriesSegment,
    census_segments,
    observation_segments,
    select_segments,
)

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "forecast_backtest.py"


def synthetic_rows() -> pd.DataFrame:
    """Observations of one synthetic rate: two census bases, a target, a lower bound, a tie."""
    return pd.DataFrame(
        {
            "year": [2010, 2011, 2012, 2012, 2013, 2018, 2020, 2021, 2022, 2025],
            "value": [30.0, 31.0, 32.0, 99.0, 33.0, 35.5, 36.0, 37.0, 20.0, 50.0],
            "census_base": pd.array([2010, 2010, 2010, 2010, 2010, 2020, 2020, 2020, 2020, 2020]),
            "basis": [
                *("census", "bulletin", "bulletin", "secondary", "bulletin", "bulletin"),
                *("census", "bulletin", "bulletin", "plan_target"),
            ],
            "qualifier": ["", "", "", "", "", "", "", "", "at_least", ""],
        }
    )


def synthetic_segment(
    values: list[float], start: int = 2010, bounds: Bounds | None = None, region: str = "990000"
) -> SeriesSegment:
    years = tuple(range(start, start + len(values)))
    return SeriesSegment("synthetic", region, None, years, tuple(values), bounds or Bounds())


def test_census_segments_cut_at_the_break_and_keep_the_census_count() -> None:
    segments = census_segments(synthetic_rows(), "synthetic", "990000", (0, 100))
    assert [s.census_base for s in segments] == [2010, 2020]
    old, new = segments
    # the 2010 census count starts the 2010 segment; the first row of 2012 wins the tie
    assert old.years == (2010, 2011, 2012, 2013)
    assert old.values == (30.0, 31.0, 32.0, 33.0)
    # a figure revised onto the 2020 census (2018) joins that segment; the lower bound (2022)
    # and the plan target (2025) are not outcomes
    assert new.years == (2018, 2020, 2021)
    assert new.bounds == Bounds(0, 100)
    assert new.label == "synthetic 990000 base 2020"
    assert [m.value for m in new.models()] == [
        "naive",
        "drift",
        "linear",
        "logit_linear",
        "ets_damped",
        "arima_drift",
    ]


def test_rows_without_a_census_base_form_one_segment_or_join_every_segment() -> None:
    rows = pd.DataFrame(
        {"year": [2015, 2016, 2017], "value": [1.0, 2.0, 3.0], "census_base": pd.array([None] * 3)}
    )
    (only,) = census_segments(rows, "synthetic", "990000", (0, None))
    assert only.census_base is None and only.years == (2015, 2016, 2017)
    assert "logit_linear" not in [m.value for m in only.models()]

    mixed = rows.assign(census_base=pd.array([2010, None, 2020], dtype="Int64"))
    segments = census_segments(mixed, "synthetic", "990000")
    assert [(s.census_base, s.years) for s in segments] == [
        (2010, (2015, 2016)),
        (2020, (2016, 2017)),
    ]


def test_observation_segments_and_selection() -> None:
    rows = synthetic_rows().assign(indicator_id="synthetic_rate", region_code="990000")
    short = pd.DataFrame(
        {
            "indicator_id": "synthetic_count",
            "region_code": "990001",
            "year": [2010, 2020],
            "value": [5.0, 6.0],
            "census_base": pd.array([2010, 2020], dtype="Int64"),
        }
    )
    observations = pd.concat([rows, short], ignore_index=True)
    bounds = {"synthetic_rate": Bounds(0, 100), "synthetic_count": Bounds(0, None)}
    segments = observation_segments(observations, bounds)
    assert [(s.indicator_id, s.census_base, s.n) for s in segments] == [
        ("synthetic_count", 2010, 1),
        ("synthetic_count", 2020, 1),
        ("synthetic_rate", 2010, 4),
        ("synthetic_rate", 2020, 3),
    ]
    assert len(observation_segments(observations, bounds, min_years=3)) == 2

    assert select_segments(segments, min_points=4) == [segments[2]]
    always = {("synthetic_rate", "990000")}
    # the 3-point segment has no origin of 3 points to score: left out
    assert select_segments(segments, min_points=8, always=always, min_train=3) == [segments[2]]
    assert len(select_segments(segments, min_points=8, always=always, min_train=2)) == 2


def test_tables_on_a_synthetic_line_give_the_known_answers() -> None:
    line = synthetic_segment([10.0 + 2.0 * i for i in range(7)])
    forecasts = benchmark_forecasts([line], models=["naive", "drift"], horizon=2, min_train=3)
    # origins with 3..6 points; horizon 1 at 4 origins, horizon 2 at 3: 7 forecasts per model
    pooled = summarize_benchmark(forecasts).set_index("model")
    assert list(summarize_benchmark(forecasts).columns) == SUMMARY_COLUMNS
    assert list(pooled.index) == ["naive", "drift", "auto"]
    assert (pooled["n_forecasts"] == 7).all()
    # naive misses by 2h, the scale is 2 per year: MASE = mean(h) = (4*1 + 3*2) / 7
    assert pooled.loc["naive", "mase"] == pytest.approx(10 / 7)
    assert pooled.loc["naive", "rel_naive"] == pytest.approx(1.0)
    assert pooled.loc["drift", "mase"] == pytest.approx(0.0, abs=1e-9)
    # auto is the drift here (fewer than 8 points): exact as well
    assert pooled.loc["auto", "mase"] == pytest.approx(0.0, abs=1e-9)
    assert pooled.loc["naive", "auto_mase"] == pytest.approx(0.0, abs=1e-9)
    assert pooled.loc["naive", "coverage"] == 1.0
    assert pooled.loc["naive", "coverage_low"] == pytest.approx(0.025 ** (1 / 7))

    by_horizon = summarize_benchmark(forecasts, by=["horizon"])
    naive = by_horizon[by_horizon["model"] == "naive"].set_index("horizon")
    assert naive["mase"].to_dict() == pytest.approx({1: 1.0, 2: 2.0})
    assert naive["n_forecasts"].to_dict() == {1: 4, 2: 3}

    choices = auto_choices(forecasts)
    assert choices.to_dict("records") == [
        {"how": "rule", "chosen": "drift", "n_forecasts": 7, "n_origins": 4}
    ]


def test_pooling_two_synthetic_series_and_a_model_missing_from_one() -> None:
    rng = np.random.default_rng(7)
    rate = synthetic_segment(list(40 + np.cumsum(rng.uniform(0.5, 1.5, 6))), bounds=Bounds(0, 100))
    count = synthetic_segment([5.0, 7.0, 6.0, 8.0, 9.0, 8.0], region="990001")
    forecasts = benchmark_forecasts(
        [rate, count], models=["naive", "logit_linear"], horizon=1, min_train=4
    )
    pooled = summarize_benchmark(forecasts).set_index("model")
    assert pooled.loc["naive", "n_series"] == 2 and pooled.loc["naive", "n_forecasts"] == 4
    # logit_linear only for the rate bounded on both sides: compared on its own 2 forecasts
    assert pooled.loc["logit_linear", "n_series"] == 1
    assert pooled.loc["logit_linear", "n_forecasts"] == 2
    auto_rate = forecasts[(forecasts["model"] == "auto") & (forecasts["series"] == rate.label)]
    assert pooled.loc["logit_linear", "auto_mase"] == pytest.approx(
        auto_rate["scaled_error"].mean()
    )

    per_series = summarize_benchmark(forecasts, by=["series"])
    table = pivot_summary(per_series, "mase")
    assert list(table.columns) == ["series", "n", "naive", "logit_linear", "auto"]
    assert table["n"].tolist() == [2, 2]
    assert pd.isna(table.set_index("series").loc[count.label, "logit_linear"])  # not fitted


def test_rule_variant_replays_the_short_series_rule_with_another_model() -> None:
    rng = np.random.default_rng(3)
    walk = synthetic_segment(list(50 + np.cumsum(rng.normal(0.5, 1.0, 10))))
    forecasts = benchmark_forecasts([walk], models=["naive", "linear"], horizon=2, min_train=6)
    both = with_rule_variant(forecasts, "linear")
    variant = both[both["model"] == "auto_linear_rule"].set_index(["origin_year", "year"])
    linear = forecasts[forecasts["model"] == "linear"].set_index(["origin_year", "year"])
    auto = forecasts[forecasts["model"] == "auto"].set_index(["origin_year", "year"])
    assert len(variant) == len(auto) == 7
    short = variant["n_train"] < 8
    # fewer than 8 points: the linear trend's own forecasts; from 8 on: auto's selection
    assert variant.loc[short, "mean"].equals(linear.loc[variant.index[short], "mean"])
    assert variant.loc[~short, "chosen"].equals(auto.loc[variant.index[~short], "chosen"])

    pooled = summarize_benchmark(both)
    assert pooled["model"].tolist() == ["naive", "linear", "auto", "auto_linear_rule"]
    accuracy, _ = check_aims(pooled)
    assert "auto_linear_rule" not in accuracy.detail  # a what-if is not a single model
    with pytest.raises(ValueError, match="single model"):
        with_rule_variant(forecasts, "auto")
    with pytest.raises(ValueError, match="benchmark its model too"):
        with_rule_variant(forecasts, "drift")  # drift was not among the benchmarked models


def test_trend_variant_is_each_segments_own_linear_trend() -> None:
    # the rule for 3-7 points until 2026-11-28: logit_linear for a rate, linear otherwise
    rate = synthetic_segment([40.0, 41.2, 41.9, 43.1, 43.8, 45.0], bounds=Bounds(0, 100))
    count = synthetic_segment([5.0, 7.0, 6.0, 8.0, 9.0, 8.0], region="990001")
    forecasts = benchmark_forecasts([rate, count], horizon=1, min_train=3)
    assert forecasts.groupby("series")["trend_model"].unique().map(list).to_dict() == {
        rate.label: ["logit_linear"],
        count.label: ["linear"],
    }
    both = with_rule_variant(forecasts, "trend")
    variant = both[both["model"] == "auto_trend_rule"]
    assert len(variant) == len(forecasts[forecasts["model"] == "auto"]) == 6
    key = ["series", "origin_year", "year"]
    for series, model in ((rate.label, "logit_linear"), (count.label, "linear")):
        own = forecasts[(forecasts["model"] == model) & (forecasts["series"] == series)]
        replayed = variant[variant["series"] == series]
        assert replayed.set_index(key)["mean"].equals(own.set_index(key)["mean"])
    # auto itself is the drift at these short origins
    assert set(forecasts.loc[forecasts["model"] == "auto", "chosen"]) == {"drift"}


def test_no_segment_long_enough_is_an_error() -> None:
    with pytest.raises(ValueError, match="nothing to score"):
        benchmark_forecasts([synthetic_segment([1.0, 2.0, 3.0])], min_train=3)


def test_coverage_interval_edges() -> None:
    assert coverage_interval(0, 10)[0] == 0.0
    assert coverage_interval(10, 10)[1] == 1.0
    low, high = coverage_interval(40, 50)
    assert low < 0.8 < high
    assert np.isnan(coverage_interval(0, 0)[0])


def aims_table(auto_mase: float, coverage: float) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "model": ["naive", "drift", "auto"],
            "n_forecasts": [20, 20, 20],
            "mase": [1.5, 1.1, auto_mase],
            "auto_mase": [auto_mase] * 3,
            "coverage": [0.9, 0.85, coverage],
            "coverage_low": [0.7, 0.6, 0.5],
            "coverage_high": [0.99, 0.97, 0.95],
            "n_with_interval": [20, 20, 20],
        }
    )


def test_check_aims_verdicts() -> None:
    accuracy, coverage = check_aims(aims_table(1.0, 0.8))
    assert accuracy.holds and coverage.holds
    assert "drift 1.100 (auto 1.000, 20)" in accuracy.detail

    accuracy, coverage = check_aims(aims_table(1.2, 0.7))
    assert not accuracy.holds and not coverage.holds
    assert "70.0% of 20 outcomes" in coverage.detail
    assert check_aims(aims_table(1.0, 0.86))[1].holds is False
    assert check_aims(aims_table(1.0, 0.75))[1].holds is True


def test_the_script_describes_synthetic_segments() -> None:
    spec = importlib.util.spec_from_file_location("forecast_backtest", SCRIPT)
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert ("urbanization_rate_pct", "000000") in script.ALWAYS
    assert ("urbanization_rate_pct", "140000") in script.ALWAYS
    table = script.describe_segments([synthetic_segment([1.0, 2.0, 4.0], start=2020)])
    assert table.to_dict("records") == [
        {
            "series": "synthetic 990000 base -",
            "points": 3,
            "years": "2020, 2021, 2022",
            "bounds": Bounds().describe(),
        }
    ]
