"""The frame behind every table a department sees: ``briefing.frames[...]``.

The tables are formattings of these frames, so the numbers cannot diverge from what an
analyst gets from the public API.
"""

from __future__ import annotations

import pandas as pd
import pytest

import hongtonglib as ht
from hongtonglib.report import DepartmentBriefing, OverviewBriefing, SectorBriefing
from hongtonglib.report.formatting import format_probability, format_value

SNAKE = r"^[a-z][a-z0-9_]*$"


@pytest.fixture(scope="module")
def overview() -> OverviewBriefing:
    return OverviewBriefing(
        "urbanization",
        as_of_year=2026,
        census_indicator_ids=["urbanization_rate_pct", "average_family_household_size_persons"],
        demand_group_ids=["primary_6_11"],
        demand_years=[2024, 2027],
    )


def test_every_frame_has_snake_case_columns(overview) -> None:
    assert set(overview.frames) == {
        "tasks",
        "targets",
        "data_gaps",
        "census_baselines",
        "benchmarks",
        "demand",
        "sources",
        "all_targets",
    }
    for name, frame in overview.frames.items():
        assert isinstance(frame, pd.DataFrame), name
        assert all(pd.Series(frame.columns).str.match(SNAKE)), (name, list(frame.columns))
    with pytest.raises(KeyError, match="the frames are"):
        overview.frames["nope"]


def test_target_table_is_a_formatting_of_its_frame(overview) -> None:
    frame = overview.frames["targets"]
    table = overview.target_table().data
    assert len(frame) == table.count("<tr>") - 1
    assessed = ht.assessment(2026).frame().set_index("target_id")
    for row in frame.itertuples():
        expected = assessed.loc[row.target_id, "probability"]
        assert row.probability == pytest.approx(expected, nan_ok=True)
        if pd.notna(row.latest_value):
            assert format_value(row.latest_value, row.unit) in table
        if pd.notna(row.probability):
            assert format_probability(row.probability) in table


def test_overview_frames_cover_the_plan_and_match_the_api(overview) -> None:
    assert len(overview.frames["all_targets"]) == 40
    gaps = ht.targets_without_data(2026)
    assert set(overview.frames["data_gaps"]["target_id"]) <= set(gaps["target_id"])
    census = overview.frames["census_baselines"].set_index("indicator_id")
    linfen = ht.census_comparison(["urbanization_rate_pct"], "national")
    hongtong = linfen[linfen["is_subject"]].iloc[0]
    assert census.loc["urbanization_rate_pct", "value_2020"] == hongtong["value_2020"]
    assert census.loc["urbanization_rate_pct", "percentile_national_2020"] == pytest.approx(
        hongtong["percentile_2020"]
    )
    assert set(overview.frames["demand"]["group_id"]) == {"primary_6_11"}


def test_sector_and_department_frames() -> None:
    housing = SectorBriefing("housing", as_of_year=2026)
    assert len(housing.frames["targets"]) == len(housing.items)
    department = DepartmentBriefing("health", as_of_year=2026)
    assert set(department.frames) == {
        "lead_tasks",
        "support_tasks",
        "targets",
        "data_gaps",
        "sources",
    }
    assert department.frames["lead_tasks"]["task_id"].tolist() == [13]
    assert len(department.frames["data_gaps"]) == sum(
        1 for item in department.items if item.status.value == "no_data"
    )


def test_demand_table_is_a_formatting_of_its_frame(overview) -> None:
    frame = overview.frames["demand"]
    table = overview.demand_table().data
    central = frame[(frame["scenario"] == "central") & frame["year"].isin([2024, 2027])]
    assert len(central) == 2
    for persons in central["persons"]:
        assert format_value(persons, "人") in table
