"""The bad-input corpus (tests/bad_inputs/): every malformed input is one line
``booklet: error: path:line: ...``, the right exit code, and no file changed."""
from __future__ import annotations

import io
import re
import shutil
import tomllib
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.fsutil import TMP_PREFIX

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
CASES: dict[str, dict] = tomllib.loads((CORPUS / "cases.toml").read_text(encoding="utf-8"))
PREFIX = "booklet: error: "
#: What a build may create even when it fails: its output and its own cache.
BUILD_OWNED = ("output/", ".booklet-cache/")

PYPROJECT = """\
[project]
name = "sample"
version = "1.0"

[tool.booklet]
languages = ["de"]
"""

SOURCE = """\
---
title: Sample
date: 2026-01-20
---

# Heading

A first paragraph with *emphasis*.

- one item
- two items
"""


def run(root: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--project", str(root), *argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="session")
def base_project(tmp_path_factory) -> Path:
    """The valid project every case starts from, made once."""
    root = tmp_path_factory.mktemp("base") / "project"
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (root / "source" / "doc.md").write_text(SOURCE, encoding="utf-8")
    code, _, err = run(root, "init", "de")
    assert code == 0, err
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _ids() -> list[tuple[str, tuple[str, ...]]]:
    return [(name, tuple(command)) for name, case in CASES.items() for command in case["commands"]]


def test_corpus_and_table_agree():
    """Every file of the corpus is one case, every case's file exists."""
    files = {p.name for p in CORPUS.iterdir() if p.is_file()} - {"cases.toml"}
    named = [case["file"] for case in CASES.values() if "file" in case]
    assert sorted(named) == sorted(set(named)), "a file is used by two cases"
    assert files == set(named)
    for name, case in CASES.items():
        assert set(case) <= {"file", "folder", "target", "commands", "exit", "stderr", "built"}, name
        assert ("file" in case or case.get("folder", False)) == ("target" in case), name
        assert case["exit"] in (1, 2) and case["commands"], name
        re.compile(case["stderr"])


@pytest.mark.parametrize(
    "command",
    [["build", "--format", "html"], ["build", "--format", "pdf"], ["update"], ["check"], ["status"], ["extract"]],
    ids=" ".join,
)
def test_base_project_is_valid(base_project, tmp_path, command):
    """So that each case fails because of its one bad file, and nothing else."""
    root = tmp_path / "project"
    shutil.copytree(base_project, root)
    code, _, err = run(root, *command)
    assert code == 0, err
    assert PREFIX not in err


@pytest.mark.parametrize("name, command", _ids(), ids=[f"{n}: {' '.join(c)}" for n, c in _ids()])
def test_bad_input(base_project, tmp_path, name, command):
    case = CASES[name]
    root = tmp_path / "project"
    shutil.copytree(base_project, root)
    if "file" in case:
        target = root / case["target"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((CORPUS / case["file"]).read_bytes())
    elif case.get("folder"):  # a folder where a file should be
        target = root / case["target"]
        if target.exists():
            target.unlink()
        target.mkdir(parents=True)
    before = snapshot(root)

    try:
        code, out, err = run(root, *command)
    except Exception as crash:  # what a user would see as a traceback
        pytest.fail(f"Traceback: {type(crash).__name__}: {crash}")

    # Most important first: nothing lost, then the diagnostic, then its form.
    after = snapshot(root)
    changed = [path for path, data in before.items() if after.get(path) != data]
    assert changed == [], f"{changed} changed although the command failed; stderr: {err!r}"
    created = [path for path in after if path not in before and not path.startswith(BUILD_OWNED)]
    assert created == [], f"{created} created although the command failed; stderr: {err!r}"
    leftovers = [p.relative_to(root).as_posix() for p in root.rglob(TMP_PREFIX + "*")]
    assert leftovers == [], f"temporary files left: {leftovers}"

    assert "Traceback" not in err
    assert code == case["exit"], f"exit {code}, stderr: {err!r}"
    if command[0] == "check" and code != 2:
        # A report: the bad file is one error finding among the others, not an abort.
        pattern = re.compile(case["stderr"])
        errors = [re.sub(r": error \[[\w-]+\] ", ": ", line, count=1) for line in out.splitlines() if ": error [" in line]
        findings = [line for line in errors if pattern.match(line)]
        assert len(findings) == 1, f"expected one finding {case['stderr']}, stdout was {out!r}"
        assert err.splitlines()[-1].endswith("warning(s)"), err
        return
    lines = err.splitlines()
    pattern = re.compile(case["stderr"])
    matching = [line for line in lines if line.startswith(PREFIX) and pattern.match(line[len(PREFIX) :])]
    assert len(matching) == 1, f"expected one line {PREFIX}{case['stderr']}, stderr was {err!r}"
    if "built" in case and command[0] == "build":
        # One language broken: the others are built, each failure is one line.
        for path in case["built"]:
            assert (root / path).is_file(), f"{path} was not built"
        assert all(line.startswith(PREFIX) for line in lines), f"a line is not an error line: {err!r}"
    else:
        assert lines == matching, f"expected exactly one line, stderr was {err!r}"
