"""Plural rules: compared by meaning, from CLDR through Babel, checked against GNU msginit."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.localedata import locale_identifiers
from babel.messages.plurals import get_plural

from pipeline.catalog.plurals import SAMPLE, expected_rule, parse_header, same_rule
from tests.conftest import need_tool

#: Languages whose rule in GNU gettext's own table differs from CLDR's, and why.
#: A language that differs and is not named here fails the test below; one
#: named here that agrees with the installed msginit (a newer gettext) is fine.
GNU_DIFFERS = {
    "es": "CLDR 42 added a 'many' form for round millions ('de millones'); GNU's table predates it",
    "fr": "CLDR 42 added a 'many' form for round millions; GNU's table predates it",
    "it": "CLDR 42 added a 'many' form for round millions; GNU's table predates it",
    "pt": "CLDR 42 added a 'many' form for round millions; GNU's table predates it",
    "ga": "CLDR has five Irish forms (1, 2, 3-6, 7-10, other); GNU's table has three",
    "he": "CLDR has a dual form for 2; GNU's table has two forms",
    "lv": "CLDR's 'zero' form takes 0, 10-20, 30...; GNU's table puts only 0 there and 10-20 with 'other'",
}


def test_equivalent_spellings_are_the_same_rule():
    a = parse_header("nplurals=2; plural=(n != 1);")
    b = parse_header("nplurals=2; plural=n==1 ? 0 : 1")
    assert a is not None and b is not None and same_rule(a, b)
    assert not same_rule(a, parse_header("nplurals=2; plural=(n > 1);"))
    assert not same_rule(a, parse_header("nplurals=3; plural=(n != 1);"))


@pytest.mark.parametrize("value", ["", "nplurals=2;", "plural=n;", "nplurals=2; plural=n % 0;", "nplurals=1; plural=exec(1);"])
def test_unreadable_headers_are_none(value):
    assert parse_header(value) is None


def test_every_babel_rule_is_readable_and_in_range():
    """What init and --fix-headers write is a valid C expression giving forms 0..nplurals-1."""
    for language in sorted({l for l in locale_identifiers() if "_" not in l}):
        rule = expected_rule(language)
        assert parse_header(rule.header) == rule, language
        assert max(rule.forms()) < rule.nplurals, language
        assert rule.nplurals == get_plural(language).num_plurals


def _msginit_rule(language: str, pot: Path) -> str | None:
    result = subprocess.run(
        [need_tool("msginit"), "--no-translator", "-l", language, "-i", str(pot), "-o", "-"],
        capture_output=True,
        text=True,
        env={**os.environ, "LC_ALL": "C"},
    )
    joined = result.stdout.replace('"\n"', "")
    match = re.search(r"Plural-Forms: ([^\\]*)\\n", joined)
    return match.group(1) if match else None


def test_babel_agrees_with_msginit_for_every_language_both_know(tmp_path):
    pot = tmp_path / "x.pot"
    pot.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n', encoding="utf-8")
    both = differing = 0
    unexplained = []
    for language in sorted({l for l in locale_identifiers() if "_" not in l}):
        gnu = _msginit_rule(language, pot)
        if gnu is None:
            continue  # GNU does not know this language
        both += 1
        rule = parse_header(gnu)
        assert rule is not None, f"{language}: msginit wrote {gnu!r}"
        if not same_rule(rule, expected_rule(language)):
            differing += 1
            if language not in GNU_DIFFERS:
                unexplained.append(f"{language}: GNU {gnu!r}, CLDR {expected_rule(language).header!r}")
    assert both >= 20, "msginit knew almost no language: is it GNU gettext?"
    assert unexplained == []


def test_the_sample_tells_apart_rules_that_differ_only_for_millions():
    assert 1_000_000 in SAMPLE
    spanish = expected_rule("es")
    two = parse_header("nplurals=3; plural=(n == 1 ? 0 : 2);")
    assert not same_rule(spanish, two)
