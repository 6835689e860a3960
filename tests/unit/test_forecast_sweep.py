"""No NaN, no value outside the bounds, ordered limits: a sweep over synthetic series."""

from __future__ import annotations

import numpy as np
import pytest

from hongtonglib.forecast import forecast_series

SHAPES = ["trend", "flat", "jumpy", "reversal", "gappy"]


def synthetic_series(shape: str, n: int, seed: int) -> dict[int, float]:
    rng = np.random.default_rng(seed)
    x = np.arange(n, dtype=float)
    values = {
        "trend": 20 + 1.5 * x + rng.normal(0, 0.5, n),
        "flat": 50 + rng.normal(0, 0.01, n),
        "jumpy": 50 + rng.normal(0, 20, n),
        "reversal": 30 + 8 * np.sin(x / 2) + rng.normal(0, 0.3, n),
        "gappy": 10 + 2 * x + rng.normal(0, 1, n),
    }[shape]
    values = np.clip(values, 0.5, 99.5)
    years = 2000 + (np.arange(n) * 2 if shape == "gappy" else np.arange(n))
    return dict(zip(years.tolist(), values.tolist(), strict=True))


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("n", [2, 4, 9, 13])
@pytest.mark.parametrize("bounds", [None, (0, 100)])
def test_auto_forecasts_are_finite_ordered_and_bounded(
    shape: str, n: int, bounds: tuple[float, float] | None
) -> None:
    result = forecast_series(synthetic_series(shape, n, seed=n), horizon=8, bounds=bounds)
    values = result.table[["mean_ci_lower", "mean", "mean_ci_upper"]].to_numpy(dtype=float)
    assert np.isfinite(values).all()
    assert (np.diff(values, axis=1) >= 0).all()
    if bounds is not None:
        assert (values >= 0).all() and (values <= 100).all()
    assert result.table["year"].tolist() == list(range(result.last_year + 1, result.last_year + 9))
    probability = result.probability_of_meeting(result.last_year + 8, 60.0).probability
    assert probability is None or 0.0 <= probability <= 1.0
