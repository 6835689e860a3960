"""Target sections of a briefing: the assessment table, sentences, charts and data gaps.

Examples
--------
>>> from hongtonglib.report.context import load_briefing_data
>>> data = load_briefing_data(2026)
>>> item = data.assessment.item("T00-urbanization-2027")
>>> print(describe_assessment(data, item))  # doctest: +ELLIPSIS
**全县常住人口城镇化率达到55%**（≥ 55%，2027年）：最新值 41.5%（2022年，统计公报）...
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from hongtonglib.analysis.assessment import without_data_frame
from hongtonglib.analysis.forecast import forecast_indicator
from hongtonglib.assess.comparable import comparable_points
from hongtonglib.assess.status import Status
from hongtonglib.charts import plot_series_with_forecast, use_briefing_style
from hongtonglib.report.formatting import (
    basis_zh,
    format_change_pp,
    format_gap,
    format_pace,
    format_probability,
    format_value,
    format_year,
    html_table,
    is_missing,
    status_badge,
    text_zh,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from hongtonglib.assess import TargetAssessment
    from hongtonglib.report.context import BriefingData

TARGET_COLUMNS = [
    "任务",
    "目标",
    "要求",
    "期限",
    "最新值",
    "来源与口径",
    "所需速度",
    "实际速度",
    "状态",
    "实现概率",
    "数据提供单位",
]
GAP_COLUMNS = ["任务", "目标", "指标", "单位", "期限", "应报送单位", "说明"]


def source_label(data: BriefingData, source_id: str | None) -> str:
    """Return a short Chinese label of a source: submission number or its (Chinese) title."""
    if not source_id:
        return "—"
    if source_id.startswith("submission:"):
        return f"部门报送第{source_id.split(':', 1)[1]}号"
    rows = data.source_rows({source_id})
    return text_zh(rows.iloc[0], "title") if len(rows) else source_id


def _task_label(task_id: int) -> str:
    return "总目标" if task_id == 0 else f"任务{task_id}"


TARGET_FRAME_COLUMNS = [
    "task_id",
    "target_id",
    "label_zh",
    "requirement",
    "target_year",
    "year_is_stated",
    "unit",
    "latest_value",
    "latest_year",
    "latest_basis",
    "latest_source_id",
    "source_label_zh",
    "required_pace",
    "observed_pace",
    "status",
    "probability",
    "probability_change",
    "supplier_department_id",
    "supplier_name_zh",
]
"""Columns of :func:`target_frame`, the frame behind the briefings' target tables."""


def target_frame(data: BriefingData, items: list[TargetAssessment]) -> pd.DataFrame:
    """Return one row per target milestone: the numbers of the target table, unformatted.

    ``status`` is the status value (``limited_progress``), ``probability`` and
    ``probability_change`` fractions (the change since the previous year's assessment), paces
    in the target's unit per year.
    """
    rows = [
        {
            "task_id": item.task_id,
            "target_id": item.target_id,
            "label_zh": item.label_zh,
            "requirement": item.requirement,
            "target_year": item.target_year,
            "year_is_stated": data.plan.target(item.target_id).year_is_stated,
            "unit": item.unit,
            "latest_value": item.latest_value,
            "latest_year": item.latest_year,
            "latest_basis": item.latest_basis,
            "latest_source_id": item.latest_source_id,
            "source_label_zh": source_label(data, item.latest_source_id)
            if item.latest_value is not None
            else None,
            "required_pace": item.required_pace,
            "observed_pace": item.observed_pace,
            "status": item.status.value,
            "probability": item.probability,
            "probability_change": data.assessment.probability_change(item.target_id),
            "supplier_department_id": item.supplier_department_id,
            "supplier_name_zh": data.department_name(item.supplier_department_id),
        }
        for item in items
    ]
    frame = pd.DataFrame(rows, columns=TARGET_FRAME_COLUMNS)
    for column in ("latest_year",):
        frame[column] = frame[column].astype("Int64")
    for column in ("latest_value", "required_pace", "observed_pace", "probability"):
        frame[column] = frame[column].astype(float)
    frame["probability_change"] = frame["probability_change"].astype(float)
    return frame


def target_rows(frame: pd.DataFrame) -> list[dict[str, object]]:
    """Format :func:`target_frame` as table rows with Chinese headers."""
    rows = []
    for row in frame.itertuples(index=False):
        has_value = not is_missing(row.latest_value)
        latest = (
            f"{format_value(row.latest_value, row.unit)}（{format_year(row.latest_year)}）"
            if has_value
            else "暂无数据"
        )
        origin = f"{basis_zh(row.latest_basis)}：{row.source_label_zh}" if has_value else "—"
        probability = format_probability(row.probability)
        change = format_change_pp(row.probability_change)
        rows.append(
            {
                "任务": _task_label(row.task_id),
                "目标": row.label_zh,
                "要求": row.requirement,
                "期限": f"{row.target_year}年" + ("" if row.year_is_stated else "*"),
                "最新值": latest,
                "来源与口径": origin,
                "所需速度": format_pace(row.required_pace, row.unit),
                "实际速度": format_pace(row.observed_pace, row.unit),
                "状态": status_badge(Status(row.status)),
                "实现概率": probability + (f"（{change}）" if change else ""),
                "数据提供单位": row.supplier_name_zh,
            }
        )
    return rows


def targets_table_html(data: BriefingData, items: list[TargetAssessment]) -> str:
    """Return the assessment table of the given targets as HTML."""
    caption = (
        f"截至{data.as_of_year}年的评估。“*”表示原文该句未写明年份，采用任务完成期限或方案期末。"
        "速度为每年变化量；实现概率来自对县级数据序列的预测。"
    )
    return html_table(
        target_rows(target_frame(data, items)),
        TARGET_COLUMNS,
        raw_html_columns=["状态"],
        caption=caption,
    )


def describe_assessment(data: BriefingData, item: TargetAssessment) -> str:
    """Return a Markdown paragraph narrating one target's assessment."""
    head = f"**{item.label_zh}**（{item.requirement}，{item.target_year}年）："
    if item.status is Status.no_data:
        return head + (
            f"暂无县级数据，无法评估；应由{data.department_name(item.supplier_department_id)}报送。"
        )
    parts = [
        f"最新值 {format_value(item.latest_value, item.unit)}（{format_year(item.latest_year)}，"
        f"{basis_zh(item.latest_basis)}）"
    ]
    if item.status is Status.achieved:
        parts.append("已达到目标")
    elif item.status is Status.not_achieved:
        parts.append("期限已过，未达到目标")
    elif item.status is Status.insufficient_data:
        parts.append(
            f"距目标还差 {format_gap(item.gap, item.unit)}，但可比数据只有一个年份，无法判断进度"
        )
    else:
        observed = format_pace(item.observed_pace, item.unit)
        parts.append(
            f"要按期实现需{format_pace(item.required_pace, item.unit)}，"
            f"而{item.baseline_year}—{item.latest_year}年实际{observed}"
        )
        if item.pace_ratio is not None:
            scale = "（按对数尺度计）" if item.pace_scale == "logit" else ""
            parts.append(
                f"实际速度约为所需速度的{item.pace_ratio:.0%}{scale}，判定为“{item.status.label_zh}”"
            )
    forecast = item.forecast
    if forecast is not None:
        if forecast.has_interval:
            parts.append(
                f"按{forecast.method_label_zh}（{forecast.points_used}个数据点）预测，"
                f"{forecast.year}年约 {format_value(forecast.mean, item.unit)}"
                f"（{forecast.level:.0%}区间 {format_value(forecast.lower, item.unit)}—"
                f"{format_value(forecast.upper, item.unit)}），"
                f"实现概率{format_probability(forecast.probability)}"
            )
        else:
            parts.append(
                f"数据点太少（{forecast.points_used}个），只做确定性外推："
                f"{forecast.year}年约 {format_value(forecast.mean, item.unit)}，不给出概率"
            )
    if item.outside_view_note:
        parts.append(f"外部参照：{item.outside_view_note.rstrip('。')}")
    if item.points_dropped:
        parts.append(
            f"另有{item.points_dropped}个口径不可比的数据点（如普查前的抽样推算）未参与计算"
        )
    return head + "；".join(parts) + "。"


def gap_frame(data: BriefingData, items: list[TargetAssessment]) -> pd.DataFrame:
    """Return the targets of ``items`` without data (:func:`hongtonglib.targets_without_data`)."""
    return without_data_frame(data.assessment, [item.target_id for item in items])


def gap_rows(frame: pd.DataFrame) -> list[dict[str, object]]:
    """Format :func:`gap_frame` as table rows with Chinese headers."""
    return [
        {
            "任务": _task_label(row.task_id),
            "目标": row.label_zh,
            "指标": row.indicator_name_zh,
            "单位": row.unit,
            "期限": f"{row.target_year}年" + ("" if row.year_is_stated else "*"),
            "应报送单位": row.supplier_name_zh or "—",
            "说明": row.definition_zh,
        }
        for row in frame.itertuples(index=False)
    ]


def gaps_table_html(data: BriefingData, items: list[TargetAssessment]) -> str:
    """Return the data-gaps table as HTML (or a sentence when nothing is missing)."""
    rows = gap_rows(gap_frame(data, items))
    if not rows:
        return "<p>本部分所有目标均已有数据。</p>"
    caption = (
        f"共{len(rows)}项目标暂无县级数据。请相关单位用“hongtong template”生成的填报表报送，"
        "经审核后自动进入下一期简报。"
    )
    return html_table(rows, GAP_COLUMNS, caption=caption)


def milestones_frame(data: BriefingData, indicator_id: str) -> pd.DataFrame:
    """Return the plan's milestones of an indicator (``year, value, label``)."""
    rows = [
        {
            "year": target.year,
            "value": target.threshold,
            "label": f"{target.year}年目标 {format_value(target.threshold, target.unit)}",
        }
        for target in data.plan.targets_for_indicator(indicator_id)
    ]
    return pd.DataFrame(rows, columns=["year", "value", "label"])


def chart_forecast(
    data: BriefingData, indicator_id: str, end_year: int
) -> tuple[pd.DataFrame | None, str]:
    """Return the forecast path to ``end_year`` from the comparable points, and a note.

    The path is :func:`hongtonglib.forecast_indicator`'s, the assessment's forecast.
    """
    kept, _ = comparable_points(data.series(indicator_id))
    if len(kept) < 2 or end_year <= int(kept["year"].max()):
        return None, "数据点不足两个，未作预测。"
    forecast = forecast_indicator(
        indicator_id,
        data.region_code,
        target_year=end_year,
        level=data.level,
        as_of=data.as_of_year,
    )
    result = forecast.result
    note = f"预测方法：{result.method_label_zh}，{len(result.points_used)}个可比数据点。"
    if result.interval_kind.value == "none":
        note += "数据点太少，不给出预测区间。"
    if forecast.combined_with_outside_view:
        note += "预测区间已与2010—2020年城镇化率相近县的变化速度合并。"
    return result.table, note


def indicator_chart(data: BriefingData, indicator_id: str, end_year: int) -> tuple[Figure, str]:
    """Draw an indicator's history, forecast to ``end_year`` and the plan's milestones.

    Returns the figure and the note on the forecast method drawn.
    """
    use_briefing_style()
    indicator = data.indicators[indicator_id]
    history = data.series(indicator_id)[["year", "value", "basis"]]
    forecast, note = chart_forecast(data, indicator_id, end_year)
    bounds = None
    if indicator.unit == "%":
        values = list(history["value"]) + list(milestones_frame(data, indicator_id)["value"])
        if forecast is not None:
            values += list(forecast["mean_ci_lower"]) + list(forecast["mean_ci_upper"])
        low, high = min(values), max(values)
        pad = max(2.0, (high - low) * 0.15)
        bounds = (max(0.0, low - pad), min(100.0, high + pad))
    figure = plot_series_with_forecast(
        history,
        forecast,
        milestones_frame(data, indicator_id),
        title=f"{data.region_name}：{indicator.name_zh}",
        unit=indicator.unit,
        bounds=bounds,
        interval_label=f"{data.level:.0%} 预测区间",
    )
    return figure, note


def charted_indicators(items: list[TargetAssessment]) -> list[str]:
    """Return the indicators of the given targets that have at least one observation."""
    seen: list[str] = []
    for item in items:
        if item.latest_value is not None and item.indicator_id not in seen:
            seen.append(item.indicator_id)
    return seen


def used_source_ids(items: list[TargetAssessment]) -> set[str]:
    """Return the sources of the latest values of the given targets."""
    return {item.latest_source_id for item in items if not is_missing(item.latest_source_id)}  # type: ignore[misc]
