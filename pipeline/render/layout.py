"""The booklet reads its own layout, and settles it within a print shop's limits.

Why by hand: WeasyPrint lays a paragraph out line by line, and CSS has no
property for what a book designer checks on the whole page: how many
hyphenated lines follow one another (``hyphenate-limit-lines`` is not
implemented), a word split across a page turn, and a last page holding a
runt of one to four lines. So the rendered document is read back here, line
by line, and rendered again with the smallest change that removes what a
designer would reject:

- a word split at the foot of a page, or as the third hyphenated line in a
  row, is kept whole (its breaks removed from the patterns pyphen reads);
- a runt is pushed or pulled by word spacing on the text, within
  ``SPACINGS`` (a few hundredths of an em, which no reader sees).

What cannot be settled is reported with its page and the paragraph's first
words. Orphans and widows (a paragraph's single line alone on a page) are
CSS's job: ``orphans: 2; widows: 2`` in booklet.css; they are read back and
reported here all the same.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

__all__ = ["Line", "Layout", "read_layout", "settle", "MIN_PAGE_LINES", "MAX_HYPHEN_RUN", "MAX_HYPHEN_SHARE"]

MIN_PAGE_LINES = 5  # a page of text with fewer lines is a runt
MAX_HYPHEN_RUN = 2  # hyphenated lines in a row
MAX_HYPHEN_SHARE = 0.15  # of a booklet's text lines
#: The word spacing tried on the text to settle a runt, the smallest first:
#: tighter to pull a runt of one or two lines back, looser to push more
#: lines onto a runt of three or four, then the other way.
SPACINGS = ("0.03em", "0.06em", "-0.03em", "-0.06em")
_HYPHENS = ("\u2010", "-", "\u00ad")
_WORD_END = re.compile(r"[\w\u00ad]+[\u2010\u00ad-]?$")  # a compound's last part: pyphen sees words between hyphens
_WORD_START = re.compile(r"^[\w\u00ad]+")


@dataclass(frozen=True)
class Line:
    """One line of the text (inside the booklet's ``main``), as laid out."""

    page: int  # 1-based
    text: str
    block: object  # the element of the paragraph it belongs to
    hyphenated: bool  # ends with a word broken by hyphenation

    @property
    def ends_with_hyphen(self) -> bool:
        """Broken by hyphenation or after a compound's own hyphen
        ("Nagorno-"): a reader sees a hyphen at the end of the line either way."""
        return self.hyphenated or bool(re.search(r"\w-$", self.text.rstrip()))

    @property
    def paragraph(self) -> str:
        """The first words of its paragraph, to name it in a report."""
        words = " ".join("".join(self.block.itertext()).split()) if self.block is not None else self.text
        return words[:40] + ("…" if len(words) > 40 else "")


@dataclass
class Layout:
    """A rendered booklet's text, line by line, and what a designer would reject."""

    lines: list[Line]
    pages: int
    runts: list[tuple[int, int]] = field(default_factory=list)  # (page, lines): a text's last page under MIN_PAGE_LINES
    split_at_page_end: list[int] = field(default_factory=list)  # index of a hyphenated last line of a page
    long_runs: list[int] = field(default_factory=list)  # index of a line beyond MAX_HYPHEN_RUN in a row
    lone_lines: list[tuple[int, str]] = field(default_factory=list)  # (page, paragraph) of an orphan or a widow

    def over_share(self) -> list[int]:
        """Hyphenated lines to keep whole so that at most MAX_HYPHEN_SHARE
        of the lines end hyphenated: the second of two in a row first."""
        hyphenated = [i for i, line in enumerate(self.lines) if line.hyphenated]  # what keeping a word whole can undo
        excess = sum(line.ends_with_hyphen for line in self.lines) - int(MAX_HYPHEN_SHARE * len(self.lines))
        if excess <= 0:
            return []
        paired = [i for i in hyphenated if i - 1 in hyphenated]
        return (paired + [i for i in hyphenated if i not in paired])[:excess]

    @property
    def hyphen_share(self) -> float:
        return sum(line.ends_with_hyphen for line in self.lines) / len(self.lines) if self.lines else 0.0

    def word_at(self, index: int) -> str:
        """The whole word broken at the end of line ``index``."""
        head = _WORD_END.search(self.lines[index].text.rstrip())
        tail = _WORD_START.search(self.lines[index + 1].text.lstrip()) if index + 1 < len(self.lines) else None
        start = head.group().rstrip("".join(_HYPHENS)) if head else ""
        return start + (tail.group() if tail else "")

    def findings(self) -> list[str]:
        """What is left, one sentence each, with the page and the paragraph."""
        found = [f"page {page}: only {count} line(s) of text (fewer than {MIN_PAGE_LINES})" for page, count in self.runts]
        found += [
            f"page {self.lines[i].page}: '{self.word_at(i)}' is split across the page turn ({self.lines[i].paragraph})"
            for i in self.split_at_page_end
        ]
        found += [
            f"page {self.lines[i].page}: more than {MAX_HYPHEN_RUN} hyphenated lines in a row ({self.lines[i].paragraph})"
            for i in self.long_runs
        ]
        found += [f"page {page}: a paragraph leaves a single line on the page ({paragraph})" for page, paragraph in self.lone_lines]
        if self.hyphen_share > MAX_HYPHEN_SHARE:
            found.append(f"{self.hyphen_share:.0%} of the text's lines end hyphenated (at most {MAX_HYPHEN_SHARE:.0%})")
        return found


def _lines_of(page_box: object, page: int) -> list[Line]:
    from weasyprint.formatting_structure import boxes

    found: list[Line] = []

    def walk(box: object, inside: bool, block: object) -> None:
        element = getattr(box, "element", None)
        if isinstance(box, boxes.LineBox):
            if inside:
                text = "".join(_texts(box))
                if text.strip():
                    found.append(Line(page, text, block, text.rstrip().endswith("\u2010")))
            return
        tag = getattr(box, "element_tag", None)
        inside = inside or (tag == "main" and isinstance(box, boxes.BlockBox))
        if isinstance(box, boxes.BlockBox) and element is not None:
            block = element
        for child in getattr(box, "children", None) or []:
            walk(child, inside, block)

    walk(page_box, False, None)
    return found


def _texts(box: object):
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        yield box.text
    for child in getattr(box, "children", None) or []:
        yield from _texts(child)


def read_layout(document: object) -> Layout:
    """The text's lines of a rendered WeasyPrint document, and their faults."""
    lines: list[Line] = []
    for number, page in enumerate(document.pages, 1):
        lines += _lines_of(page._page_box, number)
    layout = Layout(lines, len(document.pages))
    per_page: dict[int, list[int]] = {}
    for index, line in enumerate(lines):
        per_page.setdefault(line.page, []).append(index)
    for page, indexes in per_page.items():
        # a short page that ends text begun on the page before (a text shorter than a page is no runt)
        if len(indexes) < MIN_PAGE_LINES and page - 1 in per_page:
            layout.runts.append((page, len(indexes)))
        last = indexes[-1]
        if lines[last].hyphenated and last + 1 < len(lines):
            layout.split_at_page_end.append(last)
        first = indexes[0]
        # a paragraph's single line at the head of a page (a widow) or at its foot (an orphan)
        if first > 0 and lines[first - 1].block is lines[first].block and (
            first + 1 >= len(lines) or lines[first + 1].block is not lines[first].block or lines[first + 1].page != page
        ):
            layout.lone_lines.append((page, lines[first].paragraph))
        if last + 1 < len(lines) and lines[last + 1].block is lines[last].block and (
            last == 0 or lines[last - 1].block is not lines[last].block
        ):
            layout.lone_lines.append((page, lines[last].paragraph))
    run: list[int] = []
    for index, line in enumerate(lines):
        run = [*run, index] if line.ends_with_hyphen else []
        if len(run) > MAX_HYPHEN_RUN:
            # the word kept whole: the run's last broken by hyphenation (a compound's own hyphen stays)
            breakable = [i for i in run if lines[i].hyphenated]
            layout.long_runs.append(breakable[-1] if breakable else index)
            run = []
    return layout


_UNSET = object()


def _keep_whole(words: set[str], saved: dict[tuple[int, str], object]) -> None:
    """Remove every break of ``words`` from the patterns pyphen has loaded
    (it looks a word's breaks up in its cache before its patterns), saving
    what was there in ``saved``."""
    import pyphen

    for patterns in list(pyphen.hdcache.values()):
        for word in words:
            key = word.lower()
            saved.setdefault((id(patterns.cache), key), (patterns.cache, patterns.cache.get(key, _UNSET)))
            patterns.cache[key] = []


def _restore(saved: dict[tuple[int, str], object]) -> None:
    """The patterns as they were: the next booklet this process renders must
    not inherit this one's words (the same input gives the same bytes in any worker)."""
    for (_, key), (cache, value) in saved.items():
        if value is _UNSET:
            cache.pop(key, None)
        else:
            cache[key] = value


def settle(render: Callable[[dict[str, str]], object], *, attempts: int = 5) -> tuple[object, list[str]]:
    """Render, read the layout back, and render again with words kept whole
    and the text's word spacing (``render``'s argument: CSS declarations for
    the booklet's ``main``) until nothing is left to settle or ``attempts``
    renders are spent; the document kept, and what is left of its faults."""
    kept: set[str] = set()
    saved: dict[tuple[int, str], object] = {}
    try:
        document = render({})
        layout = read_layout(document)
        spacings = list(SPACINGS)
        if layout.runts and min(count for _, count in layout.runts) <= 2:
            spacings = [s for s in SPACINGS if s.startswith("-")] + [s for s in SPACINGS if not s.startswith("-")]
        style: dict[str, str] = {}
        for _ in range(attempts):
            words = {layout.word_at(i) for i in layout.split_at_page_end + layout.long_runs + layout.over_share()} - kept
            words.discard("")
            runts = bool(layout.runts)
            if not words and not (runts and spacings):
                break
            kept |= words
            _keep_whole(words, saved)
            tried = dict(style)
            if runts and spacings and not words:
                tried = {"word-spacing": spacings.pop(0)}
            candidate = render(tried)
            candidate_layout = read_layout(candidate)
            if _worse(candidate_layout, layout):
                continue  # that spacing made it no better: the next is tried instead
            document, layout, style = candidate, candidate_layout, tried
        return document, layout.findings()
    finally:
        _restore(saved)


def _worse(candidate: Layout, current: Layout) -> bool:
    def faults(layout: Layout) -> tuple[int, int]:
        return (len(layout.runts) + len(layout.lone_lines), len(layout.split_at_page_end) + len(layout.long_runs))

    return faults(candidate) > faults(current)
