"""Cross-checks between the plan's registries.

Each check returns problems instead of raising, so :func:`hongtonglib.plan.load_plan` can
report every inconsistency at once.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from hongtonglib.plan.models import Comparator
from hongtonglib.validation import Problem

if TYPE_CHECKING:
    from hongtonglib.plan.registry import Plan


def _duplicates(values: list[str]) -> list[str]:
    return [value for value, count in Counter(values).items() if count > 1]


def _source_text(plan: Plan, task_id: int) -> str | None:
    if task_id == 0:
        general = plan.general
        parts = [general.guiding_idea, general.positioning_intro]
        parts += [goal.text for goal in general.goals]
        parts += [item.text for item in general.positioning]
        return "\n".join(parts)
    matches = [task.text for task in plan.tasks if task.task_id == task_id]
    return matches[0] if matches else None


def check_targets(plan: Plan) -> list[Problem]:
    """Targets refer to existing tasks and sectors, quote their task, and are well-formed."""
    problems = []
    sector_ids = set(plan.sector_ids)
    for row, target in enumerate(plan.targets, start=1):

        def add(message: str, field: str, row: int = row) -> None:
            problems.append(Problem("targets.csv", message, row=row, field=field))

        text = _source_text(plan, target.task_id)
        if text is None:
            add(f"task {target.task_id} does not exist", "task_id")
        elif target.sentence not in text.replace("\n", ""):
            add(f"sentence not found in task {target.task_id}'s text", "sentence")
        for sector_id in target.sector_ids:
            if sector_id not in sector_ids:
                add(f"unknown sector {sector_id!r}", "sector_ids")
        if target.comparator is Comparator.range:
            if target.value_min is None or target.value_max is None:
                add("a range target needs value_min and value_max", "value_min")
            elif target.value_min > target.value_max:
                add("value_min is above value_max", "value_min")
        elif target.value is None:
            add("target has no value", "value")
    for duplicate in _duplicates([t.target_id for t in plan.targets]):
        problems.append(Problem("targets.csv", f"duplicate target_id {duplicate!r}"))
    return problems


def check_projects(plan: Plan) -> list[Problem]:
    """Projects refer to existing tasks and quote their task."""
    problems = []
    for row, project in enumerate(plan.projects, start=1):
        text = _source_text(plan, project.task_id)
        if text is None:
            problems.append(Problem("projects.csv", "task does not exist", row, "task_id"))
        elif project.sentence not in text.replace("\n", ""):
            problems.append(
                Problem("projects.csv", "sentence not found in the task's text", row, "sentence")
            )
        elif project.name_zh.split("（")[0] not in project.sentence:
            problems.append(Problem("projects.csv", "name not in its sentence", row, "name_zh"))
    for duplicate in _duplicates([p.project_id for p in plan.projects]):
        problems.append(Problem("projects.csv", f"duplicate project_id {duplicate!r}"))
    return problems


def check_departments_and_sectors(plan: Plan) -> list[Problem]:
    """Every alias is unique, every plan department has a task, every sector is used."""
    problems = []
    aliases = [alias for d in plan.departments for alias in set((d.name_zh, *d.aliases))]
    for duplicate in _duplicates(aliases):
        problems.append(
            Problem(
                "departments.yaml", f"alias {duplicate!r} names two departments", None, "aliases"
            )
        )
    used = {department_id for task in plan.tasks for department_id in task.department_ids}
    for department in plan.departments:
        if department.in_plan and department.department_id not in used:
            problems.append(
                Problem(
                    "departments.yaml",
                    f"{department.department_id} leads or supports no task",
                    None,
                    "department_id",
                )
            )
    sector_ids = set(plan.sector_ids)
    tagged = {sector_id for task in plan.tasks for sector_id in task.sector_ids}
    for task in plan.tasks:
        if not task.sector_ids:
            problems.append(
                Problem("sectors.yaml", f"task {task.task_id} has no sector", None, "task_sectors")
            )
        for sector_id in task.sector_ids:
            if sector_id not in sector_ids:
                problems.append(
                    Problem(
                        "sectors.yaml",
                        f"unknown sector {sector_id!r} on task {task.task_id}",
                        None,
                        "task_sectors",
                    )
                )
    for sector_id in sector_ids - tagged:
        problems.append(
            Problem("sectors.yaml", f"sector {sector_id!r} tags no task", None, "sectors")
        )
    return problems


def check_plan(plan: Plan) -> list[Problem]:
    """Run every cross-check and return all problems found."""
    return check_targets(plan) + check_projects(plan) + check_departments_and_sectors(plan)
