"""``booklet serve``: live preview of the HTML edition, rebuilt on every save."""
from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from ..errors import UsageError
from ._common import add_lang_argument, check_languages

if TYPE_CHECKING:
    from ..config import Project

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve", help="live preview of the HTML edition on 127.0.0.1, rebuilt on every save"
    )
    parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000; 0: any free port)")
    add_lang_argument(parser)
    parser.add_argument("--no-preview", dest="preview", action="store_false", help="no translator marks, just the site")
    parser.add_argument("--pdf", action="store_true", help="rebuild the PDF booklets too, each linked from its page")


def run(args: argparse.Namespace, project: Project, stdout: TextIO, stderr: TextIO) -> int:
    from ..serve import serve

    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port} is not a port number")

    def log(line: str) -> None:
        stderr.write(line + "\n")
        stderr.flush()

    serve(
        project,
        port=args.port,
        preview=args.preview,
        pdf=args.pdf,
        languages=check_languages(args.languages, project),
        ready=lambda url: log(f"serving {url} (Ctrl-C stops)"),
        log=log,
    )
    return 0
