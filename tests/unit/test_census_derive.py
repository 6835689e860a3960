"""Known census values, derivations and fast loading of the compact census tables."""

import time

import pandas as pd
import pytest

from hongtonglib import paths
from hongtonglib.census import derive
from hongtonglib.census.build import classify_level, normalize_code, parse_cell
from hongtonglib.census.tables import load_census_table, read_census_table

HONGTONG = "141024"


@pytest.fixture(scope="module")
def tables() -> dict[int, pd.DataFrame]:
    return {year: load_census_table(year).set_index("region_code") for year in (2010, 2020)}


@pytest.mark.parametrize(
    ("year", "total", "urban"), [(2010, 733_420, 240_740), (2020, 637_812, 252_220)]
)
def test_hongtong_population_known_values(tables, year, total, urban) -> None:
    row = tables[year].loc[HONGTONG]
    assert row["name_zh"] == "洪洞县"
    assert (row["population_persons"], row["urban_persons"]) == (total, urban)
    assert row["urban_persons"] + row["rural_persons"] == total


def test_hongtong_urbanization_rate(tables) -> None:
    assert derive.compute_urbanization_rate_pct(tables[2020])[HONGTONG] == pytest.approx(
        39.54, abs=0.005
    )
    assert derive.compute_urbanization_rate_pct(tables[2010])[HONGTONG] == pytest.approx(
        32.82, abs=0.005
    )


def test_hongtong_long_form_shares_use_the_long_form_households(tables) -> None:
    # SOURCE.md: bathing 2,868 / 18,609 (2010) and 11,518 / 20,348 (2020); piped water
    # 6,575 / 18,609 and 11,000 / 20,348; floor area 30.56 and 41.1 m2 per person.
    t10, t20 = tables[2010], tables[2020]
    bathing_10 = derive.compute_long_form_share_pct(t10, "lf_bathing_households")[HONGTONG]
    bathing_20 = derive.compute_long_form_share_pct(t20, "lf_bathing_households")[HONGTONG]
    water_20 = derive.compute_long_form_share_pct(t20, "lf_piped_water_households")[HONGTONG]
    assert bathing_10 == pytest.approx(2_868 / 18_609 * 100)
    assert bathing_20 == pytest.approx(11_518 / 20_348 * 100)
    assert water_20 == pytest.approx(11_000 / 20_348 * 100)
    assert t10.loc[HONGTONG, "floor_area_per_capita_m2"] == pytest.approx(30.56)
    assert t20.loc[HONGTONG, "floor_area_per_capita_m2"] == pytest.approx(41.1)


def test_long_form_share_refuses_full_count_columns(tables) -> None:
    with pytest.raises(ValueError, match="long-form"):
        derive.compute_long_form_share_pct(tables[2020], "urban_persons")


def test_hongtong_2020_age_groups_match_the_census_bulletin(tables) -> None:
    # Hongtong 7th census bulletin: 0-14 121,760 (19.09%); 65+ 76,708 (12.03%).
    t20 = tables[2020]
    assert derive.sum_age_group(t20, 0, 14)[HONGTONG] == 121_760
    assert derive.sum_age_group(t20, 65)[HONGTONG] == 76_708
    assert derive.compute_age_share_pct(t20, 65)[HONGTONG] == pytest.approx(12.03, abs=0.005)


@pytest.mark.parametrize(
    ("age_min", "age_max", "printed"),
    [
        (0, 14, "table_share_0_14_pct"),
        (15, 64, "table_share_15_64_pct"),
        (65, None, "table_share_65_plus_pct"),
    ],
)
@pytest.mark.parametrize("year", [2010, 2020])
def test_age_shares_agree_with_the_printed_shares(tables, year, age_min, age_max, printed) -> None:
    table = tables[year]
    derived = derive.compute_age_share_pct(table, age_min, age_max).astype(float)
    difference = (derived - table[printed]).abs().dropna()
    # Printed to two decimals; a handful of upstream rows disagree (kept as they are).
    assert (difference <= 0.01).mean() > 0.999


def test_age_groups_add_up_to_the_population(tables) -> None:
    for table in tables.values():
        total = derive.sum_age_group(table, 0)
        agree = total == table["population_persons"].astype("Float64")
        assert agree.mean() > 0.999


def test_age_band_columns_follow_the_table_bands() -> None:
    assert derive.age_band_columns(0, 0, "male") == ["age_0_male_persons"]
    assert derive.age_band_columns(80) == [
        "age_80_84_male_persons",
        "age_80_84_female_persons",
        "age_85_plus_male_persons",
        "age_85_plus_female_persons",
    ]
    with pytest.raises(ValueError, match="age bands"):
        derive.age_band_columns(0, 17)
    with pytest.raises(ValueError, match="sex"):
        derive.age_band_columns(0, 4, "other")


def test_sum_age_group_on_a_tiny_synthetic_frame() -> None:
    columns = derive.age_band_columns(0)
    synthetic = pd.DataFrame({column: [2, 1] for column in columns}, dtype="Int64")
    synthetic.loc[1, "age_85_plus_female_persons"] = pd.NA
    sums = derive.sum_age_group(synthetic, 65)
    assert sums.iloc[0] == 2 * 10
    assert pd.isna(sums.iloc[1])  # a missing band gives a missing sum, not a short one
    assert derive.sum_age_group(synthetic, 1, 4, "female").iloc[0] == 2


def test_share_of_zero_is_missing_not_infinite() -> None:
    shares = derive.compute_share_pct(pd.Series([1, 1]), pd.Series([0, 2]))
    assert pd.isna(shares.iloc[0]) and shares.iloc[1] == 50


def test_age_pyramid_covers_every_band_and_sex(tables) -> None:
    pyramid = derive.to_age_pyramid(tables[2020].reset_index().query("region_code == @HONGTONG"))
    assert len(pyramid) == len(derive.AGE_BANDS) * 2
    assert pyramid["persons"].sum() == 637_812


def test_levels_and_codes(tables) -> None:
    t20 = tables[2020]
    assert t20.loc["000000", "level"] == "country"
    assert t20.loc[HONGTONG, ["province_zh", "prefecture_zh", "level"]].tolist() == [
        "山西省",
        "临汾市",
        "county",
    ]
    counties = {year: (t["level"] == "county").sum() for year, t in tables.items()}
    assert counties == {2010: 2857, 2020: 2943}
    assert classify_level("141000") == "prefecture"
    assert normalize_code(141024.0) == HONGTONG and normalize_code(None) is None


def test_parse_cell_reports_damaged_cells() -> None:
    assert parse_cell("NA", "count", ("NA",)) == (None, "")
    assert parse_cell("8842   30", "count", ("NA",)) == (None, "cell_not_a_number")
    assert parse_cell(0.94, "count", ("NA",)) == (None, "cell_not_a_whole_number")
    assert parse_cell(30.56, "measure", ("NA",)) == (30.56, "")


@pytest.mark.parametrize("year", [2010, 2020])
def test_compact_tables_load_fast(year) -> None:
    start = time.perf_counter()
    table = read_census_table(paths.census_table_path(year))
    elapsed = time.perf_counter() - start
    assert elapsed < 0.5, f"loading {year} took {elapsed:.2f} s"
    assert table["region_code"].str.fullmatch(r"\d{6}").all()
