"""booklet.css's baseline grid, read back from built booklets (pdftotext -bbox-layout)."""
from __future__ import annotations

import pytest

from pipeline.build import build
from pipeline.config import load_project

from ..render.test_booklet import off_grid


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_table_takes_whole_lines_of_the_grid(make_project, language):
    """A table's rows (9pt text, a rule under each) and the space around it
    take whole lines, a cell on two or three lines too, so the text after
    it stays on the grid: on the table's page and the pages after it."""
    words = " ".join(["word"] * 60 if language == "en" else ["كلمة"] * 50)
    table = "| Heading | Value |\n|---|---:|\n| Golden | 147 |\n| A cell long enough to run onto a second line of the table, and maybe a third | 2 |\n| Last | 3 |"
    blocks = [words] * 3 + [table, words, table] + [words] * 6
    root = make_project({"source/a.md": "---\ntitle: Grid\n---\n\n" + "\n\n".join(blocks) + "\n"}, languages=(), extra=f'source-language = "{language}"\n')
    assert not build(load_project(root), formats=["pdf"]).failures
    body = off_grid(root / "output/pdf" / language / "a.pdf", opening=5)  # no contents: the text opens on 5
    assert body["off"] == []
    assert body["pages"][0] == 5 and len(body["pages"]) >= 3, body
