"""Saddle-stitch imposition: a booklet's trim pages -> printer sheets, two pages a side, in folding order."""
from __future__ import annotations

import io

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.errors import PdfReadError
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

__all__ = ["impose", "saddle_stitch_order"]


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


def impose(pdf: bytes, *, rtl: bool = False) -> bytes:
    """A saddle-stitch imposed PDF of ``pdf``: two trim pages side by side on each sheet side.

    Pages are padded with blanks to a multiple of 4 and placed in folding order on
    landscape sheets of 2 x trim width by trim height. The output is byte-identical
    for the same input. Raises ``ValueError`` for input that is not a readable PDF,
    has no pages, or mixes trim sizes.

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
    except PdfReadError as error:
        raise ValueError(f"cannot impose: not a readable PDF ({error})") from error
    if not pages:
        raise ValueError("cannot impose a PDF with no pages")

    placements = [_placement(page) for page in pages]
    sizes = {(round(width, 1), round(height, 1)) for _, width, height in placements}
    if len(sizes) > 1:
        raise ValueError(f"cannot impose pages of different trim sizes: {sorted(sizes)}")
    _, width, height = placements[0]  # exact, not the rounding used to compare

    writer = PdfWriter()
    writer.pdf_header = reader.pdf_header  # pypdf would write 1.3 whatever the source's version
    for left, right in saddle_stitch_order(len(pages), rtl=rtl):
        sheet = writer.add_blank_page(width=2 * width, height=height)
        drawing: list[bytes] = []
        forms = DictionaryObject()
        for slot, index in enumerate((left, right)):
            if index is None:
                continue
            # Only the content and its resources are copied: links (/Annots) would
            # point into the source document, and a print sheet needs none.
            name = f"/P{slot}"
            forms[NameObject(name)] = _form(pages[index], writer)
            upright, _, _ = placements[index]
            matrix = " ".join(_number(value) for value in upright.translate(slot * width, 0).ctm)
            # Clip to the half as well as to the form's /BBox, so nothing drawn
            # outside the crop box spills into the neighbouring page.
            clip = " ".join(_number(value) for value in (slot * width, 0, width, height))
            drawing.append(f"q {clip} re W n {matrix} cm {name} Do Q".encode())
        content = StreamObject()
        content.set_data(b"\n".join(drawing))
        sheet[NameObject("/Contents")] = writer._add_object(content.flate_encode())
        sheet[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): forms})

    if reader.metadata:
        # Keep title and author; the producer is now pypdf. pypdf writes no /ID and
        # no date of its own, so the same input always imposes to the same bytes.
        writer.add_metadata({k: v for k, v in reader.metadata.items() if k != "/Producer"})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _form(page: PageObject, writer: PdfWriter) -> IndirectObject:
    """A Form XObject in ``writer`` that draws ``page``'s content within its crop box.

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
        parts = []
        if isinstance(contents, ArrayObject):
            parts = [part.get_object().get_data() for part in contents]
        joined = StreamObject()
        # A line break between the parts: a stream may end without whitespace, and
        # its last token must not run into the first token of the next one.
        joined.set_data(b"\n".join(parts))
        form = joined.flate_encode()
        writer._add_object(form)
    resources = page.raw_get("/Resources") if "/Resources" in page else DictionaryObject()
    box = page.cropbox
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
    return form.indirect_reference


def _number(value: float) -> str:
    """``value`` for a content stream: plain decimal notation, no exponent, no "-0"."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _placement(page: PageObject) -> tuple[Transformation, float, float]:
    """The transformation that puts a page's visible box upright at the origin, and its size.

    /Rotate is a display attribute that a form ignores, so it is turned into a
    rotation here (pypdf 7's ``transfer_rotation_to_content`` refuses reader pages).
    """
    box = page.cropbox
    turn = Transformation().rotate(-page.rotation)
    corners = [(box.left, box.bottom), (box.left, box.top), (box.right, box.bottom), (box.right, box.top)]
    xs, ys = zip(*(turn.apply_on((float(x), float(y))) for x, y in corners))
    return turn.translate(-min(xs), -min(ys)), max(xs) - min(xs), max(ys) - min(ys)
