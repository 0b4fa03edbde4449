"""``booklet init``: create the catalogues of new languages."""
from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from . import add_language
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
        help="add languages the project does not have yet to [tool.booklet] languages first (as booklet add-language)",
    )
    add_json_argument(parser)


def run(args: argparse.Namespace, project: Project, stdout: TextIO, stderr: TextIO) -> int:
    if args.add:
        return add_language.run(args, project, stdout, stderr)
    from ..init import init

    print_report(args, project, init(project, parse_languages(args.languages)), stdout)
    return 0
