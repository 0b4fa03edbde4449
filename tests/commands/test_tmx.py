"""booklet tmx export, run as users run it: the translation memory of every catalogue, as TMX 1.4b, the same bytes every time."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import polib

from pipeline.catalog.tmx import MemoryEntry, format_tmx
from tests.commands.test_check import booklet
from tests.commands.test_xliff import project  # noqa: F401  (the fixture)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# TMX 1.4b's DTD (LISA OSCAR tmx14.dtd): what booklet's output must keep.
HEADER_REQUIRED = {"creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"}
CHILDREN = {"tmx": r"header body ", "header": r"", "body": r"(tu )*", "tu": r"(prop |note )*(tuv )+", "tuv": r"(prop |note )*seg ", "seg": r"", "prop": r""}


def check_tmx(root: ET.Element) -> None:
    assert root.tag == "tmx" and root.get("version") == "1.4"
    for element in root.iter():
        assert re.fullmatch(CHILDREN[element.tag], "".join(child.tag + " " for child in element)), element.tag
        if element.tag == "prop":
            assert element.get("type")
        if element.tag == "tuv":
            assert element.get(XML_LANG)
    header = root.find("header")
    assert HEADER_REQUIRED <= set(header.attrib)
    assert header.get("segtype") in ("block", "paragraph", "sentence", "phrase")


def expected_pairs(root: Path, languages: list[str]) -> list[tuple[str, str, str]]:
    """(language, source, translation) of every translated, non-fuzzy, live entry, as polib counts them."""
    pairs = []
    for language in sorted(languages):
        for path in sorted((root / "locales" / language / "LC_MESSAGES").glob("*.po")):
            for entry in polib.pofile(str(path)):
                if entry.translated():
                    if entry.msgid_plural:
                        pairs += [(language, entry.msgid if n == 0 else entry.msgid_plural, form) for n, form in sorted(entry.msgstr_plural.items())]
                    else:
                        pairs.append((language, entry.msgid, entry.msgstr))
    return pairs


def test_the_memory_of_every_catalogue(project: Path):  # noqa: F811
    result = booklet("tmx", "export", "--json", cwd=project)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["written"] == ["output/translation-memory.tmx"]
    memory = project / "output" / "translation-memory.tmx"
    root = ET.parse(memory).getroot()
    check_tmx(root)
    assert root.find("header").get("srclang") == "en"
    found = [
        (tu.findall("tuv")[1].get(XML_LANG), tu.findall("tuv")[0].find("seg").text or "", tu.findall("tuv")[1].find("seg").text)
        for tu in root.iter("tu")
    ]
    assert found == expected_pairs(project, ["ar", "az", "de", "ru", "tr"])
    assert {tu.findall("tuv")[0].get(XML_LANG) for tu in root.iter("tu")} == {"en"}
    text = memory.read_text(encoding="utf-8")
    assert "Neu %(year)s" not in text and "Schließen" not in text  # fuzzy and obsolete ones are not in the memory
    assert '<prop type="x-context">menu</prop>' in text and '<prop type="x-plural-form">1</prop>' in text
    again = booklet("tmx", "export", "--json", cwd=project)
    assert json.loads(again.stdout)["unchanged"] == ["output/translation-memory.tmx"]  # the same bytes


def test_one_language_to_a_file_of_ones_choice(project: Path):  # noqa: F811
    result = booklet("tmx", "export", "--lang", "de", "-o", "de.tmx", cwd=project)
    assert result.returncode == 0, result.stderr
    root = ET.parse(project / "de.tmx").getroot()
    assert {tu.findall("tuv")[1].get(XML_LANG) for tu in root.iter("tu")} == {"de"}
    assert len(root.findall("body/tu")) == len(expected_pairs(project, ["de"]))


def test_text_xml_cannot_carry_is_left_out_and_said():
    entries = [MemoryEntry("de", "doc", None, "bell\a", "Glocke\a"), MemoryEntry("de_AT", "doc", "", "a\r", "b & <c>")]
    text, left_out = format_tmx(entries, source_language="en", tool_version="1.0")
    assert left_out == entries[:1]
    root = ET.fromstring(text)
    check_tmx(root)
    tuv = root.findall("body/tu/tuv")
    assert (tuv[0].find("seg").text, tuv[1].get(XML_LANG), tuv[1].find("seg").text) == ("a\r", "de-AT", "b & <c>")
    assert root.find("body/tu/prop").text == "doc" and root.findall("body/tu/prop")[1].text is None  # msgctxt ""
