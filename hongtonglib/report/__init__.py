"""Briefing content: the library side of the sector and department notebooks.

A notebook imports this package once, builds a briefing from its parameters and calls one
method per section (``SectorBriefing``, ``OverviewBriefing``, ``DepartmentBriefing``). Every
number shown comes from the plan registry, the observations and the assessment; the
notebooks only narrate.
"""

from hongtonglib.report.department import DepartmentBriefing
from hongtonglib.report.overview import OverviewBriefing
from hongtonglib.report.sector import SectorBriefing

__all__ = ["DepartmentBriefing", "OverviewBriefing", "SectorBriefing"]
