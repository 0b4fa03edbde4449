"""Reading .po/.pot files strictly: anything polib would silently skip is an error with file:line."""
from __future__ import annotations

import re
from pathlib import Path

import polib

from ..errors import CatalogError

__all__ = ["read_po", "parse_po"]

_KEYWORD = re.compile(r"(msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s+(?=\")")
_STRING = re.compile(r'"(?:[^"\\]|\\(?:[\\"ntrabfv?\']|[0-7]{1,3}|x[0-9A-Fa-f]+))*"')
_BAD_ESCAPE = re.compile(r'\\(?![\\"ntrabfv?\'0-7x])')


def _lint(text: str, shown: str) -> None:
    """Check every line lexically. polib accepts an unterminated string or an
    invalid escape without a word and may drop entries; GNU msgfmt rejects
    them, and so do we, before any translation can be lost."""
    # (obsolete?) -> line of a msgid still waiting for its msgstr
    waiting: dict[bool, int | None] = {False: None, True: None}
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        obsolete = line.startswith("#~") and not line.startswith(("#~|", "#~ |"))
        if line.startswith("#"):
            if line.startswith(("#~|", "#~ |")):
                line = line.lstrip("#~| ").strip()
            elif line.startswith("#~"):
                line = line[2:].strip()
            elif line.startswith("#|"):
                line = line[2:].strip()
            else:
                continue  # translator, extracted, reference and flag comments
            if not line:
                continue
        match = _KEYWORD.match(line)
        rest = line[match.end() :] if match else line
        if not rest.startswith('"'):
            word = line.split()[0] if line.split() else line
            raise CatalogError(f"unknown keyword or stray text {word[:40]!r}", path=shown, line=number)
        string = _STRING.fullmatch(rest.rstrip())
        if string is None:
            if _BAD_ESCAPE.search(rest):
                raise CatalogError("invalid escape sequence in string", path=shown, line=number)
            raise CatalogError("unterminated or malformed string", path=shown, line=number)
        if match is None or line.startswith(("#|", "#~|", "#~ |")):
            continue
        keyword = match.group(1)
        if keyword in ("msgctxt", "msgid") and waiting[obsolete] is not None:
            raise CatalogError(
                "msgid without msgstr (every entry needs one, even empty: msgstr \"\")",
                path=shown,
                line=waiting[obsolete],
            )
        if keyword == "msgid":
            waiting[obsolete] = number
        elif keyword.startswith("msgstr"):
            waiting[obsolete] = None
    for pending in waiting.values():
        if pending is not None:
            raise CatalogError(
                "msgid without msgstr (every entry needs one, even empty: msgstr \"\")", path=shown, line=pending
            )


def parse_po(data: bytes, shown: str, *, language: str | None = None) -> polib.POFile:
    """Parse catalogue bytes; ``shown`` is the path used in messages.

    With ``language``, the header must agree with it: ``Language`` and the
    number of plural forms (from Babel), and no ``msgstr[N]`` beyond them."""
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
        po = polib.pofile(text, check_for_duplicates=True, wrapwidth=79)
    except ValueError as exc:  # polib: 'Entry "x" already exists'
        match = re.search(r'Entry "(.*)" already exists', str(exc), re.S)
        line = None
        if match:
            needle = 'msgid "' + match.group(1)[:30]
            hits = [n for n, l in enumerate(text.split("\n"), 1) if l.startswith(needle)]
            line = hits[1] if len(hits) > 1 else None
        raise CatalogError(f"duplicate message: {exc}", path=shown, line=line) from None
    except OSError as exc:  # polib reports syntax errors as IOError
        match = re.search(r"line (\d+)", str(exc))
        raise CatalogError(
            "syntax error (a keyword is missing or out of order)",
            path=shown,
            line=int(match.group(1)) if match else None,
        ) from None
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
                line=_header_line(text, "Content-Type"),
            )
    if language is not None:
        _check_language(po, text, shown, language)
    return po


def _header_start(text: str) -> int:
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        if line.startswith('msgid ""'):
            return number + 1 if number < len(lines) and lines[number].startswith("msgstr") else number
    return 1


def _check_language(po: polib.POFile, text: str, shown: str, language: str) -> None:
    from babel.messages.plurals import get_plural

    declared = po.metadata.get("Language", "").replace("-", "_")
    if declared and declared != language:
        raise CatalogError(
            f"the header says Language: {declared}, but the catalogue is in the folder of {language!r}",
            path=shown,
            line=_header_line(text, "Language"),
        )
    expected = get_plural(language).num_plurals
    forms = po.metadata.get("Plural-Forms")
    if forms:
        match = re.search(r"nplurals\s*=\s*(\d+)", forms)
        if match is None or int(match.group(1)) != expected:
            found = match.group(1) if match else "none"
            raise CatalogError(
                f"Plural-Forms says nplurals={found}, but {language} has {expected} plural form(s)",
                path=shown,
                line=_header_line(text, "Plural-Forms"),
                hint=f"use the header booklet init writes for {language}",
            )
    lines = text.split("\n")
    for entry in po:
        for index in entry.msgstr_plural or {}:
            if int(index) >= expected:
                start = (entry.linenum or 1) - 1
                line = next(
                    (n for n in range(start, len(lines)) if lines[n].lstrip("#~ ").startswith(f"msgstr[{index}]")),
                    start,
                )
                raise CatalogError(
                    f"msgstr[{index}] is beyond the {expected} plural form(s) of {language}",
                    path=shown,
                    line=line + 1,
                )


def _header_line(text: str, field: str) -> int | None:
    for number, line in enumerate(text.split("\n"), 1):
        if f"{field}:" in line:
            return number
    return None


def read_po(path: Path, shown: str, *, language: str | None = None) -> polib.POFile:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise CatalogError("no such catalogue", path=shown) from None
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror}", path=shown) from None
    return parse_po(data, shown, language=language)
