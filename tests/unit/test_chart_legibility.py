"""Charts stay legible on a phone: every text at least 9 CSS px when the image is 358 px wide
(a 390 px phone), and the target labels, the census-break label and the title do not overlap.

Synthetic frames only: the overview's pattern of targets one year apart (2024, 2025, 2027).
"""

from __future__ import annotations

import io

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from hongtonglib.charts.style import PHONE_IMAGE_PX

MIN_PHONE_PX = 9.0


def _synthetic_series() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    history = pd.DataFrame(
        {
            "year": [2010, 2019, 2020, 2022],
            "value": [32.8, 45.7, 39.5, 41.5],
            "basis": ["census", "sample_survey", "census", "bulletin"],
        }
    )
    forecast = pd.DataFrame(
        {
            "year": [2023, 2027, 2030],
            "mean": [42.3, 45.3, 47.6],
            "mean_ci_lower": [41.1, 42.3, 43.5],
            "mean_ci_upper": [43.5, 48.3, 51.7],
        }
    )
    milestones = pd.DataFrame(
        {
            "year": [2024, 2025, 2027],
            "value": [46.0, 48.0, 55.0],
            "label": ["2024年目标 46.0%", "2025年目标 48.0%", "2027年目标 55.0%"],
        }
    )
    return history, forecast, milestones


def _figures() -> dict[str, object]:
    from hongtonglib.charts import plot_series_with_forecast, use_briefing_style
    from hongtonglib.report.charts import plot_demand, plot_pace_distribution, plot_regions

    regions = pd.DataFrame(
        {
            "region_zh": ["洪洞县"] * 3 + ["山西省"] * 3,
            "year": [2010, 2020, 2022] * 2,
            "value": [32.8, 39.5, 41.5, 48.0, 62.5, 63.9],
            "census_base": [2010, 2020, 2020] * 2,
        }
    )
    demand = pd.DataFrame(
        {
            "name_zh": ["小学适龄人口"] * 6,
            "year": [2025, 2030, 2035] * 2,
            "scenario": ["central"] * 3 + ["low"] * 3,
            "persons": [60_000, 55_000, 50_000, 58_000, 52_000, 46_000],
        }
    )
    paces = pd.Series([0.01 * (i % 17) for i in range(300)])
    use_briefing_style()  # as a briefing does first
    return {
        "series": plot_series_with_forecast(
            *_synthetic_series(), title="洪洞县：常住人口城镇化率", unit="%"
        ),
        "regions": plot_regions(regions, title="城镇化率：洪洞县与山西省", unit="%"),
        "demand": plot_demand(demand, title="小学适龄人口"),
        "pace": plot_pace_distribution(
            paces, subject_value=0.05, required=0.109, title="各县城镇化速度", xlabel="每年"
        ),
    }


@pytest.fixture(scope="module")
def figures() -> dict[str, object]:
    return _figures()


def _renderer(fig: Figure) -> RendererAgg:
    """Lay the figure out as it is saved and return its renderer."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    fig.savefig(io.BytesIO(), format="png")
    return canvas.get_renderer()


def _texts(fig: Figure) -> list[Text]:
    _renderer(fig)
    return [t for t in fig.findobj(Text) if t.get_visible()]


@pytest.mark.parametrize("name", ["series", "regions", "demand", "pace"])
def test_every_text_is_legible_at_phone_width(figures: dict, name: str) -> None:
    fig = figures[name]
    width_in = fig.get_size_inches()[0]
    small = [
        (t.get_text(), round(t.get_fontsize() * PHONE_IMAGE_PX / (72 * width_in), 1))
        for t in _texts(fig)
        if t.get_text().strip()
        and t.get_fontsize() * PHONE_IMAGE_PX / (72 * width_in) < MIN_PHONE_PX
    ]
    assert small == [], f"texts under {MIN_PHONE_PX} px on a phone: {small}"


def test_target_and_break_labels_do_not_overlap(figures: dict) -> None:
    fig = figures["series"]
    ax = fig.axes[0]
    renderer = _renderer(fig)
    labels = [ax.title, *ax.texts]
    assert len(ax.texts) == 4  # three targets and the census break
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in labels]
    overlapping = [
        (a, b) for i, (a, box_a) in enumerate(boxes) for b, box_b in boxes[i + 1 :]
        if box_a.overlaps(box_b)
    ]  # fmt: skip
    assert overlapping == []
