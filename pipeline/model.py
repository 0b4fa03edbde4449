"""The data that flows between the stages, in one place.

- ``Segment`` and ``Document``: a Markdown source as blocks with kinds, source
  lines and message text (made by ``source.parse_document``);
- ``message_key``: the (msgctxt, msgid) by which a segment finds its translation;
- ``Catalog``: a .po or .pot file as read: its entries, its text (so that a
  finding can point to the line of a ``msgstr``), where it is shown, its language;
- ``Completion``: the one rule for how much of a document readers get translated;
- ``Book`` and ``BookEntry``: a book's contents (its SUMMARY.md) and its
  chapters, each a ``Document`` (made by ``summary.read_book``).

A translated document (an edition) is ``translate.TranslatedDocument``: it
carries rendering methods, so it lives with the stage that makes it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polib
from markdown_it.token import Token

__all__ = ["Book", "BookEntry", "Catalog", "Completion", "Document", "Segment", "message_key"]


@dataclass(frozen=True)
class Segment:
    """One translatable unit: a block's inline text, or a front-matter field."""

    kind: str
    text: str
    line: int
    token: int | None = None  # index of the inline token in Document.tokens
    field: str | None = None  # front-matter key, for front-matter segments
    context: str | None = None  # explicit msgctxt from <!-- i18n: context ... -->
    notes: tuple[str, ...] = ()


@dataclass
class Document:
    """A parsed source: its metadata, markdown-it tokens and translatable segments."""

    name: str
    path: str  # relative to the project, as shown in references
    meta: dict[str, Any]
    tokens: list[Token]
    env: dict[str, Any]
    segments: tuple[Segment, ...]
    skipped: frozenset[int] = field(default_factory=frozenset)  # inline tokens not to translate
    warnings: tuple[str, ...] = ()  # "path:line: warning: ..." found while reading it

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.name)


@dataclass(frozen=True, eq=False)  # compared and hashed as itself: polib catalogues are lists
class Catalog:
    """A catalogue as read: its entries, its text, the path shown in messages, its language."""

    po: polib.POFile
    text: str
    shown: str
    language: str | None = None


@dataclass(frozen=True)
class Completion:
    """How much of a document readers get translated: the one rule behind
    ``status``'s state, the build's draft mark and the percent it prints.

    ``published`` counts the messages shown in the language: translated ones,
    and fuzzy ones too where the project publishes them. Completion is
    measured in the source's words: ten headings translated and the one long
    paragraph not is not 90 % of a text (entries are counted beside)."""

    published: int
    total: int
    published_words: int = 0
    total_words: int = 0

    @classmethod
    def of(
        cls,
        translated: int,
        fuzzy: int,
        total: int,
        *,
        publish_fuzzy: bool,
        translated_words: int = 0,
        fuzzy_words: int = 0,
        total_words: int = 0,
    ) -> Completion:
        return cls(
            translated + (fuzzy if publish_fuzzy else 0),
            total,
            translated_words + (fuzzy_words if publish_fuzzy else 0),
            total_words,
        )

    @property
    def percent(self) -> int:
        """Of the source's words, rounded down: 100 only when every message is
        published (a text of no words counts its messages)."""
        if self.total_words:
            return 100 if self.published == self.total else (100 * self.published_words) // self.total_words
        return self.entry_percent

    @property
    def entry_percent(self) -> int:
        """Of the messages, rounded down: 100 only when every one is published."""
        return 100 if not self.total else (100 * self.published) // self.total

    def below(self, threshold: int) -> bool:
        return self.percent < threshold


@dataclass(frozen=True)
class BookEntry:
    """One line of a book's contents, in reading order."""

    kind: str  # "chapter", "part" (a part title) or "separator"
    title: str = ""
    field: str = ""  # the key of its title among the book's translatable titles (Book.titles)
    chapter: int | None = None  # index in Book.chapters; None for a draft chapter (no file yet)
    number: tuple[int, ...] = ()  # section number of a numbered chapter; () for prefix and suffix chapters
    depth: int = 0  # nesting level in the numbered list


@dataclass(frozen=True)
class Book:
    """A book: the chapters its SUMMARY.md lists, in reading order, under one catalogue."""

    name: str
    path: str  # of SUMMARY.md, as shown in references
    title: str
    entries: tuple[BookEntry, ...]
    chapters: tuple[Document, ...]
    titles: Document  # the book's, parts' and chapters' titles as messages (front-matter-like fields, no body)

    @property
    def documents(self) -> tuple[Document, ...]:
        """What the book's catalogue is extracted from: its titles, then its chapters."""
        return (self.titles, *self.chapters)

    def chapter_of(self, index: int) -> BookEntry:
        return next(entry for entry in self.entries if entry.chapter == index)


def _contexts(document: Document) -> list[str | None]:
    """msgctxt per segment: explicit ones, or the block kind where one text plays several roles."""
    kinds: dict[str, set[str]] = {}
    for segment in document.segments:
        if segment.context is None:
            kinds.setdefault(segment.text, set()).add(segment.kind)
    contexts: list[str | None] = []
    for segment in document.segments:
        if segment.context is not None:
            contexts.append(segment.context)
        elif len(kinds[segment.text]) > 1 and segment.kind != "paragraph":
            contexts.append(segment.kind)
        else:
            contexts.append(None)
    return contexts


def message_key(document: Document) -> list[tuple[str | None, str]]:
    """(msgctxt, msgid) of every segment, in order: how a segment finds its translation."""
    return [(ctx, seg.text) for ctx, seg in zip(_contexts(document), document.segments)]
