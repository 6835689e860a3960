"""Known-answer tests of the assessment at every threshold boundary."""

from __future__ import annotations

import pandas as pd
import pytest

from hongtonglib.assess.milestone import IndicatorBounds, assess_milestone
from hongtonglib.assess.rules import TargetRule
from hongtonglib.assess.status import Status, classify_ratio
from hongtonglib.plan.models import Comparator, Target, TargetKind

PCT = IndicatorBounds(0.0, 100.0, "housing_urban_rural")
COUNT = IndicatorBounds(0.0, None, "civil_affairs")


def make_target(
    comparator: str = ">=",
    value: float | None = 50.0,
    year: int = 2027,
    unit: str = "%",
    kind: TargetKind = TargetKind.rate,
    value_min: float | None = None,
    value_max: float | None = None,
) -> Target:
    return Target(
        target_id="SYNTHETIC",
        task_id=9,
        indicator_id="synthetic_indicator",
        kind=kind,
        comparator=comparator,
        value=value,
        value_min=value_min,
        value_max=value_max,
        unit=unit,
        year=year,
        year_is_stated=True,
        sector_ids=("environment",),
        sentence="synthetic",
        label_zh="合成指标",
    )


def synthetic_series(points: dict[int, float], basis: str = "bulletin") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": list(points),
            "value": list(points.values()),
            "basis": basis,
            "census_base": "2020",
            "source_id": "synthetic_source",
        }
    )


@pytest.mark.parametrize(
    ("ratio", "status"),
    [
        (1.5, Status.on_track),
        (0.95, Status.on_track),
        (0.9499, Status.needs_acceleration),
        (0.60, Status.needs_acceleration),
        (0.5999, Status.limited_progress),
        (0.0, Status.limited_progress),
        (-0.0001, Status.deterioration),
    ],
)
def test_ratio_thresholds(ratio: float, status: Status) -> None:
    assert classify_ratio(ratio) is status


@pytest.mark.parametrize(
    ("comparator", "threshold", "value", "met"),
    [
        (">=", 46.0, 46.0, True),
        (">=", 46.0, 45.99, False),
        (">", 80.0, 80.0, False),
        (">", 80.0, 80.01, True),
        ("<=", 0.0, 0.0, True),
        ("<", 10.0, 10.0, False),
        (">=", 100.0, 99.0, True),  # within 1 point of a 100% ceiling
        (">=", 100.0, 98.99, False),
    ],
)
def test_is_met(comparator: str, threshold: float, value: float, met: bool) -> None:
    rule = TargetRule(Comparator(comparator), threshold, "%", 0.0, 100.0)
    assert rule.is_met(value) is met


def test_ceiling_tolerance_only_for_percentages_at_a_bound() -> None:
    assert not TargetRule(Comparator.at_least, 36.0, "%", 0.0, 100.0).uses_ceiling_tolerance
    assert TargetRule(Comparator.at_most, 0.0, "%", 0.0, 100.0).uses_ceiling_tolerance
    count_zero = TargetRule(Comparator.at_most, 0.0, "个", 0.0, None)
    assert not count_zero.uses_ceiling_tolerance
    assert not count_zero.is_met(1.0) and count_zero.is_met(0.0)


def test_direction_and_gap() -> None:
    assert TargetRule(Comparator.at_least, 55.0, "%").gap(41.5) == pytest.approx(13.5)
    assert TargetRule(Comparator.at_most, 0.0, "个").gap(3.0) == pytest.approx(3.0)
    assert TargetRule(Comparator.at_most, 0.0, "个").direction == -1


def test_no_data_names_the_supplier() -> None:
    result = assess_milestone(
        make_target(), PCT, synthetic_series({}), as_of=2026, region_code="141024"
    )
    assert result.status is Status.no_data
    assert result.supplier_department_id == "housing_urban_rural"
    assert result.latest_value is None


def test_one_point_is_insufficient() -> None:
    result = assess_milestone(
        make_target(), PCT, synthetic_series({2023: 20.0}), as_of=2026, region_code="141024"
    )
    assert result.status is Status.insufficient_data
    assert result.gap == pytest.approx(30.0)


def test_achieved_before_deadline() -> None:
    result = assess_milestone(
        make_target(value=30.0),
        PCT,
        synthetic_series({2022: 25.0, 2024: 31.0}),
        as_of=2026,
        region_code="141024",
    )
    assert result.status is Status.achieved


@pytest.mark.parametrize(
    ("start", "status", "ratio"),
    [
        (14.0, Status.on_track, 1.0),  # observed (30-14)/4 = 4/yr, required (50-30)/5 = 4/yr
        (18.0, Status.needs_acceleration, 0.75),
        (26.0, Status.limited_progress, 0.25),
        (34.0, Status.deterioration, -0.25),
    ],
)
def test_pace_statuses_on_unit_scale(start: float, status: Status, ratio: float) -> None:
    target = make_target(value=50.0, year=2029, unit="个", kind=TargetKind.count)
    series = synthetic_series({2020: start, 2024: 30.0})
    result = assess_milestone(target, COUNT, series, as_of=2025, region_code="141024")
    assert result.pace_scale == "unit"
    assert result.pace_ratio == pytest.approx(ratio)
    assert result.status is status
    assert result.required_pace == pytest.approx(4.0)


def test_lower_is_better_count_to_zero() -> None:
    target = make_target(comparator="<=", value=0.0, unit="个", kind=TargetKind.zero)
    falling = assess_milestone(
        target, COUNT, synthetic_series({2021: 10.0, 2023: 6.0}), as_of=2024, region_code="141024"
    )
    # observed -2/yr, required -6/4 = -1.5/yr -> R = 1.33 on track
    assert falling.status is Status.on_track
    rising = assess_milestone(
        target, COUNT, synthetic_series({2021: 6.0, 2023: 10.0}), as_of=2024, region_code="141024"
    )
    assert rising.status is Status.deterioration


def test_count_target_at_least_one_facility() -> None:
    target = make_target(value=1.0, unit="所", kind=TargetKind.count)
    assert (
        assess_milestone(
            target, COUNT, synthetic_series({2025: 1.0}), as_of=2026, region_code="141024"
        ).status
        is Status.achieved
    )
    assert (
        assess_milestone(
            target,
            COUNT,
            synthetic_series({2024: 0.0, 2025: 0.0}),
            as_of=2026,
            region_code="141024",
        ).status
        is Status.limited_progress
    )


def test_range_target_counts_from_minimum() -> None:
    target = make_target(
        comparator="range", value=None, value_min=1, value_max=2, unit="个", kind=TargetKind.count
    )
    for count, status in (
        (0.0, Status.insufficient_data),
        (1.0, Status.achieved),
        (3.0, Status.achieved),
    ):
        result = assess_milestone(
            target, COUNT, synthetic_series({2025: count}), as_of=2026, region_code="141024"
        )
        assert result.status is status


def test_deadline_passed_and_observed() -> None:
    target = make_target(value=46.0, year=2024)
    missed = assess_milestone(
        target, PCT, synthetic_series({2022: 41.5, 2024: 44.0}), as_of=2026, region_code="141024"
    )
    assert missed.status is Status.not_achieved
    assert missed.years_left == -2
    late = assess_milestone(
        target, PCT, synthetic_series({2022: 41.5, 2025: 46.5}), as_of=2026, region_code="141024"
    )
    assert late.status is Status.achieved
    assert any("after the 2024 deadline" in n for n in late.notes)


def test_deadline_passed_not_yet_published() -> None:
    target = make_target(value=46.0, year=2024)
    result = assess_milestone(
        target, PCT, synthetic_series({2020: 39.54, 2022: 41.5}), as_of=2026, region_code="141024"
    )
    assert result.status in (
        Status.limited_progress,
        Status.deterioration,
        Status.needs_acceleration,
        Status.on_track,
    )
    assert any("not yet published" in n for n in result.notes)


def test_census_break_not_bridged() -> None:
    series = pd.DataFrame(
        {
            "year": [2010, 2019, 2020, 2022],
            "value": [32.82, 45.7, 39.54, 41.5],
            "basis": ["census", "sample_survey", "census", "bulletin"],
            "census_base": ["2010", "2010", "2020", "2020"],
        }
    )
    result = assess_milestone(
        make_target(value=55.0), PCT, series, as_of=2026, region_code="141024"
    )
    assert result.points_used == 3 and result.points_dropped == 1
    assert result.observed_pace is not None and result.observed_pace > 0
    assert any("2019 dropped" in n for n in result.notes)


def test_logit_scale_for_bounded_rates_and_unit_scale_at_ceiling() -> None:
    inside = assess_milestone(
        make_target(value=55.0),
        PCT,
        synthetic_series({2020: 39.54, 2022: 41.5}),
        as_of=2026,
        region_code="141024",
    )
    assert inside.pace_scale == "logit"
    assert inside.required_pace_logit == pytest.approx(0.1088, abs=1e-3)
    ceiling = assess_milestone(
        make_target(value=100.0),
        PCT,
        synthetic_series({2020: 90.0, 2022: 94.0}),
        as_of=2026,
        region_code="141024",
    )
    assert ceiling.pace_scale == "unit"
    # required to 99 (tolerance) is not used for pace; pace to 100: (100-94)/5 = 1.2; obs 2
    assert ceiling.status is Status.on_track


def test_future_observations_ignored() -> None:
    result = assess_milestone(
        make_target(value=30.0),
        PCT,
        synthetic_series({2022: 20.0, 2027: 35.0}),
        as_of=2024,
        region_code="141024",
    )
    assert result.latest_year == 2022
