"""#16's "Done means" on the team's own book: a book written for mdBook, with a translation
of another tool brought in, builds every language with default checks; its code reads left
to right in the right-to-left editions (pdftotext, Chromium), no machine font is embedded
(pdffonts) and every published translation is on its page."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest

from pipeline.config import load_project
from pipeline.render import fonts
from pipeline.source import markdown

from .commands.test_check import booklet
from .conftest import run_tool, static_server
from .render.test_fonts_every_script import _fonts_of
from .test_importer import FOREIGN, make_tidebook

LANGUAGES = ["de", "ar", "ja", "fa", "ru"]
RIGHT_TO_LEFT = ["ar", "fa"]
#: The warning the book gives on purpose: its chart is an SVG with a script, which is
#: published without it (tests/test_media.py).
CHART = r"source/guide/basics/tides\.md:11: warning: image 'tide-chart\.svg' is published without what could run or fetch"
#: The line breaker's findings on a booklet's typography (a word hyphenated before a
#: paragraph's last line, say): advice on where lines fall, which depend on the text and the
#: breaker, not a part of the book left out.
TYPOGRAPHY = r"output/pdf/\w+/guide\.pdf: warning: page \d+: "


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The book with Russian added and its foreign catalogue imported, then built as a user would."""
    root = make_tidebook(tmp_path_factory.mktemp("done") / "tidebook")
    for command in (("add-language", "ru"), ("import", "--lang", "ru", str(FOREIGN))):
        result = booklet(*command, cwd=root)
        assert result.returncode == 0, result.stderr
    result = booklet("build", "--json", cwd=root)
    assert result.returncode == 0, result.stderr
    return root, json.loads(result.stdout)


def test_every_language_is_built_in_html_and_pdf_with_default_checks(book):
    root, report = book
    assert "[tool.booklet.checks]" in (root / "pyproject.toml").read_text(encoding="utf-8")  # the project's own levels, no --force
    assert (report["errors"], report["skipped"], report["drafts"]) == ([], [], [])
    assert [edition["language"] for edition in report["editions"]] == ["en", *LANGUAGES]
    for language in ["en", *LANGUAGES]:
        assert (root / f"output/pdf/{language}/guide.pdf").is_file(), language
        assert (root / f"output/html/{language}/guide/basics/tables.html").is_file(), language
    assert [w for w in report["warnings"] if re.match(CHART, w)] != []
    assert [w for w in report["warnings"] if not re.match(CHART, w) and not re.match(TYPOGRAPHY, w)] == []


def _included(root: Path, anchor: str) -> list[str]:
    """The lines of the book's program between its ANCHOR and ANCHOR_END lines, as a reader sees them."""
    text = (root / "source/guide/code/tide.rs").read_text(encoding="utf-8")
    inside = text.split(f"// ANCHOR: {anchor}\n", 1)[1].split(f"// ANCHOR_END: {anchor}", 1)[0]
    return [" ".join(line.split()) for line in inside.splitlines()]


@pytest.mark.parametrize("language", RIGHT_TO_LEFT)
def test_the_pdf_reads_the_code_left_to_right(book, language: str):
    root, _ = book
    text = " ".join(run_tool("pdftotext", str(root / f"output/pdf/{language}/guide.pdf"), "-").stdout.split())
    # the block of the anchor 'main', then the one of lines 14 to 16 (the anchor 'lowest')
    lines = _included(root, "main") + _included(root, "lowest")
    assert lines[0] == "fn main() {" and "fn lowest(heights: &[f32]) -> f32 {" in lines
    position = 0
    for line in lines:  # each line whole, and in the file's order
        found = text.find(line, position)
        assert found >= 0, (line, text[position : position + 300])
        position = found + len(line)


@pytest.mark.parametrize("language", RIGHT_TO_LEFT)
def test_chromium_lays_the_code_out_left_to_right(book, page, language: str):
    root, _ = book
    with static_server(root / "output" / "html") as url:
        page.goto(f"{url}{language}/guide/basics/tables.html")
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        directions = page.evaluate("[...document.querySelectorAll('main pre, main code')].map(e => getComputedStyle(e).direction)")
        # the hidden-lines block, the two included ones, and two inline spans at least
        assert len(directions) >= 8 and set(directions) == {"ltr"}, directions
        # and drawn so: each token of the first line right of the one before it
        lefts = page.evaluate(
            """[...[...document.querySelectorAll('pre code')].find(c => c.textContent.startsWith('fn main')).children]
               .slice(0, 2).map(span => span.getBoundingClientRect().left)"""
        )
        assert len(lefts) == 2 and lefts[0] < lefts[1], lefts
        # The link's text ends in the Latin "PDF", and Persian's size unit is
        # Latin too ("72 kB"): isolated, the size sits after the link (left
        # of it) instead of joining its "PDF" in one left-to-right run.
        link_pdf, size_right = page.evaluate(
            """() => {
                const text = document.querySelector('.download a').firstChild;
                const range = document.createRange();
                range.setStart(text, text.length - 3);
                range.setEnd(text, text.length);
                return [range.getBoundingClientRect().left,
                        document.querySelector('.download .size').getBoundingClientRect().right];
            }"""
        )
        assert page.locator(".download a").inner_text().endswith("PDF")
        assert size_right <= link_pdf + 0.5, (size_right, link_pdf)
        assert page.console_errors == []


def test_every_pdf_embeds_only_configured_faces(book):
    root, _ = book
    # WeasyPrint names a face "Family-Name-Style"; the imposed sheets' marks, "FamilyName"
    families = {face.family.replace(" ", joint) for face in fonts.font_faces(load_project(root).fonts) for joint in ("-", "")}
    pdfs = sorted((root / "output" / "pdf").rglob("*.pdf"))
    assert len(pdfs) == 2 * len(["en", *LANGUAGES])  # each booklet and its imposed twin
    for pdf in pdfs:
        found = _fonts_of(pdf)
        assert found, pdf
        for name, embedded in found.items():
            assert embedded == "yes", (pdf, name)
            assert "DejaVu" not in name, (pdf, name)
            assert any(name == family or name.startswith(family + "-") for family in families), (pdf, name)


class _Text(HTMLParser):
    """Text as a reader gets it: tags dropped, images' alt texts kept, scripts and styles
    left out, spaces of every kind (the typography's no-break ones too) as one space."""

    def __init__(self) -> None:
        super().__init__()
        self.skipping: list[str] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("head", "script", "style"):
            self.skipping.append(tag)
        elif tag == "img" and not self.skipping:  # what a screen reader reads of an image
            self.parts.append(" " + (dict(attrs).get("alt") or "") + " ")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)

    @classmethod
    def of(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        parser.close()
        return " ".join("".join(parser.parts).split())


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_translation_is_on_its_page(book, language: str):
    """Each published entry of the book's catalogue, rendered as Markdown (links, emphasis,
    code, escapes), is in the text of the language's pages: none was dropped on the way."""
    root, _ = book
    shown = " ".join(_Text.of(path.read_text(encoding="utf-8")) for path in sorted((root / "output/html" / language / "guide").rglob("*.html")))
    catalogue = polib.pofile(str(root / f"locales/{language}/LC_MESSAGES/guide.po"))
    published = [e for e in catalogue if e.translated() and not e.obsolete]
    assert len(published) >= 8, language
    missing = [e.msgstr for e in published if _Text.of(markdown().renderInline(e.msgstr)) not in shown]
    assert missing == []


@pytest.mark.parametrize(
    ("language", "word", "chapter"),
    [
        # 時刻 ("time") only inside a sentence written without spaces: found only where
        # Japanese is cut into words when the index is made (Pagefind's extended build).
        ("ja", "時刻", "ja/guide/basics/tables.html"),
        ("de", "Gezeitentafel", "de/guide/basics/tables.html"),
    ],
)
def test_search_finds_a_word_inside_a_sentence_in_its_language(book, page, language: str, word: str, chapter: str):
    root, _ = book
    with static_server(root / "output" / "html") as url:
        page.goto(f"{url}{language}/guide/preface.html")
        field = page.locator("#search input")
        field.wait_for(timeout=10_000)
        field.fill(word)
        result = page.locator(".pagefind-ui__result-link").first
        result.wait_for(timeout=10_000)
        links = [a.get_attribute("href") for a in page.locator(".pagefind-ui__result-link").all()]
        assert any(link.endswith(chapter) for link in links), links
        assert all(f"/{language}/" in link for link in links), links
        assert page.console_errors == []
