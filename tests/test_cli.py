"""The booklet command: --help everywhere, one-line errors, exit codes, --json."""
from __future__ import annotations

import io
import json
import os
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
