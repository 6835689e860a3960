"""Load the reference classes from the census tables, and say them in one Chinese sentence.

Examples
--------
>>> result = load_reference_classes(required_pace=0.109)
>>> round(result.subject.urgd_per_year, 3)
0.029
>>> describe_reference_class_zh(result, target_pct=55, target_year=2027)  # doctest: +ELLIPSIS
'2010—2020年，与洪洞县2010年城镇化水平（32.8%）相近（±5个百分点）的...个县中，仅...%（...个）达到实现2027年55%目标所需的增速（城乡人口增长率差每年0.109）。'
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pandas as pd

from hongtonglib.reference_class.classes import (
    PaceUnit,
    ReferenceClassResult,
    ReferenceClassSpec,
    build_reference_classes,
    compute_required_pace,
)
from hongtonglib.reference_class.pairs import pair_census_units

logger = logging.getLogger(__name__)

URBANIZATION_INDICATOR = "urbanization_rate_pct"
"""Indicator id of the urban share in the indicator registry and the plan's targets."""


@dataclass(frozen=True)
class PlanPace:
    """The pace a plan target needs from the latest observation.

    Attributes
    ----------
    pace : float
        Required pace per year, in ``unit``.
    unit : {"logit", "pp"}
        Logit per year (URGD) or percentage points per year.
    start_pct, start_year : float, int
        The latest observation the pace starts from.
    start_source_id : str
        Source of that observation.
    target_pct, target_year : float, int
        The target and its deadline.
    target_id : str
        The target in the plan registry.
    """

    pace: float
    unit: PaceUnit
    start_pct: float
    start_year: int
    start_source_id: str
    target_pct: float
    target_year: int
    target_id: str


def load_units(spec: ReferenceClassSpec | None = None) -> pd.DataFrame:
    """Return the paired county-level units of the 2010 and 2020 census tables, with flags."""
    from hongtonglib.census.tables import load_census_table

    spec = spec or ReferenceClassSpec()
    return pair_census_units(
        load_census_table(2010),
        load_census_table(2020),
        population_ratio_bounds=spec.population_ratio_bounds,
    )


def load_reference_classes(
    required_pace: float | None = None,
    pace_unit: PaceUnit = "logit",
    spec: ReferenceClassSpec | None = None,
) -> ReferenceClassResult:
    """Build the reference classes from the census tables in ``data/census``.

    Parameters
    ----------
    required_pace : float, optional
        The pace to compare with, in ``pace_unit`` per year (see :func:`plan_required_pace`).
    pace_unit : {"logit", "pp"}
        Unit of ``required_pace``.
    spec : ReferenceClassSpec, optional
        Subject and class definitions (default: Hongtong, counties, ±5 points).
    """
    spec = spec or ReferenceClassSpec()
    return build_reference_classes(load_units(spec), spec, required_pace, pace_unit)


def plan_required_pace(
    region_code: str = "141024",
    target_year: int | None = None,
    unit: PaceUnit = "logit",
) -> PlanPace:
    """Return the pace the plan's urbanization target needs from the latest observation.

    The latest observation is the newest comparable value of ``urbanization_rate_pct`` by the
    assessment's rule (:func:`hongtonglib.assess.comparable.comparable_points`: a pre-census
    sample-survey figure is never the start); the target is
    the plan's urbanization target for ``target_year`` (default: its last deadline).

    Examples
    --------
    >>> pace = plan_required_pace()
    >>> (pace.start_year, pace.start_pct, pace.target_year, pace.target_pct, round(pace.pace, 3))
    (2022, 41.5, 2027, 55.0, 0.109)
    """
    from hongtonglib.assess.comparable import comparable_points
    from hongtonglib.indicators.observations import get_series
    from hongtonglib.plan import load_plan

    # The assessment's rule picks the observations on one basis (never a pre-census estimate),
    # so the pace here starts from the same latest observation as the target's assessment.
    kept, _ = comparable_points(get_series(URBANIZATION_INDICATOR, region_code))
    if kept.empty:
        raise LookupError(f"no {URBANIZATION_INDICATOR} observation for {region_code}")
    latest = kept.iloc[-1]
    targets = [
        target
        for target in load_plan().targets_for_indicator(URBANIZATION_INDICATOR)
        if target.value is not None and (target_year is None or target.year == target_year)
    ]
    if not targets:
        raise LookupError(f"the plan has no {URBANIZATION_INDICATOR} target for {target_year}")
    target = max(targets, key=lambda item: item.year)
    pace = compute_required_pace(
        float(latest["value"]), int(latest["year"]), float(target.value), int(target.year), unit
    )
    return PlanPace(
        pace=pace,
        unit=unit,
        start_pct=float(latest["value"]),
        start_year=int(latest["year"]),
        start_source_id=str(latest["source_id"]),
        target_pct=float(target.value),
        target_year=int(target.year),
        target_id=target.target_id,
    )


def format_pace_zh(pace: float, unit: PaceUnit) -> str:
    """Return a pace in Chinese words, e.g. ``城乡人口增长率差每年0.109``.

    Examples
    --------
    >>> format_pace_zh(0.1088, "logit"), format_pace_zh(2.7, "pp")
    ('城乡人口增长率差每年0.109', '每年提高2.70个百分点')
    """
    if unit == "logit":
        return f"城乡人口增长率差每年{pace:.3f}"
    return f"每年提高{pace:.2f}个百分点"


def describe_reference_class_zh(
    result: ReferenceClassResult,
    class_id: str = "similar_share",
    target_pct: float | None = None,
    target_year: int | None = None,
) -> str:
    """Return one Chinese sentence: how many comparable counties reached the required pace.

    Parameters
    ----------
    result : ReferenceClassResult
        Reference classes built with a ``required_pace``.
    class_id : {"similar_share", "province", "national"}
        Which class to describe.
    target_pct, target_year : float and int, optional
        The target the pace is needed for, named in the sentence when given.

    Raises
    ------
    ValueError
        If ``result`` has no required pace.
    """
    if result.required_pace is None:
        raise ValueError("the reference classes were built without a required pace")
    row = result.row(class_id)
    subject = result.subject
    if class_id == "similar_share":
        who = (
            f"与{subject.name_zh}2010年城镇化水平（{subject.urban_share_2010_pct:.1f}%）相近"
            f"（±{result.spec.similar_band_pp:g}个百分点）的"
        )
    elif class_id == "province":
        who = f"{subject.province_zh}"
    else:
        who = "全国"
    share = float(row["share_reaching_pct"])
    reaching = int(row["n_reaching"])
    goal = (
        f"实现{target_year}年{target_pct:g}%目标所需的增速"
        if target_pct is not None and target_year is not None
        else "所需的增速"
    )
    pace = format_pace_zh(float(result.required_pace), result.pace_unit)
    if reaching == 0:
        outcome = f"没有一个县达到{goal}（{pace}）"
    else:
        only = "仅" if share < 50 else ""
        outcome = f"{only}{share:.1f}%（{reaching}个）达到{goal}（{pace}）"
    return f"2010—2020年，{who}{int(row['n_counties'])}个县中，{outcome}。"


def describe_subject_zh(result: ReferenceClassResult, class_id: str = "similar_share") -> str:
    """Return one Chinese sentence on the subject's own 2010–2020 pace and its percentile.

    Examples
    --------
    >>> describe_subject_zh(load_reference_classes())  # doctest: +ELLIPSIS
    '洪洞县2010—2020年城镇化率由32.8%升至39.5%，城乡人口增长率差每年0.029，不低于同类县中...%的县。'
    """
    subject = result.subject
    row = result.row(class_id, "urgd_per_year")
    return (
        f"{subject.name_zh}2010—2020年城镇化率由{subject.urban_share_2010_pct:.1f}%升至"
        f"{subject.urban_share_2020_pct:.1f}%，城乡人口增长率差每年{subject.urgd_per_year:.3f}，"
        f"不低于同类县中{float(row['subject_percentile']):.0f}%的县。"
    )
