"""An approved department submission reaches the briefing of its sector and department."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_intake_cli import default_store, fill  # noqa: F401 - fixture
from typer.testing import CliRunner

from hongtonglib.cli import app

runner = CliRunner()
GARBAGE = "county_town_garbage_harmless_treatment_pct"


@pytest.fixture(autouse=True)
def _clear_briefing_caches_afterwards():
    """Leave no briefing data of the temporary store in the in-process caches.

    ``load_briefing_data`` and the series cache are not keyed by the store, so without this
    later tests in the same process (the ``hongtonglib.report`` doctests) would see the
    synthetic submission.
    """
    yield
    from hongtonglib import merged_observations as observations
    from hongtonglib.report.context import load_briefing_data

    load_briefing_data.cache_clear()
    observations._series_cached.cache_clear()


@pytest.mark.integration
def test_approved_value_appears_in_the_environment_briefing(
    tmp_path: Path,
    default_store,  # noqa: F811
) -> None:
    from hongtonglib import merged_observations as observations
    from hongtonglib.report import DepartmentBriefing, SectorBriefing
    from hongtonglib.report.context import load_briefing_data

    def fresh_briefing() -> SectorBriefing:
        load_briefing_data.cache_clear()
        observations._series_cached.cache_clear()
        return SectorBriefing("environment", as_of_year=2026)

    before = fresh_briefing()
    assert before.data.assessment.item("T23-garbage-harmless").status.value == "no_data"

    workbook = tmp_path / "synthetic_housing_bureau.xlsx"
    result = runner.invoke(
        app, ["template", "-d", "housing_urban_rural", "--years", "2023-2025", "-o", str(workbook)]
    )
    assert result.exit_code == 0, result.output
    fill(workbook, {(GARBAGE, 2023): 96.0, (GARBAGE, 2024): 97.5, (GARBAGE, 2025): 98.6})
    assert runner.invoke(app, ["submit", str(workbook), "--by", "synthetic clerk"]).exit_code == 0
    pending = fresh_briefing()
    assert pending.data.assessment.item("T23-garbage-harmless").status.value == "no_data"

    assert runner.invoke(app, ["approve", "1", "--by", "synthetic analyst"]).exit_code == 0
    after = fresh_briefing()
    item = after.data.assessment.item("T23-garbage-harmless")
    assert item.latest_value == pytest.approx(98.6)
    assert item.latest_source_id == "submission:1"
    assert item.status.value == "on_track"  # observed 1.3 pp/yr, required (100 - 98.6) / 2 = 0.7
    table = after.target_table().data
    assert "98.6%" in table and "部门报送第1号" in table
    assert "部门报送第1号" in after.sources().data
    department = DepartmentBriefing("housing_urban_rural", as_of_year=2026)
    assert "98.6%" in department.data_requests().data
