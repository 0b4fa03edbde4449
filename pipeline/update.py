"""The catalogue workflows: extract templates, create catalogues for new languages, update them."""
from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

import polib

from .catalog.create import new_catalog, new_template
from .catalog.merge import fix_plural_forms, merge
from .catalog.pofile import format_po, read_catalogue
from .config import TEMPLATES_DOMAIN, Project
from .errors import CatalogError, UsageError, raise_failures
from .catalog.extract import document_entries, template_entries
from .fsutil import ABSENT, digest, write_atomic
from .languages import name_entries
from .lock import project_lock
from .parallel import map_languages, worth_forking
from .inputs import load_documents
from .render.jinja import template_files

__all__ = ["CatalogReport", "extract", "init", "update", "templates"]


@dataclass
class CatalogReport:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    failures: list[CatalogError] = field(default_factory=list)  # catalogues that could not be merged or written, left as they are

    def record(self, path: Path, changed: bool) -> None:
        (self.written if changed else self.unchanged).append(path)

    def summary(self) -> dict[str, object]:
        return {}  # nothing beyond written, unchanged and errors


def _locked(project: Project) -> AbstractContextManager[None]:
    """The project's lock, for a command that writes catalogues: taken before
    it reads any (one read while another writer runs would be written back
    over that writer's work), and sweeping what a killed writer left in
    locales/."""
    return project_lock(project.root, sweep=(project.locales_dir,))


def _write(project: Project, path: Path, text: str, expected: str, report: CatalogReport) -> None:
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
    return _templates(project)[0]


def _templates(project: Project) -> tuple[dict[str, polib.POFile], dict[str, str]]:
    """``templates``, and the digest of each .pot as it was read (``ABSENT``
    if there is none yet), against which writing it checks."""
    result: dict[str, polib.POFile] = {}
    read: dict[str, str] = {}
    sources: dict[str, list[polib.POEntry]] = {d.name: document_entries(d) for d in load_documents(project)}
    sources[TEMPLATES_DOMAIN] = template_entries(template_files(project)) + name_entries(project)
    for domain, entries in sources.items():
        path = project.pot_path(domain)
        previous, read[domain] = None, ABSENT
        if path.exists():
            previous, data = read_catalogue(path, project.relative(path))
            read[domain] = digest(data)
        result[domain] = new_template(project, domain, entries, previous=previous)
    return result, read


def extract(project: Project, report: CatalogReport | None = None) -> dict[str, polib.POFile]:
    """Write ``locales/<domain>.pot``; unchanged templates are not touched.

    A template that cannot be written is an error, raised once the others
    are written."""
    report = report if report is not None else CatalogReport()
    with _locked(project):
        pots = _extract(project, report)
    raise_failures(report.failures)
    return pots


def _extract(project: Project, report: CatalogReport) -> dict[str, polib.POFile]:
    pots, read = _templates(project)
    for domain, pot in pots.items():
        _write(project, project.pot_path(domain), format_po(pot), read[domain], report)
    return pots


def init(project: Project, languages: list[str], report: CatalogReport | None = None) -> CatalogReport:
    """Create each language's catalogues; refuse to overwrite one that exists.

    A catalogue that cannot be written (one created meanwhile by another
    program is kept) is an error, raised once the others are written."""
    report = report if report is not None else CatalogReport()
    with _locked(project):
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
    pots = _extract(project, report)
    for language in languages:
        for domain, pot in pots.items():
            fresh = new_catalog(project, pot, language)
            _write(project, project.po_path(language, domain), format_po(merge(fresh, pot)), ABSENT, report)


def update(
    project: Project,
    *,
    languages: list[str] | None = None,
    prune_obsolete: bool = False,
    fix_headers: bool = False,
) -> CatalogReport:
    """Re-extract, then merge every catalogue with its new template.

    A catalogue that cannot be read, that changed since it was read (a
    translator saved it meanwhile) or that is read-only is left exactly as it
    is and named in the report's failures; every other one is merged and
    written. With ``fix_headers``, a ``Plural-Forms`` header that disagrees
    with the language's rule (CLDR) is replaced by it."""
    with _locked(project):
        return _update(project, languages=languages, prune_obsolete=prune_obsolete, fix_headers=fix_headers)


def _update(project: Project, *, languages: list[str] | None, prune_obsolete: bool, fix_headers: bool) -> CatalogReport:
    report = CatalogReport()
    pots, read = _templates(project)
    targets = [l for l in project.languages if languages is None or l in languages]
    found: dict[str, dict[str, tuple[Path, str]]] = {}  # language -> domain -> (file, as shown)
    for language in targets:
        for domain in pots:
            path = project.po_path(language, domain)
            if path.exists():  # a folder or an unreadable file named so is an error, not skipped
                found.setdefault(language, {})[domain] = (path, project.relative(path))
    merged = _merge_all(found, pots, prune_obsolete, fix_headers)
    for domain, pot in pots.items():
        _write(project, project.pot_path(domain), format_po(pot), read[domain], report)
    for language, results in zip(found, merged):
        for domain, result in results.items():
            if isinstance(result, CatalogError):
                report.failures.append(result)
                continue
            text, expected = result
            _write(project, found[language][domain][0], text, expected, report)
    return report


#: What forked merge workers read: set just before the pool forks, so the
#: templates are shared copy-on-write instead of pickled to every worker.
_STATE: tuple[dict, dict, bool, bool] | None = None


def _merged_language(language: str) -> dict[str, tuple[str, str] | CatalogError]:
    """One language's catalogues read, merged with their templates and
    formatted (in a worker, or inline), each with the digest of what was
    read; a catalogue that cannot be read is its error. Its catalogues of
    other documents are the translation memory of each."""
    assert _STATE is not None
    found, pots, prune_obsolete, fix_headers = _STATE
    catalogs: dict[str, polib.POFile] = {}
    read: dict[str, str] = {}
    texts: dict[str, tuple[str, str] | CatalogError] = {}
    for domain, (path, shown) in found[language].items():
        try:
            catalogs[domain], data = read_catalogue(path, shown, language=language)
        except CatalogError as error:
            texts[domain] = error
            continue
        read[domain] = digest(data)
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
        texts[domain] = (format_po(merge(po, pots[domain], memory=memory, prune_obsolete=prune_obsolete)), read[domain])
    return {domain: texts[domain] for domain in found[language]}


def _merge_all(
    found: dict[str, dict[str, tuple[Path, str]]], pots: dict, prune_obsolete: bool, fix_headers: bool
) -> list[dict[str, tuple[str, str] | CatalogError]]:
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
