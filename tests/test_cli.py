"""The booklet command: --help everywhere, one-line errors, exit codes, --json."""
from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys

import pytest

from pipeline.cli import main

COMMANDS = ["extract", "init", "update", "build"]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("command", [[]] + [[c] for c in COMMANDS])
def test_help(command):
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", *command, "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.startswith("usage: booklet")


def test_usage_errors_exit_2_in_one_line(tmp_path):
    code, _, err = run("frobnicate")
    assert code == 2 and err.count("\n") == 1 and err.startswith("booklet: error:")
    code, _, err = run("--project", str(tmp_path), "build")
    assert code == 1 and "no pyproject.toml here" in err and "Traceback" not in err


def test_bad_language_is_a_clear_error(make_project):
    root = make_project({"source/a.md": "Text.\n"})
    code, _, err = run("--project", str(root), "init", "xx")
    assert code == 2 and err == "booklet: error: 'xx' is not a known locale\n"
    code, _, err = run("--project", str(root), "init", "fr")
    assert code == 2 and "'fr' is not in [tool.booklet] languages" in err
    code, _, err = run("--project", str(root), "build", "--lang", "ru")
    assert code == 2 and "not one of the project's languages" in err


def test_workflow_and_json(make_project):
    root = make_project({"source/a.md": "# Title\n\nText.\n"})
    assert run("--project", str(root), "init", "de")[0] == 0
    code, out, _ = run("--project", str(root), "update", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["written"] == [] and "locales/de/LC_MESSAGES/a.po" in report["unchanged"]
    code, out, err = run("--project", str(root), "build", "--format", "html", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert "output/html/de/a.html" in report["written"]
    assert {(e["language"], e["percent"]) for e in report["editions"]} == {("en", 100), ("de", 0)}


def test_broken_catalogue_fails_its_language_only(make_project):
    root = make_project({"source/a.md": "Text.\n"}, languages=("de", "ru"))
    assert run("--project", str(root), "init", "de", "ru")[0] == 0
    bad = root / "locales/ru/LC_MESSAGES/a.po"
    bad.write_text(bad.read_text(encoding="utf-8") + 'msgid "x\n', encoding="utf-8")
    code, _, err = run("--project", str(root), "build", "--format", "html")
    assert code == 1
    assert "locales/ru/LC_MESSAGES/a.po:" in err and "Traceback" not in err
    assert (root / "output/html/de/a.html").is_file()
    assert not (root / "output/html/ru/a.html").exists()


def test_debug_shows_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "--project", str(tmp_path), "--debug", "build"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Traceback" in result.stderr


def test_no_colour_when_not_a_terminal(make_project):
    root = make_project({"source/a.md": "Text.\n"})
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "--project", str(root), "extract"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 0 and "\x1b[" not in result.stdout + result.stderr


def test_status_agrees_with_msgfmt_statistics():
    from .conftest import REPO, run_tool

    code, out, _ = run("--project", str(REPO), "status", "--json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 10
    for row in rows:
        stats = run_tool("msgfmt", "--statistics", "-o", "/dev/null", str(REPO / row["catalogue"])).stderr
        counts = {kind: int(n) for n, kind in __import__("re").findall(r"(\d+) (translated|fuzzy|untranslated)", stats)}
        assert (row["translated"], row["fuzzy"], row["untranslated"]) == (
            counts.get("translated", 0),
            counts.get("fuzzy", 0),
            counts.get("untranslated", 0),
        ), row["catalogue"]
    assert {(r["language"], r["percent"]) for r in rows if r["document"] == "black-january"} == {
        ("az", 100.0), ("ru", 100.0), ("tr", 100.0), ("ar", 100.0), ("de", 50.0)
    }


def test_status_counts_fuzzy_and_obsolete(make_project):
    from .conftest import run_tool

    root = make_project({"source/a.md": "One.\n\nTwo.\n\nThree.\n"})
    assert run("--project", str(root), "init", "de")[0] == 0
    po = root / "locales/de/LC_MESSAGES/a.po"
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgid "One."\nmsgstr ""', 'msgid "One."\nmsgstr "Eins."')
    text = text.replace('msgid "Two."\nmsgstr ""', '#, fuzzy\nmsgid "Two."\nmsgstr "Zwei."')
    po.write_text(text + '\n#~ msgid "Gone."\n#~ msgstr "Weg."\n', encoding="utf-8")
    code, out, _ = run("--project", str(root), "status", "--json", "--lang", "de")
    row = json.loads(out)[0]
    assert (row["translated"], row["fuzzy"], row["untranslated"], row["obsolete"]) == (1, 1, 1, 1)
    assert row["percent"] == 33.3
    assert "1 translated message, 1 fuzzy translation, 1 untranslated message." in run_tool(
        "msgfmt", "--statistics", "-o", "/dev/null", str(po)
    ).stderr
    code, out, _ = run("--project", str(root), "status")
    assert code == 0 and "33.3%" in out


def test_minimum_completion_draft_and_skip(make_project):
    root = make_project({"source/a.md": "One.\n\nTwo.\n"}, extra="min-completion = 50\n")
    assert run("--project", str(root), "init", "de")[0] == 0
    code, out, _ = run("--project", str(root), "build", "--format", "html", "--json")
    assert code == 0 and json.loads(out)["drafts"] == ["a/de"]
    assert 'class="draft-mark"' in (root / "output/html/de/a.html").read_text(encoding="utf-8")
    config = root / "pyproject.toml"
    config.write_text(config.read_text() + 'incomplete = "skip"\n')
    import shutil

    shutil.rmtree(root / "output")
    code, out, _ = run("--project", str(root), "build", "--format", "html", "--json")
    assert code == 0 and json.loads(out)["skipped"] == ["a/de"]
    assert not (root / "output/html/de/a.html").exists()
    assert "de/a.html" not in (root / "output/html/index.html").read_text(encoding="utf-8")


def _german_with_changed_figure(make_project):
    root = make_project({"source/a.md": "In total, 147 people were killed.\n\nAnother line.\n"})
    assert run("--project", str(root), "init", "de")[0] == 0
    po = root / "locales/de/LC_MESSAGES/a.po"
    text = po.read_text(encoding="utf-8").replace(
        'msgid "In total, 147 people were killed."\nmsgstr ""',
        'msgid "In total, 147 people were killed."\nmsgstr "Insgesamt wurden 174 Menschen getötet."',
    )
    po.write_text(text, encoding="utf-8")
    # the finding points to the msgstr line, where the translator has to fix it
    line = text.splitlines().index('msgstr "Insgesamt wurden 174 Menschen getötet."') + 1
    return root, line


def test_check_reports_a_changed_figure_at_file_line(make_project):
    root, line = _german_with_changed_figure(make_project)
    code, out, err = run("--project", str(root), "check")
    assert code == 1
    assert f"locales/de/LC_MESSAGES/a.po:{line}: error [figures]" in out
    assert "2 error(s)" in err  # 147 missing, 174 unexpected
    code, out, _ = run("--project", str(root), "check", "--json")
    findings = json.loads(out)
    assert {(f["check"], f["severity"], f["line"]) for f in findings} >= {("figures", "error", line)}


def test_check_strict_fails_on_warnings(make_project):
    root = make_project({"source/a.md": "One.\n"})
    assert run("--project", str(root), "init", "de")[0] == 0
    assert run("--project", str(root), "check")[0] == 0  # untranslated is a warning
    assert run("--project", str(root), "check", "--strict")[0] == 1


def test_build_refuses_a_language_with_errors_unless_forced(make_project):
    root, line = _german_with_changed_figure(make_project)
    code, _, err = run("--project", str(root), "build", "--format", "html")
    assert code == 1
    assert f"locales/de/LC_MESSAGES/a.po:{line}: de not published: error [figures]" in err
    assert "--force" in err
    assert not (root / "output/html/de/a.html").exists()
    assert (root / "output/html/en/a.html").exists()
    code, _, _ = run("--project", str(root), "build", "--format", "html", "--force")
    assert code == 0 and "174" in (root / "output/html/de/a.html").read_text(encoding="utf-8")


def test_an_unreadable_installed_file_is_one_line_not_a_traceback(make_project, monkeypatch):
    import errno

    from pipeline.render import fonts

    root = make_project({"source/a.md": "# Title\n\nText.\n"})
    main(["--project", str(root), "init", "de"], stdout=io.StringIO(), stderr=io.StringIO())

    def unreadable(*args, **kwargs):
        raise OSError(errno.EIO, "Input/output error", "/usr/lib/python3/site-packages/fontpkg/NotoSerif.ttf")

    monkeypatch.setattr(fonts, "print_faces", unreadable)
    code, _, err = run("--project", str(root), "build", "--clean")
    assert code == 1
    assert err == "booklet: error: /usr/lib/python3/site-packages/fontpkg/NotoSerif.ttf: Input/output error\n"


def test_status_reports_every_catalogue_when_one_is_broken(make_project):
    """A header that disagrees with CLDR is no reason to stop a report, nor is an unreadable file."""
    root = make_project({"source/a.md": "Text.\n"}, languages=("de", "tr", "ru"))
    assert run("--project", str(root), "init", "de", "tr", "ru")[0] == 0
    tr = root / "locales/tr/LC_MESSAGES/a.po"
    text = re.sub(r'"Plural-Forms: [^"]*"', lambda _: '"Plural-Forms: nplurals=1; plural=0;\\n"', tr.read_text(encoding="utf-8"))
    tr.write_text(text, encoding="utf-8")
    ru = root / "locales/ru/LC_MESSAGES/a.po"
    ru.write_text(ru.read_text(encoding="utf-8") + "\nstray text\n", encoding="utf-8")
    code, out, err = run("--project", str(root), "status", "--json")
    rows = {(row["document"], row["language"]): row for row in json.loads(out)}
    assert len(rows) == 6  # a and templates, in three languages
    assert rows[("a", "tr")]["state"] == "below" or rows[("a", "tr")]["state"] == "ok"
    assert rows[("a", "ru")]["state"] == "unreadable"
    assert rows[("a", "ru")]["error"].startswith("locales/ru/LC_MESSAGES/a.po:")
    assert code == 1 and err.startswith("booklet: error: locales/ru/LC_MESSAGES/a.po:")
    code, out, _ = run("--project", str(root), "check", "--json")
    found = {(f["path"], f["check"]) for f in json.loads(out)}
    assert ("locales/tr/LC_MESSAGES/a.po", "plural-forms") in found
    assert ("locales/ru/LC_MESSAGES/a.po", "read") in found
    assert any(path.startswith("locales/de/") for path, _ in found)  # the others are still checked


def test_global_options_go_before_or_after_the_command(make_project):
    root = make_project({"source/a.md": "# A\n"})
    assert run("--project", str(root), "init", "de")[0] == 0
    code, out, err = run("status", "--project", str(root), "--json")
    assert code == 0, err
    assert [row["document"] for row in json.loads(out)] == ["a", "templates"]


def test_the_project_is_found_from_a_subfolder_as_git_finds_its_repository(make_project, monkeypatch):
    root = make_project({"source/a.md": "# A\n"})
    assert run("--project", str(root), "init", "de")[0] == 0
    monkeypatch.chdir(root / "locales" / "de" / "LC_MESSAGES")
    code, out, err = run("status", "--json")
    assert code == 0, err
    assert [row["document"] for row in json.loads(out)] == ["a", "templates"]


def test_a_mistyped_command_or_option_gets_a_suggestion(tmp_path):
    code, _, err = run("stauts")
    assert code == 2 and "did you mean 'status'?" in err and err.count("\n") == 1
    code, _, err = run("--project", str(tmp_path), "status", "--jsn")
    assert code == 2 and "did you mean '--json'?" in err


@pytest.mark.parametrize("command", ["extract", "init", "update", "build", "status", "check", "serve", "normalize"])
def test_every_command_says_what_it_does_in_its_help(command):
    result = subprocess.run([sys.executable, "-m", "pipeline", command, "--help"], capture_output=True, text=True, check=False)
    description = result.stdout.split("\n\n")[1].strip()
    assert result.returncode == 0 and description and not description.startswith(("positional", "options"))
