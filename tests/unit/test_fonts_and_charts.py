import io
import warnings

import pandas as pd
import pytest
from fontTools.ttLib import TTFont

from hongtonglib.fonts import CJK_FONT_FAMILY, cjk_font_path, subset_font_woff


def test_font_comes_from_mplfonts_with_ofl() -> None:
    path = cjk_font_path()
    assert "mplfonts" in path.parts and path.name == "NotoSansCJKsc-Regular.otf"
    name = TTFont(path, lazy=True)["name"]
    assert "SIL Open Font License" in name.getDebugName(13)


def test_subset_covers_text_keeps_licence_and_is_cached(tmp_path) -> None:
    woff = subset_font_woff("洪洞县简报 2027", cache_dir=tmp_path)
    font = TTFont(io.BytesIO(woff))
    cmap = font.getBestCmap()
    assert all(ord(c) in cmap for c in "洪洞县简报2027")
    assert ord("省") not in cmap
    assert "SIL Open Font License" in font["name"].getDebugName(13)
    assert len(list(tmp_path.glob("*.woff"))) == 1
    assert subset_font_woff("简报洪洞县 2027", cache_dir=tmp_path) == woff


@pytest.fixture
def frames() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    history = pd.DataFrame(
        {
            "year": [2018, 2019, 2020, 2021],
            "value": [-1.5, 49.5, 52.0, 52.8],
            "basis": ["bulletin", "sample_survey", "census", "department_submission"],
        }
    )
    forecast = pd.DataFrame(
        {
            "year": [2022, 2023],
            "mean": [53.0, 54.0],
            "mean_ci_lower": [52.0, 52.5],
            "mean_ci_upper": [54.0, 55.5],
        }
    )
    milestones = pd.DataFrame({"year": [2027], "value": [60.0], "label": ["2027年目标"]})
    return history, forecast, milestones


def test_chinese_chart_has_no_missing_glyphs(frames) -> None:
    from hongtonglib.charts import plot_series_with_forecast, use_briefing_style

    assert use_briefing_style() == CJK_FONT_FAMILY
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = plot_series_with_forecast(
            *frames, title="常住人口城镇化率（洪洞县）", unit="%", bounds=(-5, 100)
        )
        fig.savefig(io.BytesIO(), format="png")
    glyph_warnings = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert glyph_warnings == []
    ax = fig.axes[0]
    assert ax.get_title() == "常住人口城镇化率（洪洞县）"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "实际值（人口普查）" in labels and "目标" in labels and "预测区间" in labels
    assert any(line.get_xdata()[0] == 2020 for line in ax.get_lines())  # census break line


def test_style_survives_seaborn_reset() -> None:
    import matplotlib as mpl
    import seaborn as sns

    from hongtonglib.charts import use_briefing_style

    sns.set_theme()
    use_briefing_style()
    assert mpl.rcParams["font.sans-serif"][0] == CJK_FONT_FAMILY


def test_chart_names_missing_columns(frames) -> None:
    from hongtonglib.charts import plot_series_with_forecast

    history, forecast, _ = frames
    with pytest.raises(ValueError, match=r"forecast frame lacks column\(s\) \['mean_ci_upper'\]"):
        plot_series_with_forecast(
            history, forecast.drop(columns="mean_ci_upper"), title="t", unit="%"
        )
