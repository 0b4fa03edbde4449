from __future__ import annotations

import datetime

import pytest

from pipeline.errors import SourceError
from pipeline.source import message_text, parse_document, read_document

from .conftest import REPO


@pytest.mark.parametrize(
    "content, expected",
    [
        ("one\ntwo", "one two"),
        ("one \ntwo", "one two"),
        ("one  \ntwo", "one  \ntwo"),  # hard break by spaces, kept as written
        ("x *  \nb*", "x *  \nb*"),  # respelled as backslash, "*" would open emphasis
        ("a\\  \nb", "a\\  \nb"),
        ("one\\\n   two", "one\\\ntwo"),
        ("a `code\nspan` b", "a `code span` b"),
        ("a ``x ` y\nz`` b", "a ``x ` y z`` b"),
        ("a \\`not\ncode` b", "a \\`not code` b"),
        ("unclosed ``tick\nx", "unclosed ``tick x"),
        ("plain text, é and *emphasis*", "plain text, é and *emphasis*"),  # nothing to look at: as it is
        ("ends in a backslash\\", "ends in a backslash\\"),
        ("\n  lead\n\ttab\n", " lead tab "),
        ("a\\\\\nb `c`\n`", "a\\\\ b `c` `"),
    ],
)
def test_message_text(content, expected):
    assert message_text(content) == expected


SAMPLE = """\
---
title: The Title
subtitle: A subtitle
date: 2024-05-01
---

# Heading

First *paragraph*
wrapped.

<!-- i18n: note Keep the figure 147. -->
- item one
- item [two](http://example.com "T")

<!-- i18n: skip -->
Not for translation.

![An image](pic.png)

| Head | Other |
|------|-------|
| cell | Heading |

<!-- i18n: context verb -->
Heading

```
code is not translated
```
"""


def test_segments_kinds_lines_notes_and_skip():
    doc = parse_document(SAMPLE, name="sample", path="source/sample.md")
    got = [(s.kind, s.text, s.line, s.context, s.notes) for s in doc.segments]
    assert got == [
        ("front matter: title", "The Title", 2, None, ()),
        ("front matter: subtitle", "A subtitle", 3, None, ()),
        ("heading", "Heading", 7, None, ()),
        ("paragraph", "First *paragraph* wrapped.", 9, None, ()),
        ("list item", "item one", 13, None, ("Keep the figure 147.",)),
        ("list item", 'item [two](http://example.com "T")', 14, None, ()),
        ("image alt text", "An image", 19, None, ()),
        ("table header", "Head", 21, None, ()),
        ("table header", "Other", 21, None, ()),
        ("table cell", "cell", 23, None, ()),
        ("table cell", "Heading", 23, None, ()),
        ("paragraph", "Heading", 26, "verb", ()),
    ]
    assert doc.meta["date"] == datetime.date(2024, 5, 1)
    assert "i18n" not in "".join(t.content for t in doc.tokens)


@pytest.mark.parametrize(
    "text, message",
    [
        ("---\ntitle: [unclosed\n---\nx\n", "source/x.md:2: front matter: invalid YAML"),
        ("---\ntitle: x\n", "source/x.md:1: front matter opened with '---' is never closed"),
        ("---\ndate: yesterday\n---\n", "source/x.md:2: front matter: date 'yesterday' is not an ISO date"),
        ("+++\ntitle = \n+++\n", "source/x.md:2: front matter: invalid TOML"),
        ("text\n\n<!-- i18n: frobnicate -->\nmore\n", "source/x.md:3: unknown i18n directive 'frobnicate'"),
        ("text\n\n<!-- i18n: note -->\nmore\n", "source/x.md:3: i18n: note needs a text"),
        ("text\n\n<!-- i18n: skip -->\n", "source/x.md: an i18n directive at the end of the file"),
        ("---\ntitle: T\ndashes: declared-on\n---\n", "source/x.md:3: front matter: dashes must be a list of hyphenated word pairs"),
        ("---\ndashes:\n  - declared-on\n  - declared - on\n---\n", "source/x.md:4: front matter: dashes: 'declared - on' is not two words"),
        ("---\ndashes: [a-b-c]\n---\n", "source/x.md:2: front matter: dashes: 'a-b-c' is not two words joined by one hyphen"),
        ("+++\ndashes = [\"on\", 3]\n+++\n", "source/x.md:2: front matter: dashes: 'on' is not two words"),
    ],
)
def test_bad_sources_name_file_and_line(text, message):
    with pytest.raises(SourceError) as caught:
        parse_document(text, name="x", path="source/x.md")
    assert str(caught.value).startswith(message)


def test_other_front_matter_keys_are_kept_and_a_near_miss_is_a_warning():
    """A key of the project's own (mdBook books carry some) is metadata for
    templates; one that looks like a misspelt key of booklet's says so."""
    doc = parse_document("---\ntitle: T\nminutes: 15\ntitel: Beispiel\n---\n\nBody\n", name="x", path="source/x.md")
    assert doc.meta == {"title": "T", "minutes": 15, "titel": "Beispiel"}
    assert doc.warnings == (
        "source/x.md:4: warning: front matter: 'titel' is not one of booklet's keys, "
        "kept as metadata for templates; did you mean 'title'?",
    )
    assert [s.text for s in doc.segments] == ["T", "Body"]  # not a message: only booklet's text keys are


def test_other_front_matter_keys_reach_templates_and_warnings_the_report(make_project):
    from pipeline.build import build
    from pipeline.config import load_project
    from pipeline.init import init

    root = make_project({"source/a.md": "---\nminutes: 15\nsubtitel: Oops\n---\n\nText.\n"})
    builtin = (REPO / "pipeline/templates/page.html.j2").read_text(encoding="utf-8")
    (root / "templates").mkdir()
    (root / "templates/page.html.j2").write_text(builtin.replace("</main>", "<p>{{ meta.minutes }} min</p></main>"), encoding="utf-8")
    project = load_project(root)
    init(project, ["de"])
    report = build(project, formats=["html"])
    assert not report.failures
    assert "<p>15 min</p>" in (root / "output/html/de/a.html").read_text(encoding="utf-8")
    assert report.warnings == [
        "source/a.md:3: warning: front matter: 'subtitel' is not one of booklet's keys, "
        "kept as metadata for templates; did you mean 'subtitle'?"
    ]


def test_dashes_lists_hyphenated_pairs_and_a_pair_not_in_the_text_is_a_warning():
    """The front matter's ``dashes``: hyphens the author typed for dashes,
    set when rendering (render.typography); the text itself is unchanged."""
    text = "---\ntitle: T\ndashes:\n  - declared-on\n  - follow-on\n---\n\nIt was not *declared*-on Monday.\n"
    doc = parse_document(text, name="x", path="source/x.md")
    assert doc.meta["dashes"] == ["declared-on", "follow-on"]
    assert [s.text for s in doc.segments] == ["T", "It was not *declared*-on Monday."]
    assert doc.warnings == (
        "source/x.md:5: warning: front matter: dashes: 'follow-on' is not in the text; nothing is set for it",
    )
    # a word that only holds the pair is not the pair; in TOML, the list's line
    toml = '+++\ndashes = ["declared-on"]\n+++\n\nIt was undeclared-on Monday.\n'
    assert parse_document(toml, name="x", path="source/x.md").warnings == (
        "source/x.md:2: warning: front matter: dashes: 'declared-on' is not in the text; nothing is set for it",
    )


def test_toml_front_matter():
    doc = parse_document('+++\ntitle = "T"\n+++\n\nBody\n', name="x", path="x.md")
    assert doc.meta == {"title": "T"}
    assert [s.line for s in doc.segments] == [2, 5]


def test_not_utf8(tmp_path):
    path = tmp_path / "bad.md"
    path.write_bytes(b"fine\n\ncaf\xe9\n")
    with pytest.raises(SourceError, match=r"^source/bad.md:3: not valid UTF-8"):
        read_document(path, relative="source/bad.md")


def test_raw_image_urls_are_found_as_a_browser_finds_them():
    from pipeline.source import raw_image_urls

    html = (
        '<p>\n  <IMG SRC="a&amp;b.png"\n alt=x>\n<!-- <img src=old.png> -->'
        "<script>'<img src=s.png>'</script><style>/* <img src=c.png> */</style>\n"
        '<picture><source srcset=" w.png 1x,  x,y.png 2x ,z.png,"><img srcset="q.png" src=r.png /></picture>\n'
    )
    assert raw_image_urls(html) == [(1, "a&b.png"), (4, "w.png"), (4, "x,y.png"), (4, "z.png"), (4, "q.png"), (4, "r.png")]


def test_rewrite_raw_images_changes_image_urls_only():
    from pipeline.source import rewrite_raw_images

    html = '<div class="x">\n<img alt=\'say "hi"\' SRC=a.png hidden>\n<!-- <img src=a.png> -->\n<source srcset="a.png 2x, b.png">\n</div>\n'
    rewritten = rewrite_raw_images(html, lambda url: f"m/{url}?&")
    assert rewritten == (
        '<div class="x">\n<img alt="say &quot;hi&quot;" src="m/a.png?&amp;" hidden>\n<!-- <img src=a.png> -->\n'
        '<source srcset="m/a.png?&amp; 2x, m/b.png?&amp;">\n</div>\n'
    )
    assert rewrite_raw_images("<p>no image</p> <b>", str.upper) == "<p>no image</p> <b>"


def test_an_inline_images_translated_tag_is_its_sources_with_the_translated_alt_and_title():
    from pipeline.source import translated_tag

    source = ['<img src="map.png" alt="The map" width=30>', "<em>"]
    hostile = '<img src=map.png width="30" alt="Die Karte&quot; onerror=&quot;x()" title="Baku\n<b>">'
    assert translated_tag(hostile, source) == '<img src="map.png" alt="Die Karte&quot; onerror=&quot;x()" width="30" title="Baku &lt;b&gt;">'
    assert translated_tag(source[0], source) == source[0]  # unchanged: as written
    assert translated_tag("<em>", source) == "<em>"
    for changed in ('<img src="evil.png" alt="Die Karte" width=30>', '<img src="map.png" alt="K" width=30 onerror="x()">',
                    '<img src="map.png" alt="K">', '<img src="map.png" alt="K" width=30/>', "<EM>", "<strong>"):
        assert translated_tag(changed, source) is None, changed


def test_raw_html_is_read_as_a_browser_reads_it():
    """What the HTML5 algorithm finds and Python's HTMLParser does not is
    refused ("hidden"); what it copies of a misnested <b> or <a> is the
    element that was written, judged by its values."""
    from pipeline.source import raw_html_references

    def kinds(html: str) -> list[tuple[str, str | None, str]]:
        return [(r.what, r.url, r.kind) for r in raw_html_references(html)]

    assert kinds('<p><b class="k">a</p><p>b</p>') == []
    assert kinds('<b class="k"><p>a</b>b</p>') == []
    assert kinds('<img alt="" src="a.png"><!--><img alt="" src="../../o.png">-->') == [("<img src>", "a.png", "image"), ("<img>", None, "hidden")]
    assert kinds('<a href="x.html">1</a><!--><a href="javascript:alert(1)">-->') == [
        ("<a href>", "x.html", "followed"), ("<a href>", "javascript:alert(1)", "followed")
    ]
    assert kinds("<!--><a onclick=x>-->") == [("<a>", None, "hidden")]


def test_what_is_refused_whatever_it_names_carries_its_reason():
    """A script, a new base, an instruction to the browser (a <meta> with
    http-equiv, not one that names the encoding), a handler, a page in an
    attribute, an attachment, an animation that sets a link, an element only
    a browser finds: each refused for its own reason, whatever its URL."""
    from pipeline.source import Refusal, raw_html_references

    html = (
        '<script></script><base href="x/"><meta http-equiv="refresh" content="0"><meta charset="utf-8">'
        '<p onclick="x()">a</p><iframe srcdoc="x"></iframe><a rel="nofollow Attachment" href="a.md">b</a><a rel="nofollow">c</a>'
        '<svg><animate attributeName="href" to="#a"/><animate attributeName="x" to="1"/></svg><!--><i title=t>-->'
    )
    assert [(r.what, r.refused) for r in raw_html_references(html) if r.url is None] == [
        ("<script>", Refusal.SCRIPT), ("<base>", Refusal.BASE), ("<meta>", Refusal.META), ("<p onclick>", Refusal.HANDLER),
        ("<iframe srcdoc>", Refusal.SRCDOC), ("<a rel>", Refusal.ATTACHMENT), ("<animate attributename>", Refusal.ANIMATION),
        ("<i>", Refusal.HIDDEN),
    ]
    assert all((r.url is None) == (r.refused is not None) for r in raw_html_references(html))


def test_a_piece_of_raw_html_read_again_is_read_alike():
    """A piece of raw HTML is read once per process and what was read is
    shared (each language rewrites the same block): what one rewriting does
    changes nothing for the next."""
    from pipeline.source import raw_html_texts, rewrite_raw_images

    html = '<figure><img src="a.png" alt="A"><figcaption>Cap</figcaption></figure>'
    first = rewrite_raw_images(html, str.upper, ["Aa", "Cc"], "en")
    assert first == '<figure><img src="A.PNG" alt="Aa"><figcaption>Cc</figcaption></figure>'
    assert rewrite_raw_images(html, str, ["Bb", None], "en") == '<figure><img src="a.png" alt="Bb"><figcaption lang="en">Cap</figcaption></figure>'
    assert rewrite_raw_images(html, str.upper, ["Aa", "Cc"], "en") == first
    assert raw_html_texts(html) == [(0, "image alt text", "A"), (0, "figure caption", "Cap")]


def test_an_element_a_browser_makes_of_other_tags_is_refused_as_such():
    """An <img> of an <image>, one <body> of two: refused with their own
    reason; an element that a comment hides from the checks, whatever tags
    beside it the browser rebuilds, stays hidden."""
    from pipeline.source import Refusal, raw_html_references

    def refused(html):
        return [(r.what, r.refused) for r in raw_html_references(html) if r.kind == "hidden"]

    assert refused('<image alt="" src="a.png">') == [("<img>", Refusal.REBUILT)]
    assert refused('Text <IMAGE src="a.png"/>') == [("<img>", Refusal.REBUILT)]
    assert refused('<body class="k"><body id="x">') == [("<body>", Refusal.REBUILT)]
    assert refused('<body class="k"><!--><body onload="x()">-->') == [("<body>", Refusal.HIDDEN)]
    assert refused('<image src="a.png"><!--><img src="b.png" onerror="x()">-->') == [("<img>", Refusal.REBUILT), ("<img>", Refusal.HIDDEN)]
    assert refused('<!--><img src="b.png">-->') == [("<img>", Refusal.HIDDEN)]


def test_a_marked_section_without_a_keyword_is_read_as_a_browser_reads_it():
    """A "<![" that no keyword follows (a typo, "<![ endif ]>"): Python
    3.11's HTMLParser raised, a traceback for the author; a browser reads a
    comment to the next ">", and so do the checks."""
    from pipeline.source import raw_image_urls

    source = '# T\n\n<div><![ x</div>\n\n<div><![ endif ]> <img src="a.png" alt="A"></div>\n'
    assert [s.text for s in parse_document(source, name="a", path="a.md").segments] == ["T", "A"]
    assert raw_image_urls('<![ x <img src="b.png">') == []


def test_a_data_url_is_a_picture_only_where_it_is_drawn():
    """An <img>'s, a poster's, a CSS background's or an SVG <image>'s data: URL
    is drawn as a picture; an <object>'s or a <use>'s can be a page, which can run a script."""
    from pipeline.source import raw_html_references

    html = (
        '<img src="data:a" srcset="data:b"><video poster="data:c" src="data:d"></video><object data="data:e"></object>'
        '<div style="background:url(data:f)"></div><style>p { background: url(data:g) }</style>'
        '<svg><use href="data:h"/><image href="data:i"/><feImage xlink:href="data:j"/></svg><a href="data:k">x</a>'
    )
    assert sorted((r.what, r.url, r.picture) for r in raw_html_references(html)) == [
        ("<a href>", "data:k", False), ("<div style>", "data:f", True), ("<feimage xlink:href>", "data:j", True),
        ("<image href>", "data:i", True), ("<img src>", "data:a", True), ("<img srcset>", "data:b", True),
        ("<object data>", "data:e", False), ("<style>", "data:g", True), ("<use href>", "data:h", False),
        ("<video poster>", "data:c", True), ("<video src>", "data:d", False),
    ]
