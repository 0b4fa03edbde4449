"""Line breaks chosen per paragraph (total fit, after Knuth and Plass), and laid out by WeasyPrint as chosen.

Why by hand: WeasyPrint 70 fills a line at a time, and a line that ends
short is hyphenated whatever the lines around it do; on the booklet's
measure that gave a Russian page a third of its lines hyphenated, runs of
three, and loose lines all the same. Here a justified paragraph's breaks
are chosen together: every way of breaking it is weighed by how loose each
line gets (what justification adds to a word space), what each hyphen
costs, a third hyphen in a row forbidden and a hyphen on the last full
line discouraged; the cost of a hyphen is raised for each language of the
booklet (a passage left in the source language has its own) until at most
``MAX_SHARE`` of its lines would end hyphenated. A line may also take a
little more than the measure, its word spaces made tighter (down to
``TIGHT``, the shrinking of Knuth's spaces, which WeasyPrint's
justification, which only widens, does not have): the paragraph's word
spacing is then set as tight as its tightest line needs, and no tighter
(how a justified line of given breaks looks does not depend on it); its
last line, which justification does not widen, keeps the spacing the text
around sets (``_set_apart``). A part of a word written with a hyphen is not
broken where its language breaks such a word at its hyphen only
(render.hyphenation.AT_ITS_HYPHEN). And a paragraph may be tracked
(``TRACKINGS``: letter-spacing a hundredth of an em at most either way,
which readers do not see), which gives a line of
sixty letters more than half an em to gain or lose without touching its
spaces; each tracked line costs a little, and a paragraph whose untracked
breaks have no hyphen and no line looser than ``EVEN`` is not tracked at
all (nor measured tracked, most of what planning cost). A line that is
still loose has its words tracked besides, up to ``LINE_TRACKING``, as the
breaks are weighed: a loose line costs what it is left with.

WeasyPrint is then made to lay out exactly those lines: inside a chosen
line every breakable space becomes a no-break space (WeasyPrint's
``justify_line`` widens both alike), a normal space is left only at a chosen
break, a soft hyphen only at a chosen hyphenation point, and the paragraph
gets ``hyphens: manual``. Widths are measured with Pango through WeasyPrint's
own ``Layout``, with each text run's computed style; a line is kept a little
short of the measure, and the layout is read back: a paragraph whose lines
did not come out as chosen is given its own text back.

What only the page shows is asked of the breaker by layout.settle, once
the lines are laid out: a paragraph whose hyphen ended a page is set again
in as many lines with none on that line (``Keep``), and a runt page gets
the line or lines it needs from the paragraphs where a line more or fewer
costs least (``_lengthened``).

A right-to-left paragraph (Arabic, Persian) is set by total fit too, but
never hyphenated and never tracked (letter spacing breaks the joins of
its letters): its word spaces are all it has to trade, shrunk by TIGHT at
most as the others', and a word carried down from a tight line to a loose
one evens them out, where WeasyPrint, a line at a time, leaves the loose one.
"""
from __future__ import annotations

import re
import weakref
from math import ceil, inf
from dataclasses import dataclass, field
from typing import Callable, Iterator

from .fonts import TEXT_WIDTH, WIDTHS, width_family
from .hyphenation import HYPHEN_IN_WORD, MIN_LAST_PART, breaks_a_name, changes, watch, whole_parts
from .typography import closing_figures, short_last_word

__all__ = ["Token", "break_lines", "Plan", "plan", "MAX_SHARE"]

#: The hyphenated share of a booklet's lines the breaker aims at: under the
#: print limit (layout.MAX_HYPHEN_SHARE), since settling a page may add one.
MAX_SHARE = 0.13
#: The hyphenated share over ``share`` (MAX_SHARE) that the ladder's choice
#: may be taken up to, a hyphen at a time, where a hyphen removes the most
#: demerits (``_spent``): under layout.MAX_HYPHEN_SHARE by less than a line
#: in the booklets here. And what a hyphen so added must remove at least:
#: the demerits of a line with a third of an em added to its spaces.
SPEND = 0.015
_SPEND_FROM = 5e4
MAX_RUN = 2  # hyphenated lines in a row
#: What the breaker leaves free at a line's end (px), for the difference
#: between words measured one by one and Pango shaping the line.
MARGIN = 0.6
#: Added space per word space (em) a line may take before it counts as loose
#: beyond any other choice (layout.MAX_ADDED_SPACE).
LOOSE = 0.6
#: What a paragraph's word spacing may be made tighter by (em), with what
#: the text around sets, for lines that take a little more: about a quarter
#: of Noto Serif's 0.26 em space, 0.01 em more than layout.SPACINGS'
#: tightest (with 0.06, 24 of the Azerbaijani booklet's 48 justified lines
#: had word spaces of half an em or more; with 0.07, 18). With TRACKINGS'
#: tightest, a space is 0.08 em tighter at most.
TIGHT = 0.07
#: What a paragraph's letter spacing may be changed by (em), and what each
#: of its lines costs so set, by the hundredths of an em (squared).
TRACKINGS = (0.0, -0.005, 0.005, -0.01, 0.01)
_TRACK_COST = 100.0
#: What justification may add to a word space (em) in a line of a paragraph
#: left untracked: one whose breaks have no hyphen and no line looser than
#: this is not tracked (``_best_variant``).
EVEN = 0.2
#: What a loose line's words may be tracked by at most, its paragraph's
#: tracking included (em), and from what space justification would add to
#: a word space on (em): the line's words (``_line_span``),
#: as far as it takes that space down to LINE_FROM (``_line_tracking``),
#: after they are set wider (``_line_fit``). A designer saw 0.024 to 0.03
#: em of tracking at 200 dpi (when a line took 0.02 em over its paragraph's
#: 0.01); 0.015 em is 0.16 pt of the 10.5 pt text.
LINE_TRACKING = 0.015
LINE_FROM = 0.15
#: A line's words (the same as its tracking's) may be set in another width
#: of their face (render.fonts.WIDTHS, the text's fonts.TEXT_WIDTH): a loose
#: line wider (before its words are tracked), a line that must take its
#: word spaces in narrower, and one that does not fit at all may fit so.
#: Each unit of the width axis away from the text's costs a line this much,
#: by the units squared (``_line_fit``). With spaces weighed as they are seen
#: (GAPS), at 20 the five booklets other than Arabic had 53 pairs of
#: neighbouring lines three width steps apart or more; at 150, 40 (as many
#: as before GAPS); at 200, German set two loose lines.
_WIDTH_COST = 150.0
#: What a line set in another width leaves free besides MARGIN (px): its
#: words are laid out in a span of their own, which Pango measures apart.
WIDTH_MARGIN = 1.0
#: How much tighter than normal (em) a line set narrower may have its word
#: spaces: narrower letters and spaces as tight as TIGHT allows together make
#: a line darker than its neighbours (at 0.03 em, Russian's loose lines
#: went back from 9 to 16; at 0.05 em, none of the figures moved).
NARROW_TIGHT = 0.05
#: The narrowest and the widest word space a line may have before it costs
#: more (em, as a reader sees it: the face's space at the line's width, what
#: justification adds, and the letter spacing on either side; a designer's
#: limits), and what each hundredth of an em beyond costs, squared
#: (``_line_demerits``): a line with 0.45 em spaces more than a hyphen at the
#: ladder's seventh step, 0.50 em as one at its ninth. Knuth's badness alone
#: weighs what justification adds, and a line set wider and tracked, whose
#: spaces grow with its letters (0.04 em at w100 and +0.015 em), passed for
#: evener than it was. In the five booklets other than Arabic, the lines
#: with a space over 0.40 em went from 31 to 25, of 0.45 em or more from 6
#: to 3, and the lines with their spaces mostly under 0.21 em from 20 to 9,
#: for 6 hyphens more (30 to 36 of 293 lines; bench/texture.py). At 2e4, as
#: many wide lines for two hyphens more; at 2e5, loose lines came back.
GAPS = (0.21, 0.40)
_GAP_COST = 1e4
#: What a face's space grows by for each unit of the width axis (em): Noto
#: Serif's is 0.247 em at w92, 0.25 at w94 and 0.26 at w100.
_SPACE_PER_WIDTH = 0.0016
#: A line's fitness, as Knuth's: its word spaces, as a reader sees them,
#: tight, decent, loose or very loose from these bounds (em, ``_fitness``);
#: and what two neighbouring lines two classes apart or more cost besides
#: (``_choose``). Each line weighed alone, a designer saw paragraphs
#: alternate tight and loose lines ("zebras": 0.41 / 0.23 / 0.37 / 0.22 em).
#: In the five booklets other than Arabic (bench/texture.py's zebras), 46
#: without; 31 at 1e4, 23 at 5e4, 21 at 1e5, for 3 hyphens more (36 of 293
#: lines) and 29 lines with a space over 0.40 em where there were 26; at 2e5,
#: 20, with 32 such lines. Russian's stay (13, then 10): its long paragraph
#: tracked tighter has no way without them.
FITNESS = (0.24, 0.32, 0.40)
_ADJACENT_COST = 1e5
#: The word space a reader sees (em) that a line's badness is weighed from
#: (``_line_demerits``), where it weighs what a reader sees: Knuth's from
#: the face's own space (0.25 em at the text's width) made a line at 0.21
#: em cost a tenth of one at 0.37 (a space is taken in at half the cost it
#: is let out at), and a designer saw the paragraphs so set as "dark":
#: lines below 0.24 em in the five booklets other than Arabic 27, 8 at
#: 0.31, the spread of their lines' spaces 0.051-0.068 em, 0.049-0.059 at
#: 0.31. At 0.29 and 0.30 a Russian line went to 0.46-0.47 em; at 0.33
#: more lines set narrower (w92) and wider than 0.40 em.
IDEAL_GAP = 0.31
#: Two such lines either side of a paragraph's last line: the last
#: justified line of a paragraph and the first of the one below it
#: (``_choose``'s ``opening`` and ``following``). Each paragraph set on its
#: own, eight of those pairs were two classes apart in the five booklets
#: other than Arabic (bench/texture.py's seams), a designer's "uneven colour"
#: on the English and Russian opening pages; three at 3e4, as at 1e4.
#: At 1e5 German's lost its last, for a line at 0.18 em and two
#: hyphens fewer in the paragraph below: a short last line and an indent
#: between them, a seam is seen less than neighbours within a paragraph.
_SEAM_COST = 3e4
_HYPHEN_COSTS = (600.0, 1500.0, 4000.0, 1e4, 2.5e4, 6e4, 1.5e5, 4e5, 1e6, 2.5e6, 6e6, 1.5e7, 4e7, 1e8, 4e8, 1e9)
_RUN_COST = 3000.0  # a second hyphenated line in a row
_LOOSE_COST = 1e13  # a line looser than LOOSE: more than the hyphens of any paragraph cost
#: A hyphen on the paragraph's last full line: as much as a line with 0.31
#: em added to its spaces (a designer chose the Turkish booklet's "…olarak
#: anıl-" / "maktadır." over that line whole with gaps of 0.61 em, which at
#: 2e5, a third of an em, it was once a line's first and last words took its
#: width and tracking).
_LAST_COST = 1.5e5
#: A short last word left alone on the paragraph's last line, at the no-break
#: space typography puts before it (typography.short_last_word): the same
#: fault of a last line as _LAST_COST's, taken only where keeping the word
#: would leave a line before it looser than that.
_SHORT_LAST = _LAST_COST
#: A line that opens with a figure closing a sentence ("20. After the
#: declaration …", typography.closing_figures): read as a numbered item.
#: The same fault of a line's start as _SHORT_LAST's of a paragraph's end.
_FIGURE_COST = _LAST_COST
#: A hyphen inside a name (hyphenation.breaks_a_name), besides what any
#: hyphen costs: as much as a line with 0.31 em added to its spaces (as
#: _LAST_COST; 5e4 was 0.26 em). At 5e4 it took "Azerbai-jan" out of the
#: English booklet and "Ermenis-tan" out of the Turkish, and the hyphens of
#: the five booklets other than Arabic from 37 to 33; at 1.5e5 (once the
#: Russian copy-fits had gone in) "Ermənis-tanda" out of the Azerbaijani,
#: every other booklet the same; at 4e5 Russian's "Азер-" and "Азербай-"
#: go for a line at 0.47 em, and Turkish sets two tight lines more.
_NAME_COST = 1.5e5
_COLLAPSIBLE = " \t\n\r\f"
_BREAK_AFTER = "-\u2010\u2013\u2014/"  # where Pango may break inside a word


@dataclass(frozen=True)
class Token:
    """A box (text that stays on one line), a glue (a space a line may end at)
    or a penalty (a place inside a word a line may end at)."""

    kind: str  # "box", "glue" or "penalty"
    width: float  # px; for a penalty, what a line ending there adds (the hyphen)
    spaces: int = 0  # no-break spaces inside a box, widened by justification too
    hyphen: bool = False  # a penalty after which the line ends with a hyphen
    soft: bool = False  # a penalty that needs a soft hyphen (not a break Pango has anyway)
    em: float = 14.0  # px per em of the text around
    cost: float = 0.0  # what a line ending at it costs besides (a glue: ``_SHORT_LAST``; a penalty: ``_NAME_COST``)


def break_lines(
    tokens: list[Token], first: float, rest: float, *, hyphen_cost: float, margin: float = MARGIN
) -> list[int] | None:
    """The indexes of the glues and penalties to break ``tokens`` at, the
    best total fit for a first line of ``first`` px and the others of
    ``rest``; None if no line can be made to fit."""
    found = _choose(tokens, _lines(tokens, first, rest, margin), hyphen_cost)
    return found[0] if found is not None else None


def _lines(
    tokens: list[Token], first: float, rest: float, margin: float, around: float = 0.0, shrink: float = 0.0,
    *, loose: bool = True, last_line: list[Token] | None = None, at: list[int] | None = None, track: float = 0.0,
    widen: Callable[[], list[tuple[int, list[float]]]] | None = None, face: float | None = None, own: float = 0.0,
) -> dict[int, list[tuple[int, float]]]:
    """Every line that fits: for each place a line may end at (a token's
    index, or the end), where the line before it ended (-1: none), the
    line's own demerits and its fitness (``_fitness``). What hyphens cost is added by ``_choose``, so that
    these are weighed once for every cost tried. ``around``: what the text
    around adds to a word space (em); ``shrink``: what each word space may
    be made tighter by (px), for a line a little too long (the paragraph's
    word spacing is then set tighter, ``_shift_for``: how a line of given
    breaks looks does not depend on it, justification adds back what it
    takes off). Without ``loose``, no line looser than LOOSE. ``last_line``:
    the tokens as the paragraph's last line is set after a space
    (untracked, ``_set_apart``). ``at``: the character each token starts
    at, to track a loose line's words by ``track`` em at most (``_line_tracking``);
    ``widen``: for each other width of its face, what setting each token
    in it adds, in sums from the first token (``_Variants.gains``), asked
    for at the first line that is loose or does not fit, to set a line's
    words wider or narrower (``_line_fit``). ``face``: the face's word
    space (em) and ``own``: the letter spacing the tokens are measured with
    (em), for the spaces a reader sees (``_seen``; None: not weighed)."""
    count = len(tokens)
    ends_at = [0.0]
    for token in last_line or tokens:
        ends_at.append(ends_at[-1] + (token.width if token.kind != "penalty" else 0.0))
    widths, spaces = [0.0], [0]
    for token in tokens:
        widths.append(widths[-1] + (token.width if token.kind != "penalty" else 0.0))
        spaces.append(spaces[-1] + (1 if token.kind == "glue" else token.spaces))
    # the first place from each token on where Pango breaks by itself (after a hyphen or a dash); none: the end
    next_intrinsic = [count] * (count + 2)
    widths.append(float("inf"))
    spaces.append(spaces[-1])
    next_intrinsic[count] = count + 1
    for i in range(count - 1, -1, -1):
        next_intrinsic[i] = i if tokens[i].kind == "penalty" and not tokens[i].soft else next_intrinsic[i + 1]
    if track or widen:  # the first glue from each token on, and the last before each
        first_glue, last_glue = _glues(tokens)
    gains: list[tuple[int, list[float]]] | None = None
    narrowest: list[float] | None = None
    lines: dict[int, list[tuple[int, float]]] = {}
    # where a line may start, oldest first: the lines from a start get shorter (looser) the later it is,
    # so those from ``head`` on are the ones that may still fit, and a loose one ends the search
    active, head = [-1], 0
    ems = [token.em for token in tokens]
    measures = (first - margin, rest - margin)
    seen = _seen(face, own)
    # the loop below runs for every line of every spacing tried: what it can, it looks up once per end
    for end in [i for i, token in enumerate(tokens) if token.kind != "box"] + [count]:
        last = end == count
        added = tokens[end].width if not last and tokens[end].kind == "penalty" else 0.0
        intrinsic = next_intrinsic[end + 1] if not last else count + 1
        reach, reach_spaces = widths[intrinsic], spaces[intrinsic]
        width, space = widths[end], spaces[end]
        found = []
        for index in range(head, len(active)):
            before = active[index]
            start = before + 1
            measure = measures[before != -1]
            line_spaces = space - spaces[start]
            narrow = 0.0  # what the narrowest width takes off the line (px, 0 or below)
            if width - widths[start] + added - line_spaces * shrink > measure and widen is not None and not last:
                if gains is None:
                    gains = widen()
                    narrowest = _narrowest(gains)
                from_, to = _line_span(tokens, first_glue, last_glue, start, end)
                if narrowest is not None and from_ < to:
                    narrow = min(0.0, narrowest[to] - narrowest[from_])
            if width - widths[start] + narrow - line_spaces * shrink > measure:
                if index == head:
                    head += 1  # too long now, and longer for every later end (narrowed too)
                continue
            natural = width - widths[start] + added
            if natural + narrow - line_spaces * shrink > measure:
                continue
            if last:
                # set untracked after a space (``_set_apart``); its word spacing as the text around sets
                # it only where it fits so, but WeasyPrint, which fills a line as far as it goes, would
                # take it up into the line before where it fits tighter: a way with it is weighed
                untracked = before == -1 or tokens[before].kind == "glue"
                if last_line is not None and not untracked:
                    continue  # tracked, it keeps the face's spaces only set apart after a space: not inside a word
                natural = ends_at[end] - ends_at[start] if untracked else natural
                if natural - line_spaces * shrink <= measure:
                    found.append((before, 1.0, -1))  # (justification does not widen it: no fitness)
                continue
            em = ems[start if start > end - 1 else end - 1]
            free = measure + margin - natural
            gain = 0.0
            loose_line = free > (LINE_FROM - around) * line_spaces * em
            if (track or widen) and (loose_line or free < margin):  # loose, or its spaces made tighter (``_line_fit``)
                a, b = _line_span(tokens, first_glue, last_glue, start, end)
                if widen is not None and gains is None:
                    gains = widen()
                    narrowest = _narrowest(gains)
                others = [(w, total[b] - total[a]) for w, total in gains] if gains and a < b else []
                fit = _line_fit(
                    free, margin - line_spaces * shrink, line_spaces, _inner(at, a, b), others, em, around, track, face, own
                )
                if fit is None:
                    continue  # (fits only in a width that leaves less than WIDTH_MARGIN)
                line_width, gain, tracking, free, widened = fit
                line_seen = _seen(face, own + tracking, line_width)
                demerits = _line_demerits(free, line_spaces, em, around, line_seen) + widened
            else:
                line_seen = seen
                demerits = _line_demerits(free, line_spaces, em, around, seen)
            if demerits >= _LOOSE_COST and not loose:
                break  # and every line from a later start looser still
            demerits += tokens[end].cost
            # Pango would break later, at a hyphen or dash of the next line (with the word spacing at its tightest)
            if reach - widths[start] + gain - (reach_spaces - spaces[start]) * shrink <= measure:
                continue
            found.append((before, demerits, _fitness(line_seen, free, line_spaces, em, around)))
        if found:
            lines[end] = found
            active.append(end)
    return lines


def _choose(
    tokens: list[Token], lines: dict, hyphen_cost: float, final: tuple[int, int] | None = None, opening: int = 0,
    following: int = 0,
) -> tuple[list[int], float, int, int] | None:
    """The least demerits through ``lines`` (the breaks, the demerits, and
    the fitness of the last justified line and of the first, each its class
    + 1; 0: none), with
    ``hyphen_cost`` for each hyphen, more for a second in a row, a
    third forbidden, more for one on the last full line, and more for two
    neighbouring lines whose fitness is two classes apart (``_ADJACENT_COST``). With ``final``,
    ``lines`` are numbered (``_numbered``) and the breaks end there. ``opening``:
    the fitness (class + 1) of the line above the first, the last justified
    line of the paragraph just before (``_Paragraph.follows``), weighed as a
    neighbour is, and ``following`` that of the first line of the paragraph
    just after, below the last justified one: each paragraph set on its own,
    a designer saw a paragraph of open lines above one of condensed ones,
    w100 tracked +1 % beside w92 tracked -1 %, as "uneven colour" on the
    English and Russian opening pages."""
    count = len(tokens)
    keep = final is not None
    start, final = ((-1, 0), final) if keep else (-1, count)
    # for each place a line ends at (with ``keep``: and the lines up to it), the least demerits
    # there by how many hyphenated lines end there in a row (0, 1, 2) and the fitness of the line
    # that ends there (its class + 1; 0: none to weigh), and where each came from
    # (only the states reached are kept: most of the fifteen never are)
    classes = len(FITNESS) + 2
    best: dict = {start: {opening: 0.0}}
    back: dict = {}
    for node in sorted(lines):
        end = node[0] if keep else node
        hyphen = end < count and tokens[end].kind == "penalty" and tokens[end].hyphen
        row: dict[int, float] = {}
        links: dict[int, tuple] = {}
        for before, demerits, fitness in lines[node]:
            prior = best.get(before)
            if prior is None:
                continue
            for state, value in prior.items():
                run_before, fitness_before = divmod(state, classes)
                if hyphen:
                    if run_before == MAX_RUN:
                        continue
                    run = run_before + 1
                    total = value + demerits + hyphen_cost + (_RUN_COST if run == 2 else 0.0)
                else:
                    run = 0
                    total = value + demerits + (_LAST_COST if end == count and run_before else 0.0)
                if _apart(fitness + 1, fitness_before):
                    total += _ADJACENT_COST if before != start else _SEAM_COST
                if end == count and before != start and _apart(following, fitness_before):
                    total += _SEAM_COST
                key = run * classes + fitness + 1
                if total < row.get(key, inf):
                    row[key], links[key] = total, (before, state)
        if row:
            best[node], back[node] = row, links
    if final not in best:
        return None
    last = min(best[final], key=best[final].__getitem__)  # (each with run 0: a paragraph's last line is not hyphenated)
    chosen, states = [], []
    key = (final, last)
    while key is not None and key[0] != start:
        chosen.append(key[0][0] if keep else key[0])
        states.append(key[1])
        key = back[key[0]][key[1]]
    chosen.reverse()
    # the last line has no fitness: the state of the line before holds the last justified line's
    closing, first = (states[1] % classes, states[-1] % classes) if len(states) > 1 else (0, 0)
    return chosen[:-1], best[final][last], closing, first


def _apart(a: int, b: int) -> bool:
    """Whether two lines' fitness (class + 1, ``_choose``'s; 0: none to
    weigh) are two classes apart or more."""
    return bool(a and b and abs(a - b) > 1)


def _numbered(tokens: list[Token], lines: dict[int, list[tuple[int, float]]], keep: Keep) -> tuple[dict, tuple[int, int]]:
    """``lines`` with each end numbered by the lines up to it: (end, lines),
    none beyond ``keep.lines`` and no hyphenated line on a page's end; and
    where the paragraph then ends. The line before the last never starts
    where the last line would fit from (``lines`` has a last line from
    there): a count made up by splitting a short last line ("peo-" /
    "ple.") is one WeasyPrint, which fills a line as far as it goes, lays
    out a line shorter, and the paragraph would be given its own breaks back."""
    count = len(tokens)
    whole = {before for before, *_ in lines.get(count, ())}  # where a last line may start
    numbers: dict[int, set[int]] = {-1: {0}}
    found: dict[tuple[int, int], list[tuple[tuple[int, int], float]]] = {}
    for end in sorted(lines):
        hyphen = end < count and tokens[end].kind == "penalty" and tokens[end].hyphen
        for before, demerits, fitness in lines[end]:
            pulled = before in whole and end < count  # as the line before the last, it would take the last up
            for number in numbers.get(before, ()):
                if pulled and number + 2 == keep.lines:
                    continue
                if number < keep.lines and not (hyphen and number in keep.page_ends):
                    found.setdefault((end, number + 1), []).append(((before, number), demerits, fitness))
                    numbers.setdefault(end, set()).add(number + 1)
    return found, (count, keep.lines)


@dataclass(frozen=True)
class Keep:
    """A paragraph's number of lines as laid out, and those of its lines
    (0-based) that ended a page: breaks chosen again for it keep the one
    (so that no page's end moves) and leave no hyphen on the others."""

    lines: int
    page_ends: frozenset[int]


def _line_demerits(free: float, spaces: int, em: float, shift: float = 0.0, seen: float | None = None) -> float:
    """Knuth's (1 + badness)², with badness from what justification adds to
    each space (em), the paragraph's ``shift`` of its word spacing included:
    a fifth of an em costs 100, twice that 800; a space a tenth of an em
    tighter than normal costs 100. A line looser than LOOSE costs more than
    any number of hyphens, and the more so the looser it is. With ``seen``,
    what a reader sees of a word space besides what justification adds
    (em, ``_seen``), normal is a space seen at IDEAL_GAP, and a space seen
    outside GAPS costs more (``_GAP_COST``)."""
    added = free / spaces / em + shift if spaces else 2.0
    aimed = added - (IDEAL_GAP - seen if seen is not None and spaces else 0.0)
    beyond = 0.0
    if seen is not None and spaces:
        gap = seen + added
        beyond = max(0.0, GAPS[0] - gap, gap - GAPS[1]) * 100
    badness = 100.0 * (-aimed / 0.1) ** 3 if aimed < 0 else 100.0 * (aimed / 0.2) ** 3
    demerits = (1.0 + badness) ** 2 + _GAP_COST * beyond**2
    if added > LOOSE:
        demerits += _LOOSE_COST * (1.0 + added - LOOSE)
    return demerits


def _fitness(seen: float | None, free: float, spaces: int, em: float, around: float) -> int:
    """A justified line's class by its word spaces as a reader sees them
    (``_seen``: ``seen``, and what justification adds): 0 tight, 1 decent,
    2 loose, 3 very loose (FITNESS); -1 where they are not weighed."""
    if seen is None or not spaces:
        return -1
    gap = seen + free / spaces / em + around
    return sum(gap >= bound for bound in FITNESS)


def _seen(face: float | None, tracking: float, width: int = 0) -> float | None:
    """What a reader sees of a word space besides what justification adds
    (em): the face's space ``face`` (em, at the text's width; None: not weighed)
    at ``width`` (fonts.WIDTHS, 0: the text's), and the letter spacing
    ``tracking`` (em) on the space and on the letter before it."""
    if face is None:
        return None
    return face + 2 * tracking + _SPACE_PER_WIDTH * ((width or TEXT_WIDTH) - TEXT_WIDTH)


def _line_tracking(free: float, spaces: int, inner: int, em: float, around: float, most: float) -> float:
    """What a line's ``inner`` characters (from its first word space to its
    last) are tracked by (em, in thousandths, rounded down): what takes the
    space justification adds to each of its ``spaces`` down to LINE_FROM,
    ``most`` at most; 0 for a line no looser."""
    if not inner or not spaces:
        return 0.0
    excess = free / spaces / em + around - LINE_FROM
    if excess <= 0:
        return 0.0
    return min(most, int(excess * spaces / inner * 1000) / 1000)


def _line_fit(
    free: float, least: float, spaces: int, inner: int, others: list[tuple[int, float]], em: float, around: float, most: float,
    face: float | None = None, own: float = 0.0,
) -> tuple[int, float, float, float, float] | None:
    """How a line is fitted that is loose or must have its word spaces made
    tighter: in the text's width of its face or one of ``others`` (width,
    what setting its words in it adds, px), whichever leaves it the least
    demerits with what the width costs (``_WIDTH_COST``); a loose one wider
    and then its ``inner`` characters tracked for what is left
    (``_line_tracking``, ``most`` at most), a tight one narrower; never one
    that leaves less than ``least`` free (px: it would not fit); the spaces
    weighed as a reader sees them with ``face`` and ``own`` (``_lines``'). The width
    (0: the text's), what it adds (px), the tracking (em), what the line
    then leaves free (px) and what the width costs; None if it fits in none
    (a width other than the text's must leave WIDTH_MARGIN more)."""
    loose = free > (LINE_FROM - around) * spaces * em
    best = (inf, 0, 0.0, 0.0, free, 0.0)
    for width, gain in [(0, 0.0), *others]:
        if width and ((width > TEXT_WIDTH) != loose or free - gain < least + WIDTH_MARGIN) or free - gain < least:
            continue
        tracking = _line_tracking(free - gain, spaces, inner, em, around, most) if loose else 0.0
        left = free - gain - tracking * inner * em
        if width and width < TEXT_WIDTH and spaces and left / spaces / em + around < -NARROW_TIGHT:
            continue  # narrower letters and tight spaces besides: a line darker than the others
        cost = _WIDTH_COST * abs(width - TEXT_WIDTH) ** 2 if width else 0.0
        demerits = _line_demerits(left, spaces, em, around, _seen(face, own + tracking, width)) + cost
        if demerits < best[0]:
            best = (demerits, width, gain, tracking, left, cost)
    return best[1:] if best[0] < inf else None


def _narrowest(gains: list[tuple[int, list[float]]]) -> list[float] | None:
    """What the narrowest of ``gains`` (``_Variants.gains``, narrowest first)
    adds, summed from the first token; None if no width is narrower than the text's."""
    return gains[0][1] if gains and gains[0][0] < TEXT_WIDTH else None


def _line_span(tokens: list[Token], first: list[int], last: list[int], start: int, end: int) -> tuple[int, int]:
    """The tokens a line's tracking and width span, from and to (not
    included), for a line from token ``start`` to its break at token ``end``
    (``first``, ``last``: ``_glues``'): the whole line, from its first token
    after a break at a space or at the paragraph's start, to its break at a
    space, so that its first and last words are set as the rest of it is (a
    designer saw a line's first and last words in the text's width beside
    its others, wider or narrower, and read a word tracked in mid-line as
    emphasis); but from its first word space after a break inside a word,
    and to its last before one, a broken word's part staying as it is set."""
    whole_start = not start or tokens[start - 1].kind == "glue"
    whole_end = end < len(tokens) and tokens[end].kind == "glue"
    return (start if whole_start else first[start]), (end if whole_end else last[end])


def _inner(at: list[int], first: int, last: int) -> int:
    """The characters a line's tracking spans (``_spans_of``): from the
    token ``first`` to the token ``last`` (``_line_span``);
    none if the line has no character between them."""
    return at[last] - at[first] if first < last else 0


def _glues(tokens: list[Token]) -> tuple[list[int], list[int]]:
    """For each index (the end included): the first glue from it on (none:
    the count) and the last glue before it (none: -1)."""
    count = len(tokens)
    first, last = [count] * (count + 1), [-1] * (count + 1)
    for i in range(count - 1, -1, -1):
        first[i] = i if tokens[i].kind == "glue" else first[i + 1]
    for i in range(count):
        last[i + 1] = i if tokens[i].kind == "glue" else last[i]
    return first, last


def hyphen_count(tokens: list[Token], chosen: list[int]) -> int:
    return sum(1 for i in chosen if tokens[i].kind == "penalty" and tokens[i].hyphen)


@dataclass
class _Paragraph:
    """A justified paragraph of the rendered booklet: its text nodes, its
    text as laid out (white space collapsed), and its tokens."""

    element: object
    nodes: list[tuple[object, str]]  # (element, "text" or "tail")
    originals: list[str | None]
    places: list[tuple[int, int]]  # where each character of ``text`` is: (node, offset)
    text: str
    tokens: list[Token] = field(default_factory=list)
    at: list[int] = field(default_factory=list)  # the character each token starts at
    first: float = 0.0
    rest: float = 0.0
    lines: int = 0  # as WeasyPrint laid it out
    last_page: int = 0  # the page (1-based) its last line was laid out on
    hyphens: int = 0
    chosen: list[int] | None = None
    style: str | None = None  # the element's own style attribute, as it was
    em: float = 14.0  # its font size (px)
    word_spacing: float = 0.0  # its word spacing (px), as the text around sets it
    shift: float = 0.0  # what the chosen breaks take off its word spacing (em)
    letter_spacing: float = 0.0  # its letter spacing (px), as the text around sets it
    laid: tuple[float, float] = (0.0, 0.0)  # its word and letter spacing (px) as laid out
    tracking: float = 0.0  # what the chosen breaks add to its letter spacing (em)
    line_tracking: list[float] = field(default_factory=list)  # what each line but the last adds to that (``_lines``)
    line_widths: list[int] = field(default_factory=list)  # the width (fonts.WIDTHS) each line's words are set in, 0: the text's
    apart: bool = False  # its last line fits at the word spacing around (``_set_apart``)
    styles: list[object] = field(default_factory=list)  # each character's computed style, as laid out
    ours: bool = False  # laid out with breaks chosen before (``hyphens: manual`` for ``auto``)
    keep: Keep | None = None  # laid out with chosen breaks, and a hyphen at a page's end: what to keep
    fixed: bool = False  # its word spacing is not to be changed (generated text shares it)
    inherited: float = 0.0  # the word spacing (px) the text around sets, whatever the paragraph's own
    lang: str = ""  # its language, which has its own hyphen cost (``plan``)
    rtl: bool = False  # right to left: never tracked (``_allowed``, ``_line_most``)
    follows: bool = False  # its first line was laid out right below the last of the paragraph before, on one page
    owners: list[object] = field(default_factory=list)  # the element each of ``nodes`` is laid out in
    spans: list[tuple[object, object]] = field(default_factory=list)  # (parent, span) of its last line, untracked


#: The blocks whose lines the breaker sets (a paragraph, in a blockquote
#: too, and a list item), and the blocks a list item's own text stops at.
_SET = ("p", "li")
_NESTED = frozenset({"ul", "ol", "p", "div", "blockquote", "pre", "table", "dl", "figure", "h1", "h2", "h3", "h4", "h5", "h6"})


def _text_nodes(element: object) -> Iterator[tuple[object, str, object]]:
    """(element, "text" or "tail", the element whose style the text has), in
    reading order; a nested block's text is not its parent's (a list in a
    list item is laid out in lines of its own)."""
    if isinstance(element.tag, str):
        yield element, "text", element
        for child in element:
            if not (isinstance(child.tag, str) and child.tag.lower() in _NESTED):
                yield from _text_nodes(child)
            yield child, "tail", element
    # a comment's own text is not laid out; its tail is the parent's (yielded by the caller)


def _paragraphs(document: object, ours: set[int] = frozenset(), refused: set[int] = frozenset()) -> list[_Paragraph]:
    """The justified, hyphenated paragraphs of the text, as laid out in
    ``document`` (those of ``ours`` with their breaks chosen, so with
    ``hyphens: manual``), but those ``refused``."""
    from weasyprint.formatting_structure import boxes

    found: dict[int, dict] = {}
    order: list[int] = []
    generated: set[int] = set()

    def walk(box: object, inside: bool, parent: object, around: object) -> None:
        if isinstance(box, boxes.LineBox):
            element = box.element
            line_number[0] += inside
            if inside and element is not None and (getattr(box, "element_tag", "") or "").startswith(tuple(f"{tag}::" for tag in _SET)) and not box.element_tag.endswith("::marker"):
                generated.add(id(element))  # a label before it: its word spacing is the label's too
            if not inside or element is None or getattr(box, "element_tag", "") not in _SET:
                return
            entry = found.get(id(element))
            if entry is None:
                entry = found[id(element)] = {"element": element, "styles": {}, "lines": 0, "hyphens": 0, "ok": True,
                                              "indent": box.text_indent, "width": parent.width, "style": box.style,
                                              "inherited": (around.style["word_spacing"] or 0.0) if around is not None else 0.0,
                                              "pages": [], "ends": [], "untracked": {}, "first": line_number[0]}
                order.append(id(element))
            entry["lines"] += 1
            entry["last"] = line_number[0]
            entry["pages"].append(page_number[0])
            entry["ends"].append("".join(_texts(box)).rstrip().endswith(("\u2010", "-")))
            entry["hyphens"] += entry["ends"][-1]
            for child in box.descendants():
                if isinstance(child, boxes.TextBox):
                    if "::" in (getattr(child, "element_tag", "") or ""):
                        entry["ok"] = False
                    span = _SPANS.get(id(child.element))
                    if span is not None and span[0] is child.element:
                        # the last line set apart: its text is its owner's, in the paragraph's spacing
                        derived = _unwidened(child.style.copy())
                        derived["letter_spacing"], derived["word_spacing"] = box.style["letter_spacing"], box.style["word_spacing"]
                        entry["untracked"].setdefault(id(span[1]), derived)
                    else:
                        entry["styles"][id(child.element)] = child.style
                elif isinstance(child, (boxes.AtomicInlineLevelBox, boxes.InlineBlockBox)):
                    entry["ok"] = False
            return
        inside = inside or (getattr(box, "element_tag", None) == "main" and isinstance(box, boxes.BlockBox))
        for child in getattr(box, "children", None) or []:
            walk(child, inside, box, parent)

    page_number, line_number = [0], [0]
    for number, page in enumerate(document.pages):
        page_number[0] = number
        walk(page._page_box, False, None, None)
    paragraphs, before = [], None
    for key in order:
        entry = found[key]
        style = entry["style"]
        mine = key in ours
        if not entry["ok"] or key in refused or style["text_align_all"] != "justify":
            continue
        rtl = style["direction"] == "rtl"  # set whatever its hyphens: it is never hyphenated (``_breaks``)
        if style["hyphens"] != "auto" and not mine and not rtl:
            continue
        paragraph = _paragraph(entry["element"], {**entry["untracked"], **entry["styles"]}, mine)
        if paragraph is None:
            continue
        paragraph.em, paragraph.word_spacing = style["font_size"], style["word_spacing"] or 0.0
        paragraph.letter_spacing = _letter_spacing(style)
        paragraph.laid = (paragraph.word_spacing, paragraph.letter_spacing)
        paragraph.inherited = entry["inherited"]
        paragraph.lang = style["lang"] or ""
        paragraph.rtl = rtl
        paragraph.fixed = key in generated
        paragraph.rest = entry["width"]
        paragraph.first = entry["width"] - entry["indent"]
        paragraph.lines, paragraph.hyphens = entry["lines"], entry["hyphens"]
        paragraph.last_page = entry["pages"][-1] + 1
        pages = entry["pages"]
        page_ends = frozenset(i for i in range(len(pages) - 1) if pages[i] != pages[i + 1])
        if mine and any(entry["ends"][i] for i in page_ends):
            paragraph.keep = Keep(entry["lines"], page_ends)
        paragraph.follows = before is not None and before["last"] + 1 == entry["first"] and before["pages"][-1] == pages[0]
        paragraphs.append(paragraph)
        before = entry
    return paragraphs


def _texts(box: object) -> Iterator[str]:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        yield box.text
    for child in getattr(box, "children", None) or []:
        yield from _texts(child)


def _paragraph(element: object, styles: dict[int, object], ours: bool = False) -> _Paragraph | None:
    """The paragraph's text and tokens, or None if some of its text has no
    laid-out style (generated, hidden or a kind of box this does not weigh)."""
    nodes, owners, originals, places, chars, char_styles = [], [], [], [], [], []
    for node, slot, owner in _text_nodes(element):
        if slot == "text" and str(node.tag).lower() in ("br", "img", "wbr"):
            return None
        value = getattr(node, slot)
        nodes.append((node, slot))
        owners.append(owner)
        originals.append(value)
        if not value:
            continue
        style = styles.get(id(owner))
        if style is None:
            if value.strip(_COLLAPSIBLE):
                return None
            continue
        for offset, char in enumerate(value):
            if char in _COLLAPSIBLE:
                if not chars or chars[-1] == " ":
                    continue
                char = " "
            places.append((len(nodes) - 1, offset))
            chars.append(char)
            char_styles.append(style)
    while chars and chars[-1] == " ":
        chars.pop(), places.pop(), char_styles.pop()
    if not chars:
        return None
    paragraph = _Paragraph(
        element, nodes, originals, places, "".join(chars), style=element.get("style"), styles=char_styles, ours=ours, owners=owners
    )
    paragraph.tokens, paragraph.at = _tokenize(paragraph.text, char_styles, ours)
    return paragraph


def _letter_spacing(style: object) -> float:
    value = style["letter_spacing"]
    return 0.0 if value == "normal" else value


def _tracked(paragraph: _Paragraph, tracking: float) -> list[Token]:
    """The paragraph's tokens measured with its letter spacing ``tracking``
    em more than the text around sets (a space is tracked too, as Pango and
    a designer's tracking do)."""
    if not tracking:
        return paragraph.tokens
    return _measured(paragraph, paragraph.word_spacing, paragraph.letter_spacing + tracking * paragraph.em)


#: The tracking (em) a paragraph is measured with once, to have its words
#: as Pango sets any tracked text: without ligatures.
_UNLIGATED = 0.001


def _retracked(paragraph: _Paragraph, tokens: list[Token], tracking: float) -> list[Token]:
    """``tokens`` (the paragraph's, tracked) with ``tracking`` em more on
    each letter, a space and a hyphen included: what Pango adds (measured
    on the booklets: within 0.1 px a line of what it measures, MARGIN is 0.6)."""
    px = tracking * paragraph.em
    ends = paragraph.at[1:] + [len(paragraph.text)]
    result = []
    for token, start, end in zip(tokens, paragraph.at, ends):
        letters = end - start if token.kind == "box" else 1 if token.kind == "glue" or token.soft else 0
        # its cost too (``_SHORT_LAST``, ``_NAME_COST``)
        result.append(Token(token.kind, token.width + letters * px, token.spaces, token.hyphen, token.soft, token.em, token.cost))
    return result


def _measured(paragraph: _Paragraph, word_spacing: float, letter_spacing: float, width: int = 0) -> list[Token]:
    """The paragraph's tokens measured with its word and letter spacing (px)
    those (each run's style copied with them: Pango sets a tracked run
    without its ligatures, so the width is measured, not added), and with
    ``width``, in its faces' instances of that width (``_widened``)."""
    words = word_spacing - paragraph.laid[0]
    letters = letter_spacing - paragraph.laid[1]
    copies: dict[int, object] = {}

    def tracked(style: object) -> object:
        if id(style) not in copies:
            copy = copies[id(style)] = _widened(style, width) if width else style.copy()
            copy["word_spacing"] = (style["word_spacing"] or 0.0) + words
            copy["letter_spacing"] = _letter_spacing(style) + letters
        return copies[id(style)]

    return _tokenize(paragraph.text, [tracked(style) for style in paragraph.styles], paragraph.ours)[0]


def _widened(style: object, width: int) -> object:
    """A copy of ``style`` with its first family's instance at ``width``
    (render.fonts.width_family) put before its families, as the span of a
    line set wider says (``_width_css``). A family without one is passed
    over by Pango for the next: what is measured is then what it was."""
    copy = style.copy()
    copy["font_family"] = (width_family(style["font_family"][0], width), *style["font_family"])
    return copy


def _width_css(style: object, width: int) -> str:
    """The ``font-family`` that sets a run in ``style`` at ``width`` (``_widened``)."""
    names = _widened(style, width)["font_family"]
    return "font-family: " + ", ".join("'" + name.replace("\\", "\\\\").replace("'", "\\'") + "'" for name in names)


def _has_width(style: object, width: int) -> bool:
    """Whether ``style``'s first family has an instance at ``width``: text set in it is wider or narrower."""
    probe = "nnnnnnnnnn"
    return _width(probe, _widened(style, width)) != _width(probe, style)


def _widths(paragraph: _Paragraph) -> list[int]:
    """The widths (render.fonts.WIDTHS) that some of the paragraph's text
    has an instance of its face at, narrowest first; none right to left
    (``_line_most``)."""
    if paragraph.rtl or not paragraph.styles:
        return []
    styles = list({id(style): style for style in paragraph.styles}.values())
    return [width for width in WIDTHS if any(_has_width(style, width) for style in styles)]


def _unwidened(style: object) -> object:
    """``style`` without the instance ``_widened`` put before its families (as it was)."""
    names = style["font_family"]
    if len(names) > 1 and names[0] in {width_family(names[1], width) for width in WIDTHS}:
        style["font_family"] = names[1:]
    return style


_WORD = re.compile(r"[^\W\d_]+")
#: The ``hyphens`` a text is hyphenated in: laid out with breaks chosen before (``ours``), its
#: ``manual`` stands for the ``auto`` it replaced.
_HYPHENATED = {False: ("auto",), True: ("auto", "manual")}


def _tokenize(text: str, styles: list[object], ours: bool) -> tuple[list[Token], list[int]]:
    """Boxes, glues at breakable spaces and penalties at hyphenation points
    (pyphen's, as WeasyPrint would use them) and after hyphens and dashes,
    and the character each starts at. ``ours``: laid out with the breaks
    chosen before, so ``hyphens: manual`` stands for the ``auto`` it replaced."""
    # the same text set the same way is measured once per booklet (settle renders it again and again),
    # and its words' breaks looked up once: until settle keeps a word whole (``changes``), when any
    # text's breaks may differ and what was kept is dropped, not kept beside the new
    if _TOKENS_AT[0] != changes():
        _TOKENS.clear()
        _TOKENS_AT[0] = changes()
    key = (text, _style_runs(styles, ours))
    found = _TOKENS.get(key)
    if found is None:
        breakable, cuts = _breaks(text, styles, ours)
        # measured again only where the breaks differ: a word kept whole changes a few texts' breaks
        measured = (key, tuple(breakable), tuple(sorted(cuts.items())))
        found = _MEASURED.get(measured)
        if found is None:
            found = _MEASURED[measured] = _measured_tokens(text, styles, breakable, cuts, _costly(text, styles, breakable))
        _TOKENS[key] = found
    return found


def _breaks(text: str, styles: list[object], ours: bool) -> tuple[list[bool], dict[int, tuple[bool, bool]]]:
    """Which characters of ``text`` are breakable spaces, and the places
    inside words a line may end at (``_tokenize``)."""
    hyphenated = _HYPHENATED[ours]
    breakable = [char == " " and styles[i]["white_space"] in ("normal", "pre-line") for i, char in enumerate(text)]
    cuts: dict[int, tuple[bool, bool]] = {}  # break before this character: (hyphen shown, needs a soft hyphen)
    # where the text's last letter is: a word ending after it is the paragraph's last
    last_letter = next((i for i in range(len(text) - 1, -1, -1) if text[i].isalpha()), -1)
    for match in _WORD.finditer(text):
        style = styles[match.start()]
        if (
            style["white_space"] not in ("normal", "pre-line") or style["hyphens"] not in hyphenated or not style["lang"]
            or style["direction"] == "rtl"
        ):
            continue
        start, end = match.span()
        if (start >= 2 and HYPHEN_IN_WORD.match(text, start - 2) or HYPHEN_IN_WORD.match(text, end - 1)) and whole_parts(style["lang"]):
            continue  # a part of a word written with a hyphen: broken at its hyphen only
        if start >= 2 and text[start - 1] == "\u00a0" and text[start - 2].isdigit():
            continue  # the word a number counts ("21 человек"): a designer keeps it whole with its number
        total, left, right = style["hyphenate_limit_chars"]
        word = match.group()
        if len(word) < total:
            continue
        # the paragraph's last word broken leaves its rest alone on the last line: never a stub
        # ("anılmak-" / "tadır."), which layout refuses and settle then keeps the word whole for
        # ("anıl-" / "maktadır.", which a designer takes, lost with it)
        least = MIN_LAST_PART if end > last_letter else 0
        for position in _dictionary(style["lang"], left, right).positions(word):
            if len(word) - position >= least:
                cuts[match.start() + position] = (True, True)
    for index in range(1, len(text)):
        if text[index - 1] in _BREAK_AFTER and text[index] not in " \u00a0" and text[index - 1 : index + 1] != "--":
            if styles[index]["white_space"] in ("normal", "pre-line") and not text[index].isdigit():
                cuts.setdefault(index, (text[index - 1] in "-\u2010", False))
    return breakable, cuts


def _costly(text: str, styles: list[object], breakable: list[bool]) -> tuple[tuple[int, float], ...]:
    """The spaces a line may end at only at a cost, and the cost: the
    no-break space before a short last word (typography.short_last_word,
    _SHORT_LAST) and a breakable space before a figure that closes a
    sentence (typography.closing_figures, _FIGURE_COST), where spaces break,
    in left-to-right text."""
    if not text.rstrip():
        return ()
    style = styles[len(text.rstrip()) - 1]
    if not style["lang"] or style["direction"] == "rtl" or style["white_space"] not in ("normal", "pre-line"):
        return ()
    costs = {position: _FIGURE_COST for position in closing_figures(text) if breakable[position]}
    position = short_last_word(text, style["lang"])
    if position is not None and not any(breakable[position + 1 :]):
        costs[position] = _SHORT_LAST
    return tuple(sorted(costs.items()))


def _style_runs(styles: list[object], ours: bool) -> tuple:
    """What measuring and breaking a text set in ``styles`` (one per
    character) depends on, run by run (``ours``: as ``_tokenize``'s)."""
    hyphenated = _HYPHENATED[ours]
    runs, previous = [], None
    for index, style in enumerate(styles):
        if style is not previous:
            runs.append((
                index, _shaping(style), style["hyphenate_character"], style["font_size"], style["white_space"],
                style["hyphens"] in hyphenated, tuple(style["hyphenate_limit_chars"]),
            ))
            previous = style
    return tuple(runs)


def _measured_tokens(
    text: str, styles: list[object], breakable: list[bool], cuts: dict[int, tuple[bool, bool]],
    costly: tuple[tuple[int, float], ...] = (),
) -> tuple[list[Token], list[int]]:
    tokens: list[Token] = []
    at: list[int] = []
    start, costs = 0, dict(costly)

    def box(end: int, part: bool = False) -> None:
        if end > start:
            # a part of a word broken at a penalty is measured as a prefix of the word (_prefix_widths)
            part = part or bool(tokens) and tokens[-1].kind == "penalty"
            width = 0.0 if part else sum(_width(run, style) for run, style in _runs(text, styles, start, end))
            spaces = sum(1 for char in text[start:end] if char in " \u00a0")
            tokens.append(Token("box", width, spaces, em=styles[start]["font_size"]))
            at.append(start)

    for index, char in enumerate(text):
        if breakable[index] or index in costs:
            box(index)
            tokens.append(Token("glue", _space(styles[index]), em=styles[index]["font_size"], cost=costs.get(index, 0.0)))
            at.append(index)
            start = index + 1
        elif index in cuts and index > start:
            hyphen, soft = cuts[index]
            box(index, part=True)
            style = styles[index - 1]
            added = _width(style["hyphenate_character"], style) if soft else 0.0
            cost = _NAME_COST if soft and breaks_a_name(text, index, style["lang"] or "") else 0.0
            tokens.append(Token("penalty", added, hyphen=hyphen, soft=soft, em=style["font_size"], cost=cost))
            at.append(index)
            start = index
    box(len(text))
    # a word measured part by part: give its boxes the whole word's width, in prefixes
    return _prefix_widths(tokens, at, text, styles), at


def _prefix_widths(tokens: list[Token], at: list[int], text: str, styles: list[object]) -> list[Token]:
    """Boxes of one word (between two glues) measured as the word's prefixes,
    so that a line ending anywhere in it has the width Pango gives the prefix."""
    result = list(tokens)
    index = 0
    while index < len(tokens):
        if tokens[index].kind != "box":
            index += 1
            continue
        end = index
        while end + 1 < len(tokens) and tokens[end + 1].kind != "glue":
            end += 1
        if end > index:
            word_start = at[index]
            word_end = at[end + 1] if end + 1 < len(at) else len(text)
            previous = 0.0
            for k in range(index, end + 1):
                if tokens[k].kind != "box":
                    continue
                stop = at[k + 1] if k + 1 < len(at) else len(text)
                stop = word_end if k == end else stop
                width = sum(_width(run, style) for run, style in _runs(text, styles, word_start, stop))
                result[k] = Token("box", width - previous, tokens[k].spaces, em=tokens[k].em)
                previous = width
        index = end + 1
    return result


def _runs(text: str, styles: list[object], start: int, end: int) -> Iterator[tuple[str, object]]:
    run = start
    for index in range(start + 1, end + 1):
        if index == end or styles[index] is not styles[run]:
            yield text[run:index], styles[run]
            run = index


_WIDTHS: dict[tuple, float] = {}
_SHAPES: dict[int, tuple[object, tuple[str, ...]]] = {}  # a computed style's shaping values, by its id
_OWNER: list[weakref.ref] = []  # the font configuration the widths were measured with
#: A Pango layout per shaping, set up once and given each text to measure
#: (setting one up is half of what measuring a word costs); only those whose
#: style sets no font features, as their attributes are then all the text's own
_LAYOUTS: dict[tuple[str, ...], object] = {}
_DICTIONARIES: dict[tuple, object] = {}
#: A booklet's texts as measured (``_tokenize``): kept until ``forget``.
_TOKENS: dict[tuple, tuple[list[Token], list[int]]] = {}
_TOKENS_AT = [-1]  # the hyphenation.changes() they were found under
#: The same, by their breaks too, whatever changes(): a width depends on the
#: text, its runs' shaping (``_width``) and where it is broken (``_measured_tokens``).
_MEASURED: dict[tuple, tuple[list[Token], list[int]]] = {}
#: What of a computed style Pango's shaping of a run depends on (WeasyPrint's
#: ``Layout.setup`` and ``set_text``): widths are kept by these, from one
#: render to the next.
_SHAPING = (
    "font_family", "font_size", "font_style", "font_weight", "font_stretch", "font_kerning", "font_variant_ligatures",
    "font_variant_position", "font_variant_caps", "font_variant_numeric", "font_variant_alternates",
    "font_variant_east_asian", "font_feature_settings", "font_variation_settings", "font_language_override", "lang",
    "direction", "word_spacing", "letter_spacing", "overflow_wrap",
)


def _width(text: str, style: object) -> float:
    """The width Pango gives ``text`` set alone in ``style`` (px), as WeasyPrint measures a line."""
    shaping = _shaping(style)
    key = (text, shaping)
    width = _WIDTHS.get(key)
    if width is None:
        from weasyprint.text.ffi import ffi, pango
        from weasyprint.text.line_break import Layout, line_size

        layout = _LAYOUTS.get(shaping) if "\t" not in text else None  # set_text keeps a tab's stops
        if layout is None:
            layout = Layout(style)
            if pango.pango_layout_get_attributes(layout.layout) == ffi.NULL and "\t" not in text:
                _LAYOUTS[shaping] = layout
        else:  # the spacing attributes set for the text measured before go: set_text adds to them
            pango.pango_layout_set_attributes(layout.layout, ffi.NULL)
        layout.set_text(text)
        width = _WIDTHS[key] = line_size(layout.get_first_line()[0], style)[0]
    return width


def _shaping(style: object) -> tuple[str, ...]:
    """The values of ``style`` that Pango's shaping depends on (``_SHAPING``)."""
    owner = _OWNER[0]() if _OWNER else None
    if owner is not style.font_config:  # another booklet's faces: nothing measured applies
        _WIDTHS.clear()
        _SHAPES.clear()
        _LAYOUTS.clear()
        _TOKENS.clear()
        _MEASURED.clear()
        _OWNER[:] = [weakref.ref(style.font_config)]
    shaping = _SHAPES.get(id(style))
    if shaping is None or shaping[0] is not style:
        shaping = _SHAPES[id(style)] = (style, tuple(repr(style[name]) for name in _SHAPING))
    return shaping[1]


def forget() -> None:
    """Drop the computed styles kept to measure with: they hold their font
    configuration, whose copy of the fonts WeasyPrint deletes only when
    nothing holds it (the widths, kept by value, stay for the next booklet)."""
    _SHAPES.clear()
    _LAYOUTS.clear()
    _TOKENS.clear()
    _MEASURED.clear()
    _SPANS.clear()
    _LINES.clear()


def _space(style: object) -> float:
    return _width("n n", style) - _width("nn", style)


def _dictionary(lang: str, left: int, right: int) -> object:
    """pyphen's patterns as WeasyPrint's auto hyphenation reads them (the
    words layout.settle keeps whole included: they are in pyphen's cache)."""
    import pyphen

    name = pyphen.language_fallback(lang)
    # by the patterns' file and their parsed set: render.hyphenation.preload may change either for a
    # language after it was first looked up in this process ("en" becomes American, a word list is added)
    path = pyphen.LANGUAGES.get(name) if name else None
    key = (str(path), id(pyphen.hdcache.get(path)), left, right)
    if key not in _DICTIONARIES:
        _DICTIONARIES[key] = pyphen.Pyphen(lang=name, left=left, right=right) if name else None
        if name:
            watch(_DICTIONARIES[key].hd)  # what the words' breaks found depend on (``_tokenize``)
    found = _DICTIONARIES[key]
    return found if found is not None else _NoBreaks()


class _NoBreaks:
    def positions(self, word: str) -> list[int]:
        return []


@dataclass
class Plan:
    """The paragraphs given chosen breaks in the booklet's tree, to be read
    back after the next render (``verify``) and given their text back (``restore``)."""

    paragraphs: list[_Paragraph]
    hyphen_cost: dict[str, float] = field(default_factory=dict)  # by the paragraphs' language

    def same(self, other: Plan) -> bool:
        """The same paragraphs with the same breaks: the same text in the tree."""
        def state(p: _Paragraph) -> tuple:
            return id(p.element), p.chosen, p.text, p.shift, p.tracking, p.apart, p.line_tracking, p.line_widths

        return [state(p) for p in self.paragraphs] == [state(p) for p in other.paragraphs]

    def restore(self, paragraphs: list[_Paragraph] | None = None) -> None:
        for paragraph in self.paragraphs if paragraphs is None else paragraphs:
            for parent, span in paragraph.spans:
                parent.remove(span)
            paragraph.spans.clear()
            for (node, slot), value in zip(paragraph.nodes, paragraph.originals):
                setattr(node, slot, value)
            if paragraph.style is None:
                paragraph.element.attrib.pop("style", None)
            else:
                paragraph.element.set("style", paragraph.style)
        if paragraphs is not None:
            self.paragraphs = [p for p in self.paragraphs if all(p is not q for q in paragraphs)]

    def reapply(self) -> None:
        """Write the breaks into the tree again (after ``restore``, or another plan's)."""
        for paragraph in self.paragraphs:
            _apply(paragraph)

    def verify(self, document: object) -> list[_Paragraph]:
        """The paragraphs whose lines did not come out as chosen (other
        breaks, a line wider than the measure, or a word broken without
        its hyphen drawn)."""
        laid = _laid_lines(document)
        wrong = []
        for paragraph in self.paragraphs:
            expected = [_bare(line) for line in _chosen_lines(paragraph)]
            got = laid.get(id(paragraph.element), [])
            hyphens = [paragraph.tokens[i].soft for i in paragraph.chosen or []]
            if (
                [_bare(text) for text, _ in got] != expected
                or any(over for _, over in got)
                or any(soft and not text.rstrip().endswith(("\u2010", "-")) for soft, (text, _) in zip(hyphens, got))
            ):
                wrong.append(paragraph)
        return wrong


def _bare(text: str) -> str:
    return re.sub(r"[\s\u00a0\u00ad\u2010]", "", text)


def _chosen_lines(paragraph: _Paragraph) -> list[str]:
    lines, start = [], 0
    for index in (paragraph.chosen or []) + [len(paragraph.tokens)]:
        end = paragraph.at[index] if index < len(paragraph.tokens) else len(paragraph.text)
        lines.append(paragraph.text[start:end])
        token = paragraph.tokens[index] if index < len(paragraph.tokens) else None
        start = end + 1 if token is not None and token.kind == "glue" else end
    return lines


def _laid_lines(document: object) -> dict[int, list[tuple[str, bool]]]:
    """Each paragraph's lines as laid out: (text, wider than its measure)."""
    from weasyprint.formatting_structure import boxes

    found: dict[int, list[tuple[str, bool]]] = {}

    def walk(box: object, parent: object) -> None:
        if isinstance(box, boxes.LineBox):
            if box.element is not None and getattr(box, "element_tag", "") in _SET:
                texts = [child for child in box.descendants() if isinstance(child, boxes.TextBox)]
                right = max((child.position_x + child.width for child in texts), default=0.0)
                # right to left, a line too wide runs out on the left (a list item's marker is outside it)
                own = [child for child in texts if "::" not in (getattr(child, "element_tag", "") or "")]
                left = min((child.position_x for child in own), default=parent.content_box_x())
                rtl = box.style["direction"] == "rtl"
                over = right > parent.content_box_x() + parent.width + 0.01 or rtl and left < parent.content_box_x() - 0.01
                found.setdefault(id(box.element), []).append(("".join(_texts(box)), over))
            return
        for child in getattr(box, "children", None) or []:
            walk(child, box)

    for page in document.pages:
        walk(page._page_box, None)
    return found


def plan(
    document: object, lines: list[tuple[object, bool]], *, share: float = MAX_SHARE, after: Plan | None = None,
    refused: set[int] = frozenset(), margin: float = MARGIN, more: int = 0, page: int = 0, even: bool = False,
) -> Plan:
    """Choose the breaks of every justified paragraph of ``document`` and
    write them into its tree: for each language's paragraphs, the cheapest
    hyphen cost (of a ladder) that keeps their hyphenated lines at ``share``
    at most, counting ``lines`` (each text line's paragraph element, and
    whether it ends with a hyphen) that the breaker does not set as they
    are with the language that has the most lines. ``after``: the plan
    ``document`` was laid out with (its text given back first); ``refused``:
    paragraphs (``id`` of the element) left as WeasyPrint breaks them;
    ``more``: lines to add to the text in all (to take away, below 0), for
    a runt page, each a paragraph's line, where that costs least; with
    ``even`` (a short page's lines), from paragraphs that stay even."""
    ours: set[int] = set()
    if after is not None:
        ours = {id(p.element) for p in after.paragraphs}
        after.restore()
    paragraphs = _paragraphs(document, ours, refused)
    if not paragraphs:
        return Plan([])
    own = {id(p.element) for p in paragraphs}
    others = [hyphenated for element, hyphenated in lines if id(element) not in own]
    other_lines, other_hyphens = len(others), sum(others)
    if after is not None:  # laid out with the spacing the breaks took before: measured without it
        before = {id(p.element): (p.shift, p.tracking) for p in after.paragraphs}
        for paragraph in paragraphs:
            shift, tracking = before.get(id(paragraph.element), (0.0, 0.0))
            if shift or tracking:
                # a shift was set in px on the paragraph: the text around may have another spacing since
                paragraph.word_spacing = paragraph.inherited if shift else paragraph.word_spacing
                paragraph.letter_spacing -= tracking * paragraph.em
                paragraph.tokens = _measured(paragraph, paragraph.word_spacing, paragraph.letter_spacing)
    variants = [_Variants(p, margin) for p in paragraphs]
    # each language's paragraphs have their own cost (a passage left in the source language is not
    # left unhyphenated for the booklet's language, nor the other way), each keeping its own lines
    # within the share, so that the booklet's are; the lines the breaker does not set count with
    # the language with the most lines
    groups: dict[str, list[int]] = {}
    for index, paragraph in enumerate(paragraphs):
        groups.setdefault(paragraph.lang, []).append(index)
    main = max(groups, key=lambda lang: (sum(paragraphs[i].lines for i in groups[lang]), lang))
    choices: list[tuple | None] = [None] * len(paragraphs)
    costs: dict[str, float] = {}
    # a paragraph weighed below the one before: of one language, so in one group of the ladder
    follows = [i > 0 and p.follows and paragraphs[i - 1].lang == p.lang for i, p in enumerate(paragraphs)]
    for lang, indexes in sorted(groups.items()):
        extra = (other_lines, other_hyphens) if lang == main else (0, 0)
        start = after.hyphen_cost.get(lang) if after is not None else None
        found, costs[lang] = _ladder(
            [paragraphs[i] for i in indexes], [variants[i] for i in indexes], extra, share, start, [follows[i] for i in indexes]
        )
        for index, choice in zip(indexes, found):
            choices[index] = choice
    steps = [_HYPHEN_COSTS.index(costs[p.lang]) for p in paragraphs]
    choices, steps = _spent(paragraphs, variants, choices, steps, (other_lines, other_hyphens), share + SPEND, follows)
    choices = _evened(paragraphs, variants, choices, steps, follows)
    if more:
        # every paragraph's line more (fewer) weighed at the booklet's dearest cost: at a passage's cheaper
        # one, a line more with hyphens looks cheapest, is passed over for the share, and the runt is made up
        # from a paragraph that can only take a line more loose (the German booklet's English passage)
        dearest, others_set = max(costs.values()), (other_lines, other_hyphens)
        choices = _lengthened(
            paragraphs, variants, choices, dearest, more, page, others=others_set, share=share + SPEND, even=even,
            follows=follows,
        )
    chosen = []
    for paragraph, choice in zip(paragraphs, choices):
        if choice is None:
            continue
        paragraph.chosen, paragraph.shift, paragraph.tracking = choice[:3]
        paragraph.apart, paragraph.line_tracking, paragraph.line_widths = choice[4:7]
        _apply(paragraph)
        chosen.append(paragraph)
    return Plan(chosen, costs)


def _ladder(
    paragraphs: list[_Paragraph], variants: list[_Variants], others: tuple[int, int], share: float, start: float | None,
    follows: list[bool] | None = None,
) -> tuple[list[tuple | None], float]:
    """The choices at the least hyphen cost of the ladder that keeps the
    paragraphs' hyphenated lines, with ``others`` (lines, hyphenated ones)
    that the breaker does not set, at ``share`` at most (fewer hyphens as it
    grows), or at the most there is; and that cost. ``start``: the cost the
    paragraphs were laid out with before, kept if it still keeps the share,
    so that the booklet changes only where it must. ``follows``: whether
    each paragraph's first line sits below the one before's last (``_opening``)."""
    tried: dict[int, list[tuple | None]] = {}
    # a paragraph's choice without a hyphen at a cost is its choice at every dearer one (only ways
    # with hyphens get dearer): kept with the cheapest step it was found at, not weighed again
    unhyphenated: dict[tuple[int, int], tuple[int, tuple]] = {}

    def choose(index: int, step: int, opening: int) -> tuple | None:
        found = unhyphenated.get((index, opening))
        if found is not None and found[0] <= step:
            return found[1]
        choice = variants[index].best(_HYPHEN_COSTS[step], opening)
        if choice is not None and not hyphen_count(paragraphs[index].tokens, choice[0]):
            unhyphenated[index, opening] = (step, choice)
        return choice

    def within(step: int) -> bool:
        choices = tried[step] = []
        for index in range(len(variants)):
            choices.append(choose(index, step, _opening(choices, index, follows)))
        lines = others[0] + sum(len(c[0]) + 1 if c is not None else p.lines for p, c in zip(paragraphs, choices))
        hyphens = others[1] + sum(
            hyphen_count(p.tokens, c[0]) if c is not None else p.hyphens for p, c in zip(paragraphs, choices)
        )
        return hyphens <= share * lines

    low, high = 0, len(_HYPHEN_COSTS) - 1
    if start in _HYPHEN_COSTS:
        step = _HYPHEN_COSTS.index(start)
        if within(step):
            low = high = step
        else:
            low = min(step + 1, high)
    while low < high:
        middle = (low + high) // 2
        if within(middle):
            high = middle
        else:
            low = middle + 1
    if low not in tried:
        within(low)
    return tried[low], _HYPHEN_COSTS[low]


def _opening(choices: list[tuple | None], index: int, follows: list[bool] | None) -> int:
    """The fitness (``_choose``'s) of the line above paragraph ``index``'s
    first: the last justified line of the one before, as it is chosen,
    where it follows that one (``follows``); 0: none to weigh."""
    if not follows or not follows[index] or choices[index - 1] is None:
        return 0
    return choices[index - 1][7]


def _evened(
    paragraphs: list[_Paragraph], variants: list[_Variants], choices: list[tuple | None], steps: list[int], follows: list[bool]
) -> list[tuple | None]:
    """``choices`` with each paragraph that another follows (``follows``)
    chosen again at its step, between the last justified line of the one
    before and the first line of the one after (``_choose``), where that
    keeps its lines and brings no hyphen: the ladder chooses a paragraph
    knowing the one above, not the one below."""
    choices = list(choices)
    for index in range(len(choices) - 1):
        current, below = choices[index], choices[index + 1]
        if current is None or below is None or not follows[index + 1]:
            continue
        other = variants[index].best(_HYPHEN_COSTS[steps[index]], _opening(choices, index, follows), below[8])
        tokens = paragraphs[index].tokens
        if (
            other is not None and len(other[0]) == len(current[0])
            and hyphen_count(tokens, other[0]) <= hyphen_count(tokens, current[0])
        ):
            choices[index] = other
    return choices


def _spent(
    paragraphs: list[_Paragraph], variants: list[_Variants], choices: list[tuple | None], steps: list[int],
    others: tuple[int, int], share: float, follows: list[bool] | None = None,
) -> tuple[list[tuple | None], list[int]]:
    """``choices`` (each paragraph's at its language's step of the ladder,
    ``steps``), and their steps, with the hyphens a share of ``share`` of the booklet's lines
    (``others``: the lines, hyphenated ones, that the breaker does not set)
    still allows, each given to the paragraph whose choice at a cheaper step
    removes the most demerits by it (its lines' own, the hyphens' cost taken
    off), at least _SPEND_FROM, with as many lines: the ladder's one cost
    for a language's paragraphs holds back the hyphens of every one to keep
    its share, where a few would take the loosest lines away; and a
    language's share is counted on its own lines (a passage left in the
    source language has its own), where the booklet's lines are what the
    print shop counts."""
    choices, steps = list(choices), list(steps)

    def hyphens(index: int, choice: tuple | None) -> int:
        return hyphen_count(paragraphs[index].tokens, choice[0]) if choice is not None else paragraphs[index].hyphens

    def own(index: int, choice: tuple, at: int) -> float:
        return choice[3] - _HYPHEN_COSTS[at] * hyphens(index, choice)

    while True:
        left = _hyphens_left(paragraphs, choices, others, share)
        best = None
        for index, (current, step) in enumerate(zip(choices, steps)):
            if current is None or own(index, current, step) < _SPEND_FROM:
                continue  # (no choice has demerits below 0: none would save enough)
            for cheaper in range(step - 1, -1, -1):
                other = variants[index].best(_HYPHEN_COSTS[cheaper], _opening(choices, index, follows))
                if other is None or len(other[0]) != len(current[0]):
                    continue
                more = hyphens(index, other) - hyphens(index, current)
                if not 0 < more <= left:
                    continue
                saved = (own(index, current, step) - own(index, other, cheaper)) / more
                if saved >= _SPEND_FROM and (best is None or saved > best[0]):
                    best = (saved, index, other, cheaper)
        if best is None:
            return choices, steps
        _, index, choices[index], steps[index] = best


def _hyphens_left(paragraphs: list[_Paragraph], choices: list[tuple | None], others: tuple[int, int], share: float) -> int:
    """The hyphenated lines a share of ``share`` of the booklet's lines still
    allows, the paragraphs broken at ``choices`` (``others``: the lines, and
    hyphenated ones, that the breaker does not set); below 0: over it."""
    lines, hyphens = others
    for p, c in zip(paragraphs, choices):
        lines += len(c[0]) + 1 if c is not None else p.lines
        hyphens += hyphen_count(p.tokens, c[0]) if c is not None else p.hyphens
    return int(share * lines + 1e-9) - hyphens


#: The word spacing (em) beyond which the text around is taken to set one
#: (layout.settle's SPACINGS, 0.03em at least), not layout.BASE_STYLE's
#: thousandth of a pixel, which only has WeasyPrint measure a line as drawn.
_SET_AROUND = 1e-3


def _allowed(paragraph: _Paragraph, tracking: float) -> bool:
    """Whether the paragraph may be tracked ``tracking`` em: not one whose
    generated label shares its line's spacing, and never against the word
    spacing the text around sets (layout.settle's, to push lines onto a
    runt page or pull them back: undone here, it would push nothing). A
    right-to-left paragraph is never tracked: letter spacing breaks the
    joins of Arabic letters."""
    if paragraph.fixed or paragraph.rtl:
        return not tracking
    around = paragraph.word_spacing / paragraph.em
    if around > _SET_AROUND and tracking < 0:
        return False
    return not (around < -_SET_AROUND and tracking > 0)


def _tightest(paragraph: _Paragraph) -> float:
    """What the paragraph's word spacing may be made tighter by (em, at most
    0): never tighter than TIGHT with what the text around sets, and never
    against a wider spacing it sets (see ``_allowed``)."""
    around = paragraph.word_spacing / paragraph.em
    if paragraph.fixed or around > _SET_AROUND:
        return 0.0
    return min(0.0, max(-TIGHT, -TIGHT - around))


def _room(
    tokens: list[Token], chosen: list[int], first: float, rest: float, last_line: list[Token] | None = None
) -> list[tuple[float, int]]:
    """Each line of ``tokens`` broken at ``chosen``: what it leaves free of
    its measure (px, below 0: too long; its hyphen counted) and its word
    spaces; the last line after a space as ``last_line`` has it (untracked), if given."""
    found = []
    start, measure = 0, first
    for end in chosen + [len(tokens)]:
        untracked = last_line is not None and end == len(tokens) and (not chosen or tokens[chosen[-1]].kind == "glue")
        natural = sum(t.width for t in (last_line if untracked else tokens)[start:end] if t.kind != "penalty")
        if end < len(tokens) and tokens[end].kind == "penalty":
            natural += tokens[end].width
        found.append((measure - natural, sum(1 if t.kind == "glue" else t.spaces for t in tokens[start:end])))
        start, measure = end + 1, rest
    return found


def _needs(
    tokens: list[Token], chosen: list[int], first: float, rest: float, margin: float, em: float,
    last_line: list[Token] | None = None, gains: list[float] | None = None,
) -> list[float]:
    """What each line broken at ``chosen`` needs its word spaces made
    tighter by to fit (em, 0 or below: ``_lines``' shrink); the last line
    after a space as ``last_line`` has it (untracked), if given; each line
    with what its width adds (``gains``, px), if given."""
    lines = _room(tokens, chosen, first - margin, rest - margin, last_line)
    added = (gains or []) + [0.0] * (len(lines) - len(gains or []))
    return [min(0.0, (free - gain) / spaces / em) if spaces else 0.0 for (free, spaces), gain in zip(lines, added)]


def _shift_for(needs: list[float], tightest: float) -> float:
    """What the paragraph's word spacing must be made tighter by (em, 0 or
    below) for lines that need ``needs`` (``_needs``), in hundredths of an
    em: the least that does, so that its last line, which justification
    does not widen, keeps its spaces as near normal as it can where it must
    take the shift (``_set_apart``)."""
    need = min(needs)
    if not need:
        return 0.0
    return max(tightest, -ceil(-need * 100 - 1e-9) / 100)


def _variant(
    paragraph: _Paragraph, tracking: float, margin: float, tracked: list[Token], widen: Callable[[], list[list[float]]] | None = None,
    face: float | None = None,
) -> _Graphs:
    """The lines that fit with the paragraph's letter spacing ``tracking`` em
    more (``tracked``: its tokens so measured) and its word spacing as tight
    as it may be (``_tightest``), as the graphs to choose from; ``widen``,
    ``face``: ``_lines``' (``_face_space``)."""
    around = paragraph.word_spacing / paragraph.em
    shrink = -_tightest(paragraph) * paragraph.em
    plain = paragraph.tokens if tracking else None
    at, track = paragraph.at, _line_most(paragraph, tracking)
    own = tracking + paragraph.letter_spacing / paragraph.em

    def made(loose: bool) -> dict:
        return _kept_lines(
            tracked, paragraph.first, paragraph.rest, margin, around, shrink, loose=loose, last_line=plain, at=at, track=track,
            widen=widen, face=face, own=own,
        )

    return _Graphs(tracked, made, paragraph.keep)


#: ``_lines``' graphs by the values they were found from (``_kept_lines``), until ``forget``.
_LINES: dict[tuple, list[tuple[list | None, dict]]] = {}


def _kept_lines(
    tokens: list[Token], first: float, rest: float, margin: float, around: float, shrink: float, *, loose: bool,
    last_line: list[Token] | None, at: list[int], track: float, widen: Callable[[], list[tuple[int, list[float]]]] | None,
    face: float | None = None, own: float = 0.0,
) -> dict[int, list[tuple[int, float]]]:
    """``_lines``, found once for the same values: settle plans a booklet
    again after each render, and most of its paragraphs come back measured
    as they were (new objects, the same tokens). ``_lines`` is a function
    of its arguments' values and of what ``widen`` gives, which it asks for
    (if at all) where the values alone decide: a graph found with gains is
    given again only where ``widen`` gives the same. The graphs are shared,
    and never changed by those who read them (``_choose``, ``_numbered``)."""
    key = (
        tuple(tokens), first, rest, margin, around, shrink, loose, None if last_line is None else tuple(last_line), tuple(at),
        track, widen is None, face, own,
    )
    for gains, found in _LINES.get(key, ()):
        if gains is None or gains == widen():
            return found
    asked: list[list[tuple[int, list[float]]]] = []

    def widened() -> list[tuple[int, list[float]]]:
        asked.append(widen())
        return asked[-1]

    found = _lines(
        tokens, first, rest, margin, around, shrink, loose=loose, last_line=last_line, at=at, track=track,
        widen=None if widen is None else widened, face=face, own=own,
    )
    _LINES.setdefault(key, []).append((asked[0] if asked else None, found))
    return found


def _face_space(paragraph: _Paragraph) -> float | None:
    """The word space of the paragraph's face (em), without the word and
    letter spacing its tokens are measured with: the median of its spaces
    (a space in italics or in code is another face's). None where a reader's
    view of its spaces is not weighed (``_seen``): a paragraph without one,
    and one set right to left, whose face's spaces are wider by nature (a
    designer would print the Arabic booklet as it is)."""
    spaces = sorted(
        (token.width - paragraph.word_spacing - paragraph.letter_spacing) / token.em
        for token in paragraph.tokens if token.kind == "glue"
    )
    return spaces[len(spaces) // 2] if spaces and not paragraph.rtl else None


def _line_most(paragraph: _Paragraph, tracking: float = 0.0) -> float:
    """What a loose line of the paragraph tracked ``tracking`` em may be
    tracked by besides (em): what LINE_TRACKING leaves; none where its
    tokens have no text. (A paragraph whose label shares its spacing,
    ``_allowed``, too: a line's spans are in its own text.) None right to
    left (``_allowed``)."""
    return max(0.0, LINE_TRACKING - max(tracking, 0.0)) if paragraph.at and not paragraph.rtl else 0.0


class _Graphs:
    """A spacing's graphs (``_variant``), the first that has a way through
    chosen from: those that keep the paragraph's page ends (``Keep``)
    first, and without loose lines first; each made when it is first
    asked for: a choice rarely gets past the first (numbering the lines of a
    kept paragraph costs more than finding them, and the loose lines are
    most of a paragraph's lines)."""

    def __init__(self, tokens: list[Token], made: Callable[[bool], dict], keep: Keep | None) -> None:
        self.tokens, self.made, self.keep = tokens, made, keep
        self._made: dict[int, tuple[dict, tuple[int, int] | None]] = {}

    def __len__(self) -> int:
        return self.levels(self.keep)

    @staticmethod
    def levels(keep: Keep | None) -> int:
        return 2 if keep is None else 4

    def __getitem__(self, level: int) -> tuple[dict, tuple[int, int] | None]:
        level %= len(self)
        if level not in self._made:
            if self.keep is not None and level % 2 == 0:  # the next level's lines, numbered
                self._made[level] = _numbered(self.tokens, self[level + 1][0], self.keep)
            else:  # the second half has the loose lines too
                self._made[level] = (self.made(level >= len(self) // 2), None)
        return self._made[level]


class _Variants:
    """A paragraph's trackings, in the order they are weighed, each measured
    and its lines found only when a choice asks for them: most are never
    needed (``_best_variant``)."""

    def __init__(self, paragraph: _Paragraph, margin: float, keys: list[float] | None = None) -> None:
        self.paragraph, self.margin = paragraph, margin
        self.keys = keys if keys is not None else [tracking for tracking in TRACKINGS if _allowed(paragraph, tracking)]
        self.levels = _Graphs.levels(paragraph.keep)
        self.tightest = _tightest(paragraph)
        self.face = _face_space(paragraph)  # (once: every tracking's graphs and every line fitted weigh it)
        self._tracked: dict[float, list[Token]] = {}
        self._found: dict[float, _Graphs] = {}
        self._least: dict[float, int] = {}
        self._gains: list[list[float]] | None = None
        self._best: dict[tuple[float, int, int], tuple | None] = {}

    def best(self, hyphen_cost: float, opening: int = 0, following: int = 0) -> tuple | None:
        """``_best_variant`` of the paragraph at ``hyphen_cost`` in its own
        graphs, between lines of fitness ``opening`` and ``following``
        (``_choose``): solved once, for the ladder and for ``_spent``, which
        asks again for the steps the ladder tried."""
        key = (hyphen_cost, opening, following)
        if key not in self._best:
            self._best[key] = _best_variant(self, hyphen_cost, opening=opening, following=following)
        return self._best[key]

    def tracked(self, tracking: float) -> list[Token]:
        """The paragraph's tokens tracked ``tracking`` em: measured once
        with its ligatures off (``_UNLIGATED``), and each tracking added to
        that letter by letter (``_retracked``)."""
        if tracking not in self._tracked:
            if not tracking or not self.paragraph.at:  # (tokens without their text: measured as asked)
                self._tracked[tracking] = _tracked(self.paragraph, tracking)
            else:
                if _UNLIGATED not in self._tracked:
                    self._tracked[_UNLIGATED] = _tracked(self.paragraph, _UNLIGATED)
                self._tracked[tracking] = _retracked(self.paragraph, self._tracked[_UNLIGATED], tracking - _UNLIGATED)
        return self._tracked[tracking]

    def found(self, key: float) -> _Graphs:
        """The graphs of ``_variant`` for the tracking ``key``."""
        if key not in self._found:
            widen = self.gains if _line_most(self.paragraph) else None
            self._found[key] = _variant(self.paragraph, key, self.margin, self.tracked(key), widen, self.face)
        return self._found[key]

    def gains(self) -> list[tuple[int, list[float]]]:
        """For each of ``fonts.WIDTHS`` the paragraph's words may be set in
        (``_widths``, narrowest first), what setting its tokens in it adds
        (px, below 0: takes off), summed from its first token: index i, the
        tokens before i. Measured once, with its tracking none (a tracked
        letter gains as an untracked one)."""
        if self._gains is None:
            p = self.paragraph
            self._gains = []
            for width in _widths(p):
                total = [0.0]
                for token, wide in zip(p.tokens, _measured(p, p.word_spacing, p.letter_spacing, width)):
                    total.append(total[-1] + (wide.width - token.width if token.kind != "penalty" else 0.0))
                self._gains.append((width, total))
        return self._gains

    def least_lines(self, key: float) -> int:
        """No way of breaking the paragraph tracked ``key`` has fewer lines (0: none fits at all)."""
        if key not in self._least:
            widest = max(self.paragraph.first, self.paragraph.rest) - self.margin
            tokens = self.tracked(key)
            if key:  # its last line is set untracked: each token counted as the narrower of the two
                tokens = [min(t, u, key=lambda token: token.width) for t, u in zip(tokens, self.tracked(0.0))]
            narrower = _narrowest(self.gains()) if _line_most(self.paragraph) else None
            if narrower is not None:  # a line's words may be set narrower: each token counted as narrow as it may be
                tokens = [
                    Token(t.kind, t.width + min(0.0, narrower[i + 1] - narrower[i]), t.spaces, t.hyphen, t.soft, t.em)
                    for i, t in enumerate(tokens)
                ]
            self._least[key] = _least_lines(tokens, widest, -self.tightest * self.paragraph.em)
        return self._least[key]

    def line_fits(self, key: float, chosen: list[int]) -> tuple[list[float], list[int], list[float]]:
        """What each line but the last of breaks ``chosen`` of the paragraph
        tracked ``key`` has its inner words tracked by besides (em), the
        width (``fonts.WIDTHS``, 0: the text's) they are set in, and what
        that adds to the line (px), as ``_lines`` weighed it (``_line_fit``)."""
        p = self.paragraph
        most = _line_most(p, key)
        if not _line_most(p):
            return [0.0] * len(chosen), [0] * len(chosen), [0.0] * len(chosen)
        tokens = self.tracked(key)
        first, last = _glues(tokens)
        trackings, widths, gains, start = [], [], [], 0
        around, shrink = p.word_spacing / p.em, -self.tightest * p.em
        for (free, spaces), end in zip(_room(tokens, chosen, p.first, p.rest), chosen):
            (a, b), em = _line_span(tokens, first, last, start, end), tokens[end - 1].em
            width, gain, tracking = 0, 0.0, 0.0
            if free > (LINE_FROM - around) * spaces * em or free < self.margin:
                others = [(w, total[b] - total[a]) for w, total in self.gains()] if a < b else []
                fit = _line_fit(
                    free, self.margin - spaces * shrink, spaces, _inner(p.at, a, b), others, em, around, most,
                    self.face, key + p.letter_spacing / p.em,
                )
                width, gain, tracking = fit[:3] if fit is not None else (0, 0.0, 0.0)
            trackings.append(tracking)
            widths.append(width)
            gains.append(gain)
            start = end + 1
        return trackings, widths, gains

    def needs(self, key: float, chosen: list[int], gains: list[float] | None = None) -> list[float]:
        """``_needs`` of breaks ``chosen`` of the paragraph tracked ``key``,
        each line's words set in the width that adds ``gains`` (px, ``line_fits``)."""
        p = self.paragraph
        return _needs(self.tracked(key), chosen, p.first, p.rest, self.margin, p.em, self.tracked(0.0) if key else None, gains)


def _least_lines(tokens: list[Token], measure: float, shrink: float = 0.0) -> int:
    """The fewest lines ``tokens`` can be broken into, each no wider than
    ``measure`` with its word spaces ``shrink`` px tighter, greedily (each
    line as long as it can be); 0: not even a line fits. A line ``_lines``
    finds fits here too: it is measured no wider here (a hyphen's width
    left out, and a box narrower than nothing, as a prefix kerned shorter
    than the one before may make it, counted as shortening every line), on
    a measure no narrower, so none of its ways through has fewer lines."""
    ends = [i for i, token in enumerate(tokens) if token.kind != "box"] + [len(tokens)]
    widths, shorter = [0.0], 0.0
    for token in tokens:
        width = token.width if token.kind != "penalty" else 0.0
        width -= (1 if token.kind == "glue" else token.spaces) * shrink if token.kind != "penalty" else 0.0
        widths.append(widths[-1] + max(width, 0.0))
        shorter -= min(width, 0.0)
    if shorter:  # then the sums above are not ``_lines``' own: room for their rounding
        measure += shorter * (1 + 1e-9) + 1e-9
    measure += 1e-9 * (abs(measure) + widths[-1])  # and for the rounding of a shrink taken off space by space
    count, start, index = 0, 0, 0
    while True:
        reach = None
        while index < len(ends) and widths[ends[index]] - widths[start] <= measure:
            reach, index = ends[index], index + 1
        if reach is None:
            return 0
        count += 1
        if reach == len(tokens):
            return count
        start = reach + 1


def _spacing_cost(tracking: float) -> float:
    """What each line set with this tracking costs."""
    return _TRACK_COST * (tracking / 0.01) ** 2


Graph = Callable[[float, int], tuple[dict, "tuple[int, int] | None"]]


def _best_variant(
    variants: _Variants, hyphen_cost: float, graph: Graph | None = None, levels: int | None = None, opening: int = 0,
    following: int = 0,
) -> tuple | None:
    """(breaks, shift, tracking, demerits, set apart, each line's tracking,
    each line's width, the fitness of the last justified line and of the
    first, ``_choose``'s, below a line of fitness ``opening`` and above one
    of ``following``) of the tracking that gives the
    least demerits, a tracked line's cost included (the first of equals),
    in the first of the variants' graphs (``_variant``, or ``graph``'s
    ``levels``) that has a way through; the shift is what the breaks need
    (``_shift_for``).

    A paragraph is tracked only where that may save a hyphen or an uneven
    line: the other trackings are not weighed (nor measured) when the
    first's breaks have neither (``_even``). Nor is one that cannot win:
    each line costs at least 1 (``_line_demerits``) plus its tracking's own
    cost, so a way through its graph costs at least that many times its
    fewest lines (``least_lines``); one that costs no less than the best
    found so far cannot replace it. The bound is computed as the cost is,
    so rounding cannot make it pass the cost."""
    if graph is None:
        graph = lambda key, level: variants.found(key)[level]
    for level in range(variants.levels if levels is None else levels):
        best = None
        for index, key in enumerate(variants.keys):
            cost = _spacing_cost(key)
            if best is not None and (
                (_bound(1, cost), index) >= best[:2] or (_bound(variants.least_lines(key), cost), index) >= best[:2]
            ):
                continue
            lines, final = graph(key, level)
            tokens = variants.tracked(key)
            found = _choose(tokens, lines, hyphen_cost, final, opening, following)
            if found is None:
                continue
            demerits = found[1] + cost * (len(found[0]) + 1)
            if best is None or (demerits, index) < best[:2]:
                best = (demerits, index, found[0], key, found[2:])
            if index == 0 and _even(variants, key, found[0]):
                break
        if best is not None:
            demerits, _, chosen, key, fitness = best
            trackings, widths, gains = variants.line_fits(key, chosen)
            needs = variants.needs(key, chosen, gains)
            return chosen, _shift_for(needs, variants.tightest), key, demerits, not needs[-1], trackings, widths, *fitness
    return None


def _even(variants: _Variants, key: float, chosen: list[int]) -> bool:
    """Whether breaks ``chosen`` of the paragraph tracked ``key`` have no
    hyphen and no line whose word spaces justification widens by more than EVEN."""
    return not hyphen_count(variants.tracked(key), chosen) and _loosest(variants, key, chosen) <= EVEN


def _loosest(variants: _Variants, key: float, chosen: list[int]) -> float:
    """The most justification widens a word space (em) in a line of breaks
    ``chosen`` of the paragraph tracked ``key``, its last line aside (inf
    for a line of one word, which has no space to widen)."""
    p = variants.paragraph
    lines = _room(variants.tracked(key), chosen, p.first, p.rest)[:-1]
    return max((free / spaces / p.em + p.word_spacing / p.em if spaces else inf for free, spaces in lines), default=0.0)


def _bound(lines: int, cost: float) -> float:
    """The least a way through a graph of at least ``lines`` lines costs (no way at all: inf)."""
    return lines + cost * lines if lines else inf


def _lengthened(
    paragraphs: list[_Paragraph], variants: list[_Variants], choices: list[tuple | None], hyphen_cost: float,
    more: int, page: int = 0, *, others: tuple[int, int] = (0, 0), share: float = 1.0, even: bool = False,
    follows: list[bool] | None = None,
) -> list[tuple | None]:
    """``choices`` with ``more`` lines in all (fewer, below 0), one from each
    of the paragraphs it costs least to set a line longer (shorter), with no
    line looser than LOOSE; as they were if there are not enough. With a
    runt ``page``, those that end on it come first, then those that end on
    the page before: a line from a paragraph further back may be taken up
    on the way (a page's foot keeping a paragraph's last lines together)
    and never reach it; one that ends after it is left as it is. One whose
    line more (fewer) brings hyphens is passed over where they would take
    the hyphenated lines over ``share`` of the booklet's (``others``: the
    lines, and hyphenated ones, that the breaker does not set): a line more
    weighed at the English passage's cheap hyphen cost brought the German
    booklet's hyphens from 5 to 12 of 65 lines for a runt page (18 %,
    over layout.MAX_HYPHEN_SHARE), which only the layouts that followed
    took back. With ``even``, only a paragraph whose lines justification
    widens by EVEN at most offers its line: a short page filled with loose
    lines trades a fault for another (the Arabic page 6's three-line
    paragraph set in four: 0.32 em added, three lines with half an em
    between words)."""
    step = 1 if more > 0 else -1
    more -= step * min(abs(more), _kept_over(paragraphs, variants, choices, hyphen_cost, step))
    if not more:
        return choices
    offers = []
    for index, (paragraph, found, choice) in enumerate(zip(paragraphs, variants, choices)):
        if choice is None or not found.keys or page and paragraph.last_page > page:
            continue  # (one that ends after the runt: a line more or fewer there cannot reach it)
        keep = Keep(len(choice[0]) + 1 + step, frozenset())

        def numbered(key: float, level: int, found: _Variants = found, keep: Keep = keep) -> tuple:
            graphs = found.found(key)
            return _numbered(graphs.tokens, graphs[0 if graphs.keep is None else 1][0], keep)  # no loose line

        other = _best_variant(found, hyphen_cost, numbered, 1, _opening(choices, index, follows))
        if other is not None and not (even and _loosest(found, other[2], other[0]) > EVEN):
            far = min(page - paragraph.last_page, 2) if page else 0
            offers.append((far, other[3] - choice[3], index, other))
    result, taken = list(choices), 0
    for *_, index, other in sorted(offers, key=lambda offer: offer[:3]):
        tried = result[:index] + [other] + result[index + 1:]
        tokens = paragraphs[index].tokens
        more_hyphens = hyphen_count(tokens, other[0]) > hyphen_count(tokens, choices[index][0])
        if more_hyphens and _hyphens_left(paragraphs, tried, others, share) < 0:
            continue
        result, taken = tried, taken + 1
        if taken == abs(more):
            return result
    return choices


def _kept_over(
    paragraphs: list[_Paragraph], variants: list[_Variants], choices: list[tuple | None], hyphen_cost: float, step: int
) -> int:
    """The lines (``step``: more, -1: fewer) that paragraphs kept at the
    lines they were laid out with (``Keep``) hold over their best breaks:
    a line a runt asked for before, laid out, and kept for a page's end;
    counted again, the runt got it twice (the German booklet's page 7 six
    lines, the sixth a loose one from another paragraph)."""
    over = 0
    for paragraph, found, choice in zip(paragraphs, variants, choices):
        if choice is None or paragraph.keep is None or not found.keys:
            continue
        free = _best_variant(found, hyphen_cost, lambda key, level, found=found: found.found(key)[2 * level + 1], 2)
        if free is not None:
            over += max(0, step * (len(choice[0]) - len(free[0])))
    return over


def _apply(paragraph: _Paragraph) -> None:
    """Write the chosen breaks into the paragraph's text nodes: no-break
    spaces inside its lines, a space at each break between words, a soft
    hyphen at each break inside one, and ``hyphens: manual``."""
    chosen = set(paragraph.chosen or [])
    edits: dict[int, str] = {}  # character of the collapsed text -> what it becomes
    for index, token in enumerate(paragraph.tokens):
        if token.kind == "glue":
            position = paragraph.at[index]
            edits[position] = " " if index in chosen or _between_numbers(paragraph, position) else "\u00a0"
        elif token.kind == "penalty" and token.soft and index in chosen:
            position = paragraph.at[index]
            edits[position] = "\u00ad" + paragraph.text[position]
    kept = {place: (edits.get(i, paragraph.text[i])) for i, place in enumerate(paragraph.places)}
    ranges = _spans_of(paragraph)
    current = 0  # the first of ``ranges`` not ended before the character: they are in order, as the characters
    for number, ((node, slot), value) in enumerate(zip(paragraph.nodes, paragraph.originals)):
        if not value:
            continue
        segments: list[tuple[tuple[str, int] | None, list[str]]] = [(None, [])]  # (a span's style, or none: the node's; the text)
        for offset, char in enumerate(value):
            if (number, offset) in kept:
                piece = kept[(number, offset)]
            elif char not in _COLLAPSIBLE:
                piece = char
            elif not paragraph.places or (number, offset) < paragraph.places[0] or (number, offset) > paragraph.places[-1]:
                piece = char  # white space before or after the text: WeasyPrint drops it
            else:
                continue
            while current < len(ranges) and ranges[current][1] is not None and ranges[current][1] <= (number, offset):
                current += 1
            style = ranges[current][2] if current < len(ranges) and ranges[current][0] <= (number, offset) else None
            if style != segments[-1][0]:
                segments.append((style, []))
            segments[-1][1].append(piece)
        inherits = _inherits_spacing(paragraph, number)
        own_style = _node_style(paragraph, number)
        head, after = "".join(segments[0][1]), None
        for found, pieces in segments[1:]:
            text = "".join(pieces)
            style = None
            if found is not None:  # its width only where the node's face has that instance (not in code's)
                wider = _width_css(own_style, found[1]) if found[1] and own_style is not None and _has_width(own_style, found[1]) else ""
                style = "; ".join(filter(None, (found[0], wider))) or None
            if style is None or not (text.strip(_COLLAPSIBLE) and inherits):
                if after is None:
                    head += text
                else:
                    after.tail = (after.tail or "") + text
                continue
            if after is None and head and not head.strip(_COLLAPSIBLE):
                text, head = head + text, ""  # a break's space alone in a box (``_set_apart``)
            after = _span(paragraph, number, text, style, after)
        setattr(node, slot, head)
    own = (paragraph.style or "").strip().rstrip(";")
    spacing = f"; word-spacing: {paragraph.word_spacing + paragraph.shift * paragraph.em:.4f}px" if paragraph.shift else ""
    if paragraph.tracking:
        spacing += f"; letter-spacing: {paragraph.letter_spacing + paragraph.tracking * paragraph.em:.4f}px"
    paragraph.element.set("style", (own + "; " if own else "") + "hyphens: manual" + spacing)


def _between_numbers(paragraph: _Paragraph, position: int) -> bool:
    """Whether the space at ``position`` of a right-to-left paragraph is
    between two digits: a no-break space there would join them into one
    number (Unicode's bidi rule W4: a common separator between two numbers
    takes their class), "1990 20" read "20 1990". It stays a space, which
    WeasyPrint breaks at only if the chosen line does not fit (and then
    ``verify`` finds it)."""
    text = paragraph.text
    return paragraph.rtl and 0 < position < len(text) - 1 and text[position - 1].isdigit() and text[position + 1].isdigit()


def _set_apart(paragraph: _Paragraph) -> tuple[int, str]:
    """Where the paragraph's last line, or its part from its first word
    space, is set apart in spans of their own (a character of its text;
    its length: nowhere), and their style: the word spacing the text around
    sets, where the line fits so (``apart``), and for a tracked paragraph's
    line that starts after a space, the letter spacing the text around sets.

    A justified line looks the same whatever the paragraph's word spacing
    and tracking (justification adds back what they take off), a short last
    line does not: its spaces would be squeezed, its letters spaced out or
    squeezed, beside a gap. CSS has no last-line selector. Word spacing is
    set apart from the line's first space on, a no-break space: a span that
    starts at a break is laid out after a box of that break's space alone,
    to which WeasyPrint adds a zero-width space when the paragraph's word
    spacing is not 0 (the line then does not read as chosen), and one that
    starts after a soft hyphen takes the hyphen away (WeasyPrint breaks
    between the two boxes, and draws none). A line that starts inside a word
    stays tracked: a word's tracked half beside its untracked one would show."""
    text, chosen = paragraph.text, paragraph.chosen
    words = f"word-spacing: {paragraph.word_spacing:.4f}px" if paragraph.shift and paragraph.apart else ""
    if not chosen:
        return len(text), ""  # one line: never tracked (``_even``)
    start = paragraph.at[chosen[-1]]
    if paragraph.tracking and paragraph.tokens[chosen[-1]].kind == "glue":
        letters = f"letter-spacing: {paragraph.letter_spacing:.4f}px"
        return start + 1, "; ".join(filter(None, (letters, words)))
    if not words:
        return len(text), ""
    return min(text.find(char, start + 1) % (len(text) + 1) for char in " \u00a0"), words


def _node_style(paragraph: _Paragraph, number: int) -> object | None:
    """The computed style the text node ``number`` was laid out in (None: it has no text laid out)."""
    return next((paragraph.styles[i] for i, (node, _) in enumerate(paragraph.places) if node == number), None)


def _inherits_spacing(paragraph: _Paragraph, number: int) -> bool:
    """Whether the text node ``number`` is laid out in the word and letter
    spacing of its paragraph (not one its own style sets)."""
    places = [i for i, (node, _) in enumerate(paragraph.places) if node == number]
    if not places:
        return False
    style = paragraph.styles[places[-1]]
    return abs(_letter_spacing(style) - paragraph.laid[1]) < 1e-6 and abs((style["word_spacing"] or 0.0) - paragraph.laid[0]) < 1e-6


#: The spans that set a paragraph's last line apart (``_span``), by their
#: ``id``: (span, the element whose text it holds), until ``forget``.
_SPANS: dict[int, tuple[object, object]] = {}


def _span(paragraph: _Paragraph, number: int, text: str, style: str, after: object | None = None) -> object:
    """Put ``text``, a part of the text node ``number`` (the last line's,
    ``_set_apart``, or a line's tracked words, ``_spans_of``), in a span of
    its own in ``style``, after the span ``after`` of the same node, if
    given. Taken out again by ``Plan.restore``."""
    node, slot = paragraph.nodes[number]
    parent = node if slot == "text" else paragraph.owners[number]
    span = parent.makeelement("span", {"style": style})
    span.text = text
    if after is not None:
        index = list(parent).index(after) + 1
    else:
        index = 0 if slot == "text" else list(parent).index(node) + 1
    parent.insert(index, span)
    paragraph.spans.append((parent, span))
    _SPANS[id(span)] = (span, paragraph.owners[number])
    return span


def _spans_of(paragraph: _Paragraph) -> list[tuple[tuple[int, int], tuple[int, int] | None, tuple[str, int]]]:
    """The parts of the paragraph's text set in spans of their own: (where
    each starts, where it ends: a place of ``places``, or None: the end;
    its style, and the width its words are set in, 0: the text's). Each
    tracked or widened line's words (``line_tracking``, ``line_widths``,
    ``_line_span``, ``_inner``) with the space it breaks at,
    and the last line as ``_set_apart`` has it.

    A line's span takes its break's space: a space alone between two spans
    is a box of its own, to which WeasyPrint adds a zero-width space where
    the word spacing is not 0, and the line then does not read as chosen
    (every paragraph of the Russian booklet was left to WeasyPrint's breaks
    so, 27 % of its lines hyphenated). A part of a word broken across lines
    stays as its other part is: a word's halves in two widths would show."""
    p, found = paragraph, []
    if p.line_tracking and p.chosen:
        first, last = _glues(p.tokens)
        start = 0
        for end, tracking, width in zip(p.chosen, p.line_tracking, p.line_widths or [0] * len(p.chosen)):
            a, b = _line_span(p.tokens, first, last, start, end)
            if (tracking or width) and _inner(p.at, a, b):
                letters = p.letter_spacing + (p.tracking + tracking) * p.em
                css = f"letter-spacing: {letters:.4f}px" if tracking else ""
                # to the break's space included: a space alone between two spans (this line's and the
                # next's, or the last line's set apart after it) is a box of its own, which WeasyPrint
                # lays out otherwise (``_set_apart``)
                stop = p.at[b] + 1 if b == end else p.at[b]
                found.append((p.places[p.at[a]], p.places[stop] if stop < len(p.places) else None, (css, width)))
            start = end + 1
    last_char, apart = _set_apart(p)
    if last_char < len(p.places) and apart:
        found.append((p.places[last_char], None, (apart, 0)))
    return found


def plain_spaces(document: object, texts: dict[int, str]) -> None:
    """Give the laid-out lines of the paragraphs of ``texts`` (an element's
    ``id`` -> its text, white space collapsed, before any breaks were chosen)
    their word spaces back where the breaks made no-break spaces of them,
    for the text layer: copied or searched text has spaces where the
    source has. Only where a no-break space and a space are as wide in the
    run's style, so nothing drawn moves; a paragraph whose lines do not
    read as its text is left as it is."""
    from weasyprint.formatting_structure import boxes

    found: dict[int, list[object]] = {}

    def walk(box: object) -> None:
        if isinstance(box, boxes.LineBox):
            if id(box.element) in texts and getattr(box, "element_tag", "") in _SET:
                found.setdefault(id(box.element), []).extend(
                    child for child in box.descendants() if isinstance(child, boxes.TextBox)
                )
            return
        for child in getattr(box, "children", None) or []:
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    for key, text_boxes in found.items():
        edits = _spaces_back(texts[key], [box.text for box in text_boxes])
        if edits is None:
            continue
        for box, new in zip(text_boxes, edits):
            if new != box.text and _width("n\u00a0n", box.style) == _width("n n", box.style):
                box.text = new
                if getattr(box, "pango_layout", None) is not None:
                    box.pango_layout.text = new


def _spaces_back(text: str, laid: list[str]) -> list[str] | None:
    """``laid`` (the texts of a paragraph's boxes, in order) with a space for
    each no-break space that stands for a space of ``text``; None if they do
    not read as ``text`` (with soft hyphens and line-end hyphens added, and
    spaces dropped at line ends)."""
    position, result = 0, []
    for piece in laid:
        out = []
        for char in piece:
            if char == "\u00ad" or (char == "\u2010" and (position >= len(text) or text[position] != "\u2010")):
                out.append(char)  # a chosen hyphenation point, not the text's own
                continue
            while position < len(text) and text[position] in " \u00a0" and char != " " and char != "\u00a0":
                position += 1  # the space a line ended at (or the no-break space before a short last word)
            if position >= len(text):
                return None
            if char == text[position] or (char == " " and text[position] == " "):
                out.append(char)
            elif char == "\u00a0" and text[position] == " ":
                out.append(" ")
            else:
                return None
            position += 1
        result.append("".join(out))
    return result if position == len(text) else None
