"""The booklet as a reader and a publisher see it (booklet.html.j2, booklet.css):
front and back matter from the publication's metadata, nothing left as a
placeholder, the text opening on a recto, typography by language, passages
left in the original marked. Read back from the PDFs with poppler."""
from __future__ import annotations

import re

import polib
import pytest

from pipeline.build import build
from pipeline.catalog.pofile import format_po
from pipeline.config import load_project
from pipeline.errors import ConfigError, SourceError
from pipeline.init import init

from ..conftest import REPO, run_tool

SOURCE = """---
title: The Harbour
subtitle: A walk along the quays
author: Mira Quell
publisher: Tidewater Press
place: Portsmouth
edition: First edition
rights: "© 2026 Tidewater Press. All rights reserved."
isbn: {en: "978-3-16-148410-0", de: "978-0-306-40615-7"}
source: The harbour master's log, 1911
acknowledgements: With thanks to the pilots of the outer roads.
---

The "old" quay is the town's first.

Boats leave at 6 - and return at dusk. The harbour's 12 cranes stand idle.

A paragraph nobody has translated yet.

Another one, also in English.
"""

GERMAN = {
    "The Harbour": "Der Hafen",
    "A walk along the quays": "Ein Gang über die Kais",
    "First edition": "Erste Auflage",
    "Portsmouth": "Portsmouth",
    "© 2026 Tidewater Press. All rights reserved.": "© 2026 Tidewater Press. Alle Rechte vorbehalten.",
    "The harbour master's log, 1911": "Das Logbuch des Hafenmeisters, 1911",
    "With thanks to the pilots of the outer roads.": "Mit Dank an die Lotsen der Außenreede.",
    'The "old" quay is the town\'s first.': 'Der "alte" Kai ist der erste der Stadt.',
    "Boats leave at 6 - and return at dusk. The harbour's 12 cranes stand idle.": (
        "Die Boote fahren um 6 - und kehren in der Dämmerung zurück. Die 12 Kräne des Hafens stehen still."
    ),
}


def german_templates(root) -> None:
    """The project's German template strings, as the publication's catalogue translates them."""
    ours = {e.msgid: e.msgstr for e in polib.pofile(str(REPO / "locales/de/LC_MESSAGES/templates.po")) if e.msgstr}
    path = root / "locales/de/LC_MESSAGES/templates.po"
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = ours.get(entry.msgid, entry.msgstr)
    path.write_text(format_po(po), encoding="utf-8")


def _pages(pdf) -> list[str]:
    return run_tool("pdftotext", "-layout", str(pdf), "-").stdout.split("\f")[:-1]


@pytest.fixture(scope="module")
def harbour(tmp_path_factory):
    root = tmp_path_factory.mktemp("harbour")
    (root / "source").mkdir()
    (root / "source/harbour.md").write_text(SOURCE, encoding="utf-8")
    (root / "pyproject.toml").write_text(
        '[project]\nname = "harbour"\n\n[tool.booklet]\nlanguages = ["de"]\nformats = ["html", "pdf"]\n\n'
        '[tool.booklet.publication]\ntranslators = { de = "Jan Reeder" }\n',
        encoding="utf-8",
    )
    project = load_project(root)
    init(project, ["de"])
    path = root / "locales/de/LC_MESSAGES/harbour.po"
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = GERMAN.get(entry.msgid, entry.msgstr)
    po.metadata["Last-Translator"] = "Someone Else <someone@example.org>"
    path.write_text(format_po(po), encoding="utf-8")
    german_templates(root)
    report = build(project)
    assert not report.failures, [str(f) for f in report.failures]
    return root


def test_cover_title_page_and_imprint_say_what_the_metadata_says(harbour):
    pages = _pages(harbour / "output/pdf/de/harbour.pdf")
    cover, inside, title, imprint = pages[:4]
    for shown in ("Mira Quell", "Der Hafen", "Ein Gang über die Kais", "Tidewater Press"):
        assert shown in cover and shown in title
    assert inside.strip() == ""  # the cover's verso is blank
    assert "Portsmouth" in title
    flat = " ".join(imprint.split())
    for shown in (
        "Originaltitel: The Harbour",
        "Originalsprache: Englisch",
        "Übersetzung: Jan Reeder",  # the configuration's credit, not the catalogue's Last-Translator
        "Quelle: Das Logbuch des Hafenmeisters, 1911",
        "Mit Dank an die Lotsen der Außenreede.",
        "Erste Auflage",
        "Tidewater Press, Portsmouth",
        "© 2026 Tidewater Press. Alle Rechte vorbehalten.",
        "ISBN 978-0-306-40615-7",  # German's own ISBN
    ):
        assert shown in flat, shown
    assert "Someone Else" not in flat and "%" not in flat
    english = " ".join(_pages(harbour / "output/pdf/en/harbour.pdf")[3].split())
    assert "ISBN 978-3-16-148410-0" in english and "Originaltitel" not in english and "Original title" not in english


def test_text_opens_on_a_recto_under_its_title_without_a_running_head(harbour):
    pages = _pages(harbour / "output/pdf/de/harbour.pdf")
    opening = pages[4]  # page 5: a right-hand page
    lines = [line.strip() for line in opening.splitlines() if line.strip()]
    assert lines[0] == "Der Hafen"  # the opening title, not a running head above it
    assert lines[-1] == "5"  # the folio


def test_back_cover_is_the_last_page_and_a_verso(harbour):
    pages = _pages(harbour / "output/pdf/de/harbour.pdf")
    assert len(pages) % 2 == 0
    assert "ISBN 978-0-306-40615-7" in pages[-1] and "Tidewater Press" in pages[-1]


def test_nothing_unset_reaches_a_reader(make_project):
    root = make_project({"source/a.md": "---\ntitle: Plain\n---\n\nSome text.\n\nMore text.\n"})
    project = load_project(root)
    init(project, ["de"])
    path = root / "locales/de/LC_MESSAGES/a.po"
    po = polib.pofile(str(path))
    po.find("Some text.").msgstr = "Etwas Text."
    po.metadata["Last-Translator"] = "FULL NAME <EMAIL@ADDRESS>"
    path.write_text(format_po(po), encoding="utf-8")
    german_templates(root)
    assert not build(project, formats=["pdf"]).failures
    text = run_tool("pdftotext", str(root / "output/pdf/de/a.pdf"), "-").stdout
    for placeholder in ("ISBN", "Übersetzung:", "FULL NAME", "%", "Quelle", "Colophon", "None"):
        assert placeholder not in text, placeholder


def test_a_draft_says_so_and_how_complete_it_is(make_project):
    root = make_project({"source/a.md": "First.\n\nSecond.\n"}, extra="min-completion = 90\n")
    project = load_project(root)
    init(project, ["de"])
    german_templates(root)
    assert not build(project, formats=["html", "pdf"]).failures
    text = " ".join(run_tool("pdftotext", str(root / "output/pdf/de/a.pdf"), "-").stdout.split())
    assert "Entwurf" in text and "0 % übersetzt" in text
    index = (root / "output/html/index.html").read_text(encoding="utf-8")
    assert "Entwurf" in index and "übersetzt" in index


def test_a_complete_edition_shows_no_completion(harbour):
    index = (harbour / "output/html/index.html").read_text(encoding="utf-8")
    assert "% translated" not in index and "übersetzt" not in index


def test_typography_is_set_by_language_and_fallbacks_by_theirs(harbour):
    text = run_tool("pdftotext", str(harbour / "output/pdf/de/harbour.pdf"), "-").stdout
    assert "Der \u201ealte\u201c Kai" in text  # German quotes
    assert "um 6\u00a0\u2013 und" in text.replace(" \u2013", "\u00a0\u2013") or "um 6 \u2013 und" in text
    assert "12\u00a0Kräne" in (harbour / "output/html/de/harbour.html").read_text(encoding="utf-8")
    english = (harbour / "output/html/en/harbour.html").read_text(encoding="utf-8")
    assert "The \u201cold\u201d quay is the town\u2019s first." in english
    # the catalogues keep what the translator typed
    assert 'Der \\"alte\\" Kai' in (harbour / "locales/de/LC_MESSAGES/harbour.po").read_text(encoding="utf-8")


def test_passages_left_in_the_original_are_marked(harbour):
    html = (harbour / "output/html/de/harbour.html").read_text(encoding="utf-8")
    marked = re.findall(r'<p lang="en"([^>]*)>', html)
    # the label names the passage's language in the reader's (the templates catalogue's %(language)s)
    label = "Originaltext (Englisch), noch nicht übersetzt"
    assert marked == [f' data-label="{label}" class="fallback fallback-start"', ' class="fallback"']
    text = " ".join(run_tool("pdftotext", str(harbour / "output/pdf/de/harbour.pdf"), "-").stdout.split())
    assert text.count(label) == 1
    assert f"{label} A paragraph nobody has translated yet." in text


def test_one_entry_can_switch_typography_off(make_project):
    root = make_project({"source/a.md": 'Say "yes".\n\nSay "no".\n', "source/b.md": '---\ntypography: false\n---\n\nSay "yes".\n'})
    project = load_project(root)
    init(project, ["de"])
    path = root / "locales/de/LC_MESSAGES/a.po"
    po = polib.pofile(str(path))
    po.find('Say "yes".').msgstr = 'Sag "ja".'
    entry = po.find('Say "no".')
    entry.msgstr = 'Sag "nein".'
    entry.tcomment = "booklet: no-typography"  # a comment: GNU's tools would drop an unknown flag
    path.write_text(format_po(po), encoding="utf-8")
    assert not build(project, formats=["html"]).failures
    html = (root / "output/html/de/a.html").read_text(encoding="utf-8")
    assert "Sag \u201eja\u201c." in html and "Sag &quot;nein&quot;." in html
    assert "Say &quot;yes&quot;." in (root / "output/html/en/b.html").read_text(encoding="utf-8")  # typography: false
    assert "Say \u201cyes\u201d." in (root / "output/html/en/a.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ('isbn: "978-3-16-148410-1"', r"source/a.md:2: front matter: isbn: '978-3-16-148410-1' \(\*\) is not a valid ISBN"),
        ("isbn: {de: 12}", r"source/a.md:2: front matter: isbn: 12 \(de\) is not a valid ISBN"),
        ("typography: no thanks", r"source/a.md:2: front matter: typography must be true or false"),
        ("rights: [a, b]", r"source/a.md:2: front matter: rights must be a one-line text"),
    ],
)
def test_bad_metadata_names_file_and_line(make_project, front, message):
    root = make_project({"source/a.md": f"---\n{front}\n---\n\nText.\n"})
    with pytest.raises(SourceError, match=message):
        build(load_project(root))


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('isbn = "0-306-40615-3"', "not a valid ISBN"),
        ('translators = { fr = "X" }', "'fr' is not one of the languages"),
        ('publisher = ["a"]', "publisher must be one line of text"),
        ('pubisher = "a"', "'pubisher' is not one of author, publisher, isbn, translators"),
    ],
)
def test_bad_publication_settings_are_configuration_errors(make_project, table, message):
    root = make_project({"source/a.md": "Text.\n"}, extra=f"\n[tool.booklet.publication]\n{table}\n")
    with pytest.raises(ConfigError, match=message):
        load_project(root)


def off_grid(pdf, opening: int) -> dict[str, list]:
    """The text's lines that are off its baseline grid (``off``), the
    pages from ``opening`` on (the text's first page: the contents before it
    are set on their own) that have lines of text (``pages``), and the bottom of
    each one's first line (``first``), read with pdftotext
    -bbox-layout: the lines of the body's height (the commonest on the pages
    after the front matter), their bottom edges; the pitch is the median
    step between two of them on a page."""
    from collections import Counter
    from statistics import median

    out = run_tool("pdftotext", "-bbox-layout", str(pdf), "-").stdout
    boxes = re.compile(r'<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">')
    pages = [[(float(top), float(bottom)) for top, bottom in boxes.findall(page)] for page in out.split("<page ")[1:]]
    height = Counter(round(bottom - top, 2) for page in pages[4:-1] for top, bottom in page).most_common(1)[0][0]
    body = {n: [bottom for top, bottom in page if round(bottom - top, 2) == height] for n, page in enumerate(pages, 1)}
    body = {n: lines for n, lines in body.items() if len(lines) > 1 and n >= opening}
    pitch = median(b - a for lines in body.values() for a, b in zip(lines, lines[1:]))
    reference = body[min(body)][0]
    off = []
    for number, lines in body.items():
        for line in lines:
            shift = (line - reference) % pitch
            if min(shift, pitch - shift) >= 0.05:
                off.append(f"page {number}: a line {shift:.2f} pt off the grid of {pitch:.3f} pt")
    return {"off": off, "pages": sorted(body), "first": {number: lines[0] for number, lines in body.items()}}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_headings_lists_and_quotations_keep_the_baseline_grid(make_project, language):
    """What stands between lines of text takes whole lines (booklet.css, in
    rlh): a heading on one line and on two, a list, a nested list, a
    quotation and a code block, across three pages, in Latin and in Arabic (its own grid)."""
    words = "word " * 60 if language == "en" else "كلمة " * 50
    blocks = [words] * 3 + ["## A heading", words, "- an item\n- another item\n  - a nested one", words]
    blocks += ["> " + words, "### A heading long enough to run onto a second line of the page", words] * 2
    blocks += ["```\nfn main() {\n    println!(\"tide\");\n}\n```", words] + [words] * 5
    root = make_project({"source/a.md": "---\ntitle: Grid\n---\n\n" + "\n\n".join(blocks) + "\n"}, languages=(), extra=f'source-language = "{language}"\n')
    project = load_project(root)
    assert not build(project, formats=["pdf"]).failures
    body = off_grid(root / "output/pdf" / language / "a.pdf", opening=7)  # after the contents, on 5
    assert body["off"] == []
    assert body["pages"][0] == 7 and len(body["pages"]) >= 3, body
