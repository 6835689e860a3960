"""Task tables and clause texts for sector and department briefings.

Examples
--------
>>> from hongtonglib.plan import load_plan
>>> rows = task_rows(task_frame(load_plan(), load_plan().tasks_for_sector("health")[:1]))
>>> rows[0]["任务"], rows[0]["牵头单位"]
('任务13', '县卫健委')
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from hongtonglib.report.formatting import html_table

if TYPE_CHECKING:
    from hongtonglib.plan import Plan, Task

TASK_COLUMNS = ["任务", "任务名称", "所属行动", "牵头单位", "配合单位", "完成期限"]


def deadline_zh(task: Task) -> str:
    """Return the task's deadline in Chinese (``未明确`` when the clause names no year)."""
    return f"{task.deadline_year}年" if task.deadline_year else "未明确"


TASK_FRAME_COLUMNS = [
    "task_id",
    "title_zh",
    "action_id",
    "action_title_zh",
    "lead_department_id",
    "lead_name_zh",
    "supporting_department_ids",
    "supporting_names_zh",
    "deadline_year",
]
"""Columns of :func:`task_frame`, the frame behind the task tables."""


def task_frame(plan: Plan, tasks: Sequence[Task]) -> pd.DataFrame:
    """Return one row per task with its action, lead and supporting units (ids and names)."""
    rows = [
        {
            "task_id": task.task_id,
            "title_zh": task.title,
            "action_id": task.action_id,
            "action_title_zh": plan.action(task.action_id).title,
            "lead_department_id": task.lead_department_id,
            "lead_name_zh": plan.department(task.lead_department_id).name_zh,
            "supporting_department_ids": list(task.supporting_department_ids),
            "supporting_names_zh": [
                plan.department(d).name_zh for d in task.supporting_department_ids
            ],
            "deadline_year": task.deadline_year,
        }
        for task in tasks
    ]
    return pd.DataFrame(rows, columns=TASK_FRAME_COLUMNS).astype({"deadline_year": "Int64"})


def task_rows(frame: pd.DataFrame) -> list[dict[str, object]]:
    """Format :func:`task_frame` as table rows with Chinese headers."""
    return [
        {
            "任务": f"任务{row.task_id}",
            "任务名称": row.title_zh,
            "所属行动": row.action_title_zh,
            "牵头单位": row.lead_name_zh,
            "配合单位": "、".join(row.supporting_names_zh) if row.supporting_names_zh else "—",
            "完成期限": f"{row.deadline_year}年"
            if not pd.isna(row.deadline_year) and row.deadline_year
            else "未明确",
        }
        for row in frame.itertuples(index=False)
    ]


def tasks_table_html(plan: Plan, tasks: Sequence[Task], caption: str | None = None) -> str:
    """Return the task table as HTML."""
    return html_table(task_rows(task_frame(plan, tasks)), TASK_COLUMNS, caption=caption)


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
