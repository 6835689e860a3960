"""The calibration on synthetic series whose true spread is known."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from hongtonglib.forecast import forecast_series
from hongtonglib.forecast.bounds import Bounds, Transform
from hongtonglib.forecast.calibration import (
    Base,
    CalibrationTable,
    SeriesType,
    calibrate,
    learn_table,
    read_table,
    t_quantile,
)
from hongtonglib.forecast.calibration_corpus import (
    apply_table,
    corpus_forecasts,
    errors_frame,
    score_intervals,
)
from hongtonglib.forecast.distribution import Predictive
from hongtonglib.forecast.segments import SeriesSegment

Z80 = 1.2815515655446004


def synthetic_errors(seed: int, spread_sd: dict[int, float], n: int = 400) -> pd.DataFrame:
    """Scaled errors drawn from N(0, sd_h^2) per horizon, 6 series of type level, no model sd."""
    rng = np.random.default_rng(seed)
    rows = []
    for h, sd in spread_sd.items():
        q = rng.normal(0.0, sd, n)
        rows.append(
            pd.DataFrame(
                {
                    "series": [f"synthetic {i % 6}" for i in range(n)],
                    "series_type": "level",
                    "horizon": h,
                    "q_spread": q,
                    "q_model": np.nan,
                    "model_over_spread": np.nan,
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def test_learned_widths_recover_a_known_gaussian_spread() -> None:
    errors = synthetic_errors(1, {1: 2.0, 2: 4.0, 3: 6.0}, n=2000)
    table = learn_table(errors)
    assert table.chosen_base(SeriesType.LEVEL) is Base.SPREAD
    df = table.df_of(SeriesType.LEVEL, Base.SPREAD)
    for h, sd in {1: 2.0, 2: 4.0, 3: 6.0}.items():
        half80 = t_quantile(df, 0.9) * table.factor(SeriesType.LEVEL, Base.SPREAD, h)
        assert half80 == pytest.approx(Z80 * sd, rel=0.06)
        half50 = t_quantile(df, 0.75) * table.factor(SeriesType.LEVEL, Base.SPREAD, h)
        assert half50 == pytest.approx(0.6744897501960817 * sd, rel=0.08)
    # a Gaussian is recognised as one (many degrees of freedom)
    assert df is None or df >= 10
    # beyond the largest horizon learned a spread factor grows with the horizon
    assert table.factor(SeriesType.LEVEL, Base.SPREAD, 6) == pytest.approx(
        2 * table.factor(SeriesType.LEVEL, Base.SPREAD, 3)
    )


def test_heavy_tails_give_few_degrees_of_freedom() -> None:
    rng = np.random.default_rng(2)
    errors = synthetic_errors(2, {1: 1.0}, n=3000)
    errors["q_spread"] = rng.standard_t(2.0, len(errors))
    table = learn_table(errors)
    df = table.df_of(SeriesType.LEVEL, Base.SPREAD)
    assert df is not None and df <= 3


def test_the_model_base_is_chosen_where_the_model_knows_its_spread() -> None:
    # each forecast's own sd varies 10-fold and the errors follow it: the model's interval is
    # the better base, and its factor is the true ratio 1.5
    rng = np.random.default_rng(3)
    n = 1500
    model_over_spread = rng.uniform(0.2, 2.0, n)
    q_model = rng.normal(0.0, 1.5, n)
    errors = pd.DataFrame(
        {
            "series": [f"synthetic {i % 5}" for i in range(n)],
            "series_type": "rate",
            "horizon": 1,
            "q_model": q_model,
            "q_spread": q_model * model_over_spread,
            "model_over_spread": model_over_spread,
        }
    )
    table = learn_table(errors)
    assert table.chosen_base(SeriesType.RATE) is Base.MODEL
    df = table.df_of(SeriesType.RATE, Base.MODEL)
    half80 = t_quantile(df, 0.9) * table.factor(SeriesType.RATE, Base.MODEL, 1)
    assert half80 == pytest.approx(Z80 * 1.5, rel=0.06)


def test_a_type_with_too_few_series_borrows_the_pooled_rows() -> None:
    errors = synthetic_errors(4, {1: 2.0}, n=600)
    growth = errors.iloc[:50].assign(series="synthetic growth", series_type="growth")
    table = learn_table(pd.concat([errors, growth], ignore_index=True))
    rows = table.block(SeriesType.GROWTH)
    assert (rows["source"] == "pooled").all()
    pooled = table.block(SeriesType.POOLED)
    assert rows["factor"].tolist() == pooled["factor"].tolist()
    assert "fewer than 3 series" in table.provenance["base_by_type"]["growth"]


def synthetic_random_walks(seed: int, count: int, sigma: float) -> list[SeriesSegment]:
    """Random walks with drift 1 and step sd ``sigma`` (level series, 9 years each)."""
    rng = np.random.default_rng(seed)
    segments = []
    for i in range(count):
        steps = 1.0 + rng.normal(0.0, sigma, 8)
        values = 100.0 + np.concatenate([[0.0], np.cumsum(steps)])
        segments.append(
            SeriesSegment(
                "synthetic",
                f"99{i:04d}",
                None,
                tuple(range(2010, 2019)),
                tuple(float(v) for v in values),
                Bounds(0, None),
            )
        )
    return segments


def test_calibrated_intervals_cover_fresh_synthetic_series() -> None:
    """Learn on 25 random walks, check coverage on 25 others with the same spread."""
    train = corpus_forecasts(synthetic_random_walks(10, 25, 0.8), models=("drift",), horizon=3)
    test = corpus_forecasts(synthetic_random_walks(11, 25, 0.8), models=("drift",), horizon=3)
    table = learn_table(errors_frame(train, "drift"))
    scored = score_intervals(apply_table(test[test["model"] == "drift"], table), "cal_sd", "cal_df")
    assert len(scored) > 300
    assert 0.72 <= scored["covered_80"].mean() <= 0.88
    assert 0.42 <= scored["covered_50"].mean() <= 0.58
    assert 0.90 <= scored["covered_95"].mean() <= 0.99


def test_a_calibrated_rate_stays_within_its_bounds() -> None:
    errors = synthetic_errors(5, {1: 30.0, 2: 60.0}, n=300).assign(series_type="rate")
    table = learn_table(errors)
    transform = Transform.for_bounds(Bounds(0, 100))
    inside = Predictive(
        (2023, 2024), transform.forward(np.array([97.0, 98.0])), None, None, transform
    )
    years, values = np.array([2020, 2021, 2022]), np.array([90.0, 94.0, 96.0])
    calibrated, info = calibrate(inside, years, values, Bounds(0, 100), table)
    frame = calibrated.table(0.95)
    assert (frame["mean_ci_lower"] >= 0).all() and (frame["mean_ci_upper"] <= 100).all()
    assert (frame["mean_ci_upper"] - frame["mean_ci_lower"] > 10).all()  # wide, yet inside
    assert info.series_type is SeriesType.RATE and info.base is Base.SPREAD
    assert calibrated.probability(2024, 100.0, ">=") == 0.0


def test_table_round_trip_and_bad_rows(tmp_path) -> None:
    table = learn_table(synthetic_errors(6, {1: 1.0, 2: 2.0}), {"corpus": "synthetic"})
    path = tmp_path / "calibration.csv"
    table.write(path)
    again = read_table(path)
    assert again.provenance["corpus"] == "synthetic"
    assert again.n_series == 6
    assert again.factor(SeriesType.LEVEL, Base.SPREAD, 2) == pytest.approx(
        table.factor(SeriesType.LEVEL, Base.SPREAD, 2), rel=1e-5
    )
    broken = pd.read_csv(path)
    broken.loc[1, "factor"] = -1.0
    broken.to_csv(path, index=False)
    with pytest.raises(ValueError, match=r"calibration.csv, row 3: factor"):
        read_table(path)


def test_forecast_series_uses_the_stored_table_and_says_so() -> None:
    data = {2018: 40.1, 2019: 41.0, 2020: 42.3, 2021: 42.9, 2022: 44.2}
    own = forecast_series(data, horizon=3, calibrate=False)
    calibrated = forecast_series(data, horizon=3)
    assert own.calibration is None and calibrated.calibration is not None
    np.testing.assert_allclose(own.table["mean"], calibrated.table["mean"])
    assert "calibrated out of sample" in calibrated.interval_note
    assert "real series" in calibrated.probability_of_meeting(2025, 48.0).explanation
    # two points: still no interval and no probability
    two = forecast_series({2020: 1.0, 2021: 2.0}, horizon=2)
    assert two.calibration is None and two.interval_kind.value == "none"
    assert not math.isnan(float(calibrated.table["mean_ci_lower"].iloc[0]))


def test_an_empty_table_cannot_be_used() -> None:
    empty = CalibrationTable(pd.DataFrame(columns=["series_type", "base", "chosen", "horizon"]))
    with pytest.raises(KeyError):
        empty.block(SeriesType.RATE)
