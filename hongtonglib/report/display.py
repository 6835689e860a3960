"""What a briefing section returns: IPython display objects, built in one place.

Sections return Markdown or HTML for the notebook to show as the cell's result; sections with
several figures show them one by one. IPython is imported when a section runs, not at import.

Examples
--------
>>> markdown("**要点**").data
'**要点**'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from IPython.display import HTML, Markdown


def markdown(text: str) -> Markdown:
    """Return ``text`` as a Markdown output."""
    from IPython.display import Markdown

    return Markdown(text)


def html(text: str) -> HTML:
    """Return ``text`` as an HTML output."""
    from IPython.display import HTML

    return HTML(text)


def show(*objects: object) -> None:
    """Display several objects in order (figures of one section)."""
    from IPython.display import display

    for obj in objects:
        display(obj)
