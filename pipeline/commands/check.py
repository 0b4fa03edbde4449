"""``booklet check``: quality checks of the translations, of a project or of any .po files."""
from __future__ import annotations

import argparse
import difflib
from typing import TYPE_CHECKING, TextIO

from ..config import CHECK_NAMES
from ..errors import UsageError
from ._common import add_json_argument, add_lang_argument, check_languages, print_json

if TYPE_CHECKING:
    from ..check import Located, Selection
    from ..config import Project

__all__ = ["register", "run", "works_without_project"]

FORMATS = ("text", "json", "github")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check",
        help="quality checks of the translations: figures, markup, quotes, punctuation...",
        description=(
            "Quality checks of the translations, one line per finding; exit 1 on errors. Without FILE, every"
            " catalogue of the project; with FILE.po..., those files, in a project or not."
        ),
        epilog=f"checks: {', '.join(CHECK_NAMES)}",
    )
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE.po",
        help="catalogues to check (inside a project or not): each file's msgids are its source, its"
        " language is its Language header (else its locales/LANG/LC_MESSAGES folder, or a name such"
        " as de.po); a file that cannot be read is reported and the others are still checked",
    )
    add_lang_argument(parser)
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1 on them too)")
    parser.add_argument(
        "--only", action="append", metavar="NAME[,NAME]", help="report only these checks (see the list below)"
    )
    parser.add_argument("--skip", action="append", metavar="NAME[,NAME]", help="do not report these checks")
    parser.add_argument(
        "--severity",
        choices=("error", "warning"),
        default="warning",
        help="the lowest severity reported: error (errors only) or warning (everything, the default);"
        " a file that cannot be read is always reported",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="text (file:line: severity [check] message, the default), json, or github"
        " (GitHub Actions annotations: ::error file=...,line=...::message)",
    )
    add_json_argument(parser)


def works_without_project(args: argparse.Namespace) -> bool:
    """Given files, check needs no project: a freelancer checks a lone .po."""
    return bool(args.files)


def run(args: argparse.Namespace, project: Project | None, stdout: TextIO, stderr: TextIO) -> int:
    from ..check import check_files, check_project, image_findings

    output = _output_format(args)
    selection = _selection(args)
    if args.files:
        if args.languages:
            raise UsageError("--lang chooses among the project's catalogues; a file's language is its Language header")
        found = check_files(args.files, project)
    else:
        assert project is not None  # the CLI loads one whenever no files are given
        languages = check_languages(args.languages, project)
        found = check_project(project, languages) + image_findings(project, languages)
    shown = [located for located in found if selection.keeps(located)]
    errors = sum(1 for located in shown if located.finding.severity == "error")
    if output == "json":
        print_json(stdout, [located.as_dict() for located in shown])
    else:
        for located in shown:
            stdout.write(f"{_annotation(located) if output == 'github' else located}\n")
        stderr.write(f"{errors} error(s), {len(shown) - errors} warning(s)\n")
    return 1 if errors or (args.strict and shown) else 0


def _output_format(args: argparse.Namespace) -> str:
    """``--json`` is the older spelling of ``--format json``."""
    if args.json and args.format not in (None, "json"):
        raise UsageError(f"--json and --format {args.format} disagree: --json is --format json")
    return "json" if args.json else args.format or "text"


def _selection(args: argparse.Namespace) -> Selection:
    from ..check import Selection

    only, skip = _check_names("--only", args.only), _check_names("--skip", args.skip)
    if "read" in skip:
        raise UsageError("--skip read: a catalogue that cannot be read is always reported (none of its checks ran)")
    if both := sorted(only & skip):
        raise UsageError(f"{', '.join(both)}: both in --only and in --skip")
    return Selection(only=frozenset(only), skip=frozenset(skip), severity=args.severity)


def _check_names(option: str, values: list[str] | None) -> set[str]:
    """The check names of a repeatable, comma-separated option; a name that is
    not a check gets a "did you mean" (as a mistyped command or option does)."""
    names = {name.strip() for value in values or [] for name in value.split(",") if name.strip()}
    for name in sorted(names):
        if name not in CHECK_NAMES:
            near = difflib.get_close_matches(name, CHECK_NAMES, n=1)
            hint = f"did you mean {near[0]!r}? " if near else ""
            raise UsageError(f"{option}: {name!r} is not a check; {hint}(the checks: {', '.join(CHECK_NAMES)})")
    return names


def _annotation(located: Located) -> str:
    """A finding as a GitHub Actions workflow command, which the run's page
    shows on the file's line. Its properties and message are escaped as the
    runner decodes them (actions/toolkit, command.ts): a newline or comma in
    a path or message would otherwise end the command early."""
    from ..check import printable

    finding = located.finding
    properties = [f"file={_escape(printable(located.path), property=True)}"]
    if finding.line:
        properties.append(f"line={finding.line}")
    properties.append(f"title={_escape(f'booklet check [{finding.check}]', property=True)}")
    review = f" (review key: {finding.check}:{finding.key})" if finding.key and finding.severity == "error" else ""
    return f"::{finding.severity} {','.join(properties)}::{_escape(printable(finding.message + review))}"


def _escape(text: str, *, property: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property else text
