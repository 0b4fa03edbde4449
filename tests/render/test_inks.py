"""The press variant's colours in a printer's inks (render/inks.py), read back from the PDF."""
from __future__ import annotations

import re
from pathlib import Path

import pydyf
import pypdf
import pytest

from pipeline.build import build
from pipeline.config import load_project
from pipeline.init import init
from pipeline.render.inks import RICH_BLACK, add_output_intent, in_inks

_OPERATOR = re.compile(rb"(?:^|\s)(rg|RG|k|K|sc|scn|SC|SCN|cs|CS)(?=\s)")


def test_neutrals_are_black_ink_alone_and_a_dark_background_a_rich_black() -> None:
    html = (
        "<style>html { color: #000; } .a { color: #555; border: 1pt solid #8a8a8a; }"
        " @page cover { background: #1c1b19; } .c { color: #f3efe6; } pre .k { color: rgb(122, 31, 92); }</style>"
        "<p>#000 in a translation stays text</p>"
    )
    styled = in_inks(html)
    assert "color: device-cmyk(0 0 0 1)" in styled
    assert "color: device-cmyk(0 0 0 0.667)" in styled and "solid device-cmyk(0 0 0 0.459)" in styled
    assert f"background: {RICH_BLACK}" in styled
    assert "color: device-cmyk(0 0.016 0.053 0.047)" in styled  # the cover's cream: a tint, knocked out of the black
    assert "color: device-cmyk(0 0.746 0.246 0.522)" in styled
    assert "<p>#000 in a translation stays text</p>" in styled and "#" not in styled.split("</style>")[0]


def test_the_press_booklet_prints_from_cmyk_only(make_project) -> None:
    """pdf-variant = "pdf/x-4": no RGB colour operator in any page of the
    booklet, the text in black ink alone; the default variant stays RGB."""
    root = make_project({"source/a.md": "# Title\n\nText, a *word* and `code`.\n\n> A quote.\n"}, extra='pdf-variant = "pdf/x-4"\n')
    project = load_project(root)
    init(project, ["de"])
    assert not build(project, formats=["pdf"]).failures
    operators, black_text = set(), False
    for page in pypdf.PdfReader(root / "output/pdf/en/a.pdf").pages:
        contents = page.get_contents()
        data = contents.get_data() if contents is not None else b""
        operators |= {m.group(1) for m in _OPERATOR.finditer(data)}
        black_text |= b"/DeviceCMYK cs\n0 0 0 1 scn\nBT" in data
    assert black_text  # the text, in black ink alone
    assert operators and not operators & {b"rg", b"RG"}, operators

    root.joinpath("pyproject.toml").write_text(
        root.joinpath("pyproject.toml").read_text(encoding="utf-8").replace('pdf-variant = "pdf/x-4"\n', ""), encoding="utf-8"
    )
    assert not build(load_project(root), formats=["pdf"]).failures
    pages = pypdf.PdfReader(root / "output/pdf/en/a.pdf").pages
    default = b"".join(p.get_contents().get_data() for p in pages if p.get_contents() is not None)
    assert b" rg" in default


def test_an_output_intent_needs_a_cmyk_profile(tmp_path) -> None:
    """Without the profile installed, or with one that is not CMYK, the press
    variant stops with a message saying what to install, and writes no intent."""
    pdf = pydyf.PDF()
    with pytest.raises(ValueError, match=r"missing\.icc is missing: install Debian's libgs-common"):
        add_output_intent(pdf, tmp_path / "missing.icc")
    rgb = tmp_path / "rgb.icc"
    rgb.write_bytes(Path("/usr/share/color/icc/ghostscript/srgb.icc").read_bytes())
    with pytest.raises(ValueError, match="is not a CMYK ICC profile"):
        add_output_intent(pdf, rgb)
    assert "OutputIntents" not in pdf.catalog
