"""ISBNs as a publication states them: one for every language or one per language, each checked.

A leaf module (it imports nothing of the package's) so that the configuration
and the front-matter reader share the rule without loading a Markdown parser
to read pyproject.toml."""
from __future__ import annotations

import re

__all__ = ["isbn_table", "valid_isbn"]


def isbn_table(value: object) -> dict[str, str]:
    """An ISBN for every language (``{"*": isbn}``) or one per language
    (``{"de": isbn, ...}``), each checked: 10 or 13 digits with a valid
    check digit, hyphens and spaces as the publisher writes them."""
    table = {"*": value} if isinstance(value, str) else value
    if not isinstance(table, dict) or not table:
        raise ValueError("must be an ISBN, or a table of one ISBN per language")
    checked: dict[str, str] = {}
    for language, isbn in table.items():
        if not isinstance(isbn, str) or not valid_isbn(isbn):
            raise ValueError(f"{isbn!r} ({language}) is not a valid ISBN-13 or ISBN-10 (check digit included)")
        checked[str(language)] = isbn.strip()
    return checked


def valid_isbn(isbn: str) -> bool:
    digits = re.sub(r"[\s-]", "", isbn.strip())
    if re.fullmatch(r"97[89]\d{10}", digits):
        return sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10 == 0
    if re.fullmatch(r"\d{9}[\dXx]", digits):
        values = [10 if d in "Xx" else int(d) for d in digits]
        return sum(v * (10 - i) for i, v in enumerate(values)) % 11 == 0
    return False
