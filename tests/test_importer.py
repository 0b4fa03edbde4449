"""Catalogues of other tools brought in (pipeline/importer.py), with GNU msgmerge as the oracle of what must be kept."""
from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from pipeline.config import load_project
from pipeline.errors import CatalogError
from pipeline.importer import ImportReport, import_catalogues, message_form
from pipeline.source import message_text
from pipeline.update import update
from tests.conftest import REPO, run_tool

FIXTURES = REPO / "tests" / "fixtures"
#: A Russian catalogue as mdbook-xgettext and Poedit make one: Plural-Forms
#: nplurals=1, inline links where the book has reference links, its own wrapping.
FOREIGN = FIXTURES / "imported" / "ru.po"
#: The same catalogue in CP1251 (msgconv -t CP1251).
FOREIGN_CP1251 = FIXTURES / "imported" / "ru-cp1251.po"

#: Messages of the book that the foreign file spells otherwise, and how: what msgmerge cannot match.
SPELLED_OTHERWISE = {
    "wrapping (soft line breaks in its msgid)": "Tide pools are small worlds left behind when the sea pulls back. "
    "This guide walks you through [reading the tide](basics/tides.md#low-water) first.",
    "inline links for reference links, * for _": "Check the [tide tables][tables] and the [weather service][met] "
    "before you set out, and tell someone _when_ you will be back.",
    "an escaped \\*": "Count the crabs in a 2 * 2 metre square.",
    "two spaces for one": "Wear shoes with a firm grip: wet rock is slippery.",
}


def make_tidebook(root: Path) -> Path:
    """The repo's fixture book with a chapter that uses reference links (tests/fixtures/imported/shore.md), and Russian."""
    shutil.copytree(FIXTURES / "tidebook", root)
    shutil.copy(FIXTURES / "imported" / "shore.md", root / "source" / "guide" / "shore.md")
    for path, old, new in (
        ("source/guide/SUMMARY.md", "(life.md)\n", "(life.md)\n- [On the shore](shore.md)\n"),
        ("pyproject.toml", 'languages = ["de", "ar", "ja", "fa"]', 'languages = ["de", "ar", "ja", "fa", "ru"]'),
    ):
        text = (root / path).read_text(encoding="utf-8")
        assert old in text, path  # the fixture book changed: adapt this
        (root / path).write_text(text.replace(old, new), encoding="utf-8")
    return root


@pytest.fixture
def tidebook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")  # the same headers in every copy
    return make_tidebook(tmp_path / "tidebook")


def entries(path: Path) -> list[polib.POEntry]:
    return list(polib.pofile(str(path)))


def translated(path: Path) -> dict[tuple[str | None, str], str]:
    return {(e.msgctxt, e.msgid): e.msgstr for e in entries(path) if e.translated() and not e.obsolete}


def imported(root: Path, *files: Path, overwrite: bool = False) -> ImportReport:
    return import_catalogues(load_project(root), "ru", list(files), overwrite=overwrite)


def test_the_same_rendering_is_the_same_key():
    refs = (("1", "https://example.org/a", ""),)
    assert message_form("see [the page][1]", refs) == message_form("see [the page](https://example.org/a)")
    assert message_form("an _em_ and\n  a  \\* star") == message_form("an *em* and a * star")
    assert message_form("see [the page][1]") != message_form("see [the page](https://example.org/a)")  # undefined label: text
    assert message_form("an *em*") != message_form("an **em**")
    assert message_form("`a  b`") != message_form("a b")


def test_messages_spelled_otherwise_are_translated_and_msgmerge_keeps_no_more(tidebook: Path, tmp_path: Path):
    report = imported(tidebook, FOREIGN)
    ours = tidebook / "locales" / "ru" / "LC_MESSAGES" / "guide.po"
    gnu = tmp_path / "msgmerge.po"
    run_tool("msgmerge", "--previous", "--quiet", "-o", str(gnu), str(FOREIGN), str(tidebook / "locales" / "guide.pot"))
    ours_done, gnu_done = translated(ours), translated(gnu)
    # Every translation msgmerge keeps, booklet keeps, the same.
    assert {key: ours_done.get(key) for key in gnu_done} == gnu_done
    # More where only the spelling differs: translated here, not there.
    foreign = {message_form(e.msgid): e.msgstr for e in entries(FOREIGN)}
    for why, msgid in SPELLED_OTHERWISE.items():
        assert (None, msgid) not in gnu_done, why
        assert ours_done[(None, msgid)] == message_text(foreign[message_form(msgid, _refs(tidebook))]), why
    assert len(ours_done) >= len(gnu_done) + len(SPELLED_OTHERWISE)
    statistics = run_tool("msgfmt", "--check", "--statistics", "-o", "/dev/null", str(ours)).stderr
    assert statistics.startswith(f"{len(ours_done)} translated messages"), statistics
    # A message close to one of the file's is fuzzy, with the file's msgid as #|, as msgmerge offers it.
    fuzzy = {e.msgid: e for e in entries(ours) if e.fuzzy}
    gnu_fuzzy = {e.msgid: e for e in entries(gnu) if e.fuzzy and e.previous_msgid}
    assert fuzzy and report.fuzzy == len(fuzzy)
    for msgid, entry in fuzzy.items():
        if entry.previous_msgid:
            assert (entry.previous_msgid, entry.msgstr) == (gnu_fuzzy[msgid].previous_msgid, gnu_fuzzy[msgid].msgstr)


def _refs(root: Path) -> tuple[tuple[str, str, str], ...]:
    from pipeline.source import read_document, references

    shore = root / "source" / "guide" / "shore.md"
    return references(read_document(shore, relative="source/guide/shore.md").env)


def test_the_report_counts_what_the_catalogues_show(tidebook: Path):
    report = imported(tidebook, FOREIGN)
    written = sorted((tidebook / "locales" / "ru" / "LC_MESSAGES").glob("*.po"))
    assert [p.name for p in written] == ["guide.po", "templates.po"]
    every = [e for path in written for e in entries(path)]
    assert report.exact == sum(1 for e in every if e.translated() and not e.obsolete)
    assert report.fuzzy == sum(1 for e in every if e.fuzzy and not e.obsolete)
    assert report.memory == sum(1 for e in every if e.obsolete)
    assert report.skipped == sum(1 for e in entries(FOREIGN) if not e.msgstr)
    assert report.conflicts == []
    # The book's file shares no message with the templates' strings: no chance resemblance is offered there.
    assert not [e for e in entries(written[1]) if e.fuzzy or e.translated()]
    # Its translator is credited, where the catalogue named none.
    header = polib.pofile(str(written[0])).metadata
    assert header["Last-Translator"] == polib.pofile(str(FOREIGN)).metadata["Last-Translator"]


def test_no_translation_is_dropped(tidebook: Path):
    """Each translation of the file is in a catalogue now, live or kept as an obsolete entry."""
    imported(tidebook, FOREIGN)
    kept = {message_text(e.msgstr) for path in (tidebook / "locales" / "ru" / "LC_MESSAGES").glob("*.po") for e in entries(path)}
    for entry in entries(FOREIGN):
        if entry.msgstr:
            assert message_text(entry.msgstr) in kept, entry.msgid


def test_the_foreign_plural_forms_are_reported_and_not_obeyed(tidebook: Path):
    (tidebook / "templates").mkdir()
    (tidebook / "templates" / "count.html.j2").write_text(
        "{% trans count=pools %}{{ count }} pool{% pluralize %}{{ count }} pools{% endtrans %}\n", encoding="utf-8"
    )
    foreign = tidebook / "ru-plural.po"
    foreign.write_text(
        FOREIGN.read_text(encoding="utf-8")
        + '\nmsgid "%(count)s pool"\nmsgid_plural "%(count)s pools"\nmsgstr[0] "%(count)s лужа"\n',
        encoding="utf-8",
    )
    report = imported(tidebook, foreign)
    assert any(w.startswith(f"{foreign}:16: warning: Plural-Forms 'nplurals=1; plural=0;'") for w in report.warnings), report.warnings
    catalogue = polib.pofile(str(tidebook / "locales" / "ru" / "LC_MESSAGES" / "templates.po"))
    assert catalogue.metadata["Plural-Forms"].startswith("nplurals=3;")
    (plural,) = [e for e in catalogue if e.msgid_plural]
    assert plural.fuzzy and plural.msgstr_plural == {0: "%(count)s лужа", 1: "", 2: ""}
    run_tool("msgfmt", "--check", "-o", "/dev/null", str(tidebook / "locales" / "ru" / "LC_MESSAGES" / "templates.po"))


def test_any_charset_gnu_reads(tidebook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    data = FOREIGN_CP1251.read_bytes()
    assert b"charset=CP1251" in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    imported(tidebook, FOREIGN)
    other = make_tidebook(tmp_path / "other")
    imported(other, FOREIGN_CP1251)
    for name in ("guide.po", "templates.po"):
        assert (other / "locales/ru/LC_MESSAGES" / name).read_bytes() == (tidebook / "locales/ru/LC_MESSAGES" / name).read_bytes()


def test_a_translation_is_replaced_only_when_asked(tidebook: Path):
    catalogue = tidebook / "locales" / "ru" / "LC_MESSAGES" / "guide.po"
    imported(tidebook, FOREIGN)
    before = catalogue.read_bytes()
    other = tidebook / "other.po"
    other.write_text(
        FOREIGN.read_text(encoding="utf-8").replace('msgstr "Малая вода"', 'msgstr "Отлив"'), encoding="utf-8"
    )
    report = imported(tidebook, other)
    assert catalogue.read_bytes() == before
    (conflict,) = report.conflicts
    assert conflict.startswith("locales/ru/LC_MESSAGES/guide.po: 'Low water': kept its translation; ")
    assert f"{other}:" in conflict and report.exact == 0
    report = imported(tidebook, other, overwrite=True)
    assert translated(catalogue)[(None, "Low water")] == "Отлив"
    assert [c.endswith("(--overwrite)") for c in report.conflicts] == [True] and report.exact == 1
    # Running it again changes nothing.
    before = catalogue.read_bytes()
    assert not imported(tidebook, other, overwrite=True).written and catalogue.read_bytes() == before


def test_a_fuzzy_entry_takes_an_exact_translation_and_keeps_its_own_against_a_suggestion(tidebook: Path):
    catalogue = tidebook / "locales" / "ru" / "LC_MESSAGES" / "guide.po"
    imported(tidebook, FOREIGN)
    po = polib.pofile(str(catalogue))
    (thanks,) = [e for e in po if e.msgid == "Thanks to everyone who walked the shore with us."]
    assert thanks.fuzzy  # fuzzy in the file
    fixed = tidebook / "fixed.po"
    fixed.write_text(FOREIGN.read_text(encoding="utf-8").replace("#, fuzzy\n", ""), encoding="utf-8")
    imported(tidebook, fixed)
    (thanks,) = [e for e in polib.pofile(str(catalogue)) if e.msgid == thanks.msgid]
    assert not thanks.fuzzy and thanks.msgstr == "Спасибо всем, кто гулял с нами по берегу."


def test_what_matches_nothing_comes_back_when_the_source_has_it(tidebook: Path):
    imported(tidebook, FOREIGN)
    chapter = tidebook / "source" / "guide" / "shore.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nNever turn your back on the sea.\n", encoding="utf-8")
    update(load_project(tidebook), languages=["ru"])
    done = translated(tidebook / "locales" / "ru" / "LC_MESSAGES" / "guide.po")
    assert done[(None, "Never turn your back on the sea.")] == "Никогда не поворачивайтесь к морю спиной."


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fr\\n"\n', 4, "the header says Language: fr, not ru"),
        ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Water"\nmsgstr "Вода\n', 6, "unterminated"),
        ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=latin1\\n"\n', 3, "latin1"),
    ],
)
def test_a_bad_file_is_one_error_and_nothing_is_written(tidebook: Path, text: str, line: int, message: str):
    bad = tidebook / "bad.po"
    bad.write_text(text, encoding="utf-8")
    before = {p: p.read_bytes() for p in (tidebook / "locales").rglob("*") if p.is_file()}
    with pytest.raises(CatalogError) as caught:
        imported(tidebook, FOREIGN, bad)
    assert (caught.value.path, caught.value.line) == (str(bad), line) and message in caught.value.message
    assert {p: p.read_bytes() for p in (tidebook / "locales").rglob("*") if p.is_file()} == before


_WORDS = "tide pool rock crab anemone shore water wave sand kelp limpet barnacle mussel star shell current moon wind salt gull".split()


def generated_book(root: Path, *, chapters: int, paragraphs: int, seed: int) -> tuple[Path, dict[str, str]]:
    """A book whose paragraphs use reference links, _emphasis_ and literal
    stars, and a Russian catalogue of it as mdbook-xgettext would write it:
    inline links, *emphasis*, escaped stars, its own wrapping and spacing;
    a few messages edited since. Returns the catalogue and, for each msgid
    of the book it translates, "same", "otherwise" (spelled otherwise) or
    "edited"."""
    import random
    import textwrap

    rng = random.Random(seed)
    (root / "source" / "book").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[project]\nname = "big"\nversion = "1"\n\n[tool.booklet]\nlanguages = ["ru"]\n')
    kinds: dict[str, str] = {}
    foreign = ['msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ru\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n']
    for chapter in range(chapters):
        body = [f"# Chapter {chapter}\n"]
        for number in range(paragraphs):
            words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 40)))
            ours = theirs = f"{words} at {chapter}.{number}"
            definitions = ""
            if rng.random() < 0.3:
                url = f"https://example.org/{chapter}/{number}"
                ours += f", see [the {_WORDS[number % 20]} page][p{number}]"
                theirs += f", see [the {_WORDS[number % 20]} page]({url})"
                definitions = f"\n[p{number}]: {url}\n"
            if rng.random() < 0.2:
                ours, theirs = ours + " and _this_ one", theirs + " and *this* one"
            if rng.random() < 0.2:
                ours, theirs = ours + " in 2*3 squares", theirs + " in 2\\*3 squares"
            if rng.random() < 0.2:
                theirs = theirs.replace(" ", "  ", 1)
            msgid = message_text(textwrap.fill(ours + ".", 70))
            theirs += "."
            kinds[msgid] = "same" if theirs == msgid else "otherwise"
            if rng.random() < 0.05:
                theirs, kinds[msgid] = "old " + theirs, "edited"
            if rng.random() < 0.3:
                theirs = textwrap.fill(theirs, 50)
            body.append(textwrap.fill(ours + ".", 70) + "\n" + definitions)
            quoted = theirs.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            foreign.append(f'msgid "{quoted}"\nmsgstr "ПЕРЕВОД {quoted}"\n')
        (root / "source" / "book" / f"c{chapter}.md").write_text("\n".join(body), encoding="utf-8")
    summary = "# Book\n\n" + "".join(f"- [Chapter {c}](c{c}.md)\n" for c in range(chapters))
    (root / "source" / "book" / "SUMMARY.md").write_text(summary, encoding="utf-8")
    (root / "ru.po").write_text("\n".join(foreign), encoding="utf-8")
    return root / "ru.po", kinds


@pytest.mark.parametrize("seed", [1, 2])
def test_a_generated_book_against_msgmerge(tmp_path: Path, seed: int):
    root = tmp_path / "book"
    foreign, kinds = generated_book(root, chapters=3, paragraphs=40, seed=seed)
    report = import_catalogues(load_project(root), "ru", [foreign])
    ours = root / "locales" / "ru" / "LC_MESSAGES" / "book.po"
    gnu = tmp_path / "msgmerge.po"
    run_tool("msgmerge", "--previous", "--quiet", "-o", str(gnu), str(foreign), str(root / "locales" / "book.pot"))
    done, gnu_done = translated(ours), translated(gnu)
    assert {key: done.get(key) for key in gnu_done} == gnu_done
    assert {msgid for (_, msgid) in done} == {msgid for msgid, kind in kinds.items() if kind != "edited"}
    assert {kind for kind in kinds.values()} == {"same", "otherwise", "edited"}
    fuzzy = {e.msgid for e in entries(ours) if e.fuzzy}
    assert fuzzy <= {msgid for msgid, kind in kinds.items() if kind == "edited"}
    assert report.exact == len(done) and report.fuzzy == len(fuzzy)
    # Every translation is somewhere: in an entry, or kept as an obsolete one.
    assert report.exact + report.fuzzy + report.memory >= len(kinds)


def test_a_foreign_header_is_tolerated(tidebook: Path):
    """A header as exports write them: fuzzy, a language name for a code, gettext's placeholders."""
    foreign = tidebook / "export.po"
    header, _, body = FOREIGN.read_text(encoding="utf-8").partition("\n\n#: src/SUMMARY.md:1")
    header = header.replace('msgid ""', '#, fuzzy\nmsgid ""').replace('"Language: ru\\n"', '"Language: Russian\\n"')
    header = header.replace("nplurals=1; plural=0;", "nplurals=INTEGER; plural=EXPRESSION;")
    foreign.write_text(header + "\n\n#: src/SUMMARY.md:1" + body, encoding="utf-8")
    report = imported(tidebook, foreign)
    assert [w.split(": warning: ")[1].split(" ")[0:2] for w in report.warnings] == [["Language", "'Russian'"], ["Plural-Forms", "'nplurals=INTEGER;"]]
    reference = make_tidebook(tidebook.parent / "reference")
    assert report.summary()["imported"] == imported(reference, FOREIGN).summary()["imported"]


def test_a_message_edited_and_spelled_otherwise_is_offered_as_fuzzy(make_project, tmp_path: Path):
    url = "https://tides.example.org/charts/north-sea/weekly-high-and-low-water-tables.html"
    root = make_project({"source/chart.md": f"# Charts\n\nSee [the chart][c].\n\n[c]: {url}\n"}, languages=("ru",))
    foreign = tmp_path / "ru.po"
    foreign.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'msgid "Read [the chart]({url})."\nmsgstr "Прочтите [карту]({url})."\n',
        encoding="utf-8",
    )
    report = import_catalogues(load_project(root), "ru", [foreign])
    (entry,) = [e for e in entries(root / "locales/ru/LC_MESSAGES/chart.po") if e.msgid == "See [the chart][c]."]
    assert entry.fuzzy and entry.msgstr == f"Прочтите [карту]({url})."
    assert entry.previous_msgid == f"Read [the chart]({url})."
    assert (report.fuzzy, report.memory) == (1, 0)
    # msgmerge finds nothing close: the file's msgid is five times as long.
    gnu = tmp_path / "msgmerge.po"
    run_tool("msgmerge", "--previous", "--quiet", "-o", str(gnu), str(foreign), str(root / "locales" / "chart.pot"))
    assert not [e for e in entries(gnu) if e.msgid == entry.msgid and e.msgstr]


def test_tags_alone_do_not_make_two_sentences_close(make_project, tmp_path: Path):
    """Two short sentences that share a code span's tags and little else: no
    fuzzy offer, as msgmerge makes none (their rendered forms measured 0.62
    with the tags, over the 0.6 threshold; 0.53 as plain msgids)."""
    root = make_project({"source/code.md": "# Code\n\nIt finds the lowest water with `lowest`:\n"}, languages=("ru",))
    foreign = tmp_path / "ru.po"
    foreign.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Print the table for today with `tides --today`:"\nmsgstr "Таблица на сегодня: `tides --today`:"\n',
        encoding="utf-8",
    )
    report = import_catalogues(load_project(root), "ru", [foreign])
    (entry,) = [e for e in entries(root / "locales/ru/LC_MESSAGES/code.po") if e.msgid.startswith("It finds")]
    assert not entry.msgstr and not entry.fuzzy and report.fuzzy == 0
    gnu = tmp_path / "msgmerge.po"
    run_tool("msgmerge", "--previous", "--quiet", "-o", str(gnu), str(foreign), str(root / "locales" / "code.pot"))
    assert not [e for e in entries(gnu) if e.msgid == entry.msgid and e.msgstr]
