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

from hongtonglib.census.tables import load_census_table
from hongtonglib.reference_class.classes import (
    PaceUnit,
    ReferenceClassResult,
    ReferenceClassSpec,
    build_reference_classes,
)
from hongtonglib.reference_class.pairs import pair_census_units

logger = logging.getLogger(__name__)


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
        The pace to compare with, in ``pace_unit`` per year (see
        :func:`hongtonglib.assess.outside_view.plan_required_pace`).
    pace_unit : {"logit", "pp"}
        Unit of ``required_pace``.
    spec : ReferenceClassSpec, optional
        Subject and class definitions (default: Hongtong, counties, ±5 points).
    """
    spec = spec or ReferenceClassSpec()
    return build_reference_classes(load_units(spec), spec, required_pace, pace_unit)


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
