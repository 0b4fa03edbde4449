"""``booklet build``: the HTML edition and PDF booklets, into the output folder."""
from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from ..config import FORMATS
from ..errors import UsageError
from ._common import add_json_argument, add_lang_argument, check_languages, console, print_report

if TYPE_CHECKING:
    from ..config import Project

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("build", help="build the HTML edition and PDF booklets into the output folder")
    add_lang_argument(parser)
    parser.add_argument("--format", action="append", dest="formats", choices=FORMATS, help="only this format")
    parser.add_argument("--preview", action="store_true", help="mark untranslated and fuzzy blocks (translator mode)")
    parser.add_argument("--force", action="store_true", help="publish languages whose catalogues have errors")
    parser.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes (default: one per core)")
    parser.add_argument("--clean", action="store_true", help="ignore the build cache: render everything again")
    add_json_argument(parser)


def run(args: argparse.Namespace, project: Project, stdout: TextIO, stderr: TextIO) -> int:
    from ..cache import build_options, quick_check
    from ..lock import project_lock
    from ..report import BuildReport

    languages = check_languages(args.languages, project)
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    options = build_options(project, languages, args.formats, preview=args.preview, force=args.force)
    with project_lock(project.root):  # the inputs are hashed once, under the lock, and the build uses those keys
        checked = quick_check(project, options, clean=args.clean)
        if checked[2] is not None:  # nothing changed: do not even import the renderers
            print_report(args, project, BuildReport.from_cache(project, checked[2]), stdout)
            return 0

        from rich.markup import escape
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        from ..build import build

        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=console(stderr),
            transient=True,
            disable=not stderr.isatty(),  # no spinner frames in logs and pipes
        ) as bar:
            task = bar.add_task("building", total=None)
            report = build(
                project,
                languages=languages,
                formats=args.formats,
                progress=lambda message: bar.update(task, description=f"building {escape(message)}"),
                preview=args.preview,
                force=args.force,
                clean=args.clean,
                jobs_count=args.jobs,
                checked=checked,
            )
    for line in dict.fromkeys(str(f) for f in report.failures):  # one line per problem, never wrapped
        stderr.write(f"booklet: error: {line}\n")
    print_report(args, project, report, stdout)
    return 1 if report.failures else 0
