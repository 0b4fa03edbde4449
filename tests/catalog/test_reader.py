"""The reader's two paths agree: a catalogue laid out as GNU writes it, read a
message at a time (fast_catalogue), gives the entries the line reader gives
(logical_lines, the lint, build_catalogue); any other file is left to the
line reader, which names what is wrong with it."""
from __future__ import annotations

import random

import polib
import pytest

from pipeline.catalog import reader
from pipeline.catalog.pofile import MAX_STRING_CHARS, _lint, format_po, parse_po
from pipeline.errors import CatalogError

from ..conftest import run_tool
from .generate import random_case

SEEDS = range(40)


def _dump(po: polib.POFile) -> tuple:
    extras = getattr(po, "header_extras", None)
    header = None if extras is None else (vars(extras.entry), extras.raw, extras.metadata, extras.position)
    return (po.metadata, po.metadata_is_fuzzy, po.header, po.source_encoding, header, [vars(e) for e in po])


def _line_reader(text: str) -> polib.POFile:
    lines = reader.logical_lines(text)
    _lint(lines, "x.po")
    return reader.build_catalogue(lines, "x.po", encoding="utf-8", converted=False)


def _fast(text: str) -> polib.POFile | None:
    return reader.fast_catalogue(text, encoding="utf-8", converted=False, longest=MAX_STRING_CHARS)


def _agree(text: str) -> bool:
    """The two paths agree on ``text``; True when the fast path read it."""
    fast = _fast(text)
    try:
        slow = _line_reader(text)
    except CatalogError as error:
        assert fast is None, f"the fast path reads what the line reader refuses ({error})"
        return False
    if fast is not None:
        assert _dump(fast) == _dump(slow)
    return fast is not None


def _mutated(rng: random.Random, text: str) -> str:
    """``text`` with a few lines damaged or moved, as an editor may leave it."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        k = rng.randrange(len(lines))
        line = lines[k]
        operation = rng.randrange(7)
        if operation == 0:
            del lines[k]
        elif operation == 1 and line:
            i = rng.randrange(len(line))
            lines[k] = line[:i] + line[i + 1 :]
        elif operation == 2:
            i = rng.randrange(len(line) + 1)
            lines[k] = line[:i] + rng.choice(' "\\#~|:,.\t0x7\r[]') + line[i:]
        elif operation == 3:
            lines.insert(k, rng.choice(['', '#', '# c', '#~ msgid "z"', '#| msgid "q"', 'msgstr "w"', '"more"',
                                        '#: a.c:1 b.c:02', '#:a.c:3', 'msgstr[1] "x"', '#~| msgid "p"', '#:']))
        elif operation == 4 and k + 1 < len(lines):
            lines[k], lines[k + 1] = lines[k + 1], lines[k]
        elif operation == 5:
            lines[k] = "#~ " + line
        else:
            lines[k] = line + "\\1" if line.endswith('"') else line.replace("msgid ", "msgctxt ")
    return "\n".join(lines)


@pytest.mark.parametrize("seed", SEEDS)
def test_both_paths_read_the_same(seed: int) -> None:
    """Random catalogues (odd spellings and all), the same as msgcat writes
    them, and damaged: the fast path reads every file GNU's layout, and
    whatever it reads it reads as the line reader does."""
    rng = random.Random(seed)
    for data in random_case(seed):
        text = data.decode("utf-8", errors="replace")
        _agree(text)
        canonical = format_po(parse_po(data, "x.pot"))
        assert _agree(canonical), "the fast path declined a file laid out as msgcat writes it"
        for _ in range(10):
            _agree(_mutated(rng, canonical))


CASES = {
    # An octal escape ends where its string ends: "\1" "23" is \x01 then 23.
    "octal across strings": ('msgid "a"\nmsgstr ""\n"\\1"\n"23"\n', True),
    "escapes": ('msgid "\\\\n\\"\\t"\nmsgstr "\\x41\\101\\\\"\n', True),
    "obsolete with previous": ('#~| msgid "old"\n#~ msgid "a"\n#~ msgstr "b"\n', True),
    "plural": ('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\n"y"\nmsgstr[1] "z"\n', True),
    "references GNU reads apart": ("#: a.c:007 b.c: 3 c.c :4 d.c:1:2 :5\n#:e.c\nmsgid \"a\"\nmsgstr \"\"\n", True),
    "empty reference line first": ('#:\n#. x\nmsgid "a"\nmsgstr ""\n', True),
    "header, fuzzy, not first": ('msgid "a"\nmsgstr "b"\n\n#, fuzzy\nmsgid ""\nmsgstr "Language: de\\n"\n', True),
    # What the line reader reads or refuses, and the fast path leaves to it:
    "plural forms out of order": ('msgid "a"\nmsgid_plural "as"\nmsgstr[1] "x"\nmsgstr[0] "y"\n', False),
    "non-ASCII octal": ('msgid "a"\nmsgstr "\\303"\n', False),
    "two spaces": ('msgid  "a"\nmsgstr "b"\n', False),
    "one line": ('msgid "a" msgstr "b"\n', False),
    "comment inside": ('msgid "a"\n# c\nmsgstr "b"\n', False),
    "blank line inside": ('# c\n\nmsgid "a"\nmsgstr "b"\n', False),
    "trailing comment": ('msgid "a"\nmsgstr "b"\n# gone\n', False),
    "carriage return": ('msgid "a\rb"\nmsgstr ""\n', False),
    "previous plural alone, twice": ('#| msgid_plural "p"\nmsgid "a"\nmsgid_plural "b"\nmsgstr[0] ""\n\n'
                                     '#| msgid_plural "q"\nmsgid "c"\nmsgid_plural "d"\nmsgstr[0] ""\n', False),
}


@pytest.mark.parametrize("name", CASES)
def test_cases(name: str) -> None:
    text, fast = CASES[name]
    assert _agree(text) is fast


def test_a_message_over_the_limit_is_left_to_the_lint() -> None:
    text = 'msgid "a"\nmsgstr "' + "x" * 50 + '"\n'
    assert reader.fast_catalogue(text, encoding="utf-8", converted=False, longest=40) is None
    assert reader.fast_catalogue(text, encoding="utf-8", converted=False, longest=len(text)) is not None


def test_line_numbers() -> None:
    """An entry's linenum is its first comment's line (an empty ``#:`` aside), else its first keyword's."""
    po = _fast('\n\nmsgid "a"\nmsgstr ""\n\n\n#:\n#. x\nmsgid "b"\nmsgstr ""\n"c"\n#| msgid "d"\nmsgid "e"\nmsgstr ""\n')
    assert po is not None
    assert [e.linenum for e in po] == [3, 8, 12]


def test_an_entry_made_without_polibs_constructor_has_polibs_attributes():
    """new_entry skips POEntry.__init__ for speed: a polib that adds an attribute must fail here,
    not far away in whatever reads it."""
    assert vars(reader.new_entry()) == vars(polib.POEntry())


def test_a_string_after_a_finished_message_and_a_comment_is_refused() -> None:
    """GNU refuses a string without its keyword after a complete message and
    the next one's comment; it was read as the end of the message before."""
    text = 'msgid "Heading"\nmsgstr "Kopf"\n\n#, fuzzy\n""\nmsgid "Next"\nmsgstr "Weiter"\n'
    assert run_tool("msgfmt", "-o", "/dev/null", "-", input=text.encode(), check=False).returncode != 0
    with pytest.raises(CatalogError) as error:
        parse_po(text.encode(), "x.po")
    assert error.value.line == 5


@pytest.mark.parametrize(
    ("forms", "translated"),
    [({0: "", 1: ""}, False), ({0: "", 1: "Äpfel"}, True), ({0: "Apfel", 1: ""}, True)],
)
def test_a_plural_message_with_any_form_translated_has_a_translation(forms: dict[int, str], translated: bool) -> None:
    entry = polib.POEntry(msgid="apple", msgid_plural="apples", msgstr_plural=forms)
    assert reader.has_translation(entry) is translated
    assert bool(reader.first_form(entry)) is bool(forms[0])  # msgfmt's "translated" looks at msgstr[0] only


@pytest.mark.parametrize("msgstr", ["", "Apfel"])
def test_a_singular_message_has_a_translation_when_its_msgstr_is_not_empty(msgstr: str) -> None:
    assert reader.has_translation(polib.POEntry(msgid="apple", msgstr=msgstr)) is bool(msgstr)
