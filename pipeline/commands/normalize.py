"""``booklet normalize``: rewrite catalogues in GNU msgcat's canonical form."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ._common import add_json_argument, print_json

if TYPE_CHECKING:
    from ..config import Project

__all__ = ["register", "run", "works_without_project"]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("normalize", help="rewrite catalogues in GNU msgcat's canonical form")
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help=".po/.pot files, in a project or not, as a pre-commit hook passes them (default: all of the project's)",
    )
    parser.add_argument("--check", action="store_true", help="only list the files that would change; exit 1 if any")
    add_json_argument(parser)


def works_without_project(args: argparse.Namespace) -> bool:
    """Given files, normalize needs no project: any repository's catalogues, from a pre-commit hook."""
    return bool(args.paths)


def run(args: argparse.Namespace, project: Project | None, stdout: TextIO, stderr: TextIO) -> int:
    from ..normalize import normalize

    if project is None:  # the files as given (relative to where the hook runs)
        result = normalize(None, [Path(p) for p in args.paths], check=args.check)
        changed = [str(p) for p in result.changed]
    else:
        paths = [Path(p) if Path(p).is_absolute() else Path.cwd() / p for p in args.paths]
        result = normalize(project, paths or None, check=args.check)
        changed = [project.relative(p) for p in result.changed]
    if args.json:
        # Unlike the other commands' reports, non-ASCII paths are \u-escaped here (as before the split).
        print_json(stdout, {"changed": changed, "check": args.check}, ensure_ascii=True)
    else:
        for path in changed:
            stdout.write(f"{'would rewrite' if args.check else 'rewrote'} {path}\n")
        stdout.write(
            f"{len(changed)} file(s) {'to normalize' if args.check else 'normalized'}, "
            f"{len(result.unchanged)} already canonical\n"
        )
    return 1 if args.check and changed else 0
