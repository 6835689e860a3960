"""The cleaned plan text: repairs apply exactly once and the derived files are current."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from hongtonglib import paths
from hongtonglib.plan import load_plan
from hongtonglib.plan.build import build_structure, dump_structure
from hongtonglib.plan.models import TextRepair
from hongtonglib.plan.text import (
    CLEANED_PLAN_FILE,
    apply_repairs,
    build_cleaned_text,
    load_repairs,
    locate_repairs,
    read_raw_text,
)
from hongtonglib.validation import ValidationFailed


def test_committed_cleaned_text_is_current() -> None:
    committed = (paths.plan_dir() / CLEANED_PLAN_FILE).read_text(encoding="utf-8")
    assert committed == build_cleaned_text()


def test_committed_structure_is_current() -> None:
    committed = (paths.plan_dir() / "structure.yaml").read_text(encoding="utf-8")
    assert committed == dump_structure(build_structure(build_cleaned_text()))


def test_known_garbles_repaired() -> None:
    cleaned = build_cleaned_text()
    assert "中华人民共和国成立" not in cleaned
    assert "创建国家文明城市" in cleaned
    assert "发展战略电子商务" not in cleaned and "发展战略零售" not in cleaned
    assert "大力发展电子商务" in cleaned
    assert "人工智能能在" not in cleaned.replace("\n", "")
    assert "统统筹" not in cleaned.replace("\n", "")
    assert "水品" not in cleaned


def test_no_paragraph_ends_mid_sentence() -> None:
    """After repair, every paragraph ends in closing punctuation or is a heading."""
    heading = re.compile(
        r"^([一二三四五六七]、|[（(][一二三四五六七][）)]|20\d\d\s*年工作目标|洪洞县)"
    )
    for line in build_cleaned_text().splitlines():
        line = line.strip()
        if line and not heading.match(line):
            assert line[-1] in "。；）)", line[-20:]


def test_every_repair_located_and_listed() -> None:
    raw = read_raw_text()
    repairs = load_repairs()
    rows = locate_repairs(raw, repairs)
    assert len(rows) == len(repairs) == 32
    assert all(row["raw_line"] for row in rows)
    assert {r.kind for r in repairs} == {
        "layout",
        "page_break_split",
        "page_break_duplicate",
        "garbled_expansion",
        "typo",
    }


def test_repair_must_match_exactly_once() -> None:
    missing = TextRepair(repair_id="X1", where="t", kind="typo", raw="不存在", cleaned="", why="")
    twice = TextRepair(repair_id="X2", where="t", kind="typo", raw="城", cleaned="", why="")
    with pytest.raises(ValidationFailed) as info:
        apply_repairs("县城城区", [missing, twice], source="repairs_broken.yaml")
    message = str(info.value)
    assert "2 problems" in message
    assert "repairs_broken.yaml, row 1, field 'raw'" in message
    assert "occurs 0 times" in message and "occurs 2 times" in message


@pytest.fixture
def plan_copy(tmp_path: Path) -> Path:
    target = tmp_path / "plan"
    shutil.copytree(paths.plan_dir(), target)
    return target


def test_broken_target_sentence_reported(plan_copy: Path) -> None:
    targets = plan_copy / "targets.csv"
    text = targets.read_text(encoding="utf-8")
    targets.write_text(
        text.replace("力争全县常住人口城镇化率达到 48%。", "达到 99%。", 1), encoding="utf-8"
    )
    with pytest.raises(ValidationFailed) as info:
        load_plan(plan_copy)
    assert "targets.csv, row 2, field 'sentence'" in str(info.value)


def test_unknown_unit_reported(plan_copy: Path) -> None:
    departments = plan_copy / "departments.yaml"
    text = departments.read_text(encoding="utf-8")
    departments.write_text(
        text.replace("aliases: [县卫健委, 县卫健局]", "aliases: [县卫健委]"), encoding="utf-8"
    )
    with pytest.raises(ValidationFailed) as info:
        load_plan(plan_copy)
    assert "'县卫健局', which is no department's alias" in str(info.value)


def test_bad_target_value_reported(plan_copy: Path) -> None:
    targets = plan_copy / "targets.csv"
    lines = targets.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",>=,46,", ",>=,forty-six,")
    targets.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as info:
        load_plan(plan_copy)
    assert "targets.csv, row 1" in str(info.value)
