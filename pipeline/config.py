"""``[tool.booklet]`` in pyproject.toml -> a validated, frozen Project."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError

from .code_messages import KINDS as CODE_KINDS
from .errors import ConfigError
from .isbn import isbn_table
from .tags import base
from .render.profiles import CONDITIONS, DEFAULT_CONDITION

__all__ = ["Project", "load_project", "parse_locale", "FORMATS", "PAGE_SIZES", "FUZZY_POLICIES"]

#: "booklet" is the saddle-stitch imposed twin of the PDF, for the printer.
FORMATS = ("html", "pdf", "booklet")
PAGE_SIZES = ("A4", "A5", "A6", "letter")
FUZZY_POLICIES = ("skip", "publish")
#: The gettext domain of the templates' own strings ("Contents", "Page", ...).
TEMPLATES_DOMAIN = "templates"

_KEYS = {
    "source-language",
    "languages",
    "documents",
    "books",
    "chapters-open",
    "output",
    "formats",
    "fuzzy",
    "page-size",
    "min-completion",
    "incomplete",
    "pdf-variant",
    "press-condition",
    "bleed",
    "crop-marks",
    "site-url",
    "reviewed",
    "checks",
    "max-image-pixels",
    "publication",
    "fonts",
    "localise-images",
    "translate-code",
}
#: [tool.booklet.publication]: what every document of the project shares
#: (a document's front matter says otherwise for itself).
PUBLICATION_KEYS = ("author", "publisher", "isbn", "translators")
#: The checks a reviewer can allow for one entry in [tool.booklet.reviewed]
#: (errors, which no catalogue comment can silence; and figures-count, a
#: warning a project may raise to one).
REVIEWABLE_CHECKS = ("figures", "figures-count", "markup", "format", "bidi", "control")
#: Every check of catalog.checks (tests/catalog/test_checks.py holds the two
#: together), for [tool.booklet.checks]; and the levels a project may set.
CHECK_NAMES = (
    "figures", "figures-count", "markup", "format", "whitespace", "punctuation", "doubled-word", "untranslated", "fuzzy",
    "unchanged", "length", "bidi", "control", "plural-forms", "read", "plurals",
    "quotes", "brackets", "newlines", "not-in-template", "localise-images", "code",
)
CHECK_LEVELS = ("error", "warning", "off")
#: Tagged and accessible (default), archival, or for the press (README: Print production).
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b", "pdf/x-4")
INCOMPLETE_POLICIES = ("draft", "skip")
CHAPTER_OPENINGS = ("recto", "any")  # where a book's chapter starts in the PDF


@dataclass(frozen=True)
class Project:
    """Everything a command needs to know about one booklet project."""

    root: Path
    source_language: str
    languages: tuple[str, ...]
    documents: tuple[str, ...]
    output: Path
    books: tuple[str, ...] = ()  # folders of source/ with a SUMMARY.md
    formats: tuple[str, ...] = FORMATS
    fuzzy: str = "skip"
    page_size: str = "A5"
    min_completion: tuple[tuple[str, int], ...] = ()  # (language or "*", percent)
    incomplete: str = "draft"
    pdf_variant: str = "pdf/ua-1"
    press_condition: str = "FOGRA39"  # the printing condition of its press files (render/profiles.py)
    bleed: str = ""  # a CSS length such as "3mm"; empty: no bleed
    crop_marks: bool = False
    site_url: str = ""  # where the web edition will live, for sitemap.xml
    reviewed: tuple[tuple[str, str], ...] = ()  # (language, "check:entry key") a reviewer allowed
    check_levels: tuple[tuple[str, str, str], ...] = ()  # (check, language or "*", level) from [tool.booklet.checks]
    max_image_pixels: int = 40_000_000  # decoded pixels per image (an 8000 x 5000 photograph)
    chapters_open: str = "recto"
    # [tool.booklet.publication]: (key, language or "*", value)
    publication: tuple[tuple[str, str, str], ...] = ()
    # [tool.booklet.fonts]: (stack, families or absolute font files), see render.fonts.FontSettings
    fonts: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # [tool.booklet] localise-images: patterns of the images every language must have its own variant of
    localise_images: tuple[str, ...] = ()
    # [tool.booklet] translate-code: what of fenced code blocks becomes messages (code_messages.KINDS)
    translate_code: tuple[str, ...] = ()
    name: str = "booklet"
    version: str = ""
    config_file: Path = field(default=Path("pyproject.toml"))

    @property
    def source_dir(self) -> Path:
        return self.root / "source"

    @property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def all_languages(self) -> tuple[str, ...]:
        """The source language first, then the translations."""
        return (self.source_language,) + tuple(l for l in self.languages if l != self.source_language)

    def threshold(self, language: str) -> int:
        """The minimum completion (percent) below which an edition is a draft or skipped."""
        table = dict(self.min_completion)
        return table.get(language, table.get("*", 0))

    def published_as(self, key: str, language: str) -> str:
        """The project's ``[tool.booklet.publication]`` value of ``key`` for
        ``language`` (its own, else every language's), or ""."""
        values = {code: value for name, code, value in self.publication if name == key}
        return values.get(language, values.get("*", ""))

    def check_level(self, check: str, language: str) -> str | None:
        """The level the project sets for ``check`` in ``language`` (the
        language's own, else its "*"), or None: the check's own."""
        levels = {code: level for name, code, level in self.check_levels if name == check}
        return levels.get(language, levels.get("*"))

    def nearest_language(self, code: str) -> str | None:
        """One of the project's languages that ``code`` may have meant: the
        same language without (or with another) region (fr_FR for fr)."""
        return next((l for l in self.all_languages if base(l) == base(code)), None)

    def reviewed_for(self, language: str) -> frozenset[str]:
        """The ``check:key`` overrides a reviewer gave for ``language``."""
        return frozenset(allowed for code, allowed in self.reviewed if code == language)

    def source_path(self, document: str) -> Path:
        return self.source_dir / f"{document}.md"

    def book_dir(self, book: str) -> Path:
        return self.source_dir / book

    def pot_path(self, domain: str) -> Path:
        return self.locales_dir / f"{domain}.pot"

    def po_path(self, language: str, domain: str) -> Path:
        return self.locales_dir / language / "LC_MESSAGES" / f"{domain}.po"

    @property
    def domains(self) -> list[str]:
        """Every catalogue's domain: a document's or a book's name each, then the templates'."""
        return [*self.documents, *self.books, TEMPLATES_DOMAIN]

    def po_paths(self, languages: list[str]) -> list[Path]:
        """The catalogues of ``languages`` (existing or not), every domain of each."""
        return [self.po_path(language, domain) for language in languages for domain in self.domains]

    def relative(self, path: Path) -> str:
        """``path`` as shown in diagnostics and references: relative to the project."""
        try:
            return Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def parse_locale(code: str) -> Locale:
    """A Babel locale for ``code`` (``de``, ``pt_BR`` or ``pt-BR``), or ValueError."""
    if not isinstance(code, str) or not re.fullmatch(r"[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*", code):
        raise ValueError(f"{code!r} is not a locale code")
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise ValueError(f"{code!r} is not a known locale") from None


def _line_of(text: str, key: str) -> int | None:
    """The line of ``key =`` inside ``[tool.booklet]``, for diagnostics (tomllib gives none)."""
    in_section = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_section = stripped.replace(" ", "") == "[tool.booklet]"
        elif in_section and re.match(rf"{re.escape(key)}\s*=", stripped):
            return number
    return None


def _line_of_top(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"{re.escape(key)}\s*=", line.strip()):
            return number
    return None


def load_project(root: Path | str = ".") -> Project:
    """Read and validate ``root/pyproject.toml``; every problem names the key."""
    root = Path(root).resolve()
    config_file = root / "pyproject.toml"
    where = "pyproject.toml"
    if not config_file.is_file():
        raise ConfigError(
            "no pyproject.toml here", path=root, hint="run booklet in a project folder or pass --project DIR"
        )
    try:
        text = config_file.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise ConfigError("not valid UTF-8", path=where) from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise ConfigError(f"invalid TOML: {exc}", path=where, line=int(match.group(1)) if match else None) from None
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError("'tool' must be a table ([tool.booklet])", path=where, line=_line_of_top(text, "tool"))
    table = tool.get("booklet")
    if not isinstance(table, dict):
        raise ConfigError("no [tool.booklet] table", path=where, hint="add [tool.booklet] with languages = [...]")

    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(f"[tool.booklet] {key}: {message}", path=where, line=_line_of(text, key))

    for key in sorted(table):
        if key not in _KEYS:
            raise fail(key, f"unknown key (known: {', '.join(sorted(_KEYS))})")

    def string_list(key: str, default: list[str]) -> list[str]:
        value = table.get(key, default)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key, f"must be a list of strings, not {value!r}")
        if len(set(value)) != len(value):
            raise fail(key, "lists a value twice")
        return value

    def choice(key: str, default: str, allowed: tuple[str, ...]) -> str:
        value = table.get(key, default)
        if value not in allowed:
            raise fail(key, f"{value!r} is not one of {', '.join(allowed)}")
        return value

    def locale_code(key: str, code: object) -> str:
        try:
            return str(parse_locale(code))  # type: ignore[arg-type]
        except ValueError as exc:
            raise fail(key, str(exc)) from None

    source_language = locale_code("source-language", table.get("source-language", "en"))
    languages = [locale_code("languages", code) for code in string_list("languages", [])]
    if source_language in languages:
        raise fail("languages", f"{source_language!r} is the source language; list only translations")

    source_dir = root / "source"
    if "documents" in table:
        documents = string_list("documents", [])
        for name in documents:
            if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name) or name.endswith(".md"):
                raise fail("documents", f"{name!r} is not a document name (a file name in source/ without .md)")
            if not (source_dir / f"{name}.md").is_file():
                raise fail("documents", f"{name!r}: no such file source/{name}.md")
    else:
        documents = sorted(p.stem for p in source_dir.glob("*.md")) if source_dir.is_dir() else []
    if TEMPLATES_DOMAIN in documents:
        raise fail("documents", f"{TEMPLATES_DOMAIN!r} is reserved for the templates' own strings; rename the file")

    # A book is a folder of source/ with an mdBook SUMMARY.md (see summary.py).
    if "books" in table:
        books = string_list("books", [])
        for name in books:
            if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name) or not (source_dir / name / "SUMMARY.md").is_file():
                raise fail("books", f"{name!r}: no such book (a folder of source/ with a SUMMARY.md)")
    else:
        books = sorted(p.parent.name for p in source_dir.glob("*/SUMMARY.md")) if source_dir.is_dir() else []
    for name in books:
        if name in documents or name == TEMPLATES_DOMAIN:
            raise fail("books", f"source/{name}/ and source/{name}.md would share the catalogue {name}.po; rename one")

    formats = string_list("formats", list(FORMATS))
    for fmt in formats:
        if fmt not in FORMATS:
            raise fail("formats", f"{fmt!r} is not one of {', '.join(FORMATS)}")
    output = table.get("output", "output")
    if not isinstance(output, str) or not output:
        raise fail("output", f"must be a folder name, not {output!r}")
    # A build writes html/ and pdf/ below the output folder: never among the
    # project's own files, where a page could replace a source or a catalogue.
    out, top = (root / output).resolve(), root.resolve()
    if out == top or out in top.parents:
        raise fail("output", f"{output!r} would put the build among the project's files; use a folder of its own")
    for own in ("source", "locales", "templates", ".booklet-cache", ".git"):
        if out == top / own or top / own in out.parents:
            raise fail("output", f"{output!r} is inside the project's {own}/ folder; use a folder of its own")

    def percent(key: str, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            raise fail(key, f"{value!r} is not a whole percentage from 0 to 100")
        return value

    raw_minimum = table.get("min-completion", 0)
    if isinstance(raw_minimum, dict):
        minimum = []
        for code, value in sorted(raw_minimum.items()):
            language = "*" if code == "*" else locale_code("min-completion", code)
            if language != "*" and language not in languages:
                raise fail("min-completion", f"{code!r} is not one of the languages")
            minimum.append((language, percent("min-completion", value)))
    else:
        minimum = [("*", percent("min-completion", raw_minimum))]

    bleed = table.get("bleed", "")
    if not isinstance(bleed, str) or (bleed and not re.fullmatch(r"\d+(\.\d+)?(mm|pt|in|cm)", bleed)):
        raise fail("bleed", f"{bleed!r} is not a length such as \"3mm\"")
    crop_marks = table.get("crop-marks", False)
    if not isinstance(crop_marks, bool):
        raise fail("crop-marks", f"{crop_marks!r} is not true or false")

    site_url = table.get("site-url", "")
    if not isinstance(site_url, str) or (site_url and not re.fullmatch(r"https?://[^\s/]+(/\S*)?", site_url)):
        raise fail("site-url", f"{site_url!r} is not an http(s) URL")
    if site_url and not site_url.endswith("/"):
        site_url += "/"

    raw_checks = table.get("checks", {})
    if not isinstance(raw_checks, dict):
        raise fail("checks", 'must be a table: check = "warning", or check = { ja = "off", "*" = "warning" }')
    check_levels = []
    for name, setting in sorted(raw_checks.items()):
        if name not in CHECK_NAMES:
            raise fail("checks", f"{name!r} is not a check (the checks: {', '.join(CHECK_NAMES)})")
        for code, level in sorted(setting.items() if isinstance(setting, dict) else [("*", setting)]):
            if level not in CHECK_LEVELS:
                raise fail("checks", f"{name}: {level!r} is not one of {', '.join(CHECK_LEVELS)}")
            language = "*" if code == "*" else locale_code("checks", code)
            if language != "*" and language not in languages:
                raise fail("checks", f"{name}: {code!r} is not one of the languages")
            check_levels.append((name, language, level))

    raw_reviewed = table.get("reviewed", {})
    if not isinstance(raw_reviewed, dict):
        raise fail("reviewed", "must be a table: language = [\"check:key\", ...]")
    reviewed = []
    for code, allowed in sorted(raw_reviewed.items()):
        language = locale_code("reviewed", code)
        if language not in languages:
            raise fail("reviewed", f"{code!r} is not one of the languages")
        if not isinstance(allowed, list):
            raise fail("reviewed", f"{code}: must be a list of \"check:key\" strings")
        for item in allowed:
            match = re.fullmatch(r"([a-z-]+):([0-9a-f]{12})", item) if isinstance(item, str) else None
            if match is None or match.group(1) not in REVIEWABLE_CHECKS:
                raise fail(
                    "reviewed",
                    f"{item!r} is not check:key with a check among {', '.join(REVIEWABLE_CHECKS)}"
                    " and the 12-digit key booklet check prints",
                )
            reviewed.append((language, item))

    max_pixels = table.get("max-image-pixels", 40_000_000)
    if isinstance(max_pixels, bool) or not isinstance(max_pixels, int) or max_pixels < 1:
        raise fail("max-image-pixels", f"{max_pixels!r} is not a positive whole number")

    publication = _publication(table.get("publication", {}), [source_language, *languages], fail, locale_code)
    fonts = _fonts(table.get("fonts", {}), root, text, where)
    localise_images = string_list("localise-images", [])
    if (bad := next((p for p in localise_images if not p.strip() or p.startswith("/") or "\\" in p), None)) is not None:
        raise fail("localise-images", f"{bad!r} is not a pattern of image paths in the project (such as \"map.png\" or \"img/*.svg\")")
    translate_code = string_list("translate-code", [])
    if (bad := next((k for k in translate_code if k not in CODE_KINDS), None)) is not None:
        raise fail("translate-code", f"{bad!r} is not one of {', '.join(CODE_KINDS)}")

    meta = data.get("project", {}) if isinstance(data.get("project"), dict) else {}
    return Project(
        root=root,
        source_language=source_language,
        languages=tuple(languages),
        documents=tuple(documents),
        output=(root / output),
        formats=tuple(f for f in FORMATS if f in formats),
        fuzzy=choice("fuzzy", "skip", FUZZY_POLICIES),
        page_size=choice("page-size", "A5", PAGE_SIZES),
        min_completion=tuple(minimum),
        incomplete=choice("incomplete", "draft", INCOMPLETE_POLICIES),
        pdf_variant=choice("pdf-variant", "pdf/ua-1", PDF_VARIANTS),
        press_condition=choice("press-condition", DEFAULT_CONDITION, tuple(CONDITIONS)),
        bleed=bleed,
        crop_marks=crop_marks,
        site_url=site_url,
        reviewed=tuple(reviewed),
        check_levels=tuple(check_levels),
        max_image_pixels=max_pixels,
        books=tuple(books),
        chapters_open=choice("chapters-open", "recto", CHAPTER_OPENINGS),
        publication=publication,
        fonts=fonts,
        localise_images=tuple(localise_images),
        translate_code=tuple(k for k in CODE_KINDS if k in translate_code),
        name=str(meta.get("name", root.name)),
        version=str(meta.get("version", "")),
        config_file=config_file,
    )


def _publication(raw: object, languages: list[str], fail, locale_code) -> tuple[tuple[str, str, str], ...]:
    """[tool.booklet.publication]: author and publisher as one line of text;
    isbn as one ISBN or one per language; translators one credit line per
    language ("" leaves a language's out, where its catalogue's
    Last-Translator would otherwise be credited)."""
    if not isinstance(raw, dict):
        raise fail("publication", "must be a table: author, publisher, isbn, translators")
    found: list[tuple[str, str, str]] = []
    for key, value in sorted(raw.items()):
        if key not in PUBLICATION_KEYS:
            raise fail("publication", f"{key!r} is not one of {', '.join(PUBLICATION_KEYS)}")
        if key in ("author", "publisher"):
            if not isinstance(value, str) or "\n" in value.strip():
                raise fail("publication", f"{key} must be one line of text")
            found.append((key, "*", value.strip()))
            continue
        if key == "isbn":
            try:
                table = isbn_table(value)
            except ValueError as exc:
                raise fail("publication", f"isbn: {exc}") from None
        elif not isinstance(value, dict) or not all(isinstance(v, str) and "\n" not in v for v in value.values()):
            raise fail("publication", 'translators must be a table: language = "names"')
        else:
            table = value
        for code, item in sorted(table.items()):
            language = "*" if code == "*" else locale_code("publication", code)
            if language != "*" and language not in languages:
                raise fail("publication", f"{key}: {code!r} is not one of the languages")
            found.append((key, language, item.strip()))
    return tuple(found)


#: The stacks of [tool.booklet.fonts] that are not a script or a language.
FONT_STACKS = ("text", "mono", "fallback")
#: Where a project keeps its own font files: with the rest of its look
#: (pyproject.toml, source/, locales/, templates/ are a project's only folders).
PROJECT_FONTS = "templates/fonts"


def _fonts(raw: object, root: Path, text: str, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """[tool.booklet.fonts]: stack = [family or font file, ...], the first
    that has a glyph drawing it. A stack is "text", "mono", "fallback" (after
    every stack: symbols, emoji), a script (ISO 15924: "Jpan", "Arab") or a
    language ("ja"); a family is one of an installed fontpkg package, a
    file is below templates/fonts/ (made absolute here)."""
    from .render.fonts import installed, package_of, system_package  # where a family's files are found: one place

    def fail(key: str | None, message: str) -> ConfigError:
        line = _line_of_font_stack(text, key) if key else None
        return ConfigError(f"[tool.booklet.fonts] {key + ': ' if key else ''}{message}", path=where, line=line or _line_of(text, "fonts"))

    if not isinstance(raw, dict):
        raise fail(None, 'must be a table: text = ["Noto Serif"], ja = ["Noto Sans JP"], fallback = [...]')
    found: list[tuple[str, tuple[str, ...]]] = []
    for key, entries in sorted(raw.items()):
        if key in FONT_STACKS or re.fullmatch(r"[A-Z][a-z]{3}", key):
            stack = key
        else:
            try:
                stack = str(parse_locale(key))
            except ValueError:
                raise fail(key, 'not a stack: text, mono, fallback, a script such as "Jpan" or a language such as "ja"') from None
        if not isinstance(entries, list) or not entries or not all(isinstance(e, str) and e.strip() for e in entries):
            raise fail(key, f"must be a list of font family names or font files, not {entries!r}")
        resolved = []
        for entry in entries:
            if "/" in entry or entry.lower().endswith((".ttc", ".woff", ".woff2")):
                if not entry.lower().endswith((".ttf", ".otf")):  # a path, but not one face
                    raise fail(key, f"{entry!r}: a font file is a .ttf or .otf file (one face; not a .ttc collection)")
            if entry.lower().endswith((".ttf", ".otf")):
                file = (root / entry).resolve()
                if not file.is_relative_to((root / PROJECT_FONTS).resolve()):
                    raise fail(key, f"{entry!r}: a project's font files are below {PROJECT_FONTS}/")
                if not file.is_file():
                    raise fail(key, f"{entry!r}: no such file")
                resolved.append(str(file))
                continue
            if not installed(entry):
                package, debian = package_of(entry).replace("_", "-"), system_package(entry)
                raise fail(
                    key,
                    f"no font family {entry!r}: its package {package} is not installed (pip install {package}"
                    + (f", or apt-get install {debian}" if debian else "")
                    + f"), or put its .ttf/.otf files below {PROJECT_FONTS}/ and name the files",
                )
            resolved.append(entry)
        found.append((stack, tuple(resolved)))
    return tuple(found)


def _line_of_font_stack(text: str, key: str) -> int | None:
    """The line of ``key =`` in ``[tool.booklet.fonts]`` (tomllib gives none)."""
    table = re.search(r"^\s*\[\s*tool\.booklet\.fonts\s*\]", text, re.M)
    if table is None:
        return None
    found = re.compile(rf'^\s*"?{re.escape(key)}"?\s*=', re.M).search(text, table.end())
    after = re.compile(r"^\s*\[", re.M).search(text, table.end())  # the next table ends this one
    if found is None or (after is not None and after.start() < found.start()):
        return None
    return text.count("\n", 0, found.start()) + 1
