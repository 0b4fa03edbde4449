"""``booklet normalize``: rewrite catalogues in GNU msgcat's canonical form."""
from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import polib

from .catalog.pofile import format_po, read_catalogue
from .config import Project
from .errors import CatalogError, UsageError, raise_failures
from .fsutil import digest, write_atomic
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


def normalize(project: Project | None, paths: list[Path] | None = None, *, check: bool = False) -> NormalizeReport:
    """Give every catalogue msgcat's bytes; with ``check``, only say which would change.

    Without a project (a pre-commit hook in a repository that is not
    booklet's), ``paths`` are the files, shown as given. Inside one, its lock
    is taken before any catalogue is read: a catalogue
    read while an update runs would be written back over the update's work.
    Every file is read before any is written, so one malformed
    catalogue stops the run with its file:line and leaves all of them as they
    were. A catalogue that changed since it was read, or that is read-only,
    is left as it is; the others are written, then that is an error."""
    if paths:
        for file in paths:
            if Path(file).suffix not in (".po", ".pot"):
                raise UsageError(f"{file}: not a .po or .pot file")
    if project is None and not paths:
        raise UsageError("no catalogue to normalize: name the .po/.pot files, or run it in a booklet project")
    report = NormalizeReport()
    locked = project_lock(project.root, sweep=() if check else (project.locales_dir,)) if project else nullcontext()
    with locked:
        files = [Path(p) for p in paths] if paths else catalogue_files(project)
        texts: dict[Path, tuple[bytes, bytes, str]] = {}  # file -> (as read, as msgcat writes it, as shown)
        for file in files:
            shown = project.relative(file.resolve()) if project and (file.is_absolute() or file.exists()) else str(file)
            po, data = read_catalogue(file, shown)
            texts[file] = (data, format_po(po).encode("utf-8"), shown)
        failures: list[CatalogError] = []
        for file, (data, text, shown) in texts.items():
            if data == text:
                report.unchanged.append(file)
                continue
            report.changed.append(file)
            if not check:
                try:
                    write_atomic(file, text, error=CatalogError, expected=digest(data), shown=shown)
                except CatalogError as error:
                    failures.append(error)
        raise_failures(failures)
    return report
