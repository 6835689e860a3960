"""The plan and the indicator data as frames, with every observation's source joined.

:func:`observations` returns every stored observation with a ``chosen`` column: True for the
one observation per indicator, region and year that :func:`series` (and the assessment, through
:func:`hongtonglib.merged_observations.get_series`) uses, by the preference rule of
:mod:`hongtonglib.indicators.observations` (census, then bulletin, sample survey, department
submission, secondary; exact before approximate; published before census-derived).

Examples
--------
>>> frame = observations("household_size_persons", "141024")
>>> int(frame["chosen"].sum()) == frame["year"].nunique()
True
>>> tasks().shape[0], targets().shape[0]
(33, 40)
"""

from __future__ import annotations

import pandas as pd

from hongtonglib import HONGTONG_REGION_CODE
from hongtonglib.indicators import load_indicators, load_sources
from hongtonglib.indicators.observations import rank_observations
from hongtonglib.merged_observations import get_series, load_observations
from hongtonglib.plan import load_plan
from hongtonglib.plan import tables as plan_tables

SOURCE_COLUMNS = ["title", "title_zh", "publisher", "url", "document", "accessed"]
"""Columns of the sources registry joined to observations, prefixed ``source_``."""

SERIES_KEYS = ["indicator_id", "region_code", "year"]


def tasks() -> pd.DataFrame:
    """Return the plan's 33 tasks (``task_id, action_id, title, lead_department_id, ...``)."""
    return plan_tables.tasks_table(load_plan())


def targets() -> pd.DataFrame:
    """Return the plan's 40 numeric targets (``target_id, task_id, indicator_id, year, ...``)."""
    return plan_tables.targets_table(load_plan())


def departments() -> pd.DataFrame:
    """Return the plan's departments (``department_id, name_zh, ...``)."""
    return plan_tables.departments_table(load_plan())


def projects() -> pd.DataFrame:
    """Return the plan's named projects with their investment where printed."""
    return plan_tables.projects_table(load_plan())


def indicator_registry() -> pd.DataFrame:
    """Return the indicator registry (``indicator_id, name_zh, unit, bounds, department``)."""
    return load_indicators()


def sources() -> pd.DataFrame:
    """Return the sources registry (``source_id, kind, title, title_zh, url, accessed, ...``)."""
    return load_sources()


def _with_sources(frame: pd.DataFrame) -> pd.DataFrame:
    registry = load_sources()[["source_id", *SOURCE_COLUMNS]]
    registry = registry.rename(columns={c: f"source_{c}" for c in SOURCE_COLUMNS})
    return frame.merge(registry, on="source_id", how="left")


def observations(
    indicator_id: str | None = None,
    region_code: str | None = None,
    *,
    include_targets: bool = False,
) -> pd.DataFrame:
    """Return the stored observations with their sources and which one :func:`series` uses.

    Parameters
    ----------
    indicator_id, region_code : str, optional
        Keep one indicator and/or one region (all when omitted).
    include_targets : bool, default False
        Keep the plan targets (basis ``plan_target``), which are never ``chosen``.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`hongtonglib.merged_observations.load_observations` (``indicator_id,
        region_code, year, value, unit, basis, census_base, qualifier, source_id, note,
        quote, raw_ref, is_derived``), then ``source_title, source_title_zh,
        source_publisher, source_url, source_document, source_accessed``, ``preference``
        (1 = best of its indicator, region and year) and ``chosen`` (the row
        :func:`series` returns for that year). Sorted by indicator, region, year, preference.
    """
    frame = load_observations()
    if indicator_id is not None:
        frame = frame[frame["indicator_id"] == indicator_id]
    if region_code is not None:
        frame = frame[frame["region_code"] == region_code]
    outcomes = frame[frame["basis"] != "plan_target"]
    ranked = rank_observations(outcomes)
    ranked = ranked.sort_values(["indicator_id", "region_code"], kind="stable")
    ranked["preference"] = ranked.groupby(SERIES_KEYS, sort=False).cumcount() + 1
    ranked["chosen"] = ranked["preference"] == 1
    pieces = [ranked]
    if include_targets:
        plan_rows = frame[frame["basis"] == "plan_target"].assign(preference=pd.NA, chosen=False)
        pieces.append(plan_rows)
    result = pd.concat(pieces, ignore_index=True) if len(pieces) > 1 else ranked
    result = result.sort_values(
        [*SERIES_KEYS, "preference"], kind="stable", na_position="last"
    ).reset_index(drop=True)
    result["preference"] = result["preference"].astype("Int64")
    return _with_sources(result)


def series(
    indicator_id: str, region_code: str = HONGTONG_REGION_CODE, *, as_of: int | None = None
) -> pd.DataFrame:
    """Return one observation per year for an indicator and region, with its source.

    The rows are those of :func:`hongtonglib.merged_observations.get_series` (the ``chosen`` rows of
    :func:`observations`), which the assessment uses; ``n_observations`` says how many there
    were to choose from.

    Parameters
    ----------
    indicator_id : str
        An id of the indicator registry (see :func:`indicator_registry`).
    region_code : str
        A 6-digit region code (Hongtong ``141024`` by default).
    as_of : int, optional
        Keep the years up to ``as_of`` (the observations an assessment as of that year sees).
    """
    frame = get_series(indicator_id, region_code)
    if as_of is not None:
        frame = frame[frame["year"] <= as_of]
    return _with_sources(frame.reset_index(drop=True))
