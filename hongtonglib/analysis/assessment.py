"""The assessment of every target, and the targets without data, as frames.

Examples
--------
>>> frame = assessment(as_of=2026).frame()
>>> frame.set_index("target_id").loc["T00-urbanization-2027", "status"]
'limited_progress'
>>> gaps = targets_without_data(as_of=2026)
>>> set(gaps["status"]) if len(gaps) else {"no_data"}
{'no_data'}
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from hongtonglib import HONGTONG_REGION_CODE
from hongtonglib.assess import PlanAssessment
from hongtonglib.assess.cache import cached_assess_plan
from hongtonglib.assess.status import Status
from hongtonglib.indicators import load_registries
from hongtonglib.plan import load_plan

GAP_COLUMNS = [
    "task_id",
    "target_id",
    "label_zh",
    "indicator_id",
    "indicator_name_zh",
    "unit",
    "target_year",
    "year_is_stated",
    "supplier_department_id",
    "supplier_name_zh",
    "definition_zh",
    "status",
]
"""Columns of :func:`targets_without_data`."""


def assessment(
    as_of: int, region_code: str = HONGTONG_REGION_CODE, level: float = 0.8
) -> PlanAssessment:
    """Return every target assessed as of ``as_of`` (the briefings' assessment, cached).

    ``.frame()`` gives one row per target (status, latest value and source, paces, forecast,
    probability and its change since the previous year); ``.item(target_id)`` one record.
    """
    return cached_assess_plan(as_of=as_of, region_code=region_code, level=level)


def without_data_frame(
    result: PlanAssessment, target_ids: Sequence[str] | None = None
) -> pd.DataFrame:
    """Return the targets of ``result`` with no observation, and who should supply them.

    Parameters
    ----------
    result : PlanAssessment
        The assessment (e.g. a briefing's).
    target_ids : sequence of str, optional
        Keep these targets, in this order (all of the plan by default).
    """
    plan = load_plan()
    indicators = load_registries().indicators
    items = [result.item(t) for t in target_ids] if target_ids is not None else list(result.items)
    rows = []
    for item in items:
        if item.status is not Status.no_data:
            continue
        indicator = indicators[item.indicator_id]
        supplier = item.supplier_department_id
        rows.append(
            {
                "task_id": item.task_id,
                "target_id": item.target_id,
                "label_zh": item.label_zh,
                "indicator_id": item.indicator_id,
                "indicator_name_zh": indicator.name_zh,
                "unit": indicator.unit,
                "target_year": item.target_year,
                "year_is_stated": plan.target(item.target_id).year_is_stated,
                "supplier_department_id": supplier,
                "supplier_name_zh": plan.department(supplier).name_zh if supplier else None,
                "definition_zh": indicator.definition_zh,
                "status": item.status.value,
            }
        )
    return pd.DataFrame(rows, columns=GAP_COLUMNS)


def targets_without_data(
    as_of: int,
    region_code: str = HONGTONG_REGION_CODE,
    level: float = 0.8,
    target_ids: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Return the targets without any observation as of ``as_of`` (columns :data:`GAP_COLUMNS`).

    The department named is the one expected to supply the data (``hongtong template``).
    """
    return without_data_frame(assessment(as_of, region_code, level), target_ids)
