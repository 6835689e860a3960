"""Sources and method footer of a briefing.

External addresses are printed as text, never as links: briefings open offline on an
intranet and must not reference another host.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hongtonglib.assess.status import (
    ACCELERATION_RATIO,
    CEILING_TOLERANCE_PP,
    ON_TRACK_RATIO,
)
from hongtonglib.forecast.calibration import load_table
from hongtonglib.report.formatting import html_table, text_zh

if TYPE_CHECKING:
    from hongtonglib.assess import TargetAssessment
    from hongtonglib.report.context import BriefingData

NO_FORECAST = "本简报的目标均无足够数据进行预测"
SOURCE_COLUMNS = ["编号", "来源", "发布者/网站", "地址", "收集日期", "说明"]


def sources_rows(data: BriefingData, source_ids: set[str]) -> list[dict[str, object]]:
    """Return one row per source used (department submissions described by number)."""
    rows: list[dict[str, object]] = []
    for source_id in sorted(s for s in source_ids if s.startswith("submission:")):
        rows.append(
            {
                "编号": source_id,
                "来源": f"部门报送第{source_id.split(':')[1]}号",
                "发布者/网站": "县直部门（经审核）",
                "地址": "本系统报送库",
                "收集日期": "—",
                "说明": "部门通过填报模板报送，经审核通过",
            }
        )
    for row in data.source_rows(source_ids).itertuples():
        rows.append(
            {
                "编号": row.source_id,
                "来源": text_zh(row, "title"),
                "发布者/网站": text_zh(row, "publisher"),
                "地址": row.url if isinstance(row.url, str) else (row.document or "—"),
                "收集日期": row.accessed,
                "说明": text_zh(row, "accessed_note"),
            }
        )
    return rows


def sources_table_html(data: BriefingData, source_ids: set[str]) -> str:
    """Return the sources table as HTML (addresses as text)."""
    rows = sources_rows(data, source_ids)
    if not rows:
        return "<p>本简报未使用县级观测数据。</p>"
    return html_table(rows, SOURCE_COLUMNS, caption="地址仅供查考，简报本身不访问任何外部网站。")


def calibration_note_zh(items: list[TargetAssessment]) -> str:
    """Return how the intervals were calibrated, and on how many series (empty if they were not).

    Examples
    --------
    >>> calibration_note_zh([])
    ''

    """
    calibrated = [i.forecast for i in items if i.forecast and i.forecast.calibration_series]
    if not calibrated:
        return ""
    n_series = max(f.calibration_series or 0 for f in calibrated)
    text = (
        f"区间宽度经过校准：按预测期限（1—5年）和序列类型，用{n_series}条真实年度序列"
        "（全国、山西、临汾）滚动预测的样本外误差确定。"
    )
    table = load_table()
    held_out = table.provenance.get("leave_one_series_out_coverage", {}) if table else {}
    if "80" in held_out:
        text += f"逐条留出检验中，80%区间覆盖了{float(held_out['80']):.0%}的实际值。"
    if any(f.combined_with_outside_view for f in calibrated):
        text += (
            "城镇化率的区间和概率由本县自身趋势与2010—2020年城镇化率相近县的变化速度"
            "合并成一个预测分布（按两者的精度加权）。"
        )
    return text


def method_note_md(data: BriefingData, items: list[TargetAssessment]) -> str:
    """Return the method paragraph: statuses, thresholds, forecasts used, data vintage."""
    forecasts = sorted(
        {
            f"{item.forecast.method_label_zh}（{item.forecast.points_used}个数据点）"
            for item in items
            if item.forecast is not None
        }
    )
    lines = [
        f"- **评估时点**：{data.as_of_year}年；{data.data_vintage_zh}。",
        "- **进度判定**：比较实际速度与按期实现所需速度（城镇化率等有上下限的比率按对数尺度，"
        "其余按每年变化量）。两者之比不低于"
        f"{ON_TRACK_RATIO:.0%}为“进度正常”，{ACCELERATION_RATIO:.0%}至{ON_TRACK_RATIO:.0%}为“需加快进度”，"
        f"0至{ACCELERATION_RATIO:.0%}为“进展有限”，小于0为“偏离目标”；已达到目标为“已实现”，"
        f"期限已过未达到为“期限已过未实现”。100%或0%的目标，差距在{CEILING_TOLERANCE_PP:g}个百分点以内视为已实现。",
        "- **口径**：2020年第七次人口普查前的抽样推算数与普查后的数据口径不同，不连成一条趋势；"
        "两次普查数据本身可比，保留。",
        f"- **预测与概率**：{'、'.join(forecasts) if forecasts else NO_FORECAST}。"
        f"预测区间为{data.level:.0%}预测区间；数据点少于3个时只做确定性外推，不给出概率。"
        + calibration_note_zh(items),
        "- **数据缺口**：暂无数据的目标列出应报送单位，部门报送经审核后进入下一期简报。",
    ]
    return "\n".join(lines)
