"""Passages in another language than their surroundings carry /Lang in the PDF structure tree."""
from __future__ import annotations

import io
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest

from pipeline.render import pdf

from ..conftest import run_tool


def structure(data: bytes) -> tuple[str, list[tuple[int, str, str | None]]]:
    """The document's /Lang, and (depth, role, /Lang) of each structure element, in order."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    found: list[tuple[int, str, str | None]] = []

    def walk(node: object, depth: int) -> None:
        element = node.get_object()
        if not hasattr(element, "get") or element.get("/Type") != "/StructElem":
            return
        language = element.get("/Lang")
        found.append((depth, str(element["/S"]), None if language is None else str(language)))
        kids = element.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid, "get_object"):
                walk(kid, depth + 1)

    kids = root["/StructTreeRoot"]["/K"]
    for kid in kids if isinstance(kids, list) else [kids]:
        walk(kid, 0)
    return str(root["/Lang"]), found


def test_an_element_in_another_language_than_its_parent_carries_lang(tmp_path: Path) -> None:
    html = (
        '<html lang="de"><body><p>Deutsch</p>'
        '<p lang="en">English <span lang="fr">bonjour</span> and <span lang="en">again</span></p>'
        '<div lang="en-GB"><p>inherits</p></div>'
        '<ul><li lang="en">item</li></ul><h2 lang="tr">Başlık</h2><p lang="DE">wieder</p></body></html>'
    )
    data = pdf.write_pdf(html, base_url=tmp_path, allowed=[tmp_path], identifier="t", shown="t.pdf")
    language, elements = structure(data)
    assert language == "de"
    tagged = [(depth, role, lang) for depth, role, lang in elements if lang is not None]
    assert tagged == [(1, "/P", "en"), (2, "/Span", "fr"), (1, "/Div", "en-GB"), (2, "/LI", "en"), (1, "/H2", "tr")]
    # The rest inherits: the German paragraphs, the span in English inside English, the Div's paragraph.
    assert [role for _, role, _ in elements].count("/P") == 4


class _Languages(HTMLParser):
    """The lang of each element of a booklet's body that differs from its parent's."""

    VOID = {"br", "img", "hr", "meta", "link", "wbr", "input", "source"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.changes: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        inherited = self.stack[-1] if self.stack else ""
        own = (dict(attrs).get("lang") or inherited).lower()
        if tag in self.VOID:
            return
        if self.stack and own != inherited:
            self.changes.append((tag, own))
        self.stack.append(own)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()


BOOKLETS = [("publication", language) for language in ("en", "az", "ru", "tr", "ar", "de")] + [
    ("tidebook", language) for language in ("en", "de", "ar")
]


@pytest.mark.parametrize(("book", "language"), BOOKLETS)
def test_fallback_passages_of_the_booklets_carry_their_language(request, book: str, language: str) -> None:
    html, path = request.getfixturevalue(book)[language]
    parser = _Languages()
    parser.feed(html)
    if (book, language) in (("publication", "de"), ("tidebook", "ar")):
        assert parser.changes  # these have passages left in English
    document, elements = structure(path.read_bytes())
    assert document == language
    tagged = [(role, lang) for _, role, lang in elements if lang is not None]
    # Every passage is tagged (one element per page it spans), and nothing else is.
    assert {lang for _, lang in tagged} == {lang for _, lang in parser.changes}
    for tag, lang in sorted(set(parser.changes)):
        role = {"p": "/P", "span": "/Span", "h1": "/H1", "h2": "/H2", "li": "/LI"}.get(tag)
        shown = sum(1 for changed in parser.changes if changed == (tag, lang))
        if role:
            assert sum(1 for found in tagged if found == (role, lang)) >= shown, (tag, lang)
    assert len(tagged) >= len(parser.changes)


TABLE_PARTS = {"/Table", "/THead", "/TBody", "/TFoot", "/TR", "/TH", "/TD"}


def test_a_tables_structure_is_its_rows_and_cells_and_a_cell_holds_its_text(make_project) -> None:
    """A booklet's table (booklet.css draws a body row's rule with an empty
    ``td::before``, which puts the cell's text in an anonymous block) reads
    as Table, row groups, TR, TH and TD, each cell holding its text: no
    /NonStruct for the rule's box or the block, the rules being artifacts."""
    from pipeline.build import build
    from pipeline.config import load_project

    table = "| Year | Dead |\n|---|---|\n| 1990 | 147 |\n| 1991 | 3 |\n"
    root = make_project({"source/a.md": f"---\ntitle: Table\n---\n\nBefore.\n\n{table}\nAfter.\n"}, languages=())
    assert not build(load_project(root), formats=["pdf"]).failures
    reader = pypdf.PdfReader(root / "output/pdf/en/a.pdf")
    tables: list[list[tuple[int, str]]] = []

    def walk(node: object, depth: int, inside: list[tuple[int, str]] | None) -> None:
        element = node.get_object()
        if not hasattr(element, "get") or element.get("/Type") != "/StructElem":
            return
        role = str(element["/S"])
        if role == "/Table":
            inside = []
            tables.append(inside)
        if inside is not None:
            inside.append((depth, role))
        kids = element.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            walk(kid, depth + 1, inside)

    kids = reader.trailer["/Root"]["/StructTreeRoot"]["/K"]
    for kid in kids if isinstance(kids, list) else [kids]:
        walk(kid, 0, None)
    assert len(tables) == 1
    (depth, _), *rest = tables[0]
    cells = [(d, role) for d, role in rest if role in ("/TH", "/TD")]
    assert len(cells) == 6
    # Below the cells, their text alone (a /Span per run of text); above, the table's parts alone.
    for d, role in rest:
        below_a_cell = any(cd < d for cd, _ in cells)
        assert (role == "/Span") if below_a_cell and role not in TABLE_PARTS else role in TABLE_PARTS, (d, role)
    assert [role for d, role in rest if d == depth + 3] == ["/TH", "/TH", "/TD", "/TD", "/TD", "/TD"]
    assert all(role == "/Span" for d, role in rest if d == depth + 4)
    text = run_tool("pdftotext", str(root / "output/pdf/en/a.pdf"), "-").stdout
    assert all(word in text for word in ("Year", "Dead", "1990", "147", "1991"))


def test_the_elements_a_table_cell_gives_way_to_leave_nothing_in_the_file(make_project) -> None:
    """The /NonStruct elements WeasyPrint made in a table's cells are taken
    out of the file, not left as empty dictionaries; the objects after them
    renumbered, the file reads as a whole (pypdf strictly, poppler) with
    every reference resolving, the same bytes twice."""
    from pipeline.build import build
    from pipeline.config import load_project

    table = "| Year | Dead |\n|---|---|\n| 1990 | 147 |\n| 1991 | 3 |\n"
    root = make_project({"source/a.md": f"---\ntitle: Table\n---\n\n[Before](#after).\n\n{table}\nAfter.\n"}, languages=())
    assert not build(load_project(root), formats=["pdf"]).failures
    path = root / "output/pdf/en/a.pdf"
    reader = pypdf.PdfReader(path, strict=True)
    objects = [reader.get_object(number) for number in range(1, reader.trailer["/Size"])]
    assert [number for number, found in enumerate(objects, 1) if found == {}] == []
    assert all(found is not None for found in objects)
    assert run_tool("pdfinfo", str(path)).returncode == 0
    assert "1991" in run_tool("pdftotext", str(path), "-").stdout
    first = path.read_bytes()
    assert not build(load_project(root), formats=["pdf"], clean=True).failures
    assert path.read_bytes() == first
