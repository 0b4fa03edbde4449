"""Reading a book's SUMMARY.md as mdBook does: structure, numbering, titles as messages, errors at their line."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import SourceError
from pipeline.summary import read_book

from .conftest import REPO

FIXTURE = REPO / "tests" / "fixtures" / "tidebook" / "source" / "guide"


def test_the_fixture_book_reads_as_mdbook_lays_it_out():
    book = read_book(FIXTURE, "guide")
    assert book.title == "A Field Guide to Tide Pools"  # book.toml's
    layout = [(e.kind, e.title, ".".join(map(str, e.number)), e.depth, e.chapter) for e in book.entries]
    assert layout == [
        ("chapter", "Before you go", "", 0, 0),  # a prefix chapter: not numbered
        ("part", "Getting started", "", 0, None),
        ("chapter", "Reading the tide", "1", 0, 1),
        ("chapter", "Tide tables", "1.1", 1, 2),
        ("chapter", "What to bring", "2", 0, 3),
        ("chapter", "Coming soon", "3", 0, None),  # a draft: listed, no page
        ("separator", "", "", 0, None),
        ("part", "Life in the pools", "", 0, None),
        ("chapter", "Anemones and their neighbours", "4", 0, 4),  # numbering goes on across parts
        ("chapter", "Thanks", "", 0, 5),  # a suffix chapter
    ]
    assert [c.name for c in book.chapters] == ["preface", "basics/tides", "basics/tables", "basics/kit", "life", "thanks"]
    assert book.chapters[1].path == "source/guide/basics/tides.md"
    segments = [(s.kind, s.text, s.line) for s in book.titles.segments]
    assert segments[:3] == [
        ("book title", "A Field Guide to Tide Pools", 1),
        ("chapter title", "Before you go", 3),
        ("part title", "Getting started", 5),
    ]
    assert ("chapter title", "Tide tables", 8) in segments


def _book(tmp_path: Path, summary: str, files: dict[str, str] | None = None) -> Path:
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "SUMMARY.md").write_text(summary, encoding="utf-8")
    for name, text in (files or {"a.md": "# A\n"}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_summary_title_is_the_book_title_without_book_toml(tmp_path):
    book = read_book(_book(tmp_path, "# My Book\n\n- [A](a.md)\n"), "book")
    assert book.title == "My Book" and book.titles.meta["title"] == "My Book"


def test_titles_keep_the_text_of_inline_markup(tmp_path):
    book = read_book(_book(tmp_path, "- [The `Option` type and *you*](a.md)\n"), "book")
    assert book.entries[0].title == "The Option type and you"


@pytest.mark.parametrize(
    "summary, message, line",
    [
        ("# B\n\n- [A](a.md)\n- [Gone](gone.md)\n", "chapter 'gone.md' not found", 4),
        ("- [A](a.md)\n- [Out](../secret.md)\n", "outside the book's folder", 2),
        ("- [A](a.md)\n- [Again](a.md)\n", "listed twice (first at line 1)", 2),
        ("- [A](a.md)\n- Just text\n", "must be one link", 2),
        ("Some prose.\n", "SUMMARY.md holds links", 1),
        ("- [Remote](https://example.org/a.md)\n", "is not a Markdown file of the book", 1),
        ("- [](a.md)\n", "a chapter without a title", 1),
        ("# Only a title\n", "lists no chapter", 1),
    ],
)
def test_a_bad_summary_is_an_error_at_its_line(tmp_path, summary, message, line):
    with pytest.raises(SourceError) as caught:
        read_book(_book(tmp_path, summary), "book")
    assert message in caught.value.message
    assert str(caught.value).startswith(f"source/book/SUMMARY.md:{line}:")
