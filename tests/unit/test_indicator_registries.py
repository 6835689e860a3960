"""The indicator, source and region registries: valid, consistent and all used."""

import csv
import re

import pandas as pd
import pytest

from hongtonglib import paths
from hongtonglib.census.observations import load_derivations
from hongtonglib.census.tables import load_census_table
from hongtonglib.indicators import load_indicators, load_regions, load_registries, load_sources
from hongtonglib.indicators.models import Indicator, Source, has_cjk
from hongtonglib.indicators.observations import load_observations
from hongtonglib.indicators.provenance import check_data, check_raw_files
from hongtonglib.indicators.regions import build_regions_frame
from hongtonglib.indicators.registry import read_department_ids, read_registries


@pytest.fixture(scope="module")
def registries():
    return load_registries()


@pytest.fixture(scope="module")
def observations():
    return load_observations(include_census=False)


def test_registries_validate_and_count(registries) -> None:
    assert len(registries.indicators) == 111  # 77 for public data + 34 for plan targets only
    assert len(registries.sources) == 133
    assert len(registries.regions) == 3660
    assert read_registries() == registries


def test_frames_have_stable_columns() -> None:
    assert list(load_indicators().columns[:4]) == ["indicator_id", "name_zh", "name_en", "unit"]
    assert "accessed" in load_sources().columns
    assert list(load_regions().columns[:5]) == [
        "region_code",
        "name_zh",
        "name_en",
        "level",
        "parent_code",
    ]


def test_every_indicator_is_used(registries, observations) -> None:
    used = set(observations["indicator_id"])
    used |= {derivation.indicator_id for derivation in load_derivations()}
    targets = paths.plan_dir() / "targets.csv"
    if targets.exists():  # the plan registry's targets also use registry indicators
        with open(targets, encoding="utf-8") as handle:
            used |= {row["indicator_id"] for row in csv.DictReader(handle)}
    assert sorted(set(registries.indicators) - used) == []


def test_every_observation_points_to_registry_entries(registries, observations) -> None:
    assert set(observations["indicator_id"]) <= set(registries.indicators)
    assert set(observations["region_code"]) <= set(registries.regions)
    assert set(observations["source_id"]) <= set(registries.sources)
    units = observations["indicator_id"].map(lambda i: registries.indicators[i].unit)
    assert (observations["unit"] == units).all()


def test_every_census_derivation_uses_a_registry_indicator(registries) -> None:
    for derivation in load_derivations():
        assert derivation.indicator_id in registries.indicators


def test_departments_and_sectors_exist(registries) -> None:
    departments = read_department_ids()
    for indicator in registries.indicators.values():
        assert indicator.department_id in departments
        assert indicator.sector_ids


def test_every_indicator_has_a_chinese_definition(registries) -> None:
    for indicator in registries.indicators.values():
        assert indicator.definition_zh.strip(), indicator.indicator_id
        assert has_cjk(indicator.definition_zh), indicator.indicator_id
        assert indicator.definition_zh != indicator.definition


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in re.findall(r"\d+(?:[.,]\d+)*", text)}


def test_chinese_definitions_add_no_numbers(registries) -> None:
    # A translation gives no number the English lacks (dates like 11月1日 are written differently).
    for indicator in registries.indicators.values():
        chinese = re.sub(r"\d+月\d+日", "", indicator.definition_zh)
        added = _numbers(chinese) - _numbers(indicator.definition)
        assert not added, (indicator.indicator_id, added)


def test_chinese_definitions_translate_the_stated_conventions(registries) -> None:
    for indicator in registries.indicators.values():
        english, chinese = indicator.definition, indicator.definition_zh
        if "Direction is a convention" in english:
            assert "仅为约定" in chinese, indicator.indicator_id
        if "output value assumed" in english:
            assert "假定为产值" in chinese, indicator.indicator_id
        if "never read its counts as totals" in english:
            assert "抽样" in chinese and "不能当作总数" in chinese, indicator.indicator_id


def test_indicator_model_requires_a_chinese_definition(registries) -> None:
    record = registries.indicators["urbanization_rate_pct"].model_dump()
    without = {k: v for k, v in record.items() if k != "definition_zh"}
    with pytest.raises(ValueError, match="definition_zh"):
        Indicator.model_validate(without)
    with pytest.raises(ValueError, match="Chinese characters"):
        Indicator.model_validate({**record, "definition_zh": "Urban share, %."})


def test_web_sources_say_the_retrieval_date_was_not_recorded(registries) -> None:
    for source in registries.sources.values():
        if source.kind in ("web_page", "document"):
            assert source.collection in ("public_facts", "context_series")
            assert "not recorded" in (source.accessed_note or "")


def test_sources_not_written_in_chinese_have_chinese_renderings(registries) -> None:
    for source in registries.sources.values():
        if not has_cjk(source.title):
            assert source.title_zh and has_cjk(source.title_zh), source.source_id
        if not has_cjk(source.publisher):
            assert source.publisher_zh and has_cjk(source.publisher_zh), source.source_id
        if source.accessed_note and not has_cjk(source.accessed_note):
            assert source.accessed_note_zh and has_cjk(source.accessed_note_zh), source.source_id
    counts = [
        sum(getattr(s, field) is not None for s in registries.sources.values())
        for field in ("title_zh", "publisher_zh", "accessed_note_zh")
    ]
    assert counts == [59, 133, 133]


def test_source_renderings_keep_the_chinese_title_and_add_no_numbers(registries) -> None:
    for source in registries.sources.values():
        if source.title_zh and has_cjk(source.title):
            # an English annotation is translated; the Chinese title before it stays verbatim
            assert source.title_zh.startswith(source.title.split(" (")[0]), source.source_id
        for field in ("title", "publisher", "accessed_note"):
            chinese = getattr(source, f"{field}_zh")
            if chinese:
                added = _numbers(chinese) - _numbers(getattr(source, field) or "")
                assert not added, (source.source_id, field, added)


def test_web_sources_say_in_chinese_the_retrieval_date_was_not_recorded(registries) -> None:
    for source in registries.sources.values():
        if source.kind in ("web_page", "document"):
            assert "未记录原始获取日期" in (source.accessed_note_zh or ""), source.source_id


def test_source_model_rejects_a_chinese_field_without_chinese(registries) -> None:
    record = registries.sources["census_county_2010"].model_dump()
    with pytest.raises(ValueError, match="Chinese characters"):
        Source.model_validate({**record, "title_zh": "County tables"})
    with pytest.raises(ValueError, match="accessed_note_zh translates"):
        Source.model_validate({**record, "accessed_note": None})


def test_census_sources_match_the_md5s_of_source_md(registries) -> None:
    text = (paths.raw_source_dir("census") / "SOURCE.md").read_text(encoding="utf-8")
    stated = dict(re.findall(r"(census_county_\d{4}_v1\.xlsx) ([0-9a-f]{32})", text))
    for year in (2010, 2020):
        source = registries.sources[f"census_county_{year}"]
        assert stated[f"census_county_{year}_v1.xlsx"] == source.md5
        assert source.licence == "MIT"
    licence = (paths.raw_source_dir("census") / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License")


def test_raw_files_match_their_sidecars() -> None:
    assert check_raw_files() == []
    sidecars = sorted(p.name for p in paths.raw_dir().glob("*/*.meta.yaml"))
    assert sidecars == [
        "census_county_2010_v1.xlsx.meta.yaml",
        "census_county_2020_v1.xlsx.meta.yaml",
        "context_series.csv.meta.yaml",
        "public_facts.csv.meta.yaml",
    ]


def test_regions_cover_both_census_tables_and_have_parents(registries) -> None:
    for year in (2010, 2020):
        assert set(load_census_table(year)["region_code"]) <= set(registries.regions)
    hongtong = registries.regions["141024"]
    assert (hongtong.name_en, hongtong.level, hongtong.parent_code) == (
        "Hongtong County",
        "county",
        "141000",
    )
    assert registries.regions["141000"].parent_code == "140000"
    assert registries.regions["140000"].parent_code == "000000"
    assert registries.regions["000000"].level == "country"


def test_regions_rebuild_identically_from_the_census_tables() -> None:
    frame = build_regions_frame({year: load_census_table(year) for year in (2010, 2020)})
    committed = pd.read_csv(
        paths.indicators_dir() / "regions.csv", dtype=str, keep_default_na=False
    )
    pd.testing.assert_frame_equal(frame, committed)


def test_data_check_finds_no_problem() -> None:
    assert [str(problem) for problem in check_data()] == []
