"""booklet check FILE.po...: any catalogue, in a project or not, run as users run it; selection and output formats."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, run_tool


def booklet(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The installed ``booklet`` command (``python -m pipeline`` where no script is installed)."""
    script = Path(sys.executable).with_name("booklet")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "pipeline"]
    env = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    return subprocess.run([*command, *args], cwd=cwd, capture_output=True, text=True, check=False, env=env)


def catalogue(entries: str, *, language: str | None = "de", plural_forms: str | None = None) -> str:
    """A catalogue's text: a header (``Language`` if given) and ``entries``."""
    header = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"']
    if language is not None:
        header.append(f'"Language: {language}\\n"')
    if plural_forms is not None:
        header.append(f'"Plural-Forms: {plural_forms}\\n"')
    return "\n".join(header) + "\n\n" + entries


#: Valid for GNU msgfmt --check, but with a quotation that is never closed (its msgstr on line 7).
UNCLOSED = 'msgid "The “Black January” of 1990."\nmsgstr "Der „Schwarze Januar von 1990."\n'
#: Two plural forms: right for German, wrong for Russian (three).
PLURAL = 'msgid "%d victim"\nmsgid_plural "%d victims"\nmsgstr[0] "%d"\nmsgstr[1] "%d"\n'


def lines(result: subprocess.CompletedProcess) -> list[str]:
    return result.stdout.splitlines()


def msgfmt_accepts(path: Path) -> bool:
    return run_tool("msgfmt", "--check-format", "--check-domain", "-o", os.devnull, str(path), check=False).returncode == 0


# --- outside a project ------------------------------------------------------------


def test_a_lone_catalogue_outside_any_project(tmp_path: Path) -> None:
    path = tmp_path / "from-the-agency.po"
    path.write_text(catalogue(UNCLOSED), encoding="utf-8")
    assert msgfmt_accepts(path)  # GNU finds nothing wrong: the check adds to it
    result = booklet("check", path.name, cwd=tmp_path)
    assert result.returncode == 0, result.stderr  # a warning
    assert lines(result) == [
        "from-the-agency.po:7: warning [quotes] unbalanced quotes: „ is never closed (the source's are balanced)"
    ]
    assert result.stderr == "0 error(s), 1 warning(s)\n"
    assert "\x1b[" not in result.stdout + result.stderr  # no colour off a terminal


def test_outside_a_project_files_are_needed(tmp_path: Path) -> None:
    """In a Python repository that is no booklet project (its pyproject.toml
    has no [tool.booklet]), a file is checked; without files, check says
    there is no project, as every other command does."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "app"\n', encoding="utf-8")
    (tmp_path / "de.po").write_text(catalogue(UNCLOSED), encoding="utf-8")
    assert checks_of(booklet("check", "de.po", cwd=tmp_path)) == ["quotes"]
    result = booklet("check", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("booklet: error: ") and "[tool.booklet]" in result.stderr


def test_the_language_comes_from_the_header(tmp_path: Path) -> None:
    for language, plurals_error in (("ru", True), ("de", False)):
        path = tmp_path / "messages.po"
        path.write_text(catalogue(PLURAL, language=language), encoding="utf-8")
        result = booklet("check", "--only", "plurals", "messages.po", cwd=tmp_path)
        assert (result.returncode == 1) == plurals_error, result.stdout + result.stderr
        assert ("[plurals] ru has 3 plural forms" in result.stdout) == plurals_error


def test_without_a_header_the_language_comes_from_the_path(tmp_path: Path) -> None:
    folder = tmp_path / "locales" / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "a.po").write_text(catalogue(PLURAL, language=None), encoding="utf-8")
    (tmp_path / "ru.po").write_text(catalogue(PLURAL, language=None), encoding="utf-8")  # a GNU package's po/ru.po
    result = booklet("check", "--only", "plurals", "locales/ru/LC_MESSAGES/a.po", "ru.po", cwd=tmp_path)
    assert [line.split(" [")[1].split("]")[0] for line in lines(result)] == ["plurals", "plurals"]
    assert "ru has 3 plural forms" in result.stdout


@pytest.mark.parametrize(
    ("folder", "language"),
    [("zh_CN", "zh_CN"), ("sr@latin", "sr@latin"), ("zh_TW.Big5", "zh_TW.Big5"), ("cak", "cak"), ("zh_Hans", "zh_CN")],
)
def test_gettext_locale_names_in_their_own_folders(tmp_path: Path, folder: str, language: str) -> None:
    """As Sphinx and Django ship them: codes as written (not as Babel would
    respell zh_CN), with a modifier or codeset, a folder that spells the same
    language otherwise (Django's zh_Hans); a language CLDR does not know
    (Kaqchikel) is checked all the same."""
    folder = tmp_path / folder / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "sphinx.po").write_text(catalogue(UNCLOSED.replace("Der", "Le"), language=language), encoding="utf-8")
    result = booklet("check", "--skip", "length", str(folder / "sphinx.po"), cwd=tmp_path)
    assert checks_of(result) == ["quotes"], result.stdout
    assert result.returncode == 0


def test_no_language_at_all_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "messages.po").write_text(catalogue(UNCLOSED, language=None), encoding="utf-8")
    result = booklet("check", "messages.po", cwd=tmp_path)
    assert result.returncode == 1
    assert lines(result) == [
        'messages.po:3: error [read] no Language header, and the file\'s path names no language (hint: add "Language: de\\n"'
        " (the right code) to the header, or keep the file as locales/<lang>/LC_MESSAGES/<name>.po)"
    ]


def test_a_header_that_contradicts_its_folder_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "a.po").write_text(catalogue(UNCLOSED, language="de"), encoding="utf-8")
    result = booklet("check", "ru/LC_MESSAGES/a.po", cwd=tmp_path)
    assert result.returncode == 1
    assert lines(result) == [
        "ru/LC_MESSAGES/a.po:4: error [read] the header says Language: de, but the catalogue is in the folder of 'ru'"
    ]


def test_a_bad_file_among_good_ones_is_one_finding_and_the_others_are_checked(tmp_path: Path) -> None:
    (tmp_path / "good.po").write_text(catalogue(UNCLOSED), encoding="utf-8")
    (tmp_path / "broken.po").write_text(catalogue('msgid "Text"\nmsgstr "Text\n'), encoding="utf-8")
    (tmp_path / "latin1.po").write_bytes(catalogue('msgid "a"\nmsgstr "b"\n').encode() + b'\nmsgid "x"\nmsgstr "\xe9"\n')
    (tmp_path / "later.po").write_text(catalogue('msgid "Eight."\nmsgstr "9."\n'), encoding="utf-8")
    assert msgfmt_accepts(tmp_path / "good.po") and msgfmt_accepts(tmp_path / "later.po")
    assert not msgfmt_accepts(tmp_path / "broken.po")  # GNU refuses it too
    result = booklet("check", "good.po", "broken.po", "missing.po", "latin1.po", "later.po", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert lines(result)[:4] == [
        "good.po:7: warning [quotes] unbalanced quotes: „ is never closed (the source's are balanced)",
        "broken.po:7: error [read] unterminated or malformed string",
        "missing.po: error [read] no such catalogue",
        "latin1.po:10: error [read] not valid UTF-8",
    ]
    assert lines(result)[4:] and all(line.startswith("later.po:7: error [figures] ") for line in lines(result)[4:])


def test_a_template_is_named_as_such(tmp_path: Path) -> None:
    (tmp_path / "a.pot").write_text(catalogue('msgid "Text"\nmsgstr ""\n', language=None), encoding="utf-8")
    result = booklet("check", "a.pot", cwd=tmp_path)
    assert result.returncode == 1
    assert lines(result) == ["a.pot: error [read] a template (.pot) has no translations to check (hint: give its .po files)"]


# --- selection --------------------------------------------------------------------


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """A German catalogue with an error (figures) and warnings (quotes, brackets, newlines, untranslated)."""
    entries = (
        UNCLOSED  # quotes, line 7
        + '\nmsgid "147 people (in Baku)."\nmsgstr "148 Menschen (in Baku."\n'  # figures x2 and brackets, line 10
        + '\nmsgid "Contents"\nmsgstr "Inhalt\\n"\n'  # newlines, line 13
        + '\nmsgid "Not yet"\nmsgstr ""\n'  # untranslated, line 16
    )
    path = tmp_path / "de.po"
    path.write_text(catalogue(entries), encoding="utf-8")
    return path


def checks_of(result: subprocess.CompletedProcess) -> list[str]:
    return [line.split("[", 1)[1].split("]", 1)[0] for line in lines(result)]


def test_everything_by_default(mixed: Path) -> None:
    result = booklet("check", mixed.name, cwd=mixed.parent)
    assert checks_of(result) == ["quotes", "figures", "figures", "brackets", "newlines", "untranslated"]
    assert result.returncode == 1


def test_only_and_skip(mixed: Path) -> None:
    result = booklet("check", "--only", "quotes,brackets", "--only", "newlines", mixed.name, cwd=mixed.parent)
    assert checks_of(result) == ["quotes", "brackets", "newlines"]
    assert result.returncode == 0  # the error was not selected
    assert result.stderr == "0 error(s), 3 warning(s)\n"
    result = booklet("check", "--strict", "--only", "quotes", mixed.name, cwd=mixed.parent)
    assert result.returncode == 1  # a selected warning, made an error
    result = booklet("check", "--skip", "untranslated,figures", mixed.name, cwd=mixed.parent)
    assert checks_of(result) == ["quotes", "brackets", "newlines"]


def test_severity_is_a_minimum(mixed: Path) -> None:
    result = booklet("check", "--severity", "error", mixed.name, cwd=mixed.parent)
    assert checks_of(result) == ["figures", "figures"] and result.returncode == 1
    result = booklet("check", "--severity", "warning", mixed.name, cwd=mixed.parent)
    assert len(checks_of(result)) == 6


def test_an_unreadable_file_is_reported_whatever_the_selection(mixed: Path) -> None:
    (mixed.parent / "broken.po").write_text(catalogue('msgid "Text"\nmsgstr "Text\n'), encoding="utf-8")
    result = booklet("check", "--only", "quotes", mixed.name, "broken.po", cwd=mixed.parent)
    assert checks_of(result) == ["quotes", "read"] and result.returncode == 1
    result = booklet("check", "--skip", "read", mixed.name, cwd=mixed.parent)
    assert result.returncode == 2 and "always reported" in result.stderr


@pytest.mark.parametrize(
    ("option", "wrong", "near"),
    [("--only", "quote", "quotes"), ("--skip", "untranslatd", "untranslated"), ("--only", "not-in-templat", "not-in-template")],
)
def test_an_unknown_check_name_gets_a_did_you_mean(mixed: Path, option: str, wrong: str, near: str) -> None:
    result = booklet("check", option, f"figures,{wrong}", mixed.name, cwd=mixed.parent)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"booklet: error: {option}: {wrong!r} is not a check; did you mean {near!r}?")
    assert result.stderr.count("\n") == 1


# --- output formats ------------------------------------------------------------------


def test_json_and_its_older_spelling(mixed: Path) -> None:
    as_format = booklet("check", "--format", "json", mixed.name, cwd=mixed.parent)
    as_flag = booklet("check", "--json", mixed.name, cwd=mixed.parent)
    assert as_format.stdout == as_flag.stdout and as_format.returncode == as_flag.returncode == 1
    report = json.loads(as_format.stdout)
    assert [(item["path"], item["line"], item["language"], item["check"]) for item in report][:2] == [
        ("de.po", 7, "de", "quotes"),
        ("de.po", 10, "de", "figures"),
    ]
    assert report[1]["key"].startswith("figures:") and report[0]["key"] is None
    result = booklet("check", "--json", "--format", "github", mixed.name, cwd=mixed.parent)
    assert result.returncode == 2 and "--json is --format json" in result.stderr


def test_github_annotations(mixed: Path) -> None:
    result = booklet("check", "--format", "github", "--only", "quotes,figures", mixed.name, cwd=mixed.parent)
    annotations = lines(result)
    assert annotations[0] == (
        "::warning file=de.po,line=7,title=booklet check [quotes]::unbalanced quotes: „ is never closed (the source's are balanced)"
    )
    assert annotations[1].startswith("::error file=de.po,line=10,title=booklet check [figures]::number(s) 147 of the source missing")
    assert result.returncode == 1


def test_github_annotations_escape_what_would_end_the_command(tmp_path: Path) -> None:
    """A comma or colon in a property, a newline in a message, would cut the
    annotation short where the runner reads it (actions/toolkit's escaping)."""
    (tmp_path / "a,b:c.po").write_text(catalogue('msgid "Text"\nmsgstr "Text\n'), encoding="utf-8")
    result = booklet("check", "--format", "github", "a,b:c.po", cwd=tmp_path)
    assert lines(result) == [
        "::error file=a%2Cb%3Ac.po,line=7,title=booklet check [read]::unterminated or malformed string"
    ]


def test_help_describes_every_option(tmp_path: Path) -> None:
    result = booklet("check", "--help", cwd=tmp_path)
    assert result.returncode == 0
    for option in ("FILE.po", "--only", "--skip", "--severity", "--format", "--json", "--strict", "--lang"):
        assert option in result.stdout
    assert "not-in-template" in result.stdout and "quotes" in result.stdout


# --- inside a project ---------------------------------------------------------------------


def _project(make_project, extra: str = "") -> Path:
    root = make_project({"source/a.md": "# Title\n\nThe “Black January” of 1990.\n"}, languages=("de",), extra=extra)
    assert booklet("init", "de", cwd=root).returncode == 0
    path = root / "locales/de/LC_MESSAGES/a.po"
    text = path.read_text(encoding="utf-8").replace(
        'msgid "Title"\nmsgstr ""', 'msgid "Title"\nmsgstr "Titel"'
    ).replace('msgid "The “Black January” of 1990."\nmsgstr ""', 'msgid "The “Black January” of 1990."\nmsgstr "Der „Schwarze Januar von 1990."')
    # What an XLIFF round trip does to an obsolete entry: it comes back live.
    path.write_text(text + '\nmsgid "A paragraph the source lost."\nmsgstr "Ein Absatz, den die Quelle verlor."\n', encoding="utf-8")
    assert msgfmt_accepts(path)
    return root


def test_in_a_project_files_get_its_template_and_levels(make_project) -> None:
    root = _project(make_project, '\n[tool.booklet.checks]\nquotes = "error"\n')
    result = booklet("check", "locales/de/LC_MESSAGES/a.po", cwd=root)
    found = {line.split(": ", 1)[1].split("]")[0] for line in lines(result)}
    assert found == {"error [quotes", "warning [not-in-template"}
    assert result.returncode == 1  # the project made quotes an error
    stale = next(line for line in lines(result) if "not-in-template" in line)
    assert "not in locales/a.pot" in stale and "booklet update" in stale
    assert stale.startswith(f"locales/de/LC_MESSAGES/a.po:{_line_of(root / 'locales/de/LC_MESSAGES/a.po', 'A paragraph')}:")
    # From the catalogue's own folder: the project is found up the tree, the file shown as typed.
    result = booklet("check", "a.po", cwd=root / "locales/de/LC_MESSAGES")
    assert {line.split(" [")[1].split("]")[0] for line in lines(result)} == {"quotes", "not-in-template"}
    assert all(line.startswith("a.po:") for line in lines(result))


def test_the_whole_project_is_compared_with_its_templates(make_project) -> None:
    root = _project(make_project)
    result = booklet("check", "--skip", "untranslated", cwd=root)  # templates.po is not translated
    assert sorted(checks_of(result)) == ["not-in-template", "quotes"]
    assert result.returncode == 0
    assert booklet("update", cwd=root).returncode == 0  # the stale entry becomes obsolete (#~)
    assert checks_of(booklet("check", "--skip", "untranslated", cwd=root)) == ["quotes"]


def test_a_file_from_elsewhere_is_not_the_projects(make_project, tmp_path: Path) -> None:
    root = _project(make_project, '\n[tool.booklet.checks]\nquotes = "error"\n')
    elsewhere = tmp_path / "elsewhere" / "a.po"
    elsewhere.parent.mkdir()
    elsewhere.write_text((root / "locales/de/LC_MESSAGES/a.po").read_text(encoding="utf-8"), encoding="utf-8")
    result = booklet("check", "--skip", "untranslated", str(elsewhere), cwd=root)
    assert checks_of(result) == ["quotes"] and result.returncode == 0  # its own level, and no template
    assert "warning [quotes]" in result.stdout


def test_lang_is_for_the_projects_catalogues_not_files(make_project) -> None:
    root = _project(make_project)
    result = booklet("check", "--lang", "de", "locales/de/LC_MESSAGES/a.po", cwd=root)
    assert result.returncode == 2 and "Language header" in result.stderr


def _line_of(path: Path, text: str) -> int:
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if text in line)


def test_the_publication_passes_with_no_new_findings() -> None:
    """The first publication's catalogues, checked as files and as a project:
    no error, and nothing from the checks of #18 (quotes, brackets, newlines,
    not-in-template) where a reader would see nothing wrong."""
    files = sorted(str(path.relative_to(REPO)) for path in (REPO / "locales").glob("*/LC_MESSAGES/*.po"))
    for args in ([], files):
        result = booklet("check", "--format", "json", *args, cwd=REPO)
        assert result.returncode == 0, result.stdout
        report = json.loads(result.stdout)
        assert [item for item in report if item["severity"] == "error"] == []
        assert [item for item in report if item["check"] in ("quotes", "brackets", "newlines", "not-in-template")] == []
