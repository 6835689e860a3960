"""The current round in the briefings: index section, department progress, unassessable targets.

The store holds a round with SYNTHETIC fills (``synthetic_*.xlsx``); none of it is data.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from round_synthetic import fill_synthetic

from hongtonglib.briefing.pages import render_index_page
from hongtonglib.collection import open_round
from hongtonglib.intake.approval import approve
from hongtonglib.intake.db import STORE_URL_ENV
from hongtonglib.intake.round_submit import submit_round_workbook
from hongtonglib.plan import load_plan
from hongtonglib.report.round_sections import (
    current_round,
    department_round_html,
    round_index_html,
    unassessable_frame,
)


@pytest.fixture
def round_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The default store, holding a round of 2025 where health reported and was approved."""
    store = tmp_path / "store" / "intake.sqlite"
    monkeypatch.setenv(STORE_URL_ENV, f"sqlite:///{store}")
    opened = open_round(
        2025,
        due_date=dt.date.today() + dt.timedelta(days=10),
        opened_by="synthetic analyst",
        departments=["health", "statistics"],
        out=tmp_path / "packages",
        embed_font=False,
    )
    template = opened.out / opened.units.set_index("department_id").loc["health", "template"]
    fill_synthetic(template, tmp_path / "synthetic_sections.xlsx", share=0.02)
    result = submit_round_workbook(tmp_path / "synthetic_sections.xlsx", submitted_by="clerk")
    approve(result.receipt.submission_id, approved_by="synthetic analyst")
    return store


def test_no_round_means_no_section(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(STORE_URL_ENV, f"sqlite:///{tmp_path / 'none.sqlite'}")
    assert round_index_html() is None
    assert "没有进行中的数据收集轮次" in department_round_html("health")
    assert "collection-round" not in render_index_page([], {})


def test_index_section_has_a_bar_per_unit_and_the_vintage(round_store: Path) -> None:
    section = round_index_html()
    assert section.count("class='bar'") == 2  # health and statistics
    assert "width:100.0%" in section  # health's approved share
    assert "部门报送数据：已审核1份" in section
    page = render_index_page([], {})
    assert "本轮数据收集" in page and "县卫健委" in page


def test_department_progress_sentence_and_missing_items(round_store: Path) -> None:
    health = department_round_html("health")
    assert "本轮应报 4 项、已报 4 项、已审核 4 项" in health
    assert "已全部报送" in health
    statistics = department_round_html("statistics")
    assert "已报 0 项、已审核 0 项" in statistics and "尚缺的数据" in statistics
    assert "常住人口城镇化率" in statistics
    assert "未要求本单位报送" in department_round_html("civil_affairs")


def test_unassessable_targets_name_the_unit_owing_the_data(round_store: Path) -> None:
    frames = current_round()
    assessment = pd.DataFrame(
        {
            "target_id": ["T00-urbanization-2025", "T13-high-standard-hospitals"],
            "label_zh": ["城镇化", "医院"],
            "indicator_id": ["urbanization_rate_pct", "high_standard_hospitals_count"],
            "target_year": [2025, 2027],
            "status": ["no_data", "achieved"],
        }
    )
    frame = unassessable_frame(assessment, load_plan(), {}, frames)
    assert frame["目标"].tolist() == ["城镇化（2025年）"]
    assert frame["应报送单位"].iloc[0] == "县统计局"
    assert "未报1" in frame["本轮情况"].iloc[0]
