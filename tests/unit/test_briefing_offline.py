import pytest

from hongtonglib.briefing.export import defang_external_links
from hongtonglib.briefing.offline import external_references, is_external, page_text
from hongtonglib.briefing.pages import ExternalReferenceError, finish_page


@pytest.mark.parametrize(
    ("url", "external"),
    [
        ("#top", False),
        ("", False),
        ("data:image/png;base64,AAAA", False),
        ("housing.html", False),
        ("department/health.html", False),
        ("https://cdn.jsdelivr.net/npm/mathjax", True),
        ("//cdnjs.cloudflare.com/require.js", True),
        ("file:///etc/passwd", True),
        ("mailto:a@b.c", True),
    ],
)
def test_is_external(url: str, external: bool) -> None:
    assert is_external(url) is external


def test_external_references_in_attributes_and_css() -> None:
    html = """<html><head>
    <link rel="stylesheet" href="https://fonts.example/css">
    <style>@import "https://x.example/a.css"; body { background: url(data:image/png;base64,AA); }
    .f { src: url('https://fonts.example/f.woff') }</style></head>
    <body><img srcset="a.png 1x, https://img.example/b.png 2x">
    <div style="background-image: url(//img.example/c.png)"></div>
    <a href="#s">ok</a><script src="https://cdn.example/require.js"></script></body></html>"""
    found = {(tag, attr, url) for tag, attr, url in external_references(html)}
    assert found == {
        ("link", "href", "https://fonts.example/css"),
        ("style", "url", "https://x.example/a.css"),
        ("style", "url", "https://fonts.example/f.woff"),
        ("img", "srcset", "https://img.example/b.png"),
        ("div", "style", "//img.example/c.png"),
        ("script", "src", "https://cdn.example/require.js"),
    }


def test_page_text_skips_style_keeps_alt() -> None:
    html = '<style>.x{}</style><p>洪洞<img alt="图表" src="data:,"></p><script>var a</script>'
    assert page_text(html) == "洪洞图表"


def test_external_links_become_text() -> None:
    html = '<p><a href="https://stats.example/b">公报</a> <a href="#t">本页</a></p>'
    out = defang_external_links(html)
    assert external_references(out) == []
    assert "公报（https://stats.example/b）" in out and 'href="#t"' in out


def test_finish_page_refuses_external_source() -> None:
    page = '<html><head><style>/*@font-face:hongtong*/</style></head><body><img src="http://x/y.png"></body></html>'
    with pytest.raises(ExternalReferenceError, match=r"http://x/y\.png"):
        finish_page(page, embed_font=False)
