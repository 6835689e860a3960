"""Briefings print the registries' Chinese texts: definitions, source titles, publishers, notes."""

import html

import pytest

from hongtonglib.report.context import load_briefing_data
from hongtonglib.report.department import DepartmentBriefing
from hongtonglib.report.sources import sources_rows
from hongtonglib.report.targets import gap_frame, gap_rows, source_label


@pytest.fixture(scope="module")
def data():
    return load_briefing_data(2026)


def test_sources_table_prefers_the_chinese_renderings(data) -> None:
    rows = {
        row["编号"]: row for row in sources_rows(data, {"census_county_2010", "web_199it_454fbe"})
    }
    census = rows["census_county_2010"]
    assert census["来源"].startswith("第六次全国人口普查（2010年）县级数据表")
    assert census["发布者/网站"] == "Lei Dong 等，中国人口普查数据集（GitHub leiii/census）"
    assert census["说明"].startswith("本项目复制该文件的日期")
    web = rows["web_199it_454fbe"]  # a Chinese title: printed as recorded
    assert web["来源"] == data.sources.set_index("source_id").loc["web_199it_454fbe", "title"]
    assert web["发布者/网站"].startswith("网站 199it.com（转载")
    assert "未记录原始获取日期" in web["说明"]


def test_source_label_prefers_the_chinese_title(data) -> None:
    assert source_label(data, "web_wikipedia_c6d857") == "洪洞县 - 维基百科（英文版）"
    assert source_label(data, "web_199it_454fbe").startswith("国家统计局:截止2019年末")
    assert source_label(data, "submission:7") == "部门报送第7号"


def test_gap_table_explains_indicators_in_chinese(data) -> None:
    rows = gap_rows(gap_frame(data, list(data.assessment.items)))
    assert rows
    for row in rows:
        assert row["说明"] in {i.definition_zh for i in data.indicators.values()}


def test_department_data_requests_print_chinese_definitions() -> None:
    briefing = DepartmentBriefing("health", as_of_year=2026)
    text = html.unescape(briefing.data_requests().data)
    for indicator in briefing.supplied_indicators:
        assert indicator.definition_zh in text
        assert indicator.definition not in text
