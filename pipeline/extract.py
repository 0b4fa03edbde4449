"""The catalogue side's first stage: sources and templates -> locales/<domain>.pot
(``booklet extract``), with what init and update share: the lock and the guarded write."""
from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path

import polib

from .catalog.create import new_template
from .catalog.extract import document_entries, template_entries
from .catalog.pofile import format_po, read_catalogue
from .code_messages import is_code_kind
from .config import TEMPLATES_DOMAIN, Project
from .errors import CatalogError, raise_failures
from .fsutil import ABSENT, digest, write_atomic
from .inputs import load_books, load_documents
from .languages import name_entries
from .lock import project_lock
from .model import Book, Document
from .render.jinja import template_files
from .report import CatalogReport

__all__ = ["catalogs_locked", "extract", "read_templates", "templates", "write_catalog", "write_templates"]


def catalogs_locked(project: Project) -> AbstractContextManager[None]:
    """The project's lock, for a command that writes catalogues: taken before
    it reads any (one read while another writer runs would be written back
    over that writer's work), and sweeping what a killed writer left in
    locales/."""
    return project_lock(project.root, sweep=(project.locales_dir,))


def write_catalog(project: Project, path: Path, text: str, expected: str, report: CatalogReport) -> None:
    """Write one catalogue, unless it changed since it was read (``expected``
    is the digest of what was read) or is read-only: then it is left as it is,
    one of the report's failures, and the others are still written."""
    try:
        changed = write_atomic(path, text, error=CatalogError, expected=expected, shown=project.relative(path))
    except CatalogError as error:
        report.failures.append(error)
        return
    report.record(path, changed)


def templates(project: Project) -> dict[str, polib.POFile]:
    """The .pot of every document and of the templates, as they would be written now."""
    return read_templates(project)[0]


def read_templates(
    project: Project, units: tuple[list[Document], list[Book]] | None = None
) -> tuple[dict[str, polib.POFile], dict[str, str]]:
    """``templates``, and the digest of each .pot as it was read (``ABSENT``
    if there is none yet), against which writing it checks. ``units``: the
    project's documents and books, if the caller has read them already."""
    result: dict[str, polib.POFile] = {}
    read: dict[str, str] = {}
    documents, books = units if units is not None else (load_documents(project), load_books(project))
    sources: dict[str, list[polib.POEntry]] = {d.name: _code_unwrapped(document_entries(d)) for d in documents}
    sources.update({book.name: _code_unwrapped(document_entries(*book.documents)) for book in books})
    sources[TEMPLATES_DOMAIN] = template_entries(template_files(project)) + name_entries(project)
    for domain, entries in sources.items():
        path = project.pot_path(domain)
        previous, read[domain] = None, ABSENT
        if path.exists():
            previous, data = read_catalogue(path, project.relative(path))
            read[domain] = digest(data)
        result[domain] = new_template(project, domain, entries, previous=previous)
    return result, read


def _code_unwrapped(entries: list[polib.POEntry]) -> list[polib.POEntry]:
    """A code block's messages ([tool.booklet] translate-code) flagged
    ``no-wrap``: each line of the .po is a line of the comment, as in the code."""
    for entry in entries:
        if any(map(is_code_kind, (entry.comment or "").split("\n"))) and "no-wrap" not in entry.flags:
            entry.flags.append("no-wrap")
    return entries


def extract(project: Project, report: CatalogReport | None = None) -> dict[str, polib.POFile]:
    """Write ``locales/<domain>.pot``; unchanged templates are not touched.

    A template that cannot be written is an error, raised once the others
    are written."""
    report = report if report is not None else CatalogReport()
    with catalogs_locked(project):
        pots = write_templates(project, report)
    raise_failures(report.failures)
    return pots


def write_templates(
    project: Project, report: CatalogReport, units: tuple[list[Document], list[Book]] | None = None
) -> dict[str, polib.POFile]:
    """Write every .pot that changed (under the caller's lock); the templates."""
    pots, read = read_templates(project, units)
    for domain, pot in pots.items():
        write_catalog(project, project.pot_path(domain), format_po(pot), read[domain], report)
    return pots
