"""Short-series rules, fallbacks and recorded warnings (synthetic series only)."""

from __future__ import annotations

import logging
import warnings

import numpy as np
import pytest

from hongtonglib.forecast import IntervalKind, Method, forecast_series, forecast_to_year
from hongtonglib.forecast import runner as runner_module
from hongtonglib.forecast.modelfit import ModelFit, ModelFitError
from hongtonglib.validation import ValidationFailed


def synthetic_noisy(n: int, seed: int = 1, start: int = 2010) -> dict[int, float]:
    rng = np.random.default_rng(seed)
    values = 40 + np.cumsum(0.9 + rng.normal(0, 0.4, n))
    return dict(zip(range(start, start + n), values.tolist(), strict=True))


def test_two_points_deterministic_drift_without_interval() -> None:
    result = forecast_series({2020: 10.0, 2022: 14.0}, horizon=2)
    assert result.method == "drift"
    assert result.interval_kind is IntervalKind.NONE
    np.testing.assert_allclose(result.table["mean"], [16.0, 18.0])
    assert (result.table["mean_ci_lower"] == result.table["mean"]).all()
    assert (result.table["mean_ci_upper"] == result.table["mean"]).all()
    assert "only 2 points" in result.selection_reason
    assert "without an interval" in result.interval_note


@pytest.mark.parametrize("method", list(Method))
def test_two_points_never_claim_an_interval_whatever_the_method(method: Method) -> None:
    result = forecast_series({2020: 40.0, 2021: 41.0}, horizon=3, method=method, bounds=(0, 100))
    assert result.interval_kind is IntervalKind.NONE
    assert result.probability_of_meeting(2024, 42.0).probability is None


@pytest.mark.parametrize("n", [3, 5, 7])
def test_three_to_seven_points_drift_with_random_walk_interval(n: int) -> None:
    result = forecast_series(synthetic_noisy(n), horizon=3, calibrate=False)
    assert result.method == "drift"
    assert result.interval_kind is IntervalKind.STUDENT_T
    assert result.predictive.df == n - 2  # n - 1 steps, less the drift
    assert result.backtest is None
    assert f"{n} points (fewer than 8" in result.selection_reason
    assert "the drift, with a random-walk prediction interval" in result.selection_reason
    width = result.table["mean_ci_upper"] - result.table["mean_ci_lower"]
    assert (width > 0).all()
    # the slope is estimated, not assumed fixed: the spread grows like sqrt(h (1 + h / T))
    assert (np.diff(result.predictive.scale) > 0).all()


@pytest.mark.parametrize("n", [3, 5, 7])
def test_the_linear_trend_is_still_there_when_asked_for(n: int) -> None:
    result = forecast_series(synthetic_noisy(n), horizon=2, method="linear", calibrate=False)
    assert (result.method, result.requested_method) == ("linear", "linear")
    assert result.interval_kind is IntervalKind.STUDENT_T
    assert result.predictive.df == n - 2
    assert result.selection_reason == "linear was requested"


def test_three_points_of_a_rate_use_the_drift_on_the_logit_scale() -> None:
    data = {2020: 40.0, 2021: 41.5, 2022: 42.0}
    result = forecast_series(data, horizon=1, bounds=(0, 100))
    assert (result.method, result.scale) == ("drift", "logit")
    assert "the drift on the logit scale" in result.selection_reason
    # URGD = (logit 0.42 - logit 0.40) / 2 = (-0.322773 + 0.405465) / 2 = 0.041346 a year;
    # 2023: expit(-0.322773 + 0.041346) = expit(-0.281427) = 1 / (1 + e^0.281427) = 0.43011
    assert float(result.table["mean"].iloc[0]) == pytest.approx(43.011, abs=1e-3)
    explicit = forecast_series(data, horizon=1, bounds=(0, 100), method="logit_linear")
    assert (explicit.method, explicit.scale) == ("logit_linear", "logit")


def test_selection_that_cannot_compare_candidates_uses_the_drift() -> None:
    # 8 points, but no origin of 5 or more points has an observed year 1-3 years after it
    data = {2000: 10.0, 2001: 11.0, 2002: 11.5, 2003: 12.5, 2004: 13.0, 2010: 16.0}
    data |= {2015: 19.5, 2020: 22.0}
    result = forecast_series(data, horizon=2)
    assert result.method == "drift"
    assert result.selection_reason == (
        "no candidate had enough backtest forecasts to be compared; used the drift"
    )
    # drift = (22 - 10) / 20 = 0.6 a year
    np.testing.assert_allclose(result.table["mean"], [22.6, 23.2])


def test_eight_points_or_more_compare_candidates_by_backtest() -> None:
    result = forecast_series(synthetic_noisy(12), horizon=3)
    assert result.selection_reason.startswith("chosen by rolling-origin backtest")
    assert result.backtest is not None
    assert set(result.backtest["model"]) == {
        "naive",
        "drift",
        "linear",
        "arima_drift",
        "ets_damped",
    }
    compared = result.backtest[result.backtest["compared"]]
    best = compared.sort_values(["mae"]).iloc[0]["model"]
    assert result.method == best


def test_rate_candidates_use_the_logit_trend() -> None:
    data = {y: min(99.0, 30 + 1.5 * i) for i, y in enumerate(range(2010, 2022))}
    result = forecast_series(data, horizon=2, bounds=(0, 100))
    assert "logit_linear" in set(result.backtest["model"])
    assert "linear" not in set(result.backtest["model"])


def test_requested_method_with_too_few_points_falls_back_with_reason() -> None:
    result = forecast_series(synthetic_noisy(5), horizon=2, method="ets_damped")
    assert result.requested_method == "ets_damped"
    assert result.method == "linear"
    assert "fell back from ets_damped: needs at least 8 points, the series has 5" in result.notes
    assert "fell back to linear" in result.selection_reason


def test_non_converging_ets_on_a_pathological_series_falls_back() -> None:
    # a flat synthetic series: the ETS likelihood has no interior optimum
    result = forecast_series({y: 5.0 for y in range(2010, 2020)}, horizon=2, method="ets_damped")
    assert result.method != "ets_damped"
    assert any("did not converge" in note for note in result.notes)
    assert any("warning: Maximum Likelihood optimization failed" in n for n in result.notes)
    np.testing.assert_allclose(result.table["mean"], [5.0, 5.0])


def test_non_convergence_reported_by_the_optimiser_triggers_fallback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def not_converged(t: np.ndarray, z: np.ndarray, horizon: int) -> ModelFit:
        raise ModelFitError("ARIMA: the likelihood optimisation did not converge (flag 2)")

    monkeypatch.setitem(runner_module.FITTERS, Method.ARIMA_DRIFT, not_converged)
    result = forecast_series(synthetic_noisy(10), horizon=2, method="arima_drift")
    assert result.method == "drift"
    assert (
        "fell back from arima_drift: ARIMA: the likelihood optimisation did not converge"
        in (result.notes[0])
    )


@pytest.mark.parametrize(
    ("loc", "scale", "message"),
    [
        ([np.nan, 1.0], [1.0, 1.0], "NaN or infinite"),
        ([50.0, np.inf], [1.0, 1.0], "NaN or infinite"),
        ([50.0, 51.0], [1.0, np.nan], "interval has NaN"),
        ([1e6, 2e6], [1.0, 1.0], "the forecast is absurd"),
        ([50.0, 51.0], [1e9, 1e9], "the prediction interval is absurd"),
    ],
)
def test_nan_and_absurd_fits_fall_back(
    monkeypatch: pytest.MonkeyPatch, loc: list[float], scale: list[float], message: str
) -> None:
    def bad_fit(t: np.ndarray, z: np.ndarray, horizon: int) -> ModelFit:
        warnings.warn("synthetic warning from a bad fit", RuntimeWarning, stacklevel=1)
        return ModelFit(np.array(loc), np.array(scale), None)

    monkeypatch.setitem(runner_module.FITTERS, Method.ETS_DAMPED, bad_fit)
    result = forecast_series(synthetic_noisy(10), horizon=2, method="ets_damped")
    assert result.method == "linear"
    assert any(message in note for note in result.notes), result.notes
    assert "ets_damped: warning: synthetic warning from a bad fit" in result.notes
    assert np.isfinite(result.table.to_numpy(dtype=float)).all()


def test_statsmodels_exceptions_fall_back(monkeypatch: pytest.MonkeyPatch) -> None:
    def raises(t: np.ndarray, z: np.ndarray, horizon: int) -> ModelFit:
        raise np.linalg.LinAlgError("Singular matrix")

    monkeypatch.setitem(runner_module.FITTERS, Method.LINEAR, raises)
    result = forecast_series(synthetic_noisy(4), horizon=1, method="linear")
    assert result.method == "drift"
    assert any("LinAlgError: Singular matrix" in note for note in result.notes)


def test_warnings_are_recorded_and_logged_never_printed(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="hongtonglib.forecast")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning escaping the library would fail the test
        result = forecast_series({y: 5.0 for y in range(2010, 2020)}, 2, method="ets_damped")
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
    assert any("did not converge" in r.getMessage() for r in caplog.records)
    assert result.notes


def test_forecast_to_year_runs_to_the_deadline() -> None:
    result = forecast_to_year({2019: 1.0, 2020: 2.0, 2022: 4.0}, 2027)
    assert result.table["year"].tolist() == list(range(2023, 2028))
    np.testing.assert_allclose(result.value_in(2027)["mean"], 9.0)


def test_forecast_to_year_rejects_a_past_year() -> None:
    with pytest.raises(ValidationFailed, match="target year 2021 is not after the last"):
        forecast_to_year({2020: 1.0, 2022: 2.0}, 2021)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"horizon": 0}, "horizon must be a whole number"),
        ({"horizon": 2.5}, "horizon must be a whole number"),
        ({"horizon": 2, "level": 1.0}, "level must be strictly between 0 and 1"),
        ({"horizon": 2, "level": 0}, "level must be strictly between 0 and 1"),
    ],
)
def test_bad_horizon_or_level(options: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationFailed, match=message):
        forecast_series({2020: 1.0, 2021: 2.0}, **options)  # type: ignore[arg-type]


def test_unknown_method() -> None:
    with pytest.raises(ValueError, match="unknown forecasting method 'holt'"):
        forecast_series({2020: 1.0, 2021: 2.0}, 1, method="holt")


def test_result_is_frozen_and_labelled() -> None:
    result = forecast_series(synthetic_noisy(4), horizon=1)
    with pytest.raises(AttributeError):
        result.method = "naive"  # type: ignore[misc]
    assert result.method == "drift"
    assert result.method_label_zh == "带漂移随机游走"
    assert result.level == 0.8
    assert result.last_year == 2013


@pytest.mark.parametrize(
    ("method", "label"),
    [
        ("auto", "对数尺度上的带漂移随机游走"),
        ("naive", "对数尺度上的朴素外推（保持最新值）"),
        ("linear", "线性趋势"),
        ("logit_linear", "logit线性趋势（城乡增长差）"),
    ],
)
def test_chinese_label_names_the_logit_scale_of_a_rate(method: str, label: str) -> None:
    # the briefing sentence is "按{label}（3个数据点）预测"
    result = forecast_series(
        {2010: 32.8, 2020: 39.5, 2022: 41.5}, 5, bounds=(0, 100), method=method
    )
    assert result.method_label_zh == label
