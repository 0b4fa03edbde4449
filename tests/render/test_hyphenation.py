"""Hyphenation patterns parsed once per project and handed to pyphen's own cache."""
from __future__ import annotations

from pathlib import Path

import pyphen
import pytest

from pipeline.render import hyphenation

from ..conftest import run_tool

WORDS = ["Donnerstagabend", "Verantwortungsbewusstsein", "Gedenkveranstaltung", "Menschenrechtsverletzungen"]


@pytest.fixture
def empty_pyphen_cache(monkeypatch):
    monkeypatch.setattr(pyphen, "hdcache", {})
    return pyphen.hdcache


def test_languages_of_html() -> None:
    html = '<html lang="de"><p lang="en">a</p><p lang=ru>b</p><p xml:lang="tr">c</p><p data-lang="x">'
    assert hyphenation.languages_of(html) == {"de", "en", "ru", "tr"}


def test_patterns_parsed_once_then_loaded_with_the_same_hyphenation(tmp_path: Path, empty_pyphen_cache) -> None:
    expected = {word: pyphen.HyphDict(pyphen.LANGUAGES["de"]).positions(word) for word in WORDS}
    hyphenation.preload({"de-DE"}, tmp_path)
    compiled = list(tmp_path.glob("*.pickle"))
    assert len(compiled) == 1 and compiled[0].name.startswith("hyph_de_DE-")
    empty_pyphen_cache.clear()
    before = compiled[0].stat().st_mtime_ns
    hyphenation.preload({"de"}, tmp_path)
    assert compiled[0].stat().st_mtime_ns == before  # loaded, not written again
    dictionary = pyphen.Pyphen(lang="de")
    assert dictionary.hd is empty_pyphen_cache[pyphen.LANGUAGES["de"]]
    assert {word: dictionary.hd.positions(word) for word in WORDS} == expected
    assert dictionary.inserted("Gedenkveranstaltung") == "Ge-denk-ver-an-stal-tung"


def test_damaged_patterns_are_parsed_again(tmp_path: Path, empty_pyphen_cache) -> None:
    hyphenation.preload({"de"}, tmp_path)
    (compiled,) = tmp_path.glob("*.pickle")
    compiled.write_bytes(b"not a pickle")
    empty_pyphen_cache.clear()
    hyphenation.preload({"de"}, tmp_path)
    assert pyphen.Pyphen(lang="de").inserted("Gedenkveranstaltung") == "Ge-denk-ver-an-stal-tung"
    assert compiled.read_bytes() != b"not a pickle"


def test_languages_without_patterns_and_unwritable_caches_cost_nothing(tmp_path: Path, empty_pyphen_cache) -> None:
    hyphenation.preload({"ka", "xx", "ar"}, tmp_path)  # pyphen has no patterns for these
    assert not empty_pyphen_cache
    assert not tmp_path.exists() or not any(tmp_path.iterdir())
    blocked = tmp_path / "file"
    blocked.write_text("")
    hyphenation.preload({"en"}, blocked / "sub")  # cannot be written: parsed and used anyway
    assert pyphen.LANGUAGES["en"] in empty_pyphen_cache


@pytest.mark.parametrize("enabled", [True, False])
def test_loading_leaves_the_garbage_collector_as_it_was(tmp_path: Path, empty_pyphen_cache, enabled: bool) -> None:
    import gc

    hyphenation.preload({"ru"}, tmp_path)
    empty_pyphen_cache.clear()
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        hyphenation.preload({"ru"}, tmp_path)  # from the pickle this time
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
    assert pyphen.LANGUAGES["ru"] in empty_pyphen_cache


def breaks(language: str, word: str) -> str:
    return pyphen.Pyphen(lang=language, left=3, right=3).inserted(word)


def test_turkish_and_azerbaijani_are_hyphenated_by_syllable(tmp_path: Path, empty_pyphen_cache) -> None:
    hyphenation.preload({"tr", "az"}, tmp_path)
    assert breaks("tr", "korkmak") == "kork-mak"  # of two consonants, the last begins the syllable
    assert breaks("tr", "Sovyetler") == "Sov-yet-ler"
    assert breaks("az", "Azərbaycan") == "Azər-bay-can"
    assert breaks("az", "qoşunlarının") == "qoşun-la-rı-nın"
    # A capital dotted I is one letter: the breaks after it are not one late.
    assert breaks("tr", "İçişleri") == "İçiş-leri"
    assert breaks("az", "İttifaqı") == "İtti-faqı"  # "qı": too short a fragment to carry over


def test_bare_english_is_hyphenated_with_american_patterns(tmp_path: Path, empty_pyphen_cache) -> None:
    hyphenation.preload({"en"}, tmp_path)
    assert breaks("en", "territorial") == "ter-ri-to-rial"  # hyph_en_GB: "ter-rit-orial"
    assert breaks("en", "Permanent") == "Per-ma-nent"


def test_exception_words_break_only_where_listed(tmp_path: Path, empty_pyphen_cache) -> None:
    locales = tmp_path / "locales"
    (locales / "de").mkdir(parents=True)
    (locales / "de" / "hyphenation.txt").write_text("# compounds at their joints\nBau-stel-le\nBerlin  # never broken\n", encoding="utf-8")
    exceptions = hyphenation.project_exceptions(locales, {"de", "en"})
    assert "Aus-nahme-zu-stand" in exceptions["de"] and exceptions["de"][-2:] == ["Bau-stel-le", "Berlin"]
    html = hyphenation.with_exceptions("<!DOCTYPE html><html lang=de>", exceptions)
    assert hyphenation.exceptions_of(html) == exceptions
    hyphenation.preload({"de"}, tmp_path / "cache", hyphenation.exceptions_of(html))
    assert breaks("de", "Ausnahmezustand") == "Aus-nahme-zu-stand"  # the patterns say "Ausnah-me"
    assert breaks("de", "Sowjetunion") == "Sow-jet-union"  # the patterns say "Sowjetuni-on"
    assert breaks("de", "Generalsekretär") == "General-sekre-tär"  # the patterns say "Gene-ralsekretär"
    assert breaks("de", "Baustelle") == "Bau-stelle"  # "le" is under the 3 letters a fragment needs
    assert breaks("de", "Berlinerin") != "Berlinerin" and breaks("de", "Berlin") == "Berlin"


def test_exception_comment_cannot_close_early() -> None:
    html = hyphenation.with_exceptions("<html>", {"de": ["a--b-->"]})
    assert html.index("-->") == html.index("\n") - 3  # the only end of the comment is its own
    assert hyphenation.exceptions_of(html) == {"de": ["a--b-->"]}


def test_words_written_with_a_hyphen_are_kept_whole_by_language_tag() -> None:
    """The rule is the language's, whatever the region or the spelling of the tag."""
    assert all(hyphenation.whole_parts(tag) for tag in ("ru", "ru-RU", "de_AT", "EN-us", "az", "tr"))
    assert not any(hyphenation.whole_parts(tag) for tag in ("fr", "nl", ""))


def _heading_lines(html: str, folder: Path) -> list[str]:
    """The lines of ``html`` as WeasyPrint lays it out, read back by poppler."""
    from pipeline.render.pdf import import_weasyprint

    import_weasyprint()
    from weasyprint import HTML

    pdf = folder / "heading.pdf"
    HTML(string=html).write_pdf(pdf)
    return [line.strip() for line in run_tool("pdftotext", "-layout", str(pdf), "-").stdout.splitlines() if line.strip()]


def _broken_inside_a_part(lines: list[str]) -> list[str]:
    """Lines hyphenated inside a part of a word written with a hyphen: ending
    in a hyphen WeasyPrint added (U+2010) after one, or before the rest of one."""
    return [
        line for line, after in zip(lines, lines[1:])
        if line.endswith("\u2010") and ("-" in line.split()[-1] or "-" in after.split()[0])
    ]


def test_a_heading_breaks_a_word_written_with_a_hyphen_at_its_hyphen_only(tmp_path: Path) -> None:
    """What WeasyPrint sets itself (a heading, a paragraph the line breaker
    leaves to it) gets the rule too, from the booklet's HTML: laid out at
    every width, the Russian heading is never hyphenated inside a part of
    its compound, and reads back whole. Left as it was, WeasyPrint breaks
    "нагорно-кара-/бахская" at some of those widths."""
    words = "Так называемая нагорно-карабахская проблема"
    unmarked, marked = [], []
    for width in range(30, 60, 6):
        html = (
            "<!DOCTYPE html><html lang=ru><head><title>нагорно-карабахская</title><style>@page { size: 80mm 60mm; margin: 5mm }"
            f" h1 {{ font: 16pt serif; width: {width}mm; hyphens: auto; margin: 0 }}</style></head>"
            f"<body><h1>{words}</h1></body></html>"
        )
        unmarked += _broken_inside_a_part(_heading_lines(html, tmp_path))
        lines = _heading_lines(hyphenation.whole_compounds(html), tmp_path)
        marked += _broken_inside_a_part(lines)
        joined = " ".join(lines).replace("\u2010 ", "").replace("- ", "-")
        assert joined == words, lines
    assert unmarked and marked == []


def test_words_written_with_a_hyphen_are_marked_in_their_languages_text_only() -> None:
    """Only text in the body, in a language of AT_ITS_HYPHEN (the nearest
    ``lang``), outside code; an attribute, a comment and the title stay as they are."""
    html = (
        '<!DOCTYPE html><html lang="ru"><head><title>a-b</title><style>p::before { content: "c-d" }</style></head>'
        "<body><p title='e-f > g-h'>нагорно-карабахская <!-- i-j --><code>k-l</code> <span lang=fr>socio-économiques</span>"
        ' 1990-го</p><img alt="m-n"><p lang="ar">عربي-عربي</p><br/>Bergkarabach-Problem</body></html>'
    )
    whole = '<span style="hyphens: manual">{}</span>'.format
    assert hyphenation.whole_compounds(html) == (
        '<!DOCTYPE html><html lang="ru"><head><title>a-b</title><style>p::before { content: "c-d" }</style></head>'
        f"<body><p title='e-f > g-h'>{whole('нагорно-карабахская')} <!-- i-j --><code>k-l</code> <span lang=fr>socio-économiques</span>"
        f' {whole("1990-го")}</p><img alt="m-n"><p lang="ar">عربي-عربي</p><br/>{whole("Bergkarabach-Problem")}</body></html>'
    )


def test_a_word_with_a_capital_dotted_i_is_kept_whole_and_excepted(tmp_path: Path, empty_pyphen_cache) -> None:
    """layout.settle keeps a word whole, and a project's exception list sets
    a word's breaks, under the key pyphen looks the word up by, which for
    "İ" is the "i" the Turkish and Azerbaijani patterns see (not "i̇", what
    ``lower()`` makes of it)."""
    from pipeline.render import layout

    hyphenation.preload({"tr"}, tmp_path, {"tr": ["İstanbul"]})
    assert breaks("tr", "İstanbul") == "İstanbul"  # never broken; the patterns say "İstan-bul"
    assert breaks("tr", "İçişleri") == "İçiş-leri"
    saved: dict = {}
    layout._keep_whole({"İçişleri"}, saved)
    try:
        assert breaks("tr", "İçişleri") == "İçişleri"
    finally:
        layout._restore(saved)
    assert breaks("tr", "İçişleri") == "İçiş-leri"


def test_words_written_with_a_hyphen_are_found_as_the_plain_pattern_finds_them() -> None:
    """The compound pattern, tried only where a word starts and taking its
    parts whole (a 100,000-letter word made it quadratic), finds what the
    plain pattern finds, on random text of letters, figures, hyphens and
    separators; and a long word without a hyphen is left as it is."""
    import random
    import re

    from pipeline.render.hyphenation import _COMPOUND_WORD, whole_compounds

    plain = re.compile(r"[^\W_]+(?:[-\u2010][^\W_]+)+")
    rng = random.Random(14)
    for _ in range(5000):
        text = "".join(rng.choice("ab-_ \u2010é1,нк") for _ in range(rng.randint(0, 30)))
        assert [m.span() for m in _COMPOUND_WORD.finditer(text)] == [m.span() for m in plain.finditer(text)], text
    page = '<html><body><p lang="de">' + "x" * 100_000 + " Nagorny-Karabach</p></body></html>"
    assert whole_compounds(page).count("x" * 100_000) == 1 and '<span style="hyphens: manual">Nagorny-Karabach</span>' in whole_compounds(page)


def test_a_break_inside_a_capitalised_word_breaks_a_name_where_capitals_mark_names() -> None:
    text = "in Azerbaijan, Азербайджана and die Sowjetunion"
    at = lambda word, offset: text.index(word) + offset  # noqa: E731
    assert hyphenation.breaks_a_name(text, at("Azerbaijan", 6), "en")
    assert hyphenation.breaks_a_name(text, at("Азербайджана", 4), "ru-RU")
    assert not hyphenation.breaks_a_name(text, at("Sowjetunion", 4), "de")  # every German noun has its capital
    assert not hyphenation.breaks_a_name(text, at("and", 2), "en")
    assert not hyphenation.breaks_a_name(text, at("Azerbaijan", 0), "en")  # before the word: not inside it
