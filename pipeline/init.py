"""New languages: their catalogues created from the templates (``booklet init``)."""
from __future__ import annotations

from .catalog.create import new_catalog
from .catalog.merge import merge
from .catalog.pofile import format_po
from .config import Project
from .errors import CatalogError, UsageError, raise_failures
from .extract import catalogs_locked, write_catalog, write_templates
from .fsutil import ABSENT
from .report import CatalogReport

__all__ = ["init"]


def init(project: Project, languages: list[str], report: CatalogReport | None = None) -> CatalogReport:
    """Create each language's catalogues; refuse to overwrite one that exists.

    A catalogue that cannot be written (one created meanwhile by another
    program is kept) is an error, raised once the others are written."""
    report = report if report is not None else CatalogReport()
    with catalogs_locked(project):
        _init(project, languages, report)
    raise_failures(report.failures)
    return report


def _init(project: Project, languages: list[str], report: CatalogReport) -> None:
    for language in languages:
        if language not in project.languages:
            raise UsageError(
                f"{language!r} is not in [tool.booklet] languages",
                path="pyproject.toml",
                hint="add it to languages first",
            )
        for path in project.po_paths([language]):
            if path.exists():
                raise CatalogError(
                    "exists already; booklet init never overwrites a catalogue",
                    path=project.relative(path),
                    hint="use booklet update to bring it up to date",
                )
    pots = write_templates(project, report)
    for language in languages:
        for domain, pot in pots.items():
            fresh = new_catalog(project, pot, language)
            write_catalog(project, project.po_path(language, domain), format_po(merge(fresh, pot)), ABSENT, report)
