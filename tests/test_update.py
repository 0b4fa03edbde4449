"""init / update scenarios, with GNU msgmerge and msgfmt as oracles."""
from __future__ import annotations

import re

import polib
import pytest

from pipeline.catalog.plurals import expected_rule, parse_header, same_rule
from pipeline.catalog.pofile import format_po
from pipeline.config import load_project
from pipeline.errors import CatalogError, UsageError
from pipeline.extract import extract
from pipeline.init import init
from pipeline.update import update

from .conftest import run_tool

ORIGINAL = """\
---
title: Sample
---

# Heading

The first paragraph stays exactly as it is.

The second paragraph has a typo in its very last word, which the author fixes latr.

The third paragraph will be deleted by the author.

- a list item
"""

EDITED = """\
---
title: Sample
---

# Heading

The first paragraph stays exactly as it is.

The second paragraph has a typo in its very last word, which the author fixes later.

- a list item

A brand new paragraph, added at the end.
"""

GERMAN = {
    "Sample": "Beispiel",
    "Heading": "Überschrift",
    "The first paragraph stays exactly as it is.": "Der erste Absatz bleibt genau, wie er ist.",
    "The second paragraph has a typo in its very last word, which the author fixes latr.": "Der zweite Absatz hat einen Tippfehler.",
    "The third paragraph will be deleted by the author.": "Der dritte Absatz wird gelöscht.",
    "a list item": "ein Listenpunkt",
}


@pytest.fixture
def project(make_project):
    root = make_project({"source/sample.md": ORIGINAL}, languages=("de", "ru"))
    return load_project(root)


def _translate(project, language="de"):
    path = project.po_path(language, "sample")
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = GERMAN[entry.msgid]
    entry = po.find("Heading")
    entry.tcomment = "checked by the editor"
    path.write_text(format_po(po), encoding="utf-8")


def test_init_creates_catalogues_with_headers(project):
    init(project, ["de", "ru"])
    po = polib.pofile(str(project.po_path("ru", "sample")))
    assert po.metadata["Language"] == "ru"
    assert po.metadata["Plural-Forms"] == expected_rule("ru").header  # CLDR's, as the installed Babel has it
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["Project-Id-Version"] == "sample 1.0"
    assert [e.msgid for e in po] == list(GERMAN)
    assert po.find("Heading").comment == "heading"
    assert po.find("Heading").occurrences == [("source/sample.md", "5")]
    for language in ("de", "ru"):
        for domain in ("sample", "templates"):
            run_tool("msgfmt", "--check", "-o", "/dev/null", str(project.po_path(language, domain)))


def test_init_never_overwrites_and_refuses_unknown_languages(project):
    init(project, ["de"])
    before = project.po_path("de", "sample").read_bytes()
    report = init(project, ["de"])
    assert report.written == [] and project.po_path("de", "sample") in report.unchanged
    with pytest.raises(UsageError, match="'fr' is not in"):
        init(project, ["fr"])
    with pytest.raises(UsageError, match="'de_AT' is not in .*; did you mean 'de'"):
        init(project, ["de_AT"])
    assert project.po_path("de", "sample").read_bytes() == before


def test_init_and_update_create_the_catalogues_a_language_lacks(project):
    """One catalogue made elsewhere (msginit, Weblate): init keeps it and
    makes the others; update makes those a new document needs."""
    init(project, ["de"])
    made_elsewhere = project.po_path("de", "sample").read_bytes().replace(b"Last-Translator: FULL NAME", b"Last-Translator: Weblate")
    for path in project.po_paths(["de"]):
        path.unlink()
    project.po_path("de", "sample").write_bytes(made_elsewhere)
    report = init(project, ["de"])
    assert project.po_path("de", "templates") in report.written
    assert project.po_path("de", "sample").read_bytes() == made_elsewhere
    project.po_path("de", "templates").unlink()
    report = update(project)
    assert project.po_path("de", "templates") in report.written and not report.failures
    run_tool("msgfmt", "--check", "-o", "/dev/null", str(project.po_path("de", "templates")))


def test_update_in_workers_writes_what_it_writes_inline(project, monkeypatch, tmp_path):
    import os
    import shutil

    import pipeline.parallel

    init(project, ["de", "ru"])
    for language in ("de", "ru"):
        path = project.po_path(language, "sample")
        po = polib.pofile(str(path))
        for entry in po:
            entry.msgstr = f"[{language}] {entry.msgid}"
        path.write_text(format_po(po), encoding="utf-8")
    project.source_path("sample").write_text(EDITED, encoding="utf-8")
    copy = tmp_path / "copy"
    shutil.copytree(project.root, copy)
    update(project)
    inline = {p.relative_to(project.root): p.read_bytes() for p in project.locales_dir.rglob("*.po*")}
    monkeypatch.setattr(pipeline.parallel, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    update(load_project(copy))
    assert {p.relative_to(copy): p.read_bytes() for p in (copy / "locales").rglob("*.po*")} == inline


def test_update_keeps_every_translation(project):
    init(project, ["de"])
    _translate(project)
    project.source_path("sample").write_text(EDITED, encoding="utf-8")
    update(project)
    po = polib.pofile(str(project.po_path("de", "sample")))

    kept = po.find("The first paragraph stays exactly as it is.")
    assert kept.msgstr == GERMAN[kept.msgid] and not kept.fuzzy
    assert po.find("Heading").tcomment == "checked by the editor"

    changed = po.find("The second paragraph has a typo in its very last word, which the author fixes later.")
    assert changed.fuzzy
    assert changed.previous_msgid.endswith("fixes latr.")
    assert changed.msgstr == "Der zweite Absatz hat einen Tippfehler."

    gone = [e for e in po if e.obsolete]
    assert [(e.msgid, e.msgstr) for e in gone] == [
        ("The third paragraph will be deleted by the author.", "Der dritte Absatz wird gelöscht.")
    ]
    new = po.find("A brand new paragraph, added at the end.")
    assert new.msgstr == "" and not new.fuzzy
    run_tool("msgfmt", "--check", "-o", "/dev/null", str(project.po_path("de", "sample")))


def test_update_agrees_with_msgmerge(project, tmp_path):
    init(project, ["de"])
    _translate(project)
    old = tmp_path / "old.po"
    old.write_bytes(project.po_path("de", "sample").read_bytes())
    project.source_path("sample").write_text(EDITED, encoding="utf-8")
    update(project)
    gnu = run_tool(
        "msgmerge", "--previous", "--quiet", "-o", "-", str(old), str(project.pot_path("sample"))
    ).stdout
    assert project.po_path("de", "sample").read_text(encoding="utf-8") == gnu


def test_second_update_changes_nothing(project):
    init(project, ["de"])
    _translate(project)
    project.source_path("sample").write_text(EDITED, encoding="utf-8")
    update(project)
    files = sorted(project.locales_dir.rglob("*.po*"))
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}
    report = update(project)
    assert report.written == []
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files} == before


def test_extract_does_not_churn(project):
    extract(project)
    pot = project.pot_path("sample")
    before = (pot.read_bytes(), pot.stat().st_mtime_ns)
    extract(project)
    assert (pot.read_bytes(), pot.stat().st_mtime_ns) == before


@pytest.mark.parametrize("parallel", [False, True], ids=["inline", "in-workers"])
def test_malformed_catalogue_is_named_and_left_alone_while_the_others_merge(project, monkeypatch, parallel):
    import os

    import pipeline.parallel

    if parallel:  # the languages are read and merged in forked workers
        monkeypatch.setattr(pipeline.parallel, "PARALLEL_BYTES", 0)
        monkeypatch.setattr(os, "cpu_count", lambda: 2)
    init(project, ["de", "ru"])
    bad = project.po_path("ru", "sample")
    bad.write_text(bad.read_text(encoding="utf-8") + '\nmsgid "unterminated\nmsgstr ""\n', encoding="utf-8")
    project.source_path("sample").write_text(EDITED, encoding="utf-8")
    broken = bad.read_bytes()
    report = update(project)
    last = broken.count(b"\n") - 1
    assert [str(error) for error in report.failures] == [
        f"locales/ru/LC_MESSAGES/sample.po:{last}: unterminated or malformed string"
    ]
    assert bad.read_bytes() == broken
    assert project.po_path("de", "sample") in report.written  # merged with the edited source
    assert "A brand new paragraph" in project.po_path("de", "sample").read_text(encoding="utf-8")


@pytest.mark.parametrize("parallel", [False, True], ids=["inline", "in-workers"])
def test_a_failure_while_merging_one_language_writes_nothing(project, monkeypatch, parallel):
    """An error in the middle of a run (here in the second language's merge)
    leaves every template and catalogue as it was: never a new template
    beside catalogues not merged with it."""
    import os

    import pipeline.parallel
    import pipeline.update

    if parallel:
        monkeypatch.setattr(pipeline.parallel, "PARALLEL_BYTES", 0)
        monkeypatch.setattr(os, "cpu_count", lambda: 2)
    init(project, ["de", "ru"])
    _translate(project, "de")
    project.source_path("sample").write_text(EDITED, encoding="utf-8")
    locales = project.root / "locales"
    before = {path: path.read_bytes() for path in sorted(locales.rglob("*")) if path.is_file()}
    merge = pipeline.update.merge

    def failing_in_russian(po, pot, **options):
        if po.metadata.get("Language") == "ru":
            raise RuntimeError("injected failure")
        return merge(po, pot, **options)

    monkeypatch.setattr(pipeline.update, "merge", failing_in_russian)
    with pytest.raises(RuntimeError, match="injected failure"):
        update(project)
    assert {path: path.read_bytes() for path in sorted(locales.rglob("*")) if path.is_file()} == before
    monkeypatch.setattr(pipeline.update, "merge", merge)
    update(project)  # once the error is gone, every file is brought up to date
    for path in (project.pot_path("sample"), project.po_path("de", "sample"), project.po_path("ru", "sample")):
        assert "A brand new paragraph" in path.read_text(encoding="utf-8"), path


def test_no_fuzzy_index_outlives_the_update(project):
    """A long-running process (serve) keeps no catalogue's messages in a
    fuzzy index once the update that made it is over."""
    import gc

    from pipeline.catalog.fuzzy import FuzzyIndex

    init(project, ["de", "ru"])
    _translate(project, "de")
    project.source_path("sample").write_text(EDITED, encoding="utf-8")
    update(project)
    assert "#, fuzzy" in project.po_path("de", "sample").read_text(encoding="utf-8")  # an index was made
    gc.collect()
    assert [thing for thing in gc.get_objects() if isinstance(thing, FuzzyIndex)] == []


def test_cli_update_names_the_catalogue_it_could_not_merge(project):
    from pipeline.cli import main
    import io

    init(project, ["de", "ru"])
    bad = project.po_path("ru", "sample")
    bad.write_text(bad.read_text(encoding="utf-8") + "\nstray\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["--project", str(project.root), "update"], stdout=out, stderr=err) == 1
    assert err.getvalue().startswith("booklet: error: locales/ru/LC_MESSAGES/sample.po:")
    assert err.getvalue().count("\n") == 1


HEADER_TR = '"Plural-Forms: nplurals=1; plural=0;\\n"'


def test_fix_headers_gives_the_cldr_rule_and_makes_plural_entries_fuzzy(make_project):
    root = make_project({"source/a.md": "Text.\n"}, languages=("tr",))
    project = load_project(root)
    init(project, ["tr"])
    path = project.po_path("tr", "a")
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'"Plural-Forms: [^"]*"', lambda _: HEADER_TR, text)
    text += '\nmsgid "one file"\nmsgid_plural "%d files"\nmsgstr[0] "%d dosya"\n'
    path.write_text(text, encoding="utf-8")
    update(project)  # without --fix-headers the translator's header is kept
    assert "nplurals=1; plural=0;" in path.read_text(encoding="utf-8")
    update(project, fix_headers=True)
    po = polib.pofile(str(path))
    assert same_rule(parse_header(po.metadata["Plural-Forms"]), expected_rule("tr"))
    run_tool("msgfmt", "--check", "-o", "/dev/null", str(path))
    assert update(project, fix_headers=True).written == []  # nothing more to fix


def test_fix_headers_keeps_forms_beyond_the_new_number(make_project):
    root = make_project({"source/a.md": "Text.\n"}, languages=("de",))
    project = load_project(root)
    init(project, ["de"])
    path = project.po_path("de", "a")
    three = '"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);\\n"'
    text = re.sub(r'"Plural-Forms: [^"]*"', lambda _: three, path.read_text(encoding="utf-8"))
    text += '\nmsgid "one"\nmsgid_plural "many"\nmsgstr[0] "eins"\nmsgstr[1] "zwei"\nmsgstr[2] "viele"\n'
    path.write_text(text, encoding="utf-8")
    update(project, fix_headers=True)
    # An old entry no longer in the template becomes obsolete: its forms stay with it.
    kept = path.read_text(encoding="utf-8")
    assert "viele" in kept and "zwei" in kept


def test_golden_template(make_project):
    """The .pot of a fixture document, byte for byte."""
    from pathlib import Path

    fixtures = Path(__file__).parent / "fixtures"
    root = make_project({"source/golden.md": (fixtures / "golden.md").read_text(encoding="utf-8")})
    project = load_project(root)
    extract(project)
    text = project.pot_path("golden").read_text(encoding="utf-8")
    expected = (fixtures / "golden.pot").read_text(encoding="utf-8")
    date_line = next(l for l in text.splitlines() if l.startswith('"POT-Creation-Date'))
    assert text == expected.replace('"POT-Creation-Date: DATE\\n"', date_line)
    assert run_tool("msgcat", str(project.pot_path("golden"))).stdout == text


def test_prune_obsolete_and_translation_memory(make_project):
    root = make_project({"source/one.md": ORIGINAL, "source/two.md": "Heading\n\nSomething new.\n"})
    project = load_project(root)
    init(project, ["de"])
    for domain in ("one",):
        path = project.po_path("de", domain)
        po = polib.pofile(str(path))
        for entry in po:
            entry.msgstr = GERMAN[entry.msgid]
        path.write_text(format_po(po), encoding="utf-8")
    project.source_path("one").write_text(EDITED, encoding="utf-8")
    update(project)
    two = polib.pofile(str(project.po_path("de", "two")))
    # "Heading" is translated in one.po: the memory fills it, not fuzzy as the context (none) matches
    assert two.find("Heading").msgstr == "Überschrift" and not two.find("Heading").fuzzy
    assert [e.msgid for e in polib.pofile(str(project.po_path("de", "one"))) if e.obsolete]
    update(project, prune_obsolete=True)
    assert not [e for e in polib.pofile(str(project.po_path("de", "one"))) if e.obsolete]


def _cli_update(project) -> tuple[int, str]:
    import io

    from pipeline.cli import main

    out, err = io.StringIO(), io.StringIO()
    return main(["--project", str(project.root), "update"], stdout=out, stderr=err), err.getvalue()


@pytest.mark.parametrize("parallel", [False, True], ids=["inline", "in-workers"])
def test_catalogue_saved_by_an_editor_during_update_is_kept(project, monkeypatch, parallel):
    """F6: a .po saved between update's read and its write is not replaced;
    the others are written and the command fails naming it."""
    import os

    import pipeline.parallel
    import pipeline.update

    if parallel:  # read in forked workers: what they read travels back as a digest
        monkeypatch.setattr(pipeline.parallel, "PARALLEL_BYTES", 0)
        monkeypatch.setattr(os, "cpu_count", lambda: 2)
    init(project, ["de", "ru"])
    project.source_path("sample").write_text(EDITED, encoding="utf-8")
    saved: list[bytes] = []
    merge_all = pipeline.update._merge_all

    def merge_then_the_translator_saves(*args):
        merged = list(merge_all(*args))  # every catalogue is read and merged by now
        _translate(project, "de")
        saved.append(project.po_path("de", "sample").read_bytes())
        return merged

    monkeypatch.setattr(pipeline.update, "_merge_all", merge_then_the_translator_saves)
    code, err = _cli_update(project)
    assert code == 1
    assert err.startswith("booklet: error: locales/de/LC_MESSAGES/sample.po: changed since it was read")
    assert "your version is kept" in err and "run the command again" in err and err.count("\n") == 1
    assert project.po_path("de", "sample").read_bytes() == saved[0]  # the translator's save
    for path in (project.po_path("ru", "sample"), project.pot_path("sample")):  # the others are written
        assert "A brand new paragraph" in path.read_text(encoding="utf-8"), path
    monkeypatch.setattr(pipeline.update, "_merge_all", merge_all)
    assert _cli_update(project) == (0, "")  # run again: merged, translations and all
    assert polib.pofile(str(project.po_path("de", "sample"))).find("Heading").msgstr == "Überschrift"


def test_read_only_catalogue_is_not_replaced(project):
    """F12: a rename ignores the target's mode; update must not."""
    import stat

    init(project, ["de", "ru"])
    project.source_path("sample").write_text(EDITED, encoding="utf-8")
    frozen, other = project.po_path("de", "sample"), project.po_path("ru", "sample")
    before = frozen.read_bytes()
    frozen.chmod(0o444)
    other.chmod(0o664)
    code, err = _cli_update(project)
    assert code == 1
    assert err.startswith("booklet: error: locales/de/LC_MESSAGES/sample.po: read-only: not replaced")
    assert err.count("\n") == 1
    assert frozen.read_bytes() == before and stat.S_IMODE(frozen.stat().st_mode) == 0o444
    assert "A brand new paragraph" in other.read_text(encoding="utf-8")
    assert stat.S_IMODE(other.stat().st_mode) == 0o664  # a catalogue written keeps its mode


def test_update_of_a_latin1_catalogue_is_msgmerge_then_msgconv(project, tmp_path):
    """A translation kept in ISO-8859-1 is merged as msgmerge merges it, and written in UTF-8."""
    init(project, ["de"])
    _translate(project)
    path = project.po_path("de", "sample")
    run_tool("msgconv", "-t", "ISO-8859-1", "-o", str(path), str(path))
    assert b"charset=ISO-8859-1" in path.read_bytes() and b"\xdc" in path.read_bytes()  # Ü in Latin-1
    old = tmp_path / "old.po"
    old.write_bytes(path.read_bytes())
    project.source_path("sample").write_text(EDITED, encoding="utf-8")
    update(project)
    merged = tmp_path / "merged.po"
    run_tool("msgmerge", "--previous", "--quiet", "-o", str(merged), str(old), str(project.pot_path("sample")))
    expected = run_tool("msgconv", "-t", "UTF-8", str(merged)).stdout
    assert path.read_text(encoding="utf-8") == expected
