"""The worked examples of docs/methodology.md, section "Assessing targets", run as doctests."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "methodology.md"


def test_assessment_section_examples() -> None:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"^## Assessing targets\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    assert match, "docs/methodology.md has no '## Assessing targets' section"
    section = re.sub(r"^```.*$", "", match.group(1), flags=re.M)
    parser = doctest.DocTestParser()
    test = parser.get_doctest(section, {}, "Assessing targets", str(DOC), 0)
    assert len(test.examples) >= 12
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.failures == 0
