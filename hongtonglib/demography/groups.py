"""Age groups of demographic demand (kindergarten, primary, junior middle, 60+, 65+, 80+).

The groups live in ``data/demography/demand_groups.yaml``; every group is a range of completed
ages on 1 November of a year.

Examples
--------
>>> [group.group_id for group in load_demand_groups()][:3]
['kindergarten_3_5', 'primary_6_11', 'junior_middle_12_14']
>>> import numpy as np
>>> single = np.arange(86.0)  # persons aged 0, 1, …, 84, 85+
>>> primary = next(g for g in load_demand_groups() if g.group_id == "primary_6_11")
>>> float(primary.persons(single))
51.0
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from hongtonglib import paths
from hongtonglib.demography.graduation import OPEN_AGE
from hongtonglib.validation import ProblemCollector
from hongtonglib.yamlio import read_yaml


class DemandGroup(BaseModel):
    """One age group of demand (frozen; unknown keys are an error)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    group_id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_zh: str
    name_en: str
    age_min: int = Field(ge=0, le=OPEN_AGE)
    age_max: int | None = Field(default=None, ge=0, lt=OPEN_AGE)
    sector_id: str

    @model_validator(mode="after")
    def _check_range(self) -> DemandGroup:
        if self.age_max is not None and self.age_max < self.age_min:
            raise ValueError(f"age_max {self.age_max} is below age_min {self.age_min}")
        return self

    def persons(self, single_ages: np.ndarray) -> np.ndarray:
        """Sum single ages 0 … 84, 85+ (last axis) over the group's ages."""
        last = OPEN_AGE if self.age_max is None else self.age_max
        return np.asarray(single_ages)[..., self.age_min : last + 1].sum(axis=-1)


def demand_groups_path() -> Path:
    """Return ``data/demography/demand_groups.yaml``."""
    return paths.demography_dir() / "demand_groups.yaml"


def load_demand_groups(path: Path | None = None) -> tuple[DemandGroup, ...]:
    """Return the demand groups, validated (every problem reported at once)."""
    return _load_cached(Path(path or demand_groups_path()))


@lru_cache(maxsize=4)
def _load_cached(path: Path) -> tuple[DemandGroup, ...]:
    problems = ProblemCollector()
    groups = []
    for number, record in enumerate(read_yaml(path) or [], start=1):
        try:
            groups.append(DemandGroup.model_validate(record))
        except ValueError as error:
            problems.add(path.name, str(error).replace("\n", " "), row=number)
    ids = [group.group_id for group in groups]
    for duplicate in sorted({item for item in ids if ids.count(item) > 1}):
        problems.add(path.name, f"group_id {duplicate!r} appears twice", field="group_id")
    problems.raise_if_any()
    return tuple(groups)
