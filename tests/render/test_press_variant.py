"""pdf-variant = "pdf/x-4": what the press variant claims and gives up, read back from the PDF."""
from __future__ import annotations

import io
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
