"""Document + catalogue -> translated Document: fallback, fuzzy policy, untrusted-input sanitising."""
from __future__ import annotations

import copy
import functools
from collections import defaultdict
import html
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import polib
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from .catalog.stats import Completion, count_words
from .code_messages import KINDS, code_messages, shown_text, translated_code
from .model import Book, BookEntry
from .render.highlight import highlight
from .render.typography import OPAQUE, TRANSPARENT, set_pieces
from .render.typography import characters as typography_characters
from .source import (
    DIRECTION_MARK,
    Document,
    inline_tokens,
    is_relative,
    markdown,
    message_key,
    one_line,
    references,
    rewrite_raw_images,
    translated_tag,
)

__all__ = ["BookEdition", "translate_book", "Found", "Lookup", "TranslatedDocument", "TocEntry", "lookup_from_catalog", "translate_document"]


@dataclass(frozen=True)
class Found:
    """A translation as the catalogue holds it."""

    msgstr: str
    fuzzy: bool
    line: int | None = None  # the entry's line in the .po, for the translator's preview
    typography: bool = True  # False: the translator's comment "booklet: no-typography" (render.typography)
    previous: str | None = None  # a fuzzy entry's previous msgid (#| msgid), for the preview's diff


#: (msgctxt, msgid) -> Found
Lookup = dict[tuple[str | None, str], Found]


@dataclass(frozen=True)
class TocEntry:
    level: int
    anchor: str
    text: str


@dataclass
class TranslatedDocument:
    """What a renderer needs: body HTML, metadata and how complete the translation is."""

    document: Document
    language: str
    meta: dict[str, Any]
    tokens: list[Token]
    toc: list[TocEntry]
    total: int  # distinct messages of the document
    translated: int  # of those, published in this language
    fuzzy: int
    fallback_lines: list[int] = field(default_factory=list)  # source lines shown untranslated
    draft: bool = False  # below the project's minimum completion: published visibly marked
    body: str = ""  # the body as HTML, rendered once (render_body)
    states: dict[tuple[str | None, str], str] = field(default_factory=dict)  # message -> source, translated, fuzzy or untranslated
    source_language: str = ""  # the language of its passages left untranslated

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.document.name)

    def figures(self) -> dict[str, object]:
        """How complete it is, as a build report shows it."""
        return {
            "document": self.document.name,
            "language": self.language,
            "translated": self.translated,
            "fuzzy": self.fuzzy,
            "total": self.total,
            "words": self.completion.published_words,
            "total_words": self.completion.total_words,
            "percent": self.percent,  # of the words: what min-completion measures
            "entry_percent": self.completion.entry_percent,
        }

    def render_body(self, media: Callable[[str], str], links: Callable[[str], str] = lambda href: href) -> str:
        """The body as HTML; ``media`` maps relative image sources to their
        URL, ``links`` relative link targets (a book's ``other.md#anchor``)."""
        md = markdown()
        md.add_render_rule("text", _text)
        md.add_render_rule("softbreak", _softbreak)
        env = dict(self.document.env)
        env[_LANGUAGES] = _inline_languages(
            self.tokens, self.language, self.meta.get("typography", True) is not False, tuple(self.document.meta.get("dashes") or ())
        )
        env[_SET] = {}
        default = md.renderer.rules["image"]

        def link_open(renderer, tokens, idx, options, env):
            href = str(tokens[idx].attrGet("href") or "")
            if is_relative(href):
                tokens = list(tokens)
                tokens[idx] = copy.copy(tokens[idx])
                tokens[idx].attrs = {**tokens[idx].attrs, "href": links(href)}
            return renderer.renderToken(tokens, idx, options, env)

        md.add_render_rule("link_open", link_open)
        fence, code_block, code_inline = (md.renderer.rules[name] for name in ("fence", "code_block", "code_inline"))

        def ltr(rule):
            # Code reads left to right in every language: in an Arabic or
            # Persian page, "fn main() {" must not come out as "} ()fn main".
            def render(renderer, tokens, idx, options, env):
                token = tokens[idx]
                if token.type == "fence" and _is_rust(token.info):
                    token = copy.copy(token)
                    token.content = _without_hidden_lines(token.content)
                tokens = [*tokens[:idx], token, *tokens[idx + 1 :]]
                html_out = rule(tokens, idx, options, env)
                return html_out.replace("<pre>", '<pre dir="ltr">', 1).replace("<code", '<code dir="ltr"', 1)

            return render

        # Classes only, coloured by the stylesheets (render.highlight); an
        # unknown language is left plain. A translated comment or literal is
        # isolated where it is right to left: else the bidi algorithm joins an
        # Arabic literal and the Arabic comment after it into one run, and
        # '"مرحبا"; // قل' reads backwards across the code between them.
        translated = frozenset(line for t in self.tokens if t.type == "fence" for line in (t.meta or {}).get(_TRANSLATED, ()))
        md.options["highlight"] = lambda code, language, attributes: highlight(code, language, isolate=translated)
        md.add_render_rule("fence", ltr(fence))
        md.add_render_rule("code_block", ltr(code_block))
        md.add_render_rule("code_inline", ltr(code_inline))

        def image(renderer, tokens, idx, options, env):
            # A copy: the renderer writes the alt attribute into the token,
            # and an image of a translation is shared (source.inline_tokens).
            tokens = list(tokens)
            tokens[idx] = copy.copy(tokens[idx])
            src = str(tokens[idx].attrGet("src") or "")
            tokens[idx].attrs = {**tokens[idx].attrs, "src": media(src) if is_relative(src) else src}
            return default(tokens, idx, options, env)

        md.add_render_rule("image", image)

        def raw_html(renderer, tokens, idx, options, env):
            # The images of the source's raw HTML are the Markdown images'
            # equals (media.document_media found and checked them).
            return rewrite_raw_images(tokens[idx].content, lambda src: media(src) if is_relative(src) else src)

        md.add_render_rule("html_block", raw_html)
        md.add_render_rule("html_inline", raw_html)
        return md.renderer.render(self.tokens, md.options, env)

    def characters(self) -> set[str]:
        """Every character of the edition's text, metadata included: what its
        readers can see, collected from the tokens."""
        # what typography may set (render.typography), in the edition's language and its fallbacks'
        seen: set[str] = typography_characters(self.language) | typography_characters(self.source_language or self.language)
        for value in self.meta.values():
            seen.update(" ".join(map(str, value)) if isinstance(value, list) else str(value))
        stack = list(self.tokens)
        while stack:
            token = stack.pop()
            seen.update(html.unescape(token.content) if token.type.startswith("html") else token.content)
            for name in ("alt", "title"):
                seen.update(str(token.attrGet(name) or ""))
            stack.extend(token.children or [])
        return seen

    @property
    def completion(self) -> Completion:
        """``translated`` already counts the fuzzy translations the project publishes."""
        return _completion(self.states)

    @property
    def percent(self) -> int:
        return self.completion.percent


_WHITESPACE_RUN = re.compile(r"[ \t]{2,}")
_RANGE = re.compile(r"(?<![\w\u2013-])(\d+[\u2013-]\d+)(?![\w\u2013-])")
#: A code block's token meta: the lines of the translations put into it (code_messages).
_TRANSLATED = "booklet:translated"
#: An inline's token meta: it shows a translation, not the source's text.
_TRANSLATION = "booklet:translation"
#: Keys of the render environment: each inline's language and editorial
#: dashes for typography (None: leave it as typed), and the inlines already set.
_LANGUAGES, _SET = "booklet:languages", "booklet:set"
#: What markup inside a block stands for when its text is set.
_STAND_INS = {"code_inline": OPAQUE, "image": OPAQUE, "hardbreak": " "}


def _inline_languages(
    tokens: list[Token], language: str, enabled: bool, dashes: tuple[str, ...]
) -> dict[int, tuple[str, tuple[str, ...]] | None]:
    """The language each inline's text is set in (a fallback block's own
    ``lang``) and the editorial ``dashes`` it gets (the front matter's: they
    were listed for the source's text, so a translation gets none), by the id
    of its children; None where typography is off (the document's front
    matter ``typography: false``, an entry's comment)."""
    stack = [language]
    languages: dict[int, tuple[str, tuple[str, ...]] | None] = {}
    for token in tokens:
        if token.nesting == 1:
            stack.append(str(token.attrGet("lang") or stack[-1]))
        elif token.nesting == -1:
            stack.pop()
        elif token.type == "inline" and token.children:
            on = enabled and token.meta.get("typography", True)
            own = () if token.meta.get(_TRANSLATION) else dashes
            languages[id(token.children)] = (stack[-1].replace("-", "_"), own) if on else None
    return languages


def _typeset(tokens: list[Token], env) -> list[str] | None:
    """The text of an inline's tokens as typography sets them (None: left as typed)."""
    setting = env.get(_LANGUAGES, {}).get(id(tokens))
    if setting is None:
        return None
    done = env[_SET].get(id(tokens))
    if done is None:
        # A soft line break is a space the rules may make no-break, as in
        # the same text written on one line (which a translation always is).
        pieces = [
            (_WHITESPACE_RUN.sub(" ", t.content), True) if t.type == "text" else (" ", True) if t.type == "softbreak"
            else (_STAND_INS.get(t.type, TRANSPARENT), False)
            for t in tokens
        ]
        language, dashes = setting
        done = env[_SET][id(tokens)] = set_pieces(pieces, language, dashes=dashes)
    return done


def _softbreak(renderer, tokens: list[Token], idx: int, options, env) -> str:
    done = _typeset(tokens, env)
    return done[idx] if done is not None else " "  # a space, as source.markdown renders it


def _text(renderer, tokens: list[Token], idx: int, options, env) -> str:
    done = _typeset(tokens, env)
    content = done[idx] if done is not None else tokens[idx].content
    # A reader sees one space either way, but a run of 400,000 spaces in a
    # translation made WeasyPrint's line breaking quadratic (minutes per booklet).
    shown = escapeHtml(_WHITESPACE_RUN.sub(" ", content))
    # A range of figures ("1945–1946") is not broken across lines.
    return _RANGE.sub(r'<span class="nobreak">\1</span>', shown) if done is not None else shown


def _is_rust(info: str) -> bool:
    return re.split(r"[\s,{]", info.strip(), maxsplit=1)[0] == "rust"


def _without_hidden_lines(code: str) -> str:
    """A Rust example as mdBook shows it: lines that start with "# " (or are
    "#" alone) are for the compiler only; "##" stands for a "#" shown."""
    shown = []
    for line in code.split("\n"):
        stripped = line.lstrip()
        if stripped.startswith("##"):
            shown.append(line.replace("##", "#", 1))
        elif stripped != "#" and not stripped.startswith("# "):
            shown.append(line)
    return "\n".join(shown)


#: A translator's switch for one entry, in a comment like "booklet: ignore
#: figures": a flag would not do, GNU's tools drop flags they do not know.
_NO_TYPOGRAPHY = re.compile(r"^\s*booklet:\s*no-typography\s*$", re.M)


def word_diff(old: str, new: str) -> str:
    """What changed from ``old`` to ``new``, word by word, as wdiff writes it:
    [-removed-] {+added+}."""
    import difflib

    a, b = old.split(), new.split()
    shown: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            shown += a[i1:i2]
            continue
        if i2 > i1:
            shown.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            shown.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(shown)


def _completion(states: dict[tuple[str | None, str], str]) -> Completion:
    """Messages and the source's words that readers get in the language."""
    published = [text for (_, text), state in states.items() if state in ("translated", "source")]
    return Completion(len(published), len(states), sum(map(count_words, published)), sum(count_words(t) for _, t in states))


def lookup_from_catalog(po: polib.POFile) -> Lookup:
    lookup: Lookup = {}
    for entry in po:
        if entry.obsolete or not entry.msgid or entry.msgid_plural:
            continue
        lookup[(entry.msgctxt, entry.msgid)] = Found(
            entry.msgstr,
            "fuzzy" in entry.flags,
            entry.linenum,
            not _NO_TYPOGRAPHY.search(entry.tcomment or ""),
            entry.previous_msgid or None,
        )
    return lookup


def _slug(text: str, taken: dict[str, int]) -> str:
    """A heading's anchor as mdBook makes it, so that a book's links
    (``other.md#anchor``) find their target: letters, digits, ``_`` and
    ``-`` kept (ASCII lowercased), whitespace made ``-``, the rest dropped;
    a repeated anchor gets ``-1``, ``-2``..."""
    base = "".join(c.lower() if c.isascii() else c for c in text if c.isalnum() or c in "_-" or c.isspace())
    base = "".join("-" if c.isspace() else c for c in base) or "section"
    count = taken.get(base, 0)
    taken[base] = count + 1
    return base if count == 0 else f"{base}-{count}"


def _targets(children: list[Token]) -> tuple[set[str], set[str], set[str]]:
    """Link targets, image sources and raw inline HTML of the source text."""
    hrefs, srcs, html = set(), set(), set()
    for child in children:
        if child.type == "link_open":
            hrefs.add(str(child.attrGet("href")))
        elif child.type == "image":
            srcs.add(str(child.attrGet("src")))
        elif child.type == "html_inline":
            html.add(child.content)
    return hrefs, srcs, html


def sanitize(children: list[Token], allowed: tuple[set[str], set[str], set[str]]) -> list[Token]:
    """Translations are untrusted: a link, image or raw HTML that the source
    text does not have is shown as plain text, so no script, handler, remote
    resource or local path can reach a reader or the PDF renderer. Only
    direction marks (``<span dir="ltr">``, ``<bdi>``: source.DIRECTION_MARK)
    are taken as HTML: they change a run's direction and nothing else."""
    hrefs, srcs, html = allowed
    result: list[Token] = []
    dropping_link = 0
    for child in children:
        if child.type == "link_open":
            if child.attrGet("href") not in hrefs:
                dropping_link += 1
                continue
        elif child.type == "link_close" and dropping_link:
            dropping_link -= 1
            continue
        elif child.type == "image" and child.attrGet("src") not in srcs:
            alt = Token("text", "", 0)
            alt.content = child.content
            result.append(alt)
            continue
        elif child.type == "html_inline" and child.content not in html and not DIRECTION_MARK.fullmatch(child.content):
            # an <img> of the source with its alt and title translated is the source's tag with them
            tag, written = translated_tag(child.content, html), child.content
            child = Token("html_inline" if tag is not None else "text", "", 0)
            child.content = tag if tag is not None else written
        result.append(child)
    return result


def _carrier(tokens: list[Token], inline: int) -> Token:
    """The element that shows a block: its opener, or the list item around a tight list's hidden paragraph."""
    opener = tokens[inline - 1]
    if not opener.hidden:
        return opener
    for index in range(inline - 2, -1, -1):
        if tokens[index].type == "list_item_open" and tokens[index].level == opener.level - 1:
            return tokens[index]
    return opener


def _plain(children: list[Token]) -> str:
    return "".join(c.content for c in children if c.type in ("text", "code_inline", "html_inline", "image"))


def translate_document(
    document: Document,
    lookup: Lookup | None,
    *,
    language: str,
    source_language: str,
    rtl: dict[str, bool],
    publish_fuzzy: bool = False,
    preview: bool = False,
    catalog_path: str | None = None,
    media: Callable[[str], str] = lambda src: src,
    links: Callable[[str], str] = lambda href: href,
    findings: Mapping[int, list[str]] | None = None,
) -> TranslatedDocument:
    """Apply ``lookup`` to a copy of ``document``; ``lookup=None`` is the source edition.
    The body is rendered once, with ``media`` mapping relative image sources
    to URLs (the build gives the web edition's: the page and the booklet
    share one rendering, see build._booklet_body).

    Untranslated (and, by default, fuzzy) blocks fall back to the source text
    and carry the source ``lang`` so hyphenation and screen readers are right.

    The translator's ``preview`` shows the latest text, whatever its checks
    say: a fuzzy translation under review (with the change of its source, the
    previous msgid against the msgid), and beside each block the
    ``findings`` of its catalogue entry (by the entry's .po line).
    """
    refs = references(document.env)
    tokens = copy.deepcopy(document.tokens)
    meta = dict(document.meta)
    keys = message_key(document)
    status: dict[tuple[str | None, str], str] = {}
    fallback_lines: list[int] = []
    previous_fallback = False  # the block before was shown in the source language
    code: dict[int, list[str | None]] = defaultdict(list)  # a code block's translated messages, in order

    for (context, text), segment in zip(keys, document.segments):
        found = lookup.get((context, text)) if lookup is not None else None
        published = found is not None and found.msgstr and (publish_fuzzy or not found.fuzzy)
        # the preview shows a fuzzy translation too: it is what the translator is reviewing
        usable = published or (preview and found is not None and found.msgstr)
        if lookup is None:
            state = "source"
        elif published:
            state = "translated"
        else:
            state = "fuzzy" if found is not None and found.msgstr and found.fuzzy else "untranslated"
        status[(context, text)] = state if status.get((context, text)) in (None, state) else status[(context, text)]
        if segment.token is not None and tokens[segment.token].type in ("fence", "html_block"):
            # put back below, all of a block's at once: a code block's messages,
            # or the alt texts of an HTML block's images
            code[segment.token].append(found.msgstr if usable and found is not None else None)
            continue
        if segment.field is not None:
            if usable:
                # A field is one line of plain text (it reaches <title> and the
                # PDF's /Title): no control character, even with --force.
                meta[segment.field] = one_line(found.msgstr)
            continue
        inline = tokens[segment.token]
        in_fallback = previous_fallback
        previous_fallback = lookup is not None and not usable
        if usable:
            source_children = inline.children or []
            if segment.kind == "image alt text":
                image = source_children[0]
                image.children = sanitize(list(inline_tokens(found.msgstr, refs)), (set(), set(), set()))
                image.content = found.msgstr
            else:
                inline.children = sanitize(list(inline_tokens(found.msgstr, refs)), _targets(source_children))
            inline.meta = {**(inline.meta or {}), "typography": found.typography, _TRANSLATION: True}
        elif lookup is not None:
            fallback_lines.append(segment.line)
            if found is not None and not found.typography:
                # the translator's switch is the entry's, whichever text it shows
                inline.meta = {**(inline.meta or {}), "typography": False}
            carrier = _carrier(tokens, segment.token)
            carrier.attrSet("lang", source_language)
            if rtl.get(source_language, False) != rtl.get(language, False):
                carrier.attrSet("dir", "rtl" if rtl.get(source_language) else "ltr")
            # Marked for readers (a rule, and a label on the first block of
            # each run: the templates' "Original text, not yet translated").
            if "fallback" not in str(carrier.attrGet("class") or "").split():
                carrier.attrJoin("class", "fallback" if in_fallback else "fallback fallback-start")
        if preview and lookup is not None:
            carrier = _carrier(tokens, segment.token)
            carrier.attrJoin("class", f"i18n-{state}")
            found_line = found.line if found is not None else None
            where = f"{catalog_path}:{found_line}" if catalog_path and found_line else f"{document.path}:{segment.line}"
            carrier.attrSet("data-i18n", where)
            notes = list((findings or {}).get(found_line, [])) if found_line else []
            if notes:
                carrier.attrJoin("class", "i18n-error" if any(n.startswith("error") for n in notes) else "i18n-warning")
            if state == "fuzzy" and found is not None and found.previous and found.previous != text:
                notes.append("source changed: " + word_diff(found.previous, text))
            if notes:
                carrier.attrSet("data-i18n-notes", "\n".join(notes))

    # what the project made messages of, as the segments show it: the same
    # messages of each block, in the same order, as parse_document found
    kinds = tuple(k for k in KINDS if any(s.kind.startswith(f"code {k[:-1]} (") for s in document.segments))
    for index, translations in code.items():
        block = tokens[index]
        if block.type == "html_block":
            # an untranslated alt text is marked with its language, for screen readers
            block.content = rewrite_raw_images(block.content, str, translations, source_language if lookup is not None else None)
            continue
        block.content = translated_code(block.content, block.info, kinds, translations)
        shown = {m.text for m in code_messages(block.content, block.info, kinds)}
        texts = {shown_text(t) for t in translations if t} & shown
        block.meta = {**(block.meta or {}), _TRANSLATED: tuple(line for text in sorted(texts) for line in text.split("\n"))}

    toc: list[TocEntry] = []
    taken: dict[str, int] = {}
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            # Anchors come from the source text, so they are the same in every language.
            anchor = _slug(_plain(document.tokens[index + 1].children or []), taken)
            token.attrSet("id", anchor)
            toc.append(TocEntry(int(token.tag[1]), anchor, _plain(tokens[index + 1].children or [])))

    total = len(status)
    translated = sum(1 for s in status.values() if s in ("translated", "source"))
    fuzzy = sum(1 for s in status.values() if s == "fuzzy")
    edition = TranslatedDocument(
        document=document,
        language=language,
        meta=meta,
        tokens=tokens,
        toc=toc,
        total=total,
        translated=translated,
        fuzzy=fuzzy,
        fallback_lines=fallback_lines,
        states=status,
        source_language=source_language,
    )
    edition.body = edition.render_body(media, links)
    return edition


@dataclass
class BookEdition:
    """A book in one language: its chapters' editions and its translated titles."""

    book: Book
    language: str
    titles: TranslatedDocument  # meta: title field (BookEntry.field) -> the title as published
    chapters: list[TranslatedDocument]
    draft: bool = False

    @property
    def document(self) -> Document:
        return self.book.titles

    @property
    def meta(self) -> dict[str, Any]:
        return self.titles.meta

    @property
    def title(self) -> str:
        return str(self.titles.meta.get("title") or self.book.title)

    def title_of(self, entry: BookEntry) -> str:
        return str(self.titles.meta.get(entry.field) or entry.title)

    def falls_back(self, entry: BookEntry) -> bool:
        """The entry's title is shown in the source language (untranslated)."""
        return entry.field not in self.titles.meta and "source" not in self.titles.states.values()

    def contents(self) -> list[dict[str, Any]]:
        """The book's contents as this language shows them, entry by entry
        (for the PDF's contents page and the web edition's sidebar): kind,
        title, number ("1.2."), depth, chapter (index, or None), whether the
        title falls back to the source language, and the entry itself."""
        return [
            {
                "kind": entry.kind,
                "title": self.title_of(entry) if entry.kind != "separator" else "",
                "number": ".".join(map(str, entry.number)) + "." if entry.number else "",
                "depth": entry.depth,
                "chapter": entry.chapter,
                "fallback": entry.kind != "separator" and self.falls_back(entry),
                "entry": entry,
            }
            for entry in self.book.entries
        ]

    @property
    def toc(self) -> list[TocEntry]:
        return []

    @functools.cached_property  # asked for by every figure of every chapter page: merged once
    def states(self) -> dict[tuple[str | None, str], str]:
        """Each of the book's distinct messages (a title and a heading alike count once) and its state."""
        states: dict[tuple[str | None, str], str] = {}
        for part in (self.titles, *self.chapters):
            for key, state in part.states.items():
                states.setdefault(key, state)
        return states

    @property
    def completion(self) -> Completion:
        return _completion(self.states)

    @property
    def translated(self) -> int:
        return self.completion.published

    @property
    def total(self) -> int:
        return self.completion.total

    @property
    def percent(self) -> int:
        return self.completion.percent

    @property
    def fuzzy(self) -> int:
        return sum(1 for s in self.states.values() if s == "fuzzy")

    def characters(self) -> set[str]:
        return set().union(self.titles.characters(), *(chapter.characters() for chapter in self.chapters))

    figures = TranslatedDocument.figures  # the same figures, of the whole book


def translate_book(
    book: Book,
    lookup: Lookup | None,
    *,
    media: Callable[[Document], Callable[[str], str]],
    links: Callable[[Document], Callable[[str], str]],
    **options: Any,
) -> BookEdition:
    """Each chapter of ``book`` and its titles translated with the book's
    one catalogue (``options`` as for translate_document); ``media`` and
    ``links`` give each chapter its mapping of image sources and link targets."""
    titles = translate_document(book.titles, lookup, **options)
    chapters = [
        translate_document(chapter, lookup, media=media(chapter), links=links(chapter), **options) for chapter in book.chapters
    ]
    return BookEdition(book, options["language"], titles, chapters)
