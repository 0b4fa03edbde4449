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

# gettext 0.21's format_language[] order: msgcat prints format flags in this
# order and drops the flags it does not know.
_FORMAT_LANGUAGES = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp",
    "javascript", "scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua",
    "object-pascal", "smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost",
    "tcl", "perl", "perl-brace", "php", "gcc-internal", "gfc-internal", "ycp",
)

# The escapes write-po.c emits; other control characters are written raw.
_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t",
            "\v": "v", "\\": "\\", '"': '"'}


class _Flags:
    """The `#,` flags as GNU's reader keeps them (unknown flags are dropped)."""

    def __init__(self, flags: Iterable[str]) -> None:
        self.fuzzy = False
        self.formats: dict[str, str] = {}  # language -> yes | possible | no | impossible
        self.range: str | None = None
        self.no_wrap = False
        for flag in (f.strip() for f in flags):
            if flag == "fuzzy":
                self.fuzzy = True
            elif flag in ("wrap", "no-wrap"):
                self.no_wrap = flag == "no-wrap"  # the last one wins
            elif flag.startswith("range:"):
                self.range = " ".join(flag.split())
            elif flag.endswith("-format"):
                lang, state = flag[:-7], "yes"
                for prefix in ("no-", "possible-", "impossible-"):
                    if lang.startswith(prefix) and lang[len(prefix):] in _FORMAT_LANGUAGES:
                        lang, state = lang[len(prefix):], prefix[:-1]
                if lang in _FORMAT_LANGUAGES:
                    self.formats[lang] = state

    def line(self, translated: bool, obsolete: bool) -> str | None:
        # GNU normalises the fuzzy flag away on an untranslated message (an
        # obsolete one is never untranslated: it is not written at all), and
        # keeps no "range:" on obsolete messages.
        words = ["fuzzy"] if self.fuzzy and translated else []
        for lang in _FORMAT_LANGUAGES:
            state = self.formats.get(lang)
            if state in ("yes", "possible"):
                words.append(f"{lang}-format")  # "possible-" shows only with --debug
            elif state == "no":
                words.append(f"no-{lang}-format")
        if self.range and not obsolete:
            words.append(self.range)
        if self.no_wrap:
            words.append("no-wrap")
        return "#, " + ", ".join(words) if words else None

    def format_language(self) -> str | None:
        """The language whose parser finds directives: the first possible one."""
        return next((lang for lang in _FORMAT_LANGUAGES
                     if self.formats.get(lang) in ("yes", "possible")), None)


# --- Format directives ------------------------------------------------------
# write-po.c never breaks a line inside a directive: it prohibits a break
# before each of its characters but the first.  We mirror the C/Objective-C
# and Python parsers; for other languages nothing is protected.  (msgcat 0.21
# does not protect python-brace directives either: it writes "{user." and
# "name}" on two lines, as experiments show.)  Like GNU's parsers, ours stop at
# the first invalid directive.

_C_TEMPLATE = (  # 'I' is a flag in msgstr only, '@' a conversion in objc only
    r"%(?P<num>[0-9]+\$)?[-+ #0'{I}]*"
    r"(?:(?P<wstar>\*)(?P<wnum>[0-9]+\$)?|[0-9]+)?(?:\.(?:(?P<pstar>\*)(?P<pnum>[0-9]+\$)?|[0-9]*))?"
    r"[hlLqjzZt]*(?P<conv>[diouxXeEfFgGaAcCsSpn%{objc}])"
)
_C_DIRECTIVES = {
    (objc, msgstr): re.compile(_C_TEMPLATE.format(I="I" if msgstr else "", objc="@" if objc else ""))
    for objc in (False, True) for msgstr in (False, True)
}
_PYTHON_DIRECTIVE_TAIL = re.compile(  # what follows "%" or "%(name)"
    r"[-+ #0]*(?:(?P<star>\*)|[0-9]+)?(?:\.(?:(?P<pstar>\*)|[0-9]*))?[hlL]?(?P<conv>[diouxXeEfFgGcrs%])"
)


def _c_spans(s: str, objc: bool, msgstr: bool) -> Iterator[tuple[int, int]]:
    numbered = unnumbered = False
    pos = s.find("%")
    while pos >= 0:
        m = _C_DIRECTIVES[objc, msgstr].match(s, pos)
        if not m or any(m.group(g) and int(m.group(g)[:-1]) == 0 for g in ("num", "wnum", "pnum")):
            return  # invalid, or an argument number 0
        # Arguments are taken by the conversion (unless "%"), a '*' width and a '*' precision.
        takes = m.group("conv") != "%"
        numbered |= bool(takes and m.group("num") or m.group("wnum") or m.group("pnum"))
        unnumbered |= bool(takes and not m.group("num") or m.group("wstar") and not m.group("wnum")
                           or m.group("pstar") and not m.group("pnum"))
        if numbered and unnumbered:
            return  # "%1$s %s" mixes the two styles
        yield pos, m.end()
        pos = s.find("%", m.end())


def _python_spans(s: str) -> Iterator[tuple[int, int]]:
    named = unnamed = False
    pos = s.find("%")
    while pos >= 0:
        i = pos + 1
        has_name = s.startswith("(", i)
        if has_name:  # %(name)s, where the name may hold balanced parentheses
            depth, i = 0, i + 1
            while i < len(s) and (s[i] != ")" or depth):
                depth += {"(": 1, ")": -1}.get(s[i], 0)
                i += 1
            if i == len(s):
                return
            i += 1
        m = _PYTHON_DIRECTIVE_TAIL.match(s, i)
        if not m or (has_name and (m.group("star") or m.group("pstar"))):
            return
        named |= has_name
        unnamed |= not has_name and m.group("conv") != "%"
        if named and unnamed:
            return
        yield pos, m.end()
        pos = s.find("%", m.end())


def _directive_interior(s: str, lang: str | None, msgstr: bool) -> set[int]:
    """Indices of the characters inside (but not starting) a format directive."""
    if lang in ("c", "objc"):
        spans: Iterable[tuple[int, int]] = _c_spans(s, lang == "objc", msgstr)
    elif lang == "python":
        spans = _python_spans(s)
    else:
        return set()
    return {k for start, end in spans for k in range(start + 1, end)}


# --- Line breaking ----------------------------------------------------------
# msgcat breaks lines with libunistring's ulc_width_linebreaks.  libunistring
# 1.0 implements UAX #14 with the old pair table, uniseg implements UAX #14
# revision 53 (Unicode 16).  We take uniseg's break opportunities and correct
# the rules on which the two disagree, found by differential testing against
# libunistring.

# Adjacent pairs libunistring keeps together and uniseg splits: the old LB25
# "(CL|CP) × (PO|PR)", "(PR|PO) × OP" and "SY × NU".
_GNU_KEEP = frozenset({("CL", "PO"), ("CL", "PR"), ("CP", "PO"), ("CP", "PR"),
                       ("PO", "OP"), ("PR", "OP"), ("SY", "NU")})
# Adjacent pairs libunistring splits and uniseg keeps together: libunistring
# has no LB29 "IS × (AL|HL)", no LB20a "word-initial HY × AL" and not the
# regex form of LB25 "NU (SY|IS)* × (PO|PR)".  So "a,b" and "a.b" break.
_GNU_SPLIT = frozenset({("IS", "AL"), ("IS", "HL"), ("IS", "PO"), ("IS", "PR"),
                        ("SY", "PO"), ("SY", "PR"), ("HY", "AL")})


@lru_cache(maxsize=4096)
def _uax14_class(ch: str) -> str:
    return line_break(ch).value


def _lb_class(ch: str) -> str:
    """The Line_Break class after the LB1 resolution both libraries apply."""
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
    """uniseg's opportunities (True: a line may break before that index).

    uniseg takes ~150 µs a character, so the text is cut between two letters
    (class AL: never broken) or two ideographs (class ID: always broken).  No
    UAX #14 rule looks across such a pair, so the pieces are independent and,
    being short and repetitive, cache well.
    """
    result: list[bool] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i < len(text):
            cls = _uax14_class(text[i])
            if cls not in ("AL", "ID") or _uax14_class(text[i - 1]) != cls or "\u25cc" in text[i - 1:i + 1]:
                continue  # (U+25CC is an AL that LB28a looks at)
        piece = list(_uax14_piece(text[start:i]))
        if start:
            piece[0] = _uax14_class(text[start]) == "ID"  # uniseg saw a start of text
        result += piece
        start = i
    return result


@lru_cache(maxsize=4096)  # _wrap asks twice for the first line
def _break_opportunities(text: str) -> tuple[bool, ...]:
    """For each index, whether libunistring 1.0 allows a line break before it."""
    classes = [_lb_class(ch) for ch in text]
    breaks = _uax14(text)
    prev: str | None = None  # the last class but spaces; None at a line start
    for i, cls in enumerate(classes):
        spaced = i > 0 and classes[i - 1] == "SP"
        if cls in ("BK", "NL"):
            # The width pass handles the mandatory break character itself;
            # after it, libunistring starts over as at the start of a line.
            breaks[i], prev = False, None
            continue
        if cls == "SP":
            breaks[i] = False  # LB7 (both agree)
            continue
        if cls in ("CM", "ZWJ"):
            if prev not in (None, "ZW") and not spaced:
                breaks[i] = False  # LB9: a mark sticks to its base, which keeps its class
                continue
            # LB10: an isolated mark acts as a letter.  libunistring breaks
            # before it after a space even when OP precedes (uniseg: LB14).
            breaks[i], prev = prev is not None and (spaced or prev == "ZW"), "AL"
            continue
        if prev is None:
            breaks[i] = False  # no break at a line start, nor after its spaces (uniseg: LB18)
        elif prev == "ZW":
            pass  # LB8 (both agree)
        elif classes[i - 1] == "ZWJ":
            breaks[i] = False  # LB8a "ZWJ ×", whatever the base before it
        elif spaced:
            if cls == "IS":
                breaks[i] = False  # no LB15c "SP ÷ IS NU"
            elif cls == "QU" and prev != "OP":
                breaks[i] = True  # no LB15b for a final quotation mark
            elif prev == "QU":
                # No LB15a for an initial quotation mark, but the old LB15
                # "QU SP* × OP"; LB7, LB11 and LB13 still hold.
                breaks[i] = cls not in ("OP", "ZW", "WJ", "CL", "CP", "EX", "IS", "SY")
            elif prev == "CP" and cls == "NS":
                breaks[i] = True  # LB16 "(CL|CP) SP* × NS" holds for CL only
        elif cls == "QU" or prev == "QU":
            breaks[i] = False  # the old LB19 binds every QU (no LB19a exceptions)
        elif i > 1 and classes[i - 1] in ("HY", "BA") and classes[i - 2] == "HL":
            breaks[i] = False  # the old LB21a "HL (HY|BA) ×", even before an HL
        elif (prev, cls) in _GNU_KEEP:
            breaks[i] = False
        elif (prev, cls) in _GNU_SPLIT:
            breaks[i] = True
        prev = cls
    return tuple(breaks)


@lru_cache(maxsize=4096)
def _width(ch: str) -> int:
    """Columns of ch as libunistring's uc_width counts them (controls: 0)."""
    category = unicodedata.category(ch)
    if category == "Mc":
        return 1  # a spacing mark (Devanagari vowel signs...): wcwidth says 0
    if category == "Cf":
        return 0  # a format character (soft hyphen...): wcwidth says 1 for some
    return max(wcwidth(ch), 0)


def _line_breaks(text: str, prohibited: list[bool], width: int, start_column: int) -> list[int]:
    """The indices GNU breaks the line before (libunistring's u8_width_linebreaks).

    Greedy: a piece runs from one break opportunity to the next, and when a
    piece would end past `width` the line is broken where that piece starts.
    """
    widths = [_width(ch) for ch in text]
    if start_column + sum(widths) <= width:
        return []  # it fits: no need for the break opportunities
    possible = _break_opportunities(text)
    result: list[int] = []
    last: int | None = None  # where the current piece starts
    column, piece = start_column, 0
    for i, ch in enumerate(text):
        mandatory = not prohibited[i] and _lb_class(ch) in ("BK", "NL")
        if mandatory or (possible[i] and not prohibited[i]):
            if last is not None and column + piece > width:
                result.append(last)
                column = 0
            if mandatory:
                # GNU restarts its column count there, but prints no line break.
                last, column, piece = None, 0, 0
                continue
            last, column, piece = i, column + piece, 0
        piece += widths[i]
    if last is not None and column + piece > width:
        result.append(last)
    return result


def _wrap(prefix: str, keyword: str, value: str, flags: _Flags) -> Iterator[str]:
    """The lines of `keyword "value"`, laid out as write-po.c's wrap() does."""
    interior = _directive_interior(value, flags.format_language(), keyword.startswith("msgstr"))
    page_width = sys.maxsize if flags.no_wrap else PAGE_WIDTH
    # Continuation lines start with prefix + '"'; keep a column for the closing '"'.
    width = page_width - 1 - (len(prefix) + 1)
    first_line = True
    start = 0
    while True:  # one portion of the value at a time, each ending after a "\n"
        end = value.find("\n", start) + 1 or len(value)
        chars: list[str] = []
        prohibited: list[bool] = []
        for k in range(start, end):
            if value[k] in _ESCAPES:
                chars += ("\\", _ESCAPES[value[k]])
                prohibited += (k in interior, True)  # never break inside an escape
            else:
                chars.append(value[k])
                prohibited.append(k in interior)
        if value[end - 1:end] == "\n":
            prohibited[-2] = True  # nor before the "\n" that ends the portion
        text = "".join(chars)
        breaks = _line_breaks(text, prohibited, width, len(keyword) + 1 if first_line else 0)
        if first_line and text and (end < len(value) or breaks):
            # A value that takes several lines starts with "" on the keyword's line.
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


# --- Messages ---------------------------------------------------------------

def _comment_lines(mark: str, text: str) -> Iterator[str]:
    for line in text.split("\n"):
        yield f"{mark} {line}" if line else mark  # an empty line is "#" alone, no space


def _references(occurrences: Iterable[tuple[str, str]]) -> Iterator[str]:
    """`#:` lines: references joined by spaces, a new line rather than pass 79 columns."""
    line, column = "#:", 2
    for path, lineno in occurrences:
        while path.startswith("./"):
            path = path[2:]
        ref = f"{path}:{lineno}" if lineno not in ("", None) else path
        ref_width = len(ref.encode("utf-8")) + 1  # GNU counts bytes, assuming ASCII names
        if column > 2 and column + ref_width > PAGE_WIDTH:
            yield line
            line, column = "#:", 2
        line += " " + ref
        column += ref_width
    if column > 2:
        yield line


def _message(entry: polib.POEntry, obsolete: bool, extra_comment: str = "") -> list[str]:
    flags = _Flags(entry.flags)
    # polib gives a singular message msgid_plural ""; msgstr_plural tells them apart.
    plural = bool(entry.msgid_plural or entry.msgstr_plural)
    forms = sorted(entry.msgstr_plural.items()) or [(0, "")]
    translated = bool(forms[0][1] if plural else entry.msgstr)
    if obsolete and not translated:
        return []  # msgcat drops an obsolete message that has no translation
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
    for keyword in ("msgctxt", "msgid", "msgid_plural"):
        previous = getattr(entry, "previous_" + keyword)
        if previous is not None:
            lines += _wrap("#~| " if obsolete else "#| ", keyword, previous, flags)
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
    # polib's parser sets metadata_is_fuzzy to the header's flag list when the
    # file has a header entry, and leaves it 0 when it has none.
    if not po.metadata and not fuzzy and not isinstance(fuzzy, list):
        return None
    flags = list(fuzzy) if isinstance(fuzzy, list) else ["fuzzy"] if fuzzy else []
    msgstr = "".join(f"{key}: {value}\n" for key, value in po.metadata.items())
    return polib.POEntry(msgid="", msgstr=msgstr, flags=flags, tcomment=po.header)


def generate_po(po: polib.POFile) -> Iterator[str]:
    """The catalogue as `msgcat` writes it, line by line (each ending in "\\n")."""
    if not len(po):
        return  # msgcat writes nothing at all when there is no message but the header
    header = _header_entry(po)
    messages = [(header, False, "")] if header else []
    # Without a header entry, polib's parser files the first message's
    # translator comments as po.header: give them back to that message.
    orphan_comment = "" if header else po.header
    for n, entry in enumerate(e for e in po if not e.obsolete):
        messages.append((entry, False, "" if n else orphan_comment))
    messages += [(entry, True, "") for entry in po if entry.obsolete]  # obsolete ones last
    first = True
    for entry, obsolete, extra_comment in messages:
        lines = _message(entry, obsolete, extra_comment)
        if lines:
            if not first:
                yield "\n"
            first = False
            yield from (line + "\n" for line in lines)


def format_po(po: polib.POFile) -> str:
    """The whole catalogue as `msgcat` (default options) writes it."""
    return "".join(generate_po(po))
