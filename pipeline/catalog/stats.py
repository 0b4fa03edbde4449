"""Counting a catalogue the way ``msgfmt --statistics`` does, plus words and completion."""
from __future__ import annotations

from dataclasses import asdict, dataclass

import polib

from ..model import Completion
from .reader import first_form

__all__ = ["Completion", "Statistics", "count_words", "statistics"]


@dataclass(frozen=True)
class Statistics:
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int
    source_words: int
    translated_words: int
    fuzzy_words: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        """Translated share of the entries, rounded down to one decimal (100.0 only when complete)."""
        if not self.total:
            return 100.0
        return int(1000 * self.translated / self.total) / 10

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "total": self.total, "percent": self.percent}


def count_words(text: str) -> int:
    """The words of a text: runs between spaces with a letter or a digit in them."""
    return sum(1 for word in text.split() if any(ch.isalnum() for ch in word))


def statistics(po: polib.POFile) -> Statistics:
    translated = fuzzy = untranslated = obsolete = words = done_words = fuzzy_words = 0
    for entry in po:
        if entry.obsolete:
            obsolete += 1
            continue
        if entry.msgid == "" and not entry.msgctxt:
            continue  # the header
        count = count_words(entry.msgid)
        words += count
        if not first_form(entry):
            untranslated += 1
        elif "fuzzy" in entry.flags:
            fuzzy += 1
            fuzzy_words += count
        else:
            translated += 1
            done_words += count
    return Statistics(translated, fuzzy, untranslated, obsolete, words, done_words, fuzzy_words)
