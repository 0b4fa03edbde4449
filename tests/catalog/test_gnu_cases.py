"""Issue #17's minimal cases: booklet's update and normalize against the
installed msgmerge --previous and msgcat, byte for byte, on the same input."""
from __future__ import annotations

import re

import pytest

from .gnu import explain, gnu_merge, gnu_normalize, ours_merge, ours_normalize

HEAD = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
PLURAL_HEAD = HEAD + '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'


def header(*fields: str) -> str:
    return 'msgid ""\nmsgstr ""\n' + "".join(f'"{field}\\n"\n' for field in fields)


_PLACEHOLDER = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=CHARSET\\n"\n\nmsgid "a"\nmsgstr ""\n'

#: name -> (old catalogue, new template)
MERGES: dict[str, tuple[str | bytes, str]] = {
    "header: Report-Msgid-Bugs-To and POT-Creation-Date from the template": (
        header("Project-Id-Version: x 1", "POT-Creation-Date: 2020-01-01 00:00+0000",
               "PO-Revision-Date: 2021-01-01 00:00+0000", "Language: de", "MIME-Version: 1.0",
               "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: 8bit")
        + '\nmsgid "a"\nmsgstr "A"\n',
        header("Project-Id-Version: x 2", "Report-Msgid-Bugs-To: bugs@example.org",
               "POT-Creation-Date: 2024-05-05 10:00+0000", "Content-Type: text/plain; charset=UTF-8")
        + '\nmsgid "a"\nmsgstr ""\n',
    ),
    "header: Language from Language-Team": (
        header("Project-Id-Version: x 1", "Language-Team: German <de@li.org>", "MIME-Version: 1.0",
               "Content-Type: text/plain; charset=UTF-8") + '\nmsgid "a"\nmsgstr "A"\n',
        HEAD + '\nmsgid "a"\nmsgstr ""\n',
    ),
    "header: an unknown team gives an empty Language": (
        header("Language-Team: Klingon-ish <x@y>", "Content-Type: text/plain; charset=UTF-8")
        + '\nmsgid "a"\nmsgstr "A"\n',
        HEAD + '\nmsgid "a"\nmsgstr ""\n',
    ),
    "header: GNU's field order, repeated and colon-less lines": (
        header("Content-Type: text/plain; charset=UTF-8", "Language: de", "X-Generator: Poedit 3.0",
               "Project-Id-Version: x 1", "Plural-Forms: nplurals=2; plural=(n != 1);", "MIME-Version: 1.0",
               "a line without colon", "Last-Translator: A <a@b.c>", "Project-Id-Version: x 1.1",
               "PO-Revision-Date: 2021-01-01 00:00+0000") + '\nmsgid "a"\nmsgstr "A"\n',
        header("Project-Id-Version: x 2", "POT-Creation-Date: 2024-05-05 10:00+0000",
               "Content-Type: text/plain; charset=UTF-8") + '\nmsgid "a"\nmsgstr ""\n',
    ),
    "fuzzy: only msgid_plural changed": (
        PLURAL_HEAD + '\nmsgid "%n volume"\nmsgid_plural "%n volumes"\nmsgstr[0] "%n Band"\nmsgstr[1] "%n Bände"\n',
        PLURAL_HEAD + '\nmsgid "%n volume"\nmsgid_plural "%1 volumes"\nmsgstr[0] ""\nmsgstr[1] ""\n',
    ),
    "fuzzy: c-format added and the directives do not fit": (
        HEAD + '\nmsgid "%d files in %s"\nmsgstr "%s Dateien"\n\nmsgid "%d ok"\nmsgstr "%d gut"\n'
        '\nmsgid "%s and %d"\nmsgstr "%2$d und %1$s"\n',
        HEAD + '\n#, c-format\nmsgid "%d files in %s"\nmsgstr ""\n\n#, c-format\nmsgid "%d ok"\nmsgstr ""\n'
        '\n#, c-format\nmsgid "%s and %d"\nmsgstr ""\n',
    ),
    "fuzzy: python-format added and a name is wrong": (
        HEAD + '\nmsgid "%(count)d files"\nmsgstr "%(anzahl)d Dateien"\n\nmsgid "%(n)s ok"\nmsgstr "%(n)s gut"\n',
        HEAD + '\n#, python-format\nmsgid "%(count)d files"\nmsgstr ""\n'
        '\n#, python-format\nmsgid "%(n)s ok"\nmsgstr ""\n',
    ),
    "fuzzy: an entry already fuzzy keeps its #| lines": (
        HEAD + '\n#, fuzzy\n#| msgid "The old old text of the message"\nmsgid "The new text of the message"\n'
        'msgstr "Der Text"\n\n#, fuzzy\nmsgid "Another message here"\nmsgstr "Noch eine"\n',
        HEAD + '\nmsgid "The new text of the message"\nmsgstr ""\n\nmsgid "Another message here"\nmsgstr ""\n',
    ),
    "flags: no-wrap and range from the template": (
        HEAD + '\n#, no-wrap\nmsgid "A long message that would normally be wrapped by GNU because it is longer '
        'than the width"\nmsgstr "Eine lange Nachricht, die normalerweise von GNU umbrochen würde, weil sie '
        'länger ist als die Breite"\n\n#, range: 1..6\nmsgid "%d days"\nmsgstr "%d Tage"\n',
        HEAD + '\nmsgid "A long message that would normally be wrapped by GNU because it is longer than the '
        'width"\nmsgstr ""\n\n#, range: 0..6\nmsgid "%d days"\nmsgstr ""\n',
    ),
    "flags: an obsolete entry loses its format flags": (
        HEAD + '\n#, c-format, no-wrap\nmsgid "%d gone"\nmsgstr "%d weg"\n\n#, fuzzy, python-format\n'
        'msgid "%(n)s also gone"\nmsgstr "%(n)s auch weg"\n',
        HEAD + '\nmsgid "a"\nmsgstr ""\n',
    ),
    "comments: an empty # line first is kept": (
        HEAD + '\n#\n# translator note\nmsgid "a"\nmsgstr "A"\n\n# note\n#\n# more\nmsgid "b"\nmsgstr "B"\n',
        HEAD + '\nmsgid "a"\nmsgstr ""\n\nmsgid "b"\nmsgstr ""\n',
    ),
    "comments: repeated references are written once": (
        HEAD + '\n#: x.c:1\nmsgid "a"\nmsgstr "A"\n',
        HEAD + '\n#: x.c:1 y.c:2 x.c:1\n#: y.c:2 z.c:3\nmsgid "a"\nmsgstr ""\n',
    ),
    "comments: the template's translator comments on a new message": (
        HEAD + '\nmsgid "a"\nmsgstr "A"\n',
        HEAD + '\n# a comment in the template\nmsgid "a"\nmsgstr ""\n\n# another for a new message\n'
        '#. extracted\nmsgid "brand new"\nmsgstr ""\n',
    ),
    "comments: a header-less file's first message keeps them when obsolete": (
        '# comment of the first message\n#, fuzzy\nmsgid "old first"\nmsgstr "alt"\n\nmsgid "b"\nmsgstr "B"\n',
        '\nmsgid "b"\nmsgstr ""\n',
    ),
    "reading: ISO-8859-1 read as msgconv -t UTF-8 does": (
        b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n\nmsgid "a"\nmsgstr "\xe4"\n',
        HEAD + '\nmsgid "a"\nmsgstr ""\n',
    ),
}

#: name -> catalogue that msgcat (after msgconv -t UTF-8) writes anew
NORMALIZES: dict[str, str | bytes] = {
    "header: a msgid \"\" that is not first stays where it is":
        'msgid "a"\nmsgstr "A"\n\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n',
    "header: its #: reference is kept":
        '#: x.c:1\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "A"\n',
    "header: its lines as written (spacing, repeats)":
        header("Content-Type: text/plain; charset=UTF-8", "Language-Team:   German  ", "X-A: 1", "X-A: 2",
               "no colon") + '\nmsgid "a"\nmsgstr "A"\n',
    "reading: ISO-8859-1":
        b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n\nmsgid "a"\nmsgstr "\xe4\xf6\xfc"\n',
    "reading: KOI8-R":
        b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=KOI8-R\\n"\n\nmsgid "a"\nmsgstr "\xf0\xd2\xc9"\n',
    "reading: EUC-JP":
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=EUC-JP\\n"\n\nmsgid "a"\nmsgstr "日本語"\n'.encode("euc-jp"),
    "reading: CP1251": 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=CP1251\\n"\n\nmsgid "a"\nmsgstr "Файл"\n'.encode("cp1251"),
    "reading: GB18030": 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=GB18030\\n"\n\nmsgid "a"\nmsgstr "文件"\n'.encode("gb18030"),
    "reading: an alias GNU takes (iso_8859-15)":
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=iso_8859-15\\n"\n\nmsgid "a"\nmsgstr "€"\n'.encode("iso8859-15"),
    "reading: ASCII":
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ASCII\\n"\n\nmsgid "a"\nmsgstr "A"\n',
    "reading: #:ref with no space": HEAD + '\n#:x.c:1 y.c:2\n#.note\nmsgid "a"\nmsgstr "A"\n',
    "reading: msgid and msgstr on one line": HEAD + '\nmsgid "a" msgstr "b"\n\n#~ msgid "x" msgstr "y" "z"\n',
    "reading: raw control characters in strings": HEAD + '\nmsgid "a\x01b\x7f"\nmsgstr "c\x02d\x1b"\n',
    "reading: a header-only file written msgid   \"\"": 'msgid   ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n',
    "reading: comments after the last message are dropped": HEAD + '\nmsgid "a"\nmsgstr "b"\n# left over\n#: x.c:1\n',
    "reading: no charset, ASCII only": 'msgid ""\nmsgstr "Project-Id-Version: x\\n"\n\nmsgid "a"\nmsgstr "b"\n',
}

#: name -> template that msgcat writes anew (it reads a .pot's CHARSET as ASCII)
TEMPLATES: dict[str, str] = {
    "a template's charset=CHARSET": _PLACEHOLDER.decode(),
}

_HEAD = b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'

#: name -> (catalogue that GNU refuses, and so must booklet, its file name, the line named)
REFUSED: dict[str, tuple[bytes, str, int]] = {
    "a template's charset=CHARSET with non-ASCII text": (_PLACEHOLDER.replace(b'msgid "a"', 'msgid "ä"'.encode()), "in.pot", 5),
    "a translation's charset=CHARSET, even in ASCII": (_PLACEHOLDER, "in.po", 3),
    "no charset with non-ASCII text": (
        'msgid ""\nmsgstr ""\n"Project-Id-Version: x\\n"\n\nmsgid "a"\nmsgstr "ä"\n'.encode(), "in.po", 2),
    "a charset name GNU does not know (latin1)": (_HEAD.replace(b"UTF-8", b"latin1") + b'msgid "a"\nmsgstr "\xe4"\n', "in.po", 2),
    "UTF8 without its hyphen": (_HEAD.replace(b"UTF-8", b"UTF8") + b'msgid "a"\nmsgstr "b"\n', "in.po", 2),
    "UTF-8 bytes that are not": (
        b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "\xe4"\n', "in.po", 6),
    "a comment between #| and its msgid": (_HEAD + b'#| msgid "old"\n#, fuzzy\nmsgid "a"\nmsgstr "b"\n', "in.po", 6),
    "#| lines at the end": (_HEAD + b'msgid "a"\nmsgstr "b"\n#| msgid "old"\n', "in.po", 7),
}


def _bytes(value: str | bytes) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8")


@pytest.mark.parametrize("name", MERGES)
def test_update_merges_as_msgmerge(name: str) -> None:
    po, pot = map(_bytes, MERGES[name])
    gnu, ours = gnu_merge(po, pot), ours_merge(po, pot)
    assert gnu.output is not None, gnu.message
    assert ours.agrees_with(gnu), explain(gnu, ours)


@pytest.mark.parametrize("name", NORMALIZES)
def test_normalize_writes_as_msgcat(name: str) -> None:
    data = _bytes(NORMALIZES[name])
    gnu, ours = gnu_normalize(data), ours_normalize(data)
    assert gnu.output is not None, gnu.message
    assert ours.agrees_with(gnu), explain(gnu, ours)


@pytest.mark.parametrize("name", TEMPLATES)
def test_normalize_writes_templates_as_msgcat(name: str) -> None:
    data = _bytes(TEMPLATES[name])
    gnu, ours = gnu_normalize(data, "in.pot"), ours_normalize(data, "in.pot")
    assert gnu.output is not None, gnu.message
    assert ours.agrees_with(gnu), explain(gnu, ours)


@pytest.mark.parametrize("name", REFUSED)
def test_what_gnu_refuses_is_refused_with_its_line(name: str) -> None:
    data, file, line = REFUSED[name]
    gnu, ours = gnu_normalize(data, file), ours_normalize(data, file)
    assert gnu.output is None, "GNU accepted it: the case is wrong"
    assert ours.output is None
    assert re.fullmatch(rf"{re.escape(file)}:{line}: [^\n]+", ours.message), ours.message


#: (format language, msgid, old translation): a template that starts calling
#: the message a format string; msgmerge makes the translation fuzzy when its
#: directives do not fit (arguments, their types and sizes, numbering, names).
FORMAT_PAIRS = [
    ("c", "%d of %s", "%s von %d"), ("c", "%d", "%i"), ("c", "%u", "%d"), ("c", "%ld", "%d"),
    ("c", "%s", "%s %s"), ("c", "%d%%", "%d %%"), ("c", "%1$s %2$d", "%2$d %1$s"), ("c", "%s %d", "%2$d %1$s"),
    ("c", "%5d", "%d"), ("c", "%.2f", "%f"), ("c", "%f", "%g"), ("c", "%x", "%u"), ("c", "%c", "%d"),
    ("c", "%*d", "%d"), ("c", "%s", "%"), ("c", "%s", "%y"), ("c", "%d item", "kein"), ("c", "%p", "%s"),
    ("c", "%zu", "%lu"), ("c", "%lld", "%ld"), ("c", "%hhd", "%d"),
    ("python", "%(n)d", "%(n)s"), ("python", "%(n)s", "%(m)s"), ("python", "%(n)s %(m)s", "%(m)s"),
    ("python", "%(n)s", "%(n)s %(m)s"), ("python", "%s %d", "%d %s"), ("python", "%d", "%s"),
    ("python", "%s", "%r"), ("python", "%f", "%d"), ("python", "%(a)d", "%(a)i"), ("python", "%d", "%x"),
    ("python", "%c", "%s"),
    ("python-brace", "{0} files", "{0} Dateien"), ("python-brace", "{0} files", "Dateien"),
    ("python-brace", "{n} of {m}", "{m} von {n}"), ("python-brace", "{n}", "{m}"), ("python-brace", "{n}", "{n} {m}"),
    ("python-brace", "{n:>5}", "{n}"), ("python-brace", "{{x}} {n}", "{n}"), ("python-brace", "{n}", "{n"),
    ("python-brace", "{a.b}", "{a}"),
]


@pytest.mark.parametrize(("language", "msgid", "msgstr"), FORMAT_PAIRS)
def test_an_added_format_flag_makes_fuzzy_what_msgmerge_does(language: str, msgid: str, msgstr: str) -> None:
    po = HEAD + f'\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n'
    pot = HEAD + f'\n#, {language}-format\nmsgid "{msgid}"\nmsgstr ""\n'
    gnu, ours = gnu_merge(po.encode(), pot.encode()), ours_merge(po.encode(), pot.encode())
    assert ours.agrees_with(gnu), explain(gnu, ours)
