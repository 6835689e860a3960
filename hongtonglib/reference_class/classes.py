"""Reference classes of counties: how fast they urbanized, and where one county stands.

Three classes, each of the units of the chosen types (default: counties, i.e. 县 and 旗) that
are comparable in both censuses (:func:`~hongtonglib.reference_class.pairs.pair_census_units`),
the subject county itself left out:

- ``national``: every such county in China;
- ``province``: those in the subject's province;
- ``similar_share``: those whose 2010 urban share lies within ``similar_band_pp`` percentage
  points of the subject's 2010 share.

For each class and each measure (URGD, logit per year; change in percentage points per year):
the number of counties, the number excluded by the flags (those that would otherwise have been
in the class), quantiles, the subject's value and percentile (the share of the class at or
below it), and the share of the class that reached a required pace.

Examples
--------
>>> units = pd.DataFrame({
...     "region_code": ["S", "A", "B", "C", "D"],
...     "name_zh_2010": ["本县", "甲县", "乙县", "丙县", "丁县"],
...     "unit_type": "county", "province_code": ["P", "P", "P", "Q", "Q"],
...     "province_zh": ["省", "省", "省", "他省", "他省"],
...     "urban_share_2010_pct": [30.0, 28.0, 31.0, 50.0, 33.0],
...     "urban_share_2020_pct": [36.0, 40.0, 33.0, 60.0, 45.0],
...     "flags": [(), (), (), (), ("population_jump",)], "is_excluded": [False] * 4 + [True]})
>>> units["urgd_per_year"] = compute_urgd(units["urban_share_2010_pct"],
...                                       units["urban_share_2020_pct"])
>>> units["pp_per_year"] = (units["urban_share_2020_pct"] - units["urban_share_2010_pct"]) / 10
>>> result = build_reference_classes(units, ReferenceClassSpec(subject_code="S"),
...                                  required_pace=0.05)
>>> row = result.row("similar_share")
>>> int(row["n_counties"]), int(row["n_excluded"]), float(row["share_reaching_pct"])
(2, 1, 50.0)
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from hongtonglib.fileio import write_csv_tables
from hongtonglib.rates import logit
from hongtonglib.reference_class.pairs import (
    DEFAULT_POPULATION_RATIO_BOUNDS,
    compute_urgd,
    is_excluding,
)

logger = logging.getLogger(__name__)

PaceUnit = Literal["logit", "pp"]
"""Unit of a pace: ``logit`` per year (URGD) or percentage points (``pp``) per year."""

MEASURES: dict[str, str] = {"logit": "urgd_per_year", "pp": "pp_per_year"}
"""Column of the units frame measured in each pace unit."""

CLASS_IDS: tuple[str, ...] = ("national", "province", "similar_share")

SUMMARY_COLUMNS: tuple[str, ...] = (
    "class_id",
    "class_zh",
    "definition",
    "measure",
    "n_counties",
    "n_excluded",
    "mean",
    "q10",
    "q25",
    "median",
    "q75",
    "q90",
    "subject_value",
    "subject_percentile",
    "required_pace",
    "n_reaching",
    "share_reaching_pct",
)
"""Columns of :attr:`ReferenceClassResult.summary`."""

_QUANTILES: dict[str, float] = {"q10": 0.10, "q25": 0.25, "median": 0.50, "q75": 0.75, "q90": 0.90}


class ReferenceClassSpec(BaseModel):
    """How the reference classes are drawn (frozen; unknown keys are an error).

    Attributes
    ----------
    subject_code : str
        The county placed in the classes (default Hongtong, ``141024``).
    unit_types : tuple of str
        Unit types in the classes (:data:`~hongtonglib.reference_class.pairs.UNIT_TYPES`);
        default counties only (县, 旗): districts are urban by definition and county-level
        cities differ in status.
    similar_band_pp : float
        Half-width of the ``similar_share`` class around the subject's 2010 share, in points.
    population_ratio_bounds : (float, float)
        Bounds of the 2020/2010 population ratio beyond which a unit is flagged.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    subject_code: str = Field(default="141024", min_length=1)
    unit_types: tuple[str, ...] = ("county",)
    similar_band_pp: float = Field(default=5.0, gt=0, le=50)
    population_ratio_bounds: tuple[float, float] = DEFAULT_POPULATION_RATIO_BOUNDS


@dataclass(frozen=True)
class SubjectPace:
    """The subject county's own urban shares and paces, 2010–2020."""

    region_code: str
    name_zh: str
    province_code: str
    province_zh: str
    urban_share_2010_pct: float
    urban_share_2020_pct: float
    urgd_per_year: float
    pp_per_year: float
    flags: tuple[str, ...]


@dataclass(frozen=True)
class ReferenceClassResult:
    """Reference classes of one subject county (frozen).

    Attributes
    ----------
    spec : ReferenceClassSpec
        How the classes were drawn.
    subject : SubjectPace
        The subject county's own values.
    required_pace : float or None
        The pace the class is compared with, in ``pace_unit`` per year.
    pace_unit : {"logit", "pp"}
        Unit of ``required_pace``.
    summary : pandas.DataFrame
        One row per class and measure, columns :data:`SUMMARY_COLUMNS`.
    exclusions : pandas.DataFrame
        ``class_id, flag, n_units``: units left out of each class, by flag (a unit with two
        flags counts under both).
    members : pandas.DataFrame
        ``class_id`` and the units-frame columns of every class member.
    """

    spec: ReferenceClassSpec
    subject: SubjectPace
    required_pace: float | None
    pace_unit: PaceUnit
    summary: pd.DataFrame
    exclusions: pd.DataFrame
    members: pd.DataFrame

    def row(self, class_id: str, measure: str | None = None) -> pd.Series:
        """Return the summary row of a class, for a measure (default: the pace unit's)."""
        measure = measure or MEASURES[self.pace_unit]
        rows = self.summary[
            (self.summary["class_id"] == class_id) & (self.summary["measure"] == measure)
        ]
        if rows.empty:
            raise KeyError(f"no class {class_id!r} with measure {measure!r}")
        return rows.iloc[0]

    def write_tables(self, directory: str | Path) -> list[Path]:
        """Write the summary, exclusions and members as UTF-8 CSV (atomically); return paths.

        Files: ``reference_class_summary.csv``, ``reference_class_exclusions.csv``,
        ``reference_class_members.csv`` (``flags`` joined with ``;``).
        """
        members = self.members.assign(flags=self.members["flags"].map(";".join))
        tables = {
            "reference_class_summary.csv": self.summary,
            "reference_class_exclusions.csv": self.exclusions,
            "reference_class_members.csv": members,
        }
        written = write_csv_tables(directory, tables)
        logger.info("wrote %d reference-class tables to %s", len(written), directory)
        return written


def compute_required_pace(
    start_pct: float,
    start_year: int,
    target_pct: float,
    target_year: int,
    unit: PaceUnit = "logit",
) -> float:
    """Return the pace per year that takes an urban share from a start to a target.

    Examples
    --------
    >>> round(compute_required_pace(41.5, 2022, 55.0, 2027), 4)
    0.1088
    >>> round(compute_required_pace(41.5, 2022, 55.0, 2027, unit="pp"), 2)
    2.7
    """
    if target_year <= start_year:
        raise ValueError(f"target year {target_year} must come after start year {start_year}")
    for value in (start_pct, target_pct):
        if not 0 < value < 100:
            raise ValueError(f"urban shares must lie strictly between 0 and 100, got {value}")
    years = target_year - start_year
    if unit == "logit":
        return float((logit(target_pct / 100) - logit(start_pct / 100)) / years)
    if unit == "pp":
        return (target_pct - start_pct) / years
    raise ValueError(f"unknown pace unit {unit!r}; expected 'logit' or 'pp'")


def build_reference_classes(
    units: pd.DataFrame,
    spec: ReferenceClassSpec | None = None,
    required_pace: float | None = None,
    pace_unit: PaceUnit = "logit",
) -> ReferenceClassResult:
    """Place the subject county in the national, provincial and similar-share classes.

    Parameters
    ----------
    units : pandas.DataFrame
        The frame of :func:`~hongtonglib.reference_class.pairs.pair_census_units`.
    spec : ReferenceClassSpec, optional
        Subject and class definitions (defaults: Hongtong, counties, ±5 points).
    required_pace : float, optional
        A pace to compare with (e.g. the pace the plan's target needs), in ``pace_unit``.
    pace_unit : {"logit", "pp"}
        Unit of ``required_pace``: logit per year (URGD) or percentage points per year.

    Returns
    -------
    ReferenceClassResult

    Raises
    ------
    KeyError
        If the subject is not among the units.
    ValueError
        If the subject itself cannot be measured (missing in a census, or flagged).
    """
    spec = spec or ReferenceClassSpec()
    if pace_unit not in MEASURES:
        raise ValueError(f"unknown pace unit {pace_unit!r}; expected 'logit' or 'pp'")
    subject = _subject(units, spec.subject_code)
    scopes = _class_scopes(units, spec, subject)
    summary_rows: list[dict[str, Any]] = []
    exclusion_rows: list[dict[str, Any]] = []
    member_frames = []
    for class_id, (class_zh, definition, in_scope) in scopes.items():
        in_scope = in_scope & (units["region_code"] != subject.region_code)
        members = units[in_scope & ~units["is_excluded"]]
        excluded = units[in_scope & units["is_excluded"]]
        member_frames.append(members.assign(class_id=class_id))
        exclusion_rows.extend(_count_flags(class_id, excluded))
        for unit, measure in MEASURES.items():
            pace = required_pace if unit == pace_unit else None
            summary_rows.append(
                _summarize(
                    members[measure].to_numpy(dtype=float),
                    getattr(subject, measure),
                    pace,
                )
                | {
                    "class_id": class_id,
                    "class_zh": class_zh,
                    "definition": definition,
                    "measure": measure,
                    "n_excluded": len(excluded),
                }
            )
    summary = pd.DataFrame(summary_rows)[list(SUMMARY_COLUMNS)]
    exclusions = pd.DataFrame(exclusion_rows, columns=["class_id", "flag", "n_units"])
    members_frame = pd.concat(member_frames, ignore_index=True)
    logger.info(
        "reference classes of %s: %s",
        subject.region_code,
        ", ".join(
            f"{row.class_id} n={row.n_counties}"
            for row in summary.drop_duplicates("class_id").itertuples()
        ),
    )
    return ReferenceClassResult(
        spec=spec,
        subject=subject,
        required_pace=required_pace,
        pace_unit=pace_unit,
        summary=summary,
        exclusions=exclusions,
        members=members_frame,
    )


def _subject(units: pd.DataFrame, code: str) -> SubjectPace:
    rows = units[units["region_code"] == code]
    if rows.empty:
        raise KeyError(f"region {code!r} is not a county-level unit of the census tables")
    row = rows.iloc[0]
    flags = tuple(row["flags"])
    if is_excluding(flags) or not np.isfinite(row["urgd_per_year"]):
        raise ValueError(f"region {code!r} cannot be compared across the censuses: {flags}")
    name = row.get("name_zh_2020")
    if not isinstance(name, str):
        name = row["name_zh_2010"]
    return SubjectPace(
        region_code=code,
        name_zh=str(name),
        province_code=str(row["province_code"]),
        province_zh=str(row["province_zh"]),
        urban_share_2010_pct=float(row["urban_share_2010_pct"]),
        urban_share_2020_pct=float(row["urban_share_2020_pct"]),
        urgd_per_year=float(row["urgd_per_year"]),
        pp_per_year=float(row["pp_per_year"]),
        flags=flags,
    )


def _class_scopes(
    units: pd.DataFrame, spec: ReferenceClassSpec, subject: SubjectPace
) -> dict[str, tuple[str, str, pd.Series]]:
    """Return, per class, its Chinese name, an English definition and the in-scope mask."""
    of_type = units["unit_type"].isin(spec.unit_types)
    types = "/".join(spec.unit_types)
    low = subject.urban_share_2010_pct - spec.similar_band_pp
    high = subject.urban_share_2010_pct + spec.similar_band_pp
    share = units["urban_share_2010_pct"]
    band = f"{spec.similar_band_pp:g}"
    return {
        "national": ("全国", f"{types} units in China", of_type),
        "province": (
            subject.province_zh,
            f"{types} units in province {subject.province_code}",
            of_type & (units["province_code"] == subject.province_code),
        ),
        "similar_share": (
            f"2010年城镇化率相近（±{band}个百分点）",
            f"{types} units with a 2010 urban share of {low:.2f}-{high:.2f}%",
            of_type & share.between(low, high),
        ),
    }


def _summarize(values: np.ndarray, subject_value: float, pace: float | None) -> dict[str, Any]:
    from scipy.stats import percentileofscore

    values = values[np.isfinite(values)]
    out: dict[str, Any] = {"n_counties": len(values), "subject_value": subject_value}
    if len(values):
        out["mean"] = float(values.mean())
        out |= {name: float(np.quantile(values, q)) for name, q in _QUANTILES.items()}
        out["subject_percentile"] = float(percentileofscore(values, subject_value, kind="weak"))
    else:
        out |= {name: np.nan for name in ("mean", *_QUANTILES, "subject_percentile")}
    out["required_pace"] = np.nan if pace is None else float(pace)
    if pace is None or not len(values):
        out["n_reaching"] = pd.NA
        out["share_reaching_pct"] = np.nan
    else:
        reaching = int((values >= pace).sum())
        out["n_reaching"] = reaching
        out["share_reaching_pct"] = 100.0 * reaching / len(values)
    return out


def _count_flags(class_id: str, excluded: pd.DataFrame) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for flags in excluded["flags"]:
        for flag in flags:
            counts[flag] = counts.get(flag, 0) + 1
    return [
        {"class_id": class_id, "flag": flag, "n_units": n} for flag, n in sorted(counts.items())
    ]


__all__ = [
    "CLASS_IDS",
    "MEASURES",
    "SUMMARY_COLUMNS",
    "PaceUnit",
    "ReferenceClassResult",
    "ReferenceClassSpec",
    "SubjectPace",
    "build_reference_classes",
    "compute_required_pace",
    "compute_urgd",
]
