"""The catalogue workflows: extract templates, create catalogues for new languages, update them."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polib

from .catalog.create import new_catalog, new_template
from .catalog.merge import fix_plural_forms, merge
from .catalog.pofile import format_po
from .catalog.read import read_po
from .config import TEMPLATES_DOMAIN, Project
from .errors import CatalogError, UsageError
from .extract import document_entries, template_entries
from .fsutil import write_atomic
from .languages import name_entries
from .lock import project_lock
from .parallel import map_languages, worth_forking
from .project import load_documents
from .render.jinja import template_files

__all__ = ["CatalogReport", "extract", "init", "update", "templates"]


@dataclass
class CatalogReport:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    failures: list[CatalogError] = field(default_factory=list)  # catalogues that could not be merged, left as they are

    def record(self, path: Path, changed: bool) -> None:
        (self.written if changed else self.unchanged).append(path)


def _write(path: Path, po: polib.POFile, report: CatalogReport) -> None:
    report.record(path, write_atomic(path, format_po(po), error=CatalogError))


def templates(project: Project) -> dict[str, polib.POFile]:
    """The .pot of every document and of the templates, as they would be written now."""
    result: dict[str, polib.POFile] = {}
    sources: dict[str, list[polib.POEntry]] = {d.name: document_entries(d) for d in load_documents(project)}
    sources[TEMPLATES_DOMAIN] = template_entries(template_files(project)) + name_entries(project)
    for domain, entries in sources.items():
        path = project.pot_path(domain)
        previous = read_po(path, project.relative(path)) if path.exists() else None
        result[domain] = new_template(project, domain, entries, previous=previous)
    return result


def extract(project: Project, report: CatalogReport | None = None) -> dict[str, polib.POFile]:
    """Write ``locales/<domain>.pot``; unchanged templates are not touched."""
    with project_lock(project.root):
        return _extract(project, report)


def _extract(project: Project, report: CatalogReport | None = None) -> dict[str, polib.POFile]:
    report = report if report is not None else CatalogReport()
    pots = templates(project)
    for domain, pot in pots.items():
        _write(project.pot_path(domain), pot, report)
    return pots


def init(project: Project, languages: list[str], report: CatalogReport | None = None) -> CatalogReport:
    """Create each language's catalogues; refuse to overwrite one that exists."""
    with project_lock(project.root):
        return _init(project, languages, report)


def _init(project: Project, languages: list[str], report: CatalogReport | None = None) -> CatalogReport:
    report = report if report is not None else CatalogReport()
    for language in languages:
        if language not in project.languages:
            raise UsageError(
                f"{language!r} is not in [tool.booklet] languages",
                path="pyproject.toml",
                hint="add it to languages first",
            )
        for domain in templates(project):
            path = project.po_path(language, domain)
            if path.exists():
                raise CatalogError(
                    "exists already; booklet init never overwrites a catalogue",
                    path=project.relative(path),
                    hint="use booklet update to bring it up to date",
                )
    pots = extract(project, report)
    for language in languages:
        for domain, pot in pots.items():
            fresh = new_catalog(project, pot, language)
            _write(project.po_path(language, domain), merge(fresh, pot), report)
    return report


def update(
    project: Project,
    *,
    languages: list[str] | None = None,
    prune_obsolete: bool = False,
    fix_headers: bool = False,
) -> CatalogReport:
    """Re-extract, then merge every catalogue with its new template.

    A catalogue that cannot be read is left exactly as it is and named in the
    report's failures; every other one is merged and written. With
    ``fix_headers``, a ``Plural-Forms`` header that disagrees with the
    language's rule (CLDR) is replaced by it."""
    with project_lock(project.root):
        return _update(project, languages=languages, prune_obsolete=prune_obsolete, fix_headers=fix_headers)


def _update(project: Project, *, languages: list[str] | None, prune_obsolete: bool, fix_headers: bool) -> CatalogReport:
    report = CatalogReport()
    pots = templates(project)
    targets = [l for l in project.languages if languages is None or l in languages]
    found: dict[str, dict[str, tuple[Path, str]]] = {}  # language -> domain -> (file, as shown)
    for language in targets:
        for domain in pots:
            path = project.po_path(language, domain)
            if path.exists():  # a folder or an unreadable file named so is an error, not skipped
                found.setdefault(language, {})[domain] = (path, project.relative(path))
    merged = _merge_all(found, pots, prune_obsolete, fix_headers)
    for domain, pot in pots.items():
        _write(project.pot_path(domain), pot, report)
    for language, texts in zip(found, merged):
        for domain, text in texts.items():
            if isinstance(text, CatalogError):
                report.failures.append(text)
                continue
            path = found[language][domain][0]
            report.record(path, write_atomic(path, text, error=CatalogError))
    return report


#: What forked merge workers read: set just before the pool forks, so the
#: templates are shared copy-on-write instead of pickled to every worker.
_STATE: tuple[dict, dict, bool, bool] | None = None


def _merged_language(language: str) -> dict[str, str | CatalogError]:
    """One language's catalogues read, merged with their templates and
    formatted (in a worker, or inline); a catalogue that cannot be read is
    its error. Its catalogues of other documents are the translation memory
    of each."""
    assert _STATE is not None
    found, pots, prune_obsolete, fix_headers = _STATE
    catalogs: dict[str, polib.POFile] = {}
    texts: dict[str, str | CatalogError] = {}
    for domain, (path, shown) in found[language].items():
        try:
            catalogs[domain] = read_po(path, shown, language=language)
        except CatalogError as error:
            texts[domain] = error
    for domain, po in catalogs.items():
        memory = {
            entry.msgid: entry
            for other_domain, other in catalogs.items()
            if other_domain != domain
            for entry in other
            if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags
        }
        if fix_headers:
            fix_plural_forms(po, language)
        texts[domain] = format_po(merge(po, pots[domain], memory=memory, prune_obsolete=prune_obsolete))
    return {domain: texts[domain] for domain in found[language]}


def _merge_all(
    found: dict[str, dict[str, tuple[Path, str]]], pots: dict, prune_obsolete: bool, fix_headers: bool
) -> list[dict[str, str | CatalogError]]:
    """Each language's merged catalogues (or why one could not be read), in
    the order of ``found``; the languages are read and merged in parallel on
    a multi-core machine."""
    global _STATE
    _STATE = (found, pots, prune_obsolete, fix_headers)
    try:
        paths = [path for files in found.values() for path, _ in files.values()]
        return map_languages(_merged_language, list(found), fork=worth_forking(paths))
    finally:
        _STATE = None
