"""The worked examples of docs/methodology.md, sections "Reference class (outside view)" and
"Demographic demand", run as doctests."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "methodology.md"
SECTIONS = ("Reference class (outside view)", "Demographic demand")


def section(title: str) -> tuple[str, int]:
    """Return the text of ``## <title>`` (up to the next level-2 heading) and its line."""
    text = DOC.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    assert match, f"docs/methodology.md has no '## {title}' section"
    return match.group(1), text[: match.start(1)].count("\n")


def examples() -> list[tuple[str, str, str, int]]:
    found = []
    for title in SECTIONS:
        body_text, offset = section(title)
        pattern = r"^#### (Example[^\n]*)\n(.*?)(?=^#### |\Z)"
        for match in re.finditer(pattern, body_text, re.M | re.S):
            body = re.sub(r"^```.*$", "", match.group(2), flags=re.M)  # fences end an output
            line = offset + body_text[: match.start(2)].count("\n")
            found.append((title, match.group(1), body, line))
    return found


EXAMPLES = examples()


def test_each_section_has_worked_examples_with_code() -> None:
    for title in SECTIONS:
        bodies = [body for section_title, _, body, _ in EXAMPLES if section_title == title]
        assert len(bodies) >= 4, title
        assert all(">>> " in body for body in bodies)


def test_examples_run_in_order() -> None:
    """Examples of one section share a namespace, as a reader running them one after another."""
    for title in SECTIONS:
        namespace: dict[str, object] = {}
        for section_title, name, body, line in EXAMPLES:
            if section_title != title:
                continue
            test = doctest.DocTestParser().get_doctest(body, namespace, name, str(DOC), line)
            runner = doctest.DocTestRunner(
                optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
            )
            report: list[str] = []
            runner.run(test, out=report.append, clear_globs=False)
            assert runner.failures == 0, "".join(report)
            namespace = test.globs


@pytest.mark.parametrize("title", SECTIONS)
def test_sections_cite_their_references(title: str) -> None:
    text, _ = section(title)
    assert "References:" in text
