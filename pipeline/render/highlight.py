"""Code blocks highlighted with Pygments: their tokens marked by class, coloured by the stylesheets.

Only classes, never ``style=``: the booklet's stylesheet is parsed once for
every PDF only while the HTML has no style attribute (render.pdf), and one
palette in booklet.css and site.css serves both outputs. The classes are
Pygments' short names (``k``, ``s``, ``c``...), but only a few of them: each
token takes the class of its nearest kind that the palette colours
(``Keyword.Declaration`` is ``k``), so the page carries no span that no rule
would style, and adjacent tokens of one class share one span.

Inline code stays plain, as in mdBook (whose highlight.js guesses no
language): CommonMark gives a code span no language to name (markdown-it
reads Pandoc's `` `x`{.rust} `` as code and text), and a language guessed
from a few characters would colour them by chance.
"""
from __future__ import annotations

import functools
import re

from markdown_it.common.utils import escapeHtml
from pygments.token import Comment, Generic, Keyword, Name, Number, Operator, String, _TokenType

from ..code_messages import language_of
from ..code_messages import lexer as code_lexer  # as written: no newline stripped at either end, none added, tabs kept

__all__ = ["CLASSES", "MAX_CHARACTERS", "highlight"]

#: The kinds of token the palette tells apart, and their classes; any other
#: kind takes its nearest parent's, or none (``_class``).
CLASSES: dict[_TokenType, str] = {
    Keyword: "k",
    Keyword.Type: "kt",
    Operator.Word: "k",  # "and", "in", "not": keywords to a reader
    Name.Builtin: "nb",
    Name.Function: "nf",
    Name.Class: "nc",
    Name.Decorator: "nd",
    String: "s",
    String.Doc: "c",  # a docstring reads as a comment
    String.Escape: "se",
    String.Interpol: "se",
    Number: "m",
    Comment: "c",
    Comment.Preproc: "cp",
    Generic.Deleted: "gd",
    Generic.Inserted: "gi",
    Generic.Heading: "gh",
    Generic.Subheading: "gh",
    Generic.Emph: "ge",
    Generic.Strong: "gs",
}

#: The classes of comments and literals: what a translation may be put into (code_messages).
_TEXT_CLASSES = frozenset({"c", "s"})
#: A letter of a right-to-left script (Hebrew, Arabic, Syriac, Thaana, N'Ko...).
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]|[\U00010800-\U00010fff\U0001e800-\U0001efff]")

#: Blocks longer than this (some 500 lines, 15 booklet pages) are left
#: plain. The spans, not Pygments, are the cost: WeasyPrint lays out every
#: one as an inline box, and 20,000 characters of Python took 3 s in place of
#: 1 s per language's PDF (49,000: 12 s in place of 3); Pygments itself lexes
#: 70-200 KB/s (C, Python; 2.21), and some of its lexers backtrack on odd input.
MAX_CHARACTERS = 20_000

def highlight(code: str, info: str, *, isolate: frozenset[str] = frozenset()) -> str | None:
    """``code`` as HTML with its tokens in ``<span class="...">``, escaped;
    None where it is to be shown plain: no language, one Pygments does not
    know, or a block too long to be worth it (MAX_CHARACTERS). The texts of
    ``isolate`` with a right-to-left letter, where a comment or literal
    holds them, are put in ``<bdi>``: a direction of their own, in code that
    reads left to right."""
    language = language_of(info)
    if not language or len(code) > MAX_CHARACTERS:
        return None
    return _highlighted(code, language, tuple(sorted((t for t in isolate if _RIGHT_TO_LEFT.search(t)), key=len, reverse=True)))


# Every language renders the same (untranslated) code blocks, one language
# after the other in one process: lexed once, not once per language.
@functools.lru_cache(maxsize=2048)
def _highlighted(code: str, language: str, isolate: tuple[str, ...] = ()) -> str | None:
    lexer = code_lexer(language)
    if lexer is None:
        return None
    out: list[str] = []
    shown: list[str] = []
    current, run = "", []  # the class of the span being written, and its text
    for kind, value in lexer.get_tokens(code):
        shown.append(value)
        name = _class(kind)
        if name != current and run:
            out.append(_span(current, "".join(run), isolate))
            run = []
        current = name
        run.append(value)
    if run:
        out.append(_span(current, "".join(run), isolate))
    # Pygments may drop or add a newline, or expand a tab, depending on a
    # lexer's options: a reader must see the code exactly as written.
    if "".join(shown) != code:
        return None
    return "".join(out)


@functools.lru_cache(maxsize=512)
def _class(kind: _TokenType) -> str:
    while kind not in CLASSES and kind.parent is not None:
        kind = kind.parent
    return CLASSES.get(kind, "")


def _span(name: str, text: str, isolate: tuple[str, ...] = ()) -> str:
    if not name:
        return escapeHtml(text)
    shown = escapeHtml(text)
    if name in _TEXT_CLASSES and isolate:
        found = re.compile("|".join(re.escape(escapeHtml(t)) for t in isolate))
        shown = found.sub(lambda match: f"<bdi>{match.group()}</bdi>", shown)
    return f'<span class="{name}">{shown}</span>'
