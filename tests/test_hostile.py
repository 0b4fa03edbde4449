"""Hostile translations and oversized inputs: harmless in HTML and PDF, or refused with one clear line."""
from __future__ import annotations

import http.server
import re
import threading

import polib
import pytest

from pipeline.build import build
from pipeline.catalog.pofile import format_po
from pipeline.catalog.pofile import parse_po
from pipeline.config import load_project
from pipeline.errors import CatalogError, SourceError
from pipeline.source import read_document
from pipeline.init import init

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


def _translate(root, msgstr: str, *, entry: str = "Second paragraph.", comment: str | None = None) -> None:
    path = root / "locales/de/LC_MESSAGES/a.po"
    po = polib.pofile(str(path))
    po.find(entry).msgstr = msgstr
    if comment is not None:
        po.find(entry).tcomment = comment
    path.write_text(format_po(po), encoding="utf-8")


def _german(make_project):
    """The hostile tests' project, with its German catalogues made."""
    root = make_project({"source/a.md": SOURCE})
    project = load_project(root)
    init(project, ["de"])
    return root, project


def _errors(project) -> list[str]:
    """The checks that report an error in the German catalogues."""
    from pipeline.check import check_language

    return [f.finding.check for f in check_language(project, "de") if f.finding.severity == "error"]


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
    root, project = _german(make_project)
    _translate(root, template.format(trap=url))
    report = build(project, languages=["de"], formats=["html", "pdf"], force=True)
    assert not report.failures, [str(f) for f in report.failures]
    html = (root / "output/html/de/a.html").read_text(encoding="utf-8")
    body = html.split('<article class="text">', 1)[1].split("</article>", 1)[0]
    for tag in ("<script", "<img", "<iframe", "<link", "<style", 'href="javascript:', 'href="http://127.0.0.1'):
        assert tag not in body, f"{tag} reached the page"
    text = " ".join(run_tool("pdftotext", str(root / "output/pdf/de/a.pdf"), "-").stdout.split())
    assert "Zweiter Absatz." in text.replace("\u2010 ", "")  # hyphenated at a line end, maybe
    assert "root:" not in text  # no /etc/passwd
    assert hits == [], f"the renderer fetched {hits}"


def test_bidi_override_in_a_translation_is_an_error(make_project):
    root, project = _german(make_project)
    entry = "A paragraph with [a link](https://example.org/page) and a figure: 147."
    _translate(root, "Ein Absatz mit [einem Link](https://example.org/page), Zahl: \u202e741\u202c.", entry=entry)
    report = build(project, languages=["de"], formats=["html"])
    assert len(report.failures) == 1 and "de not published" in str(report.failures[0])
    from pipeline.check import check_language

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
    root, project = _german(make_project)
    path = root / "locales/de/LC_MESSAGES/templates.po"
    po = polib.pofile(str(path))
    translate(po)
    path.write_text(format_po(po), encoding="utf-8")
    return root, project


def test_hostile_passage_label_stays_text(make_project, trap):
    # The templates' strings are translations too: the label of a passage
    # left in the original reaches the booklet through an HTML attribute and
    # CSS attr(), never as markup or CSS.
    url, hits = trap

    def translate(po: polib.POFile) -> None:
        po.find("Original text (%(language)s), not yet translated").msgstr = f'Seite %(language)s"><style>@import "{url}/x.css";</style><img src="{url}/i.png">'

    root, project = _with_template_strings(make_project, translate)
    captured: list[str] = []
    import pipeline.build as build_module
    from pipeline.render.pool import RenderPool

    original = RenderPool.submit
    RenderPool.submit = lambda self, entry: (captured.append(entry[3].html), original(self, entry))[1]
    try:
        report = build(project, languages=["de"], formats=["pdf"], force=True)
    finally:
        RenderPool.submit = original
    assert not report.failures, [str(f) for f in report.failures]
    (html,) = captured
    assert html.count("<style>") == 1 and "<img" not in html  # escaped in the attribute
    text = run_tool("pdftotext", str(root / "output/pdf/de/a.pdf"), "-").stdout
    assert 'Seite Englisch"><style>' in text  # the label, as text, above the passage
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
        # The site's own scripts (the search box) aside, no script at all.
        html = re.sub(r'<script src="(\.\./)+(pagefind/pagefind-ui|assets/search)\.js" defer></script>', "", page.read_text(encoding="utf-8"))
        for tag in ("<script", "<img src=\"http", "<b>kaputt"):
            assert tag not in html, f"{tag} reached {page.name}"
    assert "&lt;script&gt;" in (root / "output/html/de/a.html").read_text(encoding="utf-8")
    assert hits == [], f"the renderer fetched {hits}"


# --- the red-team findings of the hostile-translation review (F1, F2, F10) ---

FIGURE_ENTRY = "A paragraph with [a link](https://example.org/page) and a figure: 147."


@pytest.mark.parametrize(
    "disguise",
    ["&#x202E;147&#x202C;", "&#8238;147&#8236;", "\u202e147\u202c", "&#X202e;147&#x202c;"],
    ids=["hex reference", "decimal reference", "raw character", "upper-case reference"],
)
def test_a_reordering_control_is_an_error_however_it_is_written(make_project, disguise):
    """F1: the digits are stored as the source has them (the figures check passes), but
    "&#x202E;147&#x202C;" displays as 741."""
    root, project = _german(make_project)
    _translate(root, f"Ein Absatz mit [einem Link](https://example.org/page), Zahl: {disguise}.", entry=FIGURE_ENTRY)
    assert _errors(project) == ["bidi"]
    report = build(project, languages=["de"], formats=["html"])
    assert len(report.failures) == 1 and "de not published" in str(report.failures[0])


def test_isolates_that_right_to_left_text_needs_are_allowed_when_balanced(make_project):
    root, project = _german(make_project)
    _translate(root, "Ein Absatz mit [einem Link](https://example.org/page), Zahl: \u2066147\u2069.", entry=FIGURE_ENTRY)
    assert _errors(project) == []
    _translate(root, "Ein Absatz mit [einem Link](https://example.org/page), Zahl: \u2067147.", entry=FIGURE_ENTRY)
    assert _errors(project) == ["bidi"]


def test_a_catalogue_comment_cannot_silence_an_error_but_a_reviewer_can(make_project):
    """F2: '# booklet: ignore figures' in a delivered file no longer publishes a changed figure."""
    from pipeline.check import check_language

    root, project = _german(make_project)
    translation = "Ein Absatz mit [einem Link](https://example.org/page), Zahl: {}."
    _translate(root, translation.format(174), entry=FIGURE_ENTRY, comment="booklet: ignore figures, markup, format, bidi")
    errors = [f for f in check_language(project, "de") if f.finding.severity == "error"]
    assert [f.finding.check for f in errors] == ["figures", "figures"]
    assert "cannot silence" in errors[0].finding.message
    assert build(project, languages=["de"], formats=["html"]).failures
    key = errors[0].as_dict()["key"]
    assert key.startswith("figures:") and str(errors[0]).endswith(f"(review key: {key})")
    # The reviewer's word, in the project's configuration, for this translation only.
    config = root / "pyproject.toml"
    config.write_text(config.read_text(encoding="utf-8") + f'\n[tool.booklet.reviewed]\nde = ["{key}"]\n', encoding="utf-8")
    project = load_project(root)
    assert _errors(project) == []
    # The translation changes after the review: checked again.
    _translate(root, translation.format(175), entry=FIGURE_ENTRY)
    assert _errors(project) == ["figures"] * 2


def test_a_comment_still_silences_a_warning(make_project):
    from pipeline.check import check_language

    root, project = _german(make_project)
    _translate(root, "Zweiter Absatz", comment="booklet: ignore punctuation")
    assert "punctuation" not in {f.finding.check for f in check_language(project, "de")}


@pytest.mark.parametrize("control", ["\x1b[31m", "\x07", "\x7f", "\x00", "\x85"])
def test_control_characters_are_an_error_and_never_reach_the_terminal(make_project, control):
    """F10: ESC, BEL, NUL in a translation: an error, printed escaped."""
    import io

    from pipeline.cli import main

    root, project = _german(make_project)
    path = root / "locales/de/LC_MESSAGES/a.po"
    text = path.read_text(encoding="utf-8")
    # Written into the file directly: polib would escape some of them.
    text = text.replace('msgid "Second paragraph."\nmsgstr ""', f'msgid "Second paragraph."\nmsgstr "Zweiter{control} Absatz."')
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = main(["--project", str(root), "check"], stdout=out, stderr=err)
    assert code == 1, out.getvalue()
    assert not any(c in out.getvalue() + err.getvalue() for c in "\x00\x1b\x07\x7f\x85")
    assert "error [control]" in out.getvalue()  # NEL too: GNU reads it as a character, not a line end


def test_reviewed_overrides_are_validated(make_project):
    from pipeline.errors import ConfigError

    root = make_project({"source/a.md": SOURCE}, extra='\n[tool.booklet.reviewed]\nde = ["length:0123456789ab"]\n')
    with pytest.raises(ConfigError, match=r"reviewed: 'length:0123456789ab' is not check:key"):
        load_project(root)


def test_css_string_escapes_everything_that_could_leave_the_string_or_the_style_element():
    """F3: a label put into CSS by a template cannot close </style> and add a <link>."""
    from html.parser import HTMLParser

    from pipeline.render.jinja import environment

    hostile = ['</style><link rel=attachment href=../.env><style>', '"; } body { display: none', "\\", "a\nb", "\x1b"]
    template = environment(None).from_string("<style>p::after { content: {{ value|css_string }}; }</style><p>x</p>")
    for value in hostile:
        page = template.render(value=value)
        tags: list[str] = []

        class Tags(HTMLParser):
            def handle_starttag(self, tag, attrs):
                tags.append(tag)

        Tags().feed(page)
        assert tags == ["style", "p"], (value, page)
        assert page.count('"') == 2 and "\x1b" not in page and "\n" not in page


def test_no_project_file_reaches_the_pdf_even_from_a_template(make_project):
    """F3: the renderer reads media, templates and fonts, never .env, locales/ or
    pyproject.toml, and writes no attachment whatever the HTML asks."""
    from pypdf import PdfReader

    from pipeline.render.jinja import BUILTIN_TEMPLATES

    root = make_project({"source/a.md": SOURCE, ".env": "SECRET=hunter2\n", "source/notes.txt": "SECRET=swordfish\n"})
    booklet = (BUILTIN_TEMPLATES / "booklet.html.j2").read_text(encoding="utf-8")
    links = "".join(
        f'<link rel="attachment" href="{target}"><img src="{target}" alt="">'
        for target in ("../.env", "../pyproject.toml", "../locales/de/LC_MESSAGES/a.po", "../.git/config")
    )
    (root / "templates").mkdir()
    # a file below source/ is one the renderer may read: as a page's attachment it would be published
    body_link = '<a rel="attachment" href="notes.txt">notes</a>'
    hostile = booklet.replace("</head>", links + "</head>", 1).replace("</body>", body_link + "</body>", 1)
    assert body_link in hostile
    (root / "templates/booklet.html.j2").write_text(hostile, encoding="utf-8")
    project = load_project(root)
    init(project, ["de"])
    report = build(project, languages=["en"], formats=["pdf"])
    assert not report.failures, [str(f) for f in report.failures]
    reader = PdfReader(str(root / "output/pdf/en/a.pdf"))
    assert dict(reader.attachments) == {}
    annotations = [a.get_object() for page in reader.pages for a in page.get("/Annots", [])]
    assert not [a for a in annotations if a.get("/Subtype") == "/FileAttachment"]
    data = (root / "output/pdf/en/a.pdf").read_bytes()
    assert b"hunter2" not in data and b"swordfish" not in data


def test_a_padded_placeholder_cannot_blow_up_a_page(make_project):
    """F2: '%(percent)100000000s' passed the format check by comment; now it is an error no
    comment silences, and even published with --force the page uses the source's own spec."""
    def translate(po: polib.POFile) -> None:
        entry = po.find("%(percent)s%% translated")
        entry.msgstr = "%(percent)100000000s%% übersetzt"
        entry.tcomment = "booklet: ignore format"

    root, project = _with_template_strings(make_project, translate)
    from pipeline.check import check_language

    assert "format" in {f.finding.check for f in check_language(project, "de") if f.finding.severity == "error"}
    report = build(project, languages=["de"], formats=["html", "pdf"], force=True)
    assert not report.failures, [str(f) for f in report.failures]
    assert (root / "output/html/de/a.html").stat().st_size < 200_000


def test_a_long_run_of_spaces_reaches_no_renderer(make_project):
    """F4: 400,000 spaces in one msgstr made the PDF build take minutes (quadratic line
    breaking); the run collapses to one space, as a reader would see it anyway."""
    root, project = _german(make_project)
    path = root / "locales/de/LC_MESSAGES/a.po"  # written as is: booklet's own writer is slow on such a run (see the note)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('msgid "Second paragraph."\nmsgstr ""', 'msgid "Second paragraph."\nmsgstr "Zweiter' + " " * 400_000 + 'Absatz."'), encoding="utf-8")
    from pipeline.inputs import load_catalogs, load_documents
    from pipeline.translate import translate_document

    catalogs = load_catalogs(project, "de", ["a"])
    (document,) = load_documents(project)
    edition = translate_document(document, catalogs.lookup("a"), language="de", source_language="en", rtl={})
    assert "Zweiter Absatz." in edition.body and "  " not in edition.body


def test_control_characters_never_reach_a_title(make_project):
    """F10: a title with ESC, BEL or NUL: refused in the source, removed from a
    translation published with --force (it reaches <title> and the PDF's /Title)."""
    # YAML refuses a raw ESC, but its escapes ("\e") write one.
    root = make_project({"source/a.md": '---\ntitle: "Schwarz\\e[31m"\n---\n\nText.\n'})
    with pytest.raises(SourceError, match=r"source/a.md:2: front matter: title holds a control character \(U\+001B\)"):
        build(load_project(root), formats=["html"])
    (root / "source/a.md").write_text("---\ntitle: Black\n---\n\nText.\n", encoding="utf-8")
    project = load_project(root)
    init(project, ["de"])
    path = root / "locales/de/LC_MESSAGES/a.po"
    text = path.read_text(encoding="utf-8").replace('msgid "Black"\nmsgstr ""', 'msgid "Black"\nmsgstr "Schwarz\x1b]0;pwned\x07"')
    path.write_text(text, encoding="utf-8")
    report = build(project, languages=["de"], formats=["html", "pdf"], force=True)
    assert not report.failures, [str(f) for f in report.failures]
    page = (root / "output/html/de/a.html").read_text(encoding="utf-8")
    assert "<title>Schwarz]0;pwned" in page and "\x1b" not in page and "\x07" not in page
    info = run_tool("pdfinfo", str(root / "output/pdf/de/a.pdf")).stdout
    assert "Schwarz]0;pwned" in info and "\x1b" not in info


# --- every way raw HTML names, fetches or runs something (task H5's audit) ---

#: Raw HTML that Python's HTMLParser and a browser read differently: the
#: browser (tinyhtml5, Chromium) finds an element the parser does not.
HIDDEN = {
    "empty comment": '<!--><meta http-equiv="refresh" content="0;url={trap}/r">-->',
    "svg style": '<svg>\n<style><meta http-equiv="refresh" content="0;url={trap}/r"></style>\n</svg>',
    "noscript attribute": "<noscript><p title=\"</noscript><meta http-equiv='refresh' content='0;url={trap}/r'>\">x</p></noscript>",
    "image in an empty comment": '<!--><img alt="" src="../../../../etc/outside.png">-->',
}
#: Start tags the HTML parser makes another element of: a browser reads
#: the element it makes (an <image> is an <img>, whose src Chromium and
#: WeasyPrint fetch), where HTMLParser reads the tag as written.
REBUILT = {
    "image as img": '<image alt="" src="../../../../etc/outside.png">',
    "image in a paragraph": 'An <image alt="" src="../../../../etc/outside.png"> inline.',
}

#: (id, a source's raw HTML, what booklet makes of it in a source: the
#: error's message, or "warning: ..." for a remote file the web edition
#: links to and the PDF leaves out, or None). A translation can add none of
#: them: each is shown as text.
VECTORS = [
    ("object data local", '<object data="../../../../etc/passwd"></object>', "image '../../../../etc/passwd' is outside the project"),
    ("object data: page", '<object data="data:text/html,&lt;script&gt;parent.pwned=1&lt;/script&gt;"></object>', "<object data> 'data:text/html,<script>"),
    ("embed file:", '<embed src="file:///etc/passwd">', "<embed src> 'file:///etc/passwd' names a file of this computer"),
    ("video poster", '<video poster="../../../../etc/p.png"></video>', "image '../../../../etc/p.png' is outside the project"),
    ("video src in project", '<video src="../clip.mp4"></video>', "<video src> '../clip.mp4': booklet publishes a document's images"),
    ("video src remote", '<video src="{trap}/v.mp4"></video>', "warning: <video src> '{trap}/v.mp4' is not a file of the project"),
    ("audio src remote", '<audio src="{trap}/a.mp3"></audio>', "warning: <audio src> '{trap}/a.mp3' is not a file"),
    ("source src", '<video><source src="../../../../x.mp4"></video>', "<source src> '../../../../x.mp4' is outside the project"),
    ("img srcset remote", '<img src="ok.png" alt="" srcset="{trap}/big.png 2x">', "warning: image '{trap}/big.png' is not a file"),
    ("picture source", '<picture><source srcset="../../../../etc/x.png"><img src="ok.png" alt=""></picture>', "image '../../../../etc/x.png' is outside"),
    ("iframe src remote", '<iframe src="{trap}/frame"></iframe>', "warning: <iframe src> '{trap}/frame' is not a file"),
    ("iframe srcdoc", '<iframe srcdoc="&lt;script&gt;parent.pwned=1&lt;/script&gt;"></iframe>', "<iframe srcdoc> is not published: it is a page of its own"),
    ("link href local", '<link rel="stylesheet" href="../../../../etc/x.css">', "<link href> '../../../../etc/x.css' is outside the project"),
    ("link href remote", '<link rel="stylesheet" href="{trap}/s.css">', "warning: <link href> '{trap}/s.css' is not a file"),
    ("meta refresh", '<meta http-equiv="refresh" content="0;url={trap}/r">', "<meta> is not published: it would act on the reader's browser"),
    ("base href", '<base href="{trap}/">', "<base> is not published: it would change where every link"),
    ("form action", '<form action="{trap}/f"><button>Go</button></form>', None),
    ("svg image href", '<svg><image href="../../../../etc/x.png"/></svg>', "<image href> '../../../../etc/x.png' is outside the project"),
    ("svg use xlink:href", '<svg><use xlink:href="{trap}/u.svg#a"/></svg>', "warning: <use xlink:href> '{trap}/u.svg#a' is not a file"),
    ("svg use fragment", '<svg><defs><g id="a"/></defs><use href="#a"/></svg>', None),
    ("style attribute", "<p style=\"background:url('../../../../etc/x.png')\">x</p>", "<p style> '../../../../etc/x.png' is outside the project"),
    ("style attribute escaped", '<p style="background:u\\72l({trap}/bg.png)">x</p>', "warning: <p style> '{trap}/bg.png' is not a file"),
    ("style @import", '<style>@import "{trap}/x.css";</style>', "warning: <style> '{trap}/x.css' is not a file"),
    ("style url file:", "<style>p { background: url(file:///etc/passwd) }</style>", "<style> 'file:///etc/passwd' names a file of this computer"),
    ("a javascript:", '<a href="java&#9;script:alert(1)">x</a>', "raw HTML: <a href> 'java\\tscript:alert(1)' is a script"),
    ("a rel=attachment", '<a rel="nofollow attachment" href="a.md">x</a>', "<a rel> is not published: rel=attachment would embed"),
    ("a local path", '<a href="../../../../etc/passwd">x</a>', "<a href> '../../../../etc/passwd' is outside the project"),
    ("a root-relative path", '<a href="/etc/passwd">x</a>', None),  # a page of the web server: the PDF follows no link
    ("markdown link local", "[x](../../../../etc/passwd)", "link '../../../../etc/passwd' is outside the project"),
    ("handler", '<p onclick="parent.pwned=1">x</p>', "<p onclick> is not published: an event handler is a script"),
    ("script", "<script>parent.pwned=1</script>", "<script> is not published: a script would run"),
    ("svg script", "<svg><script>parent.pwned=1</script></svg>", "<script> is not published"),
    ("svg animate to javascript:", '<svg><a><animate attributeName="href" to="javascript:alert(1)"/></a></svg>', "<animate attributename> is not published: an animation that sets a link"),
    ("svg animate to, escaped end", '<svg><a><animate attributeName="href" to="javascript:alert(1)//\\"/></a></svg>', "<animate attributename> is not published"),
    ("svg animate values", '<svg><a><animate attributeName="href" values="#;javascript:alert(1)"/></a></svg>', "<animate attributename> is not published"),
    ("svg animate to in code", '<svg><a><animate attributeName="xlink:href" to="java&#9;script:alert(1)"/></a></svg>', "<animate attributename> is not published"),
    ("style image()", '<p style=\'background:image("../../../../etc/x.png")\'>x</p>', "<p style> '../../../../etc/x.png' is outside the project"),
    ("style cross-fade()", '<p style=\'background:cross-fade("../../../../etc/a.png", "b.png")\'>x</p>', "<p style> '../../../../etc/a.png' is outside"),
    *[(name, raw, "is not published: a browser finds it where booklet's checks read") for name, raw in HIDDEN.items()],
    *[(name, raw, "<img> is not published: a browser makes it of a tag written otherwise") for name, raw in REBUILT.items()],
    ("svg image data:", '<svg><image href="data:image/png;base64,iVBORw0KGgo="/></svg>', None),
    ("svg use data:", '<svg><use href="data:image/svg+xml,&lt;svg id=&quot;a&quot;/&gt;#a"/></svg>', "<use href> 'data:image/svg+xml,<svg id=\"a\"/>#a': a data: URL here is a page"),
    ("img data:", '<img alt="" src="data:image/png;base64,iVBORw0KGgo=">', None),
]


def _png(path) -> None:
    from PIL import Image

    Image.new("RGB", (2, 2), "white").save(path)


@pytest.mark.parametrize(("raw", "outcome"), [v[1:] for v in VECTORS], ids=[v[0] for v in VECTORS])
def test_what_a_sources_raw_html_names_is_judged_before_anything_is_published(make_project, raw, outcome):
    """Scripts and files outside the project are an error at their line;
    a remote file a warning (the PDF's fetcher leaves it out)."""
    from pipeline.media import document_media

    url = "http://127.0.0.1:9"
    root = make_project({"source/a.md": f"# T\n\nIntro.\n\n{raw.replace('{trap}', url)}\n", "clip.mp4": "x"})
    _png(root / "source/ok.png")
    document = read_document(root / "source/a.md", relative="source/a.md", root=root)
    expected = outcome.replace("{trap}", url) if outcome else None
    if expected is None or expected.startswith("warning: "):
        document_media(load_project(root), document)
        assert [w.startswith(f"source/a.md:5: {expected}") for w in document.warnings] == ([True] if expected else []), document.warnings
        return
    with pytest.raises(SourceError) as caught:
        document_media(load_project(root), document)
    assert str(caught.value).startswith(f"source/a.md:5: ") and expected in str(caught.value), str(caught.value)


def test_what_a_source_may_name_reaches_the_page_and_never_the_pdf_renderer(make_project, trap, page):
    """The references a source may make (remote ones, with a warning) are on
    the web page as written; WeasyPrint fetches none of them."""
    url, hits = trap
    allowed = [v[1] for v in VECTORS if v[2] is None or v[2].startswith("warning")]
    root = make_project({"source/a.md": "# T\n\nIntro.\n\n" + "\n\n".join(allowed).replace("{trap}", url) + "\n"})
    _png(root / "source/ok.png")
    report = build(load_project(root), languages=["en"], formats=["html", "pdf"], force=True)
    assert not report.failures, [str(f) for f in report.failures]
    assert hits == [], f"the PDF renderer fetched {hits}"
    assert f'<iframe src="{url}/frame">' in (root / "output/html/en/a.html").read_text(encoding="utf-8")
    assert sum("is not a file of the project" in w for w in report.warnings) >= 7


def test_no_vector_in_a_translation_reaches_chromium_or_the_pdf(make_project, trap, page):
    """Every vector of VECTORS in one translation: shown as text in the web
    edition (Chromium runs nothing, fetches nothing, is sent nowhere) and in
    the PDF (WeasyPrint fetches nothing)."""
    from .conftest import static_server

    url, hits = trap
    root, project = _german(make_project)
    hostile = " ".join(v[1] for v in VECTORS).replace("{trap}", url)
    _translate(root, hostile + " Zweiter Absatz.")
    report = build(project, languages=["de"], formats=["html", "pdf"], force=True)
    assert not report.failures, [str(f) for f in report.failures]
    assert hits == [], f"the PDF renderer fetched {hits}"
    body = (root / "output/html/de/a.html").read_text(encoding="utf-8").split('<article class="text">', 1)[1].split("</article>", 1)[0]
    for tag in re.findall(r"<([a-z]+)", " ".join(v[1] for v in VECTORS)):
        assert tag in ("a", "p") or f"<{tag}" not in body, f"<{tag}> reached the page"
    assert "&lt;object data=" in body and "../../../../etc/passwd" not in re.sub(r"&lt;.*?&gt;", "", body)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    with static_server(root / "output/html") as site:
        page.goto(site + "de/a.html")
        page.wait_for_timeout(300)
        assert page.evaluate("typeof window.pwned") == "undefined"
        assert page.url == site + "de/a.html"  # no redirect
        assert "Zweiter Absatz." in page.inner_text("article").replace("\xa0", " ")
    assert not [r for r in requests if not r.startswith(site)], requests
    assert hits == [], f"Chromium fetched {hits}"
    text = " ".join(run_tool("pdftotext", str(root / "output/pdf/de/a.pdf"), "-").stdout.split())
    assert "<object data=" in text and "root:" not in text


@pytest.mark.parametrize("raw", [*HIDDEN.values(), *REBUILT.values()], ids=[*HIDDEN.keys(), *REBUILT.keys()])
def test_chromium_finds_what_a_hidden_vector_hides(browser, trap, raw):
    """The oracle for HIDDEN and REBUILT: Chromium reads each as an element
    (a redirect it follows, an image it asks for), so booklet's refusal is needed."""
    url, hits = trap
    page = browser.new_page()
    try:
        page.set_content("<!DOCTYPE html><body>" + raw.replace("{trap}", url).replace("../../../../etc/", f"{url}/etc/"))
        page.wait_for_timeout(500)
    finally:
        page.close()
    assert hits, "Chromium found nothing in it"


def test_an_svg_left_open_by_one_block_is_read_as_svg_in_the_next(make_project, trap, browser):
    """An <svg> opened in one HTML block and closed in a later one: a
    browser reads the <style> block between as SVG (its content markup,
    a <meta> that breaks out), and so does the check; a paragraph between
    closes the <svg>, and the <style> is a style sheet again."""
    from pipeline.media import document_media

    url, hits = trap
    split = f'<svg>\n\n<style><meta http-equiv="refresh" content="0;url={url}/r"></style>\n\n</svg>\n'
    page = browser.new_page()
    try:
        page.set_content("<!DOCTYPE html><body>" + split)
        page.wait_for_timeout(500)
    finally:
        page.close()
    assert hits, "Chromium did not read the <meta> (the oracle)"
    root = make_project({"source/a.md": f"# T\n\nIntro.\n\n{split}"})
    document = read_document(root / "source/a.md", relative="source/a.md", root=root)
    with pytest.raises(SourceError, match=r"^source/a.md:7: raw HTML: <meta> is not published: a browser finds it"):
        document_media(load_project(root), document)
    closed = split.replace("<style>", "Text.\n\n<style>")
    root = make_project({"source/a.md": f"# T\n\nIntro.\n\n{closed}"})
    document_media(load_project(root), read_document(root / "source/a.md", relative="source/a.md", root=root))
