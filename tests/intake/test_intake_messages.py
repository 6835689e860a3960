"""Every message code the intake code raises has both messages, and every message is used."""

from __future__ import annotations

import re
from pathlib import Path

import hongtonglib.intake as intake
from hongtonglib.intake.issues import WARNING_CODES
from hongtonglib.intake.messages import MESSAGES

SOURCE = Path(intake.__file__).parent
PATTERNS = (
    r'IntakeIssue\.make\(\s*"([a-z_]+)"',
    r'_issue\(\s*ctx,\s*"([a-z_]+)"',
    r'_fail\(\s*"([a-z_]+)"',
    r'CellProblem\(\s*"([a-z_]+)"',
    r'Finding\(\s*"([a-z_]+)"',
    r'code_name = "([a-z_]+)" if .* else "([a-z_]+)"',
)


def used_codes() -> set[str]:
    codes: set[str] = set()
    for path in SOURCE.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for pattern in PATTERNS:
            for match in re.finditer(pattern, text):
                codes.update(group for group in match.groups() if group)
    return codes


def test_every_raised_code_has_a_message_and_every_message_is_raised() -> None:
    used = used_codes()
    assert used - set(MESSAGES) == set()
    assert set(MESSAGES) - used == set()
    assert set(WARNING_CODES) <= set(MESSAGES)


def test_messages_are_bilingual() -> None:
    for code, message in MESSAGES.items():
        assert message.en and message.zh, code
        assert re.search(r"[\u4e00-\u9fff]", message.zh), code
        assert re.match(r"[{A-Z]", message.en), code  # English starts with a field or a capital
