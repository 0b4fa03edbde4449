"""The HTML edition in real tools: the Nu Html Checker, axe-core in headless Chromium, and a browser."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from pipeline.build import build
from pipeline.config import load_project

from ..conftest import REPO, need_tool, static_server

LANGUAGES = ("en", "az", "ru", "tr", "ar", "de")
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


def _need_file(path: Path) -> Path:
    if not path.is_file():
        import os

        message = f"{path} is missing (make test runs npm ci)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def load_axe(page) -> None:
    """axe-core into the page, evaluated as the test's own code: a <script>
    tag of it (Playwright's add_script_tag) is an inline script, which the
    pages' Content-Security-Policy refuses, as it should."""
    page.evaluate(_need_file(AXE).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("site")
    for name in ("pyproject.toml", "source", "locales", "templates"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    report = build(load_project(root), formats=["html", "pdf"])
    assert not report.failures
    return root / "output" / "html"


def pages(site: Path) -> list[Path]:
    return [site / "index.html"] + [site / l / "black-january.html" for l in LANGUAGES]


def test_nu_html_checker_finds_no_errors(site):
    java = need_tool("java")
    vnu = _need_file(VNU)
    result = subprocess.run(
        [java, "-jar", str(vnu), "--errors-only", "--format", "json", *map(str, pages(site))],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert messages == [], messages
    css = subprocess.run(
        [java, "-jar", str(vnu), "--css", "--errors-only", "--format", "json", str(site / "assets" / "site.css")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert json.loads(css.stderr or css.stdout)["messages"] == []


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.urls.append(value)


def test_every_internal_link_and_resource_resolves(site):
    checked = 0
    for page in pages(site):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for url in parser.urls:
            parsed = urlparse(url)
            if parsed.scheme == "data":
                continue  # inline (the favicon placeholder)
            assert not parsed.scheme and not parsed.netloc, f"{page.name}: absolute URL {url}"
            if not parsed.path:
                continue  # a fragment on the same page
            target = (page.parent / unquote(parsed.path)).resolve()
            assert target.is_file(), f"{page}: {url} does not resolve"
            checked += 1
    css = (site / "assets" / "site.css").read_text(encoding="utf-8")
    for url in re.findall(r"url\('([^']+)'\)", css):
        assert (site / "assets" / url).is_file(), url
        checked += 1
    assert checked > 50


@pytest.fixture(scope="module")
def server(site):
    """The site over HTTP on 127.0.0.1, as a static host would serve it."""
    with static_server(site) as url:
        yield url


NAMES = ["index.html"] + [f"{l}/black-january.html" for l in LANGUAGES]


@pytest.mark.parametrize("name", NAMES)
def test_axe_finds_no_violations(server, page, name):
    page.goto(server + name)
    assert page.console_errors == []
    load_axe(page)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
    assert violations == []


@pytest.mark.parametrize("name", NAMES)
def test_pages_load_without_errors_from_file_urls(site, page, name):
    page.goto((site / name).as_uri())
    page.wait_for_load_state("load")
    assert page.console_errors == []


def test_switcher_stays_on_the_document(site, page):
    page.goto((site / "en" / "black-january.html").as_uri())
    page.click("nav.languages a[hreflang='de']")
    page.wait_for_load_state()
    assert page.url.endswith("/de/black-january.html")
    assert page.evaluate("document.documentElement.lang") == "de"
    page.click("nav.languages a[hreflang='ar']")
    page.wait_for_load_state()
    assert page.url.endswith("/ar/black-january.html")


def test_arabic_lays_out_right_to_left(site, page):
    page.goto((site / "ar" / "black-january.html").as_uri())
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # The title's text (not its block box) hugs the right edge of the text column.
    text = page.evaluate(
        """() => { const r = document.createRange(); r.selectNodeContents(document.querySelector('h1.title'));
                   const t = r.getBoundingClientRect(); return {left: t.left, right: t.right}; }"""
    )
    column = page.locator("article.text p").first.bounding_box()
    assert abs(text["right"] - (column["x"] + column["width"])) < 2
    assert text["left"] > column["x"] + 50
    english = page.goto((site / "en" / "black-january.html").as_uri())
    assert english is None or english.ok
    assert page.evaluate("getComputedStyle(document.body).direction") == "ltr"


@pytest.mark.parametrize("language", LANGUAGES)
def test_screenshot_is_not_blank(site, page, language, tmp_path):
    from PIL import Image

    page.goto((site / language / "black-january.html").as_uri())
    shot = tmp_path / f"{language}.png"
    page.screenshot(path=str(shot), full_page=False)
    image = Image.open(shot).convert("L")
    dark = sum(1 for value in image.tobytes() if value < 128)
    assert dark > 0.01 * image.width * image.height, "almost nothing is drawn"
    assert page.evaluate("document.fonts.check('16px \"Noto Serif\"')")


def test_fonts_are_small_subsets_that_cover_every_page(site):
    from fontTools.ttLib import TTFont

    files = sorted((site / "assets" / "fonts").iterdir())
    assert files and all(f.suffix == ".woff2" for f in files), [f.name for f in files]
    assert sum(f.stat().st_size for f in files) < 500_000  # the shipped files: 6.3 MB
    css = (site / "assets" / "site.css").read_text(encoding="utf-8")
    assert {f.name for f in files} == set(re.findall(r"url\('fonts/([^']+)'\)", css))
    covered: dict[str, set[int]] = {}
    for f in files:
        covered.setdefault(f.name.split("-")[0], set()).update(TTFont(f).getBestCmap())
    from html import unescape

    for page in pages(site):
        text = unescape(page.read_text(encoding="utf-8"))
        letters = {ord(c) for c in text if not c.isspace() and ord(c) >= 0x20}
        arabic = {c for c in letters if 0x0600 <= c <= 0x06FF}
        assert letters - arabic <= covered["NotoSerif"], page
        assert arabic <= covered["Amiri"], page


@pytest.mark.parametrize("language, family", [("en", "Noto Serif"), ("ru", "Noto Serif"), ("ar", "Amiri")])
def test_the_browser_draws_with_the_site_fonts(server, page, language, family):
    # What Chromium actually used for the first paragraph, not a fallback.
    page.goto(f"{server}{language}/black-january.html")
    page.evaluate("document.fonts.ready")
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "article.text p"})["nodeId"]
    used = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    assert used and used[0]["familyName"] == family and used[0]["isCustomFont"] is True, used
    assert page.console_errors == []


def test_site_fonts_are_made_once_when_the_characters_were_foreseen(tmp_path, monkeypatch):
    from concurrent.futures import Future

    from pipeline.config import load_project
    from pipeline.render import fonts
    from pipeline.render.web import SiteFonts

    (tmp_path / "pyproject.toml").write_text('[tool.booklet]\nlanguages = ["de"]\n', encoding="utf-8")
    made = []
    original = fonts.web_faces
    monkeypatch.setattr(fonts, "web_faces", lambda *args, **kwargs: made.append(args[2]) or original(*args, **kwargs))

    def aside(function, *args):  # a worker that runs at once
        future = Future()
        future.set_result(function(*args))
        return future

    site_fonts = SiteFonts(load_project(tmp_path), compress=False)
    site_fonts.start({"B", "a", "k", "u"}, aside)
    foreseen = site_fonts.faces({"B", "a", "k", "u"})
    assert made == ["Baku"]
    unforeseen = site_fonts.faces({"B", "a", "k", "u", "ы"})  # a page showed more: made again, for what it shows
    assert made == ["Baku", "Baku\u044b"] and foreseen != unforeseen
    nobody = SiteFonts(load_project(tmp_path), compress=False)
    nobody.start({"x"}, lambda function, *args: None)  # no worker: made when asked
    nobody.faces({"x"})
    assert made[-1] == "x"


def test_a_build_makes_the_site_fonts_once(make_project, monkeypatch):
    from pipeline.render import fonts
    from pipeline.init import init

    root = make_project({"source/a.md": "# Title\n\nText.\n\n*Emphasis* and `code`.\n"}, languages=("de", "ru", "ar"))
    project = load_project(root)
    init(project, ["de", "ru", "ar"])
    log = root / "made.log"  # the fonts are made in a worker process
    original = fonts.web_faces

    def web_faces(*args, **kwargs):
        with log.open("a", encoding="utf-8") as handle:
            handle.write("made\n")
        return original(*args, **kwargs)

    monkeypatch.setattr(fonts, "web_faces", web_faces)
    assert not build(project).failures
    assert log.read_text(encoding="utf-8") == "made\n"


def test_a_pdf_size_is_written_in_the_languages_own_units():
    from pipeline.render.web import _size_label

    assert _size_label(72_400, "en") == "72 kB" and _size_label(1_234_567, "de") == "1,2 MB"
    assert _size_label(72_400, "ru") == "72 кБ" and _size_label(72_400, "ar").endswith("كيلوبايت")


@pytest.mark.parametrize("name", NAMES)
def test_a_script_that_got_into_a_page_does_not_run(site, page, tmp_path, name):
    """Defence in depth behind the escaping of translations: the pages'
    Content-Security-Policy runs the site's own script files alone, so an
    inline script, a handler or a script from elsewhere that reached a page
    (a template's mistake, say) does nothing, while the search still loads."""
    import shutil

    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page_file = copy / name
    html = page_file.read_text(encoding="utf-8")
    injected = (
        '<script>document.title = "inline ran"</script>'
        '<img src="data:," onload="document.title = \'handler ran\'" alt="">'
        '<script src="data:text/javascript,document.title=%22data%20ran%22"></script>'
    )
    page_file.write_text(html.replace("</main>", injected + "</main>", 1), encoding="utf-8")
    with static_server(copy) as url:
        page.goto(url + name)
        page.wait_for_load_state("load")
        assert "ran" not in page.title()
        if name != "index.html":
            page.locator("#search input").wait_for(timeout=10_000)
    refused = [error for error in page.console_errors if "Content Security Policy" in error]
    assert len(refused) == 3, page.console_errors
