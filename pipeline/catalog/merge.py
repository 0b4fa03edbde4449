"""Updating a translation from a new template without losing work (what msgmerge does)."""
from __future__ import annotations

import copy
import re

import polib

from ._language_teams import TEAMS
from .fuzzy import FUZZY_THRESHOLD, FuzzyIndex, FuzzyIndexes
from .plurals import expected_rule, parse_header, same_rule
from .pofile import format_arguments
from .reader import HeaderExtras, first_form, has_translation, new_entry, parse_metadata

__all__ = ["merge", "fix_plural_forms", "FuzzyIndex", "FuzzyIndexes", "FUZZY_THRESHOLD"]

_FORMAT_FLAGS_SUFFIX = "-format"


def _fresh(template: polib.POEntry, nplurals: int) -> polib.POEntry:
    entry = new_entry(
        msgid=template.msgid,
        msgctxt=template.msgctxt,
        msgstr="",
        occurrences=list(template.occurrences),
        comment=template.comment,
        tcomment=template.tcomment,  # msgmerge keeps them on a message with no old translation
        flags=[f for f in template.flags if f != "fuzzy"],
    )
    if template.msgid_plural:
        entry.msgid_plural = template.msgid_plural
        entry.msgstr_plural = {i: "" for i in range(nplurals)}
    return entry


def _take_translation(entry: polib.POEntry, old: polib.POEntry, nplurals: int) -> None:
    if entry.msgid_plural:
        if old.msgid_plural:
            entry.msgstr_plural = dict(old.msgstr_plural)  # msgmerge keeps the forms as they are
        else:  # a singular translation stands for every form, for review
            entry.msgstr_plural = dict.fromkeys(range(nplurals), old.msgstr)
    else:
        entry.msgstr = first_form(old)
    entry.tcomment = old.tcomment
    # msgmerge takes every flag from the template (format, range, no-wrap) but "fuzzy".
    if "fuzzy" in old.flags and "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")


#: The header fields msgmerge knows, in the order it writes them; the others follow, as read.
_KNOWN_FIELDS = ("Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date", "PO-Revision-Date",
                 "Last-Translator", "Language-Team", "Language", "MIME-Version", "Content-Type",
                 "Content-Transfer-Encoding")
#: What msgmerge takes from the template's header rather than the translation's.
_FROM_TEMPLATE = ("Report-Msgid-Bugs-To", "POT-Creation-Date")


def _raw_header(po: polib.POFile) -> str:
    extras: HeaderExtras | None = getattr(po, "header_extras", None)
    if extras is not None and extras.metadata == po.metadata:
        return extras.raw
    return "".join(f"{key}: {value}\n" for key, value in po.metadata.items())


_KNOWN_BY_LOWER = {name.lower(): name for name in _KNOWN_FIELDS}


def _header_fields(raw: str, *, first: bool = False) -> tuple[dict[str, str], list[str]]:
    """Known fields and the other lines, in order, as msgmerge splits the
    header: a known field's name matched whatever its case and written as
    GNU spells it ("content-type:" is Content-Type), an empty line kept
    among the others. Of a repeated field, the last line wins in the
    translation's header, the first in the template's (msgmerge rewrites
    the one, searches the other)."""
    known: dict[str, str] = {}
    others: list[str] = []
    lines = raw.split("\n")
    if lines[-1] == "":  # the newline that ends the last line, not an empty line after it
        lines.pop()
    for line in lines:
        name, colon, value = line.partition(":")
        canonical = _KNOWN_BY_LOWER.get(name.lower()) if colon else None
        if canonical is None:
            others.append(line)
        elif not (first and canonical in known):
            known[canonical] = f"{canonical}:{value}"
    return known, others


_CHARSET_NAME = re.compile(r"(Content-Type:[^\n]*?charset=)[A-Za-z0-9_.:+-]+")


def merge_header(old: str, template: str, *, utf8: bool = False) -> str:
    """The header msgstr msgmerge writes: the translation's fields in GNU's
    order, the template's bug address and creation date, and a ``Language``
    the ``Language-Team`` names when there was none. ``utf8``: the template
    is in UTF-8, so msgmerge converts the catalogue to it, which names the
    charset ``UTF-8`` even where it said ``utf-8`` (found in GNU's own
    examples: hello-c/po/lv.po)."""
    known, others = _header_fields(old)
    if utf8 and "Content-Type" in known:
        known["Content-Type"] = _CHARSET_NAME.sub(r"\g<1>UTF-8", known["Content-Type"], count=1)
    from_template, _ = _header_fields(template, first=True)
    for name in _FROM_TEMPLATE:
        if name in from_template:
            known[name] = from_template[name]
    if "Language" not in known and "Language-Team" in known:
        # msgmerge drops the team's last word (its address, "<de@li.org>" or
        # anything else) and looks the rest up: "Dutch <x at y.org>" names no language.
        team = known["Language-Team"].partition(":")[2].lstrip(" \t")
        cut = max(team.rfind(" "), team.rfind("\t"))
        name = team[:cut].rstrip(" \t") if cut > 0 else ""
        known["Language"] = "Language: " + TEAMS.get(name, "")
    lines = [known[name] for name in _KNOWN_FIELDS if name in known] + others
    return "".join(line + "\n" for line in lines)


def _range(flags: list[str]) -> str | None:
    """The message's range (of several, GNU keeps the last)."""
    return next(("".join(f[6:].split()) for f in reversed(flags) if f.startswith("range:")), None)


def _needs_review(entry: polib.POEntry, template: polib.POEntry, old: polib.POEntry) -> bool:
    """msgmerge's reasons to make an exact match fuzzy: the plural changed,
    the old message's range is not the template's, or the template calls it a
    format string its translation does not fit."""
    if not first_form(old):
        return False  # nothing to review
    if (old.msgid_plural or "") != (template.msgid_plural or ""):
        return True
    had = _range(old.flags) if old.flags else None
    if had is not None and had != _range(template.flags):
        return True
    return bool(template.flags) and _format_added_and_broken(entry, template, old)


def _possible_formats(flags: list[str]) -> set[str]:
    """The languages a message may be a format string of ("x-format" or "possible-x-format")."""
    return {flag.removeprefix("possible-")[: -len(_FORMAT_FLAGS_SUFFIX)] for flag in flags
            if flag.endswith(_FORMAT_FLAGS_SUFFIX) and not flag.startswith(("no-", "impossible-"))}


def _format_added_and_broken(entry: polib.POEntry, template: polib.POEntry, old: polib.POEntry) -> bool:
    """A format flag the template has and the old message had not, whose
    directives the translation does not match (GNU checks C and Python)."""
    for language in _possible_formats(template.flags) - _possible_formats(old.flags):
        if entry.msgid_plural:
            wanted = format_arguments(entry.msgid_plural, language)
            texts = [text for text in entry.msgstr_plural.values() if text]
        else:
            wanted = format_arguments(entry.msgid, language)
            texts = [entry.msgstr] if entry.msgstr else []
        if wanted is None:
            continue
        if any(format_arguments(text, language, msgstr=True) != wanted for text in texts):
            return True
    return False


def fix_plural_forms(po: polib.POFile, language: str) -> bool:
    """Give ``po`` the ``Plural-Forms`` of ``language`` in CLDR when its header
    disagrees in meaning; True when it changed.

    A plural entry translated under the old rule may now be shown for other
    numbers, so it becomes fuzzy for a translator to review. Forms beyond the
    new number of forms are kept in a translator comment, never dropped."""
    expected = expected_rule(language)
    declared = parse_header(po.metadata.get("Plural-Forms", ""))
    if declared is not None and same_rule(declared, expected):
        return False
    po.metadata["Plural-Forms"] = expected.header
    for entry in po:
        if not entry.msgid_plural or not any(entry.msgstr_plural.values()):
            continue
        if "fuzzy" not in entry.flags:
            entry.flags.insert(0, "fuzzy")
        extra = {i: text for i, text in entry.msgstr_plural.items() if int(i) >= expected.nplurals and text}
        if extra:
            kept = "\n".join(f"msgstr[{i}] under the old Plural-Forms: {text}" for i, text in sorted(extra.items()))
            entry.tcomment = f"{entry.tcomment}\n{kept}" if entry.tcomment else kept
    return True


def _compared_encoding(po: polib.POFile, pot: polib.POFile) -> str:
    """The charset msgmerge compares msgids in: the catalogue's own, unless
    the template says another (not ASCII), when both are read as UTF-8."""
    own = getattr(po, "source_encoding", "utf-8")
    template = getattr(pot, "source_encoding", "utf-8")
    return own if template in ("ascii", own) else "utf-8"


def _nplurals(po: polib.POFile) -> int:
    forms = po.metadata.get("Plural-Forms", "")
    for part in forms.split(";"):
        key, _, value = part.strip().partition("=")
        if key.strip() == "nplurals" and value.strip().isdigit():
            return int(value)
    return 2


def merge(
    po: polib.POFile,
    pot: polib.POFile,
    *,
    memory: dict[str, polib.POEntry] | None = None,
    prune_obsolete: bool = False,
    indexes: FuzzyIndexes | None = None,
) -> polib.POFile:
    """A new catalogue: ``pot``'s messages with ``po``'s translations.

    What ``msgmerge --previous`` writes: an exact (msgctxt, msgid) match keeps
    its translation and translator comments, and takes every flag but
    "fuzzy" from the template (it becomes fuzzy when its msgid_plural or
    range changed, or a format flag was added that its directives do not
    fit); a new message similar to an old translated one gets that
    translation as a fuzzy suggestion with the old text as ``#| msgid``
    (see fuzzy.py); old messages nobody uses any more become obsolete
    (``#~``) with their translation, untranslated ones are dropped; the
    header is merged as msgmerge merges it. ``memory`` (booklet's own, not
    msgmerge's) maps msgids to translated entries of other catalogues of
    the same language. ``indexes``: the fuzzy indexes of the run this merge
    is part of, which reuse one another's look-ups (see fuzzy.py).
    """
    nplurals = _nplurals(po)
    result = polib.POFile(wrapwidth=79)
    result.header = po.header
    result.metadata_is_fuzzy = po.metadata_is_fuzzy
    if po.metadata or isinstance(po.metadata_is_fuzzy, list):
        raw = merge_header(_raw_header(po), _raw_header(pot), utf8=getattr(pot, "source_encoding", "utf-8") == "utf-8")
        result.metadata = parse_metadata(raw)
        # msgmerge takes the header's extracted comments and references from the template.
        template_header = getattr(pot, "header_extras", None)
        shown = polib.POEntry(msgid="")
        if template_header is not None:
            shown.comment, shown.occurrences = template_header.entry.comment, template_header.entry.occurrences
        result.header_extras = HeaderExtras(shown, raw, dict(result.metadata), 0)

    active = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
    obsolete = {(e.msgctxt, e.msgid): e for e in po if e.obsolete}
    store = indexes if indexes is not None else FuzzyIndexes()
    index: FuzzyIndex | None = None  # made when a message first needs a fuzzy look-up: most never do
    used: set[int] = set()

    for template in pot:
        if template.obsolete:
            continue
        key = (template.msgctxt, template.msgid)
        entry = _fresh(template, nplurals)
        old = active.get(key) or obsolete.get(key)
        if old is not None and (has_translation(old) or not (memory and template.msgid in memory)):
            used.add(id(old))
            _take_translation(entry, old, nplurals)
            if "fuzzy" in entry.flags:
                entry.previous_msgctxt = old.previous_msgctxt
                entry.previous_msgid = old.previous_msgid
                entry.previous_msgid_plural = old.previous_msgid_plural
            elif _needs_review(entry, template, old):
                entry.flags.append("fuzzy")
                entry.previous_msgctxt, entry.previous_msgid = old.msgctxt, old.msgid
                entry.previous_msgid_plural = old.msgid_plural or None
        elif memory and template.msgid in memory:
            # Still untranslated here, translated in another document: the memory fills it.
            found = memory[template.msgid]
            _take_translation(entry, found, nplurals)
            entry.tcomment = old.tcomment if old is not None else ""
            if old is not None:
                used.add(id(old))
            if found.msgctxt != template.msgctxt and "fuzzy" not in entry.flags:
                entry.flags.append("fuzzy")
        elif template.msgid:
            if index is None:
                index = store.of(list(po), encoding=_compared_encoding(po, pot))
            similar = index.best(template.msgid, template.msgctxt)
            if similar is not None:
                used.add(id(similar))
                _take_translation(entry, similar, nplurals)
                if "fuzzy" in entry.flags:  # already fuzzy: its #| lines (or none) stay
                    entry.previous_msgctxt = similar.previous_msgctxt
                    entry.previous_msgid = similar.previous_msgid
                    entry.previous_msgid_plural = similar.previous_msgid_plural
                else:
                    entry.flags.append("fuzzy")
                    entry.previous_msgctxt = similar.msgctxt
                    entry.previous_msgid = similar.msgid
                    entry.previous_msgid_plural = similar.msgid_plural or None
        if "fuzzy" not in entry.flags or not first_form(entry):
            # msgmerge keeps no #| lines on an untranslated message: nothing to compare them with.
            entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
        # polib sorts flags nowhere; GNU keeps "fuzzy" first.
        if len(entry.flags) > 1:
            entry.flags.sort(key=lambda f: (f != "fuzzy",))
        result.append(entry)

    if not prune_obsolete:
        for old in po:
            if id(old) in used or not has_translation(old):
                continue
            gone = copy.copy(old)
            gone.obsolete = True
            gone.occurrences = []  # msgmerge keeps only what the translator wrote
            gone.comment = ""
            result.append(gone)
    return result
