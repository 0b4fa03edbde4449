"""Building small projects: media, the sandboxed fetcher, glyph coverage, fallbacks."""
from __future__ import annotations

import base64

import polib
import pypdf
import pytest

from pipeline.build import build
from pipeline.catalog.pofile import format_po
from pipeline.config import load_project
from pipeline.errors import RenderError, SourceError
from pipeline.render.pdf import sandboxed_fetcher
from pipeline.init import init

from .conftest import REPO

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def test_images_are_checked_and_copied(make_project):
    root = make_project({"source/a.md": "# T\n\n![A dot](img/dot.png)\n"})
    (root / "source/img").mkdir()
    (root / "source/img/dot.png").write_bytes(PNG)
    project = load_project(root)
    init(project, ["de"])
    report = build(project)
    assert not report.failures
    html = (root / "output/html/de/a.html").read_text(encoding="utf-8")
    assert '<img src="../media/source/img/dot.png" alt="A dot"' in html
    assert (root / "output/html/media/source/img/dot.png").read_bytes() == PNG


def test_missing_image_names_file_and_line(make_project):
    root = make_project({"source/a.md": "# T\n\nText.\n\n![Gone](nowhere.png)\n"})
    with pytest.raises(SourceError, match=r"^source/a.md:5: image 'nowhere.png' not found"):
        build(load_project(root))
    (root / "source/a.md").unlink()
    root2 = make_project({"source/b.md": "![Out](../../../etc/passwd)\n"})
    with pytest.raises(SourceError, match="outside the project"):
        build(load_project(root2))


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("map.png", b"not an image at all\n", "is not an image WeasyPrint can read"),
        ("map.png", PNG[:40], "is not an image WeasyPrint can read"),
        ("map.svg", b"<html><body>no</body></html>", r"is not an SVG image \(its root is <html>\)"),
        ("map.svg", b"<svg", "is not a readable SVG file"),
        # F15: well-formed up to its first element, so a look at the root passed it.
        ("map.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>', "is not a readable SVG file"),
    ],
    ids=["text", "truncated-png", "svg-not-svg", "svg-broken", "svg-broken-after-its-root"],
)
def test_a_file_that_is_not_an_image_names_file_and_line(make_project, name, data, message):
    # WeasyPrint would leave it out of the PDF with a warning nobody sees.
    root = make_project({"source/a.md": f"# T\n\nText.\n\n![A map]({name})\n"})
    (root / "source" / name).write_bytes(data)
    with pytest.raises(SourceError, match=rf"^source/a.md:5: image '{name}' {message}"):
        build(load_project(root))


def test_an_image_over_the_pixel_limit_names_file_and_line(make_project):
    """F15: decoded pixels cost memory in every booklet (a 12000 x 12000 PNG took 1.2 GB)."""
    from PIL import Image

    root = make_project({"source/a.md": "# T\n\nText.\n\n![A map](map.png)\n"}, extra="max-image-pixels = 999\n")
    Image.new("L", (40, 25)).save(root / "source/map.png")
    with pytest.raises(SourceError, match=r"^source/a.md:5: image 'map.png' has 40 x 25 = 1,000 pixels, more than the limit of 999"):
        build(load_project(root))
    config = root / "pyproject.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("999", "1000"), encoding="utf-8")
    assert not build(load_project(root), languages=["en"], formats=["html"]).failures


def test_fetcher_serves_project_files_only(tmp_path):
    inside = tmp_path / "project" / "a.txt"
    inside.parent.mkdir()
    inside.write_text("ok")
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    refused: list[str] = []
    fetch = sandboxed_fetcher([inside.parent], refused)
    assert fetch(inside.as_uri()).read() == b"ok"
    assert fetch("data:text/plain;base64,b2s=").read() == b"ok"
    for url in (
        outside.as_uri(),
        (inside.parent / ".." / "secret.txt").as_uri(),
        "https://example.com/x.png",
        "http://127.0.0.1/",
        "ftp://example.com/x",
    ):
        with pytest.raises(ValueError, match="refuses"):
            fetch(url)
    assert len(refused) == 5


def test_character_without_glyph_stops_that_booklet(make_project):
    root = make_project({"source/a.md": "Hello.\n"}, languages=("de", "ru"))
    project = load_project(root)
    init(project, ["de", "ru"])
    path = project.po_path("ru", "a")
    po = polib.pofile(str(path))
    po.find("Hello.").msgstr = "Привет 𓀀."  # an Egyptian hieroglyph: no font of ours has it
    path.write_text(format_po(po), encoding="utf-8")
    report = build(project, formats=["html", "pdf"])
    assert len(report.failures) == 1
    error = report.failures[0]
    assert isinstance(error, RenderError)
    line = path.read_text(encoding="utf-8").split("\n").index('msgstr "Привет 𓀀."') + 1  # the msgstr's own line
    assert str(error).startswith(f"locales/ru/LC_MESSAGES/a.po:{line}: ru: no configured font has a glyph for U+13000")
    assert "[tool.booklet.fonts]" in str(error)
    assert (root / "output/pdf/de/a.pdf").is_file() and not (root / "output/pdf/ru/a.pdf").exists()
    # the web page needs no font of ours for it: the reader's browser has its own
    assert "𓀀" in (root / "output/html/ru/a.html").read_text(encoding="utf-8")


def test_a_downloaded_booklet_carries_its_language_in_its_name(make_project):
    """Every language's PDF is a.pdf on the server; saved, they are a.de.pdf and a.en.pdf."""
    root = make_project({"source/a.md": "Hello.\n"}, languages=("de",))
    project = load_project(root)
    init(project, ["de"])
    build(project, formats=["html", "pdf"])
    page = (root / "output/html/de/a.html").read_text(encoding="utf-8")
    assert '<a href="a.pdf" download="a.de.pdf" type="application/pdf">' in page
    index = (root / "output/html/index.html").read_text(encoding="utf-8")
    assert 'href="en/a.pdf" download="a.en.pdf"' in index and 'href="de/a.pdf" download="a.de.pdf"' in index


def test_pdf_metadata(make_project):
    root = make_project(
        {"source/a.md": "---\ntitle: The Title\nauthor: A. Writer\nkeywords: [one, two]\ndate: 2024-05-01\n---\n\n# Part\n\nText.\n"}
    )
    project = load_project(root)
    init(project, ["de"])
    build(project, formats=["pdf"])
    reader = pypdf.PdfReader(root / "output/pdf/en/a.pdf")
    assert reader.metadata.title == "The Title"
    assert reader.metadata.author == "A. Writer"
    assert reader.metadata["/Keywords"] == "one, two"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert pypdf.PdfReader(root / "output/pdf/de/a.pdf").trailer["/Root"]["/Lang"] == "de"


def test_project_templates_override_builtins(make_project):
    page = (
        '<!DOCTYPE html><html lang="{{ language.tag }}"><head><title>{{ title }}</title></head>'
        '<body><p class="custom">{{ _("Custom label") }}</p>{{ body }}</body></html>\n'
    )
    root = make_project({"source/a.md": "Text.\n", "templates/page.html.j2": page})
    project = load_project(root)
    init(project, ["de"])
    pot = (root / "locales/templates.pot").read_text(encoding="utf-8")
    assert '#: templates/page.html.j2:1\nmsgid "Custom label"' in pot
    assert "pipeline/templates/page.html.j2" not in pot  # the override replaces the built-in
    assert "pipeline/templates/booklet.html.j2" in pot
    build(project, formats=["html"])
    assert '<p class="custom">Custom label</p><p>Text.</p>' in (root / "output/html/en/a.html").read_text(encoding="utf-8")


def test_broken_template_is_a_template_error(make_project):
    from pipeline.errors import TemplateError

    root = make_project({"source/a.md": "Text.\n", "templates/page.html.j2": "{% if %}\n"})
    project = load_project(root)
    with pytest.raises(TemplateError, match=r"^templates/page.html.j2:1: "):
        init(project, ["de"])


def test_bleed_crop_marks_and_pdfa(make_project):
    from .conftest import run_tool

    root = make_project(
        {"source/a.md": "Text.\n"}, extra='bleed = "3mm"\ncrop-marks = true\npdf-variant = "pdf/a-3b"\n'
    )
    project = load_project(root)
    init(project, ["de"])
    report = build(project, languages=["en"], formats=["pdf"])
    assert not report.failures
    pdf = root / "output/pdf/en/a.pdf"
    info = run_tool("pdfinfo", "-box", str(pdf)).stdout
    width, height = map(float, __import__("re").search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    mm = 72 / 25.4
    assert width > (148 + 6) * mm - 1 and height > (210 + 6) * mm - 1  # the bleed around the A5 trim
    trim = __import__("re").search(r"TrimBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", info)
    x0, y0, x1, y1 = map(float, trim.groups())
    assert abs((x1 - x0) - 148 * mm) < 1 and abs((y1 - y0) - 210 * mm) < 1
    reader = pypdf.PdfReader(pdf)
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "pdfaid:part" in xmp and "3" in xmp


def test_sitemap_lists_every_page_with_its_alternates(make_project):
    import xml.etree.ElementTree as ET

    root = make_project({"source/a.md": "Text.\n"}, languages=("de", "ar"), extra='site-url = "https://example.org/book"\n')
    project = load_project(root)
    init(project, ["de", "ar"])
    build(project, formats=["html"])
    tree = ET.parse(root / "output/html/sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = tree.getroot().findall("s:url", ns)
    assert [u.find("s:loc", ns).text for u in urls] == [
        "https://example.org/book/en/a.html",
        "https://example.org/book/de/a.html",
        "https://example.org/book/ar/a.html",
    ]
    links = {(l.get("hreflang"), l.get("href")) for l in urls[1].findall("x:link", ns)}
    assert ("x-default", "https://example.org/book/en/a.html") in links and ("ar", "https://example.org/book/ar/a.html") in links


def test_contents_with_page_numbers_and_bookmarks(make_project):
    from .conftest import run_tool

    body = "\n\n".join(f"## Part {n}\n\n" + "\n\n".join(["Some text of this part. " * 30] * 4) for n in range(1, 4))
    root = make_project({"source/a.md": "---\ntitle: Parts\n---\n\n" + body + "\n"})
    project = load_project(root)
    init(project, ["de"])
    build(project, languages=["en"], formats=["pdf"])
    pdf = root / "output/pdf/en/a.pdf"
    text = run_tool("pdftotext", "-layout", str(pdf), "-").stdout
    contents = text[text.index("Contents") :].split("\f")[0]
    numbers = [int(n) for n in __import__("re").findall(r"Part \d\s*\.+\s*(\d+)", contents)]
    assert len(numbers) == 3 and numbers == sorted(numbers) and numbers[0] > 3
    reader = pypdf.PdfReader(pdf)

    def flat(items):
        for item in items:
            yield from flat(item) if isinstance(item, list) else [item]

    bookmarks = {item.title: item for item in flat(reader.outline)}
    assert {"Contents", "Part 1", "Part 2", "Part 3"} <= set(bookmarks)
    assert reader.get_destination_page_number(bookmarks["Part 2"]) + 1 == numbers[1]


def test_code_is_set_in_the_shipped_monospace_font(make_project):
    from .conftest import run_tool

    # never in whatever monospace font the machine happens to have
    root = make_project({"source/a.md": "# T\n\nRun `booklet build` now.\n\n```\nbooklet update --lang ru\n```\n"})
    project = load_project(root)
    init(project, ["de"])
    assert not build(project, formats=["pdf", "html"]).failures
    rows = run_tool("pdffonts", str(root / "output/pdf/en/a.pdf")).stdout.splitlines()[2:]
    families = {row.split()[0].split("+", 1)[1] for row in rows}
    assert "IBM-Plex-Mono" in families and all(f.startswith(("Noto-Serif", "IBM-Plex-Mono")) for f in families)
    css = (root / "output/html/assets/site.css").read_text(encoding="utf-8")
    assert "code, pre, kbd, samp { font-family: 'IBM Plex Mono', 'Noto Serif', " in css  # then the text faces (α)
    shipped = {p.name.rsplit("-", 1)[0] for p in (root / "output/html/assets/fonts").iterdir()}
    assert {"IBMPlexMono-normal-400", "IBMPlexMono-normal-700", "IBMPlexMono-italic-400"} <= shipped
    assert len(shipped) == 12  # 3 families x regular, italic, bold, bold italic: not Light, Thin...


def test_character_without_glyph_in_a_template_names_the_template(make_project):
    root = make_project({"source/a.md": "Hello.\n"})
    (root / "templates").mkdir(exist_ok=True)
    builtin = (REPO / "pipeline/templates/booklet.html.j2").read_text(encoding="utf-8")
    (root / "templates/booklet.html.j2").write_text(builtin.replace("</body>", "<p>𓀀</p></body>"), encoding="utf-8")
    project = load_project(root)
    init(project, ["de"])
    report = build(project, formats=["pdf"])
    assert [str(e).split(": ")[:2] for e in report.failures] == [["templates/booklet.html.j2", "en"], ["templates/booklet.html.j2", "de"]]
    assert "U+13000" in str(report.failures[0])


def test_the_body_is_rendered_once_for_the_page_and_the_booklet(make_project, monkeypatch):
    """One rendering per edition; the booklet reads the image in place, the page from the site's media."""
    from pipeline.render.pool import RenderPool
    from pipeline.translate import TranslatedDocument

    root = make_project({"source/a.md": "# T\n\n![A dot](img/dot.png)\n\nText.\n"}, languages=("de", "ru"))
    (root / "source/img").mkdir()
    (root / "source/img/dot.png").write_bytes(PNG)
    project = load_project(root)
    init(project, ["de", "ru"])
    rendered, booklets = [], []
    original = TranslatedDocument.render_body
    monkeypatch.setattr(TranslatedDocument, "render_body", lambda self, *maps: rendered.append(self.language) or original(self, *maps))
    submit = RenderPool.submit
    monkeypatch.setattr(RenderPool, "submit", lambda self, entry: booklets.append(entry[3].html) or submit(self, entry))
    assert not build(project).failures
    assert sorted(rendered) == ["de", "en", "ru"]
    dot = (root / "source/img/dot.png").resolve().as_uri()
    assert len(booklets) == 3 and all(f'src="{dot}"' in html and "../media/" not in html for html in booklets)
    page = (root / "output/html/ru/a.html").read_text(encoding="utf-8")
    assert 'src="../media/source/img/dot.png"' in page


def test_each_translation_is_parsed_once_per_build(make_project, monkeypatch):
    """The checks and the translation share one parse of each message (source.inline_tokens)."""
    from markdown_it import MarkdownIt

    from pipeline import source

    root = make_project({"source/a.md": "# Title\n\nOne *two*.\n\nThree.\n"}, languages=("de",))
    project = load_project(root)
    init(project, ["de"])
    path = project.po_path("de", "a")
    po = polib.pofile(str(path))
    for entry, text in zip(po, ["Titel", "Eins *zwei*.", "Drei."]):
        entry.msgstr = text
    path.write_text(format_po(po), encoding="utf-8")
    source._inline_tokens.cache_clear()
    parsed = []
    original = MarkdownIt.parseInline
    monkeypatch.setattr(MarkdownIt, "parseInline", lambda self, text, env=None: parsed.append(text) or original(self, text, env))
    assert not build(project, clean=True).failures
    assert "Eins *zwei*." in parsed and len(parsed) == len(set(parsed)), str(parsed)


def test_each_language_shows_its_own_variant_of_an_image(make_project):
    """map.de.png beside map.png: the German edition shows it, on the web and in
    the PDF, cover included; the other languages keep map.png. The Markdown, and
    so every translation, keeps naming map.png."""
    from PIL import Image

    root = make_project(
        {"source/a.md": "---\ntitle: Maps\nimage: img/cover.png\n---\n\n![A map](img/map.png)\n\nText.\n"},
        languages=("de", "ru"),
    )
    folder = root / "source/img"
    folder.mkdir()
    for name, size in (("map.png", 4), ("map.de.png", 6), ("cover.png", 8), ("cover.de.png", 10)):
        Image.new("RGB", (size, size), "white").save(folder / name)
    project = load_project(root)
    init(project, ["de", "ru"])
    report = build(project, formats=["html", "pdf"])
    assert not report.failures, [str(f) for f in report.failures]
    assert '<img src="../media/source/img/map.de.png" alt="A map"' in (root / "output/html/de/a.html").read_text(encoding="utf-8")
    for language in ("en", "ru"):
        assert '<img src="../media/source/img/map.png"' in (root / f"output/html/{language}/a.html").read_text(encoding="utf-8")
    assert (root / "output/html/media/source/img/map.de.png").is_file()

    def image_sizes(language: str) -> set[int]:
        reader = pypdf.PdfReader(root / f"output/pdf/{language}/a.pdf")
        return {image.image.size[0] for page in reader.pages for image in page.images}

    assert image_sizes("de") == {6, 10} and image_sizes("ru") == {4, 8}


def test_a_language_variant_that_is_not_an_image_names_the_source_line(make_project):
    root = make_project({"source/a.md": "Text.\n\n![A map](map.png)\n"})
    (root / "source/map.png").write_bytes(PNG)
    (root / "source/map.de.png").write_bytes(b"not a picture")
    with pytest.raises(SourceError, match=r"^source/a.md:3: image 'map.de.png' \(the de variant of 'map.png'\) is not an image"):
        build(load_project(root))


def test_a_slug_no_face_can_set_is_a_warning_not_a_lost_booklet(make_project, monkeypatch):
    """A reader's booklet with crop marks whose slug line cannot be set (no
    face for it) is written, marks and all, and the build says what it left
    out; its imposed sheets, whose slug names their sheet and side, are an
    error of their own (see test_press_variant)."""
    from pipeline.render import impose

    def no_face(*args, **kwargs):
        raise ValueError("no face for the slug line")

    root = make_project({"source/a.md": "Text.\n"}, languages=(), extra='bleed = "3mm"\ncrop-marks = true\nformats = ["pdf", "booklet"]\n')
    monkeypatch.setattr(impose, "slug_font", no_face)
    report = build(load_project(root), jobs_count=1)
    assert [str(f) for f in report.failures] == ["output/pdf/en/a-imposed.pdf: imposition failed: no face for the slug line"]
    assert [w for w in report.warnings if "slug" in w] == [
        "output/pdf/en/a.pdf: warning: no slug line below the crop marks of blank pages 2, 4: no face for the slug line"
    ]
    page = pypdf.PdfReader(root / "output/pdf/en/a.pdf").pages[1]
    assert page.mediabox.width > page.bleedbox.width  # grown for the crop marks


def test_a_readers_booklet_is_the_same_bytes_from_a_clone_an_archive_and_a_copy(make_project, monkeypatch, tmp_path):
    """The same inputs give the same reader's booklet wherever they come
    from: a fresh clone (git's dates), a ``git archive`` copy (no git, the
    files' times the commit's) and a copy with new times. So it carries
    the publication's date or none, never its inputs' (a checkout's); the
    sheets, a press file, must be dated (PDF/X) and are, by their inputs."""
    import os
    import shutil
    import subprocess

    from .test_fsutil import committed

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = make_project({"source/a.md": "---\ntitle: Undated\n---\n\nText.\n"}, languages=(), extra='formats = ["pdf", "booklet"]\n')
    (root / ".gitignore").write_text("output/\n.booklet-cache/\n")
    committed(root, "2024-01-20T09:30:00+00:00")
    clone, archive, copy = tmp_path / "clone", tmp_path / "archive", tmp_path / "copy"
    subprocess.run(["git", "clone", "-q", str(root), str(clone)], check=True, capture_output=True)
    archive.mkdir()
    tar = subprocess.run(["git", "-C", str(root), "archive", "HEAD"], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(archive)], input=tar, check=True, capture_output=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".git"))
    for file in copy.rglob("*"):
        os.utime(file, (2_000_000_000, 2_000_000_000))
    readers, sheets = [], []
    for folder in (clone, archive, copy):
        assert not build(load_project(folder), jobs_count=1).failures
        readers.append((folder / "output/pdf/en/a.pdf").read_bytes())
        sheets.append(pypdf.PdfReader(folder / "output/pdf/en/a-imposed.pdf").metadata.creation_date.year)
    assert readers[0] == readers[1] == readers[2]
    assert pypdf.PdfReader(clone / "output/pdf/en/a.pdf").metadata.creation_date is None
    assert sheets == [2024, 2024, 2033]  # the commit's, the archive's times (the commit's), the copy's
