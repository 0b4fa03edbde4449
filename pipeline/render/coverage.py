"""The glyph check: a booklet is not rendered with a character no font can draw (it would print as a box)."""
from __future__ import annotations

from html.parser import HTMLParser
from typing import TYPE_CHECKING

from ..errors import RenderError
from . import fonts

if TYPE_CHECKING:
    from ..inputs import Catalogs
    from ..translate import TranslatedDocument

__all__ = ["check_coverage"]


class _TextOf(HTMLParser):
    """The characters a reader will see, for the glyph-coverage check."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        for name, value in attrs:
            if name in ("alt", "title", "content") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def check_coverage(html: str, edition: TranslatedDocument, catalogs: Catalogs | None) -> None:
    """Every character a reader will see has a glyph in the configured fonts;
    the first that has none is an error at the catalogue line (or source
    line) it comes from."""
    parser = _TextOf()
    parser.feed(html)
    missing = fonts.missing_glyphs("".join(parser.parts))
    if not missing:
        return
    char = missing[0]
    where, line = edition.document.path, None
    for segment in edition.document.segments:
        if char in segment.text:
            line = segment.line
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
