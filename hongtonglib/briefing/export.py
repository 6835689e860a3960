"""HTML export of an executed briefing notebook, in-process, with the project's own template.

The template (``hongtonglib/templates/nbconvert/hongtong_briefing``) extends nbconvert's
``base`` templates, not ``lab`` or ``classic``: those load require.js and MathJax from a CDN.
It writes ``lang="zh"``, shows markdown and outputs only (inputs and prompts are excluded by
configuration), inlines images as ``data:`` URIs and the style sheet as ``<style>``, and drops
JavaScript, widgets and LaTeX. External links in markdown become plain text (the URL kept),
and :func:`hongtonglib.briefing.pages.finish_page` refuses any other external reference.

Examples
--------
>>> exporter_config()["HTMLExporter"]["exclude_input"]
True
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from hongtonglib import __version__, paths
from hongtonglib.briefing.offline import external_references, is_external
from hongtonglib.briefing.pages import FONT_FACE_MARKER, finish_page, now_iso, page_css
from hongtonglib.fileio import atomic_write_text
from hongtonglib.summary import SUMMARY_MIMETYPE, read_summary

logger = logging.getLogger(__name__)

TEMPLATE_NAME = "hongtong_briefing"
LANGUAGE_CODE = "zh"
DISPLAY_PRIORITY = [
    SUMMARY_MIMETYPE,
    "text/html",
    "text/markdown",
    "image/png",
    "image/jpeg",
    "image/svg+xml",
    "text/plain",
]
"""Output mimetypes shown, best first; JavaScript, widgets and LaTeX are never shown."""


def exporter_config() -> dict[str, Any]:
    """Return the nbconvert configuration of briefing pages, as a plain mapping."""
    return {
        "HTMLExporter": {
            "exclude_input": True,
            "exclude_input_prompt": True,
            "exclude_output_prompt": True,
            "exclude_anchor_links": True,
            "embed_images": True,
            "language_code": LANGUAGE_CODE,
        },
        "NbConvertBase": {"display_data_priority": DISPLAY_PRIORITY},
        "TagRemovePreprocessor": {
            "enabled": True,
            "remove_cell_tags": ["remove-cell"],
            "remove_all_outputs_tags": ["remove-output"],
        },
    }


def export_html(
    nb: Any,
    *,
    title: str,
    footer: str,
    embed_font: bool,
    font_cache_dir: Path | None = None,
) -> str:
    """Return the self-contained HTML page of an executed notebook.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook.
    title : str
        The page's ``<title>``.
    footer : str
        One line of provenance at the foot of the page (renderer, time, parameter file).
    embed_font : bool
        Embed a subset of Noto Sans CJK SC for the page's characters.
    font_cache_dir : Path, optional
        Cache of font subsets.
    """
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    exporter = HTMLExporter(
        config=Config(exporter_config()),
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(paths.templates_dir() / "nbconvert")],
    )
    resources = {
        "hongtong": {
            "css": page_css(),
            "title": title,
            "footer": footer,
            "version": __version__,
            "summary_mimetype": SUMMARY_MIMETYPE,
        }
    }
    html, _ = exporter.from_notebook_node(nb, resources=resources)
    if FONT_FACE_MARKER not in html:  # pragma: no cover - guards template edits
        raise RuntimeError("the briefing template lost the font-face marker of page.css")
    return finish_page(
        defang_external_links(html), embed_font=embed_font, font_cache_dir=font_cache_dir
    )


def defang_external_links(html: str) -> str:
    """Turn ``<a href="https://…">label</a>`` into text ``label（https://…）``.

    A briefing names its sources with their URLs, but a page must not point to another host;
    the reader copies the address. Other external references are left for
    :func:`finish_page` to refuse.
    """
    if not any(tag == "a" and attr == "href" for tag, attr, _ in external_references(html)):
        return html
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, features="html.parser")
    for anchor in soup.find_all("a", href=True):
        href = str(anchor["href"])
        if not is_external(href):
            continue
        label = anchor.get_text()
        text = label if label.strip() == href.strip() else f"{label}（{href}）"
        span = soup.new_tag("span", attrs={"class": "external-link"})
        span.string = text
        anchor.replace_with(span)
        logger.debug("external link shown as text: %s", href)
    return str(soup)


def export_notebook_file(executed: Path, html: Path, *, embed_font: bool = True) -> Path:
    """Export an executed notebook file to a briefing page, written atomically.

    For schedulers that execute the notebooks with papermill themselves (Airflow's
    ``PapermillOperator``, see ``docs/scheduling.md``); ``hongtong render`` does both steps.

    Parameters
    ----------
    executed : Path
        A notebook executed by papermill.
    html : Path
        The page to write; font subsets are cached in ``_cache/fonts`` beside it.
    embed_font : bool
        Embed a subset of the CJK font.

    Returns
    -------
    Path
        ``html``.
    """
    import nbformat

    nb = nbformat.read(str(executed), as_version=4)
    summary = read_summary(nb) or {}
    title = str(summary.get("title") or nb.metadata.get("title") or executed.stem)
    page = export_html(
        nb,
        title=title,
        footer=f"hongtonglib {__version__} · 生成于 {now_iso()} · {executed.name}",
        embed_font=embed_font,
        font_cache_dir=html.parent / "_cache" / "fonts",
    )
    atomic_write_text(html, page)
    return html
