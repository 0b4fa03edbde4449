"""SVG images made safe to publish: what a reader's browser or WeasyPrint
would run or fetch is taken out before either sees the file.

A reader who opens an image of the web edition on its own (a new tab, a
link) gets an SVG document, whose scripts run in the site's origin; a
WeasyPrint render follows its references. So a published SVG keeps no
``<script>``, no ``on*`` handler, no ``<foreignObject>`` (HTML inside the
picture), no animation that sets a link or a handler, and no reference
that leaves the file: an ``href`` or a CSS ``url()`` is kept only when it
points inside the file (``#id``) or holds a raster image (``data:image/png``).

The cleaner is written here, with the standard library's ElementTree behind
defusedxml (which refuses entity declarations: no billion laughs, nothing
external read while parsing): no maintained Python library sanitises SVG
(bleach, nh3 and lxml's cleaner are for HTML and drop or mangle SVG).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

__all__ = ["CleanedSvg", "SvgError", "clean_svg", "css_urls", "read_svg", "sets_link_or_handler"]

SVG_NS = "http://www.w3.org/2000/svg"
XHTML_NS = "http://www.w3.org/1999/xhtml"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
#: Elements that run code or hold another document: left out with all they hold.
_ACTIVE = {"script", "foreignobject", "handler", "listener", "iframe", "embed", "object"}
#: Animations, which may set an attribute (a link, a handler) after loading.
_ANIMATIONS = {"animate", "set", "animatetransform", "animatemotion", "animatecolor"}
#: What a reference may be: a fragment of the file, or an embedded raster image.
_SAFE_REFERENCE = re.compile(r"\s*(#|data:image/(png|jpeg|gif|webp)[;,])", re.I)
#: CSS functions that fetch a resource named by a plain string, without url().
_FETCHING_FUNCTIONS = {"image-set", "-webkit-image-set", "image", "cross-fade", "element", "src"}


class SvgError(ValueError):
    """An SVG file that cannot be read; ``line`` in the file, when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class CleanedSvg:
    """An SVG as it may be published: ``data`` None when it is safe as it is."""

    data: bytes | None
    removed: tuple[str, ...] = ()  # what was taken out, each "what (line N)"


class _Lines(ElementTree.TreeBuilder):
    """A tree builder that notes each element's line in the file."""

    def __init__(self) -> None:
        super().__init__()
        self.parser: ElementTree.XMLParser | None = None
        self.lines: dict[int, int] = {}

    def start(self, tag, attrs):  # type: ignore[no-untyped-def]
        element = super().start(tag, attrs)
        self.lines[id(element)] = self.parser.parser.CurrentLineNumber if self.parser is not None else 0
        return element


def read_svg(data: bytes) -> tuple[ElementTree.Element, dict[int, int]]:
    """The parsed SVG and each element's line (by ``id``); SvgError if it is
    not well-formed XML, declares entities, or its root is not ``<svg>``."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    builder = _Lines()
    parser = DefusedXMLParser(target=builder, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    builder.parser = parser
    try:
        parser.feed(data)
        root = parser.close()
    except ElementTree.ParseError as exc:
        raise SvgError(f"not a readable SVG file: {exc}", exc.position[0]) from None
    except DefusedXmlException as exc:
        name = getattr(exc, "name", None) or getattr(exc, "sysid", None) or exc
        raise SvgError(f"not a readable SVG file: it declares the entity {name!r}; save it without a DTD", parser.parser.CurrentLineNumber) from None
    if _local(root.tag) != "svg":
        raise SvgError(f"not an SVG image (its root is <{root.tag}>)", 1)
    return root, builder.lines


def clean_svg(data: bytes) -> CleanedSvg:
    """``data`` without what could run or fetch (see the module's docstring);
    ``CleanedSvg(None)`` when nothing had to go."""
    root, lines = read_svg(data)
    removed: list[str] = []

    def note(what: str, element: ElementTree.Element) -> None:
        removed.append(f"{what} (line {lines.get(id(element), 0)})")

    def clean(element: ElementTree.Element) -> None:
        for name, value in list(element.attrib.items()):
            local = _local(name).lower()
            if (
                local.startswith("on")
                or name == XML_BASE
                or (local == "href" and not _SAFE_REFERENCE.match(value))
                or (local != "href" and _fetches(value))
            ):
                del element.attrib[name]
                note(_local(name), element)
        for child in list(element):
            local = _local(child.tag).lower()
            if (
                local in _ACTIVE
                or _namespace(child.tag) == XHTML_NS
                or sets_link_or_handler(child.tag, child.get("attributeName", ""))
                or (local == "style" and _fetches("".join(child.itertext())))
            ):
                element.remove(child)
                note(f"<{_local(child.tag)}>", child)
                continue
            clean(child)

    clean(root)
    if not removed:
        return CleanedSvg(None)
    try:
        text = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True, default_namespace=_namespace(root.tag) or None)
    except ValueError:  # an element without a namespace among namespaced ones: keep every prefix
        text = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return CleanedSvg(text, tuple(removed))


def css_urls(css: str) -> Iterator[str]:
    """Every URL a piece of CSS (a style sheet, a style attribute, a
    presentation attribute such as ``fill="url(#g)"``) makes its reader
    fetch, as written, read as a browser reads CSS (tinycss2: comments
    skipped, escapes decoded): each url(), @import's string, and the strings
    of image-set(), image(), cross-fade(), element() and src(); such a
    function that names nothing as a string is yielded whole, unresolved."""
    if "@" not in css and "(" not in css:
        return
    import tinycss2

    def walk(tokens: list) -> Iterator[str]:  # type: ignore[type-arg]
        importing = False
        for token in tokens:
            if token.type == "url":
                yield token.value
            elif token.type == "string" and importing:
                yield token.value
            elif token.type == "function":
                strings = [t.value for t in token.arguments if t.type == "string"]
                inner = list(walk(token.arguments))
                if token.lower_name == "url" or token.lower_name in _FETCHING_FUNCTIONS:
                    yield from strings
                    if not strings and not inner:
                        yield tinycss2.serialize([token])
                yield from inner
            if token.type not in ("whitespace", "comment"):
                importing = token.type == "at-keyword" and token.lower_value == "import"
            yield from walk(getattr(token, "content", None) or [])

    yield from walk(tinycss2.parse_component_value_list(css))


def _fetches(css: str) -> bool:
    """Whether a piece of CSS names anything outside the file: a URL
    (css_urls) that is not a fragment or a raster image."""
    return any(not _SAFE_REFERENCE.match(url) for url in css_urls(css))


def sets_link_or_handler(element: str, attribute_name: str) -> bool:
    """Whether an element is an animation that sets a link or an event
    handler (``<animate attributeName="href">``): whatever values it gives,
    one of them may be a script, so such an animation is never published."""
    target = attribute_name.strip().lower()
    return _local(element).lower() in _ANIMATIONS and (target.endswith("href") or target.startswith("on"))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
