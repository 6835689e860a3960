"""Curation of the raw collections into observations.csv: complete, converted, reproducible."""

import csv
from decimal import Decimal

import pandas as pd
import pytest

from hongtonglib import paths
from hongtonglib.indicators.curate import (
    COLLECTIONS,
    OBSERVATION_COLUMNS,
    build_observations,
    convert_value,
    load_mappings,
)
from hongtonglib.indicators.validate import read_observation_file


@pytest.fixture(scope="module")
def committed() -> pd.DataFrame:
    return read_observation_file(paths.indicators_dir() / "observations.csv")


@pytest.fixture(scope="module")
def raw_rows() -> dict[str, dict]:
    rows = {}
    for relative in COLLECTIONS.values():
        with open(paths.raw_dir() / relative, encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=2):
                rows[f"{relative}#L{number}"] = row
    return rows


def test_observations_rebuild_identically(committed) -> None:
    rebuilt = build_observations()
    pd.testing.assert_frame_equal(rebuilt, committed)


def test_columns_extend_the_contract(committed) -> None:
    contract = [
        "indicator_id",
        "region_code",
        "year",
        "value",
        "basis",
        "census_base",
        "qualifier",
        "source_id",
        "note",
    ]
    assert all(column in committed.columns for column in contract)
    assert list(committed.columns) == list(OBSERVATION_COLUMNS)


def test_every_raw_row_becomes_exactly_one_observation(committed, raw_rows) -> None:
    assert len(raw_rows) == 239 + 94
    assert sorted(committed["raw_ref"]) == sorted(raw_rows)


def test_quotes_are_kept_verbatim(committed, raw_rows) -> None:
    for ref, quote in zip(committed["raw_ref"], committed["quote"], strict=True):
        assert quote == raw_rows[ref]["quote"]


def test_every_raw_basis_is_mapped_and_kept_in_note(committed, raw_rows) -> None:
    mappings = load_mappings()
    assert {row["basis"] for row in raw_rows.values()} <= set(mappings.basis_by_text)
    for ref, note in zip(committed["raw_ref"], committed["note"], strict=True):
        assert note.startswith(f"basis as recorded: {raw_rows[ref]['basis']}")


def test_values_are_printed_value_times_the_table_factor(committed, raw_rows) -> None:
    factors = load_mappings().factor_by_units
    for row in committed.itertuples():
        raw = raw_rows[row.raw_ref]
        expected = Decimal(raw["value"]) * factors[(raw["unit"], row.unit)]
        assert Decimal(row.value) == expected, row.raw_ref


@pytest.mark.parametrize(
    ("printed", "factor", "expected"),
    [
        ("62.36", "10000", "623600"),  # 万人 -> 人
        ("3445.96", "10000", "34459600"),  # no float noise
        ("1514976", "0.0001", "151.4976"),  # 万元 -> 亿元
        ("15.15", "10", "151.5"),  # billion yuan -> 亿元
        ("152.06", "1", "152.06"),  # 万平方米 -> 公顷
        ("45.0", "1", "45"),
    ],
)
def test_convert_value(printed, factor, expected) -> None:
    assert convert_value(printed, Decimal(factor)) == expected


def test_unit_table_drives_the_known_conversions() -> None:
    factors = load_mappings().factor_by_units
    assert factors[("万人", "人")] == 10000
    assert factors[("万元", "亿元")] == Decimal("0.0001")
    assert factors[("万张", "张")] == 10000


def test_hongtong_2023_population_converted_from_wan(committed) -> None:
    row = committed[committed["raw_ref"] == "facts/public_facts.csv#L115"].iloc[0]
    assert (row["indicator_id"], row["value"], row["unit"]) == (
        "resident_population_persons",
        "623600",
        "人",
    )
    assert "as printed: 62.36 万人" in row["note"]
    assert row["basis"] == "secondary"


def test_weak_bases_and_bounds_stay_visible(committed) -> None:
    by_ref = committed.set_index("raw_ref")
    assert by_ref.loc["series/context_series.csv#L49", "qualifier"] == "at_least"  # 超过25%
    assert by_ref.loc["series/context_series.csv#L48", "qualifier"] == "approx"  # 约20.5%
    assert by_ref.loc["facts/public_facts.csv#L129", "basis"] == "secondary"  # unverified Q&A
    assert "unverified" in by_ref.loc["facts/public_facts.csv#L129", "note"]


def test_rounded_copies_and_repeats_are_flagged(committed) -> None:
    by_ref = committed.set_index("raw_ref")
    rounded = by_ref.loc["facts/public_facts.csv#L34"]  # 63.78万 = 637812 rounded
    assert (rounded["qualifier"], rounded["value"]) == ("approx", "637800")
    repeated = by_ref.loc["facts/public_facts.csv#L85"]  # Shanxi 2020 62.53, three rows
    assert "same value also in series/context_series.csv#L72" in repeated["note"]


def test_disagreeing_sources_are_all_kept(committed) -> None:
    hongtong_2010 = committed.query(
        "indicator_id == 'resident_population_persons' and region_code == '141024'"
        " and year == '2010'"
    )
    assert list(hongtong_2010["value"]) == ["733421"]  # the census table says 733420
    sewage = committed.query(
        "indicator_id == 'county_town_sewage_treatment_rate_pct' and year == '2020'"
    )
    assert sorted(sewage["value"]) == ["95.05", "95.5"]


def test_other_governments_targets_are_plan_targets(committed) -> None:
    targets = committed[committed["basis"] == "plan_target"].set_index("raw_ref")
    shanxi_2014 = targets.loc["facts/public_facts.csv#L186"]
    shanxi_2029 = targets.loc["facts/public_facts.csv#L189"]
    assert (shanxi_2014["value"], shanxi_2014["year"]) == ("54.06", "2014")
    assert (shanxi_2029["value"], shanxi_2029["qualifier"]) == ("70", "approx")
    assert len(targets) == 4
