"""Catalogues as XLIFF 2.0 (core only) and back: every entry kept, and a translation never dropped.

How a gettext catalogue is written (one ``<file>`` per catalogue):

- the header entry, as the catalogue writes it, is the file's ``<skeleton>``
  (what is not to be translated: Plural-Forms tells a tool the forms);
- an entry is a ``<unit>`` whose id is a digest of its msgctxt and msgid, so a
  unit keeps its id from one export to the next; its one segment's
  ``<source>`` is the msgid, its ``<target>`` the msgstr (none when empty);
- a plural entry is a ``<group type="po:plural">`` of one unit per form
  (``ID-0``, ``ID-1``...): form 0's source is the msgid, the others' the
  msgid_plural;
- the segment's ``state``: ``initial`` (untranslated, or fuzzy: a target
  to review), ``translated``; on import ``reviewed`` and ``final`` are
  translated too (gettext has no word for them);
- obsolete entries (``#~``) are in ``<group id="obsolete" type="po:obsolete"
  translate="no">``;
- the rest are the unit's (or plural group's) notes, by category:
  ``msgctxt``, ``translator-comment`` (``#``), ``extracted-comment`` (``#.``),
  ``reference`` (``#:``, one note each), ``flags`` (``#,`` but fuzzy, which is
  the state), ``previous-msgctxt``, ``previous-msgid``,
  ``previous-msgid_plural`` (``#|``), and a plural group's ``msgid_plural``;
- characters XML cannot carry are ``<cp hex="..."/>`` in sources and targets.

Import takes from a unit what the translator owns: the targets, their state
(fuzzy or not) and the translator comments (when the unit has notes: a tool
that drops notes does not drop the catalogue's comments). What extraction owns
(msgid, context, references, extracted comments, flags, previous msgids,
obsolete or not) stays the catalogue's: a unit whose source no longer matches
its entry is an error, and an empty target never replaces a translation.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import polib

from ..errors import CatalogError
from ._xml import NOT_XML, XML_NAMESPACE, Node, escape_attribute, escape_text, parse_xml
from .pofile import format_po
from .reader import EmptyComment

__all__ = ["NAMESPACE", "XliffEntry", "XliffFile", "XliffDocument", "format_xliff", "read_xliff", "apply_xliff", "unit_id"]

NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"
VERSIONS = ("2.0", "2.1")  # 2.1 keeps the 2.0 core namespace
STATES = ("initial", "translated", "reviewed", "final")
_X = f"{{{NAMESPACE}}}"
_SPACE = f"{{{XML_NAMESPACE}}}space"
# Note categories, in the order a unit's notes are written.
_NOTES = ("msgctxt", "translator-comment", "extracted-comment", "reference", "flags",
          "previous-msgctxt", "previous-msgid", "previous-msgid_plural")  # fmt: skip


@dataclass(frozen=True)
class XliffEntry:
    """One catalogue entry as an XLIFF file has it (a unit, or a plural group)."""

    id: str
    line: int
    obsolete: bool
    sources: tuple[str, ...]  # msgid, then msgid_plural once per further form
    targets: tuple[str | None, ...]  # None: no <target>
    states: tuple[str, ...]
    notes: tuple[tuple[str, str], ...] | None  # (category, text); None: no <notes> at all

    def note(self, category: str) -> str | None:
        """The text of the notes of ``category`` (joined by lines), None if it has none."""
        texts = [text for name, text in self.notes or () if name == category]
        return "\n".join(texts) if texts else None


@dataclass(frozen=True)
class XliffFile:
    original: str
    line: int
    skeleton: str
    entries: tuple[XliffEntry, ...]


@dataclass(frozen=True)
class XliffDocument:
    source_language: str
    target_language: str
    files: tuple[XliffFile, ...]


def unit_id(msgctxt: str | None, msgid: str) -> str:
    """A unit's id: the same entry has it in every export (an NMTOKEN, as XLIFF wants)."""
    key = ("\x00" if msgctxt is None else msgctxt + "\x04") + msgid  # no context differs from ""
    return "m" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def _forms(entry: polib.POEntry) -> list[str]:
    """The translation, one string per form (format_po's reading of polib's fields)."""
    if entry.msgid_plural or entry.msgstr_plural:
        return [form for _, form in sorted(entry.msgstr_plural.items())] or [""]
    return [entry.msgstr]


def _sources(entry: polib.POEntry) -> tuple[str, ...]:
    forms = _forms(entry)
    if entry.msgid_plural or entry.msgstr_plural:
        return (entry.msgid, *[entry.msgid_plural] * (len(forms) - 1)) if len(forms) > 1 else (entry.msgid,)
    return (entry.msgid,)


# --- writing ------------------------------------------------------------------


def _inline(text: str) -> str:
    """Source or target content: escaped, with <cp/> for what XML cannot carry."""
    out, start = [], 0
    for match in NOT_XML.finditer(text):
        out.append(escape_text(text[start : match.start()]))
        out.append(f'<cp hex="{ord(match.group()):04X}"/>')
        start = match.end()
    out.append(escape_text(text[start:]))
    return "".join(out)


def _plain(text: str, what: str, original: str, line: int | None) -> str:
    """Note or skeleton text (XLIFF has no <cp/> there): escaped, or an error."""
    bad = NOT_XML.search(text)
    if bad:
        raise CatalogError(
            f"{what} holds U+{ord(bad.group()):04X}, which XML cannot carry outside a source or target",
            path=original,
            line=line,
            hint="remove the control character",
        )
    return escape_text(text)


def _entry_notes(entry: polib.POEntry) -> list[tuple[str, str]]:
    notes: list[tuple[str, str]] = []
    if entry.msgctxt is not None:
        notes.append(("msgctxt", entry.msgctxt))
    for category, comment in (("translator-comment", entry.tcomment), ("extracted-comment", entry.comment)):
        if comment or isinstance(comment, EmptyComment):  # "#" alone is kept as an empty note
            notes.append((category, comment))
    notes += [("reference", f"{path}:{line}" if line not in ("", None) else path) for path, line in entry.occurrences]
    flags = [flag for flag in entry.flags if flag.strip() != "fuzzy"]
    if flags:
        notes.append(("flags", ", ".join(flags)))
    for keyword in ("msgctxt", "msgid", "msgid_plural"):
        previous = getattr(entry, "previous_" + keyword)
        if previous is not None:
            notes.append(("previous-" + keyword, previous))
    return notes


def _unit(uid: str, entry: polib.POEntry, index: int, notes: str, indent: str) -> Iterator[str]:
    source, target = _sources(entry)[index], _forms(entry)[index]
    fuzzy = "fuzzy" in (flag.strip() for flag in entry.flags)
    state = "initial" if fuzzy or not target else "translated"
    yield f'{indent}<unit id="{uid}">'
    yield from ([notes] if notes else [])
    yield f'{indent}  <segment state="{state}">'
    yield f"{indent}    <source>{_inline(source)}</source>"
    if target:
        yield f"{indent}    <target>{_inline(target)}</target>"
    yield f"{indent}  </segment>"
    yield f"{indent}</unit>"


def _entry(entry: polib.POEntry, original: str, indent: str) -> Iterator[str]:
    uid = unit_id(entry.msgctxt, entry.msgid)
    plural = bool(entry.msgid_plural or entry.msgstr_plural)
    # A plural group names its msgid_plural too: with one form (Japanese) no unit's source is it.
    extra = [("msgid_plural", entry.msgid_plural)] if plural else []
    notes = [
        f'{indent}    <note category="{category}">{_plain(text, category, original, entry.linenum)}</note>'
        for category, text in [*_entry_notes(entry), *extra]
    ]
    if not plural:
        block = "\n".join([f"{indent}  <notes>", *notes, f"{indent}  </notes>"]) if notes else ""
        yield from _unit(uid, entry, 0, block, indent)
        return
    yield f'{indent}<group id="{uid}" type="po:plural">'
    if notes:
        yield f"{indent}  <notes>"
        yield from notes
        yield f"{indent}  </notes>"
    for index in range(len(_sources(entry))):
        yield from _unit(f"{uid}-{index}", entry, index, "", indent + "  ")
    yield f"{indent}</group>"


def _skeleton(po: polib.POFile) -> str:
    """The header entry as the catalogue writes it."""
    header = polib.POFile(wrapwidth=po.wrapwidth)
    header.header, header.metadata, header.metadata_is_fuzzy = po.header, po.metadata, po.metadata_is_fuzzy
    if hasattr(po, "header_extras"):
        header.header_extras = po.header_extras  # type: ignore[attr-defined]
    return format_po(header, lone_header=True)


def format_xliff(catalogues: Sequence[tuple[str, polib.POFile]], *, source_language: str, target_language: str) -> str:
    """An XLIFF 2.0 document of ``catalogues`` ((path shown as original, entries)),
    one <file> each; a catalogue without entries has none (XLIFF wants a unit)."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<xliff xmlns="{NAMESPACE}" version="2.0" srcLang="{escape_attribute(source_language.replace("_", "-"))}"'
        f' trgLang="{escape_attribute(target_language.replace("_", "-"))}">',
    ]
    number = 0
    for original, po in catalogues:
        active = [entry for entry in po if not entry.obsolete]
        obsolete = [entry for entry in po if entry.obsolete and any(_forms(entry)[:1])]  # msgcat drops the others
        if not active and not obsolete:
            continue
        number += 1
        lines.append(f'  <file id="f{number}" original="{escape_attribute(original)}" xml:space="preserve">')
        lines.append(f"    <skeleton>{_plain(_skeleton(po), 'the header', original, 1)}</skeleton>")
        for entry in active:
            lines += _entry(entry, original, "    ")
        if obsolete:
            lines.append('    <group id="obsolete" type="po:obsolete" translate="no">')
            for entry in obsolete:
                lines += _entry(entry, original, "      ")
            lines.append("    </group>")
        lines.append("  </file>")
    lines.append("</xliff>")
    return "\n".join(lines) + "\n"


# --- reading ------------------------------------------------------------------


def _fail(message: str, shown: str, node: Node, hint: str | None = None) -> CatalogError:
    return CatalogError(message, path=shown, line=node.line, hint=hint)


def _content(node: Node, shown: str) -> str:
    """A source's or target's text; <cp/> as its character, an annotation's (<mrk>) text as it is."""
    out: list[str] = []
    for item in node.content:
        if isinstance(item, str):
            out.append(item)
        elif item.tag == _X + "cp":
            try:
                out.append(chr(int(item.attributes.get("hex", ""), 16)))
            except ValueError:
                raise _fail(f"<cp hex={item.attributes.get('hex')!r}>: not a code point", shown, item) from None
        elif item.tag in (_X + "mrk", _X + "pc"):
            out.append(_content(item, shown))
        else:
            local = item.tag.rpartition("}")[2]
            raise _fail(f"<{local}> in a {node.tag.rpartition('}')[2]}: gettext text has no inline codes to put back", shown, item)
    return "".join(out)


def _notes(node: Node) -> tuple[tuple[str, str], ...] | None:
    found = [child for child in node.children if child.tag == _X + "notes"]
    if not found:
        return None
    return tuple((note.attributes.get("category", ""), note.text()) for note in found[0].children if note.tag == _X + "note")


def _segment(unit: Node, shown: str) -> tuple[str, str | None, str]:
    segments = [child for child in unit.children if child.tag == _X + "segment"]
    if len(segments) != 1:
        raise _fail(f"unit {unit.attributes.get('id')!r} has {len(segments)} segments; booklet writes one per unit", shown, unit)
    segment = segments[0]
    state = segment.attributes.get("state", "initial")
    if state not in STATES:
        raise _fail(f"state {state!r}: not one of {', '.join(STATES)}", shown, segment)
    sources = [child for child in segment.children if child.tag == _X + "source"]
    targets = [child for child in segment.children if child.tag == _X + "target"]
    if len(sources) != 1 or len(targets) > 1:
        raise _fail("a segment needs one <source> and at most one <target>", shown, segment)
    return _content(sources[0], shown), _content(targets[0], shown) if targets else None, state


def _entries(parent: Node, shown: str, obsolete: bool) -> Iterator[XliffEntry]:
    for node in parent.children:
        uid = node.attributes.get("id", "")
        if node.tag == _X + "unit":
            source, target, state = _segment(node, shown)
            yield XliffEntry(uid, node.line, obsolete, (source,), (target,), (state,), _notes(node))
        elif node.tag == _X + "group" and node.attributes.get("type") == "po:obsolete":
            yield from _entries(node, shown, True)
        elif node.tag == _X + "group" and node.attributes.get("type") == "po:plural":
            units = [child for child in node.children if child.tag == _X + "unit"]
            if [unit.attributes.get("id") for unit in units] != [f"{uid}-{n}" for n in range(len(units))] or not units:
                raise _fail(f"plural group {uid!r}: its units are not {uid}-0, {uid}-1... in order", shown, node)
            forms = [_segment(unit, shown) for unit in units]
            yield XliffEntry(
                uid, node.line, obsolete, tuple(f[0] for f in forms), tuple(f[1] for f in forms),
                tuple(f[2] for f in forms), _notes(node),
            )  # fmt: skip
        elif node.tag == _X + "group":
            raise _fail(f"group {uid!r} of type {node.attributes.get('type')!r}: booklet did not write it", shown, node)


def read_xliff(data: bytes, shown: str) -> XliffDocument:
    """An XLIFF 2.0 or 2.1 document's catalogues; anything else is a CatalogError at its line."""
    root = parse_xml(data, shown, CatalogError)
    if root.tag == "{urn:oasis:names:tc:xliff:document:1.2}xliff" or root.attributes.get("version", "").startswith("1."):
        raise _fail("XLIFF 1.x: booklet reads XLIFF 2.0 and 2.1", shown, root, hint="export again with booklet xliff export")
    if root.tag != _X + "xliff":
        raise _fail(f"not XLIFF 2 (the root element is {root.tag!r})", shown, root)
    if root.attributes.get("version") not in VERSIONS:
        raise _fail(f"XLIFF version {root.attributes.get('version')!r}: booklet reads {' and '.join(VERSIONS)}", shown, root)
    if not root.attributes.get("trgLang"):
        raise _fail("no trgLang: which language the targets are in is not said", shown, root)
    files = []
    for node in root.children:
        if node.tag != _X + "file":
            continue
        skeleton = next((child.text() for child in node.children if child.tag == _X + "skeleton"), "")
        entries = tuple(_entries(node, shown, False))
        seen: set[str] = set()
        for entry in entries:
            if entry.id in seen:
                raise CatalogError(f"unit id {entry.id!r} given twice", path=shown, line=entry.line)
            seen.add(entry.id)
        files.append(XliffFile(node.attributes.get("original", ""), node.line, skeleton, entries))
    return XliffDocument(root.attributes.get("srcLang", ""), root.attributes["trgLang"], tuple(files))


# --- importing ----------------------------------------------------------------


def apply_xliff(po: polib.POFile, file: XliffFile, shown: str) -> list[str]:
    """Put ``file``'s translations into ``po`` (``shown``: the XLIFF's path);
    the warnings, ``path:line: warning: ...``. Refuses, before changing
    anything, a unit whose entry is gone or whose source changed."""
    index = {unit_id(entry.msgctxt, entry.msgid): entry for entry in po}
    changes = []
    for unit in file.entries:
        entry = index.get(unit.id)
        plural = unit.note("msgid_plural")  # a tool may drop notes: compared when there
        if (
            entry is None
            or unit.sources != _sources(entry)
            or unit.obsolete != entry.obsolete
            or (plural is not None and plural != entry.msgid_plural)
        ):
            what = "is no longer in" if entry is None else "is obsolete in" if entry.obsolete and not unit.obsolete else "differs from its entry in"
            raise CatalogError(
                f"unit {unit.id}: its source {what} {file.original}",
                path=shown,
                line=unit.line,
                hint="the catalogue changed since the export: export again and carry the translations over",
            )
        changes.append((unit, entry))
    warnings = []
    for unit, entry in changes:
        forms = _forms(entry)
        for number, target in enumerate(unit.targets):
            if target:
                forms[number] = target
            elif forms[number]:
                warnings.append(
                    f"{shown}:{unit.line}: warning: unit {unit.id}"
                    + (f" form {number}" if len(forms) > 1 else "")
                    + ": no target; the catalogue's translation is kept"
                )
        if len(forms) > 1 or entry.msgid_plural or entry.msgstr_plural:
            entry.msgstr_plural = dict(enumerate(forms))
        else:
            entry.msgstr = forms[0]
        given = [state for target, state in zip(unit.targets, unit.states) if target]
        if given:  # else the catalogue's translation, and its flag, stay
            fuzzy = "initial" in given
            entry.flags = [flag for flag in entry.flags if flag.strip() != "fuzzy"]
            if fuzzy:
                entry.flags.insert(0, "fuzzy")
        if unit.notes is not None:
            comment = unit.note("translator-comment")
            entry.tcomment = "" if comment is None else comment or EmptyComment()
    return warnings
