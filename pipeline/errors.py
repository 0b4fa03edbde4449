"""One exception hierarchy for the whole pipeline, mapped to exit codes by the CLI."""
from __future__ import annotations

from pathlib import Path

__all__ = [
    "BookletError",
    "UsageError",
    "ConfigError",
    "SourceError",
    "CatalogError",
    "TemplateError",
    "RenderError",
    "LockError",
    "raise_failures",
]


class BookletError(Exception):
    """A problem the user can fix; printed as one ``path:line: message`` line."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.hint = hint

    def location(self) -> str:
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        where = self.location()
        text = f"{where}: {self.message}" if where else self.message
        return f"{text} (hint: {self.hint})" if self.hint else text


class UsageError(BookletError):
    """The command line itself is wrong."""

    exit_code = 2


class ConfigError(BookletError):
    """``[tool.booklet]`` in pyproject.toml is missing, malformed or invalid."""


class SourceError(BookletError):
    """A Markdown source or its front matter cannot be read."""


class CatalogError(BookletError):
    """A .po/.pot catalogue is malformed or cannot be written."""


class TemplateError(BookletError):
    """A Jinja2 template is missing or broken."""


class RenderError(BookletError):
    """HTML or PDF rendering failed (fonts, glyph coverage, resources)."""


class LockError(BookletError):
    """Another booklet process holds the project's lock."""


def raise_failures(failures: list[BookletError]) -> None:
    """Raise the first of the files that could not be written, naming the
    others too: a command stops with one error line after writing the rest."""
    if not failures:
        return
    first, others = failures[0], failures[1:]
    if not others:
        raise first
    raise type(first)(
        f"{first.message}; not written either: {', '.join(error.location() for error in others)}",
        path=first.path,
        line=first.line,
        hint=first.hint,
    )
