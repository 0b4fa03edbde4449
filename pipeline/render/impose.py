"""Saddle-stitch imposition: a booklet's trim pages -> printer sheets, two pages a side, in folding order."""
from __future__ import annotations

import io

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.errors import PdfReadError
from pypdf.generic import NameObject

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
        for slot, index in enumerate((left, right)):
            if index is None:
                continue
            page = pages[index]
            # Links would point into the source document; a print sheet needs none,
            # and cloning their /Dest would drag whole source pages into the output.
            if "/Annots" in page:
                del page[NameObject("/Annots")]
            upright, _, _ = placements[index]
            sheet.merge_transformed_page(page, upright.translate(slot * width, 0))
        sheet.compress_content_streams()

    if reader.metadata:
        # Keep title and author; the producer is now pypdf. pypdf writes no /ID and
        # no date of its own, so the same input always imposes to the same bytes.
        writer.add_metadata({k: v for k, v in reader.metadata.items() if k != "/Producer"})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _placement(page: PageObject) -> tuple[Transformation, float, float]:
    """The transformation that puts a page's visible box upright at the origin, and its size.

    /Rotate is a display attribute that merging ignores, so it is turned into a
    rotation here (pypdf 7's ``transfer_rotation_to_content`` refuses reader pages).
    """
    box = page.cropbox
    turn = Transformation().rotate(-page.rotation)
    corners = [(box.left, box.bottom), (box.left, box.top), (box.right, box.bottom), (box.right, box.top)]
    xs, ys = zip(*(turn.apply_on((float(x), float(y))) for x, y in corners))
    return turn.translate(-min(xs), -min(ys)), max(xs) - min(xs), max(ys) - min(ys)
