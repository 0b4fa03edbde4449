"""The glyph check: a booklet is not rendered with a character no font can draw (it would print as a box)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import RenderError
from . import fonts

if TYPE_CHECKING:
    from ..inputs import Catalogs
    from ..translate import TranslatedDocument

__all__ = ["check_coverage"]


def check_coverage(
    characters: set[str],
    edition: TranslatedDocument,
    catalogs: Catalogs | None,
    templates: tuple[tuple[str, Path], ...] = (),
) -> None:
    """Every character a reader will see (``characters``: the edition's,
    collected from its tokens, and those of the strings around it) has a
    glyph in the configured fonts; the first that has none is an error at
    the catalogue line, source line or template it comes from."""
    missing = fonts.missing_glyphs("".join(sorted(characters)))
    if not missing:
        return
    char = missing[0]
    where, line = edition.document.path, None
    for segment in edition.document.segments:
        if char in segment.text:
            line = segment.line
            break
    else:
        for shown, file in templates:
            if char in file.read_text(encoding="utf-8"):
                where = shown
                break
    if catalogs is not None:
        for catalog in catalogs.by_domain.values():
            hit = next((e for e in catalog.po if not e.obsolete and char in e.msgstr), None)
            if hit is not None:
                where, line = catalog.shown, hit.linenum
                break
    raise RenderError(
        f"{edition.language}: no configured font has a glyph for U+{ord(char):04X} {char!r}"
        + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""),
        path=where,
        line=line,
        hint="use another character or add a font that covers it",
    )
