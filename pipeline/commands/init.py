"""``booklet init``: create the catalogues of new languages."""
from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from ._common import add_json_argument, parse_languages, print_report

if TYPE_CHECKING:
    from ..config import Project

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("init", help="create the catalogues of new languages")
    parser.add_argument("languages", nargs="+", metavar="LANG")
    parser.add_argument(
        "--add",
        action="store_true",
        help="add languages the project does not have yet to [tool.booklet] languages in pyproject.toml first",
    )
    add_json_argument(parser)


def run(args: argparse.Namespace, project: Project, stdout: TextIO, stderr: TextIO) -> int:
    from ..init import add_languages, init

    languages = parse_languages(args.languages)
    if args.add:
        # a code near one of the project's (fr_FR for fr) is still an error: init says which was meant
        project = add_languages(project, [l for l in languages if project.nearest_language(l) is None])
    print_report(args, project, init(project, languages), stdout)
    return 0
