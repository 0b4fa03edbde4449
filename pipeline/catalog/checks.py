"""Quality checks of translations: numbers, inline Markdown, punctuation and the like, per .po entry.

Checks run on the text as readers will get it: character references
(``&#x202E;``) and Markdown decoded, as well as the raw text.

A catalogue is a delivered file, so nothing in it can switch off an
error-level check (figures, markup, format, bidi, control, plurals): a
reviewer who has checked such an entry allows it in the project's
configuration, ``[tool.booklet.reviewed]``, by language, check and a key of
the entry's source *and translation* (so a later change of the translation
is checked again). Only warnings can be silenced by a translator comment
``# booklet: ignore length, punctuation``; ``# booklet: allow-url`` still lets
a link target differ (the markup counts must match).
Findings on a fuzzy entry are at most warnings: fuzzy translations are not
published unless asked for, so they cannot break an edition.
Numbers are compared as digits; only English number words up to 999 in the
source ("Thirty-six") are read, so that the translation may write them in digits.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import html
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import babel
import babel.numbers
import polib
from markdown_it.common.utils import normalizeReference

from ..code_messages import breaks_out, written
from ..config import REVIEWABLE_CHECKS
from ..tags import base as _base
from ..source import DIRECTION_MARK, inline_tag_key, inline_tokens
from .plurals import SAMPLE, PluralRule, expected_rule, parse_header, same_rule
from .pofile import header_line, keyword_line

__all__ = ["CHECKS", "Finding", "LinkDefinitions", "Refs", "Template", "check_catalog", "check_entry", "entry_key"]

CHECKS: dict[str, str] = {
    "figures": "every number of the source appears in the translation with the same value, and no other;"
    " one the source spells out, in digits or in words",
    "figures-count": "each number of the source is as many times in the translation as in the source",
    "markup": "the same emphasis, strong, code, links, images, strikethrough and HTML; same link targets and code",
    "format": "python-format entries keep their %(name)s placeholders and %% signs",
    "whitespace": "leading and trailing spaces as in the source (newlines are the newlines check's)",
    "punctuation": "the translation ends with the same kind of punctuation as the source",
    "doubled-word": "no word repeated twice in a row, unless the source repeats it too",
    "untranslated": "the entry has a translation",
    "fuzzy": "the entry is not marked fuzzy (needs review)",
    "unchanged": "a text with words is not copied unchanged into the translation",
    "length": "the translation is not far shorter or longer than usual for the language",
    "bidi": "no bidi embedding or override controls (they can reorder digits), even as character references;"
    " isolates balanced",
    "control": "no control characters (ESC, BEL, NUL...) other than the whitespace the source has",
    "plural-forms": "the Plural-Forms header agrees in meaning with the language's rule in CLDR",
    "read": "the catalogue can be read: syntax, encoding, Language header",
    "plurals": "a plural entry has exactly one msgstr[i] for each plural form of the language",
    "quotes": "no quotation mark left open or closing nothing that the source does not leave so"
    " (each language's marks: « », „ “, » «, ” ”, 「 」...; apostrophes are not quotes)",
    "brackets": "no bracket left open or closing nothing that the source does not leave so",
    "newlines": "the same line breaks as the source: a leading or trailing newline, and the count inside",
    "not-in-template": "every entry is in the template (.pot); one that is not is stale: booklet update makes it obsolete",
    "code": "a code block's comment or string literal ([tool.booklet] translate-code) stays one:"
    " no line break the source lacks, no closing */ or quote, no backslash at a line's end, no bidi control",
    # Of the project, not of one entry: check.image_findings runs it on the sources.
    "localise-images": "every language has its own variant of each image [tool.booklet] localise-images names (map.de.png)",
}
#: A document's link reference definitions, (label, href, title), as source.references gives them.
Refs = tuple[tuple[str, str, str], ...]
_ERRORS = frozenset({"figures", "markup", "format", "bidi", "control", "plurals", "read", "code"})


@dataclass(frozen=True)
class Finding:
    """One problem of one entry."""

    line: int | None  # the entry's line in the .po file
    severity: str  # "error" | "warning"
    check: str
    message: str
    key: str | None = None  # for an error a reviewer may allow: the entry's key (see entry_key)


@dataclass(frozen=True)
class Template:
    """What a catalogue is compared with for ``not-in-template``: its .pot's messages."""

    shown: str  # the .pot's path, as shown in findings
    keys: frozenset[tuple[str | None, str]]  # (msgctxt, msgid) of every current message

    @classmethod
    def of(cls, po: polib.POFile, shown: str) -> Template:
        return cls(shown, frozenset((entry.msgctxt, entry.msgid) for entry in po if not entry.obsolete))


@dataclass(frozen=True)
class LinkDefinitions:
    """The link reference definitions of a domain's documents (a book's
    chapters each have theirs), which its entries' reference links resolve against."""

    documents: tuple[tuple[str, Refs], ...]  # (a document's path, as entries' references name it; its definitions)

    @functools.cached_property
    def _by_path(self) -> dict[str, Refs]:
        return dict(self.documents)

    @functools.cached_property
    def _merged(self) -> Refs:
        merged: dict[str, tuple[str, str, str]] = {}
        for _path, refs in self.documents:
            for ref in refs:
                merged.setdefault(ref[0], ref)  # a label two chapters define: the first one's
        return tuple(sorted(merged.values()))

    def of(self, entry: polib.POEntry) -> Refs:
        """The definitions of the document the entry comes from (the first its
        references name); of all the domain's documents for an entry that
        names none of them (its references stripped by another tool)."""
        for path, _line in entry.occurrences:
            if path in self._by_path:
                return self._by_path[path]
        return self._merged


@dataclass(frozen=True)
class _Options:
    language: str
    source_language: str
    allow_url: bool
    python_format: bool
    refs: Refs = ()  # the document's link definitions; where not known, the labels both sides use (see _unknown_links)
    unknown_labels: tuple[int, int] = (0, 0)  # reference links to undefined labels only the source, the translation uses
    unknown_targets: frozenset[str] = frozenset()  # their targets
    single_count: int | None = None  # the count of a plural form the language uses for one count only (1, say)
    other_source: str | None = None  # a plural entry's other msgid


# --- figures --------------------------------------------------------------

# Group separators always accepted besides the language's own: the ones that
# translators actually type, and the Arabic thousands separator U+066C, which
# Babel only knows for the "arab" numbering system.
_COMMON_GROUPS = " \u00a0\u202f,.'\u066c\u2019"

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_WORD_VALUES = {w: v for v, w in enumerate(_UNITS)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_NUMBER_WORD = r"(?:" + "|".join([*_WORD_VALUES, "hundred"]) + r")"
_NUMBER_PHRASE = re.compile(rf"\b{_NUMBER_WORD}(?:[ \-]+(?:and )?{_NUMBER_WORD})*\b", re.I)


@functools.cache
def _number_pattern(language: str) -> re.Pattern[str]:
    groups = set(_COMMON_GROUPS)
    try:
        groups.add(babel.numbers.get_group_symbol(babel.Locale.parse(language.split("@")[0].replace("-", "_"))))
    except (ValueError, babel.UnknownLocaleError):
        pass  # an unknown language still gets the common separators
    separators = "[" + re.escape("".join(sorted(groups))) + "]"
    # A separator groups digits only before exactly three of them, so that
    # "19, 20" or "20 1990" stay two numbers.
    return re.compile(rf"(?<!\d)\d{{1,3}}(?:{separators}\d{{3}}(?!\d))+|\d+")


def _numbers(text: str, language: str) -> Counter[int]:
    """The values of the numbers written in digits in ``text``, with how often each occurs."""
    found: Counter[int] = Counter()
    for match in _number_pattern(language).finditer(text):
        digits = [unicodedata.decimal(c) for c in match.group() if c.isdecimal()]
        found[int("".join(map(str, digits)))] += 1
    return found


def _word_numbers(text: str) -> set[int]:
    """Values of English number words from 0 to 999 ("Thirty-six", "three hundred and two").

    English only, as are this project's sources; ordinals, "thousand" and
    larger are not read."""
    found: set[int] = set()
    for phrase in _NUMBER_PHRASE.finditer(text):
        value, last = 0, ""  # the number being read, the kind of its last word
        for word in re.findall(r"[a-z]+", phrase.group().lower()):
            if word == "hundred":
                if last == "unit" and value < 10:
                    value *= 100
                else:  # "hundred" alone, or after a number that cannot take it
                    if last:
                        found.add(value)
                    value = 100
                last = "hundred"
            elif word != "and":
                n = _WORD_VALUES[word]
                if last == "hundred" or (last == "tens" and 0 < n < 10):
                    value += n
                else:  # the first word, or "one two": a new number
                    if last:
                        found.add(value)
                    value = n
                last = "tens" if n >= 20 else "unit"
        found.add(value)
    return found


@functools.cache
def _invisible_between_digits() -> re.Pattern[str]:
    """Characters a reader does not see (Unicode's format characters: bidi
    marks and isolates, the Arabic letter mark, joiners, the soft hyphen;
    variation selectors and the grapheme joiner): between two digits they
    join them ("744", an isolate pair, "744" reads 744744)."""
    invisible = [
        chr(c)
        for c in (*range(0x10000), *range(0xE0000, 0xE01F0))
        if unicodedata.category(chr(c)) == "Cf" or 0xFE00 <= c <= 0xFE0F or c >= 0xE0100 or c == 0x034F
    ]
    return re.compile("(?<=\\d)[" + re.escape("".join(invisible)) + "]+(?=\\d)")


#: English words that name a number a translation may write in digits
#: without the source's having it so: months ("20 January 1990" is
#: "1990年1月20日" in Japanese), ordinals ("a third party" is "제3자" in
#: Korean), weekdays (Vietnamese "Thứ 2" is Monday; others count from
#: Monday as 1), noon and midnight ("12:00"). Allowed, never required: the
#: words are not numbers in English.
_MONTHS = "january february march april may june july august september october november december".split()
_ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split()
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_NAMED_VALUES: dict[str, tuple[int, ...]] = (
    {month: (n,) for n, month in enumerate(_MONTHS, 1)}
    | {month[:3]: (n,) for n, month in enumerate(_MONTHS, 1)}
    | {"sept": (9,)}
    | {ordinal: (n,) for n, ordinal in enumerate(_ORDINALS, 1)}
    | {day: (n, n + 1) for n, day in enumerate(_WEEKDAYS, 1)}
    | {day[:3]: (n, n + 1) for n, day in enumerate(_WEEKDAYS, 1)}
    | {"noon": (12, 0), "midnight": (0, 24)}
)
_NAMED = re.compile(r"\b(" + "|".join(sorted(_NAMED_VALUES, key=len, reverse=True)) + r")\b", re.I)
#: A time on the 12-hour clock (6 p.m., 11:30 am), which a translation may
#: write on the 24-hour one (18:00, 18 Uhr): its hour + 12, and the minutes' 00.
_TWELVE_HOUR = re.compile(r"\b(\d{1,2})(?::\d{2})?\s?([ap])\.?\s?m\b\.?", re.I)


@dataclass(frozen=True)
class _SourceFigures:
    """The numbers of a source text, as a translation must give them."""

    digits: Counter[int]  # written in digits: each must be in the translation, in digits or words
    spelled: frozenset[int]  # spelled out in English (3 and more): in digits or in words
    allowed: Counter[int]  # what else the translation may write in digits, and how often
    clock: frozenset[tuple[int, int]] = frozenset()  # (the hour of a 12-hour time, that hour on the 24-hour clock)


@functools.lru_cache(maxsize=1024)  # figures and figures-count read the same source
def _source_figures(source: str, other: str | None, options: _Options) -> _SourceFigures:
    """``source``'s figures; for a plural entry (``other`` is its other
    msgid), only those both msgids have are required, since a form serves
    several counts: "Delete 1 document" is "删除 %(counter)s 个文档" in
    Chinese, whose one form says every count."""
    digits, words, allowed, clock = _figures_of(source, options)
    if other is not None:
        other_digits, other_words, other_allowed, _clock = _figures_of(other, options)
        shared = digits & other_digits
        allowed = allowed + other_allowed + ((digits | other_digits) - shared) + Counter(words ^ other_words)
        digits, words = shared, words & other_words
    # "one" and "two" (and "zero") alone are not required: in English they are
    # as often a pronoun or a determiner ("a new one", "one of them",
    # "two-factor") as a count, and their words take gender, case and the
    # dual in most languages (o, una, dvě, két, رقمين); their digits are allowed.
    allowed |= Counter(words)
    required = frozenset(value for value in words if value >= 3) - set(digits)
    return _SourceFigures(digits, required, allowed, clock)


def _figures_of(text: str, options: _Options) -> tuple[Counter[int], set[int], Counter[int], frozenset[tuple[int, int]]]:
    """The numbers in digits of ``text``, the ones it spells out (an English
    source's; one to 999) and the ones its month names, ordinals and times allow."""
    readable = _readable(text, options.refs)
    digits = _numbers(_invisible_between_digits().sub("", readable), options.source_language)
    if _base(options.source_language) != "en":
        return digits, set(), Counter(), frozenset()
    allowed: Counter[int] = Counter(n for m in _NAMED.finditer(readable) for n in _NAMED_VALUES[m.group(1).lower()])
    clock = set()
    for time in _TWELVE_HOUR.finditer(readable):
        hour = int(time.group(1)) % 12 + (12 if time.group(2).lower() == "p" else 0)
        allowed.update((hour, 0))
        clock.add((int(time.group(1)), hour))
    return digits, _word_numbers(readable) - set(digits), allowed, frozenset(clock)


def _figures(source: str, target: str, options: _Options) -> Iterator[str]:
    wanted = _source_figures(source, options.other_source, options)
    readable = _readable(target, options.refs)
    given = _numbers(_invisible_between_digits().sub("", readable), options.language)
    latin = readable.lower().translate(_SERBIAN_LATIN) if _base(options.language) == "sr" else readable
    words = _letter_words(latin) if set(wanted.digits) - set(given) or wanted.spelled else []
    on_clock = {hour for hour, later in wanted.clock if later in given}  # 6 p.m. written 18:00
    # Zero is as often said as a negation ("0 of 3 selected": "none of 3").
    missing = [
        value
        for value in sorted(wanted.digits)
        if value not in given and value not in on_clock and value != 0 and not _in_words(value, words, options)
    ]
    if missing:
        yield f"number(s) {_listed(missing)} of the source missing from the translation"
    # A form for one count may say it in digits: Turkish "1 eşleşme var" for n = 1.
    extra = [
        value
        for value in sorted(given)
        if value not in wanted.digits and value not in wanted.allowed and value != options.single_count
    ]
    if extra:
        yield f"number(s) {_listed(extra)} not in the source; expected only {_listed(sorted(wanted.digits)) or 'none'}"
    for value in sorted(wanted.spelled - set(given)):
        spelling = _spelling(value, options.language)
        if spelling is not None and not _spelled_in(spelling, words):  # None: a language num2words cannot spell
            yield (
                f"number {value}, spelled out in the source, is in the translation neither as {value} "
                f"nor as {spelling!r} (an inflected form: a reviewer allows it in [tool.booklet.reviewed])"
            )


def _in_words(value: int, words: list[str], options: _Options) -> bool:
    """Whether the translation writes ``value`` in words of its language
    ("(1 new item)" is "(عنصر جديد واحد)" in Arabic)."""
    spelling = _spelling(value, options.language)
    return spelling is not None and _spelled_in(spelling, words)


def _figures_count(source: str, target: str, options: _Options) -> Iterator[str]:
    """A number of the source that the translation writes more or fewer times.

    A warning, unlike a number the source lacks (figures): the value itself
    is right, and a translation may rightly say it again or once less where
    a sentence is recast ("in 1990 ... that year" as "1990 ... 1990"; "19 and
    20 January" as "19.–20. Januar" with the month once); yet "147" where the
    source names it once may be a changed second figure. A project for which
    any such difference matters (a memorial's list of the dead) raises it to
    an error: [tool.booklet.checks] figures-count = "error"."""
    wanted = _source_figures(source, options.other_source, options)
    readable = _readable(target, options.refs)
    given = _numbers(_invisible_between_digits().sub("", readable), options.language)
    for value in sorted(set(wanted.digits) & set(given)):
        most = wanted.digits[value] + wanted.allowed[value]
        if given[value] > most or given[value] < wanted.digits[value]:
            yield f"{value} is {_times(given[value])} in the translation, {_times(wanted.digits[value])} in the source"


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


#: Languages num2words knows by another code: Norwegian Bokmål and Nynorsk as "no".
_NUM2WORDS_ALIASES = {"nb": "no", "nn": "no"}
#: Serbian in Cyrillic letters, as Latin (num2words spells Serbian in Latin only).
_SERBIAN_LATIN = str.maketrans(
    dict(zip("абвгдђежзијклмнопрстћуфхцчш", "abvgdđežzijklmnoprstćufhcčš")) | {"љ": "lj", "њ": "nj", "џ": "dž"}
)


@functools.cache
def _spelling(value: int, language: str) -> str | None:
    """``value`` in words in ``language``, by num2words (CLDR has no spell-out
    rules in Babel); None where num2words has no such language."""
    from num2words import num2words

    for code in (language, _base(language), _NUM2WORDS_ALIASES.get(_base(language), "")):
        try:
            return num2words(value, lang=code)
        except (NotImplementedError, KeyError, TypeError):
            continue
    return None


def _letter_words(text: str) -> list[str]:
    """The runs of letters of ``text``, case-folded, without the marks a
    word is spelt with or without (Arabic and Hebrew vowel points: "نُه" is
    "نه"; accents) and in one normal form (Bengali "য়", one character or two)."""
    words, current = [], []
    for char in unicodedata.normalize("NFKD", text.casefold()):
        category = unicodedata.category(char)
        if category == "Mn":
            continue
        if category[0] in "LM":
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def _spelled_in(spelling: str, words: list[str]) -> bool:
    """Whether consecutive ``words`` spell ``spelling`` from a word's start,
    whatever the spaces or hyphens between its parts ("otuz altı" is
    "otuzaltı", "ستة وثلاثون" is "ستة و ثلاثون"), and whatever ending the last
    part takes ("Sechsunddreißigjährige", "sekizi")."""
    wanted = "".join(_letter_words(spelling))
    for start in range(len(words)):
        joined = ""
        for word in words[start:]:
            joined += word
            if joined.startswith(wanted):
                return True
            if not wanted.startswith(joined):
                break
    return False


def _listed(values: list) -> str:
    return ", ".join(str(v) for v in values)


# --- markup -----------------------------------------------------------------

_COUNTED = {
    "em_open": "emphasis",
    "strong_open": "strong",
    "code_inline": "code span",
    "link_open": "link",
    "image": "image",
    "s_open": "strikethrough",
    "html_inline": "inline HTML",
}


@dataclass(frozen=True)
class _Markup:
    counts: Counter[str]
    targets: Counter[str]  # link hrefs and image sources
    code: Counter[str]
    text: str  # what a reader sees: text, code, alt texts and link titles
    prose: str  # the same without code (whose brackets and quotes are the program's) nor HTML tags
    tags: Counter[str]  # inline HTML tags as a translation keeps them (source.inline_tag_key): their keys
    shown: dict[str, str]  # each key: the tag as written, for a message


#: A code span that is a quotation in TeX's style, `name' (Sphinx's
#: messages): from its opening backtick to the next, a word closed by an
#: apostrophe before a space (`{name}' has type `).
_TEX_QUOTES = re.compile(r"[^\s'`]+'\s")


@functools.lru_cache(maxsize=1024)  # each text is read by several checks
def _markup(text: str, refs: Refs = ()) -> _Markup:
    """What a reader gets of ``text`` when its reference links resolve
    against ``refs``, its document's link definitions (mdBook's
    ``[the guide][1]``, with ``[1]: https://...`` elsewhere in the chapter,
    is what mdbook-xgettext translations write ``[la guía](https://...)``)."""
    counts: Counter[str] = Counter()
    targets: Counter[str] = Counter()
    code: Counter[str] = Counter()
    seen: list[str] = []
    prose: list[str] = []
    tags: Counter[str] = Counter()
    shown: dict[str, str] = {}
    autolink = False
    for token in inline_tokens(text, refs):
        if token.type == "html_inline" and DIRECTION_MARK.fullmatch(token.content):
            continue  # a translator's direction mark is not markup to compare (source.DIRECTION_MARK)
        if token.type == "html_inline":
            key = inline_tag_key(token.content)
            tags[key] += 1
            shown.setdefault(key, token.content)
        if token.type in _COUNTED:
            counts[_COUNTED[token.type]] += 1
        if token.type == "link_open":
            targets[str(token.attrGet("href"))] += 1
            autolink = token.markup == "autolink"
            seen.append(f" {token.attrGet('title') or ''} ")
            prose.append(seen[-1])
        elif token.type == "link_close":
            autolink = False
        elif token.type == "image":
            targets[str(token.attrGet("src"))] += 1
            seen.append(f" {token.content} {token.attrGet('title') or ''} ")
            prose.append(seen[-1])
        elif token.type == "code_inline" and _TEX_QUOTES.match(token.content):
            counts[_COUNTED[token.type]] -= 1  # text between quotes, `as here', which a translation quotes its own way
            seen.append(f"`{token.content}`")
            prose.append(f" {token.content} ")
        elif token.type == "code_inline":
            code[token.content] += 1
            seen.append(token.content)
            prose.append(" ")
        elif token.type == "text" and not autolink:  # an autolink's text is its URL
            seen.append(token.content)
            prose.append(token.content)
        elif token.type in ("softbreak", "hardbreak", "html_inline"):
            seen.append(" ")
            if token.type != "html_inline":  # a tag takes no room: "<em>giving</em>" is quoted as one word
                prose.append(" ")
    return _Markup(counts, targets, code, "".join(seen), "".join(prose), tags, shown)


def _readable(text: str, refs: Refs) -> str:
    return _markup(text, refs).text


def _markup_check(source: str, target: str, options: _Options) -> Iterator[str]:
    wanted, given = _markup(source, options.refs), _markup(target, options.refs)
    for kind in _COUNTED.values():
        more = given.counts[kind] - wanted.counts[kind]
        if kind == "link" and -options.unknown_labels[0] <= more <= options.unknown_labels[1]:
            continue  # an unknown label's link may be text: each side's count is a range
        if more:
            yield f"{given.counts[kind]} {kind} in the translation, expected {wanted.counts[kind]} as in the source"
    missing, extra = _known_targets(wanted.targets - given.targets, given.targets - wanted.targets, options.unknown_targets)
    if not options.allow_url and (missing or extra):
        yield (
            f"link targets or image sources differ: expected {_listed(sorted(missing)) or 'none'}, "
            f"found {_listed(sorted(extra)) or 'none'} (a comment '# booklet: allow-url' allows it)"
        )
    if wanted.tags != given.tags and sum(wanted.tags.values()) == sum(given.tags.values()):
        # a changed tag is published as text (translate.sanitize); its count is compared above
        missing, extra = wanted.tags - given.tags, given.tags - wanted.tags
        yield (
            f"inline HTML differs: expected {_listed(sorted(wanted.shown[k] for k in missing)) or 'none'}, "
            f"found {_listed(sorted(given.shown[k] for k in extra)) or 'none'} (of an <img>, only alt and title are translated)"
        )
    if wanted.code != given.code:  # code is not translated
        missing, extra = wanted.code - given.code, given.code - wanted.code
        yield (
            f"code spans differ: expected {_listed(sorted(f'`{c}`' for c in missing)) or 'none'}, "
            f"found {_listed(sorted(f'`{c}`' for c in extra)) or 'none'}"
        )


#: The label of a full reference link, ``[text][label]``.
_REFERENCE_LABEL = re.compile(r"\]\[([^\[\]]*[^\s\[\]][^\[\]]*)\]")


def _unknown_links(source: str, target: str) -> dict[str, object]:
    """Where a document's link definitions are not known (a lone catalogue),
    a full reference link is read as a link to its label, ``[label]`` (whose
    characters no reader sees): one whose label both sides use compares as
    such; one whose label only one side uses may be text as well as a link
    (one the other side writes inline, say), and is not counted against it."""
    labels = [Counter(normalizeReference(label) for label in _REFERENCE_LABEL.findall(text)) for text in (source, target)]
    one_sided = set(labels[0]) ^ set(labels[1])
    refs = tuple(sorted((label, f"[{label}]", "") for label in set(labels[0]) | set(labels[1])))
    unknown = tuple(sum(n for label, n in side.items() if label in one_sided) for side in labels)
    return {"refs": refs, "unknown_labels": unknown, "unknown_targets": frozenset(f"[{label}]" for label in one_sided)}


def _known_targets(missing: Counter[str], extra: Counter[str], unknown: frozenset[str]) -> tuple[Counter[str], Counter[str]]:
    """The targets that differ, but for the labels only one side uses
    (``unknown``, see _unknown_links): each pairs off with a URL the other
    side writes inline, or may be text; only where both sides are left with
    such labels do they differ, as labels."""
    def split(targets: Counter[str]) -> tuple[list[str], list[str]]:
        elements = sorted(targets.elements())
        return [t for t in elements if t not in unknown], [t for t in elements if t in unknown]

    (missing_urls, missing_labels), (extra_urls, extra_labels) = split(missing), split(extra)
    paired = min(len(missing_labels), len(extra_urls)), min(len(extra_labels), len(missing_urls))
    missing_labels, extra_urls = missing_labels[paired[0]:], extra_urls[paired[0]:]
    extra_labels, missing_urls = extra_labels[paired[1]:], missing_urls[paired[1]:]
    if missing_labels and extra_labels:
        return Counter(missing_urls + missing_labels), Counter(extra_urls + extra_labels)
    return Counter(missing_urls), Counter(extra_urls)


# --- format -----------------------------------------------------------------

_PLACEHOLDER = re.compile(r"%(?:%|(?:\(\w+\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa])")


def _format(source: str, target: str, options: _Options) -> Iterator[str]:
    if not options.python_format:
        return
    wanted = Counter(_PLACEHOLDER.findall(source))
    given = Counter(_PLACEHOLDER.findall(target))
    # A plural form says both msgids' placeholders: it serves several counts
    # ("Delete 1 document", "Delete %(counter)s documents": Chinese has one
    # form for all, "删除 %(counter)s 个文档"), unless it serves one count
    # only, and may leave them out (Hebrew "שעה", one hour), as GNU msgfmt
    # --check-format allows.
    others = set(_PLACEHOLDER.findall(options.other_source)) if options.other_source is not None else set()
    required = set() if options.single_count is not None else set(wanted) | others
    for spec in sorted(set(wanted) | set(given) | required):
        if spec == "%%" and wanted[spec] != given[spec]:
            yield f"{given[spec]} '%%' in the translation, expected {wanted[spec]}"
        elif spec != "%%" and spec in required and spec not in given:
            yield f"placeholder {spec} missing from the translation"
        elif spec != "%%" and spec in given and spec not in wanted and spec not in others:
            yield f"placeholder {spec} not in the source but in the translation"


# --- warnings ---------------------------------------------------------------


def _whitespace(source: str, target: str, options: _Options) -> Iterator[str]:
    # Newlines are the newlines check's: one difference, one finding.
    source, target = source.replace("\n", ""), target.replace("\n", "")
    lead = (source[: len(source) - len(source.lstrip())], target[: len(target) - len(target.lstrip())])
    trail = (source[len(source.rstrip()) :], target[len(target.rstrip()) :])
    if lead[0] != lead[1]:
        yield f"leading whitespace {lead[1]!r}, expected {lead[0]!r} as in the source"
    if trail[0] != trail[1]:
        yield f"trailing whitespace {trail[1]!r}, expected {trail[0]!r} as in the source"


_ENDINGS = (  # longest marks first, so "..." is not read as a full stop
    ("ellipsis", ("...", "…")),
    ("full stop", (".", "。", "۔", "।")),
    ("question mark", ("?", "؟", "？")),
    ("exclamation mark", ("!", "！")),
    ("colon", (":", "：")),
    ("comma", (",", "،", "、")),
)
# Closing quotes and brackets, and emphasis markers, may follow the final mark.
_CLOSERS = "'\"’”»›)]}）」』*_~"


def _ending(text: str) -> str:
    text = text.rstrip().rstrip(_CLOSERS).rstrip()
    for name, marks in _ENDINGS:
        if text.endswith(marks):
            return name
    return "none"


def _punctuation(source: str, target: str, options: _Options) -> Iterator[str]:
    wanted, given = _ending(source), _ending(target)
    if wanted != given:
        yield f"ends with {given}, expected {wanted} as in the source"


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def _doubled(text: str) -> set[str]:
    words = list(_WORD.finditer(text))
    return {
        b.group().casefold()
        for a, b in zip(words, words[1:])
        if a.group().casefold() == b.group().casefold() and not text[a.end() : b.start()].strip()
    }


def _doubled_word(source: str, target: str, options: _Options) -> Iterator[str]:
    for word in sorted(_doubled(target) - _doubled(source)):
        yield f"the word {word!r} is written twice in a row"


def _unchanged(source: str, target: str, options: _Options) -> Iterator[str]:
    if target == source and len(_WORD.findall(source)) >= 2:
        yield "the translation is a copy of the source"


# Typical length (in characters) of a translation from English, relative to
# the English text: the script decides most of it (a Chinese or Japanese
# text takes a third to a half of the characters of its English).
_EXPANSION = {
    "en": 1.0, "de": 1.3, "ru": 1.15, "az": 1.1, "tr": 1.1, "ar": 0.95, "fa": 1.0, "he": 0.9,
    "fr": 1.2, "es": 1.2, "it": 1.15, "pt": 1.2, "nl": 1.2, "pl": 1.15, "uk": 1.15,
    "ja": 0.45, "zh": 0.35, "ko": 0.55, "th": 1.0, "hi": 1.1,
}
_LENGTH_BAND = (0.4, 2.5)
_MIN_LENGTH = 20  # short texts vary too much to tell anything


def _expansion(language: str) -> float:
    return _EXPANSION.get(_base(language), 1.0)


def _length(source: str, target: str, options: _Options) -> Iterator[str]:
    if len(source) < _MIN_LENGTH:
        return
    expected = _expansion(options.language) / _expansion(options.source_language)
    ratio = len(target) / len(source)
    low, high = _LENGTH_BAND[0] * expected, _LENGTH_BAND[1] * expected
    if not low <= ratio <= high:
        yield f"the translation is {ratio:.2f} times as long as the source, expected {low:.2f} to {high:.2f}"


#: Bidi embeddings and overrides: invisible, and an override makes "744"
#: display as "447". A translation may not add any the source lacks.
_BIDI_OVERRIDES = re.compile("[\u202a-\u202e]")
#: Isolates (LRI, RLI, FSI ... PDI) are what right-to-left text legitimately
#: needs around a left-to-right run; they cannot reverse digits, but must pair.
_ISOLATE_OPEN, _ISOLATE_CLOSE = "\u2066\u2067\u2068", "\u2069"
#: C0 and C1 controls and DEL; tab and newline count only where the source has them.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


def _displayed(text: str, refs: Refs) -> str:
    """Every form in which ``text`` can reach a reader: as written, with its
    character references decoded, and as Markdown renders it."""
    return "\n".join((text, html.unescape(text), _readable(text, refs)))


def _bidi(source: str, target: str, options: _Options) -> Iterator[str]:
    shown = _displayed(target, options.refs)
    added = sorted(set(_BIDI_OVERRIDES.findall(shown)) - set(_BIDI_OVERRIDES.findall(_displayed(source, options.refs))))
    if added:
        names = ", ".join(f"U+{ord(c):04X}" for c in added)
        yield f"bidi embedding or override control(s) {names} (invisible; can reorder digits): remove them"
    depth = 0
    for char in html.unescape(target):
        if char in _ISOLATE_OPEN:
            depth += 1
        elif char == _ISOLATE_CLOSE:
            depth -= 1
            if depth < 0:
                break
    if depth != 0:
        yield "unbalanced bidi isolates: every LRI, RLI or FSI needs its PDI (U+2069), and no PDI comes without one"


def _control(source: str, target: str, options: _Options) -> Iterator[str]:
    shown, source_shown = _displayed(target, options.refs), _displayed(source, options.refs)
    added = sorted(set(_CONTROLS.findall(shown)) - set(_CONTROLS.findall(source_shown)) - {"\n"})
    if added:
        yield "control character(s) " + ", ".join(f"U+{ord(c):04X}" for c in added) + ": remove them"


# --- quotes, brackets, newlines -------------------------------------------------

#: Brackets pair the same way in every language (right-to-left text included:
#: "(" is the opening one in the order the text is stored, whatever side it shows on).
_BRACKETS = {"(": ")", "[": "]", "{": "}", "（": "）", "［": "］", "｛": "｝", "【": "】"}

#: Which marks may close a quotation that a mark opened, across the conventions
#: of the languages: English “…” ‘…’, German „…“ ‚…‘ and »…«, Polish „…”,
#: French and Russian «…», Swedish ”…” and »…», Japanese 「…」 『…』, and
#: the straight quotes of a plain keyboard ("…" closing „ too, as typed).
_QUOTE_CLOSERS = {
    "«": "»", "»": "«»", "„": "“”\"", "‚": "‘’'", "“": "”\"", "”": "”", "‘": "’'", "’": "’",
    '"': '"', "'": "'’", "‹": "›", "›": "‹›", "「": "」", "『": "』",
}  # fmt: skip
_QUOTE_MARKS = frozenset(_QUOTE_CLOSERS) | frozenset("".join(_QUOTE_CLOSERS.values()))
#: A mark's role inside a word, where no spaces tell (a Turkish suffix after
#: a quotation: «Qara Yanvar»ın): « opens in French and Russian, » closes.
_OPENING = "«“‹"
#: Marks that also serve as apostrophes (Bakü'de, l’homme, ’s avonds):
#: inside a word they are not quotes, and these are never reported as
#: unpaired, since an apostrophe cannot be told from a quote by its place alone.
_APOSTROPHES = "'’"


@dataclass(frozen=True)
class _Mark:
    char: str
    role: str  # "open", "close", or "either": a mark its neighbours do not place, which closes what it can
    strong: bool  # reported when left unpaired


def _kind(char: str | None) -> str:
    """"space" (or the text's end), "word", "open" (an opening bracket or a
    dash), "close" (a closing bracket), "punct", or "cjk": a Chinese,
    Japanese or Korean letter, which tells nothing of a mark's role, since
    these scripts put no space between a word and a quotation
    (用の"_templates"ディレクトリ, "epub_uid"는)."""
    if char is None or char.isspace():
        return "space"
    if char in _APOSTROPHES:  # an elision binds to what follows: in "l'« identité »", « opens
        return "open"
    category = unicodedata.category(char)
    if category[0] in "LMN":
        return "cjk" if category == "Lo" and unicodedata.east_asian_width(char) in "WF" else "word"
    return "open" if category in ("Ps", "Pi", "Pd") else "close" if category in ("Pe", "Pf") else "punct"


def _neighbours(text: str) -> tuple[list[str], list[str]]:
    """The kind of what comes before and after each character, looking
    through other quotation marks („‚Nein‘“; not apostrophes) and invisible
    format characters (RLM, LRM, isolates: right-to-left text puts them
    beside punctuation). Two passes, so that a run of thousands of marks
    costs no more than its length."""
    def seen(chars: str) -> list[str]:
        kinds, last = [], "space"
        for char in chars:
            kinds.append(last)
            # An apostrophe is not looked through: after French "l'", « opens.
            if (char not in _QUOTE_MARKS or char in _APOSTROPHES) and unicodedata.category(char) != "Cf":
                last = _kind(char)
        return kinds

    return seen(text), seen(text[::-1])[::-1]


def _quote_marks(text: str) -> Iterator[_Mark]:
    """The quotation marks of ``text`` with the role their neighbours give
    them: a mark before a word and after no word opens; one after a word
    and before no word closes, and so does one between a full stop or
    comma and a space ("Nein.“"). Where neighbours do not tell (French
    « spaced », Danish ».rst«, („Nein.“), Chinese “黑色”), a mark that may
    do both closes a quotation it can close, else opens one."""
    befores, afters = _neighbours(text)
    for char, before, after in zip(text, befores, afters):
        if char not in _QUOTE_MARKS:
            continue
        opening = (before in ("space", "open", "punct") and after == "word") or (before in ("space", "open") and after == "open")
        closing = (before in ("word", "close") and after != "word") or (before == "punct" and after == "space")
        inside = before == "word" and after == "word"
        if char in _APOSTROPHES:
            if not inside:  # inside a word: an apostrophe (Bakü'de, l’homme)
                yield _Mark(char, "open" if opening else "close", strong=False)
        elif char in "„‚「『":
            yield _Mark(char, "open", strong=True)
        elif char in "」』":
            yield _Mark(char, "close", strong=True)
        elif inside:
            if char == '"':  # the " of a Hebrew acronym (צה"ל), or one a Turkish suffix follows ("dizin"dir)
                yield _Mark(char, "close", strong=False)
            elif char != "‘":  # an ʻokina typed as ‘ (Hawai‘i) is no quote
                yield _Mark(char, "open" if char in _OPENING else "close", strong=True)
        elif char == '"':  # the same mark both ways: one glued to a word ("%(model)s"%(title)s") may open too
            yield _Mark(char, "open" if opening else "either", strong=True)
        else:
            yield _Mark(char, "open" if opening else "close" if closing else "either", strong=True)


def _bracket_marks(text: str) -> Iterator[_Mark]:
    closing = set(_BRACKETS.values())
    for char in text:
        if char in _BRACKETS:
            yield _Mark(char, "open", strong=True)
        elif char in closing:
            yield _Mark(char, "close", strong=True)


def _unpaired(marks: Iterable[_Mark], closers: dict[str, str]) -> list[str]:
    """What is wrong with the pairing of ``marks``, one phrase per mark that
    opens and is never closed or closes nothing (weak marks, possibly
    apostrophes, are never reported). A closer closes the nearest open mark
    it can close; the strong ones it skips are never closed. Linear in the
    number of marks: a hostile catalogue may hold a million of them."""
    openers = {closer: "".join(o for o, cs in closers.items() if closer in cs) for closer in set("".join(closers.values()))}
    stack: list[_Mark] = []
    strong = [0]  # strong[i]: how many of stack[:i] are strong
    where: dict[str, list[int]] = {char: [] for char in closers}  # an opening mark -> its places in the stack
    problems: list[str] = []
    for mark in marks:
        match = max((where[o][-1] for o in openers.get(mark.char, "") if where[o]), default=None)
        if mark.role == "either":
            mark = _Mark(mark.char, "close" if match is not None else "open", mark.strong)
        if mark.role == "open":
            where[mark.char].append(len(stack))
            stack.append(mark)
            strong.append(strong[-1] + mark.strong)
            continue
        if match is None or (not mark.strong and strong[-1] > strong[match + 1]):
            if mark.strong:  # a weak one is an apostrophe: "the students’ books"
                problems.append(f"{mark.char} closes nothing")
            continue
        while len(stack) > match:
            skipped = stack.pop()
            strong.pop()
            where[skipped.char].pop()
            if skipped.strong and len(stack) > match:
                problems.append(f"{skipped.char} is never closed")
    return problems + [f"{m.char} is never closed" for m in stack if m.strong]


def _balance(kind: str, wanted: list[str], given: list[str]) -> Iterator[str]:
    if len(given) > len(wanted):
        source = f"the source has {len(wanted)} unpaired" if wanted else "the source's are balanced"
        more = f"; and {len(given) - 3} more" if len(given) > 3 else ""
        yield f"unbalanced {kind}: {'; '.join(given[:3])}{more} ({source})"


def _quotes(source: str, target: str, options: _Options) -> Iterator[str]:
    wanted = _unpaired(_quote_marks(_markup(source, options.refs).prose), _QUOTE_CLOSERS)
    yield from _balance("quotes", wanted, _unpaired(_quote_marks(_markup(target, options.refs).prose), _QUOTE_CLOSERS))


def _brackets(source: str, target: str, options: _Options) -> Iterator[str]:
    wanted = _unpaired(_bracket_marks(_markup(source, options.refs).prose), _BRACKETS)
    yield from _balance("brackets", wanted, _unpaired(_bracket_marks(_markup(target, options.refs).prose), _BRACKETS))


def _newlines(source: str, target: str, options: _Options) -> Iterator[str]:
    """GNU msgfmt --check refuses a leading or trailing newline that the
    msgid and msgstr do not share; inside a text, a line break the source
    has (a Markdown hard break) or lacks changes the page."""
    for where, test in (("starts", str.startswith), ("ends", str.endswith)):
        if test(source, "\n") and not test(target, "\n"):
            yield f"the source {where} with a newline, the translation does not"
        elif test(target, "\n") and not test(source, "\n"):
            yield f"the translation {where} with a newline, the source does not"
    inside = (source.strip("\n").count("\n"), target.strip("\n").count("\n"))
    if inside[0] != inside[1]:
        yield f"{inside[1]} line break(s) inside the translation, {inside[0]} in the source"


_PAIR_CHECKS = {
    "figures": _figures,
    "figures-count": _figures_count,
    "bidi": _bidi,
    "control": _control,
    "markup": _markup_check,
    "format": _format,
    "whitespace": _whitespace,
    "punctuation": _punctuation,
    "doubled-word": _doubled_word,
    "unchanged": _unchanged,
    "length": _length,
    "quotes": _quotes,
    "brackets": _brackets,
    "newlines": _newlines,
}

# --- entries ----------------------------------------------------------------

_IGNORE = re.compile(r"^\s*booklet:\s*ignore\s+(.+?)\s*$", re.M)
_ALLOW_URL = re.compile(r"^\s*booklet:\s*allow-url\s*$", re.M)


def entry_key(entry: polib.POEntry) -> str:
    """A short key of an entry's source and translation, for reviewer overrides
    in the project's configuration: a changed translation has another key."""
    forms = [entry.msgstr] if not entry.msgid_plural else [v for _, v in sorted(entry.msgstr_plural.items())]
    text = "\x04".join([entry.msgctxt or "", entry.msgid, entry.msgid_plural or "", *forms])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def check_entry(
    entry: polib.POEntry,
    *,
    language: str,
    source_language: str = "en",
    lines: list[str] | None = None,
    reviewed: frozenset[str] = frozenset(),
    refs: Refs | None = None,
    raised: frozenset[str] = frozenset(),
) -> list[Finding]:
    """The findings of one entry; a plural entry's forms are checked one by one.

    ``refs`` are the link definitions of the entry's document, against which
    reference links resolve on both sides; None where they are not known (see _markup).

    ``reviewed`` holds ``check:key`` overrides from the project's
    configuration (see entry_key); a translator comment silences warnings
    only, not those the project makes errors (``raised``).
    With the catalogue's ``lines``, a finding about a translation points to
    the line of its ``msgstr`` (where the translator has to change something),
    and one about the fuzzy flag to the entry's first line; else both to the latter."""
    comment = entry.tcomment or ""
    ignored = {name for match in _IGNORE.finditer(comment) for name in re.split(r"[,\s]+", match.group(1))}
    options = _Options(language, source_language, bool(_ALLOW_URL.search(comment)), "python-format" in entry.flags, refs or ())
    fuzzy = "fuzzy" in entry.flags
    found: list[tuple[str, str]] = []
    if fuzzy:
        found.append(("fuzzy", "marked fuzzy: review the translation and remove the flag"))
    if entry.msgid_plural:
        forms = [
            (f"msgstr[{n}]", entry.msgid if n == 0 else entry.msgid_plural, text)
            for n, text in sorted(entry.msgstr_plural.items())
        ]
    else:
        forms = [("msgstr", entry.msgid, entry.msgstr)]
    located: list[tuple[str | None, str, str]] = [(None, name, message) for name, message in found]
    code = written(entry.comment or "")
    for keyword, source, target in forms:
        prefix = f"{keyword}: " if entry.msgid_plural else ""
        if entry.msgid_plural:
            other = entry.msgid_plural if keyword == "msgstr[0]" else entry.msgid
            options = dataclasses.replace(options, other_source=other, single_count=_single_count_forms(language).get(keyword))
        if refs is None:
            options = dataclasses.replace(options, **_unknown_links(source, target))
        if not target:
            located.append((keyword, "untranslated", f"{prefix}no translation yet"))
            continue
        for name, check in _PAIR_CHECKS.items():
            located += [(keyword, name, prefix + message) for message in check(source, target, options)]
        if code is not None and (breach := breaks_out(source, target, *code)) is not None:
            located.append((keyword, "code", prefix + breach + " (the source's code is shown instead)"))
    key = entry_key(entry)
    findings = []
    for keyword, name, message in located:
        error = name in _ERRORS and not fuzzy
        # figures-count, a warning a project may raise to an error, is reviewable at either level
        reviewable = name in REVIEWABLE_CHECKS and (error or name not in _ERRORS)
        if reviewable and f"{name}:{key}" in reviewed:
            continue
        if not error and name in ignored and name not in raised:
            continue
        if name in ignored:
            message += " (a comment in the catalogue cannot silence an error; a reviewer can, in [tool.booklet.reviewed])"
        findings.append(
            Finding(
                keyword_line(lines, entry, keyword) if lines is not None and keyword else entry.linenum,
                "error" if error else "warning",
                name,
                message,
                key if reviewable else None,
            )
        )
    return findings


def check_catalog(
    po: polib.POFile,
    *,
    language: str,
    source_language: str = "en",
    reviewed: frozenset[str] = frozenset(),
    text: str | None = None,
    template: Template | None = None,
    links: LinkDefinitions | None = None,
    raised: frozenset[str] = frozenset(),
) -> list[Finding]:
    """The findings of the header and of every current entry of a catalogue
    (not obsolete ones). With the catalogue's ``text`` (a Catalog's), each
    finding points to the line to fix; with its ``template``, an entry the
    template lacks is a finding too; with the ``links`` its documents
    define, reference links are compared as they resolve."""
    lines = text.split("\n") if text is not None else None
    rule = _cldr_rule(language)
    findings = _header_findings(po, language, text, rule)
    for entry in po:
        if entry.obsolete or entry.msgid == "":
            continue
        if template is not None and (entry.msgctxt, entry.msgid) not in template.keys:
            findings.append(_stale_finding(entry, template, lines))
        if rule is not None:
            findings += _plural_findings(entry, language, lines, rule)
        findings += check_entry(
            entry,
            language=language,
            source_language=source_language,
            lines=lines,
            reviewed=reviewed,
            refs=links.of(entry) if links is not None else None,
            raised=raised,
        )
    return findings


def _stale_finding(entry: polib.POEntry, template: Template, lines: list[str] | None) -> Finding:
    """An entry the template lacks is translated for nothing: no source has
    its text any more (or an XLIFF round trip made an obsolete entry live)."""
    return Finding(
        keyword_line(lines, entry, "msgid") if lines is not None else entry.linenum,
        "warning",
        "not-in-template",
        f"not in {template.shown}: no source has this text any more (booklet update makes it obsolete, #~)",
    )


@functools.cache
def _single_count_forms(language: str) -> dict[str, int]:
    """The plural forms (``msgstr[i]``) that the language's CLDR rule picks
    for one number only, of 0 to 10,000 and round millions, and that number."""
    rule = _cldr_rule(language)
    if rule is None:
        return {}
    counts = Counter(rule.forms())
    return {f"msgstr[{form}]": n for n, form in zip(SAMPLE, rule.forms()) if counts[form] == 1}


def _cldr_rule(language: str) -> PluralRule | None:
    """The language's plural rule in CLDR; None for a language CLDR does not
    know (a lone catalogue's Kaqchikel, say), whose other checks still run."""
    try:
        return expected_rule(language)
    except (babel.UnknownLocaleError, ValueError):
        return None


def _header_findings(po: polib.POFile, language: str, text: str | None, expected: PluralRule | None) -> list[Finding]:
    """A Plural-Forms header that disagrees with CLDR (compared by meaning) is
    a warning: entries are published by the language's rule whatever the
    header says, so only entries that do not fit it are errors."""
    value = po.metadata.get("Plural-Forms")
    has_plurals = any(entry.msgid_plural for entry in po if not entry.obsolete)
    if value is None and not has_plurals:
        return []
    if expected is None:
        line = header_line(text, "Language") if text is not None else None
        message = f"CLDR has no plural rule for {language!r}: plural forms are not checked"
        return [Finding(line or 1, "warning", "plural-forms", message)]
    declared = parse_header(value) if value is not None else None
    if declared is not None and same_rule(declared, expected):
        return []
    line = header_line(text, "Plural-Forms") if text is not None else None
    said = "has no Plural-Forms" if value is None else f"Plural-Forms says {value.strip()!r}"
    return [
        Finding(
            line or 1,
            "warning",
            "plural-forms",
            f"{said}, but {language} has {expected.header!r} (CLDR)"
            " (fix: booklet update --fix-headers)",
        )
    ]


def _plural_findings(entry: polib.POEntry, language: str, lines: list[str] | None, rule: PluralRule) -> list[Finding]:
    if not entry.msgid_plural:
        return []
    needed = rule.nplurals
    have = sorted(entry.msgstr_plural)
    if have == list(range(needed)) or not any(entry.msgstr_plural.values()):
        return []  # an entry not translated at all is the untranslated check's
    beyond = [index for index in have if index >= needed]
    missing = [index for index in range(needed) if index not in have]
    # A form beyond the language's is never shown: no reader misses anything
    # (a catalogue made with another Plural-Forms, Transifex's four Polish
    # forms, say), so it is a warning; a missing one leaves counts untranslated.
    severity = "error" if missing and "fuzzy" not in entry.flags else "warning"
    if not missing:
        keyword = f"msgstr[{beyond[0]}]"
        message = f"{keyword} is beyond the {needed} plural form(s) of {language}: never shown (booklet update --fix-headers)"
    else:
        keyword = f"msgstr[{have[-1]}]" if have else "msgid"
        message = (
            f"{language} has {needed} plural forms, this entry has {len(have)}: add "
            + ", ".join(f"msgstr[{index}]" for index in missing)
        )
    line = keyword_line(lines, entry, keyword) if lines is not None else entry.linenum
    return [Finding(line, severity, "plurals", message)]
