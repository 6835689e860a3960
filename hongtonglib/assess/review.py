"""What approving a submission would change: values beside history, and the assessment effect.

:func:`review_submission` reads a submission (:mod:`hongtonglib.intake.review_data`), sets each
value beside the public figure and the approved value of the same year and the latest earlier
known figure, and assesses every plan target twice through :func:`assess_plan`: with the
observations as they are (public data and the store's approved values) and as they would be if
this submission were approved (its values replace the current approved ones where they would
become current, following the store's version rule). Only the targets on the indicators the
submission touches can change, so only they are assessed and reported, before → after.

Examples
--------
>>> import tempfile, pathlib
>>> review_submission(3, store=pathlib.Path(tempfile.mkdtemp()) / "s.sqlite", as_of=2026)
Traceback (most recent call last):
...
hongtonglib.intake.db.StoreError: no submission 3 in the store (hongtong submissions lists them)
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pandas as pd

from hongtonglib import HONGTONG_REGION_CODE
from hongtonglib.assess.plan_assessment import PlanAssessment, SeriesLookup, assess_plan
from hongtonglib.indicators import load_observations
from hongtonglib.indicators.observations import rank_observations
from hongtonglib.intake.db import StoreArg
from hongtonglib.intake.observations import BASIS, CENSUS_BASE, approved_observations, source_id
from hongtonglib.intake.review_data import SubmissionRecord, submission_record
from hongtonglib.plan import load_plan

logger = logging.getLogger(__name__)

EFFECT_COLUMNS = (
    "target_id",
    "label_zh",
    "indicator_id",
    "status_before",
    "status_after",
    "probability_before",
    "probability_after",
    "latest_before",
    "latest_after",
    "changed",
)
"""Columns of :attr:`Review.effect`."""

HISTORY_COLUMNS = (
    "indicator_id",
    "year",
    "value",
    "unit",
    "public_value",
    "public_source",
    "approved_value",
    "approved_submission_id",
    "earlier_year",
    "earlier_value",
    "becomes_current",
    "remark",
    "cell",
)
"""Columns of :attr:`Review.values`."""


@dataclass(frozen=True)
class Review:
    """A submission ready for review."""

    record: SubmissionRecord
    values: pd.DataFrame
    """Each value beside the public and approved values of its year and the latest earlier."""
    warnings: pd.DataFrame
    effect: pd.DataFrame
    """Per plan target touched: status and probability before → after approval."""


def _as_frame_rows(frame: pd.DataFrame) -> pd.DataFrame:
    rows = frame.copy()
    rows["census_base"] = pd.to_numeric(rows["census_base"]).astype("Int64")
    rows["is_derived"] = False
    return rows


def _candidate_rows(record: SubmissionRecord) -> pd.DataFrame:
    """Return the submission's values that would become current, as approved rows."""
    chosen = record.values[record.values["becomes_current"]]
    return pd.DataFrame(
        {
            "indicator_id": chosen["indicator_id"],
            "region_code": chosen["region_code"],
            "year": chosen["year"].astype("int64"),
            "value": chosen["value"].astype("float64"),
            "unit": chosen["unit"],
            "basis": BASIS,
            "census_base": CENSUS_BASE,
            "qualifier": "",
            "source_id": source_id(record.submission_id),
            "note": f"under review: submission {record.submission_id}",
            "quote": chosen["raw_text"],
            "raw_ref": chosen["cell"],
        }
    )


def series_lookup_from(
    public: pd.DataFrame, approved: pd.DataFrame, region_code: str = HONGTONG_REGION_CODE
) -> SeriesLookup:
    """Return a series lookup of one region over public observations plus approved rows.

    The same preference rule as :func:`hongtonglib.indicators.get_series` (plan targets left
    out): per year the best-ranked observation, with ``n_observations``.
    """
    pieces = [public[public["region_code"] == region_code]]
    if not approved.empty:
        pieces.append(_as_frame_rows(approved[approved["region_code"] == region_code]))
    frame = pd.concat(pieces, ignore_index=True)
    frame = frame[frame["basis"] != "plan_target"]

    def lookup(indicator_id: str, region: str) -> pd.DataFrame:
        rows = frame[frame["indicator_id"] == indicator_id] if region == region_code else frame[:0]
        ranked = rank_observations(rows)
        counts = ranked.groupby("year").size().rename("n_observations")
        chosen = ranked.drop_duplicates("year", keep="first").join(counts, on="year")
        return chosen.reset_index(drop=True)

    return lookup


def _history(record: SubmissionRecord, public: pd.DataFrame, region_code: str) -> pd.DataFrame:
    lookup_public = series_lookup_from(public, public.iloc[0:0], region_code)
    rows = []
    for value in record.values.itertuples():
        series = lookup_public(value.indicator_id, value.region_code)
        same = series[series["year"] == value.year]
        earlier = series[series["year"] < value.year].tail(1)
        rows.append(
            {
                "indicator_id": value.indicator_id,
                "year": value.year,
                "value": value.value,
                "unit": value.unit,
                "public_value": same["value"].iloc[0] if len(same) else None,
                "public_source": same["source_id"].iloc[0] if len(same) else None,
                "approved_value": value.current_value,
                "approved_submission_id": value.current_submission_id,
                "earlier_year": int(earlier["year"].iloc[0]) if len(earlier) else None,
                "earlier_value": earlier["value"].iloc[0] if len(earlier) else None,
                "becomes_current": bool(value.becomes_current),
                "remark": value.remark,
                "cell": value.cell,
            }
        )
    frame = pd.DataFrame(rows, columns=list(HISTORY_COLUMNS))
    return frame.astype({"earlier_year": "Int64", "approved_submission_id": "Int64"})


def _effect(before: PlanAssessment, after: PlanAssessment) -> pd.DataFrame:
    rows = []
    for item in before.items:
        new = after.item(item.target_id)
        changed = (item.status != new.status) or (item.probability != new.probability)
        rows.append(
            {
                "target_id": item.target_id,
                "label_zh": item.label_zh,
                "indicator_id": item.indicator_id,
                "status_before": item.status.value,
                "status_after": new.status.value,
                "probability_before": item.probability,
                "probability_after": new.probability,
                "latest_before": item.latest_value,
                "latest_after": new.latest_value,
                "changed": bool(changed or item.latest_value != new.latest_value),
            }
        )
    return pd.DataFrame(rows, columns=list(EFFECT_COLUMNS))


def review_submission(
    submission_id: int,
    store: StoreArg = None,
    *,
    as_of: int,
    region_code: str = HONGTONG_REGION_CODE,
    level: float = 0.8,
) -> Review:
    """Return submission ``submission_id`` ready for review (see the module docstring).

    Raises
    ------
    hongtonglib.intake.db.StoreError
        When the store or the submission does not exist.
    """
    record = submission_record(submission_id, store)
    public = load_observations(include_submissions=False)
    approved = approved_observations(store)
    candidate = _candidate_rows(record)
    if record.state == "approved":
        # Already in use: "before" is the store without it, "after" the store as it is.
        approved_without = approved[approved["source_id"] != source_id(submission_id)]
        before_rows, after_rows = approved_without, approved
    else:
        keys = ["indicator_id", "region_code", "year"]
        replaced = approved.merge(candidate[keys], on=keys, how="left", indicator=True)
        kept = approved[(replaced["_merge"] == "left_only").to_numpy()]
        before_rows = approved
        after_rows = pd.concat([kept, candidate], ignore_index=True)
    touched = set(record.values["indicator_id"])
    target_ids = {t.target_id for t in load_plan().targets if t.indicator_id in touched}
    before = assess_plan(
        as_of=as_of,
        region_code=region_code,
        level=level,
        series_lookup=series_lookup_from(public, before_rows, region_code),
        target_ids=target_ids,
    )
    after = assess_plan(
        as_of=as_of,
        region_code=region_code,
        level=level,
        series_lookup=series_lookup_from(public, after_rows, region_code),
        target_ids=target_ids,
    )
    warnings = pd.DataFrame(
        list(record.warnings), columns=["code", "sheet", "row", "column", "message", "message_zh"]
    )
    return Review(record, _history(record, public, region_code), warnings, _effect(before, after))
