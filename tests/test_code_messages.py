"""[tool.booklet] translate-code (code_messages): a code block's comments and
string literals as messages, put back translated with the code as written,
and translations that would break out of them refused; GNU gettext and
poppler read what booklet writes."""
from __future__ import annotations

import html
import re
import textwrap

import polib
import pytest

from pipeline.build import build
from pipeline.catalog.pofile import format_po
from pipeline.check import check_project
from pipeline.code_messages import KINDS, code_messages, translated_code
from pipeline.config import load_project
from pipeline.errors import ConfigError
from pipeline.extract import extract
from pipeline.init import init
from pipeline.source import parse_document
from pipeline.translate import Found, translate_document

from .conftest import run_tool, static_server

SOURCE = textwrap.dedent(
    '''\
    # Code

    A paragraph.

    ```rust
    /// Adds one to a number.
    /// Returns the sum.
    fn add(x: i32) -> i32 {
        let greeting = "hello world"; // say hello
        /* a block comment */
        x + 1 // 42
    }
    ```

    ```python
    def f():
        """Return the answer."""
        # the answer
        return 'plain text'
    ```
    '''
)
CODE = "comments", "strings"
#: The translations of SOURCE's code messages, in source order.
GERMAN = {
    "Adds one to a number.\nReturns the sum.": "Zählt eins zu einer Zahl.\nGibt die Summe zurück.",
    "hello world": "hallo Welt",
    "say hello": "sag hallo",
    "a block comment": "ein Blockkommentar",
    "Return the answer.": "Gibt die Antwort zurück.",
    "the answer": "die Antwort",
    "plain text": "schlichter Text",
}
ARABIC = {"hello world": "مرحبا بالعالم", "say hello": "قل مرحبا", "the answer": "الجواب"}
RTL = {"en": False, "de": False, "ar": True}


def _project(make_project, *, code: str = '["comments", "strings"]', languages: tuple[str, ...] = ("de",)):
    extra = f"translate-code = {code}\n" if code else ""
    root = make_project({"source/guide.md": SOURCE}, languages=languages, extra=extra)
    return load_project(root)


def _translate(project, language: str, texts: dict[str, str]) -> None:
    path = project.po_path(language, "guide")
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = texts.get(entry.msgid, entry.msgstr)
    path.write_text(format_po(po), encoding="utf-8")


def _code_text(body: str) -> list[str]:
    """The text of each code block of a page, as a reader sees it (tags dropped, entities read)."""
    return [html.unescape(re.sub(r"<[^>]+>", "", block)) for block in re.findall(r"<pre[^>]*>(.*?)</pre>", body, re.S)]


def test_comments_and_literals_are_messages_with_their_code_line_flagged_no_wrap(make_project):
    project = _project(make_project)
    pot = extract(project)["guide"]
    code = [e for e in pot if "no-wrap" in e.flags]
    assert [e.msgid for e in code] == [*GERMAN]  # in source order, without // /* */ """ or quotes
    assert [e.occurrences for e in code] == [[("source/guide.md", str(n))] for n in (6, 9, 9, 10, 17, 18, 19)]
    assert code[0].comment == "code comment (rust)\nwritten ///\u2026"
    assert code[1].comment == 'code string (rust)\nwritten "\u2026"'
    assert code[4].comment == 'code comment (python)\nwritten """\u2026"""'
    assert [e.msgid for e in pot if "no-wrap" not in e.flags] == ["Code", "A paragraph."]  # "42" has no words
    # what booklet wrote GNU reads: the template, and a translation of several lines
    run_tool("msgfmt", "--check", "-o", "/dev/null", str(project.pot_path("guide")))
    init(project, ["de"])
    _translate(project, "de", GERMAN)
    run_tool("msgfmt", "--check", "-o", "/dev/null", str(project.po_path("de", "guide")))
    assert '#, no-wrap\nmsgid ""\n"Adds one to a number.\\n"\n"Returns the sum."\n' in project.po_path("de", "guide").read_text()


def test_off_by_default_nothing_changes(make_project):
    on = parse_document(SOURCE, name="guide", path="source/guide.md", code=CODE)
    off = parse_document(SOURCE, name="guide", path="source/guide.md")
    assert [s.text for s in off.segments] == ["Code", "A paragraph."]
    assert [s for s in on.segments if not s.kind.startswith("code ")] == list(off.segments)
    # the source's own edition is the same whether its code is translatable or not
    source = [translate_document(d, None, language="en", source_language="en", rtl=RTL).body for d in (on, off)]
    assert source[0] == source[1]
    project = _project(make_project, code="")
    assert project.translate_code == ()
    assert not [e for e in extract(project)["guide"] if "no-wrap" in e.flags]


def test_an_unknown_kind_is_an_error_naming_the_key(make_project):
    with pytest.raises(ConfigError, match="translate-code.*'docs' is not one of comments, strings"):
        _project(make_project, code='["comments", "docs"]')


@pytest.mark.parametrize(
    ("language", "code"),
    [
        ("rust", "/**\n * Doc.\n *   indented\n */\nfn f() {} /* a */ // b\n//! inner\n//! two\n"),
        ("python", 'x = "a \\" b"  # c\n"""\n  Doc\n  more\n"""\nr"raw"\n'),
        ("c", '/* one */ int x; // two\nchar *s = "%d items";\n'),
        ("javascript", "// a\n// b\nlet s = `tpl ${x}` + 'q';\n"),
    ],
)
def test_a_translation_equal_to_its_message_gives_the_code_byte_for_byte(language, code):
    messages = code_messages(code, language, KINDS)
    assert messages
    assert all(not m.text.startswith(("//", "/*", "#", '"', "*")) for m in messages)
    assert translated_code(code, language, KINDS, [m.text for m in messages]) == code
    # and anything else changes only the messages' text
    changed = translated_code(code, language, KINDS, [f"X{n}" for n in range(len(messages))])
    assert [m.text for m in code_messages(changed, language, KINDS)] == [f"X{n}" for n in range(len(messages))]


def test_translated_code_is_shown_highlighted_and_otherwise_as_written():
    document = parse_document(SOURCE, name="guide", path="source/guide.md", code=CODE)
    lookup = {(None, k): Found(v, False) for k, v in GERMAN.items()}
    body = translate_document(document, lookup, language="de", source_language="en", rtl=RTL).body
    expected = [token.content for token in document.tokens if token.type == "fence"]
    for source, translation in GERMAN.items():
        expected = [block.replace(source.replace("\n", "\n/// "), translation.replace("\n", "\n/// ")) for block in expected]
    assert _code_text(body) == expected
    assert '<span class="c">// sag hallo\n</span>' in body and '<span class="s">&quot;hallo Welt&quot;</span>' in body


#: Translations that would end their comment or literal, each with its message.
HOSTILE = [
    ("say hello", "sag\nhallo(); evil()", "a line break would end the comment"),
    ("a block comment", "x */ evil(); /* y", "'*/' would close the comment early"),
    ("hello world", 'a"; evil(); "', "'\"' would close the string literal early"),
    ("plain text", "it's", "\"'\" would close the string literal early"),
    ("the answer", "die Antwort\\", "a backslash at a line's end"),
    ("Return the answer.", 'x""" + evil() + """', "'\"\"\"' would close the comment early"),
    ("a block comment", "\u202e evil() \u2066", "U+202E would reorder or hide the code"),  # Trojan Source
]


@pytest.mark.parametrize(("source", "translation", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_translation_that_breaks_out_is_an_error_and_never_shown(make_project, source, translation, message):
    project = _project(make_project)
    init(project, ["de"])
    _translate(project, "de", {**GERMAN, source: translation})
    found = [f for f in check_project(project) if f.finding.check == "code"]
    text = project.po_path("de", "guide").read_text().split("\n")
    assert [f.finding.severity for f in found] == ["error"] and message in found[0].finding.message
    assert text[found[0].finding.line - 1].startswith("msgstr")  # where the translator has to change it
    assert str(found[0]).startswith("locales/de/LC_MESSAGES/guide.po:")
    assert [str(f).split(": ")[1] for f in build(project, formats=["html"]).failures] == ["de not published"]
    # forced, the block shows the source's comment there, and the other translations
    assert not build(project, formats=["html"], force=True).failures
    shown = "".join(_code_text((project.output / "html" / "de" / "guide.html").read_text()))
    assert source.split("\n")[0] in shown and "evil" not in shown
    assert all(t.split("\n")[0] in shown for s, t in GERMAN.items() if s != source)


def test_the_pdf_reads_the_translated_code_and_arabic_keeps_it_left_to_right(make_project, page):
    project = _project(make_project, languages=("de", "ar"))
    init(project, ["de", "ar"])
    _translate(project, "de", GERMAN)
    _translate(project, "ar", {"Code": "الشيفرة", "A paragraph.": "فقرة.", **ARABIC})
    assert not build(project, formats=["html", "pdf"]).failures
    german = run_tool("pdftotext", "-layout", str(project.output / "pdf" / "de" / "guide.pdf"), "-").stdout
    for line in ("/// Zählt eins zu einer Zahl.", "/// Gibt die Summe zurück.", "# die Antwort", "return 'schlichter Text'"):
        assert line in german
    assert 'let greeting = "hallo Welt"; // sag hallo' in german
    arabic = project.output / "pdf" / "ar" / "guide.pdf"
    assert "fn add(x: i32) -> i32 {" in run_tool("pdftotext", "-layout", str(arabic), "-").stdout
    # An Arabic literal and the Arabic comment after it, each isolated: drawn
    # in the code's order, the literal left of "//" and the comment right of
    # it (pdftotext's own reading order reorders them, so its word boxes are read).
    boxes = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', run_tool("pdftotext", "-bbox", str(arabic), "-").stdout)
    line = next(float(bottom) for _, bottom, word in boxes if word == "greeting")
    words = [(float(left), html.unescape(word)) for left, bottom, word in boxes if abs(float(bottom) - line) < 4]
    slashes = next(left for left, word in words if word == "//")
    letters = lambda side: sorted(c for left, word in words if side(left) for c in word if "\u0600" <= c <= "\u06ff")
    assert letters(lambda left: left < slashes) == sorted(ARABIC["hello world"].replace(" ", ""))
    assert letters(lambda left: left > slashes) == sorted(ARABIC["say hello"].replace(" ", ""))
    with static_server(project.output / "html") as url:
        page.goto(f"{url}ar/guide.html")
        assert page.evaluate("getComputedStyle(document.querySelector('pre code')).direction") == "ltr"
        literal, comment = (page.locator(f".{name} bdi").first.bounding_box() for name in ("s", "c"))
        slashes = page.evaluate(
            """() => { const node = [...document.querySelectorAll('pre .c')].find(n => n.textContent.startsWith('// ق')).firstChild;
                       const range = document.createRange(); range.setStart(node, 0); range.setEnd(node, 2);
                       return range.getBoundingClientRect().x; }"""
        )
        assert literal["x"] + literal["width"] <= slashes <= comment["x"]


def test_a_books_chapters_have_their_code_messages_too(make_project):
    files = {"source/manual/SUMMARY.md": "# Summary\n\n- [Code](code.md)\n", "source/manual/code.md": SOURCE}
    root = make_project(files, extra='documents = []\ntranslate-code = ["comments"]\n')
    pot = extract(load_project(root))["manual"]
    code = [(e.msgid, e.occurrences) for e in pot if "no-wrap" in e.flags]
    assert code == [
        ("Adds one to a number.\nReturns the sum.", [("source/manual/code.md", "6")]),
        ("say hello", [("source/manual/code.md", "9")]),
        ("a block comment", [("source/manual/code.md", "10")]),
        ("Return the answer.", [("source/manual/code.md", "17")]),
        ("the answer", [("source/manual/code.md", "18")]),
    ]  # comments only: no literal


def _around(code: str, messages) -> list[str]:
    """The code between the messages, the first's start to the last's end excluded."""
    starts, ends = [0, *(m.end for m in messages)], [*(m.start for m in messages), len(code)]
    return [code[start:end] for start, end in zip(starts, ends)]


def test_random_code_and_hostile_translations_never_change_the_code_around_the_messages():
    """Seeded: whatever a translation holds, what is outside the messages stays byte for byte."""
    import random

    chance = random.Random(16)
    alphabet = [*'ab yz/*#"\'\\\n{}$`-<!>;r\t', "ق"]
    changed = 0
    for _ in range(1500):
        code = "".join(chance.choice(alphabet) for _ in range(chance.randint(0, 50)))
        language = chance.choice(["rust", "python", "c", "javascript", "html", "sql", "bash", "haskell", "lua"])
        before = code_messages(code, language, KINDS)
        assert translated_code(code, language, KINDS, [m.text for m in before]) == code
        after = translated_code(code, language, KINDS, ["".join(chance.choice(alphabet) for _ in range(9)) for _ in before])
        now = code_messages(after, language, KINDS)
        assert len(now) == len(before)
        assert _around(code, before) == _around(after, now)
        changed += after != code
    assert changed > 100  # the translations that stay inside are put in


def test_the_comments_of_rusts_hidden_lines_are_no_messages():
    code = "# // for the compiler\n## shown // seen\nfn f() {} // too\n"
    assert [m.text for m in code_messages(code, "rust,ignore", KINDS)] == ["seen", "too"]
    assert [m.text for m in code_messages(code, "python", ("comments",))][:1] == ["// for the compiler"]  # no hidden lines but Rust's
