"""County profiles: selection from the region list, the frames, generated parameters, bad input."""

from __future__ import annotations

import math
import socket
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hongtonglib.briefing.catalog import BriefingKind, known_ids
from hongtonglib.briefing.fingerprint import HashCache, briefing_inputs, fingerprint, library_inputs
from hongtonglib.briefing.manifest import BriefingRecord, BriefingStatus
from hongtonglib.briefing.pages import render_index_page
from hongtonglib.briefing.parameters import validate_briefings
from hongtonglib.briefing.profiles import profile_briefings
from hongtonglib.cli import app
from hongtonglib.paths import project_root
from hongtonglib.profiles.county import DEMAND_GROUPS, DEMAND_YEARS, county_profile
from hongtonglib.profiles.region import region_profiles
from hongtonglib.profiles.regions import ProfileSelection, resolve_selection
from hongtonglib.report.profile import CountyProfileBriefing, relative
from hongtonglib.validation import ValidationFailed

LINFEN = "141000"
HONGTONG = "141024"
QUWO = "141021"  # a county with only the two census points
LUANCHENG = "130111"  # 栾城县 → 栾城区 (county_to_district): two territories


def test_selection_of_a_prefecture_brings_its_page_and_province_index() -> None:
    selection = resolve_selection(prefecture=LINFEN)
    assert len(selection.counties) == 17 and HONGTONG in selection.counties
    assert selection.prefectures == (LINFEN,) and selection.provinces == ("140000",)


def test_selection_of_a_province_and_of_every_county() -> None:
    shanxi = resolve_selection(province="140000")
    assert len(shanxi.counties) == 117 and len(shanxi.prefectures) == 11
    everything = resolve_selection(all_counties=True)
    assert len(everything.counties) == 2943 and len(everything.provinces) == 31


def test_a_unit_run_by_its_province_has_no_prefecture_page() -> None:
    selection = resolve_selection(county="419001")  # 济源市
    assert selection.prefectures == () and selection.provinces == ("410000",)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"county": "999999"}, "unknown county code 999999"),
        ({"county": "110103"}, "110103 (崇文区) exists only in the 2010 census"),
        ({"prefecture": "441900"}, "441900 (东莞市) has no county-level units"),
        ({"prefecture": HONGTONG}, "is a county, not a prefecture"),
        ({"county": "14102"}, "is not a 6-digit code"),
    ],
)
def test_bad_selections_name_the_code_and_the_region_list(kwargs, expected) -> None:
    with pytest.raises(ValidationFailed) as caught:
        resolve_selection(**kwargs)
    assert expected in str(caught.value) and "data/indicators/regions.csv" in str(caught.value)


def test_hongtong_profile() -> None:
    profile = county_profile(HONGTONG)
    assert profile.comparable and profile.flags == ()
    census = profile.census.set_index("indicator")
    assert census.loc["常住人口", "value_2020"] == 637812
    assert 39.5 < census.loc["城镇化率", "value_2020"] < 39.6
    assert set(profile.pace["class_id"]) == {"national", "province", "similar_share"}
    assert profile.pace["subject_percentile"].between(0, 100).all()
    assert profile.trend["year"].tolist() == [2027, 2030]
    assert (profile.trend["upper"] > profile.trend["lower"]).all()  # more than two points
    assert set(profile.demand["group_id"]) == set(DEMAND_GROUPS)
    assert set(profile.demand["scenario"]) == {"low", "central", "high"}
    assert set(profile.demand["year"]) == set(DEMAND_YEARS)
    assert len(profile.peers) == 17 and profile.peers["rank_urban_share"].min() == 1


def test_two_census_points_give_a_trend_without_an_interval() -> None:
    profile = county_profile(QUWO)
    assert profile.trend_method == "drift"
    assert (profile.trend["upper"] == profile.trend["lower"]).all()


def test_a_unit_whose_status_changed_gets_no_mixed_pace() -> None:
    profile = county_profile(LUANCHENG)
    assert not profile.comparable and "county_to_district" in profile.flags
    assert math.isnan(profile.urgd_per_year)
    assert profile.pace.empty and profile.trend.empty and profile.demand.empty
    assert not math.isnan(profile.census.set_index("indicator").loc["城镇化率", "value_2020"])
    peer = profile.peers.set_index("region_code").loc[LUANCHENG]
    assert not peer["comparable"] and math.isnan(peer["urgd_per_year"])


def test_region_pages() -> None:
    shanxi = region_profiles("140000")
    assert shanxi.level == "province" and len(shanxi.counties) == 117
    assert len(shanxi.prefectures) == 11 and shanxi.prefectures["n_units"].sum() == 117
    linfen = region_profiles(LINFEN)
    assert linfen.level == "prefecture" and linfen.prefectures.empty


def test_only_hongtong_links_to_the_plan_briefings() -> None:
    assert "../../overview.html" in CountyProfileBriefing(HONGTONG).links().data
    quwo = CountyProfileBriefing(QUWO).links().data
    assert "overview" not in quwo and "../prefecture/141000.html" in quwo
    assert relative("profiles/prefecture/141000", "profiles/county/141024") == (
        "../county/141024.html"
    )


def test_profile_briefings_carry_generated_parameters() -> None:
    briefings = profile_briefings(ProfileSelection((HONGTONG,), (LINFEN,), ("140000",)))
    assert [b.kind for b in briefings] == [
        BriefingKind.county_profile,
        BriefingKind.prefecture_profile,
        BriefingKind.province_profile,
    ]
    assert briefings[0].html_relpath.as_posix() == "profiles/county/141024.html"
    values = validate_briefings(briefings, known_ids())
    assert values["profiles/county/141024"] == {"region_code": HONGTONG}


def test_generated_parameters_are_validated_like_a_file(tmp_path: Path) -> None:
    (briefing,) = profile_briefings(ProfileSelection((HONGTONG,), (), ()))
    bad = type(briefing)(
        briefing.kind, briefing.briefing_id, briefing.notebook, briefing.parameter_file,
        generated=(("region_code", 141024), ("colour", "red")),
    )  # fmt: skip
    with pytest.raises(ValidationFailed) as caught:
        validate_briefings([bad], known_ids())
    text = str(caught.value)
    assert "unknown parameter 'colour'" in text and "region_code" in text


def test_generated_parameters_enter_the_fingerprint() -> None:
    root = project_root()
    cache = HashCache()
    library = library_inputs(cache, root)
    one, two = profile_briefings(ProfileSelection((HONGTONG, QUWO), (), ()))
    digests = {fingerprint(briefing_inputs(b, cache, {}, library, root), {}) for b in (one, two)}
    assert len(digests) == 2


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--county", "999999"], "unknown county code"),
        (["--county", "110103"], "only in the 2010 census"),
        (["--prefecture", "441900"], "has no county-level units"),
        ([], "exactly one of"),
        (["--county", HONGTONG, "--engine", "spark"], "unknown engine"),
        (["--county", HONGTONG, "--engine", "dask"], "needs --scheduler"),
    ],
)
def test_cli_bad_input_exits_2_and_writes_nothing(tmp_path: Path, args, expected) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["render", "--profiles", *args, "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert not out.exists()


def test_cli_unreachable_scheduler_fails_within_seconds(tmp_path: Path) -> None:
    out = tmp_path / "out"
    address = f"tcp://127.0.0.1:{_free_port()}"  # nothing listens there
    started = time.monotonic()
    result = CliRunner().invoke(
        app,
        ["render", "--profiles", "--county", HONGTONG, "--out", str(out),
         "--engine", "dask", "--scheduler", address],
    )  # fmt: skip
    assert time.monotonic() - started < 15
    assert result.exit_code == 2, result.output
    assert f"cannot reach the Dask scheduler at {address}" in result.output
    assert not out.exists()


def test_index_lists_region_pages_and_failed_profiles_not_every_county() -> None:
    def record(name: str, kind: str, status: BriefingStatus) -> BriefingRecord:
        return BriefingRecord(
            name=name, kind=kind, briefing_id=name.rsplit("/", 1)[-1], status=status,
            title=name, html=f"{name}.html",
        )  # fmt: skip

    page = render_index_page(
        [
            record("profiles/county/141021", "county_profile", BriefingStatus.ok),
            record("profiles/county/141022", "county_profile", BriefingStatus.failed),
            record("profiles/prefecture/141000", "prefecture_profile", BriefingStatus.ok),
            record("profiles/province/140000", "province_profile", BriefingStatus.ok),
        ],
        {"started_at": "2026-11-30T05:00:00+00:00", "duration_s": 1.0},
    )
    assert "县情概况 / County profiles" in page
    assert "profiles/prefecture/141000.html" in page and "profiles/province/140000.html" in page
    assert "profiles/county/141022" in page and "profiles/county/141021.html" not in page
