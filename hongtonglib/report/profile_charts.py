"""Charts of the county profiles: small multiples of a prefecture's county units.

Uses the suite's style and font (:func:`hongtonglib.charts.use_briefing_style`); returns
matplotlib figures not managed by pyplot.
"""

from __future__ import annotations

import math

import pandas as pd
from matplotlib.figure import Figure

from hongtonglib.charts import use_briefing_style

COLUMNS = 6
"""Panels per row of the small multiples."""


def plot_urban_small_multiples(counties: pd.DataFrame, *, title: str) -> Figure:
    """Draw one small panel per county unit: its urban share in 2010 and 2020.

    Parameters
    ----------
    counties : pandas.DataFrame
        ``name_zh, urban_share_2010, urban_share_2020, comparable`` (a unit that is not
        comparable gets its 2020 point only, in grey).
    title : str
        The figure's title.
    """
    use_briefing_style()
    n = max(len(counties), 1)
    rows = math.ceil(n / COLUMNS)
    fig = Figure(figsize=(1.45 * COLUMNS, 1.35 * rows + 0.6))
    axes = fig.subplots(rows, COLUMNS, sharex=True, sharey=True, squeeze=False)
    for ax, (_, unit) in zip(axes.flat, counties.iterrows(), strict=False):
        if unit["comparable"]:
            ax.plot([2010, 2020], [unit["urban_share_2010"], unit["urban_share_2020"]], "-o",
                    color="#1f4e79", markersize=3, lw=1.2)  # fmt: skip
        else:
            ax.plot([2020], [unit["urban_share_2020"]], "o", color="#7f7f7f", markersize=3)
        ax.set_title(str(unit["name_zh"]), fontsize=8)
        ax.tick_params(labelsize=6)
    for ax in list(axes.flat)[len(counties) :]:
        ax.set_visible(False)
    for ax in axes.flat:
        ax.set_ylim(0, 100)
        ax.set_xlim(2007, 2023)
        ax.set_xticks([2010, 2020])
    fig.suptitle(title, fontsize=10)
    fig.supylabel("城镇化率（%）", fontsize=8)
    fig.tight_layout()
    return fig
