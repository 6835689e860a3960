"""Which indicators a department is expected to supply, and the plan targets they serve.

A department supplies an indicator when the registry names it as the supplier
(``department_id``), or when the indicator measures a plan target of a task the department
leads. The second rule lets a lead unit report on its own targets even when another unit holds
the statistic (e.g. 县行政审批局 leads task 9, sponge city, that 县住建局 measures).

Examples
--------
>>> from hongtonglib.plan import load_plan
>>> scope = department_scope("县卫健局", load_plan(), load_catalog())
>>> scope.department.department_id, "high_standard_hospitals_count" in scope.indicator_ids
('health', True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from hongtonglib.intake.catalog import IndicatorSpec, load_catalog
from hongtonglib.plan import Comparator, Department, Plan, Target

__all__ = ["DepartmentScope", "department_scope", "load_catalog", "target_text"]


@dataclass(frozen=True)
class ScopedIndicator:
    """An indicator a department supplies, with the plan targets it measures."""

    spec: IndicatorSpec
    targets: tuple[Target, ...]
    by_registry: bool
    """True when the registry names the department as supplier."""
    by_lead_task: bool
    """True when the department leads a task with a target on this indicator."""


@dataclass(frozen=True)
class DepartmentScope:
    """The indicators one department is expected to supply."""

    department: Department
    indicators: tuple[ScopedIndicator, ...]

    @property
    def indicator_ids(self) -> tuple[str, ...]:
        """The ids of the indicators, in template order."""
        return tuple(item.spec.indicator_id for item in self.indicators)

    def get(self, indicator_id: str) -> ScopedIndicator | None:
        """Return the scoped indicator ``indicator_id``, or None when out of scope."""
        for item in self.indicators:
            if item.spec.indicator_id == indicator_id:
                return item
        return None


def department_scope(key: str, plan: Plan, catalog: Mapping[str, IndicatorSpec]) -> DepartmentScope:
    """Return the indicators department ``key`` (an id or alias) is expected to supply.

    Indicators come in registry order; the plan's targets for each are sorted by year.

    Raises
    ------
    hongtonglib.plan.UnknownKeyError
        When ``key`` is no department's id or alias.
    """
    department = plan.department(key)
    led_task_ids = {task.task_id for task in plan.tasks_for_department(key, role="lead")}
    led_indicator_ids = {
        target.indicator_id for target in plan.targets if target.task_id in led_task_ids
    }
    chosen = []
    for spec in catalog.values():
        by_registry = spec.department_id == department.department_id
        by_lead_task = spec.indicator_id in led_indicator_ids
        if by_registry or by_lead_task:
            targets = plan.targets_for_indicator(spec.indicator_id)
            chosen.append(ScopedIndicator(spec, targets, by_registry, by_lead_task))
    return DepartmentScope(department, tuple(chosen))


def target_text(target: Target) -> str:
    """Return a target as one Chinese phrase: label, threshold and year.

    >>> from hongtonglib.plan import load_plan
    >>> target_text(load_plan().target("T00-urbanization-2025"))
    '全县常住人口城镇化率达到48%（2025年：≥48%）'
    >>> target_text(load_plan().target("T13-high-standard-hospitals"))
    '高标准办好1-2个医院（2027年：1–2个，方案未写年份，按期限）'
    """
    unit = target.unit
    if target.comparator is Comparator.range:
        threshold = f"{target.value_min:g}–{target.value_max:g}{unit}"
    else:
        symbol = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}[target.comparator.value]
        threshold = f"{symbol}{target.value:g}{unit}"
    stated = "" if target.year_is_stated else "，方案未写年份，按期限"
    return f"{target.label_zh}（{target.year}年：{threshold}{stated}）"
