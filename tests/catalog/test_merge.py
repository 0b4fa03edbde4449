"""The fuzzy matcher behind update: msgmerge's candidates, order and ties."""
from __future__ import annotations

import random

import polib

from pipeline.catalog.fuzzy import FuzzyIndex, FuzzyIndexes

_LETTERS = random.Random(7)
WORDS = ["".join(_LETTERS.choice("abcdefghijklmnoprstuvz") for _ in range(_LETTERS.randint(3, 9))) for _ in range(3000)]


def _entries(count: int, seed: int = 20) -> list[polib.POEntry]:
    rng = random.Random(seed)  # each word in a few hundred entries, as in a book
    texts = {" ".join(rng.choice(WORDS) for _ in range(rng.randint(15, 40))) + f" {n}." for n in range(count)}
    return [polib.POEntry(msgid=text, msgstr=f"[{text}]") for text in sorted(texts)]


def test_an_edited_message_finds_its_original() -> None:
    entries = _entries(3_000)
    index = FuzzyIndex(entries)
    rng = random.Random(1)
    for original in rng.sample(entries, 20):
        words = original.msgid.split()
        words[len(words) // 2] = "edited"
        assert index.best(" ".join(words)) is original


def test_nothing_similar_enough_is_no_match() -> None:
    index = FuzzyIndex(_entries(500))
    assert index.best("Ein völlig anderer Satz, der mit keinem gemein ist.") is None


def test_untranslated_messages_are_no_candidates() -> None:
    untranslated = polib.POEntry(msgid="Open the file", msgstr="")
    plural = polib.POEntry(msgid="Open the files", msgid_plural="x", msgstr_plural={0: "", 1: "B"})
    assert FuzzyIndex([untranslated, plural]).best("Open the file!") is None


def test_the_same_context_wins_a_tie_and_another_context_needs_more_than_the_threshold() -> None:
    other = polib.POEntry(msgid="abcdefgh", msgstr="X", msgctxt="menu")
    same = polib.POEntry(msgid="abcdefgh", msgstr="Y")
    assert FuzzyIndex([other, same]).best("abcdefgh!") is same
    # 6 of 10 bytes in common: exactly 0.6, which only the context bonus lifts above the threshold.
    assert FuzzyIndex([polib.POEntry(msgid="cannot", msgstr="T")]).best("Strasse cannot") is not None
    assert FuzzyIndex([polib.POEntry(msgid="cannot", msgstr="T", msgctxt="c")]).best("Strasse cannot") is None


def test_bytes_are_compared_in_the_catalogues_charset() -> None:
    entry = polib.POEntry(msgid="фффф abcdef", msgstr="T")
    assert FuzzyIndex([entry]).best("abcdef") is None  # 12 of 21 UTF-8 bytes
    assert FuzzyIndex([entry], encoding="koi8-r").best("abcdef") is entry  # 12 of 17


def test_a_msgid_shorter_than_a_4_gram_is_compared_by_length() -> None:
    entries = [polib.POEntry(msgid="abcdefgh", msgstr="long"), polib.POEntry(msgid="ab", msgstr="short")]
    assert FuzzyIndex(entries).best("abc") is entries[1]


def test_the_fast_path_chooses_as_weighing_every_candidate_does() -> None:
    """rapidfuzz's pass (seeded by a message's start and end, given only the
    messages of a length that can come near) against msgmerge's rule applied
    to every candidate, on edited, shuffled, shortened, lengthened and new
    paragraphs."""
    entries = _entries(800, seed=3)
    index = FuzzyIndex(entries)
    rng = random.Random(5)
    queries = []
    for original in rng.sample(entries, 40):
        words = original.msgid.split()
        words[rng.randrange(len(words))] = rng.choice(WORDS)
        queries.append(" ".join(words))
        queries.append(" ".join(rng.sample(words, len(words))))
        # Shorter and longer by a third or a half: near the lengths that can still reach the threshold.
        queries.append(" ".join(words[: len(words) * 2 // 3]))
        queries.append(" ".join(words + rng.sample(WORDS, len(words) // 2)))
    queries += [" ".join(rng.choice(WORDS) for _ in range(30)) for _ in range(20)]
    for query in queries:
        wanted = query.encode()
        slow, _ = index._weighed(None, wanted, index._candidates(query, len(wanted)))
        assert index.best(query) is (None if slow is None else index._entries[slow]), query


def test_another_languages_catalogue_of_the_same_messages_finds_the_same_message_its_own() -> None:
    german = _entries(300, seed=8)
    french = [polib.POEntry(msgid=e.msgid, msgstr=f"fr {e.msgstr}") for e in german]
    query = german[7].msgid.replace(" ", "  ", 1)
    indexes = FuzzyIndexes()  # one update's
    first = indexes.of(german)
    assert first.best(query) is german[7]
    second = indexes.of(french)
    assert second.best(query) is french[7]
    assert second._found is first._found  # the look-up was not made again
    french[7].msgstr = ""  # now another set of candidates: an index of its own
    third = indexes.of(french)
    assert third._found is not first._found and third.best(query) is not french[7]
    assert indexes.of(german, encoding="koi8-r")._found is not first._found
    assert FuzzyIndexes().of(german)._found is not first._found  # another update's


def test_a_languages_second_document_leaves_the_first_documents_index_to_the_next_language() -> None:
    # update merges every document of one language before the next language's.
    german_one, german_two = _entries(200, seed=9), _entries(200, seed=10)
    french_one = [polib.POEntry(msgid=e.msgid, msgstr=f"fr {e.msgstr}") for e in german_one]
    query = german_one[3].msgid.replace(" ", "  ", 1)
    indexes = FuzzyIndexes()
    first = indexes.of(german_one)
    assert first.best(query) is german_one[3]
    assert indexes.of(german_two)._found is not first._found
    third = indexes.of(french_one)
    assert third._found is first._found  # the look-up was not made again
    assert third.best(query) is french_one[3]

