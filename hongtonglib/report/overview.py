"""The overview briefing: urbanization headline targets and the whole plan at a glance.

Examples
--------
>>> overview = OverviewBriefing("urbanization", as_of_year=2026)
>>> overview.sector.sector_id, len(overview.data.plan.targets)
('urbanization', 40)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from hongtonglib.assess.status import Status
from hongtonglib.report import outside, targets
from hongtonglib.report.display import html, markdown
from hongtonglib.report.formatting import format_value, html_table, status_badge
from hongtonglib.report.round_sections import current_round, unassessable_frame
from hongtonglib.report.sector import SectorBriefing, status_counts_zh

HEADLINE_TARGET_ID = "T00-urbanization-2027"


@dataclass
class OverviewBriefing(SectorBriefing):
    """The overview: the sector briefing of ``urbanization`` plus the plan at a glance."""

    @property
    def title_zh(self) -> str:
        """Return the briefing's title."""
        return "总览：城镇化目标与方案全貌"

    def summary_line(self) -> str:
        """Return the one-line summary: the headline target and all targets' statuses."""
        headline = self.data.assessment.item(HEADLINE_TARGET_ID)
        return (
            f"城镇化率{format_value(headline.latest_value, headline.unit)}"
            f"（{headline.latest_year}年），2027年目标55%：{headline.status.label_zh}；"
            f"全部{len(self.data.assessment.items)}项目标：{status_counts_zh(list(self.data.assessment.items))}"
        )

    def _frame_builders(self) -> dict[str, Callable[[], pd.DataFrame]]:
        builders = super()._frame_builders()
        builders["all_targets"] = lambda: targets.target_frame(
            self.data, list(self.data.assessment.items)
        )
        return builders

    def actions_table(self) -> object:
        """Return the 7 actions with their numbers of tasks, targets and lead units."""
        plan = self.data.plan
        rows = []
        for action in plan.actions:
            action_tasks = [plan.task(t) for t in action.task_ids]
            n_targets = sum(len(plan.targets_for_task(t)) for t in action.task_ids)
            leads = sorted({plan.department(t.lead_department_id).name_zh for t in action_tasks})
            rows.append(
                {
                    "行动": f"（{action.action_id}）{action.title}",
                    "任务": f"任务{action.task_ids[0]}—{action.task_ids[-1]}",
                    "数值目标": n_targets,
                    "牵头单位": "、".join(leads),
                }
            )
        return html(html_table(rows, ["行动", "任务", "数值目标", "牵头单位"]))

    def sector_status_table(self) -> object:
        """Return per sector (with a briefing) the number of targets by status."""
        rows = []
        for sector in self.data.plan.sectors:
            ids = [t.target_id for t in self.data.plan.targets_for_sector(sector.sector_id)]
            items = self.data.assessments_for(ids)
            rows.append(
                {
                    "领域": sector.name_zh,
                    "任务数": len(self.data.plan.tasks_for_sector(sector.sector_id)),
                    "数值目标数": len(items),
                    "评估结果": status_counts_zh(items),
                }
            )
        caption = "一项任务或目标可属于多个领域。"
        return html(html_table(rows, ["领域", "任务数", "数值目标数", "评估结果"], caption=caption))

    def all_targets_table(self) -> object:
        """Return every target of the plan with its status (``frames["all_targets"]``)."""
        rows = [
            {
                "任务": "总目标" if row.task_id == 0 else f"任务{row.task_id}",
                "目标": row.label_zh,
                "要求": row.requirement,
                "期限": f"{row.target_year}年",
                "状态": status_badge(Status(row.status)),
                "数据/应报送单位": format_value(row.latest_value, row.unit)
                if row.status != Status.no_data.value
                else row.supplier_name_zh,
            }
            for row in self.frames["all_targets"].itertuples(index=False)
        ]
        columns = ["任务", "目标", "要求", "期限", "状态", "数据/应报送单位"]
        return html(html_table(rows, columns, raw_html_columns=["状态"]))

    def projects_table(self) -> object:
        """Return the named projects with their investment where printed, and the total."""
        plan = self.data.plan
        rows = [
            {
                "任务": "功能定位" if p.task_id == 0 else f"任务{p.task_id}",
                "项目": p.name_zh,
                "投资": p.investment_text or "—",
                "规模": p.capacity_text or "—",
                "进度要求": p.milestone_text or "—",
            }
            for p in plan.projects
        ]
        invested = [p.investment_100m_yuan for p in plan.projects if p.investment_100m_yuan]
        caption = (
            f"方案点名项目{len(rows)}个，其中{len(invested)}个写明投资，合计{sum(invested):.2f}亿元"
            "（按原文数字相加，未核对项目实际进度）。"
        )
        return html(html_table(rows, ["任务", "项目", "投资", "规模", "进度要求"], caption=caption))

    def spatial_structure(self) -> object:
        """Return the 一心、四镇、一带、两区 structure as a list."""
        lines = [
            f"- **{c.label_zh}**：{c.role_zh}（{'、'.join(c.places_zh)}）"
            for c in self.data.plan.spatial
        ]
        return markdown("\n".join(lines))

    def reference_class_table(self) -> object:
        """Return the reference classes for the 2027 urbanization target."""
        return html(outside.reference_class_html(self.data, HEADLINE_TARGET_ID))

    def reference_class_sentence(self) -> object:
        """Return the reference-class sentence and the exclusions."""
        return markdown(
            outside.reference_class_sentence(self.data, HEADLINE_TARGET_ID)
            + "\n\n"
            + outside.exclusion_summary_md(self.data, HEADLINE_TARGET_ID)
        )

    def reference_class_chart(self) -> object:
        """Return the URGD distribution of counties with a similar 2010 urban share."""
        return outside.reference_class_chart(self.data, HEADLINE_TARGET_ID)

    def unassessable_targets(self) -> object:
        """Return the targets that remain unassessable and the unit that owes their data."""
        suppliers = {key: i.department_id for key, i in self.data.indicators.items()}
        frame = unassessable_frame(
            self.data.assessment.frame(), self.data.plan, suppliers, current_round()
        )
        if frame.empty:
            return markdown("所有目标均有数据可评估。")
        caption = f"仍无法评估的目标{len(frame)}项，及应报送数据的单位和本轮报送情况。"
        table = html_table(frame.to_dict("records"), list(frame.columns), caption=caption)
        return html(f'<div class="unassessable" id="unassessable">{table}</div>')
