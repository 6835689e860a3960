"""Known-answer tests of the forecasting models (synthetic series only)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import expit, logit

from hongtonglib.forecast import IntervalKind, forecast_series
from hongtonglib.forecast.trend_models import fit_drift, fit_linear, fit_naive

YEARS = np.arange(2015, 2023)


def synthetic_line(slope: float = 1.5, start: float = 10.0) -> dict[int, float]:
    return {int(y): start + slope * (y - YEARS[0]) for y in YEARS}


def test_drift_on_an_exact_line_extrapolates_it() -> None:
    result = forecast_series(synthetic_line(), horizon=3, method="drift")
    assert result.method == "drift"
    np.testing.assert_allclose(result.table["mean"], [22.0, 23.5, 25.0], atol=1e-9)
    # exact data: zero residuals, zero-width interval, and the notes say so
    np.testing.assert_allclose(result.table["mean_ci_lower"], result.table["mean"], atol=1e-9)
    assert any("exactly on the model" in note for note in result.notes)


def test_drift_across_gaps_uses_the_actual_years() -> None:
    fit = fit_drift(np.array([2010, 2013, 2014]), np.array([1.0, 4.0, 5.0]), 2)
    np.testing.assert_allclose(fit.loc, [6.0, 7.0])


def test_drift_interval_matches_the_textbook_formula() -> None:
    # random walk with drift: var_h = sigma2 * h * (1 + h / T), T = number of steps
    t = np.arange(2010, 2016)
    z = np.array([1.0, 2.5, 3.0, 4.8, 5.1, 7.0])
    fit = fit_drift(t, z, 3)
    steps = np.diff(z)
    sigma2 = np.var(steps, ddof=1)
    h = np.arange(1, 4)
    np.testing.assert_allclose(fit.scale**2, sigma2 * h * (1 + h / len(steps)))
    assert fit.df == len(steps) - 1


def test_drift_across_census_gaps_counts_the_years_of_each_step() -> None:
    # Hongtong-like spacing (2010 and 2020 censuses, a 2022 bulletin) on the logit scale: the
    # 10-year step carries 10 years of random-walk variance, the 2-year step 2 years'
    t = np.array([2010, 2020, 2022])
    z = logit(np.array([0.3282, 0.3954, 0.415]))
    fit = fit_drift(t, z, 5)
    drift = (z[-1] - z[0]) / 12
    residuals = np.diff(z) - drift * np.array([10.0, 2.0])
    sigma2 = residuals[0] ** 2 / 10 + residuals[1] ** 2 / 2  # 2 steps - 1 drift = 1 df
    h = np.arange(1, 6)
    np.testing.assert_allclose(fit.loc, z[-1] + drift * h)
    np.testing.assert_allclose(fit.scale**2, sigma2 * h + h**2 * sigma2 / 12)
    assert fit.df == 1.0
    # treating the 10-year step as one annual step would make the spread several times larger
    unweighted = np.var(np.diff(z), ddof=1)
    assert unweighted > 10 * sigma2


def test_drift_with_gaps_is_the_kalman_filter_of_the_annual_random_walk() -> None:
    # statsmodels' random walk with drift on the annual grid, missing years as NaN (the Kalman
    # filter skips them), exact diffuse start, per-year variance fixed at the drift model's own
    from statsmodels.tsa.statespace.structural import UnobservedComponents

    t = np.array([2010, 2013, 2014, 2016, 2017, 2020, 2022])
    z = np.array([1.0, 2.1, 2.4, 3.5, 3.6, 5.3, 5.9])
    fit = fit_drift(t, z, 4)
    drift = (z[-1] - z[0]) / (t[-1] - t[0])
    k = np.diff(t)
    sigma2 = np.sum((np.diff(z) - drift * k) ** 2 / k) / (len(k) - 1)
    grid = np.full(t[-1] - t[0] + 1, np.nan)
    grid[t - t[0]] = z
    model = UnobservedComponents(grid, level="rwdrift", use_exact_diffuse=True)
    forecast = model.smooth([sigma2]).get_forecast(4)
    np.testing.assert_allclose(fit.loc, forecast.predicted_mean, rtol=1e-9)
    np.testing.assert_allclose(fit.scale**2, forecast.var_pred_mean, rtol=1e-9)


def test_naive_keeps_the_last_value_with_random_walk_spread() -> None:
    fit = fit_naive(np.array([2019, 2020, 2022]), np.array([1.0, 2.0, 4.0]), 2)
    np.testing.assert_allclose(fit.loc, [4.0, 4.0])
    sigma2 = (1.0**2 / 1 + 2.0**2 / 2) / 2
    np.testing.assert_allclose(fit.scale, np.sqrt(sigma2 * np.array([1.0, 2.0])))


def test_linear_trend_on_exact_data() -> None:
    result = forecast_series(synthetic_line(slope=-0.5), horizon=2, method="linear")
    np.testing.assert_allclose(result.table["mean"], [6.0, 5.5], atol=1e-9)


def test_linear_interval_is_the_statsmodels_prediction_interval() -> None:
    import statsmodels.api as sm

    t = np.array([2015, 2016, 2018, 2019, 2020])
    z = np.array([1.0, 2.2, 3.9, 5.1, 6.0])
    data = dict(zip(t.tolist(), z.tolist(), strict=True))
    result = forecast_series(data, horizon=3, method="linear", level=0.9, calibrate=False)
    x = sm.add_constant((t - 2020).astype(float))
    frame = (
        sm.OLS(z, x)
        .fit()
        .get_prediction(sm.add_constant(np.arange(1.0, 4.0), has_constant="add"))
        .summary_frame(alpha=0.1)
    )
    np.testing.assert_allclose(result.table["mean"], frame["mean"])
    np.testing.assert_allclose(result.table["mean_ci_lower"], frame["obs_ci_lower"])
    np.testing.assert_allclose(result.table["mean_ci_upper"], frame["obs_ci_upper"])
    assert result.interval_kind is IntervalKind.STUDENT_T


def test_logit_linear_recovers_an_exact_logistic_curve() -> None:
    # synthetic urban share with a constant URGD of 0.04 per year
    years = np.arange(2016, 2023)
    share = 100 * expit(logit(0.35) + 0.04 * (years - 2016))
    data = dict(zip(years.tolist(), share.tolist(), strict=True))
    result = forecast_series(data, horizon=5, bounds=(0, 100), method="logit_linear")
    expected = 100 * expit(logit(0.35) + 0.04 * (np.arange(2023, 2028) - 2016))
    np.testing.assert_allclose(result.table["mean"], expected, rtol=1e-9)
    assert result.scale == "logit"


def test_logit_linear_needs_both_bounds_and_falls_back() -> None:
    result = forecast_series(synthetic_line(), horizon=1, method="logit_linear")
    assert result.method == "drift"
    assert any("needs a lower and an upper bound" in note for note in result.notes)


def test_two_points_drift_through_them_without_interval() -> None:
    fit = fit_linear(np.array([2010, 2020]), np.array([0.0, 10.0]), 2)
    assert fit.scale is None
    np.testing.assert_allclose(fit.loc, [11.0, 12.0])


@pytest.mark.parametrize("method", ["ets_damped", "arima_drift"])
def test_state_space_models_follow_a_noisy_trend(method: str) -> None:
    rng = np.random.default_rng(3)
    values = 50 + np.cumsum(1.0 + rng.normal(0, 0.3, 14))
    data = dict(zip(range(2008, 2022), values.tolist(), strict=True))
    result = forecast_series(data, horizon=3, method=method)
    assert result.method == method
    assert result.interval_kind is IntervalKind.NORMAL
    table = result.table
    assert (table["mean"] > values[-1]).all()
    assert (table["mean"].diff().dropna() > 0).all()
    assert (table["mean_ci_upper"] - table["mean_ci_lower"]).is_monotonic_increasing


@pytest.mark.parametrize("method", ["ets_damped", "arima_drift"])
def test_state_space_models_take_missing_years(method: str) -> None:
    rng = np.random.default_rng(5)
    values = 20 + np.cumsum(0.8 + rng.normal(0, 0.2, 14))
    data = {2008 + i: v for i, v in enumerate(values.tolist()) if i not in (4, 9)}
    result = forecast_series(data, horizon=2, method=method)
    assert result.method == method
    assert any("Kalman filter skips missing years" in note for note in result.notes)
    assert np.isfinite(result.table[["mean", "mean_ci_lower", "mean_ci_upper"]]).all().all()
