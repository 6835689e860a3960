r"""Text from outside (names, file names, remarks): control characters out, escapes shown.

Department workbooks, file names and ``--by`` names are typed by people and tools outside
the project. Before storing, :func:`strip_control` removes C0/C1 control characters (terminal
escape sequences such as ``\x1b[2J``, carriage returns, NUL) and the bidirectional-override
marks that can make a name read differently from what it is. Text already stored by older
versions is escaped on output with :func:`escape_control`, so a terminal, a CSV reader or a
browser never acts on it.

Examples
--------
>>> strip_control("张三\x1b[2J")
'张三[2J'
>>> escape_control("a\x1bb")
'a\\x1bb'
>>> strip_control("第一行\n第二行", keep_newlines=True)
'第一行\n第二行'
"""

from __future__ import annotations

import re

_BIDI = "\u202a-\u202e\u2066-\u2069\u200e\u200f"
_CONTROL = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_CONTROL_KEEP_NEWLINES = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")


def strip_control(text: str, *, keep_newlines: bool = False) -> str:
    """Return ``text`` without control and bidirectional-override characters.

    Parameters
    ----------
    text : str
        Text from outside.
    keep_newlines : bool
        Keep line feeds and tabs (for multi-line remarks).
    """
    pattern = _CONTROL_KEEP_NEWLINES if keep_newlines else _CONTROL
    return pattern.sub("", text)


def escape_control(text: str) -> str:
    r"""Return ``text`` with every control character written as a visible ``\xNN`` escape."""
    return _CONTROL.sub(lambda match: match.group(0).encode("unicode_escape").decode(), text)


def has_control(text: str) -> bool:
    """Return whether ``text`` holds a control or bidirectional-override character."""
    return _CONTROL.search(text) is not None
