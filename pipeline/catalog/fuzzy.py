"""Finding the old translation closest to a new message, as msgmerge does.

msgmerge's rule (gettext's msgl-fsearch.c, observed and tested against the
installed msgmerge): the candidates are the old messages whose msgstr (or
msgstr[0]) is not empty and that share a 4-gram of characters with the new
msgid (a msgid under 4 characters is compared with every candidate of a
byte length that could reach the threshold); they are tried by decreasing
number of shared 4-grams, then file order; the similarity is fstrcmp of the
msgids' bytes, 1 - (insertions + deletions) / (length + length), plus a small
bonus for a candidate of the same context or of none; the first candidate
strictly above the best so far (at first the threshold, 0.6) wins.
"""
from __future__ import annotations

import copy
import math
from bisect import bisect_left, bisect_right
from collections import defaultdict

import polib
from rapidfuzz import process
from rapidfuzz.distance import Indel

from .reader import first_form

__all__ = ["FuzzyIndex", "FuzzyIndexes", "FUZZY_THRESHOLD"]

FUZZY_THRESHOLD = 0.6
_BONUS = 0.00001  # msgmerge's advantage for the same context, or none
_GRAM = 4
#: A msgid of fewer characters than a gram is compared by byte length: at
#: most 3 characters of at most 4 bytes, and what can reach the threshold.
_SHORT_BYTES = (_GRAM - 1) * 4
_SHORT_MAX = int(_SHORT_BYTES * (2 / FUZZY_THRESHOLD - 1))
#: Below any weight that could tie with or beat the best similarity found:
#: the bonus, and a margin for rapidfuzz's rounding.
_TIE_MARGIN = 2 * _BONUS + 1e-9
_END = 24  # bytes of a message's start and end that find its edited versions


class FuzzyIndex:
    """The old translated messages, indexed by their 4-grams.

    ``encoding`` is the catalogue's own: msgmerge compares the bytes of the
    charset it read, and a character takes more bytes in UTF-8 than in
    ISO-8859-1 or EUC-JP."""

    def __init__(self, entries: list[polib.POEntry], *, encoding: str = "utf-8") -> None:
        self._entries = _translated(entries)
        self._encoding = encoding
        self._found: dict[tuple[str, str | None], int | None] = {}  # the look-ups made: (msgid, msgctxt) -> message
        self._bytes = [entry.msgid.encode(encoding) for entry in self._entries]
        self._grams: dict[str, list[int]] | None = None  # made when first needed: most look-ups never do
        # A message edited in one place keeps its start or its end: the
        # messages that share either are tried first, so that rapidfuzz's
        # cutoff starts high and most comparisons stop at once.
        self._ends: dict[bytes, list[int]] = defaultdict(list)
        for number, data in enumerate(self._bytes):
            if len(data) >= 2 * _END:
                self._ends[b"<" + data[:_END]].append(number)
                self._ends[b">" + data[-_END:]].append(number)
        self._short: dict[int, list[int]] = defaultdict(list)
        for number, size in enumerate(map(len, self._bytes)):
            if size <= _SHORT_MAX:
                self._short[size].append(number)
        # By length: a message too much shorter or longer than the new one
        # cannot reach a similarity, and rapidfuzz is given only the others.
        self._order = sorted(range(len(self._bytes)), key=lambda n: len(self._bytes[n]))
        self._lengths = [len(self._bytes[n]) for n in self._order]
        self._sorted = [self._bytes[n] for n in self._order]

    def _postings(self) -> dict[str, list[int]]:
        """Each 4-gram of characters -> the messages that have it, in file order."""
        if self._grams is None:
            self._grams = defaultdict(list)
            for number, entry in enumerate(self._entries):
                text = entry.msgid
                for gram in {text[i : i + _GRAM] for i in range(len(text) - _GRAM + 1)}:
                    self._grams[gram].append(number)
        return self._grams

    def _candidates(self, msgid: str, size: int) -> list[int]:
        if len(msgid) >= _GRAM:
            shared: dict[int, int] = defaultdict(int)
            postings = self._postings()
            for i in range(len(msgid) - _GRAM + 1):  # a repeated 4-gram counts each time
                for number in postings.get(msgid[i : i + _GRAM], ()):
                    shared[number] += 1
            return sorted(shared, key=lambda n: (-shared[n], n))
        low = math.ceil(size / (2 / FUZZY_THRESHOLD - 1))
        high = int(size * (2 / FUZZY_THRESHOLD - 1))
        return [n for length in range(low, high + 1) for n in self._short.get(length, ())]

    def best(self, msgid: str, msgctxt: str | None = None) -> polib.POEntry | None:
        """The old message msgmerge would offer for (msgctxt, msgid), or None."""
        key = (msgid, msgctxt)
        if key not in self._found:
            self._found[key] = self._best(msgid, msgctxt)
        number = self._found[key]
        return None if number is None else self._entries[number]

    def _best(self, msgid: str, msgctxt: str | None) -> int | None:
        """``best``'s message, by its number.

        rapidfuzz finds the best similarity over every translated message
        whose length can reach the cutoff, in C, raising its cutoff as it
        goes; only the few messages that come near it are then weighed by msgmerge's rule (candidates, bonus, ties)
        in Python. Should none of those be a candidate (it shares no 4-gram:
        rare), every candidate is weighed, as msgmerge does."""
        wanted = msgid.encode(self._encoding, errors="replace")
        if len(msgid) < _GRAM or not self._bytes:
            return self._weighed(msgctxt, wanted, self._candidates(msgid, len(wanted)))[0]
        cutoff = FUZZY_THRESHOLD - _TIE_MARGIN
        if len(wanted) >= 2 * _END:
            likely = self._ends.get(b"<" + wanted[:_END], []) + self._ends.get(b">" + wanted[-_END:], [])
            if likely:
                guess = process.extractOne(wanted, [self._bytes[n] for n in likely], scorer=Indel.normalized_similarity)
                cutoff = max(cutoff, guess[1] - _TIE_MARGIN)
        if cutoff > FUZZY_THRESHOLD - _TIE_MARGIN:  # one pass finds the best and those near it
            near = self._near(wanted, cutoff)
            top = max(score for score, _ in near)
            near = [found for found in near if found[0] >= top - _TIE_MARGIN]
        else:
            found = self._near(wanted, cutoff, one=True)
            if not found:
                return None
            top = found[0][0]
            near = self._near(wanted, max(0.0, top - _TIE_MARGIN))
        grams = [msgid[i : i + _GRAM] for i in range(len(msgid) - _GRAM + 1)]
        ranked = []
        for _, number in near:
            theirs = self._entries[number].msgid
            shared = sum(map(theirs.__contains__, grams))
            if shared:
                ranked.append((-shared, number))
        best, weight = self._weighed(msgctxt, wanted, [number for _, number in sorted(ranked)])
        # What was left out weighs less than top - _BONUS: a weaker choice may be beaten by it.
        if best is None or weight < top - _BONUS:
            best, _ = self._weighed(msgctxt, wanted, self._candidates(msgid, len(wanted)))
        return best

    def _near(self, wanted: bytes, cutoff: float, *, one: bool = False) -> list[tuple[float, int]]:
        """(similarity, message) of the messages at least ``cutoff`` similar
        to ``wanted`` (``one``: the most similar only), by rapidfuzz, given
        only the messages whose length lets them reach it: the similarity is
        at most 2 * shorter / (the two lengths)."""
        size, least = len(wanted), max(cutoff - 1e-9, 1e-9)
        low = bisect_left(self._lengths, math.floor(size * least / (2 - least)))
        high = bisect_right(self._lengths, math.ceil(size * (2 - least) / least))
        choices = self._sorted[low:high]
        if one:
            found = process.extractOne(wanted, choices, scorer=Indel.normalized_similarity, score_cutoff=cutoff)
            return [] if found is None else [(found[1], self._order[low + found[2]])]
        return [(score, self._order[low + index]) for _, score, index in process.extract(
            wanted, choices, scorer=Indel.normalized_similarity, score_cutoff=cutoff, limit=None)]

    def _weighed(self, msgctxt: str | None, wanted: bytes, candidates: list[int]) -> tuple[int | None, float]:
        """msgmerge's choice among candidates in its order: the first of the
        best weight above the threshold (its number), and that weight."""
        size = len(wanted)
        best, best_weight = None, FUZZY_THRESHOLD
        for number in candidates:
            entry = self._entries[number]
            bonus = _BONUS if entry.msgctxt is None or entry.msgctxt == msgctxt else 0.0
            other = self._bytes[number]
            total = size + len(other)
            # Skip what cannot beat the best: fstrcmp is at most 2 * shorter / total.
            if total == 0 or 2 * min(size, len(other)) / total + bonus <= best_weight:
                continue
            limit = int((1 - (best_weight - bonus)) * total) + 1
            distance = Indel.distance(wanted, other, score_cutoff=limit)
            weight = (total - distance) / total + bonus
            if weight > best_weight:
                best, best_weight = number, weight
        return best, best_weight


#: What an index's look-ups depend on (``_key``).
_Key = tuple[str, tuple[tuple[str | None, str], ...]]


class FuzzyIndexes:
    """The indexes of one run of merges (one ``update``): a worker merges one
    document after another of one language, then the next language's, and a
    book's catalogues mostly hold the same translated messages. Kept by the
    run and dropped with it, so that no catalogue's messages outlive it (in
    ``serve``, say)."""

    def __init__(self) -> None:
        self._made: dict[_Key, FuzzyIndex] = {}

    def of(self, entries: list[polib.POEntry], *, encoding: str = "utf-8") -> FuzzyIndex:
        """``FuzzyIndex(entries)``; when an index of this run was made of
        messages of the same texts and contexts (another language's catalogue
        of the same document, as complete), its look-ups are not made again,
        and what it finds is the same message of ``entries``."""
        translated = _translated(entries)
        key = _key(translated, encoding)
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = FuzzyIndex(translated, encoding=encoding)
            return made
        index = copy.copy(made)  # sharing what it found and its tables
        index._entries = translated
        return index


def _translated(entries: list[polib.POEntry]) -> list[polib.POEntry]:
    """The candidates: messages whose msgstr (or msgstr[0]) is not empty."""
    return [entry for entry in entries if first_form(entry)]


def _key(entries: list[polib.POEntry], encoding: str) -> _Key:
    """What an index's look-ups depend on: the charset, and its messages' contexts and texts, in order."""
    return encoding, tuple((entry.msgctxt, entry.msgid) for entry in entries)
