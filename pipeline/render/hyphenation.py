"""Hyphenation patterns for the PDF renderer, parsed once per project instead of once per process.

Why by hand: WeasyPrint hyphenates through pyphen, which parses a language's
hunspell patterns the first time a process needs them: 0.87 s for German
(66,441 patterns), 0.08 s for English, measured here. The build renders in
new worker processes each time, so every build paid that again, in the
worker that drew the German booklet. Here the parsed patterns are pickled
into the project's cache (named by the pattern file's bytes and the pyphen
and Python versions), and loaded into pyphen's own cache (``pyphen.hdcache``)
in the build process before the workers fork, so they inherit them.

The pickles are as trusted as the rest of ``.booklet-cache`` (Jinja's
compiled templates live there too); one that cannot be read is parsed again.

Which patterns, and where no package has any:
- pyphen's patterns for a bare "en" are British (hyph_en_GB), which break
  by etymology ("territ-orial", "Perman-ent"); the publication's English is
  American, and so is a bare "en" here: hyph_en_US ("ter-ri-to-rial").
- pyphen has none for Turkish and Azerbaijani. Their hyphenation is
  syllabic and regular (a syllable has one vowel; of the consonants between
  two vowels only the last begins the next syllable: "kork-mak", "ba-şın-
  da"), so their patterns are generated from that rule (``syllabic_patterns``).
- Words the patterns break wrongly ("Ausnah-mezustand") are listed with
  their only allowed breaks: booklet's own list below, extended by a
  project's ``locales/<lang>/hyphenation.txt``. They reach the renderer in
  the booklet's HTML (``with_exceptions``), so a changed list renders again.
- A word written with a hyphen ("нагорно-карабахская") is broken only at
  that hyphen in the languages of ``AT_ITS_HYPHEN`` (``whole_parts``): a
  break inside one of its parts ("нагорно-кара-/бахская") reads as a
  compound of three. The patterns see each part as a word of its own, so
  the line breaker leaves the parts' breaks out (render.linebreak), and
  what WeasyPrint sets itself (headings, paragraphs the breaker leaves to
  it) has each such word in a span it does not hyphenate, in the booklet's
  HTML (``whole_compounds``).
"""
from __future__ import annotations

import json
import pickle
import platform
import re
import tempfile
from importlib.metadata import version
from pathlib import Path

from ..fsutil import digest
from ..gcutil import cycles_not_collected
from ..tags import base

__all__ = [
    "AT_ITS_HYPHEN", "EXCEPTIONS", "HYPHEN_IN_WORD", "MIN_LAST_PART", "changes", "exceptions_of", "languages_of", "preload", "project_exceptions",
    "syllabic_patterns", "watch", "whole_compounds", "whole_parts", "with_exceptions",
]

#: Patterns booklet uses instead of pyphen's choice for a language.
PATTERNS = {"en": "en_US"}
#: Vowels of the languages hyphenated by syllable (syllabic_patterns).
SYLLABIC = {"tr": "aeıioöuüâîû", "az": "aeəıioöuü"}
#: Words the patterns break wrongly, with their allowed breaks ("-"); a word
#: written without one is never broken. A compound is broken at its joint,
#: not inside its last part ("Militärange-/hörige", a designer's poor break).
EXCEPTIONS: dict[str, tuple[str, ...]] = {
    "de": (
        "Aus-nahme-zu-stand", "Aus-nahme-zu-stands", "Sow-jet-union", "Sow-jet-armee", "Ver-tei-di-gungs-mi-nis-te-rium",
        "Mi-li-tär-an-gehörige", "Mi-li-tär-an-gehörigen", "General-sekre-tär", "General-sekre-tärs",
    ),
    "en": ("ter-ri-to-rial", "Per-ma-nent", "Azer-bai-jani", "Azer-bai-ja-nis"),
    "ru": (),
}
#: Languages whose words written with a hyphen are broken at that hyphen
#: only, never inside a part: Russian and German book setting's rule, and
#: English's; Turkish and Azerbaijani write a hyphen mostly before a
#: suffix after a figure or an abbreviation ("1990-cı", "SSRİ-nin"), which
#: is not broken either. A language not listed breaks parts as its patterns do.
AT_ITS_HYPHEN = frozenset({"ru", "de", "en", "az", "tr"})
#: Languages that capitalise every noun: a capital there does not mark a
#: name (render.linebreak's cost of breaking one, ``breaks_a_name``).
NOUNS_CAPITALISED = frozenset({"de", "lb"})
_MARK = "<!--booklet:hyphenation "

_LANG = re.compile(r"""\blang\s*=\s*["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)""")

#: The letters a hyphenated word's rest needs to stand alone as its
#: paragraph's last line (render.linebreak's cuts, render.layout's finding):
#: a stub ("имуще-" / "ства.") is refused, a rest a designer takes ("anıl-" /
#: "maktadır.": 8 letters, where the line before would otherwise have 0.63 em
#: between its words) is not.
MIN_LAST_PART = 6


def languages_of(html: str) -> set[str]:
    """The language tags an HTML document uses (its own and its passages')."""
    return set(_LANG.findall(html))


def whole_parts(lang: str) -> bool:
    """Whether the parts of a word written with a hyphen are kept whole in
    ``lang`` (a language tag: "ru", "de-AT"), broken only at the hyphen."""
    return base(lang) in AT_ITS_HYPHEN


def breaks_a_name(text: str, index: int, lang: str) -> bool:
    """Whether a break before ``text[index]`` falls inside a word that
    starts with a capital in ``lang``, where a capital marks a name (not in
    NOUNS_CAPITALISED): "Azerbai-jan", "Ermənis-tana", "Азер-байджана",
    which a designer would not break (a sentence's first word counts too,
    the price of not knowing names)."""
    start = index
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    return start < index and text[start].isupper() and base(lang) not in NOUNS_CAPITALISED


def syllabic_patterns(vowels: str) -> str:
    """Hunspell hyphenation patterns (pyphen's format) for a language whose
    syllables each hold one vowel and begin with at most one consonant:
    a break before a consonant that precedes a vowel, and between two vowels."""
    letters = "abcçdefgğhıijklmnoöprsştuüvyzəxqw" + vowels
    consonants = sorted(set(letters) - set(vowels))
    lines = ["UTF-8"]
    lines += [f"1{c}{v}" for c in consonants for v in vowels]
    lines += [f"{a}1{b}" for a in vowels for b in vowels]
    return "\n".join(lines) + "\n"


def project_exceptions(locales: Path, languages: set[str]) -> dict[str, list[str]]:
    """booklet's exception words and a project's locales/<lang>/hyphenation.txt
    (one word a line, "#" starts a comment), for each of ``languages`` that has any."""
    found: dict[str, list[str]] = {}
    for language in sorted(languages):
        words = list(EXCEPTIONS.get(base(language), ()))
        listed = locales / language / "hyphenation.txt"
        if listed.is_file():
            for line in listed.read_text(encoding="utf-8", errors="replace").splitlines():
                word = line.split("#", 1)[0].strip()
                if word and " " not in word:
                    words.append(word)
        if words:
            found[language] = words
    return found


def with_exceptions(html: str, exceptions: dict[str, list[str]]) -> str:
    """The booklet's HTML carrying its exception words to the renderer (a
    comment before the document, which WeasyPrint ignores)."""
    if not exceptions:
        return html
    # "--" cannot be in a comment: JSON may spell its second "-" as an escape.
    data = json.dumps(exceptions, ensure_ascii=False, sort_keys=True).replace("--", "-\\u002d")
    return f"{_MARK}{data}-->\n{html}"


_MARKUP = re.compile(r"""<!--.*?-->|<!\[CDATA\[.*?\]\]>|<(?:[^>"']|"[^"]*"|'[^']*')*>""", re.S)
_TAG_NAME = re.compile(r"</?\s*([A-Za-z][^\s/>]*)")
_TAG_LANG = re.compile(r"""\slang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
#: A word written with a hyphen: its parts, letters or figures, and the hyphens between them.
#: Tried only where a word starts, its parts taken whole (possessive): a
#: translation's 100,000-letter word without a hyphen was tried from each of
#: its letters, each try running to its end (quadratic: 3 minutes).
_PART, _HYPHEN = r"[^\W_]", r"[-\u2010]"
_COMPOUND_WORD = re.compile(rf"(?<!{_PART}){_PART}++(?:{_HYPHEN}{_PART}++)+")
#: A hyphen inside such a word, where the line breaker looks for one ("нагорно-карабахская", "1990-cı").
HYPHEN_IN_WORD = re.compile(_PART + _HYPHEN + _PART)
#: Elements whose text is not to be touched, or not laid out as text.
_UNTOUCHED = frozenset({"head", "script", "style", "pre", "code", "textarea", "title", "svg", "math"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
#: What keeps a word written with a hyphen from being hyphenated inside its parts: its
#: own hyphen stays a place to break at (Pango's, whatever ``hyphens`` says).
_WHOLE = '<span style="hyphens: manual">'


def whole_compounds(html: str) -> str:
    """``html`` with each word written with a hyphen in a language of
    AT_ITS_HYPHEN (the ``lang`` of the element it is in) put in a span that
    WeasyPrint does not hyphenate: a heading, a list's label or a paragraph
    the line breaker leaves to WeasyPrint is broken at the word's hyphen,
    never inside a part ("нагорно-кара-/бахская"). Text is touched only
    inside the body, outside code, scripts and styles."""
    out: list[str] = []
    stack: list[tuple[str, str]] = []  # the open elements: (name, language)
    position = 0
    for match in _MARKUP.finditer(html):
        text = html[position : match.start()]
        if text and stack and all(name not in _UNTOUCHED for name, _ in stack) and any(name == "body" for name, _ in stack):
            if whole_parts(stack[-1][1]):
                text = _COMPOUND_WORD.sub(lambda found: f"{_WHOLE}{found.group()}</span>", text)
        out.append(text)
        out.append(match.group())
        position = match.end()
        tag = match.group()
        name = _TAG_NAME.match(tag)
        if name is None:
            continue  # a comment, a declaration
        element = name.group(1).lower()
        if tag.startswith("</"):
            for index in range(len(stack) - 1, -1, -1):
                if stack[index][0] == element:
                    del stack[index:]
                    break
        elif element not in _VOID and not tag.endswith("/>"):
            found = _TAG_LANG.search(tag)
            lang = next(filter(None, found.groups()), "") if found else (stack[-1][1] if stack else "")
            stack.append((element, lang))
    out.append(html[position:])
    return "".join(out)


def exceptions_of(html: str) -> dict[str, list[str]]:
    if not html.startswith(_MARK):
        return {}
    end = html.index("-->")
    return json.loads(html[len(_MARK) : end])


def _register(languages: set[str], folder: Path) -> None:
    """pyphen's tables of languages, as booklet hyphenates them (see above)."""
    import pyphen

    from ..fsutil import write_atomic

    # Both of pyphen's tables: language_fallback reads the lowercase one.
    for language, patterns in PATTERNS.items():
        pyphen.LANGUAGES[language] = pyphen.LANGUAGES[patterns]
        pyphen.LANGUAGES_LOWERCASE[language] = language
    wanted = {base(code) for code in languages}
    for language in sorted(wanted & SYLLABIC.keys()):
        text = syllabic_patterns(SYLLABIC[language])
        path = folder / f"hyph_{language}-{digest(text.encode())[:12]}.dic"
        if not path.is_file():
            try:
                write_atomic(path, text.encode("utf-8"))
            except Exception:  # an unwritable cache: patterns in a file of their own
                path = Path(tempfile.mkdtemp(prefix="booklet-hyph-")) / path.name
                path.write_text(text, encoding="utf-8")
        pyphen.LANGUAGES[language] = path
        pyphen.LANGUAGES_LOWERCASE[language] = language


def preload(languages: set[str], folder: Path, exceptions: dict[str, list[str]] | None = None) -> None:
    """Put the patterns of ``languages`` into pyphen's cache, from ``folder``
    when they were parsed before, with the ``exceptions`` words' breaks."""
    import pyphen

    from ..fsutil import write_atomic

    _register(languages, folder)
    paths = {pyphen.LANGUAGES[name] for name in filter(None, map(pyphen.language_fallback, languages))}
    for path in sorted(paths, key=str):
        if isinstance(pyphen.hdcache.get(path), _Dotted):
            continue
        source = path.read_bytes()
        key = digest(source, version("pyphen"), platform.python_version())[:16]
        compiled = folder / f"{path.name.removesuffix('.dic')}-{key}.pickle"
        patterns = None
        if compiled.is_file():
            try:
                patterns = _unpickle(compiled.read_bytes())
            except Exception:  # damaged or foreign: parse it again
                patterns = None
        if not isinstance(patterns, pyphen.HyphDict):
            patterns = pyphen.HyphDict(path)
            try:
                write_atomic(compiled, pickle.dumps(patterns, protocol=pickle.HIGHEST_PROTOCOL))
            except Exception:  # a cache that cannot be written only costs time next run
                pass
        pyphen.hdcache[path] = _Dotted(patterns)
    for language, words in (exceptions or {}).items():
        name = pyphen.language_fallback(language)
        if name is not None and pyphen.LANGUAGES[name] in pyphen.hdcache:
            _except(pyphen.hdcache[pyphen.LANGUAGES[name]], words)


class _Watched(dict):
    """A parsed pattern set's cache of words' breaks (pyphen looks a word up
    there before it applies the patterns, and keeps what it found) that
    counts the changes to words it holds: layout.settle keeps words whole
    by emptying theirs, and gives them back. What pyphen adds is no change:
    nothing found before depended on a word not yet there."""

    def __setitem__(self, key: str, value: object) -> None:
        if key in self and self[key] != value:
            _CHANGES[0] += 1
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        _CHANGES[0] += 1
        super().__delitem__(key)

    def pop(self, key: str, *default: object) -> object:
        if key in self:
            _CHANGES[0] += 1
        return super().pop(key, *default)

    def __reduce__(self) -> tuple:  # pickled as the dict it is
        return dict, (dict(self),)


_CHANGES = [0]


def watch(patterns: object) -> None:
    """Count the changes to the words' breaks ``patterns`` (pyphen's parsed
    set, or booklet's wrapper of one) hold from now on (``changes``)."""
    inner = patterns.patterns if isinstance(patterns, _Dotted) else patterns
    if not isinstance(inner.cache, _Watched):
        inner.cache = _Watched(inner.cache)
    patterns.cache = inner.cache


def changes() -> int:
    """How many times a word's breaks that pyphen had found were changed
    since the process started, in the pattern sets watched (``watch``): what
    a word's breaks found before depend on."""
    return _CHANGES[0]


class _Dotted:
    """Parsed patterns that place breaks right in words with a capital
    dotted I (Turkish, Azerbaijani: "İçişleri"). pyphen finds a word's breaks
    in ``word.lower()``, where "İ" becomes two characters (i and a combining
    dot), so every break after it came one letter late ("İçişl-eri")."""

    def __init__(self, patterns: object) -> None:
        self.patterns = patterns
        watch(self)

    def positions(self, word: str) -> list[int]:
        return self.patterns.positions(cache_key(word))


def cache_key(word: str) -> str:
    """``word`` as the patterns see it (``_Dotted``), which is the key of its
    breaks in a parsed pattern set's cache: lowercase, a capital dotted I "i"."""
    return word.replace("\u0130", "i").lower()


def _except(patterns: object, words: list[str]) -> None:
    """Fix the breaks of ``words`` in a parsed pattern set: pyphen looks a
    word's breaks up in its ``cache`` before it applies the patterns."""
    from pyphen import DataInt

    for word in words:
        points, position = [], 0
        for part in word.split("-")[:-1]:
            position += len(part)
            points.append(DataInt(position))
        patterns.cache[cache_key(word.replace("-", ""))] = points


def _unpickle(data: bytes) -> object:
    """``pickle.loads`` without the cyclic garbage collector, which would
    otherwise run over and over while 66,441 German patterns (some 200,000
    tuples, none of them in a cycle) are created: 0.06 s instead of 0.10 s."""
    with cycles_not_collected():
        return pickle.loads(data)
