"""``booklet xliff export|import``: the catalogues as XLIFF 2.0 for translation tools, and their translations back."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ._common import add_json_argument, add_lang_argument, check_languages, print_report

if TYPE_CHECKING:
    from ..config import Project

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("xliff", help="exchange the catalogues with translation tools as XLIFF 2.0")
    actions = parser.add_subparsers(dest="xliff_action", metavar="ACTION")
    actions.required = True
    summary = "write LANG.xlf for each language: every entry of every catalogue, nothing lost"
    export = actions.add_parser("export", help=summary, description=summary)
    add_lang_argument(export)
    export.add_argument("-o", "--output", metavar="DIR", help="the folder for the .xlf files (default: xliff/ in the output folder)")
    add_json_argument(export)
    summary = "put the translations of XLIFF 2.0/2.1 files back into their catalogues (all or nothing)"
    into = actions.add_parser("import", help=summary, description=summary)
    into.add_argument("files", nargs="+", metavar="FILE.xlf", help="files made by booklet xliff export, translated")
    add_json_argument(into)


def run(args: argparse.Namespace, project: Project, stdout: TextIO, stderr: TextIO) -> int:
    from ..interchange import export_xliff, import_xliff

    if args.xliff_action == "export":
        folder = Path(args.output) if args.output else project.output / "xliff"
        report = export_xliff(project, check_languages(args.languages, project), Path.cwd() / folder)
    else:
        report = import_xliff(project, [Path(file) for file in args.files])
    print_report(args, project, report, stdout)
    return 0
