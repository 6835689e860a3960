"""Demographic demand: band splitting, change factors, ageing arithmetic, birth-rate paths,
scenarios and the Hongtong projection."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from hongtonglib.demography import (
    DemandAssumptions,
    age_one_year,
    load_demand_groups,
    project_cohorts,
    project_demand,
    scenario_assumptions,
    split_age_bands,
)
from hongtonglib.demography.births import (
    census_year_rate,
    complete_birth_rates,
    fit_birth_rate_trend,
)
from hongtonglib.demography.cohort import (
    cohort_change_ratios,
    estimate_change_factors,
    reproduce_bands,
)
from hongtonglib.demography.graduation import group_single_ages, sprague_matrix
from hongtonglib.demography.projection import DemandHeadline
from hongtonglib.yamlio import read_yaml

RNG = np.random.default_rng(20201101)


def synthetic_bands(size: float = 1000.0) -> np.ndarray:
    """Irregular census bands: age 0, 1-4, 5-9 … 80-84, 85+."""
    widths = np.array([1, 4] + [5] * 16 + [10], dtype=float)
    return RNG.uniform(0.2, 1.0, size=19) * widths * size


# --- splitting bands into single years ---------------------------------------------------------


@pytest.mark.parametrize("method", ["sprague", "uniform"])
def test_split_preserves_every_band_total(method: str) -> None:
    for _ in range(50):
        bands = synthetic_bands(RNG.uniform(1, 5000))
        single = split_age_bands(bands, method=method)
        assert single.shape == (86,)
        assert (single >= 0).all()
        np.testing.assert_allclose(group_single_ages(single), bands, rtol=0, atol=1e-9)
        assert single[0] == bands[0] and single[85] == bands[18]


def test_split_handles_empty_and_spiky_bands() -> None:
    bands = np.zeros(19)
    bands[[3, 10]] = [500.0, 3.0]  # lone groups make Sprague go negative next to them
    single = split_age_bands(bands)
    assert (single >= 0).all()
    np.testing.assert_allclose(group_single_ages(single), bands, atol=1e-9)
    assert split_age_bands(np.zeros(19)).sum() == 0


def test_sprague_is_exact_for_a_linear_age_curve() -> None:
    ages = np.arange(85)
    curve = 1000.0 - 7.0 * ages  # persons at each single age
    bands = np.concatenate(
        [[curve[0], curve[1:5].sum()], curve[5:].reshape(-1, 5).sum(axis=1), [300.0]]
    )
    np.testing.assert_allclose(split_age_bands(bands)[:85], curve, atol=1e-9)


def test_sprague_matrix_panels_sum_to_identity() -> None:
    matrix = sprague_matrix(17)
    np.testing.assert_allclose(matrix.reshape(17, 5, 17).sum(axis=1), np.eye(17), atol=1e-12)
    with pytest.raises(ValueError):
        sprague_matrix(4)


def test_split_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        split_age_bands(np.ones(18))
    with pytest.raises(ValueError):
        split_age_bands(np.r_[-1.0, np.ones(18)])
    with pytest.raises(ValueError):
        split_age_bands(np.r_[np.nan, np.ones(18)])
    with pytest.raises(ValueError):
        split_age_bands(np.ones(19), method="beers")  # type: ignore[arg-type]


# --- cohort change ------------------------------------------------------------------------------


def test_cohort_change_ratios_known_answer() -> None:
    old = np.array([10.0, 40.0] + [50.0] * 16 + [20.0])
    new = old * 0.9
    ratios = cohort_change_ratios(old, new)
    assert ratios.shape == (16,)
    assert ratios[0] == pytest.approx(0.9)  # 10-14 in 2020 over 0-4 in 2010
    assert ratios[-1] == pytest.approx(0.9 * 20 / (50 + 50 + 20))  # 85+ over 75+


def test_change_factors_recover_a_known_constant_factor() -> None:
    old = synthetic_bands()
    truth = np.full(85, 0.985)
    new = old.copy()
    new[3:] = reproduce_bands(old, truth)  # 2020 bands made by ageing 2010 with f = 0.985
    factors = estimate_change_factors(old, new)
    np.testing.assert_allclose(factors, truth, atol=2e-3)
    np.testing.assert_allclose(reproduce_bands(old, factors), new[3:], rtol=5e-3)


def test_children_share_one_factor_from_the_0_4_to_10_14_ratio() -> None:
    old = synthetic_bands()
    new = synthetic_bands()
    factors = estimate_change_factors(old, new, child_max_age=14)
    ratio = new[3] / (old[0] + old[1])
    np.testing.assert_allclose(factors[:14], ratio**0.1)
    with pytest.raises(ValueError):
        estimate_change_factors(old, np.r_[new[:3], 0.0, new[4:]])


# --- ageing arithmetic on a synthetic population ---------------------------------------------


def test_age_one_year_moves_every_cohort_up_and_closes_the_open_group() -> None:
    population = np.zeros((2, 86))
    population[0, 0] = 10.0
    population[0, 84] = 7.0
    population[0, 85] = 3.0
    population[1, 40] = 5.0
    factors = np.ones((2, 85))
    factors[0, 0] = 0.9  # age attained 1
    factors[0, 84] = 0.5  # 85+
    aged = age_one_year(population, factors)
    assert aged[0, 0] == 0.0
    assert aged[0, 1] == pytest.approx(9.0)
    assert aged[0, 85] == pytest.approx((7.0 + 3.0) * 0.5)
    assert aged[1, 41] == 5.0 and aged[1].sum() == 5.0
    with pytest.raises(ValueError):
        age_one_year(population, -factors)


def test_project_cohorts_births_follow_women_and_the_fertility_ratio() -> None:
    base = np.zeros((2, 86))
    base[:, 0] = [51.0, 49.0]
    base[1, 15:50] = 10.0  # 350 women aged 15-49
    factors = np.ones((2, 85))
    path = project_cohorts(base, factors, [1.0, 0.8])
    # year 1: women aged 16-50 → 340 of them still 15-49 (the 49-year-olds turn 50) …
    women_1 = path[1, 1, 15:50].sum()
    assert women_1 == pytest.approx(340.0 + 49.0 * 0)  # age-0 girls are not yet 15
    np.testing.assert_allclose(path[1, :, 0], base[:, 0] * women_1 / 350.0 * 1.0)
    women_2 = path[2, 1, 15:50].sum()
    np.testing.assert_allclose(path[2, :, 0], base[:, 0] * women_2 / 350.0 * 0.8)
    # everybody else just ages
    assert path[2, 0, 2] == pytest.approx(51.0)
    assert (path >= 0).all()


# --- births ------------------------------------------------------------------------------------


def test_birth_rate_path_rules() -> None:
    observed = pd.DataFrame({"year": [2018, 2019, 2021], "value": [10.0, 9.0, 8.1]})
    central = complete_birth_rates(observed, range(2018, 2025), outlook="half")
    assert (
        central["kind"].tolist()
        == ["observed", "observed", "interpolated", "observed"] + ["extrapolated"] * 3
    )
    assert central.loc[2, "crude_birth_rate_permille"] == pytest.approx(np.sqrt(9.0 * 8.1))
    slope = fit_birth_rate_trend(observed)
    assert slope < 0
    by = {
        outlook: complete_birth_rates(observed, [2024], outlook=outlook)[
            "crude_birth_rate_permille"
        ].iloc[0]
        for outlook in ("lower", "half", "higher")
    }
    assert by["lower"] < by["half"] < by["higher"] == pytest.approx(8.1)
    assert by["half"] == pytest.approx(8.1 * np.exp(slope / 2 * 3))
    with pytest.raises(ValueError):
        complete_birth_rates(observed, [2017])
    with pytest.raises(ValueError):
        complete_birth_rates(observed.assign(value=0.0), [2019])


def test_a_rising_trend_keeps_the_scenario_order() -> None:
    observed = pd.DataFrame({"year": [2020, 2021], "value": [6.0, 6.6]})
    rates = [
        complete_birth_rates(observed, [2025], outlook=o)["crude_birth_rate_permille"].iloc[0]
        for o in ("lower", "half", "higher")
    ]
    assert rates[0] == pytest.approx(6.6) and rates[0] < rates[1] < rates[2]


def test_census_year_rate_weights_two_months_of_the_year_before() -> None:
    rates = pd.DataFrame({"year": [2019, 2020], "crude_birth_rate_permille": [12.0, 6.0]})
    assert census_year_rate(rates, 2020) == pytest.approx(7.0)
    with pytest.raises(ValueError):
        census_year_rate(rates, 2021)


# --- assumptions and groups ----------------------------------------------------------------------


def test_assumptions_are_frozen_and_strict() -> None:
    assumptions = scenario_assumptions("central")
    with pytest.raises(ValidationError):
        assumptions.end_year = 2040  # type: ignore[misc]
    with pytest.raises(ValidationError):
        DemandAssumptions(migration=1)  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        DemandAssumptions(childbearing_ages=(49, 15))
    with pytest.raises(ValueError):
        scenario_assumptions("medium")
    assert scenario_assumptions("low", end_year=2027).end_year == 2027


def test_demand_groups_file_is_valid(repo_root) -> None:
    groups = load_demand_groups()
    ids = [group.group_id for group in groups]
    for needed in ("kindergarten_3_5", "primary_6_11", "junior_middle_12_14"):
        assert needed in ids
    for needed in ("age_60_plus", "age_65_plus", "age_80_plus"):
        assert needed in ids
    sectors = {
        row["sector_id"] for row in read_yaml(repo_root / "data/plan/sectors.yaml")["sectors"]
    }
    assert {group.sector_id for group in groups} <= sectors


# --- the Hongtong projection ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def hongtong():
    return project_demand("141024")


def test_base_year_equals_the_census(hongtong) -> None:
    assert hongtong.persons("total", 2020) == pytest.approx(637_812)
    assert hongtong.persons("age_65_plus", 2020) == pytest.approx(76_708)  # 12.03%
    assert hongtong.persons("age_60_plus", 2020) == pytest.approx(117_004)  # 18.34%
    assert hongtong.persons("age_80_plus", 2020) == pytest.approx(2758 + 4120 + 1510 + 3072)


def test_frames_are_tidy_and_complete(hongtong) -> None:
    groups = hongtong.groups
    assert list(groups.columns) == [
        "region_code",
        "scenario",
        "year",
        "group_id",
        "name_zh",
        "sector_id",
        "persons",
    ]
    assert set(groups["year"]) == set(range(2020, 2031))
    assert set(groups["scenario"]) == {"low", "central", "high"}
    assert not groups.duplicated(["scenario", "year", "group_id"]).any()
    assert (groups["persons"] >= 0).all() and (hongtong.single_ages["persons"] >= 0).all()
    assert len(hongtong.single_ages) == 3 * 11 * 2 * 86


def test_scenarios_are_ordered(hongtong) -> None:
    wide = hongtong.groups.pivot_table(
        index=["year", "group_id"], columns="scenario", values="persons"
    )
    assert (wide["low"] <= wide["central"] + 1e-6).all()
    assert (wide["central"] <= wide["high"] + 1e-6).all()
    later = wide.loc[2025:]
    assert (later["low"] < later["high"]).all()


def test_headlines_have_the_expected_direction(hongtong) -> None:
    primary = hongtong.headline("primary_6_11", 2024, 2027)
    assert primary.persons_to < primary.persons_from  # the birth cohorts shrink
    assert hongtong.headline("age_65_plus", 2024, 2027).change_pct > 0
    assert hongtong.headline("age_80_plus", 2025, 2030).change_pct > 0
    sentence = primary.sentence_zh()
    assert f"{abs(primary.change_pct):.1f}%" in sentence and "减少" in sentence
    table = hongtong.headlines(2024, 2027)
    assert set(table["group_id"]) >= {"primary_6_11", "age_65_plus"}


def test_birth_rates_are_observed_where_published(hongtong) -> None:
    rates = hongtong.birth_rates[hongtong.birth_rates["scenario"] == "central"].set_index("year")
    assert rates.loc[2021, "kind"] == "observed"
    assert rates.loc[2021, "crude_birth_rate_permille"] == pytest.approx(7.52)
    assert rates.loc[2024, "crude_birth_rate_permille"] == pytest.approx(6.77)
    assert rates.loc[2030, "kind"] == "extrapolated"
    assert "web_cguiw_7f2dc7" in hongtong.birth_rate_sources


def test_synthetic_region_runs_without_data_files() -> None:
    def table(year: int, scale: float) -> pd.DataFrame:
        from hongtonglib.census.derive import AGE_BANDS, age_band_columns

        row: dict[str, object] = {
            "region_code": "990101",
            "name_zh": "合成县",
            "level": "county",
            "province_code": "990000",
            "province_zh": "合成省",
            "prefecture_code": "990100",
            "population_persons": 0.0,
            "urban_persons": 0.0,
        }
        for low, high in AGE_BANDS:
            for sex in ("male", "female"):
                (column,) = age_band_columns(low, high, sex)
                row[column] = 100.0 * scale * (1 if high is None else high - low + 1)
        frame = pd.DataFrame([row])
        frame["population_persons"] = frame.filter(like="age_").sum(axis=1)
        frame["urban_persons"] = frame["population_persons"] * 0.4
        return frame

    births = pd.DataFrame({"year": [2019, 2020, 2021], "value": [10.0, 9.0, 8.0]})
    result = project_demand(
        "990101",
        scenarios=("low", "central", "high"),
        end_year=2023,
        tables=(table(2010, 1.0), table(2020, 0.9)),
        birth_rates=births,
    )
    # no prefecture or province rows in these tables: no spread, and the projection says so
    assert any("no reference region" in note for note in result.notes)
    wide = result.groups.pivot_table(
        index=["year", "group_id"], columns="scenario", values="persons"
    )
    older = wide.xs("age_65_plus", level="group_id")  # not touched by the birth outlook
    np.testing.assert_allclose(older["low"], older["central"])
    np.testing.assert_allclose(older["high"], older["central"])
    assert (result.groups["persons"] >= 0).all()
    central = result.groups[result.groups["scenario"] == "central"]
    assert set(central["year"]) == {2020, 2021, 2022, 2023}


def test_headline_sentence_rounds_to_wan() -> None:
    item = DemandHeadline("age_65_plus", "65岁及以上人口", "high", 2024, 2027, 90_000.0, 99_000.0)
    assert item.change_pct == pytest.approx(10.0)
    assert item.sentence_zh() == (
        "65岁及以上人口预计由2024年的约9.00万人变为2027年的约9.90万人，增加10.0%（高方案）。"
    )


def test_own_factors_reproduce_the_2020_census(hongtong) -> None:
    fit = hongtong.factor_fit
    assert len(fit) == 2 * 16
    assert fit["error_pct"].abs().max() < 3.0  # young adults: the penalty's price
    older = fit[~fit["age_band"].isin(["15_19", "20_24", "25_29", "30_34", "35_39"])]
    assert older["error_pct"].abs().max() < 1.0


def test_tables_are_written_as_csv(hongtong, tmp_path) -> None:
    paths = hongtong.write_tables(tmp_path)
    assert {path.name for path in paths} >= {"demand_groups.csv", "demand_assumptions.csv"}
    groups = pd.read_csv(tmp_path / "demand_groups.csv", dtype={"region_code": str})
    pd.testing.assert_frame_equal(groups, hongtong.groups, check_dtype=False)
    assumptions = pd.read_csv(tmp_path / "demand_assumptions.csv")
    low = assumptions[assumptions["scenario"] == "low"].set_index("assumption")["value"]
    assert low["migration_spread"] == "-1.0" and low["birth_outlook"] == "lower"


def test_a_flagged_region_gets_a_note() -> None:
    projection = project_demand("420111", scenarios=("central",), end_year=2022)  # 洪山区
    assert any("population_jump" in note for note in projection.notes)
