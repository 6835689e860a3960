"""Task tables and clause texts for sector and department briefings.

Examples
--------
>>> from hongtonglib.plan import load_plan
>>> rows = task_rows(load_plan(), load_plan().tasks_for_sector("health")[:1])
>>> rows[0]["任务"], rows[0]["牵头单位"]
('任务13', '县卫健委')
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from hongtonglib.report.formatting import html_table

if TYPE_CHECKING:
    from hongtonglib.plan import Plan, Task

TASK_COLUMNS = ["任务", "任务名称", "所属行动", "牵头单位", "配合单位", "完成期限"]


def deadline_zh(task: Task) -> str:
    """Return the task's deadline in Chinese (``未明确`` when the clause names no year)."""
    return f"{task.deadline_year}年" if task.deadline_year else "未明确"


def task_rows(plan: Plan, tasks: Sequence[Task]) -> list[dict[str, object]]:
    """Return one row per task with its lead and supporting units (Chinese names)."""
    rows = []
    for task in tasks:
        supporting = [plan.department(d).name_zh for d in task.supporting_department_ids]
        rows.append(
            {
                "任务": f"任务{task.task_id}",
                "任务名称": task.title,
                "所属行动": plan.action(task.action_id).title,
                "牵头单位": plan.department(task.lead_department_id).name_zh,
                "配合单位": "、".join(supporting) if supporting else "—",
                "完成期限": deadline_zh(task),
            }
        )
    return rows


def tasks_table_html(plan: Plan, tasks: Sequence[Task], caption: str | None = None) -> str:
    """Return the task table as HTML."""
    return html_table(task_rows(plan, tasks), TASK_COLUMNS, caption=caption)


def clauses_html(tasks: Sequence[Task], *, open_: bool = False) -> str:
    """Return each task's full clause as a collapsible block (open when ``open_``)."""
    blocks = []
    for task in tasks:
        paragraphs = "".join(
            f"<p>{html.escape(line)}</p>" for line in task.text.splitlines() if line.strip()
        )
        units = html.escape(task.units_text)
        blocks.append(
            f'<details class="clause"{" open" if open_ else ""}><summary>任务{task.task_id}　'
            f"{html.escape(task.title)}（原文）</summary>{paragraphs}"
            f'<p class="muted">责任单位：{units}</p></details>'
        )
    return "".join(blocks)
