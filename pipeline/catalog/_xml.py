"""XML for the interchange formats (XLIFF, TMX): escaping that XML parsers give back unchanged, and a parser that refuses DTDs.

The parser is expat, as xml.etree's is, but with every DOCTYPE refused before
anything in it is read: XLIFF and TMX need no DTD, and a DTD is how an
interchange file would expand entities (billion laughs) or read local files
(XXE). defusedxml is not in the lock; this is what it does for expat.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.parsers import expat

from ..errors import BookletError

__all__ = ["Node", "parse_xml", "escape_text", "escape_attribute", "NOT_XML", "XML_NAMESPACE", "MAX_XML_BYTES"]

XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"

#: Characters XML 1.0 cannot carry, not even as character references.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

#: An interchange file holds a few catalogues; this bounds memory for a hostile one.
MAX_XML_BYTES = 256 * 1024 * 1024

# "\r" is written as a reference: a parser turns a raw one into "\n" (XML's
# end-of-line handling), and in attributes "\t" and "\n" would become spaces.
_TEXT = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_ATTRIBUTE = {**_TEXT, '"': "&quot;", "\t": "&#9;", "\n": "&#10;"}
_TEXT_RE = re.compile("[&<>\r]")
_ATTRIBUTE_RE = re.compile('[&<>\r"\t\n]')


def escape_text(text: str) -> str:
    """``text`` as element content (the caller keeps out what NOT_XML matches)."""
    return _TEXT_RE.sub(lambda m: _TEXT[m.group()], text)


def escape_attribute(text: str) -> str:
    """``text`` as a double-quoted attribute value."""
    return _ATTRIBUTE_RE.sub(lambda m: _ATTRIBUTE[m.group()], text)


@dataclass
class Node:
    """An element: ``{namespace}name``, attributes (namespaced keys likewise),
    its content in order (text and child nodes) and the line it starts on."""

    tag: str
    attributes: dict[str, str]
    line: int
    content: list[str | Node] = field(default_factory=list)

    @property
    def children(self) -> list[Node]:
        return [item for item in self.content if isinstance(item, Node)]

    def text(self) -> str:
        """The text directly inside (not that of its children)."""
        return "".join(item for item in self.content if isinstance(item, str))


def _name(raw: str) -> str:
    namespace, _, local = raw.rpartition("}")  # expat joins them with our separator
    return f"{{{namespace}}}{local}" if namespace else local


def parse_xml(data: bytes, shown: str, error: type[BookletError]) -> Node:
    """The root element of ``data``; malformed XML, or any DOCTYPE, is ``error`` at its line."""
    if len(data) > MAX_XML_BYTES:
        raise error(f"too large ({len(data) // 2**20} MB; the limit is {MAX_XML_BYTES // 2**20} MB)", path=shown)
    parser = expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[Node] = []
    roots: list[Node] = []

    def refuse(*_: object) -> None:
        raise error(
            "a DOCTYPE or entity declaration: refused (XLIFF and TMX need none; it could expand entities or read files)",
            path=shown,
            line=parser.CurrentLineNumber,
        )

    def start(tag: str, attributes: dict[str, str]) -> None:
        node = Node(_name(tag), {_name(k): v for k, v in attributes.items()}, parser.CurrentLineNumber)
        (stack[-1].content if stack else roots).append(node)
        stack.append(node)

    def end(_: str) -> None:
        stack.pop()

    def characters(text: str) -> None:
        if stack:
            content = stack[-1].content
            if content and isinstance(content[-1], str):
                content[-1] += text  # expat splits text at line ends and references
            else:
                content.append(text)

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise error(f"not well-formed XML: {expat.errors.messages[exc.code]}", path=shown, line=exc.lineno) from None
    return roots[0]
