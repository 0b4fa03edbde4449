"""Tests of the translation quality checks, on small entries and on the shipped catalogues."""
from __future__ import annotations

import re
import textwrap
from pathlib import Path

import babel.numbers
import polib
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pipeline.catalog.plurals import expected_rule
from pipeline.catalog.checks import CHECKS, Finding, _word_numbers, check_catalog, check_entry

REPO = Path(__file__).resolve().parents[2]
LANGUAGES = ("az", "ru", "tr", "ar", "de")


def run(
    msgid: str,
    msgstr: str,
    *,
    language: str = "az",
    comment: str = "",
    flags: tuple[str, ...] = (),
) -> list[Finding]:
    entry = polib.POEntry(msgid=msgid, msgstr=msgstr, tcomment=comment, flags=list(flags))
    return check_entry(entry, language=language)


def checks(msgid: str, msgstr: str, **options) -> dict[str, str]:
    """check name -> severity of what the entry triggers."""
    return {f.check: f.severity for f in run(msgid, msgstr, **options)}


# --- figures ----------------------------------------------------------------


EIGHT = "Eight more people were killed on January 25."
THIRTY_SIX = "Thirty-six years have passed."


@pytest.mark.parametrize(
    "language, msgstr",
    [
        ("ru", "Ещё восемь человек были убиты 25 января."),
        ("az", "Yanvarın 25-də daha 8 nəfər qətlə yetirildi."),  # digits for a spelled-out number
        ("tr", "25 Ocak'ta sekiz kişi daha öldürüldü."),
        ("de", "Acht weitere Menschen wurden am 25. Januar getötet."),
        ("ar", "وقُتل ثمانية أشخاص آخرين في 25 يناير."),
        ("xh", "Abantu abasibhozo ngomhla we-25 kuJanuwari."),  # no spell-out rules: digits only checked
    ],
)
def test_a_spelled_out_number_kept_in_words_or_digits(language, msgstr) -> None:
    assert "figures" not in checks(EIGHT, msgstr, language=language)


@pytest.mark.parametrize(
    "language, msgstr",
    [
        ("tr", "Otuz altı yıl geçti."),  # num2words writes "otuzaltı"
        ("ar", "مضت ستة وثلاثون عامًا."),  # and "ستة و ثلاثون"
        ("de", "Sechsunddreißig Jahre sind vergangen."),
        ("ru", "Прошло тридцать шесть лет."),
    ],
)
def test_spellings_match_across_spaces_and_case(language, msgstr) -> None:
    assert "figures" not in checks(THIRTY_SIX, msgstr, language=language)


@pytest.mark.parametrize(
    "language, msgstr",
    [
        ("ru", "Ещё семь человек были убиты 25 января."),  # seven, not eight
        ("de", "In der Nacht wurden am 25. Januar weitere Menschen getötet."),  # "acht" only inside "Nacht"
        ("tr", "25 Ocak'ta daha fazla kişi öldürüldü."),  # the number left out
    ],
)
def test_a_spelled_out_number_changed_or_lost_is_an_error(language, msgstr) -> None:
    findings = [f for f in run(EIGHT, msgstr, language=language) if f.check == "figures"]
    assert len(findings) == 1 and findings[0].severity == "error"
    assert "number 8, spelled out in the source" in findings[0].message


def test_changed_figure_is_an_error() -> None:
    findings = run("Thus, 147 people were killed.", "Beləliklə, 174 nəfər qətlə yetirildi.")
    assert [(f.check, f.severity) for f in findings] == [("figures", "error"), ("figures", "error")]
    assert "147" in findings[0].message and "174" in findings[1].message


def test_figure_in_arabic_indic_digits_is_the_same_number() -> None:
    assert checks("Thus, 147 people were killed.", "وهكذا، قُتل ١٤٧ شخصًا.", language="ar") == {}


@pytest.mark.parametrize(
    ("language", "translation"),
    [
        ("de", "1.000 Menschen."),
        ("ru", "1 000 человек."),
        ("ru", "1\u00a0000 человек."),
        ("ar", "١٬٠٠٠ شخص."),
        ("fa", "۱٬۰۰۰ نفر."),
    ],
)
def test_thousands_separators_of_the_language(language: str, translation: str) -> None:
    assert "figures" not in checks("1,000 people.", translation, language=language)


def test_numbers_written_in_words_may_become_digits() -> None:
    assert checks("Thirty-six years have passed.", "36 il keçib.") == {"length": "warning"}
    assert checks("Eight more people were killed.", "Daha 8 nəfər qətlə yetirildi.") == {}


def test_extra_or_missing_numbers_are_errors() -> None:
    assert checks("Eight more people.", "Daha 9 nəfər.") == {"figures": "error"}
    assert checks("On January 19–20, 1990.", "1990-cı il 19 yanvar.") == {"figures": "error"}
    assert checks("On January 19–20, 1990.", "1990-cı il 19–20 yanvar.") == {}


def test_separator_groups_only_three_digits() -> None:
    # "20, 1990" is two numbers, not 201 990
    assert checks("January 20, 1990.", "20 Yanvar 1990.") == {}


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Thirty-six years", {36}),
        ("three hundred and twenty-five", {325}),
        ("a hundred days", {100}),
        ("ninety nine", {99}),
        ("one two", {1, 2}),
        ("seventeen or eighty", {17, 80}),
        ("someone counted hundreds of tents", set()),
    ],
)
def test_english_number_words(text: str, values: set[int]) -> None:
    assert _word_numbers(text) == values


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**9), st.sampled_from(("de", "ru", "tr", "az", "ar", "fa", "fr", "de_CH")))
def test_any_number_formatted_for_the_language_matches(number: int, language: str) -> None:
    translation = babel.numbers.format_decimal(number, locale=language, numbering_system="default")
    # Babel 2.19 groups de_CH's billions as "1000000'000", which no reader
    # writes; the property is about groupings of three, as CLDR defines them.
    assume(re.fullmatch(r"\d{1,3}(?:\D\d{3})*", translation) is not None)
    assert "figures" not in checks(f"{number:,} people.", f"{translation} x.", language=language)


# --- markup -----------------------------------------------------------------


def test_reordered_links_with_the_same_targets_pass() -> None:
    source = "See [the report](https://a.example/r) and [the photos](https://b.example/p)."
    translation = "[Fotolar](https://b.example/p) və [hesabat](https://a.example/r) baxın."
    assert checks(source, translation) == {}


def test_changed_link_target_is_an_error() -> None:
    source = "See [the report](https://a.example/r)."
    findings = run(source, "[Hesabata](https://a.example/az) baxın.")
    assert [(f.check, f.severity) for f in findings] == [("markup", "error")]
    assert "https://a.example/r" in findings[0].message


def test_allow_url_permits_a_translated_url_but_not_a_missing_link() -> None:
    source = "See [the report](https://a.example/r)."
    comment = "Azerbaijani edition of the report.\nbooklet: allow-url"
    assert checks(source, "[Hesabata](https://a.example/az) baxın.", comment=comment) == {}
    assert checks(source, "Hesabata burada baxın.", comment=comment) == {"markup": "error"}


def test_missing_emphasis_is_an_error() -> None:
    assert checks("The *first* day.", "*Birinci* gün.") == {}
    findings = run("The *first* day.", "Birinci gün.")
    assert [(f.check, f.severity) for f in findings] == [("markup", "error")]
    assert "emphasis" in findings[0].message


def test_code_span_contents_are_not_translated() -> None:
    assert checks("Run `make pdf` now.", "İndi `make pdf` işlədin.") == {}
    assert checks("Run `make pdf` now.", "İndi `pdf yarat` işlədin.") == {"markup": "error"}


def test_image_source_and_inline_html_are_compared() -> None:
    assert checks("A ![map](map.png) <br> here.", "Xəritə ![xəritə](map.png) <br> burada.") == {}
    assert checks("A ![map](map.png) here.", "Xəritə ![xəritə](map-az.png) burada.") == {"markup": "error"}
    assert checks("A <br> here.", "Burada.") == {"markup": "error"}


def test_an_inline_images_alt_and_title_are_translated_and_nothing_else_of_its_tag() -> None:
    source = 'See <img src="map.png" alt="The map" width="30"> here.'
    assert checks(source, 'Bax <img src="map.png" alt="Xəritə" title="Bakı" width="30"> burada.') == {}
    assert checks(source, "Bax <img src=map.png alt='Xəritə' width=30> burada.") == {}  # quoted another way: the same tag
    for changed in ('<img src="evil.png" alt="Xəritə" width="30">', '<img src="map.png" alt="Xəritə" width="30" onerror="x()">',
                    '<img src="map.png" alt="Xəritə">', "<em>"):
        findings = [f for f in run(source, f"Bax {changed} burada.") if f.check == "markup"]
        assert [f.severity for f in findings] == ["error"], changed
        assert "inline HTML differs: expected <img src=\"map.png\" alt=\"The map\" width=\"30\">" in findings[0].message
    assert checks("A <em>b</em> c.", "A <EM>b</EM> c.") == {"markup": "error"}  # published as text


def test_numbers_in_link_targets_are_left_to_the_markup_check() -> None:
    source = "See [the 2020 report](https://a.example/2020)."
    comment = "booklet: allow-url"
    assert checks(source, "[2020 hesabatına](https://a.example/az) baxın.", comment=comment) == {}


# --- format -----------------------------------------------------------------


def test_python_format_placeholders() -> None:
    flags = ("python-format",)
    assert checks("%(percent)s%% translated", "%(percent)s%% tərcümə edilib", flags=flags) == {}
    assert checks("%(percent)s%% translated", "%% tərcümə edilib", flags=flags) == {"format": "error"}
    assert checks("%(percent)s%% translated", "%(percent)s tərcümə edilib", flags=flags) == {"format": "error"}
    # Without the flag a percent sign is just text.
    assert "format" not in checks("%(percent)s%% translated", "%% tərcümə edilib")


# --- warnings ---------------------------------------------------------------


def test_whitespace() -> None:
    assert checks("Contents ", "Mündəricat ") == {}
    assert checks("Contents ", "Mündəricat") == {"whitespace": "warning"}
    assert checks("Contents", " Mündəricat") == {"whitespace": "warning"}


@pytest.mark.parametrize(
    ("source", "translation", "language"),
    [
        ("The tragedy of 'Black January.'", "«Qara Yanvar» faciəsi.", "az"),
        ("Why?", "لماذا؟", "ar"),
        ("Wait...", "Gözləyin…", "az"),
        ("Note:", "Qeyd:", "az"),
        ("*Read it.*", "Oxuyun.", "az"),
    ],
)
def test_same_ending_class(source: str, translation: str, language: str) -> None:
    assert "punctuation" not in checks(source, translation, language=language)


@pytest.mark.parametrize(
    ("source", "translation"),
    [("Why?", "Niyə."), ("Wait...", "Gözləyin."), ("Contents", "Mündəricat:"), ("Go!", "Gedin")],
)
def test_different_ending_class_is_a_warning(source: str, translation: str) -> None:
    assert checks(source, translation) == {"punctuation": "warning"}


def test_doubled_word() -> None:
    findings = run("The day of mourning.", "Hüzn hüzn günü.")
    assert [(f.check, f.severity) for f in findings] == [("doubled-word", "warning")]
    assert "hüzn" in findings[0].message
    assert checks("They sang Bora Bora.", "Onlar Bora Bora oxudular.") == {}
    assert checks("Day after day.", "Gün gündən.") == {}


def test_untranslated_and_fuzzy() -> None:
    assert checks("Contents", "") == {"untranslated": "warning"}
    assert checks("Contents", "Mündəricat", flags=("fuzzy",)) == {"fuzzy": "warning"}


def test_errors_of_a_fuzzy_entry_are_warnings() -> None:
    # A fuzzy translation is not published, so it cannot break the edition.
    assert checks("147 people.", "174 nəfər.", flags=("fuzzy",)) == {"fuzzy": "warning", "figures": "warning"}


def test_unchanged() -> None:
    assert checks("Heydar Aliyev", "Heydar Aliyev") == {"unchanged": "warning"}
    assert checks("147", "147") == {}
    assert checks("Report", "Report") == {}


def test_length() -> None:
    source = "The next day after the massacre, on January 21."
    assert checks(source, "21-də.") == {"length": "warning"}
    assert checks(source, "Qırğından bir gün sonra, yanvarın 21-də.") == {}
    assert checks("Download PDF", "PDF") == {}  # short texts are not measured
    longer = "Am Tag nach dem Massaker, am 21. Januar. " * 3 + "Am Tag danach."  # 2.9 times
    said_thrice = {"figures-count": "warning"}  # "21" three times
    assert checks(source, longer, language="de") == said_thrice  # German runs about 1.3 times English
    assert checks(source, longer, language="tr") == said_thrice | {"length": "warning"}


# --- silencing, plurals, catalogues ------------------------------------------


def test_ignore_comment_silences_the_named_checks_only() -> None:
    source, translation = "Thus, 147 people were killed", "Beləliklə, 174 nəfər öldürüldü."
    assert checks(source, translation) == {"figures": "error", "punctuation": "warning"}
    # A comment in a delivered catalogue silences warnings only: an error needs a reviewer.
    assert checks(source, translation, comment="booklet: ignore figures") == {"figures": "error", "punctuation": "warning"}
    assert checks(source, translation, comment="booklet: ignore figures, punctuation") == {"figures": "error"}
    assert checks(source, translation, comment="booklet: ignore punctuation") == {"figures": "error"}


def test_plural_forms_are_checked_against_msgid_and_msgid_plural() -> None:
    entry = polib.POEntry(
        msgid="%(n)d page",
        msgid_plural="%(n)d pages",
        msgstr_plural={0: "%(n)d səhifə", 1: "səhifələr"},
        flags=["python-format"],
    )
    findings = check_entry(entry, language="az")
    assert [(f.check, f.severity) for f in findings] == [("format", "error")]
    assert findings[0].message.startswith("msgstr[1]: ")
    entry.msgstr_plural[1] = ""
    assert [f.check for f in check_entry(entry, language="az")] == ["untranslated"]


def test_check_catalog_skips_header_and_obsolete_entries() -> None:
    po = polib.pofile(
        textwrap.dedent(
            """\
            msgid ""
            msgstr ""
            "Language: az\\n"
            "Content-Type: text/plain; charset=UTF-8\\n"

            msgid "Thus, 147 people."
            msgstr "Beləliklə, 174 nəfər."

            #~ msgid "Old 1"
            #~ msgstr "Köhnə 2"
            """
        )
    )
    findings = check_catalog(po, language="az")
    assert {(f.line, f.check, f.severity) for f in findings} == {(6, "figures", "error")}


def test_every_check_is_described() -> None:
    assert set(CHECKS) == {
        "figures", "figures-count", "markup", "format", "whitespace", "punctuation",
        "doubled-word", "untranslated", "fuzzy", "unchanged", "length", "bidi",
        "plural-forms", "plurals", "read", "control", "quotes", "brackets", "newlines", "not-in-template",
        "localise-images", "code",
    }  # fmt: skip
    assert all(description and "\n" not in description for description in CHECKS.values())
    from pipeline.config import CHECK_NAMES

    assert set(CHECK_NAMES) == set(CHECKS)  # what [tool.booklet.checks] may name


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab 1,.٣*_`[]()!<>/\\\n"), max_size=40))
def test_a_copy_of_the_source_has_no_errors(text: str) -> None:
    assert [f for f in run(text, text) if f.severity == "error" or f.check == "figures-count"] == []


@pytest.mark.parametrize("domain", ["black-january", "templates"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_shipped_catalogues_have_no_errors(language: str, domain: str) -> None:
    path = REPO / "locales" / language / "LC_MESSAGES" / f"{domain}.po"
    findings = check_catalog(polib.pofile(str(path)), language=language)
    for finding in findings:  # shown with pytest -s; warnings are allowed
        print(f"{path.relative_to(REPO)}:{finding.line}: {finding.severity} [{finding.check}] {finding.message}")
    assert [f for f in findings if f.severity == "error"] == []


def test_a_changed_figure_in_a_shipped_catalogue_is_found() -> None:
    po = polib.pofile(str(REPO / "locales" / "az" / "LC_MESSAGES" / "black-january.po"))
    entry = next(e for e in po if "147 people" in e.msgid)
    entry.msgstr = entry.msgstr.replace("147", "174")
    errors = [f for f in check_catalog(po, language="az") if f.severity == "error"]
    assert [(f.line, f.check) for f in errors] == [(entry.linenum, "figures")] * 2


def test_findings_point_to_the_line_to_fix() -> None:
    from pipeline.catalog.pofile import parse_catalog

    text = textwrap.dedent(
        """\
        msgid ""
        msgstr ""
        "Content-Type: text/plain; charset=UTF-8\\n"
        "Language: de\\n"
        "Plural-Forms: nplurals=2; plural=(n != 1);\\n"

        #. paragraph
        #: source/a.md:3
        msgid "147 people were killed."
        msgstr "174 Menschen wurden getötet."

        #, fuzzy
        #| msgid "One day"
        msgid "%(n)s day in 1990"
        msgid_plural "%(n)s days in 1990"
        msgstr[0] "%(n)s Tag 1990"
        msgstr[1] "%(n)s Tage"
        """
    )
    catalog = parse_catalog(text.encode(), "a.po", language="de")
    lines = {(f.check, f.message.split(":")[0] if f.message.startswith("msgstr[") else ""): f.line
             for f in check_catalog(catalog.po, language="de", text=catalog.text)}
    assert lines[("figures", "")] == 10  # the msgstr of the first entry
    assert lines[("fuzzy", "")] == 12  # the entry, where its flag is
    assert lines[("figures", "msgstr[1]")] == 17


def _findings(header: str, entries: str = "") -> list[Finding]:
    """The findings of a Turkish catalogue with this header, pointing to their lines."""
    from pipeline.catalog.pofile import parse_catalog

    text = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: tr\\n"\n'
        f'"Plural-Forms: {header}\\n"\n\n{entries}'
    )
    catalog = parse_catalog(text.encode(), "tr.po", language="tr")
    return check_catalog(catalog.po, language="tr", text=catalog.text)


def test_a_plural_header_that_disagrees_with_cldr_is_a_warning_on_its_line() -> None:
    findings = _findings("nplurals=1; plural=0;")
    assert [(f.line, f.severity, f.check) for f in findings] == [(5, "warning", "plural-forms")]
    assert "booklet update --fix-headers" in findings[0].message
    assert expected_rule("tr").header in findings[0].message


def test_plural_headers_are_compared_by_meaning_not_spelling() -> None:
    assert _findings("nplurals=2; plural=n==1 ? 0 : 1;") == []
    assert _findings(expected_rule("tr").header) == []


def test_an_entry_whose_forms_do_not_fit_the_language_is_an_error() -> None:
    entries = 'msgid "a file"\nmsgid_plural "%d files"\nmsgstr[0] "%d dosya"\n'
    findings = _findings("nplurals=1; plural=0;", entries)
    errors = [(f.line, f.check) for f in findings if f.severity == "error"]
    assert errors == [(9, "plurals")]
    assert "msgstr[1]" in next(f.message for f in findings if f.check == "plurals")


def test_a_translators_direction_marks_are_not_markup_errors():
    """<span dir="ltr"> or <bdi> around a run of code in Arabic changes its
    direction only; other inline HTML a translation adds is still an error."""
    from pipeline.catalog.checks import check_catalog

    def findings(msgstr: str) -> list[str]:
        po = polib.POFile()
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ar"}
        po.append(polib.POEntry(msgid="Run `cargo run` now.", msgstr=msgstr))
        return [f.check for f in check_catalog(po, language="ar", source_language="en") if f.severity == "error"]

    assert findings('شغّل <span dir="ltr">`cargo run`</span> الآن.') == []
    assert findings("شغّل <bdi>`cargo run`</bdi> الآن.") == []
    assert findings("شغّل <b>`cargo run`</b> الآن.") == ["markup"]


# --- quotes, brackets, newlines, template --------------------------------------


@pytest.mark.parametrize(
    ("language", "source", "translation"),
    [
        ("tr", "In Baku there were 147 victims.", "Bakü'de 147 kurban vardı."),  # an apostrophe, not a quote
        ("tr", "The 1990s.", "1990'lar."),
        ("az", "Azerbaijan's history.", "Azərbaycan’ın tarixi."),
        ("tr", "“Black January”", "“Kara Ocak”"),
        ("de", "The “Black January”.", "Der „Schwarze Januar“."),  # “ closes in German
        ("de", "He said: “She said ‘No’.”", "Er sagte: „Sie sagte ‚Nein‘.“"),  # nested, closed after a full stop
        ("de", "The “Black January”.", "Der »Schwarze Januar«."),  # German books' »…«
        ("ru", "He said: “She said ‘No’.”", "Он сказал: «Она сказала „Нет“»."),  # Russian «…„…“…»
        ("fr", "The “Black January”, then", "Le «\u00a0Janvier noir\u00a0», puis"),  # French spacing
        ("sv", "The “Black January”.", "”Svarta januari”."),  # one mark opens and closes
        ("pl", "The “Black January”.", "„Czarny styczeń”."),
        ("ar", "The “Black January” (1990).", "«يناير الأسود» (1990)."),  # right-to-left: logical order
        ("ar", "The “Black January”.", "\u200f«يناير الأسود»\u200f."),  # with right-to-left marks around
        ("he", "The IDF (Israel).", 'צה"ל (ישראל).'),  # gershayim typed as "
        ("ja", "The “Black January”.", "「黒い一月」。"),
        ("zh", "He said “Black January” then.", "他说“黑色一月”后。"),  # no spaces to tell the role
        ("nl", "In the evening.", "’s Avonds."),  # an elision, not an opening quote
        ("en", "“It was", "“Es war"),  # a quotation the next message closes, as in the source
        ("de", "Run `print(\"a` now.", "Führe `print(\"a` jetzt aus."),  # code is the program's
        # Found in Sphinx's catalogues, where a first version of the check was wrong:
        ("da", "A suffix, e.g. '.rst' or '.txt'.", "Et suffiks, f.eks. ».rst« eller ».txt«"),  # opens before "."
        ("ja", 'The "_templates" directory.', '用の"_templates"ディレクトリ'),  # no spaces in Japanese
        ("ja", 'Either ".txt" or ".rst".', '一般的には、".txt"または".rst "のどちらかです。'),
        ("ko", 'The "epub_uid" value.', '설정값 "epub_uid"는'),
        ("zh", "For example “.rst” or “.txt”.", "例如：“.rst”或者“.txt”。"),
        ("tr", 'Normally "index".', 'Normalde bu "dizin"dir.'),  # a suffix after the quotation
        ("az", "The “Black January” tragedy.", "«Qara Yanvar»ın faciəsi."),
        ("ru", 'The %(model)s "%(title)s" was approved.', '%(model)s"%(title)s" была одобрена.'),  # a space missing
        ("gl", 'The term "<em>giving</em>".', 'O termo "<em>dar</em>"-'),  # tags take no room
        ("ug", "<b>'{title}' is locked</b>.", "<b>«{title}»</b>نى قۇلۇپلىغان."),  # a suffix after », right to left
        ("fr", "Return the “identity” of an object.", "Renvoie l'« identité » d'un objet."),  # after an elision
        ("fr", "What is the “top-level environment”?", "Qu'est-ce que l'« environnement principal » ?"),
    ],
)
def test_balanced_quotes_and_brackets_in_any_language(language: str, source: str, translation: str) -> None:
    found = checks(source, translation, language=language)
    assert "quotes" not in found and "brackets" not in found


@pytest.mark.parametrize(
    ("language", "translation", "problem"),
    [
        ("az", "«Qara Yanvar faciəsi.", "« is never closed"),
        ("de", "Der „Schwarze Januar.", "„ is never closed"),
        ("de", "Der Schwarze Januar“.", "“ closes nothing"),
        ("de", "Der „Schwarze Januar«.", "« closes nothing"),  # a mark of another convention
        ("ru", "«Чёрный январь“.", "“ closes nothing"),
        ("en", "The “Black January.", "“ is never closed"),
        ("tr", "\"Kara Ocak.", '" is never closed'),
        ("ja", "「黒い一月。", "「 is never closed"),
        ("gl", "o valor epub_uid» debería", "» closes nothing"),  # found in Sphinx's Galician
        ("ja", '用の"_templates ディレクトリ', '" is never closed'),
    ],
)
def test_a_quote_left_open_or_closing_nothing(language: str, translation: str, problem: str) -> None:
    findings = [f for f in run("The “Black January”.", translation, language=language) if f.check == "quotes"]
    assert [(f.severity, problem in f.message) for f in findings] == [("warning", True)]


def test_brackets() -> None:
    source = "The victims (147 people) were buried [on January 22]."
    assert "brackets" not in checks(source, "Qurbanlar (147 nəfər) [22 yanvarda] dəfn edildi.")
    assert "brackets" not in checks(source, "Qurbanlar, 147 nəfər, 22 yanvarda dəfn edildi.")  # dropped in pairs
    found = [f.message for f in run(source, "Qurbanlar (147 nəfər [22 yanvarda] dəfn edildi.") if f.check == "brackets"]
    assert found == ["unbalanced brackets: ( is never closed (the source's are balanced)"]
    assert "brackets" in checks(source, "Qurbanlar (147 nəfər [22 yanvarda) dəfn edildi].")  # crossed
    # A list item's "a)" is in the source too: only more unpaired marks than the source's count.
    assert "brackets" not in checks("a) the first", "a) birinci")
    assert "brackets" in checks("a) the first", "a) birinci)")
    # Right to left: what matters is the order the text is stored in.
    assert "brackets" not in checks("See page (3).", "انظر الصفحة (3).", language="ar")
    assert "brackets" in checks("See page (3).", "انظر الصفحة )3(.", language="ar")
    # Link brackets are Markdown's (the markup check compares links).
    assert "brackets" not in checks("See [the report](https://a.example/r_(1)).", "[Hesabata](https://a.example/r_(1)) baxın.")


def test_newlines_as_gnu_msgfmt_checks_them_and_inside() -> None:
    assert checks("Line one\\\nline two.", "Birinci sətir\\\nikinci sətir.") == {}
    assert "newlines" not in checks("Contents\n", "Mündəricat\n")
    found = [f.message for f in run("Contents", "Mündəricat\n") if f.check in ("newlines", "whitespace")]
    assert found == ["the translation ends with a newline, the source does not"]  # one finding, not also whitespace
    found = [f.message for f in run("\nContents", "Mündəricat") if f.check in ("newlines", "whitespace")]
    assert found == ["the source starts with a newline, the translation does not"]
    found = [f.message for f in run("Line one\\\nline two.", "Birinci sətir ikinci sətir.") if f.check == "newlines"]
    assert found == ["0 line break(s) inside the translation, 1 in the source"]
    assert "newlines" in checks("One line of text.", "Bir sətir\nmətn.")


def _stale_catalog() -> tuple[polib.POFile, str]:
    text = textwrap.dedent(
        """\
        msgid ""
        msgstr ""
        "Language: az\\n"
        "Content-Type: text/plain; charset=UTF-8\\n"

        msgid "Kept"
        msgstr "Saxlanılıb"

        msgctxt "heading"
        msgid "Kept"
        msgstr "Saxlanılıb"

        msgid "Removed from the source"
        msgstr "Mənbədən çıxarılıb"

        #~ msgid "Obsolete"
        #~ msgstr "Köhnəlmiş"
        """
    )
    return polib.pofile(text), text


def test_entries_not_in_the_template() -> None:
    from pipeline.catalog.checks import Template

    po, text = _stale_catalog()
    template = Template.of(polib.pofile('msgid "Kept"\nmsgstr ""\n\nmsgctxt "heading"\nmsgid "Kept"\nmsgstr ""\n'), "locales/a.pot")
    findings = [f for f in check_catalog(po, language="az", text=text, template=template) if f.check == "not-in-template"]
    assert [(f.line, f.severity) for f in findings] == [(13, "warning")]  # the msgid line; obsolete entries are not
    assert "locales/a.pot" in findings[0].message and "booklet update" in findings[0].message
    # The same msgid in another context is another message.
    template = Template.of(polib.pofile('msgid "Kept"\nmsgstr ""\n\nmsgid "Removed from the source"\nmsgstr ""\n'), "a.pot")
    findings = [f for f in check_catalog(po, language="az", text=text, template=template) if f.check == "not-in-template"]
    assert [f.line for f in findings] == [10]
    assert not [f for f in check_catalog(po, language="az", text=text) if f.check == "not-in-template"]  # no template


def test_a_newline_difference_is_what_gnu_msgfmt_refuses(tmp_path: Path) -> None:
    """GNU msgfmt --check is the oracle for leading and trailing newlines."""
    from tests.conftest import run_tool

    for msgstr, refused in (("Mündəricat\\n", True), ("Mündəricat", False)):
        path = tmp_path / "az.po"
        path.write_text(
            'msgid ""\nmsgstr ""\n"Language: az\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            f'msgid "Contents"\nmsgstr "{msgstr}"\n',
            encoding="utf-8",
        )
        result = run_tool("msgfmt", "--check-format", "-o", "/dev/null", str(path), check=False)
        assert (result.returncode != 0) == refused, result.stderr
        assert ("newlines" in checks("Contents", msgstr.replace("\\n", "\n"))) == refused


#: How languages quote, outer and inner: (opening, closing) marks.
QUOTATIONS = [
    (("“", "”"), ("‘", "’")),  # English, Turkish
    (("„", "“"), ("‚", "‘")),  # German
    (("»", "«"), ("›", "‹")),  # German books
    (("«", "»"), ("„", "“")),  # Russian, Azerbaijani
    (("„", "”"), ("«", "»")),  # Polish
    (("”", "”"), ("’", "’")),  # Swedish
    (("»", "»"), ("’", "’")),  # Swedish, Finnish
    (("「", "」"), ("『", "』")),  # Japanese
    (('"', '"'), ("'", "'")),  # a plain keyboard
]
_LETTERS = "abcçəğışöüАБВабвжقثلمن"
_WORDS = st.lists(
    st.tuples(st.text(_LETTERS, min_size=1, max_size=6), st.sampled_from(["", "'", "’"]), st.text(_LETTERS, max_size=4)).map(
        lambda parts: "".join(parts) if parts[2] else parts[0]  # an apostrophe only inside a word: Bakü'de
    ),
    min_size=1,
    max_size=5,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(QUOTATIONS),
    _WORDS,
    _WORDS,
    st.sampled_from(["", "Er sagte: ", "(", "— ", "\u200f"]),
    st.sampled_from(["", ".", "!"]),
    st.sampled_from(["", ".", ",", " und", ")", "\u200f."]),
)
def test_quotations_of_every_convention_pair_up(quotation, outer, inner, before, inside, after) -> None:
    """Any quotation, nested or not, as a language writes it, is balanced;
    without its closing mark it is not."""
    from pipeline.catalog.checks import _QUOTE_CLOSERS, _quote_marks, _unpaired

    (open1, close1), (open2, close2) = quotation
    text = f"{before}{open1}{outer} {open2}{inner}{inside}{close2}{inside}{close1}{after}"
    assert _unpaired(_quote_marks(text), _QUOTE_CLOSERS) == []
    if close1 not in "'’":  # a lone ’ may be an apostrophe: not reported
        unclosed = f"{before}{open1}{outer} {open2}{inner}{inside}{close2}{inside}{after}"
        assert _unpaired(_quote_marks(unclosed), _QUOTE_CLOSERS) != []


@pytest.mark.parametrize("language", ["zh_CN", "sr@latin", "ca@valencia"])
def test_gettext_locale_names_are_checked_as_written(language: str) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": language}
    po.append(polib.POEntry(msgid="147 people.", msgstr="148."))
    assert {f.check for f in check_catalog(po, language=language)} == {"figures"}


def test_a_language_cldr_does_not_know_is_still_checked() -> None:
    """Kaqchikel (cak), in Sphinx's catalogues: no plural rule to compare
    with, which is said once; every other check runs."""
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "cak", "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    po.append(polib.POEntry(msgid="147 people.", msgstr="«148 winäq."))
    po.append(polib.POEntry(msgid="%d page", msgid_plural="%d pages", msgstr_plural={0: "%d", 1: "%d"}))
    found = {(f.check, f.severity) for f in check_catalog(po, language="cak")}
    assert found == {("figures", "error"), ("quotes", "warning"), ("plural-forms", "warning")}


# --- reference links --------------------------------------------------------------


def _lone(msgid: str, msgstr: str) -> list[str]:
    """The error-level checks of an entry whose document's link definitions are not known."""
    return [f.check for f in run(msgid, msgstr, language="es") if f.severity == "error"]


def test_outside_a_project_reference_links_compare_by_label() -> None:
    source = "See [the guide][1] for more."
    assert _lone(source, "Mira [la guía][1] para más.") == []
    assert _lone(source, "Mira [la guía][2] para más.") == ["markup"]  # another label, both undefined
    # A label only the source uses may stand for the link the translation writes inline.
    assert _lone(source, "Mira [la guía](https://example.org/guide) para más.") == []
    assert _lone("[A][1] and [B](https://b.org).", "[A](https://a.org) y [B](https://c.org).") == ["markup"]


def test_each_chapter_resolves_labels_with_its_own_definitions() -> None:
    from pipeline.catalog.checks import LinkDefinitions

    links = LinkDefinitions(
        (("source/book/one.md", (("1", "https://one.org", ""),)), ("source/book/two.md", (("1", "https://two.org", ""),)))
    )

    def errors(chapter: str | None, msgstr: str) -> list[str]:
        entry = polib.POEntry(msgid="See [this][1].", msgstr=msgstr, occurrences=[(chapter, "3")] if chapter else [])
        po = polib.POFile()
        po.append(entry)
        return [f.check for f in check_catalog(po, language="es", links=links) if f.severity == "error"]

    assert errors("source/book/two.md", "Mira [esto](https://two.org).") == []
    assert errors("source/book/one.md", "Mira [esto](https://two.org).") == ["markup"]
    assert errors(None, "Mira [esto](https://one.org).") == []  # no reference: the first chapter's definition


# --- figures counted, and what real catalogues taught the figures check ------------


@pytest.mark.parametrize(
    ("source", "translation"),
    [
        ("147 people, 147 families.", "147 Menschen, 147 Familien (147)."),  # said once more
        ("147 people, 147 families.", "147 Menschen und ihre Familien."),  # one of two occurrences dropped
        ("In 1990, that year.", "1990, im Jahr 1990."),  # a year repeated for a recast sentence: a warning still
    ],
)
def test_a_figure_said_more_or_fewer_times_is_a_warning(source: str, translation: str) -> None:
    assert checks(source, translation, language="de") == {"figures-count": "warning"}


def test_a_changed_figure_beside_a_repeated_one_is_an_error() -> None:
    found = checks("147 people, 147 families.", "147 Menschen, 174 Familien.", language="de")
    assert found == {"figures": "error", "figures-count": "warning"}


@pytest.mark.parametrize(
    ("language", "source", "translation"),
    [
        ("ro", "Enter your email and we’ll send you a new one.", "Introduceți adresa și vă trimitem una nouă."),  # a pronoun
        ("cs", "Enter two whole numbers.", "Zadejte dvě celá čísla."),  # "dva" inflected
        ("ca", "Deactivate two-factor authentication.", "Desactiva el doble factor d’autenticació."),
        ("ja", "On 20 January 1990.", "1990年1月20日に。"),  # the month in digits
        ("ko", "A third party.", "제3자."),  # an ordinal in digits
        ("de", "Until 6 p.m.", "Bis 18:00 Uhr."),  # the 24-hour clock
        ("ar", "(1 new item)", "(عنصر جديد واحد)"),  # a digit of the source in words
        ("nb", "Past 7 days", "Siste syv dager"),  # num2words knows Bokmål as "no"
        ("sr", "nine", "девет"),  # num2words spells Serbian in Latin letters
        ("nn", "Noon", "12:00"),
        ("vi", "Tuesday", "Thứ 3"),  # Vietnamese weekdays are numbered
        ("fa", "nine", "نُه"),  # with a vowel point num2words does not write
        ("nn", "0 of 3 selected", "Ingen av 3 valde"),  # zero as a negation
    ],
)
def test_numbers_a_translation_rightly_writes_otherwise(language: str, source: str, translation: str) -> None:
    assert "figures" not in checks(source, translation, language=language)


def test_a_plural_form_may_say_the_singular_count_with_its_placeholder() -> None:
    entry = polib.POEntry(
        msgid="Delete 1 document",
        msgid_plural="Delete %(counter)s documents",
        msgstr_plural={0: "删除 %(counter)s 个文档"},
        flags=["python-format"],
    )
    assert check_entry(entry, language="zh_CN") == []
    entry.msgstr_plural[0] = "删除 2 个文档"  # a number neither msgid has
    assert [(f.check, f.severity) for f in check_entry(entry, language="zh_CN")] == [("figures", "error"), ("format", "error")]


@pytest.mark.parametrize(
    ("source", "translation"),
    [
        ("Until 6 p.m.", "Bis 19:00 Uhr."),  # the clock, but the wrong hour
        ("On 20 January 1990.", "1990年2月20日に。"),  # another month
        ("Thirty-six years and two days.", "Fünfunddreißig Jahre und zwei Tage."),  # 35: words above two are read
    ],
)
def test_what_those_allowances_do_not_let_through(source: str, translation: str) -> None:
    assert checks(source, translation, language="de" if "Jahre" in translation or "Uhr" in translation else "ja")["figures"] == "error"


def test_plural_forms_placeholders_as_gnu_msgfmt_checks_them() -> None:
    """A form that serves one count only may leave out the count; one that
    serves several must have it; any form may use either msgid's placeholders."""

    def errors(language: str, forms: dict[int, str]) -> list[str]:
        entry = polib.POEntry(msgid="a second ago", msgid_plural="%(count)s seconds ago", msgstr_plural=forms, flags=["python-format"])
        return [f.message for f in check_entry(entry, language=language) if f.check == "format"]

    assert errors("he", {0: "לפני שנייה", 1: "לפני שתי שניות", 2: "לפני %(count)s שניות"}) == []  # 1 and 2: one count each
    assert errors("lv", {0: "pirms %(count)s sekundes", 1: "pirms %(count)s sekundes", 2: "pirms %(count)s sekundēm"}) == []
    assert errors("ru", {0: "секунду назад", 1: "%(count)s секунды назад", 2: "%(count)s секунд назад"}) == [
        "msgstr[0]: placeholder %(count)s missing from the translation"  # Russian's first form is 1, 21, 31...
    ]
    assert errors("de", {0: "vor %(n)s Sekunde", 1: "vor %(count)s Sekunden"}) == [
        "msgstr[0]: placeholder %(n)s not in the source but in the translation"
    ]


def test_a_form_beyond_the_languages_is_never_shown_and_only_a_warning() -> None:
    """Turkish has two forms: a third one (a catalogue made with another
    Plural-Forms) is never shown, a missing second one leaves counts
    untranslated; an entry not translated at all is the untranslated check's."""
    header = "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);"
    plural = 'msgid "a file"\nmsgid_plural "%d files"\n'

    def found(forms: str, flags: str = "") -> list[tuple[str, str]]:
        return [(f.check, f.severity) for f in _findings(header, flags + plural + forms) if f.check == "plurals"]

    assert found('msgstr[0] "%d dosya"\nmsgstr[1] "%d dosya"\nmsgstr[2] "%d dosya"\n') == [("plurals", "warning")]
    assert found('msgstr[0] "%d dosya"\n') == [("plurals", "error")]
    assert found('msgstr[0] "%d dosya"\n', flags="#, fuzzy\n") == [("plurals", "warning")]  # not published
    assert found('msgstr[0] ""\n') == []


def test_a_form_for_one_count_may_write_it_in_digits() -> None:
    entry = polib.POEntry(
        msgid="There is %(counter)s match",
        msgid_plural="There are %(counter)s matches",
        msgstr_plural={0: "1 eşleşme var", 1: "%(counter)s eşleşme var"},
        flags=["python-format"],
    )
    assert check_entry(entry, language="tr") == []  # Turkish msgstr[0] is for 1 only
    entry.msgstr_plural[0] = "2 eşleşme var"
    assert [f.check for f in check_entry(entry, language="tr")] == ["figures"]


def test_a_tex_style_quotation_is_no_code_span() -> None:
    """Sphinx writes `name' for a quotation; from its backtick to the next is
    no code a translation must keep ('has type' is translated)."""
    source = "The config value `{name}' has type `{current}'; expected {permitted}."
    assert checks(source, "Le paramètre « {name} » a pour type « {current} » ; attendu {permitted}.", language="fr") == {}
    assert checks("Run `make` now.", "Lancez « make » maintenant.", language="fr") == {"markup": "error"}
