"""Saddle-stitch imposition, checked against hand-written orders and with poppler as the oracle."""
from __future__ import annotations

import functools
import io
import re
from pathlib import Path

import pypdf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.render.impose import impose, saddle_stitch_order

from ..conftest import run_tool

MM = 72 / 25.4
A5 = (148 * MM, 210 * MM)  # 419.53 x 595.28 pt
# Two A5 pages without bleed (296 x 210 mm) and their marks: SRA4 landscape.
SHEET = (320 * MM, 225 * MM)  # 907.09 x 637.80 pt

# (pages, rtl) -> sheet sides (left, right), written out by hand from a folded paper dummy.
EXPECTED: dict[tuple[int, bool], list[tuple[int | None, int | None]]] = {
    (1, False): [(None, 0), (None, None)],
    (1, True): [(0, None), (None, None)],
    (4, False): [(3, 0), (1, 2)],
    (4, True): [(0, 3), (2, 1)],
    (5, False): [(None, 0), (1, None), (None, 2), (3, 4)],
    (5, True): [(0, None), (None, 1), (2, None), (4, 3)],
    (8, False): [(7, 0), (1, 6), (5, 2), (3, 4)],
    (8, True): [(0, 7), (6, 1), (2, 5), (4, 3)],
    (13, False): [(None, 0), (1, None), (None, 2), (3, 12), (11, 4), (5, 10), (9, 6), (7, 8)],
    (13, True): [(0, None), (None, 1), (2, None), (12, 3), (4, 11), (10, 5), (6, 9), (8, 7)],
}


@pytest.mark.parametrize(("pages", "rtl"), EXPECTED)
def test_saddle_stitch_order(pages: int, rtl: bool) -> None:
    assert saddle_stitch_order(pages, rtl=rtl) == EXPECTED[pages, rtl]


@given(st.integers(min_value=1, max_value=400), st.booleans())
def test_every_page_once_and_facing_pages_fold_together(pages: int, rtl: bool) -> None:
    sides = saddle_stitch_order(pages, rtl=rtl)
    padded = 2 * len(sides)
    assert padded % 4 == 0 and pages <= padded < pages + 4
    placed = [index for side in sides for index in side if index is not None]
    assert sorted(placed) == list(range(pages))
    # The two pages of a sheet side sit at mirror positions around the centre fold;
    # a page alone on its side has a blank padding page as its partner.
    for side in sides:
        present = [index for index in side if index is not None]
        if len(present) == 2:
            assert sum(present) == padded - 1
        elif len(present) == 1:
            assert padded - 1 - present[0] >= pages


def test_order_refuses_an_empty_booklet() -> None:
    with pytest.raises(ValueError, match="at least one page"):
        saddle_stitch_order(0)


@functools.cache
def booklet(pages: int) -> bytes:
    """An A5 PDF whose page i reads PAGE-{i+1}; every page links to the last."""
    from weasyprint import HTML

    sections = "".join(
        f'<section id="p{i + 1}" style="break-after: page">PAGE-{i + 1} <a href="#p{pages}">end</a></section>'
        for i in range(pages)
    )
    style = "<style>@page { size: A5 } section { font-size: 36pt }</style>"
    return HTML(string=style + sections).write_pdf()


def label(text: str) -> str | None:
    found = re.findall(r"PAGE-(\d+)", text)
    assert len(found) <= 1, text
    assert found or not text.strip(), f"a blank half shows {text!r}"
    return found[0] if found else None


def boxes(path: Path, side: int) -> dict[str, tuple[float, float, float, float]]:
    """The boxes pdfinfo reads for sheet side ``side`` (1-based): name -> (x0, y0, x1, y1) in pt."""
    info = run_tool("pdfinfo", "-box", "-f", str(side), "-l", str(side), str(path)).stdout
    found = re.findall(rf"^Page\s+{side} (\w+)Box:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$", info, re.M)
    return {name: tuple(map(float, values)) for name, *values in found}


def halves(path: Path, side: int) -> tuple[str | None, str | None]:
    """The page labels pdftotext reads on the left and right half of the trim of sheet side ``side`` (1-based)."""
    x0, y0, x1, y1 = boxes(path, side)["Trim"]
    sheet_height = boxes(path, side)["Media"][3]
    # pdftotext crops in pixels at 72 dpi (points), from the top left corner.
    width, height, top = int((x1 - x0) / 2), int(y1 - y0), int(sheet_height - y1)
    read = []
    for x in (int(x0) + 1, int(x0 + (x1 - x0) / 2) + 1):
        crop = ("-x", str(x), "-y", str(top), "-W", str(width - 1), "-H", str(height))
        text = run_tool("pdftotext", "-f", str(side), "-l", str(side), "-layout", *crop, str(path), "-").stdout
        read.append(label(text))
    return read[0], read[1]


def sheet_sizes(path: Path) -> list[tuple[float, float]]:
    info = run_tool("pdfinfo", "-f", "1", "-l", "999", str(path)).stdout
    sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info, re.MULTILINE)
    assert re.search(rf"^Pages:\s+{len(sizes)}$", info, re.MULTILINE), info
    return [(float(width), float(height)) for width, height in sizes]


@pytest.mark.parametrize(("pages", "rtl"), EXPECTED)
def test_impose_places_pages_in_folding_order(pages: int, rtl: bool, tmp_path: Path) -> None:
    path = tmp_path / "imposed.pdf"
    path.write_bytes(impose(booklet(pages), rtl=rtl))
    expected = EXPECTED[pages, rtl]

    sizes = sheet_sizes(path)
    assert len(sizes) == len(expected)
    for width, height in sizes:
        assert width == pytest.approx(SHEET[0], abs=0.5)
        assert height == pytest.approx(SHEET[1], abs=0.5)

    def shown(index: int | None) -> str | None:
        return None if index is None else str(index + 1)

    for side, (left, right) in enumerate(expected, start=1):
        assert halves(path, side) == (shown(left), shown(right)), f"sheet side {side}"


def test_impose_shows_rotated_pages_as_a_viewer_does(tmp_path: Path) -> None:
    # /Rotate 90 turns the A5 portrait pages into landscape ones on screen; merging
    # ignores /Rotate, so impose has to turn the content itself.
    reader = pypdf.PdfReader(io.BytesIO(booklet(4)))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page).rotate(90)
    rotated = io.BytesIO()
    writer.write(rotated)
    path = tmp_path / "imposed.pdf"
    path.write_bytes(impose(rotated.getvalue()))
    # Two landscape A5 pages make a spread 420 mm wide: SRA3, landscape.
    assert sheet_sizes(path) == [pytest.approx((450 * MM, 320 * MM), abs=0.5)] * 2
    assert boxes(path, 1)["Trim"] == pytest.approx((15 * MM, 86 * MM, 435 * MM, 234 * MM), abs=0.01)
    assert [halves(path, side) for side in (1, 2)] == [("4", "1"), ("2", "3")]


def test_impose_is_deterministic() -> None:
    source = booklet(13)
    assert impose(source) == impose(source)
    assert impose(source, rtl=True) == impose(source, rtl=True)


def test_impose_keeps_fonts_embedded(tmp_path: Path) -> None:
    path = tmp_path / "imposed.pdf"
    path.write_bytes(impose(booklet(13)))
    lines = run_tool("pdffonts", str(path)).stdout.splitlines()
    header, rule, fonts = lines[0], lines[1], lines[2:]
    # Font names and types may contain spaces: cut the columns where the rule's dashes are.
    columns = {
        header[m.start() : m.end()].strip(): (m.start(), m.end()) for m in re.finditer(r"-+", rule)
    }
    start, end = columns["emb"]
    assert fonts, "pdffonts lists no font"
    assert [font[start:end].strip() for font in fonts] == ["yes"] * len(fonts), "\n".join(lines)


def test_impose_drops_links_that_would_point_into_the_source() -> None:
    reader = pypdf.PdfReader(io.BytesIO(impose(booklet(5))))
    assert all("/Annots" not in page for page in reader.pages)


@pytest.mark.parametrize(
    ("pdf", "message"),
    [
        (b"", "not a readable PDF"),
        (b"<html>not a pdf</html>", "not a readable PDF"),
        (b"%PDF-1.7\n%truncated", "not a readable PDF"),
    ],
)
def test_impose_refuses_what_is_not_a_pdf(pdf: bytes, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        impose(pdf)


def test_impose_refuses_a_pdf_without_pages() -> None:
    empty = io.BytesIO()
    pypdf.PdfWriter().write(empty)
    with pytest.raises(ValueError, match="no pages"):
        impose(empty.getvalue())


def test_impose_refuses_mixed_trim_sizes() -> None:
    mixed = io.BytesIO()
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=A5[0], height=A5[1])
    writer.add_blank_page(width=A5[1], height=A5[0])
    writer.write(mixed)
    with pytest.raises(ValueError, match="different trim sizes"):
        impose(mixed.getvalue())


def test_impose_embeds_each_font_once_and_stays_small(tmp_path: Path) -> None:
    # Every page is its own form, but the fonts they share must not be copied per page.
    source = booklet(13)
    path = tmp_path / "imposed.pdf"
    path.write_bytes(impose(source))
    names = [line.split()[0] for line in run_tool("pdffonts", str(path)).stdout.splitlines()[2:]]
    assert names and len(names) == len(set(names)), names
    # Less what imposing adds of its own: the slug's font and each sheet's marks and placements.
    reader = pypdf.PdfReader(path)
    slug = reader.pages[0]["/Resources"]["/Font"]["/Slug"]["/FontDescriptor"]["/FontFile2"].get_object()
    own = len(slug._data) + sum(len(page["/Contents"].get_object()._data) + 200 for page in reader.pages)
    assert len(path.read_bytes()) - own < 2 * len(source)


def test_impose_copies_content_without_parsing_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # Parsing content streams operator by operator is what made imposing slower than rendering.
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("impose parsed a content stream")

    monkeypatch.setattr(pypdf.generic.ContentStream, "_parse_content_stream", refuse)
    impose(booklet(5))


def labelled(contents: list[list[bytes]], box: tuple[float, float, float, float] = (0, 0, *A5)) -> bytes:
    """A PDF of A5 pages in Helvetica; page i draws contents[i], a list of content streams."""
    writer = pypdf.PdfWriter()
    font = writer._add_object(
        pypdf.generic.DictionaryObject(
            {
                pypdf.generic.NameObject("/Type"): pypdf.generic.NameObject("/Font"),
                pypdf.generic.NameObject("/Subtype"): pypdf.generic.NameObject("/Type1"),
                pypdf.generic.NameObject("/BaseFont"): pypdf.generic.NameObject("/Helvetica"),
            }
        )
    )
    left, bottom, right, top = box
    for streams in contents:
        page = writer.add_blank_page(width=right - left, height=top - bottom)
        page.mediabox = pypdf.generic.RectangleObject((left - 60, bottom - 60, right + 60, top + 60))
        page.cropbox = pypdf.generic.RectangleObject(box)
        page[pypdf.generic.NameObject("/Resources")] = pypdf.generic.DictionaryObject(
            {
                pypdf.generic.NameObject("/Font"): pypdf.generic.DictionaryObject(
                    {pypdf.generic.NameObject("/F1"): font}
                )
            }
        )
        parts = []
        for data in streams:
            stream = pypdf.generic.StreamObject()
            stream.set_data(data)
            parts.append(stream)
        page.replace_contents(pypdf.generic.ArrayObject(parts))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def test_impose_joins_content_split_over_several_streams(tmp_path: Path) -> None:
    # A content stream may end right after a number: joined without a separator,
    # "... 60" + "300 Td" would read as "60300 Td".
    pages = [[b"BT /F1 36 Tf 60", b"300 Td (PAGE-", b"%d) Tj ET" % (i + 1)] for i in range(4)]
    path = tmp_path / "imposed.pdf"
    path.write_bytes(impose(labelled(pages)))
    assert [halves(path, side) for side in (1, 2)] == [("4", "1"), ("2", "3")]


def ink(path: Path, side: int) -> tuple[int, int]:
    """How many dark pixels pdftoppm renders in the left and the right page of the trim of sheet side ``side``."""
    x0, y0, x1, y1 = boxes(path, side)["Trim"]
    height = boxes(path, side)["Media"][3]
    # 36 dpi: half a pixel a point. Bytes input makes run_tool return the raster as bytes (a PGM file).
    crop = [round(value / 2) for value in (x0, height - y1, x1 - x0, y1 - y0)]
    args = ("pdftoppm", "-r", "36", "-gray", "-f", str(side), "-l", str(side), str(path))
    crop_args = ("-x", str(crop[0]), "-y", str(crop[1]), "-W", str(crop[2]), "-H", str(crop[3]))
    magic, width, rows, maxval, pixels = run_tool(*args, *crop_args, input=b"").stdout.split(maxsplit=4)
    assert magic == b"P5" and maxval == b"255"
    width, rows = int(width), int(rows)
    dark = [0, 0]
    for row in range(rows):
        for half, (start, end) in enumerate(((0, width // 2), (width // 2, width))):
            line = pixels[row * width + start : row * width + end]
            dark[half] += sum(1 for pixel in line if pixel < 128)
    return dark[0], dark[1]


@pytest.mark.parametrize(
    "box", [(0, 0, *A5), (100, 40, 100 + A5[0], 40 + A5[1])], ids=["at-origin", "offset"]
)
def test_impose_clips_each_page_to_its_crop_box(
    box: tuple[float, float, float, float], tmp_path: Path
) -> None:
    # The page paints its whole media box, 60 pt beyond the crop box on every side:
    # on the sheet, none of that may reach the blank half next to it.
    left, bottom, right, top = box
    paint = b"0 g %f %f %f %f re f" % (left - 60, bottom - 60, right - left + 120, top - bottom + 120)
    path = tmp_path / "imposed.pdf"
    path.write_bytes(impose(labelled([[paint]], box)))
    assert sheet_sizes(path) == [pytest.approx(SHEET, abs=0.5)] * 2
    blank, painted = ink(path, 1)
    assert blank == 0
    assert painted >= 0.95 * (A5[0] / 2) * (A5[1] / 2)  # 36 dpi: half a pixel a point
    assert ink(path, 2) == (0, 0)


@pytest.mark.parametrize("rtl", [False, True])
def test_a_back_cover_stays_the_outside_back_when_blanks_pad_the_booklet(tmp_path: Path, rtl: bool) -> None:
    path = tmp_path / "imposed.pdf"
    path.write_bytes(impose(booklet(6), rtl=rtl, back_cover=True))
    # 6 pages on 8: the outer sheet's front holds the back cover (page 6) beside the cover
    front = halves(path, 1)
    assert sorted(filter(None, front)) == ["1", "6"]
    assert front == (("1", "6") if rtl else ("6", "1"))
    # the padding is inside: pages 6 and 7 of the folded booklet are blank
    inner = [halves(path, side) for side in (2, 3, 4)]
    assert sorted(label for pair in inner for label in pair if label) == ["2", "3", "4", "5"]
    without = tmp_path / "plain.pdf"
    without.write_bytes(impose(booklet(6), rtl=rtl))
    assert sorted(filter(None, halves(without, 1))) == ["1"]  # padded at the end: the last page is inside


#: A page's crop marks and slug, as render/pdf.py draws them.
MARKS = b"/Artifact <</Type /Page>> BDC\nq BT /Slug 6 Tf (p. 2 blank) Tj ET 0 0 0 1 k 0 0 1 1 re f Q\nEMC\n"


@pytest.mark.parametrize(
    ("content", "blank"),
    [
        # the press variant's solid back cover: CMYK set in the colour space, a rectangle filled
        (b"/DeviceCMYK cs\n0.4 0.3 0.3 1 scn\n-11 -11 582 816 re\nW\nn\n-11 -11 582 816 re\nf\n", False),
        (b"/DeviceRGB cs\n0.1 0.1 0.1 sc\n0 0 10 10 re\nf\n", False),
        (b"0 0 0 1 k\n0 0 10 10 re\nf\n", False),
        (b"0 0 0 rg\n0 0 10 10 re\nf\n", False),
        (b"0 0 0 rg\nBT /F1 9 Tf (x) Tj ET\n", False),
        # white fills, in every way of setting a colour, and a stroke: no ink over an area
        (b"/DeviceCMYK cs\n0 0 0 0 scn\n0 0 10 10 re\nf\n", True),
        (b"/DeviceRGB cs\n1 1 1 sc\n0 0 10 10 re\nf\n", True),
        (b"0 0 0 0 k\n0 0 10 10 re\nf\n", True),
        (b"1 1 1 rg\n0 0 10 10 re\nf\n", True),
        (b"0.2 g\n0 0 10 10 re\nS\n", True),
        # a page artifact (its crop marks and slug, beyond the bleed), a part of the page's content of its own
        # as render/pdf.py draws it, is no ink on the page; a background artifact is
        ([MARKS], True),
        ([b"/Artifact <</Type /Page>> BDC\nq 0 0 1 1 re S Q\nEMC\n", b"0 0 0 rg\nBT /F1 9 Tf (x) Tj ET\n"], False),
        (b"/Artifact BMC\n0 0 0 rg\n0 0 10 10 re\nf\nEMC\n", False),
        # within the page's own drawing, not a part of its own: the page's, told apart by nothing
        (b"0 0 0 rg\n" + MARKS, False),
    ],
)
def test_a_page_is_blank_to_a_printer_only_without_text_image_or_ink_over_an_area(content: bytes | list[bytes], blank: bool) -> None:
    from pipeline.render.impose import _content, _drawn_by, shows_ink

    page = _page_of(content)
    assert shows_ink(_content(page), _drawn_by(page["/Resources"])) is not blank


def _page_of(content: bytes | list[bytes], opacity: float = 1.0) -> pypdf.PageObject:
    """An A5 page drawing ``content`` (in parts, if a list), its bleed box 3
    mm beyond the trim, with an ExtGState /a of ``opacity``."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject, RectangleObject

    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(width=A5[0], height=A5[1])
    streams = []
    for part in content if isinstance(content, list) else [content]:
        stream = DecodedStreamObject()
        stream.set_data(part)
        streams.append(writer._add_object(stream))
    page[NameObject("/Contents")] = ArrayObject(streams) if isinstance(content, list) else streams[0]
    page[NameObject("/BleedBox")] = RectangleObject([-8.504, -8.504, A5[0] + 8.504, A5[1] + 8.504])
    state = DictionaryObject({NameObject("/ca"): FloatObject(opacity)})
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/ExtGState"): DictionaryObject({NameObject("/a"): writer._add_object(state)})}
    )
    return page


# A page background as WeasyPrint 70 draws it, in CSS pixels from the top: the A5 page and 3 mm around it.
BACKGROUND = (b"1 0 0 -1 0 595.275591 cm\nq\n0.75 0 0 0.75 0 0 cm\nq\n%sq\n/a gs\n%s\n"
              b"-11.338583 -11.338583 %s 816.377953 re\nW\nn\n-11.338583 -11.338583 %s 816.377953 re\nf\nQ\n")


@pytest.mark.parametrize(
    ("artifact", "colour", "width", "opacity", "solid"),
    [
        (b"/Artifact\nBMC\n", b"0.109804 0.105882 0.098039 rg", b"582.047244", 1.0, True),  # a reader's cover (tagged)
        (b"", b"/DeviceCMYK cs\n0.4 0.3 0.3 1 scn", b"582.047244", 1.0, True),  # the press twin's
        (b"", b"/DeviceCMYK cs\n0 0 0 0 scn", b"582.047244", 1.0, False),  # white: no ink
        (b"", b"1 1 1 rg", b"582.047244", 1.0, False),
        (b"", b"0 0 0 0 k", b"582.047244", 1.0, False),
        (b"", b"0.5 g", b"582.047244", 1.0, True),
        (b"", b"0.2 0.2 0.2 rg", b"582.047244", 0.5, False),  # not opaque: the neighbour would show through
        (b"", b"0.2 0.2 0.2 rg", b"300", 1.0, False),  # short of the spine
    ],
)
def test_a_page_is_solid_to_the_spine_only_with_an_opaque_background_over_its_bleed(
    artifact: bytes, colour: bytes, width: bytes, opacity: float, solid: bool
) -> None:
    from pipeline.render.impose import _solid

    assert _solid(_page_of(BACKGROUND % (artifact, colour, width, width), opacity)) is solid


@pytest.mark.parametrize(
    ("colour", "white"),
    [
        (b"1 g", True), (b"1.0 g", True), (b"1. g", True), (b"1.000 g", True),
        (b"1 1 1 rg", True), (b"1.0 1 1.00 rg", True), (b"0 0 0 0 k", True), (b"0.0 .0 0 0. k", True),
        (b"/DeviceCMYK cs\n0 0 0 0 scn", True), (b"/DeviceCMYK cs\n0.0 0 0 0 scn", True),
        (b"/DeviceRGB cs\n1 1 1 scn", True), (b"/DeviceRGB cs\n1.0 1.0 1.0 scn", True), (b"/DeviceGray cs\n1.0 scn", True),
        (b"0.99 g", False), (b"1 1 0.98 rg", False), (b"0 0 0 0.01 k", False), (b"1 1 1 1 k", False),
        (b"/DeviceCMYK cs\n0 0 0 1 scn", False), (b"0 g", False),
    ],
)
def test_white_is_one_colour_to_the_blank_page_and_the_solid_background_alike(colour: bytes, white: bool) -> None:
    """However a content stream writes white (``1 g``, ``1.0 g``, ``1 1 1 rg``,
    ``0 0 0 0 k``...), a page filled with it is blank and not solid; with any
    other colour, it is ink and solid to the spine."""
    from pipeline.render.impose import _drawn_by, _solid, shows_ink

    page = _page_of(BACKGROUND % (b"", colour, b"582.047244", b"582.047244"))
    assert _solid(page) is not white
    assert shows_ink(page.get_contents().get_data(), _drawn_by(page["/Resources"])) is not white


def test_a_damaged_slug_face_is_passed_over(tmp_path: Path) -> None:
    """A project's font file cut short (its 'post' table unreadable) is no slug face: the
    sheet is imposed with the next one, not ended by fontTools' error."""
    from pipeline.render.fonts import font_faces

    good = next(f.file for f in font_faces() if f.file.suffix == ".ttf" and f.style == "normal")
    damaged = tmp_path / "Damaged.ttf"
    data = good.read_bytes()
    damaged.write_bytes(data[: len(data) // 10])
    path = tmp_path / "imposed.pdf"
    path.write_bytes(impose(booklet(4), name="probe", slug_faces=(damaged,)))
    assert "probe" in run_tool("pdftotext", "-f", "1", "-l", "1", str(path), "-").stdout


def plain_pdf(info: dict[str, str] | None = None, *, group: bool = False) -> bytes:
    """Two A5 pages as pypdf writes them (PDF 1.3, no output intent, no dates unless ``info`` has some)."""
    from pypdf.generic import DictionaryObject, NameObject

    writer = pypdf.PdfWriter()
    for _ in range(2):
        page = writer.add_blank_page(width=A5[0], height=A5[1])
        if group:
            page[NameObject("/Group")] = DictionaryObject(
                {NameObject("/S"): NameObject("/Transparency"), NameObject("/CS"): NameObject("/DeviceCMYK")}
            )
    if info is not None:
        writer.add_metadata(info)
    data = io.BytesIO()
    writer.write(data)
    return data.getvalue()


def xmp_of(pdf: bytes) -> pypdf.xmp.XmpInformation:
    metadata = pypdf.PdfReader(io.BytesIO(pdf)).xmp_metadata
    assert metadata is not None, "no XMP metadata"
    return metadata


def test_imposed_file_is_pdf_16_at_least_and_claims_no_pdf_x_without_an_output_intent(monkeypatch) -> None:
    """A source that is no press file (no PDF/X output intent) is imposed
    without the PDF/X identification, its dates then SOURCE_DATE_EPOCH's."""
    import datetime as dt

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    source = plain_pdf({"/Title": "Probe"})
    assert source.startswith(b"%PDF-1.3")
    imposed = impose(source)
    assert imposed.startswith(b"%PDF-1.6\n")
    assert b"GTS_PDFXVersion" not in imposed
    reader = pypdf.PdfReader(io.BytesIO(imposed))
    moment = dt.datetime.fromtimestamp(1700000000, dt.timezone.utc)
    assert reader.metadata.creation_date.astimezone(dt.timezone.utc) == moment
    assert xmp_of(imposed).xmp_create_date.replace(tzinfo=dt.timezone.utc) == moment


def test_imposed_ids_come_from_the_content() -> None:
    """The same input, the same /ID and XMP IDs; another slug line, others."""
    source = plain_pdf({"/Title": "Probe", "/CreationDate": "D:20240120000000+04'00"})
    ids = []
    for name in ("one", "one", "two"):
        imposed = impose(source, name=name)
        reader = pypdf.PdfReader(io.BytesIO(imposed))
        first, second = (value.original_bytes for value in reader.trailer["/ID"])
        ids.append((first, second, xmp_of(imposed).xmpmm_document_id, xmp_of(imposed).xmpmm_instance_id))
    assert ids[0] == ids[1] and ids[0] != ids[2]
    assert len(set(ids[0])) == 4 and all(value for value in ids[0])


def test_imposed_dates_keep_their_offset_in_both_dictionaries() -> None:
    import datetime as dt

    imposed = impose(plain_pdf({"/Title": "Probe", "/CreationDate": "D:20240120213000-05'30'"}))
    reader = pypdf.PdfReader(io.BytesIO(imposed))
    expected = dt.datetime(2024, 1, 21, 3, 0, tzinfo=dt.timezone.utc)
    assert reader.metadata.creation_date.astimezone(dt.timezone.utc) == expected
    assert reader.metadata.modification_date.astimezone(dt.timezone.utc) == expected  # none given: the creation's
    assert b"<xmp:CreateDate>2024-01-20T21:30:00-05:30</xmp:CreateDate>" in imposed


@pytest.mark.parametrize("date", ["yesterday", "D:2024133", "D:20241301000000Z"])
def test_impose_refuses_a_date_that_is_not_one(date: str) -> None:
    with pytest.raises(ValueError, match=r"CreationDate .* is not a PDF date") as raised:
        impose(plain_pdf({"/CreationDate": date}))
    assert "\n" not in str(raised.value)


def test_a_title_xml_cannot_hold_is_the_same_in_both_dictionaries() -> None:
    """A translated title with markup and a control character: the XMP stays
    well-formed and says what the information dictionary says."""
    imposed = impose(plain_pdf({"/Title": "<b>Q&A</b> \x01 ]]> Чёрный январь"}))
    title = "<b>Q&A</b>  ]]> Чёрный январь"
    assert xmp_of(imposed).dc_title == {"x-default": title}
    assert pypdf.PdfReader(io.BytesIO(imposed)).metadata.title == title


def test_a_pages_transparency_group_goes_with_it() -> None:
    reader = pypdf.PdfReader(io.BytesIO(impose(plain_pdf(group=True))))
    forms = [form.get_object() for form in reader.pages[0]["/Resources"]["/XObject"].values()]
    assert forms and all(form["/Group"]["/CS"] == "/DeviceCMYK" for form in forms)


def test_what_else_the_information_dictionary_says_the_xmp_says_too() -> None:
    imposed = impose(
        plain_pdf({"/Title": "Probe", "/Author": "A & B", "/Subject": "Über", "/Keywords": "x, y", "/Creator": "booklet"})
    )
    info, found = pypdf.PdfReader(io.BytesIO(imposed)).metadata, xmp_of(imposed)
    assert (info.author, info.subject, info.creator) == ("A & B", "Über", "booklet")
    assert found.dc_creator == ["A & B"] and found.dc_description == {"x-default": "Über"}
    assert found.pdf_keywords == info["/Keywords"] == "x, y" and found.xmp_creator_tool == "booklet"


@pytest.mark.parametrize(
    ("producer", "named"), [("", "booklet"), ("WeasyPrint 70.0", "WeasyPrint 70.0"), ("<A & B> \x01", "<A & B> ")]
)
def test_the_sheets_producer_is_their_pages_in_both_dictionaries(tmp_path: Path, producer: str, named: str) -> None:
    """What made the pages (WeasyPrint, for a booklet) made the sheets, in
    the information dictionary and the XMP alike (PDF/X asks them to
    agree); pypdf only moved the pages. Pages that name no producer: booklet."""
    from pypdf.generic import NameObject

    reader = pypdf.PdfReader(io.BytesIO(plain_pdf({"/Title": "Probe"})))
    source = pypdf.PdfWriter(clone_from=reader)
    info = source._info.get_object()
    if producer:
        source.add_metadata({"/Producer": producer})
    else:
        del info[NameObject("/Producer")]  # pypdf's writer names itself
    data = io.BytesIO()
    source.write(data)
    assert (pypdf.PdfReader(data).metadata.producer or "") == producer
    path = tmp_path / "imposed.pdf"
    path.write_bytes(impose(data.getvalue()))
    assert pypdf.PdfReader(path).metadata.producer == named
    assert xmp_of(path.read_bytes()).pdf_producer == named
    assert re.search(rf"^Producer:\s+{re.escape(named)}$", run_tool("pdfinfo", str(path)).stdout, re.M)


def test_an_indirect_title_and_trapping_are_read_through(tmp_path: Path) -> None:
    from pypdf.generic import NameObject, TextStringObject

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=A5[0], height=A5[1])
    # Set by hand: add_metadata would write the values themselves.
    info = writer._info.get_object()
    info[NameObject("/Title")] = writer._add_object(TextStringObject("Probe"))
    info[NameObject("/Trapped")] = writer._add_object(NameObject("/True"))
    data = io.BytesIO()
    writer.write(data)
    path = tmp_path / "imposed.pdf"
    path.write_bytes(impose(data.getvalue()))
    assert pypdf.PdfReader(path).metadata["/Trapped"] == "/True"
    assert xmp_of(path.read_bytes()).dc_title == {"x-default": "Probe"}
    assert b"<pdf:Trapped>True</pdf:Trapped>" in path.read_bytes()
    assert "Probe" in run_tool("pdftotext", "-f", "1", "-l", "1", str(path), "-").stdout  # the slug line names it


def test_the_edition_stamp_names_the_booklets_date_and_identifier() -> None:
    """The slug line's last part (``edition_stamp``): the modification date
    over the creation date, the /ID's first 8 hex digits whether a PDF writes
    them as text (WeasyPrint) or as raw bytes, and what is missing left out."""
    from pypdf.generic import ArrayObject, ByteStringObject, FloatObject, TextStringObject

    from pipeline.render.impose import edition_stamp, slug_text

    text = ArrayObject([TextStringObject("750FFE6DB8277404"), TextStringObject("ea522d83")])
    raw = ArrayObject([ByteStringObject(b"\x01\x02\x03\x04\x05")])
    dated = {"/ModDate": "D:20261202101500+00'00'", "/CreationDate": "D:20261125195900Z"}
    assert edition_stamp(dated, text) == "2026-12-02 · 750ffe6d"
    assert edition_stamp({"/CreationDate": "D:20261125195900Z"}, raw) == "2026-11-25 · 01020304"
    assert edition_stamp({}, None) == "" and edition_stamp({"/ModDate": "yesterday"}, ArrayObject()) == ""
    assert edition_stamp({}, ArrayObject([FloatObject(1.5)])) == ""  # a damaged /ID: no stamp, not a traceback
    assert slug_text("a", "ru", [2], sheet="sheet 1 of 1, back", edition="2026-12-02 · 750ffe6d") == (
        "a · ru · sheet 1 of 1, back · p. 2 blank · 2026-12-02 · 750ffe6d"
    )
    assert slug_text("a", "ar", [], sheet="sheet 1 of 1, front", rtl=True) == "a · ar · binds on the right · sheet 1 of 1, front"
