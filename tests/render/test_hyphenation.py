"""Hyphenation patterns parsed once per project and handed to pyphen's own cache."""
from __future__ import annotations

from pathlib import Path

import pyphen
import pytest

from pipeline.render import hyphenation

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
    hyphenation.preload({"az", "xx", "ar"}, tmp_path)  # pyphen has no patterns for these
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
