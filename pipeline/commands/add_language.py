"""``booklet add-language``: a new language in the configuration, with its catalogues."""
from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from ._common import add_json_argument, parse_languages, print_report

if TYPE_CHECKING:
    from ..config import Project

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "add-language",
        help="add languages to [tool.booklet] languages and create their catalogues",
        description=(
            "Add each LANG the project does not have yet to [tool.booklet] languages in pyproject.toml"
            " (only that array is edited: comments and everything else stay), then create every catalogue"
            " the language lacks; a catalogue that exists (made by msginit or Weblate) is never overwritten."
        ),
    )
    parser.add_argument("languages", nargs="+", metavar="LANG", help="a locale code: fr, pt_BR or pt-BR")
    add_json_argument(parser)
    # The module's name, which the CLI looks commands up by (argparse would give "add-language").
    parser.set_defaults(command=__name__.rpartition(".")[2])


def run(args: argparse.Namespace, project: Project, stdout: TextIO, stderr: TextIO) -> int:
    from ..init import add_language

    project, report = add_language(project, parse_languages(args.languages))
    if not args.json:
        for code in report.added:
            stdout.write(f"added {code} to [tool.booklet] languages\n")
    print_report(args, project, report, stdout)
    return 0
