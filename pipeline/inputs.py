"""Loading a project's inputs: documents and catalogues, with paths shown relative to the project."""
from __future__ import annotations

from dataclasses import dataclass

from .catalog.pofile import read_catalog
from .config import TEMPLATES_DOMAIN, Project
from .errors import CatalogError
from .model import Book, Catalog
from .source import Document, read_document
from .summary import read_book
from .translate import Lookup, lookup_from_catalog

__all__ = ["load_books", "load_documents", "Catalogs", "load_catalogs"]


def load_documents(project: Project) -> list[Document]:
    return [
        read_document(
            project.source_path(name),
            relative=project.relative(project.source_path(name)),
            root=project.root,
            code=project.translate_code,
        )
        for name in project.documents
    ]


def load_books(project: Project) -> list[Book]:
    return [read_book(project.book_dir(name), name, root=project.root, code=project.translate_code) for name in project.books]


@dataclass
class Catalogs:
    """One language's catalogues: a lookup per document, and the templates' strings."""

    language: str
    by_domain: dict[str, Catalog]  # a language may have no templates catalogue

    def __getitem__(self, domain: str) -> Catalog:
        return self.by_domain[domain]

    def get(self, domain: str) -> Catalog | None:
        return self.by_domain.get(domain)

    def lookup(self, domain: str) -> Lookup:
        return lookup_from_catalog(self.by_domain[domain].po) if domain in self.by_domain else {}


def load_catalogs(project: Project, language: str, domains: list[str]) -> Catalogs:
    catalogs: dict[str, Catalog] = {}
    for domain in domains + [TEMPLATES_DOMAIN]:
        path = project.po_path(language, domain)
        shown = project.relative(path)
        if not path.exists():
            if domain == TEMPLATES_DOMAIN:
                continue  # the templates' strings fall back to English
            raise CatalogError(f"no catalogue for language {language!r}", path=shown, hint=f"run: booklet init {language}")
        catalogs[domain] = read_catalog(path, shown, language=language)
    return Catalogs(language, catalogs)
