"""format_po against its oracle: every expected text here is what GNU msgcat writes."""
from __future__ import annotations

import os
import random
import shutil
import subprocess
import tempfile
import textwrap
import time
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from uniseg.linebreak import line_break, line_break_breakables

from pipeline.catalog import pofile
from pipeline.catalog.pofile import format_po, generate_po
from tests.conftest import run_tool

REPO = Path(__file__).resolve().parents[2]

HEADER = r'''# Test catalogue.
#
# Copyright holder, 2024.
msgid ""
msgstr ""
"Project-Id-Version: booklet 0.1\n"
"Language: ru\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
"n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"
'''


@pytest.fixture(scope="session")
def msgcat() -> Iterator[Callable[[str], str]]:
    """What `msgcat -o out.po in.po` writes for a catalogue text."""
    path = shutil.which("msgcat") or "/usr/bin/msgcat"
    workdir = Path(tempfile.mkdtemp(prefix="test_pofile_"))

    def run(text: str) -> str:
        if not os.path.exists(path):
            # Checked here rather than in the fixture, so that the test itself fails.
            message = "GNU msgcat (Debian package gettext) is needed as the oracle"
            if os.environ.get("CI") == "true":
                pytest.fail(message)
            pytest.skip(message)
        source, target = workdir / "in.po", workdir / "out.po"
        source.write_text(text, encoding="utf-8")
        target.unlink(missing_ok=True)
        done = subprocess.run([path, "-o", str(target), str(source)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        # msgcat creates no file at all for a catalogue without messages.
        return target.read_text(encoding="utf-8") if target.exists() else ""

    yield run
    shutil.rmtree(workdir, ignore_errors=True)


def catalogue(*entries: str, header: str = HEADER) -> str:
    return header + "".join("\n" + textwrap.dedent(entry).strip("\n") + "\n" for entry in entries)


_PO_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"})


def quote(value: str) -> str:
    """A PO string literal (one line; the wrapping is msgcat's business)."""
    return '"' + value.translate(_PO_ESCAPES) + '"'


def assert_like_msgcat(msgcat: Callable[[str], str], text: str,
                       patch: Callable[[polib.POFile], None] | None = None) -> None:
    expected = msgcat(text)
    po = polib.pofile(text)
    if patch is not None:
        patch(po)
    assert format_po(po) == expected


# --------------------------------------------------------------------------
# Wrapping
# --------------------------------------------------------------------------

def test_long_lines_are_wrapped_after_spaces(msgcat):
    assert_like_msgcat(msgcat, catalogue(
        '''
        msgid "The quick brown fox jumps over the lazy dog, and then it runs away into the forest where nobody can find it."
        msgstr "Съешь же ещё этих мягких французских булок, да выпей чаю, а потом ещё раз и ещё раз, пока не надоест."
        ''',
        f'msgid {quote("word " * 60)}\nmsgstr {quote("x" * 200)}',
    ))


def test_words_at_the_79_column_boundary(msgcat):
    # For every keyword, values whose words end just before, at and just after
    # the page width, on the keyword line and on continuation lines.
    entries = []
    for n in range(55, 95):
        words = ("abcd efghij klm nopqrs " * 8)[:n - 1] + "."
        glued = "z" * (n - 30) + " " + "y" * 29
        entries.append(f"msgid {quote(words)}\nmsgstr {quote(glued)}")
        entries.append(f"msgctxt {quote(glued)}\nmsgid {quote(words + ' ctx')}\nmsgstr {quote(words + ' ' + words)}")
        entries.append(f"msgid {quote(glued + ' one')}\nmsgid_plural {quote(words)}\n"
                       f"msgstr[0] {quote(glued)}\nmsgstr[1] {quote(words)}\nmsgstr[2] {quote(words[::-1])}")
    assert_like_msgcat(msgcat, catalogue(*entries))


def test_escape_sequences(msgcat):
    assert_like_msgcat(msgcat, catalogue(
        r'''
        msgid "Say \"hello\" to C:\\Users\\guest and\ttab."
        msgstr "Скажите \"привет\" C:\\Users\\guest и\tтаб."
        ''',
        r'''
        msgid "first line\nsecond line\n"
        msgstr "первая строка\nвторая строка\n"
        ''',
        r'''
        msgid "only a newline at the end\n"
        msgstr "\n"
        ''',
        r'''
        msgid "control \r\v\b\f characters"
        msgstr "\n\n\ttwo empty lines first"
        ''',
        # Escapes right at the wrap column must not be split.
        *(f"msgid {quote('e' * n + ' ' + chr(92) * 3 + chr(34) * 3 + chr(9) + ' tail ' + str(n))}\nmsgstr {quote(chr(10) * 2)}"
          for n in range(68, 80)),
        *(f"msgid {quote('n' * n + chr(10) + 'after')}\nmsgstr {quote('m' * n + chr(10))}" for n in range(68, 80)),
    ))


def test_no_wrap_flag_keeps_long_lines(msgcat):
    assert_like_msgcat(msgcat, catalogue(
        f'#, no-wrap\nmsgid {quote("long " * 30)}\nmsgstr {quote("still long " * 20 + chr(10) + "second")}',
    ))


# --------------------------------------------------------------------------
# Message parts
# --------------------------------------------------------------------------

def test_plurals_and_contexts(msgcat):
    assert_like_msgcat(msgcat, catalogue(
        '''
        msgid "One file was removed."
        msgid_plural "%d files were removed, and the list of them is long enough to wrap."
        msgstr[0] "Удалён %d файл."
        msgstr[1] "Удалено %d файла."
        msgstr[2] ""
        ''',
        '''
        msgctxt "menu"
        msgid "Open"
        msgstr "Открыть"
        ''',
        '''
        msgctxt "a context that is itself quite long, long enough to need a wrapped line of its own"
        msgid "Open"
        msgstr "Открыть"
        ''',
        '''
        msgctxt ""
        msgid "Empty context"
        msgstr ""
        ''',
    ))


def test_previous_strings(msgcat):
    assert_like_msgcat(msgcat, catalogue(
        '''
        #, fuzzy
        #| msgid "The old text of this message, which was long enough to be wrapped by msgmerge."
        msgid "The new text of this message, which is long enough to be wrapped by msgmerge too."
        msgstr "Старый перевод."
        ''',
        '''
        #, fuzzy
        #| msgctxt "old context"
        #| msgid "Old"
        #| msgid_plural "Olds"
        msgctxt "new context"
        msgid "New"
        msgid_plural "News"
        msgstr[0] "Новое"
        msgstr[1] "Новых"
        msgstr[2] "Новых"
        ''',
    ))


def test_obsolete_entries_go_last(msgcat):
    previous = "A previous msgid of an obsolete message, long enough that the #~| lines wrap."

    def add_previous(po: polib.POFile) -> None:
        # polib's parser skips "#~|" lines; restore what the text says.
        po.find("Gone", include_obsolete_entries=True).previous_msgid = previous

    assert_like_msgcat(msgcat, catalogue(
        f'''
        # A translator comment on an obsolete entry.
        #, fuzzy
        #~| msgid {quote(previous)}
        #~ msgid "Gone"
        #~ msgstr "Ушло, и перевод достаточно длинный, чтобы переноситься на следующую строку."
        ''',
        '''
        #~ msgid "Untranslated obsolete entries are dropped"
        #~ msgstr ""
        ''',
        '''
        #~ msgctxt "ctx"
        #~ msgid "Obsolete plural"
        #~ msgid_plural "Obsolete plurals"
        #~ msgstr[0] "a"
        #~ msgstr[1] "b"
        #~ msgstr[2] "c"
        ''',
        '''
        msgid "Still here"
        msgstr "Ещё здесь"
        ''',
    ), patch=add_previous)


def test_flags_are_normalised(msgcat):
    assert_like_msgcat(msgcat, catalogue(
        '''
        #, python-format, fuzzy
        msgid "%(count)d apples"
        msgstr "%(count)d яблок"
        ''',
        '''
        #, fuzzy, c-format
        msgid "Untranslated: the fuzzy flag goes"
        msgstr ""
        ''',
        '''
        #, no-c-format, possible-python-format, wrap, unknown-flag, range: 1..5
        msgid "Flags in GNU order"
        msgstr "Флаги"
        ''',
        '''
        #, python-brace-format, c-format, fuzzy
        msgid "{name} and %s"
        msgstr "{name} и %s"
        ''',
    ))


def test_comments(msgcat):
    assert_like_msgcat(msgcat, catalogue(
        '''
        # Translator comment.
        #
        #  Indented translator comment.
        #. Extracted comment for translators.
        #. Second line of it.
        #: src/chapter-1.md:12 ./src/chapter-1.md:40
        msgid "Commented"
        msgstr "С комментариями"
        ''',
        '''
        #. Only an extracted comment.
        msgid "Extracted"
        msgstr ""
        ''',
    ))


def test_many_references_wrap_at_79_columns(msgcat):
    refs = " ".join(f"source/chapters/part-{i}/section.md:{i * 37}" for i in range(1, 30))
    short = " ".join(f"a{i}.md:{i}" for i in range(1, 60))
    lengths = " ".join("r" * n + ".md:1" for n in range(60, 80))
    assert_like_msgcat(msgcat, catalogue(
        f'#: {refs}\nmsgid "Referenced"\nmsgstr ""',
        f'#: {short}\n#: no-line-number.md\nmsgid "Short references"\nmsgstr ""',
        f'#: {lengths}\nmsgid "Long file names"\nmsgstr ""',
    ))


# --------------------------------------------------------------------------
# Scripts
# --------------------------------------------------------------------------

def test_non_latin_text(msgcat):
    assert_like_msgcat(msgcat, catalogue(
        '''
        msgid "Every citizen has the right to take part in the government of the country, directly or through representatives."
        msgstr "Каждый человек имеет право принимать участие в управлении своей страной непосредственно или через посредство свободно избранных представителей."
        ''',
        '''
        msgid "Everyone has the right to freedom of thought, conscience and religion; this right includes freedom to change his religion."
        msgstr "لكل شخص الحق في حرية التفكير والضمير والدين، ويشمل هذا الحق حرية تغيير ديانته أو عقيدته، وحرية الإعراب عنهما بالتعليم والممارسة."
        ''',
        '''
        msgid "All human beings are born free and equal in dignity and rights. They are endowed with reason and conscience."
        msgstr "Bütün insanlar ləyaqət və hüquqlarına görə azad və bərabər doğulurlar. Onların şüurları və vicdanları var və bir-birlərinə münasibətdə qardaşlıq ruhunda davranmalıdırlar."
        ''',
        '''
        msgid "Hindi with spacing vowel signs, which take one column each in GNU's count."
        msgstr "सभी मनुष्यों को गौरव और अधिकारों के मामले में जन्मजात स्वतन्त्रता और समानता प्राप्त है। उन्हें बुद्धि और अन्तरात्मा की देन प्राप्त है।"
        ''',
    ))


def test_cjk_breaks_between_ideographs(msgcat):
    zh = "人人生而自由，在尊严和权利上一律平等。他们赋有理性和良心，并应以兄弟关系的精神相对待。"
    ja = "すべての人間は、生まれながらにして自由であり、かつ、尊厳と権利とについて平等である。人間は、理性と良心とを授けられており、互いに同胞の精神をもって行動しなければならない。"
    ko = "모든 인간은 태어날 때부터 자유로우며 그 존엄과 권리에 있어 동등하다. 인간은 천부적으로 이성과 양심을 부여받았으며 서로 형제애의 정신으로 행동하여야 한다."
    entries = [f"msgid {quote(name)}\nmsgstr {quote(text)}" for name, text in (("zh", zh), ("ja", ja), ("ko", ko))]
    # Wide characters (two columns) landing on every column near the edge.
    entries += [f"msgid {quote('shift ' + str(n))}\nmsgstr {quote('a' * n + zh)}" for n in range(0, 8)]
    entries += [f"msgid {quote('mixed ' + str(n))}\nmsgstr {quote('Unicode ' * n + '「引用」と（括弧）、句読点。' * 3)}"
                for n in range(0, 6)]
    assert_like_msgcat(msgcat, catalogue(*entries))


def test_widths_are_libunistrings() -> None:
    """Every code point's width, against the library msgcat counts columns with."""
    import ctypes
    import ctypes.util
    import os

    name = ctypes.util.find_library("unistring") or "libunistring.so.2"
    try:
        library = ctypes.CDLL(name)
    except OSError:
        message = "libunistring (Debian package libunistring2, installed with gettext) is needed as the oracle"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    library.uc_width.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
    library.uc_width.restype = ctypes.c_int
    wrong = [hex(code) for code in range(0x110000)
             if not 0xD800 <= code <= 0xDFFF and pofile._width(chr(code)) != max(library.uc_width(code, b"UTF-8"), 0)]
    assert wrong == []


# Where wcwidth, which the writer used before, and libunistring disagree:
# spacing marks, format characters, emoji and what Unicode assigned lately.
_DISPUTED = "\u0cbf\u0cc6\u2762\u231a\u00ad\u200b\u1acf\U0001f1e6\U0001f1ff\u0903\u093e\u3000\u2e80"


def test_characters_wcwidth_counts_otherwise(msgcat):
    entries = []
    for n, ch in enumerate(_DISPUTED):
        for shift in range(0, 4):
            entries.append(f"msgid {quote(f'{n} {shift}')}\nmsgstr {quote('word ' * 13 + 'a' * shift + (ch + 'b ') * 6)}")
    assert_like_msgcat(msgcat, catalogue(*entries))


# --------------------------------------------------------------------------
# Format directives and unbreakable strings
# --------------------------------------------------------------------------

_DIRECTIVE_SOUP = ["word", "wo", "%m", "%-m", "%d", "%5.2f", "%%", "% %", "%s", "%ls", "%<PRId64>", "%<PRIxMAX>",
                   "%1$s", "%2$d", "%-*d", "%'d", "%I", "%lld", "%zu", "%c", "%#o", "%.*s", "%n", "%a", "%Lg",
                   "%hhd", "x%", "%", "%@", "%y"]


def test_many_format_directives_near_the_edge(msgcat):
    # Valid and invalid directives of every kind GNU's parsers know (%m,
    # %<PRId64>, "% %"...) packed around column 79; a parser stops at the
    # first invalid one, and only what it read before is kept whole.
    rng = random.Random(1990)
    entries = []
    for n in range(600):
        text = ""
        while len(text) < rng.randint(60, 200):
            text += rng.choice(_DIRECTIVE_SOUP) + rng.choice([" ", "", "", ",", ".", " "])
        flag = rng.choice(["c-format", "c-format", "objc-format", "python-format", "no-c-format"])
        entries.append(f"#, {flag}\nmsgid {quote(f'm{n}')}\nmsgstr {quote(text)}")
    assert_like_msgcat(msgcat, catalogue(*entries))

def test_format_directive_at_the_wrap_boundary(msgcat):
    entries = []
    for n in range(50, 80):
        for flag, directive in (("python-format", "%(name)s"), ("python-format", "% d"),
                                ("c-format", "% 5d"), ("c-format", "%%"), ("c-format", "%1$s,%2$s"),
                                ("", "% d")):
            text = "x" * n + " " + directive + " and more words"
            flag_line = f"#, {flag}\n" if flag else ""
            entries.append(f"{flag_line}msgid {quote(flag + ' ' + str(n) + directive)}\nmsgstr {quote(text)}")
    assert_like_msgcat(msgcat, catalogue(*entries))


def test_long_url_without_spaces(msgcat):
    url = "https://example.org/a/very/long/path/that/has/no/spaces/at/all/index.html?query=value&other=thing#fragment"
    assert_like_msgcat(msgcat, catalogue(
        f"msgid {quote('See ' + url + ' for details.')}\nmsgstr {quote(url)}",
        f"msgid {quote('x' * 120)}\nmsgstr {quote('Unbreakable: ' + 'y' * 120)}",
    ))


# --------------------------------------------------------------------------
# Header and whole-file shape
# --------------------------------------------------------------------------

def test_fuzzy_header_with_comments_and_empty_msgstr(msgcat):
    header = HEADER.replace('msgid ""', '#, fuzzy\nmsgid ""', 1)
    assert_like_msgcat(msgcat, catalogue(
        '''
        msgid "Untranslated"
        msgstr ""
        ''',
        header=header,
    ))


def test_catalogue_without_header(msgcat):
    assert_like_msgcat(msgcat, catalogue(
        '''
        # A comment on the first message (polib files it as the header's).
        msgid "No header at all"
        msgstr "No header: msgcat then insists on ASCII"
        ''',
        header="",
    ))


def test_header_only_catalogue_is_empty_like_msgcat(msgcat):
    assert_like_msgcat(msgcat, HEADER)
    assert format_po(polib.POFile()) == ""


def test_generate_po_yields_lines():
    po = polib.pofile(catalogue('msgid "a"\nmsgstr "b"', 'msgid "c"\nmsgstr "d"'))
    lines = list(generate_po(po))
    assert all(line.endswith("\n") and "\n" not in line[:-1] for line in lines)
    assert "".join(lines) == format_po(po)
    assert lines[-1] == 'msgstr "d"\n'


@pytest.mark.parametrize("path", sorted(REPO.glob("locales/*/LC_MESSAGES/*.po")), ids=lambda p: p.parent.parent.name + "/" + p.name)
def test_shipped_catalogues(msgcat, path):
    assert_like_msgcat(msgcat, path.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------
# Property: random catalogues in many scripts
# --------------------------------------------------------------------------

_LETTERS = (
    "abcdefghijklmnopqrstuvwxyz" "ABCDEFXYZ" "0123456789"
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЁ" "ءابتثجحخدذرزسشصضطظعغفقكلمنهويى"
    "əğıöüşçƏĞİÖÜŞÇ" "中文字符测试你好世界汉语日本語" "ひらがなカタカナーっ" "한국어문장" "αβγδ"
)
_PUNCTUATION = ".,;:!?-–—()[]{}%/'\"\\\t“”«»„…。、「」！？：；（）$€+*=#&@_"
_CHARS = st.sampled_from(list(_LETTERS) * 2 + list(_PUNCTUATION) + [" "] * 30 + ["\n"] * 2 + ["\r"])
# Chunks joined, so that many strings run past the 79 columns.
_TEXT = st.lists(st.text(_CHARS, max_size=30), max_size=7).map("".join)
_FLAGS = st.sampled_from([(), ("fuzzy",), ("python-format",), ("c-format",), ("fuzzy", "python-format"),
                          ("no-wrap",), ("fuzzy", "c-format")])


@st.composite
def _messages(draw) -> list[str]:
    entries = draw(st.lists(
        st.tuples(_TEXT.filter(bool), _TEXT, _FLAGS,
                  st.booleans(), st.one_of(st.none(), _TEXT), st.one_of(st.none(), _TEXT)),
        min_size=1, max_size=6, unique_by=lambda entry: entry[0]))
    texts = []
    for msgid, msgstr, flags, plural, context, previous in entries:
        lines = [f"#, {', '.join(flags)}"] if flags else []
        if previous is not None:
            lines.append(f"#| msgid {quote(previous)}")
        if context is not None:
            lines.append(f"msgctxt {quote(context)}")
        lines.append(f"msgid {quote(msgid)}")
        if plural:
            lines += [f"msgid_plural {quote(msgstr + msgid)}", f"msgstr[0] {quote(msgstr)}",
                      f"msgstr[1] {quote(msgid)}", 'msgstr[2] ""']
        else:
            lines.append(f"msgstr {quote(msgstr)}")
        texts.append("\n".join(lines))
    return texts


@settings(derandomize=True, max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(entries=_messages())
def _random_catalogue_matches_msgcat(msgcat, entries):
    assert_like_msgcat(msgcat, catalogue(*entries))


def test_random_catalogues_match_msgcat(msgcat):
    msgcat(HEADER)  # a missing msgcat fails (or skips) here, before Hypothesis shrinks it
    _random_catalogue_matches_msgcat(msgcat)


# --------------------------------------------------------------------------
# Scale, and the fast line breaker against its definition (uniseg on the
# whole text, one character at a time)
# --------------------------------------------------------------------------

_WORDS = {
    "en": ("the of and to in a is that for it as was with be by on not he this are or his from at which but "
           "have an they you were their one all we can her has there been if more when will would who so no "
           ).split() + [f"word{i}" for i in range(3000)],  # as bench/run.py's paragraph()
    "de": ("der die das und ist nicht für über Straße Mädchen größer Ärger schön Übersetzung Wörterbuch "
           "Donaudampfschifffahrtsgesellschaft Rechtsschutzversicherungsgesellschaften (siehe) „so“ z.B. "
           "100% 3,5 €5 ob/oder e-Mail -Wort").split(),
    "ru": ("съешь же ещё этих мягких французских булок да выпей чаю «ёлка» — 1990-х т.е. №5 "
           "Съешь, ЖЕ... чаю!").split(),
    "mixed": "中文字符 日本語です。 한국어 \"quoted\" C:\\path tab\there %s %(name)s 😀 a\u00adb".split(" "),
}


def _paragraph(rng: random.Random, language: str) -> str:
    words = [rng.choice(_WORDS[language]) for _ in range(rng.randint(12, 60))]
    return " ".join(words).capitalize() + "."


def test_large_catalogue_matches_msgcat(msgcat):
    rng = random.Random(2024)
    entries, seen = [], set()
    for n in range(2000):
        msgid = _paragraph(rng, "en")
        if msgid in seen:
            continue
        seen.add(msgid)
        language = "mixed" if n % 25 == 0 else ("de", "ru", "")[n % 3]
        msgstr = _paragraph(rng, language) if language else ""
        if n % 7 == 0:
            msgstr = msgstr.replace(". ", ".\n", 1)  # a few multi-line values
        entries.append(f"#: book.md:{n}\nmsgid {quote(msgid)}\nmsgstr {quote(msgstr)}")
    text = catalogue(*entries)
    expected = msgcat(text)
    po = polib.pofile(text)
    start = time.perf_counter()
    result = format_po(po)
    elapsed = time.perf_counter() - start
    print(f"\n{len(po)} messages, {len(result.encode()) / 1e6:.2f} MB formatted in {elapsed:.2f} s")
    assert result == expected


def _alphabet() -> list[str]:
    """Some characters of every (Line_Break, General_Category) pair in many scripts."""
    found: dict[tuple[str, str], list[str]] = {}
    for code in [*range(0x3000), *range(0x3000, 0x30000, 7), *range(0xE0000, 0xE0080)]:
        if not 0xD800 <= code < 0xE000:
            found.setdefault((line_break(chr(code)).value, unicodedata.category(chr(code))), []).append(chr(code))
    return sorted({ch for chars in found.values() for ch in chars[::max(1, len(chars) // 3)]})


_SPECIAL = (
    list("aAz09 .,;:!?-–—()[]{}%$€/'\"\\«»“”„‘’…\t") + list("абвЖ中文字ひらカナー한국어אבגدبت")
    + ["\u25cc", "\u2010", "\u200b", "\u200d", "\u2060", "\u00a0", "\u0300", "\u0301", "\U0001f600", "\U0001f3fb",
       "\U0001f1e6", "\U0001f1e8", "\u0e01", "\u0e31", "\u0e48", "\u2028", "\u2029", "\x85", "\x0b", "\u3000",
       "\u3063", "\uff08", "\uff09", "\u00ad", "\u0903", "\u094d", "\u1b44", "\u0915", "\u1100", "\u1161", "\uac00",
       "\uac01", "\u00a9", "\U0001d400", "\U00020000"]
)
_ANY_CHAR = st.sampled_from(_alphabet() + _SPECIAL * 3)
# Runs of one character, so that the texts have the letter pairs the fast path cuts at.
_UNICODE_TEXT = st.lists(st.tuples(_ANY_CHAR, st.sampled_from([1, 1, 1, 2, 3])), max_size=25).map(
    lambda runs: "".join(ch * n for ch, n in runs))


def _reference_mask(text: str) -> bytes:
    breaks = pofile._reference_opportunities(text)
    return bytes(b"2"[0] if pofile._lb_class(ch) in ("BK", "NL") else b"1"[0] if brk else b"0"[0]
                 for ch, brk in zip(text, breaks))


def _reference_line_breaks(text: str, prohibited: set[int], width: int, start_column: int) -> list[int]:
    """The greedy line breaker, one character at a time."""
    possible, result = pofile._reference_opportunities(text), []
    last, column, piece = None, start_column, 0  # last: where the current piece starts
    for i, ch in enumerate(text):
        mandatory = i not in prohibited and pofile._lb_class(ch) in ("BK", "NL")
        if mandatory or (possible[i] and i not in prohibited):
            if last is not None and column + piece > width:
                result.append(last)
                column = 0
            if mandatory:
                last, column, piece = None, 0, 0
                continue
            last, column, piece = i, column + piece, 0
        piece += pofile._width(ch)
    if last is not None and column + piece > width:
        result.append(last)
    return result


@settings(derandomize=True, max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=_UNICODE_TEXT)
def test_representatives_break_like_the_characters(text):
    # uniseg answers the same for a text and its canonical form, where each
    # character is replaced by its representative...
    canonical = pofile._CANONICAL(text)
    assert len(canonical) == len(text)
    assert list(line_break_breakables(canonical)) == list(line_break_breakables(text))
    assert [pofile._lb_class(ch) for ch in canonical] == [pofile._lb_class(ch) for ch in text]
    # ...so the mask computed piece by piece on canonical pieces is uniseg's
    # on the whole text, corrected.
    assert pofile._break_mask(text) == _reference_mask(text)


@settings(derandomize=True, max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=_UNICODE_TEXT, width=st.integers(1, 30), start_column=st.integers(0, 8), data=st.data())
def test_line_breaks_like_the_greedy_definition(text, width, start_column, data):
    prohibited = set(data.draw(st.lists(st.integers(0, len(text) - 1), max_size=4))) if text else set()
    assert pofile._line_breaks(text, prohibited, width, start_column) == \
        _reference_line_breaks(text, prohibited, width, start_column)


def test_what_polib_skips_is_read_and_written_back(msgcat):
    # polib drops "#~|" (the previous msgid of an obsolete message) and empty
    # "#." lines, and cannot read "#~msgid"; GNU keeps or reads all three.
    from pipeline.catalog.pofile import parse_po

    text = catalogue(
        '#.\n#. second line\n#.\nmsgid "a"\nmsgstr "b"',
        '#, fuzzy\n#~| msgctxt "menu"\n#~| msgid "old "\n#~| "text"\n#~ msgctxt "menu"\n#~ msgid "new text"\n#~ msgstr "neuer Text"',
        '#~msgid "tight"\n#~msgstr "eng"',
        '#|msgid "was"\nmsgid "is"\nmsgstr "ist"',
    )
    assert format_po(parse_po(text.encode("utf-8"), "x.po")) == msgcat(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet="ab1(),.-\"'«»—/%!?\u00a0\u3001\u200b\t語", max_size=4), st.integers(1, 12)), min_size=1, max_size=6))
def test_runs_of_spaces_break_as_the_full_algorithm_says(parts):
    """Cutting a run of spaces short before asking uniseg changes no break opportunity."""
    from uniseg.linebreak import line_break_breakables

    from pipeline.catalog import pofile

    text = "".join(word + " " * spaces for word, spaces in parts)
    breaks = pofile._gnu_breaks([pofile._lb_class(c) for c in text], [bool(b) for b in line_break_breakables(text)])
    full = bytes(b"2"[0] if pofile._lb_class(c) in ("BK", "NL") else b"1"[0] if b else b"0"[0] for c, b in zip(text, breaks))
    assert pofile._piece(text) == full


@pytest.mark.parametrize("spaces", [3, 80, 400_000])
def test_a_long_run_of_spaces_is_written_as_msgcat_writes_it(spaces):
    """F4 of the red-team review: 10,000 spaces in one msgstr took minutes to write."""
    entry = polib.POEntry(msgid="Second paragraph.", msgstr="Zweiter" + " " * spaces + "Absatz (und «mehr»)." + " " * spaces + "Ende.")
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(entry)
    text = format_po(po)
    assert run_tool("msgcat", "-", input=text.encode()).stdout.decode() == text
