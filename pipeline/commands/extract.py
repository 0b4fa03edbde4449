"""``booklet extract``: write the .pot templates from the sources."""
from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from ._common import add_json_argument, print_report

if TYPE_CHECKING:
    from ..config import Project

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "extract", help="write locales/<document>.pot and locales/templates.pot from the sources"
    )
    add_json_argument(parser)


def run(args: argparse.Namespace, project: Project, stdout: TextIO, stderr: TextIO) -> int:
    from ..extract import extract
    from ..report import CatalogReport

    report = CatalogReport()
    extract(project, report)
    print_report(args, project, report, stdout)
    return 0
