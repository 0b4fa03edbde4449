"""pdf-variant = "pdf/x-4": what the press variant claims and gives up, read back from the PDF."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest

from pipeline.config import load_project
from pipeline.errors import ConfigError
from pipeline.render.impose import impose
from pipeline.render.pdf import write_pdf

from ..conftest import run_tool

HTML = (
    '<html lang="de"><head><title>Probe</title><meta name="dcterms.created" content="2020-01-20"></head>'
    '<body><h1>Schwarzer Januar</h1><p style="color: #c00">Text.</p></body></html>'
)


def render(variant: str, folder: Path) -> bytes:
    return write_pdf(HTML, base_url=folder, allowed=[folder], identifier="probe/de", shown="probe.pdf", variant=variant)


def test_config_offers_the_press_variant(make_project) -> None:
    project = load_project(make_project({"source/a.md": "Text.\n"}, extra='pdf-variant = "pdf/x-4"\n'))
    assert project.pdf_variant == "pdf/x-4"


def test_config_names_the_variants_it_offers(make_project) -> None:
    root = make_project({"source/a.md": "Text.\n"}, extra='pdf-variant = "pdf/x-1a"\n')
    with pytest.raises(ConfigError, match=r"'pdf/x-1a' is not one of pdf/ua-1, pdf/a-3b, pdf/x-4"):
        load_project(root)


def test_config_names_the_press_conditions_it_offers(make_project) -> None:
    assert load_project(make_project({"source/a.md": "Text.\n"})).press_condition == "FOGRA39"
    assert load_project(make_project({"source/b.md": "Text.\n"}, extra='press-condition = "SWOP"\n')).press_condition == "SWOP"
    root = make_project({"source/c.md": "Text.\n"}, extra='press-condition = "GRACoL"\n')
    with pytest.raises(ConfigError, match=r"'GRACoL' is not one of FOGRA39, SWOP"):
        load_project(root)


def test_a_projects_press_condition_is_the_press_files_output_intent(make_project) -> None:
    """press-condition = "SWOP" names SWOP (Ghostscript's profile) in the
    press booklet and in the imposed sheets of a reader's booklet alike."""
    from pipeline.build import build
    from pipeline.render.profiles import CONDITIONS

    root = make_project({"source/a.md": "---\ntitle: Sheets\n---\n\nText.\n"}, languages=(),
                        extra='formats = ["pdf", "booklet"]\npress-condition = "SWOP"\n')
    assert not build(load_project(root)).failures
    reader = pypdf.PdfReader(root / "output/pdf/en/a.pdf")
    assert "/OutputIntents" not in reader.trailer["/Root"]
    intent = pypdf.PdfReader(root / "output/pdf/en/a-imposed.pdf").trailer["/Root"]["/OutputIntents"][0].get_object()
    assert intent["/OutputConditionIdentifier"] == "CGATS TR 001"
    assert intent["/DestOutputProfile"].get_object().get_data() == CONDITIONS["SWOP"].profile.read_bytes()


@pytest.mark.parametrize(
    ("variant", "claim", "tagged"),
    [
        ("pdf/ua-1", b'pdfuaid:part="1"', "yes"),
        ("pdf/a-3b", b'pdfaid:part="3"', "no"),
        ("pdf/x-4", b"<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>", "no"),
    ],
)
def test_each_variant_claims_its_standard_and_only_pdf_ua_is_tagged(
    variant: str, claim: bytes, tagged: str, tmp_path: Path
) -> None:
    # The trade-off the README states: the press variant has no structure tree,
    # so a screen reader gets no headings, reading order or alternative text.
    data = render(variant, tmp_path)
    root = pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data()
    assert claim in xmp, xmp[:600]
    path = tmp_path / "probe.pdf"
    path.write_bytes(data)
    info = run_tool("pdfinfo", str(path)).stdout
    assert f"Tagged:          {tagged}" in info
    assert root["/Lang"] == "de"


def test_press_variant_imposes_onto_a_press_sheet(tmp_path: Path) -> None:
    path = tmp_path / "imposed.pdf"
    path.write_bytes(impose(render("pdf/x-4", tmp_path), name="probe"))
    # One page, padded to a sheet of four.
    front, back = (run_tool("pdftotext", "-f", side, "-l", side, str(path), "-").stdout for side in "12")
    assert "probe · de · sheet 1 of 1, front · p. 4 blank" in front
    assert "probe · de · sheet 1 of 1, back · pp. 2, 3 blank" in back
    reader = pypdf.PdfReader(path)
    assert all("/TrimBox" in page and "/BleedBox" in page for page in reader.pages)


def test_press_variant_renders_the_same_bytes_twice(tmp_path: Path) -> None:
    assert render("pdf/x-4", tmp_path) == render("pdf/x-4", tmp_path)


def _output_intent(data: bytes) -> pypdf.generic.DictionaryObject:
    intents = pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"]["/OutputIntents"]
    assert len(intents) == 1
    return intents[0].get_object()


def test_press_variant_names_its_printing_condition_and_embeds_its_profile(tmp_path: Path) -> None:
    """PDF/X-4 asks for an output intent (GTS_PDFX) with the CMYK profile of a
    characterised condition embedded: FOGRA39's profile, as make made it
    (render/profiles.py), read back whole and by LittleCMS as an output profile."""
    from PIL import ImageCms

    from pipeline.render.profiles import CONDITIONS, DEFAULT_CONDITION

    made = CONDITIONS[DEFAULT_CONDITION].profile
    if not made.is_file():
        pytest.fail(f"{made} missing: make test makes it (installing icc-profiles-free and argyll)")
    intent = _output_intent(render("pdf/x-4", tmp_path))
    assert intent["/Type"] == "/OutputIntent" and intent["/S"] == "/GTS_PDFX"
    assert intent["/OutputConditionIdentifier"] == "FOGRA39"
    assert intent["/RegistryName"] == "http://www.color.org"
    assert "ISO 12647-2" in intent["/Info"]
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 4
    assert profile.get_data() == made.read_bytes()
    read = ImageCms.ImageCmsProfile(io.BytesIO(profile.get_data())).profile
    assert (read.xcolor_space.strip(), read.device_class) == ("CMYK", "prtr")


def test_the_reader_variants_name_no_press_condition(tmp_path: Path) -> None:
    assert "/OutputIntents" not in pypdf.PdfReader(io.BytesIO(render("pdf/ua-1", tmp_path))).trailer["/Root"]
    assert _output_intent(render("pdf/a-3b", tmp_path))["/S"] == "/GTS_PDFA1"  # WeasyPrint's sRGB, as it was


def test_a_profile_the_stylesheet_declares_is_the_output_intent(tmp_path: Path) -> None:
    # The printer's own profile wins over the default; here Ghostscript's other CMYK profile stands for it.
    own = tmp_path / "printer.icc"
    own.write_bytes(Path("/usr/share/color/icc/ghostscript/ps_cmyk.icc").read_bytes())
    html = HTML.replace("</head>", "<style>@color-profile device-cmyk { src: url(printer.icc); components: c, m, y, k }</style></head>")
    data = write_pdf(html, base_url=tmp_path, allowed=[tmp_path], identifier="probe/de", shown="probe.pdf", variant="pdf/x-4")
    assert _output_intent(data)["/DestOutputProfile"].get_object().get_data() == own.read_bytes()


def test_the_press_sheet_keeps_the_output_intent_and_poppler_reads_the_claim(tmp_path: Path) -> None:
    booklet = render("pdf/x-4", tmp_path)
    path = tmp_path / "imposed.pdf"
    path.write_bytes(impose(booklet, name="probe"))
    assert _output_intent(path.read_bytes())["/DestOutputProfile"].get_object().get_data() == (
        _output_intent(booklet)["/DestOutputProfile"].get_object().get_data()
    )
    single = tmp_path / "probe.pdf"
    single.write_bytes(booklet)
    assert re.search(r"PDF version: +1\.6\n", run_tool("pdfinfo", str(single)).stdout)
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in run_tool("pdfinfo", "-meta", str(single)).stdout


def test_a_solid_back_cover_in_cmyk_is_no_blank_page_on_the_press_sheet(tmp_path: Path) -> None:
    """The press variant's colours are CMYK (render.inks writes them so), drawn in a CMYK colour
    space (sc/scn, not rg): its rich black back cover is ink to a printer, and the slug line
    must not call it blank."""
    html = HTML.replace(
        "</body>",
        '<section style="page-break-before: always"><p>Zwei.</p></section>'
        '<section style="page-break-before: always"><p>Drei.</p></section>'
        '<section style="page-break-before: always; background: device-cmyk(0.4 0.3 0.3 1); height: 100vh"></section></body>',
    ).replace("</head>", "<style>@page { margin: 0 } body { margin: 0 }</style></head>")
    booklet = write_pdf(html, base_url=tmp_path, allowed=[tmp_path], identifier="probe/de", shown="probe.pdf", variant="pdf/x-4")
    assert b" scn" in b"".join(page.get_contents().get_data() for page in pypdf.PdfReader(io.BytesIO(booklet)).pages)
    path = tmp_path / "imposed.pdf"
    path.write_bytes(impose(booklet, name="probe"))
    front = run_tool("pdftotext", "-f", "1", "-l", "1", str(path), "-").stdout
    assert "probe · de · sheet 1 of 1, front" in front and "blank" not in front


def test_without_a_press_profile_the_readers_booklet_is_made_and_the_sheets_are_reported(make_project, monkeypatch) -> None:
    """The imposed sheets are always a press file; a machine without the press
    profile (make not run) still gets the reader's booklet, and one error line
    for the sheets: no stale sheets of an earlier text left beside it."""
    from dataclasses import replace

    from pipeline.build import build
    from pipeline.config import load_project
    from pipeline.render.profiles import CONDITIONS

    root = make_project({"source/a.md": "---\ntitle: Sheets\n---\n\nText.\n"}, languages=(), extra='formats = ["pdf", "booklet"]\n')
    stale = root / "output/pdf/en/a-imposed.pdf"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"%PDF- an earlier text's sheets")
    monkeypatch.setitem(CONDITIONS, "FOGRA39", replace(CONDITIONS["FOGRA39"], profile=root / "missing.icc"))
    report = build(load_project(root), jobs_count=1)
    assert len(report.failures) == 1
    said = str(report.failures[0])
    assert said.startswith("output/pdf/en/a-imposed.pdf: not made, the sheets being a press file (pdf/x-4): pdf/x-4 needs a CMYK profile")
    assert f"{root / 'missing.icc'} is missing" in said and "\n" not in said
    assert (root / "output/pdf/en/a.pdf").read_bytes().startswith(b"%PDF-")
    assert not stale.exists()


def test_sheets_that_cannot_be_imposed_cost_the_sheets_alone(make_project, monkeypatch) -> None:
    """An imposition that fails (a slug face that cannot be read, say) is one
    error line at the sheets; the reader's booklet is written and published,
    and the language is made again at the next build."""
    from pipeline.build import build
    from pipeline.config import load_project
    from pipeline.render import impose

    def fails(*args, **kwargs):
        raise ValueError("no face for the slug line")

    root = make_project({"source/a.md": "---\ntitle: Sheets\n---\n\nText.\n"}, languages=(), extra='formats = ["html", "pdf", "booklet"]\n')
    monkeypatch.setattr(impose, "impose", fails)
    report = build(load_project(root), jobs_count=1)
    assert [str(f) for f in report.failures] == ["output/pdf/en/a-imposed.pdf: imposition failed: no face for the slug line"]
    assert (root / "output/pdf/en/a.pdf").is_file() and (root / "output/html/en/a.html").is_file()
    monkeypatch.undo()
    again = build(load_project(root), jobs_count=1)
    assert not again.failures and (root / "output/pdf/en/a-imposed.pdf").is_file()


def test_a_press_twin_that_fails_otherwise_costs_the_sheets_alone(make_project, monkeypatch) -> None:
    """Whatever fails in the press twin (not only a missing profile) is one
    error line at the sheets; the reader's booklet is written."""
    from pipeline.build import build
    from pipeline.config import load_project
    from pipeline.render import pdf

    written = pdf._written

    def fails_for_the_press(rendered, digest, variant, rtl, condition, **options):
        if variant == pdf.PRESS_VARIANT:
            raise RuntimeError("the twin's writer broke")
        return written(rendered, digest, variant, rtl, condition, **options)

    root = make_project({"source/a.md": "---\ntitle: Sheets\n---\n\nText.\n"}, languages=(), extra='formats = ["pdf", "booklet"]\n')
    monkeypatch.setattr(pdf, "_written", fails_for_the_press)
    report = build(load_project(root), jobs_count=1)
    assert [str(f) for f in report.failures] == [
        "output/pdf/en/a-imposed.pdf: not made, the sheets being a press file (pdf/x-4): the twin's writer broke"
    ]
    assert (root / "output/pdf/en/a.pdf").read_bytes().startswith(b"%PDF-")


def test_a_publication_without_a_date_gets_its_inputs_date_not_the_epoch(make_project, monkeypatch) -> None:
    """No front matter date, no SOURCE_DATE_EPOCH: the press booklet and
    its sheets are dated by the newest commit touching the project's inputs,
    in their information dictionary and their XMP alike (PDF/X needs both,
    agreeing), never 1970."""
    import datetime as dt

    from pipeline.build import build

    from ..test_fsutil import committed

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = make_project({"source/a.md": "---\ntitle: Undated\n---\n\nText.\n"}, languages=(),
                        extra='formats = ["pdf", "booklet"]\npdf-variant = "pdf/x-4"\n')
    (root / ".gitignore").write_text("output/\n.booklet-cache/\n")
    committed(root, "2024-01-20T09:30:00+00:00")
    assert not build(load_project(root)).failures
    for name in ("a.pdf", "a-imposed.pdf"):
        path = root / "output/pdf/en" / name
        info = pypdf.PdfReader(path).metadata
        xmp = pypdf.PdfReader(path).xmp_metadata
        moment = dt.datetime(2024, 1, 20, tzinfo=dt.timezone.utc)
        assert info.creation_date.astimezone(dt.timezone.utc) == moment, name
        assert info.modification_date.astimezone(dt.timezone.utc) == moment, name
        assert xmp.xmp_create_date.replace(tzinfo=dt.timezone.utc) == moment, name
        assert xmp.xmp_modify_date.replace(tzinfo=dt.timezone.utc) == moment, name
        printed = run_tool("pdfinfo", "-isodates", str(path)).stdout
        assert re.search(r"^CreationDate:\s+2024-01-20T00:00:00", printed, re.M), printed
