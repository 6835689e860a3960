"""Load the plan registry and look things up in it.

:func:`load_plan` reads the data files of ``data/plan/`` (the structure generated from the
cleaned text, and the curated departments, sectors, targets, projects and spatial structure),
checks them against each other, and returns a frozen :class:`Plan`.

Examples
--------
>>> plan = load_plan()
>>> len(plan.tasks), len(plan.actions)
(33, 7)
>>> plan.department("县卫健局").department_id
'health'
>>> [t.value for t in plan.targets_for_indicator("urbanization_rate_pct")]
[46.0, 48.0, 55.0]
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from hongtonglib import paths
from hongtonglib.plan.consistency import check_plan
from hongtonglib.plan.models import (
    Action,
    Department,
    GeneralRequirements,
    Project,
    Safeguard,
    Sector,
    SpatialComponent,
    Target,
    Task,
)
from hongtonglib.validation import ProblemCollector

STRUCTURE_FILE = "structure.yaml"
DEPARTMENTS_FILE = "departments.yaml"
SECTORS_FILE = "sectors.yaml"
TARGETS_FILE = "targets.csv"
PROJECTS_FILE = "projects.csv"
SPATIAL_FILE = "spatial_structure.yaml"


class UnknownKeyError(KeyError):
    """A task, department, sector or target id that the plan does not have."""


@dataclass(frozen=True)
class Plan:
    """The whole plan as frozen records, with lookups.

    Attributes
    ----------
    title : str
        The plan's title.
    preamble : str
        The opening paragraph.
    general : GeneralRequirements
        Guiding idea, principles, yearly goals and functional positioning.
    actions, tasks, safeguards : tuple
        The 7 actions, 33 tasks and 4 safeguard measures.
    departments, sectors, targets, projects, spatial : tuple
        Curated registries that refer to the tasks.
    """

    title: str
    preamble: str
    general: GeneralRequirements
    tasks_intro: str
    actions: tuple[Action, ...]
    tasks: tuple[Task, ...]
    safeguards: tuple[Safeguard, ...]
    departments: tuple[Department, ...]
    sectors: tuple[Sector, ...]
    targets: tuple[Target, ...]
    projects: tuple[Project, ...]
    spatial: tuple[SpatialComponent, ...]
    featured_towns: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @functools.cached_property
    def _alias_index(self) -> dict[str, Department]:
        index: dict[str, Department] = {}
        for department in self.departments:
            index[department.department_id] = department
            for alias in (department.name_zh, *department.aliases):
                index[alias] = department
        return index

    def task(self, task_id: int) -> Task:
        """Return task ``task_id`` (1-33)."""
        for task in self.tasks:
            if task.task_id == task_id:
                return task
        raise UnknownKeyError(f"no task {task_id}; the plan has tasks 1-{len(self.tasks)}")

    def action(self, action_id: int) -> Action:
        """Return action ``action_id`` (1-7)."""
        for action in self.actions:
            if action.action_id == action_id:
                return action
        raise UnknownKeyError(f"no action {action_id}")

    def department(self, key: str) -> Department:
        """Return a department by its id or by any name the plan uses for it."""
        try:
            return self._alias_index[key.strip()]
        except KeyError:
            raise UnknownKeyError(f"no department or alias {key!r}") from None

    def sector(self, sector_id: str) -> Sector:
        """Return a sector by id."""
        for sector in self.sectors:
            if sector.sector_id == sector_id:
                return sector
        raise UnknownKeyError(f"no sector {sector_id!r}")

    def target(self, target_id: str) -> Target:
        """Return a target by id."""
        for target in self.targets:
            if target.target_id == target_id:
                return target
        raise UnknownKeyError(f"no target {target_id!r}")

    def tasks_for_department(self, key: str, *, role: str = "any") -> tuple[Task, ...]:
        """Return the tasks a department leads (``role="lead"``), supports or either.

        ``key`` may be an id or an alias.
        """
        department_id = self.department(key).department_id
        if role not in ("any", "lead", "support"):
            raise ValueError("role must be 'any', 'lead' or 'support'")
        chosen = []
        for task in self.tasks:
            if role in ("any", "lead") and task.lead_department_id == department_id:
                chosen.append(task)
            elif role in ("any", "support") and department_id in task.supporting_department_ids:
                chosen.append(task)
        return tuple(chosen)

    def tasks_for_sector(self, sector_id: str) -> tuple[Task, ...]:
        """Return the tasks tagged with a sector."""
        self.sector(sector_id)
        return tuple(task for task in self.tasks if sector_id in task.sector_ids)

    def targets_for_sector(self, sector_id: str) -> tuple[Target, ...]:
        """Return the targets tagged with a sector."""
        self.sector(sector_id)
        return tuple(target for target in self.targets if sector_id in target.sector_ids)

    def targets_for_task(self, task_id: int) -> tuple[Target, ...]:
        """Return the targets of a task (0 for the headline goals)."""
        return tuple(target for target in self.targets if target.task_id == task_id)

    def targets_for_indicator(self, indicator_id: str) -> tuple[Target, ...]:
        """Return the targets measured by an indicator, by year."""
        chosen = [target for target in self.targets if target.indicator_id == indicator_id]
        return tuple(sorted(chosen, key=lambda target: target.year))

    def projects_for_task(self, task_id: int) -> tuple[Project, ...]:
        """Return the named projects of a task."""
        return tuple(project for project in self.projects if project.task_id == task_id)

    def departments_named_in(self, text: str) -> tuple[Department, ...]:
        """Return the departments any of whose names occur in ``text``, in order of first mention.

        Used for the safeguard measures, which name the working group's leads in prose.
        """
        found: dict[str, tuple[int, Department]] = {}
        for alias, department in self._alias_index.items():
            position = text.find(alias)
            if position >= 0 and alias != department.department_id:
                previous = found.get(department.department_id)
                if previous is None or position < previous[0]:
                    found[department.department_id] = (position, department)
        return tuple(department for _, department in sorted(found.values(), key=lambda x: x[0]))

    @property
    def sector_ids(self) -> tuple[str, ...]:
        """Ids of every sector."""
        return tuple(sector.sector_id for sector in self.sectors)


def _read_yaml(path: Path) -> Any:
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _split_list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(";") if part.strip())


def _optional(value: str) -> str | None:
    return value if value.strip() else None


def _target_from_row(row: dict[str, str]) -> Target:
    return Target(
        target_id=row["target_id"],
        task_id=int(row["task_id"]),
        indicator_id=row["indicator_id"],
        kind=row["kind"],
        comparator=row["comparator"],
        value=_optional(row["value"]),
        value_min=_optional(row["value_min"]),
        value_max=_optional(row["value_max"]),
        unit=row["unit"],
        year=int(row["year"]),
        year_is_stated=row["year_is_stated"].strip().lower() == "true",
        sector_ids=_split_list(row["sector_ids"]),
        label_zh=row["label_zh"],
        sentence=row["sentence"],
        note=_optional(row["note"]),
    )


def _project_from_row(row: dict[str, str]) -> Project:
    values = {key: _optional(value) for key, value in row.items()}
    return Project(**values)  # type: ignore[arg-type]


def _rows_with_problems(path: Path, build: Any, problems: ProblemCollector) -> list[Any]:
    records = []
    for number, row in enumerate(_read_csv(path), start=1):
        try:
            records.append(build(row))
        except (ValueError, KeyError) as error:
            problems.add(path.name, f"invalid row: {error}".splitlines()[0], row=number)
    return records


def load_plan(plan_dir: Path | None = None) -> Plan:
    """Load and cross-check the plan registry.

    Parameters
    ----------
    plan_dir : Path, optional
        Folder of the registry files; defaults to ``data/plan/``.

    Raises
    ------
    hongtonglib.validation.ValidationFailed
        With every inconsistency found: unknown units, sectors or tasks, targets whose
        sentence is not in their task, duplicate ids.
    """
    directory = plan_dir or paths.plan_dir()
    return _load_plan_cached(directory.resolve())


@functools.lru_cache(maxsize=4)
def _load_plan_cached(directory: Path) -> Plan:

    problems = ProblemCollector()
    structure = _read_yaml(directory / STRUCTURE_FILE)
    departments = tuple(Department(**entry) for entry in _read_yaml(directory / DEPARTMENTS_FILE))
    sectors_file = _read_yaml(directory / SECTORS_FILE)
    sectors = tuple(Sector(**entry) for entry in sectors_file["sectors"])
    task_sectors = {int(k): tuple(v) for k, v in sectors_file["task_sectors"].items()}
    aliases = {alias: d.department_id for d in departments for alias in (d.name_zh, *d.aliases)}

    tasks = []
    for entry in structure["tasks"]:
        unknown = [name for name in entry["unit_names"] if name not in aliases]
        for name in unknown:
            problems.add(
                DEPARTMENTS_FILE,
                f"task {entry['task_id']} names unit {name!r}, which is no department's alias",
                field="aliases",
            )
        tasks.append(
            Task(
                **entry,
                department_ids=tuple(aliases.get(name, "?") for name in entry["unit_names"]),
                sector_ids=task_sectors.get(entry["task_id"], ()),
            )
        )
    targets = _rows_with_problems(directory / TARGETS_FILE, _target_from_row, problems)
    projects = _rows_with_problems(directory / PROJECTS_FILE, _project_from_row, problems)
    spatial_file = _read_yaml(directory / SPATIAL_FILE)
    featured = spatial_file.get("featured_towns", {})
    plan = Plan(
        title=structure["title"],
        preamble=structure["preamble"],
        general=GeneralRequirements(**structure["general"]),
        tasks_intro=structure["tasks_intro"],
        actions=tuple(Action(**entry) for entry in structure["actions"]),
        tasks=tuple(tasks),
        safeguards=tuple(Safeguard(**entry) for entry in structure["safeguards"]),
        departments=departments,
        sectors=sectors,
        targets=tuple(targets),
        projects=tuple(projects),
        spatial=tuple(SpatialComponent(**entry) for entry in spatial_file["components"]),
        featured_towns={k: tuple(v) for k, v in featured.items() if isinstance(v, list)},
    )
    problems.extend(check_plan(plan))
    problems.raise_if_any()
    return plan
