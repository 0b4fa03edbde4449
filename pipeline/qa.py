"""Quality checks over a project's catalogues, for ``booklet check`` and the build's gate."""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import polib

from .catalog.checks import Finding, check_catalog
from .catalog.read import read_po
from .config import Project
from .errors import CatalogError
from .parallel import map_languages, worth_forking

__all__ = ["Located", "check_catalogs", "check_language", "check_project"]


@dataclass(frozen=True)
class Located:
    """A finding with the catalogue it is in."""

    path: str
    language: str
    finding: Finding

    def __str__(self) -> str:
        f = self.finding
        where = f"{self.path}:{f.line}" if f.line else self.path
        return f"{where}: {f.severity} [{f.check}] {f.message}"

    def as_dict(self) -> dict[str, object]:
        f = self.finding
        return {
            "path": self.path,
            "line": f.line,
            "language": self.language,
            "severity": f.severity,
            "check": f.check,
            "message": f.message,
        }


def check_catalogs(
    files: dict[str, polib.POFile], shown: dict[str, str], language: str, source_language: str
) -> list[Located]:
    """Findings of catalogues already read (``domain -> catalogue``, ``domain -> path shown``)."""
    return [
        Located(shown[domain], language, finding)
        for domain, po in files.items()
        for finding in check_catalog(po, language=language, source_language=source_language)
    ]


def check_language(project: Project, language: str) -> list[Located]:
    """A language's findings; a catalogue that cannot be read is one error
    finding of its own (check ``read``), and the others are still checked."""
    files: dict[str, polib.POFile] = {}
    shown: dict[str, str] = {}
    unreadable: list[Located] = []
    for domain in project.domains:
        path = project.po_path(language, domain)
        if path.exists():
            shown[domain] = project.relative(path)
            try:
                files[domain] = read_po(path, shown[domain], language=language)
            except CatalogError as error:
                unreadable.append(Located(shown[domain], language, unreadable_finding(error)))
    return unreadable + check_catalogs(files, shown, language, project.source_language)


def unreadable_finding(error: CatalogError) -> Finding:
    """A catalogue that cannot be read, as a finding of a report."""
    message = f"{error.message} (hint: {error.hint})" if error.hint else error.message
    return Finding(error.line, "error", "read", message)


def check_project(project: Project, languages: list[str] | None = None) -> list[Located]:
    """Every language's findings, in the project's order; the languages of a
    big project are read and checked in parallel."""
    chosen = [language for language in project.languages if languages is None or language in languages]
    found = map_languages(partial(check_language, project), chosen, fork=worth_forking(project.po_paths(chosen)))
    return [located for language_found in found for located in language_found]
