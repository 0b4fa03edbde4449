"""What a command did: written, unchanged, failed; light to import (the no-op path uses it)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BookletError

if TYPE_CHECKING:
    from .config import Project

__all__ = ["BuildReport", "CatalogReport"]


@dataclass
class BuildReport:
    """What a build wrote, left alone and failed on."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    failures: list[BookletError] = field(default_factory=list)
    editions: list[dict[str, object]] = field(default_factory=list)  # TranslatedDocument.figures() of each
    drafts: list[str] = field(default_factory=list)  # "document/language" built as drafts
    skipped: list[str] = field(default_factory=list)  # "document/language" below the threshold, not built
    warnings: list[str] = field(default_factory=list)  # "path:line: warning: ..." of the sources
    removed: list[Path] = field(default_factory=list)  # outputs no edition makes any more
    cached: bool = False  # nothing to do: every input and output as at the last build
    last: dict[str, object] = field(default_factory=dict)  # the summary of that last build

    @classmethod
    def from_cache(cls, project: Project, last: dict[str, object]) -> BuildReport:
        outputs = [project.root / name for name in last.get("outputs", [])]  # type: ignore[union-attr]
        return cls(
            unchanged=outputs,
            drafts=list(last.get("drafts", [])),  # type: ignore[arg-type]
            skipped=list(last.get("skipped", [])),  # type: ignore[arg-type]
            cached=True,
            last=last,
        )

    def summary(self) -> dict[str, object]:
        if self.cached:
            return {k: self.last[k] for k in ("editions", "drafts", "skipped", "warnings") if k in self.last}
        return {
            "editions": self.editions,
            "drafts": self.drafts,
            "skipped": self.skipped,
            "warnings": self.warnings,
            "removed": [str(path) for path in self.removed],
        }

    def record(self, path: Path, changed: bool) -> None:
        (self.written if changed else self.unchanged).append(path)


@dataclass
class CatalogReport:
    """What extract, init or update did to the catalogues."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    failures: list[CatalogError] = field(default_factory=list)  # catalogues that could not be merged or written, left as they are

    def record(self, path: Path, changed: bool) -> None:
        (self.written if changed else self.unchanged).append(path)

    def summary(self) -> dict[str, object]:
        return {}  # nothing beyond written, unchanged and errors
