"""New languages: added to the configuration (``booklet add-language``), their catalogues created from the templates (``booklet init``); never one that exists."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field

from .catalog.create import new_catalog
from .catalog.merge import merge
from .catalog.pofile import format_po
from .config import Project
from .errors import ConfigError, UsageError, raise_failures
from .extract import catalogs_locked, write_catalog, write_templates
from .fsutil import ABSENT, digest, write_atomic
from .report import CatalogReport

__all__ = ["LanguageReport", "add_language", "create_missing", "init"]


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
                hint=f"booklet add-language {language} adds it and makes its catalogues",
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


_TABLE = re.compile(r"^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*booklet[ \t]*\][ \t]*(#[^\r\n]*)?\r?$", re.MULTILINE)
_ANY_TABLE = re.compile(r"^[ \t]*\[", re.MULTILINE)
_LANGUAGES = re.compile(r"^[ \t]*languages[ \t]*=[ \t]*\[", re.MULTILINE)
_ITEM = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*'|#[^\n]*|[^\s,#\"']+")


@dataclass
class LanguageReport(CatalogReport):
    """What add-language did: the languages put in the configuration, and the catalogues."""

    added: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, object]:
        return {"added": self.added}


def add_language(project: Project, languages: list[str]) -> tuple[Project, LanguageReport]:
    """``booklet add-language`` (and ``init --add``): each of ``languages``
    (in normal form) that the project lacks is added to ``[tool.booklet]
    languages``, then every catalogue a language lacks is created; none that
    exists is touched. A code near one of the project's (``de_AT`` for ``de``)
    or the source language is an error before anything is written."""
    for language in languages:
        near = project.nearest_language(language)
        if language == project.source_language:
            raise UsageError(f"{language!r} is the source language ([tool.booklet] source-language), not a translation")
        if language not in project.languages and near is not None:
            raise UsageError(
                f"{language!r} is near the project's {near!r}; did you mean {near!r}?",
                hint="booklet adds one variant of a language",
            )
    languages = list(dict.fromkeys(languages))
    report = LanguageReport()
    with catalogs_locked(project):
        project = _add_to_configuration(project, languages, report)
        _init(project, languages, report)
    raise_failures(report.failures)
    return project, report


def _add_to_configuration(project: Project, languages: list[str], report: LanguageReport) -> Project:
    """The project with ``languages`` in its pyproject.toml, the file edited
    as text: the new codes go into the one ``languages = [...]`` array, after
    its last item and in its layout, so every comment and all the rest stay
    byte for byte (no TOML writer keeps comments). The edit is parsed again
    and must say exactly the languages wanted, or nothing is written."""
    from .config import load_project

    new = [code for code in dict.fromkeys(languages) if code not in project.all_languages]
    if not new:
        return project
    path = project.config_file if project.config_file.is_absolute() else project.root / project.config_file
    shown = project.relative(path)
    data = path.read_bytes()
    text = data.decode("utf-8")
    written = tomllib.loads(text).get("tool", {}).get("booklet", {}).get("languages", [])
    wanted = [*written, *new]
    edited = _with_languages(text, new, shown)
    try:
        table = tomllib.loads(edited)["tool"]["booklet"]
    except (tomllib.TOMLDecodeError, KeyError, TypeError):
        table = {}
    if table.get("languages") != wanted:
        raise ConfigError(
            "cannot add the languages safely (its languages are written in a way booklet does not edit)",
            path=shown,
            line=text.count("\n", 0, (m.start() if (m := _LANGUAGES.search(text)) else 0)) + 1,
            hint=f"edit [tool.booklet] languages by hand: {wanted}",
        )
    write_atomic(path, edited, error=ConfigError, expected=digest(data), shown=shown)
    report.added.extend(new)
    report.record(path, True)
    return load_project(project.root)


def _with_languages(text: str, new: list[str], shown: str) -> str:
    """``text`` with ``new`` appended to [tool.booklet]'s languages array (the key added when there is none)."""
    newline = "\r\n" if "\r\n" in text else "\n"  # the file's own line ends
    table = _TABLE.search(text)
    if table is None:
        raise ConfigError("no [tool.booklet] table to add languages to", path=shown)
    body_start = table.end()
    following = _ANY_TABLE.search(text, body_start + 1)
    body_end = following.start() if following else len(text)
    key = _LANGUAGES.search(text, body_start, body_end)
    if key is None:
        line = "languages = [" + ", ".join(f'"{code}"' for code in new) + "]" + newline
        return text[: body_start + 1] + line + text[body_start + 1 :] if body_start < len(text) else text + newline + line
    items: list[re.Match[str]] = []
    for token in _ITEM.finditer(text, key.end(), body_end):
        if token.group().startswith("]"):
            close = token.start()
            break
        if not token.group().startswith("#"):
            items.append(token)
    else:
        raise ConfigError("cannot read its languages array", path=shown, line=text.count("\n", 0, key.start()) + 1)
    quote = items[-1].group()[0] if items and items[-1].group()[0] in "\"'" else '"'
    quoted = [f"{quote}{code}{quote}" for code in new]
    if not items:
        return text[: key.end()] + ", ".join(quoted) + text[key.end() :]
    last = items[-1].end()
    comma = text[last:close].lstrip(" \t").startswith(",")
    line_end = text.find("\n", last, close)
    if line_end > 0 and text[line_end - 1] == "\r":
        line_end -= 1
    if line_end == -1:  # the array closes on its last item's line: items go on that line
        return text[:last] + "".join(f", {item}" for item in quoted) + text[last:]
    # one item a line: each new one on its own line, indented as the last, with a comma if the last has one
    start_of_line = text.rfind("\n", 0, items[-1].start()) + 1
    indent = text[start_of_line : items[-1].start()]
    indent = indent if not indent.strip() else "  "
    if comma:
        lines = "".join(f"{newline}{indent}{item}," for item in quoted)
    else:  # the last item gets the comma it lacked, and the new last one none
        lines = ",".join(f"{newline}{indent}{item}" for item in quoted)
    before = text[:last] + ("" if comma else ",") + text[last:line_end]
    return before + lines + text[line_end:]
