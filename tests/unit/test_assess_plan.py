"""Assessing the whole plan on the embedded data and on synthetic series."""

from __future__ import annotations

import pandas as pd
import pytest
from scipy.special import expit, logit
from typer.testing import CliRunner

from hongtonglib.assess import Status, assess_plan
from hongtonglib.assess.combined_view import outside_pace
from hongtonglib.assess.forecasting import forecast_at_deadline
from hongtonglib.cli import app


@pytest.fixture(scope="module")
def embedded():
    return assess_plan(as_of=2026, forecaster=None, outside_view=None)


def test_every_target_assessed_once(embedded) -> None:
    assert len(embedded.items) == 40
    assert len({item.target_id for item in embedded.items}) == 40


def test_urbanization_on_embedded_data(embedded) -> None:
    item = embedded.item("T00-urbanization-2027")
    assert item.latest_value == pytest.approx(41.5)
    assert item.latest_year == 2022
    assert item.points_used == 3  # 2010 and 2020 censuses, 2022 bulletin
    assert item.points_dropped == 1  # 2019 pre-census sample survey
    assert item.pace_scale == "logit"
    assert item.status is Status.limited_progress
    assert item.required_pace == pytest.approx((55 - 41.5) / 5)


def test_missing_data_names_supplier(embedded) -> None:
    gaps = embedded.without_data()
    assert len(gaps) >= 30
    garbage = embedded.item("T23-garbage-harmless")
    assert garbage.status is Status.no_data
    assert garbage.supplier_department_id == "housing_urban_rural"


def test_park_radius_has_one_public_point(embedded) -> None:
    item = embedded.item("T21-park-blind-spots")
    assert item.status is Status.insufficient_data
    assert (item.latest_year, item.latest_value) == (2015, pytest.approx(81.2))


def test_synthetic_lookup_and_previous_year() -> None:
    def synthetic_lookup(indicator_id: str, region_code: str) -> pd.DataFrame:
        if indicator_id != "sponge_city_area_share_pct":
            return pd.DataFrame(columns=["year", "value"])
        return pd.DataFrame(
            {
                "year": [2023, 2024, 2025],
                "value": [10.0, 15.0, 20.0],
                "basis": "department_submission",
                "census_base": "2020",
                "source_id": "submission:synthetic",
            }
        )

    result = assess_plan(
        as_of=2026, series_lookup=synthetic_lookup, forecaster=None, outside_view=None
    )
    sponge = result.item("T09-sponge-city")
    # observed 5 pp/yr, required (30-20)/2 = 5 pp/yr on the unit scale? bounded: logit scale
    assert sponge.status in (Status.on_track, Status.needs_acceleration)
    frame = result.frame()
    row = frame.set_index("target_id").loc["T09-sponge-city"]
    assert row["previous_status"] in {s.value for s in Status}
    assert result.status_counts()["no_data"] == 39


def test_cli_assess_csv() -> None:
    result = CliRunner().invoke(app, ["assess", "--as-of", "2026", "--format", "csv"])
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[0].split(",")
    for column in (
        "target_id",
        "status",
        "probability",
        "required_pace",
        "observed_pace",
        "pace_ratio",
        "years_left",
        "supplier_department_id",
    ):
        assert column in header
    assert len(result.stdout.strip().splitlines()) == 41


def test_probability_and_outside_view_for_urbanization() -> None:
    result = assess_plan(as_of=2026)
    item = result.item("T00-urbanization-2027")
    forecast = item.forecast
    assert forecast is not None and forecast.method == "drift"
    assert forecast.points_used == 3 and forecast.has_interval
    # drift on the logit scale: the 2010-2022 urban-rural growth difference carried forward,
    # (logit 0.415 - logit(240,740 / 733,420)) / 12 a year (2010 census count to the 2022
    # bulletin), for the 5 years after 2022
    urgd = (logit(0.415) - logit(240_740 / 733_420)) / 12
    inside = assess_plan(as_of=2026, outside_view=None, forecaster=forecast_at_deadline)
    inside_mean = inside.item("T00-urbanization-2027").forecast.mean
    assert inside_mean == pytest.approx(100 * expit(logit(0.415) + 5 * urgd), abs=1e-3)
    # combined with the reference class (similar counties urbanized faster): pulled toward it
    assert forecast.combined_with_outside_view
    class_mean = 100 * expit(logit(0.415) + 5 * outside_pace("141024").mean)
    assert inside_mean < forecast.mean < class_mean
    assert 0.0 <= forecast.probability <= 0.2
    assert forecast.lower <= forecast.mean <= forecast.upper <= 100
    assert [year for year, *_ in forecast.path] == [2023, 2024, 2025, 2026, 2027]
    assert 0.0 < item.outside_view_share < 0.1
    assert "55%" in item.outside_view_note and "个县中" in item.outside_view_note
    # milestones further away need more and are less likely
    earlier = result.item("T00-urbanization-2025")
    assert earlier.required_pace_logit < item.required_pace_logit
    assert earlier.probability > item.probability
    # no forecast where there is no pace
    assert result.item("T21-park-blind-spots").forecast is None
