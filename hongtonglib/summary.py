"""The one-line summary a briefing notebook publishes for the index page.

A notebook calls :func:`publish_summary` once; the call displays an output of mimetype
``application/vnd.hongtong.summary+json``. The renderer reads it from the executed notebook
(:func:`read_summary`) for the index page and the manifest, and the page template shows it as
the briefing's summary box. In JupyterLab the ``text/plain`` fallback shows.

Payload: ``{"summary": str, "title": str | None, "data_vintage": str | None}``.

Examples
--------
>>> summary_payload("3 项目标中 2 项进度正常", title="住房简报", data_vintage="2024年")["title"]
'住房简报'
"""

from __future__ import annotations

from typing import Any

SUMMARY_MIMETYPE = "application/vnd.hongtong.summary+json"
"""Mimetype of the summary output."""


def summary_payload(
    summary: str, *, title: str | None = None, data_vintage: str | None = None
) -> dict[str, Any]:
    """Return the JSON payload of a summary (validated: the summary is one non-empty line)."""
    text = " ".join(summary.split())
    if not text:
        raise ValueError("a briefing summary must not be empty")
    return {"summary": text, "title": title, "data_vintage": data_vintage}


def publish_summary(
    summary: str, *, title: str | None = None, data_vintage: str | None = None
) -> None:
    """Display the briefing's one-line summary, title and data vintage as a notebook output.

    Parameters
    ----------
    summary : str
        One line in Chinese, e.g. ``"8 项目标：5 项正常，2 项滞后，1 项缺数据"``.
    title : str, optional
        The briefing's title on the index page, e.g. ``"住房保障简报"``.
    data_vintage : str, optional
        How recent the data are, e.g. ``"观测数据截至2024年"``.
    """
    from IPython.display import display

    payload = summary_payload(summary, title=title, data_vintage=data_vintage)
    display({SUMMARY_MIMETYPE: payload, "text/plain": f"摘要：{payload['summary']}"}, raw=True)


def read_summary(nb: Any) -> dict[str, Any] | None:
    """Return the last summary payload among a notebook's outputs, or ``None``.

    Parameters
    ----------
    nb : nbformat.NotebookNode or dict
        An executed notebook.
    """
    found: dict[str, Any] | None = None
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            data = output.get("data", {})
            if SUMMARY_MIMETYPE in data and isinstance(data[SUMMARY_MIMETYPE], dict):
                found = dict(data[SUMMARY_MIMETYPE])
    return found
