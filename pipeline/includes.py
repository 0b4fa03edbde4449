"""mdBook's ``{{#include}}`` directives, expanded before a source is parsed.

The syntax, as mdBook has it (paths relative to the including file):

- ``{{#include file.rs}}``: the whole file;
- ``{{#include file.rs:2}}``: line 2; ``::10``: lines 1 to 10; ``:2:``:
  line 2 to the end; ``:2:10``: lines 2 to 10;
- ``{{#include file.rs:name}}``: the lines between ``ANCHOR: name`` and
  ``ANCHOR_END: name`` (lines holding an anchor marker are left out);
- ``\\{{#include ...}}``: written as it is, without the backslash.

``{{#rustdoc_include}}`` is read as ``{{#include}}``. Included files are
expanded in turn, ten levels deep at most. A file must lie inside the
project. Every line of the result knows the line of the including file it
comes from, so a message's reference points where its author wrote it.
Other ``{{#...}}`` directives (``playground``, ``title``...) are left as
written and reported, once each.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import SourceError

__all__ = ["Expanded", "expand_includes"]

_DIRECTIVE = re.compile(r"(\\)?\{\{#([a-z_]+)\s+([^}]*?)\s*\}\}")
_ANCHOR = re.compile(r"ANCHOR(_END)?:\s*([\w-]+)")
_DEPTH = 10


@dataclass
class Expanded:
    text: str
    lines: list[int]  # for each line of ``text``, its line in the including file
    warnings: list[str] = field(default_factory=list)


def _portion(text: str, selector: str, what: str, shown: str, line: int) -> str:
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    if selector == "":
        chosen = lines
    elif re.fullmatch(r"\d*(:\d*)?", selector):
        first, _, last = selector.partition(":")
        if ":" not in selector:  # one line
            start = int(first)
            chosen = lines[start - 1 : start] if start >= 1 else []
        else:
            start = int(first) if first else 1
            end = int(last) if last else len(lines)
            chosen = lines[max(start, 1) - 1 : end]
        if not chosen:
            raise SourceError(f"{what}: lines {selector} are not in the file", path=shown, line=line)
    else:
        begin = end_at = None
        for index, text_line in enumerate(lines):
            for match in _ANCHOR.finditer(text_line):
                if match.group(2) == selector:
                    if match.group(1) is None and begin is None:
                        begin = index
                    elif match.group(1) is not None and begin is not None and end_at is None:
                        end_at = index
        if begin is None or end_at is None:
            raise SourceError(f"{what}: no anchor {selector!r} (ANCHOR: {selector} ... ANCHOR_END: {selector})", path=shown, line=line)
        chosen = lines[begin + 1 : end_at]
    return "\n".join(l for l in chosen if not _ANCHOR.search(l))


def expand_includes(text: str, file: Path, shown: str, root: Path, depth: int = 0) -> Expanded:
    """``text`` (of ``file``, shown as ``shown``) with its includes expanded."""
    out: list[str] = []
    origin: list[int] = []
    warnings: list[str] = []
    reported: set[str] = set()
    for number, line in enumerate(text.split("\n"), 1):
        if "{{#" not in line:
            out.append(line)
            origin.append(number)
            continue
        pieces: list[str] = []
        position = 0
        for match in _DIRECTIVE.finditer(line):
            pieces.append(line[position : match.start()])
            position = match.end()
            escaped, name, argument = match.group(1), match.group(2), match.group(3)
            if escaped:
                pieces.append(match.group(0)[1:])
                continue
            if name not in ("include", "rustdoc_include"):
                if name not in reported:
                    reported.add(name)
                    warnings.append(f"{shown}:{number}: warning: {{{{#{name}}}}} is not supported: written as it is")
                pieces.append(match.group(0))
                continue
            what = f"{{{{#{name} {argument}}}}}"
            if depth >= _DEPTH:
                raise SourceError(f"{what}: includes nested more than {_DEPTH} deep", path=shown, line=number)
            target, _, selector = argument.partition(":")
            included = (file.parent / target).resolve()
            if root.resolve() not in included.parents:
                raise SourceError(f"{what}: the file is outside the project", path=shown, line=number)
            try:
                data = included.read_bytes().decode("utf-8")
            except FileNotFoundError:
                raise SourceError(f"{what}: no such file", path=shown, line=number) from None
            except (OSError, UnicodeDecodeError) as exc:
                raise SourceError(f"{what}: cannot read: {getattr(exc, 'strerror', None) or 'not UTF-8'}", path=shown, line=number) from None
            portion = _portion(data.replace("\r\n", "\n"), selector, what, shown, number)
            inner = expand_includes(portion, included, included.relative_to(root.resolve()).as_posix(), root, depth + 1)
            warnings.extend(w for w in inner.warnings if w not in warnings)
            pieces.append(inner.text)
        pieces.append(line[position:])
        joined = "".join(pieces)
        out.append(joined)
        origin.extend([number] * (joined.count("\n") + 1))
    return Expanded("\n".join(out), origin, warnings)
