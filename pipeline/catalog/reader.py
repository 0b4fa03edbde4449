"""Reading .po/.pot text as GNU gettext's lexer does, into polib entries.

polib's own parser drops what GNU keeps (an empty "#" line, the comments of
a header-less file's first message, a header's references, the header's
place and raw lines), reads no charset but UTF-8, and needs one keyword a
line. This reader follows GNU: tokens, not lines, charsets through a codec
(what ``msgconv -t UTF-8`` does); with its lint it takes about the time
polib's parser alone takes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import polib

from ..errors import CatalogError

__all__ = [
    "Line", "EmptyComment", "HeaderExtras", "decode_catalogue", "logical_lines", "build_catalogue", "fast_catalogue",
    "new_entry", "first_form", "has_translation", "COMMENT_KINDS",
]

#: The kinds of a logical line: comments, and the prefixes of token lines
#: ("" a message's, "|" a previous msgid's, "~" and "~|" an obsolete one's).
COMMENT_KINDS = frozenset({"#", "#.", "#:", "#,"})

_CHARSET = re.compile(rb"Content-Type:[^\"\n]*?charset=([A-Za-z0-9_.:+-]+)")
#: The charsets GNU gettext reads (po-charset.c's portable names, as the
#: installed msgcat accepts them, case aside and "_" for "-"), and the Python
#: codec of each.
_PORTABLE = {
    **dict.fromkeys(("ASCII", "ANSI-X3.4-1968", "US-ASCII"), "ascii"),
    **{f"ISO-8859-{n}": f"iso8859-{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 14, 15)},
    "KOI8-R": "koi8-r", "KOI8-U": "koi8-u", "KOI8-T": "koi8-t",
    **{f"CP{n}": f"cp{n}" for n in (850, 866, 874, 932, 949, 950, 1250, 1251, 1252, 1253, 1254, 1255, 1256, 1257)},
    "GB2312": "gb2312", "EUC-JP": "euc-jp", "EUC-KR": "euc-kr", "BIG5": "big5", "BIG5-HKSCS": "big5hkscs",
    "GBK": "gbk", "GB18030": "gb18030", "SHIFT-JIS": "shift-jis", "JOHAB": "johab", "TIS-620": "tis-620",
}
#: Portable for GNU, unknown to Python's codecs.
_GNU_ONLY = {"EUC-TW", "VISCII", "GEORGIAN-PS"}
# A string as GNU's lexer takes it (its escapes; no raw carriage return),
# written as an unrolled loop: Python's re is slow on a per-character alternation.
_STRING = r'"[^"\\\r]*(?:\\(?:[\\"ntrabfv]|[0-7]{1,3}|x[0-9A-Fa-f]+)[^"\\\r]*)*"'
_KEYWORDS = r"msgctxt|msgid_plural|msgid|msgstr\[\d+\]|msgstr"
_TOKEN_LINE = re.compile(rf"(?:({_KEYWORDS})\s*)?({_STRING})")
_TOKEN = re.compile(rf'\s*(?:({_KEYWORDS})(?=[\s"])|({_STRING}))\s*')
_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]+)|(.))", re.S)
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v", "\\": "\\", '"': '"'}


class EmptyComment(str):
    """A comment of one empty line ("#" alone): equal to "" (polib's "no
    comment") for every reader, but written back as GNU does."""

    __slots__ = ()


def _joined_comment(lines: list[str]) -> str:
    return EmptyComment() if lines == [""] else "\n".join(lines)



def new_entry(
    msgid: str = "", msgstr: str = "", *, msgid_plural: str = "", msgstr_plural: dict[int, str] | None = None,
    msgctxt: str | None = None, obsolete: bool = False, comment: str = "", tcomment: str = "",
    occurrences: list[tuple[str, str]] | None = None, flags: list[str] | None = None,
    previous_msgctxt: str | None = None, previous_msgid: str | None = None,
    previous_msgid_plural: str | None = None, linenum: int | None = None,
) -> polib.POEntry:
    """``polib.POEntry(...)``, the same attributes, without its keyword
    look-ups: a quarter of the time, which counts at 5,000 messages a file."""
    entry = _NEW(polib.POEntry)
    entry.__dict__.update(
        msgid=msgid, msgstr=msgstr, msgid_plural=msgid_plural,
        msgstr_plural={} if msgstr_plural is None else msgstr_plural, msgctxt=msgctxt, obsolete=obsolete,
        encoding=polib.default_encoding, comment=comment, tcomment=tcomment,
        occurrences=[] if occurrences is None else occurrences, flags=[] if flags is None else flags,
        previous_msgctxt=previous_msgctxt, previous_msgid=previous_msgid,
        previous_msgid_plural=previous_msgid_plural, linenum=linenum,
    )
    return entry


_NEW = object.__new__


def first_form(entry: polib.POEntry) -> str:
    """The translation's msgstr, or msgstr[0] of a plural message: what GNU
    looks at to call a message translated (msgfmt, msgmerge's candidates)."""
    return entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr


def has_translation(entry: polib.POEntry) -> bool:
    """Whether any form of the message is translated (msgmerge keeps such an
    old message, obsolete, when the template drops it): unlike ``first_form``,
    a plural message whose msgstr[0] alone is empty counts."""
    return any(entry.msgstr_plural.values()) if entry.msgid_plural else bool(entry.msgstr)


@dataclass
class HeaderExtras:
    """What polib's model of a header lacks and msgcat writes back: the
    header message itself (references, extracted comments), its raw msgstr
    (fields in their order, spacing and repeats), and how many messages come
    before it in the file."""

    entry: polib.POEntry
    raw: str
    metadata: dict[str, str]  # the metadata as read: when it changed, raw is stale
    position: int


def decode_catalogue(data: bytes, shown: str) -> tuple[str, str, bool]:
    """The text of a catalogue in the charset its header declares, that
    charset's codec, and whether the header must say UTF-8 on writing (not
    for UTF-8 itself, nor a template's ASCII that says CHARSET)."""
    found = _CHARSET.search(data)
    if found is None and data.isascii():
        return data.decode("ascii"), "ascii", False
    if found is None:
        # GNU reads a catalogue without a charset as ASCII, and refuses anything else.
        where = re.search(rb'"Content-Type:', data) or re.search(rb'(?m)^msgid\s+""', data)
        raise CatalogError(
            "the header's Content-Type gives no charset, and the file holds non-ASCII text",
            path=shown, line=data[: where.start()].count(b"\n") + 1 + (where.group().startswith(b"msgid")) if where else 1,
            hint='say "Content-Type: text/plain; charset=UTF-8\\n" in the header',
        )
    name = found.group(1).decode("ascii")
    line = data[: found.start()].count(b"\n") + 1
    if name.upper() == "UTF-8":  # (not "UTF8": GNU refuses that name)
        return _decoded(data, "utf-8", shown), "utf-8", False
    if name == "CHARSET":
        # The template's placeholder: msgcat reads a .pot that says it as
        # ASCII, and refuses a translation that does not say its charset.
        if not shown.endswith(".pot"):
            raise CatalogError('charset "CHARSET" is the template\'s placeholder, not a charset', path=shown,
                               line=line, hint='say "charset=UTF-8" (the charset the file is saved in)')
        if not data.isascii():
            at = next(i for i, byte in enumerate(data) if byte >= 0x80)
            raise CatalogError(
                'charset "CHARSET" is a placeholder, but the file holds non-ASCII text',
                path=shown, line=data[:at].count(b"\n") + 1, hint="write the charset it is saved in (UTF-8)",
            )
        return data.decode("ascii"), "ascii", False
    codec = _PORTABLE.get(name.upper().replace("_", "-"))
    if codec is None:
        known = name.upper().replace("_", "-") in _GNU_ONLY
        raise CatalogError(
            f"charset {name!r} is " + ("one booklet cannot read" if known else "not a portable encoding name (GNU refuses it too)"),
            path=shown, line=line, hint="convert it: msgconv -t UTF-8" if known else "name it as GNU does, e.g. ISO-8859-1, KOI8-R, UTF-8",
        )
    return _decoded(data, codec, shown), codec, True


def _decoded(data: bytes, codec: str, shown: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        said = "UTF-8" if codec == "utf-8" else codec
        raise CatalogError(f"not valid {said}", path=shown, line=line) from None


#: A logical line: (line number, kind, keyword, text). For a comment the
#: keyword is "" and the text follows the mark; for a token line the keyword
#: is "msgid"... or "" (a continuation string) and the text is the quoted
#: string; a line that is neither has the keyword None and its text as read
#: (the lint names what is wrong with it).
Line = tuple[int, str, "str | None", str]


def logical_lines(text: str) -> list[Line]:
    """The logical lines of every non-blank line; a line that holds several
    keywords or strings (``msgid "a" msgstr "b"``, which GNU reads) becomes
    one logical line per keyword, with the same number."""
    result: list[Line] = []
    append = result.append
    token_line = _TOKEN_LINE.fullmatch
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        if line[0] == "#":
            second = line[1:2]
            if second == "~":
                rest = line[2:].lstrip()
                if rest.startswith("|"):
                    kind, line = "~|", rest[1:].strip()
                else:
                    kind, line = "~", rest
            elif second == "|":
                kind, line = "|", line[2:].strip()
            elif second in (".", ":", ","):
                append((number, "#" + second, "", raw[raw.index("#") + 2 :]))
                continue
            else:
                append((number, "#", "", raw[raw.index("#") + 1 :]))
                continue
            if not line:
                continue
        else:
            kind = ""
        match = token_line(line)
        if match is not None:
            append((number, kind, match.group(1) or "", match.group(2)))
        elif not _split(line, number, kind, append):
            append((number, kind, None, line))
    return result


def _split(line: str, number: int, kind: str, append) -> bool:
    """Append the logical lines of a line with several tokens; False (and
    nothing appended) when it is not a sequence of tokens: the lint names it."""
    pieces: list[list[str]] = []  # [keyword, string]
    at = 0
    while at < len(line):
        match = _TOKEN.match(line, at)
        if match is None:
            return False
        keyword, string = match.groups()
        if keyword is not None:
            pieces.append([keyword, ""])
        elif pieces and not pieces[-1][1]:
            pieces[-1][1] = string
        else:
            pieces.append(["", string])
        at = match.end()
    if any(not string for _, string in pieces):
        return False  # a keyword without its string
    for keyword, string in pieces:
        append((number, kind, keyword, string))
    return True


def _unescape(value: str, shown: str, line: int) -> str:
    if "\\" not in value:
        return value

    def one(match: re.Match[str]) -> str:
        octal, hexadecimal, letter = match.groups()
        if letter is not None:
            return _SIMPLE[letter]
        code = int(octal, 8) if octal is not None else int(hexadecimal, 16)
        if code >= 0x80:
            raise CatalogError(
                "an octal or hex escape of a non-ASCII byte: write the character itself", path=shown, line=line
            )
        return chr(code)

    return _ESCAPE.sub(one, value)


_BLANK = " \t\n"  # GNU's separators in a #: line (not \r, \f or \v)
_AFTER = re.compile(r"[ \t\n]*:[ \t\n]*([0-9]+)(?=[ \t\n]|$)")  # "file :12", "file : 12"
_NUMBER_AFTER = re.compile(r"[ \t\n]*([0-9]+)(?=[ \t\n]|$)")  # "file: 12"
_TRAILING = re.compile(r"(?<=.):([0-9]+)$", re.DOTALL)  # "file:12", not ":12" alone


def _occurrences(text: str) -> list[tuple[str, str]]:
    """A ``#:`` line's references, as GNU's po_parse_comment_filepos reads
    them: a word followed by ``:NUMBER`` (spaces allowed around the colon), a
    word ending in ``:`` followed by a number, a word ending in ``:NUMBER``,
    else a file without a line. ``x.py:378:510 :1047`` is x.py:378:510 at
    line 1047, as GNU then writes it. Line numbers are numbers (``007`` is 7)."""
    found: list[tuple[str, str]] = []
    at = 0
    while True:
        while at < len(text) and text[at] in _BLANK:
            at += 1
        if at == len(text):
            return found
        end = at
        while end < len(text) and text[end] not in _BLANK:
            end += 1
        word = text[at:end]
        after = _AFTER.match(text, end) or (_NUMBER_AFTER.match(text, end) if word.endswith(":") else None)
        if after is not None:
            found.append((word[:-1] if after.re is _NUMBER_AFTER else word, str(int(after.group(1)))))
            at = after.end()
            continue
        trailing = _TRAILING.search(word)
        found.append((word[: trailing.start()], str(int(trailing.group(1)))) if trailing else (word, ""))
        at = end


# --- the fast path ------------------------------------------------------------
# Most catalogues are laid out as GNU writes them: one keyword a line after a
# single space, continuation strings at the start of their lines, comments
# before the message, blank lines between messages. Such a file is read a
# message at a time, by one regex match each; a file that is not (odd
# spacing, a comment inside a message, several keywords on one line,
# anything wrong) is read line by line, where the lint names what is wrong.
# Both give the same entries (tests/catalog/test_reader.py).

_PLAIN_STRING = r'"[^"\\\r\n]*(?:\\(?:[\\"ntrabfv]|[0-7]{1,3}|x[0-9A-Fa-f]+)[^"\\\r\n]*)*"'  # _STRING, on one line


def _block(prefix: str, keyword: str) -> str:
    """A keyword's line and its continuation strings, as one group (its strings)."""
    prefix = re.escape(prefix)
    return rf"{prefix}{keyword} ({_PLAIN_STRING}(?:\n{prefix}{_PLAIN_STRING})*)\n"


def _message_pattern(prefix: str, previous: str) -> re.Pattern[str]:
    # Groups: 1 blank lines, 2 comment lines, 3-5 the previous msgctxt, msgid
    # and msgid_plural, 6 msgctxt, 7 msgid, 8 msgstr, or 9 msgid_plural and
    # 10 the msgstr[N] lines.
    forms = rf"{re.escape(prefix)}msgstr\[[0-9]+\] {_PLAIN_STRING}(?:\n{re.escape(prefix)}{_PLAIN_STRING})*"
    return re.compile(
        r"(\n*)((?:#(?![~|])[^\n]*\n)*)"
        rf"(?:(?:{_block(previous, 'msgctxt')})?{_block(previous, 'msgid')}(?:{_block(previous, 'msgid_plural')})?)?"
        rf"(?:{_block(prefix, 'msgctxt')})?{_block(prefix, 'msgid')}"
        rf"(?:{_block(prefix, 'msgstr')[:-2]}|{_block(prefix, 'msgid_plural')}({forms}(?:\n{forms})*))"
        r"(?:\n|\Z)"
    )


_MESSAGE = _message_pattern("", "#| ")
_OBSOLETE_MESSAGE = _message_pattern("#~ ", "#~| ")
_FORM = {prefix: re.compile(rf"{re.escape(prefix)}msgstr\[([0-9]+)\] ({_PLAIN_STRING}(?:\n{re.escape(prefix)}{_PLAIN_STRING})*)")
         for prefix in ("", "#~ ")}
_NUMERIC_ESCAPE = re.compile(r"\\[0-7x]")
_PLAIN_REFERENCE = r"[^ \t:]+:[1-9][0-9]*"
_PLAIN_REFERENCES = re.compile(rf"[ \t]*{_PLAIN_REFERENCE}(?:[ \t]+{_PLAIN_REFERENCE})*[ \t]*")
_REFERENCE_PARTS = re.compile(r"([^ \t:]+):([0-9]+)")


class _Declined(Exception):
    """The fast path cannot read this file: the line reader will."""


def _strings(group: str | None, prefix: str) -> str | None:
    """The value of a keyword's strings (``"a"\\n"b"``: ab), unescaped."""
    if group is None:
        return None
    separator = '"\n' + prefix + '"'
    value = group[1:-1].replace(separator, "") if "\n" in group else group[1:-1]
    if "\\" not in value:
        return value
    try:
        if _NUMERIC_ESCAPE.search(value) is None:
            return _unescape(value, "", 0)
        # "\1" "23" is two characters, "\123" one: each string on its own.
        return "".join(_unescape(piece, "", 0) for piece in group[1:-1].split(separator))
    except CatalogError:  # (the line reader says where)
        raise _Declined from None


def _references_of(content: str) -> list[tuple[str, str]]:
    if _PLAIN_REFERENCES.fullmatch(content):
        return _REFERENCE_PARTS.findall(content)
    return _occurrences(content)


class _Comments:
    """The comments of the message being read, as GNU keeps them; ``kept``:
    whether it has any yet (a ``#:`` line of no reference is none)."""

    __slots__ = ("translator", "extracted", "references", "flags", "kept")

    def __init__(self) -> None:
        self.translator: list[str] = []
        self.extracted: list[str] = []
        self.references: list[tuple[str, str]] = []
        self.flags: list[str] | None = None
        self.kept = False

    def add(self, kind: str, content: str) -> None:
        """One comment line: its kind (``COMMENT_KINDS``) and what follows its mark."""
        if kind == "#:":
            found = _references_of(content)
            if not found:
                return
            self.references += found
        elif kind == "#,":  # GNU keeps only the last "#," line of a message
            self.flags = [flag for flag in (f.strip() for f in content.split(",")) if flag]
        else:
            (self.extracted if kind == "#." else self.translator).append(content[1:] if content[:1] == " " else content)
        self.kept = True

    def fields(self) -> tuple[str, str, list[tuple[str, str]], list[str]]:
        """The entry's tcomment, comment, occurrences and flags."""
        return _joined_comment(self.translator), _joined_comment(self.extracted), self.references, self.flags or []


def fast_catalogue(text: str, *, encoding: str, converted: bool, longest: int) -> polib.POFile | None:
    """``build_catalogue(logical_lines(text))`` for a file laid out as GNU
    writes it, read a message at a time; None for any other file. A message
    of more than ``longest`` characters is left to the line reader (its lint
    refuses a string that long)."""
    entries: list[polib.POEntry] = []
    append = entries.append
    count = text.count
    pos, line = 0, 1  # where the next message's blank lines start, and their line
    pattern, other = _MESSAGE, _OBSOLETE_MESSAGE
    try:
        while True:
            match = pattern.match(text, pos) or other.match(text, pos)
            if match is None:
                break
            if match.re is not pattern:
                pattern, other = other, pattern
            (blank, comment_lines, previous_msgctxt, previous_msgid, previous_plural, msgctxt, msgid, msgstr,
             msgid_plural, forms) = match.groups()
            if match.end() - match.start(2) > longest:
                return None
            line += len(blank)
            start = line
            tcomment, comment, occurrences, flags = "", "", [], []
            if comment_lines:
                comments = _Comments()
                for number, raw in enumerate(comment_lines[:-1].split("\n"), line):
                    if not comments.kept:
                        start = number
                    kind = raw[:2] if raw[1:2] in (".", ":", ",") else "#"
                    comments.add(kind, raw[len(kind):])
                if not comments.kept:
                    start = line + comment_lines.count("\n")
                tcomment, comment, occurrences, flags = comments.fields()
            obsolete = match.re is _OBSOLETE_MESSAGE
            prefix, previous = ("#~ ", "#~| ") if obsolete else ("", "#| ")
            plural: dict[int, str] = {}
            if forms is not None:
                for index, (number, strings) in enumerate(_FORM[prefix].findall(forms)):
                    if int(number) != index:
                        return None  # (the lint says which)
                    plural[index] = _strings(strings, prefix)
            append(new_entry(
                msgid=_strings(msgid, prefix), msgstr=_strings(msgstr, prefix) or "", msgctxt=_strings(msgctxt, prefix),
                msgid_plural=_strings(msgid_plural, prefix) or "", msgstr_plural=plural, tcomment=tcomment,
                comment=comment, occurrences=occurrences, flags=flags,
                previous_msgctxt=_strings(previous_msgctxt, previous),
                previous_msgid=_strings(previous_msgid, previous),
                previous_msgid_plural=_strings(previous_plural, previous), obsolete=obsolete, linenum=start,
            ))
            line += count("\n", match.start(2), match.end())
            pos = match.end()
    except _Declined:
        return None
    if count("\n", pos) != len(text) - pos:
        return None  # (what is left is not blank lines)
    po = polib.POFile(wrapwidth=79)
    po.source_encoding = encoding
    _take_header(po, entries, converted)
    return po


def build_catalogue(lines: list[Line], shown: str, *, encoding: str, converted: bool) -> polib.POFile:
    """The polib catalogue of linted logical lines, read from ``encoding``;
    the header message is taken out into ``metadata`` as polib does, and its
    extras are kept in ``po.header_extras``; ``po.source_encoding`` is the
    codec it was read with (what msgmerge compares msgids in)."""
    po = polib.POFile(wrapwidth=79)
    po.source_encoding = encoding
    entries: list[polib.POEntry] = []
    comments = _Comments()
    fields: dict[str, list[str]] = {}
    start = 0
    obsolete = False
    current: list[str] | None = None  # the strings a continuation line extends
    done = False  # a msgstr was read: the next keyword or comment starts another message

    def finish() -> None:
        nonlocal comments, fields, done, obsolete, current
        def joined(name: str) -> str | None:
            parts = fields.get(name)
            return None if parts is None else "".join(parts)
        plural = {int(k[7:-1]): "".join(v) for k, v in fields.items() if k.startswith("msgstr[")}
        tcomment, comment, occurrences, flags = comments.fields()
        entry = new_entry(
            msgid=joined("msgid") or "", msgstr=joined("msgstr") or "", msgctxt=joined("msgctxt"),
            msgid_plural=joined("msgid_plural") or "", msgstr_plural=plural, tcomment=tcomment, comment=comment,
            occurrences=occurrences, flags=flags,
            previous_msgctxt=joined("|msgctxt"), previous_msgid=joined("|msgid"),
            previous_msgid_plural=joined("|msgid_plural"), obsolete=obsolete, linenum=start,
        )
        entries.append(entry)
        # A string after a finished message continues nothing (GNU: a syntax error).
        comments, fields, done, obsolete, current = _Comments(), {}, False, False, None

    for number, kind, keyword, content in lines:
        if kind in COMMENT_KINDS:
            if done:
                finish()
            if not (comments.kept or fields):
                start = number
            comments.add(kind, content)
            continue
        string = _unescape(content[1:-1], shown, number)
        if not keyword:
            if current is None:  # GNU: a syntax error
                raise CatalogError("a string without its keyword (msgid, msgstr ...)", path=shown, line=number)
            current.append(string)
            continue
        previous = kind in ("|", "~|")
        if done and (previous or keyword in ("msgctxt", "msgid")):
            finish()
        if not (comments.kept or fields):
            start = number
        if keyword.startswith("msgstr"):
            done = True
        if not previous and keyword in ("msgctxt", "msgid"):
            obsolete = kind == "~"
        current = fields.setdefault(("|" if previous else "") + keyword, [])
        current.append(string)
    if fields:
        finish()
    # (comments after the last message belong to none: GNU drops them)
    _take_header(po, entries, converted)
    return po


def _take_header(po: polib.POFile, entries: list[polib.POEntry], converted: bool) -> None:
    position = next(
        (i for i, e in enumerate(entries) if not e.obsolete and e.msgid == "" and e.msgctxt is None), None
    )
    if position is not None:
        header = entries.pop(position)
        raw = header.msgstr
        if converted:  # as msgconv -t UTF-8 rewrites it
            raw = re.sub(r"(Content-Type:[^\n]*?charset=)[A-Za-z0-9_.:+-]+", r"\g<1>UTF-8", raw, count=1)
        po.metadata = parse_metadata(raw)
        po.metadata_is_fuzzy = header.flags
        po.header = header.tcomment
        po.header_extras = HeaderExtras(header, raw, dict(po.metadata), sum(1 for e in entries[:position]))
    po.extend(entries)


def parse_metadata(raw: str) -> dict[str, str]:
    """Header fields as polib reads them: a line without a colon continues the field before it."""
    metadata: dict[str, str] = {}
    key = None
    for line in raw.splitlines():
        name, colon, value = line.partition(":")
        if colon:
            key = name
            metadata[key] = value.strip()
        elif key is not None:
            metadata[key] += "\n" + line.strip()
    return metadata
