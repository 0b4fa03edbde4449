"""Typography by language (render.typography): each rule of the README's table, and where it is not applied."""
from __future__ import annotations

import pytest

from pipeline.render.typography import NBSP, NNBSP, OPAQUE, TRANSPARENT, set_pieces, typeset
from pipeline.source import parse_document
from pipeline.translate import Found, translate_document


def setting(text: str, language: str) -> str:
    return "".join(typeset(text, language))


@pytest.mark.parametrize(
    ("language", "typed", "set_"),
    [
        # Quotation marks, primary and nested.
        ("en", 'He said "yes".', "He said \u201cyes\u201d."),
        ("en", "the tragedy of 'Black January.'", "the tragedy of \u201cBlack\u00a0January.\u201d"),
        # typed with single quotes: a quotation all the same, nested ones in the secondary marks
        ("en", "He said \"she said 'no'\".", "He said \u201cshe said \u2018no\u2019\u201d."),
        ("en", "'a \"b\" c'", "\u201ca \u2018b\u2019 c\u201d"),
        ("ru", "Он сказал 'да'.", "Он сказал \u00abда\u00bb."),
        ("de", "Er sagte 'ja'.", "Er sagte \u201eja\u201c."),
        ("de", "Er sagte \"ja 'gern'\".", "Er sagte \u201eja \u201agern\u2018\u201c."),
        ("ru", 'Он сказал "да".', "Он сказал \u00abда\u00bb."),
        ("ru", '\u00abОн сказал "да"\u00bb', "\u00abОн сказал \u201eда\u201c\u00bb"),
        ("az", '"Qara Yanvar" faciəsi', "\u00abQara\u00a0Yanvar\u00bb faci\u0259si"),
        ("tr", '"Kara Ocak" trajedisi', "\u201cKara\u00a0Ocak\u201d trajedisi"),
        ("ar", 'مأساة "يناير الأسود"', "مأساة \u00abيناير\u00a0الأسود\u00bb"),
        # Apostrophes: inside a word, Turkish before a suffix, elisions.
        ("en", "the world's forces", "the world\u2019s forces"),
        ("tr", "Bakü'de ve Moskova'daki", "Bakü\u2019de ve Moskova\u2019daki"),
        ("en", "the students' books from the '90s", "the students\u2019 books from the \u201990s"),
        # Dashes: a spaced hyphen between words; its space before does not break.
        ("en", "declared - on January 25", f"declared{NBSP}\u2014 on January 25"),
        ("tr", "ilan edilmedi - 25 Ocak", f"ilan edilmedi{NBSP}\u2013 25{NBSP}Ocak"),
        ("ru", "не объявлялось - 25 января", f"не{NBSP}объявлялось{NBSP}\u2014 25{NBSP}января"),
        ("de", "nicht verhängt -- am Montag", f"nicht verhängt{NBSP}\u2013 am Montag"),
        ("en", "a pause --- then", f"a pause{NBSP}\u2014 then"),
        # A hyphen inside a word or a range is left alone.
        ("en", "Nagorno-Karabakh, 1945-1946", "Nagorno-Karabakh, 1945-1946"),
        # No-break spaces.
        ("ru", "82 человека и 20 января в Баку", f"82{NBSP}человека и{NBSP}20{NBSP}января в{NBSP}Баку"),
        # a preposition or conjunction of two letters too, in any case; not the same letters ending a word
        ("ru", "подняться на защиту, По данным она до сих пор", f"подняться на{NBSP}защиту, По{NBSP}данным она до{NBSP}сих пор"),
        ("de", "am 20. Januar, 50 % und 7%", f"am 20.{NBSP}Januar, 50{NNBSP}% und 7{NNBSP}%"),
        ("az", "1990-cı il yanvarın 20-də", f"1990-cı{NBSP}il yanvarın 20-də"),
        ("tr", "1990'da Bakü", f"1990\u2019da{NBSP}Bakü"),
        ("fr", 'Il dit "oui" : non! Et alors ? 10:30', f"Il dit \u00ab{NNBSP}oui{NNBSP}\u00bb{NBSP}: non{NNBSP}! Et alors{NNBSP}? 10:30"),
        ("fr", "voir https://example.org", "voir https://example.org"),
    ],
)
def test_rule(language, typed, set_):
    assert setting(typed, language) == set_


def test_each_character_maps_to_its_replacement():
    typed = 'He said "yes" -- twice.'
    out = typeset(typed, "en")
    assert len(out) == len(typed)
    assert out[typed.index("-")] == "\u2014" and out[typed.index("-") + 1] == ""


def test_a_region_falls_back_to_its_language_and_an_unknown_language_keeps_its_quotes():
    assert setting('"ja"', "de_AT") == "\u201eja\u201c"
    assert setting('"hai"', "ja") == '"hai"'
    assert setting("it's", "ja") == "it\u2019s"


def test_quotes_pair_across_markup():
    # "*word*" is three text tokens around emphasis: the quote opened before it closes after it.
    pieces = [('"', True), (TRANSPARENT, False), ("Black January", True), (TRANSPARENT, False), ('" is', True)]
    assert set_pieces(pieces, "ru") == ["\u00ab", TRANSPARENT, "Black\u00a0January", TRANSPARENT, "\u00bb is"]


def test_inline_code_is_a_word_and_stays_as_written():
    pieces = [("run ", True), (OPAQUE, False), ("'s output", True)]
    assert set_pieces(pieces, "en") == ["run ", OPAQUE, "\u2019s output"]


def test_a_short_last_word_is_not_left_alone_on_the_last_line():
    paragraph = "The illegal actions of the troops were condemned by the world's progressive forces."
    assert setting(paragraph, "en").endswith(f"progressive{NBSP}forces.")
    long_last = "The illegal actions of the troops were condemned by the world as unprecedented."
    assert setting(long_last, "en").endswith(" as unprecedented.")  # a long last word fills a line of its own
    assert setting("He said no more.", "en") == "He said no more."  # a heading or a label: no rule



# Editorial dashes: hyphenated pairs the front matter lists (``dashes``) as
# dashes the author typed as hyphens; no rule could tell them from a compound.
EMERGENCY = "the state of emergency was not declared-on January 25 in Neftchala"


def set_with(text: str, language: str, dashes: tuple[str, ...]) -> str:
    return "".join(typeset(text, language, dashes=dashes))


@pytest.mark.parametrize(
    ("language", "pairs", "typed", "set_"),
    [
        ("en", ("declared-on",), EMERGENCY, f"was not declared{NBSP}\u2014 on January"),
        ("de", ("erklärt-am",), "nicht erklärt-am Montag", f"nicht erklärt{NBSP}\u2013 am Montag"),
        ("ru", ("объявлено-на",), "не объявлено-на деле", f"не{NBSP}объявлено{NBSP}\u2014 на{NBSP}деле"),  # the language's dash
        ("en", ("declared-on",), "declared-on, then declared-on", f"declared{NBSP}\u2014 on, then declared{NBSP}\u2014 on"),
        # only the pair, as whole words: a compound or a longer word is a hyphen still
        ("en", ("declared-on",), "undeclared-on, declared-one, a follow-up", "undeclared-on, declared-one, a follow-up"),
        ("en", ("declared-on",), "re-declared-on", "re-declared-on"),
        ("en", ("declared-on", "log-in"), "a log-in declared-on", f"a log{NBSP}\u2014 in declared{NBSP}\u2014 on"),
    ],
)
def test_a_listed_pair_is_set_as_the_languages_spaced_dash(language, pairs, typed, set_):
    assert set_ in set_with(typed, language, pairs)
    assert setting(typed, language).count("-") == typed.count("-")  # unlisted, the hyphen stays


def test_a_listed_pair_is_found_across_markup_and_its_hyphen_maps_to_the_dash():
    pieces = [("not ", True), (TRANSPARENT, False), ("declared", True), (TRANSPARENT, False), ("-on January", True)]
    assert set_pieces(pieces, "en", dashes=("declared-on",)) == [
        "not ", TRANSPARENT, "declared", TRANSPARENT, f"{NBSP}\u2014 on January",
    ]
    out = typeset(EMERGENCY, "en", dashes=("declared-on",))
    assert len(out) == len(EMERGENCY) and out[EMERGENCY.index("-")] == f"{NBSP}\u2014 "


SOURCE = "---\ndashes: [declared-on]\n{extra}---\n\nIt was not declared-on Monday.\n\nThen it was declared-on Tuesday.\n"


def edition(language: str, lookup: dict | None = None, extra: str = "") -> str:
    """The body of a made-up document's edition, as the renderers get it."""
    document = parse_document(SOURCE.format(extra=extra), name="a", path="source/a.md")
    return translate_document(document, lookup, language=language, source_language="en", rtl={}).body


def test_the_listed_pairs_are_set_wherever_the_source_text_is_shown():
    dash = f"declared{NBSP}\u2014 on"
    assert edition("en").count(dash) == 2
    # the German edition: a passage left in English is set as English, a
    # translation is the translator's, even where it writes the same pair
    german = edition("de", {(None, "It was not declared-on Monday."): Found("Nicht declared-on am Montag.", False)})
    assert f'<p lang="en" class="fallback fallback-start">Then it was {dash} Tuesday.</p>' in german
    assert "Nicht declared-on am Montag." in german


def test_typographys_switches_leave_the_listed_pairs_as_typed():
    assert edition("en", extra="typography: false\n").count("declared-on") == 2
    # an entry's switch holds for the source text it shows while untranslated
    lookup = {(None, "Then it was declared-on Tuesday."): Found("", False, typography=False)}
    german = edition("de", lookup)
    assert "Then it was declared-on Tuesday." in german and f"not declared{NBSP}\u2014 on" in german


def test_a_short_last_words_no_break_space_is_found_where_only_its_rule_put_it():
    from pipeline.render.typography import short_last_word

    az = setting("Azərbaycanda hər il 20 Yanvar Ümumxalq Hüzn Günü kimi anılır.", "az")
    assert short_last_word(az, "az") == az.rindex(NBSP)
    # Russian keeps a one-letter word with the next: that no-break space is its rule's, not the last word's
    ru = setting("Гейдар Алиев направился в Постоянное представительство в Москве.", "ru")
    assert ru.endswith(f"в{NBSP}Москве.") and short_last_word(ru, "ru") is None
    assert short_last_word(setting("The troops came in the night.", "en"), "en") is None  # too short to be a paragraph
    long_last = setting("The illegal actions of the troops were condemned by the world as unprecedented.", "en")
    assert short_last_word(long_last, "en") is None


def test_a_figure_that_closes_a_sentence_is_found_after_its_space():
    from pipeline.render.typography import closing_figures

    text = "killed 82 people and fatally wounded 20. After the declaration"
    assert closing_figures(text) == [text.index(" 20.")]
    assert closing_figures("there are 150 martyrs of January 20.") == [len("there are 150 martyrs of January")]
    assert closing_figures("ранили 20. После") == [len("ранили")]
    assert closing_figures("a total of 1,234! Then") == [len("a total of")]
    assert closing_figures("«погибли 147.» Затем") == [len("«погибли")]
    # a figure inside its sentence, a decimal, a range, a year and its word
    assert closing_figures("on January 20 is commemorated, 20.5 percent, 1945–1946 and 1990 year.") == []


@pytest.mark.parametrize(("text", "language", "kept"), [
    ("as the tragedy of 'Black January.' Then", "en", "“Black\u00a0January.”"),
    ("как трагедия «Чёрного января». Затем", "ru", "«Чёрного\u00a0января»"),
    ('des "Schwarzen Januar" in die', "de", "„Schwarzen\u00a0Januar“"),
    ('"Kara Ocak" trajedisi', "tr", "“Kara\u00a0Ocak”"),
])
def test_a_quotation_of_two_words_is_not_broken(text: str, language: str, kept: str) -> None:
    """The English booklet's opening paragraph ended on "January.’" alone,
    its own title broken: a quotation of two words keeps its space."""
    assert kept in "".join(typeset(text, language))


def test_a_longer_quotation_and_an_apostrophe_keep_their_spaces() -> None:
    assert "".join(typeset("he said 'one more time' and went", "en")) == "he said “one more time” and went"
    assert "".join(typeset("the students' books are here", "en")) == "the students’ books are here"
    assert "".join(typeset("don't go there", "en")) == "don’t go there"
