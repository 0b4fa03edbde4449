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
- any other colour by the naive conversion (no ICC profile is shipped: a
  printer who asks for one names it in the stylesheet, README "Print
  production").

Only the ``<style>`` elements of the HTML are touched: a translation never
reaches them, and a colour written in one is text.
"""
from __future__ import annotations

import re

__all__ = ["RICH_BLACK", "in_inks"]

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
