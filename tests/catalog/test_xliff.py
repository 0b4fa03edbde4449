"""XLIFF 2.0 export and import of catalogues: the repo's own and generated ones (plurals, contexts, obsolete, fuzzy, #|) come back byte for byte."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import polib
import pytest

from pipeline.catalog.pofile import format_po, parse_po
from pipeline.catalog.reader import EmptyComment
from pipeline.catalog.xliff import NAMESPACE, XliffFile, apply_xliff, format_xliff, read_xliff, unit_id
from pipeline.errors import CatalogError
from tests.catalog.generate import random_case
from tests.conftest import REPO

X = f"{{{NAMESPACE}}}"
REPO_CATALOGUES = sorted(REPO.glob("locales/*/LC_MESSAGES/*.po"))
ORIGINAL = "locales/de/LC_MESSAGES/sample.po"


def canonical(data: bytes) -> bytes:
    """A catalogue as booklet writes it (the form every catalogue of a project has after update)."""
    return format_po(parse_po(data, "case.po"), lone_header=True).encode("utf-8")


def export(data: bytes, original: str = ORIGINAL) -> str:
    return format_xliff([(original, parse_po(data, original))], source_language="en", target_language="de")


def blank(data: bytes, *, obsolete: bool = True) -> polib.POFile:
    """The catalogue with every translation, fuzzy flag and translator comment
    removed (with ``obsolete=False``, not the obsolete entries': written
    without their translation, they would be gone)."""
    po = parse_po(data, "case.po")
    for entry in po:
        if entry.obsolete and not obsolete:
            continue
        if entry.msgstr_plural:
            entry.msgstr_plural = {number: "" for number in entry.msgstr_plural}
        else:
            entry.msgstr = ""
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        entry.tcomment = ""
    return po


def generated() -> list[tuple[int, bytes]]:
    cases = []
    for seed in range(150):
        data = canonical(random_case(seed)[0])
        if b"\nmsgid " in data or data.startswith(b"msgid "):
            cases.append((seed, data))
    return cases


GENERATED = generated()


def test_the_generated_catalogues_have_what_the_format_must_keep():
    joined = b"".join(data for _, data in GENERATED)
    for mark in (b"msgid_plural", b"msgctxt", b"#~ msgid", b"#, fuzzy", b"#| msgid", b"#. ", b"#: ", b"# ", b"-format"):
        assert mark in joined, mark


@pytest.mark.parametrize("path", REPO_CATALOGUES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_the_repo_catalogues_come_back_byte_for_byte(path: Path):
    data = path.read_bytes()
    assert canonical(data) == data  # booklet's own catalogues are in its canonical form
    po = blank(data)
    warnings = apply_xliff(po, read_xliff(export(data).encode(), "de.xlf").files[0], "de.xlf")
    assert format_po(po).encode("utf-8") == data
    assert warnings == []


@pytest.mark.parametrize("seed,data", GENERATED, ids=[f"seed{seed}" for seed, _ in GENERATED])
def test_generated_catalogues_come_back_byte_for_byte(seed: int, data: bytes):
    po = blank(data)
    apply_xliff(po, read_xliff(export(data).encode(), "de.xlf").files[0], "de.xlf")
    assert format_po(po, lone_header=True).encode("utf-8") == data


def rebuild(file: XliffFile) -> bytes:
    """A catalogue made from the XLIFF alone (its skeleton and units), not from the one exported."""
    po = parse_po(file.skeleton.encode("utf-8"), "skeleton.po")
    for unit in file.entries:
        plural = unit.note("msgid_plural")
        entry = polib.POEntry(msgid=unit.sources[0], msgctxt=unit.note("msgctxt"), obsolete=unit.obsolete)
        if plural is not None:
            entry.msgid_plural = plural
            entry.msgstr_plural = {n: target or "" for n, target in enumerate(unit.targets)}
        else:
            entry.msgstr = unit.targets[0] or ""
        for category, attribute in (("translator-comment", "tcomment"), ("extracted-comment", "comment")):
            text = unit.note(category)
            setattr(entry, attribute, "" if text is None else text or EmptyComment())
        entry.occurrences = [tuple(ref.rsplit(":", 1)) if re.search(r":\d+$", ref) else (ref, "") for _, ref in unit.notes or () if _ == "reference"]
        entry.flags = (["fuzzy"] if "initial" in [s for s, t in zip(unit.states, unit.targets) if t] else []) + [
            flag.strip() for flag in (unit.note("flags") or "").split(",") if flag.strip()
        ]
        for keyword in ("msgctxt", "msgid", "msgid_plural"):
            setattr(entry, "previous_" + keyword, unit.note("previous-" + keyword))
        po.append(entry)
    return format_po(po, lone_header=True).encode("utf-8")


@pytest.mark.parametrize("seed,data", GENERATED[:60], ids=[f"seed{seed}" for seed, _ in GENERATED[:60]])
def test_the_xliff_alone_holds_the_whole_catalogue(seed: int, data: bytes):
    # Not the import (which keeps what the catalogue owns): proof that nothing is left out of the file.
    assert rebuild(read_xliff(export(data).encode(), "de.xlf").files[0]) == data


def test_the_repo_catalogues_are_whole_in_their_xliff():
    for path in REPO_CATALOGUES:
        assert rebuild(read_xliff(export(path.read_bytes()).encode(), "x.xlf").files[0]) == path.read_bytes(), path


# --- the document's shape -------------------------------------------------------

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: de\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)
SAMPLE = (
    HEADER
    + "# a translator's note\n#. extracted\n#: source/a.md:3 source/b.md:9\n#, fuzzy, python-format\n"
    '#| msgctxt "old menu"\n#| msgid "Old %(n)s"\nmsgctxt "menu"\nmsgid "New %(n)s"\nmsgstr "Neu %(n)s"\n\n'
    'msgid "One file"\nmsgid_plural "%d files"\nmsgstr[0] "Eine Datei"\nmsgstr[1] "%d Dateien"\n\n'
    'msgid "bell\\a and return\\r, tab\\t < & >"\nmsgstr "Glocke\\a und Wagenrücklauf\\r, Tab\\t < & >"\n\n'
    'msgid "untranslated"\nmsgstr ""\n\n'
    '#~ msgid "gone"\n#~ msgstr "weg"\n'
)


def test_sample_round_trips():
    data = canonical(SAMPLE.encode())
    po = blank(data)
    apply_xliff(po, read_xliff(export(data).encode(), "de.xlf").files[0], "de.xlf")
    assert format_po(po).encode() == data


def test_how_each_part_of_an_entry_is_written():
    root = ET.fromstring(export(canonical(SAMPLE.encode())))
    assert (root.tag, root.get("version"), root.get("srcLang"), root.get("trgLang")) == (X + "xliff", "2.0", "en", "de")
    file = root.find(X + "file")
    assert file.get("original") == ORIGINAL and "Plural-Forms: nplurals=2" in file.find(X + "skeleton").text
    first = file.find(X + "unit")
    assert first.get("id") == unit_id("menu", "New %(n)s")
    notes = [(note.get("category"), note.text) for note in first.iter(X + "note")]
    assert notes == [
        ("msgctxt", "menu"),
        ("translator-comment", "a translator's note"),
        ("extracted-comment", "extracted"),
        ("reference", "source/a.md:3"),
        ("reference", "source/b.md:9"),
        ("flags", "python-format"),
        ("previous-msgctxt", "old menu"),
        ("previous-msgid", "Old %(n)s"),
    ]
    segment = first.find(X + "segment")
    assert segment.get("state") == "initial" and segment.find(X + "target").text == "Neu %(n)s"  # fuzzy: to review
    plural = file.find(X + "group")
    assert plural.get("type") == "po:plural"
    assert [(u.get("id"), u.find(f"{X}segment/{X}source").text, u.find(f"{X}segment/{X}target").text) for u in plural.findall(X + "unit")] == [
        (plural.get("id") + "-0", "One file", "Eine Datei"),
        (plural.get("id") + "-1", "%d files", "%d Dateien"),
    ]
    bell = file.findall(X + "unit")[1].find(X + "segment")
    assert bell.get("state") == "translated"
    assert [child.get("hex") for child in bell.find(X + "source")] == ["0007"]
    untranslated = file.findall(X + "unit")[2].find(X + "segment")
    assert untranslated.get("state") == "initial" and untranslated.find(X + "target") is None
    obsolete = file.findall(X + "group")[1]
    assert (obsolete.get("id"), obsolete.get("type"), obsolete.get("translate")) == ("obsolete", "po:obsolete", "no")
    assert obsolete.find(f"{X}unit/{X}segment/{X}target").text == "weg"


def test_a_carriage_return_survives_xml_parsing():
    text = export(canonical(SAMPLE.encode()))
    assert "&#13;" in text and "\r" not in text
    assert read_xliff(text.encode(), "x.xlf").files[0].entries[2].targets[0].endswith("\r, Tab\t < & >")


# XLIFF 2.0 core (xliff_core_2.0.xsd, OASIS Standard 2014): the content models and
# attribute types booklet's output must keep. (The schema itself is OASIS's and
# not in the repo; the export was validated against it with lxml when written.)
CHILDREN = {
    "xliff": r"(file )+",
    "file": r"(skeleton )?(notes )?((unit|group) )+",
    "group": r"(notes )?((unit|group) )*",
    "unit": r"(notes )?(segment )+",
    "notes": r"(note )+",
    "segment": r"source (target )?",
    "source": r"(cp )*",
    "target": r"(cp )*",
    "note": r"",
    "skeleton": r"",
    "cp": r"",
}
ATTRIBUTES = {
    "xliff": ({"version", "srcLang"}, {"trgLang"}),
    "file": ({"id"}, {"original", f"{{http://www.w3.org/XML/1998/namespace}}space"}),
    "group": ({"id"}, {"type", "translate"}),
    "unit": ({"id"}, set()),
    "segment": (set(), {"state"}),
    "note": (set(), {"category"}),
    "cp": ({"hex"}, set()),
}
NMTOKEN = re.compile(r"[\w.:-]+")


def check_core_schema(root: ET.Element) -> None:
    for element in root.iter():
        assert element.tag.startswith(X), element.tag
        name = element.tag[len(X):]
        children = "".join(child.tag[len(X):] + " " for child in element)
        assert re.fullmatch(CHILDREN[name], children), (name, children)
        required, optional = ATTRIBUTES.get(name, (set(), set()))
        assert required <= set(element.attrib) <= required | optional, (name, element.attrib)
        if "id" in element.attrib:
            assert NMTOKEN.fullmatch(element.get("id")), element.get("id")
        if name == "segment":
            assert element.get("state", "initial") in ("initial", "translated", "reviewed", "final")
        if name in ("group", "unit") and element.get("type") is not None:
            assert re.fullmatch(r"[^\s:]+:[^\s:]+", element.get("type"))
        if name == "cp":
            assert re.fullmatch(r"[0-9A-F]{4,6}", element.get("hex"))
    for parent in root.iter():  # ids unique among siblings, as XLIFF wants them in their scope
        ids = [child.get("id") for child in parent if child.get("id") is not None]
        assert len(ids) == len(set(ids))


def test_every_export_follows_the_core_schema():
    check_core_schema(ET.fromstring(export(canonical(SAMPLE.encode()))))
    for _, data in GENERATED:
        check_core_schema(ET.fromstring(export(data)))
    for path in REPO_CATALOGUES:
        check_core_schema(ET.fromstring(export(path.read_bytes(), f"locales/x/LC_MESSAGES/{path.name}")))


# --- import: what it takes, what it keeps, what it refuses --------------------------


def translated(data: bytes, edit) -> str:
    """The export of ``data`` after ``edit(root)`` changed its tree, as a translation tool would."""
    ET.register_namespace("", NAMESPACE)
    root = ET.fromstring(export(data))
    edit(root)
    return ET.tostring(root, encoding="unicode")


def imported(data: bytes, text: str) -> tuple[str, list[str]]:
    po = parse_po(data, "case.po")
    warnings = apply_xliff(po, read_xliff(text.encode(), "de.xlf").files[0], "de.xlf")
    return format_po(po), warnings


#: What the tests that edit the export with ElementTree start from: ElementTree
#: writes a carriage return raw, which XML parsers read as a line feed.
PLAIN = canonical(SAMPLE.replace("\\r", "").encode())


def test_a_tool_that_writes_a_raw_carriage_return_is_refused_not_imported_wrong():
    data = canonical(SAMPLE.encode())
    with pytest.raises(CatalogError, match="differs from its entry"):
        imported(data, translated(data, lambda root: None))


def test_a_translators_work_comes_back():
    data = PLAIN

    def work(root: ET.Element) -> None:
        untranslated = root.findall(f"{X}file/{X}unit")[2]
        segment = untranslated.find(X + "segment")
        segment.set("state", "final")
        ET.SubElement(segment, X + "target").text = "unübersetzt"
        fuzzy = root.find(f"{X}file/{X}unit/{X}segment")
        fuzzy.set("state", "reviewed")  # reviewed the fuzzy one: no longer fuzzy
        notes = ET.SubElement(untranslated, X + "notes")
        untranslated.remove(notes)
        untranslated.insert(0, notes)
        ET.SubElement(notes, X + "note", category="translator-comment").text = "checked with the author"

    text, warnings = imported(data, translated(data, work))
    assert warnings == []
    assert '# checked with the author\nmsgid "untranslated"\nmsgstr "unübersetzt"' in text
    assert "#, python-format\n#| msgctxt" in text and "fuzzy" not in text


def test_an_empty_target_never_drops_a_translation():
    data = PLAIN

    def clear(root: ET.Element) -> None:
        segment = root.findall(f"{X}file/{X}unit")[1].find(X + "segment")
        segment.remove(segment.find(X + "target"))
        segment.set("state", "initial")

    text, warnings = imported(data, translated(data, clear))
    assert text.encode() == data
    assert len(warnings) == 1 and re.fullmatch(r"de\.xlf:\d+: warning: unit m\w+: no target; the catalogue's translation is kept", warnings[0])


def test_a_tool_that_drops_notes_keeps_the_comments():
    data = PLAIN

    def strip(root: ET.Element) -> None:
        for parent in list(root.iter()):
            for notes in parent.findall(X + "notes"):
                parent.remove(notes)

    assert imported(data, translated(data, strip))[0].encode() == data


@pytest.mark.parametrize(
    "change,message",
    [
        (lambda po: setattr(po[0], "msgid", "Newer %(n)s"), "is no longer in"),
        (lambda po: setattr(po[2], "msgid", po[2].msgid + "!"), "is no longer in"),
        (lambda po: setattr(po[1], "msgid_plural", "%d folders"), "differs from its entry in"),
        (lambda po: setattr(po[3], "obsolete", True), "is obsolete in"),
    ],
    ids=["msgid", "special", "plural", "obsoleted"],
)
def test_a_unit_whose_source_changed_is_refused(change, message: str):
    data = canonical(SAMPLE.encode())
    text = export(data)
    po = parse_po(data, "case.po")
    change(po)
    before = format_po(po)
    with pytest.raises(CatalogError) as caught:
        apply_xliff(po, read_xliff(text.encode(), "de.xlf").files[0], "de.xlf")
    assert message in caught.value.message and caught.value.path == "de.xlf" and caught.value.line > 1
    assert format_po(po) == before  # nothing applied, not even the units before it


# --- reading hostile or foreign files -------------------------------------------------


BAD = {
    "malformed": ('<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0"\n  srcLang="en" trgLang="de">\n<file id="f1">\n</xliff>\n', 5, "not well-formed XML: mismatched tag"),
    "xxe": ('<?xml version="1.0"?>\n<!DOCTYPE xliff [\n<!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n<xliff>&secret;</xliff>\n', 2, "DOCTYPE"),
    "laughs": ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n<lolz>&lol2;</lolz>\n', 2, "DOCTYPE"),
    "undeclared": ('<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="de">\n&nbsp;</xliff>\n', 3, "undefined entity"),
    "xliff12": ('<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"/>\n', 2, "XLIFF 1.x"),
    "version": ('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="3.0" srcLang="en" trgLang="de"/>', 1, "version '3.0'"),
    "no target language": ('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en"/>', 1, "no trgLang"),
    "inline code": (
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="de">\n<file id="f">\n'
        '<unit id="u"><segment><source>a</source>\n<target>b<ph id="1"/></target></segment></unit></file></xliff>',
        4, "<ph> in a target",
    ),  # fmt: skip
    "state": (
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="de">\n<file id="f">\n'
        '<unit id="u"><segment state="done"><source>a</source></segment></unit></file></xliff>',
        3, "state 'done'",
    ),  # fmt: skip
}


@pytest.mark.parametrize("name", BAD)
def test_hostile_or_foreign_files_are_refused_at_their_line(name: str):
    text, line, message = BAD[name]
    with pytest.raises(CatalogError) as caught:
        read_xliff(text.encode(), "in.xlf")
    assert (caught.value.path, caught.value.line) == ("in.xlf", line)
    assert message in caught.value.message


def test_xliff_21_is_read():
    text = export(canonical(SAMPLE.encode())).replace('version="2.0"', 'version="2.1"')
    assert len(read_xliff(text.encode(), "x.xlf").files[0].entries) == 5


def test_a_comment_xml_cannot_carry_is_an_error_at_its_line():
    data = canonical((HEADER + '#. bell\\a\nmsgid "a"\nmsgstr "b"\n').encode()).replace(b"bell\\a", b"bell\x07")
    with pytest.raises(CatalogError) as caught:
        export(data)
    assert (caught.value.path, caught.value.line) == (ORIGINAL, 7) and "U+0007" in caught.value.message
