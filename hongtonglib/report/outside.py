"""The reference-class (outside view) section of the overview briefing.

Examples
--------
>>> from hongtonglib.report.context import load_briefing_data
>>> rows = reference_class_rows(load_briefing_data(2026), "T00-urbanization-2027")
>>> [row["参照组"] for row in rows]
['全国', '山西省', '2010年城镇化率相近（±5个百分点）']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hongtonglib.assess.outside_view import reference_classes_for
from hongtonglib.report.charts import plot_pace_distribution
from hongtonglib.report.formatting import html_table

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from hongtonglib.reference_class import ReferenceClassResult
    from hongtonglib.report.context import BriefingData

CLASS_COLUMNS = [
    "参照组",
    "县的个数",
    "剔除",
    "增速中位数",
    "洪洞县所处位置",
    "达到所需增速的县",
]
MEASURE = "urgd_per_year"
FLAG_LABELS_ZH = {
    "county_to_city": "撤县设市",
    "county_to_district": "撤县设区",
    "district_to_county": "区改县",
    "only_in_2010": "仅见于2010年普查（撤并或改码）",
    "only_in_2020": "仅见于2020年普查（新设或改码）",
    "code_reassigned": "代码改用于他地",
    "population_jump": "人口变化异常（疑似区划调整）",
    "urban_share_out_of_range": "城镇化率为0或100%",
}
"""Chinese labels of the exclusion flags of :mod:`hongtonglib.reference_class.pairs`."""


def _classes(data: BriefingData, target_id: str) -> tuple[ReferenceClassResult, float | None]:

    required = data.assessment.item(target_id).required_pace_logit
    if required is None:
        raise ValueError(f"{target_id} requires no pace: no reference class to show")
    return reference_classes_for(required), required


def reference_class_rows(data: BriefingData, target_id: str) -> list[dict[str, object]]:
    """Return one row per reference class for the URGD the target requires."""
    result, _ = _classes(data, target_id)
    rows = []
    for row in result.summary[result.summary["measure"] == MEASURE].itertuples():
        reaching = (
            f"{int(row.n_reaching)}个（{row.share_reaching_pct:.1f}%）"
            if row.n_reaching == row.n_reaching and row.n_reaching is not None
            else "—"
        )
        rows.append(
            {
                "参照组": row.class_zh,
                "县的个数": int(row.n_counties),
                "剔除": int(row.n_excluded),
                "增速中位数": f"{row.median:.3f}",
                "洪洞县所处位置": (
                    f"第{row.subject_percentile:.0f}百分位（{row.subject_value:.3f}）"
                ),
                "达到所需增速的县": reaching,
            }
        )
    return rows


def reference_class_html(data: BriefingData, target_id: str) -> str:
    """Return the reference-class table as HTML."""
    _, required = _classes(data, target_id)
    caption = (
        "增速为2010—2020年城乡人口增长率差（对数尺度，每年）；"
        f"实现该目标所需增速为每年{required:.3f}。剔除行政区划或建制变化（如撤县设区）的单位。"
    )
    return html_table(reference_class_rows(data, target_id), CLASS_COLUMNS, caption=caption)


def reference_class_sentence(data: BriefingData, target_id: str) -> str:
    """Return the Chinese sentence of the similar-share class."""
    item = data.assessment.item(target_id)
    return item.outside_view_note or "没有可用的参照组结果。"


def exclusion_summary_md(data: BriefingData, target_id: str) -> str:
    """Return how many counties were excluded and why (national class)."""
    result, _ = _classes(data, target_id)
    exclusions = result.exclusions
    national = exclusions[exclusions["class_id"] == "national"]
    if national.empty:
        return "没有剔除的县。"
    parts = [
        f"{FLAG_LABELS_ZH.get(str(row.flag), str(row.flag))}{int(row.n_units)}个"
        for row in national.sort_values("n_units", ascending=False).itertuples()
    ]
    return "全国参照组剔除的县级单位：" + "，".join(parts) + "。"


def reference_class_chart(data: BriefingData, target_id: str) -> Figure:
    """Draw the similar-share class's URGD distribution with Hongtong and the required pace."""
    result, required = _classes(data, target_id)
    members = result.members
    similar = members[(members["class_id"] == "similar_share") & ~members["is_excluded"]]
    subject = result.subject
    return plot_pace_distribution(
        similar[MEASURE],
        subject_value=float(getattr(subject, MEASURE)),
        required=required,
        title="2010—2020年城镇化率相近县的城乡人口增长率差",
        xlabel="城乡人口增长率差（每年，对数尺度）",
    )
