"""Catalogues brought up to date: re-extracted templates merged into every language's catalogues (``booklet update``)."""
from __future__ import annotations

from pathlib import Path

import polib

from .catalog.merge import FuzzyIndexes, fix_plural_forms, merge
from .catalog.pofile import format_po, read_catalogue
from .config import Project
from .errors import CatalogError
from .extract import catalogs_locked, read_templates, write_catalog
from .init import create_missing
from .fsutil import digest
from .gcutil import cycles_not_collected
from .parallel import map_languages, worth_forking
from .report import CatalogReport

__all__ = ["update"]


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
    # A book's catalogues are hundreds of thousands of small objects: the
    # collector would walk them over and over (a tenth of an update's time).
    with catalogs_locked(project), cycles_not_collected():
        return _update(project, languages=languages, prune_obsolete=prune_obsolete, fix_headers=fix_headers)


def _update(project: Project, *, languages: list[str] | None, prune_obsolete: bool, fix_headers: bool) -> CatalogReport:
    report = CatalogReport()
    pots, read = read_templates(project)
    targets = [l for l in project.languages if languages is None or l in languages]
    found: dict[str, dict[str, tuple[Path, str]]] = {}  # language -> domain -> (file, as shown)
    for language in targets:
        for domain in pots:
            path = project.po_path(language, domain)
            if path.exists():  # a folder or an unreadable file named so is an error, not skipped
                found.setdefault(language, {})[domain] = (path, project.relative(path))
    # Formatted before the workers fork: they then share the msgids' lines
    # (pofile's cache), which every language's catalogue repeats.
    pot_texts = {domain: format_po(pot) for domain, pot in pots.items()}
    # Every language merged before a file is written: an error on the way
    # leaves every catalogue and template as it was, not some new and some old.
    merged = _merge_all(found, pots, prune_obsolete, fix_headers)
    for language, results in zip(found, merged, strict=True):
        for domain, result in results.items():
            if isinstance(result, CatalogError):
                report.failures.append(result)
                continue
            text, expected = result
            write_catalog(project, found[language][domain][0], text, expected, report)
    for language in targets:  # a catalogue a language lacks (a new document, or made elsewhere but this one)
        missing = {domain: pot for domain, pot in pots.items() if domain not in found.get(language, {})}
        if missing and language in found:
            create_missing(project, language, missing, report)
    # The templates last, once every catalogue is written or named in the
    # failures: one that could not be read or written stays as it was, beside
    # the new template, for the next update to merge.
    for domain, text in pot_texts.items():
        write_catalog(project, project.pot_path(domain), text, read[domain], report)
    return report


#: What forked merge workers read: set just before the pool forks, so the
#: templates are shared copy-on-write instead of pickled to every worker;
#: with the run's fuzzy indexes (each worker's own, once forked).
_STATE: tuple[dict, dict, bool, bool, FuzzyIndexes] | None = None


def _merged_language(language: str) -> dict[str, tuple[str, str] | CatalogError]:
    """One language's catalogues read, merged with their templates and
    formatted (in a worker, or inline), each with the digest of what was
    read; a catalogue that cannot be read is its error. Its catalogues of
    other documents are the translation memory of each."""
    assert _STATE is not None
    found, pots, prune_obsolete, fix_headers, indexes = _STATE
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
        merged = merge(po, pots[domain], memory=memory, prune_obsolete=prune_obsolete, indexes=indexes)
        texts[domain] = (format_po(merged, lone_header=True), read[domain])
    return {domain: texts[domain] for domain in found[language]}


def _merge_all(
    found: dict[str, dict[str, tuple[Path, str]]], pots: dict, prune_obsolete: bool, fix_headers: bool
) -> list[dict[str, tuple[str, str] | CatalogError]]:
    """Each language's merged catalogues (or why one could not be read), in
    the order of ``found``; the languages are read and merged in parallel on
    a multi-core machine."""
    global _STATE
    _STATE = (found, pots, prune_obsolete, fix_headers, FuzzyIndexes())
    try:
        paths = [path for files in found.values() for path, _ in files.values()]
        return map_languages(_merged_language, list(found), fork=worth_forking(paths))
    finally:
        _STATE = None
