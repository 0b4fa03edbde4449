"""A book (source/<book>/SUMMARY.md) built end to end: one PDF per language with contents,
bookmarks and internal links; a web edition with a page per chapter, navigation and working links."""
from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import polib
import pypdf
import pytest

from pipeline.build import build
from pipeline.catalog.pofile import format_po
from pipeline.config import load_project
from pipeline.extract import templates

from .conftest import REPO, need_tool, static_server

FIXTURE = REPO / "tests" / "fixtures" / "tidebook"
CHAPTERS = ["preface", "basics/tides", "basics/tables", "basics/kit", "life", "thanks"]


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("tidebook") / "tidebook"
    shutil.copytree(FIXTURE, root)
    report = build(load_project(root))
    assert not report.failures, report.failures
    return root


def test_the_fixture_catalogues_are_up_to_date():
    """What extract would write now is what the fixture holds (references to SUMMARY.md lines included)."""
    from pipeline.catalog.pofile import format_po as fmt

    pots = templates(load_project(FIXTURE))
    text = fmt(pots["guide"])
    written = (FIXTURE / "locales/guide.pot").read_text(encoding="utf-8")
    strip = lambda t: re.sub(r'"POT-Creation-Date: [^"]*"\n', "", t)  # noqa: E731
    assert strip(text) == strip(written)
    assert "#: source/guide/SUMMARY.md:7 source/guide/basics/tides.md:1\nmsgid \"Reading the tide\"" in text


def _page_texts(pdf: Path) -> list[str]:
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run([need_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout).group(1))
    return [
        subprocess.run([need_tool("pdftotext"), "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        for n in range(1, pages + 1)
    ]


def test_one_pdf_per_language_with_contents_and_page_numbers(book):
    for language in ("en", "de", "ar"):
        assert (book / f"output/pdf/{language}/guide.pdf").is_file()
        assert (book / f"output/pdf/{language}/guide-imposed.pdf").is_file()
        assert (book / f"output/html/{language}/guide.pdf").is_file()
    texts = _page_texts(book / "output/pdf/de/guide.pdf")
    contents = next(text for text in texts if "Inhalt" in text)
    expected = {
        "Bevor du losgehst": "Bevor du losgehst",
        "1. Die Gezeiten lesen": "Die Gezeiten lesen",
        "1.1. Gezeitentafeln": "Gezeitentafeln",
        "2. Was du mitnehmen solltest": "Was du mitnehmen solltest",
        "4. Anemonen und ihre Nachbarn": "Anemonen und ihre Nachbarn",
        "Dank": "Danke allen",
    }
    for line_start, on_the_page in expected.items():
        match = re.search(rf"^\s*{re.escape(line_start)}\s*\.+\s*(\d+)\s*$", contents, re.M)
        assert match, (line_start, contents)
        page = int(match.group(1))
        assert on_the_page in texts[page - 1], (line_start, page)
    assert re.search(r"^\s*3\. Demnächst\s*$", contents, re.M)  # a draft chapter: listed, no page number
    assert "Demnächst" not in "".join(texts[texts.index(contents) + 1 :])


def test_chapters_open_on_a_recto_under_their_own_running_head(book):
    texts = _page_texts(book / "output/pdf/de/guide.pdf")
    for title, first_line in [("Die Gezeiten lesen", "Das Meer steigt"), ("Was du mitnehmen solltest", "Trag Schuhe")]:
        number = next(n for n, text in enumerate(texts, 1) if first_line in text)
        assert number % 2 == 1, (title, number)  # a right-hand page
        assert title in texts[number - 1].strip().split("\n")[0]  # the running head names the chapter


def test_bookmarks_nest_parts_chapters_and_sub_chapters(book):
    reader = pypdf.PdfReader(book / "output/pdf/de/guide.pdf")

    def tree(outline):
        out = []
        for item in outline:
            if isinstance(item, list):
                out[-1] = (out[-1][0], tree(item))
            else:
                out.append((item.title, []))
        return out

    outline = dict(tree(reader.outline))
    assert "Bevor du losgehst" in outline and "Dank" in outline  # prefix and suffix chapters stand alone
    started = dict(outline["Erste Schritte"])
    assert list(started) == ["Die Gezeiten lesen", "Was du mitnehmen solltest"]
    assert [title for title, _ in started["Die Gezeiten lesen"]] == ["Gezeitentafeln"]
    assert [title for title, _ in outline["Leben in den Tümpeln"]] == ["Anemonen und ihre Nachbarn"]


def test_links_between_chapters_are_links_within_the_pdf(book):
    reader = pypdf.PdfReader(book / "output/pdf/de/guide.pdf")
    named = reader.named_destinations
    texts = _page_texts(book / "output/pdf/de/guide.pdf")
    found = {}
    for number, page in enumerate(reader.pages, 1):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A") or {}
            assert "/URI" not in action, action  # nothing leaves the document
            destination = annotation.get("/Dest") or action.get("/D")
            if destination is None:
                continue
            name = str(destination)
            assert name in named, name
            found.setdefault(name, reader.get_destination_page_number(named[name]) + 1)
    # The preface links "basics/tides.md#low-water": the heading in the tides chapter.
    assert "Niedrigwasser" in texts[found["c1--low-water"] - 1]
    assert "Trag Schuhe" in texts[found["c3--shoes"] - 1]
    assert "Gezeitentümpel sind" in texts[found["c0"] - 1]  # life.md's "back to the start"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.urls.append(value)
            if name == "id" and value:
                self.ids.add(value)


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_a_page_per_chapter_and_every_link_resolves(book):
    site = book / "output/html"
    pages = [site / language / "guide" / f"{name}.html" for language in ("en", "de", "ar") for name in CHAPTERS]
    assert all(page.is_file() for page in pages)
    checked = 0
    for page in pages + [site / "index.html"]:
        for url in _parse(page).urls:
            parsed = urlparse(url)
            if parsed.scheme in ("data", "https", "http"):
                continue
            target = (page.parent / unquote(parsed.path)).resolve() if parsed.path else page
            assert target.is_file(), (page, url)
            if parsed.fragment and target.suffix == ".html":
                assert parsed.fragment in _parse(target).ids, (page, url)
            checked += 1
    assert checked > 200


def test_links_between_chapters_go_to_the_right_page_and_anchor_in_every_language(book):
    for language in ("en", "de", "ar"):
        tides = (book / f"output/html/{language}/guide/basics/tides.html").read_text(encoding="utf-8")
        assert 'href="tables.html"' in tides and 'href="kit.html#shoes"' in tides
        preface = (book / f"output/html/{language}/guide/preface.html").read_text(encoding="utf-8")
        assert 'href="basics/tides.html#low-water"' in preface


def test_the_switcher_previous_and_next_stay_in_the_book(book):
    page = (book / "output/html/de/guide/basics/kit.html").read_text(encoding="utf-8")
    assert 'href="../../../ar/guide/basics/kit.html" hreflang="ar"' in page
    assert 'href="../../../en/guide/basics/kit.html" hreflang="en"' in page
    assert re.search(r'rel="prev" href="\.\./\.\./\.\./de/guide/basics/tables\.html">.*Gezeitentafeln', page)
    assert re.search(r'rel="next" href="\.\./\.\./\.\./de/guide/life\.html">.*Anemonen und ihre Nachbarn', page)
    assert 'aria-current="page"><span class="number">2.</span> Was du mitnehmen solltest' in page
    assert re.search(r'href="\.\./\.\./guide\.pdf" download="guide\.de\.pdf" type="application/pdf">[^<]*</a> <bdi class="size">\(PDF, \d+ kB\)', page)
    first = (book / "output/html/de/guide/preface.html").read_text(encoding="utf-8")
    assert 'rel="prev"' not in first
    last = (book / "output/html/de/guide/thanks.html").read_text(encoding="utf-8")
    assert 'rel="next"' not in last


def test_the_index_lists_the_book_by_title_in_each_language(book):
    index = (book / "output/html/index.html").read_text(encoding="utf-8")
    assert "A Field Guide to Tide Pools" in index and "Ein Naturführer zu Gezeitentümpeln" in index
    assert "دليل ميداني لبرك المد والجزر" in index
    assert 'href="de/guide/preface.html"' in index
    assert ">guide<" not in index


def test_the_arabic_edition_is_right_to_left_and_partial(book):
    page = (book / "output/html/ar/guide/basics/tides.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in page
    assert "يرتفع البحر" in page
    # an untranslated passage, marked as English, and for the reader (class "fallback")
    assert re.search(r'<p lang="en" dir="ltr"[^>]* class="fallback[^"]*">Go out an hour', page)


def test_one_changed_catalogue_rebuilds_only_its_language(book):
    def stamps():
        return {p: p.stat().st_mtime_ns for p in (book / "output").rglob("*") if p.is_file() and "/ar/" not in str(p)}

    before = stamps()
    path = book / "locales/ar/LC_MESSAGES/guide.po"
    po = polib.pofile(str(path))
    # "gratitude", in letters the Arabic pages show already: a new letter
    # would rightly make the site's Arabic font subsets again
    po.find("Thanks").msgstr = "امتنان"
    path.write_text(format_po(po), encoding="utf-8")
    report = build(load_project(book))
    assert not report.failures
    written = {p.relative_to(book).as_posix() for p in report.written}
    assert "output/pdf/ar/guide.pdf" in written and "output/html/ar/guide/thanks.html" in written
    assert not [p for p in written if "/de/" in p or "/en/" in p]
    after = stamps()
    changed = {p.relative_to(book).as_posix() for p in before if before[p] != after.get(p)}
    search = {p for p in changed if p.startswith("output/html/pagefind/")}  # the Arabic index, and the list of indexes
    assert all("/ar_" in p or ".ar_" in p or p.endswith("pagefind-entry.json") for p in search), search
    assert changed - search <= {"output/html/index.html", "output/html/assets/site.css"}


def test_nu_html_checker_finds_no_errors_in_the_book(book):
    from .render.test_web import VNU, _need_file

    java = need_tool("java")
    pages = [str(book / "output/html" / language / "guide" / f"{name}.html") for language in ("en", "de", "ar") for name in CHAPTERS]
    result = subprocess.run(
        [java, "-jar", str(_need_file(VNU)), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        check=False,
    )
    import json

    assert json.loads(result.stderr or result.stdout)["messages"] == []


@pytest.fixture(scope="module")
def book_server(book):
    with static_server(book / "output/html") as url:
        yield url


def test_search_finds_a_german_chapter_by_a_german_word(book_server, page):
    page.goto(book_server + "de/guide/preface.html")
    field = page.locator("#search input")
    field.wait_for(timeout=10_000)
    field.fill("Trinkwasser")
    result = page.locator(".pagefind-ui__result-link").first
    result.wait_for(timeout=10_000)
    assert result.get_attribute("href").endswith("/de/guide/basics/kit.html")
    assert "Was du mitnehmen solltest" in result.inner_text()
    links = [a.get_attribute("href") for a in page.locator(".pagefind-ui__result-link").all()]
    assert all("/de/" in link for link in links)  # the German index only
    assert page.console_errors == []


def test_a_page_opened_as_a_file_shows_no_search_and_no_error(book, page):
    page.goto((book / "output/html/de/guide/preface.html").as_uri())
    page.wait_for_load_state("load")
    assert page.locator("#search input").count() == 0
    assert page.console_errors == []


@pytest.mark.parametrize("name", ["de/guide/basics/kit.html", "ar/guide/basics/tides.html", "en/guide/preface.html"])
def test_axe_finds_no_violations_in_the_book(book_server, page, name):
    from .render.test_web import load_axe

    page.goto(book_server + name)
    page.locator("#search input").wait_for(timeout=10_000)
    load_axe(page)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
    assert violations == []
    assert page.console_errors == []


def test_the_chapters_are_a_sidebar_on_a_desktop_and_fold_away_on_a_phone(book_server, browser, tmp_path):
    for width, height in ((1280, 900), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.goto(book_server + "de/guide/basics/kit.html")
        nav = page.locator(".book-nav").bounding_box()
        text = page.locator("main").bounding_box()
        page.screenshot(path=str(tmp_path / f"kit-{width}.png"), full_page=True)
        if width > 1000:
            assert nav["x"] + nav["width"] <= text["x"] and abs(nav["y"] - text["y"]) < 50  # side by side
        else:
            assert nav["y"] + nav["height"] <= text["y"] and nav["width"] <= width  # above, within the screen
            page.locator(".book-nav summary").click()  # folds away
            assert page.locator(".book-nav li").first.is_hidden()
            page.locator(".book-nav summary").click()
            page.locator(".book-nav a", has_text="Anemonen").click()
            page.wait_for_url("**/de/guide/life.html")
        context.close()


def test_status_and_check_report_the_book_as_one_catalogue():
    import json
    import sys

    def run(*command: str) -> str:
        return subprocess.run([sys.executable, "-m", "pipeline", "--project", str(FIXTURE), *command], capture_output=True, text=True, check=False).stdout

    rows = {(row["document"], row["language"]): row for row in json.loads(run("status", "--json"))}
    assert rows[("guide", "de")]["percent"] == 100
    assert rows[("guide", "ar")]["translated"] == 8 and rows[("guide", "ar")]["untranslated"] == 17
    findings = json.loads(run("check", "--json"))
    findings = findings["findings"] if isinstance(findings, dict) else findings
    assert not [f for f in findings if f["severity"] == "error"]
    assert {f["path"] for f in findings} == {"locales/ar/LC_MESSAGES/guide.po"}  # the untranslated warnings


def test_code_reads_left_to_right_and_hidden_lines_stay_hidden(book):
    page = (book / "output/html/ar/guide/basics/tables.html").read_text(encoding="utf-8")
    assert '<span dir="ltr"><code dir="ltr">tides --today</code></span>' in page  # the translator's mark, kept as HTML
    assert (
        '<pre dir="ltr"><code dir="ltr" class="language-rust"><span class="k">let</span> today = tides::today();\n'
        '<span class="nf">println!</span>(<span class="s">&quot;{today}&quot;</span>);\n</code></pre>'
    ) in page  # highlighted (render.highlight)
    # one main: the included program's (tide.rs), not the hidden line's of the block above
    assert page.count('<span class="k">fn</span> <span class="nf">main</span>()') == 1
    texts = _page_texts(book / "output/pdf/ar/guide.pdf")
    chapter = next(text for text in texts if "tides::today" in text)
    assert "let today = tides::today();" in chapter and 'println!("{today}");' in chapter
    assert "tides --today" in chapter
