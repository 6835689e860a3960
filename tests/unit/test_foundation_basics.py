from pathlib import Path

import pytest

from hongtonglib import paths
from hongtonglib.fileio import atomic_write_text, file_md5
from hongtonglib.validation import ProblemCollector, ValidationFailed


def test_paths_point_into_repo(repo_root: Path) -> None:
    assert paths.project_root() == repo_root
    assert paths.plan_dir() == repo_root / "data" / "plan"


def test_paths_follow_hongtong_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HONGTONG_HOME", str(tmp_path))
    assert paths.data_dir() == tmp_path / "data"


def test_collector_reports_every_problem_with_location() -> None:
    collector = ProblemCollector()
    collector.add("a.csv", "bad value", row=2, field="value")
    collector.add("a.csv", "unknown indicator", row=5, field="indicator_id")
    with pytest.raises(ValidationFailed) as info:
        collector.raise_if_any()
    text = str(info.value)
    assert "2 problems found" in text
    assert "a.csv, row 2, field 'value': bad value" in text
    assert "row 5, field 'indicator_id'" in text


def test_collector_silent_when_clean() -> None:
    ProblemCollector().raise_if_any()


def test_atomic_write_replaces_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "out.txt"
    atomic_write_text(target, "一")
    atomic_write_text(target, "二")
    assert target.read_text(encoding="utf-8") == "二"
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]
    assert len(file_md5(target)) == 32
