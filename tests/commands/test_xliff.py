"""booklet xliff export / import, run as users run them, on a copy of the repo's project and generated catalogues."""
from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pipeline.catalog.pofile import format_po, parse_po
from pipeline.catalog.xliff import NAMESPACE
from tests.catalog.generate import random_case
from tests.catalog.test_xliff import blank, canonical, check_core_schema
from tests.commands.test_check import booklet
from tests.conftest import REPO, run_tool

X = f"{{{NAMESPACE}}}"

#: A German catalogue with every kind of entry gettext has, valid for msgfmt --check.
EVERYTHING = """\
# German translation.
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: de\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

# checked with the author
#. a heading
#: source/black-january.md:3
#, fuzzy, python-format
#| msgctxt "title"
#| msgid "Old %(year)s"
msgctxt "heading"
msgid "New %(year)s"
msgstr "Neu %(year)s"

#
#: templates/page.html.j2:4
#, python-format
msgid "%(n)d victim"
msgid_plural "%(n)d victims"
msgstr[0] "%(n)d Opfer"
msgstr[1] "%(n)d Opfer"

msgctxt "menu"
msgid "Open"
msgstr "Öffnen"

msgid "Open"
msgstr ""

#~ msgctxt "menu"
#~ msgid "Close"
#~ msgstr "Schließen"

#, fuzzy
#~| msgid "Print it"
#~ msgid "Print"
#~ msgstr "Drucken"
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The repo's project (its configuration, sources and every catalogue), plus
    catalogues with plurals, contexts, obsolete and fuzzy entries and #| lines."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    for folder in ("source", "locales", "templates"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, root / folder)
    german = root / "locales" / "de" / "LC_MESSAGES"
    (german / "everything.po").write_bytes(canonical(EVERYTHING.encode()))
    for seed in (3, 7, 11, 19, 23):
        data = canonical(random_case(seed)[0])
        po = parse_po(data, "x.po")
        po.metadata["Language"] = "de"  # the folder's language, as read_catalogue wants
        (german / f"generated-{seed}.po").write_bytes(canonical(format_po(po, lone_header=True).encode()))
    return root


def catalogues(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.glob("locales/*/LC_MESSAGES/*.po"))}


def one_error_line(result) -> str:
    assert result.returncode == 1, result
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_the_translations_come_back_byte_for_byte(project: Path):
    before = catalogues(project)
    assert any(b"msgid_plural" in data and b"#~ msgid" in data and b"#| msgid" in data for data in before.values())
    exported = booklet("xliff", "export", "-o", "xl", "--json", cwd=project)
    assert exported.returncode == 0, exported.stderr
    written = json.loads(exported.stdout)["written"]
    assert sorted(Path(p).name for p in written) == ["ar.xlf", "az.xlf", "de.xlf", "ru.xlf", "tr.xlf"]
    for name, data in before.items():  # the translator's tool has the only copy of the translations now
        (project / name).write_bytes(format_po(blank(data, obsolete=False), lone_header=True).encode())
    assert catalogues(project) != before
    result = booklet("xliff", "import", *sorted(str(p) for p in (project / "xl").glob("*.xlf")), cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith(f"{len(before)} file(s) written, 0 unchanged\n")
    assert catalogues(project) == before
    for name in before:
        if not name.rpartition("/")[2].startswith("generated"):  # generated ones have random format flags
            run_tool("msgfmt", "--check", "-o", os.devnull, str(project / name))


def test_every_file_follows_the_core_schema_and_names_its_catalogues(project: Path):
    assert booklet("xliff", "export", "--lang", "de", cwd=project).returncode == 0
    files = sorted((project / "output" / "xliff").iterdir())
    assert [path.name for path in files] == ["de.xlf"]
    root = ET.parse(files[0]).getroot()
    check_core_schema(root)
    originals = [file.get("original") for file in root.iter(X + "file")]
    assert originals == sorted(f"locales/de/LC_MESSAGES/{p.name}" for p in (project / "locales/de/LC_MESSAGES").glob("*.po"))
    again = booklet("xliff", "export", "--lang", "de", "--json", cwd=project)
    assert json.loads(again.stdout)["unchanged"] == ["output/xliff/de.xlf"]  # the same bytes: not rewritten


def edited_export(project: Path, edit) -> Path:
    """de.xlf after ``edit(text)``."""
    assert booklet("xliff", "export", "--lang", "de", "-o", "xl", cwd=project).returncode == 0
    path = project / "xl" / "de.xlf"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def translate_everything(text: str) -> str:
    """Every untranslated unit given a target: an import that would change catalogues."""
    return text.replace("</source>\n      </segment>", "</source>\n        <target>X</target>\n      </segment>")


def test_a_translator_fills_in_what_was_missing(project: Path):
    path = edited_export(project, translate_everything)
    result = booklet("xliff", "import", str(path), "--json", cwd=project)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert "locales/de/LC_MESSAGES/everything.po" in report["written"] and report["errors"] == []
    text = (project / "locales/de/LC_MESSAGES/everything.po").read_text(encoding="utf-8")
    assert 'msgid "Open"\nmsgstr "X"' in text
    run_tool("msgfmt", "--check", "-o", os.devnull, str(project / "locales/de/LC_MESSAGES/everything.po"))


@pytest.mark.parametrize(
    "edit,message",
    [
        (lambda text: text.replace("</file>", "", 1), "not well-formed XML: mismatched tag"),
        (
            lambda text: text.replace('<?xml version="1.0" encoding="UTF-8"?>\n', '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'),
            "a DOCTYPE or entity declaration: refused",
        ),
        (lambda text: translate_everything(text).replace("Öffnen", "Auf").replace("Open", "Opened", 1), "its source differs from its entry in"),
        (lambda text: translate_everything(text).replace("locales/de/LC_MESSAGES/everything.po", "../../../etc/passwd"), "not a catalogue of this project"),
        (lambda text: translate_everything(text).replace('trgLang="de"', 'trgLang="ru"'), "but the file's trgLang is 'ru'"),
    ],
    ids=["malformed", "xxe", "changed-source", "outside", "language"],
)
def test_a_refused_file_leaves_every_catalogue_as_it_was(project: Path, edit, message: str):
    path = edited_export(project, edit)
    before = catalogues(project)
    line = one_error_line(booklet("xliff", "import", str(path.relative_to(project)), cwd=project))
    assert line.startswith("booklet: error: xl/de.xlf:") and message in line, line
    number = int(line.split(":")[3])
    assert number > 1
    assert catalogues(project) == before


def test_a_source_changed_since_the_export_is_refused(project: Path):
    path = edited_export(project, translate_everything)
    catalogue = project / "locales/de/LC_MESSAGES/everything.po"
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace('msgid "Open"\nmsgstr ""', 'msgid "Open it"\nmsgstr ""'), encoding="utf-8")
    before = catalogues(project)
    line = one_error_line(booklet("xliff", "import", str(path), cwd=project))
    assert "its source is no longer in locales/de/LC_MESSAGES/everything.po" in line and "export again" in line
    unit = int(line.split(":")[3])
    assert "<unit id=" in path.read_text(encoding="utf-8").splitlines()[unit - 1]
    assert catalogues(project) == before


def test_a_read_only_catalogue_stops_the_import_before_any_is_written(project: Path):
    path = edited_export(project, translate_everything)
    locked = project / "locales/de/LC_MESSAGES/everything.po"
    locked.chmod(0o444)
    before = catalogues(project)
    line = one_error_line(booklet("xliff", "import", str(path), cwd=project))
    assert line == (
        "booklet: error: locales/de/LC_MESSAGES/everything.po: read-only: no catalogue was written, every one is as "
        "it was (hint: make it writable (chmod u+w) and import again)"
    )
    assert catalogues(project) == before
    locked.chmod(0o644)
    assert booklet("xliff", "import", str(path), cwd=project).returncode == 0
    assert catalogues(project) != before


def test_an_empty_target_is_a_warning_and_the_translation_stays(project: Path):
    path = edited_export(project, lambda text: text.replace("<target>Öffnen</target>", "<target></target>"))
    before = catalogues(project)
    result = booklet("xliff", "import", str(path.relative_to(project)), cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("xl/de.xlf:")
    assert result.stdout.splitlines()[0].endswith(": no target; the catalogue's translation is kept")
    assert catalogues(project) == before


def test_a_missing_file_and_a_wrong_language_are_one_line_each(project: Path):
    line = one_error_line(booklet("xliff", "import", "nowhere.xlf", cwd=project))
    assert line == "booklet: error: nowhere.xlf: cannot read: No such file or directory"
    result = booklet("xliff", "export", "--lang", "fr", cwd=project)
    assert result.returncode == 2 and "not one of the project's languages" in result.stderr


def test_a_mistyped_action_gets_a_did_you_mean(project: Path):
    result = booklet("xliff", "exprot", cwd=project)
    assert result.returncode == 2
    assert result.stderr == "booklet: error: unknown command 'exprot'; did you mean 'export'? (see booklet xliff --help)\n"
    assert booklet("xliff", "export", "--project", str(project), "--lang", "de", cwd=project.parent).returncode == 0
