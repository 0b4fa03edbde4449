"""pipeline.media: the images a document shows, Markdown's and those of its raw HTML."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pypdf
import pytest

from pipeline.build import build
from pipeline.check import image_findings
from pipeline.catalog.pofile import format_po
from pipeline.config import load_project
from pipeline.errors import SourceError
from pipeline.init import init
from pipeline.media import MEDIA_CACHE, document_media
from pipeline.source import read_document

from .conftest import REPO, run_tool, static_server


def _pngs(folder: Path, sizes: dict[str, int]) -> None:
    """Square PNGs told apart by their width (what the PDF's images are read back by)."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    for name, size in sizes.items():
        Image.new("RGB", (size, size), "white").save(folder / name)


def _pdf_widths(path: Path) -> list[int]:
    return sorted({image.image.size[0] for page in pypdf.PdfReader(path).pages for image in page.images})


RAW = """\
---
title: Raw
---

# Raw HTML

Press <img src="img/key.png" alt="the key"> to start.

<p align="center">
  <img src="img/map.png" alt="A map" width="120">
</p>

<picture>
  <source srcset="img/wide.png 2x, img/key.png 1x">
  <img src="img/wide.png" alt="Wide">
</picture>
"""


def test_raw_html_images_are_copied_linked_and_printed_per_language(make_project):
    """<img> in an HTML block and in a paragraph, <picture><source srcset>:
    copied to the web edition and linked from it, read from the project by
    the PDF, each language's own variant (map.de.png) where there is one."""
    root = make_project({"source/a.md": RAW}, languages=("de", "ru"))
    _pngs(root / "source/img", {"key.png": 3, "map.png": 5, "map.de.png": 7, "wide.png": 9})
    project = load_project(root)
    init(project, ["de", "ru"])
    po_path = root / "locales/de/LC_MESSAGES/a.po"
    po = polib.pofile(str(po_path))
    for entry in po:  # the translation keeps the source's tag, as the markup check asks
        if entry.msgid.startswith("Press"):
            entry.msgstr = 'Drücke <img src="img/key.png" alt="the key">, um zu beginnen.'
    po_path.write_text(format_po(po), encoding="utf-8")

    report = build(project, formats=["html", "pdf"])
    assert not report.failures, [str(f) for f in report.failures]
    media = root / "output/html/media/source/img"
    for name in ("key.png", "map.png", "map.de.png", "wide.png"):
        assert (media / name).read_bytes() == (root / "source/img" / name).read_bytes()
    for language, map_name in (("en", "map.png"), ("de", "map.de.png"), ("ru", "map.png")):
        page = (root / f"output/html/{language}/a.html").read_text(encoding="utf-8")
        assert '<img src="../media/source/img/key.png" alt="the key">' in page
        # the HTML block's alt text is a message, untranslated here: marked as the source's language
        marked = "" if language == "en" else ' lang="en"'
        assert f'<img{marked} src="../media/source/img/{map_name}" alt="A map" width="120">' in page
        assert '<source srcset="../media/source/img/wide.png 2x, ../media/source/img/key.png 1x">' in page
        assert 'src="img/' not in page and 'srcset="img/' not in page
    assert "Drücke" in (root / "output/html/de/a.html").read_text(encoding="utf-8")
    # the PDF shows <img> (WeasyPrint reads no srcset): key, map, wide
    assert _pdf_widths(root / "output/pdf/en/a.pdf") == [3, 5, 9]
    assert _pdf_widths(root / "output/pdf/de/a.pdf") == [3, 7, 9]


@pytest.mark.parametrize(
    "body, line, src",
    [
        ("Text.\n\n<div>\n\n<img src='gone.png'>\n\n</div>\n", 9, "gone.png"),
        ("<p>\n  <b>x</b>\n  <img alt=x\n   src=gone.png>\n</p>\n", 7, "gone.png"),
        ("A paragraph\nthat goes on <img src=\"a/gone.png\"> here.\n", 6, "a/gone.png"),
        ("<picture><source srcset=\"ok.png 1x,gone.png 2x\"><img src=ok.png></picture>\n", 5, "gone.png"),
    ],
    ids=["html-block", "tag-on-its-own-lines", "inline-after-a-line-break", "srcset"],
)
def test_a_missing_raw_html_image_is_an_error_at_its_line(make_project, body, line, src):
    root = make_project({"source/a.md": f"---\ntitle: T\n---\n\n{body}"})
    _pngs(root / "source", {"ok.png": 2})
    with pytest.raises(SourceError) as caught:
        build(load_project(root))
    assert str(caught.value).startswith(f"source/a.md:{line}: image {src!r} not found"), str(caught.value)


@pytest.mark.parametrize(
    "body, expected",
    [
        ("One\ntwo <b onclick=x>b</b>\n", "6: raw HTML: <b onclick> is not published: an event handler is a script"),
        ("One\\\ntwo  \nthree [x](../../o.md)\n", "7: link '../../o.md' is outside the project"),
        ("- one\n- two\n  three ![x](../../o.png)\n", "7: image '../../o.png' is outside the project"),
        ("One\nand <img alt=''\n src='../../o.png'> two\n", "6: image '../../o.png' is outside the project"),
        ("<div>\n<p>\n<a href='../../o.md'>x</a>\n</p>\n</div>\n", "7: <a href> '../../o.md' is outside the project"),
        ("One\ntwo\nthree <audio src='https://example.org/a.mp3'></audio>\n", "7: warning: <audio src> 'https://example.org/a.mp3' is not a file"),
    ],
    ids=["inline-handler", "link-after-hard-breaks", "image-in-a-list", "tag-over-two-lines", "html-block-line", "remote-warning"],
)
def test_what_raw_html_and_markdown_name_is_judged_at_its_line(make_project, body, expected):
    """Each reference of a paragraph at the line it is on (soft and hard breaks
    counted), one of an HTML block at its own line within the block."""
    root = make_project({"source/a.md": f"# T\n\nIntro.\n\n{body}"})
    document = read_document(root / "source/a.md", relative="source/a.md", root=root)
    if " warning: " in expected:
        document_media(load_project(root), document)
        assert [w for w in document.warnings if w.startswith(f"source/a.md:{expected}")] == list(document.warnings[-1:])
        return
    with pytest.raises(SourceError) as caught:
        document_media(load_project(root), document)
    assert str(caught.value).startswith(f"source/a.md:{expected}"), str(caught.value)


def test_raw_html_images_are_checked_like_markdown_images(make_project):
    """Outside the project, not an image, an unreadable variant: each an error at the tag's line."""
    root = make_project({"source/a.md": "# T\n\n<img src='../../secret.png'>\n"})
    with pytest.raises(SourceError, match=r"^source/a.md:3: image '../../secret.png' is outside the project"):
        build(load_project(root))
    (root / "source/a.md").write_text("# T\n\nSee\n<img src='map.png'>\n", encoding="utf-8")
    (root / "source/map.png").write_bytes(b"not a picture")
    with pytest.raises(SourceError, match=r"^source/a.md:4: image 'map.png' is not an image WeasyPrint can read"):
        build(load_project(root))
    _pngs(root / "source", {"map.png": 2})
    (root / "source/map.de.png").write_bytes(b"not a picture either")
    with pytest.raises(SourceError, match=r"^source/a.md:4: image 'map.de.png' \(the de variant of 'map.png'\) is not an image"):
        build(load_project(root))


def test_comments_style_sheets_and_remote_images_are_not_project_images(make_project):
    root = make_project(
        {
            "source/a.md": "# T\n\n<!-- <img src='old.png'> -->\n\n<style>/* <img src=\"x.png\"> */</style>\n\n"
            '<img src="https://example.org/a.png"> <img src="data:image/png;base64,AA=="> `<img src="code.png">`\n'
        }
    )
    project = load_project(root)
    assert document_media(project, read_document(root / "source/a.md", relative="source/a.md", root=root)) == {}


def test_an_included_raw_html_image_is_named_at_the_including_line(make_project):
    root = make_project(
        {
            "source/a.md": "# T\n\nIntro.\n\n{{#include parts/fig.md}}\n",
            "source/parts/fig.md": "<figure>\n<img src='gone.png'>\n</figure>\n",
        }
    )
    with pytest.raises(SourceError, match=r"^source/a.md:5: image 'gone.png' not found"):
        build(load_project(root))


TIDEBOOK = REPO / "tests" / "fixtures" / "tidebook"
CHART = "source/guide/basics/tide-chart.svg"  # the fixture book's SVG with a script, a handler and remote references


@pytest.fixture
def tidebook(tmp_path) -> Path:
    root = tmp_path / "tidebook"
    shutil.copytree(TIDEBOOK, root)
    return root


def test_an_svg_is_published_without_what_runs_or_fetches(tidebook):
    """Readers get a cleaned copy where the SVG would be, and the build says
    what it left out, at the line of the tag that shows the image."""
    report = build(load_project(tidebook), languages=["en"], formats=["html"])
    assert not report.failures, [str(f) for f in report.failures]
    [warning] = [w for w in report.warnings if "tide-chart.svg" in w]
    assert warning.startswith("source/guide/basics/tides.md:11: warning: image 'tide-chart.svg'"), warning
    for removed in ("onload (line 2)", "<style> (line 6)", "<script> (line 7)", "href (line 16)", "<foreignObject> (line 17)"):
        assert removed in warning
    published = (tidebook / "output/html/media" / CHART).read_text(encoding="utf-8")
    for gone in ("script", "Ran", "onload", "evil.example", "foreignObject", "@import"):
        assert gone not in published
    assert 'fill="url(#sea)"' in published  # the picture itself is all there
    assert '<img src="../../../media/source/guide/basics/tide-chart.svg" alt="The water height over one day: two highs, two lows" width="240">' in (
        tidebook / "output/html/en/guide/basics/tides.html"
    ).read_text(encoding="utf-8")


def test_an_svg_script_does_not_run_in_chromium(tidebook, page):
    """Neither in the page that shows the image nor opened on its own (a
    reader's "open image in new tab"), where the original's script does run."""
    assert not build(load_project(tidebook), languages=["en"], formats=["html"]).failures
    html = tidebook / "output/html"
    shutil.copy(tidebook / CHART, html / "original.svg")  # the control: what the source file does
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    ran = "[typeof window.svgScriptRan, typeof window.svgHandlerRan, document.title]"
    with static_server(html) as url:
        page.goto(url + "original.svg")
        assert page.evaluate(ran) == ["boolean", "boolean", "pwned"]
        requests.clear()
        page.goto(url + "en/guide/basics/tides.html")
        assert page.evaluate("document.querySelector('figure img').naturalWidth") == 240
        assert page.evaluate(ran)[:2] == ["undefined", "undefined"] and page.evaluate("document.title") != "pwned"
        page.goto(url + "media/" + CHART)
        assert page.evaluate(ran) == ["undefined", "undefined", ""]
    assert not [r for r in requests if "evil.example" in r]


def test_weasyprint_never_asks_for_what_an_svg_names(tidebook, monkeypatch):
    """The PDF draws the cleaned copy: WeasyPrint's URL fetcher is asked for
    it, and for nothing the original names (the remote image, style sheet,
    the foreignObject's pixel)."""
    from pipeline.render import pdf

    asked: list[str] = []
    served: list[str] = []
    sandboxed = pdf.sandboxed_fetcher

    def spying(allowed, refused=None):
        fetcher = sandboxed(allowed, refused)
        fetch = fetcher.fetch

        def recorded(url, headers=None):
            asked.append(url)
            result = fetch(url, headers)  # raises if the sandbox refuses it
            served.append(url)
            return result

        fetcher.fetch = recorded
        return fetcher

    monkeypatch.setattr(pdf, "sandboxed_fetcher", spying)
    report = build(load_project(tidebook), languages=["en"], formats=["pdf"], jobs_count=1, clean=True)
    assert not report.failures, [str(f) for f in report.failures]
    cleaned = (tidebook / MEDIA_CACHE / CHART).resolve().as_uri()
    # drawn, from the cleaned copy: the sandbox must let the PDF read MEDIA_CACHE (build.py's PdfJob allowed)
    assert cleaned in served, f"the PDF's sandbox refused {cleaned}" if cleaned in asked else "never asked for"
    assert not [url for url in asked if "evil.example" in str(url) or url == (tidebook / CHART).as_uri()]


def _booklet(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("booklet")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "pipeline"]
    return subprocess.run([*command, *args], cwd=cwd, capture_output=True, text=True, check=False)


LOCALISED = """\
---
title: Maps
image: img/cover.png
---

# Maps

![The bay](img/map.png)

<p><img src="img/diagram.png" alt="Tides"></p>

![The bay again](img/map.png) and ![A dot](img/dot.png)
"""


def test_check_and_status_warn_where_a_language_lacks_an_image_it_must_have(make_project):
    """localise-images: map.png by name, every PNG below img/ but the dot by
    pattern; de has its own map, ru has none; the warning is at the line of
    the first reference, once per image and language."""
    root = make_project(
        {"source/a.md": LOCALISED},
        languages=("de", "ru"),
        extra='localise-images = ["map.png", "img/cover.*", "source/img/diagram.png"]\n',
    )
    _pngs(root / "source/img", {"map.png": 2, "map.de.png": 2, "cover.png": 2, "cover.ru.png": 2, "diagram.png": 2, "dot.png": 2})
    init(load_project(root), ["de", "ru"])
    expected = [
        "source/a.md:1: warning [localise-images] image 'img/cover.png' is to be localised ([tool.booklet] localise-images),"
        " and de has no cover.de.png beside it: readers get the en image",
        "source/a.md:8: warning [localise-images] image 'img/map.png' is to be localised ([tool.booklet] localise-images),"
        " and ru has no map.ru.png beside it: readers get the en image",
        "source/a.md:10: warning [localise-images] image 'img/diagram.png' is to be localised ([tool.booklet] localise-images),"
        " and de has no diagram.de.png beside it: readers get the en image",
        "source/a.md:10: warning [localise-images] image 'img/diagram.png' is to be localised ([tool.booklet] localise-images),"
        " and ru has no diagram.ru.png beside it: readers get the en image",
    ]
    checked = _booklet("check", cwd=root)
    shown = [line for line in checked.stdout.splitlines() if "[localise-images]" in line]
    assert shown == expected, checked.stdout + checked.stderr
    assert checked.returncode == 0  # warnings: the build still publishes, with the source's image
    status = _booklet("status", "--lang", "ru", cwd=root)
    assert [line for line in status.stderr.splitlines() if line.startswith("source/")] == [
        line for line in expected if " ru has " in line
    ]
    assert status.returncode == 0
    for name in ("cover.de.png", "map.ru.png", "diagram.de.png", "diagram.ru.png"):
        _pngs(root / "source/img", {name: 2})
    assert "[localise-images]" not in _booklet("check", cwd=root).stdout + _booklet("status", cwd=root).stderr


def test_without_localise_images_no_source_is_read(make_project):
    root = make_project({"source/a.md": "# A\n\n![x](missing.png)\n"})
    project = load_project(root)
    assert image_findings(project) == []  # a missing image is the build's error, not check's
    root.joinpath("pyproject.toml").write_text(
        root.joinpath("pyproject.toml").read_text(encoding="utf-8") + 'localise-images = ["*.png"]\n', encoding="utf-8"
    )
    assert image_findings(load_project(root)) == []
    root.joinpath("source/a.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    [finding] = image_findings(load_project(root))
    assert (finding.path, finding.finding.severity, finding.finding.check) == ("source/a.md", "error", "read")


@pytest.mark.parametrize("value", ['"map.png"', '["/abs/map.png"]', '[""]', '["a\\\\b.png"]', '["x.png", "x.png"]', "[1]"])
def test_a_bad_localise_images_value_names_the_key(make_project, value):
    from pipeline.errors import ConfigError

    root = make_project({"source/a.md": "# A\n"}, extra=f"localise-images = {value}\n")
    with pytest.raises(ConfigError, match=r"pyproject.toml:\d+: \[tool.booklet\] localise-images: "):
        load_project(root)


def test_the_project_sets_the_level_of_a_missing_variant(make_project):
    """As for every check ([tool.booklet.checks]): off, or an error, per language."""
    import dataclasses

    root = make_project({"source/a.md": "# A\n\n![Map](map.png)\n"}, languages=("de", "ru"), extra='localise-images = ["map.png"]\n')
    _pngs(root / "source", {"map.png": 2})
    project = load_project(root)
    assert [(f.language, f.finding.severity) for f in image_findings(project)] == [("de", "warning"), ("ru", "warning")]
    levels = (("localise-images", "de", "off"), ("localise-images", "*", "error"))
    found = image_findings(dataclasses.replace(project, check_levels=levels))
    assert [(f.language, f.finding.severity, f.finding.line) for f in found] == [("ru", "error", 3)]


def test_a_root_relative_link_builds_as_a_remote_one_does(make_project):
    """A link to /about/ names a page of the web server the edition is put
    on, which the PDF never follows; an image there is still an error: it
    would be read from this computer's disk."""
    root = make_project({"source/a.md": "# T\n\n[home](/) and [About](/about/) and <a href='/contact/'>us</a>.\n"})
    report = build(load_project(root), languages=["en"], formats=["html", "pdf"])
    assert not report.failures and not report.warnings, ([str(f) for f in report.failures], report.warnings)
    assert '<a href="/about/">About</a>' in (root / "output/html/en/a.html").read_text(encoding="utf-8")
    root = make_project({"source/b.md": "# T\n\n<p style='background:url(/etc/x.png)'>x</p>\n"})
    with pytest.raises(SourceError, match=r"^source/b.md:3: <p style> '/etc/x.png' is an absolute path"):
        document_media(load_project(root), read_document(root / "source/b.md", relative="source/b.md", root=root))


HOST = "\\\\evil.example\\x.png"  # \\evil.example\x.png: a browser reads //evil.example/x.png


@pytest.mark.parametrize(
    "image, outcome",
    [
        ("![x](/etc/passwd)", "error: source/a.md:3: image '/etc/passwd' is an absolute path"),
        ('<img alt="" src="/etc/passwd">', "error: source/a.md:3: <img src> '/etc/passwd' is an absolute path"),
        (f'<img alt="" src="{HOST}">', f"warning: source/a.md:3: warning: image {HOST!r} is not a file of the project"),
    ],
)
def test_markdown_and_raw_images_are_judged_alike(make_project, image, outcome):
    """A URL as a browser reads it (a backslash a slash: \\\\host is a host),
    one rule for Markdown's images and raw HTML's. (Markdown itself reads a
    backslash as an escape, and keeps file: out of an image.)"""
    root = make_project({"source/a.md": f"# T\n\n{image}\n"})
    document = read_document(root / "source/a.md", relative="source/a.md", root=root)
    kind, expected = outcome.split(": ", 1)
    if kind == "error":
        with pytest.raises(SourceError) as caught:
            document_media(load_project(root), document)
        assert str(caught.value).startswith(expected), str(caught.value)
    else:
        assert document_media(load_project(root), document) == {}
        assert [w for w in document.warnings if w.startswith(expected)] == list(document.warnings) != [], document.warnings


def test_a_remote_image_is_named_since_the_pdf_leaves_it_out(make_project):
    root = make_project(
        {
            "source/a.md": "# T\n\n![Badge](https://img.example/badge.svg)\n\n<p><img src='//cdn.example/logo.png'></p>\n\n"
            "![Dot](data:image/png;base64,iVBORw0KGgo=) ![Badge](https://img.example/badge.svg)\n"
        }
    )
    report = build(load_project(root), languages=["en"], formats=["html"])
    assert not report.failures, [str(f) for f in report.failures]
    assert [w for w in report.warnings if "not a file of the project" in w] == [
        "source/a.md:3: warning: image 'https://img.example/badge.svg' is not a file of the project:"
        " the web edition links to it, the PDF leaves it out",
        "source/a.md:5: warning: image '//cdn.example/logo.png' is not a file of the project:"
        " the web edition links to it, the PDF leaves it out",
    ]
    assert '<img src="https://img.example/badge.svg" alt="Badge">' in (root / "output/html/en/a.html").read_text(encoding="utf-8")


def test_a_language_variant_of_an_svg_is_cleaned_too(make_project):
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4">\n<rect width="4" height="4"/>\n{}</svg>\n'
    root = make_project({"source/a.md": "# T\n\n<p><img src='map.svg' alt='Map'></p>\n"})
    (root / "source/map.svg").write_text(svg.format(""), encoding="utf-8")
    (root / "source/map.de.svg").write_text(svg.format("<script>alert(1)</script>\n"), encoding="utf-8")
    init(load_project(root), ["de"])
    report = build(load_project(root), formats=["html"])
    assert not report.failures, [str(f) for f in report.failures]
    assert [w for w in report.warnings if "map." in w] == [
        "source/a.md:3: warning: image 'map.de.svg' (the de variant of 'map.svg') is published without what could"
        " run or fetch a file: <script> (line 3) (lines of map.de.svg)"
    ]
    media = root / "output/html/media/source"
    assert (media / "map.svg").read_bytes() == (root / "source/map.svg").read_bytes()  # nothing to take out: as it is
    assert b"script" not in (media / "map.de.svg").read_bytes() and b"rect" in (media / "map.de.svg").read_bytes()
    assert '<img lang="en" src="../media/source/map.de.svg" alt="Map">' in (root / "output/html/de/a.html").read_text(encoding="utf-8")  # its alt text untranslated


def test_localise_images_is_a_check_the_project_and_the_command_can_name(make_project):
    """Through pyproject.toml and the command line, not only by its level in code."""
    root = make_project(
        {"source/a.md": "# A\n\n![Map](map.png)\n"},
        languages=("de",),
        extra='localise-images = ["map.png"]\n\n[tool.booklet.checks]\nlocalise-images = "error"\n',
    )
    _pngs(root / "source", {"map.png": 2})
    init(load_project(root), ["de"])
    raised = _booklet("check", "--only", "localise-images", cwd=root)
    assert raised.returncode == 1, raised.stdout + raised.stderr
    assert [line for line in raised.stdout.splitlines() if line.startswith("source/")] == [
        "source/a.md:3: error [localise-images] image 'map.png' is to be localised ([tool.booklet] localise-images),"
        " and de has no map.de.png beside it: readers get the en image"
    ]
    skipped = _booklet("check", "--skip", "localise-images", cwd=root)
    assert "[localise-images]" not in skipped.stdout and skipped.returncode == 0, skipped.stdout + skipped.stderr


def test_an_object_an_embed_and_a_posters_image_are_published_as_an_img_is(make_project):
    """They were left as written: the web edition named a file it had not
    published, an SVG with its script, and a missing one went unnoticed."""
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4" onload="parent.pwned=1"><rect width="4" height="4"/></svg>'
    root = make_project({
        "source/a.md": '# T\n\n<object data="c.svg" type="image/svg+xml">C</object>\n\n<embed src="e.png">\n\n<video poster="p.png"></video>\n',
        "source/c.svg": svg,
    })
    _pngs(root / "source", {"e.png": 2, "p.png": 3})
    report = build(load_project(root), languages=["en"], formats=["html"])
    assert not report.failures, [str(f) for f in report.failures]
    page = (root / "output/html/en/a.html").read_text(encoding="utf-8")
    for tag in ('<object data="../media/source/c.svg" type="image/svg+xml">', '<embed src="../media/source/e.png">', '<video poster="../media/source/p.png">'):
        assert tag in page
    assert "onload" not in (root / "output/html/media/source/c.svg").read_text(encoding="utf-8")
    assert any(w.startswith("source/a.md:3: warning: image 'c.svg' is published without") for w in report.warnings), report.warnings
    (root / "source/p.png").unlink()
    with pytest.raises(SourceError, match=r"^source/a.md:7: image 'p.png' not found"):
        build(load_project(root), languages=["en"], formats=["html"])


def test_an_objects_image_is_drawn_in_the_booklet(make_project):
    """The booklet reads an <object>'s image from the file, as an <img>'s: with
    the web edition's path WeasyPrint drew its fallback text instead."""
    root = make_project({"source/a.md": '# T\n\n<object data="o.png" type="image/png">Fallback words</object>\n\n<embed src="e.png">\n'})
    _pngs(root / "source", {"o.png": 2, "e.png": 3})
    report = build(load_project(root), languages=["en"], formats=["pdf"])
    assert not report.failures, [str(f) for f in report.failures]
    pdf = root / "output/pdf/en/a.pdf"
    assert _pdf_widths(pdf) == [2, 3]
    assert "Fallback words" not in run_tool("pdftotext", str(pdf), "-").stdout


def test_an_svg_of_many_blocks_is_read_after_its_open_elements_alone(make_project, monkeypatch):
    """A valid inline <svg> that Markdown reads as 150 blocks (a blank line
    between its elements) passes: each block is read after the start tags
    of the elements still open (<svg><g>), not after all that came before,
    so the HTML parsed is a few times the document, not its square (400
    such blocks took 70 s); and a refresh hidden in the <style> of its last block
    is still what a browser finds in it."""
    import tinyhtml5

    paths = "\n\n".join(f'<path d="M{n} 0 L{n} 100 L{n + 1} 50 Z"/>' for n in range(150))
    svg = f'<svg viewBox="0 0 400 100">\n\n<g fill="none">\n\n{paths}\n\n</g>\n\n</svg>\n'
    hostile = svg.replace("</g>", '<style><meta http-equiv="refresh" content="0;url=https://example.org/r"></style>\n\n</g>')
    root = make_project({"source/a.md": f"# T\n\n{svg}", "source/b.md": f"# T\n\n{hostile}"})
    parsed = []
    parse = tinyhtml5.parse
    monkeypatch.setattr(tinyhtml5, "parse", lambda text, **options: parsed.append(len(text)) or parse(text, **options))
    project = load_project(root)
    assert document_media(project, read_document(root / "source/a.md", relative="source/a.md", root=root)) == {}
    assert sum(parsed) < 20 * len(svg)
    with pytest.raises(SourceError, match=r"^source/b.md:307: raw HTML: <meta> is not published: a browser finds it"):
        document_media(project, read_document(root / "source/b.md", relative="source/b.md", root=root))


def test_raw_html_left_open_for_long_is_an_error_at_its_line(make_project):
    """Each piece after a <noscript> never closed was read after all those
    before it (400 paragraphs: 27 s), and no open elements can stand for
    them (its content is text to a browser that runs scripts); still open
    64 pieces later, it is an error at the line that opened it, and one
    closed in time is read as before."""
    paragraphs = "\n\n".join(f"Paragraph {n}." for n in range(200))
    root = make_project({
        "source/a.md": "# T\n\n<noscript>\n\n" + paragraphs + "\n",
        "source/b.md": "# T\n\n<noscript>\n\nOne paragraph.\n\n</noscript>\n\n" + paragraphs + "\n",
    })
    project = load_project(root)
    with pytest.raises(SourceError, match=r"^source/a.md:3: raw HTML: what opens here .* is still open 64 pieces"):
        document_media(project, read_document(root / "source/a.md", relative="source/a.md", root=root))
    assert document_media(project, read_document(root / "source/b.md", relative="source/b.md", root=root)) == {}
