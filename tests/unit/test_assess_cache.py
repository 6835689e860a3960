"""The assessment cache: a new key when data change, reuse when they do not, safe in parallel."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from hongtonglib import paths
from hongtonglib.assess import cache


@pytest.fixture
def small_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "synthetic_observations.csv").write_text("year,value\n2024,1\n", encoding="utf-8")
    monkeypatch.setattr(paths, "data_dir", lambda: data)
    monkeypatch.setattr(paths, "cache_dir", lambda: tmp_path / ".cache")
    return data


def test_key_changes_with_data_options_and_store(
    small_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = cache.assessment_key(as_of=2026, region_code="141024", level=0.8)
    assert first == cache.assessment_key(as_of=2026, region_code="141024", level=0.8)
    assert first != cache.assessment_key(as_of=2025, region_code="141024", level=0.8)
    assert first != cache.assessment_key(as_of=2026, region_code="141024", level=0.9)
    (small_tree / "synthetic_observations.csv").write_text("year,value\n2024,2\n", "utf-8")
    changed = cache.assessment_key(as_of=2026, region_code="141024", level=0.8)
    assert changed != first
    store = tmp_path / "synthetic_store.sqlite"
    store.write_bytes(b"synthetic")
    monkeypatch.setenv("HONGTONG_STORE_URL", f"sqlite:///{store}")
    assert cache.assessment_key(as_of=2026, region_code="141024", level=0.8) != changed


def _count_and_assess(counter_path: str) -> str:
    from hongtonglib.assess import cache as worker_cache

    real = worker_cache.assess_plan

    def counting(**kwargs: object):
        with open(counter_path, "a", encoding="utf-8") as handle:
            handle.write("x")
        return real(**kwargs)

    worker_cache.assess_plan = counting
    return worker_cache.cached_assess_plan(as_of=2026).item("T00-urbanization-2027").status.value


@pytest.mark.integration
def test_parallel_processes_compute_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "cache_dir", lambda: tmp_path / ".cache")
    counter = tmp_path / "computed.txt"
    with multiprocessing.get_context("fork").Pool(3) as pool:
        statuses = pool.map(_count_and_assess, [str(counter)] * 3)
    assert statuses == ["limited_progress"] * 3
    assert counter.read_text(encoding="utf-8") == "x"
    cached = list((tmp_path / ".cache" / "assessment").glob("*.pickle"))
    assert len(cached) == 1
    cached[0].write_bytes(b"damaged")
    assert _count_and_assess(str(counter)) == "limited_progress"  # recomputed
    assert counter.read_text(encoding="utf-8") == "xx"
