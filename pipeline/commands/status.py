"""``booklet status``: how complete each catalogue is."""
from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Sequence, TextIO

from ._common import add_json_argument, add_lang_argument, check_languages, console, print_json

if TYPE_CHECKING:
    from ..config import Project

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("status", help="how complete each catalogue is (agrees with msgfmt --statistics)")
    add_lang_argument(parser)
    add_json_argument(parser)


def run(args: argparse.Namespace, project: Project, stdout: TextIO, stderr: TextIO) -> int:
    from ..check import image_findings
    from ..status import status

    languages = check_languages(args.languages, project)
    rows = status(project, languages)
    if args.json:
        print_json(stdout, [row.as_dict() for row in rows])
    else:
        _print_table(rows, stdout, project)
    unreadable = [row.error for row in rows if row.error is not None]
    for error in unreadable:
        stderr.write(f"booklet: error: {error}\n")
    images = image_findings(project, languages)  # a language without its own variant of an image it must have
    for located in images:
        stderr.write(f"{located}\n")
    return 1 if unreadable or any(located.finding.severity == "error" for located in images) else 0


def _print_table(rows: Sequence, stdout: TextIO, project: Project) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(box=None, header_style="bold", pad_edge=False)
    # "done" is what the build decides by: the source's words readers get in
    # the language; "entries" is msgfmt --statistics' share of translated messages.
    for column in ("document", "lang", "translated", "fuzzy", "untranslated", "obsolete", "words", "done", "entries", "state"):
        table.add_column(column, justify="left" if column in ("document", "lang", "state") else "right")
    for row in rows:
        if row.stats is None:
            table.add_row(escape(row.domain), row.language, "-", "-", "-", "-", "-", "-", "-", row.state)
            continue
        s = row.stats
        state = "ok" if row.state == "ok" else f"{project.incomplete} (< {row.threshold}%)"
        table.add_row(
            escape(row.domain),  # a document's name, which may hold "[b]"
            row.language,
            str(s.translated),
            str(s.fuzzy),
            str(s.untranslated),
            str(s.obsolete),
            f"{s.translated_words}/{s.source_words}",
            f"{row.completion.percent}%",
            f"{s.percent:g}%",
            state,
        )
    console(stdout).print(table)
