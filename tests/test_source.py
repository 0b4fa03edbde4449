from __future__ import annotations

import datetime

import pytest

from pipeline.errors import SourceError
from pipeline.source import message_text, parse_document, read_document


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
        ("---\ncolour: red\n---\n", "source/x.md:2: front matter: unknown key 'colour'"),
        ("---\ndate: yesterday\n---\n", "source/x.md:2: front matter: date 'yesterday' is not an ISO date"),
        ("+++\ntitle = \n+++\n", "source/x.md:2: front matter: invalid TOML"),
        ("text\n\n<!-- i18n: frobnicate -->\nmore\n", "source/x.md:3: unknown i18n directive 'frobnicate'"),
        ("text\n\n<!-- i18n: note -->\nmore\n", "source/x.md:3: i18n: note needs a text"),
        ("text\n\n<!-- i18n: skip -->\n", "source/x.md: an i18n directive at the end of the file"),
    ],
)
def test_bad_sources_name_file_and_line(text, message):
    with pytest.raises(SourceError) as caught:
        parse_document(text, name="x", path="source/x.md")
    assert str(caught.value).startswith(message)


def test_toml_front_matter():
    doc = parse_document('+++\ntitle = "T"\n+++\n\nBody\n', name="x", path="x.md")
    assert doc.meta == {"title": "T"}
    assert [s.line for s in doc.segments] == [2, 5]


def test_not_utf8(tmp_path):
    path = tmp_path / "bad.md"
    path.write_bytes(b"fine\n\ncaf\xe9\n")
    with pytest.raises(SourceError, match=r"^source/bad.md:3: not valid UTF-8"):
        read_document(path, relative="source/bad.md")
