"""``booklet normalize``: rewrite catalogues in GNU msgcat's canonical form."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .catalog.pofile import format_po
from .catalog.read import read_po
from .config import Project
from .errors import CatalogError, UsageError
from .fsutil import write_atomic
from .lock import project_lock

__all__ = ["NormalizeReport", "normalize", "catalogue_files"]


@dataclass
class NormalizeReport:
    changed: list[Path] = field(default_factory=list)  # rewritten, or that would be with check=True
    unchanged: list[Path] = field(default_factory=list)


def catalogue_files(project: Project) -> list[Path]:
    """The project's .pot templates and every language's .po files."""
    folder = project.locales_dir
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.pot")) + sorted(folder.glob("*/LC_MESSAGES/*.po"))


def normalize(project: Project, paths: list[Path] | None = None, *, check: bool = False) -> NormalizeReport:
    """Give every catalogue msgcat's bytes; with ``check``, only say which would change.

    Every file is read before any is written, so one malformed catalogue
    stops the run with its file:line and leaves all of them as they were."""
    files = [Path(p) for p in paths] if paths else catalogue_files(project)
    for file in files:
        if file.suffix not in (".po", ".pot"):
            raise UsageError(f"{file}: not a .po or .pot file")
    texts = {}
    for file in files:
        shown = project.relative(file.resolve()) if file.is_absolute() or file.exists() else str(file)
        texts[file] = (format_po(read_po(file, shown)), shown)
    report = NormalizeReport()
    with project_lock(project.root):
        for file, (text, shown) in texts.items():
            current = file.read_bytes()
            if current == text.encode("utf-8"):
                report.unchanged.append(file)
                continue
            report.changed.append(file)
            if not check:
                write_atomic(file, text, error=CatalogError)
    return report
