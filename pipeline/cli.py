"""The ``booklet`` command: parses arguments, calls one function per command, maps errors to exit codes."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Sequence, TextIO

from . import __version__
from .config import FORMATS, load_project, parse_locale
from .errors import BookletError, UsageError

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would exit 2 with its own format
        raise UsageError(f"{message} (see {self.prog} --help)")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="booklet",
        description="Markdown sources -> gettext catalogues -> translated HTML editions and PDF booklets.",
    )
    parser.add_argument("--project", metavar="DIR", default=".", help="the project folder (default: .)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    parser.add_argument("--version", action="version", version=f"booklet {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    commands.add_parser("extract", help="write locales/<document>.pot and locales/templates.pot from the sources")
    init = commands.add_parser("init", help="create the catalogues of new languages")
    init.add_argument("languages", nargs="+", metavar="LANG")
    update = commands.add_parser("update", help="re-extract and merge into every catalogue, keeping translations")
    update.add_argument("--lang", action="append", dest="languages", metavar="LANG", help="only this language")
    update.add_argument("--prune-obsolete", action="store_true", help="drop obsolete (#~) entries")
    update.add_argument(
        "--fix-headers",
        action="store_true",
        help="replace a Plural-Forms header that disagrees with the language's rule (CLDR); its plural entries become fuzzy",
    )
    build = commands.add_parser("build", help="build the HTML edition and PDF booklets into the output folder")
    build.add_argument("--lang", action="append", dest="languages", metavar="LANG", help="only this language")
    build.add_argument("--format", action="append", dest="formats", choices=FORMATS, help="only this format")
    build.add_argument("--preview", action="store_true", help="mark untranslated and fuzzy blocks (translator mode)")
    status = commands.add_parser("status", help="how complete each catalogue is (agrees with msgfmt --statistics)")
    status.add_argument("--lang", action="append", dest="languages", metavar="LANG", help="only this language")
    check = commands.add_parser("check", help="quality checks of the translations: figures, markup, punctuation...")
    check.add_argument("--lang", action="append", dest="languages", metavar="LANG", help="only this language")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--force", action="store_true", help="publish languages whose catalogues have errors")
    build.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes (default: one per core)")
    build.add_argument("--clean", action="store_true", help="ignore the build cache: render everything again")
    serve = commands.add_parser("serve", help="live preview of the HTML edition on 127.0.0.1, rebuilt on every save")
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000; 0: any free port)")
    serve.add_argument("--lang", action="append", dest="languages", metavar="LANG", help="only this language")
    serve.add_argument(
        "--no-preview", dest="preview", action="store_false", help="no translator marks, just the site"
    )
    serve.add_argument(
        "--pdf", action="store_true", help="rebuild the PDF booklets too, each linked from its page"
    )
    normalize = commands.add_parser("normalize", help="rewrite catalogues in GNU msgcat's canonical form")
    normalize.add_argument("paths", nargs="*", metavar="PATH", help=".po/.pot files (default: all of the project's)")
    normalize.add_argument("--check", action="store_true", help="only list the files that would change; exit 1 if any")
    for sub in (commands.choices["extract"], init, update, build, status, check, normalize):
        sub.add_argument("--json", action="store_true", help="print a machine-readable report")
    return parser


def _console(stream: TextIO):
    from rich.console import Console

    # Not a terminal: no width to fit, so do not cut table cells at 80 columns.
    width = None if stream.isatty() else 160
    return Console(file=stream, no_color="NO_COLOR" in os.environ or None, highlight=False, width=width)


def _report(args: argparse.Namespace, project, report, stdout: TextIO, failures=()) -> None:
    written = [project.relative(p) for p in report.written]
    unchanged = [project.relative(p) for p in report.unchanged]
    if args.json:
        payload = {"written": written, "unchanged": unchanged, "errors": [str(f) for f in failures]}
        if hasattr(report, "summary"):
            payload.update(report.summary())
        stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    console = _console(stdout)
    for path in written:
        console.print(f"[green]wrote[/green] {path}")
    for name in getattr(report, "drafts", []):
        console.print(f"[yellow]draft[/yellow] {name}: below the minimum completion, marked as a draft")
    for name in getattr(report, "skipped", []):
        console.print(f"[yellow]skipped[/yellow] {name}: below the minimum completion")
    console.print(f"{len(written)} file(s) written, {len(unchanged)} unchanged")


def _check_languages(codes: Sequence[str] | None, project) -> list[str] | None:
    if not codes:
        return None
    result = []
    for code in codes:
        try:
            normal = str(parse_locale(code))
        except ValueError as exc:
            raise UsageError(f"--lang: {exc}") from None
        if normal not in project.all_languages:
            raise UsageError(f"--lang: {code!r} is not one of the project's languages ({', '.join(project.all_languages)})")
        result.append(normal)
    return result


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    project = load_project(Path(args.project))
    if args.command == "extract":
        from .update import CatalogReport, extract

        report = CatalogReport()
        extract(project, report)
        _report(args, project, report, stdout)
        return 0
    if args.command == "init":
        from .update import init

        languages = []
        for code in args.languages:
            try:
                languages.append(str(parse_locale(code)))
            except ValueError as exc:
                raise UsageError(str(exc)) from None
        _report(args, project, init(project, languages), stdout)
        return 0
    if args.command == "update":
        from .update import update

        languages = _check_languages(args.languages, project)
        report = update(
            project, languages=languages, prune_obsolete=args.prune_obsolete, fix_headers=args.fix_headers
        )
        for error in report.failures:  # each left as it was; the others are merged
            stderr.write(f"booklet: error: {error}\n")
        _report(args, project, report, stdout, report.failures)
        return 1 if report.failures else 0
    if args.command == "build":
        from .cache import build_options, quick_check
        from .report import BuildReport

        languages = _check_languages(args.languages, project)
        if args.jobs is not None and args.jobs < 1:
            raise UsageError("--jobs must be at least 1")
        options = build_options(project, languages, args.formats, preview=args.preview, force=args.force)
        _, _, last = quick_check(project, options, clean=args.clean)
        if last is not None:  # nothing changed: do not even import the renderers
            _report(args, project, BuildReport.from_cache(project, last), stdout)
            return 0

        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        from .build import build

        console = _console(stderr)
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not stderr.isatty(),  # no spinner frames in logs and pipes
        ) as bar:
            task = bar.add_task("building", total=None)
            report = build(
                project,
                languages=languages,
                formats=args.formats,
                progress=lambda message: bar.update(task, description=f"building {message}"),
                preview=args.preview,
                force=args.force,
                clean=args.clean,
                jobs_count=args.jobs,
            )
        for line in dict.fromkeys(str(f) for f in report.failures):  # one line per problem, never wrapped
            stderr.write(f"booklet: error: {line}\n")
        _report(args, project, report, stdout, report.failures)
        return 1 if report.failures else 0
    if args.command == "check":
        from .qa import check_project

        found = check_project(project, _check_languages(args.languages, project))
        failing = [f for f in found if f.finding.severity == "error" or args.strict]
        if args.json:
            stdout.write(json.dumps([f.as_dict() for f in found], ensure_ascii=False, indent=2) + "\n")
        else:
            for located in found:
                stdout.write(f"{located}\n")
            errors = sum(1 for f in found if f.finding.severity == "error")
            stderr.write(f"{errors} error(s), {len(found) - errors} warning(s)\n")
        return 1 if failing else 0
    if args.command == "normalize":
        from .normalize import normalize

        paths = [Path(p) if Path(p).is_absolute() else Path.cwd() / p for p in args.paths]
        result = normalize(project, paths or None, check=args.check)
        changed = [project.relative(p) for p in result.changed]
        if args.json:
            stdout.write(json.dumps({"changed": changed, "check": args.check}, indent=2) + "\n")
        else:
            for path in changed:
                stdout.write(f"{'would rewrite' if args.check else 'rewrote'} {path}\n")
            stdout.write(f"{len(changed)} file(s) {'to normalize' if args.check else 'normalized'}, "
                         f"{len(result.unchanged)} already canonical\n")
        return 1 if args.check and changed else 0
    if args.command == "serve":
        from .serve import serve

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
            languages=_check_languages(args.languages, project),
            ready=lambda url: log(f"serving {url} (Ctrl-C stops)"),
            log=log,
        )
        return 0
    if args.command == "status":
        from .status import status

        rows = status(project, _check_languages(args.languages, project))
        if args.json:
            stdout.write(json.dumps([row.as_dict() for row in rows], ensure_ascii=False, indent=2) + "\n")
        else:
            _print_status(rows, stdout, project)
        unreadable = [row.error for row in rows if row.error is not None]
        for error in unreadable:
            stderr.write(f"booklet: error: {error}\n")
        return 1 if unreadable else 0
    raise UsageError(f"unknown command {args.command!r}")


def _print_status(rows, stdout: TextIO, project) -> None:
    from rich.table import Table

    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in ("document", "lang", "translated", "fuzzy", "untranslated", "obsolete", "words", "done", "state"):
        table.add_column(column, justify="left" if column in ("document", "lang", "state") else "right")
    for row in rows:
        if row.stats is None:
            table.add_row(row.domain, row.language, "-", "-", "-", "-", "-", "-", row.state)
            continue
        s = row.stats
        state = "ok" if row.state == "ok" else f"{project.incomplete} (< {row.threshold}%)"
        table.add_row(
            row.domain,
            row.language,
            str(s.translated),
            str(s.fuzzy),
            str(s.untranslated),
            str(s.obsolete),
            f"{s.translated_words}/{s.source_words}",
            f"{s.percent:g}%",
            state,
        )
    _console(stdout).print(table)


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        args = _parser().parse_args(argv)
        return run(args, stdout, stderr)
    except BookletError as error:
        if debug:
            raise
        stderr.write(f"booklet: error: {error}\n")
        return error.exit_code
    except OSError as error:  # a file outside the project (an installed font, pattern...) that cannot be read
        if debug:
            raise
        where = f"{error.filename}: " if error.filename else ""
        stderr.write(f"booklet: error: {where}{error.strerror or error}\n")
        return 1
    except KeyboardInterrupt:
        stderr.write("booklet: interrupted\n")
        return 130
