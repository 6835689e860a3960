"""Which briefings exist: one parameter file per briefing, each pointing to its notebook.

- Sector briefings: ``parameters/<sector>.yaml`` → ``notebooks/<sector>.ipynb``.
- Department briefings: ``parameters/department/<department_id>.yaml`` →
  ``notebooks/department.ipynb``.

A briefing's ``name`` (``housing``, ``department/health``) names its outputs: ``<name>.html``,
``<name>.failed.html`` and ``_executed/<name>.ipynb`` under the output folder.

Examples
--------
>>> b = Briefing(BriefingKind.department, "health", Path("nb/department.ipynb"),
...              Path("parameters/department/health.yaml"))
>>> b.name, b.html_relpath.as_posix()
('department/health', 'department/health.html')
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hongtonglib import paths
from hongtonglib.briefing_names import SECTOR_BRIEFINGS
from hongtonglib.validation import ProblemCollector

logger = logging.getLogger(__name__)


DEPARTMENT_NOTEBOOK = "department"
"""Stem of the one notebook rendered once per department."""

EXECUTED_DIR = "_executed"
"""Folder (under the output folder) of executed notebooks."""


class BriefingKind(str, enum.Enum):
    """Kind of briefing."""

    sector = "sector"
    department = "department"
    county_profile = "county_profile"
    prefecture_profile = "prefecture_profile"
    province_profile = "province_profile"


PROFILE_KINDS: dict[BriefingKind, str] = {
    BriefingKind.county_profile: "county",
    BriefingKind.prefecture_profile: "prefecture",
    BriefingKind.province_profile: "province",
}
"""Profile kinds (:mod:`hongtonglib.briefing.profiles`) and the folder of their pages."""


@dataclass(frozen=True)
class Briefing:
    """One briefing: a notebook rendered with one parameter file.

    Attributes
    ----------
    kind : BriefingKind
        Sector or department briefing.
    briefing_id : str
        The sector id (``housing``) or the department id (``health``).
    notebook : Path
        The notebook to execute.
    parameter_file : Path
        The YAML file of parameter values; for a profile, the region list its parameters
        are generated from.
    generated : tuple of (str, value) pairs, optional
        Parameter values generated from the region list (profiles); ``None`` when they are
        read from ``parameter_file``.
    """

    kind: BriefingKind
    briefing_id: str
    notebook: Path
    parameter_file: Path
    generated: tuple[tuple[str, Any], ...] | None = None

    @property
    def name(self) -> str:
        """Return the output name: ``housing``, ``department/<id>``, ``profiles/county/<code>``."""
        if self.kind is BriefingKind.sector:
            return self.briefing_id
        if self.kind in PROFILE_KINDS:
            return f"profiles/{PROFILE_KINDS[self.kind]}/{self.briefing_id}"
        return f"department/{self.briefing_id}"

    @property
    def html_relpath(self) -> Path:
        """Return the HTML page's path relative to the output folder."""
        return Path(f"{self.name}.html")

    @property
    def failed_relpath(self) -> Path:
        """Return the failure page's path relative to the output folder."""
        return Path(f"{self.name}.failed.html")

    @property
    def executed_relpath(self) -> Path:
        """Return the executed notebook's path relative to the output folder."""
        return Path(EXECUTED_DIR) / f"{self.name}.ipynb"


@dataclass(frozen=True)
class KnownIds:
    """Sector and department ids that parameter files may name."""

    sectors: frozenset[str]
    departments: frozenset[str]


KnownIdsProvider = Callable[[], KnownIds]
"""A function returning the known ids; tests pass their own instead of :func:`known_ids`."""


def known_ids() -> KnownIds:
    """Return the sector briefings and the department ids of the plan registry.

    Department ids come from ``hongtonglib.plan.load_plan()``, imported here, not at module
    import, so that the unchanged path of ``hongtong render`` stays light. Tests pass their
    own provider instead (see :data:`KnownIdsProvider`).
    """
    from hongtonglib.plan import load_plan  # heavy: pydantic

    departments = frozenset(d.department_id for d in load_plan().departments)
    return KnownIds(sectors=frozenset(SECTOR_BRIEFINGS), departments=departments)


def discover_briefings(root: Path | None = None) -> list[Briefing]:
    """Return every briefing that has a parameter file, sectors first, in index order.

    Parameters
    ----------
    root : Path, optional
        Project root; default :func:`hongtonglib.paths.project_root`.
    """
    params_dir = (root / "parameters") if root else paths.parameters_dir()
    sectors = [p.stem for p in sorted(params_dir.glob("*.yaml"))]
    departments = [p.stem for p in sorted((params_dir / DEPARTMENT_NOTEBOOK).glob("*.yaml"))]
    order = {s: i for i, s in enumerate(SECTOR_BRIEFINGS)}
    sectors.sort(key=lambda s: (order.get(s, len(order)), s))
    return [sector_briefing(s, root) for s in sectors] + [
        department_briefing(d, root) for d in departments
    ]


def sector_briefing(sector_id: str, root: Path | None = None) -> Briefing:
    """Return the briefing of one sector (whether or not its files exist)."""
    base = root or paths.project_root()
    return Briefing(
        BriefingKind.sector,
        sector_id,
        base / "notebooks" / f"{sector_id}.ipynb",
        base / "parameters" / f"{sector_id}.yaml",
    )


def department_briefing(department_id: str, root: Path | None = None) -> Briefing:
    """Return the briefing of one department (whether or not its files exist)."""
    base = root or paths.project_root()
    return Briefing(
        BriefingKind.department,
        department_id,
        base / "notebooks" / f"{DEPARTMENT_NOTEBOOK}.ipynb",
        base / "parameters" / DEPARTMENT_NOTEBOOK / f"{department_id}.yaml",
    )


def select_briefings(
    *,
    sectors: Iterable[str] = (),
    departments: Iterable[str] = (),
    all_briefings: bool = False,
    root: Path | None = None,
) -> list[Briefing]:
    """Return the briefings a command asked for, checking their parameter files exist.

    Parameters
    ----------
    sectors, departments : iterable of str
        Ids asked for by name.
    all_briefings : bool
        Every briefing with a parameter file (names asked for are then redundant).
    root : Path, optional
        Project root; default :func:`hongtonglib.paths.project_root`.

    Raises
    ------
    hongtonglib.validation.ValidationFailed
        If a briefing asked for has no parameter file (every missing one is named).
    """
    chosen = discover_briefings(root) if all_briefings else []
    asked = [sector_briefing(s, root) for s in dict.fromkeys(sectors)]
    asked += [department_briefing(d, root) for d in dict.fromkeys(departments)]
    problems = ProblemCollector()
    for briefing in asked:
        if not briefing.parameter_file.is_file():
            problems.add(
                display_path(briefing.parameter_file, root),
                f"no parameter file for {briefing.kind.value} '{briefing.briefing_id}'",
                message_zh=f"找不到参数文件：{briefing.kind.value} '{briefing.briefing_id}'",
            )
        elif briefing not in chosen:
            chosen.append(briefing)
    problems.raise_if_any()
    return chosen


def display_path(path: Path, root: Path | None = None) -> str:
    """Return ``path`` relative to the project root when it lies inside it."""
    base = root or paths.project_root()
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return str(path)
