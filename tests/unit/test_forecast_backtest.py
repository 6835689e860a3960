"""Rolling-origin backtests: known answers and the honesty of the automatic choice."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hongtonglib.forecast import (
    backtest,
    backtest_forecasts,
    forecast_series,
    prepare_series,
    summarize_backtest,
)

SYNTHETIC_LINE = {year: 10.0 + 2.0 * (year - 2010) for year in range(2010, 2020)}


def synthetic_walk(n: int, seed: int) -> dict[int, float]:
    rng = np.random.default_rng(seed)
    values = 60 + np.cumsum(0.7 + rng.normal(0, 0.8, n))
    return dict(zip(range(2005, 2005 + n), values.tolist(), strict=True))


def test_known_answers_on_an_exact_line() -> None:
    table = backtest(SYNTHETIC_LINE, models=["naive", "drift"], horizon=2, include_auto=False)
    naive, drift = table.set_index("model").loc["naive"], table.set_index("model").loc["drift"]
    # origins with 5..9 points; horizon 1 at 5 origins, horizon 2 at 4: 9 forecasts
    assert naive["n_forecasts"] == drift["n_forecasts"] == 9
    # naive errors are 2h, the scale is 2 per year: MASE = mean(h) = (5*1 + 4*2) / 9
    assert naive["mase"] == pytest.approx(13 / 9)
    assert drift["mase"] == pytest.approx(0.0)
    assert drift["coverage"] == 1.0  # zero-width interval on exact data, outcome on it


def test_forecast_rows_have_the_documented_columns() -> None:
    rows = backtest_forecasts(SYNTHETIC_LINE, models=["naive"], horizon=3, include_auto=False)
    assert list(rows.columns) == [
        "origin_year",
        "n_train",
        "year",
        "horizon",
        "model",
        "chosen",
        "method_used",
        "mean",
        "lower",
        "upper",
        "has_interval",
        "actual",
        "abs_error",
        "scaled_error",
        "covered",
    ]
    first = rows.iloc[0]
    assert (first["origin_year"], first["n_train"], first["year"], first["horizon"]) == (
        2014,
        5,
        2015,
        1,
    )
    assert first["actual"] == 20.0 and first["mean"] == 18.0 and first["abs_error"] == 2.0


def test_auto_choice_in_the_backtest_equals_forecast_series_at_each_origin() -> None:
    data = synthetic_walk(14, seed=11)
    rows = backtest_forecasts(data, horizon=2)
    auto = rows[rows["model"] == "auto"]
    assert set(auto["n_train"]) == set(range(5, 14))
    series = prepare_series(data)
    for k, group in auto.groupby("n_train"):
        result = forecast_series(series.head(int(k)), horizon=2)
        assert group["method_used"].iloc[0] == result.method, k
        expected = result.table.set_index("year")["mean"]
        np.testing.assert_allclose(group["mean"], expected.loc[group["year"]].to_numpy())


def test_auto_uses_the_drift_rule_below_eight_points() -> None:
    rows = backtest_forecasts(synthetic_walk(10, seed=2), horizon=1, min_train=3)
    auto = rows[rows["model"] == "auto"].set_index("n_train")
    assert (auto.loc[[3, 4, 5, 6, 7], "chosen"] == "drift").all()
    assert auto.loc[[8, 9], "chosen"].isin(["naive", "drift", "linear", "arima_drift"]).all()
    # below 8 points auto's forecasts are the drift's own, forecast for forecast
    drift = rows[rows["model"] == "drift"].set_index("n_train")
    for column in ("mean", "lower", "upper"):
        np.testing.assert_array_equal(
            auto.loc[[3, 4, 5, 6, 7], column], drift.loc[[3, 4, 5, 6, 7], column]
        )


def test_summary_reports_mase_coverage_and_counts_per_model_and_auto() -> None:
    table = backtest(synthetic_walk(13, seed=4), horizon=3, level=0.8)
    assert list(table.columns) == [
        "model",
        "n_forecasts",
        "mase",
        "mae",
        "coverage",
        "n_with_interval",
        "n_fallback_forecasts",
    ]
    assert table["model"].tolist() == [
        "naive",
        "drift",
        "linear",
        "arima_drift",
        "ets_damped",
        "auto",
    ]
    assert (table["n_forecasts"] == table["n_forecasts"].iloc[0]).all()
    assert table["coverage"].between(0, 1).all()
    assert (table["mase"] >= 0).all()
    ets = table.set_index("model").loc["ets_damped"]
    assert ets["n_fallback_forecasts"] > 0  # below 8 points ETS falls back, and it is counted


def test_bounded_backtest_stays_within_bounds() -> None:
    data = {2008 + i: 97.0 + 0.4 * i for i in range(8)}
    rows = backtest_forecasts(data, bounds=(0, 100), horizon=3, min_train=3)
    assert rows[["mean", "lower", "upper"]].le(100).all().all()


def test_pooled_summary_across_series_uses_each_series_scale() -> None:
    small = backtest_forecasts(SYNTHETIC_LINE, models=["naive"], include_auto=False)
    large = backtest_forecasts(
        {y: 1000 * v for y, v in SYNTHETIC_LINE.items()}, models=["naive"], include_auto=False
    )
    pooled = summarize_backtest(pd.concat([small, large]))
    single = summarize_backtest(small)
    assert pooled["mase"].iloc[0] == pytest.approx(single["mase"].iloc[0])
    assert pooled["n_forecasts"].iloc[0] == 2 * single["n_forecasts"].iloc[0]


def test_max_origins_and_min_train() -> None:
    rows = backtest_forecasts(SYNTHETIC_LINE, models=["drift"], max_origins=2, horizon=1)
    assert sorted(rows["n_train"].unique()) == [8, 9]
    rows = backtest_forecasts(SYNTHETIC_LINE, models=["drift"], min_train=2, horizon=1)
    assert rows["n_train"].min() == 2
    with pytest.raises(ValueError, match="min_train"):
        backtest(SYNTHETIC_LINE, min_train=1)
    with pytest.raises(ValueError, match="horizon"):
        backtest(SYNTHETIC_LINE, horizon=0)


def test_series_too_short_for_any_origin_gives_an_empty_table() -> None:
    table = backtest({2020: 1.0, 2021: 2.0, 2022: 2.5})
    assert table.empty
