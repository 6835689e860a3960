"""Probability of meeting a target from the predictive distribution (synthetic series only)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from hongtonglib.forecast import forecast_series

SYNTHETIC = {2016: 30.0, 2017: 31.2, 2018: 31.9, 2019: 33.4, 2020: 34.1, 2021: 35.3}


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    return forecast_series(SYNTHETIC, horizon=6, bounds=(0, 100))


def test_probability_is_monotone_in_the_target(result) -> None:  # type: ignore[no-untyped-def]
    targets = np.linspace(30, 50, 41)
    p_at_least = [result.probability_of_meeting(2027, t, ">=").probability for t in targets]
    p_at_most = [result.probability_of_meeting(2027, t, "<=").probability for t in targets]
    assert all(0.0 <= p <= 1.0 for p in p_at_least + p_at_most)
    assert np.all(np.diff(p_at_least) <= 0) and np.all(np.diff(p_at_most) >= 0)
    np.testing.assert_allclose(np.add(p_at_least, p_at_most), 1.0)


def test_far_targets_are_near_certain_or_impossible(result) -> None:  # type: ignore[no-untyped-def]
    assert result.probability_of_meeting(2027, 5.0, ">=").probability > 0.999
    assert result.probability_of_meeting(2027, 90.0, ">=").probability < 0.001
    assert result.probability_of_meeting(2027, 90.0, "<").probability > 0.999


def test_centre_has_probability_one_half(result) -> None:  # type: ignore[no-untyped-def]
    centre = float(result.value_in(2027)["mean"])
    assert result.probability_of_meeting(2027, centre, ">=").probability == pytest.approx(0.5)


def test_interval_limits_have_the_tail_probabilities(result) -> None:  # type: ignore[no-untyped-def]
    row = result.value_in(2025)
    lower = result.probability_of_meeting(2025, float(row["mean_ci_lower"]), "<").probability
    upper = result.probability_of_meeting(2025, float(row["mean_ci_upper"]), ">").probability
    assert lower == pytest.approx(0.1) and upper == pytest.approx(0.1)


def test_probability_on_the_logit_scale_matches_student_t(result) -> None:  # type: ignore[no-untyped-def]
    pred = result.predictive
    i = pred.years.index(2027)
    z = np.log(0.4 / 0.6)
    expected = stats.t.sf(z, pred.df, pred.loc[i], pred.scale[i])
    assert result.probability_of_meeting(2027, 40.0).probability == pytest.approx(expected)
    assert "Student t" in result.probability_of_meeting(2027, 40.0).explanation
    assert "logit scale" in result.probability_of_meeting(2027, 40.0).explanation


def test_targets_on_or_beyond_the_bounds(result) -> None:  # type: ignore[no-untyped-def]
    p = result.probability_of_meeting
    assert p(2027, 100.0, ">=").probability == 0.0
    assert p(2027, 100.0, "<=").probability == 1.0
    assert p(2027, 0.0, ">=").probability == 1.0
    assert p(2027, 0.0, "<").probability == 0.0
    assert p(2027, 120.0, "<").probability == 1.0


def test_no_probability_without_an_interval_claim() -> None:
    two = forecast_series({2010: 32.8, 2020: 39.5}, horizon=7, bounds=(0, 100))
    answer = two.probability_of_meeting(2027, 55.0)
    assert answer.probability is None
    assert answer.method == "drift"
    assert "no probability" in answer.explanation and "2 points" in answer.explanation


def test_exact_fit_gives_a_degenerate_probability() -> None:
    line = forecast_series({2018: 1.0, 2019: 2.0, 2020: 3.0, 2021: 4.0}, horizon=2)
    assert line.probability_of_meeting(2023, 6.0, ">=").probability == 1.0
    assert line.probability_of_meeting(2023, 6.0, ">").probability == 0.0
    assert line.probability_of_meeting(2023, 5.5, ">").probability == 1.0


def test_bad_year_or_comparator(result) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="2030 is not a forecast year"):
        result.probability_of_meeting(2030, 40.0)
    with pytest.raises(ValueError):
        result.probability_of_meeting(2027, 40.0, "=>")
