"""Parse the cleaned plan text into its structure.

The plan has three parts: general requirements (guiding idea, principles, yearly goals,
functional positioning 1-5), key tasks (7 actions holding 33 numbered tasks, each closing
with its responsible units in brackets) and safeguard measures (4). This parser reads that
layout line by line; it knows headings by their numbering, never by their wording.

Examples
--------
>>> years_named("到2025年，选定 1-2 个试点；2021-2023年全国文明城市")
(2021, 2023, 2025)
>>> split_units("县人社局、县卫健局、各乡镇")
('县人社局', '县卫健局', '各乡镇')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PART = re.compile(r"^([一二三四五六七八九十])、\s*(.+)$")
SECTION = re.compile(r"^[（(]([一二三四五六七八九十])[）)]\s*(.+)$")
NUMBERED = re.compile(r"^(\d{1,2})\.\s*(.+)$")
GOAL_YEAR = re.compile(r"^(20\d{2})\s*年工作目标$")
UNITS_AT_END = re.compile(r"[（(]([^（）()]+)[）)]\s*$")
YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
CHINESE_NUMERALS = "一二三四五六七八九十"


class PlanParseError(ValueError):
    """The cleaned text does not have the layout the parser expects."""


@dataclass
class ParsedTask:
    """A task as read from the text, before units are resolved to departments."""

    task_id: int
    action_id: int
    title: str
    text: str
    units_text: str
    unit_names: tuple[str, ...]
    years: tuple[int, ...]


@dataclass
class ParsedPlan:
    """Everything the parser reads from the cleaned text."""

    title: str
    preamble: str
    guiding_idea: str = ""
    principles: str = ""
    goals: dict[int, str] = field(default_factory=dict)
    positioning_intro: str = ""
    positioning: dict[int, tuple[str, str]] = field(default_factory=dict)
    tasks_intro: str = ""
    actions: dict[int, str] = field(default_factory=dict)
    tasks: list[ParsedTask] = field(default_factory=list)
    safeguards: dict[int, tuple[str, str]] = field(default_factory=dict)


def years_named(text: str) -> tuple[int, ...]:
    """Return every year (2000-2099) named in ``text``, sorted and without repeats."""
    return tuple(sorted({int(match) for match in YEAR.findall(text)}))


def split_units(units_text: str) -> tuple[str, ...]:
    """Split a printed units list on the enumeration comma, keeping printed order."""
    return tuple(name.strip() for name in units_text.split("、") if name.strip())


def split_title(body: str) -> tuple[str, str]:
    """Split ``title。rest`` at the first full stop; the title excludes the stop."""
    title, stop, _ = body.partition("。")
    if not stop:
        raise PlanParseError(f"no title sentence in: {body[:40]}…")
    return title.strip(), body


def _numeral(char: str) -> int:
    return CHINESE_NUMERALS.index(char) + 1


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def parse_plan_text(text: str) -> ParsedPlan:
    """Parse the cleaned plan text.

    Raises
    ------
    PlanParseError
        If a part, section, task or units list is missing or out of order.
    """
    lines = _lines(text)
    plan = ParsedPlan(title=lines[0], preamble=lines[1])
    part = 0
    section = 0
    blocks: list[tuple[tuple[str, int, int], list[str]]] = []
    goal_year = 0
    for line in lines[2:]:
        if match := PART.match(line):
            part = _numeral(match.group(1))
            section = 0
            blocks.append((("part_intro", part, 0), []))
            continue
        match = SECTION.match(line)
        if match and part in (1, 2):
            section = _numeral(match.group(1))
            if part == 2:
                plan.actions[section] = match.group(2).strip()
            blocks.append((("section", part, section), []))
            continue
        if match and part == 3:
            number = _numeral(match.group(1))
            blocks.append((("safeguard", 3, number), [match.group(2)]))
            continue
        if match := GOAL_YEAR.match(line):
            goal_year = int(match.group(1))
            blocks.append((("goal", 1, goal_year), []))
            continue
        match = NUMBERED.match(line)
        if match and (part == 2 or (part == 1 and section == 4)):
            kind = "task" if part == 2 else "positioning"
            blocks.append(((kind, section, int(match.group(1))), [match.group(2)]))
            continue
        if not blocks:
            raise PlanParseError(f"text before the first heading: {line[:40]}…")
        blocks[-1][1].append(line)
    del goal_year
    _fill(plan, blocks)
    _check(plan)
    return plan


def _fill(plan: ParsedPlan, blocks: list[tuple[tuple[str, int, int], list[str]]]) -> None:
    for (kind, major, minor), body_lines in blocks:
        body = "\n".join(body_lines)
        if kind == "section" and major == 1:
            if minor == 1:
                plan.guiding_idea = body
            elif minor == 2:
                plan.principles = body
            elif minor == 4:
                plan.positioning_intro = body
        elif kind == "part_intro" and major == 2:
            plan.tasks_intro = body
        elif kind == "goal":
            plan.goals[minor] = body
        elif kind == "positioning":
            plan.positioning[minor] = split_title(body)
        elif kind == "safeguard":
            plan.safeguards[minor] = split_title(body)
        elif kind == "task":
            plan.tasks.append(_parse_task(major, minor, body))


def _parse_task(action_id: int, task_id: int, body: str) -> ParsedTask:
    title, _ = split_title(body)
    match = UNITS_AT_END.search(body)
    if not match:
        raise PlanParseError(f"task {task_id}: no responsible units at the end of the clause")
    units_text = match.group(1).strip()
    text = body[: match.start()].rstrip()
    return ParsedTask(
        task_id=task_id,
        action_id=action_id,
        title=title,
        text=text,
        units_text=units_text,
        unit_names=split_units(units_text),
        years=years_named(text),
    )


def _check(plan: ParsedPlan) -> None:
    numbers = [task.task_id for task in plan.tasks]
    if numbers != list(range(1, len(numbers) + 1)):
        raise PlanParseError(f"tasks are not numbered 1..n in order: {numbers}")
    if sorted(plan.actions) != list(range(1, len(plan.actions) + 1)):
        raise PlanParseError(f"actions are not numbered in order: {sorted(plan.actions)}")
    if sorted(plan.positioning) != list(range(1, len(plan.positioning) + 1)):
        raise PlanParseError("functional positioning items are not numbered in order")
