"""A book's SUMMARY.md (mdBook's format) -> a ``Book``: its title, contents and chapters.

The format, as mdBook reads it:

- an optional title, a level-1 heading before anything else (a ``book.toml``
  beside it with ``[book] title`` gives the book's title instead);
- prefix chapters: links, one per line, before the numbered list;
- the numbered chapters: a bulleted list of links, nested by indentation;
- part titles: level-1 headings between lists;
- separators: thematic breaks (``---``);
- suffix chapters: links after the numbered list;
- draft chapters: a link with no target (``- [Soon]()``): listed, no page.

Chapter files are Markdown files below the book's folder, each a
``Document`` whose references name ``source/<book>/<path>.md``. Titles are
messages of the book's catalogue, referenced at their SUMMARY.md line.
"""
from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path
from urllib.parse import unquote

from markdown_it.token import Token

from .errors import SourceError
from .fsutil import decode_utf8
from .model import Book, BookEntry, Document, Segment
from .source import markdown, read_document

__all__ = ["read_book"]


def _plain(inline: Token) -> str:
    """A title as text: what a reader sees of the inline Markdown."""
    parts = [child.content for child in inline.children or [] if child.type in ("text", "code_inline")]
    return " ".join("".join(parts).split())


class _Reader:
    def __init__(self, book_dir: Path, name: str, shown: str, root: Path, code: tuple[str, ...]) -> None:
        self.book_dir, self.name, self.shown, self.root, self.code = book_dir.resolve(), name, shown, root, code
        self.entries: list[BookEntry] = []
        self.segments: list[Segment] = []
        self.chapters: list[Document] = []
        self.seen: dict[str, int] = {}  # chapter file -> line that listed it

    def title(self, kind: str, text: str, line: int) -> str:
        field = f"{kind}-{len(self.segments)}"
        self.segments.append(Segment(kind=f"{kind} title", text=text, line=line, field=field))
        return field

    def chapter(self, link: Token, title: str, line: int, number: tuple[int, ...], depth: int) -> None:
        href = str(link.attrGet("href") or "")
        if not title:
            raise SourceError("a chapter without a title", path=self.shown, line=line)
        field = self.title("chapter", title, line)
        index = None
        if href:
            index = len(self.chapters)
            self.chapters.append(self.read_chapter(href, line))
        self.entries.append(BookEntry("chapter", title, field, index, number, depth))

    def read_chapter(self, href: str, line: int) -> Document:
        path = unquote(href.split("#")[0])
        if "\0" in path or not path.endswith(".md") or "://" in href or path.startswith("/"):
            raise SourceError(f"chapter {href!r} is not a Markdown file of the book", path=self.shown, line=line)
        file = (self.book_dir / path).resolve()
        if self.book_dir not in file.parents:
            raise SourceError(f"chapter {href!r} is outside the book's folder", path=self.shown, line=line)
        if not file.is_file():
            raise SourceError(f"chapter {href!r} not found", path=self.shown, line=line)
        relative = file.relative_to(self.book_dir).as_posix()
        if relative in self.seen:
            raise SourceError(
                f"chapter {href!r} is listed twice (first at line {self.seen[relative]})", path=self.shown, line=line
            )
        self.seen[relative] = line
        document = read_document(file, relative=f"source/{self.name}/{relative}", root=self.root, code=self.code)
        return dataclasses.replace(document, name=relative.removesuffix(".md"))  # named by its path in the book

    def links(self, inline: Token, line: int, number: tuple[int, ...] = (), depth: int = 0) -> int:
        """The chapters an inline (a paragraph of links, or a list item) lists; how many."""
        children = inline.children or []
        found = 0
        for index, child in enumerate(children):
            if child.type != "link_open":
                continue
            closing = next(i for i in range(index, len(children)) if children[i].type == "link_close")
            title = _plain(Token("inline", "", 0, children=children[index + 1 : closing]))
            self.chapter(child, title, line + _line_in(children, index), number, depth)
            found += 1
        return found


def _line_in(children: list[Token], index: int) -> int:
    """Lines below the inline's first that ``children[index]`` is on (links one per line)."""
    return sum(1 for child in children[:index] if child.type in ("softbreak", "hardbreak"))


def read_book(book_dir: Path, name: str, *, root: Path | None = None, code: tuple[str, ...] = ()) -> Book:
    """Read ``book_dir``/SUMMARY.md and every chapter it lists (their
    includes may reach files below ``root``, the project; by default the
    book's folder); a SourceError at the SUMMARY.md line of a chapter that
    cannot be found or read. ``code`` as for source.parse_document."""
    shown = f"source/{name}/SUMMARY.md"
    summary = book_dir / "SUMMARY.md"
    try:
        raw = summary.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", path=shown) from None
    text = decode_utf8(raw, shown, SourceError).replace("\r\n", "\n")
    tokens = markdown().parse(text, {})
    reader = _Reader(book_dir, name, shown, root or book_dir, code)
    title, title_line = name, 1
    numbers: list[int] = []  # the section number being counted, one per nesting level
    depth = -1
    started = False  # anything but the title seen
    for index, token in enumerate(tokens):
        line = (token.map[0] + 1) if token.map else 1
        if token.type == "heading_open":
            text_of = _plain(tokens[index + 1])
            if not started and token.tag == "h1":
                title, title_line = text_of, line
            elif token.tag == "h1":
                reader.entries.append(BookEntry("part", text_of, reader.title("part", text_of, line)))
            started = True
        elif token.type == "hr":
            reader.entries.append(BookEntry("separator"))
            started = True
        elif token.type == "bullet_list_open" or token.type == "ordered_list_open":
            depth += 1
            if len(numbers) <= depth:
                numbers.append(0)
            started = True
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            del numbers[depth + 1 :]
            depth -= 1
        elif token.type == "inline" and tokens[index - 1].type == "paragraph_open":
            started = True
            if depth >= 0:  # a list item: one numbered chapter
                numbers[depth] += 1
                del numbers[depth + 1 :]
                listed = reader.links(token, line, tuple(numbers[: depth + 1]), depth)
                if listed != 1:
                    raise SourceError("a list item of SUMMARY.md must be one link: - [Title](file.md)", path=shown, line=line)
            elif not reader.links(token, line):
                raise SourceError("SUMMARY.md holds links to chapters, lists of them, part titles and separators", path=shown, line=line)
    config = book_dir / "book.toml"
    if config.is_file():
        try:
            configured = tomllib.loads(decode_utf8(config.read_bytes(), f"source/{name}/book.toml", SourceError))
        except tomllib.TOMLDecodeError as exc:
            raise SourceError(f"invalid TOML: {exc}", path=f"source/{name}/book.toml") from None
        book_table = configured.get("book")
        if isinstance(book_table, dict) and isinstance(book_table.get("title"), str) and book_table["title"].strip():
            title = " ".join(book_table["title"].split())
    if not reader.chapters:
        raise SourceError("the book lists no chapter", path=shown, line=1, hint="list its chapters: - [Title](chapter.md)")
    segments = [Segment(kind="book title", text=title, line=title_line, field="title"), *reader.segments]
    titles = Document(name=name, path=shown, meta={"title": title}, tokens=[], env={}, segments=tuple(segments))
    return Book(name, shown, title, tuple(reader.entries), tuple(reader.chapters), titles)
