"""pipeline.svg: an SVG published without what could run or fetch."""
from __future__ import annotations

from xml.etree import ElementTree

import pytest

from pipeline.svg import SvgError, clean_svg, css_urls

HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">\n'


def _cleaned(body: str) -> tuple[str, tuple[str, ...]]:
    result = clean_svg((HEAD + body + "\n</svg>\n").encode())
    assert result.data is not None
    ElementTree.fromstring(result.data)  # still well-formed
    return result.data.decode(), result.removed


@pytest.mark.parametrize(
    "body, gone, removed",
    [
        ("<script>alert(1)</script>", "alert", "<script> (line 2)"),
        ('<g><script xlink:href="http://evil.example/s.js"/></g>', "evil", "<script> (line 2)"),
        ('<rect onclick="alert(1)" width="1"/>', "alert", "onclick ("),
        ('<rect ONMouseOver="alert(1)"/>', "alert", "ONMouseOver ("),
        ('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>', "div", "<foreignObject>"),
        ('<image xlink:href="http://evil.example/a.png"/>', "evil", "href ("),
        ('<image href="file:///etc/passwd"/>', "passwd", "href ("),
        ('<image href="map.png"/>', "map.png", "href ("),
        ('<use href="other.svg#a"/>', "other", "href ("),
        ('<a href="javascript:alert(1)"><rect/></a>', "javascript", "href ("),
        ('<image href="data:image/svg+xml;base64,PHN2Zy8+"/>', "data:image/svg", "href ("),
        ('<rect fill="url(http://evil.example/#g)"/>', "evil", "fill ("),
        ('<rect style="fill: url(\'//evil.example/x\')"/>', "evil", "style ("),
        ('<rect style="background: image-set(\'x.png\' 1x)"/>', "image-set", "style ("),
        ('<style>@import "http://evil.example/a.css";</style>', "evil", "<style>"),
        ("<style>rect { fill: url(https://evil.example/p.svg#p) }</style>", "evil", "<style>"),
        ('<set attributeName="href" to="javascript:alert(1)"/>', "javascript", "<set>"),
        ('<animate attributeName="onload" values="alert(1)"/>', "alert", "<animate>"),
        ('<animate attributeName=" HREF" values="#;javascript:alert(1)"/>', "javascript", "<animate>"),
        ('<rect style="background: image(\'x.png\')"/>', "x.png", "style ("),
        ('<rect style="background: cross-fade(\'a.png\', \'b.png\' 50%)"/>', "a.png", "style ("),
        ('<g xml:base="http://evil.example/"><use href="#a"/></g>', "evil", "base ("),
        ('<html:iframe xmlns:html="http://www.w3.org/1999/xhtml" src="http://evil.example/"/>', "evil", "<iframe>"),
    ],
)
def test_what_runs_or_fetches_is_taken_out(body, gone, removed):
    text, found = _cleaned(body)
    assert gone not in text
    assert len(found) == 1 and found[0].startswith(removed), found
    assert found[0].endswith("(line 2)")


def test_what_stays_inside_the_file_is_kept():
    safe = (
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>'
        '<rect fill="url(#g)" style="stroke: url(#g)" transform="translate(1 2)"/>'
        '<use xlink:href="#g"/><image href="data:image/png;base64,iVBORw0KGgo="/>'
        "<style>rect { fill: url(#g) }</style><text>1 &lt; 2</text>"
    )
    assert clean_svg((HEAD + safe + "</svg>").encode()).data is None
    text, removed = _cleaned(safe + "<script>x()</script>")
    assert removed == ("<script> (line 2)",)
    for kept in ('fill="url(#g)"', 'href="#g"', "data:image/png;base64,iVBORw0KGgo=", "1 &lt; 2", "translate(1 2)"):
        assert kept in text


def test_entities_and_broken_files_are_refused_with_their_line():
    with pytest.raises(SvgError, match="declares the entity 'lol'") as caught:
        clean_svg(b'<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY lol "lol">\n]>\n<svg>&lol;</svg>')
    assert caught.value.line == 3
    with pytest.raises(SvgError, match="not a readable SVG file") as caught:
        clean_svg(HEAD.encode() + b"<rect>\n</svg>")
    assert caught.value.line == 3
    with pytest.raises(SvgError, match=r"not an SVG image \(its root is <html>\)"):
        clean_svg(b"<html/>")


@pytest.mark.parametrize(
    "css, urls",
    [
        ('background:image("../../x.png")', ["../../x.png"]),
        ('background:cross-fade("../../a.png", url(b.png) 50%)', ["../../a.png", "b.png"]),
        ('background: image-set("a.png" 1x, url(b.png) 2x)', ["a.png", "b.png"]),
        ("background: u\\72l(//evil.example/bg.png)", ["//evil.example/bg.png"]),  # an escape is read as a browser reads it
        ('@import "a.css"; @import url(b.css); p { background: url("c.png") }', ["a.css", "b.css", "c.png"]),
        ("p { /* url(gone.png) */ fill: url(#g) }", ["#g"]),
        ("mask: src(var(--m))", ["src(var(--m))"]),  # names nothing readable: yielded whole, never taken as safe
        ("color: red; content: 'url(x.png)'", []),
    ],
)
def test_css_urls_are_what_css_fetches(css, urls):
    """One reading of CSS for the SVG cleaner and the raw HTML checks (source.py)."""
    assert list(css_urls(css)) == urls
