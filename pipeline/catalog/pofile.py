"""Reading and writing .po/.pot files, as GNU gettext does.

Reading is strict: anything polib would skip without a word (and so drop a
translation) is an error with file:line, as GNU msgfmt would say. Writing
gives, byte for byte, what GNU msgcat (gettext 0.21) writes.
"""
from __future__ import annotations

import re
import sys
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import accumulate
from operator import itemgetter
from pathlib import Path

import polib
from uniseg.emoji import extended_pictographic
from uniseg.linebreak import line_break, line_break_breakables
from uniseg.unicodedatawrapper import category as uniseg_category
from uniseg.unicodedatawrapper import east_asian_width

from ..errors import CatalogError
from ..model import Catalog
from . import _widths
from .reader import (
    COMMENT_KINDS, EmptyComment, HeaderExtras, Line, build_catalogue, decode_catalogue, fast_catalogue, logical_lines,
)

__all__ = [
    "read_po", "read_catalog", "read_catalogue", "parse_po", "parse_catalog", "keyword_line", "header_line",
    "MAX_CATALOG_BYTES", "MAX_STRING_CHARS", "format_po", "generate_po", "format_arguments",
]  # fmt: skip

# --- reading ------------------------------------------------------------------

#: Limits that keep memory bounded whatever a catalogue holds: no real
#: catalogue comes near them, a hostile or broken one is refused with its line.
MAX_CATALOG_BYTES = 64 * 1024 * 1024
MAX_STRING_CHARS = 1024 * 1024

_KEYWORD = re.compile(r"(msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s*(?=\")")
_BAD_ESCAPE = re.compile(r'\\(?![\\"ntrabfv0-7x])')


def _lint(lines: list[Line], shown: str) -> None:
    """Check every logical line lexically and each entry's keywords. GNU
    msgfmt rejects an unterminated string, an invalid escape, a repeated
    msgstr or a msgid without msgstr, and so do we, before any translation
    can be lost."""
    waiting: dict[bool, int | None] = {False: None, True: None}  # obsolete? -> msgid awaiting msgstr
    seen: dict[bool, set[str]] = {False: set(), True: set()}  # keywords of the current entry
    after_previous = False  # "#|" lines were read, and their msgid is still to come
    interrupted = False  # ...and a comment came between them (GNU's grammar has no place for it)
    for number, kind, word, line in lines:
        if kind in COMMENT_KINDS:
            interrupted = after_previous
            continue  # translator, extracted, reference and flag comments
        previous = kind in ("|", "~|")
        if interrupted:
            raise CatalogError("syntax error: a comment between the #| lines and their msgid", path=shown, line=number)
        after_previous = previous
        obsolete = kind in ("~", "~|")  # "#~|": the previous msgid of an obsolete entry
        if len(line) > MAX_STRING_CHARS:
            raise CatalogError(
                f"a string of more than {MAX_STRING_CHARS // 1024} K characters: refused", path=shown, line=number
            )
        if word is None:
            _diagnose(line, shown, number)
        if not word:
            continue
        keyword = ("previous " if previous else "") + word
        entry = seen[obsolete]
        if keyword in ("msgctxt", "msgid") and waiting[obsolete] is not None:
            raise CatalogError(
                "msgid without msgstr (every entry needs one, even empty: msgstr \"\")",
                path=shown,
                line=waiting[obsolete],
            )
        if keyword in ("msgctxt", "msgid", "previous msgctxt", "previous msgid") and (
            "msgstr" in entry or any(k.startswith("msgstr[") for k in entry)
        ):
            entry.clear()  # a new entry begins
        if keyword in entry:
            raise CatalogError(f"{keyword} given twice in one entry", path=shown, line=number)
        if (keyword.startswith("msgstr") or keyword == "msgid_plural") and "msgid" not in entry:
            raise CatalogError(f"syntax error: {keyword} without a msgid before it", path=shown, line=number)
        if keyword.startswith("msgstr["):
            # GNU's grammar: plural forms come numbered 0, 1, 2... in order.
            index = int(keyword[7:-1])
            if index != sum(1 for k in entry if k.startswith("msgstr[")):
                problem = "first plural form has nonzero index" if index and "msgstr[0]" not in entry else "plural form has wrong index"
                raise CatalogError(f"{problem} ({keyword})", path=shown, line=number)
        entry.add(keyword)
        if keyword == "msgid":
            waiting[obsolete] = number
        elif keyword.startswith("msgstr"):
            waiting[obsolete] = None
    for pending in waiting.values():
        if pending is not None:
            raise CatalogError(
                "msgid without msgstr (every entry needs one, even empty: msgstr \"\")", path=shown, line=pending
            )
    if after_previous:
        raise CatalogError("syntax error: #| lines with no message after them", path=shown, line=lines[-1][0] + 1)


def _diagnose(line: str, shown: str, number: int) -> None:
    """Say what is wrong with a line that is neither a comment nor tokens."""
    if "\r" in line:
        raise CatalogError("a raw carriage return in a string (write \\r)", path=shown, line=number)
    match = _KEYWORD.match(line)
    rest = line[match.end() :] if match else line
    if not rest.startswith('"'):
        word = line.split()[0] if line.split() else line
        raise CatalogError(f"unknown keyword or stray text {word[:40]!r}", path=shown, line=number)
    if _BAD_ESCAPE.search(rest):
        raise CatalogError("invalid escape sequence in string", path=shown, line=number)
    raise CatalogError("unterminated or malformed string", path=shown, line=number)


def parse_po(data: bytes, shown: str, *, language: str | None = None) -> polib.POFile:
    """Parse catalogue bytes into polib entries; see parse_catalog."""
    return parse_catalog(data, shown, language=language).po


def parse_catalog(data: bytes, shown: str, *, language: str | None = None) -> Catalog:
    """Parse catalogue bytes; ``shown`` is the path used in messages.

    With ``language``, the ``Language`` header must agree with it."""
    if len(data) > MAX_CATALOG_BYTES:
        raise CatalogError(f"too large ({len(data) // 2**20} MB; the limit is {MAX_CATALOG_BYTES // 2**20} MB)", path=shown)
    if data.startswith(b"\xef\xbb\xbf"):
        raise CatalogError("starts with a byte-order mark (BOM)", path=shown, line=1, hint="save as UTF-8 without BOM")
    text, encoding, converted = decode_catalogue(data, shown)
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    po = fast_catalogue(text, encoding=encoding, converted=converted, longest=MAX_STRING_CHARS)
    checked = po is not None  # (its messages are shorter than the limit)
    if po is None:
        lines = logical_lines(text)
        _lint(lines, shown)
        po = build_catalogue(lines, shown, encoding=encoding, converted=converted)
    seen: set[tuple[str | None, str]] = set()  # GNU: an obsolete message may not repeat an active one either
    for entry in po:
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            raise CatalogError(
                f"duplicate message definition: {entry.msgid[:60]!r}"
                + (f" (context {entry.msgctxt!r})" if entry.msgctxt is not None else ""),
                path=shown,
                line=_msgid_line(text, entry),
            )
        seen.add(key)
    if text.strip() and not len(po) and not po.metadata and 'msgid' in text:
        raise CatalogError("no entry could be read", path=shown, line=1)
    for entry in () if checked else po:
        strings = [entry.msgid, entry.msgstr, *(entry.msgstr_plural or {}).values()]
        if any(len(string) > MAX_STRING_CHARS for string in strings):
            raise CatalogError(
                f"a string of more than {MAX_STRING_CHARS // 1024} K characters: refused",
                path=shown,
                line=entry.linenum,
            )
    if language is not None:
        _check_language(po, text, shown, language)
    return Catalog(po, text, shown, language)


def keyword_line(lines: list[str], entry: polib.POEntry, keyword: str) -> int | None:
    """The line of ``keyword`` (``msgid``, ``msgstr``, ``msgstr[1]``...) in an
    entry; polib's ``linenum`` is where the entry's comments start."""
    start = (entry.linenum or 1) - 1
    for number in range(start, min(len(lines), start + 10_000)):
        if lines[number].lstrip("#~ ").startswith(keyword + " "):
            return number + 1
    return entry.linenum


def _msgid_line(text: str, entry: polib.POEntry) -> int | None:
    return keyword_line(text.split("\n"), entry, "msgid")


def _check_language(po: polib.POFile, text: str, shown: str, language: str) -> None:
    """A catalogue whose ``Language`` header names another language is in the
    wrong folder: reading it as this language's would publish wrong text.
    (``Plural-Forms`` is checked by catalog.checks: a header that disagrees
    with CLDR is reported, not refused.)"""
    declared = po.metadata.get("Language", "").replace("-", "_")
    if declared and declared != language:
        raise CatalogError(
            f"the header says Language: {declared}, but the catalogue is in the folder of {language!r}",
            path=shown,
            line=header_line(text, "Language"),
        )


def header_line(text: str, field: str) -> int | None:
    """The line of a header field (``Plural-Forms``...), for findings about it."""
    for number, line in enumerate(text.split("\n"), 1):
        if line.removeprefix("msgstr ").startswith(f'"{field}:'):
            return number
    return None


def read_po(path: Path, shown: str, *, language: str | None = None) -> polib.POFile:
    return read_catalogue(path, shown, language=language)[0]


def read_catalog(path: Path, shown: str, *, language: str | None = None) -> Catalog:
    """A catalogue file as a Catalog: entries, text, path shown, language."""
    return parse_catalog(_read_bytes(path, shown), shown, language=language)


def read_catalogue(path: Path, shown: str, *, language: str | None = None) -> tuple[polib.POFile, bytes]:
    """``read_po``, and the bytes it parsed: writing the catalogue back checks
    against them that nobody saved it in the meantime."""
    data = _read_bytes(path, shown)
    return parse_po(data, shown, language=language), data


def _read_bytes(path: Path, shown: str) -> bytes:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise CatalogError("no such catalogue", path=shown) from None
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror}", path=shown) from None
    return data


# --- writing ------------------------------------------------------------------


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
        for lang in _FORMAT_LANGUAGES if self.formats else ():
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
    r"[hlLqjzZt]*(?P<conv>[diouxXeEfFgGaAcCsSpn%m{objc}]"
    r"|<PRI[diouxX](?:8|16|32|64|LEAST8|LEAST16|LEAST32|LEAST64|FAST8|FAST16|FAST32|FAST64|MAX|PTR)>)"
)  # %m (glibc: the error message, no argument) and %<PRId64> (ISO C 99) are GNU's too
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
        takes = m.group("conv") not in ("%", "m")
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


_C_TYPES = {**dict.fromkeys("di", "int"), **dict.fromkeys("ouxX", "unsigned"),
            **dict.fromkeys("eEfFgGaA", "double"), "c": "char", "C": "wchar", "s": "string", "S": "wstring",
            "p": "pointer", "n": "count", "@": "object"}


_PYTHON_TYPES = {**dict.fromkeys("diouxX", "integer"), **dict.fromkeys("eEfFgG", "float"),
                 **dict.fromkeys("rsa", "string")}


def format_arguments(s: str, language: str, *, msgstr: bool = False) -> object:
    """What a format string's directives take, comparably: C's (numbered or
    in order) or Python's (by name or in order); "invalid" for a string
    GNU's parser rejects; None for a language not checked."""
    if language in ("c", "objc"):
        spans = list(_c_spans(s, language == "objc", msgstr))
        rest = s[spans[-1][1] if spans else 0 :]
        if "%" in rest:
            return "invalid"
        arguments: list[tuple[str, str]] = []
        for start, end in spans:
            m = _C_DIRECTIVES[language == "objc", msgstr].match(s, start)
            assert m is not None
            if m.group("wstar"):
                arguments.append((m.group("wnum") or "", "int"))
            if m.group("pstar"):
                arguments.append((m.group("pnum") or "", "int"))
            conv = m.group("conv")
            if conv not in ("%", "m"):
                size = re.sub(r"[^hlLqjzZt]", "", s[start:m.start("conv")])
                kind = _C_TYPES.get(conv, conv)
                arguments.append((m.group("num") or "", size + kind))
        if not any(number for number, _ in arguments):  # in order: the n-th takes argument n
            arguments = [(str(n), kind) for n, (_, kind) in enumerate(arguments, 1)]
        return sorted((int(number[:-1] if number.endswith("$") else number), kind) for number, kind in arguments)
    if language == "python":
        spans = list(_python_spans(s))
        if "%" in s[spans[-1][1] if spans else 0 :]:
            return "invalid"
        named: dict[str, str] = {}
        ordered: list[str] = []
        for start, end in spans:
            directive = s[start:end]
            if directive.endswith("%") and end - start == 2:
                continue
            kind = _PYTHON_TYPES.get(directive[-1], directive[-1])
            if directive.startswith("%("):
                named[directive[2 : directive.rindex(")")]] = kind
            else:
                ordered.append(kind)
        return (sorted(named.items()), ordered)
    if language == "python-brace":
        return _brace_arguments(s)
    return None


_BRACE_FIELD = re.compile(r"\{\{|\}\}|\{((?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+)(?:[.\[][^{}:]*)?(?::[^{}]*)?)\}|[{}]")


def _brace_arguments(s: str) -> object:
    """The fields of a Python str.format() string, each with its attributes
    and format spec (msgmerge compares them whole); "{{" and "}}" are braces;
    "invalid" for a stray brace."""
    names = set()
    for match in _BRACE_FIELD.finditer(s):
        text = match.group()
        if text in ("{{", "}}"):
            continue
        if match.group(1) is None:
            return "invalid"
        names.add(match.group(1))
    return sorted(names)


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


@lru_cache(maxsize=4096)
def _lb_class(ch: str) -> str:
    """The Line_Break class after the LB1 resolution both libraries apply."""
    cls = _uax14_class(ch)
    if cls in ("AI", "SG", "XX"):
        return "AL"
    if cls == "SA":
        return "CM" if unicodedata.category(ch) in ("Mn", "Mc") else "AL"
    return "NS" if cls == "CJ" else cls


def _gnu_breaks(classes: Sequence[str], breaks: list[bool]) -> list[bool]:
    """Turn uniseg's opportunities `breaks` for a text of `classes` into libunistring's."""
    prev: str | None = None  # the last class but spaces; None at a line start
    before: str | None = None  # classes[i - 1]
    before2: str | None = None  # classes[i - 2]
    for i, cls in enumerate(classes):
        spaced = before == "SP"
        if cls in ("BK", "NL"):
            # The line breaker handles the mandatory break character itself;
            # after it, libunistring starts over as at the start of a line.
            breaks[i], prev = False, None
        elif cls == "SP":
            breaks[i] = False  # LB7 (both agree)
        elif cls in ("CM", "ZWJ"):
            if prev not in (None, "ZW") and not spaced:
                breaks[i] = False  # LB9: a mark sticks to its base, which keeps its class
            else:
                # LB10: an isolated mark acts as a letter.  libunistring breaks
                # before it after a space even when OP precedes (uniseg: LB14).
                breaks[i], prev = prev is not None and (spaced or prev == "ZW"), "AL"
        else:
            if prev is None:
                breaks[i] = False  # no break at a line start, nor after its spaces (uniseg: LB18)
            elif prev == "ZW":
                pass  # LB8 (both agree)
            elif before == "ZWJ":
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
            elif before in ("HY", "BA") and before2 == "HL":
                breaks[i] = False  # the old LB21a "HL (HY|BA) ×", even before an HL
            elif (prev, cls) in _GNU_KEEP:
                breaks[i] = False
            elif (prev, cls) in _GNU_SPLIT:
                breaks[i] = True
            prev = cls
        before2, before = before, cls
    return breaks


def _reference_opportunities(text: str) -> list[bool]:
    """For each index, whether libunistring 1.0 allows a line break before it.

    The definition, straight from uniseg: far too slow for whole catalogues
    (uniseg takes ~150 µs a character); _break_mask computes the same faster.
    """
    breaks = [bool(b) for b in line_break_breakables(text)]
    return _gnu_breaks([_lb_class(ch) for ch in text], breaks)


# uniseg's answer and _gnu_breaks' depend on a character only through a few of
# its properties: its Line_Break class (raw and resolved), whether its General
# Category is Pi or Pf (LB15a/b, LB19), Mn or Mc (SA in LB1) or Cn (LB30b),
# whether it is East Asian (F/W/H: LB19a, LB30), Extended_Pictographic (LB30b),
# and whether it is U+25CC (LB28a) or U+2010 (LB20a).  So every character is
# replaced by a representative with the same properties (the first one met)
# before asking uniseg: "cat, dog" and "red, fox" both ask about "AAA, AAA",
# and the pieces asked about (see _break_mask) repeat across all texts.
_EAST_ASIAN = frozenset({"F", "W", "H"})
_CATEGORIES_SEEN = frozenset({"Pi", "Pf", "Mn", "Mc", "Cn"})


def _uax14_key(ch: str) -> tuple[object, ...]:
    """What uniseg and _gnu_breaks look at in a character."""
    gc = uniseg_category(ch).value
    return (_uax14_class(ch), _lb_class(ch), gc if gc in _CATEGORIES_SEEN else "",
            east_asian_width(ch).value in _EAST_ASIAN, extended_pictographic(ch),
            ch if ch in "\u25cc\u2010" else "")


# _break_mask cuts texts at "barriers": characters that no rule, of uniseg or
# of _gnu_breaks, looks past.  That is, no rule skips over one (as over SP,
# CM, ZWJ, QU, HY, BA, IS, SY, CL or CP), nor, deciding about a break before
# one, looks at what follows it (as for OP, IS and QU), nor looks two
# characters back past one (LB28a for VI; AK, AS and U+25CC, an AL, look
# ahead there), nor counts them (RI); and when one starts a text, LB15a's
# quirky is_sot() must not fire, so it is not Pi.  Between two barriers, the
# breaks depend on nothing outside them: the mask of a text is that of its
# pieces from one barrier to the next, each computed with its first barrier
# at a start of text.  (SA is left out: uniseg and _lb_class resolve it with
# different Unicode versions.)
_BARRIER_CLASSES = frozenset({"AL", "HL", "ID", "NU", "H2", "H3", "JL", "JV", "JT",
                              "EB", "EM", "EX", "PR", "PO", "NS", "GL", "IN"})
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class _Canonical:
    """Replaces each character of a text by its representative."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[object, ...], str] = {}
        # str.translate tables: code point -> its representative's.  In the
        # BMP, None (deleting the character) for the characters not met yet;
        # beyond it, they are met in __missing__ (BMP representatives stand
        # for themselves there).
        self.table: list[int | None] = [None] * 0x10000
        self.astral = _AstralTable(self)
        self.barriers = ""  # the representatives that are barriers
        self.barrier_runs = re.compile("(?!)")  # splits a text around its runs of barriers
        # ASCII letters are represented by "A", digits by "0"...
        for code in sorted(range(128), key=lambda code: (not chr(code).isalnum(), not chr(code).isprintable())):
            self.learn(chr(code))

    def learn(self, ch: str) -> int:
        rep = self.by_key.setdefault(_uax14_key(ch), ch)
        if ch <= "\uffff":
            self.table[ord(ch)] = ord(rep)
        else:
            self.astral[ord(ch)] = ord(rep)
        if (rep == ch and _lb_class(ch) in _BARRIER_CLASSES and ch != "\u25cc"
                and _uax14_class(ch) != "SA" and uniseg_category(ch).value not in ("Pi", "Pf")):
            self.barriers += ch
            self.barrier_runs = re.compile(f"([{re.escape(self.barriers)}]+)")
        return ord(rep)

    def __call__(self, text: str) -> str:
        canonical = text.translate(self.table)
        if len(canonical) != len(text):  # some characters are new
            for ch in dict.fromkeys(text):  # (in order: the first met represents)
                if ch <= "\uffff" and self.table[ord(ch)] is None:
                    self.learn(ch)
            canonical = text.translate(self.table)
        if not text.isascii() and _ASTRAL.search(canonical):
            canonical = canonical.translate(self.astral)
        return canonical


class _AstralTable(dict):
    """_Canonical's str.translate table beyond the BMP."""

    def __init__(self, canonical: _Canonical) -> None:
        super().__init__()
        self.canonical = canonical

    def __missing__(self, code: int) -> int:
        if code < 0x10000:  # a representative already
            self[code] = code
            return code
        return self.canonical.learn(chr(code))


_CANONICAL = _Canonical()

# The break masks (see _break_mask) of the canonical texts that start with a
# barrier or at a start of text: that of the text's first piece, and those of
# the other pieces and of the runs of barriers, but their first character.
# Only random text fills them up.
_FIRST_PIECES: dict[str, bytes] = {}
_PIECES: dict[str, bytes] = {}
_RUNS: dict[str, bytes] = {}
_CACHE_LIMIT = 1 << 16


def _piece(piece: str) -> bytes:
    """The break mask of a canonical text."""
    if "   " in piece:
        return _piece_with_space_runs(piece)
    breaks = _gnu_breaks([_lb_class(ch) for ch in piece], [bool(b) for b in line_break_breakables(piece)])
    return bytes(b"2"[0] if _lb_class(ch) in ("BK", "NL") else b"1"[0] if brk else b"0"[0]
                 for ch, brk in zip(piece, breaks))


_SPACE_RUN = re.compile("   +")


def _piece_with_space_runs(piece: str) -> bytes:
    """The break mask of a text with runs of three spaces or more, found on
    the text with each run cut to two spaces: a line never breaks before a
    space (UAX #14 LB7), and the rules that look back across spaces (LB14 to
    LB17) see the classes around a run, not its length. uniseg's look-backs
    made the full computation quadratic in a run's length (10,000 spaces in
    one msgstr: minutes)."""
    short, at, cut = [], 0, []  # the shortened text's parts, where runs were cut, by how much
    length = 0
    for match in _SPACE_RUN.finditer(piece):
        short.append(piece[at : match.start() + 2])
        length += match.start() + 2 - at
        cut.append((length, len(match.group()) - 2))
        at = match.end()
    short.append(piece[at:])
    mask = _piece("".join(short))
    parts, start = [], 0
    for position, removed in cut:
        parts += [mask[start:position], b"0" * removed]
        start = position
    parts.append(mask[start:])
    return b"".join(parts)


def _cached(table: dict[str, bytes], piece: str, mask: bytes) -> bytes:
    if len(table) >= _CACHE_LIMIT:
        table.clear()
    table[piece] = mask
    return mask


def _run_mask(run: str) -> bytes:
    """The break mask of a run of barriers, but its first character: the break
    before each barrier depends on the one before it only."""
    if len(run) == 1:
        return b""
    if run.count(run[0]) == len(run):
        mask = _RUNS.get(run[:2]) or _cached(_RUNS, run[:2], _piece(run[:2])[1:])
        return mask * (len(run) - 1)
    return b"".join(_RUNS.get(pair) or _cached(_RUNS, pair, _piece(pair)[1:])
                    for pair in map(str.__add__, run, run[1:]))


@lru_cache(maxsize=16)  # _wrap asks twice for a first line
def _break_mask(text: str) -> bytes:
    """For each index of text, b"1" where libunistring 1.0 may break the line
    before it, b"2" at a mandatory break character (_line_breaks handles it),
    b"0" elsewhere."""
    canonical = _CANONICAL(text)
    # [before, (run of barriers, between)...]: the text's first piece is
    # before + the first barrier; the others run from the last barrier of a
    # run to the first of the next one, or to the end of the text.
    parts = _CANONICAL.barrier_runs.split(canonical)
    head = parts[0] + parts[1][0] if len(parts) > 1 else canonical
    joined = [_FIRST_PIECES.get(head) or _cached(_FIRST_PIECES, head, _piece(head))]
    if len(parts) == 1:
        return joined[0]
    runs = parts[1::2]
    run_masks = list(map(_RUNS.get, runs))
    if None in run_masks:
        run_masks = [mask if mask is not None else _cached(_RUNS, run, _run_mask(run))
                     for run, mask in zip(runs, run_masks)]
    pieces = list(map("".join, zip(map(itemgetter(-1), runs), parts[2::2], [*map(itemgetter(0), runs[1:]), ""])))
    piece_masks = list(map(_PIECES.get, pieces))
    if None in piece_masks:
        piece_masks = [mask if mask is not None else _cached(_PIECES, piece, _piece(piece)[1:])
                       for piece, mask in zip(pieces, piece_masks)]
    joined += [b""] * (2 * len(runs))
    joined[1::2] = run_masks  # each run of barriers but its first, then the piece after it
    joined[2::2] = piece_masks
    return b"".join(joined)


# Widths: libunistring's own table (catalog/_widths.py, generated from the
# library by tools/unistring_widths.py). wcwidth differed from it on 5,640
# code points: spacing marks, format characters, and what Unicode assigned
# after libunistring 1.0, which msgcat counts as 1 column.
_RUN_STARTS = [first for first, _, _ in _widths.RUNS]


@lru_cache(maxsize=4096)
def _width(ch: str) -> int:
    """Columns of ch as libunistring's uc_width counts them (controls: 0)."""
    code = ord(ch)
    index = bisect_right(_RUN_STARTS, code) - 1
    if index >= 0:
        first, last, width = _widths.RUNS[index]
        if code <= last:
            return width
    return 1


class _Widths(dict):
    """Character -> _width(character)."""

    def __init__(self) -> None:
        super().__init__()
        self.narrow: list[str] = []  # the characters met that take one column, but ASCII
        self.others = re.compile("[^ -~]")  # finds a character not known to take one column

    def __missing__(self, ch: str) -> int:
        self[ch] = width = _width(ch)
        if width == 1:
            self.narrow.append(ch)
        return width

    def columns(self, text: str) -> list[int] | None:
        """The column at which each index of text starts (len(text) + 1 of
        them), or None when every character takes one column."""
        if (text.isascii() and text.isprintable()) or not self.others.search(text):
            return None
        known = len(self.narrow)
        widths = list(map(self.__getitem__, text))
        if known < len(self.narrow) <= 1 << 12:  # (more is random text)
            self.others = re.compile("[^ -~" + "".join(map(re.escape, sorted(self.narrow))) + "]")
        if widths.count(1) == len(widths):
            return None
        return list(accumulate(widths, initial=0))


_columns = _Widths().columns


def _line_breaks(text: str, prohibited: set[int], width: int, start_column: int) -> list[int]:
    """The indices GNU breaks the line before (libunistring's u8_width_linebreaks).

    Greedy: a piece runs from one break opportunity to the next, and when a
    piece would end past `width` the line is broken where that piece starts.
    A mandatory break character restarts the column count (GNU prints no
    line break there), and is not counted.
    """
    columns = _columns(text)
    if start_column + (columns[-1] if columns else len(text)) <= width:
        return []  # it fits: no need for the break opportunities
    mask: bytes | bytearray = _break_mask(text)
    if prohibited:
        mask = bytearray(mask)
        for i in prohibited:
            mask[i] = b"0"[0]
    result: list[int] = []
    section = 0  # where the text up to the next mandatory break character starts
    while True:
        end = mask.find(b"2", section)
        if end < 0:
            end = len(text)
        line = section  # where the line starts
        left = (columns[section] if columns else section) - start_column  # the line's column 0
        while (columns[end] if columns else end) - left > width:
            # The piece that ends past the width starts at the last
            # opportunity where the line still fits, but not at the line's
            # start: then the line's first piece is too wide, and ends at the
            # next opportunity.
            fits = bisect_right(columns, left + width) - 1 if columns else left + width
            # (fits may be negative when the line starts past the width: a
            # negative end would count from the end of the mask)
            at = mask.rfind(b"1", line + 1, fits + 1) if fits > line else -1
            if at < 0:
                at = mask.find(b"1", line + 1, end)
                if at < 0:
                    break
            result.append(at)
            line, left = at, columns[at] if columns else at
        if end == len(text):
            return result
        section, start_column = end + 1, 0


_ESCAPED = re.compile(r"\\.", re.S)  # an escape, in an escaped text
_ESCAPABLE = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")
_ESCAPE_ORDER = sorted(_ESCAPES.items(), key=lambda item: item[0] != "\\")  # the backslash first


def _escape(text: str) -> str:
    for ch, letter in _ESCAPE_ORDER:
        if ch in text:
            text = text.replace(ch, "\\" + letter)
    return text


def _wrap(prefix: str, keyword: str, value: str, flags: _Flags) -> tuple[str, ...]:
    """The lines of `keyword "value"`, laid out as write-po.c's wrap() does."""
    # Only a value with a "%" can hold a directive: the others share their layout.
    return _wrap_value(prefix, keyword, value, flags.format_language() if "%" in value else None,
                       flags.no_wrap)


@lru_cache(maxsize=1 << 16)  # msgids repeat in every language's catalogue
def _wrap_value(prefix: str, keyword: str, value: str, language: str | None,
                no_wrap: bool) -> tuple[str, ...]:
    """_wrap's lines; `language`: the format directives' (None: no directive)."""
    if not value:
        return (f'{prefix}{keyword} ""',)
    interior = _directive_interior(value, language, keyword.startswith("msgstr"))
    page_width = sys.maxsize if no_wrap else PAGE_WIDTH
    # Continuation lines start with prefix + '"'; keep a column for the closing '"'.
    width = page_width - 1 - (len(prefix) + 1)
    lines: list[str] = []
    first_line = True
    start = 0
    while True:  # one portion of the value at a time, each ending after a "\n"
        end = value.find("\n", start) + 1 or len(value)
        portion = value[start:end]
        prohibited: set[int] = set()  # the indices of text never broken before
        escaped = _ESCAPABLE.search(portion) is not None
        text = _escape(portion) if escaped else portion
        if escaped:
            # Never inside an escape, nor before the "\n" that ends the portion.
            prohibited.update(m.start() + 1 for m in _ESCAPED.finditer(text))
            if portion.endswith("\n"):
                prohibited.add(len(text) - 2)
        inside = [k - start for k in interior if start <= k < end]
        if inside:  # nor inside a directive
            if escaped:
                escapes = [m.start() for m in _ESCAPABLE.finditer(portion)]
                inside = [k + bisect_left(escapes, k) for k in inside]
            prohibited.update(inside)
        breaks = _line_breaks(text, prohibited, width, len(keyword) + 1 if first_line else 0)
        if first_line and text and (end < len(value) or breaks):
            # A value that takes several lines starts with "" on the keyword's line.
            lines.append(f'{prefix}{keyword} ""')
            first_line = False
            breaks = _line_breaks(text, prohibited, width, 0)
        head = f"{prefix}{keyword} " if first_line else prefix
        first_line = False
        cut = 0
        for i in breaks:
            lines.append(f'{head}"{text[cut:i]}"')
            head, cut = prefix, i
        lines.append(f'{head}"{text[cut:]}"')
        start = end
        if start >= len(value):
            return tuple(lines)


# --- Messages ---------------------------------------------------------------

def _comment_lines(mark: str, text: str) -> Iterator[str]:
    for line in text.split("\n"):
        yield f"{mark} {line}" if line else mark  # an empty line is "#" alone, no space


def _references(occurrences: Iterable[tuple[str, str]]) -> Iterator[str]:
    """`#:` lines: references joined by spaces, a new line rather than pass 79 columns."""
    line, column = "#:", 2
    # GNU keeps each reference once, where it first appears.
    for path, lineno in dict.fromkeys(occurrences):
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
    if tcomment or isinstance(entry.tcomment, EmptyComment):
        lines += _comment_lines("#", tcomment)
    if entry.comment or isinstance(entry.comment, EmptyComment):
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
    """The header message (msgid ""): as read, while its fields are unchanged
    (msgcat writes its lines as they are), else rebuilt from polib's fields."""
    fuzzy = po.metadata_is_fuzzy
    # polib's parser sets metadata_is_fuzzy to the header's flag list when the
    # file has a header entry, and leaves it 0 when it has none.
    if not po.metadata and not fuzzy and not isinstance(fuzzy, list):
        return None
    flags = list(fuzzy) if isinstance(fuzzy, list) else ["fuzzy"] if fuzzy else []
    extras: HeaderExtras | None = getattr(po, "header_extras", None)
    if extras is not None and extras.metadata == po.metadata:
        msgstr = extras.raw
    else:
        msgstr = "".join(f"{key}: {value}\n" for key, value in po.metadata.items())
    entry = polib.POEntry(msgid="", msgstr=msgstr, flags=flags, tcomment=po.header)
    if extras is not None:
        entry.comment, entry.occurrences = extras.entry.comment, extras.entry.occurrences
        entry.previous_msgid, entry.previous_msgctxt = extras.entry.previous_msgid, extras.entry.previous_msgctxt
    return entry


def generate_po(po: polib.POFile, *, lone_header: bool = False) -> Iterator[str]:
    """The catalogue as `msgcat` writes it, line by line (each ending in "\\n").
    msgcat writes nothing at all when there is no message but the header;
    msgmerge writes that header (``lone_header``)."""
    if not len(po) and not lone_header:
        return
    header = _header_entry(po)
    extras: HeaderExtras | None = getattr(po, "header_extras", None)
    # msgcat leaves the header where it was read (only a header first is usual).
    position = extras.position if header is not None and extras is not None else 0
    # Without a header entry, polib's parser files the first message's
    # translator comments as po.header: give them back to that message.
    orphan_comment = "" if header else po.header
    messages = [(entry, False, "" if n else orphan_comment) for n, entry in enumerate(e for e in po if not e.obsolete)]
    if header is not None:
        messages.insert(min(position, len(messages)), (header, False, ""))
    messages += [(entry, True, "") for entry in po if entry.obsolete]  # obsolete ones last
    first = True
    for entry, obsolete, extra_comment in messages:
        lines = _message(entry, obsolete, extra_comment)
        if lines:
            if not first:
                yield "\n"
            first = False
            yield from (line + "\n" for line in lines)


def format_po(po: polib.POFile, *, lone_header: bool = False) -> str:
    """The whole catalogue as `msgcat` (default options) writes it; see generate_po."""
    return "".join(generate_po(po, lone_header=lone_header))
