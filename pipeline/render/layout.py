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

Each render has its justified paragraphs' lines chosen together first
(render.linebreak: total fit, the hyphenation limits as costs), and chosen
once more when they leave a word split at a page's foot or a runt (no
hyphen on the lines that end a page; a line more or fewer where that costs
least; a page that ends whole lines above its text area's foot while the
text runs on, a short page, a line more before it from a paragraph that
stays even); what is left here is what only the page shows. What cannot be settled is reported
with its page and the paragraph's first words. Orphans and widows (a paragraph's single line alone on a page) are
CSS's job: ``orphans: 2; widows: 2`` in booklet.css; they are read back and
reported here all the same.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from .hyphenation import MIN_LAST_PART

__all__ = ["Line", "Layout", "read_layout", "settle", "settle_with_twin", "MIN_PAGE_LINES", "MAX_HYPHEN_RUN", "MAX_HYPHEN_SHARE"]

MIN_PAGE_LINES = 5  # a page of text with fewer lines is a runt
MAX_HYPHEN_RUN = 2  # hyphenated lines in a row
MAX_HYPHEN_SHARE = 0.15  # of a booklet's text lines
#: The most a change may add to a word space in any line (em), unless the
#: line was that loose already: with a normal space of about 0.26 em, a gap
#: of 0.86 em is a loose line, and a word split across a page turn (or the
#: hyphenation share) is not worth a looser one.
MAX_ADDED_SPACE = 0.6
#: Pages beyond which a booklet is settled with one render more at most.
LONG_DOCUMENT_PAGES = 24
#: The word spacing tried on the text to settle a runt, the smallest first:
#: tighter to pull a runt of one or two lines back, looser to push more
#: lines onto a runt of three or four, then the other way.
SPACINGS = ("0.03em", "0.06em", "-0.03em", "-0.06em")
#: The CSS custom property on the booklet's ``main`` that sinks the text's
#: opening by a number of lines (booklet.css: the padding above a single
#: document's title). A runt that no paragraph can give back (or one of
#: three or four lines) is made up by the opening set lower, before any
#: paragraph is set a line longer: a paragraph lengthened is a loose line
#: a reader sees (the German booklet's page 7 took three, at 0.43 to 0.46
#: em between words), where a title a few lines lower on the first page of
#: the text is a designer's sink, in a booklet read on its own.
SINK = "--sink"
#: The text's word spacing when no other is tried: not 0, so that a line is
#: measured as it is drawn. WeasyPrint 70 lays a line out with no attribute
#: on its spaces when the word spacing is 0, but draws a justified line with
#: one on each, and Pango shapes an attributed space apart from the letters
#: around it: a face's kerning across a space then narrows the line as laid
#: out and not as drawn. Amiri kerns a final teh marbuta, a space and a kaf
#: together to 0.8 of the space's 4.9 px (12.5pt), so a justified line of
#: "كلمة كلمة …" took sixteen spaces 4 px too narrow and ran 49pt past the
#: measure, into the margin and off the page. A thousandth of a pixel per
#: space, which nobody sees, puts the attribute on every space, laid out and drawn.
BASE_STYLE = {"word-spacing": "0.001px"}
_HYPHENS = ("\u2010", "-", "\u00ad")
#: A break a box forces before or after it (CSS Fragmentation): a page that
#: ends there (a chapter's end) is not short, however much room it leaves.
_FORCED = frozenset({"page", "left", "right", "recto", "verso"})
_WORD_END = re.compile(r"[\w\u00ad]+[\u2010\u00ad-]?$")  # a compound's last part: pyphen sees words between hyphens
_WORD_START = re.compile(r"^[\w\u00ad]+")


@dataclass(frozen=True)
class Line:
    """One line of the text (inside the booklet's ``main``), as laid out."""

    page: int  # 1-based
    text: str
    block: object  # the element of the paragraph it belongs to
    hyphenated: bool  # ends with a word broken by hyphenation
    spacing: float = 0.0  # what justification added to each word space, in em
    foot: float = 0.0  # where its line box ends on the page (px from the page's top)
    height: float = 0.0  # its line box's height (px): the text's line pitch, for a line of the text

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
    split_at_paragraph_end: list[int] = field(default_factory=list)  # index of a line whose word's rest ends the paragraph alone
    lone_lines: list[tuple[int, str]] = field(default_factory=list)  # (page, paragraph) of an orphan or a widow
    short_pages: list[tuple[int, int]] = field(default_factory=list)  # (index of a page's last line, whole lines below it)
    # whether the text opens a single document, whose opening a sink may lower: not a book's (booklet.html.j2
    # marks its main "book"), whose chapters open alike and which the stylesheet never sinks
    sinks: bool = True

    @property
    def loosest(self) -> float:
        """The most justification added to a word space in any line (em), the last line of a paragraph aside."""
        return max((line.spacing for line in self.lines), default=0.0)

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
        found += [
            f"page {self.lines[i].page}: ends {count} line(s) above the foot of its text area, more text following"
            f" ({self.lines[i].paragraph})"
            for i, count in self.short_pages
        ]
        found += [
            f"page {self.lines[i].page}: '{self.word_at(i)}' is broken before its paragraph's last line ({self.lines[i].paragraph})"
            for i in self.split_at_paragraph_end
        ]
        if self.hyphen_share > MAX_HYPHEN_SHARE:
            found.append(f"{self.hyphen_share:.1%} of the text's lines end hyphenated (at most {MAX_HYPHEN_SHARE:.0%})")
        return found


def _lines_of(page_box: object, page: int) -> list[Line]:
    from weasyprint.formatting_structure import boxes

    found: list[Line] = []

    def walk(box: object, inside: bool, block: object) -> None:
        element = getattr(box, "element", None)
        if isinstance(box, boxes.LineBox):
            # a list item's marker is laid out as a line of its own, beside the item's first
            if inside and not (getattr(box, "element_tag", "") or "").endswith("::marker"):
                text = "".join(_texts(box))
                if text.strip():
                    hyphenated = text.rstrip().endswith("\u2010")
                    found.append(Line(page, text, block, hyphenated, _spacing(box), box.position_y + box.height, box.height))
            return
        tag = getattr(box, "element_tag", None)
        inside = inside or (tag == "main" and isinstance(box, boxes.BlockBox))
        if isinstance(box, boxes.BlockBox) and element is not None:
            block = element
        for child in getattr(box, "children", None) or []:
            walk(child, inside, block)

    walk(page_box, False, None)
    return found


def _spacing(line: object) -> float:
    """The space justification added to each word space of a line, in em of
    its text (below 0 where word spacing is set tighter than it adds)."""
    from weasyprint.formatting_structure import boxes

    widest = None
    stack = [line]
    while stack:
        box = stack.pop()
        if isinstance(box, boxes.TextBox) and box.style["font_size"]:
            # with the text's own word-spacing, which settle may set below 0
            added = (getattr(box, "justification_spacing", 0) or 0) + (box.style["word_spacing"] or 0)
            widest = added / box.style["font_size"] if widest is None else max(widest, added / box.style["font_size"])
        stack.extend(getattr(box, "children", None) or [])
    return widest or 0.0


def _texts(box: object):
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        yield box.text
    for child in getattr(box, "children", None) or []:
        yield from _texts(child)


def _text_blocks(page_box: object, *, last: bool) -> list[object]:
    """The block boxes from the page's root down to its first (``last``:
    last) line of text inside ``main``; none where the page has none."""
    from weasyprint.formatting_structure import boxes

    def walk(box: object, chain: list[object]) -> list[object] | None:
        if isinstance(box, boxes.LineBox):
            inside = any(getattr(block, "element_tag", None) == "main" for block in chain)
            return chain if inside and "".join(_texts(box)).strip() else None
        if isinstance(box, boxes.BlockBox):
            chain = [*chain, box]
        children = getattr(box, "children", None) or []
        for child in reversed(children) if last else children:
            if (found := walk(child, chain)) is not None:
                return found
        return None

    return walk(page_box, []) or []


def _forced_break(before: object, after: object) -> bool:
    """Whether the text of page box ``after`` starts after a break the
    stylesheet forces (a chapter's start: another named page, or a block's
    break-before or break-after), not where ``before`` ran out of room. A
    block starts (ends) on a page where its element is not in the text's
    blocks of the page before (after)."""
    if before.page_type.name != after.page_type.name:
        return True
    ending, starting = _text_blocks(before, last=True), _text_blocks(after, last=False)
    ended, started = {id(box.element) for box in ending}, {id(box.element) for box in starting}
    return any(box.style["break_before"] in _FORCED for box in starting if id(box.element) not in ended) or any(
        box.style["break_after"] in _FORCED for box in ending if id(box.element) not in started
    )


def read_layout(document: object) -> Layout:
    """The text's lines of a rendered WeasyPrint document, and their faults."""
    lines: list[Line] = []
    for number, page in enumerate(document.pages, 1):
        lines += _lines_of(page._page_box, number)
    layout = Layout(lines, len(document.pages), sinks=not _is_book(document))
    # the text's line pitch: its commonest line (a heading's may take two)
    pitch = Counter(round(line.height, 3) for line in lines).most_common(1)[0][0] if lines else 0.0
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
        # a page whose text runs on to the next with whole lines of room left below its last line: the
        # space after a paragraph (Arabic's 1rlh) or a paragraph's first two lines (orphans) did not fit
        if pitch and last + 1 < len(lines) and lines[last + 1].page == page + 1:
            box, after = document.pages[page - 1]._page_box, document.pages[page]._page_box
            room = box.content_box_y() + box.height - lines[last].foot
            if room + 1e-3 >= pitch and not _forced_break(box, after):
                layout.short_pages.append((last, int((room + 1e-3) / pitch)))
    # a hyphenated word whose short second half is all its paragraph's last line ("имуще-" / "ства.")
    for index, line in enumerate(lines[:-1]):
        after = lines[index + 1]
        last = index + 2 >= len(lines) or lines[index + 2].block is not after.block
        if line.hyphenated and last and after.block is line.block and _stub(after.text):
            layout.split_at_paragraph_end.append(index)
    run: list[int] = []
    for index, line in enumerate(lines):
        run = [*run, index] if line.ends_with_hyphen else []
        if len(run) > MAX_HYPHEN_RUN:
            # the word kept whole: the run's last broken by hyphenation (a compound's own hyphen stays)
            breakable = [i for i in run if lines[i].hyphenated]
            layout.long_runs.append(breakable[-1] if breakable else index)
            run = []
    return layout


def _is_book(document: object) -> bool:
    """Whether the document's ``main`` is a book's (its class names it)."""
    for page in document.pages:
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            if getattr(box, "element_tag", None) == "main":
                return "book" in (box.element.get("class") or "").split()
            stack.extend(getattr(box, "children", None) or [])
    return False


def _stub(text: str) -> bool:
    """Whether a paragraph's last line, the rest of a word hyphenated on the
    line before, is too short to stand alone (MIN_LAST_PART)."""
    return len(text.split()) <= 1 and sum(char.isalpha() for char in text) < MIN_LAST_PART


_UNSET = object()


def _keep_whole(words: set[str], saved: dict[tuple[int, str], object]) -> None:
    """Remove every break of ``words`` from the patterns pyphen has loaded
    (it looks a word's breaks up in its cache before its patterns), saving
    what was there in ``saved``."""
    import pyphen

    from .hyphenation import cache_key

    for patterns in list(pyphen.hdcache.values()):
        for word in words:
            key = cache_key(word)
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


def settle(render: Callable[[dict[str, str]], object], *, renders: int = 6, breaker: bool = True) -> tuple[object, list[str]]:
    """Render, read the layout back, and render again with words kept whole
    and the text's word spacing (``render``'s argument: CSS declarations for
    the booklet's ``main``), at most ``renders`` times in all; the document
    kept, and what is left of its faults.

    A step keeps words whole: those a page's foot, a run of hyphens or a
    paragraph's last line ask for, with those the hyphenation share asks for
    (the first time), then without them. If that leaves a runt, word spacing
    settles it in the same step. A step is kept only if it is no worse:
    no more short pages, runts or lone lines, no more words split where they should not
    be, and no line looser than MAX_ADDED_SPACE (or the loosest
    there was). What the limits and the spacing cannot both have is reported.

    With ``breaker``, each of these renders has its paragraphs' lines chosen
    by render.linebreak (``_with_chosen_lines``)."""
    document, _, findings = _settle(render, None, renders=renders, breaker=breaker)
    return document, findings


def settle_with_twin(
    render: Callable[[dict[str, str]], object],
    twin: Callable[[dict[str, str]], object],
    *,
    renders: int = 6,
    breaker: bool = True,
) -> tuple[object, object | None, list[str]]:
    """``settle``, and the kept layout laid out once more by ``twin`` (a
    render with other stylesheets: the press sheets' colours), with the
    same lines and no planning: the tree holds the kept document's breaks,
    pyphen its words kept whole, and ``twin`` gets its word spacing. The
    twin is None if its pages do not read as the kept document's, line for
    line (its stylesheets changed more than colours)."""
    return _settle(render, twin, renders=renders, breaker=breaker)


def _settle(
    render: Callable[[dict[str, str]], object], twin: Callable[[dict[str, str]], object] | None, *, renders: int, breaker: bool
) -> tuple[object, object | None, list[str]]:
    kept: set[str] = set()
    saved: dict[tuple[int, str], object] = {}
    finish: Callable[[object], None] = lambda document: None
    reinstate: Callable[[object], dict[str, str]] = lambda document: {}
    if breaker:
        render, finish, reinstate = _with_chosen_lines(render)
    try:
        document = render(BASE_STYLE)
        layout = read_layout(document)
        # A long book is rendered again once at most: every render costs its
        # whole length (a 12-chapter book took 2.2 x the bare loop with six);
        # with the breaker, its first render was that second one already.
        budget = [(renders if layout.pages <= LONG_DOCUMENT_PAGES else 1 if breaker else 2) - 1]
        style: dict[str, str] = BASE_STYLE
        refused: set[frozenset[str]] = set()

        def attempt(words: set[str], base: dict[str, str]) -> tuple[object, Layout, dict[str, str], dict] | None:
            """``words`` kept whole on top of what is kept: the best layout
            found within the budget, or None (and the words given back)."""
            undo: dict[tuple[int, str], object] = {}
            _keep_whole(words, undo)
            # pull a runt of one or two lines back first, push more onto a longer one
            pull = bool(layout.runts) and min(count for _, count in layout.runts) <= 2
            spacings = sorted(SPACINGS, key=lambda s: (s.startswith("-") != pull, abs(float(s[:-2]))))
            # not the style laid out already (``base``, tried first with words kept whole): it gives what it gave
            tries = ([base] if words else []) + [spaced for s in spacings if (spaced := {"word-spacing": s}) != base]
            best = None
            for candidate_style in tries:
                if budget[0] <= 0:
                    break
                candidate_document = render(candidate_style)
                budget[0] -= 1
                candidate = read_layout(candidate_document)
                if not _worse(candidate, layout) and (words or len(candidate.runts) < len(layout.runts)):
                    best = (candidate_document, candidate, candidate_style, undo)
                    break
                if not candidate.runts:
                    break  # spacing is for runts: it would not mend this
            if best is None:
                _restore(undo)
            return best

        if layout.runts:
            found = attempt(set(), BASE_STYLE)
            if found is not None:
                document, layout, style, _ = found
        shared = False
        while budget[0] > 0:
            needed = _words(layout, layout.split_at_page_end + layout.long_runs + layout.split_at_paragraph_end) - kept
            wanted = set() if shared or breaker else _words(layout, layout.over_share()) - kept - needed
            shared = True
            steps = [words for words in (needed | wanted, needed) if words and frozenset(words) not in refused]
            if not steps:
                break
            for words in steps:
                found = attempt(words, style)
                if found is not None:
                    document, layout, style, undo = found
                    for key, value in undo.items():
                        saved.setdefault(key, value)
                    kept |= words
                    break
                refused.add(frozenset(words))
            else:
                break
        finish(document)
        again = None
        if twin is not None:
            # the words kept whole are the kept document's here: those of later attempts were given back
            again = twin({**style, **reinstate(document)})
            finish(again)
            if _page_texts(again) != _page_texts(document):
                again = None
        return document, again, layout.findings()
    finally:
        _restore(saved)
        if breaker:
            from . import linebreak

            linebreak.forget()


def _page_texts(document: object) -> list[str]:
    """Every page's text, in the order it is laid out."""
    return ["".join(_texts(page._page_box)) for page in document.pages]


def _with_chosen_lines(
    render: Callable[[dict[str, str]], object],
) -> tuple[Callable[[dict[str, str]], object], Callable[[object], None], Callable[[object], None]]:
    """``render``, with the justified paragraphs' breaks chosen by
    render.linebreak on what it laid out, and rendered again with them; a
    paragraph whose lines did not come out as chosen gets its text back,
    in one render more, and is left to WeasyPrint from then on.

    After the first render, a render starts from the breaks chosen the time
    before: in the last document laid out when the style is the same (only
    words kept whole changed), else in a new one, which is the result when
    they are still the best (a runt's word spacing rarely moves them).
    With it, what gives the document kept its word spaces back for the
    text layer (linebreak.plain_spaces), and what writes a document's
    breaks back into the tree (for a twin of it: ``settle_with_twin``)."""
    import weakref

    from . import linebreak

    current: list[linebreak.Plan] = []
    # the lines the plan laid out last asked for, and for which page: asked for again when the text is planned
    # anew (a word kept whole), where the breaker's best breaks would leave the runt they made up once more
    held = [(0, 0, False)]
    last: list[tuple[dict[str, str], object]] = []  # the style and document of the last render
    refused: set[int] = set()
    texts: dict[int, str] = {}  # each paragraph's own text, whatever breaks were chosen
    # The paragraphs whose breaks are in the tree now, and those each document was laid out with
    # (a plan's list: Plan.restore of some paragraphs makes it a new one).
    applied: list[list] = [[]]
    laid_with: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    # the text's opening sunk by lines (``SINK``), once that mended a runt: in every render after it
    sunk: dict[str, str] = {}
    sink_tried = [False]
    sunk_with: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def render_once(style: dict[str, str]) -> object:
        document = render({**style, **sunk})
        laid_with[document], sunk_with[document] = applied[0], dict(sunk)
        last[:] = [(dict(style), document)]
        return document

    def reinstate(document: object) -> dict[str, str]:
        wanted = laid_with[document]
        if wanted is not applied[0]:
            linebreak.Plan(list(applied[0])).restore()
            linebreak.Plan(list(wanted)).reapply()
            applied[0] = wanted
        return sunk_with[document]

    def sink(lines: int, style: dict[str, str], document: object, layout: Layout) -> tuple[object, Layout] | None:
        """The text set ``lines`` lower on its opening page, laid out with
        the breaks ``document`` has, if that mends its runt and is no worse;
        else None, and ``document`` the last laid out again. Tried once per
        booklet: once more with the lines still lacking (a paragraph's first
        two lines kept together at a page's foot take one back), and a line
        deeper where the sink that mends leaves a hyphen on a page's last
        line: the breaker would break that paragraph again around the page's
        end, where a line deeper moves the end (the German booklet's English
        passage, sunk three lines, set "incompetent / leadership of
        Azerbaijan, … in Baku." at 0.40 em above a line tracked tight, on
        its last page; sunk four, its lines as the English booklet has them).
        None at once for a book (``Layout.sinks``) or once tried."""
        if sink_tried[0] or not layout.sinks:
            return None
        sink_tried[0] = True
        kept: tuple[object, Layout, int] | None = None
        for _ in range(3):
            sunk[SINK] = str(lines)
            trial = render_once(style)
            found = read_layout(trial)
            if len(found.runts) < len(layout.runts) and not _worse(found, layout):
                if kept is not None and len(found.split_at_page_end) >= len(kept[1].split_at_page_end):
                    break
                kept = (trial, found, lines)
                if not found.split_at_page_end:
                    break
                lines += 1
                continue
            runts = dict(found.runts)
            if kept is not None or layout.runts[0][0] not in runts or runts[layout.runts[0][0]] <= layout.runts[0][1]:
                break  # the runt moved elsewhere, or the sink did not reach it (a template without one)
            lines += MIN_PAGE_LINES - runts[layout.runts[0][0]]
        if kept is not None:
            sunk[SINK] = str(kept[2])
            last[:] = [(dict(style), kept[0])]
            return kept[:2]
        del sunk[SINK]
        last[:] = [(dict(style), document)]
        return None

    def render_chosen(style: dict[str, str]) -> object:
        before = current.pop() if current else None
        fresh = not (before is not None and last and last[0][0] == style)
        document = render_once(style) if fresh else last[0][1]
        # once more, if the chosen lines moved a page's end onto a hyphen or left a runt: the
        # breaker avoids a hyphen on the lines that end a page, as the layout it reads has them,
        # and sets the text a few lines longer or shorter (twice, for a runt a page before took
        # the line up, not for a page end: a long book nearly always has one); each kept if it
        # is no worse
        first: tuple[object, Layout] | None = None
        asked = (0, 0, False)  # the lines asked for the last time, for which page, and whether for a short one
        laid: Layout | None = None  # the layout of ``document``, once read
        for attempt in range(3):
            again = attempt > 0
            layout = laid if laid is not None else read_layout(document)
            # but not a page's end once lines were made up (or taken away) for a runt: planned from
            # its best breaks, the text loses them and the runt is back, a fault that outweighs a split
            # word (the render thrown away), unless the words kept whole since moved it as many lines
            wanted = _lines_wanted(layout)  # for a runt or a short page
            if not wanted[0] and (attempt == 2 or again and (not layout.split_at_page_end or asked[0])):
                break
            lines = [(line.block, line.ends_with_hyphen) for line in layout.lines]
            if again and wanted[0] > 0 and layout.runts and before is not None:
                # a runt of three or four lines: the opening sunk by the lines it lacks, before any paragraph is set looser
                if (found := sink(wanted[0], style, document, layout)) is not None:
                    document, laid = first = found
                    asked = (0, 0, False)  # no lines asked of the breaker: a page's end it leaves may be planned
                    continue
            more = wanted[0] if again else held[0][0]
            page, short = (wanted[1:] if again else held[0][1:]) if more else (0, False)
            if page and page == asked[1] and more * asked[0] > 0:
                more += asked[0]  # the breaker counts from its best breaks, not from those laid out
            asked = (more, page, short)
            plan = linebreak.plan(document, lines, after=before, refused=refused, more=more, page=page, even=short)
            if more < 0 and before is not None and layout.runts and plan.same(before):
                # no paragraph can give a line back: the runt is made up to MIN_PAGE_LINES instead, with
                # lines from the paragraphs where one more costs least, not by spacing out the whole text
                plan.restore()
                before.reapply()
                more = MIN_PAGE_LINES - layout.runts[0][1]
                if (found := sink(more, style, document, layout)) is not None:  # laid out with ``before``, still current
                    document, laid = first = found
                    asked = (0, 0, False)  # no lines asked of the breaker: a page's end it leaves may be planned
                    continue
                asked = (more, page, False)
                plan = linebreak.plan(document, lines, after=before, refused=refused, more=more, page=page)
            current[:] = [plan]
            applied[0] = plan.paragraphs
            texts.update((id(paragraph.element), paragraph.text) for paragraph in plan.paragraphs)
            if not plan.paragraphs or (
                (fresh or again) and before is not None and plan.same(before) and not plan.verify(document)
            ):
                break
            document = render_once(style)
            wrong = plan.verify(document)
            laid = None if wrong else read_layout(document)
            if again and (wrong or _worse(laid, first[1])):
                plan.restore()  # the first breaks, as they were laid out
                before.reapply()
                current[:] = [before]
                applied[0] = before.paragraphs
                last[:] = [(dict(style), first[0])]
                return first[0]
            if wrong:
                refused.update(id(paragraph.element) for paragraph in wrong)
                plan.restore(wrong)
                applied[0] = plan.paragraphs
                document = render_once(style)
                break
            before, first = plan, (document, laid)
            held[0] = asked
        return document

    return render_chosen, lambda document: linebreak.plain_spaces(document, texts), reinstate


def _lines_wanted(layout: Layout) -> tuple[int, int, bool]:
    """Lines to add to the text (to take away, below 0) before a page, the
    page, and whether it is a short one: for its first runt, a runt of one
    or two lines pulled back, a longer one made up to MIN_PAGE_LINES; else,
    in a document of LONG_DOCUMENT_PAGES at most (every render costs a long
    one its whole length), the lines its first short page is short of;
    else none."""
    if layout.runts:
        page, count = layout.runts[0]
        return (-count if count <= 2 else MIN_PAGE_LINES - count), page, False
    if layout.short_pages and layout.pages <= LONG_DOCUMENT_PAGES:
        index, count = layout.short_pages[0]
        return count, layout.lines[index].page, True
    return 0, 0, False


def _words(layout: Layout, indexes: list[int]) -> set[str]:
    return {word for word in (layout.word_at(i) for i in indexes) if word}


def _worse(candidate: Layout, current: Layout) -> bool:
    """More short pages, more runts or lone lines, more words split where
    they should not be, each outweighing the next, or a line looser than
    MAX_ADDED_SPACE and than the loosest already there. A page ending short
    in mid-text outweighs a runt: a runt mended by leaving a page before it
    short is no mend (the Azerbaijani page 5 of 0ccecda, a line short for
    a widow kept off page 6)."""
    def faults(layout: Layout) -> tuple[int, int, int]:
        return (
            len(layout.short_pages),
            len(layout.runts) + len(layout.lone_lines),
            len(layout.split_at_page_end) + len(layout.long_runs) + len(layout.split_at_paragraph_end),
        )

    if candidate.loosest > max(MAX_ADDED_SPACE, current.loosest) + 1e-6:
        return True
    return faults(candidate) > faults(current)
