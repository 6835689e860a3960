"""The project's briefings on a phone, on a desktop and on paper, in headless Chromium.

One ``hongtong render … --pdf`` of the overview, a sector briefing (housing) and a department
briefing (finance), with the index. Each page is opened at 390×844 (a phone) and 1280×800 (a
desktop) and measured: no horizontal page scroll; every table cell at least 4 Chinese
characters wide unless its table scrolls in its own box; the h1 and the summary in the first
screen. Screenshots (first screen and full page) go to ``.ci/out/phone-print/``.

The overview's PDF is checked with pypdf: A4 pages, Chinese text extractable, and no table
row split across pages — Chromium paints a table row cell by cell, so the text of a row that
is whole on a page is one contiguous run of that page's text (whitespace ignored).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from chromium import CHROMIUM, FLAGS, skip_without_chromium

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
HONGTONG = Path(sys.executable).with_name("hongtong")
SHOTS = REPO / ".ci" / "out" / "phone-print"
PAGES = ["overview.html", "housing.html", "department/finance.html", "index.html"]
VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 800)}
A4_PT = (595.28, 841.89)
MIN_CELL_CHARS = 4

# Facts of one page at the current viewport, measured by the browser.
MEASURE_JS = """
() => {
  const doc = document.documentElement;
  // a box that can scroll sideways and has something to scroll
  const scrollsInOwnBox = (el) => {
    for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      const scrollable = ['auto', 'scroll'].includes(style.overflowX);
      if (scrollable && node.scrollWidth > node.clientWidth) return true;
    }
    return false;
  };
  const cells = [];
  for (const cell of document.querySelectorAll('td, th')) {
    const rect = cell.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) continue;  // not displayed
    const head = cell.closest('thead');
    if (head && head.getBoundingClientRect().width <= 1) continue;  // a card table's header
    const style = getComputedStyle(cell);
    const inner = rect.width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
      - parseFloat(style.borderLeftWidth) - parseFloat(style.borderRightWidth);
    cells.push({
      text: cell.innerText.slice(0, 30),
      width: inner,
      em: parseFloat(style.fontSize),
      scrolls: scrollsInOwnBox(cell),
    });
  }
  const box = (selector) => {
    const el = document.querySelector(selector);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, height: r.height};
  };
  return {
    innerWidth: window.innerWidth,
    innerHeight: window.innerHeight,
    scrollWidth: Math.max(doc.scrollWidth, document.body.scrollWidth),
    cells: cells,
    h1: box('h1'),
    summary: box('.summary, .run-summary'),
    fonts: Array.from(document.fonts).map(f => [f.family.replace(/"/g, ''), f.status]),
    images: Array.from(document.images).map(i => [i.getBoundingClientRect().width, i.naturalWidth]),
  };
}
"""


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    skip_without_chromium()
    out = tmp_path_factory.mktemp("rendered")
    args = ["render", "--sector", "overview", "--sector", "housing", "--department", "finance"]
    result = subprocess.run(
        [str(HONGTONG), *args, "--jobs", "2", "--pdf", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="module")
def measured(printed: Path) -> dict[tuple[str, str], dict]:
    """Open every page at both viewports; return the measurements by (viewport, page)."""
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    facts: dict[tuple[str, str], dict] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=FLAGS
        )
        try:
            for viewport, (width, height) in VIEWPORTS.items():
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    device_scale_factor=2 if viewport == "phone" else 1,
                    is_mobile=viewport == "phone",
                    has_touch=viewport == "phone",
                )
                context.route(
                    "**/*",
                    lambda route, request: (
                        route.continue_()
                        if request.url.startswith(("file:", "data:"))
                        else route.abort()
                    ),
                )
                page = context.new_page()
                for name in PAGES:
                    page.goto((printed / name).as_uri(), wait_until="load")
                    page.evaluate("document.fonts.ready")
                    stem = f"{viewport}-{name.replace('/', '_').removesuffix('.html')}"
                    page.screenshot(path=str(SHOTS / f"{stem}-first-screen.png"))
                    page.screenshot(path=str(SHOTS / f"{stem}-full.png"), full_page=True)
                    facts[(viewport, name)] = page.evaluate(MEASURE_JS)
                context.close()
        finally:
            browser.close()
    return facts


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("name", PAGES)
def test_page_fits_its_width(measured: dict, viewport: str, name: str) -> None:
    facts = measured[(viewport, name)]
    assert ["HongtongCJK", "loaded"] in facts["fonts"]
    assert facts["scrollWidth"] <= facts["innerWidth"], "the page scrolls sideways"
    for shown, natural in facts["images"]:
        assert 0 < shown <= facts["innerWidth"] and shown <= natural


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("name", PAGES)
def test_no_cell_narrower_than_four_characters(measured: dict, viewport: str, name: str) -> None:
    facts = measured[(viewport, name)]
    assert facts["cells"], "the page has tables"
    narrow = [
        (cell["text"], round(cell["width"]), round(MIN_CELL_CHARS * cell["em"]))
        for cell in facts["cells"]
        if not cell["scrolls"] and cell["width"] < MIN_CELL_CHARS * cell["em"] - 0.5
    ]
    assert narrow == [], f"cells narrower than {MIN_CELL_CHARS} characters: {narrow[:8]}"
    if viewport == "desktop":  # on a desktop every table fits the page
        assert not any(cell["scrolls"] for cell in facts["cells"])


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("name", PAGES)
def test_heading_and_summary_in_first_screen(measured: dict, viewport: str, name: str) -> None:
    facts = measured[(viewport, name)]
    h1, summary = facts["h1"], facts["summary"]
    assert h1 is not None and summary is not None
    assert 0 <= h1["top"] and h1["bottom"] <= facts["innerHeight"]
    assert summary["top"] >= h1["bottom"] and summary["bottom"] <= facts["innerHeight"]


def test_manifest_and_index_list_the_pdfs(printed: Path) -> None:
    manifest = json.loads((printed / "manifest.json").read_text(encoding="utf-8"))
    records = {r["name"]: r for r in manifest["briefings"]}
    index = (printed / "index.html").read_text(encoding="utf-8")
    for name in ["overview", "housing", "department/finance"]:
        assert records[name]["pdf"] == f"{name}.pdf" and records[name]["pdf_error"] is None
        assert (printed / f"{name}.pdf").read_bytes().startswith(b"%PDF-")
        assert f'href="{name}.pdf"' in index
    assert not list(printed.rglob("*.tmp")), "a temporary file was left"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_overview_pdf_is_a4_with_chinese_text_and_whole_rows(printed: Path) -> None:
    from bs4 import BeautifulSoup
    from pypdf import PdfReader

    reader = PdfReader(printed / "overview.pdf")
    pages = len(reader.pages)
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4_PT[0]) < 2 and abs(height - A4_PT[1]) < 2, (width, height)
    texts = [_squash(page.extract_text()) for page in reader.pages]
    assert "洪洞县城镇化行动方案监测" in texts[0]
    assert "全县常住人口城镇化率达到55%" in "".join(texts)

    soup = BeautifulSoup((printed / "overview.html").read_text(encoding="utf-8"), "html.parser")
    rows = [
        _squash("".join(cell.get_text() for cell in row.find_all(["td", "th"])))
        for row in soup.select("table.briefing-table tr")
    ]
    assert len(rows) > 50
    split = [row for row in rows if not any(row in text for text in texts)]
    print(f"overview.pdf: {pages} A4 pages, {len(rows)} table rows, none split")
    assert split == [], f"{len(split)} of {len(rows)} rows not whole on one page: {split[:3]}"
    assert pages >= 2


def test_pdf_prints_collapsed_clause_text_open(printed: Path) -> None:
    from bs4 import BeautifulSoup
    from pypdf import PdfReader

    page = printed / "department" / "finance.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    closed = [d for d in soup.select("details.clause") if not d.has_attr("open")]
    assert closed, "the department page has collapsed clause text"
    text = "".join(_squash(p.extract_text()) for p in PdfReader(page.with_suffix(".pdf")).pages)
    for details in closed:
        assert _squash(details.find("p").get_text())[:40] in text


def test_printed_index_names_its_link_targets(printed: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    from hongtonglib.briefing.pdf import print_pdf

    print_pdf(printed / "index.html", tmp_path / "index.pdf", chromium=CHROMIUM)
    text = "".join(_squash(p.extract_text()) for p in PdfReader(tmp_path / "index.pdf").pages)
    for target in ["overview.html", "overview.pdf", "department/finance.html"]:
        assert f"（{target}）" in text, target
