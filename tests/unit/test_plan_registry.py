"""Registry tests for the cleaned action plan."""

from __future__ import annotations

import re

import pytest

from hongtonglib.plan import Comparator, TargetKind, UnknownKeyError, load_plan


@pytest.fixture(scope="module")
def plan():
    return load_plan()


def test_33_tasks_in_7_actions(plan) -> None:
    assert len(plan.tasks) == 33
    assert len(plan.actions) == 7
    assert [a.task_ids for a in plan.actions] == [
        (1, 2, 3),
        (4, 5, 6, 7),
        (8, 9, 10, 11, 12),
        (13, 14, 15, 16, 17, 18, 19),
        (20, 21, 22, 23, 24),
        (25, 26, 27),
        (28, 29, 30, 31, 32, 33),
    ]
    assert {t.action_id for t in plan.tasks} == set(range(1, 8))


def test_general_requirements_and_safeguards(plan) -> None:
    assert [g.year for g in plan.general.goals] == [2024, 2025, 2027]
    assert [p.number for p in plan.general.positioning] == [1, 2, 3, 4, 5]
    assert plan.general.positioning[0].title == "优化空间发展布局"
    assert [s.title for s in plan.safeguards] == [
        "加强组织领导",
        "夯实项目支撑",
        "注重宣传引导",
        "加强督导考核",
    ]
    assert "坚持因地制宜" in plan.general.principles
    assert "学习运用“千万工程”经验" in plan.general.guiding_idea


def test_every_task_has_units_lead_and_townships_last(plan) -> None:
    for task in plan.tasks:
        assert task.department_ids, task.task_id
        assert task.lead_department_id == task.department_ids[0]
        assert task.unit_names[-1] == "各乡镇"
        assert task.department_ids[-1] == "townships"
        assert len(task.unit_names) == len(task.department_ids)
        assert task.text.startswith(task.title + "。")
        assert task.sector_ids


def test_units_in_printed_order(plan) -> None:
    assert plan.task(19).unit_names == (
        "县人社局",
        "县卫健局",
        "县民政局",
        "县住建局",
        "县财政局",
        "县公积金中心",
        "各乡镇",
    )
    assert plan.task(24).lead_department_id == "ecology_environment"
    assert plan.task(12).department_ids[9:11] == ("education_sports", "health")


@pytest.mark.parametrize(
    ("alias", "department_id"),
    [
        ("县卫健局", "health"),
        ("县卫健委", "health"),
        ("县发改局", "development_reform"),
        ("县发展改革局", "development_reform"),
        ("临汾市生态环境局洪洞分局", "ecology_environment"),
        ("县生态环境局", "ecology_environment"),
        ("各乡镇", "townships"),
        ("health", "health"),
    ],
)
def test_aliases_resolve(plan, alias: str, department_id: str) -> None:
    assert plan.department(alias).department_id == department_id


def test_every_alias_resolves_and_every_plan_unit_is_known(plan) -> None:
    for department in plan.departments:
        for alias in department.aliases:
            assert plan.department(alias) == department
    printed = {name for task in plan.tasks for name in task.unit_names}
    known = {alias for d in plan.departments for alias in d.aliases}
    assert printed <= known
    # the alias used only in the safeguard measures is known too
    assert "县发展改革局" in plan.safeguards[0].text


def test_every_department_is_used(plan) -> None:
    used = {d for task in plan.tasks for d in task.department_ids}
    in_plan = {d.department_id for d in plan.departments if d.in_plan}
    assert in_plan == used
    assert len(in_plan) == 27


def test_department_lookups(plan) -> None:
    assert [t.task_id for t in plan.tasks_for_department("县卫健局")] == [
        12,
        13,
        16,
        19,
        23,
        26,
        27,
    ]
    assert [t.task_id for t in plan.tasks_for_department("health", role="lead")] == [13]
    assert [t.task_id for t in plan.tasks_for_department("civil_affairs", role="lead")] == [15, 18]
    assert len(plan.tasks_for_department("townships", role="support")) == 33
    with pytest.raises(UnknownKeyError):
        plan.department("县不存在局")
    with pytest.raises(ValueError):
        plan.tasks_for_department("health", role="boss")


def test_safeguard_names_working_group_leads(plan) -> None:
    named = [d.department_id for d in plan.departments_named_in(plan.safeguards[0].text)]
    assert named == ["housing_urban_rural", "development_reform"]


def test_years_named_and_deadlines(plan) -> None:
    assert plan.task(8).years == (2021, 2023, 2027)
    assert plan.task(8).deadline_year == 2027
    assert plan.task(19).deadline_year == 2025
    assert plan.task(30).years == (2025,)
    assert plan.task(5).deadline_year is None


def test_headline_urbanization_targets(plan) -> None:
    targets = plan.targets_for_indicator("urbanization_rate_pct")
    assert [(t.year, t.value) for t in targets] == [(2024, 46), (2025, 48), (2027, 55)]
    assert all(t.task_id == 0 and t.comparator is Comparator.at_least for t in targets)


@pytest.mark.parametrize(
    ("target_id", "comparator", "value", "year"),
    [
        ("T09-sponge-city", ">=", 30, 2027),
        ("T22-prefab-buildings", ">=", 36, 2027),
        ("T23-garbage-harmless", ">=", 100, 2027),
        ("T16-fitness-centre", ">=", 100, 2027),
        ("T16-township-outdoor-fitness", ">", 80, 2027),
        ("T17-three-without-compounds", "<=", 0, 2027),
        ("T19-online-employment-service", ">=", 100, 2025),
    ],
)
def test_task_targets(plan, target_id: str, comparator: str, value: float, year: int) -> None:
    target = plan.target(target_id)
    assert (target.comparator.value, target.value, target.year) == (comparator, value, year)


def test_range_and_count_targets(plan) -> None:
    hospitals = plan.target("T13-high-standard-hospitals")
    assert hospitals.comparator is Comparator.range
    assert (hospitals.value_min, hospitals.value_max) == (1, 2)
    assert hospitals.threshold == 1
    assert plan.target("T15-public-elderly-institution").kind is TargetKind.count


def test_targets_quote_their_task_and_are_complete(plan) -> None:
    assert len(plan.targets) == 40
    for target in plan.targets:
        source = (
            plan.task(target.task_id).text
            if target.task_id
            else "".join(g.text for g in plan.general.goals)
        )
        assert target.sentence in source.replace("\n", ""), target.target_id
        if target.task_id == 0:
            goal = next(g for g in plan.general.goals if g.year == target.year)
            assert target.sentence in goal.text
        elif target.year_is_stated:
            assert str(target.year) in target.sentence, target.target_id


def test_every_percentage_in_task_text_is_a_target(plan) -> None:
    """No percentage target of the plan is missing from targets.csv."""
    quoted = {(t.task_id, round(t.value or 0)) for t in plan.targets if t.unit == "%"}
    for task in plan.tasks:
        for number in re.findall(r"(\d+(?:\.\d+)?)\s*%", task.text):
            assert (task.task_id, round(float(number))) in quoted, (task.task_id, number)
    for goal in plan.general.goals:
        for number in re.findall(r"(\d+)\s*%", goal.text):
            assert (0, int(number)) in quoted


def test_every_full_coverage_phrase_has_a_target_or_is_qualitative(plan) -> None:
    coverage_tasks = {t.task_id for t in plan.targets if t.kind in (TargetKind.coverage,)}
    for task in plan.tasks:
        if "全覆盖" in task.text:
            assert task.task_id in coverage_tasks, task.task_id


def test_sector_lookups(plan) -> None:
    for sector_id in ("housing", "health", "education", "environment", "urbanization"):
        assert plan.sector(sector_id).has_briefing
        assert plan.tasks_for_sector(sector_id)
        assert plan.targets_for_sector(sector_id)
    assert {t.target_id for t in plan.targets_for_sector("housing")} >= {"T22-prefab-buildings"}
    assert 13 in {t.task_id for t in plan.tasks_for_sector("health")}
    with pytest.raises(UnknownKeyError):
        plan.sector("space")


def test_projects_with_investment(plan) -> None:
    invested = [p for p in plan.projects if p.investment_100m_yuan is not None]
    assert {p.task_id for p in invested} == {5, 6, 8}
    assert round(sum(p.investment_100m_yuan for p in invested), 2) == 117.15
    assert plan.projects_for_task(6)[0].investment_100m_yuan == 23.3
    benzene = next(p for p in plan.projects if p.project_id == "P05-huaxin-benzene")
    assert (benzene.investment_100m_yuan, benzene.investment_text) == (0.55, "投资5500万元")


def test_spatial_structure(plan) -> None:
    labels = {c.label_zh: c.places_zh for c in plan.spatial}
    assert labels["一心"] == ("大槐树镇",)
    assert labels["四镇"] == ("赵城镇", "龙马乡", "广胜寺镇", "甘亭镇")
    assert set(labels) == {"一心", "四镇", "一带", "两区"}
    for places in labels.values():
        for place in places:
            assert place in plan.task(2).text


def test_records_are_frozen(plan) -> None:
    with pytest.raises(Exception):  # noqa: B017 - pydantic raises ValidationError
        plan.task(1).title = "x"  # type: ignore[misc]


def test_every_target_points_to_a_registered_indicator_with_its_unit(plan) -> None:
    from hongtonglib.indicators import load_registries

    indicators = load_registries().indicators
    departments = {d.department_id for d in plan.departments}
    for target in plan.targets:
        indicator = indicators[target.indicator_id]
        assert indicator.unit == target.unit, target.target_id
        assert indicator.department_id in departments
        if target.unit == "%":
            assert (indicator.lower_bound, indicator.upper_bound) == (0, 100)
