"""Repair the raw plan text: page-break splits, garbled expansions, typos.

The repairs are data (``data/plan/repairs.yaml``); this module applies them and reports where
each one was made. Each repair's ``raw`` text must occur exactly once in the raw file, so a
repair can never silently apply to the wrong place or to nothing.

Examples
--------
>>> from hongtonglib.plan.models import TextRepair
>>> fix = TextRepair(repair_id="R1", where="t", kind="typo", raw="水品", cleaned="水平", why="")
>>> apply_repairs("管理水品。", [fix], source="x.txt")
'管理水平。'
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import yaml

from hongtonglib import paths
from hongtonglib.plan.models import TextRepair
from hongtonglib.validation import ProblemCollector

RAW_PLAN_FILE = "raw/hongtong_action_plan.txt"
CLEANED_PLAN_FILE = "hongtong_action_plan.cleaned.txt"
REPAIRS_FILE = "repairs.yaml"


def load_repairs(plan_dir: Path | None = None) -> list[TextRepair]:
    """Read the list of text repairs from ``repairs.yaml``."""
    path = (plan_dir or paths.plan_dir()) / REPAIRS_FILE
    with open(path, encoding="utf-8") as handle:
        entries = yaml.safe_load(handle) or []
    return [TextRepair(**entry) for entry in entries]


def read_raw_text(plan_dir: Path | None = None) -> str:
    """Return the raw plan text, unchanged."""
    return ((plan_dir or paths.plan_dir()) / RAW_PLAN_FILE).read_text(encoding="utf-8")


def apply_repairs(raw: str, repairs: Sequence[TextRepair], *, source: str) -> str:
    """Return ``raw`` with every repair applied.

    Raises
    ------
    hongtonglib.validation.ValidationFailed
        If a repair's ``raw`` text is missing or occurs more than once, or two repairs share
        an id; every such problem is reported at once.
    """
    problems = ProblemCollector()
    seen: set[str] = set()
    for position, repair in enumerate(repairs, start=1):
        if repair.repair_id in seen:
            problems.add(source, "duplicate repair id", row=position, field="repair_id")
        seen.add(repair.repair_id)
        count = raw.count(repair.raw)
        if count != 1:
            problems.add(
                source,
                f"repair {repair.repair_id}: raw text occurs {count} times, expected exactly once",
                row=position,
                field="raw",
            )
    problems.raise_if_any()
    text = raw
    for repair in repairs:
        text = text.replace(repair.raw, repair.cleaned, 1)
    return text


def locate_repairs(raw: str, repairs: Sequence[TextRepair]) -> list[dict[str, object]]:
    """Return one row per repair with the 1-based line of the raw file where it applies."""
    rows = []
    for repair in repairs:
        offset = raw.find(repair.raw)
        rows.append(
            {
                "repair_id": repair.repair_id,
                "raw_line": raw.count("\n", 0, offset) + 1 if offset >= 0 else None,
                "where": repair.where,
                "kind": repair.kind,
                "raw": repair.raw.replace("\n", "⏎"),
                "cleaned": repair.cleaned,
                "why": repair.why,
            }
        )
    return rows


def build_cleaned_text(plan_dir: Path | None = None) -> str:
    """Return the cleaned plan text built from the raw file and the repairs."""
    directory = plan_dir or paths.plan_dir()
    return apply_repairs(
        read_raw_text(directory), load_repairs(directory), source=str(directory / REPAIRS_FILE)
    )
