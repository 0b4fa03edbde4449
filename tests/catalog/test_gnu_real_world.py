"""Minimal cases of what real-world catalogues (PyPI sdists, Debian's gettext
examples: bench/catalogue_differential.py --real) showed: booklet's normalize
and update against the installed msgcat and msgmerge --previous."""
from __future__ import annotations

import pytest

from .gnu import explain, gnu_merge, gnu_normalize, ours_merge, ours_normalize

HEAD = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={}\\n"\n'

# Roundup's catalogues reference "admin.py:378:510 :1047": GNU reads a word
# followed by " :NUMBER" as that word at that line, and writes it so.
REFERENCES = (
    "#: ../roundup/admin.py:378:510 :1047 :1133:1194 :583:674\n"
    "#: b.c: 12 c.c : 7 d.c:007 :12 e.c f.c:x g.c:\t3 h.c:4: 5 :\n"
    "#: x.c::9 y.c:1:2 z.c 8\n"
)
CASES = {
    "references as GNU reads them": HEAD.format("UTF-8") + "\n" + REFERENCES + 'msgid "a"\nmsgstr "b"\n',
    "references in a KOI8-R catalogue": (HEAD.format("koi8-r") + "\n" + REFERENCES + 'msgid "a"\nmsgstr "Привет"\n'),
}


@pytest.mark.parametrize("name", CASES)
def test_normalize_as_msgcat(name: str) -> None:
    text = CASES[name]
    data = text.encode("koi8-r" if "koi8-r" in text else "utf-8")
    gnu, ours = gnu_normalize(data), ours_normalize(data)
    assert gnu.output is not None
    assert ours.agrees_with(gnu), explain(gnu, ours)


# GNU's examples (Debian's gettext-doc: hello-c/po/lv.po...) say charset=utf-8:
# msgmerge names it UTF-8 when the template is in UTF-8, and only then.
@pytest.mark.parametrize("template_charset", ["UTF-8", "utf-8", "CHARSET", "ISO-8859-1", "KOI8-R"])
@pytest.mark.parametrize("own", ["utf-8", "Utf-8", "UTF-8"])
def test_update_names_the_charset_as_msgmerge(template_charset: str, own: str) -> None:
    po = (HEAD.format(own) + '"X-Note: charset=utf-8\\n"\n\nmsgid "a"\nmsgstr "\u00e4"\n').encode("utf-8")
    pot = (HEAD.format(template_charset) + '\nmsgid "a"\nmsgstr ""\n').encode("ascii")
    gnu, ours = gnu_merge(po, pot), ours_merge(po, pot)
    assert gnu.output is not None
    assert ours.agrees_with(gnu), explain(gnu, ours)


def test_update_as_msgmerge() -> None:
    po = (HEAD.format("ISO-8859-1") + "\n" + 'msgid "Caf\xe9 :1"\nmsgstr "Caf\xe9 ouvert"\n').encode("latin-1")
    pot = (HEAD.format("CHARSET") + "\n" + REFERENCES + 'msgid "Caf\xe9 :1"\nmsgstr ""\n').encode("utf-8").replace(
        b"charset=CHARSET", b"charset=UTF-8"
    )
    gnu, ours = gnu_merge(po, pot), ours_merge(po, pot)
    assert gnu.output is not None
    assert ours.agrees_with(gnu), explain(gnu, ours)



# ruby-gettext's examples (po/bg/hello_gtk_builder.edit.po) end their header
# with an empty line; msgmerge keeps it among the fields it does not know, and
# matches the fields it knows whatever their case, writing them as it spells them.
HEADERS = {
    "an empty line ends the header": 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=2; plural=n != 1;\\n"\n"\\n"\n',
    "fields in another case, empty lines between": (
        'msgid ""\nmsgstr ""\n"X-A: 1\\n"\n"\\n"\n"content-type: text/plain; charset=UTF-8\\n"\n"pot-creation-date: old\\n"\n'
        '"X-B: 2\\n"\n"project-id-version: p\\n"\n"language-team: German <de@li.org>\\n"\n"\\n"\n'
    ),
}


@pytest.mark.parametrize("name", HEADERS)
@pytest.mark.parametrize("body", ["", '\nmsgid "a"\nmsgstr "b"\n'], ids=["header alone", "a message"])
def test_update_keeps_the_header_as_msgmerge(name: str, body: str) -> None:
    po = (HEADERS[name] + body).encode("utf-8")
    pot = (HEAD.format("UTF-8") + '"POT-Creation-Date: 2024-01-01 00:00+0000\\n"\n' + body.replace('"b"', '""')).encode("utf-8")
    gnu, ours = gnu_merge(po, pot), ours_merge(po, pot)
    assert gnu.output is not None
    assert ours.agrees_with(gnu), explain(gnu, ours)


# ruby-gettext's nl and ru catalogues: "Language-Team: Dutch <ruby_gettext at
# jonkers.com>". msgmerge drops the team's last word and looks the rest up,
# so that one names no language, and "Dutch a@b" names Dutch.
TEAMS = ["Dutch <ruby_gettext at jonkers.com>", "Dutch <nl@li.org>", "Dutch a@b", "Dutch  <a@b>", "Dutch\t<a@b>",
         "Dutch <a@b> ", "Dutch<a@b>", "Dutch", "Dutch <a@b> <c@d>", "Chinese (simplified) <a@b>", "Norwegian Bokmal <a@b>"]


@pytest.mark.parametrize("team", TEAMS)
def test_update_takes_the_language_from_the_team_as_msgmerge(team: str) -> None:
    po = (f'msgid ""\nmsgstr ""\n"Language-Team: {team}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '\nmsgid "a"\nmsgstr "b"\n').encode("utf-8")
    pot = (HEAD.format("UTF-8") + '\nmsgid "a"\nmsgstr ""\n').encode("utf-8")
    gnu, ours = gnu_merge(po, pot), ours_merge(po, pot)
    assert gnu.output is not None
    assert ours.agrees_with(gnu), explain(gnu, ours)
