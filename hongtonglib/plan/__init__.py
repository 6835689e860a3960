"""The action plan as frozen, typed, traceable records.

Examples
--------
>>> from hongtonglib.plan import load_plan
>>> load_plan().task(23).lead_department_id
'housing_urban_rural'
"""

from hongtonglib.plan.models import (
    Action,
    Comparator,
    Department,
    Project,
    Sector,
    Target,
    TargetKind,
    Task,
)
from hongtonglib.plan.registry import Plan, UnknownKeyError, load_plan

__all__ = [
    "Action",
    "Comparator",
    "Department",
    "Plan",
    "Project",
    "Sector",
    "Target",
    "TargetKind",
    "Task",
    "UnknownKeyError",
    "load_plan",
]
