"""The plan's registries as pandas tables with stable column names.

These frames feed the ``hongtong plan`` commands and the briefings. List-valued cells
(``department_ids``, ``years``, ``sector_ids``) stay Python lists; the command line joins them
with ``;`` for CSV and plain-text output.

Examples
--------
>>> from hongtonglib.plan import load_plan
>>> frame = targets_table(load_plan())
>>> frame.loc[frame.target_id == "T23-garbage-harmless", ["value", "unit", "year"]].values.tolist()
[[100.0, '%', 2027]]
"""

from __future__ import annotations

import pandas as pd

from hongtonglib.plan.models import Comparator, Target
from hongtonglib.plan.registry import Plan

COMPARATOR_SYMBOLS = {
    Comparator.at_least: "≥",
    Comparator.greater: ">",
    Comparator.at_most: "≤",
    Comparator.less: "<",
}


def format_number(value: float) -> str:
    """Format a number without a trailing ``.0``: ``46.0`` → ``46``, ``0.55`` → ``0.55``."""
    return f"{value:g}"


def describe_target(target: Target) -> str:
    """Return a target's requirement in words and symbols, e.g. ``≥ 46%`` or ``1–2 个``."""
    unit = target.unit
    if target.comparator is Comparator.range:
        assert target.value_min is not None and target.value_max is not None
        return f"{format_number(target.value_min)}–{format_number(target.value_max)} {unit}"
    assert target.value is not None
    number = format_number(target.value)
    amount = f"{number}{unit}" if unit == "%" else f"{number} {unit}"
    return f"{COMPARATOR_SYMBOLS[target.comparator]} {amount}"


def tasks_table(plan: Plan) -> pd.DataFrame:
    """One row per task: ids, title, units in printed order, years, sectors and clause text."""
    rows = [
        {
            "task_id": task.task_id,
            "action_id": task.action_id,
            "title_zh": task.title,
            "lead_department_id": task.lead_department_id,
            "department_ids": list(task.department_ids),
            "unit_names": list(task.unit_names),
            "years": list(task.years),
            "deadline_year": task.deadline_year,
            "sector_ids": list(task.sector_ids),
            "text": task.text,
        }
        for task in plan.tasks
    ]
    frame = pd.DataFrame(rows)
    return frame.astype({"deadline_year": "Int64"})


def targets_table(plan: Plan) -> pd.DataFrame:
    """One row per numeric target, with its lead department and exact sentence."""
    rows = []
    for target in plan.targets:
        lead = plan.task(target.task_id).lead_department_id if target.task_id else None
        rows.append(
            {
                "target_id": target.target_id,
                "task_id": target.task_id,
                "indicator_id": target.indicator_id,
                "label_zh": target.label_zh,
                "kind": target.kind.value,
                "comparator": target.comparator.value,
                "value": target.value,
                "value_min": target.value_min,
                "value_max": target.value_max,
                "unit": target.unit,
                "year": target.year,
                "year_is_stated": target.year_is_stated,
                "requirement": describe_target(target),
                "sector_ids": list(target.sector_ids),
                "lead_department_id": lead,
                "sentence": target.sentence,
                "note": target.note,
            }
        )
    return pd.DataFrame(rows)


def departments_table(plan: Plan) -> pd.DataFrame:
    """One row per department with its aliases and the tasks it leads and supports."""
    rows = []
    for department in plan.departments:
        department_id = department.department_id
        rows.append(
            {
                "department_id": department_id,
                "name_zh": department.name_zh,
                "name_en": department.name_en,
                "kind": department.kind,
                "aliases": list(department.aliases),
                "in_plan": department.in_plan,
                "lead_task_ids": [
                    t.task_id for t in plan.tasks_for_department(department_id, role="lead")
                ],
                "support_task_ids": [
                    t.task_id for t in plan.tasks_for_department(department_id, role="support")
                ],
            }
        )
    return pd.DataFrame(rows)


def projects_table(plan: Plan) -> pd.DataFrame:
    """One row per named project with its investment in 亿元 where printed."""
    frame = pd.DataFrame([project.model_dump() for project in plan.projects])
    return frame[
        [
            "project_id",
            "task_id",
            "kind",
            "name_zh",
            "investment_100m_yuan",
            "investment_text",
            "capacity_text",
            "milestone_text",
            "sentence",
        ]
    ]


def readable_targets_table(plan: Plan) -> pd.DataFrame:
    """Return the human-readable target table of ``hongtong targets`` (Chinese headers)."""
    working_group = "、".join(d.name_zh for d in plan.departments_named_in(plan.safeguards[0].text))
    rows = []
    for target in sorted(plan.targets, key=lambda t: (t.task_id, t.year, t.target_id)):
        if target.task_id:
            lead = plan.department(plan.task(target.task_id).lead_department_id).name_zh
        else:
            lead = f"工作专班（{working_group}）"
        rows.append(
            {
                "任务": target.task_id if target.task_id else "总目标",
                "目标": target.label_zh,
                "要求": describe_target(target),
                "年份": f"{target.year}" if target.year_is_stated else f"{target.year}*",
                "牵头单位": lead,
            }
        )
    return pd.DataFrame(rows)
