"""Loading observations, the 2020 census break and the preference rule of get_series."""

import time

import pandas as pd
import pytest

from hongtonglib.indicators import get_series, load_observations
from hongtonglib.indicators.observations import FRAME_COLUMNS, rank_observations

HONGTONG, SHANXI, CHINA = "141024", "140000", "000000"


@pytest.fixture(scope="module")
def observations() -> pd.DataFrame:
    return load_observations()


def _one(frame: pd.DataFrame, indicator: str, region: str, year: int, **where) -> pd.DataFrame:
    rows = frame.query("indicator_id == @indicator and region_code == @region and year == @year")
    for column, value in where.items():
        rows = rows[rows[column] == value]
    return rows


def test_load_observations_types_and_census_rows(observations) -> None:
    assert list(observations.columns) == list(FRAME_COLUMNS)
    assert observations["year"].dtype == "int64" and observations["value"].dtype == "float64"
    curated = observations[~observations["is_derived"]]
    assert len(curated) == 333
    derived = observations[observations["is_derived"]]
    assert set(derived["basis"]) == {"census"}
    assert set(derived["source_id"]) == {"census_county_2010", "census_county_2020"}
    # every county of both tables has a census urbanization rate
    rates = derived[derived["indicator_id"] == "urbanization_rate_pct"]
    assert rates.groupby("year").size().to_dict() == {2010: 3221, 2020: 3313}


def test_census_rows_exist_for_linfen_shanxi_and_china(observations) -> None:
    rate_2020 = _one(observations, "urbanization_rate_pct", "141000", 2020, is_derived=True)
    assert rate_2020["value"].iloc[0] == pytest.approx(2_114_457 / 3_976_481 * 100)
    assert not _one(observations, "urbanization_rate_pct", SHANXI, 2010, is_derived=True).empty
    china = _one(observations, "urbanization_rate_pct", CHINA, 2020, is_derived=True)
    assert china["value"].iloc[0] == pytest.approx(63.84, abs=0.01)  # yearbook, no servicemen


def test_loading_without_census_is_the_curated_file() -> None:
    frame = load_observations(include_census=False)
    assert not frame["is_derived"].any()
    frame.loc[0, "value"] = -1.0  # callers get a copy
    assert load_observations(include_census=False).loc[0, "value"] != -1.0


def test_census_break_is_marked(observations) -> None:
    hongtong_2019 = _one(observations, "urbanization_rate_pct", HONGTONG, 2019)
    assert hongtong_2019[["value", "basis", "census_base"]].values.tolist() == [
        [45.7, "sample_survey", 2010]
    ]
    shanxi_2019 = _one(observations, "urbanization_rate_pct", SHANXI, 2019)
    shanxi_2020 = _one(observations, "urbanization_rate_pct", SHANXI, 2020, is_derived=False)
    assert set(shanxi_2019["census_base"]) == {2010} and 59.55 in set(shanxi_2019["value"])
    assert set(shanxi_2020["census_base"]) == {2020} and set(shanxi_2020["value"]) == {62.53}
    revised = _one(observations, "resident_population_persons", SHANXI, 2018)
    assert sorted(revised["census_base"].tolist()) == [2010, 2020]  # first published vs revised


def test_get_series_cuts_at_the_census_break() -> None:
    full = get_series("urbanization_rate_pct", HONGTONG).set_index("year")
    assert full.loc[2019, "value"] == 45.7 and full.loc[2020, "value"] == pytest.approx(39.5446)
    after = get_series("urbanization_rate_pct", HONGTONG, census_base=2020)
    assert after["year"].tolist() == [2020, 2022]
    before = get_series("urbanization_rate_pct", HONGTONG, census_base=2010)
    assert before["year"].tolist() == [2010, 2019]


def test_get_series_prefers_census_and_keeps_provenance() -> None:
    population = get_series("resident_population_persons", HONGTONG).set_index("year")
    assert population.loc[2020, "value"] == 637_812
    assert population.loc[2020, "basis"] == "census"
    assert population.loc[2020, "n_observations"] == 3  # bulletin, rounded copy, census table
    assert not population.loc[2020, "is_derived"]  # a published figure before the derived one
    assert population.loc[2020, "raw_ref"].startswith("facts/public_facts.csv#L")
    # 2010: the 2020 bulletin's 733,421 (published) before the census table's 733,420 (derived)
    assert population.loc[2010, "value"] == 733_421
    assert population.loc[2010, "n_observations"] == 2


def test_get_series_leaves_targets_out_unless_asked() -> None:
    outcomes = get_series("urbanization_rate_pct", SHANXI)
    assert 2029 not in outcomes["year"].tolist()
    with_targets = get_series("urbanization_rate_pct", SHANXI, include_targets=True)
    row = with_targets.set_index("year").loc[2029]
    assert (row["value"], row["basis"], row["qualifier"]) == (70.0, "plan_target", "approx")
    # 2014: the sample-survey outcome 53.79 wins over the target 54.06
    assert with_targets.set_index("year").loc[2014, "value"] == 53.79


def test_get_series_rejects_unknown_ids() -> None:
    with pytest.raises(KeyError, match="indicator_id"):
        get_series("no_such_indicator", HONGTONG)
    with pytest.raises(KeyError, match="region_code"):
        get_series("urbanization_rate_pct", "999999")


def _synthetic(rows: list[tuple]) -> pd.DataFrame:
    columns = ["year", "value", "basis", "qualifier", "is_derived", "source_id"]
    return pd.DataFrame(rows, columns=columns)


def test_preference_rule_on_synthetic_rows() -> None:
    synthetic = _synthetic(
        [
            (2020, 1.0, "secondary", "", False, "s_a"),
            (2020, 2.0, "census", "at_least", False, "s_b"),
            (2020, 3.0, "bulletin", "approx", False, "s_c"),
            (2020, 4.0, "bulletin", "", True, "s_d"),
            (2020, 5.0, "bulletin", "", False, "s_e"),
            (2020, 6.0, "sample_survey", "", False, "s_f"),
        ]
    )
    order = rank_observations(synthetic)["value"].tolist()
    # exact bulletin published > derived > approx; then sample survey, secondary; at_least last
    assert order == [5.0, 4.0, 3.0, 6.0, 1.0, 2.0]


def test_preference_rule_census_first() -> None:
    synthetic = _synthetic(
        [
            (2021, 7.0, "department_submission", "", False, "s_g"),
            (2021, 8.0, "sample_survey", "", False, "s_h"),
            (2021, 9.0, "census", "", True, "s_i"),
            (2021, 10.0, "secondary", "", False, "s_j"),
        ]
    )
    assert rank_observations(synthetic)["value"].tolist() == [9.0, 8.0, 7.0, 10.0]


def test_get_series_is_fast_when_cached() -> None:
    get_series("urbanization_rate_pct", HONGTONG)
    start = time.perf_counter()
    for _ in range(100):
        get_series("urbanization_rate_pct", HONGTONG)
    assert time.perf_counter() - start < 0.5


def test_indicators_hold_public_observations_only() -> None:
    assert len(get_series("urbanization_rate_pct", HONGTONG, include_submissions=False)) > 0
    with pytest.raises(ValueError, match=r"hongtonglib\.merged_observations"):
        load_observations(include_submissions=True)
    with pytest.raises(ValueError, match=r"hongtonglib\.merged_observations"):
        get_series("urbanization_rate_pct", HONGTONG, include_submissions=True)
