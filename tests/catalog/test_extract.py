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


def test_alt_texts_captions_and_inline_images_make_a_template_gnu_accepts(make_project):
    from pipeline.catalog.extract import IMAGE_TAG_NOTE

    from ..conftest import run_tool

    root = make_project({"source/a.md": (
        "# Pools\n\n"
        'See <img src="map.png" alt="The &quot;map&quot;" title="Pools \\ tides" width="30"> here,\nand `<img alt="x">` too.\n\n'
        "<figure>\n<img src=\"a.png\" alt='A \"green\" anemone'>\n<figcaption>Look\n  closely &amp; long.</figcaption>\n</figure>\n"
    )})
    extract(load_project(root))
    pot = root / "locales/a.pot"
    run_tool("msgfmt", "-c", "-o", "/dev/null", str(pot))
    entries = {e.msgid: (e.comment, e.occurrences) for e in polib.pofile(str(pot))}
    inline = 'See <img src="map.png" alt="The &quot;map&quot;" title="Pools \\ tides" width="30"> here, and `<img alt="x">` too.'
    assert entries[inline] == (f"paragraph\n{IMAGE_TAG_NOTE}", [("source/a.md", "3")])
    assert entries['A "green" anemone'] == ("image alt text", [("source/a.md", "7")])
    assert entries["Look closely & long."] == ("figure caption", [("source/a.md", "8")])
    assert entries["Pools"][0] == "heading"  # no note where there is no <img>
