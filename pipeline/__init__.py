"""booklet: Markdown sources -> gettext catalogues -> translated HTML editions and PDF booklets."""
from __future__ import annotations

from .config import Project, load_project
from .errors import BookletError
from .versions import __version__

__all__ = ["__version__", "Project", "load_project", "BookletError", "extract", "init", "update", "build"]


def extract(project: Project):
    from .extract import extract as _extract

    return _extract(project)


def init(project: Project, languages: list[str]):
    from .init import init as _init

    return _init(project, languages)


def update(project: Project, **options):
    from .update import update as _update

    return _update(project, **options)


def build(project: Project, **options):
    from .build import build as _build

    return _build(project, **options)
