"""Serialize a polib catalogue byte-for-byte as GNU msgcat (gettext 0.21) writes it."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache

import polib
from uniseg.linebreak import line_break, line_break_breakables
from wcwidth import wcwidth

__all__ = ["format_po", "generate_po"]

PAGE_WIDTH = 79  # msgcat's default --width

# gettext's format_language[] order (0.21); msgcat prints format flags in this
# order and drops flags it does not know.
_FORMAT_LANGUAGES = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp",
    "javascript", "scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua",
    "object-pascal", "smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost",
    "tcl", "perl", "perl-brace", "php", "gcc-internal", "gfc-internal", "ycp",
)

# The C escapes write-po.c emits; other control characters are written raw.
_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t",
            "\v": "v", "\\": "\\", '"': '"'}


# --------------------------------------------------------------------------
# Flags
# --------------------------------------------------------------------------

class _Flags:
    """The `#,` flags as GNU's reader keeps them (unknown flags are dropped)."""

    def __init__(self, flags: Iterable[str]) -> None:
        self.fuzzy = False
        self.formats: dict[str, str] = {}  # language -> "yes" | "possible" | "no" | "impossible"
        self.range: str | None = None
        self.no_wrap = False
        for flag in flags:
            flag = flag.strip()
            if flag == "fuzzy":
                self.fuzzy = True
            elif flag in ("wrap", "no-wrap"):
                self.no_wrap = flag == "no-wrap"  # the last one wins
            elif flag.startswith("range:"):
                self.range = " ".join(flag.split())
            elif flag.endswith("-format"):
                lang, state = flag[:-7], "yes"
                for prefix in ("no", "possible", "impossible"):
                    if lang.startswith(prefix + "-") and lang[len(prefix) + 1:] in _FORMAT_LANGUAGES:
                        lang, state = lang[len(prefix) + 1:], prefix
                if lang in _FORMAT_LANGUAGES:
                    self.formats[lang] = state

    def line(self, has_translation: bool, obsolete: bool) -> str | None:
        # GNU drops the fuzzy flag of an untranslated message (it is normalised
        # away), but keeps it on obsolete ones; "range:" is not kept on those.
        words = ["fuzzy"] if self.fuzzy and (has_translation or obsolete) else []
        for lang in _FORMAT_LANGUAGES:
            state = self.formats.get(lang)
            if state in ("yes", "possible"):
                words.append(f"{lang}-format")  # "possible-" is only shown with --debug
            elif state == "no":
                words.append(f"no-{lang}-format")
        if self.range and not obsolete:
            words.append(self.range)
        if self.no_wrap:
            words.append("no-wrap")
        return "#, " + ", ".join(words) if words else None

    def format_language(self) -> str | None:
        """The language whose parser GNU uses to find directives: the first possible one."""
        for lang in _FORMAT_LANGUAGES:
            if self.formats.get(lang) in ("yes", "possible"):
                return lang
        return None


# --------------------------------------------------------------------------
# Format directives: GNU never breaks a line inside one (write-po.c sets
# UC_BREAK_PROHIBITED on every directive character but the first).  Only the
# C/Objective-C and Python parsers are mirrored; for other languages no
# position is protected.  (msgcat 0.21 does not protect python-brace
# directives either: it breaks "{user." / "name}", verified by experiment.)
# --------------------------------------------------------------------------

# The 'I' flag is accepted in msgstr only, the '@' conversion in objc only.
_C_TEMPLATE = (
    r"%(?P<num>[0-9]+\$)?[-+ #0'{I}]*"
    r"(?:\*(?P<wnum>[0-9]+\$)?|[0-9]+)?(?:\.(?:\*(?P<pnum>[0-9]+\$)?|[0-9]*))?"
    r"[hlLqjzZt]*(?P<conv>[diouxXeEfFgGaAcCsSpn%{objc}])"
)
_C_REGEXES = {
    (objc, msgstr): re.compile(_C_TEMPLATE.format(I="I" if msgstr else "", objc="@" if objc else ""))
    for objc in (False, True) for msgstr in (False, True)
}
_PY_DIRECTIVE_TAIL = re.compile(r"[-+ #0]*(?P<star>\*)?[0-9]*(?:\.(?:(?P<pstar>\*)|[0-9]*))?[hlL]?(?P<conv>[diouxXeEfFgGcrsa%])")
def _c_spans(s: str, objc: bool, msgstr: bool) -> Iterator[tuple[int, int]]:
    regex = _C_REGEXES[objc, msgstr]
    numbered = unnumbered = False
    pos = s.find("%")
    while pos >= 0:
        m = regex.match(s, pos)
        if not m:
            return  # an invalid directive ends the parse, as in format-c.c
        nums = [m.group(g) for g in ("num", "wnum", "pnum")]
        if any(n is not None and int(n[:-1]) == 0 for n in nums):
            return
        numbered |= nums[0] is not None
        unnumbered |= nums[0] is None and m.group("conv") != "%"
        if numbered and unnumbered:
            return
        yield pos, m.end()
        pos = s.find("%", m.end())


def _python_spans(s: str) -> Iterator[tuple[int, int]]:
    named = unnamed = False
    pos = s.find("%")
    while pos >= 0:
        i, has_name = pos + 1, s.startswith("(", pos + 1)
        if has_name:  # %(name)s: the name may itself contain balanced parentheses
            depth, i = 0, i + 1
            while i < len(s) and (s[i] != ")" or depth):
                depth += {"(": 1, ")": -1}.get(s[i], 0)
                i += 1
            if i == len(s):
                return
            i += 1
        m = _PY_DIRECTIVE_TAIL.match(s, i)
        if not m:
            return
        if has_name:
            named = True
            if m.group("star") or m.group("pstar"):
                return
        elif m.group("conv") != "%":
            unnamed = True
        if named and unnamed:
            return
        yield pos, m.end()
        pos = s.find("%", m.end())


def _directive_interior(s: str, lang: str | None, msgstr: bool) -> set[int]:
    """Indices of characters inside (but not starting) a valid format directive."""
    if lang in ("c", "objc"):
        spans: Iterable[tuple[int, int]] = _c_spans(s, lang == "objc", msgstr)
    elif lang == "python":
        spans = _python_spans(s)
    else:
        return set()
    return {k for start, end in spans for k in range(start + 1, end)}


# --------------------------------------------------------------------------
# Line breaking.  GNU uses libunistring's ulc_width_linebreaks; libunistring
# 1.0 implements UAX #14 with the old pair table, while uniseg follows UAX #14
# revision 53 (Unicode 16).  We take uniseg's opportunities and correct the
# rules on which the two disagree (found by differential testing).
# --------------------------------------------------------------------------

# Classes before which no break happens even after spaces (LB7, LB11, LB13).
_NO_BREAK_BEFORE = frozenset({"SP", "ZW", "WJ", "CL", "CP", "EX", "IS", "SY"})
# Adjacent pairs (no space between) that libunistring keeps together and
# uniseg splits: the old LB25 "(CL|CP) × (PO|PR)", "(PR|PO) × OP", "SY × NU".
_GNU_KEEP = frozenset({("CL", "PO"), ("CL", "PR"), ("CP", "PO"), ("CP", "PR"),
                       ("PO", "OP"), ("PR", "OP"), ("SY", "NU")})
# Adjacent pairs that libunistring splits and uniseg keeps together: it has no
# LB29 "IS × (AL|HL)", no LB20a "word-initial HY × AL" and no regex-form LB25
# "NU (SY|IS)* × (PO|PR)".
_GNU_SPLIT = frozenset({("IS", "AL"), ("IS", "HL"), ("IS", "PO"), ("IS", "PR"),
                        ("SY", "PO"), ("SY", "PR"), ("HY", "AL")})


@lru_cache(maxsize=4096)
def _uax14_class(ch: str) -> str:
    return line_break(ch).value


def _lb_class(ch: str) -> str:
    """Line_Break class after the LB1 resolution both libraries apply."""
    cls = _uax14_class(ch)
    if cls in ("AI", "SG", "XX"):
        return "AL"
    if cls == "SA":
        return "CM" if unicodedata.category(ch) in ("Mn", "Mc") else "AL"
    return "NS" if cls == "CJ" else cls


@lru_cache(maxsize=65536)
def _uax14_piece(piece: str) -> tuple[bool, ...]:
    return tuple(bool(b) for b in line_break_breakables(piece))


def _uax14(text: str) -> list[bool]:
    """uniseg's opportunities (True: a break may precede the index).

    uniseg costs ~150 µs a character, so the text is cut between two letters
    (class AL, never broken) or two ideographs (class ID, always broken): no
    UAX #14 rule looks across such a pair, so the pieces are independent and,
    being short and repetitive, cache well.
    """
    result: list[bool] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i < len(text):
            cls = _uax14_class(text[i])
            if cls not in ("AL", "ID") or _uax14_class(text[i - 1]) != cls or "\u25cc" in text[i - 1:i + 1]:
                continue  # (LB28a looks at U+25CC, an AL)
        piece = list(_uax14_piece(text[start:i]))
        if start:
            piece[0] = _uax14_class(text[start]) == "ID"  # uniseg saw a start of text there
        result += piece
        start = i
    return result


@lru_cache(maxsize=4096)  # wrap() asks twice for a first line
def _break_opportunities(text: str) -> tuple[bool, ...]:
    """For each index, whether libunistring 1.0 allows a line break before it."""
    classes = [_lb_class(ch) for ch in text]
    breaks = _uax14(text)
    prev: str | None = None  # last non-space class; None at the start of a line
    for i, cls in enumerate(classes):
        spaced = i > 0 and classes[i - 1] == "SP"
        if cls in ("BK", "NL"):
            # The mandatory-break character itself is handled by the width
            # pass; after it libunistring restarts as at the start of a line.
            breaks[i], prev = False, None
            continue
        if cls == "SP":
            breaks[i] = False
            continue
        if cls in ("CM", "ZWJ"):
            if prev not in (None, "ZW") and not spaced:
                breaks[i] = False  # LB9: a mark sticks to its base and keeps its class
                continue
            # LB10: an isolated mark acts as a letter.  libunistring breaks
            # before it after a space even when OP precedes (uniseg: LB14).
            breaks[i] = prev is not None and (spaced or prev == "ZW")
            prev = "AL"
            continue
        if prev is None:
            # libunistring never breaks at the start of a line, even after
            # leading spaces (uniseg applies LB18 there).
            breaks[i] = False
        elif prev == "ZW":
            pass  # LB8: both break after a zero-width space
        elif classes[i - 1] == "ZWJ":
            breaks[i] = False  # LB8a "ZWJ ×"
        elif spaced:
            if cls == "IS":
                breaks[i] = False  # no LB15c "SP ÷ IS NU"
            elif cls == "QU" and prev != "OP":
                breaks[i] = True  # no LB15b for final quotation marks
            elif prev == "QU":
                # No LB15a for initial quotes, but the old LB15 "QU SP* × OP".
                breaks[i] = cls not in _NO_BREAK_BEFORE and cls != "OP"
            elif prev == "CP" and cls == "NS":
                breaks[i] = True  # LB16 "(CL|CP) SP* × NS" applies to CL only
        elif cls == "QU" or prev == "QU":
            breaks[i] = False  # the old LB19 binds every QU, no LB19a exceptions
        elif i > 1 and classes[i - 1] in ("HY", "BA") and classes[i - 2] == "HL":
            breaks[i] = False  # the old LB21a "HL (HY|BA) ×", even before HL
        elif (prev, cls) in _GNU_KEEP:
            breaks[i] = False
        elif (prev, cls) in _GNU_SPLIT:
            breaks[i] = True
        prev = cls
    return tuple(breaks)


@lru_cache(maxsize=4096)
def _width(ch: str) -> int:
    """Columns of ch as libunistring's uc_width counts them (controls count 0)."""
    category = unicodedata.category(ch)
    if category == "Mc":
        return 1  # spacing marks (Devanagari vowel signs, ...): wcwidth says 0
    if category == "Cf":
        return 0  # format characters (soft hyphen, ...): wcwidth says 1 for some
    return max(wcwidth(ch), 0)


def _line_breaks(text: str, prohibited: list[bool], width: int, start_column: int) -> list[int]:
    """Indices GNU breaks the line before, as libunistring's u8_width_linebreaks.

    Greedy: a piece runs from one break opportunity to the next; when a piece
    would end past `width`, the line is broken where that piece starts.
    """
    widths = [_width(ch) for ch in text]
    if start_column + sum(widths) <= width:
        return []  # it fits, so skip the (slow) search for opportunities
    possible = _break_opportunities(text)
    result: list[int] = []
    last: int | None = None  # start of the current piece
    column, piece = start_column, 0
    for i, ch in enumerate(text):
        mandatory = not prohibited[i] and _lb_class(ch) in ("BK", "NL")
        if (possible[i] and not prohibited[i]) or mandatory:
            if last is not None and column + piece > width:
                result.append(last)
                column = 0
            if mandatory:
                # GNU restarts its column count here but prints no line break.
                last, column, piece = None, 0, 0
                continue
            last, column, piece = i, column + piece, 0
        piece += widths[i]
    if last is not None and column + piece > width:
        result.append(last)
    return result


def _wrap(prefix: str, keyword: str, value: str, flags: _Flags) -> Iterator[str]:
    """The lines of `keyword "value"`, as write-po.c's wrap() lays them out."""
    interior = _directive_interior(value, flags.format_language(), keyword.startswith("msgstr"))
    page_width = sys.maxsize if flags.no_wrap else PAGE_WIDTH
    # Continuation lines start with prefix + '"'; leave room for the closing quote.
    width = page_width - 1 - (len(prefix) + 1)
    first_line = True
    start = 0
    while True:  # one portion per line of the value, each ending after a "\n"
        end = value.find("\n", start) + 1 or len(value)
        chars: list[str] = []
        prohibited: list[bool] = []
        for k in range(start, end):
            ch = value[k]
            if ch in _ESCAPES:
                # Never break inside an escape sequence.
                chars += ("\\", _ESCAPES[ch])
                prohibited += (k in interior, True)
            else:
                chars.append(ch)
                prohibited.append(k in interior)
        if end > start and value[end - 1] == "\n":
            prohibited[-2] = True  # nor just before the "\n" that ends a portion
        text = "".join(chars)
        start_column = len(keyword) + 1 if first_line else 0
        breaks = _line_breaks(text, prohibited, width, start_column)
        if first_line and text and (end < len(value) or start_column > width or any(breaks)):
            # A value that does not fit on the keyword line starts with "".
            yield f'{prefix}{keyword} ""'
            first_line = False
            breaks = _line_breaks(text, prohibited, width, 0)
        head = f"{prefix}{keyword} " if first_line else prefix
        first_line = False
        cut = 0
        for i in breaks + [len(text)]:
            yield f'{head}"{text[cut:i]}"'
            head, cut = prefix, i
        start = end
        if start >= len(value):
            return


# --------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------

def _comment_lines(mark: str, text: str) -> Iterator[str]:
    # GNU writes "#" (or "#.") alone for an empty comment line, without a space.
    for line in text.split("\n"):
        yield f"{mark} {line}" if line else mark


def _references(occurrences: Iterable[tuple[str, str]]) -> Iterator[str]:
    """`#:` lines: references joined by spaces, a new line before passing the width."""
    line, column = "#:", 2
    for path, lineno in occurrences:
        while path.startswith("./"):
            path = path[2:]
        ref = f"{path}:{lineno}" if lineno not in ("", None) else path
        # GNU measures file names in bytes (it assumes they are ASCII).
        ref_width = len(ref.encode("utf-8")) + 1
        if column > 2 and column + ref_width > PAGE_WIDTH:
            yield line
            line, column = "#:", 2
        line += " " + ref
        column += ref_width
    if column > 2:
        yield line


def _message(entry: polib.POEntry, obsolete: bool, extra_comment: str = "") -> list[str]:
    flags = _Flags(entry.flags)
    # polib keeps msgid_plural "" for singular messages; msgstr_plural tells them apart.
    plural = bool(entry.msgid_plural or entry.msgstr_plural)
    forms = sorted(entry.msgstr_plural.items()) if plural else []
    if plural and not forms:
        forms = [(0, "")]
    translated = bool(forms[0][1] if plural else entry.msgstr)
    if obsolete and not translated:
        return []  # msgcat drops obsolete messages without a translation
    lines: list[str] = []
    tcomment = "\n".join(c for c in (extra_comment, entry.tcomment) if c)
    if tcomment:
        lines += _comment_lines("#", tcomment)
    if entry.comment:
        lines += _comment_lines("#.", entry.comment)
    lines += _references(entry.occurrences)
    flag_line = flags.line(translated, obsolete)
    if flag_line:
        lines.append(flag_line)
    previous = "#~| " if obsolete else "#| "
    for keyword in ("msgctxt", "msgid", "msgid_plural"):
        value = getattr(entry, "previous_" + keyword)
        if value is not None:
            lines += _wrap(previous, keyword, value, flags)
    prefix = "#~ " if obsolete else ""
    if entry.msgctxt is not None:
        lines += _wrap(prefix, "msgctxt", entry.msgctxt, flags)
    lines += _wrap(prefix, "msgid", entry.msgid, flags)
    if plural:
        lines += _wrap(prefix, "msgid_plural", entry.msgid_plural, flags)
        for index, form in forms:
            lines += _wrap(prefix, f"msgstr[{index}]", form, flags)
    else:
        lines += _wrap(prefix, "msgstr", entry.msgstr, flags)
    return lines


def _header_entry(po: polib.POFile) -> polib.POEntry | None:
    """The header message (msgid ""), rebuilt from polib's header fields."""
    fuzzy = po.metadata_is_fuzzy
    # polib sets metadata_is_fuzzy to the header's flag list when the file had
    # a header entry, and leaves it 0 when it had none.
    if not po.metadata and not fuzzy and not isinstance(fuzzy, list):
        return None
    flags = list(fuzzy) if isinstance(fuzzy, list) else (["fuzzy"] if fuzzy else [])
    msgstr = "".join(f"{key}: {value}\n" for key, value in po.metadata.items())
    return polib.POEntry(msgid="", msgstr=msgstr, flags=flags, tcomment=po.header)


def generate_po(po: polib.POFile) -> Iterator[str]:
    """Yield the catalogue's lines (each ending in "\\n") as `msgcat` writes them."""
    if not len(po):
        return  # msgcat writes nothing for a catalogue with no messages besides the header
    header = _header_entry(po)
    # Without a header entry, polib's parser files the first message's
    # translator comments under po.header; put them back where msgcat has them.
    orphan_comment = po.header if header is None else ""
    messages: list[tuple[polib.POEntry, bool, str]] = [(header, False, "")] if header else []
    active = [e for e in po if not e.obsolete]
    for n, entry in enumerate(active):
        messages.append((entry, False, orphan_comment if n == 0 else ""))
    messages += [(e, True, "") for e in po if e.obsolete]  # obsolete ones go last
    first = True
    for entry, obsolete, extra in messages:
        lines = _message(entry, obsolete, extra)
        if not lines:
            continue
        if not first:
            yield "\n"
        first = False
        for line in lines:
            yield line + "\n"


def format_po(po: polib.POFile) -> str:
    """The whole catalogue as `msgcat` (default options) writes it."""
    return "".join(generate_po(po))
