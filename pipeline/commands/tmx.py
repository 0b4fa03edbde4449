"""``booklet tmx export``: the translation memory of every catalogue as TMX 1.4b."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ._common import add_json_argument, add_lang_argument, check_languages, print_report

if TYPE_CHECKING:
    from ..config import Project

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("tmx", help="export the translation memory as TMX 1.4b")
    actions = parser.add_subparsers(dest="tmx_action", metavar="ACTION")
    actions.required = True
    summary = "write every translated, non-fuzzy entry of every catalogue to one TMX file (the same bytes for the same catalogues)"
    export = actions.add_parser("export", help=summary, description=summary)
    add_lang_argument(export)
    export.add_argument(
        "-o", "--output", metavar="FILE", help="the file to write (default: translation-memory.tmx in the output folder)"
    )
    add_json_argument(export)


def run(args: argparse.Namespace, project: Project, stdout: TextIO, stderr: TextIO) -> int:
    from ..interchange import export_tmx

    path = Path(args.output) if args.output else project.output / "translation-memory.tmx"
    report = export_tmx(project, check_languages(args.languages, project), Path.cwd() / path)
    print_report(args, project, report, stdout)
    return 0
