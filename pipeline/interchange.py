"""The project's catalogues out to translation tools and back: XLIFF export and import, TMX export (``booklet xliff``, ``booklet tmx``)."""
from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import polib

from .catalog.pofile import format_po, read_catalogue
from .catalog.tmx import format_tmx, memory_entries
from .catalog.xliff import apply_xliff, format_xliff, read_xliff
from .config import Project, parse_locale
from .errors import CatalogError, raise_failures
from .extract import catalogs_locked
from .fsutil import digest, write_atomic
from .versions import __version__

__all__ = ["InterchangeReport", "export_xliff", "import_xliff", "export_tmx"]

#: What an XLIFF file's ``original`` may name: one of the project's catalogues, nothing else.
_ORIGINAL = re.compile(r"locales/(?P<language>[^/\\]+)/LC_MESSAGES/(?P<domain>[^/\\.][^/\\]*)\.po")


@dataclass
class InterchangeReport:
    """What an export or import wrote and left as it was, and what it warns of."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    failures: list[CatalogError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def record(self, path: Path, changed: bool) -> None:
        (self.written if changed else self.unchanged).append(path)

    def summary(self) -> dict[str, object]:
        return {"warnings": self.warnings}


def _catalogues(project: Project, language: str) -> list[tuple[str, polib.POFile]]:
    """Every catalogue of ``language``, read (an unreadable one stops with its file:line)."""
    folder = project.locales_dir / language / "LC_MESSAGES"
    paths = sorted(folder.glob("*.po")) if folder.is_dir() else []
    return [(project.relative(path), read_catalogue(path, project.relative(path), language=language)[0]) for path in paths]


def export_xliff(project: Project, languages: list[str] | None, folder: Path) -> InterchangeReport:
    """``folder/LANG.xlf`` for each language: all its catalogues, one <file> each."""
    report = InterchangeReport()
    texts = {}
    for language in languages or project.languages:  # every catalogue read before any file is written
        texts[language] = format_xliff(
            _catalogues(project, language), source_language=project.source_language, target_language=language
        )
    for language, text in texts.items():
        if "<file " not in text:
            report.warnings.append(f"{language}: no catalogue with entries (run booklet update): no XLIFF written")
            continue
        path = folder / f"{language}.xlf"
        report.record(path, write_atomic(path, text, error=CatalogError, shown=project.relative(path)))
    return report


def _target(project: Project, original: str, language: str, shown: str, line: int) -> tuple[Path, str]:
    """The catalogue an XLIFF <file> names, and its language; only one of the
    project's (an ``original`` such as ../../.bashrc names none)."""
    match = _ORIGINAL.fullmatch(original)
    if match is None or match["language"] not in project.languages:
        raise CatalogError(
            f"original={original!r}: not a catalogue of this project (locales/LANG/LC_MESSAGES/NAME.po)",
            path=shown,
            line=line,
        )
    if match["language"] != language:
        raise CatalogError(
            f"original={original!r} is a catalogue of {match['language']!r}, but the file's trgLang is {language!r}",
            path=shown,
            line=line,
        )
    path = project.po_path(language, match["domain"])
    if not path.is_file():
        raise CatalogError(f"original={original!r}: no such catalogue", path=shown, line=line, hint="run booklet update")
    return path, language


def import_xliff(project: Project, files: list[Path]) -> InterchangeReport:
    """Put the translations of XLIFF ``files`` into their catalogues.

    All or nothing: every file is read and every unit checked against its
    catalogue before any catalogue is written, so a malformed file, a unit
    whose source changed or a read-only catalogue leaves every catalogue as
    it was. A catalogue saved by someone else meanwhile is not replaced."""
    report = InterchangeReport()
    with catalogs_locked(project):
        catalogues: dict[Path, tuple[polib.POFile, bytes, str]] = {}
        for file in files:
            shown = str(file)
            try:
                data = file.read_bytes()
            except OSError as exc:
                raise CatalogError(f"cannot read: {exc.strerror}", path=shown) from None
            document = read_xliff(data, shown)
            try:
                language = str(parse_locale(document.target_language.replace("-", "_")))
            except ValueError as exc:
                raise CatalogError(f"trgLang={document.target_language!r}: {exc}", path=shown, line=1) from None
            for xfile in document.files:
                path, language = _target(project, xfile.original, language, shown, xfile.line)
                if path not in catalogues:
                    po, read = read_catalogue(path, project.relative(path), language=language)
                    catalogues[path] = (po, read, project.relative(path))
                report.warnings += apply_xliff(catalogues[path][0], xfile, shown)
        texts = {path: (format_po(po, lone_header=True).encode("utf-8"), read, shown) for path, (po, read, shown) in catalogues.items()}
        for path, (text, read, shown) in texts.items():
            if text != read and not path.stat().st_mode & stat.S_IWUSR:
                raise CatalogError(
                    "read-only: no catalogue was written, every one is as it was",
                    path=shown,
                    hint="make it writable (chmod u+w) and import again",
                )
        for path, (text, read, shown) in texts.items():
            try:
                report.record(path, write_atomic(path, text, error=CatalogError, expected=digest(read), shown=shown))
            except CatalogError as error:
                report.failures.append(error)
    raise_failures(report.failures)
    return report


def export_tmx(project: Project, languages: list[str] | None, path: Path) -> InterchangeReport:
    """One TMX file: the translated, non-fuzzy entries of every catalogue of ``languages``."""
    report = InterchangeReport()
    entries = [
        memory
        for language in sorted(languages or project.languages)
        for shown, po in _catalogues(project, language)
        for memory in memory_entries(po, language=language, document=Path(shown).stem)
    ]
    text, left_out = format_tmx(entries, source_language=project.source_language, tool_version=__version__)
    report.warnings += [
        f"{entry.language}/{entry.document}: {entry.source[:40]!r}: left out, a character XML cannot carry" for entry in left_out
    ]
    report.record(path, write_atomic(path, text, error=CatalogError, shown=project.relative(path)))
    return report
