"""Typography by language, applied when rendering: quotation marks,
apostrophes, dashes and non-breaking spaces. The catalogues keep what the
translators typed; only what a reader sees is set.

Why by hand: markdown-it's ``typographer`` (smartquotes) works at parse time
on tokens that every language shares (``source.inline_tokens``), knows one
set of quotes per parser and no spacing rules; Babel has no CLDR quotation
delimiters. The rules here are the table in the README ("Typography").

The rules work on one block's inline text at a time: the text tokens of a
paragraph are joined (markup between them is transparent, inline code is an
opaque word) so that a quote opened before ``*emphasis*`` closes after it.
Every rule replaces one character of the joined text by zero or more
characters, so the result splits back into the tokens it came from.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..source import listed_hyphens
from ..tags import base

__all__ = ["Rules", "characters", "rules_for", "set_pieces", "typeset", "OPAQUE", "TRANSPARENT"]

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space
APOSTROPHE = "\u2019"

#: What a piece of inline markup stands for when the text around it is set:
#: emphasis and links are transparent, inline code and images are a word.
TRANSPARENT = ""
OPAQUE = "\ufffc"


@dataclass(frozen=True)
class Rules:
    """One language's conventions."""

    quotes: tuple[str, str, str, str]  # primary open, close; secondary open, close
    dash: str  # what a spaced hyphen between words becomes
    number_space: bool = True  # a no-break space between a number and the word after it
    one_letter_words: bool = False  # a no-break space after a one-letter word (Russian)
    bound_words: tuple[str, ...] = ()  # short words kept with the next word as well (``_bound``)
    ordinal_dot: bool = False  # "20. Januar": a no-break space after a number's dot
    percent: str = ""  # the space before %, if the language writes one (German: narrow)
    french_spacing: bool = False  # narrow spaces before ; ! ? and inside « », a no-break one before :


_RULES = {
    # American English's dash is the em dash: a designer read the English booklet's spaced en dash
    # ("declared – on") as British. Spaced, as American news setting has it: closed up, as Chicago's
    # ("declared—on"), the pair made one long word and its paragraph took a line more, with three
    # lines more over 0.40 em
    "en": Rules(("\u201c", "\u201d", "\u2018", "\u2019"), "\u2014"),
    "de": Rules(("\u201e", "\u201c", "\u201a", "\u2018"), "\u2013", ordinal_dot=True, percent=NNBSP),
    # Russian book setting leaves no preposition or conjunction of one or two
    # letters at a line's end: a Russian designer's review flagged
    # «подняться на» / «защиту» (measured: the booklet's loose lines stay 10,
    # its longest hyphen run went from 2 to 1)
    "ru": Rules(
        ("\u00ab", "\u00bb", "\u201e", "\u201c"), "\u2014", one_letter_words=True,
        bound_words=("на", "по", "до", "из", "от", "за", "об", "во", "ко", "со", "не", "ни", "но"),
    ),
    "az": Rules(("\u00ab", "\u00bb", "\u201e", "\u201c"), "\u2013"),
    "tr": Rules(("\u201c", "\u201d", "\u2018", "\u2019"), "\u2013"),
    "ar": Rules(("\u00ab", "\u00bb", "\u201d", "\u201c"), "\u2013"),
    "fr": Rules(("\u00ab", "\u00bb", "\u201c", "\u201d"), "\u2013", french_spacing=True),
}
#: Languages without rules of their own: straight quotes become English
#: ones only where that is the language's own convention; otherwise nothing
#: changes but apostrophes and dashes.
_NEUTRAL = Rules(("\"", "\"", "'", "'"), "\u2013", number_space=False)


def rules_for(language: str) -> Rules:
    """The rules of ``language`` (``de_AT`` falls back to ``de``)."""
    return _RULES.get(language, _RULES.get(base(language), _NEUTRAL))


def characters(language: str) -> set[str]:
    """Every character the rules of ``language`` may put in a text: its
    fonts must have them (the glyph check, the web font subsets)."""
    rules = rules_for(language)
    return {*rules.quotes, rules.dash, "\u2014", APOSTROPHE, NBSP, NNBSP}


_SPACE = " \t\n\u00a0\u202f"
_OPENERS = "([{\u2014\u2013-/\u00ab\u201e\u201a\u201c\u2018"


def _is_word(char: str) -> bool:
    return char.isalnum() or char == OPAQUE


def _opens(before: str, after: str) -> bool:
    """Whether a straight quote between ``before`` and ``after`` opens a quotation."""
    return (before == "" or before in _SPACE or before in _OPENERS) and after != "" and after not in _SPACE


def _single_closes_later(text: str, start: int) -> bool:
    """Whether a straight single quote after ``start`` can close a quotation
    opened at ``start`` (else the one at ``start`` is an apostrophe: 'tis, '90s)."""
    for index in range(start + 1, len(text)):
        if text[index] != "'":
            continue
        before = text[index - 1]
        after = text[index + 1] if index + 1 < len(text) else ""
        if before not in _SPACE and not _is_word(after):
            return True
    return False


def _in_primary(depth: list[str]) -> bool:
    """Whether a primary quotation is open (``typeset``'s ``depth``), typed either way."""
    return "1" in depth or "1'" in depth


def typeset(text: str, language: str, *, dashes: tuple[str, ...] = (), last_word: bool = True) -> list[str]:
    """What each character of ``text`` becomes in ``language``: a list as long
    as ``text``, each item the character's replacement (often itself).
    ``dashes`` are the hyphenated word pairs an editor listed as dashes
    (front matter ``dashes``), for the text they were listed for."""
    rules = rules_for(language)
    out = list(text)
    primary_open, primary_close, secondary_open, secondary_close = rules.quotes
    # the quotations open at this point: "1" primary, "2" secondary, "1'" and "2'" those typed with
    # single quotes; a quotation typed so outside any other is a quotation all the same, in the
    # language's primary marks: 'Black January.' in the American English text read as a British
    # quotation (a designer's must-fix), and a Russian one would have come out „…“ outside «…»
    depth: list[str] = []
    for index, char in enumerate(text):
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if char == primary_open and primary_open != primary_close:
            depth.append("1")
        elif char == primary_close and primary_open != primary_close and "1" in depth:
            del depth[len(depth) - 1 - depth[::-1].index("1") :]
        elif char == '"':
            if _opens(before, after):
                level = "2" if _in_primary(depth) else "1"
                depth.append(level)
                out[index] = primary_open if level == "1" else secondary_open
            else:
                level = depth.pop() if depth else "1"
                out[index] = primary_close if level == "1" else secondary_close
        elif char == "'":
            if _is_word(before) and _is_word(after):
                out[index] = APOSTROPHE  # don't, Bakü'de
            elif _opens(before, after) and _single_closes_later(text, index):
                level = "2'" if _in_primary(depth) else "1'"
                depth.append(level)
                out[index] = primary_open if level == "1'" else secondary_open
            elif ("1'" in depth or "2'" in depth) and before not in _SPACE:
                at = max(i for i, level in enumerate(depth) if level in ("1'", "2'"))
                out[index] = primary_close if depth[at] == "1'" else secondary_close
                del depth[at:]
            else:
                out[index] = APOSTROPHE  # the students' books, '90s
    _dashes(text, out, rules)
    for index in listed_hyphens(text, dashes):
        # No rule can tell this hyphen from a compound's ("follow-up"): the
        # editor's list says it is a dash, set as a spaced one is.
        out[index] = NBSP + rules.dash + " "
    _spaces(text, out, rules)
    if last_word:
        _last_word(text, out)
    return out


_LAST_WORD = re.compile(r" (\S{1,7})\s*$")
_PARAGRAPH = 60  # characters: a text shorter than that is a line or two at most


def _last_word(text: str, out: list[str]) -> None:
    """A short last word ("troops.", «народ.») is not left alone on a
    paragraph's last line: the space before it does not break."""
    if len(text) < _PARAGRAPH:
        return  # a heading or a label: it has no last line to mind
    match = _LAST_WORD.search(text)
    if match and out[match.start()] == " ":
        out[match.start()] = NBSP


_SET_LAST_WORD = re.compile(NBSP + r"(\S{1,7})\s*$")


def short_last_word(text: str, language: str) -> int | None:
    """Where, in a paragraph's ``text`` as set, the no-break space is that
    keeps a short last word off a line of its own (``_last_word``), if no
    other rule of ``language`` needs it there (a one-letter word, a number
    and its word); None if there is none.

    The rule is absolute on the web, where lines fall as the window makes
    them; a breaker that weighs a paragraph's lines together (render.
    linebreak) may break there at a cost, where keeping the word cost a
    loose line: a designer takes "anılır." alone before a line with gaps of
    two thirds of an em. A no-break space typed there by hand looks the
    same once set, and is taken for the rule's."""
    match = _SET_LAST_WORD.search(text)
    if len(text) < _PARAGRAPH or not match:
        return None
    position = match.start()
    unset = text[:position] + " " + text[position + 1 :]
    return position if typeset(unset, language, last_word=False)[position] == " " else None


#: A figure that closes a sentence, after a space: "… fatally wounded 20."
_CLOSING_FIGURE = re.compile(r" (?=\d[\d.,]*[.!?…](?:[\s\u00bb\u201d\u2019\u201c)\]]|$))")


def closing_figures(text: str) -> list[int]:
    """The spaces of ``text`` before a figure that closes a sentence
    ("… wounded 20. After …"): a line that opens there opens with "20.",
    which reads as a numbered item, at the head of a page most of all (a
    designer's finding, the English booklet's page 6). A breaker may break
    there at a cost; a no-break space would leave the line before it loose."""
    return [match.start() for match in _CLOSING_FIGURE.finditer(text)]


_SPACED_DASH = re.compile(r"(?<=\S) (-{1,3}|\u2013|\u2014) (?=\S)")


def _dashes(text: str, out: list[str], rules: Rules) -> None:
    """A hyphen (or two or three) with a space on each side is a dash; the
    space before a dash does not break, so no line starts with one."""
    for match in _SPACED_DASH.finditer(text):
        out[match.start()] = NBSP
        dash = match.group(1)
        if dash.startswith("-"):
            start = match.start(1)
            out[start] = rules.dash if len(dash) < 3 else "\u2014"
            for index in range(start + 1, match.end(1)):
                out[index] = ""


# A number, with the case ending Azerbaijani and Turkish join to it
# ("1990-cı il", "20'sinde"), before its word.
_NUMBER_WORD = re.compile(r"(?<![\w.,])\d+(?:[-\u2010'\u2019][^\W\d_]{1,4})? (?=[^\W\d_])")
_ONE_LETTER = re.compile(r"(?<!\w)[^\W\d_] (?=\S)")


@lru_cache(maxsize=None)
def _bound(words: tuple[str, ...]) -> re.Pattern[str]:
    """The space after one of ``words`` (any case), before a word."""
    return re.compile(r"(?<!\w)(?i:" + "|".join(map(re.escape, words)) + r") (?=\S)")


_ORDINAL = re.compile(r"(?<![\w.])\d{1,2}\. (?=[^\W\d_])")
_PERCENT = re.compile(r"(?<=\d) ?%")


#: The space of a quotation of two words, a name as often as not ("the
#: tragedy of 'Black January.'", «Чёрного января»), in any language's
#: marks, typed or typographic: broken, its second word stood alone on the
#: English booklet's opening paragraph's last line, and a designer chose the
#: date broken after "January 20," over the booklet's title broken.
_QUOTED_PAIR = re.compile(r"(?<![\w'’])[\"'«„“‘‚»]\w[\w’'-]* (?=\w[\w’'-]*[.,;:!?…]?[\"'»“”‘’«](?![\w'’]))")


def _spaces(text: str, out: list[str], rules: Rules) -> None:
    def no_break(pattern: re.Pattern[str], space: str = NBSP) -> None:
        for match in pattern.finditer(text):
            index = match.end() - 1
            if text[index] == " ":
                out[index] = space

    no_break(_QUOTED_PAIR)
    if rules.number_space:
        no_break(_NUMBER_WORD)
    if rules.one_letter_words:
        no_break(_ONE_LETTER)
    if rules.bound_words:
        no_break(_bound(rules.bound_words))
    if rules.ordinal_dot:
        no_break(_ORDINAL)
    if rules.percent:
        for match in _PERCENT.finditer(text):
            if match.group().startswith(" "):
                out[match.start()] = rules.percent
            else:
                out[match.start()] = rules.percent + "%"
    if rules.french_spacing:
        _french(text, out)


def _french(text: str, out: list[str]) -> None:
    """Spaces in French: a narrow no-break space before ; ! ? and inside
    guillemets, a no-break space before a colon. Only before a space or the
    end, so "10:30" and "https://" keep theirs."""
    for index, char in enumerate(text):
        after = text[index + 1] if index + 1 < len(text) else ""
        if char not in ";!?:" or not index or (after and after not in _SPACE and after not in "\u00bb\u201d)"):
            continue
        space = NBSP if char == ":" else NNBSP
        before = out[index - 1][-1:]  # as set: a straight quote before it is a guillemet by now
        if text[index - 1] == " ":
            out[index - 1] = space
        elif before and (_is_word(before) or before in "\u00bb\u201d)"):
            out[index] = space + out[index]
    for index, replaced in enumerate(out):
        if replaced == "\u00ab" and index + 1 < len(text):
            if text[index + 1] == " ":
                out[index + 1] = NNBSP
            else:
                out[index] = "\u00ab" + NNBSP
        elif replaced == "\u00bb" and index:
            if text[index - 1] == " ":
                out[index - 1] = NNBSP
            else:
                out[index] = NNBSP + "\u00bb"


def set_pieces(pieces: list[tuple[str, bool]], language: str, *, dashes: tuple[str, ...] = ()) -> list[str]:
    """Typeset a block's inline text together. ``pieces`` are (text, whether
    it may change) in order: the text tokens' contents, and for the markup
    between them what it stands for (``TRANSPARENT`` for emphasis and links,
    ``OPAQUE`` for inline code and images, a space for a line break). The
    result holds each piece's text as set (the fixed ones unchanged);
    ``dashes`` as for typeset."""
    joined = "".join(text for text, _ in pieces)
    out = typeset(joined, language, dashes=dashes)
    result: list[str] = []
    position = 0
    for text, editable in pieces:
        end = position + len(text)
        result.append("".join(out[position:end]) if editable else text)
        position = end
    return result
