"""booklet add-language LANG...: the configuration edited as a person would, every missing catalogue made, none overwritten."""
from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest

from tests.commands.test_check import booklet
from tests.conftest import REPO, run_tool

CONFIG = """\
# The project.
[project]
name = "sample"

[tool.booklet]
source-language = "en"  # English is the source
languages = [
  "de",  # German first
  "ru",  # then Russian
]  # more to come
formats = ["html"]   # web only

[tool.booklet.checks]
length = "off"
"""

# A catalogue as Weblate writes it (its header, its own wrapping of a long
# msgstr): booklet must keep these bytes, not rewrite them as msgcat would.
WEBLATE_PO = """\
# French translations for sample.
msgid ""
msgstr ""
"Project-Id-Version: sample\\n"
"Report-Msgid-Bugs-To: \\n"
"POT-Creation-Date: 2026-01-01 00:00+0000\\n"
"PO-Revision-Date: 2026-02-03 10:11+0000\\n"
"Last-Translator: Ana Lys <ana@example.org>\\n"
"Language-Team: French <https://hosted.weblate.org/projects/sample/a/fr/>\\n"
"Language: fr\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=n > 1;\\n"
"X-Generator: Weblate 5.9\\n"

#: source/a.md:1
msgid "Title"
msgstr "Titre"

#: source/a.md:3
msgid "Hello, and welcome to a paragraph long enough to be wrapped by any tool."
msgstr "Bonjour, et bienvenue dans un paragraphe assez long pour être "
"coupé par n'importe quel outil."
"""


def _project(tmp_path: Path, config: str = CONFIG) -> Path:
    (tmp_path / "source").mkdir(parents=True)
    (tmp_path / "source/a.md").write_text("# Title\n\nHello, and welcome to a paragraph long enough to be wrapped by any tool.\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(config, encoding="utf-8")
    return tmp_path


def _languages(root: Path) -> list[str]:
    return tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["booklet"]["languages"]


def test_a_language_goes_after_the_last_one_and_every_comment_stays(tmp_path: Path) -> None:
    root = _project(tmp_path)
    done = booklet("add-language", "fr", cwd=root)
    assert done.returncode == 0, done.stderr
    # the one change: a line for fr, in the array's layout (indent, trailing comma)
    assert (root / "pyproject.toml").read_text(encoding="utf-8") == CONFIG.replace(
        '  "ru",  # then Russian\n', '  "ru",  # then Russian\n  "fr",\n'
    )
    assert "added fr to [tool.booklet] languages" in done.stdout
    assert "wrote pyproject.toml" in done.stdout and "wrote locales/fr/LC_MESSAGES/a.po" in done.stdout
    for name in ("a.po", "templates.po"):  # GNU gettext reads what booklet made
        checked = run_tool("msgfmt", "--check", "-o", "/dev/null", str(root / "locales/fr/LC_MESSAGES" / name))
        assert checked.returncode == 0
    header = (root / "locales/fr/LC_MESSAGES/a.po").read_text(encoding="utf-8")
    assert '"Language: fr\\n"' in header and '"Plural-Forms: nplurals=' in header  # CLDR's rule, msgfmt checked it


def test_a_catalogue_weblate_made_is_kept_byte_for_byte_and_the_others_made(tmp_path: Path) -> None:
    root = _project(tmp_path)
    weblate = root / "locales/fr/LC_MESSAGES/a.po"
    weblate.parent.mkdir(parents=True)
    weblate.write_text(WEBLATE_PO, encoding="utf-8")
    before = weblate.read_bytes()
    done = booklet("add-language", "--json", "fr", cwd=root)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["added"] == ["fr"] and report["errors"] == []
    assert "pyproject.toml" in report["written"] and "locales/fr/LC_MESSAGES/templates.po" in report["written"]
    assert report["unchanged"] == ["locales/fr/LC_MESSAGES/a.po"]
    assert weblate.read_bytes() == before
    run_tool("msgfmt", "--check", "-o", "/dev/null", str(root / "locales/fr/LC_MESSAGES/templates.po"))
    assert _languages(root) == ["de", "ru", "fr"]


def test_running_it_again_changes_nothing(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert booklet("add-language", "fr", "pt-BR", cwd=root).returncode == 0
    assert _languages(root) == ["de", "ru", "fr", "pt_BR"]  # codes in the project's form
    files = {path: path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file() and ".booklet" not in str(path)}
    again = booklet("add-language", "--json", "pt_BR", "fr", cwd=root)
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert report["added"] == [] and report["written"] == []
    assert {path: path.read_bytes() for path in files} == files


def test_a_language_already_configured_gets_its_missing_catalogues(tmp_path: Path) -> None:
    root = _project(tmp_path)
    done = booklet("add-language", "ru", cwd=root)
    assert done.returncode == 0, done.stderr
    assert (root / "pyproject.toml").read_text(encoding="utf-8") == CONFIG
    assert (root / "locales/ru/LC_MESSAGES/a.po").is_file() and (root / "locales/ru/LC_MESSAGES/templates.po").is_file()
    assert not (root / "locales/de").exists()  # only the language asked for


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('languages = ["de", "ru"]  # two\n', 'languages = ["de", "ru", "fr", "it"]  # two\n'),
        ("languages = ['de']\n", "languages = ['de', 'fr', 'it']\n"),
        ("languages = []\n", 'languages = ["fr", "it"]\n'),
        ('languages = [\n    "de",\n    "ru"\n]\n', 'languages = [\n    "de",\n    "ru",\n    "fr",\n    "it"\n]\n'),
        ('languages = [\n  "de", "ru"]\n', 'languages = [\n  "de", "ru", "fr", "it"]\n'),
        ('languages = ["de", "ru",]\n', 'languages = ["de", "ru", "fr", "it",]\n'),
        ("", 'languages = ["fr", "it"]\n'),
    ],
    ids=["one-line", "single-quotes", "empty", "no-trailing-comma", "closing-on-the-last-line", "one-line-comma", "no-key"],
)
def test_the_array_keeps_its_layout(tmp_path: Path, before: str, after: str) -> None:
    config = '[project]\nname = "x"\n\n[tool.booklet]\n{}formats = ["html"]\n\n[tool.other]\nlanguages = ["xx"]\n'
    root = _project(tmp_path, config.format(before))
    done = booklet("add-language", "fr", "it", cwd=root)
    assert done.returncode == 0, done.stderr
    assert (root / "pyproject.toml").read_text(encoding="utf-8") == config.format(after)


def test_a_file_with_crlf_line_ends_keeps_them(tmp_path: Path) -> None:
    config = CONFIG.replace("\n", "\r\n")
    root = tmp_path
    _project(root, "")
    (root / "pyproject.toml").write_bytes(config.encode("utf-8"))
    done = booklet("add-language", "fr", "fr", cwd=root)  # a code given twice is added once
    assert done.returncode == 0, done.stderr
    assert (root / "pyproject.toml").read_bytes().decode("utf-8") == config.replace(
        '  "ru",  # then Russian\r\n', '  "ru",  # then Russian\r\n  "fr",\r\n'
    )


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("de-AT", "did you mean 'de'"),  # near one of the project's
        ("en", "is the source language"),
        ("xx-YY", "is not a known locale"),
        ("fr;rm", "is not a locale code"),
    ],
)
def test_a_wrong_code_is_one_line_and_nothing_is_written(tmp_path: Path, code: str, message: str) -> None:
    root = _project(tmp_path)
    done = booklet("add-language", "fr", code, cwd=root)
    assert done.returncode == 2 and message in done.stderr, done.stderr
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
    assert (root / "pyproject.toml").read_text(encoding="utf-8") == CONFIG and not (root / "locales").exists()


def test_a_configuration_booklet_cannot_edit_safely_is_left_as_it_is(tmp_path: Path) -> None:
    # the table written inline: no [tool.booklet] header to find the array under
    config = '[project]\nname = "x"\n\n[tool]\nbooklet = { languages = ["de"], formats = ["html"] }\n'
    root = _project(tmp_path, config)
    done = booklet("add-language", "fr", cwd=root)
    assert done.returncode == 1 and done.stderr.startswith("booklet: error: pyproject.toml: "), done.stderr
    assert "Traceback" not in done.stderr
    assert (root / "pyproject.toml").read_text(encoding="utf-8") == config and not (root / "locales").exists()


def test_init_add_is_the_same_command(tmp_path: Path) -> None:
    one, other = _project(tmp_path / "one"), _project(tmp_path / "other")
    assert booklet("add-language", "--json", "fr", cwd=one).stdout == booklet("init", "--add", "--json", "fr", cwd=other).stdout
    assert (one / "pyproject.toml").read_bytes() == (other / "pyproject.toml").read_bytes()


def test_a_book_and_a_document_each_get_their_catalogue(tmp_path: Path) -> None:
    root = tmp_path / "tidebook"
    shutil.copytree(REPO / "tests/fixtures/tidebook", root)
    (root / "source/notes.md").write_text("# Notes\n\nA document beside the book.\n", encoding="utf-8")
    done = booklet("add-language", "--json", "pt-BR", cwd=root)
    assert done.returncode == 0, done.stderr
    made = sorted(path.name for path in (root / "locales/pt_BR/LC_MESSAGES").iterdir())
    assert made == ["guide.po", "notes.po", "templates.po"]
    for name in made:
        run_tool("msgfmt", "--check", "-o", "/dev/null", str(root / "locales/pt_BR/LC_MESSAGES" / name))
    assert _languages(root) == ["de", "ar", "ja", "fa", "pt_BR"]
    assert (root / "locales/de/LC_MESSAGES/guide.po").read_bytes() == (REPO / "tests/fixtures/tidebook/locales/de/LC_MESSAGES/guide.po").read_bytes()
