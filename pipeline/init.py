"""New languages: their catalogues created from the templates (``booklet init``); never one that exists."""
from __future__ import annotations

import re
import tomllib

from .catalog.create import new_catalog
from .catalog.merge import merge
from .catalog.pofile import format_po
from .config import Project
from .errors import UsageError, raise_failures
from .extract import catalogs_locked, write_catalog, write_templates
from .fsutil import ABSENT, write_atomic
from .report import CatalogReport

__all__ = ["add_languages", "create_missing", "init"]


def init(project: Project, languages: list[str], report: CatalogReport | None = None) -> CatalogReport:
    """Create each language's missing catalogues; one that exists is left as it is.

    A catalogue that cannot be written (one created meanwhile by another
    program is kept) is an error, raised once the others are written."""
    report = report if report is not None else CatalogReport()
    with catalogs_locked(project):
        _init(project, languages, report)
    raise_failures(report.failures)
    return report


def _init(project: Project, languages: list[str], report: CatalogReport) -> None:
    for language in languages:
        if language not in project.languages:
            near = project.nearest_language(language)
            raise UsageError(
                f"{language!r} is not in [tool.booklet] languages" + (f"; did you mean {near!r}?" if near else ""),
                path="pyproject.toml",
                hint="add it to languages first, or run booklet init --add",
            )
    pots = write_templates(project, report)
    for language in languages:
        create_missing(project, language, pots, report)


def create_missing(project: Project, language: str, pots: dict, report: CatalogReport) -> None:
    """Create the catalogues ``language`` lacks (one made by msginit or
    Weblate is kept as it is: never overwritten, reported unchanged)."""
    for domain, pot in pots.items():
        path = project.po_path(language, domain)
        if path.exists():
            report.record(path, False)
            continue
        write_catalog(project, path, format_po(merge(new_catalog(project, pot, language), pot)), ABSENT, report)


_TABLE = re.compile(r"^\s*\[\s*tool\.booklet\s*\]\s*(#.*)?$")
_ANY_TABLE = re.compile(r"^\s*\[")
_LANGUAGES = re.compile(r"^(\s*)languages\s*=\s*\[")


def add_languages(project: Project, languages: list[str]) -> Project:
    """``languages`` added to ``[tool.booklet] languages`` in the project's
    pyproject.toml, and the project read again. Why by hand: no TOML writer
    is a dependency, and rewriting the file through one would lose its
    comments; so the one ``languages = [...]`` array is rewritten in place,
    and the result is parsed again and must say exactly that, or nothing is
    written."""
    from .config import load_project

    new = [code for code in languages if code not in project.all_languages]
    if not new:
        return project
    path = project.config_file if project.config_file.is_absolute() else project.root / project.config_file
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    wanted = [*project.languages, *new]
    shown = "languages = [" + ", ".join(f'"{code}"' for code in wanted) + "]\n"
    start = next((i for i, line in enumerate(lines) if _TABLE.match(line)), None)
    if start is None:
        raise UsageError("no [tool.booklet] table to add languages to", path=project.relative(path))
    end = next((i for i in range(start + 1, len(lines)) if _ANY_TABLE.match(lines[i])), len(lines))
    key = next((i for i in range(start + 1, end) if _LANGUAGES.match(lines[i])), None)
    if key is None:
        lines.insert(start + 1, shown)
    else:
        close = next((i for i in range(key, end) if "]" in lines[i].split("#", 1)[0]), None)
        if close is None:
            raise UsageError("cannot read its languages array", path=project.relative(path), line=key + 1)
        lines[key : close + 1] = [_LANGUAGES.match(lines[key]).group(1) + shown]
    edited = "".join(lines)
    try:
        table = tomllib.loads(edited)["tool"]["booklet"]
    except (tomllib.TOMLDecodeError, KeyError):
        table = {}
    if table.get("languages") != wanted:
        raise UsageError(
            "cannot add the languages safely (the file is written in a way booklet does not edit)",
            path=project.relative(path),
            hint=f"edit [tool.booklet] languages by hand: {wanted}",
        )
    write_atomic(path, edited, error=UsageError)
    return load_project(project.root)
