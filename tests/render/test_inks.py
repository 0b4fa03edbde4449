"""The press variant's colours in a printer's inks (render/inks.py), read back from the PDF."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pydyf
import pypdf
import pytest

from pipeline.build import build
from pipeline.config import load_project
from pipeline.init import init
from pipeline.render.inks import PAPER, REVERSED_RULE, RICH_BLACK, add_output_intent, in_inks
from pipeline.render.profiles import CONDITIONS, DEFAULT_CONDITION

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
    assert f"color: {PAPER}" in styled  # the cover's cream, reversed out of the black: paper
    assert "color: device-cmyk(0 0.746 0.246 0.522)" in styled
    assert "<p>#000 in a translation stays text</p>" in styled and "#" not in styled.split("</style>")[0]


def _sheet(css: str) -> str:
    return in_inks(f"<style>{css}</style>").removeprefix("<style>").removesuffix("</style>")


@pytest.mark.parametrize("colour", ["black", "BLACK", "rgb(0 0 0)", "rgb(0, 0, 0)", "rgb(0% 0% 0%)", "hsl(0 0% 0%)", "hsla(0, 0%, 0%, 1)",
                                    "hwb(0 0% 100%)", "color(srgb 0 0 0)", "#000", "#000000", "#000f", "#000000ff"])
def test_every_way_css_says_black_is_black_ink(colour: str) -> None:
    assert _sheet(f"p {{ color: {colour}; }}") == "p { color: device-cmyk(0 0 0 1); }"


@pytest.mark.parametrize("colour", ["rgba(0, 0, 0, 0.5)", "rgb(0 0 0 / 50%)", "hsl(0 0% 0% / 0.5)", "#00000080", "#0008"])
def test_a_translucent_colour_keeps_its_alpha(colour: str) -> None:
    """WeasyPrint draws device-cmyk()'s alpha as it draws rgba()'s (an
    ExtGState's /ca, which PDF/X-4 allows), so the alpha stays."""
    alpha = float(_sheet(f"p {{ color: {colour}; }}").removeprefix("p { color: device-cmyk(0 0 0 1 / ").removesuffix("); }"))
    assert alpha == pytest.approx(0.5, abs=0.04)  # #0008 is 8/15


def test_colours_are_converted_in_declarations_only_wherever_they_are() -> None:
    css = (
        "a:not(#abc), #fff > p { color: #555; }"
        " @page :left { margin: 1mm; @top-left { content: string(x); color: #555; } }"
        " @media print { @supports (color: red) { .x { border-bottom: 1pt solid rgb(85 85 85); } } }"
        " .y { --ink: #555; color: var(--ink, #555); background: url(x.png) #555 !important; }"
    )
    grey = "device-cmyk(0 0 0 0.667)"
    assert _sheet(css) == (
        f"a:not(#abc), #fff > p {{ color: {grey}; }}"
        f" @page :left {{ margin: 1mm; @top-left {{ content: string(x); color: {grey}; }} }}"
        f" @media print {{ @supports (color: red) {{ .x {{ border-bottom: 1pt solid {grey}; }} }} }}"
        f" .y {{ --ink: {grey}; color: var(--ink, {grey}); background: url(x.png) {grey} !important; }}"
    )


def test_what_is_no_colour_or_names_none_stays() -> None:
    """Keywords are colours only in properties that take one (a font called
    Crimson stays a font); transparent and currentcolor draw no colour of
    their own; Lab and OkLCh are device-independent, which a PDF/X-4 keeps
    for the printer's RIP to convert through the output intent; a gradient's
    stops stay, as WeasyPrint 70 blends only RGB (it fails on device-cmyk stops)."""
    css = (
        ".a { font-family: Crimson, serif; list-style-type: square; content: \"#000\"; }"
        " .b { background: transparent; border-color: currentcolor; color: lab(50 20 30); outline-color: oklch(0.5 0.1 120); }"
        " .c { background-image: linear-gradient(#555, rgb(0 0 0)); }"
        " @font-face { font-family: X; src: url(x.woff2); }"
    )
    assert _sheet(css) == css


def test_light_text_and_rules_are_paper_and_a_reversed_rule_survives_registration() -> None:
    """Out of a dark ground a light colour (inks under 10 %) prints as the
    paper, and its rules are widened to REVERSED_RULE; a light background
    keeps its tint down to the 3 % a press holds."""
    css = ".c { color: #f3efe6; border-top: 1pt solid #f3efe6; border-bottom: 0.2mm solid #fff; } .d { background: #f0f0f0; } .e { background: #fbfbfb; }"
    assert _sheet(css) == (
        f".c {{ color: {PAPER}; border-top: {REVERSED_RULE:g}pt solid {PAPER}; border-bottom: {REVERSED_RULE:g}pt solid {PAPER}; }}"
        f" .d {{ background: device-cmyk(0 0 0 0.059); }} .e {{ background: {PAPER}; }}"
    )
    assert _sheet(".c { border-top: 3pt solid #fff; border-left: 1pt solid #555; }") == (
        f".c {{ border-top: 3pt solid {PAPER}; border-left: 1pt solid device-cmyk(0 0 0 0.667); }}"
    )


def test_weasyprint_draws_a_translucent_ink_as_ink_with_alpha() -> None:
    import weasyprint

    html = in_inks("<style>@page { size: 50mm; } p { color: rgba(0, 0, 0, 0.5); }</style><p>ink</p>")
    pdf = pypdf.PdfReader(io.BytesIO(weasyprint.HTML(string=html).write_pdf()))
    page = pdf.pages[0]
    assert b"/DeviceCMYK cs\n0 0 0 1 scn\nBT" in page.get_contents().get_data()
    states = page["/Resources"]["/ExtGState"]
    assert any(state.get_object().get("/ca") == 0.5 for state in states.values())


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
    fills, rules = _cover(root / "output/pdf/en/a.pdf")
    assert fills == {"0 0 0 0"}  # the reversed title: paper, no ink
    assert rules == [pytest.approx(REVERSED_RULE)]

    root.joinpath("pyproject.toml").write_text(
        root.joinpath("pyproject.toml").read_text(encoding="utf-8").replace('pdf-variant = "pdf/x-4"\n', ""), encoding="utf-8"
    )
    assert not build(load_project(root), formats=["pdf"]).failures
    pages = pypdf.PdfReader(root / "output/pdf/en/a.pdf").pages
    default = b"".join(p.get_contents().get_data() for p in pages if p.get_contents() is not None)
    assert b" rg" in default
    assert all(rule < REVERSED_RULE for rule in _cover(root / "output/pdf/en/a.pdf")[1])  # the screen's rule stays as drawn


_SCALE = re.compile(rb"^([\d.]+) 0 0 \1 0 0 cm$", re.M)
_FILL = re.compile(rb"([\d. ]+) (?:scn|rg)\nBT")
#: A rule as WeasyPrint draws a border: clipped to its band (four points), then filled.
_BAND = re.compile(rb"[\d.]+ ([\d.]+) m\n[\d.]+ ([\d.]+) l\n[\d.]+ ([\d.]+) l\n[\d.]+ ([\d.]+) l\nW\*")


def _cover(pdf: Path) -> tuple[set[str], list[float]]:
    """The colours the cover's text is filled with, and its rules' widths in points."""
    data = pypdf.PdfReader(pdf).pages[0].get_contents().get_data()
    scale = float(_SCALE.search(data).group(1))
    fills = {fill.group(1).decode() for fill in _FILL.finditer(data)}
    return fills, [(max(map(float, band.groups())) - min(map(float, band.groups()))) * scale for band in _BAND.finditer(data)]


def test_an_output_intent_needs_a_cmyk_profile(tmp_path, monkeypatch) -> None:
    """Without the profile installed, or with one that is not CMYK, the press
    variant stops with a message saying what to install, and writes no intent."""
    from dataclasses import replace

    def profile(condition: str, path: Path) -> None:
        monkeypatch.setitem(CONDITIONS, condition, replace(CONDITIONS[condition], profile=path))

    pdf = pydyf.PDF()
    profile("FOGRA39", tmp_path / "missing.icc")
    with pytest.raises(ValueError, match=r"missing\.icc is missing: make it with make booklets \(python -m pipeline\.render\.profiles, "):
        add_output_intent(pdf)
    profile("SWOP", tmp_path / "missing.icc")
    with pytest.raises(ValueError, match=r"missing\.icc is missing: install Debian's libgs-common"):
        add_output_intent(pdf, condition="SWOP")
    rgb = tmp_path / "rgb.icc"
    rgb.write_bytes(Path("/usr/share/color/icc/ghostscript/srgb.icc").read_bytes())
    profile("FOGRA39", rgb)
    with pytest.raises(ValueError, match="is not a CMYK ICC profile"):
        add_output_intent(pdf)
    assert "OutputIntents" not in pdf.catalog


@pytest.mark.parametrize("condition", ["FOGRA39", "SWOP"])
def test_the_output_intent_names_the_condition_and_embeds_its_profile(condition: str) -> None:
    """FOGRA39 by default (the profile make made from Fogra's data), SWOP on
    request (Ghostscript's): each named as the ICC's registry names it, its
    profile embedded byte for byte."""
    press = CONDITIONS[condition]
    if not press.profile.is_file():
        pytest.fail(f"{press.profile} is missing: make test makes it")
    pdf = pydyf.PDF()
    add_output_intent(pdf, **({} if condition == DEFAULT_CONDITION else {"condition": condition}))
    data = io.BytesIO()
    pdf.write(data)
    intent = pypdf.PdfReader(data).trailer["/Root"]["/OutputIntents"][0].get_object()
    assert (intent["/OutputConditionIdentifier"], intent["/RegistryName"], intent["/Info"]) == (press.identifier, press.registry, press.condition)
    assert intent["/DestOutputProfile"].get_object().get_data() == press.profile.read_bytes()
