"""Quality checks over a project's catalogues, for ``booklet check`` and the build's gate."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING


from .cache import digest, file_digest, tool_versions
from .catalog import checks
from .catalog.checks import Finding, check_catalog
from .catalog.pofile import read_catalog
from .config import Project
from .errors import CatalogError
from .model import Catalog
from .source import CONTROL_CHARACTERS
from .parallel import map_languages, worth_forking

if TYPE_CHECKING:
    from .cache import BuildCache
    from .inputs import Catalogs

__all__ = ["Located", "check_catalogs", "check_language", "check_project", "gate"]


@dataclass(frozen=True)
class Located:
    """A finding with the catalogue it is in."""

    path: str
    language: str
    finding: Finding

    def __str__(self) -> str:
        f = self.finding
        where = f"{self.path}:{f.line}" if f.line else self.path
        # A message may quote a translation: its control characters must not reach a terminal.
        review = f" (review key: {f.check}:{f.key})" if f.key else ""
        text = f"{where}: {f.severity} [{f.check}] {f.message}{review}"
        return CONTROL_CHARACTERS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)

    def as_dict(self) -> dict[str, object]:
        f = self.finding
        return {
            "path": self.path,
            "line": f.line,
            "language": self.language,
            "severity": f.severity,
            "check": f.check,
            "message": f.message,
            "key": f"{f.check}:{f.key}" if f.key else None,
        }


def check_catalogs(catalogs: dict[str, Catalog], language: str, project: Project) -> list[Located]:
    """Findings of catalogues already read (domain -> Catalog), at the
    levels the project sets ([tool.booklet.checks]: a check "off" reports
    nothing, one made a warning stops no build)."""
    reviewed = project.reviewed_for(language)
    found = []
    for catalog in catalogs.values():
        for finding in check_catalog(
            catalog.po, language=language, source_language=project.source_language, reviewed=reviewed, text=catalog.text
        ):
            level = project.check_level(finding.check, language)
            if level == "off":
                continue
            if level is not None and level != finding.severity:
                finding = dataclasses.replace(finding, severity=level)
            found.append(Located(catalog.shown, language, finding))
    return found


def check_language(project: Project, language: str) -> list[Located]:
    """A language's findings; a catalogue that cannot be read is one error
    finding of its own (check ``read``), and the others are still checked."""
    catalogs: dict[str, Catalog] = {}
    unreadable: list[Located] = []
    for domain in project.domains:
        path = project.po_path(language, domain)
        if path.exists():
            shown = project.relative(path)
            try:
                catalogs[domain] = read_catalog(path, shown, language=language)
            except CatalogError as error:
                unreadable.append(Located(shown, language, _unreadable_finding(error)))
    return unreadable + check_catalogs(catalogs, language, project)


def _unreadable_finding(error: CatalogError) -> Finding:
    """A catalogue that cannot be read, as a finding of a report."""
    message = f"{error.message} (hint: {error.hint})" if error.hint else error.message
    return Finding(error.line, "error", "read", message)


def check_project(project: Project, languages: list[str] | None = None) -> list[Located]:
    """Every language's findings, in the project's order; the languages of a
    big project are read and checked in parallel."""
    chosen = [language for language in project.languages if languages is None or language in languages]
    found = map_languages(partial(check_language, project), chosen, fork=worth_forking(project.po_paths(chosen)))
    return [located for language_found in found for located in language_found]


def gate(project: Project, catalogs: Catalogs, cache: BuildCache) -> None:
    """Refuse to publish a language whose catalogues have errors (a changed figure...).
    Catalogues that passed before, byte for byte, are not checked again."""
    language = catalogs.language
    texts = [f"{catalogs[domain].shown}\n{catalogs[domain].text}" for domain in sorted(catalogs.by_domain)]
    reviewed = sorted(project.reviewed_for(language))
    levels = [":".join(level) for level in project.check_levels]
    key = digest(tool_versions(), file_digest(Path(checks.__file__)), *reviewed, *levels, *texts)  # what was read, not read again
    if cache.passed(f"qa/{language}", key):
        return
    found = check_catalogs(catalogs.by_domain, language, project)
    errors = [f for f in found if f.finding.severity == "error"]
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise CatalogError(
            f"{language} not published: {first.finding.severity} [{first.finding.check}] {first.finding.message}{more}",
            path=first.path,
            line=first.finding.line,
            hint="fix it, see booklet check, or publish anyway with --force",
        )
    cache.remember_pass(f"qa/{language}", key)
