"""The pre-commit hooks booklet ships (.pre-commit-hooks.yaml), run as pre-commit runs them: the entry, the files its pattern selects."""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO, run_tool

HOOKS = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}

# As an editor leaves it: its own wrapping, a header line split where msgcat would not.
EDITED = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: fr\\n"

#: src/a.c:1
msgid "A message that is long enough for two tools to wrap it each in their own way."
msgstr "Un message assez long pour que deux outils "
"le coupent chacun à leur manière, ici ou là."
"""

BAD = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "b\n'


def _hook(hook_id: str, repository: Path) -> subprocess.CompletedProcess:
    """What pre-commit does: the hook's entry with its args and the repository's files its pattern selects, from the root."""
    hook = HOOKS[hook_id]
    files = sorted(
        path.relative_to(repository).as_posix()
        for path in repository.rglob("*")
        if path.is_file() and re.search(hook["files"], path.relative_to(repository).as_posix())
    )
    assert files, "the hook would not run"
    env = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"  # where pre-commit installs booklet
    return subprocess.run(
        [*shlex.split(hook["entry"]), *hook.get("args", []), *files], cwd=repository, env=env, capture_output=True, text=True
    )


def _msgcat(path: Path) -> str:
    return run_tool("msgcat", str(path)).stdout


def test_the_hooks_file_names_booklet_commands() -> None:
    assert set(HOOKS) == {"booklet-normalize", "booklet-check"}
    for hook in HOOKS.values():
        assert hook["language"] == "python" and hook["entry"].startswith("booklet ")
    assert re.search(HOOKS["booklet-normalize"]["files"], "po/x.pot") and not re.search(HOOKS["booklet-check"]["files"], "po/x.pot")


def test_normalize_hook_in_any_repository(tmp_path: Path) -> None:
    edited = tmp_path / "po/fr.po"
    edited.parent.mkdir()
    edited.write_text(EDITED, encoding="utf-8")
    (tmp_path / "README.md").write_text("not a catalogue\n", encoding="utf-8")
    expected = _msgcat(edited)
    assert expected != EDITED  # the case is worth a hook

    done = _hook("booklet-normalize", tmp_path)
    assert done.returncode == 0, done.stderr
    assert "rewrote po/fr.po" in done.stdout
    assert edited.read_text(encoding="utf-8") == expected  # pre-commit sees the change and stops the commit
    again = _hook("booklet-normalize", tmp_path)
    assert again.returncode == 0 and "0 file(s) normalized" in again.stdout  # the next commit passes
    assert edited.read_text(encoding="utf-8") == expected


def test_normalize_hook_with_a_malformed_catalogue_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "po").mkdir()
    (tmp_path / "po/fr.po").write_text(EDITED, encoding="utf-8")
    (tmp_path / "po/xx.po").write_text(BAD, encoding="utf-8")
    done = _hook("booklet-normalize", tmp_path)
    assert done.returncode == 1 and re.fullmatch(r"booklet: error: po/xx\.po:\d+: [^\n]+\n", done.stderr), done.stderr
    assert (tmp_path / "po/fr.po").read_text(encoding="utf-8") == EDITED


def test_normalize_hook_in_a_booklet_project(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source/a.md").write_text("# Title\n\nA paragraph.\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.booklet]\nlanguages = ["fr"]\nformats = ["html"]\n', encoding="utf-8")
    run_tool(str(Path(sys.executable).with_name("booklet")), "add-language", "fr", "--project", str(tmp_path))
    catalogue = tmp_path / "locales/fr/LC_MESSAGES/a.po"
    canonical = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(canonical.replace('msgid "Title"\nmsgstr ""', 'msgid "Title"\nmsgstr ""\n"Titre"'), encoding="utf-8")
    done = _hook("booklet-normalize", tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "rewrote locales/fr/LC_MESSAGES/a.po"
    assert catalogue.read_text(encoding="utf-8") == _msgcat(catalogue) == canonical.replace('msgid "Title"\nmsgstr ""', 'msgid "Title"\nmsgstr "Titre"')


@pytest.mark.parametrize(("translation", "status"), [("Il y a 4 pommes.", 1), ("Il y a 3 pommes.", 0)])
def test_check_hook_fails_on_an_error(tmp_path: Path, translation: str, status: int) -> None:
    (tmp_path / "po").mkdir()
    (tmp_path / "po/fr.po").write_text(
        EDITED.split("#:")[0] + f'#: src/a.c:2\nmsgid "There are 3 apples."\nmsgstr "{translation}"\n', encoding="utf-8"
    )
    done = _hook("booklet-check", tmp_path)
    assert done.returncode == status, done.stdout + done.stderr
    assert ("po/fr.po:8: error [figures]" in done.stdout) == bool(status), done.stdout
