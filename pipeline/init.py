"""New languages: their catalogues created from the templates (``booklet init``); never one that exists."""
from __future__ import annotations

from .catalog.create import new_catalog
from .catalog.merge import merge
from .catalog.pofile import format_po
from .config import Project
from .errors import UsageError, raise_failures
from .extract import catalogs_locked, write_catalog, write_templates
from .fsutil import ABSENT
from .report import CatalogReport

__all__ = ["create_missing", "init"]


def init(project: Project, languages: list[str], report: CatalogReport | None = None) -> CatalogReport:
    """Create each language's missing catalogues; one that exists is left as it is.

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
            near = project.nearest_language(language)
            raise UsageError(
                f"{language!r} is not in [tool.booklet] languages" + (f"; did you mean {near!r}?" if near else ""),
                path="pyproject.toml",
                hint="add it to languages first",
            )
    pots = write_templates(project, report)
    for language in languages:
        create_missing(project, language, pots, report)


def create_missing(project: Project, language: str, pots: dict, report: CatalogReport) -> None:
    """Create the catalogues ``language`` lacks (one made by msginit or
    Weblate is kept as it is: never overwritten, reported unchanged)."""
    for domain, pot in pots.items():
        path = project.po_path(language, domain)
        if path.exists():
            report.record(path, False)
            continue
        write_catalog(project, path, format_po(merge(new_catalog(project, pot, language), pot)), ABSENT, report)
