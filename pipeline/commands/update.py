"""``booklet update``: re-extract and merge into every catalogue."""
from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from ._common import add_json_argument, add_lang_argument, check_languages, print_report

if TYPE_CHECKING:
    from ..config import Project

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("update", help="re-extract and merge into every catalogue, keeping translations")
    add_lang_argument(parser)
    parser.add_argument("--prune-obsolete", action="store_true", help="drop obsolete (#~) entries")
    parser.add_argument(
        "--fix-headers",
        action="store_true",
        help="replace a Plural-Forms header that disagrees with the language's rule (CLDR); its plural entries become fuzzy",
    )
    add_json_argument(parser)


def run(args: argparse.Namespace, project: Project, stdout: TextIO, stderr: TextIO) -> int:
    from ..update import update

    languages = check_languages(args.languages, project)
    report = update(project, languages=languages, prune_obsolete=args.prune_obsolete, fix_headers=args.fix_headers)
    for error in report.failures:  # each left as it was; the others are merged
        stderr.write(f"booklet: error: {error}\n")
    print_report(args, project, report, stdout)
    return 1 if report.failures else 0
