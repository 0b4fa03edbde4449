"""A PDF text layer that reads back as the text was written: /ActualText where glyphs cannot say it.

Why by hand: WeasyPrint (70) gives every glyph one ToUnicode text, the text of
the first cluster it was drawn in, and neither it nor pydyf offers more.
Arabic set in Amiri breaks that mapping in three ways:

- a cluster drawn as several glyphs («أُ» is the letter's glyph and a damma
  glyph) gives the whole cluster's text to one of them, so the damma glyph
  reads «أُ» next to the letter's own glyph: «وأأُصيب»;
- the same glyph drawn in two clusters keeps the first cluster's text;
- marks are drawn with zero advance, an x offset and a text rise, and cursive
  kerning moves glyphs by TJ offsets: poppler's TextOutputDev, which rebuilds
  words from glyph positions, starts a new word on a rise of half a point, a
  mark overlapping its base or a gap of a tenth of an em: «عام ًا».

So every word (the glyphs between two spaces of one shaped run) whose glyphs
cannot say its text is drawn inside a marked-content span
``/Span <</ActualText (...)>> BDC ... EMC`` (ISO 32000-1, 14.9.4), as cairo
does for such clusters. Extractors take the span's text in place of its
glyphs, as one piece from the span's first glyph to its last: a whole word,
so that no glyph of it is compared with another's place. The line is redrawn
with its glyphs in the same order at the same positions (the page looks as
before); lines without such a word stay byte for byte as WeasyPrint drew
them. Where a cluster has as many glyphs as characters, each glyph also gets
its own character in ToUnicode, for readers that ignore /ActualText.

Right-to-left text is read two ways, and each way gets the order it reads:

- Readers of the content stream (poppler's TextOutputDev, MuPDF) place a
  span's text over the span's glyphs left to right, as if each character
  were a glyph, then put the line into reading order by reversing its
  right-to-left runs, the span's text included (poppler's ``reorderText``).
  WeasyPrint draws right-to-left text in visual order (left to right) and
  does not mark it /ReversedChars (14.8.2.3.3), so the span of a
  right-to-left word holds its text in that visual order too: both read it
  back in reading order. In logical order, both read every such word
  backwards (measured: poppler 22.12, MuPDF 1.28; pdf.js, pypdf and
  pdfminer.six ignore a span's text; PDFium splits a span drawn in several
  text objects whatever its order).
- Tagged readers (pdf.js' accessibility tree, Acrobat and the screen readers
  it serves) read the structure tree, where an element's /ActualText stands
  for the element and its content, as written: in logical order. So the
  structure element of a line that has spans (WeasyPrint's /Span of one
  text box) gets the line's text, in logical order, as its /ActualText.

poppler's reordering knows two levels only, and not Pango's: in a
right-to-left line it reads every stretch of characters that are not
right-to-left letters (digits, Latin, and the punctuation it counts as
numbers: «.», «،», «:», «/») as one left-to-right section, with the spaces
around it. The space after «80» in «و80 سيارة» went into the section before
the figure («و 80سيارة»), and «1945–1946», whose dash Pango sets right to
left, read «1946–1945». So in a right-to-left line every word with such a
character gets a span too, whose text makes poppler's sections Pango's
levels: a left-to-right piece ends with a LEFT-TO-RIGHT MARK (a section
starts there, whatever its last character), a neutral character set right to
left stands between two RIGHT-TO-LEFT MARKs (a section of its own, read in
its place), and a word whose left end is a left-to-right piece after a space
set right to left opens with a RIGHT-TO-LEFT MARK (the section stops before
that space). The marks draw nothing: the text reads back in logical order,
with the direction controls poppler writes anyway.
"""
from __future__ import annotations

import contextlib
import functools
import itertools
import re
import struct
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Iterator

__all__ = ["exact_lines"]

#: poppler starts a new word when a glyph starts more than 0.1 em after the
#: previous one ends, or overlaps it by more than 0.2 em (TextOutputDev.cc,
#: minWordBreakSpace, minDupBreakOverlap). WeasyPrint's kerning, in 1/1000 em,
#: beyond these bounds (with a margin) puts the word in a span.
_MAX_GAP = 60
_MAX_OVERLAP = -150

_TJ_ITEM = re.compile(rb"<([0-9a-fA-F]*)>|([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)")
#: A whole number in a TJ array: WeasyPrint's int(kerning) after a glyph.
_WHOLE = re.compile(rb"[-+]?\d+")
_TF = re.compile(rb"/(\S+) (\S+) Tf")
_TS = re.compile(rb"(\S+) Ts")
_TJ = re.compile(rb"\[(.*)\] TJ", re.S)
#: PangoGlyphInfo: glyph, geometry (width, x offset, y offset), visual attributes.
_GLYPH_INFO = struct.Struct("=IiiiI")
#: The bidi classes poppler keeps in a right-to-left line's right-to-left
#: sections (letters, their marks, joiners); see the module docstring.
_RIGHT_TO_LEFT = frozenset({"R", "AL", "NSM", "BN"})
_RLM, _LRM = "\u200f", "\u200e"


@dataclass(slots=True)
class _Glyph:
    """One glyph of a line, as Pango shaped it and WeasyPrint drew it."""

    gid: int
    cluster: int  # byte offset of its cluster in the line's UTF-8 text
    run: int  # number of its shaped run in the line
    rtl: bool
    moved: bool  # drawn off its pen position: rise, x offset, or kerning beyond the bounds
    word: int = -1  # number of its word in the line; -1 for a space
    font: bytes = b""  # PDF font resource name, from the Tf it is drawn with
    size: float = 0.0
    x: float = 0.0  # where it is drawn, in text space from the line's Tm
    rise: float = 0.0
    width: float = 0.0  # its advance in the PDF font (/W), in 1/1000 em


@dataclass(slots=True)
class _Run:
    """One shaped run of a line, as Pango shaped it and WeasyPrint drew it."""

    font: object  # WeasyPrint's Font: its widths (/W) and ToUnicode texts
    utf8: bytes  # the layout's text
    offset: int  # where the run's text starts in it, in bytes
    length: int
    rtl: bool
    clusters: list[int]  # the byte offset of each of Pango's glyphs' cluster in the run's text, empty ones' included
    #: Each glyph drawn, in drawing order: its id in the PDF font, the byte
    #: offset of its cluster in the run's text, whether it is drawn off its pen
    #: position (rise, x offset, or kerning beyond the bounds), and
    #: WeasyPrint's kerning after it (the TJ move, in 1/1000 em).
    glyphs: list[tuple[int, int, bool, float]]
    empty: bool  # a glyph Pango left empty: drawn as a move only
    missing: bool  # a character no font has: drawn as a .notdef

    def text(self, begin: int = 0, end: int | None = None) -> str:
        """The run's text, or the piece of it between two byte offsets."""
        return self.utf8[self.offset + begin:self.offset + (self.length if end is None else end)].decode()


@contextlib.contextmanager
def exact_lines() -> Iterator[None]:
    """While WeasyPrint draws pages, draw every line as long as it was laid
    out (``_carry_kerning``) and put the words that need one in /ActualText
    spans, so that it reads back as written.

    WeasyPrint has no hook for this: ``draw_first_line`` (weasyprint.draw.text)
    is wrapped for the duration, and restored after, so that nothing else in
    the process is affected."""
    import weasyprint.pdf
    from weasyprint.draw import text as draw_text

    original, original_tags = draw_text.draw_first_line, weasyprint.pdf.add_tags
    spanned: dict[int, tuple[object, str]] = {}  # id of a TextBox -> (the box, kept alive; its line's text)

    def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
        start, font = len(stream.stream), stream._current_font
        emojis = original(stream, textbox, text_overflow, block_ellipsis, matrix)
        if _glyphs_readable():
            runs = list(_runs(stream, textbox))
            _carry_kerning(stream, start, runs)
            if _rewrite_line(stream, start, font, textbox, runs):
                spanned[id(textbox)] = (textbox, _line_text(textbox))
        return emojis

    def add_tags(pdf, document, pdf_version, page_streams):
        lines = {(number, kid["mcid"]): spanned[id(box)][1]
                 for number, stream in enumerate(page_streams)
                 for box, kid in (stream._tags or {}).items() if id(box) in spanned}
        original_tags(pdf, document, pdf_version, page_streams)
        _tag_lines(pdf, lines)

    draw_text.draw_first_line, weasyprint.pdf.add_tags = draw_first_line, add_tags
    try:
        yield
    finally:
        draw_text.draw_first_line, weasyprint.pdf.add_tags = original, original_tags


def _carry_kerning(stream, start: int, runs: list[_Run | None]) -> None:
    """Write the glyph adjustments of the line WeasyPrint just drew (the TJ
    numbers after ``start``) rounded with the remainder carried to the next,
    so that the line ends where Pango laid it out. WeasyPrint 70 writes each
    as int(kerning), in whole thousandths of an em, truncated towards zero:
    in a line tracked tighter every letter's adjustment is negative and is
    drawn up to a thousandth of an em to the right, which adds up along the
    line (0.7pt past the text block in a justified line of the German
    booklet). The whole numbers of the TJ arrays are these adjustments, one
    for each glyph drawn with a non-zero one, in the order of Pango's glyphs;
    WeasyPrint's other moves (a glyph's x offset, an empty glyph's width)
    are written as floats. A line whose numbers do not match is left as drawn."""
    if any(run is None or run.missing for run in runs):
        return
    exact = [kerning for run in runs for _, _, _, kerning in run.glyphs if kerning]
    if not any(value != int(value) for value in exact):
        return  # every adjustment is whole: drawn as laid out
    ops = stream.stream
    tjs = [(at, match) for at in range(start, len(ops))
           if isinstance(ops[at], bytes) and (match := _TJ.fullmatch(ops[at]))]
    items = [_TJ_ITEM.findall(match[1]) for _, match in tjs]
    if sum(1 for found in items for _, number in found if _WHOLE.fullmatch(number)) != len(exact):
        return
    written, total, index = 0, 0.0, 0
    for (at, _), found in zip(tjs, items):
        out = []
        for hexa, number in found:
            if _WHOLE.fullmatch(number):
                total += exact[index]
                index += 1
                number = b"%d" % (round(total) - written)
                written = round(total)
            out.append(number or b"<" + hexa + b">")
        ops[at] = b"[" + b"".join(out) + b"] TJ"


def _rewrite_line(stream, start: int, font: tuple | None, textbox, runs: list[_Run | None]) -> bool:
    """Redraw the line WeasyPrint just appended to ``stream`` (from ``start``;
    ``font`` was the current font then), with spans for the words whose glyphs
    cannot say their text; whether it did. A line drawn otherwise than
    expected (an emoji or bitmap font, another WeasyPrint) is left as it was drawn."""
    rtl = textbox.style["direction"] == "rtl"
    if len(stream.stream) == start or _reads_back(textbox, runs, rtl=rtl):
        return False  # nothing drawn (a line of spaces), or nothing to say better
    glyphs, texts, fonts = _shaped_glyphs(runs)
    _map_glyphs_of_clusters(glyphs, texts, fonts)
    words = _words_needing_spans(glyphs, texts, fonts, rtl=rtl)
    if not words:
        return False
    ops = stream.stream[start:]
    if not _place(ops, glyphs, fonts, font):
        return False
    stream.stream[start:] = _draw(ops, glyphs, words, texts, font, stream._current_font, rtl=rtl)
    return True


def _line_text(textbox) -> str:
    """The text of the line ``textbox`` draws, in logical order."""
    line, _ = textbox.pango_layout.get_first_line()
    utf8 = textbox.pango_layout.text.encode()
    return utf8[line.start_index:line.start_index + line.length].decode()


def _tag_lines(pdf, lines: dict[tuple[int, int], str]) -> None:
    """Give the structure element of each line of ``lines`` (page number,
    MCID: its text) that text as /ActualText: tagged readers take an
    element's ActualText as written, in logical order, in place of its content."""
    import pydyf

    from .structure import resolve

    root = resolve(pdf, pdf.catalog.get("StructTreeRoot"))
    if not lines or not isinstance(root, pydyf.Dictionary):
        return
    numbers = resolve(pdf, root["ParentTree"])["Nums"]
    pages = dict(zip(numbers[::2], numbers[1::2]))
    for (page, mcid), text in lines.items():
        kids = pages.get(page)
        element = resolve(pdf, kids[mcid]) if isinstance(kids, list) and mcid < len(kids) else None
        # Only an element of this one line (a Span): a link's element holds others too.
        if isinstance(element, pydyf.Dictionary) and list(element.get("K", [])) == [mcid]:
            element["ActualText"] = pydyf.String(text)



@functools.cache
def _glyphs_readable() -> bool:
    """Whether this process's Pango lays out its glyphs as ``_GLYPH_INFO``
    reads them, and sizes fonts as WeasyPrint draws them (1.48.2 and later:
    WeasyPrint works around pango#530 before). Otherwise every line is left
    as WeasyPrint draws it."""
    from weasyprint.text.ffi import ffi, pango

    return pango.pango_version() >= 14802 and ffi.sizeof("PangoGlyphInfo") == _GLYPH_INFO.size


def _runs(stream, textbox) -> Iterator[_Run | None]:
    """The shaped runs of the line WeasyPrint just drew for ``textbox``, in
    drawing order; None for a run that cannot be compared with what it drew:
    drawn at another size (a bitmap font, raster emoji), or a glyph it did
    not give a width."""
    from weasyprint.text.ffi import FROM_UNITS, ffi, pango

    layout = textbox.pango_layout
    first_line, _ = layout.get_first_line()
    utf8 = layout.text.encode()
    unit, empty, unknown = 1000 * FROM_UNITS, pango.PANGO_GLYPH_EMPTY, pango.PANGO_GLYPH_UNKNOWN_FLAG
    run = first_line.runs[0]
    while run != ffi.NULL:
        item, run = run.data, run.next
        font, size = stream.add_font(item.item.analysis.font)
        if font.bitmap or font.png:
            yield None
            continue
        string, count = item.glyphs, item.glyphs.num_glyphs
        # The PangoGlyphInfo array read at once (glyph, width, x and y offsets,
        # attributes): attribute by attribute through cffi costs as much as
        # WeasyPrint's own drawing of the line.
        infos = _GLYPH_INFO.iter_unpack(ffi.buffer(string.glyphs, count * _GLYPH_INFO.size))
        widths = font.widths
        glyphs, has_empty, missing = [], False, False
        clusters = ffi.unpack(string.log_clusters, count)
        for cluster, (gid, width, x_offset, y_offset, _) in zip(clusters, infos):
            if gid == empty:
                has_empty = True
                continue
            if gid & unknown:
                missing = True
                gid = font.get_unused_glyph_id(gid - unknown)
            if gid not in widths:
                break  # not drawn as expected
            # WeasyPrint's own arithmetic: the kerning it truncates, to the bit.
            kerning = widths[gid] + x_offset / size - width * unit / size
            moved = bool(x_offset or y_offset) or not _MAX_OVERLAP <= kerning <= _MAX_GAP
            glyphs.append((gid, cluster, moved, kerning))
        else:
            analysis = item.item.analysis
            yield _Run(font, utf8, item.item.offset, item.item.length, bool(analysis.level % 2), clusters,
                       glyphs, has_empty, missing)
            continue
        yield None


def _reads_back(textbox, runs: list[_Run | None], *, rtl: bool) -> bool:
    """Whether each run of the line reads back as it is: one glyph per
    cluster, none off its pen position, and the glyphs' ToUnicode texts, in
    drawing order (reversed for a right-to-left run, as extractors reverse
    it), making the run's text; in a right-to-left line, nothing but
    right-to-left letters and spaces. Most lines do, in every language: this
    is the cheap test that spares them the rest. A line with a run that
    cannot be read is left as drawn."""
    if any(run is None for run in runs):
        return True
    if rtl and not _right_to_left(_line_text(textbox)):
        return False
    for run in runs:
        if run.empty or run.missing:
            return False  # an empty or missing glyph: see in full
        if len(set(run.clusters)) != len(run.clusters):
            return False
        mapping = run.font.to_unicode
        # A space stretched by justification parts words anyway.
        if any(moved and not mapping.get(gid, "").isspace() for gid, _, moved, _ in run.glyphs):
            return False
        read = "".join(mapping.get(gid, "\ufffd") for gid, _, _, _ in run.glyphs)
        if (read[::-1] if run.rtl else read) != run.text():
            return False
    return True


def _shaped_glyphs(runs: list[_Run | None]) -> tuple[list[_Glyph], dict[tuple[int, int], str], list]:
    """The glyphs WeasyPrint drew for the line of ``runs``, in drawing order;
    the text of each cluster by (run, byte offset); the Font of each run."""
    glyphs: list[_Glyph] = []
    texts: dict[tuple[int, int], str] = {}
    fonts: list = []
    for number, run in enumerate(runs):
        if run is None or run.font.svg or run.font.colr:
            return [], {}, []  # drawn at another size, or as images: left alone
        fonts.append(run.font)
        starts = sorted(set(run.clusters))
        for begin, end in zip(starts, [*starts[1:], run.length]):
            texts[(number, run.offset + begin)] = run.text(begin, end)
        glyphs.extend(_Glyph(gid, run.offset + cluster, number, run.rtl, moved)
                      for gid, cluster, moved, _ in run.glyphs)
    return glyphs, texts, fonts


def _map_glyphs_of_clusters(glyphs: list[_Glyph], texts: dict[tuple[int, int], str], fonts: list) -> None:
    """Give each glyph of a cluster of as many glyphs as characters its own
    character in ToUnicode, where WeasyPrint gave one of them the whole
    cluster and the others nothing (a damma glyph reading «أُ»). Readers that
    ignore /ActualText (pypdf, for one) then read such a cluster whole too; the
    glyphs go in reading order (right to left: their drawing order reversed)."""
    clusters: dict[tuple[int, int], list[_Glyph]] = {}
    for glyph in glyphs:
        clusters.setdefault((glyph.run, glyph.cluster), []).append(glyph)
    for key, members in clusters.items():
        text = texts[key]
        if len(members) < 2 or len(members) != len(text):
            continue
        mapping = fonts[key[0]].to_unicode
        for glyph, char in zip(members[::-1] if members[0].rtl else members, text):
            if mapping.get(glyph.gid) in (text, ""):
                mapping[glyph.gid] = char


def _words_needing_spans(
    glyphs: list[_Glyph], texts: dict[tuple[int, int], str], fonts: list, *, rtl: bool,
) -> set[int]:
    """Number the words of the line (``_Glyph.word``: the glyphs between two
    spaces, whatever their runs) and return those that need a span: a
    cluster of several glyphs, a glyph whose ToUnicode text is not its
    cluster's, a glyph drawn off its pen position, or, in a right-to-left
    line, a character other than a right-to-left letter."""
    counts = Counter((glyph.run, glyph.cluster) for glyph in glyphs)
    word, spaced, needing = -1, True, set()
    for glyph in glyphs:
        key = (glyph.run, glyph.cluster)
        if not texts[key].strip():
            spaced = True  # a space ends the word
            continue
        if spaced:
            word, spaced = word + 1, False
        glyph.word = word
        if (counts[key] > 1 or glyph.moved or fonts[glyph.run].to_unicode.get(glyph.gid) != texts[key]
                or rtl and not _right_to_left(texts[key])):
            needing.add(word)
    return needing


def _right_to_left(text: str) -> bool:
    """Whether ``text`` has nothing but right-to-left letters, their marks and spaces."""
    return all(char.isspace() or unicodedata.bidirectional(char) in _RIGHT_TO_LEFT for char in text)


def _place(ops: list, glyphs: list[_Glyph], fonts: list, font: tuple | None) -> bool:
    """Read where each of ``glyphs`` is drawn from the operators WeasyPrint
    wrote for the line (Tm, Tf, Ts and TJ only); False when they are not
    these glyphs, in this order."""
    name, size = _font_key(font) or (b"", 0.0)
    pen, rise, index = 0.0, 0.0, 0
    if not ops or not isinstance(ops[0], bytes) or not ops[0].endswith(b" Tm"):
        return False
    for op in ops[1:]:
        if not isinstance(op, bytes):
            return False
        if match := _TF.fullmatch(op):
            name, size = match[1], float(match[2])
        elif match := _TS.fullmatch(op):
            rise = float(match[1])
        elif match := _TJ.fullmatch(op):
            for hexa, number in _TJ_ITEM.findall(match[1]):
                if number:
                    pen -= float(number) * size / 1000
                    continue
                for at in range(0, len(hexa), 4):
                    if index == len(glyphs) or int(hexa[at:at + 4], 16) != glyphs[index].gid:
                        return False
                    glyph = glyphs[index]
                    if fonts[glyph.run].hash.encode() != name or len(hexa) % 4:
                        return False
                    glyph.font, glyph.size, glyph.x, glyph.rise = name, size, pen, rise
                    glyph.width = fonts[glyph.run].widths[glyph.gid]
                    pen += glyph.width * size / 1000
                    index += 1
        else:
            return False
    return index == len(glyphs)


def _draw(
    ops: list, glyphs: list[_Glyph], words: set[int], texts: dict[tuple[int, int], str],
    font: tuple | None, final_font: tuple | None, *, rtl: bool,
) -> list:
    """The line's operators again: every glyph in its order at the place it
    had, the words of ``words`` in /ActualText spans."""
    out: list = [ops[0]]
    items: list[bytes] = []
    state = {"font": _font_key(font), "rise": 0.0, "pen": 0.0}

    def flush() -> None:
        if items:
            out.append(b"[" + b"".join(items) + b"] TJ")
            items.clear()

    def show(glyph: _Glyph) -> None:
        if (glyph.font, glyph.size) != state["font"]:
            flush()
            out.append(_font_operator(glyph.font.decode(), glyph.size))
            state["font"] = (glyph.font, glyph.size)
        if glyph.rise != state["rise"]:
            flush()
            out.append(_number(glyph.rise, digits=6) + b" Ts")
            state["rise"] = glyph.rise
        move = _number((state["pen"] - glyph.x) * 1000 / glyph.size)
        if move != b"0":
            items.append(move)
        items.append(f"<{glyph.gid:04x}>".encode())
        state["pen"] = glyph.x + glyph.width * glyph.size / 1000

    index = 0
    while index < len(glyphs):
        glyph = glyphs[index]
        if glyph.word not in words:
            show(glyph)
            index += 1
            continue
        end = index
        while end < len(glyphs) and glyphs[end].word == glyph.word:
            end += 1
        word = glyphs[index:end]
        flush()
        # Left of a word is a space, or the end of its text box: WeasyPrint
        # sets a right-to-left line's boxes from right to left in logical
        # order, so what lies left of that is read after the word.
        after_rtl_space = index == 0 or glyphs[index - 1].rtl
        text = _span_text(word, texts, rtl=rtl, after_rtl_space=after_rtl_space)
        out.append(b"/Span <</ActualText " + _text_string(text) + b">> BDC")
        for each in word:
            show(each)
        flush()
        out.append(b"EMC")
        index = end
    flush()
    if state["rise"]:
        out.append(b"0 Ts")
    if final_font and state["font"] != _font_key(final_font):
        # WeasyPrint's stream skips a Tf for the font it believes current.
        out.append(_font_operator(final_font[0], final_font[1]))
    return out


def _span_text(word: list[_Glyph], texts: dict[tuple[int, int], str], *, rtl: bool, after_rtl_space: bool) -> str:
    """The word's text, in the order extractors read its glyphs, each run's
    piece in its drawing order; in a right-to-left line with the marks that
    make poppler read it in logical order (see the module docstring)."""
    pieces: list[tuple[bool, str]] = []
    for run, members in itertools.groupby(word, key=lambda glyph: glyph.run):
        members = list(members)
        text = "".join(texts[(run, cluster)] for cluster in sorted({glyph.cluster for glyph in members}))
        pieces.append((members[0].rtl, text[::-1] if members[0].rtl else text))
    if not rtl:
        return "".join(text for _, text in pieces)
    marked = [_RLM] if after_rtl_space and not pieces[0][0] else []
    for right_to_left, text in pieces:
        if right_to_left:
            marked.extend(char if _right_to_left(char) else _RLM + char + _RLM for char in text)
        else:
            marked.append(text + _LRM)
    return "".join(marked)


def _font_key(font: tuple | None) -> tuple[bytes, float] | None:
    """WeasyPrint's current font (hash, size) as the Tf operator writes it."""
    if font is None:
        return None
    return font[0].encode(), float(_font_operator(font[0], font[1]).split()[1])


def _number(value: float, *, digits: int = 3) -> bytes:
    """A number for a content stream: three decimals of a TJ move are a
    millionth of an em; a rise keeps pydyf's six."""
    rounded = round(value, digits)
    return f"{rounded:.{digits}f}".rstrip("0").rstrip(".").encode() if rounded else b"0"


def _text_string(text: str) -> bytes:
    """A PDF text string in UTF-16BE with its byte order mark, as hex."""
    return b"<feff" + text.encode("utf-16-be").hex().encode() + b">"


def _font_operator(name: str, size: float) -> bytes:
    import pydyf

    scratch = pydyf.Stream()
    scratch.set_font_size(name, size)
    return scratch.stream[0]
