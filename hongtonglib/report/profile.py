"""The county profile and the prefecture/province pages: sections for the profile notebooks.

:class:`CountyProfileBriefing` (``notebooks/county_profile.ipynb``) and
:class:`RegionProfilesBriefing` (``notebooks/region_profiles.ipynb``) format the frames of
:mod:`hongtonglib.profiles` as Chinese Markdown, HTML tables and charts. Pages link to one
another by relative paths: ``profiles/county/<code>.html``,
``profiles/prefecture/<code>.html``, ``profiles/province/<code>.html`` under the output folder;
Hongtong's profile links to the plan briefings at the output folder's top.

Examples
--------
>>> county_page("141024"), relative("profiles/county/141024", prefecture_page("141000"))
('profiles/county/141024', '../prefecture/141000.html')
"""

from __future__ import annotations

import html as html_lib
import posixpath
from typing import TYPE_CHECKING

import pandas as pd

from hongtonglib.briefing_names import SECTOR_BRIEFINGS
from hongtonglib.profiles.county import (
    DEMAND_GROUPS,
    UNIT_TYPE_ZH,
    CountyProfile,
    county_profile,
    flag_zh,
)
from hongtonglib.profiles.region import RegionProfiles, region_profiles
from hongtonglib.report.charts import plot_demand
from hongtonglib.report.display import html, markdown
from hongtonglib.report.formatting import MISSING, format_value, html_table, is_missing
from hongtonglib.report.profile_charts import plot_urban_small_multiples
from hongtonglib.summary import publish_summary

if TYPE_CHECKING:
    from IPython.display import HTML, Markdown
    from matplotlib.figure import Figure

HONGTONG_CODE = "141024"
"""The county whose profile links to the plan briefings."""

PLAN_BRIEFING_ZH: dict[str, str] = {
    "overview": "总览",
    "housing": "住房",
    "health": "卫生健康",
    "education": "教育",
    "environment": "生态环境",
}


def county_page(code: str) -> str:
    """Return the output name of a county profile (no suffix)."""
    return f"profiles/county/{code}"


def prefecture_page(code: str) -> str:
    """Return the output name of a prefecture page."""
    return f"profiles/prefecture/{code}"


def province_page(code: str) -> str:
    """Return the output name of a province index."""
    return f"profiles/province/{code}"


def relative(from_page: str, to_page: str) -> str:
    """Return the relative link from one output page (name) to another (``.html`` added)."""
    return posixpath.relpath(f"{to_page}.html", posixpath.dirname(from_page) or ".")


def format_change(change: float, unit: str) -> str:
    """Return a signed 2010→2020 change: points for shares, 万人 for large head counts.

    Examples
    --------
    >>> format_change(-95608.0, "人"), format_change(6.72, "%"), format_change(-1.0, "人/户")
    ('-9.56万人', '+6.7个百分点', '-1人/户')
    """
    if unit == "%":
        return f"{change:+.1f}个百分点"
    if unit == "人":
        return f"{change / 10_000:+.2f}万人" if abs(change) >= 10_000 else f"{change:+,.0f}人"
    text = f"{change:+.2f}".rstrip("0").rstrip(".")
    return f"{text}{unit}"


def _pace_text(value: object) -> str:
    return MISSING if is_missing(value) else f"{float(value):.3f}"  # type: ignore[arg-type]


def _persons(value: object) -> str:
    """Return a projected head count, whole persons (the projection is not more precise)."""
    return MISSING if is_missing(value) else format_value(round(float(value)), "人")  # type: ignore[arg-type]


def _flags_text(flags: tuple[str, ...]) -> str:
    return "、".join(flag_zh(f) for f in flags) if flags else ""


class CountyProfileBriefing:
    """The sections of one county unit's profile.

    Parameters
    ----------
    region_code : str
        A county unit of the 2020 census.
    """

    def __init__(self, region_code: str) -> None:
        self.region_code = region_code
        self.profile: CountyProfile = county_profile(region_code)
        self.page = county_page(region_code)

    @property
    def title_zh(self) -> str:
        """Return the page's title."""
        return f"{self.profile.name_zh}县情概况"

    def title(self) -> Markdown:
        """Return the heading and where the unit lies."""
        p = self.profile
        return markdown(
            f"# {p.province_zh}{p.prefecture_zh}{p.name_zh}：县情概况\n\n"
            f"区划代码 {p.region_code} · {UNIT_TYPE_ZH.get(p.unit_type, p.unit_type)} · "
            "数据：第六次、第七次全国人口普查（2010年、2020年）"
        )

    def summary_line(self) -> str:
        """Return the one-line summary for the index page."""
        p = self.profile
        share = p.census.set_index("indicator")["value_2020"].get("城镇化率")
        if not p.comparable:
            return f"2020年城镇化率{format_value(share, '%')}；区划变动，不计算2010—2020年增速"
        national = p.pace.set_index("class_id")["subject_percentile"].get("national")
        return (
            f"2020年城镇化率{format_value(share, '%')}，2010—2020年城乡人口增长率差每年"
            f"{p.urgd_per_year:.3f}，不低于全国同类单位中{float(national):.0f}%"
        )

    def publish_summary(self) -> None:
        """Publish the summary line and title for the index page."""
        publish_summary(
            self.summary_line(), title=self.title_zh, data_vintage="人口普查2010、2020年"
        )

    def flags_note(self) -> Markdown:
        """Return the boundary/status note of a flagged unit (empty for a comparable unit)."""
        p = self.profile
        if p.comparable:
            extra = f"（{_flags_text(p.flags)}，辖区未变）" if p.flags else ""
            return markdown(f"两次普查为同一辖区{extra}，可以比较2010—2020年的变化。")
        return markdown(
            f"**注意：** 本单位在两次普查之间{_flags_text(p.flags)}，2010年与2020年的数字可能"
            "不是同一辖区。以下不计算2010—2020年城镇化增速、不作趋势外推和队列推算，"
            "只列出2020年普查数值。"
        )

    def census_table(self) -> HTML:
        """Return the census values of 2010 and 2020 with their change."""
        rows = []
        for r in self.profile.census.itertuples():
            rows.append(
                {
                    "指标": r.indicator,
                    "2010年": format_value(r.value_2010, r.unit),
                    "2020年": format_value(r.value_2020, r.unit),
                    "变化": MISSING
                    if is_missing(r.change) or not self.profile.comparable
                    else format_change(r.change, r.unit),
                }
            )
        return html(html_table(rows, ["指标", "2010年", "2020年", "变化"]))

    def pace_text(self) -> Markdown:
        """Return the 2010→2020 pace and its percentiles in one paragraph."""
        p = self.profile
        if not p.comparable:
            return markdown("区划变动：不计算2010—2020年城镇化增速和百分位。")
        kind = UNIT_TYPE_ZH.get(p.unit_type, p.unit_type)
        parts = [
            f"{row.class_zh}（{int(row.n_counties)}个{kind}）中不低于{row.subject_percentile:.0f}%"
            for row in p.pace.itertuples()
        ]
        return markdown(
            f"2010—2020年，{p.name_zh}城乡人口增长率差（URGD）为每年{p.urgd_per_year:.3f}"
            f"（城镇化率每年提高{p.pp_per_year:.2f}个百分点）。与同类型单位相比："
            + "；".join(parts)
            + "。"
        )

    def pace_table(self) -> HTML:
        """Return the pace quantiles of the three classes next to the unit's own pace."""
        rows = [
            {
                "参照组": row.class_zh,
                "单位数": int(row.n_counties),
                "10%分位": _pace_text(row.q10),
                "中位数": _pace_text(row.median),
                "90%分位": _pace_text(row.q90),
                "本单位百分位": MISSING
                if is_missing(row.subject_percentile)
                else f"{row.subject_percentile:.0f}%",
            }
            for row in self.profile.pace.itertuples()
        ]
        columns = ["参照组", "单位数", "10%分位", "中位数", "90%分位", "本单位百分位"]
        return html(html_table(rows, columns))

    def trend_text(self) -> Markdown:
        """Return the urban-share trend to 2027 and 2030 with the suite's interval rule."""
        p = self.profile
        if p.trend.empty:
            return markdown("没有两个可比的观测值，不作趋势外推。")
        parts = []
        for row in p.trend.itertuples():
            interval = (
                "" if row.lower == row.upper else f"（区间{row.lower:.1f}%—{row.upper:.1f}%）"
            )
            parts.append(f"{row.year}年约{row.mean:.1f}%{interval}")
        note = (
            "只有两次普查两个点：按两点间的趋势（logit尺度上的漂移，即城乡人口增长率差不变）"
            "外推，不给出区间和概率。"
            if (p.trend["lower"] == p.trend["upper"]).all()
            else "区间为套件预测方法给出的预测区间。"
        )
        return markdown(f"若延续已有趋势，城镇化率{'，'.join(parts)}。{note}")

    def demand_table(self) -> HTML:
        """Return the school-age and elderly groups in the three scenarios."""
        demand = self.profile.demand
        if demand.empty:
            return html("<p>区划变动或缺少2010年普查队列，不作学龄和老年人口推算。</p>")
        wide = demand.pivot_table(
            index=["group_id", "name_zh", "year"], columns="scenario", values="persons"
        ).reset_index()
        order = {g: i for i, g in enumerate(DEMAND_GROUPS)}
        wide = wide.sort_values(
            ["group_id", "year"], key=lambda s: s.map(order) if s.name == "group_id" else s
        )
        rows = [
            {
                "人群": r["name_zh"],
                "年份": str(int(r["year"])),
                "低方案": _persons(r.get("low")),
                "中方案": _persons(r.get("central")),
                "高方案": _persons(r.get("high")),
            }
            for _, r in wide.iterrows()
        ]
        return html(html_table(rows, ["人群", "年份", "低方案", "中方案", "高方案"]))

    def demand_chart(self) -> Figure | str:
        """Return the chart of the projected groups with their low–high bands."""
        demand = self.profile.demand
        if demand.empty:
            return ""
        return plot_demand(demand, title=f"{self.profile.name_zh}：学龄与老年人口预测")

    def peer_table(self) -> HTML:
        """Return the county units of the prefecture side by side, this one in bold."""
        return html(_peer_table_html(self.profile.peers, self.page, highlight=self.region_code))

    def links(self) -> Markdown:
        """Return links to the prefecture page and, for Hongtong, the plan briefings."""
        p = self.profile
        up = relative(self.page, prefecture_page(p.prefecture_code))
        index = relative(self.page, province_page(p.province_code))
        lines = [f"- [{p.prefecture_zh}各县（市、区）比较]({up})"] if p.prefecture_code else []
        lines.append(f"- [{p.province_zh}县级单位索引]({index})")
        if self.region_code == HONGTONG_CODE:
            lines += [
                f"- [城镇化行动方案监测：{PLAN_BRIEFING_ZH.get(sector, sector)}简报]"
                f"({relative(self.page, sector)})"
                for sector in SECTOR_BRIEFINGS
            ]
        return markdown("\n".join(lines))

    def method(self) -> Markdown:
        """Return the method note."""
        notes = "".join(f"\n- 推算说明：{n}" for n in self.profile.demand_notes)
        return markdown(
            "- 普查数值取自两次普查县级汇总表；长表指标为抽样户中的比例。\n"
            "- 城乡人口增长率差（URGD）= 城镇化率logit值的年均变化；参照组只含同类型、两次普查辖区"
            "可比的单位（县改区、代码调整、人口突变等单位不计）。\n"
            "- 趋势外推用套件统一的预测方法：观测点不足三个时不给区间。\n"
            "- 学龄、老年人口由本单位2010→2020年队列变化推算，低、中、高方案的出生和迁移假设与"
            "洪洞县简报相同。" + notes
        )


def _peer_table_html(
    peers: pd.DataFrame, page: str, *, highlight: str | None = None, prefecture: bool = False
) -> str:
    rows = []
    for r in peers.itertuples():
        name = html_lib.escape(str(r.name_zh))
        link = f'<a href="{relative(page, county_page(r.region_code))}">{name}</a>'
        if r.region_code == highlight:
            link = f"<strong>{link}</strong>"
        row = {
            "排名": str(int(r.rank_urban_share)),
            "单位": link,
            "类型": UNIT_TYPE_ZH.get(r.unit_type, r.unit_type),
            "2020年常住人口": format_value(r.population_2020, "人"),
            "2010年城镇化率": format_value(r.urban_share_2010, "%"),
            "2020年城镇化率": format_value(r.urban_share_2020, "%"),
            "URGD（每年）": _pace_text(r.urgd_per_year),
            "URGD排名": MISSING if is_missing(r.rank_urgd) else str(int(r.rank_urgd)),
            "区划变动": _flags_text(tuple(f for f in r.flags if f != "renamed"))
            if not r.comparable
            else "",
        }
        if prefecture:
            row["所属地市"] = html_lib.escape(str(r.prefecture_zh))
        rows.append(row)
    columns = ["排名", "单位"] + (["所属地市"] if prefecture else [])
    columns += [
        "类型",
        "2020年常住人口",
        "2010年城镇化率",
        "2020年城镇化率",
        "URGD（每年）",
        "URGD排名",
        "区划变动",
    ]
    return html_table(rows, columns, raw_html_columns=["单位"])


class RegionProfilesBriefing:
    """The sections of a prefecture page or a province index.

    Parameters
    ----------
    region_code : str
        A prefecture or province of the 2020 census with county units.
    """

    def __init__(self, region_code: str) -> None:
        self.data: RegionProfiles = region_profiles(region_code)
        self.page = (
            prefecture_page(region_code)
            if self.data.level == "prefecture"
            else province_page(region_code)
        )

    @property
    def title_zh(self) -> str:
        """Return the page's title."""
        what = "各县（市、区）比较" if self.data.level == "prefecture" else "县级单位索引"
        return f"{self.data.name_zh}{what}"

    def title(self) -> Markdown:
        """Return the heading."""
        d = self.data
        where = f"{d.province_zh}" if d.level == "prefecture" else ""
        return markdown(
            f"# {where}{self.title_zh}\n\n{len(d.counties)}个县级单位 · "
            "数据：第六次、第七次全国人口普查（2010年、2020年）"
        )

    def summary_line(self) -> str:
        """Return the one-line summary for the index page."""
        c = self.data.counties
        flagged = int((~c["comparable"].astype(bool)).sum())
        return (
            f"{len(c)}个县级单位，2020年城镇化率中位数"
            f"{format_value(c['urban_share_2020'].median(), '%')}"
            f"，{flagged}个区划变动"
        )

    def publish_summary(self) -> None:
        """Publish the summary line and title for the index page."""
        publish_summary(
            self.summary_line(), title=self.title_zh, data_vintage="人口普查2010、2020年"
        )

    def links_up(self) -> Markdown:
        """Return the link to the province index (prefecture pages only)."""
        d = self.data
        if d.level != "prefecture":
            return markdown("")
        return markdown(
            f"[{d.province_zh}县级单位索引]({relative(self.page, province_page(d.province_code))})"
        )

    def prefecture_table(self) -> HTML:
        """Return the province's prefectures with links to their pages (province only)."""
        d = self.data
        if d.level != "province":
            return html("")
        rows = [
            {
                "地市": f'<a href="{relative(self.page, prefecture_page(r.prefecture_code))}">'
                f"{html_lib.escape(str(r.prefecture_zh))}</a>",
                "县级单位数": str(int(r.n_units)),
                "2020年常住人口（县级单位合计）": format_value(r.population_2020, "人"),
                "城镇化率中位数": format_value(r.median_urban_share_2020, "%"),
                "URGD中位数": _pace_text(r.median_urgd),
            }
            for r in d.prefectures.itertuples()
        ]
        columns = [
            "地市",
            "县级单位数",
            "2020年常住人口（县级单位合计）",
            "城镇化率中位数",
            "URGD中位数",
        ]
        return html(html_table(rows, columns, raw_html_columns=["地市"]))

    def ranked_table(self) -> HTML:
        """Return every county unit ranked by its 2020 urban share, with links."""
        return html(
            _peer_table_html(
                self.data.counties, self.page, prefecture=self.data.level == "province"
            )
        )

    def small_multiples(self) -> Figure | str:
        """Return one panel per county unit (prefecture pages only)."""
        if self.data.level != "prefecture":
            return ""
        return plot_urban_small_multiples(
            self.data.counties, title=f"{self.data.name_zh}各县级单位城镇化率，2010年与2020年"
        )
