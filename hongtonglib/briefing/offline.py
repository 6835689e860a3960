"""Checks that a page is self-contained: no ``src``, ``href`` or CSS ``url()`` leaves the page.

Allowed references: fragments (``#top``), ``data:`` URIs, and relative paths (the index page
links the briefings beside it). Anything with a scheme (``https:``, ``file:``, ``mailto:``,
``javascript:``) or a network path (``//host``) is external.

Uses only the standard library's :mod:`html.parser`, so tests and the renderer share it.

Examples
--------
>>> external_references('<img src="data:image/png;base64,AA"><a href="#s">s</a>')
[]
>>> external_references('<script src="https://cdn.example/require.js"></script>')
[('script', 'src', 'https://cdn.example/require.js')]
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

URL_ATTRIBUTES = frozenset(
    {
        "src",
        "href",
        "srcset",
        "poster",
        "data",
        "action",
        "formaction",
        "background",
        "xlink:href",
        "manifest",
        "ping",
    }
)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", re.IGNORECASE | re.DOTALL)
_CSS_IMPORT = re.compile(r"""@import\s+(['"])(.*?)\1""", re.IGNORECASE)


def is_external(url: str) -> bool:
    """Return whether ``url`` points outside the page and its folder."""
    value = url.strip()
    if not value or value.startswith("#"):
        return False
    if value.lower().startswith("data:"):
        return False
    return value.startswith("//") or bool(_SCHEME.match(value))


def css_references(css: str) -> list[str]:
    """Return the ``url()`` and ``@import`` targets of a style sheet that are external."""
    found = [m.group(2) for m in _CSS_URL.finditer(css)]
    found += [m.group(2) for m in _CSS_IMPORT.finditer(css)]
    return [url for url in found if is_external(url)]


class _ReferenceCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        for name, value in attrs:
            if value is None:
                continue
            if name == "style":
                self.found += [(tag, "style", url) for url in css_references(value)]
            elif name == "srcset":
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0]
                    if is_external(url):
                        self.found.append((tag, name, url))
            elif name in URL_ATTRIBUTES and is_external(value):
                self.found.append((tag, name, value))

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.found += [("style", "url", url) for url in css_references(data)]


def external_references(html: str) -> list[tuple[str, str, str]]:
    """Return ``(tag, attribute, url)`` for every reference that leaves the page."""
    collector = _ReferenceCollector()
    collector.feed(html)
    collector.close()
    return collector.found


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        for name, value in attrs:
            if name in ("alt", "title", "placeholder", "aria-label") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def page_text(html: str) -> str:
    """Return the text a reader sees on a page (and its ``alt``/``title`` attributes)."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return "".join(collector.parts)
