"""Saddle-stitch imposition: a booklet's trim pages -> press sheets, two pages a side, in folding order, with marks."""
from __future__ import annotations

import datetime as _dt
import hashlib
import io
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.errors import PdfReadError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    RectangleObject,
    StreamObject,
    TextStringObject,
)

from ..fsutil import source_date

__all__ = [
    "PressSheet", "crop_marks", "impose", "mark_margin", "press_sheet", "saddle_stitch_order",
    "edition_stamp", "shows_ink", "slug", "slug_font", "slug_font_objects", "slug_names", "slug_text",
]

MM = 72 / 25.4
#: From the trim to where a mark starts, beyond the bleed: a mark must never be
#: printed where the trimmed sheet could still show it, even cut off by a millimetre.
MARK_GAP = 2 * MM
MARK_LENGTH = 4 * MM
#: Left free between a mark's far end and the sheet's edge.
SHEET_EDGE = 1 * MM
MARK_WIDTH = 0.25  # pt: a hairline
#: How far the left page runs on under the right one at the spine (pt), where
#: both paint a solid background to it: two clips that only meet leave a light
#: line where a viewer antialiases both edges of one pixel (each covers part of
#: it, and the paper shows through the rest); the right page, drawn over the
#: left, covers the overlap. One point: a pixel of a 72 dpi proof.
SPINE_OVERLAP = 1.0
SLUG_SIZE = 6.0  # pt, shrunk if a long document name would reach the fold mark
#: Press sheets, smallest first: (name, short side, long side) in mm. ISO trims
#: go on the SRA series (paper for A-size work with bleed); trims in whole
#: quarter inches (letter) on the usual US sheets.
SRA_SHEETS = (("SRA4", 225, 320), ("SRA3", 320, 450), ("SRA2", 450, 640), ("SRA1", 640, 900), ("SRA0", 900, 1280))
US_SHEETS = (("12x18in", 304.8, 457.2), ("13x19in", 330.2, 482.6), ("19x25in", 482.6, 635), ("25x38in", 635, 965.2))


@dataclass(frozen=True)
class PressSheet:
    """A sheet the spread is printed on (sizes in pt, as placed: width across)."""

    name: str
    width: float
    height: float


def saddle_stitch_order(pages: int, *, rtl: bool = False) -> list[tuple[int | None, int | None]]:
    """Sheet sides in printing order: (left, right) page indexes (0-based), None for a blank.

    ``pages`` is padded up to a multiple of 4 with blanks at the end. Right-to-left
    booklets bind on the right, so every pair is mirrored.
    """
    if pages < 1:
        raise ValueError(f"a booklet needs at least one page, not {pages}")
    padded = -(-pages // 4) * 4

    def real(index: int) -> int | None:
        return index if index < pages else None

    sides: list[tuple[int | None, int | None]] = []
    for sheet in range(padded // 4):
        front = (real(padded - 1 - 2 * sheet), real(2 * sheet))
        back = (real(2 * sheet + 1), real(padded - 2 - 2 * sheet))
        sides += [front, back]
    return [(right, left) for left, right in sides] if rtl else sides


def press_sheet(spread_width: float, spread_height: float, bleed: float = 0.0) -> PressSheet:
    """The smallest standard sheet that holds a spread (pt), its bleed and the marks around it.

    Every side needs ``bleed + MARK_GAP + MARK_LENGTH + SHEET_EDGE`` beyond the
    trim. The sheet lies the way the spread does (landscape for portrait pages)
    when it fits that way. Nothing in the series large enough: a sheet of just
    the spread and its margins, named by its size.
    """
    margin = mark_margin(bleed)
    need_width, need_height = spread_width + 2 * margin, spread_height + 2 * margin
    # Letter is 8.5 x 11 in; no A size is a whole number of quarter inches.
    us = all(abs(side / 18 - round(side / 18)) < 0.01 for side in (spread_width / 2, spread_height))
    landscape = spread_width >= spread_height
    for name, short, long in US_SHEETS if us else SRA_SHEETS:
        short, long = short * MM, long * MM
        for width, height in ((long, short), (short, long)) if landscape else ((short, long), (long, short)):
            if width >= need_width - 1e-6 and height >= need_height - 1e-6:
                return PressSheet(name, width, height)
    return PressSheet(f"{need_width / MM:.0f}x{need_height / MM:.0f}mm", need_width, need_height)


def mark_margin(bleed: float) -> float:
    """What a side needs beyond the trim (pt) for a ``bleed`` and the marks beyond it."""
    return bleed + MARK_GAP + MARK_LENGTH + SHEET_EDGE


def crop_marks(trim: tuple[float, float, float, float], bleed: float) -> bytes:
    """Content that strokes crop marks at the four corners of ``trim`` (left,
    bottom, right, top in pt), beyond the ``bleed``, in registration colour
    (the colour space ``/Registration`` of the resources)."""
    return f"q /Registration CS 1 SCN {_number(MARK_WIDTH)} w 0 J [] 0 d {_strokes(_crop_lines(trim, bleed))} Q".encode()


def impose(
    pdf: bytes,
    *,
    rtl: bool = False,
    name: str = "",
    language: str = "",
    back_cover: bool = False,
    slug_faces: Sequence[Path] = (),
    edition: str | None = None,
) -> bytes:
    """A saddle-stitch imposed PDF of ``pdf``, for the printer.

    Pages are padded with blanks to a multiple of 4 (before the last page when
    it is a ``back_cover``, as a booklet's is) and placed in folding order,
    two trim pages side by side, centred on a press sheet (``press_sheet``).
    The pages' bleed (their /BleedBox beyond the /TrimBox, the least of any page
    and side) shows on the outer edges only: at the spine each page is cut at
    its trim, so the two meet without a strip or an overlap. Crop marks at the
    outer trim corners and dashed fold marks at the spine sit beyond the bleed,
    in registration colour; a slug line below the left page names ``name``
    (default: the PDF's title), ``language`` (default: its /Lang), the sheet and
    side, the pages of that side that draw nothing (padding, blank versos) and
    ``edition`` (default: the PDF's date and identifier, ``edition_stamp``),
    set in the first of ``slug_faces`` (the booklet's own faces, its text
    face first) that has its characters (IBM Plex Mono, the default code
    face, when none is given). The sheet's /TrimBox and /BleedBox are the spread's.

    The file is described as its pages were: their title and dates (else
    SOURCE_DATE_EPOCH's) in the information dictionary and in XMP metadata
    that says the same, as PDF/X asks, in PDF 1.6 at least; pages made for a
    PDF/X output intent (the press twin's) make a file identified as PDF/X-4.
    Its /ID and XMP IDs are a digest of its own bytes, so the output is
    byte-identical for the same input. Raises ``ValueError`` for input that is
    not a readable PDF, has no pages, or mixes trim sizes.

    Each trim page becomes a Form XObject (its content bytes verbatim, never parsed
    operator by operator) that its sheet draws once, clipped to its half: much
    faster than merging content streams, and resources shared between pages (fonts)
    are cloned into the output once.
    """
    try:
        reader = PdfReader(io.BytesIO(pdf), strict=False)
        if reader.is_encrypted:
            raise ValueError("cannot impose an encrypted PDF")
        pages = list(reader.pages)
        root = reader.trailer["/Root"].get_object()
    except PdfReadError as error:
        raise ValueError(f"cannot impose: not a readable PDF ({error})") from error
    if not pages:
        raise ValueError("cannot impose a PDF with no pages")

    placements = [_placement(page) for page in pages]
    sizes = {(round(place.width, 1), round(place.height, 1)) for place in placements}
    if len(sizes) > 1:
        raise ValueError(f"cannot impose pages of different trim sizes: {sorted(sizes)}")
    width, height = placements[0].width, placements[0].height  # exact, not the rounding used to compare
    # One bleed for the whole spread, so the four outer edges line up.
    bleed = min(min(place.bleed) for place in placements)
    sheet = press_sheet(2 * width, height, bleed)
    # Rounded as the boxes are written, so that marks, clips and boxes agree.
    left, bottom = round((sheet.width - 2 * width) / 2, 3), round((sheet.height - height) / 2, 3)
    trim = (left, bottom, left + 2 * width, bottom + height)

    # Resolved: a value may be an indirect object, which dict.get would hand over as it is.
    info = {key: value.get_object() for key, value in (reader.metadata or {}).items()}
    name, language = slug_names(name, language, str(info.get("/Title") or ""), str(root.get("/Lang") or ""))
    # Ordered as if every page were real, so that a padding page keeps its
    # number (for the slug) where saddle_stitch_order would say None.
    padded = -(-len(pages) // 4) * 4
    sides = saddle_stitch_order(padded, rtl=rtl)
    # What each position of the folded booklet shows: a page, or None for padding.
    if back_cover and padded > len(pages):
        # The last page is the back cover: the blanks go before it, so that it stays outside.
        slots = [*range(len(pages) - 1), *[None] * (padded - len(pages)), len(pages) - 1]
    else:
        slots = [*range(len(pages)), *[None] * (padded - len(pages))]
    blank = [not shows_ink(_content(page), _drawn_by(page.get("/Resources"))) for page in pages]
    solid = [_solid(page) for page in pages]

    edition = edition_stamp(info, reader.trailer.get("/ID")) if edition is None else edition
    slugs = [
        slug_text(
            name, language, sorted(v + 1 for v in pair if slots[v] is None or blank[slots[v]]),
            sheet=f"sheet {number // 2 + 1} of {len(sides) // 2}, {'back' if number % 2 else 'front'}",
            edition=edition, rtl=rtl,
        )
        for number, pair in enumerate(sides)
    ]
    font = slug_font(slugs, slug_faces)

    writer = PdfWriter()
    # pypdf would write 1.3 whatever the source's version; PDF/X-4 asks for 1.6 at least.
    header = reader.pdf_header
    writer.pdf_header = max(header, "%PDF-1.6") if re.fullmatch(r"%PDF-\d\.\d", header) else "%PDF-1.6"
    shared = _sheet_resources(writer, font)
    for pair, slug in zip(sides, slugs):
        page = writer.add_blank_page(width=sheet.width, height=sheet.height)
        drawing: list[bytes] = []
        forms = DictionaryObject()
        shown = [slots[position] for position in pair]
        overlap = SPINE_OVERLAP if all(index is not None and solid[index] for index in shown) else 0.0
        for slot, index in enumerate(shown):
            if index is None:
                continue  # padding
            # Only the content and its resources are copied: links (/Annots) would
            # point into the source document, and a print sheet needs none.
            forms[NameObject(f"/P{slot}")] = _form(pages[index], writer)
            drawing.append(_draw_page(slot, placements[index].upright, trim, bleed, overlap))
        drawing.append(_marks(trim, width, bleed, slug, font))
        content = StreamObject()
        content.set_data(b"\n".join(drawing))
        page[NameObject("/Contents")] = writer._add_object(content.flate_encode())
        resources = DictionaryObject(shared)
        resources[NameObject("/XObject")] = forms
        page[NameObject("/Resources")] = resources
        page[NameObject("/TrimBox")] = _rectangle(trim)
        page[NameObject("/BleedBox")] = _rectangle(
            (trim[0] - bleed, trim[1] - bleed, trim[2] + bleed, trim[3] + bleed)
        )

    press = False
    if "/OutputIntents" in root:
        # The colour the pages were made for (PDF/X's CMYK, PDF/A's sRGB) still
        # holds for them on the sheet, and a printer's preflight reads it.
        intents = root["/OutputIntents"].clone(writer)
        writer._root_object[NameObject("/OutputIntents")] = intents
        press = any(intent.get_object().get("/S") == "/GTS_PDFX" for intent in intents)
    # Stand-ins for the file's IDs until its bytes are known, from the input's:
    # no title in it can spell them.
    seed = hashlib.sha256(b"booklet imposed sheets\0" + pdf).digest()
    stand_ins = (uuid.UUID(bytes=seed[:16]), uuid.UUID(bytes=seed[16:]))
    _describe(writer, info, title=str(info.get("/Title") or name), press=press, ids=stand_ins)
    return _write_identified(writer, stand_ins)


def _draw_page(
    slot: int, upright: Transformation, trim: tuple[float, float, float, float], bleed: float, overlap: float = 0.0
) -> bytes:
    """Draw form /P0 (``slot`` 0, the left page) or /P1 in its half of the spread ``trim``.

    The bleed shows on the outer side, the head and the foot only: at the spine
    the page ends at its trim, where its neighbour's trim begins; the left
    page, drawn first, runs ``overlap`` on under its neighbour (SPINE_OVERLAP).
    """
    left, bottom, right, top = trim
    width = (right - left) / 2
    place = left + slot * width
    x0 = place - bleed if slot == 0 else place
    x1 = place + width + (bleed if slot == 1 else overlap)
    clip = " ".join(_number(value) for value in (x0, bottom - bleed, x1 - x0, top - bottom + 2 * bleed))
    matrix = " ".join(_number(value) for value in upright.translate(place, bottom).ctm)
    return f"q {clip} re W n {matrix} cm /P{slot} Do Q".encode()


@dataclass(frozen=True)
class _Placement:
    upright: Transformation  # puts the page upright, its trim's lower left corner at the origin
    width: float  # of the trim, upright
    height: float
    bleed: tuple[float, float, float, float]  # beyond the trim, upright: left, bottom, right, top


def _placement(page: PageObject) -> _Placement:
    """Where a page's trim and bleed lie once it is turned upright.

    /Rotate is a display attribute that a form ignores, so it is turned into a
    rotation here (pypdf 7's ``transfer_rotation_to_content`` refuses reader pages).
    The trim defaults to the crop box and the bleed box to the crop box, as in
    the PDF specification; a bleed box reaching beyond the media box is cut to it.
    """
    turn = Transformation().rotate(-page.rotation)

    def upright(box: RectangleObject) -> tuple[float, float, float, float]:
        corners = [(box.left, box.bottom), (box.left, box.top), (box.right, box.bottom), (box.right, box.top)]
        xs, ys = zip(*(turn.apply_on((float(x), float(y))) for x, y in corners))
        return min(xs), min(ys), max(xs), max(ys)

    trim = upright(page.trimbox)
    media = upright(page.mediabox)
    bleed_box = upright(page.bleedbox)
    outer = (
        max(bleed_box[0], media[0]), max(bleed_box[1], media[1]),
        min(bleed_box[2], media[2]), min(bleed_box[3], media[3]),
    )
    bleed = (trim[0] - outer[0], trim[1] - outer[1], outer[2] - trim[2], outer[3] - trim[3])
    return _Placement(
        upright=turn.translate(-trim[0], -trim[1]),
        width=trim[2] - trim[0],
        height=trim[3] - trim[1],
        bleed=tuple(max(0.0, value) for value in bleed),
    )


def _form(page: PageObject, writer: PdfWriter) -> IndirectObject:
    """A Form XObject in ``writer`` that draws ``page``'s content within its media box.

    The content is copied, never parsed: a single content stream keeps its encoded
    bytes and filters, an array of them is decoded, joined and compressed again.
    Cloning the resources goes through the writer's table of already cloned source
    objects, so a font every page uses is copied once, however many forms use it.
    """
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    if isinstance(contents, StreamObject):
        # A copy of its own even if another page shares the stream: the two forms
        # may need different resources and boxes.
        form = contents.clone(writer, force_duplicate=True)
    else:
        # An array of streams; anything else (none, null) draws nothing.
        joined = StreamObject()
        # A line break between the parts: a stream may end without whitespace, and
        # its last token must not run into the first token of the next one.
        joined.set_data(b"\n".join(_content_parts(contents)))
        form = joined.flate_encode()
        writer._add_object(form)
    resources = page.raw_get("/Resources") if "/Resources" in page else DictionaryObject()
    box = page.mediabox  # the sheet clips to trim and bleed; the bleed lies within the media box
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(
                FloatObject(value) for value in (box.left, box.bottom, box.right, box.top)
            ),
            NameObject("/Resources"): resources.clone(writer),
        }
    )
    if "/Group" in page:
        # The page's transparency group (its blending colour space) goes with its content.
        form[NameObject("/Group")] = page["/Group"].clone(writer)
    return form.indirect_reference


def _content_parts(contents: object) -> list[bytes]:
    """The parts of a page's content, but a page's own marks and slug (a
    part that is a page artifact, as render/pdf.py draws them): the sheet
    clips them away, and text clipped away still reads back (pdftotext),
    where the sheet's slug is; the page's content starts after them."""
    if isinstance(contents, StreamObject):
        return [contents.get_data()]
    if isinstance(contents, ArrayObject):
        parts = (part.get_object().get_data() for part in contents)
        return [part for part in parts if not _PAGE_ARTIFACT.fullmatch(part)]
    return []


# Text shown (Tj, TJ, ' and "), an inline image, an XObject drawn: a regular
# expression over the decoded bytes, as parsing every operator is what made
# imposing slow. A string that happens to contain "Tj" only ever errs towards
# "not blank", which leaves a page unmarked, never a page with text marked blank.
_SHOWS_TEXT = re.compile(rb"(?<![\w/#])(?:TJ|Tj|BI)(?![\w#])|\)\s*['\"]")
_DRAWS_OBJECT = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do(?![\w#])")
# A fill colour, then a rectangle filled: ink over an area, such as a solid
# back cover, unless the colour is white (``_white``). The colour is set by
# rg, g or k, or in the current colour space by sc/scn (the press variant's
# "/DeviceCMYK cs 0.4 0.3 0.3 1 scn").
_FILLS = re.compile(
    rb"(?<![\w.])(?<![\d.] )"
    rb"(?P<colour>[\d.]+ [\d.]+ [\d.]+ rg|[\d.]+ g|[\d.]+ [\d.]+ [\d.]+ [\d.]+ k|[\d.]+(?: [\d.]+)* scn?)\s"
    rb"(?:(?!\b(?:rg|g|k|scn?)\b).)*?\bre\s+(?:W\s+n\s+[^f]*?)?f\*?(?![\w#])",
    re.S,
)


def _white(colour: bytes) -> bool:
    """Whether a fill colour (``1 g``, ``1.0 1 1 rg``, ``0 0 0 0 k``,
    ``/DeviceCMYK cs 0 0 0 0 scn``...) is white, which puts no ink on paper:
    four components are CMYK, white without ink; one or three grey or RGB,
    white at full. The one definition of white for blank pages and solid
    backgrounds alike, read as numbers, however a stream writes them."""
    words = colour.split()
    *values, operator = words[words.index(b"cs") + 1:] if b"cs" in words else words
    try:
        numbers = [float(value) for value in values]
    except ValueError:  # "1..0": no colour a writer makes; ink, so never a page called blank by mistake
        return False
    if operator == b"k" or len(numbers) == 4:
        return all(number == 0 for number in numbers)
    return bool(numbers) and all(number == 1 for number in numbers)


def _paints(data: bytes) -> bool:
    """Whether content ``data`` fills an area in a colour other than white."""
    return any(not _white(found["colour"]) for found in _FILLS.finditer(data))


# WeasyPrint's page background, the first thing it draws (an artifact, in a
# tagged PDF): in CSS pixels (the second cm), y downwards (the first), a
# rectangle clipped and filled in one colour, with the opacity of an ExtGState.
_NUMBER = rb"(?:\d+(?:\.\d*)?|\.\d+)"
_BACKGROUND = re.compile(
    rb"\A\s*1 0 0 -1 0 (?P<height>N) cm\s+q\s+(?P<scale>N) 0 0 (?P=scale) 0 0 cm\s+q\s+"
    rb"(?:/Artifact\s+BMC\s+)?q\s+(?:/(?P<state>[^\s/\[\]()<>{}%]+) gs\s+)?"
    rb"(?P<colour>(?:N )+(?:rg|g|k)|/\S+ cs\s+(?:N )+scn)\s+"
    rb"(?P<rect>-?N -?N N N) re\s+W\s+n\s+(?P=rect) re\s+f\s".replace(b"N", _NUMBER)
)


def _solid(page: PageObject) -> bool:
    """Whether ``page`` starts by painting all of its bleed box (its trim
    and bleed) in one opaque colour other than white, as WeasyPrint draws a page
    background (a cover's): then it paints to the spine, whatever it shows
    there. Anything else is not known to, rotated pages among them."""
    contents = page.get("/Contents")
    head = b"\n".join(_content_parts(contents.get_object() if contents is not None else None))[:2048]
    found = _BACKGROUND.match(head)
    if found is None or page.rotation % 360:
        return False
    if _white(found["colour"]):
        return False
    if found["state"] is not None:
        state = _resource(page, "/ExtGState", found["state"].decode("latin-1"))
        opacity = state.get("/ca", 1) if isinstance(state, DictionaryObject) else None
        if not isinstance(opacity, (int, float)) or opacity != 1:
            return False
    height, scale = float(found["height"]), float(found["scale"])
    x, y, width, tall = (float(value) for value in found["rect"].split())
    box = page.bleedbox  # what the sheet shows of the page: its bleed beyond the trim at most
    covered = (scale * x, height - scale * (y + tall), scale * (x + width), height - scale * y)
    return (
        covered[0] <= float(box.left) + 0.01 and covered[1] <= float(box.bottom) + 0.01
        and covered[2] >= float(box.right) - 0.01 and covered[3] >= float(box.top) - 0.01
    )


def _resource(page: PageObject, kind: str, name: str) -> object:
    """The resource ``name`` of ``kind`` (/ExtGState, ...) of ``page``, or None."""
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else None
    table = resources.get(kind) if isinstance(resources, DictionaryObject) else None
    table = table.get_object() if table is not None else None
    found = table.get("/" + name) if isinstance(table, DictionaryObject) else None
    return found.get_object() if found is not None else None


def _content(page: PageObject) -> bytes:
    """``page``'s content, decoded, its page artifacts left out (``_content_parts``)."""
    contents = page.get("/Contents")
    return b"\n".join(_content_parts(contents.get_object() if contents is not None else None))


#: What a content stream's XObject name draws: ``None`` for nothing known,
#: ``True`` for ink (an image, a stream of a kind not known), a form as its
#: content and how to look up the XObjects it draws in turn.
Drawn = Callable[[str], "bool | tuple[bytes, Drawn] | None"]
#: A page artifact (ISO 32000-1 14.8.2.2: production aids, cut marks), as
#: render/pdf.py draws a page's crop marks and slug, beyond its bleed: not
#: ink on the page a reader gets. Strings are read whole: a slug naming
#: "BMC-report" or "EMC" starts or ends no marked content.
_PAGE_ARTIFACT = re.compile(
    rb"\s*/Artifact\s*<<\s*/Type\s*/Page\s*>>\s*BDC(?:\((?:[^()\\]|\\.)*\)|(?!BDC|BMC)[^(])*?EMC\s*", re.S
)


def shows_ink(content: bytes, drawn: Drawn, *, depth: int = 0) -> bool:
    """Whether ``content`` (a page's, decoded) shows text, an image or an
    area of ink, ``drawn`` finding its XObjects: a page that does not is what
    a printer calls a blank page. Rules (strokes) do not count; a solid
    background does (a dark back cover is no blank page to a printer).
    ``content`` is without the page's own marks and slug: ``_content``
    leaves out the parts that are page artifacts (render/pdf.py asks before
    it draws them); whatever else it holds counts."""
    if _SHOWS_TEXT.search(content) or _paints(content):
        return True
    for match in _DRAWS_OBJECT.finditer(content):
        found = drawn(match.group(1).decode("latin-1"))
        if found is True:
            return True
        # A form nested deeper than this is drawn by nothing a booklet makes;
        # count it as content rather than follow a cycle.
        if found is not None and (depth >= 8 or shows_ink(*found, depth=depth + 1)):
            return True
    return False


def _drawn_by(resources: object) -> Drawn:
    """``shows_ink``'s look-up of XObjects in pypdf ``resources``."""
    resources = resources.get_object() if resources is not None else None
    objects = resources.get("/XObject") if isinstance(resources, DictionaryObject) else None
    objects = objects.get_object() if objects is not None else DictionaryObject()

    def drawn(name: str) -> bool | tuple[bytes, Drawn] | None:
        found = objects.get("/" + name)
        found = found.get_object() if found is not None else None
        if not isinstance(found, StreamObject):
            return None
        if found.get("/Subtype") != "/Form":
            return True  # an image (or something we do not know): content
        return found.get_data(), _drawn_by(found.get("/Resources", resources))

    return drawn


def slug_names(name: str, language: str, title: str, lang: str) -> tuple[str, str]:
    """The document's name and language a slug line gives: ``name`` and
    ``language`` as the build gave them, else the PDF's ``title`` and its
    ``lang`` (/Lang), else "booklet" and none."""
    return name or title or "booklet", language or lang


#: What a slug line says of a booklet bound on the right (``rtl``): a print
#: shop that imposes or binds it as a left-bound one puts every margin, head
#: and folio on the wrong side (a designer asked for it on the job ticket;
#: the sheets carry it).
RIGHT_BOUND = "binds on the right"


def slug_text(
    name: str, language: str, blank: Sequence[int], *, sheet: str = "", edition: str = "", rtl: bool = False
) -> str:
    """``black-january · de · sheet 2 of 4, front · p. 8 blank · 2026-11-25
    · 3f9a1c2b``, or without the ``sheet`` (a single page's: ``black-january
    · de · p. 2 blank``) or the ``edition`` (``edition_stamp``); a booklet
    bound on the right (``rtl``) says so after its language (``RIGHT_BOUND``)."""
    parts = [name] + ([language] if language else []) + ([RIGHT_BOUND] if rtl else []) + ([sheet] if sheet else [])
    if blank:
        parts.append(("p. " if len(blank) == 1 else "pp. ") + ", ".join(map(str, blank)) + " blank")
    return " \u00b7 ".join(parts + ([edition] if edition else []))


def edition_stamp(info: dict, ids: object) -> str:
    """Which build of a booklet its sheets are, for the print shop: its date
    (the information dictionary's /ModDate, else /CreationDate: the inputs'
    date, render/pdf.py) and the first 8 hex digits of its /ID, a digest of
    every input that changes its bytes (render/pdf.py's ``_identifier``):
    sheets of two builds of one day tell themselves apart. What the PDF does
    not have, or has unreadable, is left out (``_describe`` refuses a date
    that is not a PDF date, with the file's other faults)."""
    parts = []
    try:
        date = _pdf_date(info, "/ModDate") or _pdf_date(info, "/CreationDate")
    except ValueError:
        date = None
    if date is not None:
        parts.append(f"{date:%Y-%m-%d}")
    first = ids[0].get_object() if isinstance(ids, list) and ids else None  # pypdf's ArrayObject is a list
    # pypdf's strings keep their bytes: WeasyPrint writes its /ID as hex digits, others as raw bytes
    raw = getattr(first, "original_bytes", None)
    if isinstance(raw, bytes) and raw:
        parts.append((raw.decode("ascii") if re.fullmatch(rb"[0-9a-fA-F]{8,}", raw) else raw.hex())[:8].lower())
    return " \u00b7 ".join(parts)


def _marks(
    trim: tuple[float, float, float, float], page_width: float, bleed: float, slug_line: str, font: _Font
) -> bytes:
    """Crop marks at the spread's outer trim corners, fold marks at the spine, and
    the slug line between them below the left page, all beyond the bleed."""
    left, bottom, right, top = trim
    near, far = bleed + MARK_GAP, bleed + MARK_GAP + MARK_LENGTH
    spine = left + page_width
    fold = [((spine, bottom - near), (spine, bottom - far)), ((spine, top + near), (spine, top + far))]
    return (
        f"q /Registration CS 1 SCN {_number(MARK_WIDTH)} w 0 J [] 0 d {_strokes(_crop_lines(trim, bleed))} "
        # Dashed: a fold, not a cut.
        f"[3 2] 0 d {_strokes(fold)} Q "
    ).encode("ascii") + slug((left, bottom, left + page_width, top), bleed, slug_line, font)


def slug(trim: tuple[float, float, float, float], bleed: float, text: str, font: _Font, resource: str = "Slug") -> bytes:
    """Content that sets ``text`` below the page ``trim`` (left, bottom,
    right, top in pt), between its crop marks, beyond its ``bleed``, in
    ``font`` (the font resource ``resource``) in registration colour."""
    left, bottom, right, _ = trim
    # From beside the left crop mark to short of the right one (the fold mark, on a sheet).
    start, room = left + 4 * MM, right - left - 8 * MM
    size = min(SLUG_SIZE, room / max(1.0, font.width(text)))
    # Centred on the marks' band, the slug's ascenders stay beyond the bleed.
    baseline = bottom - bleed - MARK_GAP - MARK_LENGTH / 2 - 0.35 * size
    return (
        f"q BT /Registration cs 1 scn /{resource} {_number(size)} Tf "
        f"{_number(start)} {_number(baseline)} Td {font.string(text)} Tj ET Q"
    ).encode("ascii")


_Line = tuple[tuple[float, float], tuple[float, float]]


def _crop_lines(trim: tuple[float, float, float, float], bleed: float) -> list[_Line]:
    """Two marks at each corner of ``trim``, in line with its edges, from ``MARK_GAP`` beyond the bleed."""
    left, bottom, right, top = trim
    near, far = bleed + MARK_GAP, bleed + MARK_GAP + MARK_LENGTH
    lines = []
    for x, outward in ((left, -1), (right, 1)):
        for y, upward in ((bottom, -1), (top, 1)):
            lines.append(((x + outward * near, y), (x + outward * far, y)))  # along the trim's horizontal edge
            lines.append(((x, y + upward * near), (x, y + upward * far)))  # along its vertical edge
    return lines


def _strokes(lines: list[_Line]) -> str:
    return " ".join(f"{_number(x0)} {_number(y0)} m {_number(x1)} {_number(y1)} l" for (x0, y0), (x1, y1) in lines) + " S"


@dataclass(frozen=True)
class _Font:
    """The slug's typeface, cut down to the characters it shows."""

    name: str  # its PostScript name
    fixed: bool  # fixed pitch
    data: bytes  # a TrueType file
    widths: dict[int, float]  # WinAnsi code -> advance in 1/1000 em
    ascent: float
    descent: float
    cap_height: float
    bbox: tuple[float, float, float, float]

    def codes(self, text: str) -> bytes:
        """``text`` in WinAnsi; what the font lacks becomes "?"."""
        return bytes(code if code in self.widths else ord("?") for code in text.encode("cp1252", "replace"))

    def width(self, text: str) -> float:
        """The width of ``text`` at 1 pt."""
        return sum(self.widths[code] for code in self.codes(text)) / 1000

    def string(self, text: str) -> str:
        """``text`` as a PDF string literal, in plain ASCII."""
        return "(" + "".join(
            f"\\{code:03o}" if code < 32 or code > 126 or code in b"()\\" else chr(code) for code in self.codes(text)
        ) + ")"


def _win_ansi(characters: str) -> list[int]:
    """The code points of ``characters`` that WinAnsi encodes as themselves (and "?"):
    below 128 and from 160 on; a simple font cannot address anything else (the
    128-159 block maps to other code points)."""
    return sorted({ord(c) for c in characters if ord(c) >= 32 and (ord(c) < 127 or 160 <= ord(c) < 256)} | {63})


def _slug_face(faces: tuple[Path, ...], characters: str) -> Path:
    """The first of ``faces`` in TrueType outlines (a simple TrueType font can
    embed it) with every character of the slug, else the first in TrueType
    outlines (what it lacks prints as "?"); IBM Plex Mono when none is, and
    a ValueError when that is not installed either."""
    from fontTools.ttLib import TTFont, TTLibError

    usable = []
    for file in faces:
        try:
            font = TTFont(file, lazy=True, fontNumber=0)
            if "glyf" not in font:
                continue
            # what _slug_font reads, read here: a face damaged in any of it is passed over
            cmap = font.getBestCmap()
            font["name"].getDebugName(6), font["post"].isFixedPitch, font["head"].unitsPerEm
        except (OSError, ValueError, KeyError, AssertionError, TTLibError):  # fontTools' kinds for a file it cannot read
            continue
        if set(_win_ansi(characters)) <= set(cmap or {}):
            return file
        usable.append(file)
    if usable:
        return usable[0]
    from .fonts import MONO_FACE, font_faces

    mono = next((f.file for f in font_faces() if f.family == MONO_FACE and f.style == "normal" and f.weight == "400"), None)
    if mono is None:
        raise ValueError(f"no face to set it in: none of {len(faces)} given is TrueType, and {MONO_FACE} is not installed")
    return mono


def slug_font(texts: Sequence[str], faces: Sequence[Path]) -> _Font:
    """The font to set ``texts`` in: the first of ``faces`` that has their
    characters (``_slug_face``), holding only those characters (and "?" for
    what it cannot show), a few kilobytes. Raises ``ValueError`` naming a
    face it cannot read, or saying that there is none to read."""
    characters = "".join(sorted(set("?".join(texts))))
    face = _slug_face(tuple(faces), characters)
    try:
        return _slug_font(characters, face)
    except Exception as error:  # fontTools raises many kinds on a damaged file; one line names it
        raise ValueError(f"{face}: cannot set the slug line in this font: {error}") from error


@lru_cache(maxsize=8)
def _slug_font(characters: str, face: Path) -> _Font:
    """``face`` cut down to ``characters``, those of them WinAnsi encodes
    (printable ASCII, the middle dot, Western European letters).

    Embedded rather than a standard 14 font: a printer's preflight rejects fonts
    that are not embedded. The file is made the same way every time (no new
    timestamp), so the imposed PDF stays byte-identical.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(face, recalcTimestamp=False, fontNumber=0)
    name = re.sub(r"[^A-Za-z0-9-]", "", font["name"].getDebugName(6) or face.stem) or "Slug"
    fixed = bool(font["post"].isFixedPitch)
    codes = _win_ansi(characters)
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = [1, 2, 4, 6]
    # Taken out before subsetting, unread: the subsetter would decompile a text
    # face's layout tables before dropping them (0.3 s for Noto Serif, ten
    # times the rest). A variable face keeps its default instance: a simple
    # font has no axes.
    for tag in ("DSIG", "GDEF", "GPOS", "GSUB", "meta", "fvar", "gvar", "avar", "cvar", "HVAR", "MVAR", "STAT"):
        if tag in font:
            del font[tag]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codes)
    subsetter.subset(font)
    scale = 1000 / font["head"].unitsPerEm
    cmap = font.getBestCmap()
    head = font["head"]
    data = io.BytesIO()
    font.save(data)
    return _Font(
        name=name,
        fixed=fixed,
        data=data.getvalue(),
        widths={code: font["hmtx"][cmap[code]][0] * scale for code in codes if code in cmap},
        ascent=font["hhea"].ascent * scale,
        descent=font["hhea"].descent * scale,
        cap_height=font["OS/2"].sCapHeight * scale,
        bbox=tuple(value * scale for value in (head.xMin, head.yMin, head.xMax, head.yMax)),
    )


def _sheet_resources(writer: PdfWriter, slug: _Font) -> DictionaryObject:
    """What every sheet's marks and slug use: the registration colour and the slug font."""
    # Registration: the separation "All" paints on every plate, so each plate
    # carries the marks; viewers show it as black (the tint's CMYK 1 1 1 1).
    tint = DictionaryObject(
        {
            NameObject("/FunctionType"): NumberObject(2),
            NameObject("/Domain"): ArrayObject([NumberObject(0), NumberObject(1)]),
            NameObject("/C0"): ArrayObject([NumberObject(0)] * 4),
            NameObject("/C1"): ArrayObject([NumberObject(1)] * 4),
            NameObject("/N"): NumberObject(1),
        }
    )
    registration = ArrayObject(
        [NameObject("/Separation"), NameObject("/All"), NameObject("/DeviceCMYK"), writer._add_object(tint)]
    )
    data, descriptor, font = slug_font_objects(slug)
    file = StreamObject()
    file.set_data(data)
    file = file.flate_encode()
    file[NameObject("/Length1")] = NumberObject(len(data))
    descriptor["FontFile2"] = writer._add_object(file)
    font["FontDescriptor"] = writer._add_object(_pypdf(descriptor))
    font = _pypdf(font)
    return DictionaryObject(
        {
            NameObject("/ColorSpace"): DictionaryObject({NameObject("/Registration"): registration}),
            NameObject("/Font"): DictionaryObject({NameObject("/Slug"): writer._add_object(font)}),
        }
    )


def subset_tag(data: bytes) -> str:
    """The six capitals a font subset's name starts with (ISO 32000-1 9.6.4),
    from ``data``, what the subset is: the same subset has the same tag in
    every build and file, two different ones (almost surely) do not."""
    return "".join(chr(65 + byte % 26) for byte in hashlib.sha256(data).digest()[:6])


def slug_font_objects(slug: _Font) -> tuple[bytes, dict[str, object], dict[str, object]]:
    """The slug font as PDF objects, for pypdf (the sheets) and pydyf (a
    booklet's pages, render/pdf.py) alike: the font file, its descriptor
    (its ``FontFile2`` left to the caller) and the font dictionary (its
    ``FontDescriptor`` too), keys without their slash, names as ``/Name``."""
    tag = subset_tag(slug.data)
    descriptor = {
        "Type": "/FontDescriptor",
        "FontName": f"/{tag}+{slug.name}",
        "Flags": 32 + slug.fixed,  # nonsymbolic, and fixed pitch if it is
        "FontBBox": [round(v, 3) for v in slug.bbox],
        "ItalicAngle": 0,
        "Ascent": round(slug.ascent, 3),
        "Descent": round(slug.descent, 3),
        "CapHeight": round(slug.cap_height, 3),
        "StemV": 80,
    }
    first, last = min(slug.widths), max(slug.widths)
    font = {
        "Type": "/Font",
        "Subtype": "/TrueType",
        "BaseFont": f"/{tag}+{slug.name}",
        "Encoding": "/WinAnsiEncoding",
        "FirstChar": first,
        "LastChar": last,
        "Widths": [round(slug.widths.get(code, 0.0), 3) for code in range(first, last + 1)],
    }
    return slug.data, descriptor, font


def _pypdf(value: object) -> object:
    """A ``slug_font_objects`` value as a pypdf object."""
    if isinstance(value, dict):
        return DictionaryObject({NameObject("/" + key): _pypdf(item) for key, item in value.items()})
    if isinstance(value, list):
        return ArrayObject(_pypdf(item) for item in value)
    if isinstance(value, str):
        return NameObject(value)
    if isinstance(value, float):
        return FloatObject(value)
    if isinstance(value, int):
        return NumberObject(value)
    return value


#: What the imposed file names itself when its pages carry a PDF/X output
#: intent: ISO 15930-7's identification, as WeasyPrint 70 writes it in a
#: ``pdf/x-4`` booklet (the ``pdfxid`` property X-4 readers look for, and the
#: ``pdfx`` ones older readers do), so that booklet and sheets say the same.
PDFX_VERSION = "PDF/X-4"
#: The sheets' producer when their pages name none (a booklet's name WeasyPrint).
PRODUCER = "booklet"
_NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfx": "http://ns.adobe.com/pdfx/1.3/",
    "pdfxid": "http://www.npes.org/pdfx/ns/id/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
}
# What XML 1.0 cannot hold, not even escaped: a title is a translation (untrusted).
_EPOCH = _dt.datetime.fromtimestamp(0, _dt.timezone.utc)  # no date given: the epoch, never the clock's
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: Information dictionary entries with an XMP counterpart beside the title and
#: dates, and the property that says the same.
_DESCRIBED = {
    "/Author": "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>",
    "/Subject": '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{}</rdf:li></rdf:Alt></dc:description>',
    "/Keywords": "<pdf:Keywords>{}</pdf:Keywords>",
    "/Creator": "<xmp:CreatorTool>{}</xmp:CreatorTool>",
}
_PDF_DATE = re.compile(
    r"(?:D:)?(?P<year>\d{4})(?P<month>\d\d)?(?P<day>\d\d)?(?P<hour>\d\d)?(?P<minute>\d\d)?(?P<second>\d\d)?"
    r"(?:(?P<sign>[Zz+-])(?:(?P<hours>\d\d)'?(?:(?P<minutes>\d\d)'?)?)?)?"
)


def _describe(
    writer: PdfWriter, info: dict, *, title: str, press: bool, ids: tuple[uuid.UUID, uuid.UUID]
) -> None:
    """The document information dictionary and the XMP metadata that says the
    same (PDF/X requires the two to agree): title, dates, trapping, producer,
    what else the source's dictionary names, and the file's IDs (``ids``: the
    document's, this instance's), identified as PDF/X-4 when ``press``. The
    producer is the source's, the booklet's (WeasyPrint's), so that a
    preflight finds sheets and booklet made alike; pypdf, which writes the
    sheets, only moves the booklet's pages, drawn as they were.

    The dates are the source's, as the booklet's were pinned (render/pdf.py),
    else SOURCE_DATE_EPOCH's: never the clock's."""
    created = _pdf_date(info, "/CreationDate") or source_date() or _EPOCH
    modified = _pdf_date(info, "/ModDate") or created
    trapped = str(info["/Trapped"]) if info.get("/Trapped") in ("/True", "/False") else "/False"
    title = _NOT_XML.sub("", title)
    producer = _NOT_XML.sub("", str(info.get("/Producer") or PRODUCER))
    # The Info keys with an XMP counterpart, copied as their XMP text is, so that they agree.
    others = {key: _NOT_XML.sub("", str(info[key])) for key in _DESCRIBED if key in info}
    properties = [
        *([f"<pdfxid:GTS_PDFXVersion>{PDFX_VERSION}</pdfxid:GTS_PDFXVersion>",
           f"<pdfx:GTS_PDFXVersion>{PDFX_VERSION}</pdfx:GTS_PDFXVersion>",
           f"<pdfx:GTS_PDFXConformance>{PDFX_VERSION}</pdfx:GTS_PDFXConformance>"] if press else []),
        f"<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{escape(title)}</rdf:li></rdf:Alt></dc:title>",
        "<dc:format>application/pdf</dc:format>",
        f"<pdf:Producer>{escape(producer)}</pdf:Producer>",
        f"<pdf:Trapped>{trapped[1:]}</pdf:Trapped>",
        f"<xmp:CreateDate>{_xmp_date(created)}</xmp:CreateDate>",
        f"<xmp:ModifyDate>{_xmp_date(modified)}</xmp:ModifyDate>",
        f"<xmp:MetadataDate>{_xmp_date(modified)}</xmp:MetadataDate>",
        f"<xmpMM:DocumentID>uuid:{ids[0]}</xmpMM:DocumentID>",
        f"<xmpMM:InstanceID>uuid:{ids[1]}</xmpMM:InstanceID>",
        # The sheets are what is printed from: the master rendition, not a proof.
        "<xmpMM:RenditionClass>default</xmpMM:RenditionClass>",
        "<xmpMM:VersionID>1</xmpMM:VersionID>",
        *(_DESCRIBED[key].format(escape(text)) for key, text in others.items()),
    ]
    namespaces = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in _NAMESPACES.items())
    packet = "\n".join(
        [
            '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
            '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
            f'<rdf:Description rdf:about="" {namespaces}>',
            *properties,
            "</rdf:Description>",
            "</rdf:RDF>",
            "</x:xmpmeta>",
            '<?xpacket end="r"?>',
        ]
    )
    # Not compressed: a tool that does not read PDF finds the packet by its marker.
    metadata = StreamObject()
    metadata.set_data(packet.encode())
    metadata.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    writer._root_object[NameObject("/Metadata")] = writer._add_object(metadata)
    # The source's own PDF/X keys (an X-1a's, say) would contradict the XMP's.
    kept = {key: value for key, value in info.items() if key not in _DESCRIBED and not key.startswith("/GTS_")}
    kept.update({key: TextStringObject(value) for key, value in others.items()})
    kept.update(
        {
            "/Title": TextStringObject(title),
            "/Producer": TextStringObject(producer),
            "/CreationDate": TextStringObject(_info_date(created)),
            "/ModDate": TextStringObject(_info_date(modified)),
            "/Trapped": NameObject(trapped),
        }
    )
    writer.add_metadata(kept)
    writer._ID = ArrayObject(ByteStringObject(value.bytes) for value in ids)


def _write_identified(writer: PdfWriter, stand_ins: tuple[uuid.UUID, uuid.UUID]) -> bytes:
    """``writer``'s file, its IDs (the trailer's /ID, the XMP's document and
    instance IDs) the digest of its own bytes: written with ``stand_ins`` in
    their place, each then replaced by a value of the same length, so that
    nothing else moves."""
    output = io.BytesIO()
    writer.write(output)
    data = output.getvalue()
    digest = hashlib.sha256(data).digest()
    for stand_in, final in zip(stand_ins, (uuid.UUID(bytes=digest[:16]), uuid.UUID(bytes=digest[16:]))):
        # Each once: in the /ID array (hexadecimal) and in the XMP (a UUID).
        for old, new in ((stand_in.hex, final.hex), (str(stand_in), str(final))):
            if data.count(old.encode()) != 1:
                raise ValueError(f"cannot identify the imposed file: {old} found {data.count(old.encode())} times")
            data = data.replace(old.encode(), new.encode())
    return data


def _pdf_date(info: dict, key: str) -> _dt.datetime | None:
    """The date of ``key`` in a document information dictionary (``D:YYYYMMDDHHmmSS+HH'mm'``,
    its tail optional), None when it has none; no offset is read as UTC."""
    if key not in info:
        return None
    text = str(info[key])
    found = _PDF_DATE.fullmatch(text.strip())
    wrong = f"cannot impose: its {key[1:]} {text!r} is not a PDF date"
    if found is None:
        raise ValueError(wrong)
    parts = {name: int(found[name] or default) for name, default in
             (("year", 0), ("month", 1), ("day", 1), ("hour", 0), ("minute", 0), ("second", 0))}
    offset = _dt.timedelta(hours=int(found["hours"] or 0), minutes=int(found["minutes"] or 0))
    try:
        return _dt.datetime(**parts, tzinfo=_dt.timezone(-offset if found["sign"] == "-" else offset))
    except ValueError:  # a month 13, an offset of a day or more
        raise ValueError(wrong) from None


def _offset(moment: _dt.datetime) -> tuple[str, int, int]:
    minutes = int(moment.utcoffset().total_seconds() // 60)
    return ("-" if minutes < 0 else "+"), abs(minutes) // 60, abs(minutes) % 60


def _info_date(moment: _dt.datetime) -> str:
    """``moment`` as the document information dictionary spells it (as WeasyPrint 70 does)."""
    sign, hours, minutes = _offset(moment)
    return f"D:{moment:%Y%m%d%H%M%S}{sign}{hours:02d}'{minutes:02d}"


def _xmp_date(moment: _dt.datetime) -> str:
    """``moment`` as XMP spells it (ISO 8601)."""
    sign, hours, minutes = _offset(moment)
    return f"{moment:%Y-%m-%dT%H:%M:%S}{sign}{hours:02d}:{minutes:02d}"


def _rectangle(box: tuple[float, float, float, float]) -> RectangleObject:
    return RectangleObject([FloatObject(round(value, 3)) for value in box])


def _number(value: float) -> str:
    """``value`` for a content stream: plain decimal notation, no exponent, no "-0"."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text
