"""``booklet check``: quality checks of the translations."""
from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from ._common import add_json_argument, add_lang_argument, check_languages, print_json

if TYPE_CHECKING:
    from ..config import Project

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("check", help="quality checks of the translations: figures, markup, punctuation...")
    add_lang_argument(parser)
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    add_json_argument(parser)


def run(args: argparse.Namespace, project: Project, stdout: TextIO, stderr: TextIO) -> int:
    from ..check import check_project

    found = check_project(project, check_languages(args.languages, project))
    failing = [f for f in found if f.finding.severity == "error" or args.strict]
    if args.json:
        print_json(stdout, [f.as_dict() for f in found])
    else:
        for located in found:
            stdout.write(f"{located}\n")
        errors = sum(1 for f in found if f.finding.severity == "error")
        stderr.write(f"{errors} error(s), {len(found) - errors} warning(s)\n")
    return 1 if failing else 0
