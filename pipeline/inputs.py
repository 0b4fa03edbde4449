"""Loading a project's inputs: documents and catalogues, with paths shown relative to the project."""
from __future__ import annotations

from dataclasses import dataclass

import polib

from .catalog.read import read_po
from .config import TEMPLATES_DOMAIN, Project
from .errors import CatalogError
from .source import Document, read_document
from .translate import Lookup, lookup_from_catalog

__all__ = ["load_documents", "Catalogs", "load_catalogs"]


def load_documents(project: Project) -> list[Document]:
    return [
        read_document(project.source_path(name), relative=project.relative(project.source_path(name)))
        for name in project.documents
    ]


@dataclass
class Catalogs:
    """One language's catalogues: a lookup per document, and the templates' strings."""

    language: str
    files: dict[str, polib.POFile]  # domain -> catalogue
    shown: dict[str, str]  # domain -> path shown in messages

    def lookup(self, domain: str) -> Lookup:
        return lookup_from_catalog(self.files[domain]) if domain in self.files else {}


def load_catalogs(project: Project, language: str, domains: list[str]) -> Catalogs:
    files: dict[str, polib.POFile] = {}
    shown: dict[str, str] = {}
    for domain in domains + [TEMPLATES_DOMAIN]:
        path = project.po_path(language, domain)
        shown[domain] = project.relative(path)
        if not path.exists():
            if domain == TEMPLATES_DOMAIN:
                continue  # the templates' strings fall back to English
            raise CatalogError(
                f"no catalogue for language {language!r}", path=shown[domain], hint=f"run: booklet init {language}"
            )
        files[domain] = read_po(path, shown[domain], language=language)
    return Catalogs(language, files, shown)
