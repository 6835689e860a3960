"""A rendered briefing opened in headless Chromium: it draws, and asks no host for anything.

Drives Debian's Chromium (``/usr/bin/chromium``, installed by ``.ci/run``) with Playwright's
Python package; no browser is downloaded. Every request is routed through a handler that
records it and lets only ``file:`` and ``data:`` URLs through.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rendertree import RenderedTree

pytestmark = pytest.mark.integration

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
PAGES = ["health.html", "index.html", "education.failed.html"]


def test_pages_render_in_chromium_without_requests(rendered: RenderedTree, tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip(
            "/usr/bin/chromium is absent: install Debian's chromium (apt-get install -y "
            "chromium, as .ci/run does) to run the headless-browser check"
        )
    from PIL import Image
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    refused: list[str] = []

    def route(route, request) -> None:
        requests.append(request.url)
        if request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            refused.append(request.url)
            route.abort()

    seen: dict[str, dict] = {}
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),  # a fresh user-data-dir
            executable_path=str(CHROMIUM),
            headless=True,
            args=FLAGS,
            viewport={"width": 1100, "height": 1400},
        )
        try:
            context.route("**/*", route)
            page = context.new_page()
            for name in PAGES:
                page.goto((rendered.out / name).as_uri(), wait_until="load")
                page.evaluate("document.fonts.ready")
                shot = tmp_path / name.replace(".html", ".png")
                page.screenshot(path=str(shot), full_page=True)
                seen[name] = {
                    "fonts": page.evaluate(FONTS_JS),
                    "images_ok": page.evaluate(
                        "Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"
                    ),
                    "images": page.evaluate("document.images.length"),
                    "heading": page.inner_text("h1"),
                    "shot": shot,
                }
        finally:
            context.close()

    assert refused == [], f"requests to other hosts: {refused}"
    assert len(requests) >= len(PAGES)
    assert all(url.startswith(("file:", "data:")) for url in requests)
    assert seen["health.html"]["images"] == 1
    for name, facts in seen.items():
        assert ["HongtongCJK", "loaded"] in facts["fonts"], name
        assert facts["images_ok"], name
        assert any("\u4e00" <= ch <= "\u9fff" for ch in facts["heading"]), name
        with Image.open(facts["shot"]) as image:
            assert image.width == 1100 and image.height >= 600
            darkest, lightest = image.convert("L").getextrema()
            assert darkest < 80 and lightest > 200, name  # dark text on a light page
