"""The sector briefing: tasks, targets, trends, benchmarks, gaps and sources for one sector.

A notebook builds a :class:`SectorBriefing` from its parameters and calls one method per
section; each method returns something a notebook displays (Markdown, HTML or a figure).

Examples
--------
>>> briefing = SectorBriefing("housing", as_of_year=2026)
>>> briefing.sector.name_zh
'住房与城乡建设'
>>> len(briefing.items) >= 5
True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from hongtonglib import HONGTONG_REGION_CODE
from hongtonglib.analysis.context import DEMAND_COLUMNS
from hongtonglib.assess.status import Status
from hongtonglib.report import benchmarks, census_baselines, demand, sources, targets, tasks
from hongtonglib.report.context import BriefingData, load_briefing_data
from hongtonglib.report.display import html, markdown, show
from hongtonglib.report.frames import BriefingFrames
from hongtonglib.summary import publish_summary

if TYPE_CHECKING:
    from IPython.display import HTML, Markdown

    from hongtonglib.assess import TargetAssessment
    from hongtonglib.plan import Sector, Task


def status_counts_zh(items: list[TargetAssessment]) -> str:
    """Return e.g. ``进展有限3项，暂无数据5项`` in the order of the statuses.

    >>> status_counts_zh([])
    '无'
    """
    parts = []
    for status in Status:
        count = sum(1 for item in items if item.status is status)
        if count:
            parts.append(f"{status.label_zh}{count}项")
    return "，".join(parts) if parts else "无"


@dataclass
class SectorBriefing:
    """The sections of one sector's briefing.

    Parameters
    ----------
    sector_id : str
        A sector of the plan registry (``housing``, ``health``, ``education``,
        ``environment``, ``urbanization``).
    as_of_year : int
        The assessment year.
    level : float
        Forecast interval coverage.
    chart_end_year : int
        Last year drawn in the trend charts.
    region_code : str
        The region briefed.
    benchmark_region_codes, benchmark_indicator_ids : list of str
        Reference (non-plan) series shown for comparison.
    census_indicator_ids : list of str
        Census indicators shown as 2010/2020 baselines.
    demand_group_ids, demand_years : list
        Population groups (``data/demography/demand_groups.yaml``) and years of the
        demographic-demand section.
    """

    sector_id: str
    as_of_year: int
    level: float = 0.8
    chart_end_year: int = 2030
    region_code: str = HONGTONG_REGION_CODE
    benchmark_region_codes: list[str] = field(default_factory=list)
    benchmark_indicator_ids: list[str] = field(default_factory=list)
    census_indicator_ids: list[str] = field(default_factory=list)
    demand_group_ids: list[str] = field(default_factory=list)
    demand_years: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.data: BriefingData = load_briefing_data(self.as_of_year, self.level, self.region_code)
        self.sector: Sector = self.data.plan.sector(self.sector_id)
        self.tasks: tuple[Task, ...] = self.data.plan.tasks_for_sector(self.sector_id)
        target_ids = [t.target_id for t in self.data.plan.targets_for_sector(self.sector_id)]
        self.items: list[TargetAssessment] = self.data.assessments_for(target_ids)

    # -- the frames behind the tables ---------------------------------------------------
    @property
    def frames(self) -> BriefingFrames:
        """Return the frame behind each table of this briefing (built on first access).

        ``tasks`` (:func:`~hongtonglib.report.tasks.task_frame`), ``targets``
        (:func:`~hongtonglib.report.targets.target_frame`), ``data_gaps``
        (:func:`hongtonglib.targets_without_data`), ``census_baselines``
        (:func:`~hongtonglib.report.census_baselines.census_baseline_frame`), ``benchmarks``
        (the observations the benchmark table summarizes), ``demand``
        (:func:`hongtonglib.demographic_demand` of the briefing's groups), ``sources`` (the
        sources registry rows listed). Cached per briefing object.
        """
        if not hasattr(self, "_frames"):
            self._frames = BriefingFrames(self._frame_builders())
        return self._frames

    def _frame_builders(self) -> dict[str, Callable[[], pd.DataFrame]]:
        return {
            "tasks": lambda: tasks.task_frame(self.data.plan, self.tasks),
            "targets": lambda: targets.target_frame(self.data, self.items),
            "data_gaps": lambda: targets.gap_frame(self.data, self.items),
            "census_baselines": lambda: census_baselines.census_baseline_frame(
                self.data, self.census_indicator_ids
            ),
            "benchmarks": lambda: benchmarks.benchmark_frame(
                self.data, self.benchmark_indicator_ids, self.benchmark_region_codes
            ),
            "demand": self._demand_frame,
            "sources": lambda: self.data.source_rows(self.source_ids()).reset_index(drop=True),
        }

    def _demand_frame(self) -> pd.DataFrame:
        if not self.demand_group_ids:
            return pd.DataFrame(columns=DEMAND_COLUMNS)
        return demand.demand_frame(self.region_code, self.demand_group_ids, self.demand_years)

    # -- header and summary -------------------------------------------------------------
    @property
    def title_zh(self) -> str:
        """Return the briefing's title."""
        return f"{self.sector.name_zh}简报"

    def title(self) -> Markdown:
        """Return the page title and the as-of line."""
        return markdown(
            f"# {self.data.region_name}城镇化行动方案监测：{self.title_zh}\n\n"
            f"依据《{self.data.plan.title}》 · 评估时点：{self.as_of_year}年 · "
            f"{self.data.data_vintage_zh}"
        )

    def summary_line(self) -> str:
        """Return the one-line summary for the index page."""
        return (
            f"{len(self.tasks)}项任务、{len(self.items)}项数值目标：{status_counts_zh(self.items)}"
        )

    def key_messages(self) -> Markdown:
        """Return the key messages: counts, the targets behind schedule, the data gaps."""
        behind = [
            item
            for item in self.items
            if item.status
            in (
                Status.limited_progress,
                Status.deterioration,
                Status.needs_acceleration,
                Status.not_achieved,
            )
        ]
        gaps = [item for item in self.items if item.status is Status.no_data]
        lines = [
            f"- 本领域涉及方案任务{len(self.tasks)}项、数值目标{len(self.items)}项："
            f"{status_counts_zh(self.items)}。"
        ]
        for item in behind:
            probability = targets.format_probability(item.probability)
            lines.append(
                f"- **{item.label_zh}**（{item.target_year}年）：{item.status.label_zh}，"
                f"最新值{targets.format_value(item.latest_value, item.unit)}"
                f"（{item.latest_year}年），实现概率{probability}。"
            )
        if gaps:
            suppliers = sorted({self.data.department_name(i.supplier_department_id) for i in gaps})
            lines.append(
                f"- {len(gaps)}项目标暂无县级数据，无法评估，需{'、'.join(suppliers)}报送数据。"
            )
        return markdown("\n".join(lines))

    def publish_summary(self) -> None:
        """Publish the summary line, title and data vintage for the index page."""
        publish_summary(
            self.summary_line(), title=self.title_zh, data_vintage=self.data.data_vintage_zh
        )

    # -- tasks and targets --------------------------------------------------------------
    def task_table(self) -> HTML:
        """Return the sector's tasks with lead and supporting units and deadlines."""
        return html(tasks.tasks_table_html(self.data.plan, self.tasks))

    def task_clauses(self) -> HTML:
        """Return each task's full clause, collapsed."""
        return html(tasks.clauses_html(self.tasks))

    def target_table(self) -> HTML:
        """Return the assessment table of the sector's targets."""
        return html(targets.targets_table_html(self.data, self.items))

    def target_notes(self) -> Markdown:
        """Return one paragraph per target that has data."""
        notes = [
            targets.describe_assessment(self.data, item)
            for item in self.items
            if item.status is not Status.no_data
        ]
        return markdown(
            "\n\n".join(notes) if notes else "本领域的数值目标暂无县级数据，无法评估进度。"
        )

    def target_charts(self) -> Markdown | None:
        """Display one chart per indicator with data; say so when there is none."""
        indicator_ids = targets.charted_indicators(self.items)
        if not indicator_ids:
            return markdown("本领域的目标暂无县级数据序列，无法绘制趋势图。")
        for indicator_id in indicator_ids:
            figure, note = targets.indicator_chart(self.data, indicator_id, self.chart_end_year)
            show(figure)
            show(markdown(f"<p class='muted'>{note}</p>"))
        return None

    # -- context ------------------------------------------------------------------------
    def census_baselines(self, indicator_ids: list[str] | None = None) -> HTML:
        """Return the county's 2010 and 2020 census values ranked among all counties.

        ``indicator_ids`` picks a themed part of ``census_indicator_ids`` (all by default).
        """
        chosen = _chosen(indicator_ids, self.census_indicator_ids, "census_indicator_ids")
        return html(census_baselines.census_baselines_html(self.data, chosen))

    def benchmark_table(self, indicator_ids: list[str] | None = None) -> HTML:
        """Return the reference (non-plan) benchmark table.

        ``indicator_ids`` picks a themed part of ``benchmark_indicator_ids`` (all by default).
        """
        chosen = _chosen(indicator_ids, self.benchmark_indicator_ids, "benchmark_indicator_ids")
        return html(
            benchmarks.benchmarks_table_html(self.data, chosen, self.benchmark_region_codes)
        )

    def benchmark_charts(self, indicator_ids: list[str] | None = None) -> None:
        """Display one chart per benchmark indicator with at least two observations.

        ``indicator_ids`` picks a themed part of ``benchmark_indicator_ids`` (all by default).
        """
        regions = [self.region_code, *self.benchmark_region_codes]
        chosen = _chosen(indicator_ids, self.benchmark_indicator_ids, "benchmark_indicator_ids")
        for indicator_id in chosen:
            figure = benchmarks.benchmark_chart(self.data, indicator_id, regions)
            if figure is not None:
                show(figure)

    # -- demographic demand -------------------------------------------------------------
    def demand_table(self) -> HTML:
        """Return the projected groups (central scenario, low–high range in the last year)."""
        return html(
            demand.demand_table_html(self.region_code, self.demand_group_ids, self.demand_years)
        )

    def demand_headlines(self) -> Markdown:
        """Return one sentence per group on its change to the plan's last deadline."""
        return markdown(
            demand.demand_headlines_md(
                self.region_code, self.demand_group_ids, self.as_of_year, max(self.demand_years)
            )
        )

    def demand_chart(self) -> object:
        """Return the chart of the projected groups with their low–high bands."""
        return demand.demand_chart(
            self.region_code,
            self.demand_group_ids,
            f"{self.data.region_name}：{self.sector.name_zh}相关人群预测",
        )

    def demand_assumptions(self) -> Markdown:
        """Return the projection's assumptions and data sources."""
        return markdown(demand.assumptions_md(self.region_code))

    # -- gaps, sources, method ----------------------------------------------------------
    def data_gaps(self) -> HTML:
        """Return the targets without data and the department expected to supply each."""
        return html(targets.gaps_table_html(self.data, self.items))

    def source_ids(self) -> set[str]:
        """Return the sources of every value shown in this briefing."""
        used = targets.used_source_ids(self.items)
        for indicator_id in targets.charted_indicators(self.items):
            used |= set(self.data.series(indicator_id)["source_id"].dropna().astype(str))
        frame = benchmarks.benchmark_frame(
            self.data, self.benchmark_indicator_ids, self.benchmark_region_codes
        )
        used |= set(frame["source_id"].dropna().astype(str))
        if self.census_indicator_ids:
            used |= {"census_county_2010", "census_county_2020"}
        return used

    def sources(self) -> HTML:
        """Return the sources table (addresses as text)."""
        return html(sources.sources_table_html(self.data, self.source_ids()))

    def method(self) -> Markdown:
        """Return the method note: thresholds, forecasts, data vintage."""
        return markdown(sources.method_note_md(self.data, self.items))


def _chosen(chosen: list[str] | None, configured: list[str], name: str) -> list[str]:
    """Return ``chosen`` (or all of ``configured``); every id must be configured.

    A notebook groups the indicators of its parameter file into themed sections; the
    parameter file stays the one list of what a briefing shows (and cites in its sources).

    >>> _chosen(["a"], ["a", "b"], "census_indicator_ids"), _chosen(None, ["a", "b"], "x")
    (['a'], ['a', 'b'])
    """
    if chosen is None:
        return list(configured)
    unknown = [item for item in chosen if item not in configured]
    if unknown:
        raise ValueError(f"{', '.join(unknown)} not in the parameter file's {name}")
    return list(chosen)
