"""A translation memory as TMX 1.4b: one <tu> per translated, non-fuzzy entry, the same bytes for the same catalogues.

Each unit has the source text and its translation (``<tuv xml:lang>``), and
as ``<prop>`` the catalogue it comes from (``x-document``) and its msgctxt
(``x-context``). A plural entry gives one unit per form: form 0 pairs the
msgid with msgstr[0], every other form the msgid_plural with its msgstr[N]
(``x-plural-form``). No dates: the memory of the same catalogues is the same file.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import polib

from ._xml import NOT_XML, escape_attribute, escape_text

__all__ = ["MemoryEntry", "memory_entries", "format_tmx"]


@dataclass(frozen=True)
class MemoryEntry:
    language: str
    document: str
    context: str | None
    source: str
    target: str
    plural_form: int | None = None


def memory_entries(po: polib.POFile, *, language: str, document: str) -> Iterator[MemoryEntry]:
    """The translated, non-fuzzy, live entries of one catalogue, in its order."""
    for entry in po:
        if entry.obsolete or "fuzzy" in (flag.strip() for flag in entry.flags):
            continue
        if entry.msgid_plural or entry.msgstr_plural:
            forms = sorted(entry.msgstr_plural.items())
            if forms and all(form for _, form in forms):  # GNU: translated when every form is
                for number, form in forms:
                    source = entry.msgid if number == 0 else entry.msgid_plural
                    yield MemoryEntry(language, document, entry.msgctxt, source, form, number)
        elif entry.msgstr:
            yield MemoryEntry(language, document, entry.msgctxt, entry.msgid, entry.msgstr)


def _tag(language: str) -> str:
    return language.replace("_", "-")  # BCP 47, as xml:lang wants


def format_tmx(entries: Iterable[MemoryEntry], *, source_language: str, tool_version: str) -> tuple[str, list[MemoryEntry]]:
    """The TMX document, and the entries left out: text with a character XML
    cannot carry (TMX, unlike XLIFF, has no way to write one)."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<tmx version="1.4">',
        f'  <header creationtool="booklet" creationtoolversion="{escape_attribute(tool_version)}" segtype="paragraph"'
        f' o-tmf="PO" adminlang="en" srclang="{escape_attribute(_tag(source_language))}" datatype="plaintext"/>',
        "  <body>",
    ]
    left_out = []
    for entry in entries:
        texts = [entry.source, entry.target, entry.document, entry.context or ""]
        if any(NOT_XML.search(text) for text in texts):
            left_out.append(entry)
            continue
        lines.append("    <tu>")
        lines.append(f'      <prop type="x-document">{escape_text(entry.document)}</prop>')
        if entry.context is not None:
            lines.append(f'      <prop type="x-context">{escape_text(entry.context)}</prop>')
        if entry.plural_form is not None:
            lines.append(f'      <prop type="x-plural-form">{entry.plural_form}</prop>')
        lines.append(f'      <tuv xml:lang="{escape_attribute(_tag(source_language))}"><seg>{escape_text(entry.source)}</seg></tuv>')
        lines.append(f'      <tuv xml:lang="{escape_attribute(_tag(entry.language))}"><seg>{escape_text(entry.target)}</seg></tuv>')
        lines.append("    </tu>")
    lines += ["  </body>", "</tmx>"]
    return "\n".join(lines) + "\n", left_out
