"""Round-trip fidelity: a translation whose every msgstr equals its msgid renders the source's HTML."""
from __future__ import annotations

import re

import pytest

from pipeline.source import message_key
from pipeline.source import markdown, parse_document, split_front_matter
from pipeline.render.highlight import CLASSES
from pipeline.translate import Found, translate_document

RTL = {"en": False, "de": False, "ar": True}

CASES = {
    "nested lists": "- one\n  - two\n    - three *em*\n- four\n\n1. first\n2. second\n   - inner\n",
    "loose list": "- para one\n\n  second para\n\n- next\n",
    "links with titles": 'A [link](http://example.com "Title") and [another](/x \'t\').\n',
    "reference links": "See [the site][site] and [Site] and [collapsed][].\n\n[site]: http://e.com \"T\"\n[collapsed]: /c\n",
    "autolinks": "Go to <https://example.com> or mail <a@b.org>.\n",
    "code spans": "Use `a  b` and ``x ` y`` and `wrapped\ncode`.\n",
    "emphasis inside links": "[*em* and **strong**](http://e.com) and *[link](/l)*\n",
    "html blocks": "<div class=\"x\">\n<p>raw</p>\n</div>\n\nAfter.\n",
    "inline html": "Some <kbd>Ctrl</kbd>+<kbd>C</kbd> text.\n",
    "tables": "| a | *b* | c \\| d |\n|:--|:-:|--:|\n| 1 | `2` | [3](/3) |\n",
    "hard breaks": "line one  \nline two\\\nline three\n",
    "soft breaks": "line one\nline two\n   indented continuation\n",
    "entities": "&copy; &amp; &#35; &#x22; &nbsp;x &lt;tag&gt;\n",
    "headings": "# One\n\nSetext\n======\n\n## Two *em*\n\n### Three `code`\n",
    "block quotes": "> quoted *text*\n> more\n>\n> > nested\n",
    "images": "![alt *text*](img.png \"title\")\n\nInline ![x](y.png) image.\n",
    "code blocks": "Text.\n\n```python\nprint('hi')\n```\n\n    indented\n",
    "escapes": "\\*not em\\* and 1\\. not list and \\# not heading\n",
    "strikethrough": "~~gone~~ text\n",
    "front matter": "---\ntitle: T & <b>x</b>\n---\n\nBody\n",
    "emphasis variants": "*a* _b_ **c** __d__ ***e*** *a **b** c*\n",
    "unicode": "Qara Yanvar — «Чёрный январь» يناير الأسود 147\n",
}


def _body(text: str, lookup) -> str:
    doc = parse_document(text, name="t", path="t.md")
    doc.meta["typography"] = False  # markdown-it's own rendering, with no quotes or spaces set
    return translate_document(doc, lookup, language="de", source_language="en", rtl=RTL).body


@pytest.mark.parametrize("name", sorted(CASES))
def test_identity_translation_renders_source_html(name):
    text = CASES[name]
    doc = parse_document(text, name="t", path="t.md")
    identity = {key: Found(key[1], False) for key in message_key(doc)}
    assert identity, "every case has something to translate"
    source = _body(text, None)
    assert _body(text, identity) == source
    # The source edition is markdown-it's own rendering (headings get stable
    # anchors, code is marked left to right and highlighted: render.highlight).
    body = split_front_matter(text, "t.md")[1]
    unmarked = re.sub(r' (id|dir)="[^"]*"', "", source)
    unmarked = re.sub(r'<span class="(?:%s)">(.*?)</span>' % "|".join(sorted(set(CLASSES.values()))), r"\1", unmarked, flags=re.S)
    assert unmarked == markdown().render(body)


def test_translation_replaces_text_and_keeps_structure():
    doc = parse_document("# Hello\n\nA [link](/x) here.\n", name="t", path="t.md")
    lookup = {(None, "Hello"): Found("Hallo", False), (None, "A [link](/x) here."): Found("Ein [Link](/x) hier.", False)}
    body = translate_document(doc, lookup, language="de", source_language="en", rtl=RTL).body
    assert body == '<h1 id="hello">Hallo</h1>\n<p>Ein <a href="/x">Link</a> hier.</p>\n'


def test_untranslated_and_fuzzy_fall_back_with_source_lang():
    doc = parse_document("One.\n\n- Two.\n- Three.\n", name="t", path="t.md")
    lookup = {(None, "One."): Found("Eins.", True), (None, "Two."): Found("Zwei.", False)}
    edition = translate_document(doc, lookup, language="ar", source_language="en", rtl=RTL)
    assert edition.body == (
        '<p lang="en" dir="ltr" class="fallback fallback-start">One.</p>\n<ul>\n<li>Zwei.</li>\n'
        '<li lang="en" dir="ltr" class="fallback fallback-start">Three.</li>\n</ul>\n'
    )  # each a run of its own: marked for readers, the first block of a run labelled
    assert (edition.translated, edition.fuzzy, edition.total) == (1, 1, 3)
    published = translate_document(doc, lookup, language="de", source_language="en", rtl=RTL, publish_fuzzy=True)
    assert published.body.startswith("<p>Eins.</p>")


@pytest.mark.parametrize(
    "msgstr",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        "[remote](https://evil.example/)",
        "![tracker](https://evil.example/p.png)",
        "![local](file:///etc/passwd)",
        "<iframe src='https://evil.example'></iframe>",
        '<a href="x" style="color:red">styled</a>',
    ],
)
def test_hostile_translation_reaches_no_reader(msgstr):
    doc = parse_document("Plain text with [a link](/ok).\n", name="t", path="t.md")
    lookup = {(None, "Plain text with [a link](/ok)."): Found(msgstr, False)}
    body = translate_document(doc, lookup, language="de", source_language="en", rtl=RTL).body
    assert "<script" not in body and "<img" not in body and "<iframe" not in body and "<a " not in body
    assert "javascript:" not in body.replace("javascript:alert(1)", "") or "href" not in body


def test_same_html_as_source_is_allowed():
    doc = parse_document("Press <kbd>Ctrl</kbd> now.\n", name="t", path="t.md")
    lookup = {(None, "Press <kbd>Ctrl</kbd> now."): Found("Drücke <kbd>Ctrl</kbd> <b>jetzt</b>.", False)}
    body = translate_document(doc, lookup, language="de", source_language="en", rtl=RTL).body
    assert body == "<p>Drücke <kbd>Ctrl</kbd> &lt;b&gt;jetzt&lt;/b&gt;.</p>\n"
