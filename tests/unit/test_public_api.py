"""The analyst's API importable from ``hongtonglib``: names, frames, columns, choices."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

import hongtonglib as ht
from hongtonglib.indicators import get_series

SNAKE = r"^[a-z][a-z0-9_]*$"


def test_every_public_name_resolves_and_is_documented() -> None:
    names = [n for n in ht.__all__ if n not in ("HONGTONG_REGION_CODE", "__version__")]
    assert sorted(names) == sorted(ht._EXPORTS)
    for name in names:
        value = getattr(ht, name)
        assert value.__doc__, name
        assert name in dir(ht)
    with pytest.raises(AttributeError):
        ht.no_such_name  # noqa: B018


def test_import_hongtonglib_stays_cheap() -> None:
    code = "import sys, hongtonglib; print(' '.join(sys.modules))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.split()
    assert "pandas" not in loaded and "hongtonglib.analysis" not in loaded


@pytest.mark.parametrize(
    "frame",
    [
        lambda: ht.tasks(),
        lambda: ht.targets(),
        lambda: ht.departments(),
        lambda: ht.projects(),
        lambda: ht.series("urbanization_rate_pct"),
        lambda: ht.observations("resident_population_persons", "141024"),
        lambda: ht.assessment(2026).frame(),
        lambda: ht.targets_without_data(2026),
        lambda: ht.forecast_indicator("urbanization_rate_pct", as_of=2026).frame(),
        lambda: ht.census_comparison(["urbanization_rate_pct"], "province"),
        lambda: ht.demographic_demand(group_ids=["primary_6_11"]),
    ],
    ids=[
        "tasks",
        "targets",
        "departments",
        "projects",
        "series",
        "observations",
        "assessment",
        "without_data",
        "forecast",
        "census",
        "demand",
    ],
)
def test_frames_have_snake_case_columns(frame) -> None:
    result = frame()
    assert isinstance(result, pd.DataFrame) and len(result)
    assert all(pd.Series(result.columns).str.match(SNAKE)), list(result.columns)


def test_observations_say_which_one_series_chooses() -> None:
    """Hongtong's household size is stored twice a year; ``chosen`` marks get_series' pick."""
    frame = ht.observations("average_family_household_size_persons", "141024")
    assert (frame.groupby("year").size() >= 2).all()
    chosen = frame[frame["chosen"]].reset_index(drop=True)
    expected = get_series("average_family_household_size_persons", "141024")
    assert chosen["source_id"].tolist() == expected["source_id"].tolist()
    assert chosen["year"].tolist() == expected["year"].tolist()
    assert frame["source_title"].notna().all()


def test_chosen_matches_get_series_for_every_hongtong_indicator() -> None:
    frame = ht.observations(region_code="141024")
    for indicator_id, rows in frame.groupby("indicator_id"):
        expected = get_series(indicator_id, "141024")
        picked = rows[rows["chosen"]]
        assert picked["source_id"].tolist() == expected["source_id"].tolist(), indicator_id


def test_census_comparison_sets() -> None:
    prefecture = ht.comparison_regions("prefecture")
    province = ht.comparison_regions("province")
    reference = ht.comparison_regions("reference_class")
    assert "141024" in prefecture and set(prefecture) < set(province)
    assert all(code.startswith("14") for code in province)
    assert len(reference) > len(prefecture)
    frame = ht.census_comparison(["urbanization_rate_pct"], ["141000", "141002"])
    assert frame["is_subject"].sum() == 1
    with pytest.raises(ValueError, match="unknown scope"):
        ht.comparison_regions("planet")


def test_forecast_by_horizon_and_bad_requests() -> None:
    result = ht.forecast_indicator("urbanization_rate_pct", horizon=2)
    assert result.frame()["year"].tolist() == [2023, 2024]
    with pytest.raises(ValueError, match="not both"):
        ht.forecast_indicator("urbanization_rate_pct", horizon=2, target_year=2030)
    with pytest.raises(KeyError):
        ht.forecast_indicator("no_such_indicator")


def test_charts_draw_chinese_without_setup() -> None:
    import io
    import warnings

    forecast = ht.forecast_indicator("urbanization_rate_pct", target_year=2030)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing CJK glyph is a UserWarning
        figure = ht.plot_forecast(forecast, title="洪洞县：常住人口城镇化率")
        figure.savefig(io.BytesIO(), format="png")
        census = ht.census_comparison(["urbanization_rate_pct"], "prefecture")
        chart = ht.plot_census_comparison(census, title="临汾市各县城镇化率")
        chart.savefig(io.BytesIO(), format="png")
    assert figure.axes[0].get_title() == "洪洞县：常住人口城镇化率"
