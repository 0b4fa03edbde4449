"""Catalogues made by other tools brought into a language's catalogues (``booklet import``).

A catalogue from mdbook-xgettext, Sphinx, po4a or a Weblate or Crowdin
export has the same messages as ours, written otherwise: inline links where
our source has reference links (``[text][1]``), other line wrapping and
spacing, ``\\*`` for ``*``, ``_em_`` for ``*em*``. Two messages are the same
when their inline Markdown renders the same (each of ours with its own
document's link definitions), whitespace aside: that is the key they are
matched by. What msgmerge would match (the same msgid) is matched first, by
the very merge ``booklet update`` makes; then the keys; then, as msgmerge
does, close messages become fuzzy with ``#|`` and their old msgid. What
matches nothing is kept as an obsolete (``#~``) entry of the catalogue: the
memory ``update`` draws on when a message of the source comes to match it.
"""
from __future__ import annotations

import copy
import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import polib

from .catalog.create import new_catalog
from .catalog.fuzzy import FuzzyIndex
from .catalog.merge import merge
from .catalog.plurals import expected_rule, parse_header, same_rule
from .catalog.pofile import format_po, header_line, keyword_line, read_catalog, read_catalogue
from .catalog.reader import has_translation
from .config import TEMPLATES_DOMAIN, Project, parse_locale
from .errors import CatalogError, raise_failures
from .extract import catalogs_locked, write_catalog, write_templates
from .fsutil import ABSENT, digest
from .inputs import load_books, load_documents
from .model import Book, Catalog, Document, message_key
from .report import CatalogReport
from .source import inline_tokens, markdown, message_text, references

__all__ = ["ImportReport", "import_catalogues", "message_form"]

#: A message's link definitions, as source.references gives them.
Refs = tuple[tuple[str, str, str], ...]
Key = tuple[str | None, str]  # (msgctxt, msgid)


@dataclass
class ImportReport(CatalogReport):
    """What an import wrote, and what became of the foreign files' entries.

    ``exact`` and ``fuzzy`` count the catalogue entries filled (one foreign
    message may fill several); ``memory``, ``skipped`` and ``conflicts`` the
    foreign entries: kept as obsolete entries, not taken (no translation, or
    the catalogue already says the same), or differing from a translation
    the catalogue has (each named)."""

    exact: int = 0
    fuzzy: int = 0
    memory: int = 0
    skipped: int = 0
    conflicts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, object]:
        counts = {"exact": self.exact, "fuzzy": self.fuzzy, "memory": self.memory, "skipped": self.skipped, "conflicts": len(self.conflicts)}
        return {"imported": counts, "conflicts": self.conflicts, "warnings": self.warnings}


@functools.cache
def _renderer():  # one Markdown instance for every key
    return markdown()


def message_form(text: str, refs: Refs = ()) -> str:
    """What a message's inline Markdown renders to, runs of whitespace made
    one space: equal for ``[a][1]`` and ``[a](url)``, ``*a*`` and ``_a_``,
    ``\\*`` and ``*``, however the text is wrapped."""
    md = _renderer()
    tokens = []
    for token in inline_tokens(text, refs):  # shared tokens: the image rule writes into its own copy
        if token.type == "image":
            token = copy.copy(token)
            token.attrs = dict(token.attrs)
        tokens.append(token)
    return " ".join(md.renderer.render(tokens, md.options, {}).split())


def _same_translation(a: polib.POEntry, b: polib.POEntry) -> bool:
    return a.msgstr == b.msgstr and dict(a.msgstr_plural) == dict(b.msgstr_plural)


def _state(entry: polib.POEntry) -> str:
    return "none" if not has_translation(entry) else "fuzzy" if "fuzzy" in entry.flags else "exact"


@dataclass
class _Domain:
    """One of the language's catalogues while it is being filled."""

    name: str
    language: str
    path: Path
    shown: str
    pot: polib.POFile
    po: polib.POFile  # merged with its template: what update would write
    expected: str  # the digest of the file as read (ABSENT: none yet)
    keys: dict[Key, str]  # each template message's form (message_form with its document's links)

    @property
    def plural_forms(self) -> str:
        """The catalogue's own Plural-Forms (``update --fix-headers`` is what corrects it)."""
        own = self.po.metadata.get("Plural-Forms", "")
        return own if parse_header(own) is not None else expected_rule(self.language).header

    @property
    def nplurals(self) -> int:
        rule = parse_header(self.plural_forms)
        return rule.nplurals if rule is not None else expected_rule(self.language).nplurals


@dataclass
class _Foreign:
    """A catalogue of another tool, as read."""

    catalog: Catalog
    entries: list[polib.POEntry]  # its translated messages, obsolete ones too
    by_form: dict[tuple[str | None, str], polib.POEntry]  # (msgctxt, form) -> its first entry of that form

    def line(self, entry: polib.POEntry) -> str:
        return f"{self.catalog.shown}:{keyword_line(self.catalog.text.split(chr(10)), entry, 'msgid')}"


def _document_refs(documents: list[Document]) -> dict[Key, Refs]:
    refs: dict[Key, Refs] = {}
    for document in documents:
        found = references(document.env)
        if found:
            for key in message_key(document):
                refs.setdefault(key, found)
    return refs


_BRACKETED = re.compile(r"\[([^\[\]]+)\]")


def _label_index(ref_sets: list[Refs]) -> dict[str, list[Refs]]:
    """Each link label (upper-cased, as markdown-it keeps it) -> the documents' definitions that have it."""
    index: dict[str, list[Refs]] = {}
    for refs in ref_sets:
        for label, _, _ in refs:
            index.setdefault(label, []).append(refs)
    return index


def _definitions_used(text: str, labels: dict[str, list[Refs]]) -> list[Refs]:
    """The documents' definitions that a message may use: those of a label it brackets."""
    if "[" not in text:
        return []
    found = (labels.get(" ".join(name.split()).upper(), []) for name in _BRACKETED.findall(text))
    return list(dict.fromkeys(refs for sets in found for refs in sets))


def _read_foreign(file: Path, language: str, labels: dict[str, list[Refs]], report: ImportReport) -> _Foreign:
    """Read a foreign catalogue in any charset GNU reads; its Language must be
    ``language`` (a region or script of it is fine); its Plural-Forms is
    reported when it is not the language's, and never used."""
    shown = str(file)
    catalog = read_catalog(file, shown)
    declared = catalog.po.metadata.get("Language", "").strip()
    if declared:
        try:
            theirs = parse_locale(declared.replace("-", "_")).language
        except ValueError:
            theirs = None
            report.warnings.append(f"{shown}:{header_line(catalog.text, 'Language')}: warning: Language {declared!r} is not a locale code; read as {language}")
        if theirs is not None and theirs != parse_locale(language).language:
            raise CatalogError(
                f"the header says Language: {declared}, not {language}",
                path=shown, line=header_line(catalog.text, "Language"), hint="give the file's own language with --lang",
            )
    plural = catalog.po.metadata.get("Plural-Forms")
    rule = expected_rule(language)
    if plural is not None and ((found := parse_header(plural)) is None or not same_rule(found, rule)):
        report.warnings.append(
            f"{shown}:{header_line(catalog.text, 'Plural-Forms')}: warning: Plural-Forms {plural!r} is not the rule of "
            f"{language} ({rule.nplurals} forms in CLDR): not used; a plural entry of another number of forms is fuzzy, to review"
        )
    entries = []
    by_form: dict[tuple[str | None, str], polib.POEntry] = {}
    for entry in catalog.po:
        if not has_translation(entry):
            report.skipped += 1
            continue
        entries.append(entry)
        variants = [(), *_definitions_used(entry.msgid, labels)]
        for form in dict.fromkeys(message_form(entry.msgid, refs) for refs in variants):
            # A translated one before a fuzzy one of the same form, else the first in the file.
            held = by_form.get((entry.msgctxt, form))
            if held is None or ("fuzzy" in held.flags and "fuzzy" not in entry.flags):
                by_form[(entry.msgctxt, form)] = entry
    return _Foreign(catalog, entries, by_form)


def _unwrapped(text: str) -> str:
    return message_text(text) if "\n" in text else text  # (the same text without a line break)


def _renamed(entry: polib.POEntry, template: polib.POEntry) -> polib.POEntry:
    """A foreign entry under the template's msgid (same form, other spelling):
    its translation unwrapped as extraction unwraps a source paragraph."""
    copied = copy.copy(entry)
    copied.msgctxt, copied.msgid, copied.msgid_plural = template.msgctxt, template.msgid, template.msgid_plural or ""
    copied.msgstr = _unwrapped(entry.msgstr)
    copied.msgstr_plural = {n: _unwrapped(text) for n, text in entry.msgstr_plural.items()}
    copied.flags, copied.occurrences, copied.obsolete = list(entry.flags), [], False
    return copied


def _suggestions(foreign: _Foreign, domain: _Domain) -> tuple[list[polib.POEntry], dict[Key, polib.POEntry], set[Key]]:
    """Each template message with what the foreign catalogue offers for it
    (exact, fuzzy or nothing), in template order; the foreign entry each
    offer comes from; the messages the foreign catalogue has (by msgid or
    by form), as opposed to close ones."""
    raw = {(e.msgctxt, e.msgid): e for e in foreign.entries}
    old = polib.POFile(wrapwidth=79)
    old.metadata = {"Plural-Forms": domain.plural_forms}  # never the foreign file's
    old.extend(foreign.entries)
    origin: dict[Key, polib.POEntry] = {}
    renamed: dict[Key, polib.POEntry] = {}
    for template in domain.pot:
        key = (template.msgctxt, template.msgid)
        if key in raw:
            origin[key] = raw[key]
            continue
        found = foreign.by_form.get((template.msgctxt, domain.keys[key]))
        if found is None or bool(found.msgid_plural) != bool(template.msgid_plural):
            continue
        if template.msgid_plural and message_form(found.msgid_plural) != message_form(template.msgid_plural):
            continue
        old.append(_renamed(found, template))
        origin[key] = renamed[key] = found
    direct = set(origin)
    offered = merge(old, domain.pot, prune_obsolete=True)
    for entry in offered:  # a fuzzy offer comes from the message of its #| msgid
        key = (entry.msgctxt, entry.msgid)
        if key not in origin and has_translation(entry) and entry.previous_msgid is not None:
            previous = (entry.previous_msgctxt, entry.previous_msgid)
            source = raw.get(previous) or renamed.get(previous)
            if source is not None:
                origin[key] = source
    unmatched = [e for e in offered if e.msgid and (e.msgctxt, e.msgid) not in origin]
    if unmatched:
        _offer_close_forms(unmatched, foreign, domain, origin)
    return list(offered), origin, direct


_TAG = re.compile(r"<[^>]*>")


def _offer_close_forms(entries: list[polib.POEntry], foreign: _Foreign, domain: _Domain, origin: dict[Key, polib.POEntry]) -> None:
    """Fuzzy offers by msgmerge's similarity of the rendered forms, for
    messages it finds nothing close to: edited *and* spelled otherwise (a
    short sentence whose long URL the file writes inline, say)."""
    stand_ins: dict[int, polib.POEntry] = {}
    forms = []
    for (context, form), entry in foreign.by_form.items():
        # Compared as a reader reads them, without their tags: "<code>"
        # twice in two short sentences made them look alike to msgmerge's
        # measure where their words are not.
        stand_in = polib.POEntry(msgctxt=context, msgid=_TAG.sub("", form), msgstr="-")  # (FuzzyIndex takes translated ones)
        stand_ins[id(stand_in)] = entry
        forms.append(stand_in)
    index = FuzzyIndex(forms)
    for entry in entries:
        found = index.best(_TAG.sub("", domain.keys[(entry.msgctxt, entry.msgid)]), entry.msgctxt)
        source = stand_ins[id(found)] if found is not None else None
        if source is None or bool(source.msgid_plural) != bool(entry.msgid_plural):
            continue
        entry.msgstr = _unwrapped(source.msgstr)
        entry.msgstr_plural = {n: _unwrapped(text) for n, text in source.msgstr_plural.items()}
        entry.flags = ["fuzzy", *(flag for flag in entry.flags if flag != "fuzzy")]
        entry.previous_msgctxt, entry.previous_msgid = source.msgctxt, source.msgid
        entry.previous_msgid_plural = source.msgid_plural or None
        origin[(entry.msgctxt, entry.msgid)] = source


def _fit_plurals(entry: polib.POEntry, nplurals: int) -> None:
    """A plural translation of another number of forms (a foreign Plural-Forms)
    becomes fuzzy, with the forms this language has; forms beyond them are
    kept in a translator comment, never dropped."""
    if not entry.msgid_plural or sorted(entry.msgstr_plural) == list(range(nplurals)):
        return
    extra = {n: text for n, text in entry.msgstr_plural.items() if int(n) >= nplurals and text}
    entry.msgstr_plural = {n: entry.msgstr_plural.get(n, "") for n in range(nplurals)}
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    if extra:
        kept = "\n".join(f"msgstr[{n}] of the imported file: {text}" for n, text in sorted(extra.items()))
        entry.tcomment = f"{entry.tcomment}\n{kept}" if entry.tcomment else kept


def _take(mine: polib.POEntry, theirs: polib.POEntry) -> None:
    mine.msgstr, mine.msgstr_plural = theirs.msgstr, dict(theirs.msgstr_plural)
    mine.flags = list(theirs.flags)
    mine.previous_msgctxt, mine.previous_msgid = theirs.previous_msgctxt, theirs.previous_msgid
    mine.previous_msgid_plural = theirs.previous_msgid_plural
    mine.tcomment = mine.tcomment or theirs.tcomment


#: What _suggestions offers: the offers, where each comes from, the messages the file has.
Offers = tuple[list[polib.POEntry], dict[Key, polib.POEntry], set[Key]]


def _fill(foreign: _Foreign, domain: _Domain, offers: Offers, *, similar: bool, overwrite: bool, report: ImportReport, applied: set[int], matched: set[int]) -> int:
    """Fill ``domain``'s catalogue from ``foreign``; the number of its entries
    the file has (the same message, or one close to it taken as fuzzy).

    A translation the catalogue has is never replaced unless ``overwrite``
    (a fuzzy suggestion never replaces one), and every difference is named.
    ``applied`` collects the foreign entries whose translation is in the
    catalogue now, ``matched`` those that are the same message as one of the
    catalogue's (its translation taken, or differing and named). ``similar``:
    whether fuzzy offers are taken here."""
    offered, origin, direct = offers
    live = [entry for entry in domain.po if not entry.obsolete]
    assert [(e.msgctxt, e.msgid) for e in live] == [(e.msgctxt, e.msgid) for e in offered]  # both in the template's order
    count = 0
    for mine, theirs in zip(live, offered):
        key = (theirs.msgctxt, theirs.msgid)
        source = origin.get(key)
        if source is None or not has_translation(theirs) or not (similar or key in direct):
            continue
        count += 1
        if key in direct:
            matched.add(id(source))
        _fit_plurals(theirs, domain.nplurals)
        ours, state = _state(mine), _state(theirs)
        if _same_translation(mine, theirs) and (ours, state) != ("fuzzy", "exact"):
            applied.add(id(source))
            report.skipped += 1
            continue
        if ours == "exact" and state == "exact":
            where = f"{domain.shown}: {mine.msgid[:50]!r}"
            if not overwrite:
                report.conflicts.append(f"{where}: kept its translation; {foreign.line(source)} has another (--overwrite takes it)")
                continue
            report.conflicts.append(f"{where}: replaced by {foreign.line(source)} (--overwrite)")
        elif ours == "exact" or (ours == "fuzzy" and state == "fuzzy"):
            continue  # a suggestion, where the catalogue has one already
        _take(mine, theirs)
        applied.add(id(source))
        if state == "exact":
            report.exact += 1
        else:
            report.fuzzy += 1
    return count


def _remember(foreign: _Foreign, domain: _Domain, leftovers: list[polib.POEntry], report: ImportReport) -> None:
    """Keep ``leftovers`` as obsolete entries of ``domain``'s catalogue (what
    ``update`` matches new messages against), unless it holds them already."""
    held = {(e.msgctxt, e.msgid): e for e in domain.po}
    for entry in leftovers:
        there = held.get((entry.msgctxt, entry.msgid))
        if there is not None:
            if _same_translation(there, entry):
                report.skipped += 1
            else:
                report.conflicts.append(
                    f"{domain.shown}: {entry.msgid[:50]!r}: kept its obsolete translation; {foreign.line(entry)} has another"
                )
            continue
        gone = copy.copy(entry)
        gone.obsolete, gone.occurrences, gone.comment, gone.flags = True, [], "", list(entry.flags)
        domain.po.append(gone)
        report.memory += 1


def _sources(documents: list[Document], books: list[Book]) -> dict[str, list[Document]]:
    """Each domain's documents (a book's: its titles and chapters)."""
    sources: dict[str, list[Document]] = {d.name: [d] for d in documents}
    sources.update({book.name: list(book.documents) for book in books})
    return sources


def _credit(po: polib.POFile, foreign: polib.POFile) -> None:
    """The translator of the file, for a catalogue that names none (the booklet's credit line)."""
    name = foreign.metadata.get("Last-Translator", "")
    if po.metadata.get("Last-Translator", "") in ("", "FULL NAME <EMAIL@ADDRESS>") and name and "FULL NAME" not in name:
        po.metadata["Last-Translator"] = name


def _domains(
    project: Project,
    language: str,
    pots: dict[str, polib.POFile],
    catalogues: dict[str, tuple[polib.POFile, bytes] | None],
    sources: dict[str, list[Document]],
) -> list[_Domain]:
    domains = []
    for name, pot in pots.items():
        refs = _document_refs(sources.get(name, []))
        keys = {(t.msgctxt, t.msgid): message_form(t.msgid, refs.get((t.msgctxt, t.msgid), ())) for t in pot}
        path = project.po_path(language, name)
        read = catalogues.get(name)
        if read is None:
            po, expected = merge(new_catalog(project, pot, language), pot), ABSENT
        else:
            po, expected = merge(read[0], pot), digest(read[1])
        domains.append(_Domain(name, language, path, project.relative(path), pot, po, expected, keys))
    return domains


def import_catalogues(
    project: Project,
    language: str,
    files: list[Path],
    *,
    overwrite: bool = False,
    progress: Callable[[str], None] = lambda message: None,
) -> ImportReport:
    """Bring the translations of ``files`` (catalogues of other tools, for
    ``language``) into the language's catalogues, brought up to date with
    the sources as ``update`` does; the templates are written too.

    Every file is read before anything is written; each catalogue is written
    atomically, and one saved by someone else meanwhile is not replaced."""
    report = ImportReport()
    with catalogs_locked(project):
        units = load_documents(project), load_books(project)  # read once: for the links here, the templates below
        sources = _sources(*units)
        # A foreign message's links may be any document's: it is read with each one's definitions.
        labels = _label_index(list(dict.fromkeys(references(d.env) for documents in sources.values() for d in documents)))
        foreign = []
        for file in files:
            progress(f"reading {file}")
            foreign.append(_read_foreign(file, language, labels, report))
        catalogues: dict[str, tuple[polib.POFile, bytes] | None] = {}
        pots = write_templates(project, report, units)
        for name in pots:
            path = project.po_path(language, name)
            catalogues[name] = read_catalogue(path, project.relative(path), language=language) if path.exists() else None
        domains = _domains(project, language, pots, catalogues, sources)
        for one in foreign:
            applied: set[int] = set()
            matched: set[int] = set()
            found: Counter[str] = Counter()
            offers = {}
            for domain in domains:
                progress(f"matching {one.catalog.shown} with {domain.shown}")
                offers[domain.name] = _suggestions(one, domain)
            anywhere = any(direct for _, _, direct in offers.values())
            for domain in domains:
                # A file of another domain's messages (a book's, against the templates' strings) offers
                # chance resemblances only: fuzzy offers are taken where the file has messages of the
                # catalogue (or, having none anywhere, in every catalogue but the templates').
                direct = offers[domain.name][2]
                similar = bool(direct) or (not anywhere and domain.name != TEMPLATES_DOMAIN)
                found[domain.name] = _fill(
                    one, domain, offers[domain.name], similar=similar, overwrite=overwrite, report=report, applied=applied, matched=matched
                )
                if found[domain.name]:
                    _credit(domain.po, one.catalog.po)
            leftovers = [e for e in one.entries if id(e) not in applied and id(e) not in matched]
            if leftovers:
                # Where the file's messages are (a book's file: its book's); ties in the templates' order.
                target = max(domains, key=lambda d: (found[d.name], -domains.index(d)))
                if not found[target.name]:
                    report.warnings.append(f"{one.catalog.shown}: warning: none of its messages is in the sources; all kept in {target.shown}")
                _remember(one, target, leftovers, report)
        for domain in domains:
            write_catalog(project, domain.path, format_po(domain.po, lone_header=True), domain.expected, report)
    raise_failures(report.failures)
    return report
