"""The comments and string literals of a code block as messages ([tool.booklet] translate-code), and
their translations put back into the code, which is otherwise left byte for byte as written.

A message is the text a translator reads: a comment without its markers
(``//``, ``/* */``, ``///``, ``#``), a run of line comments as one message of
several lines, a literal without its quotes. The markers are put back around
the translation, and each line of a translation of several lines takes the
marker of the source's line. Pygments' tokens say what is a comment or a
literal, as they do for highlighting (render.highlight).

Translations are untrusted: one that would end its comment or literal early
(a line break where the source has none, ``*/``, the literal's quote, a
backslash before the closing quote, a bidi control that would show other code) is refused by ``breaks_out`` (the check
``code``) and, whatever the check said, by ``translated_code``, which lexes
the result again and keeps the source's code where anything outside the
message changed.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pygments.token import Comment, String, _TokenType

if TYPE_CHECKING:
    from pygments.lexer import Lexer

__all__ = ["CodeMessage", "KINDS", "breaks_out", "code_messages", "is_code_kind", "language_of", "lexer", "note", "shown_text", "translated_code", "written"]

#: What [tool.booklet] translate-code may name.
KINDS = ("comments", "strings")

#: Blocks longer than this are not read for messages, as they are not highlighted (render.highlight).
MAX_CHARACTERS = 20_000

_LANGUAGE = re.compile(r"[\s,{]")
#: Block comment markers Pygments' lexers know, longest opener first.
_BLOCKS = {"/**": "*/", "/*!": "*/", "/*": "*/", "<!--": "-->", "{-": "-}", "(*": "*)", "--[[": "]]"}
_QUOTE = re.compile(r"[A-Za-z]*(#*)(\"\"\"|'''|\"|'|`)")
_NOT_MESSAGES = (Comment.Preproc, Comment.PreprocFile, Comment.Hashbang, String.Char, String.Regex, String.Symbol,
                 String.Heredoc, String.Other)
#: A piece of a literal that is code, not text: the literal is left alone.
_CODE_IN_STRING = String.Interpol
#: Bidi embeddings, overrides, isolates and marks, and control characters
#: but the tab and the line break: in code they can make a reader see other code.
_REORDERING = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\x00-\x08\x0b-\x1f\x7f-\x9f]")
_WRITTEN = re.compile(r"^written (?P<open>\S*)\u2026(?P<close>\S*)$", re.M)


@dataclass(frozen=True)
class CodeMessage:
    """One comment (a run of line comments) or literal of a block."""

    kind: str  # "comment" or "string"
    text: str  # the msgid: its lines without markers
    line: int  # of its text's first line in the block, from 0
    start: int  # the span of the block it spans, markers included
    end: int
    opener: str  # "//", "/*", '"', 'r#"'...
    closer: str  # "" for a line comment
    heads: tuple[str, ...]  # per line of the span: what comes before its text
    bodies: tuple[str, ...]
    tails: tuple[str, ...]  # what comes after it
    first: int  # the lines of the span that are the message (others: framing, such as "/**" alone)
    last: int

    def with_text(self, translation: str) -> str:
        """The span as written with ``translation`` in place of the text."""
        lines = shown_text(translation).split("\n")
        out = [h + b + t for h, b, t in zip(self.heads[: self.first], self.bodies, self.tails)]
        count = self.last - self.first
        for j, line in enumerate(lines):
            i = self.first + min(j, count)
            tail = self.tails[i] if j < count else ""
            out.append(self.heads[i] + line + (self.tails[self.last] if j == len(lines) - 1 else tail))
        out += [h + b + t for h, b, t in zip(self.heads[self.last + 1 :], self.bodies[self.last + 1 :], self.tails[self.last + 1 :])]
        return "\n".join(out)


def shown_text(translation: str) -> str:
    """A translation as it is put into the code: no space at its ends nor at its lines' ends."""
    return "\n".join(line.rstrip() for line in translation.strip().split("\n"))


def language_of(info: str) -> str:
    """The language a fence's info string names ("rust,ignore": rust)."""
    return _LANGUAGE.split(info.strip(), maxsplit=1)[0].lower()


def is_code_kind(kind: str) -> bool:
    """Whether a segment kind (an entry's extracted comment) is a code block's message."""
    return kind.startswith(("code comment (", "code string ("))


def note(message: CodeMessage) -> str:
    """The extracted comment that tells a translator (and the check) how the text is written."""
    return f"written {message.opener}\u2026{message.closer}"


def written(comments: str) -> tuple[str, str, str] | None:
    """(kind, opener, closer) of a code message from its extracted comments; None for other messages."""
    lines = comments.split("\n")
    kind = next((line for line in lines if is_code_kind(line)), None)
    match = _WRITTEN.search(comments)
    if kind is None or match is None:
        return None
    return ("comment" if kind.startswith("code comment") else "string"), match["open"], match["close"]


def breaks_out(source: str, translation: str, kind: str, opener: str, closer: str) -> str | None:
    """Why ``translation`` would not stay inside its comment or literal; None if it would."""
    what = "comment" if kind == "comment" else "string literal"
    if control := _REORDERING.search(translation):
        # Trojan Source (CVE-2021-42574): shown code that is not the code
        return f"U+{ord(control.group()):04X} would reorder or hide the code around the {what}"
    if "\n" in translation.strip() and "\n" not in source:
        return f"a line break would end the {what} and make the rest code: keep the translation on one line"
    if closer and _unescaped(translation, closer, escapes=kind == "string"):
        return f"{closer!r} would close the {what} early"
    if kind == "comment" and any(o in translation for o, c in _BLOCKS.items() if c == closer):
        return f"{opener!r} inside the translation would open another {what}"
    if any(re.search(r"(?<!\\)(\\\\)*\\$", line.rstrip()) for line in translation.split("\n")):
        return f"a backslash at a line's end would escape what follows the {what}"
    return None


def _unescaped(text: str, mark: str, *, escapes: bool) -> bool:
    for match in re.finditer(re.escape(mark), text):
        backslashes = len(text[: match.start()]) - len(text[: match.start()].rstrip("\\"))
        if not escapes or backslashes % 2 == 0:
            return True
    return False


def code_messages(code: str, info: str, kinds: tuple[str, ...]) -> tuple[CodeMessage, ...]:
    """The messages of a fenced block (``info``: its info string) of the ``kinds`` asked for, in order."""
    language = language_of(info)
    if not kinds or not language or len(code) > MAX_CHARACTERS:
        return ()
    return _messages(code, language, tuple(sorted(kinds)))


@functools.lru_cache(maxsize=1024)
def _messages(code: str, language: str, kinds: tuple[str, ...]) -> tuple[CodeMessage, ...]:
    found_lexer = lexer(language)
    if found_lexer is None:
        return ()
    tokens: list[tuple[_TokenType, int, str]] = []
    position = 0
    for kind, value in found_lexer.get_tokens(code):
        tokens.append((kind, position, value))
        position += len(value)
    if position != len(code) or "".join(v for _, _, v in tokens) != code:
        return ()  # not the code as written (render.highlight leaves such a block plain)
    found: list[CodeMessage] = []
    index = 0
    while index < len(tokens):
        kind, start, value = tokens[index]
        group = _group(kind)
        if group is None or (group == "string" and "strings" not in kinds) or (group != "string" and "comments" not in kinds):
            index += 1
            continue
        end_index = index + 1
        if group == "string":  # a literal comes in pieces: quote, text, escapes, quote
            while end_index < len(tokens) and _group(tokens[end_index][0]) == "string":
                end_index += 1
            pieces = tokens[index:end_index]
            message = None if any(k in _CODE_IN_STRING for k, _, _ in pieces) else _literal(code, start, pieces)
        elif group == "block":
            while end_index < len(tokens) and _group(tokens[end_index][0]) == "block":
                end_index += 1
            message = _block(code, start, tokens[end_index - 1][1] + len(tokens[end_index - 1][2]))
        else:
            end_index = _line_run(code, tokens, index)
            message = _line_comments(code, tokens[index:end_index])
        index = end_index
        if message is not None and any(c.isalpha() for c in message.text) and not _hidden(code, message, language):
            found.append(message)
    return tuple(found)


@functools.lru_cache(maxsize=64)
def lexer(language: str) -> Lexer | None:
    """Pygments' lexer of ``language`` (None: none), shared with render.highlight."""
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        # As written: no newline stripped at either end, none added, tabs kept.
        return get_lexer_by_name(language, stripnl=False, ensurenl=False, tabsize=0)
    except ClassNotFound:
        return None


def _group(kind: _TokenType) -> str | None:
    """"line" or "block" (comments), "string", or None (not a message)."""
    if any(kind in excluded for excluded in _NOT_MESSAGES):
        return None
    if kind in Comment.Multiline:
        return "block"
    if kind in String.Doc:
        return "doc"  # "///" in Rust, a docstring in Python: told apart by how it is written
    if kind in Comment:
        return "line"
    if kind in String:
        return "string"
    return None


def _line_of(code: str, position: int) -> int:
    return code.count("\n", 0, position)


def _own_line(code: str, position: int) -> bool:
    """Nothing but indentation before ``position`` on its line."""
    return not code[code.rfind("\n", 0, position) + 1 : position].strip()


def _line_run(code: str, tokens: list[tuple[_TokenType, int, str]], index: int) -> int:
    """The end of a run of line comments with one marker, each alone on its own line, from ``index``."""
    kind, start, value = tokens[index]
    if _group(kind) == "doc" and _QUOTE.match(value):
        return index + 1
    marker = _marker(value)
    end = index + 1
    if not _own_line(code, start):
        return end
    while True:
        following = end
        while following < len(tokens) and not tokens[following][2].strip():
            following += 1  # the whitespace between two comments
        if following == len(tokens):
            return end
        kind, position, value = tokens[following]
        between = code[tokens[end - 1][1] + len(tokens[end - 1][2].rstrip("\n")) : position]
        if between.count("\n") != 1 or _group(kind) not in ("line", "doc") or _marker(value) != marker:
            return end
        end = following + 1


def _marker(value: str) -> str:
    match = re.match(r"[^\w\s]+", value)
    return match.group() if match else ""


def _line_comments(code: str, pieces: list[tuple[_TokenType, int, str]]) -> CodeMessage | None:
    kind, start, value = pieces[0]
    if _group(kind) == "doc" and _QUOTE.match(value):
        return _literal(code, start, pieces, kind="comment")
    marker = _marker(value)
    if not marker:
        return None
    last = pieces[-1]
    end = last[1] + len(last[2].rstrip("\n"))
    lines = code[start:end].split("\n")
    heads, bodies, tails = [], [], []
    for line in lines:
        match = re.match(rf"(\s*{re.escape(marker)}\s*)(.*?)(\s*)$", line)
        if match is None:
            return None
        heads.append(match[1])
        bodies.append(match[2])
        tails.append(match[3])
    return _framed(code, "comment", start, end, marker, "", heads, bodies, tails)


#: How a line of a block comment or literal splits into framing, text and
#: framing: (the first line, the later ones). The spaces at a line's ends
#: are framing, kept as written (a translation is put in without its own:
#: shown_text); a comment's later lines may start with a "*" under the opener's.
_COMMENT_LINES = (r"(\s*)(.*?)(\s*)$", r"(\s*(?:\*(?!/)\s?)?)(.*?)(\s*)$")
_LITERAL_LINES = (r"(\s*)(.*?)(\s*)$", r"(\s*)(.*?)(\s*)$")


def _block(code: str, start: int, end: int) -> CodeMessage | None:
    opener = next((o for o in _BLOCKS if code.startswith(o, start)), None)
    if opener is None:
        return None
    return _enclosed(code, "comment", start, end, opener, _BLOCKS[opener], _COMMENT_LINES)


def _literal(code: str, start: int, pieces: list[tuple[_TokenType, int, str]], kind: str = "string") -> CodeMessage | None:
    end = pieces[-1][1] + len(pieces[-1][2])
    match = _QUOTE.match(code, start, end)
    if match is None:
        return None
    return _enclosed(code, kind, start, end, match.group(), match[2] + match[1], _LITERAL_LINES)


def _enclosed(code: str, kind: str, start: int, end: int, opener: str, closer: str, patterns: tuple[str, str]) -> CodeMessage | None:
    """A comment or literal between ``opener`` and ``closer`` (``code[start:end]``)."""
    value = code[start:end]
    if not value.endswith(closer) or len(value) < len(opener) + len(closer):
        return None
    lines = value[len(opener) : len(value) - len(closer)].split("\n")
    heads, bodies, tails = [], [], []
    for number, line in enumerate(lines):
        match = re.match(patterns[number > 0], line, re.S)
        assert match is not None  # every line matches: each group may be empty
        heads.append((opener if number == 0 else "") + match[1])
        bodies.append(match[2])
        tails.append(match[3] + (closer if number == len(lines) - 1 else ""))
    return _framed(code, kind, start, end, opener, closer, heads, bodies, tails)


def _framed(code: str, kind: str, start: int, end: int, opener: str, closer: str,
            heads: list[str], bodies: list[str], tails: list[str]) -> CodeMessage | None:
    filled = [number for number, body in enumerate(bodies) if body.strip()]
    if not filled:
        return None
    first, last = filled[0], filled[-1]
    return CodeMessage(
        kind=kind,
        text="\n".join(bodies[first : last + 1]),
        line=_line_of(code, start) + first,
        start=start,
        end=end,
        opener=opener,
        closer=closer,
        heads=tuple(heads),
        bodies=tuple(bodies),
        tails=tuple(tails),
        first=first,
        last=last,
    )


def _hidden(code: str, message: CodeMessage, language: str) -> bool:
    """A Rust line mdBook does not show ("# " first): its comment is nobody's to read."""
    if language != "rust":
        return False
    line = code.split("\n")[message.line].lstrip()
    return line == "#" or line.startswith("# ")


def translated_code(code: str, info: str, kinds: tuple[str, ...], translations: list[str | None]) -> str:
    """``code`` with each message's translation (by order; None: the source's)
    in its place. A translation that breaks out of its comment or literal, or
    after which the block lexes otherwise outside that message, is not used."""
    messages = code_messages(code, info, kinds)
    result = code
    # from the last, so that the spans before stay where they are
    for number in reversed(range(min(len(messages), len(translations)))):
        message, translation = messages[number], translations[number]
        if not translation or translation.strip() == message.text:
            continue
        if breaks_out(message.text, translation, message.kind, message.opener, message.closer) is not None:
            continue
        candidate = result[: message.start] + message.with_text(translation) + result[message.end :]
        if _same_code(result, candidate, info, kinds, number, translation):
            result = candidate
    return result


def _same_code(before: str, after: str, info: str, kinds: tuple[str, ...], number: int, translation: str) -> bool:
    """Whether ``after`` is ``before`` with message ``number``'s text changed and nothing else."""
    old, new = code_messages(before, info, kinds), code_messages(after, info, kinds)
    if len(old) != len(new) or new[number].text != shown_text(translation):
        return False
    if any(a.text != b.text or a.opener != b.opener or a.closer != b.closer for i, (a, b) in enumerate(zip(old, new)) if i != number):
        return False
    return _outside(before, old) == _outside(after, new)


def _outside(code: str, messages: tuple[CodeMessage, ...]) -> list[str]:
    pieces, done = [], 0
    for message in messages:
        pieces.append(code[done : message.start])
        done = message.end
    pieces.append(code[done:])
    return pieces
