"""Markdown + front matter -> Document: blocks with kinds, source lines and message text."""
from __future__ import annotations

import dataclasses
import datetime as _dt
import difflib
import enum
import functools
import re
import tomllib
from collections import Counter
from html import unescape as html_unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import yaml
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from .code_messages import code_messages, language_of, note
from .errors import SourceError
from .fsutil import decode_utf8
from .isbn import isbn_table
from .model import Document, Segment, message_key
from .svg import css_urls, sets_link_or_handler

__all__ = [
    "CONTROL_CHARACTERS",
    "one_line",
    "message_key",
    "Document",
    "Segment",
    "DIRECTION_MARK",
    "FRONT_MATTER_KEYS",
    "TRANSLATABLE_FIELDS",
    "markdown",
    "message_text",
    "parse_document",
    "raw_image_alts",
    "raw_html_texts",
    "inline_tag_key",
    "translated_tag",
    "raw_image_urls",
    "raw_html_references",
    "context_after",
    "is_relative",
    "RawReference",
    "Refusal",
    "url_scheme",
    "browser_url",
    "rewrite_raw_images",
    "token_line",
    "read_document",
    "listed_hyphens",
]

#: Front-matter keys we understand; the translatable ones become messages.
#: The publication's own metadata (README "Front matter"); the booklet's
#: cover, title page and imprint show those that are set, and nothing else.
FRONT_MATTER_KEYS = (
    "title", "subtitle", "description", "author", "date", "keywords", "image",
    "publisher", "place", "edition", "rights", "isbn", "source", "acknowledgements", "typography",
    "dashes",
)
TRANSLATABLE_FIELDS = ("title", "subtitle", "description", "edition", "place", "rights", "source", "acknowledgements")

_I18N_COMMENT = re.compile(r"\A\s*<!--\s*i18n:\s*(?P<verb>[A-Za-z-]+)\b(?P<arg>.*?)-->\s*\Z", re.S)
_I18N_VERBS = ("note", "skip", "context")


def markdown() -> MarkdownIt:
    """The one Markdown dialect of booklet: CommonMark + GFM tables and strikethrough."""
    md = MarkdownIt("commonmark", {"html": True, "xhtmlOut": False}).enable(["table", "strikethrough"])
    # A soft line break is rendered as a space, not "\n": the two are the same
    # whitespace in HTML, and this keeps output independent of how a source
    # paragraph (or a translation) happens to be wrapped.
    md.add_render_rule("softbreak", lambda self, tokens, idx, options, env: " ")
    return md


def references(env: dict[str, Any]) -> tuple[tuple[str, str, str], ...]:
    """A document's link reference definitions (``[label]: url "title"``), in
    a hashable form: what its messages' inline Markdown is parsed against."""
    found = env.get("references") or {}
    return tuple(sorted((label, str(ref.get("href", "")), str(ref.get("title", ""))) for label, ref in found.items()))


def inline_tokens(text: str, refs: tuple[tuple[str, str, str], ...] = ()) -> tuple[Token, ...]:
    """The inline tokens of one message, parsed once per process and shared
    by whoever reads it (the checks, the translation of every document that
    holds the message). Shared: never changed in place; a reader that needs
    a changed token copies it first."""
    return _inline_tokens(text, refs)  # one cache key however it is called


@functools.lru_cache(maxsize=16384)  # one language of a large book: a language's texts are checked, then translated
def _inline_tokens(text: str, refs: tuple[tuple[str, str, str], ...]) -> tuple[Token, ...]:
    env: dict[str, Any] = {"references": {label: {"href": href, "title": title} for label, href, title in refs}} if refs else {}
    return tuple(_inline_parser().parseInline(text, env)[0].children or [])


@functools.cache
def _inline_parser() -> MarkdownIt:
    return markdown()


_MESSAGE_SPECIAL = re.compile(r"[\\`\n]")


def message_text(content: str) -> str:
    """The msgid form of a block's inline Markdown source.

    Soft line breaks become single spaces (a translator sees one line per
    paragraph, and rewrapping the source changes no message); hard breaks are
    kept as written (backslash-newline, or trailing spaces and newline). Code spans are found as CommonMark finds them (equal backtick runs)
    so their contents are only unwrapped, never touched otherwise.
    """
    out: list[str] = []
    i, n = 0, len(content)

    def skip_indent(j: int) -> int:
        while j < n and content[j] in " \t":
            j += 1
        return j

    while i < n:
        # the text between the characters that need a look is taken whole:
        # character by character, this loop was most of extracting a book
        special = _MESSAGE_SPECIAL.search(content, i)
        if special is None:
            out.append(content[i:])
            break
        if special.start() > i:
            out.append(content[i : special.start()])
            i = special.start()
        char = content[i]
        if char == "\\" and i + 1 < n:
            if content[i + 1] == "\n":
                out.append("\\\n")
                i = skip_indent(i + 2)
            else:
                out.append(content[i : i + 2])
                i += 2
            continue
        if char == "`":
            j = i
            while j < n and content[j] == "`":
                j += 1
            run = content[i:j]
            close = _closing_run(content, j, len(run))
            if close < 0:
                out.append(run)
                i = j
            else:
                out.append(run + content[j:close].replace("\n", " ") + run)
                i = close + len(run)
            continue
        if char == "\n":
            text = "".join(out)
            stripped = text.rstrip(" ")
            if len(text) - len(stripped) >= 2:
                # A hard break spelled with trailing spaces stays so spelled (the
                # spaces show inside the quoted .po string): respelling it as a
                # backslash could turn "*" into an emphasis opener, or "\" into an escape.
                out = [text, "\n"]
            else:
                out = [stripped, " "]
            i = skip_indent(i + 1)
            continue
        out.append(char)
        i += 1
    return "".join(out)


def _closing_run(content: str, start: int, length: int) -> int:
    """Index of the next backtick run of exactly ``length`` from ``start``, or -1."""
    i, n = start, len(content)
    while i < n:
        if content[i] != "`":
            i += 1
            continue
        j = i
        while j < n and content[j] == "`":
            j += 1
        if j - i == length:
            return i
        i = j
    return -1


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader, except that a key given twice is an error: PyYAML
    keeps the last one without a word, and a title set twice is a mistake."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                first = seen.get(key)
            except TypeError:  # an unhashable key: the base class says so
                break
            if first is not None:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} given twice (first on line {first + 2})", key_node.start_mark
                )
            seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


def split_front_matter(text: str, path: str) -> tuple[dict[str, Any], str, int, tuple[str, ...]]:
    """(metadata, body, number of lines before the body, warnings). YAML ``---`` or TOML ``+++``."""
    first = text.split("\n", 1)[0].rstrip()
    if first not in ("---", "+++"):
        return {}, text, 0, ()
    lines = text.split("\n")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip() == first)
    except StopIteration:
        raise SourceError(f"front matter opened with {first!r} is never closed", path=path, line=1) from None
    raw = "\n".join(lines[1:end])
    try:
        if first == "---":
            meta = yaml.load(raw, Loader=_FrontMatterLoader) if raw.strip() else {}
        else:
            meta = tomllib.loads(raw)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 1
        raise SourceError(f"front matter: invalid YAML: {exc.problem or exc}", path=path, line=line) from None
    except yaml.YAMLError as exc:
        raise SourceError(f"front matter: invalid YAML: {exc}", path=path, line=1) from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) + 1 if match else end  # "at end of document": the last line
        raise SourceError(f"front matter: invalid TOML: {exc}", path=path, line=line) from None
    except RecursionError:  # both parsers recurse once per level of nesting
        raise SourceError("front matter: nested too deeply", path=path, line=2) from None
    except ValueError as exc:  # PyYAML's dates: "2026-02-30" parses, then fails as a date
        line = next((n for n, l in enumerate(lines[1:end], 2) if re.match(r"\s*date\s*[:=]", l)), 1)
        raise SourceError(f"front matter: invalid date: {exc}", path=path, line=line) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise SourceError("front matter must be a mapping of keys to values", path=path, line=2)
    meta, warnings = _check_meta(meta, path, lines[1:end])
    return meta, "\n".join(lines[end + 1 :]), end + 1, warnings


#: The direction marks a translator may add to a translation (a run of code
#: or Latin text kept left to right in Arabic): inline HTML that sets a
#: direction and nothing else. Anything else a translation adds stays text.
DIRECTION_MARK = re.compile(r'<(?:span|bdi)\s+dir\s*=\s*"?(?:ltr|rtl|auto)"?\s*>|<bdi>|</(?:span|bdi)>')

#: C0 and C1 control characters and DEL, but tab and newline: invisible, and
#: in a terminal, a title or a PDF's metadata they act instead of showing.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def one_line(text: str) -> str:
    """``text`` as one line of plain text: no control character, its spaces
    and line breaks as single spaces (a translation that goes into a title or
    an attribute)."""
    return " ".join(CONTROL_CHARACTERS.sub("", text).split())


def _check_meta(meta: dict[str, Any], path: str, lines: list[str]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The front matter checked: booklet's keys as they must be; any other
    key kept as it is, for templates (``meta.minutes``), with a warning when
    it looks like a misspelt key of booklet's."""
    def line_of(key: str) -> int:
        for number, line in enumerate(lines, 2):
            if re.match(rf"\s*{re.escape(str(key))}\s*[:=]", line):
                return number
        return 1

    checked: dict[str, Any] = {}
    warnings: list[str] = []
    for key, value in meta.items():
        if key not in FRONT_MATTER_KEYS:
            near = difflib.get_close_matches(str(key).lower(), FRONT_MATTER_KEYS, n=1, cutoff=0.75)
            if near:
                warnings.append(
                    f"{path}:{line_of(key)}: warning: front matter: {key!r} is not one of booklet's keys, "
                    f"kept as metadata for templates; did you mean {near[0]!r}?"
                )
            checked[str(key)] = value
            continue
        if key == "date":
            if isinstance(value, _dt.datetime):
                value = value.date()
            if isinstance(value, str):
                try:
                    value = _dt.date.fromisoformat(value)
                except ValueError:
                    raise SourceError(
                        f"front matter: date {value!r} is not an ISO date (YYYY-MM-DD)", path=path, line=line_of(key)
                    ) from None
            if not isinstance(value, _dt.date):
                raise SourceError("front matter: date must be YYYY-MM-DD", path=path, line=line_of(key))
        elif key == "keywords":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise SourceError("front matter: keywords must be a list of strings", path=path, line=line_of(key))
        elif key == "typography":
            if not isinstance(value, bool):
                raise SourceError("front matter: typography must be true or false", path=path, line=line_of(key))
        elif key == "dashes":
            _check_dashes(value, path, lines, line_of(key))
        elif key == "isbn":
            try:
                value = isbn_table(value)
            except ValueError as exc:
                raise SourceError(f"front matter: isbn: {exc}", path=path, line=line_of(key)) from None
        elif not isinstance(value, str) or not value.strip() or "\n" in value.strip():
            raise SourceError(f"front matter: {key} must be a one-line text", path=path, line=line_of(key))
        elif control := CONTROL_CHARACTERS.search(value):  # it reaches <title>, the PDF's /Title and terminals
            raise SourceError(
                f"front matter: {key} holds a control character (U+{ord(control.group()):04X})",
                path=path,
                line=line_of(key),
            )
        else:
            value = value.strip()
        checked[key] = value
    return checked, tuple(warnings)


#: An entry of the front matter's ``dashes``: two words joined by one hyphen,
#: so that which hyphen is the dash is never a guess.
_DASH_PAIR = re.compile(r"[^\W_]+-[^\W_]+")


def _check_dashes(value: object, path: str, lines: list[str], line: int) -> None:
    if not isinstance(value, list):
        raise SourceError("front matter: dashes must be a list of hyphenated word pairs, as [declared-on]", path=path, line=line)
    for pair in value:
        if not isinstance(pair, str) or not _DASH_PAIR.fullmatch(pair):
            raise SourceError(
                f"front matter: dashes: {pair!r} is not two words joined by one hyphen, as declared-on",
                path=path,
                line=_pair_line(lines, line, str(pair)),
            )


def _pair_line(lines: list[str], key_line: int, pair: str) -> int:
    """The front-matter line an entry of ``dashes`` is written on (the key's,
    for a list on one line); ``lines`` are the front matter's, from line 2."""
    for number, line in enumerate(lines[key_line - 2 :], key_line):
        if pair in line:
            return number
    return key_line


def listed_hyphens(text: str, pairs: Iterable[str]) -> Iterator[int]:
    """Where the hyphens of the listed ``pairs`` (front matter ``dashes``)
    stand in ``text``: each pair as whole words, as written ("declared-on",
    not "undeclared-on" nor "declared-one")."""
    for pair in pairs:
        for match in re.finditer(rf"(?<![\w-]){re.escape(pair)}(?![\w-])", text):
            yield match.start() + pair.index("-")


def _unused_dashes(meta: dict[str, Any], tokens: list[Token], path: str, front: list[str]) -> tuple[str, ...]:
    """A warning for each pair of the front matter's ``dashes`` that the text
    does not hold (a typo, or a sentence since rewritten): it sets nothing.
    The text as typography reads a block: markup between words is transparent."""
    pairs = meta.get("dashes") or []
    if not pairs:
        return ()
    stand_in = {"softbreak": " ", "hardbreak": " ", "code_inline": "\ufffc", "image": "\ufffc"}
    text = "\n".join(
        "".join(c.content if c.type == "text" else stand_in.get(c.type, "") for c in token.children or [])
        for token in tokens
        if token.type == "inline"
    )
    key = next((n for n, l in enumerate(front[1:], 2) if re.match(r"\s*dashes\s*[:=]", l)), 1)
    return tuple(
        f"{path}:{_pair_line(front[1:], key, pair)}: warning: front matter: dashes: {pair!r} is not in the text; nothing is set for it"
        for pair in pairs
        if next(listed_hyphens(text, (pair,)), None) is None
    )


#: The raw HTML attributes that name an image file, resolved as a Markdown
#: image's source is (media.py: found, checked, published): ``<img src>``,
#: the candidates of ``<img srcset>`` and ``<picture><source srcset>``, and
#: what a browser and WeasyPrint draw as an image too.
_IMAGE_ATTRIBUTES = {
    "img": ("src", "srcset"),
    "source": ("srcset",),
    "object": ("data",),
    "embed": ("src",),
    "video": ("poster",),
    "input": ("src",),
}


@dataclasses.dataclass(frozen=True)
class _ImageTag:
    start: int  # of the start tag in the HTML
    end: int
    line: int  # lines before it in the HTML
    name: str
    attrs: tuple[tuple[str, str | None], ...]  # as a browser reads them: names lowercased, references decoded
    closed: bool  # written as <img ... />


class _Tags(HTMLParser):
    """The start tags of a piece of raw HTML, found as a browser finds them:
    not in comments, nor in a <script> or <style>; the text of each <style>
    (with the line it starts on); each <figcaption>'s content, where it is
    text alone (start, end, lines before it, the text)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[_ImageTag] = []
        self.styles: list[tuple[int, str]] = []
        self.captions: list[tuple[int, int, int, str]] = []
        self._starts = [0, *(m.end() for m in re.finditer("\n", html))]
        self._caption: tuple[int, int] | None = None  # an open figcaption: where its content starts, its line
        self._html = html
        self._line = 0  # of the last start tag
        self.feed(html)
        self.close()

    def _offset(self) -> tuple[int, int]:
        line, column = self.getpos()
        return self._starts[line - 1] + column, line - 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start, line = self._offset()
        text = self.get_starttag_text() or ""
        self.found.append(_ImageTag(start, start + len(text), line, tag, tuple(attrs), text.endswith("/>")))
        self._line = line
        # a caption holding markup is not one text to translate
        self._caption = (start + len(text), line) if tag == "figcaption" and not text.endswith("/>") else None

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._caption = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "figcaption" and self._caption is not None:
            start, line = self._caption
            end, _ = self._offset()
            text = html_unescape(self._html[start:end])
            if text.strip() and "<" not in self._html[start:end]:
                self.captions.append((start, end, line, text))
        self._caption = None

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            # Python 3.11's HTMLParser raises on a "<![" that no known keyword
            # follows ("<![ x"); a browser reads a comment to the next ">"
            return self.parse_bogus_comment(i, report)

    def handle_data(self, data: str) -> None:
        if self.cdata_elem == "style":
            self.styles.append((self._line, data))


@dataclasses.dataclass(frozen=True)
class _Parsed:
    """What _Tags found in a piece of raw HTML."""

    found: tuple[_ImageTag, ...]
    styles: tuple[tuple[int, str], ...]
    captions: tuple[tuple[int, int, int, str], ...]


@functools.lru_cache(maxsize=4096)
def _parse(html: str) -> _Parsed:
    """A piece of raw HTML read once per process: the same inline tags are
    read for their texts, images and references, and each language rewrites them again."""
    tags = _Tags(html)
    return _Parsed(tuple(tags.found), tuple(tags.styles), tuple(tags.captions))


def _image_tags(html: str) -> list[_ImageTag]:
    return [tag for tag in _parse(html).found if tag.name in _IMAGE_ATTRIBUTES]


def _srcset(value: str) -> list[tuple[str, str]]:
    """A srcset's candidates, (URL, descriptors), as HTML splits them: a URL
    runs to the next whitespace (trailing commas are not part of it), its
    descriptors to the next comma."""
    found, i, n = [], 0, len(value)
    while i < n:
        while i < n and (value[i].isspace() or value[i] == ","):
            i += 1
        j = i
        while j < n and not value[j].isspace():
            j += 1
        url = value[i:j]
        if url.endswith(","):
            found.append((url.rstrip(","), ""))
            i = j
            continue
        k = value.find(",", j)
        k = n if k < 0 else k
        if url:
            found.append((url, " ".join(value[j:k].split())))
        i = k + 1
    return found


def _image_urls(tag: _ImageTag) -> Iterator[tuple[str, str]]:
    """(attribute, URL) of every image a tag names."""
    for name, value in tag.attrs:
        if value is None or name not in _IMAGE_ATTRIBUTES[tag.name]:
            continue
        if name == "srcset":
            yield from ((name, url) for url, _ in _srcset(value))
        else:
            yield name, value.strip()


def raw_image_urls(html: str) -> list[tuple[int, str]]:
    """The images named by a piece of a source's raw HTML (an HTML block, an
    inline tag): (lines before the tag in ``html``, URL as written)."""
    return [(tag.line, url) for tag in _image_tags(html) for _, url in _image_urls(tag)]


def _alt(tag: _ImageTag) -> str | None:
    """The alt text of an image tag that has one to translate (a browser reads
    the first; an empty one marks the image as decoration)."""
    if tag.name != "img":
        return None
    value = next((value for name, value in tag.attrs if name == "alt"), None)
    return value if value and value.strip() else None


def _texts(parsed: _Parsed) -> list[tuple[int, int, str, str]]:
    """(offset, lines before, kind, text) of each text of a piece of raw HTML
    that translators translate, in reading order: an image's alt text, and a
    <figcaption>'s text (as one line)."""
    found = [(tag.start, tag.line, "image alt text", alt) for tag in parsed.found if (alt := _alt(tag)) is not None]
    found += [(start, line, "figure caption", " ".join(text.split())) for start, _, line, text in parsed.captions]
    return sorted(found)


def raw_image_alts(html: str) -> list[tuple[int, str]]:
    """The alt texts of the images of a source's HTML block, messages for the
    translators as a Markdown image's is: (lines before the tag, text)."""
    return [(line, text) for _, line, kind, text in _texts(_parse(html)) if kind == "image alt text"]


def raw_html_texts(html: str) -> list[tuple[int, str, str]]:
    """The texts of a source's HTML block that are messages: its images' alt
    texts and its figures' captions, (lines before the tag, kind, text), in
    the order rewrite_raw_images takes their translations."""
    return [(line, kind, text) for _, line, kind, text in _texts(_parse(html))]


def rewrite_raw_images(
    html: str,
    url: Callable[[str], str],
    alts: list[str | None] | None = None,
    fallback: str | None = None,
) -> str:
    """``html`` with the image URLs of its tags mapped by ``url``, and the
    texts raw_html_texts found (alt texts, captions) replaced by ``alts`` (in
    order; None keeps the source's, marked ``lang=fallback`` if given); a tag
    that names an image is written again (attributes double-quoted, so that a
    later step finds ``src="..."`` as the Markdown images write it), a
    translated caption's text is escaped, everything else is kept byte for byte."""
    parsed = _parse(html)
    texts = _texts(parsed)
    # a translation is untrusted: one line of plain text, escaped where it goes
    translated = {offset: one_line(t) for (offset, *_), t in zip(texts, alts or ()) if t is not None}
    marked = {offset for offset, *_ in texts if offset not in translated} if alts is not None and fallback else set()
    edits: list[tuple[int, int, str]] = []
    for tag in parsed.found:
        if tag.name in _IMAGE_ATTRIBUTES:
            texts = {"alt": translated[tag.start]} if tag.start in translated else {}
            edits.append((tag.start, tag.end, _image_tag(tag, url, texts, fallback if tag.start in marked else None)))
        elif tag.name == "figcaption" and tag.end in marked and not any(n == "lang" for n, _ in tag.attrs):
            edits.append((tag.start, tag.end, f'{html[tag.start : tag.end - 1]} lang="{escapeHtml(fallback or "")}">'))
    edits += [(start, end, escapeHtml(translated[start])) for start, end, _, _ in parsed.captions if start in translated]
    out, done = [], 0
    for start, end, text in sorted(edits):
        out += [html[done:start], text]
        done = end
    out.append(html[done:])
    return "".join(out)


def _image_tag(tag: _ImageTag, url: Callable[[str], str], texts: dict[str, str], lang: str | None) -> str:
    """An image tag written again: its image URLs mapped by ``url``, the
    attributes of ``texts`` (alt, title: a translation's, one line of plain
    text) given their values (the first of each; added where it has none),
    ``lang`` added if given and it has none."""
    attributes = [f' lang="{escapeHtml(lang)}"'] if lang and not any(n == "lang" for n, _ in tag.attrs) else []
    pending = dict(texts)
    for name, value in tag.attrs:
        if value is None and name not in pending:
            attributes.append(f" {name}")
            continue
        if name in pending:
            value = pending.pop(name)
        elif value is not None and name in _IMAGE_ATTRIBUTES.get(tag.name, ()):
            if name == "srcset":
                value = ", ".join(f"{url(u)} {d}".rstrip() for u, d in _srcset(value))
            else:
                value = url(value.strip())
        attributes.append(f' {name}="{escapeHtml(value or "")}"')
    attributes += [f' {name}="{escapeHtml(value)}"' for name, value in pending.items()]
    return f"<{tag.name}{''.join(attributes)}{' /' if tag.closed else ''}>"


#: What a translation may change of an inline <img> of its source: the text
#: a reader gets instead of the image, and on pointing at it.
_TRANSLATED_ATTRIBUTES = ("alt", "title")


def _single_tag(html: str) -> _ImageTag | None:
    """The start tag a piece of inline HTML is, or None (an end tag, a comment, more than a tag)."""
    found = _parse(html).found
    return found[0] if len(found) == 1 and found[0].start == 0 and found[0].end == len(html) else None


def inline_tag_key(html: str) -> str:
    """An inline tag of a message as its translation must keep it: an
    <img>'s name and attributes as a browser reads them, but its alt and
    title (translated); any other tag as written."""
    tag = _single_tag(html)
    if tag is None or tag.name != "img":
        return html
    return repr((tag.name, tuple((n, v) for n, v in tag.attrs if n not in _TRANSLATED_ATTRIBUTES), tag.closed))


def translated_tag(html: str, source_tags: Iterable[str]) -> str | None:
    """What is published for the inline tag ``html`` of a translation: the
    tag of ``source_tags`` (its source's) it stands for, with the
    translation's alt and title (one line of plain text each, escaped), or
    None where the translation changed anything else of it (its src, a
    handler added): then it is shown as text."""
    key = inline_tag_key(html)
    source = next((tag for tag in source_tags if inline_tag_key(tag) == key), None)
    if source is None or source == html:
        return source
    theirs, ours = _single_tag(html), _single_tag(source)
    if theirs is None or ours is None:
        return None
    texts: dict[str, str] = {}
    for name, value in theirs.attrs:
        if name in _TRANSLATED_ATTRIBUTES and value is not None:
            texts.setdefault(name, one_line(value))  # a browser reads the first
    return _image_tag(ours, lambda url: url, texts, None)


#: Attributes whose URL a browser (or WeasyPrint) fetches on its own, by
#: element, beside the images' (_IMAGE_ATTRIBUTES); in SVG, every ``href``
#: but a link's is one.
_FETCHED = {
    "video": ("src",), "audio": ("src",), "source": ("src",), "track": ("src",), "iframe": ("src",),
    "frame": ("src",), "link": ("href", "imagesrcset"), "script": ("src",), "a": ("ping",), "area": ("ping",),
    "body": ("background",), "table": ("background",), "tr": ("background",), "td": ("background",), "th": ("background",),
}
#: Attributes whose URL a reader follows (a link, a form).
_FOLLOWED = {"a": ("href",), "area": ("href",), "form": ("action",), "button": ("formaction",), "input": ("formaction",)}


class Refusal(enum.Enum):
    """Why raw HTML is refused whatever it names: what it would do in the
    reader's browser or the PDF, or that a browser finds an element the checks
    do not. The value is the reason media.check_raw_html's error gives."""

    SCRIPT = "a script would run in the reader's browser"
    BASE = "it would change where every link of the page points"
    META = "it would act on the reader's browser (a redirect, a cookie)"
    HANDLER = "an event handler is a script, which would run in the reader's browser"
    SRCDOC = "it is a page of its own, which can run a script in the reader's browser"
    ATTACHMENT = "rel=attachment would embed the file it names in the PDF"
    ANIMATION = "an animation that sets a link or a handler can make it a script"
    HIDDEN = (
        "a browser finds it where booklet's checks read a comment, a <style>, an attribute or a <noscript>:"
        " write the HTML so that every reader reads it alike"
    )
    REBUILT = (
        "a browser makes it of a tag written otherwise (an <image> is an <img>; a second <body> or <html> gives its"
        " attributes to the first): write the element as a browser makes it"
    )


#: Elements that act on the reader's browser whatever their URL: a script,
#: a new base for every relative URL, a redirect or a cookie (a <meta> with http-equiv).
_ACTING = {"script": Refusal.SCRIPT, "base": Refusal.BASE, "meta": Refusal.META}


@dataclasses.dataclass(frozen=True)
class RawReference:
    """Something a source's raw HTML makes a browser or the renderer fetch,
    follow or run."""

    line: int  # lines before it in the HTML
    what: str  # as a message names it: "<object data>", "<div style>", "<script>"
    url: str | None  # None: it is refused whatever it names (a script, a handler, a redirect), for ``refused``
    kind: str  # "image" (media.py publishes it), "fetched", "followed", "acting", or "hidden" (an element a browser finds and _Tags does not)
    refused: Refusal | None = None
    picture: bool = False  # a data: URL here is drawn as a picture, never read as a page that could run a script

    def __post_init__(self) -> None:
        if (self.url is None) != (self.refused is not None):
            raise ValueError(f"{self.what}: a reference names a URL or is refused for a reason, one of the two")


def raw_html_references(html: str, context: str = "") -> tuple[RawReference, ...]:
    """Every URL and every script of a piece of a source's raw HTML, for
    media.check_raw_html to judge; ``context``: the raw HTML before it on the
    page that leaves an <svg>, a <noscript>... open (context_after), after
    which a browser reads it."""
    if html.startswith("</") and ">" not in html[:-1]:
        return ()  # an end tag (half of a paragraph's inline HTML) names nothing
    return _raw_html_references(html, context)


@functools.lru_cache(maxsize=4096)  # a book's inline tags are a few, written many times
def _raw_html_references(html: str, context: str) -> tuple[RawReference, ...]:
    parsed = _parse(html)
    found = [reference for tag in parsed.found for reference in _tag_references(tag)]
    for line, css in parsed.styles:
        found += [RawReference(line, "<style>", url, "fetched", picture=True) for url in css_urls(css)]
    # What a browser reads where _Tags reads otherwise (a comment, a <style>
    # or an attribute that ends elsewhere for it) is judged as the browser
    # reads it; an element _Tags does not see at all is refused, since
    # neither the checks here nor rewrite_raw_images would see it.
    for elements in _browser_elements(html, context):
        lines: dict[tuple[str, frozenset[str]], list[int]] = {}
        for tag in parsed.found:
            lines.setdefault((tag.name, frozenset(n for n, _ in tag.attrs)), []).append(tag.line)
        for name, attrs, style in elements:
            seen = lines.get((name, frozenset(n for n, _ in attrs)))
            if seen:
                line = seen.pop(0) if len(seen) > 1 or name not in _FORMATTING else seen[0]
                found += _tag_references(_ImageTag(0, 0, line, name, attrs, False))
            elif attrs or name not in _IMPLIED:
                found.append(RawReference(0, f"<{name}>", None, "hidden", _unseen(name, attrs, parsed.found)))
            found += [RawReference(0, "<style>", url, "fetched", picture=True) for url in css_urls(style)]
    return tuple(dict.fromkeys(found))


def _tag_references(tag: _ImageTag) -> list[RawReference]:
    """What one element of raw HTML (name and attributes as a browser reads them) fetches, follows or runs."""
    found: list[RawReference] = []
    what = f"<{tag.name}>"
    if tag.name in _ACTING and (tag.name != "meta" or any(n == "http-equiv" for n, _ in tag.attrs)):
        found.append(RawReference(tag.line, what, None, "acting", _ACTING[tag.name]))
    if tag.name in _IMAGE_ATTRIBUTES:
        found += [RawReference(tag.line, f"<{tag.name} {name}>", url, "image", picture=_picture_only(tag.name, name)) for name, url in _image_urls(tag)]
    for name, value in tag.attrs:
        where, picture = f"<{tag.name} {name}>", _picture_only(tag.name, name)
        refused = _refused_attribute(tag.name, name, value)
        if refused is not None:
            found.append(RawReference(tag.line, where, None, "acting", refused))
        if value is None or name in _IMAGE_ATTRIBUTES.get(tag.name, ()):
            continue
        if name in _FOLLOWED.get(tag.name, ()) or (name in ("href", "xlink:href") and tag.name in ("a", "area")):
            found.append(RawReference(tag.line, where, value, "followed"))
        elif name in _FETCHED.get(tag.name, ()) or name in ("href", "xlink:href"):
            urls = [u for u, _ in _srcset(value)] if name.endswith("srcset") else [value]
            found += [RawReference(tag.line, where, url, "fetched", picture=picture) for url in urls]
        else:
            if name in ("style", "mask") or "url(" in value.lower() or "\\" in value:  # CSS (mask: SVG's, which takes image())
                found += [RawReference(tag.line, where, url, "fetched", picture=picture) for url in css_urls(value)]
            if _SCRIPT_URL.match(browser_url(value)):  # <animate to="javascript:...">, <object codebase>...
                found.append(RawReference(tag.line, where, value, "fetched", picture=picture))
    return found


#: Elements the HTML parser makes of start tags written otherwise: under
#: another name, or several merged into one, attributes and all.
_MADE_OF = {"img": ("image",), "body": ("body",), "html": ("html",)}


def _unseen(name: str, attrs: tuple[tuple[str, str], ...], tags: Iterable[_ImageTag]) -> Refusal:
    """Why a browser finds an element that _Tags does not: made of tags
    _Tags read, every attribute theirs (REBUILT), or hidden from it (HIDDEN:
    in what _Tags reads as a comment, a <style>, an attribute...)."""
    written = [tag for tag in tags if tag.name in _MADE_OF.get(name, ())]
    if written and {n for n, _ in attrs} <= {n for tag in written for n, _ in tag.attrs}:
        return Refusal.REBUILT
    return Refusal.HIDDEN


#: Where a data: URL is drawn as a picture, never read as a page that could
#: run a script: any URL of an <img>, a CSS background or style, and these.
_PICTURE_ATTRIBUTES = {
    ("source", "srcset"), ("video", "poster"), ("input", "src"),
    ("image", "href"), ("image", "xlink:href"), ("feimage", "href"), ("feimage", "xlink:href"),
}


def _picture_only(element: str, attribute: str) -> bool:
    return element == "img" or attribute in ("background", "style") or (element, attribute) in _PICTURE_ATTRIBUTES


def _refused_attribute(element: str, name: str, value: str | None) -> Refusal | None:
    """Why an attribute is refused whatever its value names, if it is."""
    if name.startswith("on"):
        return Refusal.HANDLER
    if name == "srcdoc":
        return Refusal.SRCDOC
    if name == "rel" and "attachment" in (value or "").lower().split():
        return Refusal.ATTACHMENT
    if name == "attributename" and sets_link_or_handler(element, value or ""):
        return Refusal.ANIMATION
    return None


#: Elements the HTML parser makes of itself (a table's tbody, the <p> of a
#: stray </p>, the page around a piece): without attributes,
#: they name nothing.
_IMPLIED = {"html", "head", "body", "tbody", "tr", "colgroup", "p", "br"}
_ATTRIBUTE_NAMESPACES = {
    "http://www.w3.org/1999/xlink": "xlink:", "http://www.w3.org/XML/1998/namespace": "xml:", "http://www.w3.org/2000/xmlns/": "xmlns:",
}


def _attribute_name(key: str) -> str:
    """An attribute's name as tinyhtml5 keys it ("{namespace}local") as _Tags gives it (xlink:href)."""
    namespace, brace, local = key[1:].partition("}") if key.startswith("{") else ("", "", key)
    return (_ATTRIBUTE_NAMESPACES.get(namespace, "") + local).lower()


#: One start or end tag whose attribute values are quoted and hold no
#: markup or character reference (<span class="k">, </kbd>): Python's
#: HTMLParser and the HTML5 algorithm read it alike. Not an <image>, which
#: the HTML5 algorithm makes an <img> (Chromium and WeasyPrint fetch its
#: src), nor an <isindex>, which tinyhtml5 makes a form of.
_PLAIN_TAG = re.compile(r"""</?(?!(?i:image|isindex)[\s/>])[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][-A-Za-z0-9_:.]*(?:\s*=\s*(?:"[^"<>&]*"|'[^'<>&]*'))?)*\s*/?>\s*""")


def _browser_elements(html: str, context: str) -> list[list[tuple[str, tuple[tuple[str, str], ...], str]]]:
    """The elements of a piece of raw HTML as browsers and WeasyPrint find
    them (tinyhtml5, the HTML5 parsing algorithm) in a page's body after
    ``context``, with scripts off (WeasyPrint) and, where there is a
    <noscript>, on (a browser reads its content as text): for each reading,
    (name, attributes, a <style>'s text) of every element the piece adds,
    names lowercased as _Tags gives them."""
    if not context and _PLAIN_TAG.fullmatch(html):
        return []  # read alike by every parser: nothing to add to what _Tags found
    readings = [False, True] if "noscript" in (context + html).lower() else [False]
    found = []
    for scripting in readings:
        elements = Counter(_elements(context + html, scripting))
        if context:
            elements -= Counter(_elements(context, scripting))
        found.append(list(elements.elements()))
    return found


def _elements(html: str, scripting: bool) -> list[tuple[str, tuple[tuple[str, str], ...], str]]:
    import tinyhtml5

    root = tinyhtml5.parse(f"<!DOCTYPE html><body>{html}", scripting=scripting)
    return [
        (
            element.tag.rpartition("}")[2].lower(),
            tuple((_attribute_name(key), value) for key, value in element.attrib.items()),
            "".join(element.itertext()) if element.tag.rpartition("}")[2].lower() == "style" else "",
        )
        for element in root.iter()
        if isinstance(element.tag, str)  # not a comment
    ]


#: Elements the HTML parser copies, attributes and all, where they are
#: misnested or left open (<b class="k"><p>a</b>b</p>): a copy of one _Tags
#: found is that one (none of them names an image).
_FORMATTING = {"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"}
#: What may leave a browser reading what follows as other than a page's
#: markup: an <svg> or <math> (foreign content), an element whose content
#: is text (<noscript> with scripts on), a comment or other markup declaration.
_OPENERS = re.compile(r"<(?:svg|math|noscript|style|script|textarea|title|xmp|iframe|noembed|noframes|plaintext|!|\?)", re.I)


@functools.lru_cache(maxsize=256)
def context_after(html: str) -> str:
    """The raw HTML a browser reads what follows ``html`` after, for
    raw_html_references: ``html`` itself where it leaves an <svg>, a <math>,
    a <noscript>, a comment... open, so that what follows is not read as a
    page's markup (a <style> is SVG's, whose content is markup); else ""."""
    if not _OPENERS.search(html):
        return ""
    import tinyhtml5

    for scripting in (False, True):
        root = tinyhtml5.parse(f"<!DOCTYPE html><body>{html}<booklet-probe>", scripting=scripting)
        if root.find(".//{http://www.w3.org/1999/xhtml}booklet-probe") is None:  # swallowed, or SVG's
            return html
    return ""


_SCRIPT_URL = re.compile(r"(?:javascript|vbscript):", re.I)


def browser_url(value: str) -> str:
    """A URL as a browser reads it: tabs and line breaks taken out, spaces and
    control characters around it stripped (``java&#9;script:`` is
    ``javascript:``), a backslash a slash (``\\\\host`` is ``//host``)."""
    return re.sub(r"[\t\n\r]", "", value).strip("".join(map(chr, range(0x21)))).replace("\\", "/")


def url_scheme(value: str) -> str | None:
    """A URL's scheme as a browser reads it, lowercased; None for a relative one."""
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", browser_url(value))
    return match.group(1).lower() if match else None


def is_relative(url: str) -> bool:
    """Whether a URL names a file of the project, as a browser reads it: no
    scheme, no host (``//host``, ``\\\\host``), no absolute path, not only a
    fragment of the page."""
    bare = browser_url(url)
    return bool(bare) and url_scheme(url) is None and not bare.startswith(("/", "#"))


def token_line(token: Token, within: int = 0) -> int | None:
    """The source line of a block token (an HTML block, a block's inline
    text), or of its line ``within`` it, as parse_document noted them:
    front matter and includes counted (an included line is the include's)."""
    lines = (token.meta or {}).get("lines") or ()
    return lines[min(within, len(lines) - 1)] if lines else None


def _block_kind(tokens: list[Token], index: int, parents: list[str]) -> str:
    opener = tokens[index - 1].type
    if opener == "heading_open":
        return "heading"
    if opener == "th_open":
        return "table header"
    if opener == "td_open":
        return "table cell"
    if "list_item_open" in parents:
        return "list item"
    if "blockquote_open" in parents:
        return "block quote"
    return "paragraph"


def parse_document(text: str, *, name: str, path: str, code: tuple[str, ...] = ()) -> Document:
    """Parse one Markdown source into a Document. Pure: no file access.

    ``code`` ([tool.booklet] translate-code) makes the comments, the string
    literals or both of its fenced code blocks messages too (code_messages)."""
    meta, body, offset, warnings = split_front_matter(text, path)
    front_matter = text.split("\n")[:offset]
    env: dict[str, Any] = {}
    tokens = markdown().parse(body, env)

    segments: list[Segment] = []
    for key in TRANSLATABLE_FIELDS:
        if key in meta:
            line = next((n for n, l in enumerate(front_matter, 1) if re.match(rf"\s*{key}\s*[:=]", l)), 1)
            segments.append(Segment(kind=f"front matter: {key}", text=meta[key], line=line, field=key))

    parents: list[str] = []
    pending_notes: list[str] = []
    pending_context: str | None = None
    skip_level: int | None = None  # level of the block a skip marker applies to
    skip_depth = 0  # > 0 while inside a skipped block
    skipped: set[int] = set()
    keep: list[Token] = []
    for index, token in enumerate(tokens):
        line = token.map[0] + 1 + offset if token.map else None
        if token.map and token.type in ("html_block", "inline"):
            # each of its lines, for media.py to name a raw HTML image by
            token.meta = {**(token.meta or {}), "lines": tuple(range(token.map[0] + 1 + offset, token.map[1] + 1 + offset))}
        if token.type == "html_block":
            match = _I18N_COMMENT.match(token.content)
            if match:
                verb, arg = match.group("verb"), " ".join(match.group("arg").split())
                if verb not in _I18N_VERBS:
                    raise SourceError(
                        f"unknown i18n directive {verb!r} (known: {', '.join(_I18N_VERBS)})", path=path, line=line
                    )
                if verb == "note":
                    if not arg:
                        raise SourceError("i18n: note needs a text", path=path, line=line)
                    pending_notes.append(arg)
                elif verb == "context":
                    if not arg:
                        raise SourceError("i18n: context needs a name", path=path, line=line)
                    pending_context = arg
                else:
                    skip_level = token.level
                continue  # directives never reach a reader
            if "i18n:" in token.content and token.content.lstrip().startswith("<!--"):
                raise SourceError("malformed i18n directive (expected <!-- i18n: VERB ... -->)", path=path, line=line)
        keep.append(token)
        position = len(keep) - 1
        if skip_level is not None and skip_depth == 0 and token.level == skip_level and token.nesting >= 0:
            skip_depth = 1 if token.nesting == 1 else 0
            if token.nesting == 0:
                skip_level = None
            continue
        if skip_depth:
            if token.level == skip_level:
                skip_depth += token.nesting
            if token.type == "inline":
                skipped.add(position)
            if skip_depth == 0:
                skip_level = None
            continue
        if token.nesting == 1:
            parents.append(token.type)
        elif token.nesting == -1 and parents:
            parents.pop()
        if token.type == "fence" and code and line is not None:
            segments += [
                Segment(kind=f"code {found.kind} ({language_of(token.info)})", text=found.text,
                        line=line + 1 + found.line, token=position, notes=(note(found),))
                for found in code_messages(token.content, token.info, code)
            ]
        if token.type == "html_block":
            segments += [
                Segment(kind=kind, text=text, line=token_line(token, before) or line or 1, token=position,
                        context=pending_context, notes=tuple(pending_notes))
                for before, kind, text in raw_html_texts(token.content)
            ]
            if segments and segments[-1].token == position:
                pending_notes, pending_context = [], None
        if token.type != "inline" or line is None:
            continue
        kind = _block_kind(keep, position, parents)
        children = token.children or []
        if kind != "heading" and len(children) == 1 and children[0].type == "image":
            kind, text = "image alt text", children[0].content
        else:
            text = message_text(token.content)
        if text.strip():
            segments.append(
                Segment(
                    kind=kind,
                    text=text,
                    line=line,
                    token=position,
                    context=pending_context,
                    notes=tuple(pending_notes),
                )
            )
        pending_notes, pending_context = [], None
    if pending_notes or pending_context or skip_level is not None:
        raise SourceError("an i18n directive at the end of the file applies to no block", path=path)
    warnings = (*warnings, *_unused_dashes(meta, keep, path, front_matter))
    return Document(
        name=name,
        path=path,
        meta=meta,
        tokens=keep,
        env=env,
        segments=tuple(segments),
        skipped=frozenset(skipped),
        warnings=warnings,
    )


#: A source larger than this is refused: Markdown parsing holds the whole token
#: tree in memory, and no booklet comes near it.
MAX_SOURCE_BYTES = 8 * 1024 * 1024


def read_document(file: Path, *, relative: str, root: Path | None = None, code: tuple[str, ...] = ()) -> Document:
    """Read and parse ``file``, its ``{{#include}}`` directives expanded with
    files below ``root`` (the project; by default the file's own folder);
    bad encoding or syntax is a SourceError naming it; ``code`` as for parse_document."""
    try:
        size = file.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise SourceError(
                f"too large ({size // 2**20} MB; the limit is {MAX_SOURCE_BYTES // 2**20} MB)",
                path=relative,
                hint="split it into several documents",
            )
        raw = file.read_bytes()
    except FileNotFoundError:
        raise SourceError("no such source file", path=relative) from None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", path=relative) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    text = decode_utf8(raw, relative, SourceError).replace("\r\n", "\n").replace("\r", "\n")
    if "{{#" not in text:
        return parse_document(text, name=file.stem, path=relative, code=code)
    from .includes import expand_includes

    expanded = expand_includes(text, file, relative, root or file.parent)
    document = parse_document(expanded.text, name=file.stem, path=relative, code=code)
    origin = expanded.lines  # a message's reference: the line of the including file

    def including(line: int) -> int:
        return origin[min(line, len(origin)) - 1]

    for token in document.tokens:
        if "lines" in (token.meta or {}):
            token.meta["lines"] = tuple(map(including, token.meta["lines"]))
    return dataclasses.replace(
        document,
        segments=tuple(dataclasses.replace(s, line=including(s.line)) for s in document.segments),
        warnings=(*document.warnings, *expanded.warnings),
    )
