"""Language names as readers see them: capitalisation per language, translatable names."""
from __future__ import annotations

import pytest

from pipeline.languages import NAME_CONTEXT, base, capitalize, cldr_name, display_name, name_in_text


class _Strings:
    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    def pgettext(self, context: str, message: str) -> str:
        return self.names.get(message, message) if context == NAME_CONTEXT else message


@pytest.mark.parametrize("language", ["az", "tr", "az_Latn"])
def test_dotted_i_languages_capitalise_i_to_dotted_capital_i(language):
    assert capitalize("ingilis", language) == "İngilis"
    assert capitalize("ingilis", language) != "ingilis".capitalize()  # what str methods write: "Ingilis"


def test_other_languages_capitalise_as_unicode_does():
    assert capitalize("italiano", "it") == "Italiano"
    assert capitalize("русский", "ru") == "Русский"
    assert capitalize("", "az") == ""


def test_cldr_names_in_azerbaijani_never_start_with_a_dotless_capital_i():
    name = cldr_name("en", "az")
    assert not name.startswith("I"), name
    assert name[0] == name[0].upper()


def test_a_translated_name_wins_over_cldr():
    strings = _Strings({"en": "İngilis dili"})
    assert display_name("en", "az", strings) == "İngilis dili"
    assert display_name("de", "az", strings) == cldr_name("de", "az")  # untranslated: CLDR's
    assert display_name("en", "az") == cldr_name("en", "az")


def test_a_name_inside_a_sentence_keeps_the_case_its_language_writes_it_in():
    # the fallback label and the imprint: "(Englisch)", "(английский)", "(İngilizce)"
    assert name_in_text("en", "de") == "Englisch"
    assert name_in_text("en", "ru") == "английский"
    assert name_in_text("en", "tr") == "İngilizce"
    assert name_in_text("en", "az", _Strings({"en": "İngilis dili"})) == "ingilis dili"  # the catalogue's, lower case as CLDR writes it


def test_a_tags_language_in_every_spelling() -> None:
    """BCP 47, Babel's and gettext's (a modifier after "@"): one base, which hyphenation and the catalogue checks use."""
    from pipeline.catalog import checks
    from pipeline.render import hyphenation

    tags = {"de-AT": "de", "pt_BR": "pt", "DE": "de", "sr@latin": "sr", "ca@valencia": "ca", "sr_RS@latin": "sr", "zh-Hant-TW": "zh"}
    assert {tag: base(tag) for tag in tags} == tags
    assert checks._base is base
    assert hyphenation.base is base
