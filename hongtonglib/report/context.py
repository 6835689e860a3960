"""Everything a briefing needs, loaded once per kernel: plan, registries, assessment.

Examples
--------
>>> data = load_briefing_data(as_of_year=2026)
>>> data.region_name
'洪洞县'
>>> data.assessment.item("T00-urbanization-2027").status.value
'limited_progress'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from hongtonglib import HONGTONG_REGION_CODE
from hongtonglib.assess.cache import cached_assess_plan
from hongtonglib.indicators import load_regions, load_registries, load_sources
from hongtonglib.merged_observations import get_series
from hongtonglib.plan import load_plan

if TYPE_CHECKING:
    from hongtonglib.assess import PlanAssessment, TargetAssessment
    from hongtonglib.indicators.models import Indicator
    from hongtonglib.plan import Plan


@dataclass(frozen=True)
class BriefingData:
    """The loaded plan, registries and assessment shared by every section of a briefing.

    Attributes
    ----------
    as_of_year : int
        The assessment year.
    level : float
        Forecast interval coverage.
    region_code : str
        The region briefed (Hongtong by default).
    plan : Plan
    assessment : PlanAssessment
    indicators : dict
        ``indicator_id`` → indicator record.
    sources : DataFrame
        The sources registry.
    regions : DataFrame
        The regions registry.
    """

    as_of_year: int
    level: float
    region_code: str
    plan: Plan
    assessment: PlanAssessment
    indicators: dict[str, Indicator]
    sources: pd.DataFrame
    regions: pd.DataFrame

    @property
    def region_name(self) -> str:
        """Return the Chinese name of the region briefed."""
        return self.region_name_of(self.region_code)

    def region_name_of(self, region_code: str) -> str:
        """Return a region's Chinese name (the code when unknown)."""
        match = self.regions.loc[self.regions["region_code"] == region_code, "name_zh"]
        return str(match.iloc[0]) if len(match) else region_code

    def department_name(self, department_id: str | None) -> str:
        """Return a department's Chinese name."""
        if not department_id:
            return "—"
        return self.plan.department(department_id).name_zh

    def assessments_for(self, target_ids: list[str]) -> list[TargetAssessment]:
        """Return the assessments of the given targets, in the given order."""
        return [self.assessment.item(target_id) for target_id in target_ids]

    def series(self, indicator_id: str, region_code: str | None = None) -> pd.DataFrame:
        """Return the observations of an indicator for a region, published by ``as_of_year``."""
        frame = get_series(indicator_id, region_code or self.region_code)
        return frame[frame["year"] <= self.as_of_year].reset_index(drop=True)

    def source_rows(self, source_ids: set[str]) -> pd.DataFrame:
        """Return the sources registry rows of the given ids (submissions described apart)."""
        return self.sources[self.sources["source_id"].isin(source_ids)]

    @property
    def data_vintage_zh(self) -> str:
        """Return a phrase on how recent the county's observations are."""
        years = [item.latest_year for item in self.assessment.items if item.latest_year is not None]
        accessed = sorted(self.sources["accessed"].dropna().astype(str).unique())
        parts = []
        if years:
            parts.append(f"县级观测数据最新至{max(years)}年")
        if accessed:
            parts.append(f"公开资料收集于{accessed[-1]}")
        return "；".join(parts) if parts else "暂无县级观测数据"


@functools.lru_cache(maxsize=4)
def load_briefing_data(
    as_of_year: int, level: float = 0.8, region_code: str = HONGTONG_REGION_CODE
) -> BriefingData:
    """Load the plan, the registries and the assessment of every target (cached per kernel)."""
    return BriefingData(
        as_of_year=as_of_year,
        level=level,
        region_code=region_code,
        plan=load_plan(),
        assessment=cached_assess_plan(as_of=as_of_year, region_code=region_code, level=level),
        indicators=dict(load_registries().indicators),
        sources=load_sources(),
        regions=load_regions(),
    )
