import json
import os
from pathlib import Path

from hongtonglib.briefing.catalog import sector_briefing
from hongtonglib.briefing.fingerprint import (
    LibraryInputs,
    briefing_inputs,
    fingerprint,
)
from hongtonglib.briefing.manifest import (
    BriefingRecord,
    BriefingStatus,
    Manifest,
    load_manifest,
    write_manifest,
)
from hongtonglib.filehashes import HashCache, tree_hashes

LIBRARY = LibraryInputs(version="0.1.0", source_hash="abc", lock_hash=None, git_commit="c1")


def _tree(root: Path) -> None:
    for rel, text in {
        "notebooks/housing.ipynb": "{}",
        "parameters/housing.yaml": "a: 1\n",
        "data/plan/targets.csv": "x\n",
        "data/.hidden": "ignored",
        "data/store/__pycache__/x.pyc": "ignored",
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


def _print(root: Path, library: LibraryInputs = LIBRARY, options: dict | None = None) -> str:
    cache = HashCache()
    data = tree_hashes(root / "data", cache, relative_to=root)
    inputs = briefing_inputs(sector_briefing("housing", root), cache, data, library, root)
    return fingerprint(inputs, options or {"embed_font": True})


def test_inputs_list_every_data_file(tmp_path: Path) -> None:
    _tree(tmp_path)
    cache = HashCache()
    data = tree_hashes(tmp_path / "data", cache, relative_to=tmp_path)
    assert list(data) == ["data/plan/targets.csv"]
    inputs = briefing_inputs(sector_briefing("housing", tmp_path), cache, data, LIBRARY, tmp_path)
    assert set(inputs) == {"notebook", "parameters", "data", "library"}
    assert list(inputs["parameters"]) == ["parameters/housing.yaml"]


def test_fingerprint_follows_each_input(tmp_path: Path) -> None:
    _tree(tmp_path)
    base = _print(tmp_path)
    assert _print(tmp_path) == base
    assert _print(tmp_path, LibraryInputs("0.1.0", "abc", None, "other-commit")) == base
    assert _print(tmp_path, LibraryInputs("0.1.0", "changed", None, "c1")) != base
    assert _print(tmp_path, options={"embed_font": False}) != base
    for rel in ("notebooks/housing.ipynb", "parameters/housing.yaml", "data/plan/targets.csv"):
        path = tmp_path / rel
        original = path.read_text(encoding="utf-8")
        path.write_text(original + " ", encoding="utf-8")
        assert _print(tmp_path) != base, rel
        path.write_text(original, encoding="utf-8")
    (tmp_path / "data" / "new.csv").write_text("y\n", encoding="utf-8")
    assert _print(tmp_path) != base


def test_hash_cache_reuses_unchanged_files(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("one", encoding="utf-8")
    cache = HashCache(tmp_path / "cache.json")
    first = cache.sha256(target)
    cache.save()
    reloaded = HashCache(tmp_path / "cache.json")
    stat = target.stat()
    # same size and mtime: the cached digest is trusted without reading the file
    entries = json.loads((tmp_path / "cache.json").read_text(encoding="utf-8"))
    assert entries[str(target.resolve())][:2] == [stat.st_size, stat.st_mtime_ns]
    assert reloaded.sha256(target) == first
    target.write_text("two", encoding="utf-8")
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert reloaded.sha256(target) != first


def test_manifest_round_trip_and_tolerance(tmp_path: Path) -> None:
    record = BriefingRecord(
        name="department/health",
        kind="department",
        briefing_id="health",
        status=BriefingStatus.skipped_unchanged,
        parameters={"department_id": "health"},
        summary={"summary": "牵头 2 项任务"},
    )
    write_manifest(tmp_path, Manifest(run={"run_id": "r1"}, briefings={record.name: record}))
    text = (tmp_path / "manifest.json").read_text(encoding="utf-8")
    assert '"status": "skipped-unchanged"' in text and "牵头" in text
    loaded = load_manifest(tmp_path)
    assert loaded.briefings["department/health"] == record
    (tmp_path / "manifest.json").write_text("{broken", encoding="utf-8")
    assert load_manifest(tmp_path).briefings == {}
