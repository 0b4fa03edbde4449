"""The default faces in the test book: its Japanese edition and its emoji build with no
[tool.booklet.fonts]; poppler (pdffonts, pdftotext, pdftoppm) and Chromium read them back."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pypdf

from pipeline.build import build
from pipeline.config import load_project
from pipeline.render import fonts

from ..conftest import run_tool, static_server
from .conftest import TIDEBOOK

EMOJI = "🦀🌊"  # in the Japanese thanks (a translator's)


def _fonts_of(pdf: Path) -> dict[str, str]:
    """pdffonts' rows: font name (without the subset prefix) -> its "emb" column."""
    rows = run_tool("pdffonts", str(pdf)).stdout.splitlines()[2:]
    return {row.split()[0].split("+", 1)[-1]: row.split()[-5] for row in rows}


def _reader_text(msgstr: str) -> str:
    """A msgstr as the page shows it: a link's text, code without its backticks."""
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", msgstr).replace("`", "")


def test_the_japanese_booklet_embeds_only_configured_faces(tidebook):
    pdf = tidebook["ja"][1]
    found = _fonts_of(pdf)
    families = sorted({face.family.replace(" ", "-") for face in fonts.font_faces()}, key=len, reverse=True)
    for name, embedded in found.items():
        assert embedded == "yes", name
        assert any(name == family or name.startswith(family + "-") for family in families), name
    assert {"Noto-Serif-CJK-JP", "Noto-Serif-CJK-JP-Bold", "Noto-Color-Emoji"} <= set(found)


def _alt_texts(pdf: Path) -> list[str]:
    """The /Alt of every element of the PDF's structure tree: what a screen reader says for an image."""
    found, stack = [], [pypdf.PdfReader(pdf).trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop()
        node = node.get_object() if isinstance(node, pypdf.generic.IndirectObject) else node
        if isinstance(node, dict):
            found += [str(node["/Alt"])] if "/Alt" in node else []
            stack += [node["/K"]] if "/K" in node else []
        elif isinstance(node, list):
            stack += node
    return found


def test_pdftotext_reads_every_japanese_translation_back(tidebook):
    """Every translation is on a page, and an image's alt text in the structure tree."""
    pdf = tidebook["ja"][1]
    text = run_tool("pdftotext", str(pdf), "-").stdout.replace("\n", "")
    catalogue = polib.pofile(str(TIDEBOOK / "locales/ja/LC_MESSAGES/guide.po"))
    entries = catalogue.translated_entries()
    assert len(entries) == len(catalogue)
    alts = [e.msgstr for e in entries if e.comment == "image alt text"]
    shown = [_reader_text(e.msgstr) for e in entries if e.comment != "image alt text"]
    assert any(set(EMOJI) <= set(s) for s in shown) and alts
    assert [s for s in shown if s not in text] == []
    assert [s for s in alts if s not in _alt_texts(pdf)] == []


def _page_of(pdf: Path, needle: str) -> int:
    pages = int(re.search(r"Pages:\s+(\d+)", run_tool("pdfinfo", str(pdf)).stdout).group(1))
    return next(n for n in range(1, pages + 1) if needle in run_tool("pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-").stdout)


def test_emoji_are_drawn_in_colour_at_the_size_of_the_text(tidebook, tmp_path):
    from PIL import Image

    pdf = tidebook["ja"][1]
    number = _page_of(pdf, EMOJI[0])
    run_tool("pdftoppm", "-r", "72", "-png", "-f", str(number), "-l", str(number), str(pdf), str(tmp_path / "page"))
    image = Image.open(next(tmp_path.glob("page-*.png"))).convert("HSV")
    # The emoji are the page's only colour: the rows with saturated pixels,
    # in runs (one per line of text they are on).
    saturated = image.getchannel("S").point(lambda s: 255 if s > 100 else 0)
    rows = [y for y in range(image.height) if saturated.crop((0, y, image.width, y + 1)).getbbox()]
    runs = [len(run) for run in _runs(rows)]
    # 10.5 pt text at 72 dpi: about 10 pixels an em (unscaled, Noto Color Emoji's bitmaps are 109)
    assert runs and len(runs) <= len(EMOJI) and all(6 <= run <= 16 for run in runs), runs


def _runs(rows: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for y in rows:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return runs


def test_chromium_sets_the_japanese_page_in_the_served_cjk_face(tmp_path, page):
    root = tmp_path / "tidebook"
    shutil.copytree(TIDEBOOK, root)
    report = build(load_project(root), languages=["ja"], formats=["html"])
    assert not report.failures, [str(f) for f in report.failures]
    css = (root / "output/html/assets/site.css").read_text(encoding="utf-8")
    assert "font-family: 'Noto Serif CJK JP'" in css and "Noto Color Emoji'; src" not in css
    with static_server(root / "output/html") as url:
        page.goto(url + "ja/guide/thanks.html")
        page.evaluate("document.fonts.ready.then(() => true)")
        session = page.context.new_cdp_session(page)
        session.send("DOM.enable")
        session.send("CSS.enable")
        document = session.send("DOM.getDocument")
        node = session.send("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": "main p"})
        used = session.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
        paragraph = page.locator("main p").first.inner_text()
    served = [f for f in used if f["isCustomFont"]]
    assert [f["familyName"] for f in served] == ["Noto Serif CJK JP"], used
    # every character but the two emoji, which the reader's own emoji font draws
    assert served[0]["glyphCount"] == len(paragraph) - len(EMOJI), (used, paragraph)


def test_one_cjk_face_gives_each_language_its_own_forms(make_project):
    """直 is drawn differently in Japanese and in simplified Chinese: the page's
    language selects the form from the one Noto Serif CJK face (OpenType locl)."""
    import pypdf
    import uharfbuzz

    from pipeline.cache import FONT_CACHE
    from pipeline.init import init

    from .test_font_configuration import translate

    root = make_project({"source/a.md": "# Straight\n\nStraight on.\n"}, languages=("ja", "zh_Hans"))
    project = load_project(root)
    init(project, ["ja", "zh_Hans"])
    texts = {"ja": {"Straight": "まっすぐ", "Straight on.": "真っ直ぐ進む。"}, "zh_Hans": {"Straight": "向前", "Straight on.": "一直走。"}}
    for language, msgstrs in texts.items():
        translate(root, language, "a", msgstrs)
    report = build(load_project(root), formats=["pdf"])
    assert not report.failures, [str(f) for f in report.failures]
    # The oracle: HarfBuzz shaping 直 with the face the booklets embed, for each language.
    face = next(f for f in fonts.print_faces(root / FONT_CACHE) if f.family == "Noto Serif CJK JP" and f.weight == "400")
    font = uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(face.file))))
    expected = {}
    for language, tag in (("ja", "ja"), ("zh_Hans", "zh-Hans")):
        buffer = uharfbuzz.Buffer()
        buffer.add_str("直")
        buffer.guess_segment_properties()
        buffer.language = tag
        uharfbuzz.shape(font, buffer, {})
        expected[language] = f"{buffer.glyph_infos[0].codepoint:04x}".encode()
    assert expected["ja"] != expected["zh_Hans"]
    for language, other in (("ja", "zh_Hans"), ("zh_Hans", "ja")):
        pdf = root / f"output/pdf/{language}/a.pdf"
        assert "Noto-Serif-CJK-JP" in _fonts_of(pdf)
        # WeasyPrint writes a face's own glyph numbers (it subsets keeping them), four hex digits each
        shown = set()
        for page in pypdf.PdfReader(str(pdf)).pages:
            for run in re.findall(rb"<([0-9a-f]+)>", page.get_contents().get_data()):
                shown |= {run[i : i + 4] for i in range(0, len(run), 4)}
        assert expected[language] in shown and expected[other] not in shown, (language, expected)


def test_a_booklet_declares_only_the_faces_its_text_can_need(tidebook):
    """The German booklet neither reads nor loads the 24 MB CJK faces; the Japanese one does."""
    def declared(html: str) -> set[str]:
        return set(re.findall(r"@font-face \{ font-family: '([^']+)'", html))

    german, japanese = declared(tidebook["de"][0]), declared(tidebook["ja"][0])
    from pipeline.render.fonts import WIDTHS, width_family

    text = {"Noto Serif", *(width_family("Noto Serif", width) for width in WIDTHS)}  # its widths for the line breaker
    assert german == text | {"Amiri", "IBM Plex Mono"}, german
    assert text | {"Amiri", "IBM Plex Mono", "Noto Serif CJK JP", "Noto Color Emoji"} <= japanese, japanese
    assert "Noto Serif Hebrew" not in japanese
