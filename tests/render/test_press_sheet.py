"""The imposed booklet as a print shop reads it: press sheet size, boxes, bleed, marks and slug line, through poppler."""
from __future__ import annotations

import base64
import functools
import io
import math
import re
from pathlib import Path

import pypdf
import pytest

from pipeline.render.impose import (
    MARK_GAP,
    MARK_LENGTH,
    SHEET_EDGE,
    impose,
    press_sheet,
)
from pipeline.render.pdf import PAGE_DIMENSIONS

from ..conftest import run_tool
from .test_impose import boxes, halves

MM = 72 / 25.4
BLEED = 3 * MM


@pytest.mark.parametrize(
    ("trim", "bleed", "expected"),
    [
        # Two A5 pages (296 x 210 mm) leave 7.5 mm above and below on SRA4: room for
        # 2 + 4 + 1 mm of marks, not for 3 mm of bleed on top of them.
        ((148, 210), 0, ("SRA4", 320, 225)),
        ((148, 210), 3, ("SRA3", 450, 320)),
        ((105, 148), 3, ("SRA4", 320, 225)),
        ((210, 297), 0, ("SRA3", 450, 320)),
        ((210, 297), 3, ("SRA3", 450, 320)),
        ((297, 420), 3, ("SRA2", 640, 450)),
        ((215.9, 279.4), 0, ("12x18in", 457.2, 304.8)),
        ((215.9, 279.4), 3, ("12x18in", 457.2, 304.8)),
        ((210, 148), 3, ("SRA3", 450, 320)),
        # Tall narrow pages make a portrait spread, on a portrait sheet.
        ((100, 400), 3, ("SRA3", 320, 450)),
        # Beyond SRA0: a sheet of just the spread and its margins.
        ((1000, 1400), 3, ("2020x1420mm", 2020, 1420)),
    ],
)
def test_press_sheet_is_the_smallest_standard_sheet_that_holds_spread_bleed_and_marks(
    trim: tuple[float, float], bleed: float, expected: tuple[str, float, float]
) -> None:
    sheet = press_sheet(2 * trim[0] * MM, trim[1] * MM, bleed * MM)
    name, width, height = expected
    assert (sheet.name, sheet.width / MM, sheet.height / MM) == (name, pytest.approx(width), pytest.approx(height))


@pytest.mark.parametrize("size", sorted(PAGE_DIMENSIONS))
@pytest.mark.parametrize("bleed", [0, 1, 3, 5])
def test_every_page_size_gets_room_for_its_marks(size: str, bleed: float) -> None:
    width, height = (value * MM for value in PAGE_DIMENSIONS[size])
    sheet = press_sheet(2 * width, height, bleed * MM)
    needed = bleed * MM + MARK_GAP + MARK_LENGTH + SHEET_EDGE
    assert (sheet.width - 2 * width) / 2 >= needed - 1e-6
    assert (sheet.height - height) / 2 >= needed - 1e-6


def _png() -> str:
    """A 60 x 60 light grey PNG, as a data: URL."""
    from PIL import Image

    image = io.BytesIO()
    Image.new("L", (60, 60), 200).save(image, format="PNG")
    return "data:image/png;base64," + base64.b64encode(image.getvalue()).decode()


@functools.cache
def dark_booklet(variant: str | None = "pdf/ua-1") -> bytes:
    """Five A5 pages with 3 mm bleed and a black background to the bleed: text,
    an intentional blank verso (the heading opens on a recto), text, a page
    with an image only, text. Padded to 8 when imposed."""
    from weasyprint import HTML

    html = f"""<html lang="de"><head><title>Probe</title><style>
      @page {{ size: A5; bleed: 3mm; background: #000; margin: 20mm }}
      body {{ color: #fff; font-size: 36pt }}
      h1 {{ break-before: right; font-size: 36pt }}
      .page {{ break-before: page }}
    </style></head><body>
      <p>PAGE-1</p>
      <h1>PAGE-3</h1>
      <div class="page"><img src="{_png()}" alt="" width="200"></div>
      <p class="page">PAGE-5</p>
    </body></html>"""
    return HTML(string=html).write_pdf(pdf_variant=variant)


@functools.cache
def imposed(tmp: Path, *, rtl: bool = False, name: str = "black-january") -> Path:
    path = tmp / f"imposed-{rtl}-{len(name)}.pdf"
    path.write_bytes(impose(dark_booklet(), rtl=rtl, name=name))
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("press")


def test_the_fixture_has_the_pages_it_says(folder: Path) -> None:
    reader = pypdf.PdfReader(io.BytesIO(dark_booklet()))
    assert len(reader.pages) == 5
    text = [page.extract_text() for page in reader.pages]
    assert ["PAGE-1" in text[0], text[1].strip(), "PAGE-3" in text[2], text[3].strip(), "PAGE-5" in text[4]] == [
        True, "", True, "", True
    ]


def test_sheet_boxes(folder: Path) -> None:
    path = imposed(folder)
    # Trim 296 x 210 mm centred on SRA3 landscape (450 x 320 mm), the bleed 3 mm around it.
    trim = (77 * MM, 55 * MM, 373 * MM, 265 * MM)
    for side in range(1, 5):
        found = boxes(path, side)
        assert found["Media"] == pytest.approx((0, 0, 450 * MM, 320 * MM), abs=0.01)
        assert found["Crop"] == found["Media"]
        assert found["Trim"] == pytest.approx(trim, abs=0.01)
        assert found["Bleed"] == pytest.approx(
            (trim[0] - BLEED, trim[1] - BLEED, trim[2] + BLEED, trim[3] + BLEED), abs=0.01
        )


def page_boxes(path: Path, page: int) -> dict[str, tuple[float, float, float, float]]:
    """The boxes pdfinfo reads for page ``page`` (1-based), which may lie below and left of the origin."""
    info = run_tool("pdfinfo", "-box", "-f", str(page), "-l", str(page), str(path)).stdout
    found = re.findall(rf"^Page\s+{page} (\w+)Box:\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)$", info, re.M)
    return {name: tuple(map(float, values)) for name, *values in found}


class Raster:
    """A sheet side rendered by pdftoppm (at 72 dpi, a pixel a point), looked up in PDF coordinates."""

    def __init__(self, path: Path, side: int, dpi: int = 72) -> None:
        args = ("pdftoppm", "-r", str(dpi), "-gray", "-f", str(side), "-l", str(side), str(path))
        magic, width, height, maxval, self.pixels = run_tool(*args, input=b"").stdout.split(maxsplit=4)
        assert magic == b"P5" and maxval == b"255"
        self.width, self.scale = int(width), dpi / 72
        # Row 0 is the top of the media box, whose height is not a whole number of points.
        self.left, _, _, self.top = page_boxes(path, side)["Media"]

    def at(self, x: float, y: float) -> int:
        """The grey of the pixel over PDF point (x, y)."""
        return self.pixels[int((self.top - y) * self.scale) * self.width + int((x - self.left) * self.scale)]

    def area(self, x0: float, y0: float, x1: float, y1: float) -> list[int]:
        """Every pixel wholly inside the PDF rectangle, row by row (an edge's
        anti-aliased pixels are left out)."""
        rows = range(math.ceil((self.top - y1) * self.scale), math.floor((self.top - y0) * self.scale))
        columns = range(math.ceil((x0 - self.left) * self.scale), math.floor((x1 - self.left) * self.scale))
        return [self.pixels[row * self.width + x] for row in rows for x in columns]

    def column(self, x: float, y0: float, y1: float) -> list[int]:
        """The pixels of the column over PDF x, from y0 to y1, anti-aliased ones included."""
        column = int((x - self.left) * self.scale)
        rows = range(math.ceil((self.top - y1) * self.scale), math.floor((self.top - y0) * self.scale))
        return [self.pixels[row * self.width + column] for row in rows]


def dark(pixels: list[int]) -> bool:
    return bool(pixels) and max(pixels) < 64


def white(pixels: list[int]) -> bool:
    return bool(pixels) and min(pixels) == 255


def test_background_runs_into_the_bleed_on_the_outer_edges_and_across_the_spine(folder: Path) -> None:
    path = imposed(folder)
    left, bottom, right, top = boxes(path, 4)["Trim"]  # sheet 2, back: pages 4 and 5, both real
    spine = (left + right) / 2
    sheet = Raster(path, 4)
    assert dark(sheet.area(left - BLEED, bottom - BLEED, left, top + BLEED)), "outer bleed, left"
    assert dark(sheet.area(right, bottom - BLEED, right + BLEED, top + BLEED)), "outer bleed, right"
    assert dark(sheet.area(left - BLEED, top, right + BLEED, top + BLEED)), "bleed at the head"
    assert dark(sheet.area(left - BLEED, bottom - BLEED, right + BLEED, bottom)), "bleed at the foot"
    # No white strip where the pages meet: 5 mm either side of the spine, bleed to bleed.
    assert dark(sheet.area(spine - 5 * MM, bottom - BLEED, spine + 5 * MM, top + BLEED)), "the spine"


def test_a_page_stops_at_the_spine_and_shows_no_bleed_over_its_neighbour(folder: Path) -> None:
    path = imposed(folder)
    left, bottom, right, top = boxes(path, 1)["Trim"]  # sheet 1, front: padding page 8 | page 1
    spine = (left + right) / 2
    sheet = Raster(path, 1)
    assert white(sheet.area(left - BLEED, bottom - BLEED, spine, top + BLEED)), "the padding page is not printed"
    assert dark(sheet.area(spine, bottom - BLEED, spine + 5 * MM, top + BLEED)), "page 1 at the spine"
    assert dark(sheet.area(right, bottom - BLEED, right + BLEED, top + BLEED)), "page 1's outer bleed"
    # The pixel column on either side of the spine: page 1 starts right at it.
    assert sheet.at(spine + 1, (bottom + top) / 2) < 64 and sheet.at(spine - 2, (bottom + top) / 2) == 255


@pytest.mark.parametrize("side", [1, 2, 3, 4])
def test_marks_sit_beyond_the_bleed_where_the_cutter_and_folder_look(folder: Path, side: int) -> None:
    path = imposed(folder)
    left, bottom, right, top = boxes(path, side)["Trim"]
    spine = (left + right) / 2
    sheet = Raster(path, side)
    # Within 2 mm of the bleed nothing at all: a cut a millimetre off never shows a mark.
    clear = BLEED + 2 * MM
    ring = [
        (left - clear, bottom - clear, left - BLEED, top + clear),
        (right + BLEED, bottom - clear, right + clear, top + clear),
        (left - clear, top + BLEED, right + clear, top + clear),
        (left - clear, bottom - clear, right + clear, bottom - BLEED),
    ]
    for box in ring:
        assert white(sheet.area(*box)), f"ink within 2 mm of the bleed: {box}"
    near, far = BLEED + MARK_GAP, BLEED + MARK_GAP + MARK_LENGTH
    middle = (near + far) / 2
    crop = {
        "head, left, across": (left - middle, top),
        "head, left, up": (left, top + middle),
        "head, right, across": (right + middle, top),
        "head, right, up": (right, top + middle),
        "foot, left, across": (left - middle, bottom),
        "foot, left, down": (left, bottom - middle),
        "foot, right, across": (right + middle, bottom),
        "foot, right, down": (right, bottom - middle),
    }
    for name, (x, y) in crop.items():
        # A hairline lands on one of the pixels next to its position (poppler's stroke adjustment).
        around = [sheet.at(x + dx, y + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
        assert min(around) < 64, f"crop mark {name}"
    # Fold marks are dashed: some of the pixels along each is inked.
    for y0, y1 in ((top + near, top + far), (bottom - far, bottom - near)):
        column = [min(sheet.at(spine + dx, y) for dx in (-1, 0, 1)) for y in range(int(y0) + 1, int(y1))]
        assert 0 < sum(1 for pixel in column if pixel < 64) < len(column), "fold mark"
    # Nothing but the marks and the slug line outside the bleed: no stray ink at the sheet's edges.
    assert white(sheet.area(0, 0, sheet.width, bottom - far - 2))
    assert white(sheet.area(0, top + far + 2, sheet.width, sheet.top))


#: The slug line's last part, which build the sheets are of (impose.edition_stamp).
STAMP = re.compile(r"(?: · \d{4}-\d{2}-\d{2})?(?: · [0-9a-f]{8})?$")


def slugs(path: Path, *, stamped: bool = False) -> list[str]:
    """Each side's slug line, without its edition stamp (STAMP) unless ``stamped``."""
    lines = []
    for side in range(1, len(pypdf.PdfReader(path).pages) + 1):
        text = run_tool("pdftotext", "-f", str(side), "-l", str(side), str(path), "-").stdout
        lines.append([line for line in text.splitlines() if "sheet" in line])
    assert all(len(found) == 1 for found in lines), lines
    return [found[0].strip() if stamped else STAMP.sub("", found[0].strip(), count=1) for found in lines]


def test_slug_line_names_document_language_sheet_and_blank_pages(folder: Path) -> None:
    # Pages 6 to 8 are the padding; page 4 holds an image only, which is
    # content; page 2, the verso before a recto opening, is solid black (the
    # page background, to the bleed): ink, so no blank page to a printer.
    assert slugs(imposed(folder)) == [
        "black-january · de · sheet 1 of 2, front · p. 8 blank",
        "black-january · de · sheet 1 of 2, back · p. 7 blank",
        "black-january · de · sheet 2 of 2, front · p. 6 blank",
        "black-january · de · sheet 2 of 2, back",
    ]


def test_the_slug_line_ends_with_the_build_its_sheets_are_of(folder: Path) -> None:
    """Last on every side: the press booklet's date (YYYY-MM-DD) and the
    first 8 hex digits of its /ID, which every input that changes its bytes
    makes (render/pdf.py), so sheets of two builds tell themselves apart."""
    booklet = with_blank_verso(folder, "pdf/x-4")
    reader = pypdf.PdfReader(booklet)
    date = re.match(r"D:(\d{4})(\d{2})(\d{2})", str(reader.metadata["/ModDate"])).groups()
    identifier = str(reader.trailer["/ID"][0])[:8].lower()
    path = folder / "verso-stamped.pdf"
    path.write_bytes(impose(booklet.read_bytes(), name="black-january"))
    assert slugs(path, stamped=True) == [
        f"black-january · de · sheet 1 of 1, front · {'-'.join(date)} · {identifier}",
        f"black-january · de · sheet 1 of 1, back · p. 2 blank · {'-'.join(date)} · {identifier}",
    ]


def test_slug_line_lies_outside_the_trim_and_bleed(folder: Path) -> None:
    path = imposed(folder)
    left, bottom, right, top = boxes(path, 2)["Bleed"]
    height = boxes(path, 2)["Media"][3]
    crop = ("-x", str(int(left)), "-y", str(int(height - top)), "-W", str(int(right - left)), "-H", str(int(top - bottom)))
    inside = run_tool("pdftotext", "-f", "2", "-l", "2", *crop, str(path), "-").stdout
    assert "sheet" not in inside and "blank" not in inside
    below = ("-x", str(int(left)), "-y", str(int(height - bottom)), "-W", str(int(right - left)), "-H", "40")
    assert "sheet 1 of 2, back" in run_tool("pdftotext", "-f", "2", "-l", "2", *below, str(path), "-").stdout


def test_slug_line_defaults_to_the_pdf_title_and_language(folder: Path) -> None:
    path = folder / "defaults.pdf"
    path.write_bytes(impose(dark_booklet()))
    assert slugs(path)[0] == "Probe · de · sheet 1 of 2, front · p. 8 blank"


def test_slug_font_is_embedded_and_a_name_it_cannot_show_reads_as_question_marks(folder: Path) -> None:
    path = imposed(folder, name="чёрный-январь")
    assert slugs(path)[3] == "??????-?????? · de · sheet 2 of 2, back"
    fonts = run_tool("pdffonts", str(path)).stdout.splitlines()[2:]
    slug = [line for line in fonts if "IBMPlexMono" in line]
    assert len(slug) == 1 and re.search(r"\bTrueType\s+WinAnsi\s+yes\s+yes\b", slug[0]), fonts


def test_right_to_left_sheets_keep_their_order_and_bleed(folder: Path) -> None:
    path = imposed(folder, rtl=True)
    assert [halves(path, side) for side in (1, 2, 3, 4)] == [
        ("1", None), (None, None), ("3", None), ("5", None)
    ]
    left, bottom, right, top = boxes(path, 1)["Trim"]
    spine = (left + right) / 2
    sheet = Raster(path, 1)
    assert dark(sheet.area(left - BLEED, bottom - BLEED, left, top + BLEED)), "page 1's bleed, now on the left"
    assert white(sheet.area(spine, bottom - BLEED, right + BLEED, top + BLEED)), "padding page 8, on the right"
    # page 2 is solid black: ink; and the print shop is told the booklet binds on the right
    assert slugs(path)[1] == "black-january · de · binds on the right · sheet 1 of 2, back · p. 7 blank"


def test_marks_are_in_registration_colour(folder: Path) -> None:
    reader = pypdf.PdfReader(imposed(folder))
    for page in reader.pages:
        space = page["/Resources"]["/ColorSpace"]["/Registration"]
        assert [space[0], space[1], space[2]] == ["/Separation", "/All", "/DeviceCMYK"]
        tint = space[3].get_object()
        assert (tint["/C0"], tint["/C1"]) == ([0, 0, 0, 0], [1, 1, 1, 1])
        content = page["/Contents"].get_object().get_data()
        assert b"/Registration CS 1 SCN 0.25 w" in content and b"/Registration cs 1 scn /Slug" in content


def test_output_intent_of_the_pages_goes_with_them(folder: Path) -> None:
    source = dark_booklet("pdf/a-3b")
    intent = pypdf.PdfReader(io.BytesIO(source)).trailer["/Root"]["/OutputIntents"][0].get_object()
    reader = pypdf.PdfReader(io.BytesIO(impose(source)))
    copied = reader.trailer["/Root"]["/OutputIntents"][0].get_object()
    assert copied["/S"] == intent["/S"] == "/GTS_PDFA1"
    assert copied["/DestOutputProfile"].get_object().get_data() == intent["/DestOutputProfile"].get_object().get_data()


def test_imposing_with_bleed_is_deterministic() -> None:
    source = dark_booklet()
    assert impose(source, name="x", language="de") == impose(source, name="x", language="de")


def test_a_long_slug_line_shrinks_to_stay_short_of_the_fold_mark(folder: Path) -> None:
    name = "a-document-with-a-name-as-long-as-a-sentence-" * 3
    path = imposed(folder, name=name)
    left, bottom, right, top = boxes(path, 1)["Trim"]
    spine, height = (left + right) / 2, boxes(path, 1)["Media"][3]

    def below(x0: float, x1: float) -> str:
        crop = ("-x", str(int(x0)), "-y", str(int(height - bottom)), "-W", str(int(x1 - x0)), "-H", "40")
        return run_tool("pdftotext", "-f", "1", "-l", "1", *crop, str(path), "-").stdout

    assert below(left, spine - MARK_GAP).split() == f"{name} · de · sheet 1 of 2, front · p. 8 blank".split()
    assert below(spine - MARK_GAP, right).strip() == ""


CROP_MARKED = """<html lang="de"><head><title>Probe</title><style>
  @page {{ size: A6; bleed: 3mm; margin: 15mm; {marks} }}
  @page solid {{ background: #000 }}
  .solid {{ page: solid; color: #fff }}
</style></head><body><p class="solid">Umschlag</p><p style="break-before: page">Text.</p></body></html>"""


@functools.cache
def crop_marked(folder: Path, marks: str = "marks: crop", variant: str = "pdf/ua-1") -> Path:
    """Two A6 pages with 3 mm bleed, the first solid black to the bleed, as the booklet renderer writes them."""
    from pipeline.render.pdf import write_pdf

    html = CROP_MARKED.format(marks=marks)
    data = write_pdf(html, base_url=folder, allowed=[folder], identifier="probe", shown="probe.pdf", variant=variant)
    path = folder / f"marked-{len(marks)}-{variant.replace('/', '')}.pdf"
    path.write_bytes(data)
    return path


def test_crop_marks_grow_the_media_box_around_the_bleed_and_keep_trim_and_bleed(folder: Path) -> None:
    path = crop_marked(folder)
    plain = crop_marked(folder, marks="")
    for page in (1, 2):
        found, before = page_boxes(path, page), page_boxes(plain, page)
        left, bottom, right, top = found["Trim"]
        assert (right - left, top - bottom) == pytest.approx((105 * MM, 148 * MM), abs=0.01)
        assert found["Trim"] == before["Trim"] and found["Bleed"] == before["Bleed"]
        assert found["Bleed"] == pytest.approx((left - BLEED, bottom - BLEED, right + BLEED, top + BLEED), abs=0.01)
        margin = BLEED + MARK_GAP + MARK_LENGTH + SHEET_EDGE
        assert found["Media"] == pytest.approx((left - margin, bottom - margin, right + margin, top + margin), abs=0.01)
        assert found["Crop"] == found["Media"]
        # Without marks the page is what WeasyPrint makes: media to the bleed.
        assert before["Media"] == pytest.approx(before["Bleed"], abs=0.01)


@pytest.mark.parametrize("page", [1, 2])
def test_crop_marks_of_a_page_sit_beyond_its_bleed(folder: Path, page: int) -> None:
    path = crop_marked(folder)
    left, bottom, right, top = page_boxes(path, page)["Trim"]
    raster = Raster(path, page)
    bleed_band = [
        (left - BLEED, bottom - BLEED, left, top + BLEED),
        (right, bottom - BLEED, right + BLEED, top + BLEED),
        (left, top, right, top + BLEED),
        (left, bottom - BLEED, right, bottom),
    ]
    for box in bleed_band:
        # The solid page's background fills its bleed; the white page's bleed
        # has no ink (WeasyPrint's own marks would be there).
        assert (dark if page == 1 else white)(raster.area(*box)), box
    clear = BLEED + MARK_GAP
    for box in [
        (left - clear, bottom - clear, left - BLEED, top + clear),
        (right + BLEED, bottom - clear, right + clear, top + clear),
        (left - clear, top + BLEED, right + clear, top + clear),
        (left - clear, bottom - clear, right + clear, bottom - BLEED),
    ]:
        assert white(raster.area(*box)), f"ink within 2 mm of the bleed: {box}"
    middle = BLEED + MARK_GAP + MARK_LENGTH / 2
    for x, y in [
        (left - middle, top), (left, top + middle), (right + middle, top), (right, top + middle),
        (left - middle, bottom), (left, bottom - middle), (right + middle, bottom), (right, bottom - middle),
    ]:
        assert min(raster.at(x + dx, y + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)) < 64, (x, y)
    # Nothing else outside: the edge beyond the marks is white.
    far, margin = BLEED + MARK_GAP + MARK_LENGTH, BLEED + MARK_GAP + MARK_LENGTH + SHEET_EDGE
    assert white(raster.area(left - margin, top + far + 1, right + margin, top + margin))
    assert white(raster.area(left - margin, bottom - margin, right + margin, bottom - far - 1))


@pytest.mark.parametrize(("variant", "alternate"), [("pdf/ua-1", "/DeviceCMYK"), ("pdf/a-3b", "/DeviceRGB")])
def test_crop_marks_are_a_page_artifact_in_registration_colour(folder: Path, variant: str, alternate: str) -> None:
    reader = pypdf.PdfReader(crop_marked(folder, variant=variant))
    for page in reader.pages:
        space = page["/Resources"]["/ColorSpace"]["/Registration"]
        assert [space[0], space[1], space[2]] == ["/Separation", "/All", alternate]
        marks = page["/Contents"][0].get_object().get_data()
        assert marks.startswith(b"/Artifact <</Type /Page>> BDC") and marks.rstrip().endswith(b"EMC")
        assert b"/Registration CS 1 SCN" in marks


def test_a_crop_marked_booklet_imposes_to_the_same_sheets(folder: Path) -> None:
    """The sheet clips each page to its bleed: the page's own marks never reach it
    (the two booklets are two builds: their sheets' slugs are left unstamped)."""
    sheets = []
    for marks in ("marks: crop", ""):
        path = folder / f"imposed-marked-{bool(marks)}.pdf"
        path.write_bytes(impose(crop_marked(folder, marks=marks).read_bytes(), name="probe", edition=""))
        sheets.append([Raster(path, side).pixels for side in (1, 2)])
    assert sheets[0] == sheets[1]


BLANK_VERSO = """<html lang="de"><head><title>Probe</title><style>
  @page {{ size: A6; bleed: 3mm; margin: 15mm; {marks} }}
  @page solid {{ background: #000 }}
  .solid {{ page: solid; color: #fff }}
  h1 {{ break-before: right }}
</style></head><body><p class="solid">Umschlag</p><h1>Titel</h1><p>Text.</p><p style="break-before: page">Ende.</p></body></html>"""


@functools.cache
def with_blank_verso(folder: Path, variant: str, marks: str = "", name: str = "black-january") -> Path:
    """Four A6 pages with 3 mm bleed: a solid cover, a blank verso (the
    heading opens on a recto), two of text; as a build renders them."""
    from pipeline.render.pdf import write_pdf

    data = write_pdf(BLANK_VERSO.format(marks=marks), base_url=folder, allowed=[folder], identifier="probe",
                     shown="probe.pdf", variant=variant, slug=(name, "de", ()))
    path = folder / f"verso-{variant.replace('/', '')}-{bool(marks)}-{len(name)}.pdf"
    path.write_bytes(data)
    return path


def words_beyond_the_trim(path: Path, page: int) -> list[tuple[str, tuple[float, float, float, float]]]:
    """The words pdftotext reads on ``page`` outside its trim box, with their boxes in PDF coordinates."""
    found = page_boxes(path, page)
    left, bottom, right, top = found["Trim"]
    media_left, media_top = found["Media"][0], found["Media"][3]
    xml = run_tool("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-").stdout
    words = []
    for x0, y0, x1, y1, word in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', xml):
        box = (media_left + float(x0), media_top - float(y1), media_left + float(x1), media_top - float(y0))
        if not (left <= box[0] and box[2] <= right and bottom <= box[1] and box[3] <= top):
            words.append((word, box))
    return words


@pytest.mark.parametrize(("variant", "marks"), [("pdf/x-4", ""), ("pdf/ua-1", "marks: crop")])
def test_a_blank_page_of_a_press_booklet_says_so_below_its_bleed(folder: Path, variant: str, marks: str) -> None:
    """A press booklet (and a crop-marked one) names its blank page where a
    print shop looks, between the crop marks below it, beyond the bleed:
    never on the page a reader gets, and never on a page with ink."""
    path = with_blank_verso(folder, variant, marks)
    assert len(pypdf.PdfReader(path).pages) == 4
    for page in (1, 2, 3, 4):
        found = page_boxes(path, page)
        left, bottom, right, top = found["Trim"]
        margin = BLEED + MARK_GAP + MARK_LENGTH + SHEET_EDGE
        assert found["Media"] == pytest.approx((left - margin, bottom - margin, right + margin, top + margin), abs=0.01)
        words = words_beyond_the_trim(path, page)
        if page != 2:
            assert words == [], page
            continue
        assert " ".join(word for word, _ in words) == "black-january · de · p. 2 blank"
        for word, (x0, y0, x1, y1) in words:
            assert left < x0 and x1 < right and bottom - margin < y0 and y1 < bottom - BLEED - MARK_GAP, word
        raster = Raster(path, page)
        assert white(raster.area(left - BLEED, bottom - BLEED - MARK_GAP, right + BLEED, top + BLEED))
        assert not white(raster.area(left, bottom - margin, right, bottom - BLEED - MARK_GAP))


def test_a_blank_pages_slug_is_a_page_artifact(folder: Path) -> None:
    reader = pypdf.PdfReader(with_blank_verso(folder, "pdf/ua-1", "marks: crop"))
    marks = reader.pages[1]["/Contents"][0].get_object().get_data()
    assert marks.startswith(b"/Artifact <</Type /Page>> BDC") and marks.rstrip().endswith(b"EMC")
    assert b"(black-january \\267 de \\267 p. 2 blank) Tj" in marks
    assert all(b"Tj" not in reader.pages[index]["/Contents"][0].get_object().get_data() for index in (0, 2, 3))


def test_a_reader_booklet_without_crop_marks_has_no_slug(folder: Path) -> None:
    path = with_blank_verso(folder, "pdf/ua-1")
    assert [words_beyond_the_trim(path, page) for page in (1, 2, 3, 4)] == [[], [], [], []]
    assert page_boxes(path, 2)["Media"] == pytest.approx(page_boxes(path, 2)["Bleed"], abs=0.01)


@pytest.mark.parametrize("name", ["black-january", "BMC-EMC (report)"])
def test_the_sheets_of_a_press_booklet_name_its_blank_page_once(folder: Path, name: str) -> None:
    """Imposed, the press booklet's blank page is named in the sheet's slug,
    and its own slug, clipped away with its marks, does not read back; a
    name that spells marked-content operators changes nothing."""
    path = folder / f"verso-imposed-{len(name)}.pdf"
    path.write_bytes(impose(with_blank_verso(folder, "pdf/x-4", name=name).read_bytes(), name=name))
    assert slugs(path) == [
        f"{name} · de · sheet 1 of 1, front",
        f"{name} · de · sheet 1 of 1, back · p. 2 blank",
    ]
    text = run_tool("pdftotext", str(path), "-").stdout
    assert text.count("blank") == 1 and text.count(name) == 2


@pytest.mark.parametrize(("fonts", "face"), [("", "NotoSerif-Regular"), ('[tool.booklet.fonts]\ntext = ["Amiri"]\n', "Amiri-Regular")])
def test_the_slug_is_set_in_the_booklets_own_text_face(make_project, fonts: str, face: str) -> None:
    """Only configured faces on the press sheet (pdffonts): the slug line in
    the booklet's text face, regular, not the code face a booklet without
    code never declares."""
    from pipeline.build import build
    from pipeline.config import load_project

    root = make_project({"source/a.md": "---\ntitle: Probe\n---\n\nText, and **more** text.\n"}, languages=(), extra=fonts)
    assert not build(load_project(root), formats=["pdf", "booklet"]).failures

    def names(path: Path) -> list[str]:  # without the subset tag, as pdffonts lists them
        return [line.split()[0].split("+")[-1] for line in run_tool("pdffonts", str(path)).stdout.splitlines()[2:]]

    booklet = names(root / "output/pdf/en/a.pdf")
    imposed = names(root / "output/pdf/en/a-imposed.pdf")
    assert sorted(set(imposed) - set(booklet)) == [face], (booklet, imposed)  # the slug's
    assert not any("Plex" in name for name in booklet + imposed)
    assert slugs(root / "output/pdf/en/a-imposed.pdf")[0] == "a · en · sheet 1 of 2, front"


@pytest.fixture(scope="module")
def press_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, tuple[bytes, bytes]]]:
    """The publication's Russian (hyphenated) and Arabic booklets built with
    their imposed twins, in the default (reader's) variant; each booklet's
    bytes and its press twin's, as the renderer made them."""
    import shutil

    from pipeline.build import build
    from pipeline.config import load_project
    from pipeline.render import pdf

    from ..conftest import REPO

    root = tmp_path_factory.mktemp("press-built") / "publication"
    root.mkdir()
    for name in ("pyproject.toml", "source", "locales", "templates"):
        if (REPO / name).exists():
            (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, root / name)
    made: dict[str, tuple[bytes, bytes]] = {}
    real = pdf.write_pdf

    def spy(html: str, **options: object) -> bytes:
        booklet = real(html, **options)
        made[str(options["identifier"]).rsplit("/", 1)[1]] = (booklet, options["press"][0])
        return booklet

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf, "write_pdf", spy)
        report = build(load_project(root), languages=["ru", "ar"], formats=["pdf", "booklet"], jobs_count=1)
    assert not report.failures, [str(failure) for failure in report.failures]
    assert load_project(root).pdf_variant == "pdf/ua-1"
    return root, made


def _pages_text(data: bytes, folder: Path, name: str) -> list[str]:
    path = folder / name
    path.write_bytes(data)
    return run_tool("pdftotext", "-layout", str(path), "-").stdout.split("\f")


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_the_press_twin_holds_the_booklets_lines_page_for_page(press_built, language: str, tmp_path: Path) -> None:
    """The imposed sheets are made of a second render of the settled booklet in
    CMYK: the same lines on the same pages, hyphens (ru) and Arabic's joins (ar) alike."""
    root, made = press_built
    booklet, twin = made[language]
    assert booklet == (root / f"output/pdf/{language}/black-january.pdf").read_bytes()
    assert twin != booklet
    reader, press = _pages_text(booklet, tmp_path, "reader.pdf"), _pages_text(twin, tmp_path, "press.pdf")
    assert len(reader) > 8 and press == reader
    if language == "ru":
        # hyphenated lines among them (the hyphen WeasyPrint adds, U+2010, or the one a line breaker's span carries)
        assert any(line.rstrip().endswith(("-", "\u2010")) for page in press for line in page.splitlines())


def _colour_operators(reader: pypdf.PdfReader) -> set[str]:
    """The colour operators of every page's content and of every form it draws
    (the imposed pages are forms), with the colour space a cs or CS names."""
    from pypdf.generic import ContentStream

    found: set[str] = set()

    def read(stream: object, resources: object, depth: int = 0) -> None:
        for operands, operator in ContentStream(stream, reader).operations:
            if operator in (b"rg", b"RG", b"g", b"G", b"k", b"K", b"sc", b"SC", b"scn", b"SCN"):
                found.add(operator.decode())
            elif operator in (b"cs", b"CS"):
                found.add(f"{operator.decode()} {operands[0]}")
        objects = resources.get("/XObject", {}) if resources is not None else {}
        for reference in objects.values():
            form = reference.get_object()
            if form.get("/Subtype") == "/Form" and depth < 8:
                read(form, form.get("/Resources"), depth + 1)

    for page in reader.pages:
        read(page.get_contents(), page.get("/Resources"))
    return found


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_the_imposed_file_of_a_readers_build_is_a_press_file(press_built, language: str) -> None:
    """The booklet stays the reader's (PDF/UA, RGB, no printing condition); the
    imposed sheets are in CMYK with the press output intent, every font embedded."""
    root, _ = press_built
    booklet = pypdf.PdfReader(root / f"output/pdf/{language}/black-january.pdf")
    sheets = pypdf.PdfReader(root / f"output/pdf/{language}/black-january-imposed.pdf")
    assert "/OutputIntents" not in booklet.trailer["/Root"] and "/StructTreeRoot" in booklet.trailer["/Root"]
    assert "rg" in _colour_operators(booklet)  # what the sheets must not have
    intent = sheets.trailer["/Root"]["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFX" and intent["/DestOutputProfile"].get_object()["/N"] == 4
    operators = _colour_operators(sheets)
    assert "cs /DeviceCMYK" in operators
    assert not operators & {"rg", "RG", "cs /DeviceRGB", "CS /DeviceRGB"}, operators
    fonts = run_tool("pdffonts", str(root / f"output/pdf/{language}/black-january-imposed.pdf")).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # the column "emb"


def test_the_imposed_files_are_the_same_bytes_when_built_again(press_built) -> None:
    from pipeline.build import build
    from pipeline.config import load_project

    root, _ = press_built
    before = {language: (root / f"output/pdf/{language}/black-january-imposed.pdf").read_bytes() for language in ("ru", "ar")}
    report = build(load_project(root), languages=["ru", "ar"], formats=["pdf", "booklet"], jobs_count=2, clean=True)
    assert not report.failures
    assert {language: (root / f"output/pdf/{language}/black-january-imposed.pdf").read_bytes() for language in before} == before


SPREAD = """<html lang="de"><head><title>Probe</title><style>
  @page { size: A6; bleed: 3mm; margin: 15mm }
  @page solid { background: #1c1b19 }
  .solid { page: solid; color: #fff }
  p + p { break-before: page }
</style></head><body>
  <p class="solid">Eins</p><p class="solid">Zwei</p><p>Drei</p><p class="solid">Vier</p>
</body></html>"""


@functools.cache
def spread(folder: Path, variant: str) -> Path:
    """Four A6 pages, 3 mm bleed: 1, 2 and 4 solid to the bleed, 3 not. Front: 4 | 1, both solid; back: 2 | 3."""
    from pipeline.render.pdf import write_pdf

    data = write_pdf(SPREAD, base_url=folder, allowed=[folder], identifier="probe", shown="probe.pdf", variant=variant)
    path = folder / f"spread-{variant.replace('/', '')}.pdf"
    path.write_bytes(impose(data, name="probe"))
    return path


def _clips(path: Path, side: int) -> dict[str, tuple[float, ...]]:
    """Each page form's clip on the sheet side: /P0 (left) and /P1 -> x, y, width, height."""
    content = pypdf.PdfReader(path).pages[side - 1].get_contents().get_data().decode()
    return {name: tuple(map(float, clip.split())) for clip, name in re.findall(r"q ([-\d. ]+) re W n [-\d. ]+ cm /(P\d) Do Q", content)}


@pytest.mark.parametrize("variant", ["pdf/ua-1", "pdf/x-4"])
def test_where_both_pages_are_solid_to_the_spine_the_left_runs_on_under_the_right(folder: Path, variant: str) -> None:
    from pipeline.render.impose import SPINE_OVERLAP

    path = spread(folder, variant)
    left, _, right, _ = boxes(path, 1)["Trim"]
    spine = (left + right) / 2
    for side, overlap in ((1, SPINE_OVERLAP), (2, 0.0)):  # 4 | 1 both solid; 2 | 3 not
        clips = _clips(path, side)
        assert clips["P0"][0] == pytest.approx(left - BLEED, abs=0.01)
        assert clips["P0"][0] + clips["P0"][2] == pytest.approx(spine + overlap, abs=0.01), side
        assert clips["P1"][0] == pytest.approx(spine, abs=0.01)  # the right page still starts at the spine


@pytest.mark.parametrize("variant", ["pdf/ua-1", "pdf/x-4"])
def test_a_solid_background_across_the_spine_shows_no_hairline(folder: Path, variant: str) -> None:
    """As a screen proof shows it: two clips that only met at the spine left a column
    lighter than the covers there, where poppler antialiased both edges over the
    paper (79 against 27 at 96 dpi here; the publication's cover sheet showed one at 150)."""
    path = spread(folder, variant)
    left, bottom, right, top = boxes(path, 1)["Trim"]
    spine = (left + right) / 2
    for dpi in (72, 96, 100, 150):
        sheet = Raster(path, 1, dpi=dpi)
        # the covers' own grey, away from the spine and below the text
        ground = max(sheet.area(spine - 30, bottom, spine - 10, bottom + 30 * MM) + sheet.area(spine + 10, bottom, spine + 30, bottom + 30 * MM))
        seam = [max(sheet.column(spine + step * 72 / dpi, bottom - BLEED, top + BLEED)) for step in (-1, 0, 1)]
        assert max(seam) <= ground + 2, (dpi, ground, seam)
    # Beside a page that is not solid, nothing of the solid one shows past the spine.
    back = Raster(path, 2, dpi=150)
    assert min(back.column(spine + 1, bottom, top)) == 255 and max(back.column(spine - 1, bottom, top)) < 64


XMP = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfxid": "http://www.npes.org/pdfx/ns/id/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
}


def xmp(path: Path) -> dict[str, str]:
    """The XMP properties poppler reads from ``path`` (``pdfinfo -meta``): prefix:name -> text."""
    import xml.etree.ElementTree as ET

    packet = run_tool("pdfinfo", "-meta", str(path)).stdout
    assert packet.strip(), "no XMP metadata stream"
    root = ET.fromstring(re.sub(r"<\?xpacket[^>]*\?>", "", packet).strip())
    names = {uri: prefix for prefix, uri in XMP.items()}
    found = {}
    for description in root.iter(f"{{{XMP['rdf']}}}Description"):
        for element in description:
            uri, local = element.tag[1:].split("}")
            if uri in names:
                found[f"{names[uri]}:{local}"] = "".join(element.itertext()).strip()
    return found


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_the_imposed_file_identifies_itself_as_pdf_x4(press_built, language: str) -> None:
    """ISO 15930-7: the XMP names PDF/X-4, with the document and rendition
    properties it asks for, in a PDF of version 1.6 at least, with an /ID; its
    dates are the booklet's (its press twin's, pinned)."""
    import datetime as dt

    root, made = press_built
    path = root / f"output/pdf/{language}/black-january-imposed.pdf"
    found = xmp(path)
    assert found["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
    assert found["xmpMM:RenditionClass"] and found["xmpMM:VersionID"]
    assert re.fullmatch(r"uuid:[0-9a-f-]{36}", found["xmpMM:DocumentID"]), found
    assert re.fullmatch(r"uuid:[0-9a-f-]{36}", found["xmpMM:InstanceID"]), found
    read = run_tool("pdfinfo", str(path))
    assert not read.stderr  # the IDs, filled in after writing, moved nothing: no "Syntax Error"
    version = re.search(r"^PDF version:\s+(\d+)\.(\d+)$", read.stdout, re.M)
    assert (int(version[1]), int(version[2])) >= (1, 6)
    sheets = pypdf.PdfReader(path, strict=True)
    ids = sheets.trailer["/ID"]
    assert len(ids) == 2 and all(len(value.original_bytes) == 16 for value in ids)
    twin = pypdf.PdfReader(io.BytesIO(made[language][1]))
    assert twin.xmp_metadata.xmp_create_date is not None  # what the sheets' dates come from
    for key, read in (("xmp:CreateDate", "xmp_create_date"), ("xmp:ModifyDate", "xmp_modify_date")):
        expected = getattr(twin.xmp_metadata, read)  # pypdf gives UTC without a zone
        assert dt.datetime.fromisoformat(found[key]) == expected.replace(tzinfo=expected.tzinfo or dt.timezone.utc)
    # The same moments, however each spells them: WeasyPrint writes the booklet's dcterms.created, a day, as D:20261202.
    for read in ("creation_date", "modification_date"):
        sheet_date, twin_date = getattr(sheets.metadata, read), getattr(twin.metadata, read)
        assert sheet_date == twin_date.replace(tzinfo=twin_date.tzinfo or dt.timezone.utc), read


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_the_imposed_files_information_agrees_with_its_xmp(press_built, language: str) -> None:
    """PDF/X asks the document information dictionary and the XMP to say the
    same: title, creation and modification dates, trapping, producer."""
    import datetime as dt

    root, _ = press_built
    path = root / f"output/pdf/{language}/black-january-imposed.pdf"
    found = xmp(path)
    info = pypdf.PdfReader(path).metadata
    booklet = pypdf.PdfReader(root / f"output/pdf/{language}/black-january.pdf").metadata
    assert info.title == found["dc:title"] == booklet.title and info.title
    assert info.creation_date.astimezone(dt.timezone.utc) == dt.datetime.fromisoformat(found["xmp:CreateDate"])
    assert info.modification_date.astimezone(dt.timezone.utc) == dt.datetime.fromisoformat(found["xmp:ModifyDate"])
    assert found["xmp:MetadataDate"] == found["xmp:ModifyDate"]
    assert info["/Trapped"] == "/" + found["pdf:Trapped"] and found["pdf:Trapped"] in ("True", "False")
    assert info.producer == found["pdf:Producer"] == booklet.producer and info.producer.startswith("WeasyPrint")
    # poppler reads the same title and dates from the dictionary.
    printed = run_tool("pdfinfo", "-isodates", str(path)).stdout
    assert re.search(rf"^Title:\s+{re.escape(info.title)}$", printed, re.M), printed
    created = re.search(r"^CreationDate:\s+(\S+)$", printed, re.M)[1]
    assert dt.datetime.fromisoformat(created.replace("Z", "+00:00")) == dt.datetime.fromisoformat(found["xmp:CreateDate"])


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_every_sheet_has_its_trim_inside_its_bleed_inside_its_media_and_nothing_interactive(
    press_built, language: str
) -> None:
    root, _ = press_built
    path = root / f"output/pdf/{language}/black-january-imposed.pdf"
    reader = pypdf.PdfReader(path)
    catalog = reader.trailer["/Root"]
    assert not {"/OpenAction", "/AA", "/AcroForm", "/Names"} & set(catalog), sorted(catalog)
    for number, page in enumerate(reader.pages, 1):
        assert "/TrimBox" in page and "/BleedBox" in page, number  # set, not defaulted to the crop box
        assert not {"/Annots", "/AA"} & set(page), number
        found = boxes(path, number)  # as poppler reads them
        media, bleed, trim = found["Media"], found["Bleed"], found["Trim"]
        for outer, inner in ((media, bleed), (bleed, trim)):
            assert outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]
        assert trim[0] < trim[2] and trim[1] < trim[3]


def test_the_imposed_file_is_identified_the_same_when_built_again(press_built) -> None:
    """Its IDs come from its content, not from chance: built again, the same
    bytes, /ID and XMP identification included; another language's, other IDs."""
    from pipeline.build import build
    from pipeline.config import load_project

    root, _ = press_built
    paths = [root / f"output/pdf/{language}/black-january-imposed.pdf" for language in ("ru", "ar")]
    before = [path.read_bytes() for path in paths]
    identities = [(xmp(path)["xmpMM:DocumentID"], pypdf.PdfReader(path).trailer["/ID"][0].original_bytes) for path in paths]
    report = build(load_project(root), languages=["ru", "ar"], formats=["pdf", "booklet"], jobs_count=1, clean=True)
    assert not report.failures
    assert [path.read_bytes() for path in paths] == before
    assert identities[0] != identities[1]


@pytest.mark.parametrize(("variant", "marks"), [("pdf/ua-1", "marks: crop"), ("pdf/x-4", "")])
def test_a_slug_no_face_can_set_costs_a_finding_not_the_booklet(folder: Path, variant: str, marks: str, monkeypatch) -> None:
    """No face for the slug line (none given, the default mono face not
    installed): the booklet is made with its crop marks, its blank page
    unnamed, and the build is told why."""
    from pipeline.render import fonts
    from pipeline.render.pdf import write_pdf

    monkeypatch.setattr(fonts, "MONO_FACE", "No Such Mono")
    findings: list[str] = []
    data = write_pdf(BLANK_VERSO.format(marks=marks), base_url=folder, allowed=[folder], identifier="probe",
                     shown="probe.pdf", variant=variant, slug=("black-january", "de", ()), findings=findings)
    assert findings == ["no slug line below the crop marks of blank page 2: no face to set it in: "
                        "none of 0 given is TrueType, and No Such Mono is not installed"]
    path = folder / f"unnamed-{variant.replace('/', '')}.pdf"
    path.write_bytes(data)
    for page in (1, 2, 3, 4):
        marked = pypdf.PdfReader(path).pages[page - 1]["/Contents"][0].get_object().get_data()
        assert b"/Registration CS 1 SCN" in marked and b"Tj" not in marked, page
        assert words_beyond_the_trim(path, page) == [], page
    left, bottom, right, top = page_boxes(path, 2)["Trim"]
    margin = BLEED + MARK_GAP + MARK_LENGTH + SHEET_EDGE
    assert page_boxes(path, 2)["Media"] == pytest.approx((left - margin, bottom - margin, right + margin, top + margin), abs=0.01)


def test_a_booklet_and_its_sheets_name_an_unnamed_document_alike(folder: Path) -> None:
    """Given no name, the booklet's slug and its sheets' name the document
    by one rule (impose.slug_names): its title, else "booklet"."""
    from pipeline.render.impose import slug_names

    assert slug_names("", "", "Probe", "de") == ("Probe", "de")
    assert slug_names("a", "ru", "Probe", "de") == ("a", "ru")
    assert slug_names("", "", "", "") == ("booklet", "")
    booklet = with_blank_verso(folder, "pdf/x-4", name="")
    assert " ".join(word for word, _ in words_beyond_the_trim(booklet, 2)) == "Probe · de · p. 2 blank"
    sheets = folder / "unnamed-imposed.pdf"
    sheets.write_bytes(impose(booklet.read_bytes()))
    assert slugs(sheets) == ["Probe · de · sheet 1 of 1, front", "Probe · de · sheet 1 of 1, back · p. 2 blank"]
