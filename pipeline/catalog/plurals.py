"""Plural rules: the header a language should have (CLDR through Babel), and formulas compared by meaning.

A catalogue's ``Plural-Forms`` header is data a translator (or their tool)
wrote, often years ago; CLDR changes its rules from time to time (Turkish went
from one form to two). So booklet reports a header that disagrees with the
language's rules instead of refusing the file, and compares formulas by what
they compute, never by their spelling: ``n != 1`` and ``(n==1 ? 0 : 1)`` are
the same rule.
"""
from __future__ import annotations

import functools
import gettext
import re
from dataclasses import dataclass
from typing import Callable

__all__ = ["PluralRule", "expected_rule", "parse_header", "same_rule", "SAMPLE"]

#: The numbers two rules are compared on: 0…10,000 (every rule of CLDR and
#: of GNU's table repeats with a period of 10, 100 or 1,000 there), and the
#: round millions that CLDR's "many" form of Spanish, French, Italian and
#: Portuguese picks out.
SAMPLE = (*range(10_001), *(k * 10**e for e in (6, 7, 9) for k in (1, 2, 5)))

_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
_PLURAL = re.compile(r"plural\s*=\s*(.+?)\s*;?\s*$", re.S)


@dataclass(frozen=True)
class PluralRule:
    """``nplurals`` and the C expression that picks a form for ``n``."""

    nplurals: int
    expression: str

    @property
    def header(self) -> str:
        """The value of a ``Plural-Forms`` header, spelled as ``booklet init`` writes it."""
        return f"nplurals={self.nplurals}; plural={self.expression};"

    @functools.cached_property
    def function(self) -> Callable[[int], int]:
        # gettext.c2py is the standard library's checked translator of a C
        # plural expression (it refuses anything but arithmetic on n).
        return gettext.c2py(self.expression)

    def forms(self) -> tuple[int, ...]:
        """The form chosen for each number of SAMPLE."""
        return _forms(self.expression)


@functools.lru_cache(maxsize=64)
def _forms(expression: str) -> tuple[int, ...]:
    function = gettext.c2py(expression)
    return tuple(function(n) for n in SAMPLE)


@functools.lru_cache(maxsize=None)
def expected_rule(language: str) -> PluralRule:
    """The rule of ``language`` in CLDR, as the installed Babel knows it."""
    from babel.messages.plurals import get_plural

    plural = get_plural(language)
    return PluralRule(plural.num_plurals, plural.plural_expr)


def parse_header(value: str) -> PluralRule | None:
    """A ``Plural-Forms`` value as a rule; None when it cannot be read or
    its expression is not a valid C plural expression."""
    count = _NPLURALS.search(value)
    expression = _PLURAL.search(value[count.end() :] if count else value)
    if count is None or expression is None:
        return None
    rule = PluralRule(int(count.group(1)), expression.group(1).strip().rstrip(";").strip())
    try:
        rule.forms()  # compiles and evaluates it, or says it cannot be
    except (ValueError, SyntaxError, RecursionError, ArithmeticError):
        return None
    return rule


def same_rule(a: PluralRule, b: PluralRule) -> bool:
    """True when both rules have as many forms and choose the same one for every number of SAMPLE."""
    return a.nplurals == b.nplurals and a.forms() == b.forms()
