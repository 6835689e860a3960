"""Bounded series: forecasts and intervals never leave the bounds (synthetic series only)."""

from __future__ import annotations

import numpy as np
import pytest

from hongtonglib.forecast import Bounds, Method, forecast_series
from hongtonglib.forecast.bounds import Scale, Transform

COLUMNS = ["mean", "mean_ci_lower", "mean_ci_upper"]


def synthetic_rate(start: float, step: float, n: int, seed: int = 0) -> dict[int, float]:
    rng = np.random.default_rng(seed)
    values = np.clip(start + step * np.arange(n) + rng.normal(0, abs(step) / 3, n), 0, 100)
    return dict(zip(range(2010, 2010 + n), values.tolist(), strict=True))


RATES = {
    "rising_to_100": synthetic_rate(90.0, 2.0, 10),
    "at_100": {2012: 96.0, 2013: 97.1, 2014: 98.0, 2015: 99.2, 2016: 100.0, 2017: 100.0},
    "falling_to_0": synthetic_rate(8.0, -2.0, 10),
    "at_0": {**synthetic_rate(3.0, -1.0, 6), 2016: 0.0, 2017: 0.0},
    "middle": synthetic_rate(40.0, 1.0, 12),
}


def assert_within(table: object, lo: float, hi: float) -> None:
    values = table[COLUMNS].to_numpy(dtype=float)  # type: ignore[index]
    assert np.isfinite(values).all()
    assert (values >= lo).all() and (values <= hi).all()
    lower, mean, upper = (table[c].to_numpy() for c in ("mean_ci_lower", "mean", "mean_ci_upper"))  # type: ignore[index]
    assert (lower <= mean).all() and (mean <= upper).all()


@pytest.mark.parametrize("name", sorted(RATES))
@pytest.mark.parametrize("method", ["auto", *[m.value for m in Method]])
def test_every_method_stays_within_0_100(name: str, method: str) -> None:
    result = forecast_series(RATES[name], horizon=10, bounds=(0, 100), method=method, level=0.95)
    assert_within(result.table, 0.0, 100.0)


def test_ets_near_the_ceiling_is_fitted_on_the_logit_scale() -> None:
    result = forecast_series(RATES["rising_to_100"], 15, bounds=(0, 100), method="ets_damped")
    assert result.method == "ets_damped"
    assert result.scale == "logit"
    assert_within(result.table, 0.0, 100.0)
    assert (result.table["mean_ci_upper"] < 100.0).all()


def test_values_on_a_bound_are_moved_inside_with_a_note() -> None:
    result = forecast_series(RATES["at_100"], horizon=3, bounds=(0, 100), method="logit_linear")
    assert any("values on a bound (2016, 2017) moved 0.1 inside it" in n for n in result.notes)


def test_linear_on_a_rate_is_clipped_with_a_note() -> None:
    result = forecast_series(RATES["rising_to_100"], 10, bounds=(0, 100), method="linear")
    assert result.method == "linear" and result.scale == "raw"
    assert result.table["mean"].max() == 100.0
    assert any("reaches the upper bound 100 and is clipped there" in n for n in result.notes)


def test_other_bounds_than_percentages() -> None:
    data = {2018: 0.2, 2019: 0.35, 2020: 0.5, 2021: 0.62}
    result = forecast_series(data, horizon=8, bounds=(0, 1))
    assert_within(result.table, 0.0, 1.0)


def test_one_sided_bound_is_clipped_not_transformed() -> None:
    data = {2018: 9.0, 2019: 6.0, 2020: 4.0, 2021: 1.5}
    result = forecast_series(data, horizon=4, bounds=(0, None))
    assert result.scale == "raw"
    assert_within(result.table, 0.0, np.inf)
    assert result.table["mean"].iloc[-1] == 0.0
    assert any("reaches the lower bound 0" in n for n in result.notes)


def test_bounds_parse() -> None:
    assert Bounds.parse("0,100") == Bounds(0.0, 100.0)
    assert Bounds.parse(" 0 , ") == Bounds(0.0, None)
    assert Bounds.parse(",5") == Bounds(None, 5.0)
    for text in ("0", "a,b", "0,100,200", "100,0", "5,5", "0,inf"):
        with pytest.raises(ValueError):
            Bounds.parse(text)


def test_transform_roundtrip_and_exact_targets() -> None:
    transform = Transform.for_bounds(Bounds(0, 100))
    assert transform.scale is Scale.LOGIT
    values = np.array([0.5, 32.8, 50.0, 99.5])
    np.testing.assert_allclose(transform.inverse(transform.forward(values)), values)
    assert transform.forward_exact(100.0) == np.inf
    assert transform.forward_exact(0.0) == -np.inf
    assert Transform.for_bounds(Bounds(0, None)).scale is Scale.RAW
