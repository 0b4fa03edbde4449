"""booklet import, run as users run it: a catalogue of another tool in, then a build that publishes its translations."""
from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest

from tests.commands.test_check import booklet
from tests.test_importer import FOREIGN, FOREIGN_CP1251, make_tidebook


@pytest.fixture
def tidebook(tmp_path: Path) -> Path:
    return make_tidebook(tmp_path / "tidebook")


def test_import_then_build_publishes_the_translations(tidebook: Path):
    result = booklet("import", "--lang", "ru", str(FOREIGN_CP1251), "--json", cwd=tidebook)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    # (the templates too: the book has a new chapter, the project a new language)
    assert report["written"] == ["locales/guide.pot", "locales/templates.pot", "locales/ru/LC_MESSAGES/guide.po", "locales/ru/LC_MESSAGES/templates.po"]
    assert report["errors"] == [] and report["conflicts"] == []
    assert set(report["imported"]) == {"exact", "fuzzy", "memory", "skipped", "conflicts"}
    assert [w.split(": warning: ")[0] for w in report["warnings"]] == [f"{FOREIGN_CP1251}:16"]

    result = booklet("build", "--lang", "ru", "--format", "html", cwd=tidebook)
    assert result.returncode == 0, result.stderr
    pages = tidebook / "output" / "html" / "ru" / "guide"

    def text(page: str) -> str:  # the typography's no-break spaces read as spaces
        return (pages / page).read_text(encoding="utf-8").replace("\N{NO-BREAK SPACE}", " ").replace("\N{NARROW NO-BREAK SPACE}", " ")

    shore = text("shore.html")
    # The file's inline links, where the source has reference links, published as links.
    assert '<a href="https://weather.example.org/coast" title="Coastal forecast">прогноз погоды</a>' in shore
    assert "<em>когда</em>" in shore
    preface = text("preface.html")
    assert '<a href="basics/tides.html#low-water">читать прилив</a>' in preface
    # What the file calls fuzzy is not published.
    thanks = text("thanks.html")
    assert "Thanks to everyone who walked the shore with us." in thanks and "Спасибо всем" not in thanks


def test_the_text_report_and_a_second_run(tidebook: Path):
    result = booklet("import", "--lang", "ru", str(FOREIGN), cwd=tidebook)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    catalogue = polib.pofile(str(tidebook / "locales" / "ru" / "LC_MESSAGES" / "guide.po"))
    done = sum(1 for e in catalogue if e.translated())
    assert lines[0].startswith(f"{done} translated, {len(catalogue.fuzzy_entries())} fuzzy, ")
    assert "wrote locales/ru/LC_MESSAGES/guide.po" in lines
    again = booklet("import", "--lang", "ru", str(FOREIGN), cwd=tidebook)
    assert again.returncode == 0 and again.stdout.splitlines()[0].startswith("0 translated, 0 fuzzy, 0 kept")
    assert again.stdout.splitlines()[-1].endswith("0 file(s) written, 4 unchanged")


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["import", str(FOREIGN)], 2, "--lang"),
        (["import", "--lang", "rus", str(FOREIGN)], 2, "not one of the project's languages"),
        (["import", "--lang", "ru", "missing.po"], 1, "missing.po: no such catalogue"),
        (["import", "--lang", "de", str(FOREIGN)], 1, f"{FOREIGN}:12: the header says Language: ru, not de"),
    ],
)
def test_bad_use_is_one_line(tidebook: Path, args: list[str], code: int, says: str):
    result = booklet(*args, cwd=tidebook)
    assert result.returncode == code
    assert says in result.stderr and len(result.stderr.splitlines()) == 1, result.stderr
    assert not (tidebook / "locales" / "ru").exists()
