"""Facts about languages as readers see them: names, direction, script, capitalisation.

CLDR (through Babel) gives every language a name in every other language, but
those names are data, not always the form a reader expects on a label: CLDR
names Azerbaijani «azərbaycan» in Azerbaijani, which on its own reads as the
country. So each name a reader sees is a message of the templates domain
(context ``language name``, msgid the language code), and CLDR's name is only
the default for a catalogue that does not translate it.
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

import polib
from babel import Locale
from babel.core import get_global

from .tags import base

if TYPE_CHECKING:
    from .config import Project

__all__ = [
    "NAME_CONTEXT",
    "base",
    "capitalize",
    "cldr_name",
    "display_name",
    "language_info",
    "name_entries",
    "name_in_text",
    "own_names",
]

#: The msgctxt of the language names in the templates domain.
NAME_CONTEXT = "language name"

#: Languages whose "i" capitalises to "İ" (U+0130): the language-sensitive
#: mappings of Unicode's SpecialCasing.txt. str.upper() applies only the
#: language-neutral ones, so it writes "Ingilis" for Azerbaijani "ingilis".
_DOTTED_I = frozenset({"tr", "az"})


class Strings(Protocol):
    def pgettext(self, context: str, message: str) -> str: ...


def capitalize(text: str, language: str) -> str:
    """``text`` with its first letter in upper case as ``language`` writes it."""
    if not text:
        return text
    first = text[0]
    if first == "i" and base(language) in _DOTTED_I:
        return "\u0130" + text[1:]
    return first.upper() + text[1:]


def in_running_text(name: str, code: str, reader: str) -> str:
    """A language's name as a phrase in the reader's running text (after a
    label's colon): lower case where CLDR writes the name so (ru «английский»,
    az «ingilis dili»), as a label capitalises it otherwise."""
    raw = Locale.parse(code).get_display_name(reader) or code
    if not name or not raw[:1].islower():
        return name
    # İ is one letter whose lower case is i: Python's lower() would add a combining dot
    first = "i" if name[0] == "\u0130" else name[0].lower()
    return first + name[1:]


@lru_cache(maxsize=None)
def cldr_name(code: str, reader: str) -> str:
    """CLDR's name of language ``code`` in the ``reader``'s language, capitalised as a label."""
    return capitalize(Locale.parse(code).get_display_name(reader) or code, reader)


def display_name(code: str, reader: str, strings: Strings | None = None) -> str:
    """The name of language ``code`` for a reader of ``reader``: the reader's
    templates catalogue translates it, else CLDR names it."""
    if strings is not None:
        translated = strings.pgettext(NAME_CONTEXT, code)
        if translated != code:
            return translated
    return cldr_name(code, reader)


def name_in_text(code: str, reader: str, strings: Strings | None = None) -> str:
    """The name of language ``code`` inside a sentence a reader of ``reader``
    reads (the imprint's "Original language", the fallback label): as the
    reader's templates catalogue or CLDR names it, in running-text case."""
    return in_running_text(display_name(code, reader, strings), code, reader)


def own_names(project: Project) -> dict[str, str]:
    """Each language's name in its own language, as its templates catalogue
    says it (CLDR's when it does not, or when the catalogue cannot be read:
    ``check`` reports that file, a name is no reason to stop a build)."""
    from .catalog.pofile import read_po
    from .config import TEMPLATES_DOMAIN
    from .errors import CatalogError

    names = {}
    for code in project.all_languages:
        names[code] = cldr_name(code, code)
        path = project.po_path(code, TEMPLATES_DOMAIN)
        if code == project.source_language or not path.is_file():
            continue
        try:
            po = read_po(path, project.relative(path), language=code)
        except CatalogError:
            continue
        entry = po.find(code, msgctxt=NAME_CONTEXT)
        if entry is not None and entry.msgstr and "fuzzy" not in entry.flags and not entry.obsolete:
            names[code] = entry.msgstr
    return names


def name_entries(project: Project) -> list[polib.POEntry]:
    """The templates domain's messages for the names of the project's languages."""
    return [
        polib.POEntry(
            msgctxt=NAME_CONTEXT,
            msgid=code,
            msgstr="",
            comment=(
                f"The name of the language {code} ({cldr_name(code, 'en')}) for readers of this catalogue:"
                " language switcher, index, colophon. Untranslated: CLDR's name."
            ),
            occurrences=[("pyproject.toml", "")],
        )
        for code in project.all_languages
    ]


def language_info(code: str, name: str | None = None) -> dict[str, object]:
    """Babel's facts about a language: its own name (``name``, else CLDR's), direction and script."""
    locale = Locale.parse(code)
    likely = get_global("likely_subtags").get(code, "")
    parts = str(likely).split("_")
    script = next((p for p in parts[1:] if len(p) == 4), None)
    return {
        "code": code,
        "tag": code.replace("_", "-"),
        "name": name or cldr_name(code, code),
        "english_name": locale.get_display_name("en") or code,
        "rtl": locale.character_order == "right-to-left",
        "dir": "rtl" if locale.character_order == "right-to-left" else "ltr",
        "script": script,
    }
