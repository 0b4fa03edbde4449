"""The PDF text layer reads back as written (poppler's pdftotext as the reader), and pages look as before."""
from __future__ import annotations

import contextlib
import re
import subprocess
import unicodedata
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest

from pipeline.render import fonts, pdf

from ..conftest import need_tool

#: The elements whose text is a paragraph of the booklet's body.
BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "blockquote", "figcaption", "td", "th"}
#: Hyphens a line can end with: U+2010 is WeasyPrint's hyphenate-character, the others are the text's.
HYPHENS = "\u2010-\u00ad"
#: pdftotext writes direction controls around each run of the other direction; they draw nothing.
BIDI_CONTROLS = dict.fromkeys((0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)))


class _Paragraphs(HTMLParser):
    """The text of each paragraph of a booklet's body (its <main>), as a reader sees it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._main = 0
        self._open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._main += tag == "main"
        if self._main and tag in BLOCKS:
            self._open.append([])

    def handle_endtag(self, tag: str) -> None:
        if self._main and tag in BLOCKS and self._open:
            self.paragraphs.append("".join(self._open.pop()))
        self._main -= tag == "main"

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1].append(data)


def paragraphs_of(html: str) -> list[str]:
    parser = _Paragraphs()
    parser.feed(html)
    return [text for text in parser.paragraphs if text.strip()]


def words_of(text: str) -> list[str]:
    """The words of ``text``: runs of letters, marks and digits, whatever
    their directions («و80» is one word). Format characters (direction
    controls, soft hyphens, joiners) draw nothing and are left out."""
    kept = "".join(char for char in text if unicodedata.category(char) != "Cf")
    return "".join(char if unicodedata.category(char)[0] in "LMN" else " " for char in kept).split()


def pdf_words(path: Path, vocabulary: set[str]) -> list[str]:
    """The words pdftotext reads from ``path``, a word hyphenated at a line's end
    joined again: without its hyphen when that makes a word of ``vocabulary``
    (WeasyPrint's hyphenation), with it when both halves are words ('broad-
    spectrum'). A word hyphenated across a page turn is joined across the page's
    foot and the next one's head (at most four lines)."""
    text = subprocess.run([need_tool("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True).stdout
    words: list[str] = []
    pending, waited = "", 0
    for line in text.replace("\f", "\n").split("\n"):
        line = line.translate(BIDI_CONTROLS).strip()
        if not line:
            continue
        if pending:
            first, _, rest = line.partition(" ")
            for whole in (pending + first, f"{pending}-{first}"):
                if all(word in vocabulary for word in words_of(whole)):
                    line, pending = f"{whole} {rest}", ""
                    break
            else:
                waited += 1
                if waited > 4:
                    words.extend(words_of(pending))
                    pending = ""
        if line[-1] in HYPHENS and not pending:
            head, _, pending = line[:-1].rpartition(" ")
            waited = 0
            line = head
        words.extend(words_of(line))
    return _rejoin(words + words_of(pending), vocabulary)


def _rejoin(words: list[str], vocabulary: set[str]) -> list[str]:
    """pdftotext joins a line ending with '-' to the next one without the
    hyphen ('Bergkarabach-' + 'Problem' -> 'BergkarabachProblem'): such a word,
    when it is two words of the text, is those two again."""
    parted: list[str] = []
    for word in words:
        cuts = [cut for cut in range(1, len(word)) if word[:cut] in vocabulary and word[cut:] in vocabulary]
        parted.extend([word[:cuts[0]], word[cuts[0]:]] if word not in vocabulary and cuts else [word])
    return parted


def missing_words(html: str, path: Path) -> list[tuple[str, str]]:
    """(word, its paragraph) for each word of a paragraph that pdftotext does not read back."""
    paragraphs = paragraphs_of(html)
    expected = [(word, paragraph) for paragraph in paragraphs for word in words_of(paragraph)]
    found = Counter(pdf_words(path, {word for word, _ in expected}))
    missing = []
    for word, paragraph in expected:
        if found[word]:
            found[word] -= 1
        else:
            missing.append((word, paragraph))
    return missing


@pytest.mark.parametrize("language", ["en", "az", "ru", "tr", "ar", "de"])
def test_every_word_of_the_publication_reads_back(publication, language: str) -> None:
    html, path = publication[language]
    assert len(paragraphs_of(html)) >= 8
    assert missing_words(html, path) == []


@pytest.mark.parametrize("language", ["en", "de", "ar", "fa"])
def test_every_word_of_the_book_reads_back(tidebook, language: str) -> None:
    html, path = tidebook[language]
    assert len(paragraphs_of(html)) >= 8
    assert missing_words(html, path) == []


def test_the_words_of_the_issue_read_back_whole(publication) -> None:
    """The reports of #14: doubled hamza, tanween split from its word."""
    _, path = publication["ar"]
    words = Counter(pdf_words(path, set()))
    for word in ("وأُصيب", "أُدينت", "وأُرسل", "عامًا"):
        assert words[word], word
    for broken in ("وأأُصيب", "أأُدينت", "وأأُرسل", "ًا"):
        assert not words[broken], broken


def _sample(tmp_path: Path, body: str, *, spans: bool, name: str = "sample") -> Path:
    """``body`` set in the booklet's faces (Amiri for Arabic), as a PDF in
    ``tmp_path``: with the text layer's spans or as WeasyPrint draws it alone."""
    pdf.import_weasyprint()
    from weasyprint import HTML

    from pipeline.render.textlayer import exact_lines

    style = fonts.font_face_css(lambda face: face.file.as_uri())
    html = (f"<html lang='ar' dir='rtl'><style>{style} @page {{ size: A6 }}"
            f" body {{ font: 16px 'Amiri' }} .latin {{ font-family: 'Noto Serif' }}</style><body>{body}</body></html>")
    with exact_lines() if spans else contextlib.nullcontext():
        data = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=True)
    path = tmp_path / f"{name}-{'spans' if spans else 'plain'}.pdf"
    path.write_bytes(data)
    return path


def _pixels(path: Path, folder: Path) -> list[bytes]:
    from PIL import Image

    prefix = folder / path.stem
    subprocess.run([need_tool("pdftoppm"), "-r", "100", "-png", str(path), str(prefix)], check=True)
    return [Image.open(page).convert("L").tobytes() for page in sorted(folder.glob(f"{path.stem}-*.png"))]


ISSUE = "<p>وهكذا، قُتل 147 شخصًا وأُصيب 744 آخرون. أُدينت وأُرسل. مضت ستة وثلاثون عامًا.</p>"
LATIN = "<p class='latin' dir='ltr' lang='en'>Plain words, set as they are.</p>"
#: Words of both directions in right-to-left lines: a letter and figures in
#: one word, figures and Latin words between spaces set right to left, a
#: dash Pango sets right to left between figures, punctuation poppler counts
#: as figures.
MIXED = "<p>ودمر 200 منزل و80 سيارة، من بينها (1945–1946) في عام 1990، قال Black January: 5%.</p>"


def test_spans_change_no_pixel_and_leave_plain_words_alone(tmp_path: Path) -> None:
    plain = _sample(tmp_path, ISSUE + MIXED + LATIN, spans=False)
    spanned = _sample(tmp_path, ISSUE + MIXED + LATIN, spans=True)
    assert _pixels(plain, tmp_path) == _pixels(spanned, tmp_path)
    streams = [page.get_contents().get_data() for page in pypdf.PdfReader(spanned).pages]
    texts = [bytes.fromhex(found.decode()).decode("utf-16") for stream in streams
             for found in re.findall(rb"/ActualText <(feff[0-9a-f]*)>", stream)]
    # Right-to-left words in visual order, as poppler and MuPDF read the glyphs
    # around them; a full stop, which poppler reads as a left-to-right section,
    # between right-to-left marks (one of its own, in its place).
    assert "بيصُأو" in texts and "\u200f.\u200fاًماع" in texts
    assert not any(text.isascii() for text in texts)  # 'Plain words' reads back as drawn
    plain_streams = [page.get_contents().get_data() for page in pypdf.PdfReader(plain).pages]
    def last_line(stream: bytes) -> bytes:  # the Latin paragraph, drawn last
        start = stream.rindex(b" Tm\n")
        return stream[start:stream.index(b"EMC", start)]

    assert b"ActualText" not in last_line(streams[0]) and last_line(streams[0]) == last_line(plain_streams[0])


def test_spans_read_back_and_repeat_byte_for_byte(tmp_path: Path) -> None:
    spanned = _sample(tmp_path, ISSUE, spans=True)
    assert _sample(tmp_path, ISSUE, spans=True, name="again").read_bytes() == spanned.read_bytes()
    words = pdf_words(spanned, set(words_of(ISSUE)))
    assert Counter(words_of(ISSUE.replace("<p>", "").replace("</p>", ""))) == Counter(words)
    plain = Counter(pdf_words(_sample(tmp_path, ISSUE, spans=False), set()))
    assert plain != Counter(words)  # what the spans are for: WeasyPrint alone does not read back


def test_words_of_both_directions_read_back_in_order(tmp_path: Path) -> None:
    """pdftotext reads the mixed paragraph as written: every character in its
    place, spaces where they were (its direction controls left out)."""
    def read(path: Path) -> str:
        text = subprocess.run([need_tool("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True).stdout
        return " ".join(text.translate(BIDI_CONTROLS).split())

    written = MIXED.removeprefix("<p>").removesuffix("</p>")
    assert read(_sample(tmp_path, MIXED, spans=True)) == written
    assert read(_sample(tmp_path, MIXED, spans=False)) != written  # poppler alone: «و 80سيارة ،من»


def _element_texts(path: Path) -> list[str]:
    """The /ActualText of the structure elements of ``path``, in the tree's order."""
    reader = pypdf.PdfReader(path)
    texts: list[str] = []
    pending = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while pending:
        node = pending.pop().get_object()
        if isinstance(node, pypdf.generic.DictionaryObject):
            if "/ActualText" in node:
                texts.append(str(node["/ActualText"]))
            kids = node.get("/K", [])
            kids = kids.get_object() if isinstance(kids, pypdf.generic.IndirectObject) else kids
            pending.extend(reversed(kids) if isinstance(kids, list) else [kids])
    return texts


def _visible(text: str) -> str:
    """``text`` as a line shows it: spaces collapsed, no format characters, no line-end hyphen."""
    return " ".join("".join(char for char in text if unicodedata.category(char) != "Cf").split()).rstrip(HYPHENS)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_tagged_readers_get_each_spanned_line_in_logical_order(publication, language: str) -> None:
    """A line whose words carry spans has its text, as written (logical order),
    as the /ActualText of its structure element: what tagged readers (pdf.js'
    accessibility tree, Acrobat) read in place of its glyphs and their spans."""
    html, path = publication[language]
    written = _visible(_all_text(html))
    texts = _element_texts(path)
    if language == "ar":
        assert len(texts) > 30  # most lines have a word with a mark drawn off its base
    assert [text for text in texts if _visible(text) not in written] == []
    assert [text for text in texts if len(_visible(text)) > 8 and _visible(text)[::-1] in written] == []


def _all_text(html: str) -> str:
    """The text of the whole page (cover, imprint, body), as written."""
    parser = HTMLParser(convert_charrefs=True)
    data: list[str] = []
    parser.handle_data = data.append
    parser.feed(html)
    return "".join(data)


def test_the_spanned_line_of_the_sample_is_its_text(tmp_path: Path) -> None:
    spanned = _sample(tmp_path, ISSUE, spans=True)
    text = ISSUE.replace("<p>", "").replace("</p>", "")
    lines = _element_texts(spanned)
    assert len(lines) == 3 and " ".join(lines) == text
    assert _element_texts(_sample(tmp_path, ISSUE, spans=False)) == []


MARKED = re.compile(rb"/(\w+)\s*(<<(?:[^<>]|<[0-9a-fA-F]*>)*>>)?\s*(BDC|BMC)\b|\bEMC\b")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_spans_nest_inside_the_tagged_content(publication, language: str) -> None:
    """Each span lies within one tagged text run (a marked-content sequence
    with an MCID), so the structure tree still owns every glyph (PDF/UA)."""
    _, path = publication[language]
    spans = 0
    for page in pypdf.PdfReader(path).pages:
        open_: list[bytes] = []
        for match in MARKED.finditer(page.get_contents().get_data()):
            if match[0] == b"EMC":
                assert open_, "EMC without a sequence to close"
                open_.pop()
                continue
            properties = match[2] or b""
            if b"ActualText" in properties:
                spans += 1
                assert open_ and b"/MCID" in open_[-1] and b"ActualText" not in open_[-1]
            open_.append(properties)
        assert not open_
    if language == "ar":
        assert spans > 50  # a word in six carries a mark drawn off its base


def test_each_glyph_of_a_cluster_maps_to_its_own_character(tmp_path: Path) -> None:
    """For readers that ignore /ActualText: no ToUnicode entry gives a mark
    glyph its base letter too (the doubled «أأُ» of #14), none is empty."""
    spanned = _sample(tmp_path, ISSUE, spans=True)
    entries: dict[str, str] = {}
    for page in pypdf.PdfReader(spanned).pages:
        for font in page["/Resources"]["/Font"].values():
            cmap = font.get_object()["/ToUnicode"].get_object().get_data().decode()
            entries.update(re.findall(r"<([0-9a-f]{4})> <([0-9a-f]*)>", cmap))
    texts = [bytes.fromhex(text).decode("utf-16-be") for text in entries.values()]
    assert "" not in texts
    marked = [text for text in texts if any(unicodedata.category(char) == "Mn" for char in text)]
    assert marked and all(len(text) == 1 for text in marked), marked
    plain = _sample(tmp_path, ISSUE, spans=False)  # WeasyPrint alone maps a damma glyph to «أُ»
    cmaps = b"".join(font.get_object()["/ToUnicode"].get_object().get_data()
                     for page in pypdf.PdfReader(plain).pages for font in page["/Resources"]["/Font"].values())
    assert "أُ".encode("utf-16-be").hex().encode() in cmaps


def _tracked_line_ends(tmp_path: Path, *, carried: bool) -> tuple[float, list[float]]:
    """The right edge of the text block, and the right end of each justified
    line poppler finds, of a German paragraph tracked tighter (as linebreak
    tracks a loose line's words) and justified: drawn by the text layer (its
    spans aside), or by WeasyPrint alone."""
    pdf.import_weasyprint()
    from weasyprint import HTML

    from pipeline.render import textlayer

    style = fonts.font_face_css(lambda face: face.file.as_uri())
    text = ("In der Nacht vom 19. auf den 20. Januar 1990 rückten Einheiten der Sowjetarmee in Baku ein, "
            "verhängten den Ausnahmezustand und schossen auf die Menschen in den Straßen der Stadt. ") * 6
    html = (f"<html lang='de'><style>{style} @page {{ size: A5; margin: 20mm 15mm }} body {{ margin: 0 }}"
            f" p {{ font: 10.5pt 'Noto Serif'; text-align: justify; letter-spacing: -0.02em; word-spacing: 0.05em }}"
            f"</style><body><p>{text}</p></body></html>")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(textlayer, "_rewrite_line", lambda *args: False)  # the kerning carried, no span
        with textlayer.exact_lines() if carried else contextlib.nullcontext():
            data = HTML(string=html).write_pdf()
    path = tmp_path / f"tracked-{carried}.pdf"
    path.write_bytes(data)
    out = subprocess.run([need_tool("pdftotext"), "-bbox-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    lines = re.findall(r'<line xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"', out)
    width = float(re.search(r'<page width="([\d.]+)"', out)[1])
    return width - 15 * 72 / 25.4, [float(right) for right in lines[:-1]]  # the last line is not justified


def test_a_tracked_line_ends_at_the_text_block(tmp_path: Path) -> None:
    """WeasyPrint 70 writes each glyph's adjustment as int(kerning), in whole
    thousandths of an em truncated towards zero: a line tracked tighter is
    drawn up to a thousandth of an em a glyph longer than it was laid out.
    The text layer carries the remainder, so every justified line ends at
    the text block's edge: its last glyph's ink past it by that glyph's own
    tracking only (0.02 em, which Pango takes off its advance), within what
    poppler's rounding leaves (measured 0.203-0.217 pt, 0.52-0.61 pt before)."""
    last = 0.02 * 10.5
    edge, ends = _tracked_line_ends(tmp_path, carried=True)
    assert len(ends) >= 5 and all(abs(end - edge - last) < 0.03 for end in ends), (edge, ends)
    edge, drifted = _tracked_line_ends(tmp_path, carried=False)
    assert min(drifted) - edge - last > 0.2  # WeasyPrint alone: what the carry is for
