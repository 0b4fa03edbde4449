"""The ``booklet`` command: parses arguments, calls one function per command, maps errors to exit codes."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence, TextIO

from . import __version__
from .commands import build, check, extract, init, normalize, serve, status, update
from .config import load_project
from .errors import BookletError, UsageError

__all__ = ["main"]

# In the order of `booklet --help`; each module registers the subcommand of its name.
_COMMANDS = {module.__name__.rpartition(".")[2]: module for module in (extract, init, update, build, status, check, serve, normalize)}


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
    for command in _COMMANDS.values():
        command.register(commands)
    return parser


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    project = load_project(Path(args.project))
    command = _COMMANDS.get(args.command)
    if command is None:
        raise UsageError(f"unknown command {args.command!r}")
    return command.run(args, project, stdout, stderr)


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
