"""Reading .po/.pot files strictly: anything polib would silently skip is an error with file:line."""
from __future__ import annotations

import re
from pathlib import Path

import polib

from ..errors import CatalogError
from ..model import Catalog

__all__ = ["read_po", "read_catalog", "read_catalogue", "parse_po", "parse_catalog", "keyword_line", "header_line", "MAX_CATALOG_BYTES", "MAX_STRING_CHARS"]

#: Limits that keep memory bounded whatever a catalogue holds: no real
#: catalogue comes near them, a hostile or broken one is refused with its line.
MAX_CATALOG_BYTES = 64 * 1024 * 1024
MAX_STRING_CHARS = 1024 * 1024

_KEYWORD = re.compile(r"(msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s+(?=\")")
# GNU's escapes: \n \t \r \a \b \f \v \\ \" and octal/hex byte values (not \? nor \').
_STRING = re.compile(r'"(?:[^"\\\r]|\\(?:[\\"ntrabfv]|[0-7]{1,3}|x[0-9A-Fa-f]+))*"')
_BAD_ESCAPE = re.compile(r'\\(?![\\"ntrabfv0-7x])')
_RARE_ESCAPE = re.compile(r"\\(\\|a|[0-7]{1,3}|x[0-9A-Fa-f]+)")
_PLACEHOLDER = 0xF0000  # Supplementary Private Use Area-A: stands in for escapes polib cannot read
_EMPTY_LINE = chr(_PLACEHOLDER + 0x100)  # stands in for an empty "#." line


def _lint(text: str, shown: str) -> None:
    """Check every line lexically and each entry's keywords. polib accepts an
    unterminated string, an invalid escape, a repeated msgstr or a msgid
    without msgstr without a word and may drop translations; GNU msgfmt
    rejects them, and so do we, before any translation can be lost."""
    waiting: dict[bool, int | None] = {False: None, True: None}  # obsolete? -> msgid awaiting msgstr
    seen: dict[bool, set[str]] = {False: set(), True: set()}  # keywords of the current entry
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        previous = line.startswith(("#|", "#~|", "#~ |"))
        obsolete = line.startswith("#~")  # "#~|": the previous msgid of an obsolete entry
        if line.startswith("#"):
            if previous:
                line = line.lstrip("#~| ").strip()
            elif obsolete:
                line = line[2:].strip()
            else:
                continue  # translator, extracted, reference and flag comments
            if not line:
                continue
        if "\r" in line:
            raise CatalogError("a raw carriage return in a string (write \\r)", path=shown, line=number)
        if len(line) > MAX_STRING_CHARS:  # before polib, whose parsing of such a line is slow
            raise CatalogError(
                f"a string of more than {MAX_STRING_CHARS // 1024} K characters: refused", path=shown, line=number
            )
        match = _KEYWORD.match(line)
        rest = line[match.end() :] if match else line
        if not rest.startswith('"'):
            word = line.split()[0] if line.split() else line
            raise CatalogError(f"unknown keyword or stray text {word[:40]!r}", path=shown, line=number)
        if _STRING.fullmatch(rest.rstrip()) is None:
            if _BAD_ESCAPE.search(rest):
                raise CatalogError("invalid escape sequence in string", path=shown, line=number)
            raise CatalogError("unterminated or malformed string", path=shown, line=number)
        if match is None:
            continue
        keyword = ("previous " if previous else "") + match.group(1)
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


def _for_polib(text: str, shown: str) -> str:
    """Spell what GNU accepts in the forms polib reads: "#,fuzzy", "#note" and
    "#~msgid" get their space (as msgcat writes them), "#~|" lines and empty
    "#." lines are kept, and the escapes polib does not decode (\\a, octal
    and hex byte values) become characters or placeholders."""
    lines = text.split("\n")
    flags_at: int | None = None  # the current entry's "#," line
    for index, line in enumerate(lines):
        if line.startswith("#,"):
            if flags_at is not None:
                # GNU keeps only an entry's last "#," line; polib would merge them.
                # An empty "#:" stands in for the dropped one and keeps line numbers.
                lines[flags_at] = "#:"
            flags_at = index
        elif not line.startswith("#"):
            flags_at = None
        if line.startswith("#") and len(line) > 1 and line[1] not in " .:|~,":
            lines[index] = "# " + line[1:]
        elif line.startswith("#,") and len(line) > 2 and line[2] != " ":
            lines[index] = "#, " + line[2:]
        elif line.startswith("#~|"):
            # The previous msgid of an obsolete message, which polib skips:
            # read as "#|", it is the obsolete entry's previous_msgid.
            lines[index] = "#| " + line[3:].lstrip()
        elif line.startswith(("#~", "#|")) and len(line) > 2 and line[2] not in " |":
            lines[index] = line[:2] + " " + line[2:]  # "#~msgid": GNU reads it, polib does not
        elif line.rstrip() == "#.":
            lines[index] = "#. " + _EMPTY_LINE  # polib drops an empty "#." line; GNU keeps it
        elif "\\" in line and ('"' in line):
            lines[index] = _RARE_ESCAPE.sub(lambda m: _decode_escape(m.group(1), shown, index + 1), line)
    return "\n".join(lines)


def _decode_escape(escape: str, shown: str, line: int) -> str:
    if escape == "\\":
        return "\\\\"  # an escaped backslash: left for polib
    value = 7 if escape == "a" else int(escape[1:], 16) if escape.startswith("x") else int(escape, 8)
    if value >= 0x80:
        raise CatalogError("an octal or hex escape of a non-ASCII byte: write the character itself", path=shown, line=line)
    char = chr(value)
    if char in '"\\':
        return "\\" + char
    if char == "\n":
        return "\\n"
    if char.isprintable():
        return char
    return chr(_PLACEHOLDER + value)


def _restore(po: polib.POFile) -> None:
    """Put the characters back that _for_polib replaced by placeholders."""
    table = {_PLACEHOLDER + value: chr(value) for value in range(0x80)}
    for entry in po:
        for name in ("msgid", "msgstr", "msgctxt", "msgid_plural", "previous_msgid", "previous_msgctxt"):
            value = getattr(entry, name, None)
            if value:
                setattr(entry, name, value.translate(table))
        if entry.msgstr_plural:
            entry.msgstr_plural = {k: v.translate(table) for k, v in entry.msgstr_plural.items()}
        if _EMPTY_LINE in entry.comment:
            entry.comment = "\n".join("" if line == _EMPTY_LINE else line for line in entry.comment.split("\n"))


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
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogError("not valid UTF-8", path=shown, line=line) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    _lint(text, shown)
    try:
        # polib's own duplicate check compares each entry with all before it
        # (minutes for 100,000 entries); a set does it in one pass below.
        po = polib.pofile(_for_polib(text, shown), check_for_duplicates=False, wrapwidth=79)
    except OSError as exc:  # polib reports syntax errors as IOError
        match = re.search(r"line (\d+)", str(exc))
        raise CatalogError(
            "syntax error (a keyword is missing or out of order)",
            path=shown,
            line=int(match.group(1)) if match else None,
        ) from None
    _restore(po)
    seen: set[tuple[bool, str | None, str]] = set()
    for entry in po:
        key = (bool(entry.obsolete), entry.msgctxt, entry.msgid)
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
    has_header = any(e.msgid == "" and not e.msgctxt for e in po) or bool(po.metadata)
    if has_header and "Content-Type" not in po.metadata:
        raise CatalogError(
            "the header has no Content-Type (it must say: text/plain; charset=UTF-8)",
            path=shown,
            line=_header_start(text),
        )
    content_type = po.metadata.get("Content-Type", "text/plain; charset=UTF-8")
    charset = re.search(r"charset=([^\s;]+)", content_type)
    if charset is None or charset.group(1).lower().replace("_", "-") not in ("utf-8", "charset"):
        if charset is None or charset.group(1) != "CHARSET":
            raise CatalogError(
                f"Content-Type charset must be UTF-8, not {charset.group(1) if charset else 'missing'!r}",
                path=shown,
                line=header_line(text, "Content-Type"),
            )
    for entry in po:
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


def _header_start(text: str) -> int:
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        if line.startswith('msgid ""'):
            return number + 1 if number < len(lines) and lines[number].startswith("msgstr") else number
    return 1


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
