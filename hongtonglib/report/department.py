"""The department briefing: the tasks a unit leads and supports, its targets, its data duties.

Examples
--------
>>> briefing = DepartmentBriefing("health", as_of_year=2026)
>>> [task.task_id for task in briefing.lead_tasks]
[13]
>>> briefing.summary_line()
'牵头任务1项、配合任务6项；相关数值目标11项：暂无数据11项；应报送指标4项'
"""

from __future__ import annotations

from dataclasses import dataclass

from hongtonglib import HONGTONG_REGION_CODE
from hongtonglib.assess.status import Status
from hongtonglib.report import targets, tasks
from hongtonglib.report.context import BriefingData, load_briefing_data
from hongtonglib.report.display import html, markdown
from hongtonglib.report.formatting import format_value, format_year, html_table
from hongtonglib.report.frames import BriefingFrames
from hongtonglib.report.round_sections import department_round_html
from hongtonglib.report.sector import status_counts_zh
from hongtonglib.report.sources import method_note_md, sources_table_html
from hongtonglib.summary import publish_summary

DATA_COLUMNS = ["指标", "单位", "定义", "服务的方案目标", "现有数据", "说明"]
DEADLINE_COLUMNS = ["任务", "任务名称", "本单位角色", "完成期限", "相关数值目标"]


@dataclass
class DepartmentBriefing:
    """The sections of one responsible unit's briefing.

    Parameters
    ----------
    department_id : str
        A department id or any alias the plan prints.
    as_of_year : int
        The assessment year.
    level : float
        Forecast interval coverage.
    region_code : str
        The region briefed.
    """

    department_id: str
    as_of_year: int
    level: float = 0.8
    region_code: str = HONGTONG_REGION_CODE

    def __post_init__(self) -> None:
        self.data: BriefingData = load_briefing_data(self.as_of_year, self.level, self.region_code)
        plan = self.data.plan
        self.department = plan.department(self.department_id)
        key = self.department.department_id
        self.lead_tasks = plan.tasks_for_department(key, role="lead")
        self.support_tasks = plan.tasks_for_department(key, role="support")
        task_ids = {t.task_id for t in (*self.lead_tasks, *self.support_tasks)}
        supplied = {i.indicator_id for i in self.data.indicators.values() if i.department_id == key}
        chosen = [
            t.target_id for t in plan.targets if t.task_id in task_ids or t.indicator_id in supplied
        ]
        self.items = self.data.assessments_for(chosen)
        self.supplied_indicators = sorted(
            (i for i in self.data.indicators.values() if i.department_id == key),
            key=lambda i: (not plan.targets_for_indicator(i.indicator_id), i.indicator_id),
        )

    @property
    def frames(self) -> BriefingFrames:
        """Return the frame behind each table of this briefing (built on first access).

        ``lead_tasks``, ``support_tasks``, ``targets`` (the target table), ``data_gaps`` (its
        targets without data), ``sources`` (the sources registry rows listed).
        """
        if not hasattr(self, "_frames"):
            self._frames = BriefingFrames(
                {
                    "lead_tasks": lambda: tasks.task_frame(self.data.plan, self.lead_tasks),
                    "support_tasks": lambda: tasks.task_frame(self.data.plan, self.support_tasks),
                    "targets": lambda: targets.target_frame(self.data, self.items),
                    "data_gaps": lambda: targets.gap_frame(self.data, self.items),
                    "sources": lambda: self.data.source_rows(self.source_ids()).reset_index(
                        drop=True
                    ),
                }
            )
        return self._frames

    @property
    def title_zh(self) -> str:
        """Return the briefing's title."""
        return f"{self.department.name_zh}任务与目标简报"

    def title(self) -> object:
        """Return the page title with the unit's names as printed in the plan."""
        aliases = [a for a in self.department.aliases if a != self.department.name_zh]
        also = f"（方案中也写作：{'、'.join(aliases)}）" if aliases else ""
        return markdown(
            f"# {self.title_zh}\n\n依据《{self.data.plan.title}》 · "
            f"评估时点：{self.as_of_year}年 · {self.department.name_zh}{also}"
        )

    def summary_line(self) -> str:
        """Return the one-line summary for the index page."""
        return (
            f"牵头任务{len(self.lead_tasks)}项、配合任务{len(self.support_tasks)}项；"
            f"相关数值目标{len(self.items)}项：{status_counts_zh(self.items)}；"
            f"应报送指标{len(self.supplied_indicators)}项"
        )

    def role(self) -> object:
        """Return the unit's role in the plan in a few sentences."""
        plan = self.data.plan
        lines = [f"- {self.summary_line()}。"]
        for safeguard in plan.safeguards:
            named = plan.departments_named_in(safeguard.text)
            if any(d.department_id == self.department.department_id for d in named):
                lines.append(
                    f"- 保障措施“{safeguard.title}”点名本单位：{safeguard.text.split('。')[1]}。"
                )
        deadlines = sorted({t.deadline_year for t in self.lead_tasks if t.deadline_year})
        if deadlines:
            lines.append(f"- 牵头任务的完成期限：{'、'.join(f'{y}年' for y in deadlines)}。")
        gaps = [i for i in self.items if i.status is Status.no_data]
        if gaps:
            lines.append(f"- 相关目标中{len(gaps)}项暂无县级数据，无法评估进度。")
        return markdown("\n".join(lines))

    def lead_task_table(self) -> object:
        """Return the tasks the unit leads."""
        if not self.lead_tasks:
            return markdown("本单位在方案中没有牵头任务。")
        return html(tasks.tasks_table_html(self.data.plan, self.lead_tasks))

    def lead_task_clauses(self) -> object:
        """Return the full clause of every task the unit leads (shown open)."""
        return html(tasks.clauses_html(self.lead_tasks, open_=True))

    def support_task_table(self) -> object:
        """Return the tasks the unit supports."""
        if not self.support_tasks:
            return markdown("本单位在方案中没有配合任务。")
        return html(tasks.tasks_table_html(self.data.plan, self.support_tasks))

    def support_task_clauses(self) -> object:
        """Return the full clause of every task the unit supports (collapsed)."""
        return html(tasks.clauses_html(self.support_tasks))

    def deadline_table(self) -> object:
        """Return all the unit's tasks by deadline with their numeric targets."""
        plan = self.data.plan
        lead_ids = {t.task_id for t in self.lead_tasks}
        ordered = sorted(
            (*self.lead_tasks, *self.support_tasks),
            key=lambda t: (t.deadline_year or 9999, t.task_id),
        )
        rows = [
            {
                "任务": f"任务{task.task_id}",
                "任务名称": task.title,
                "本单位角色": "牵头" if task.task_id in lead_ids else "配合",
                "完成期限": tasks.deadline_zh(task),
                "相关数值目标": "；".join(
                    f"{t.label_zh}（{t.year}年）" for t in plan.targets_for_task(task.task_id)
                )
                or "—",
            }
            for task in ordered
        ]
        return html(html_table(rows, DEADLINE_COLUMNS))

    def target_table(self) -> object:
        """Return the assessment of the targets that concern the unit."""
        if not self.items:
            return markdown("本单位的任务没有数值目标。")
        return html(targets.targets_table_html(self.data, self.items))

    def target_notes(self) -> object:
        """Return one paragraph per target with data; count the targets without."""
        with_data = [item for item in self.items if item.status is not Status.no_data]
        missing = len(self.items) - len(with_data)
        paragraphs = [targets.describe_assessment(self.data, item) for item in with_data]
        if missing:
            paragraphs.append(
                f"其余{missing}项目标暂无县级数据，无法评估进度；应报送单位见上表最后一列。"
            )
        return markdown("\n\n".join(paragraphs) if paragraphs else "—")

    def data_requests(self) -> object:
        """Return the indicators the unit is expected to submit, with what exists already."""
        plan = self.data.plan
        rows = []
        for indicator in self.supplied_indicators:
            served = plan.targets_for_indicator(indicator.indicator_id)
            series = self.data.series(indicator.indicator_id)
            latest = (
                f"{format_value(series['value'].iloc[-1], indicator.unit)}"
                f"（{format_year(series['year'].iloc[-1])}）"
                if len(series)
                else "暂无"
            )
            rows.append(
                {
                    "指标": indicator.name_zh,
                    "单位": indicator.unit,
                    "定义": indicator.definition_zh,
                    "服务的方案目标": "；".join(f"{t.label_zh}（{t.year}年）" for t in served)
                    or "参考指标（非方案目标）",
                    "现有数据": latest,
                    "说明": indicator.supplier_note_zh or "",
                }
            )
        if not rows:
            return markdown("指标名录中没有指定由本单位报送的指标。")
        caption = (
            "请向简报编制人员领取本单位的Excel填报表（由 hongtong template 生成），"
            "按年份填写后报送；经审核通过的数据进入下一期简报。"
        )
        columns = [c for c in DATA_COLUMNS if c != "说明" or any(r["说明"] for r in rows)]
        return html(html_table(rows, columns, caption=caption))

    def round_progress(self) -> object:
        """Return the current round: items requested, received, approved, due date, missing."""
        section = department_round_html(self.department.department_id)
        return html(f'<div class="round-progress" id="round-progress">{section}</div>')

    def projects(self) -> object:
        """Return the named projects of the tasks the unit leads."""
        plan = self.data.plan
        rows = [
            {
                "任务": f"任务{p.task_id}",
                "项目": p.name_zh,
                "投资": p.investment_text or "—",
                "进度要求": p.milestone_text or "—",
            }
            for task in self.lead_tasks
            for p in plan.projects_for_task(task.task_id)
        ]
        if not rows:
            return markdown("本单位牵头的任务中没有点名项目。")
        return html(html_table(rows, ["任务", "项目", "投资", "进度要求"]))

    def publish_summary(self) -> None:
        """Publish the summary line, title and data vintage for the index page."""
        publish_summary(
            self.summary_line(), title=self.title_zh, data_vintage=self.data.data_vintage_zh
        )

    def source_ids(self) -> set[str]:
        """Return the sources of the values shown."""
        used = targets.used_source_ids(self.items)
        for indicator in self.supplied_indicators:
            used |= set(self.data.series(indicator.indicator_id)["source_id"].dropna().astype(str))
        return used

    def sources(self) -> object:
        """Return the sources of the values shown."""
        return html(sources_table_html(self.data, self.source_ids()))

    def method(self) -> object:
        """Return the method note."""
        return markdown(method_note_md(self.data, self.items))
