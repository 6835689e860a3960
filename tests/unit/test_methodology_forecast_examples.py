"""The worked examples of docs/methodology.md, section "Forecasting", run as doctests."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "methodology.md"


def forecasting_section() -> tuple[str, int]:
    """Return the text of ``## Forecasting`` (up to the next level-2 heading) and its line."""
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"^## Forecasting\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    assert match, "docs/methodology.md has no '## Forecasting' section"
    return match.group(1), text[: match.start(1)].count("\n")


def examples() -> list[tuple[str, str, int]]:
    section, offset = forecasting_section()
    found = []
    for match in re.finditer(r"^#### (Example[^\n]*)\n(.*?)(?=^#### |\Z)", section, re.M | re.S):
        body = re.sub(r"^```.*$", "", match.group(2), flags=re.M)  # fences end an output block
        found.append((match.group(1), body, offset + section[: match.start(2)].count("\n")))
    return found


EXAMPLES = examples()


def test_the_section_has_worked_examples_with_code() -> None:
    assert len(EXAMPLES) >= 6
    assert all(">>> " in body for _, body, _ in EXAMPLES)


@pytest.mark.parametrize(("title", "body", "line"), EXAMPLES, ids=[e[0][:10] for e in EXAMPLES])
def test_worked_example(title: str, body: str, line: int) -> None:
    test = doctest.DocTestParser().get_doctest(body, {}, title, str(DOC), line)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)
