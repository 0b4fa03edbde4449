"""Code blocks highlighted (render.highlight): classes in the HTML, colours from the stylesheets, in a browser and a PDF."""
from __future__ import annotations

import re
import textwrap
from pathlib import Path

import polib
import pypdf
import pytest

from pipeline.build import build
from pipeline.config import load_project
from pipeline.init import init
from pipeline.render.highlight import MAX_CHARACTERS, highlight
from pipeline.source import parse_document
from pipeline.translate import translate_document

from ..conftest import REPO, run_tool, static_server
from .test_web import load_axe

RTL = {"en": False, "ar": True}
TEMPLATES = REPO / "pipeline" / "templates"

PAGE = textwrap.dedent(
    """\
    # Code

    A paragraph.

    ```rust,editable
    # use std::io;
    fn main() {
        // the answer
        let answer = 42;
        println!("{answer}");
    }
    ```

    ```python
    def greet(name):
        return "<script>alert(1)</script>" + name  # not run
    ```

    ```klingon
    qapla' <b>batlh</b>
    ```

        indented <i>
    """
)


def _body(text: str, language: str = "en") -> str:
    document = parse_document(text, name="a", path="source/a.md")
    return translate_document(document, None, language=language, source_language="en", rtl=RTL).body


def test_python_and_rust_blocks_carry_the_palette_classes():
    body = _body(PAGE)
    assert (
        '<pre dir="ltr"><code dir="ltr" class="language-rust,editable"><span class="k">fn</span> <span class="nf">main</span>() {\n'
        '    <span class="c">// the answer\n</span>    <span class="k">let</span> answer = <span class="m">42</span>;\n'
        '    <span class="nf">println!</span>(<span class="s">&quot;{answer}&quot;</span>);\n}\n</code></pre>'
    ) in body
    assert (
        '<pre dir="ltr"><code dir="ltr" class="language-python"><span class="k">def</span> <span class="nf">greet</span>(name):\n'
        '    <span class="k">return</span> <span class="s">&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;</span>'
        ' + name  <span class="c"># not run</span>\n</code></pre>'
    ) in body


def test_inline_code_stays_plain():
    """No language to name (render.highlight): a code span is set as written, not coloured."""
    body = _body("Write `let answer = 42;` or `x`{.rust} and `<b>`.\n")
    assert re.findall(r"<code[^>]*>(.*?)</code>", body) == ["let answer = 42;", "x", "&lt;b&gt;"]
    assert "{.rust}" in body and "<span" not in body


def test_the_rust_hidden_lines_stay_hidden():
    body = _body(PAGE)
    assert "use" not in body and "std::io" not in body


def test_code_is_escaped_and_unknown_languages_are_plain():
    body = _body(PAGE)
    assert "<script" not in body and "<b>" not in body and "<i>" not in body
    assert '<pre dir="ltr"><code dir="ltr" class="language-klingon">qapla\' &lt;b&gt;batlh&lt;/b&gt;\n</code></pre>' in body
    assert '<pre dir="ltr"><code dir="ltr">indented &lt;i&gt;\n</code></pre>' in body
    assert " style=" not in body  # the booklet's stylesheet is parsed once only without (render.pdf)


@pytest.mark.parametrize(
    "code, info",
    [
        ("x = 1\n", ""),  # no language
        ("x = 1\n", "klingon"),
        ("x = 1\n" * (MAX_CHARACTERS // 6 + 1), "python"),  # too long to be worth it
    ],
)
def test_what_is_shown_plain(code, info):
    assert highlight(code, info) is None


@pytest.mark.parametrize(
    "code, info",
    [
        ("\n\n\tx = 1\n\n", "python"),  # Pygments strips newlines and expands tabs unless told not to
        ("int main(void) {}", "c"),  # no final newline
        ("a \u2192 b // \u00e9\n", "rust"),
        ("{\"a\": [1, 2.5e3, null]}\n", "json"),
        ("-old\n+new\n", "diff"),
    ],
)
def test_the_text_is_kept_as_written(code, info):
    import html

    shown = highlight(code, info)
    assert shown is not None and "<span" in shown
    assert html.unescape(re.sub(r"<[^>]+>", "", shown)) == code


def _palette(name: str) -> str:
    css = (TEMPLATES / name).read_text(encoding="utf-8")
    start = css.index("/* ==== Code highlighting")
    end = css.index("/* ==== end of code highlighting ==== */")
    assert not css[end:].replace("/* ==== end of code highlighting ==== */", "").strip()  # the last section
    return css[start:end]


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_one_palette_that_reads_in_colour_and_in_greyscale():
    from pipeline.render.highlight import CLASSES

    palette = _palette("booklet.css")
    assert palette == _palette("site.css")
    styled = set(re.findall(r"pre \.([a-z]+)", palette))
    assert styled == set(CLASSES.values())  # no class without a rule, no rule for a class never written
    colours = re.findall(r"color: (#[0-9a-f]{6})", palette)
    assert colours
    for background in ("#ffffff", "#fdfdfb"):  # the booklet's page, the site's --bg
        for colour in colours:
            lighter, darker = sorted((_luminance(colour), _luminance(background)), reverse=True)
            assert (lighter + 0.05) / (darker + 0.05) >= 4.5, (colour, background)
    # In greyscale, the two kinds readers most need told apart from plain text differ by more than colour.
    assert re.search(r"pre \.k \{[^}]*font-weight: 700", palette)
    assert re.search(r"pre \.c \{[^}]*font-style: italic", palette)


@pytest.fixture(scope="module")
def arabic(tmp_path_factory) -> Path:
    """A page with code in English and Arabic, built as PDF and HTML."""
    root = tmp_path_factory.mktemp("highlight")
    (root / "source").mkdir()
    (root / "pyproject.toml").write_text(
        '[project]\nname = "code"\nversion = "1.0"\n\n[tool.booklet]\nlanguages = ["ar"]\n', encoding="utf-8"
    )
    (root / "source" / "a.md").write_text(PAGE, encoding="utf-8")
    project = load_project(root)
    init(project, ["ar"])
    po_path = root / "locales" / "ar" / "LC_MESSAGES" / "a.po"
    po = polib.pofile(str(po_path))
    for entry in po:
        entry.msgstr = {"Code": "الشيفرة", "A paragraph.": "فقرة."}.get(entry.msgid, entry.msgstr)
    po.save(str(po_path))
    report = build(project, formats=["pdf", "html"])
    assert not report.failures, [str(f) for f in report.failures]
    return root


def test_the_arabic_pdf_draws_the_code_in_colour_and_in_order(arabic):
    pdf = arabic / "output" / "pdf" / "ar" / "a.pdf"
    text = run_tool("pdftotext", "-layout", str(pdf), "-").stdout
    assert "الشيفرة" in text and "fn main() {" in text and 'println!("{answer}");' in text
    assert 'return "<script>alert(1)</script>" + name # not run' in " ".join(text.split())
    fills: set[tuple[float, ...]] = set()
    for page in pypdf.PdfReader(pdf).pages:
        for operands, operator in pypdf.generic.ContentStream(page.get_contents(), None).operations:
            if operator == b"rg":
                fills.add(tuple(round(float(value) * 255) for value in operands))
    for colour in ("#7a1f5c", "#5c5c5c", "#1e5e1e", "#6b3a00"):  # keyword, comment, string, function
        assert tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5)) in fills, (colour, fills)
    fonts = run_tool("pdffonts", str(pdf)).stdout
    # Bold keywords and italic comments in the shipped faces, not synthesised from the regular one.
    assert "IBM-Plex-Mono-Bold" in fonts and "IBM-Plex-Mono-Italic" in fonts, fonts


@pytest.mark.parametrize("language", ["en", "ar"])
def test_axe_finds_the_highlighted_code_legible(arabic, page, language):
    with static_server(arabic / "output" / "html") as url:
        page.goto(f"{url}{language}/a.html")
        assert page.evaluate("getComputedStyle(document.querySelector('pre code')).direction") == "ltr"
        load_axe(page)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations', 'passes']})")
        assert page.console_errors == []
    violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
    assert violations == []
    # and axe did look at the coloured tokens: their contrast passed, not went unchecked
    contrast = next(rule for rule in result["passes"] if rule["id"] == "color-contrast")
    checked = {target for node in contrast["nodes"] for target in node["target"]}
    assert any(re.search(r"\.(k|c|s|nf|m)\b", target) for target in checked), checked
