"""Reference class for urbanization: known answers on the census, exclusion rules on synthetic
frames, class statistics, the Chinese sentence."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from pydantic import ValidationError

from hongtonglib.reference_class import (
    ReferenceClassSpec,
    build_reference_classes,
    compute_required_pace,
    compute_urgd,
    describe_reference_class_zh,
    describe_subject_zh,
    load_reference_classes,
    load_units,
    pair_census_units,
)
from hongtonglib.reference_class.pairs import name_stem, unit_type


def synthetic_census(rows: list[tuple[str, str, float, float]], prefecture: str = "990100"):
    """A census table of county-level rows: (code, name, population, urban)."""
    return pd.DataFrame(
        {
            "region_code": [row[0] for row in rows],
            "name_zh": [row[1] for row in rows],
            "level": "county",
            "province_code": "990000",
            "province_zh": "合成省",
            "prefecture_code": prefecture,
            "population_persons": [row[2] for row in rows],
            "urban_persons": [row[3] for row in rows],
        }
    )


# --- known answers on the real census tables -------------------------------------------------


@pytest.fixture(scope="module")
def units() -> pd.DataFrame:
    return load_units()


@pytest.fixture(scope="module")
def hongtong_classes():
    return load_reference_classes(required_pace=compute_required_pace(41.5, 2022, 55.0, 2027))


def test_hongtong_urban_shares_and_urgd(units: pd.DataFrame) -> None:
    row = units.set_index("region_code").loc["141024"]
    assert round(row["urban_share_2010_pct"], 2) == 32.82  # 240,740 / 733,420
    assert round(row["urban_share_2020_pct"], 2) == 39.54  # 252,220 / 637,812
    assert row["urgd_per_year"] == pytest.approx(0.029, abs=0.0005)
    assert row["pp_per_year"] == pytest.approx(0.672, abs=0.001)
    assert row["flags"] == () and not row["is_excluded"]


def test_required_pace_for_55_in_2027() -> None:
    assert compute_required_pace(41.5, 2022, 55.0, 2027) == pytest.approx(0.109, abs=0.0005)
    assert compute_required_pace(41.5, 2022, 55.0, 2027, unit="pp") == pytest.approx(2.7)
    with pytest.raises(ValueError):
        compute_required_pace(41.5, 2027, 55.0, 2022)
    with pytest.raises(ValueError):
        compute_required_pace(0.0, 2022, 55.0, 2027)


def test_known_status_changes_are_flagged(units: pd.DataFrame) -> None:
    flags = units.set_index("region_code")["flags"]
    assert "county_to_district" in flags["140424"]  # 屯留县 → 屯留区 (140405)
    assert "county_to_district" in flags["140405"]
    assert "county_to_city" in flags["140624"]  # 怀仁县 → 怀仁市
    assert "code_reassigned" in flags["130207"]  # 丰润区/丰南区 swapped codes
    assert flags["130523"] == ("renamed",)  # 内邱县 → 内丘县: kept
    assert flags["130981"] == ()  # 泊头巿 / 泊头市: a variant character, not a rename


def test_every_excluded_unit_has_an_excluding_flag(units: pd.DataFrame) -> None:
    excluded = units[units["is_excluded"]]
    assert excluded["flags"].map(lambda flags: flags and flags != ("renamed",)).all()
    kept = units[~units["is_excluded"]]
    assert kept["urgd_per_year"].map(math.isfinite).all()


def test_hongtong_classes(hongtong_classes) -> None:
    summary = hongtong_classes.summary
    assert set(summary["class_id"]) == {"national", "province", "similar_share"}
    urgd = summary[summary["measure"] == "urgd_per_year"].set_index("class_id")
    assert (urgd["n_counties"] > 0).all()
    assert urgd.loc["national", "n_counties"] > urgd.loc["similar_share", "n_counties"]
    assert urgd.loc["national", "n_counties"] > urgd.loc["province", "n_counties"]
    assert (urgd["n_excluded"] > 0).all()
    assert (urgd["subject_value"].round(4) == 0.0292).all()
    assert urgd["subject_percentile"].between(0, 100).all()
    assert urgd["share_reaching_pct"].between(0, 100).all()
    # the pace is compared in its own unit only
    pp = summary[summary["measure"] == "pp_per_year"]
    assert pp["share_reaching_pct"].isna().all()
    members = hongtong_classes.members
    assert "141024" not in set(members["region_code"])
    similar = members[members["class_id"] == "similar_share"]
    assert similar["urban_share_2010_pct"].between(27.82, 37.83).all()
    assert not similar["is_excluded"].any()
    exclusions = hongtong_classes.exclusions
    national = exclusions[exclusions["class_id"] == "national"].set_index("flag")["n_units"]
    assert national["county_to_district"] > 0 and national["county_to_city"] > 0


def test_sentence_contains_the_computed_numbers(hongtong_classes) -> None:
    sentence = describe_reference_class_zh(hongtong_classes, target_pct=55, target_year=2027)
    row = hongtong_classes.row("similar_share")
    assert f"{int(row['n_counties'])}个县" in sentence
    assert f"{row['share_reaching_pct']:.1f}%" in sentence
    assert f"（{int(row['n_reaching'])}个）" in sentence
    assert "2027年55%目标" in sentence and "0.109" in sentence and "32.8%" in sentence
    assert sentence.startswith("2010—2020年，与洪洞县") and sentence.endswith("。")
    own = describe_subject_zh(hongtong_classes)
    assert "32.8%" in own and "39.5%" in own and "0.029" in own


# --- exclusion rules on a named synthetic frame --------------------------------------------


def test_synthetic_exclusion_rules() -> None:
    old = synthetic_census(
        [
            ("990101", "稳定县", 100_000, 30_000),  # kept
            ("990102", "改区县", 100_000, 40_000),  # county → district under a new code
            ("990103", "改市县", 100_000, 40_000),  # county → city under a new code
            ("990104", "撤并县", 50_000, 10_000),  # abolished (merged away)
            ("990105", "膨胀县", 100_000, 30_000),  # population doubles: territory changed
            ("990106", "旧名县", 100_000, 30_000),  # renamed, same territory: kept
            ("990107", "全城区", 100_000, 100_000),  # 100% urban: no logit
            ("990108", "同码县", 80_000, 20_000),  # same code, now a district
        ]
    )
    new = synthetic_census(
        [
            ("990101", "稳定县", 95_000, 33_000),
            ("990121", "改区区", 98_000, 60_000),
            ("990181", "改市市", 98_000, 60_000),
            ("990105", "膨胀县", 210_000, 90_000),
            ("990106", "新名县", 99_000, 35_000),
            ("990107", "全城区", 101_000, 101_000),
            ("990108", "同码区", 81_000, 50_000),
            ("990109", "新设县", 30_000, 9_000),  # new code with no 2010 counterpart
        ]
    )
    units = pair_census_units(old, new).set_index("region_code")
    flags = units["flags"]
    assert flags["990101"] == ()
    assert flags["990102"] == ("county_to_district",) and flags["990121"] == ("county_to_district",)
    assert flags["990103"] == ("county_to_city",) and flags["990181"] == ("county_to_city",)
    assert flags["990104"] == ("only_in_2010",)
    assert flags["990105"] == ("population_jump",)
    assert flags["990106"] == ("renamed",)
    assert flags["990107"] == ("urban_share_out_of_range",)
    assert flags["990108"] == ("county_to_district",)
    assert flags["990109"] == ("only_in_2020",)
    kept = set(units.index[~units["is_excluded"]])
    assert kept == {"990101", "990106"}
    assert units.loc["990102", "unit_type"] == "county"
    assert units.loc["990121", "unit_type"] == "district"


def test_synthetic_code_swap_is_flagged() -> None:
    old = synthetic_census([("990201", "东区", 500, 400), ("990202", "西区", 450, 200)])
    new = synthetic_census([("990201", "西区", 460, 210), ("990202", "东区", 510, 420)])
    flags = pair_census_units(old, new).set_index("region_code")["flags"]
    assert flags["990201"] == ("code_reassigned",)
    assert flags["990202"] == ("code_reassigned",)


def test_synthetic_population_bounds_are_a_parameter() -> None:
    old = synthetic_census([("990301", "甲县", 100, 30)])
    new = synthetic_census([("990301", "甲县", 55, 20)])
    assert pair_census_units(old, new).loc[0, "flags"] == ("population_jump",)
    assert pair_census_units(old, new, population_ratio_bounds=(0.5, 2.0)).loc[0, "flags"] == ()
    with pytest.raises(ValueError):
        pair_census_units(old, new, population_ratio_bounds=(1.2, 2.0))


def test_duplicated_codes_are_an_error() -> None:
    old = synthetic_census([("990401", "甲县", 100, 30), ("990401", "乙县", 100, 30)])
    with pytest.raises(ValueError, match="duplicated"):
        pair_census_units(old, old)


# --- class statistics on a synthetic frame --------------------------------------------------


def synthetic_units() -> pd.DataFrame:
    """Subject S (30% → 36%) and six other counties, one excluded, one a district."""
    frame = pd.DataFrame(
        {
            "region_code": ["S", "A", "B", "C", "D", "E", "F"],
            "name_zh_2010": ["本县", "甲县", "乙县", "丙县", "丁县", "戊区", "己县"],
            "name_zh_2020": ["本县", "甲县", "乙县", "丙县", "丁县", "戊区", "己县"],
            "unit_type": ["county"] * 5 + ["district", "county"],
            "province_code": ["P", "P", "P", "Q", "Q", "P", "P"],
            "province_zh": ["本省", "本省", "本省", "他省", "他省", "本省", "本省"],
            "urban_share_2010_pct": [30.0, 28.0, 31.0, 50.0, 33.0, 34.0, 26.0],
            "urban_share_2020_pct": [36.0, 40.0, 33.0, 60.0, 45.0, 60.0, 30.0],
            "flags": [(), (), (), (), ("population_jump",), (), ()],
            "is_excluded": [False, False, False, False, True, False, False],
        }
    )
    frame["urgd_per_year"] = compute_urgd(
        frame["urban_share_2010_pct"], frame["urban_share_2020_pct"]
    )
    frame["pp_per_year"] = (frame["urban_share_2020_pct"] - frame["urban_share_2010_pct"]) / 10
    return frame


def test_synthetic_class_counts_and_percentiles() -> None:
    units = synthetic_units()
    spec = ReferenceClassSpec(subject_code="S", similar_band_pp=5)
    result = build_reference_classes(units, spec, required_pace=0.5, pace_unit="pp")
    national = result.row("national")
    # counties other than S, not excluded: A, B, C, F (E is a district, D is excluded)
    assert national["n_counties"] == 4 and national["n_excluded"] == 1
    # pp paces: A 1.2, B 0.2, C 1.0, F 0.4; S 0.6 → at or above B and F = 50th percentile
    assert national["subject_percentile"] == 50.0
    assert national["n_reaching"] == 2 and national["share_reaching_pct"] == 50.0
    assert national["median"] == pytest.approx(0.7)
    province = result.row("province")
    assert province["n_counties"] == 3  # A, B, F
    similar = result.row("similar_share")  # 2010 share within 25-35: A, B, F (D excluded)
    assert similar["n_counties"] == 3 and similar["n_excluded"] == 1
    widened = build_reference_classes(
        units, spec.model_copy(update={"unit_types": ("county", "district")}), 0.5, "pp"
    )
    assert widened.row("national")["n_counties"] == 5


def test_synthetic_sentence_when_none_reached() -> None:
    spec = ReferenceClassSpec(subject_code="S")
    result = build_reference_classes(synthetic_units(), spec, required_pace=5.0, pace_unit="pp")
    sentence = describe_reference_class_zh(result, "province")
    assert sentence == (
        "2010—2020年，本省3个县中，没有一个县达到所需的增速（每年提高5.00个百分点）。"
    )
    result = build_reference_classes(synthetic_units(), spec, required_pace=0.3, pace_unit="pp")
    sentence = describe_reference_class_zh(result, "similar_share", target_pct=55, target_year=2027)
    assert re.search(r"的3个县中，66\.7%（2个）达到实现2027年55%目标所需的增速", sentence)


def test_subject_must_be_comparable() -> None:
    units = synthetic_units()
    with pytest.raises(ValueError):
        build_reference_classes(units, ReferenceClassSpec(subject_code="D"))
    with pytest.raises(KeyError):
        build_reference_classes(units, ReferenceClassSpec(subject_code="Z"))
    with pytest.raises(ValueError):
        describe_reference_class_zh(
            build_reference_classes(units, ReferenceClassSpec(subject_code="S"))
        )


def test_spec_is_frozen_and_strict() -> None:
    spec = ReferenceClassSpec()
    with pytest.raises(ValidationError):
        spec.similar_band_pp = 3  # type: ignore[misc]
    with pytest.raises(ValidationError):
        ReferenceClassSpec(band=3)  # type: ignore[call-arg]


def test_unit_type_and_stem() -> None:
    assert unit_type("鄂温克族自治旗") == "county"
    assert unit_type("六枝特区") == "special"
    assert unit_type("泊头巿") == "city"
    assert name_stem("屯留县") == name_stem("屯留区") == "屯留"


def test_missing_columns_are_reported_together() -> None:
    from hongtonglib.validation import ValidationFailed

    old = synthetic_census([("990501", "甲县", 100, 30)]).drop(columns=["urban_persons"])
    new = synthetic_census([("990501", "甲县", 100, 30)]).drop(columns=["level", "name_zh"])
    with pytest.raises(ValidationFailed) as caught:
        pair_census_units(old, new)
    assert len(caught.value.problems) == 3
    assert "census table 2020, field 'level'" in str(caught.value)


def test_tables_are_written_as_csv(hongtong_classes, tmp_path) -> None:
    paths = hongtong_classes.write_tables(tmp_path)
    assert [path.name for path in paths] == [
        "reference_class_summary.csv",
        "reference_class_exclusions.csv",
        "reference_class_members.csv",
    ]
    summary = pd.read_csv(paths[0])
    assert len(summary) == 6
    members = pd.read_csv(paths[2], dtype={"region_code": str})
    assert "141024" not in set(members["region_code"])
