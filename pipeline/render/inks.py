"""Colours in a printer's inks for the press variant (``pdf-variant = "pdf/x-4"``).

Why: the stylesheets say their colours in RGB, as screens want them, and an
RGB black reaches an offset press as four inks: small text blurs wherever
the plates are out of register, and a large solid gets an ink total no one
chose. WeasyPrint writes ``device-cmyk()`` colours as DeviceCMYK, so for the
press every colour of the booklet's stylesheets (booklet.css, and a
project's own) is said in CMYK before rendering:

- a neutral colour (black, the greys) in black ink alone: text, rules,
  running heads and folios print from one plate;
- a dark background (the covers' black) as a rich black of a known total,
  ``RICH_BLACK``: 40 % cyan, 30 % magenta, 30 % yellow under full black
  (200 %), below the 300 % coated stock takes;
- a light colour as the paper (``PAPER``, no ink): text and rules reversed
  out of a dark ground, whose rules are widened to ``REVERSED_RULE``, and
  a background tint too light to hold on press;
- any other colour by the naive conversion, its alpha kept.

The stylesheets are parsed (tinycss2) and only the values of declarations
change: a selector such as ``a:not(#abc)`` is never a colour.

Those inks are meant for one printing condition, which the PDF/X names in
its output intent (``add_output_intent``): FOGRA39, offset on coated paper
(render/profiles.py), or SWOP, unless the stylesheet declares the printer's
own profile (``@color-profile device-cmyk``, README "Print production").

Only the ``<style>`` elements of the HTML are touched: a translation never
reaches them, and a colour written in one is text.
"""
from __future__ import annotations

import re
import zlib
from functools import lru_cache
from pathlib import Path

import tinycss2
from tinycss2 import color4

from .profiles import CONDITIONS, DEFAULT_CONDITION
from .press import press_files

__all__ = ["PAPER", "REVERSED_RULE", "RICH_BLACK", "add_output_intent", "in_inks", "press_files", "sheet_in_inks"]

RICH_BLACK = "device-cmyk(0.4 0.3 0.3 1)"
PAPER = "device-cmyk(0 0 0 0)"
_STYLE = re.compile(r"(<style\b[^>]*>)(.*?)(</style>)", re.S | re.I)
#: At-rules whose block holds rules (the rest hold declarations, @page its
#: margin boxes too); @font-face and @color-profile name no colour.
_GROUPS = {"media", "supports", "layer", "container", "document", "scope", "starting-style"}
_NO_COLOUR = {"font-face", "color-profile", "counter-style", "font-feature-values", "property"}
#: Properties whose keywords may be colour names: elsewhere "Crimson" is a
#: font and "red" a counter style, left alone.
_COLOUR_PROPERTIES = re.compile(r"(?:.*-)?colou?r$|background|border(?:-(?:top|right|bottom|left|block|inline)(?:-(?:start|end))?)?$|"
                                r"outline|column-rule|text-decoration|text-emphasis|(?:box|text)-shadow|fill|stroke")
#: How far apart r, g and b may be (of 1) for a colour to count as neutral.
_NEUTRAL = 12 / 255
#: Below these inks a colour prints as paper: a background tint under 3 %
#: does not hold on press; text and rules in a tint under 10 % are reversed
#: out of a dark ground (on white paper they would not show), and a light
#: screen inside thin strokes breaks up, so they are knocked out to the paper.
_HOLDS, _REVERSED = 0.03, 0.1
#: The narrowest rule knocked out of a solid, in points: a reversed rule is
#: cut out of up to four plates, and 0.2 mm out of register between two of
#: them (a sheetfed press's tolerance) eats 0.57 pt of it; at 2 pt, 1.4 pt of
#: white remains, the usual minimum for reversed rules.
REVERSED_RULE = 2.0
_POINTS = {"pt": 1, "px": 0.75, "mm": 72 / 25.4, "cm": 72 / 2.54, "q": 18 / 25.4, "in": 72, "pc": 12}


def in_inks(html: str) -> str:
    """``html`` with every colour of its stylesheets said in CMYK."""
    return _STYLE.sub(lambda m: m.group(1) + sheet_in_inks(m.group(2)) + m.group(3), html)


@lru_cache(maxsize=16)
def sheet_in_inks(css: str) -> str:
    # Every booklet of a build has the same stylesheets: parsed once per process (9 ms each).
    return _rules(tinycss2.parse_stylesheet(css))


def _rules(nodes: list) -> str:
    """The rules serialized with the colours of their declarations in inks:
    selectors, comments and everything else as they were."""
    out = []
    for node in nodes:
        if node.type == "qualified-rule":
            out.append(tinycss2.serialize(node.prelude) + "{" + _declarations(node.content) + "}")
        elif node.type == "at-rule" and node.content is not None and node.lower_at_keyword not in _NO_COLOUR:
            inside = _rules(tinycss2.parse_rule_list(node.content)) if node.lower_at_keyword in _GROUPS else _declarations(node.content)
            out.append("@" + tinycss2.serialize_identifier(node.at_keyword) + tinycss2.serialize(node.prelude) + "{" + inside + "}")
        else:  # a parse error (an invalid rule, which no renderer applies) is dropped
            out.append(node.serialize() if node.type != "error" else "")
    return "".join(out)


def _declarations(content: list) -> str:
    out = []
    for node in tinycss2.parse_blocks_contents(content):
        if node.type == "declaration":
            out.append(_declaration(node) + ";")
        elif node.type != "error":
            out.append(_rules([node]))
    return "".join(out)


def _declaration(declaration: tinycss2.ast.Declaration) -> str:
    name = declaration.lower_name
    keywords = not name.startswith("--") and _COLOUR_PROPERTIES.fullmatch(name) is not None
    value, reversed_ = _value(declaration.value, background=name.startswith("background"), keywords=keywords)
    if reversed_ and name.startswith("border"):
        value = "".join(_widened(token) for token in tinycss2.parse_component_value_list(value))
    return tinycss2.serialize_identifier(declaration.name) + ":" + value + ("!important" if declaration.important else "")


def _value(tokens: list, *, background: bool, keywords: bool) -> tuple[str, bool]:
    """The value with its colours in inks, and whether one of them became paper."""
    out, reversed_ = [], False
    for token in tokens:
        colour = None
        if token.type in ("hash", "function") or (keywords and token.type == "ident"):
            colour = color4.parse_color(token)
        if isinstance(colour, color4.Color) and colour.space in ("srgb", "hsl", "hwb") and colour.alpha > 0:
            ink = _cmyk(colour.to("srgb").coordinates, background=background)
            reversed_ |= ink == PAPER
            out.append(ink if colour.alpha >= 1 else f"{ink[:-1]} / {_ink(colour.alpha)})")
        elif token.type == "function" and not token.lower_name.endswith("gradient"):
            inside, paper = _value(token.arguments, background=background, keywords=keywords)
            reversed_ |= paper
            out.append(tinycss2.serialize_identifier(token.name) + "(" + inside + ")")
        else:  # transparent, currentcolor, device-cmyk(); Lab, LCh, OkLab and XYZ, which a PDF/X-4 keeps
            # device-independent; a gradient's stops, which WeasyPrint 70 can only blend in RGB
            out.append(token.serialize())
    return "".join(out), reversed_


def _widened(token) -> str:
    """A border's width at least ``REVERSED_RULE`` (its colour is paper)."""
    if token.type == "dimension" and token.lower_unit in _POINTS and 0 < token.value * _POINTS[token.lower_unit] < REVERSED_RULE:
        return f"{REVERSED_RULE:g}pt"
    return token.serialize()


def _cmyk(rgb: tuple[float, float, float], *, background: bool) -> str:
    if background and max(rgb) <= 0x30 / 255:
        return RICH_BLACK
    if max(rgb) - min(rgb) <= _NEUTRAL:
        inks = (0.0, 0.0, 0.0, 1 - sum(rgb) / 3)
    else:
        black = 1 - max(rgb)
        inks = (*((1 - c - black) / (1 - black) for c in rgb), black)
    if max(inks) < (_HOLDS if background else _REVERSED):
        return PAPER
    return f"device-cmyk({' '.join(_ink(share) for share in inks)})"


def _ink(share: float) -> str:
    return f"{round(max(0.0, min(1.0, share)), 3):g}"


def add_output_intent(pdf, condition: str = DEFAULT_CONDITION) -> None:
    """Give a PDF/X its output intent (ISO 15930-7 6.2.4): the profile of
    ``condition`` (render/profiles.py) embedded as the destination
    of every DeviceCMYK colour, with the printing condition's registered
    name. A PDF whose stylesheet declared a CMYK profile already has
    WeasyPrint's intent for it, and keeps it."""
    import pydyf

    if "OutputIntents" in pdf.catalog:
        return
    press = CONDITIONS[condition]
    stream = pydyf.Stream([_compressed(press.profile, press.remedy)], pydyf.Dictionary({"N": 4, "Filter": "/FlateDecode"}))
    pdf.add_object(stream)
    pdf.catalog["OutputIntents"] = pydyf.Array([pydyf.Dictionary({
        "Type": "/OutputIntent",
        "S": "/GTS_PDFX",
        "OutputConditionIdentifier": pydyf.String(press.identifier),
        "RegistryName": pydyf.String(press.registry),
        "OutputCondition": pydyf.String(press.condition),
        "Info": pydyf.String(press.condition),
        "DestOutputProfile": stream.reference,
    })])


@lru_cache(maxsize=4)
def _compressed(profile: Path, remedy: str) -> bytes:
    """The profile's bytes, deflated once per process: pydyf deflates a
    stream at level 9, 40 ms for this one, in every press booklet."""
    try:
        data = profile.read_bytes()
    except OSError:
        raise ValueError(
            f"pdf/x-4 needs a CMYK profile for its output intent and {profile} is missing: "
            f"{remedy}, or declare the printer's profile in the stylesheet (@color-profile device-cmyk)"
        ) from None
    if data[16:20] != b"CMYK" or data[36:40] != b"acsp":
        raise ValueError(f"{profile} is not a CMYK ICC profile")
    return zlib.compress(data)
