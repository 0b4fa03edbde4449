"""Quality checks over catalogues, a project's or any .po files given, for ``booklet check`` and the build's gate."""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import digest, file_digest, tool_versions
from .catalog import checks
from .catalog.checks import Finding, LinkDefinitions, Template, check_catalog
from .catalog.pofile import header_line, read_catalog
from .config import Project, parse_locale
from .errors import CatalogError, SourceError
from .tags import base
from .model import Book, Catalog, Document
from .source import CONTROL_CHARACTERS, references
from .parallel import map_languages, worth_forking

if TYPE_CHECKING:
    from .cache import BuildCache
    from .inputs import Catalogs

__all__ = [
    "LinkDefinitions", "Located", "Selection", "check_catalogs", "check_files", "check_language", "check_project", "gate",
    "link_definitions", "printable",
]


@dataclass(frozen=True)
class Located:
    """A finding with the catalogue it is in."""

    path: str
    language: str
    finding: Finding

    def __str__(self) -> str:
        f = self.finding
        where = f"{self.path}:{f.line}" if f.line else self.path
        review = f" (review key: {f.check}:{f.key})" if f.key and f.severity == "error" else ""
        return printable(f"{where}: {f.severity} [{f.check}] {f.message}{review}")

    def as_dict(self) -> dict[str, object]:
        f = self.finding
        return {
            "path": self.path,
            "line": f.line,
            "language": self.language,
            "severity": f.severity,
            "check": f.check,
            "message": f.message,
            "key": f"{f.check}:{f.key}" if f.key and f.severity == "error" else None,  # what a reviewer may allow
        }


def printable(text: str) -> str:
    """``text`` with its control characters (but tab and newline) spelled
    ``\\xNN``: a message may quote a translation, and what it holds must not
    act on the terminal or log that shows it."""
    return CONTROL_CHARACTERS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def check_catalogs(
    catalogs: dict[str, Catalog],
    language: str,
    project: Project | None,
    *,
    templates: Mapping[str, Template] | None = None,
    links: Mapping[str, LinkDefinitions] | None = None,
) -> list[Located]:
    """Findings of catalogues already read (domain -> Catalog), at the
    levels the project sets ([tool.booklet.checks]: a check "off" reports
    nothing, one made a warning stops no build). Without a project (a lone
    file), each check has its own level and the source language is English.
    A domain with a template (``templates``) is also compared with it, and
    one with its documents' ``links`` (link_definitions) has its reference
    links resolved as readers get them; without, they compare by label."""
    reviewed = project.reviewed_for(language) if project is not None else frozenset()
    # A warning the project makes an error is one no translator comment silences.
    raised = frozenset(c for c in checks.CHECKS if project is not None and project.check_level(c, language) == "error")
    source_language = project.source_language if project is not None else "en"
    found = []
    for domain, catalog in catalogs.items():
        template = templates.get(domain) if templates is not None else None
        for finding in check_catalog(
            catalog.po,
            language=language,
            source_language=source_language,
            reviewed=reviewed,
            text=catalog.text,
            template=template,
            links=links.get(domain) if links is not None else None,
            raised=raised,
        ):
            level = project.check_level(finding.check, language) if project is not None else None
            if level == "off":
                continue
            if level is not None and level != finding.severity:
                finding = dataclasses.replace(finding, severity=level)
            found.append(Located(catalog.shown, language, finding))
    return found


def check_language(
    project: Project,
    language: str,
    templates: Mapping[str, Template] | None = None,
    links: Mapping[str, LinkDefinitions] | None = None,
) -> list[Located]:
    """A language's findings; a catalogue that cannot be read is one error
    finding of its own (check ``read``), and the others are still checked."""
    catalogs: dict[str, Catalog] = {}
    unreadable: list[Located] = []
    for domain in project.domains:
        path = project.po_path(language, domain)
        if path.exists():
            shown = project.relative(path)
            try:
                catalogs[domain] = read_catalog(path, shown, language=language)
            except CatalogError as error:
                unreadable.append(Located(shown, language, _unreadable_finding(error)))
    return unreadable + check_catalogs(catalogs, language, project, templates=templates, links=links)


def _unreadable_finding(error: CatalogError) -> Finding:
    """A catalogue that cannot be read, as a finding of a report."""
    message = f"{error.message} (hint: {error.hint})" if error.hint else error.message
    return Finding(error.line, "error", "read", message)


def _templates(project: Project) -> tuple[dict[str, Template], list[Located]]:
    """The templates of the project's domains that exist (a project before its
    first ``booklet extract`` has none: nothing to compare with), and a
    finding for each one that cannot be read."""
    templates: dict[str, Template] = {}
    unreadable: list[Located] = []
    for domain in project.domains:
        path = project.pot_path(domain)
        if path.exists():
            shown = project.relative(path)
            try:
                templates[domain] = Template.of(read_catalog(path, shown).po, shown)
            except CatalogError as error:
                unreadable.append(Located(shown, project.source_language, _unreadable_finding(error)))
    return templates, unreadable


def check_project(project: Project, languages: list[str] | None = None) -> list[Located]:
    """Every language's findings, in the project's order; the languages of a
    big project are read and checked in parallel."""
    chosen = [language for language in project.languages if languages is None or language in languages]
    templates, unreadable = _templates(project)
    check = partial(check_language, project, templates=templates, links=_project_links(project))
    found = map_languages(check, chosen, fork=worth_forking(project.po_paths(chosen)))
    return unreadable + [located for language_found in found for located in language_found]


def link_definitions(units: Iterable[Document | Book]) -> dict[str, LinkDefinitions]:
    """The link reference definitions of each domain: a document's own, a
    book's chapter by chapter; what the translation resolves reference links
    against (translate.py), and so what the checks compare with."""
    return {
        unit.name: LinkDefinitions(
            tuple((document.path, references(document.env)) for document in (unit.documents if isinstance(unit, Book) else [unit]))
        )
        for unit in units
    }


def _project_links(project: Project) -> dict[str, LinkDefinitions]:
    """The project's link definitions, from its sources. Sources that cannot
    be read are the build's and extract's to report: without them, reference
    links are compared by label, as in a lone catalogue."""
    from .inputs import load_books, load_documents

    units: list[Document | Book] = []
    for load in (load_documents, load_books):
        try:
            units += load(project)
        except SourceError:
            continue
    return link_definitions(units)


def check_files(paths: Sequence[str], project: Project | None = None) -> list[Located]:
    """The findings of catalogues named on the command line, each shown as
    given, in or out of a project: the source is each file's own msgids, its
    language its ``Language`` header (else its ``<lang>/LC_MESSAGES`` folder,
    or a name such as ``de.po``). A file that cannot be read, or whose
    language cannot be told, is one ``read`` error; the others are still
    checked. A file inside the project is checked at the project's levels,
    and one of its domains is also compared with the domain's template."""
    templates, found = _templates(project) if project is not None else ({}, [])
    links: dict[str, LinkDefinitions] | None = None  # the project's, read for the first file inside it
    for shown in paths:
        path = Path(shown)
        try:
            if path.suffix == ".pot":
                raise CatalogError("a template (.pot) has no translations to check", path=shown, hint="give its .po files")
            catalog = read_catalog(path, shown)
            language = _file_language(catalog, path)
        except CatalogError as error:
            found.append(Located(shown, "", _unreadable_finding(error)))
            continue
        # A file from elsewhere (checked from inside a project) is not the
        # project's: its levels, reviews and templates do not apply to it.
        own = project if project is not None and _inside(path, project.root) else None
        domain = path.stem
        if own is not None and links is None:
            links = _project_links(own)
        found += check_catalogs(
            {domain: catalog},
            language,
            own,
            templates=templates if own is not None else None,
            links=links if own is not None else None,
        )
    return found


#: A gettext locale name, language[_territory][.codeset][@modifier] (sr@latin,
#: zh_TW.Big5); the checks need the name without its codeset.
_LOCALE_NAME = re.compile(r"([A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*)(?:\.[\w-]+)?(@[A-Za-z0-9]+)?")


def _language_code(name: str) -> str | None:
    match = _LOCALE_NAME.fullmatch(name.strip())
    return match.group(1).replace("-", "_") + (match.group(2) or "") if match else None


def _folder_language(path: Path) -> str | None:
    """The name of a ``<lang>/LC_MESSAGES/`` folder, as written."""
    parts = path.resolve().parts
    if len(parts) >= 3 and parts[-2] == "LC_MESSAGES" and _language_code(parts[-3]) is not None:
        return parts[-3].replace("-", "_")
    return None


def _file_language(catalog: Catalog, path: Path) -> str:
    """A catalogue's language: its ``Language`` header, else its folder, else a
    file name such as ``de.po`` (as in a GNU package's po/ folder) that CLDR
    knows as a language. Codes are kept as written (zh_CN, not Babel's
    zh_Hans_CN), and a language CLDR does not know is still checked."""
    declared = catalog.po.metadata.get("Language", "").strip()
    folder = _folder_language(path)
    if declared:
        code = _language_code(declared)
        if code is None:
            raise CatalogError(
                f"the header's Language {declared!r} is not a language code",
                path=catalog.shown,
                line=header_line(catalog.text, "Language"),
                hint="write a code such as de, pt_BR or sr@latin",
            )
        # Filed under another language, it would be installed as that one's;
        # another spelling of the same (Django's zh_Hans for zh_CN) is no error.
        if folder is not None and base(folder) != base(code):
            raise CatalogError(
                f"the header says Language: {declared}, but the catalogue is in the folder of {folder!r}",
                path=catalog.shown,
                line=header_line(catalog.text, "Language"),
            )
        return code
    if folder is not None:
        return str(_language_code(folder))
    try:
        parse_locale(path.stem)
        return str(_language_code(path.stem))
    except ValueError:
        pass
    raise CatalogError(
        "no Language header, and the file's path names no language",
        path=catalog.shown,
        line=header_line(catalog.text, "Content-Type") or 1,
        hint='add "Language: de\\n" (the right code) to the header, or keep the file as locales/<lang>/LC_MESSAGES/<name>.po',
    )


def _inside(path: Path, root: Path) -> bool:
    return root.resolve() in path.resolve().parents


@dataclass(frozen=True)
class Selection:
    """Which findings a report shows: ``--only``, ``--skip`` and ``--severity``.

    A catalogue that cannot be read is always shown: none of its checks ran,
    so leaving it out would pass it silently."""

    only: frozenset[str] = frozenset()
    skip: frozenset[str] = frozenset()
    severity: str = "warning"  # the lowest shown

    def keeps(self, located: Located) -> bool:
        check = located.finding.check
        if check == "read":
            return True
        if (self.only and check not in self.only) or check in self.skip:
            return False
        return self.severity == "warning" or located.finding.severity == "error"


def gate(
    project: Project, catalogs: Catalogs, cache: BuildCache, links: Mapping[str, LinkDefinitions] | None = None
) -> None:
    """Refuse to publish a language whose catalogues have errors (a changed figure...).
    Catalogues that passed before, byte for byte, with the same sources'
    ``links``, are not checked again."""
    language = catalogs.language
    texts = [f"{catalogs[domain].shown}\n{catalogs[domain].text}" for domain in sorted(catalogs.by_domain)]
    reviewed = sorted(project.reviewed_for(language))
    levels = [":".join(level) for level in project.check_levels]
    definitions = repr(sorted((domain, found.documents) for domain, found in (links or {}).items()))
    key = digest(tool_versions(), file_digest(Path(checks.__file__)), *reviewed, *levels, definitions, *texts)  # what was read, not read again
    if cache.passed(f"qa/{language}", key):
        return
    found = check_catalogs(catalogs.by_domain, language, project, links=links)
    errors = [f for f in found if f.finding.severity == "error"]
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise CatalogError(
            f"{language} not published: {first.finding.severity} [{first.finding.check}] {first.finding.message}{more}",
            path=first.path,
            line=first.finding.line,
            hint="fix it, see booklet check, or publish anyway with --force",
        )
    cache.remember_pass(f"qa/{language}", key)


def image_findings(project: Project, languages: list[str] | None = None) -> list[Located]:
    """A warning for each image the project wants localised ([tool.booklet]
    localise-images) that one of ``languages`` (default: every translation)
    has no variant of, at the line of the source that shows it; a source
    that cannot be read is one error finding (the build says the same)."""
    if not project.localise_images:
        return []  # no source is read
    from .errors import BookletError
    from .inputs import load_books, load_documents
    from .media import missing_variants

    chosen = [language for language in project.languages if languages is None or language in languages]
    try:
        documents = [*load_documents(project), *(chapter for book in load_books(project) for chapter in book.chapters)]
    except BookletError as error:
        message = f"{error.message} (hint: {error.hint})" if error.hint else error.message
        return [Located(str(error.path or ""), "", Finding(error.line, "error", "read", message))]
    found = []
    for missing in missing_variants(project, documents, chosen):
        level = project.check_level("localise-images", missing.language) or "warning"  # [tool.booklet.checks], as for the others
        if level != "off":
            found.append(Located(missing.path, missing.language, Finding(missing.line, level, "localise-images", missing.message)))
    return found
