"""How far each translation is: per document and language, for ``booklet status``."""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from .catalog.pofile import read_po
from .catalog.stats import Completion, Statistics, statistics
from .config import Project
from .errors import CatalogError
from .parallel import map_languages, worth_forking

__all__ = ["StatusRow", "status"]


@dataclass(frozen=True)
class StatusRow:
    domain: str
    language: str
    path: str
    stats: Statistics | None  # None: no catalogue yet, or it cannot be read
    threshold: int
    error: CatalogError | None = None  # why the catalogue cannot be read
    publish_fuzzy: bool = False  # the project's fuzzy policy: fuzzy translations count as published

    @property
    def completion(self) -> Completion | None:
        """What the build counts: the same rule decides a draft."""
        if self.stats is None:
            return None
        s = self.stats
        return Completion.of(
            s.translated,
            s.fuzzy,
            s.total,
            publish_fuzzy=self.publish_fuzzy,
            translated_words=s.translated_words,
            fuzzy_words=s.fuzzy_words,
            total_words=s.source_words,
        )

    @property
    def state(self) -> str:
        """"ok", "below" (the threshold), "missing", or "unreadable"."""
        if self.error is not None:
            return "unreadable"
        if self.stats is None:
            return "missing"
        return "below" if self.completion.below(self.threshold) else "ok"  # type: ignore[union-attr]

    def as_dict(self) -> dict[str, object]:
        counts = self.stats.as_dict() if self.stats else {}
        if self.completion is not None:
            counts["published_percent"] = self.completion.percent  # of the source's words, as the build decides
            counts["published_entry_percent"] = self.completion.entry_percent
        return {
            "document": self.domain,
            "language": self.language,
            "catalogue": self.path,
            **counts,
            "threshold": self.threshold,
            "state": self.state,
            **({"error": str(self.error)} if self.error is not None else {}),
        }


def status(project: Project, languages: list[str] | None = None) -> list[StatusRow]:
    """A row per document and language, document by document; the languages
    of a big project are read in parallel."""
    chosen = [language for language in project.languages if languages is None or language in languages]
    rows = map_languages(partial(_language_rows, project), chosen, fork=worth_forking(project.po_paths(chosen)))
    found = dict(zip(chosen, rows))
    return [found[language][domain] for domain in project.domains for language in chosen]


def _language_rows(project: Project, language: str) -> dict[str, StatusRow]:
    rows = {}
    for domain in project.domains:
        path = project.po_path(language, domain)
        shown = project.relative(path)
        stats, error = None, None
        if path.exists():
            try:
                stats = statistics(read_po(path, shown, language=language))
            except CatalogError as exc:  # a finding of the report: the other catalogues are still reported
                error = exc
        rows[domain] = StatusRow(
            domain, language, shown, stats, project.threshold(language), error, project.fuzzy == "publish"
        )
    return rows
