"""New catalogues: the .pot template of a domain and a language's fresh .po."""
from __future__ import annotations

import datetime as _dt

import polib
from babel.messages.plurals import get_plural

from ..config import Project
from ..fsutil import source_date

__all__ = ["new_template", "new_catalog", "creation_date", "same_messages"]


def creation_date(clock: _dt.datetime | None = None) -> str:
    """gettext's date form; SOURCE_DATE_EPOCH wins over the clock, for reproducible builds."""
    moment = source_date() or clock or _dt.datetime.now(_dt.timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M%z")


def _entry_key(entry: polib.POEntry) -> tuple:
    return (
        entry.msgctxt,
        entry.msgid,
        entry.msgid_plural,
        tuple(entry.occurrences),
        entry.comment,
        tuple(entry.flags),
    )


def same_messages(a: polib.POFile, b: polib.POFile) -> bool:
    """True when two templates differ at most in their header dates."""
    return [_entry_key(e) for e in a] == [_entry_key(e) for e in b]


def new_template(
    project: Project, domain: str, entries: list[polib.POEntry], *, previous: polib.POFile | None = None
) -> polib.POFile:
    """The .pot of ``domain``. Its POT-Creation-Date only moves when a message
    changed, so re-extracting unchanged sources rewrites nothing."""
    pot = polib.POFile(wrapwidth=79)
    pot.header = (
        f"Translations template for {project.name}: {domain}.\n"
        f"This file is distributed under the same license as the {project.name} project.\n"
    )
    pot.metadata_is_fuzzy = ["fuzzy"]
    for entry in entries:
        pot.append(entry)
    date = None
    if previous is not None and same_messages(previous, pot):
        date = previous.metadata.get("POT-Creation-Date")
    pot.metadata = {
        "Project-Id-Version": f"{project.name} {project.version}".strip(),
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": date or creation_date(),
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": "booklet",
    }
    return pot


def new_catalog(project: Project, pot: polib.POFile, language: str) -> polib.POFile:
    """A fresh .po for ``language`` with the headers translators' tools need."""
    plural = get_plural(language)
    po = polib.POFile(wrapwidth=79)
    po.header = f"{language} translation for {project.name}.\n"
    po.metadata = {
        "Project-Id-Version": pot.metadata.get("Project-Id-Version", project.name),
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": pot.metadata.get("POT-Creation-Date", creation_date()),
        "PO-Revision-Date": pot.metadata.get("POT-Creation-Date", creation_date()),
        "Last-Translator": "",
        "Language-Team": "",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": f"nplurals={plural.num_plurals}; plural={plural.plural_expr};",
        "X-Generator": "booklet",
    }
    return po
