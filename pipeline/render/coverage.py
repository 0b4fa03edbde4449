"""The glyph check: a booklet is not rendered with a character no configured font can draw (it would print as a box)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from ..errors import RenderError
from . import fonts

if TYPE_CHECKING:
    from ..inputs import Catalogs
    from ..source import Document
    from ..translate import BookEdition, TranslatedDocument

__all__ = ["check_coverage", "generated_characters"]

#: What the booklet draws for a bulleted list by depth: a disc, then (in
#: booklet.css) a dash and a middle dot for every deeper level, which the
#: shipped faces have; WeasyPrint's own circle and square they do not.
_MARKERS = ("\u2022", "\u2013", "\u00b7")
_MARKER_NAMES = ("the bullet of a list", "the bullet of a list inside a list", "the bullet of a list two levels deep")
#: Page numbers, the contents' page references and numbered lists.
_DIGITS = "0123456789"
#: The hyphen WeasyPrint adds where it breaks a word at a line's end
#: (``hyphenate-character: auto``), and the contents' leader dots.
_GENERATED = {"\u2010": "the hyphen of a word broken at a line's end", ".": "the contents' leader dots"}


def generated_characters(edition: TranslatedDocument | BookEdition) -> dict[str, tuple[str, str, int | None]]:
    """What the renderer draws that no text holds: list bullets (by the
    depth of the edition's lists), digits, the hyphenation hyphen, leader
    dots; character -> (what draws it, file, line where it comes from)."""
    found: dict[str, tuple[str, str, int | None]] = {}
    for part in _parts(edition):
        document = part.document
        for char, name in _GENERATED.items():
            found.setdefault(char, (name, document.path, None))
        for char in _DIGITS:
            found.setdefault(char, ("page numbers and list numbers", document.path, None))
        depth = 0  # of lists, bulleted or numbered, around the next one
        for token in part.tokens:
            if token.type in ("bullet_list_open", "ordered_list_open"):
                if token.type == "bullet_list_open":
                    level = min(depth, len(_MARKERS) - 1)
                    line = _line(part, token)
                    found.setdefault(_MARKERS[level], (_MARKER_NAMES[level], document.path, line))
                depth += 1
            elif token.type in ("bullet_list_close", "ordered_list_close"):
                depth -= 1
    return found


def check_coverage(
    characters: set[str],
    edition: TranslatedDocument | BookEdition,
    catalogs: Catalogs | None,
    templates: tuple[tuple[str, Path], ...] = (),
    *,
    settings: fonts.FontSettings = (),
) -> None:
    """Every character a reader will see in the booklet (``characters``: the
    edition's, collected from its tokens, and those of the strings around
    it; and what the renderer draws itself, ``generated_characters``) has a
    glyph in the configured fonts (``settings``: [tool.booklet.fonts]); the
    first that has none is an error at the published catalogue entry, the
    source line or the template it comes from, naming the setting to change."""
    generated = generated_characters(edition)
    missing = fonts.missing_glyphs("".join(sorted(characters | set(generated))), settings)
    if not missing:
        return
    char = missing[0]
    if char in characters:
        where, line = _origin(char, edition, catalogs, templates)
        # not in a text: in what the booklet says around it (a language's name, a date)
        what = "" if line is not None or where != edition.document.path else " (in the booklet's own words)"
    else:
        name, where, line = generated[char]
        what = f" ({name})"
    more = ", ".join(f"U+{ord(c):04X} {c!r}" for c in missing[1:6]) + (", ..." if len(missing) > 6 else "")
    absent = fonts.missing_packages()  # default faces (CJK, emoji, symbols...) this machine lacks
    raise RenderError(
        f"{edition.language}: no configured font has a glyph for U+{ord(char):04X} {char!r}{what}"
        + (f" (and {len(missing) - 1} more: {more})" if len(missing) > 1 else ""),
        path=where,
        line=line,
        hint=(f"install the default faces of {', '.join(absent)} (make booklets does, as root), or " if absent else "")
        + f"add a font that has it to [tool.booklet.fonts] in pyproject.toml ({edition.language} = [...], or"
        " fallback = [...] for every language: a family of an installed fontpkg package, or a file below"
        " templates/fonts/)"
        + (", or give such lists another list-style-type in the template's stylesheet" if char in _MARKERS else "")
        + (", or use another character" if char in characters else ""),
    )


def _parts(edition: TranslatedDocument | BookEdition) -> Iterator[TranslatedDocument]:
    """A document's edition, or a book's titles and each of its chapters."""
    chapters = getattr(edition, "chapters", None)
    if chapters is None:
        yield edition  # type: ignore[misc]
        return
    yield edition.titles  # type: ignore[union-attr]
    yield from chapters


def _line(part: TranslatedDocument, token: object) -> int | None:
    """A body token's line in the source file. Why by hand: a token's map
    counts from the body's first line; a segment of the same document knows
    its line in the file, front matter included, hence the offset."""
    start = getattr(token, "map", None)
    for segment in part.document.segments:
        mapped = part.document.tokens[segment.token].map if segment.token is not None else None
        if start and mapped:
            return start[0] + (segment.line - mapped[0])
    return None


def _origin(
    char: str,
    edition: TranslatedDocument | BookEdition,
    catalogs: Catalogs | None,
    templates: tuple[tuple[str, Path], ...],
) -> tuple[str, int | None]:
    """Where a reader's ``char`` comes from: the msgstr of a catalogue entry
    this edition publishes (never a fuzzy or unused one, which the reader
    does not see), else a source line shown untranslated, else a template."""
    from ..catalog.pofile import keyword_line

    states = edition.states
    if catalogs is not None:
        for domain, catalog in catalogs.by_domain.items():
            lines = catalog.text.split("\n")
            for entry in catalog.po:
                if entry.obsolete or char not in entry.msgstr:
                    continue
                published = states.get((entry.msgctxt, entry.msgid)) == "translated" if domain != "templates" else (
                    "fuzzy" not in entry.flags
                )
                if published:
                    return catalog.shown, keyword_line(lines, entry, "msgstr")
    for part in _parts(edition):
        for segment in part.document.segments:
            if char in segment.text:
                return part.document.path, segment.line
    for shown, file in templates:
        if char in file.read_text(encoding="utf-8"):
            return shown, None
    return edition.document.path, None
