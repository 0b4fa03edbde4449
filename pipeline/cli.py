"""The ``booklet`` command: parses arguments, calls one function per command, maps errors to exit codes."""
from __future__ import annotations

import argparse
import difflib
import re
import sys
import tomllib
from pathlib import Path
from typing import Sequence, TextIO

from . import __version__
from .commands import add_language, build, check, extract, import_, init, normalize, serve, status, tmx, update, xliff
from .config import load_project
from .errors import BookletError, UsageError

__all__ = ["main"]

# In the order of `booklet --help`; each module registers the subcommand of its name.
_COMMANDS = {module.__name__.rpartition(".")[2]: module for module in (extract, init, add_language, update, import_, build, status, check, serve, normalize, xliff, tmx)}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would exit 2 with its own format
        wrong = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        # The parser's own choices: a command's, or an action's (`booklet xliff exprot`).
        if wrong and (near := difflib.get_close_matches(wrong.group(1), re.findall(r"'([^']*)'", wrong.group(2)), n=1)):
            raise UsageError(f"unknown command {wrong.group(1)!r}; did you mean {near[0]!r}? (see {self.prog} --help)")
        unknown = re.search(r"unrecognized arguments: (--[\w-]+)", message)
        if unknown:
            options = [o for action in self._actions for o in action.option_strings] + [
                o for sub in self._subparsers_choices() for action in sub._actions for o in action.option_strings
            ]
            if near := difflib.get_close_matches(unknown.group(1), options, n=1):
                raise UsageError(f"{message}; did you mean {near[0]!r}? (see {self.prog} --help)")
        raise UsageError(f"{message} (see {self.prog} --help)")

    def _subparsers_choices(self) -> list[argparse.ArgumentParser]:
        return [parser for action in self._actions if isinstance(action, argparse._SubParsersAction) for parser in action.choices.values()]


def _global_options(parser: argparse.ArgumentParser, default: object) -> None:
    """--project and --debug: before the command or after it (``booklet status --project .``)."""
    parser.add_argument("--project", metavar="DIR", default=default, help="the project folder (default: the nearest one up from here)")
    parser.add_argument("--debug", action="store_true", default=default if default is argparse.SUPPRESS else False, help="show tracebacks for errors")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="booklet",
        description="Markdown sources -> gettext catalogues -> translated HTML editions and PDF booklets.",
    )
    _global_options(parser, None)
    parser.add_argument("--version", action="version", version=f"booklet {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    for command in _COMMANDS.values():
        command.register(commands)
    summaries = {action.dest: action.help for action in commands._choices_actions}
    for name, subparser in commands.choices.items():
        subparser.description = subparser.description or summaries.get(name)  # `booklet build --help` says what it does
        _global_options(subparser, argparse.SUPPRESS)
        for nested in subparser._subparsers_choices():  # `booklet xliff export --project DIR`
            _global_options(nested, argparse.SUPPRESS)
    return parser


def _is_project(folder: Path) -> bool | None:
    """Whether ``folder``'s pyproject.toml has a [tool.booklet] table; None:
    it has a pyproject.toml that cannot be read (load_project says why)."""
    config = folder / "pyproject.toml"
    try:
        return config.is_file() and "tool" in (data := tomllib.loads(config.read_text(encoding="utf-8"))) and "booklet" in data["tool"]
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, TypeError):
        return None


def find_project(start: Path) -> Path:
    """The nearest folder from ``start`` up whose pyproject.toml has a
    [tool.booklet] table (as git finds its repository); ``start`` when none has."""
    for folder in (start, *start.parents):
        if _is_project(folder) is not False:
            return folder
    return start


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    command = _COMMANDS.get(args.command)
    if command is None:
        raise UsageError(f"unknown command {args.command!r}")
    root = Path(args.project) if args.project is not None else find_project(Path.cwd())
    # A command given its own files (check FILE.po) works outside any project too.
    if args.project is None and _is_project(root) is False and getattr(command, "works_without_project", lambda _: False)(args):
        return command.run(args, None, stdout, stderr)
    return command.run(args, load_project(root), stdout, stderr)


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
