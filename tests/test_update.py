"""init / update scenarios, with GNU msgmerge and msgfmt as oracles."""
from __future__ import annotations

import polib
import pytest

from pipeline.catalog.pofile import format_po
from pipeline.config import load_project
from pipeline.errors import CatalogError, UsageError
from pipeline.update import extract, init, update

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
    assert po.metadata["Plural-Forms"].startswith("nplurals=3; plural=(n%10==1")
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["Project-Id-Version"] == "sample 1.0"
    assert [e.msgid for e in po] == list(GERMAN)
    assert po.find("Heading").comment == "heading"
    assert po.find("Heading").occurrences == [("source/sample.md", "5")]
    for language in ("de", "ru"):
        for domain in ("sample", "templates"):
            run_tool("msgfmt", "--check", "-o", "/dev/null", str(project.po_path(language, domain)))


def test_init_refuses_to_overwrite_and_unknown_languages(project):
    init(project, ["de"])
    before = project.po_path("de", "sample").read_bytes()
    with pytest.raises(CatalogError, match="exists already"):
        init(project, ["de"])
    with pytest.raises(UsageError, match="'fr' is not in"):
        init(project, ["fr"])
    assert project.po_path("de", "sample").read_bytes() == before


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
def test_malformed_catalogue_stops_update_and_changes_nothing(project, monkeypatch, parallel):
    import os

    import pipeline.parallel

    if parallel:  # the languages are read and merged in forked workers
        monkeypatch.setattr(pipeline.parallel, "PARALLEL_BYTES", 0)
        monkeypatch.setattr(os, "cpu_count", lambda: 2)
    init(project, ["de", "ru"])
    bad = project.po_path("ru", "sample")
    bad.write_text(bad.read_text(encoding="utf-8") + '\nmsgid "unterminated\nmsgstr ""\n', encoding="utf-8")
    project.source_path("sample").write_text(EDITED, encoding="utf-8")
    files = sorted(project.locales_dir.rglob("*.po*"))
    before = {p: p.read_bytes() for p in files}
    with pytest.raises(CatalogError, match=r"locales/ru/LC_MESSAGES/sample.po:\d+: unterminated"):
        update(project)
    assert {p: p.read_bytes() for p in files} == before


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
