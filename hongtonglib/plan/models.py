"""Frozen records of the action plan.

Every record forbids unknown keys and cannot be changed after loading, so a typo in a data
file is an error and no caller can alter the plan by accident.

Examples
--------
>>> Department(department_id="health", name_zh="县卫健委", name_en="County Health Commission",
...            kind="county_bureau", aliases=("县卫健委", "县卫健局")).aliases
('县卫健委', '县卫健局')
"""

from __future__ import annotations

import enum

from pydantic import BaseModel, ConfigDict, Field


class Record(BaseModel):
    """Base of every plan record: frozen, unknown keys forbidden."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Comparator(str, enum.Enum):
    """How an observed value is compared with a target value."""

    at_least = ">="
    greater = ">"
    at_most = "<="
    less = "<"
    range = "range"
    """Between ``value_min`` and ``value_max`` inclusive (e.g. "1-2 hospitals")."""


class TargetKind(str, enum.Enum):
    """What kind of numeric commitment a target is."""

    rate = "rate"
    """A percentage of a population, area or flow (urbanization rate, sponge-city area)."""
    coverage = "coverage"
    """A coverage commitment, "全覆盖" or "全部" read as 100%."""
    count = "count"
    """A number of facilities or pilots ("at least one", "1-2")."""
    zero = "zero"
    """Something to be eliminated ("清零", "不出现"): a count at most 0."""
    scale = "scale"
    """A size class of an industrial cluster, as printed (亿级, 百亿级)."""
    standard = "standard"
    """A service-radius standard (15-minute life circle, 300 m to green space)."""


class Department(Record):
    """A responsible unit, with every spelling the plan uses for it."""

    department_id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_zh: str
    name_en: str
    kind: str
    aliases: tuple[str, ...]
    in_plan: bool = True
    note: str | None = None


class Sector(Record):
    """A theme that selects tasks and targets for a briefing."""

    sector_id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_zh: str
    name_en: str
    description: str
    has_briefing: bool = False


class YearGoal(Record):
    """A yearly goal of the general requirements (2024, 2025, 2027)."""

    year: int
    text: str


class PositioningItem(Record):
    """One of the five numbered functional-positioning items."""

    number: int
    title: str
    text: str


class GeneralRequirements(Record):
    """Part one of the plan: guiding idea, principles, yearly goals, positioning."""

    guiding_idea: str
    principles: str
    goals: tuple[YearGoal, ...]
    positioning_intro: str
    positioning: tuple[PositioningItem, ...]


class Action(Record):
    """One of the seven actions that group the tasks."""

    action_id: int
    title: str
    task_ids: tuple[int, ...]


class Task(Record):
    """One of the 33 numbered tasks, with its responsible units in printed order."""

    task_id: int
    action_id: int
    title: str
    text: str
    """The full clause as printed after repairs, title included, units list excluded."""
    units_text: str
    """The responsible-units list as printed, e.g. ``县卫健局、各乡镇``."""
    unit_names: tuple[str, ...]
    department_ids: tuple[str, ...]
    years: tuple[int, ...]
    """Every year named in the clause, sorted."""
    deadline_year: int | None
    """The latest year named in the clause, if any."""
    sector_ids: tuple[str, ...] = ()

    @property
    def lead_department_id(self) -> str:
        """The first unit printed, which leads the task."""
        return self.department_ids[0]

    @property
    def supporting_department_ids(self) -> tuple[str, ...]:
        """The units after the lead."""
        return self.department_ids[1:]


class Safeguard(Record):
    """One of the four safeguard measures."""

    number: int
    title: str
    text: str


class Target(Record):
    """A numeric target of the plan, with the exact sentence it comes from."""

    target_id: str
    task_id: int
    """0 for the headline goals of the general requirements."""
    indicator_id: str
    kind: TargetKind
    comparator: Comparator
    value: float | None = None
    value_min: float | None = None
    value_max: float | None = None
    unit: str
    year: int
    year_is_stated: bool
    """False when the clause names no year for this target and the plan horizon is used."""
    sector_ids: tuple[str, ...]
    sentence: str
    label_zh: str
    note: str | None = None

    @property
    def threshold(self) -> float:
        """The value an observation must reach: ``value``, or ``value_min`` for a range."""
        if self.comparator is Comparator.range:
            assert self.value_min is not None
            return self.value_min
        assert self.value is not None
        return self.value


class Project(Record):
    """A project the plan names, with its investment where printed."""

    project_id: str
    task_id: int
    """0 for projects named in the general requirements (functional positioning)."""
    kind: str
    """project, base, facility, road, programme or plan_document."""
    name_zh: str
    investment_100m_yuan: float | None = None
    """Investment in 亿元 (10^8 yuan) as printed, converted from 万元 where needed."""
    investment_text: str | None = None
    capacity_text: str | None = None
    milestone_text: str | None = None
    sentence: str


class SpatialComponent(Record):
    """A component of the 一心、四镇、一带、两区 structure."""

    component_id: str
    label_zh: str
    role_zh: str
    places_zh: tuple[str, ...]


class TextRepair(Record):
    """One repair applied to the raw plan text."""

    repair_id: str
    where: str
    kind: str
    raw: str
    cleaned: str
    why: str
