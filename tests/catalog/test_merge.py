"""The fuzzy matcher behind update: bounded look-ups that still find an edited message."""
from __future__ import annotations

import random

import polib

from pipeline.catalog import merge as merge_module
from pipeline.catalog.merge import FuzzyIndex

_LETTERS = random.Random(7)
WORDS = ["".join(_LETTERS.choice("abcdefghijklmnoprstuvz") for _ in range(_LETTERS.randint(3, 9))) for _ in range(3000)]


def _entries(count: int, seed: int = 20) -> list[polib.POEntry]:
    rng = random.Random(seed)  # each word in a few hundred entries, as in a book
    texts = {" ".join(rng.choice(WORDS) for _ in range(rng.randint(15, 40))) + f" {n}." for n in range(count)}
    return [polib.POEntry(msgid=text, msgstr=f"[{text}]") for text in sorted(texts)]


class _Counted(list):
    read = 0

    def __iter__(self):
        _Counted.read += len(self)
        return super().__iter__()


def test_a_look_up_reads_a_bounded_number_of_postings_and_finds_the_edited_message() -> None:
    entries = _entries(30_000)
    index = FuzzyIndex(entries)
    index._postings = {gram: _Counted(postings) for gram, postings in index._postings.items()}
    rng = random.Random(1)
    for original in rng.sample(entries, 20):
        words = original.msgid.split()
        words[len(words) // 2] = "edited"
        _Counted.read = 0
        assert index.best(" ".join(words)) is original
        assert _Counted.read <= merge_module._BUDGET


def test_nothing_similar_enough_is_no_match() -> None:
    index = FuzzyIndex(_entries(500))
    assert index.best("Ein völlig anderer Satz, der mit keinem gemein ist.") is None
