"""``booklet import``: bring a language's translations made with other tools into its catalogues."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ._common import add_json_argument, check_languages, console, print_report

if TYPE_CHECKING:
    from ..config import Project

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="bring in catalogues made by other tools (mdbook-xgettext, Sphinx, po4a, Weblate, Crowdin) for one language",
    )
    parser.add_argument("files", nargs="+", metavar="FILE.po", help="catalogues of that language, in any charset GNU reads")
    parser.add_argument("--lang", required=True, dest="language", metavar="LANG", help="the language of the files")
    parser.add_argument("--overwrite", action="store_true", help="replace translations the catalogues have (each is named)")
    add_json_argument(parser)
    # The module's name, which the CLI looks commands up by ("import" is a Python keyword).
    parser.set_defaults(command=__name__.rpartition(".")[2])


def run(args: argparse.Namespace, project: Project, stdout: TextIO, stderr: TextIO) -> int:
    from rich.markup import escape

    from ..importer import import_catalogues

    (language,) = check_languages([args.language], project) or [args.language]
    # A spinner with what it is reading or matching, on a terminal only; gone when done.
    with console(stderr).status("importing") as status:
        report = import_catalogues(
            project,
            language,
            [Path(file) for file in args.files],
            overwrite=args.overwrite,
            progress=lambda message: status.update(escape(message)) if stderr.isatty() else None,
        )
    if not args.json:
        out = console(stdout)
        for conflict in report.conflicts:
            out.print("[yellow]conflict[/yellow] " + escape(conflict), highlight=False)
        out.print(
            f"{report.exact} translated, {report.fuzzy} fuzzy, {report.memory} kept as obsolete entries (memory), "
            f"{report.skipped} skipped, {len(report.conflicts)} conflict(s)",
            highlight=False,
        )
    print_report(args, project, report, stdout)
    return 0
