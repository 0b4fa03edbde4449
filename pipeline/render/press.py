"""Which booklets are press files, and what a press file is made from besides its fonts and images.

A leaf module: the build cache's keys need these before anything renders,
and a no-op build must not import WeasyPrint's side (render.pdf) or
tinycss2 (render.inks) to learn them.
"""
from __future__ import annotations

from pathlib import Path

from .profiles import CONDITIONS, DEFAULT_CONDITION

__all__ = ["PRESS_VARIANT", "makes_press_files", "press_files"]

#: The press variant: CMYK (render.inks), with a PDF/X output intent. The
#: imposed twin of every booklet is one, whatever the booklet's own variant.
PRESS_VARIANT = "pdf/x-4"


def makes_press_files(variant: str, imposed: bool) -> bool:
    """Whether a booklet of ``variant`` makes a press file, which names the
    project's printing condition and embeds its profile: a press booklet,
    and imposed sheets (always a press file)."""
    return imposed or variant == PRESS_VARIANT


def press_files(condition: str = DEFAULT_CONDITION) -> list[Path]:
    """The files besides its fonts and images that a press file (a press
    booklet, any imposed sheets) is made from, for the build's cache keys:
    the profile of its ``condition``, which a Debian update (or ``make``,
    with another ArgyllCMS) may change in place, and which it embeds."""
    profile = CONDITIONS[condition].profile
    return [profile] if profile.is_file() else []
