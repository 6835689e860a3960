"""Open pages in Debian's headless Chromium with Playwright, recording every request.

No browser is downloaded: Playwright drives ``/usr/bin/chromium`` (installed by ``.ci/run``).
Every request goes through a handler that records it and lets only ``file:`` and ``data:``
URLs through; each page is screenshotted in full.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FONTS_JS = "Array.from(document.fonts).map(f => [f.family.replace(/\"/g, ''), f.status])"
IMAGES_OK_JS = "Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"


@dataclass
class BrowserVisit:
    """What the browser saw: requests, refused requests and facts per page."""

    requests: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    pages: dict[str, dict] = field(default_factory=dict)


def skip_without_chromium() -> None:
    """Skip the calling test, with the reason, when Chromium is not installed."""
    if not CHROMIUM.exists():
        pytest.skip(
            "/usr/bin/chromium is absent: install Debian's chromium (apt-get install -y "
            "chromium, as .ci/run does) to run the headless-browser check"
        )


def visit(pages: dict[str, Path], shots: Path) -> BrowserVisit:
    """Open each page (name → file), screenshot it into ``shots`` and collect its facts."""
    from playwright.sync_api import sync_playwright

    seen = BrowserVisit()

    def route(route, request) -> None:
        seen.requests.append(request.url)
        if request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            seen.refused.append(request.url)
            route.abort()

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(shots / "profile"),  # a fresh user-data-dir
            executable_path=str(CHROMIUM),
            headless=True,
            args=FLAGS,
            viewport={"width": 1100, "height": 1400},
        )
        try:
            context.route("**/*", route)
            page = context.new_page()
            for name, path in pages.items():
                page.goto(path.as_uri(), wait_until="load")
                page.evaluate("document.fonts.ready")
                shot = shots / (name.replace("/", "_").replace(".html", "") + ".png")
                page.screenshot(path=str(shot), full_page=True)
                seen.pages[name] = {
                    "fonts": page.evaluate(FONTS_JS),
                    "images_ok": page.evaluate(IMAGES_OK_JS),
                    "images": page.evaluate("document.images.length"),
                    "heading": page.inner_text("h1"),
                    "shot": shot,
                }
        finally:
            context.close()
    return seen


def assert_drawn(facts: dict, name: str) -> None:
    """The page loaded the embedded font and its images, has a Chinese heading, and drew."""
    from PIL import Image

    assert ["HongtongCJK", "loaded"] in facts["fonts"], name
    assert facts["images_ok"], name
    assert any("\u4e00" <= ch <= "\u9fff" for ch in facts["heading"]), name
    with Image.open(facts["shot"]) as image:
        assert image.width == 1100 and image.height >= 600
        darkest, lightest = image.convert("L").getextrema()
        assert darkest < 80 and lightest > 200, name  # dark text on a light page
