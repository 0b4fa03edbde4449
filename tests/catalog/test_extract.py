"""Extraction through Babel: pybabel finds what booklet finds."""
from __future__ import annotations

import shutil
import subprocess
import sys

import polib

from pipeline.config import load_project
from pipeline.extract import extract

from ..conftest import REPO


def test_pybabel_extract_with_our_entry_point(tmp_path):
    shutil.copytree(REPO / "tests" / "fixtures", tmp_path / "source")
    (tmp_path / "pyproject.toml").write_text('[tool.booklet]\nlanguages = ["de"]\ndocuments = ["golden"]\n')
    (tmp_path / "babel.cfg").write_text((REPO / "babel.cfg").read_text())
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-c", "",
         "--no-wrap", "-o", "babel.pot", "."],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    extract(load_project(tmp_path))

    def key(entry):
        return entry.msgctxt or "", entry.msgid, tuple(entry.occurrences)

    ours = [key(e) for e in polib.pofile(str(tmp_path / "locales" / "golden.pot"))]
    theirs = [key(e) for e in polib.pofile(str(tmp_path / "babel.pot")) if e.occurrences[0][0].endswith("golden.md")]
    assert sorted(theirs) == sorted(ours)
