"""What the command modules share: the console, the written/unchanged report, --lang and --json."""
from __future__ import annotations

import argparse
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, Sequence, TextIO, runtime_checkable

from ..config import parse_locale
from ..errors import BookletError, UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from ..config import Project

__all__ = [
    "Report",
    "add_json_argument",
    "add_lang_argument",
    "check_languages",
    "console",
    "parse_languages",
    "print_json",
    "print_lines",
    "print_report",
]


@runtime_checkable
class Report(Protocol):
    """What a command that writes files reports (BuildReport, CatalogReport)."""

    @property
    def written(self) -> Sequence[Path]: ...

    @property
    def unchanged(self) -> Sequence[Path]: ...

    @property
    def failures(self) -> Sequence[BookletError]: ...

    def summary(self) -> dict[str, object]:
        """Extra keys of the --json report; ``drafts`` and ``skipped`` are also printed as text."""
        ...


def add_lang_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", action="append", dest="languages", metavar="LANG", help="only this language")


def add_json_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print a machine-readable report")


def console(stream: TextIO) -> Console:
    from rich.console import Console

    # Not a terminal: no width to fit, so do not cut table cells at 80 columns.
    width = None if stream.isatty() else 160
    # No emoji codes: a finding at line 100 ("file.po:100:") printed "file.po💯".
    return Console(file=stream, no_color="NO_COLOR" in os.environ or None, highlight=False, width=width, emoji=False)


def print_json(stream: TextIO, payload: object, *, ensure_ascii: bool = False) -> None:
    stream.write(json.dumps(payload, ensure_ascii=ensure_ascii, indent=2) + "\n")


def print_report(args: argparse.Namespace, project: Project, report: Report, stdout: TextIO) -> None:
    written = [project.relative(p) for p in report.written]
    unchanged = [project.relative(p) for p in report.unchanged]
    summary = report.summary()
    if args.json:
        payload = {"written": written, "unchanged": unchanged, "errors": [str(f) for f in report.failures]}
        payload.update(summary)
        if "removed" in payload:
            payload["removed"] = [project.relative(Path(path)) for path in payload["removed"]]  # type: ignore[union-attr]
        print_json(stdout, payload)
        return
    lines = [("", warning) for warning in summary.get("warnings", [])]  # type: ignore[union-attr]
    lines += [("green", f"wrote {path}") for path in written]
    lines += [
        ("yellow", f"removed {project.relative(Path(path))}: no edition makes it any more")
        for path in summary.get("removed", [])  # type: ignore[union-attr]
    ]
    lines += [("yellow", f"draft {name}: below the minimum completion, marked as a draft") for name in summary.get("drafts", [])]  # type: ignore[union-attr]
    lines += [("yellow", f"skipped {name}: below the minimum completion") for name in summary.get("skipped", [])]  # type: ignore[union-attr]
    lines.append(("", f"{len(written)} file(s) written, {len(unchanged)} unchanged"))
    print_lines(stdout, lines)


#: A line rich prints as it is to a file that is not a terminal: printable
#: ASCII (its markup is escaped, emoji codes are off, lines never wrapped).
_AS_IS = re.compile(r"[ -~]*")


def print_lines(stream: TextIO, lines: Sequence[tuple[str, str]]) -> None:
    """Print each ``(colour, text)``, the text's first word in the colour ("": none).

    Written as they are where rich would print them so (importing rich was a
    tenth of a no-op build's time, to print one line); otherwise by rich, the
    text as it is (a path may hold "[b]")."""
    # Neither a terminal nor a file rich is told to treat as one: no colours.
    plain = not stream.isatty() and not {"FORCE_COLOR", "TTY_COMPATIBLE"} & os.environ.keys()
    if plain and all(_AS_IS.fullmatch(text) for _, text in lines):
        stream.write("".join(f"{text}\n" for _, text in lines))
        stream.flush()
        return
    from rich.markup import escape

    out = console(stream)
    for colour, text in lines:
        if colour:
            word, _, rest = text.partition(" ")
            out.print(f"[{colour}]{escape(word)}[/{colour}] {escape(rest)}", soft_wrap=True)
        else:
            out.print(text, markup=False, soft_wrap=True)  # a finding is one line, however long


def _locale(code: str, prefix: str = "") -> str:
    try:
        return str(parse_locale(code))
    except ValueError as exc:
        raise UsageError(f"{prefix}{exc}") from None


def parse_languages(codes: Sequence[str]) -> list[str]:
    """The normal form of each code (``init``: languages the project may not build yet)."""
    return [_locale(code) for code in codes]


def check_languages(codes: Sequence[str] | None, project: Project) -> list[str] | None:
    """The --lang codes in normal form, each one of the project's languages; None: all of them."""
    if not codes:
        return None
    result = []
    for code in codes:
        normal = _locale(code, "--lang: ")
        if normal not in project.all_languages:
            near = project.nearest_language(normal)
            hint = f"; did you mean {near!r}?" if near else ""
            raise UsageError(f"--lang: {code!r} is not one of the project's languages ({', '.join(project.all_languages)}){hint}")
        result.append(normal)
    return result
