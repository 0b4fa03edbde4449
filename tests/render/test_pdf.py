"""What each render shares with the others of its process: the parsed stylesheet."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pipeline.config import load_project
from pipeline.render import pdf

from ..conftest import REPO, run_tool


def test_one_parsed_stylesheet_for_documents_that_share_it(tmp_path: Path) -> None:
    config = pdf._font_configuration("")
    fetcher = pdf.sandboxed_fetcher([tmp_path])
    page = "<html><head><style>p { color: red }</style></head><body><p>{}</p></body></html>"
    first_body, first = pdf._shared_stylesheet(page.replace("{}", "one"), tmp_path, config, fetcher)
    second_body, second = pdf._shared_stylesheet(page.replace("{}", "two"), tmp_path, config, fetcher)
    assert first and first[0] is second[0]
    assert "<style>" not in first_body and "<p>two</p>" in second_body
    # Left to WeasyPrint as they are: two stylesheets, a linked one, a style attribute.
    for other in (page.replace("</head>", "<style>p { margin: 0 }</style></head>"),
                  page.replace("</head>", '<link rel="stylesheet" href="x.css"></head>'),
                  page.replace("<p>", '<p style="color: blue">')):
        assert pdf._shared_stylesheet(other, tmp_path, config, fetcher) == (other, [])


def test_every_booklet_of_the_publication_has_the_same_stylesheet(tmp_path: Path) -> None:
    import pipeline.build as build_module
    from pipeline.render.pool import RenderPool

    root = tmp_path / "publication"
    root.mkdir()
    for name in ("pyproject.toml", "source", "locales", "templates"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    styles: dict[str, list[str]] = {}
    original = RenderPool.submit

    def capture(self, entry):
        styles[entry[0]] = pdf._STYLE.findall(entry[3].html)
        return original(self, entry)

    RenderPool.submit = capture
    try:
        build_module.build(load_project(root), formats=["pdf"], jobs_count=1)
    finally:
        RenderPool.submit = original
    assert len(styles) == 6
    assert len({tuple(found) for found in styles.values()}) == 1  # so it is parsed once per process


def test_weasyprint_is_imported_without_running_a_compiler() -> None:
    """Its library lookups go to ldconfig only (no gcc, no ld), and find_library is left as it was."""
    import subprocess
    import sys

    code = (
        "import ctypes.util, subprocess, sys\n"
        "original = ctypes.util.find_library\n"
        "commands = []\n"
        "init = subprocess.Popen.__init__\n"
        "def spy(self, args, *a, **k):\n"
        "    commands.append(args[0] if isinstance(args, list) else args)\n"
        "    init(self, args, *a, **k)\n"
        "subprocess.Popen.__init__ = spy\n"
        "from pipeline.render.pdf import import_weasyprint\n"
        "import_weasyprint()\n"
        "from weasyprint.text.ffi import pango, harfbuzz_subset\n"
        "assert ctypes.util.find_library is original\n"
        "assert harfbuzz_subset is not None\n"
        "print(sorted(set(commands)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() in ("[]", "['/sbin/ldconfig']")


PRESS_PROBE = (
    '<html lang="en"><head><title>Probe</title><style>'
    "@page { size: A6; margin: 12mm } main p { text-align: justify; hyphens: auto; color: #333 } h1 { color: #a00 }"
    "</style></head><body><main><h1>Probe</h1>"
    + "<p>{}</p>".format(
        " ".join(["The committee examined the extraordinary circumstances of the declaration, and the"
                  " correspondence that followed it, paragraph by paragraph and witness by witness."] * 6)
    ) * 3
    + "</main></body></html>"
)


def _counted(monkeypatch, variant: str, press: bool, folder: Path) -> tuple[int, int, tuple[bytes, bytes | None]]:
    """(layouts, line-breaking plans, the PDFs) of one booklet render."""
    from weasyprint import HTML

    from pipeline.render import linebreak

    counts = {"render": 0, "plan": 0}
    render, plan = HTML.render, linebreak.plan

    def counted_render(self, *args, **kwargs):
        counts["render"] += 1
        return render(self, *args, **kwargs)

    def counted_plan(*args, **kwargs):
        counts["plan"] += 1
        return plan(*args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(HTML, "render", counted_render)
        patch.setattr(linebreak, "plan", counted_plan)
        twin: list[bytes] = []
        booklet = pdf.write_pdf(PRESS_PROBE, base_url=folder, allowed=[folder], identifier="probe/en", shown="probe.pdf",
                                variant=variant, press=twin if press else None)
    return counts["render"], counts["plan"], (booklet, twin[0] if twin else None)


def test_the_press_twin_costs_one_layout_more_and_no_planning(monkeypatch, tmp_path: Path) -> None:
    pdf.import_weasyprint()
    renders, plans, (booklet, none) = _counted(monkeypatch, "pdf/ua-1", False, tmp_path)
    assert none is None and plans >= 1  # the breaker planned this text
    with_twin, plans_with_twin, (same, twin) = _counted(monkeypatch, "pdf/ua-1", True, tmp_path)
    assert (with_twin, plans_with_twin) == (renders + 1, plans)
    assert same == booklet and twin is not None and twin != booklet


def test_a_press_booklet_is_its_own_twin(monkeypatch, tmp_path: Path) -> None:
    pdf.import_weasyprint()
    renders, plans, (booklet, _) = _counted(monkeypatch, "pdf/x-4", False, tmp_path)
    again, plans_again, (same, twin) = _counted(monkeypatch, "pdf/x-4", True, tmp_path)
    assert (again, plans_again) == (renders, plans)
    assert twin is same and same == booklet


def test_a_press_stylesheet_that_moves_lines_gets_sheets_laid_out_on_their_own(monkeypatch, tmp_path: Path) -> None:
    """If the inks changed more than colours (here a larger text), the booklet's
    breaks would not hold: the twin is settled on its own, and the build says so."""
    import io

    import pypdf

    pdf.import_weasyprint()
    from pipeline.render import inks

    real = inks.sheet_in_inks
    larger = lambda css: real(css) + " main p { font-size: 14pt }"  # noqa: E731
    monkeypatch.setattr(inks, "sheet_in_inks", larger)
    monkeypatch.setattr(pdf, "sheet_in_inks", larger)
    findings: list[str] = []
    twin: list[bytes] = []
    booklet = pdf.write_pdf(PRESS_PROBE, base_url=tmp_path, allowed=[tmp_path], identifier="probe/en", shown="probe.pdf",
                            findings=findings, press=twin)
    assert any("imposed sheets were laid out on their own" in finding for finding in findings), findings
    pages = [len(pypdf.PdfReader(io.BytesIO(data)).pages) for data in (booklet, twin[0])]
    assert pages[1] > pages[0]  # the larger text, on pages of its own
    assert "/OutputIntents" in pypdf.PdfReader(io.BytesIO(twin[0])).trailer["/Root"]


def test_the_slug_may_be_set_in_the_upright_regular_faces_the_texts_stack_first() -> None:
    from pipeline.render.fonts import FontFace

    faces = [
        FontFace("Mono", Path("/mono.ttf"), "normal", "400"),
        FontFace("Serif", Path("/serif-italic.ttf"), "italic", "400"),
        FontFace("Serif", Path("/serif-bold.ttf"), "normal", "700"),
        FontFace("Sans", Path("/sans-variable.ttf"), "normal", "100 900"),
        FontFace("Serif", Path("/serif.ttf"), "normal", "400"),
        FontFace("Sans", Path("/sans-variable.ttf"), "normal", "400"),  # one file, named once
    ]
    assert pdf.upright_faces(faces, ["Serif", "Sans"]) == (Path("/serif.ttf"), Path("/sans-variable.ttf"), Path("/mono.ttf"))


def test_a_template_whose_stylesheet_stays_in_the_document_gets_a_press_twin_in_inks(tmp_path: Path) -> None:
    """A style attribute keeps the stylesheet in the document (``_shared_stylesheet``): the
    twin is laid out with the document's own <style> in inks, and the booklet keeps its RGB."""
    import io

    import pypdf

    html = PRESS_PROBE.replace("<h1>", '<h1 style="margin: 0">')
    twin: list[bytes] = []
    booklet = pdf.write_pdf(html, base_url=tmp_path, allowed=[tmp_path], identifier="probe/en", shown="probe.pdf", press=twin)

    def colours(data: bytes) -> bytes:
        return b"".join(page.get_contents().get_data() for page in pypdf.PdfReader(io.BytesIO(data)).pages)

    assert b" rg" in colours(booklet) and b"/DeviceCMYK cs" not in colours(booklet)
    assert b" rg" not in colours(twin[0]) and b"/DeviceCMYK cs" in colours(twin[0])
    assert pdf._shared_stylesheet(html, tmp_path, pdf._font_configuration(html), pdf.sandboxed_fetcher([tmp_path])) == (html, [])


def test_every_stylesheet_of_the_document_is_in_inks_in_the_twin(tmp_path: Path) -> None:
    """A second <style> (here one with a media query, which the booklet's
    shared stylesheet leaves in the document) is in the printer's inks in the
    press twin too: no RGB colour reaches the imposed sheets."""
    import io

    import pypdf

    html = PRESS_PROBE.replace("</style>", '</style><style media="print">h1 { color: #06c }</style>', 1)
    twin: list[bytes] = []
    pdf.write_pdf(html, base_url=tmp_path, allowed=[tmp_path], identifier="probe/en", shown="probe.pdf", press=twin)
    contents = b"".join(page.get_contents().get_data() for page in pypdf.PdfReader(io.BytesIO(twin[0])).pages)
    assert b"1 0.5 0 0.2 scn" in contents  # the print sheet's heading colour, #06c, in inks
    assert b"/DeviceRGB" not in contents and b" rg" not in contents and b" RG" not in contents


#: Renders a booklet in a fresh process, or after a plain WeasyPrint render
#: made with the machine's Fontconfig (here one that hints fully), then once
#: more: what ``booklet serve``'s long process does between rebuilds.
_HISTORY = """
import hashlib, os, sys
from pathlib import Path
from pipeline.render.pdf import import_weasyprint, write_pdf
import_weasyprint()
from weasyprint import HTML
folder, history, machine, html, fonts = Path(sys.argv[1]), sys.argv[2], sys.argv[3], Path(sys.argv[4]).read_text(), Path(sys.argv[5])
if history == "after a plain render":
    os.environ["FONTCONFIG_FILE"] = machine
    HTML(string="<html lang=ru><h1 style='font: 16pt serif'>Так называемая нагорно-карабахская</h1>").write_pdf()
    del os.environ["FONTCONFIG_FILE"]
for _ in range(2):
    data = write_pdf(html, base_url=folder, allowed=[folder, fonts], identifier="h/ar", shown="h.pdf", rtl=True)
    print(hashlib.sha256(data).hexdigest())
"""


def test_a_booklets_bytes_do_not_depend_on_what_its_process_rendered_before(tmp_path: Path) -> None:
    """Fontconfig's current configuration is the process's, made once by
    whichever render comes first (Pango initialises it at its first font
    map): the machine's after a plain WeasyPrint render, booklet's after a
    booklet's. A plain render's fallback fonts follow it; a booklet, whose
    faces are its @font-face rules alone (``_isolated_fontconfig``), is the
    same bytes either way, and again when rendered a second time."""
    import subprocess
    import sys

    from pipeline.render.fonts import font_faces

    # Amiri alone (static faces, Latin too): a booklet's faces are files of their own, not a variable face's axes
    faces = [face for face in font_faces() if face.family == "Amiri" and face.style == "normal"]
    rules = "".join(
        f"@font-face {{ font-family: Amiri; src: url({face.file.as_uri()}); font-weight: {face.weight} }}" for face in faces
    )
    words = "وفي كل عام، يُحيا يوم 20 يناير في أذربيجان بوصفه يوم الحداد الوطني، وتُنكّس الأعلام في Baku. " * 6
    html = tmp_path / "booklet.html"
    html.write_text(
        f"<html lang=ar dir=rtl><head><title>t</title><style>{rules} @page {{ size: A6; margin: 12mm }}"
        " body { font: 10pt Amiri } p { text-align: justify; hyphens: auto }</style></head>"
        f"<body><p>{words}</p><p lang=en dir=ltr>The so-called problem of 1987, {'territorial integrity ' * 12}</p>"
        "<h1 lang=en dir=ltr><b>Nagorno-Karabakh</b></h1></body></html>",
        encoding="utf-8",
    )
    machine = tmp_path / "machine.conf"
    machine.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        '<match target="pattern"><edit name="hintstyle" mode="assign"><const>hintfull</const></edit></match>'
        "</fontconfig>",
        encoding="utf-8",
    )
    digests = []
    for history in ("fresh", "after a plain render"):
        run = subprocess.run(
            [sys.executable, "-c", _HISTORY, str(tmp_path), history, str(machine), str(html), str(faces[0].file.parent)],
            capture_output=True, text=True, cwd=REPO, check=True,
        )
        digests.append(run.stdout.split())
    assert len(digests[0]) == 2 and digests[0][0] == digests[0][1] == digests[1][0] == digests[1][1], digests


@pytest.mark.parametrize(
    ("extra", "reader"),
    [("", True), ('pdf-variant = "pdf/a-3b"\n', True), ('pdf-variant = "pdf/x-4"\n', False), ("crop-marks = true\n", False)],
)
def test_a_readers_booklet_is_shown_at_its_trim_and_the_press_files_keep_their_boxes(make_project, extra, reader) -> None:
    """pdfinfo -box on built booklets with 3 mm of bleed: a reader's booklet
    (no marks) is cropped to its A5 trim, its bleed still in the media and
    bleed boxes; a booklet with marks (the press variant's, or asked for) and
    the sheets show their whole media box, as before."""
    from pipeline.build import build

    from .test_press_sheet import page_boxes

    root = make_project({"source/a.md": "# Title\n\nText.\n"}, languages=(),
                        extra=f'bleed = "3mm"\nformats = ["pdf", "booklet"]\n{extra}')
    assert not build(load_project(root)).failures
    booklet, sheets = root / "output/pdf/en/a.pdf", root / "output/pdf/en/a-imposed.pdf"
    mm, bleed = 72 / 25.4, 8.5  # WeasyPrint's 3 mm: 11.34 px, 8.5 pt
    trim = pytest.approx((0, 0, 148 * mm, 210 * mm), abs=0.01)
    pages = int(re.search(r"^Pages:\s+(\d+)", run_tool("pdfinfo", str(booklet)).stdout, re.M)[1])
    assert pages >= 2
    for page in range(1, pages + 1):
        found = page_boxes(booklet, page)
        assert found["Trim"] == trim
        assert found["Bleed"] == pytest.approx((-bleed, -bleed, 148 * mm + bleed, 210 * mm + bleed), abs=0.01)
        assert found["Crop"] == (found["Trim"] if reader else found["Media"])
        assert (found["Media"] == found["Bleed"]) is reader  # marks grow the media box beyond the bleed
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", run_tool("pdfinfo", str(booklet)).stdout, re.M)
    assert (float(size[1]) == pytest.approx(148 * mm, abs=0.01)) is reader  # what a viewer shows
    for side in (1, 2):
        found = page_boxes(sheets, side)
        assert found["Crop"] == found["Media"] and found["Trim"] != found["Media"]


def test_a_template_whose_every_face_is_refused_is_one_line_not_a_crash(make_project, tmp_path: Path) -> None:
    """A project's booklet.css whose only @font-face lies outside the folders
    a booklet may read: Pango, left with no font at all, crashed the worker
    (a segfault). booklet build now says so in one line and writes no
    booklet."""
    import subprocess
    import sys

    from pipeline.render.fonts import font_dirs

    outside = tmp_path / "outside" / "Face.ttf"
    outside.parent.mkdir()
    shutil.copyfile(next(path for folder in font_dirs() for path in sorted(folder.rglob("*.ttf"))), outside)
    css = f'@page {{ size: A6 }}\n@font-face {{ font-family: Outside; src: url("{outside.as_uri()}") }}\nbody {{ font-family: Outside }}\n'
    root = make_project({"source/a.md": "# Title\n\nText.\n", "templates/booklet.css": css}, languages=(),
                        extra='formats = ["pdf", "booklet"]\n')
    result = subprocess.run([sys.executable, "-m", "pipeline", "--project", str(root), "build"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert re.fullmatch(r"booklet: error: output/pdf/en/a\.pdf: .*no @font-face .*refused file:.*/outside/Face\.ttf: .*", lines[0]), lines
    assert not list(root.glob("output/**/*.pdf"))


def test_faces_that_are_no_fonts_are_said_so_before_rendering(tmp_path: Path) -> None:
    """An allowed file that is no font, the only face declared: the same
    crash, now a RenderError naming the file (and nothing refused)."""
    from pipeline.errors import RenderError

    broken = tmp_path / "Broken.ttf"
    broken.write_bytes(b"not a font at all" * 64)
    html = (f'<html lang="en"><head><title>Probe</title><style>@font-face {{ font-family: B; src: url("{broken.as_uri()}") }}'
            "body { font-family: B }</style></head><body><p>Text.</p></body></html>")
    with pytest.raises(RenderError, match=rf"^probe\.pdf: .*no @font-face .*none of {re.escape(str(broken))} is a font\)$"):
        pdf.write_pdf(html, base_url=tmp_path, allowed=[tmp_path], identifier="probe/en", shown="probe.pdf")


def _subsets(path: Path) -> dict[str, str]:
    """Each font's name in ``path`` without its subset tag -> the tag, as
    pdffonts lists them; every one embedded and a subset."""
    listed = run_tool("pdffonts", str(path)).stdout.splitlines()[2:]
    assert listed and all(line.split()[-5:-3] == ["yes", "yes"] for line in listed), listed
    return dict(reversed(line.split()[0].split("+", 1)) for line in listed)


def _names_agree(path: Path) -> None:
    """Each composite font's /BaseFont is its descendant's and its descriptor's /FontName."""
    import pypdf

    for page in pypdf.PdfReader(path).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            if font["/Subtype"] == "/Type0":
                descendant = font["/DescendantFonts"][0].get_object()
                assert font["/BaseFont"] == descendant["/BaseFont"] == descendant["/FontDescriptor"]["/FontName"]


@pytest.mark.parametrize("variant", ["pdf/ua-1", "pdf/x-4"])
def test_a_font_subset_is_tagged_by_what_it_holds(tmp_path: Path, variant: str) -> None:
    """Two booklets setting different text in Noto Serif have different
    subsets of it, and pdffonts lists different tags for them (WeasyPrint 70
    tagged by the face alone: the same); the same text gives the same tag, in
    the other booklet's bold, in another booklet and in the booklet's press
    twin; the same input, the same bytes."""
    english = "The committee examined the declaration, <b>paragraph by paragraph</b>."
    russian = english + " Комиссия рассмотрела заявление."

    def rendered(text: str, identifier: str) -> tuple[Path, Path]:
        html = (f'<html lang="en"><head><title>Probe</title><style>@page {{ size: A6 }}</style></head>'
                f"<body><main><p>{text}</p></main></body></html>")
        twin: list[bytes] = []
        data = pdf.write_pdf(html, base_url=tmp_path, allowed=[tmp_path], identifier=identifier, shown="probe.pdf",
                             variant=variant, press=twin)
        paths = tmp_path / f"{identifier}.pdf", tmp_path / f"{identifier}-twin.pdf"
        paths[0].write_bytes(data)
        paths[1].write_bytes(twin[0])
        return paths

    en, en_twin = rendered(english, "en")
    ru, _ = rendered(russian, "ru")
    other, _ = rendered(english, "other")
    again, _ = rendered(english, "en")
    tags = {path: _subsets(path) for path in (en, en_twin, ru, other)}
    assert {"Noto-Serif", "Noto-Serif-Bold"} <= set(tags[en]) and set(tags[en]) == set(tags[ru])
    assert tags[en]["Noto-Serif"] != tags[ru]["Noto-Serif"], tags
    assert tags[en]["Noto-Serif-Bold"] == tags[ru]["Noto-Serif-Bold"]  # the same bold words: the same subset
    assert tags[en] == tags[en_twin] == tags[other]
    assert again.read_bytes() == en.read_bytes() and other.read_bytes() != en.read_bytes()
    for path in (en, en_twin, ru):
        _names_agree(path)


def test_the_languages_booklets_and_their_sheets_name_their_own_subsets(make_project) -> None:
    """A built project's English and Russian booklets (different text, one
    face): different tags for Noto Serif, each language's sheets carrying its
    booklet's; a clean rebuild gives the same bytes."""
    import polib

    from pipeline.build import build
    from pipeline.catalog.pofile import format_po
    from pipeline.init import init

    root = make_project({"source/a.md": "# Title\n\nThe committee met.\n"}, languages=("ru",),
                        extra='formats = ["pdf", "booklet"]\n')
    project = load_project(root)
    init(project, ["ru"])
    path = project.po_path("ru", "a")
    po = polib.pofile(str(path))
    po.find("Title").msgstr, po.find("The committee met.").msgstr = "Заглавие", "Комиссия собралась."
    path.write_text(format_po(po), encoding="utf-8")
    assert not build(project).failures
    files = {lang: (root / f"output/pdf/{lang}/a.pdf", root / f"output/pdf/{lang}/a-imposed.pdf") for lang in ("en", "ru")}
    made = {path: path.read_bytes() for pair in files.values() for path in pair}
    tags = {lang: _subsets(booklet) for lang, (booklet, _) in files.items()}
    assert tags["en"]["Noto-Serif"] != tags["ru"]["Noto-Serif"], tags
    for lang, (booklet, sheets) in files.items():
        on_sheets = _subsets(sheets)
        assert {name: on_sheets.get(name) for name in tags[lang]} == tags[lang], (lang, on_sheets)
        _names_agree(booklet)
        _names_agree(sheets)
    assert not build(project, clean=True).failures
    assert {path: path.read_bytes() for path in made} == made


@pytest.mark.parametrize(("twin", "marked"), [(False, True), (True, False)])
def test_only_a_press_twin_is_written_without_marks(tmp_path: Path, twin: bool, marked: bool) -> None:
    """_written says which file is the press twin (no marks, its boxes as
    they are) in a flag of its own: a press booklet written without a slug
    is a booklet, with its marks beyond the bleed."""
    import io

    import pypdf

    from pipeline.render.profiles import DEFAULT_CONDITION

    html = ('<html lang="de"><head><title>Probe</title><style>@page { size: A6; bleed: 3mm; margin: 15mm }</style>'
            "</head><body><p>Text.</p></body></html>")
    digest = b"0" * 32
    render = pdf._renderers(html, tmp_path, pdf._font_configuration(html), pdf.sandboxed_fetcher([tmp_path]), digest, pdf.PRESS_VARIANT)[0]
    data = pdf._written(render({}), digest, pdf.PRESS_VARIANT, False, DEFAULT_CONDITION, twin=twin)
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    assert (page.mediabox.width > page.bleedbox.width) is marked
    assert page.cropbox == page.mediabox


def test_a_press_files_id_follows_its_date_and_the_same_inputs_give_the_same_bytes(tmp_path: Path) -> None:
    """The press twin's /ID and XMP ID are made of what makes its bytes: the
    date it carries (press_date, from the inputs) as well as its HTML. A reader's
    booklet carries no such date: press_date changes none of its bytes."""
    import io

    import pypdf

    pdf.import_weasyprint()
    html = '<html lang="en"><head><title>Probe</title><style>@page { size: A6 }</style></head><body><p>Text.</p></body></html>'

    def made(press_date: str) -> tuple[bytes, bytes]:
        twin: list[bytes] = []
        booklet = pdf.write_pdf(html, base_url=tmp_path, allowed=[tmp_path], identifier="probe/en", shown="probe.pdf",
                                press=twin, press_date=press_date)
        return booklet, twin[0]

    def ids(data: bytes) -> tuple[bytes, ...]:
        reader = pypdf.PdfReader(io.BytesIO(data))
        xmp = reader.xmp_metadata
        return (*(value.original_bytes for value in reader.trailer["/ID"]), str(xmp.xmpmm_document_id if xmp else "").encode())

    (booklet, twin), (same_booklet, same_twin), (later_booklet, later_twin) = made("2026-01-20"), made("2026-01-20"), made("2026-01-21")
    assert (same_booklet, same_twin) == (booklet, twin)
    assert later_booklet == booklet and later_twin != twin
    assert all(a != b for a, b in zip(ids(later_twin), ids(twin))), (ids(later_twin), ids(twin))
    assert ids(twin)[0] != ids(booklet)[0]  # the twin is another file than the booklet: another /ID
