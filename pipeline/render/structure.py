"""The PDF structure tree as a screen reader needs it: the language of every passage (/Lang), tables of cells alone.

Why by hand: WeasyPrint (70) sets the document's /Lang from ``<html lang>``
and no other: a passage left in the source language (``<p lang="en">`` in a
German booklet) is read with German rules. Its structure elements are made
in ``weasyprint.pdf.tags._build_box_tree`` from layout boxes, which know their
computed ``lang``; that function is wrapped while the PDF is written, to note
each element's language, and after (a WeasyPrint finisher) the tree is walked
from the document down, giving /Lang to each element whose language is not
the one it inherits (ISO 32000-1, 14.9.2).

A table cell holds its content and nothing else (``cells_hold_their_content``):
WeasyPrint makes a ``/NonStruct`` of every box in a cell that is not an
element of its own, the box of a rule (booklet.css draws a body row's rule
with an empty ``td::before``) and the anonymous block the cell's text is
wrapped in beside it. Those it gives way to are taken out of the file
after (``drop_objects``): WeasyPrint numbered them as it made them.
"""
from __future__ import annotations

import contextlib
from typing import Iterator

__all__ = ["PassageLanguages", "cells_hold_their_content", "drop_objects"]


class PassageLanguages:
    """Notes the language of each structure element while WeasyPrint makes
    them (``noting``), then writes /Lang where it changes (``tag``)."""

    def __init__(self) -> None:
        #: id of a StructElem -> (the StructElem, kept alive; its language).
        self._languages: dict[int, tuple[object, str | None]] = {}

    @contextlib.contextmanager
    def noting(self) -> Iterator[None]:
        """While WeasyPrint writes the PDF, note each structure element's language."""
        from weasyprint.pdf import tags

        original = tags._build_box_tree
        languages = self._languages

        def build_box_tree(box, parent, *args):
            own = getattr(box, "_box", box)  # an absolute box's placeholder, as WeasyPrint does
            language = own.style["lang"] if own.element is not None else None
            for element in original(box, parent, *args):
                # An element is yielded by its own box first, then passed up by
                # the boxes that are not elements themselves (html, body): the
                # first language noted is its own.
                languages.setdefault(id(element), (element, language))
                yield element

        tags._build_box_tree = build_box_tree  # recursive calls go through the module's name too
        try:
            yield
        finally:
            tags._build_box_tree = original

    def tag(self, pdf) -> None:
        """Give /Lang to the structure elements of ``pdf`` (a pydyf.PDF) whose
        language differs from the one they inherit."""
        import pydyf

        root = resolve(pdf, pdf.catalog.get("StructTreeRoot"))
        document_language = pdf.catalog.get("Lang")
        if root is None or not isinstance(document_language, pydyf.String):
            return
        pending = [(resolve(pdf, kid), _normal(document_language.string)) for kid in root.get("K", [])]
        while pending:
            element, inherited = pending.pop()
            if not isinstance(element, pydyf.Dictionary) or element.get("Type") != "/StructElem":
                continue
            _, language = self._languages.get(id(element), (None, None))
            if language and _normal(language) != inherited:
                element["Lang"] = pydyf.String(language)
                inherited = _normal(language)
            kids = element.get("K", [])
            pending.extend((resolve(pdf, kid), inherited) for kid in kids if isinstance(kid, bytes))


@contextlib.contextmanager
def cells_hold_their_content(dropped: list[object]) -> Iterator[None]:
    """While WeasyPrint writes the PDF, a ``/NonStruct`` it makes in a table
    cell gives way to what it holds (``/TD`` and ``/TH`` hold their text,
    paragraphs, figures), and one that holds nothing goes: the boxes of
    rules, whose drawing is an artifact already. A table's structure is then
    Table, its row groups, TR, TH and TD, as PDF/UA asks (ISO 14289-1,
    7.5) and screen readers announce it. The elements that gave way,
    referenced by nothing, are added to ``dropped``, for ``drop_objects``
    (WeasyPrint has added them to the file already)."""
    from weasyprint.pdf import tags

    original = tags._build_box_tree

    def build_box_tree(box, parent, pdf, *args):
        for element in original(box, parent, pdf, *args):
            if parent.get("S") not in ("/TD", "/TH"):
                yield element
                continue
            pending = [element]
            while pending:
                found = pending.pop(0)
                if found.get("S") != "/NonStruct":
                    yield found
                    continue
                kids = [resolve(pdf, kid) for kid in found.get("K", [])]
                if any(not isinstance(kid, dict) for kid in kids):  # a marked-content number of its own: kept
                    yield found
                    continue
                for kid in kids:
                    kid["P"] = parent.reference
                pending[:0] = kids
                dropped.append(found)

    tags._build_box_tree = build_box_tree  # recursive calls go through the module's name too
    try:
        yield
    finally:
        tags._build_box_tree = original


def drop_objects(pdf, dropped: list[object]) -> None:
    """Take the ``dropped`` objects, which nothing references, out of ``pdf``
    (a pydyf.PDF, before it is written): the objects after them take the
    next numbers, and every reference to one of those says its new number.
    Why by hand: pydyf numbers an object when it is added, and a free one
    (``free = "f"``) is listed in an object stream's cross-reference all the
    same, pointing into the stream (pydyf 0.13); emptied, each stayed an
    ``<< >>`` in the file."""
    import pydyf

    gone = {id(found) for found in dropped}
    if not gone:
        return
    kept = [found for found in pdf.objects if id(found) not in gone]
    moved: dict[int, int] = {}
    for number, found in enumerate(kept):
        if found.number != number:
            moved[found.number] = number
            found.number = number
    pdf.objects[:] = kept
    references = {f"{old} 0 R".encode(): f"{new} 0 R".encode() for old, new in moved.items()}
    seen: set[int] = set()  # each container renumbered once: a new number may be another's old one

    def renumbered(value: object) -> object:
        if isinstance(value, bytes):
            return references.get(value, value)
        if not isinstance(value, (dict, list)) or id(value) in seen:
            return value
        seen.add(id(value))
        for key, item in list(value.items() if isinstance(value, dict) else enumerate(value)):
            value[key] = renumbered(item)
        return value

    for found in kept:
        renumbered(found.extra if isinstance(found, pydyf.Stream) else found)
    # pydyf lists a page as its number, 0, 'R' (PDF.add_page), not as a reference
    kids = pdf.pages["Kids"]
    kids[::3] = [moved.get(number, number) for number in kids[::3]]
    renumbered(pdf.page_references)


def _normal(language: str) -> str:
    return language.replace("_", "-").lower()


def resolve(pdf, reference: object) -> object:
    """The object a pydyf reference (b'12 0 R') points to; other values as they are."""
    if isinstance(reference, bytes) and reference.endswith(b" R"):
        return pdf.objects[int(reference.split()[0])]
    return reference
