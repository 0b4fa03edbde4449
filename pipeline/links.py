"""How a book's chapters point at each other: page to page on the web, within one document in the PDF.

A chapter links another as its source says, ``other.md#anchor`` (relative to
its own file, as mdBook books do). The web edition has a page per chapter,
``output/html/<lang>/<book>/<chapter>.html``, so the target becomes the
relative URL of that page. The PDF holds every chapter in one document:
there a chapter's anchors are prefixed by its id (``c3--anchor``, ids being
unique in a document) and links point to them. Anchors are the source's
headings' (the same in every language), so a link works in each.
"""
from __future__ import annotations

import html
import posixpath
import re
from typing import Callable
from urllib.parse import quote, unquote

from .model import Book, Document

__all__ = ["chapter_links", "chapter_page", "chapter_root", "pdf_links"]


def chapter_page(chapter: Document) -> str:
    """A chapter's page, relative to its book's folder of the web edition."""
    return chapter.name + ".html"


def chapter_root(chapter: Document) -> str:
    """From a chapter's page up to output/html/ (past its folders, the book's and the language's)."""
    return "../" * (2 + chapter.name.count("/"))


def _split(href: str) -> tuple[str, str]:
    path, _, anchor = href.partition("#")
    return unquote(path), anchor


def chapter_links(book: Book, chapter: Document) -> Callable[[str], str]:
    """Relative link targets of ``chapter`` -> their URL on the web: another
    chapter's ``.md`` becomes its page; anything else is left as written."""
    names = {c.name for c in book.chapters}
    folder = posixpath.dirname(chapter.name)

    def link(href: str) -> str:
        path, anchor = _split(href)
        if not path.endswith(".md"):
            return href
        target = posixpath.normpath(posixpath.join(folder, path)).removesuffix(".md")
        if target not in names:
            return href
        relative = posixpath.relpath(target + ".html", folder or ".")
        return quote(relative) + (f"#{anchor}" if anchor else "")

    return link


_ATTRIBUTE = re.compile(r' (id|href)="([^"]*)"')


def pdf_links(body: str, book: Book, index: int) -> str:
    """The body of chapter ``index`` (rendered for the web) as a part of the
    book's PDF: its anchors prefixed with its id, links to chapters made
    links within the document. Each ``id="`` and ``href="`` is an attribute
    the renderer wrote (a translation's quotes are escaped, and its raw HTML
    is shown as text unless the source has the very same)."""
    chapter = book.chapters[index]
    folder = posixpath.dirname(chapter.name)
    ids = {c.name: i for i, c in enumerate(book.chapters)}

    def swap(match: re.Match[str]) -> str:
        name, value = match.group(1), html.unescape(match.group(2))
        if name == "id":
            return f' id="c{index}--{html.escape(value)}"'
        if value.startswith("#"):
            return f' href="#c{index}--{html.escape(value[1:])}"'
        if "://" in value or value.startswith(("/", "mailto:")):
            return match.group(0)
        path, anchor = _split(value)
        if not path.endswith(".html"):
            return match.group(0)
        target = ids.get(posixpath.normpath(posixpath.join(folder, path)).removesuffix(".html"))
        if target is None:
            return match.group(0)
        return f' href="#c{target}' + (f"--{html.escape(anchor)}" if anchor else "") + '"'

    return _ATTRIBUTE.sub(swap, body)
