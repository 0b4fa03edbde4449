"""Fonts by configuration: only configured faces reach a PDF (poppler's pdffonts
as the oracle), [tool.booklet.fonts] stacks for a script or a language, and
the glyph check's errors for what no configured face draws."""
from __future__ import annotations

from pathlib import Path

import polib
import pytest

from pipeline.build import build
from pipeline.catalog.pofile import format_po
from pipeline.config import load_project
from pipeline.init import init

from ..conftest import run_tool

JAPANESE = "潮は月に引かれて満ちる。"
PAGE = """\
# Tides

- The moon, α and β.
- The sun.

Written `tide(α)` in code.

1. First.
2. Second.

The last line.
"""
CRAB = "# Crabs\n\nA crab 🦀 walks sideways.\n"
#: A hieroglyph (U+1319B, a fish): in none of the default faces (the glyph check's example)
FISH = "\U0001319b"
HIEROGLYPH = f"# Fish\n\nA fish {FISH} swims.\n"


def make_font(path: Path, family: str, characters: str) -> Path:
    """A TrueType font drawing each of ``characters`` as a box: a face of
    the project's own, made here (no font is downloaded for a test)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    characters = "".join(dict.fromkeys(characters))
    names = [".notdef"] + [f"u{ord(c):04X}" for c in characters]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({ord(c): f"u{ord(c):04X}" for c in characters})
    glyphs = {}
    for name in names:
        pen = TTGlyphPen(None)
        pen.moveTo((100, 0)), pen.lineTo((100, 700)), pen.lineTo((800, 700)), pen.lineTo((800, 0)), pen.closePath()
        glyphs[name] = pen.glyph()
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics({name: (900, 100) for name in names})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120, usWeightClass=400)
    builder.setupPost()
    path.parent.mkdir(parents=True, exist_ok=True)
    builder.save(str(path))
    return path


def japanese_font(root: Path) -> Path:
    # Hiragana, katakana, CJK punctuation, full-width forms, and the
    # sentence's and the language names' (日本語, 英語) kanji
    kana = "".join(chr(c) for c in [*range(0x3000, 0x3100), *range(0xFF01, 0xFF5F)])
    return make_font(root / "templates/fonts/TideJapanese.ttf", "Tide Japanese", kana + JAPANESE + "日本語英")


def embedded(pdf: Path) -> set[str]:
    """The font names pdffonts lists, without the subset prefix."""
    rows = run_tool("pdffonts", str(pdf)).stdout.splitlines()[2:]
    return {row.split()[0].split("+", 1)[-1] for row in rows}


def translate(root: Path, language: str, domain: str, msgstrs: dict[str, str], fuzzy: tuple[str, ...] = ()) -> Path:
    path = root / "locales" / language / "LC_MESSAGES" / f"{domain}.po"
    po = polib.pofile(str(path))
    for msgid, msgstr in msgstrs.items():
        entry = po.find(msgid)
        entry.msgstr = msgstr
        if msgid in fuzzy:
            entry.flags.append("fuzzy")
    path.write_text(format_po(po), encoding="utf-8")
    return path


@pytest.fixture
def tide_project(make_project):
    root = make_project(
        {"source/tides.md": PAGE, "source/crabs.md": CRAB, "source/fish.md": HIEROGLYPH},
        languages=("ja",),
        extra='\n[tool.booklet.fonts]\nja = ["templates/fonts/TideJapanese.ttf"]\n',
    )
    japanese_font(root)
    project = load_project(root)
    init(project, ["ja"])
    translate(root, "ja", "tides", {"The last line.": JAPANESE})
    return root


def configured(pdf_fonts: set[str], settings) -> bool:
    """Whether every font pdffonts names is one of the configured faces."""
    from pipeline.render import fonts

    families = {face.family for face in fonts.font_faces(settings)}
    prefixes = tuple({f.replace(" ", "-") for f in families} | {f.replace(" ", "") for f in families})
    return bool(pdf_fonts) and all(font.startswith(prefixes) for font in pdf_fonts)


def test_a_pdf_embeds_only_configured_fonts(tide_project):
    root = tide_project
    project = load_project(root)
    report = build(project, formats=["html", "pdf"])
    # Bullets, α and β in text and in code, numbers, 🦀: all drawn by the
    # configured faces (α in code by Noto Serif: IBM Plex Mono has no Greek,
    # and the machine's DejaVu is out of Fontconfig's sight).
    for pdf in (root / "output/pdf/en/tides.pdf", root / "output/pdf/ja/tides.pdf", root / "output/pdf/en/crabs.pdf"):
        assert configured(embedded(pdf), project.fonts), embedded(pdf)
    assert any("Japanese" in f for f in embedded(root / "output/pdf/ja/tides.pdf"))
    assert "Noto-Color-Emoji" in embedded(root / "output/pdf/en/crabs.pdf")
    assert "🦀" in run_tool("pdftotext", str(root / "output/pdf/en/crabs.pdf"), "-").stdout
    assert "•" in run_tool("pdftotext", str(root / "output/pdf/en/tides.pdf"), "-").stdout
    assert JAPANESE in run_tool("pdftotext", str(root / "output/pdf/ja/tides.pdf"), "-").stdout.replace("\n", "")
    # The hieroglyph: no configured face has it. That booklet alone stops, in
    # each language, with the source line; the pages and the other booklets are made.
    messages = sorted(str(failure) for failure in report.failures)
    assert len(messages) == 2, messages
    for language, message in zip(("en", "ja"), messages):
        assert message.startswith(f"source/fish.md:3: {language}: no configured font has a glyph for U+1319B"), message
        assert "[tool.booklet.fonts]" in message
    assert not (root / "output/pdf/en/fish.pdf").exists()
    assert FISH in (root / "output/html/en/fish.html").read_text(encoding="utf-8")
    # No page links a booklet that was not made, and the build says so; the others are linked.
    for language in ("en", "ja"):
        assert f"output/pdf/{language}/fish.pdf: warning: not made, so the web edition does not link it" in report.warnings
        assert 'href="fish.pdf"' not in (root / f"output/html/{language}/fish.html").read_text(encoding="utf-8")
        assert 'href="tides.pdf"' in (root / f"output/html/{language}/tides.html").read_text(encoding="utf-8")
    index = (root / "output/html/index.html").read_text(encoding="utf-8")
    assert 'href="en/fish.html"' in index and "fish.pdf" not in index and 'href="en/crabs.pdf"' in index
    assert (root / "output/html/ja/tides.html").is_file()
    # the web edition serves the project's face too, cut down to the site's characters
    served = {path.name.split("-")[0] for path in (root / "output/html/assets/fonts").iterdir()}
    assert {"TideJapanese", "NotoSerif", "IBMPlexMono"} <= served
    assert "'Tide Japanese'" in (root / "output/html/assets/site.css").read_text(encoding="utf-8")


def test_a_fallback_face_draws_what_the_stacks_lack(tide_project):
    root = tide_project
    make_font(root / "templates/fonts/Crab.ttf", "Crab Symbols", FISH)
    config = root / "pyproject.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + 'fallback = ["templates/fonts/Crab.ttf"]\n', encoding="utf-8"
    )
    # The project's fallback replaces the default one (symbols, emoji): 🦀 is drawn by no face now.
    report = build(load_project(root), formats=["pdf"])
    assert sorted(str(f).split(" (hint")[0] for f in report.failures) == [
        f"source/crabs.md:3: {language}: no configured font has a glyph for U+1F980 '🦀'" for language in ("en", "ja")
    ]
    config.write_text(config.read_text(encoding="utf-8").replace('Crab.ttf"]', 'Crab.ttf", "Noto Color Emoji"]'), encoding="utf-8")
    report = build(load_project(root), formats=["pdf"])
    assert not report.failures, [str(f) for f in report.failures]
    assert "Crab-Symbols" in embedded(root / "output/pdf/en/fish.pdf") or "CrabSymbols" in embedded(
        root / "output/pdf/en/fish.pdf"
    )


def test_the_error_names_the_published_entry_not_a_fuzzy_one(tide_project):
    root = tide_project
    # The fuzzy entry comes first in the catalogue, and is not published
    # (fuzzy = "skip"): the error is about the translation readers get.
    po = translate(
        root,
        "ja",
        "tides",
        {"The moon, α and β.": f"月 {FISH}", "The sun.": f"太陽 {FISH}"},
        fuzzy=("The moon, α and β.",),
    )
    lines = po.read_text(encoding="utf-8").split("\n")
    report = build(load_project(root), languages=["ja"], formats=["pdf"])
    message = next(str(f) for f in report.failures if "LC_MESSAGES" in str(f))
    published = lines.index(f'msgstr "太陽 {FISH}"') + 1
    assert message.startswith(f"locales/ja/LC_MESSAGES/tides.po:{published}: ja:"), message


def test_nested_bullets_are_drawn_by_the_shipped_faces(make_project):
    # WeasyPrint would draw a circle inside a list and a square below it, which
    # no shipped face has: booklet.css sets a dash and a middle dot, and the
    # glyph check predicts the same three (render/coverage.py).
    root = make_project({"source/a.md": "# A\n\n- one\n  - two\n    - three\n"})
    project = load_project(root)
    init(project, ["de"])
    report = build(project, languages=["en"], formats=["pdf"])
    assert not report.failures, [str(f) for f in report.failures]
    pdf = root / "output/pdf/en/a.pdf"
    assert embedded(pdf) <= {"Noto-Serif", "Noto-Serif-Bold"}, embedded(pdf)
    text = run_tool("pdftotext", str(pdf), "-").stdout
    assert "\u2022 one" in text and "\u2013 two" in text and "\u00b7 three" in text


def test_a_language_stack_comes_first_in_its_pages(tide_project):
    from pipeline.render.context import font_context

    project = load_project(tide_project)
    stacks = font_context("ja", project.fonts)
    assert stacks["fonts"].startswith("'Tide Japanese', 'Noto Serif'")
    assert stacks["fonts"].endswith("serif, emoji")  # the reader's browser: its own emoji font
    assert font_context("en", project.fonts)["fonts"].startswith("'Noto Serif'")
