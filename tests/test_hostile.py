"""Hostile translations and oversized inputs: harmless in HTML and PDF, or refused with one clear line."""
from __future__ import annotations

import http.server
import threading

import polib
import pytest

from pipeline.build import build
from pipeline.catalog.pofile import format_po
from pipeline.catalog.read import parse_po
from pipeline.config import load_project
from pipeline.errors import CatalogError, SourceError
from pipeline.source import read_document
from pipeline.update import init

from .conftest import run_tool

SOURCE = "A paragraph with [a link](https://example.org/page) and a figure: 147.\n\nSecond paragraph.\n"


@pytest.fixture
def trap():
    """A local HTTP server that counts every request: nothing may reach it."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


def _translate(root, msgstr: str, *, entry: str = "Second paragraph.") -> None:
    path = root / "locales/de/LC_MESSAGES/a.po"
    po = polib.pofile(str(path))
    po.find(entry).msgstr = msgstr
    path.write_text(format_po(po), encoding="utf-8")


HOSTILE = [
    "<script>fetch('{trap}/script')</script>Zweiter Absatz.",
    '<img src="{trap}/img.png" onerror="alert(1)">Zweiter Absatz.',
    "[klick]({trap}/link) Zweiter Absatz.",
    "![spion]({trap}/tracker.png) Zweiter Absatz.",
    "![passwd](file:///etc/passwd) Zweiter Absatz.",
    "![weg](../../../../etc/passwd) Zweiter Absatz.",
    '<iframe src="{trap}/frame"></iframe> Zweiter Absatz.',
    '<link rel="stylesheet" href="{trap}/style.css"><style>@import "{trap}/x.css";</style> Zweiter Absatz.',
    "[js](javascript:alert(1)) Zweiter Absatz.",
]


@pytest.mark.parametrize("template", HOSTILE)
def test_hostile_translation_is_inert_in_html_and_pdf(make_project, trap, template):
    url, hits = trap
    root = make_project({"source/a.md": SOURCE})
    project = load_project(root)
    init(project, ["de"])
    _translate(root, template.format(trap=url))
    report = build(project, languages=["de"], formats=["html", "pdf"], force=True)
    assert not report.failures, [str(f) for f in report.failures]
    html = (root / "output/html/de/a.html").read_text(encoding="utf-8")
    body = html.split('<article class="text">', 1)[1].split("</article>", 1)[0]
    for tag in ("<script", "<img", "<iframe", "<link", "<style", 'href="javascript:', 'href="http://127.0.0.1'):
        assert tag not in body, f"{tag} reached the page"
    text = " ".join(run_tool("pdftotext", str(root / "output/pdf/de/a.pdf"), "-").stdout.split())
    assert "Zweiter Absatz." in text
    assert "root:" not in text  # no /etc/passwd
    assert hits == [], f"the renderer fetched {hits}"


def test_bidi_override_in_a_translation_is_an_error(make_project):
    root = make_project({"source/a.md": SOURCE})
    project = load_project(root)
    init(project, ["de"])
    entry = "A paragraph with [a link](https://example.org/page) and a figure: 147."
    _translate(root, "Ein Absatz mit [einem Link](https://example.org/page), Zahl: \u202e741\u202c.", entry=entry)
    report = build(project, languages=["de"], formats=["html"])
    assert len(report.failures) == 1 and "de not published" in str(report.failures[0])
    from pipeline.qa import check_language

    found = [str(f) for f in check_language(project, "de") if f.finding.check == "bidi"]
    assert found and "error [bidi]" in found[0] and "U+202E" in found[0]


def test_ten_megabyte_string_is_refused():
    big = "x" * (10 * 1024 * 1024)
    data = f'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "{big}"\n'.encode()
    with pytest.raises(CatalogError, match=r"^x.po:5: a string of more than 1024 K characters"):
        parse_po(data, "x.po")


def test_oversized_source_is_refused(tmp_path):
    source = tmp_path / "huge.md"
    source.write_bytes(b"word " * (2 * 1024 * 1024))
    with pytest.raises(SourceError, match=r"^source/huge.md: too large \(10 MB; the limit is 8 MB\)"):
        read_document(source, relative="source/huge.md")


def test_hundred_thousand_entries_are_handled(tmp_path):
    import resource
    import time

    entries = "".join(f'msgid "message number {n}"\nmsgstr "Nachricht Nummer {n}"\n\n' for n in range(100_000))
    data = ('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n' + entries).encode()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    po = parse_po(data, "big.po")
    assert len(po) == 100_000
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 400, f"reading 100,000 entries took {grown_mb:.0f} MB"
    print(f"100,000 entries read in {time.perf_counter() - start:.1f} s, +{grown_mb:.0f} MB")


def _with_template_strings(make_project, translate):
    """A project whose German templates' strings ``translate`` sets."""
    root = make_project({"source/a.md": SOURCE})
    project = load_project(root)
    init(project, ["de"])
    path = root / "locales/de/LC_MESSAGES/templates.po"
    po = polib.pofile(str(path))
    translate(po)
    path.write_text(format_po(po), encoding="utf-8")
    return root, project


def test_hostile_page_label_stays_text(make_project, trap):
    # The templates' strings are translations too: "Page" reaches the booklet
    # through an HTML attribute and CSS string-set, never as markup or CSS.
    url, hits = trap

    def translate(po: polib.POFile) -> None:
        po.find("Page").msgstr = f'Seite"><style>@import "{url}/x.css";</style><img src="{url}/i.png">'

    root, project = _with_template_strings(make_project, translate)
    captured: list[str] = []
    import pipeline.build as build_module

    original = build_module._Renderer.submit
    build_module._Renderer.submit = lambda self, entry: (captured.append(entry[3].html), original(self, entry))[1]
    try:
        report = build(project, languages=["de"], formats=["pdf"], force=True)
    finally:
        build_module._Renderer.submit = original
    assert not report.failures, [str(f) for f in report.failures]
    (html,) = captured
    assert html.count("<style>") == 1 and "<img" not in html  # escaped in the attribute
    text = run_tool("pdftotext", str(root / "output/pdf/de/a.pdf"), "-").stdout
    assert 'Seite"><style>' in text  # the label, as text, in the page footer
    assert hits == [], f"the renderer fetched {hits}"


def test_hostile_template_strings_are_escaped_on_every_page(make_project, trap):
    # Jinja's own gettext marks translations safe; ours escapes them.
    url, hits = trap

    def translate(po: polib.POFile) -> None:
        for number, entry in enumerate(e for e in po if e.msgid):
            if number % 2:  # and a stray "%" where the template formats the string: the source is shown
                entry.msgstr = "100% <b>kaputt</b>"
            else:
                entry.msgstr = f'<script>fetch("{url}/t")</script><img src="{url}/i.png">X'

    root, project = _with_template_strings(make_project, translate)
    report = build(project, languages=["de"], formats=["html", "pdf"], force=True)
    assert not report.failures, [str(f) for f in report.failures]
    for page in (root / "output/html").glob("**/*.html"):
        html = page.read_text(encoding="utf-8")
        for tag in ("<script", "<img src=\"http", "<b>kaputt"):
            assert tag not in html, f"{tag} reached {page.name}"
    assert "&lt;script&gt;" in (root / "output/html/de/a.html").read_text(encoding="utf-8")
    assert hits == [], f"the renderer fetched {hits}"
