"""A rendered fixture briefing opened in headless Chromium: it draws, and asks no host for
anything (the project's own briefings get the same check in test_project_briefings.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from chromium import assert_drawn, skip_without_chromium, visit
from rendertree import RenderedTree

pytestmark = pytest.mark.integration

PAGES = ["health.html", "index.html", "education.failed.html"]


def test_pages_render_in_chromium_without_requests(rendered: RenderedTree, tmp_path: Path) -> None:
    skip_without_chromium()
    seen = visit({name: rendered.out / name for name in PAGES}, tmp_path)
    assert seen.refused == [], f"requests to other hosts: {seen.refused}"
    assert len(seen.requests) >= len(PAGES)
    assert all(url.startswith(("file:", "data:")) for url in seen.requests)
    assert seen.pages["health.html"]["images"] == 1
    for name, facts in seen.pages.items():
        assert_drawn(facts, name)
