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
- any other colour by the naive conversion.

Those inks are meant for one printing condition, which the PDF/X names in
its output intent (``add_output_intent``): SWOP on coated stock, through
Ghostscript's CMYK profile, unless the stylesheet declares the printer's own
(``@color-profile device-cmyk``, README "Print production").

Only the ``<style>`` elements of the HTML are touched: a translation never
reaches them, and a colour written in one is text.
"""
from __future__ import annotations

import re
import zlib
from functools import lru_cache
from pathlib import Path

__all__ = ["PRESS_CONDITION", "PRESS_PROFILE", "RICH_BLACK", "add_output_intent", "in_inks", "press_files"]

#: The CMYK destination profile of a press booklet whose stylesheet names
#: none: Ghostscript's "Artifex CMYK SWOP Profile" (Debian's libgs-common,
#: AGPL-3+, installed by the Makefile as the fonts are). Why this one: PDF/X-4
#: needs a CMYK profile embedded, and of Debian main's packages only
#: Ghostscript's ship one (colord-data and icc-profiles-free have RGB and grey
#: profiles alone; Adobe's FOGRA and SWOP profiles, icc-profiles, are in
#: non-free; the ECI's, FOGRA39 and FOGRA51, are in no Debian package).
PRESS_PROFILE = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")
#: The characterised condition the profile stands for, by its name in the
#: ICC's registry: SWOP, coated stock (CGATS TR 001).
PRESS_CONDITION = ("CGATS TR 001", "http://www.color.org", "SWOP, coated stock (CGATS TR 001), Ghostscript's approximation")

RICH_BLACK = "device-cmyk(0.4 0.3 0.3 1)"
_STYLE = re.compile(r"(<style\b[^>]*>)(.*?)(</style>)", re.S | re.I)
_DECLARATION = re.compile(r"([-\w]+)(\s*:\s*)([^;{}]*)")
_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b|rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)")
#: How far apart r, g and b may be (of 255) for a colour to count as neutral.
_NEUTRAL = 12


def in_inks(html: str) -> str:
    """``html`` with every colour of its stylesheets said in CMYK."""
    return _STYLE.sub(lambda m: m.group(1) + _DECLARATION.sub(_declaration, m.group(2)) + m.group(3), html)


def _declaration(match: re.Match[str]) -> str:
    name, colon, value = match.groups()
    background = name.startswith("background")
    return name + colon + _COLOUR.sub(lambda colour: _cmyk(_rgb(colour), background=background), value)


def _rgb(match: re.Match[str]) -> tuple[int, int, int]:
    if match.group(1) is not None:
        return int(match.group(1)), int(match.group(2)), int(match.group(3))
    digits = match.group(0)[1:]
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _cmyk(rgb: tuple[int, int, int], *, background: bool) -> str:
    red, green, blue = rgb
    if background and max(rgb) <= 0x30:
        return RICH_BLACK
    if max(rgb) - min(rgb) <= _NEUTRAL:
        return f"device-cmyk(0 0 0 {_ink(1 - sum(rgb) / 3 / 255)})"
    black = 1 - max(rgb) / 255
    cyan, magenta, yellow = ((1 - c / 255 - black) / (1 - black) for c in rgb)
    return f"device-cmyk({_ink(cyan)} {_ink(magenta)} {_ink(yellow)} {_ink(black)})"


def _ink(share: float) -> str:
    return f"{round(max(0.0, min(1.0, share)), 3):g}"


def press_files(variant: str) -> list[Path]:
    """The files besides its fonts and images that a booklet of ``variant`` is
    made from, for the build's cache keys: the press profile, which a Debian
    update may change in place, is embedded in every press booklet."""
    return [PRESS_PROFILE] if variant == "pdf/x-4" and PRESS_PROFILE.is_file() else []


def add_output_intent(pdf, profile: Path = PRESS_PROFILE) -> None:
    """Give a PDF/X its output intent (ISO 15930-7 6.2.4): ``profile``
    embedded as the destination of every DeviceCMYK colour, with the printing
    condition's registered name. A PDF whose stylesheet declared a CMYK
    profile already has WeasyPrint's intent for it, and keeps it."""
    import pydyf

    if "OutputIntents" in pdf.catalog:
        return
    stream = pydyf.Stream([_compressed(profile)], pydyf.Dictionary({"N": 4, "Filter": "/FlateDecode"}))
    pdf.add_object(stream)
    identifier, registry, condition = PRESS_CONDITION
    pdf.catalog["OutputIntents"] = pydyf.Array([pydyf.Dictionary({
        "Type": "/OutputIntent",
        "S": "/GTS_PDFX",
        "OutputConditionIdentifier": pydyf.String(identifier),
        "RegistryName": pydyf.String(registry),
        "OutputCondition": pydyf.String(condition),
        "Info": pydyf.String(condition),
        "DestOutputProfile": stream.reference,
    })])


@lru_cache(maxsize=4)
def _compressed(profile: Path) -> bytes:
    """The profile's bytes, deflated once per process: pydyf deflates a
    stream at level 9, 40 ms for this one, in every press booklet."""
    try:
        data = profile.read_bytes()
    except OSError:
        raise ValueError(
            f"pdf/x-4 needs a CMYK profile for its output intent and {profile} is missing: "
            "install Debian's libgs-common (make booklets does), or declare the printer's "
            "profile in the stylesheet (@color-profile device-cmyk)"
        ) from None
    if data[16:20] != b"CMYK" or data[36:40] != b"acsp":
        raise ValueError(f"{profile} is not a CMYK ICC profile")
    return zlib.compress(data)
