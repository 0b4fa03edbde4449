"""The build cache: an output whose inputs did not change is not rendered again."""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from .config import TEMPLATES_DOMAIN
from .errors import BookletError
from .fsutil import digest, file_digest, write_atomic
from .render.press import makes_press_files, press_files
from .versions import tool_versions

__all__ = ["BuildCache", "BuildOptions", "LanguageRecord", "build_options", "digest", "file_digest", "tool_versions"]

_FORMAT = 1


@dataclass(frozen=True)
class LanguageRecord:
    """What a build made of one language, kept so that the next build can leave it as it is."""

    key: str  # of the language's inputs (input_keys)
    present: dict[str, list[str]]  # document -> the languages the site had then (its switchers list them)
    figures: list[dict[str, object]]  # the editions' figures, for the report
    index: dict[str, str]  # document -> the language's entry in the site's index (HTML)
    drafts: list[str]  # "document/language" made as drafts
    skipped: list[str]  # "document/language" below the threshold
    characters: str  # what its pages can show and show, sorted (for the web fonts)
    outputs: list[str] = field(default_factory=list)  # relative to the project; named by BuildCache.remember_language

    @classmethod
    def from_json(cls, data: object, language: str, domains: list[str]) -> LanguageRecord | None:
        """The record in the cache file, or None when it is damaged (a cache is
        data anyone could have edited: it is never trusted to be well formed)."""
        if not isinstance(data, dict):
            return None
        shapes = {
            "key": str,
            "outputs": list,
            "present": dict,
            "figures": list,
            "index": dict,
            "drafts": list,
            "skipped": list,
            "characters": str,
        }
        if not all(isinstance(data.get(name), shape) for name, shape in shapes.items()):
            return None
        listed = {f"{domain}/{language}" for domain in domains}
        if not (
            set(data["index"]) <= set(domains)
            and all(isinstance(html, str) for html in data["index"].values())
            and all(isinstance(figures, dict) for figures in data["figures"])
            and all(isinstance(item, str) and item in listed for item in data["drafts"] + data["skipped"])
        ):
            return None
        return cls(**{name: data[name] for name in shapes})


class BuildCache:
    """``output path -> (key of its inputs, sha256 of its bytes)``, kept in one JSON file.

    An entry is stored only after its output was written, and the file itself
    is written atomically, so a killed build never leaves an entry for an
    output that does not exist; a damaged or foreign cache is ignored.
    """

    def __init__(self, path: Path, root: Path, *, enabled: bool = True) -> None:
        self.path = path
        self.root = root
        self.enabled = enabled
        self.entries: dict[str, dict[str, str]] = {}
        self.complete: dict[str, object] = {}  # the last build that had nothing fail
        self.languages: dict[str, dict] = {}  # language -> what its last successful build made (see language)
        if enabled and path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("format") == _FORMAT and isinstance(data.get("entries"), dict):
                    self.entries = data["entries"]
                    self.complete = data.get("complete") or {}
                    languages = data.get("languages") or {}
                    self.languages = {k: v for k, v in languages.items() if isinstance(v, dict)}
            except (OSError, ValueError, AttributeError):
                self.entries, self.complete, self.languages = {}, {}, {}

    def _name(self, output: Path) -> str:
        return output.relative_to(self.root).as_posix()

    def fresh(self, outputs: list[Path], key: str) -> bool:
        """True when every output exists, unchanged since it was made from ``key``."""
        names = [self._name(output) for output in outputs]
        if not self.enabled or not names or any(self.entries.get(name, {}).get("key") != key for name in names):
            return False
        return self._intact(names)

    def store(self, output: Path, key: str, data: bytes) -> None:
        self.entries[self._name(output)] = {"key": key, "sha256": hashlib.sha256(data).hexdigest()}

    def _store_all(self, outputs: list[Path]) -> None:
        """Give every output an entry of its current bytes, keeping the key it was made from."""
        for output in outputs:
            self.store(output, self.entries.get(self._name(output), {}).get("key", ""), output.read_bytes())

    def _intact(self, names: object) -> bool:
        """True when every output named (relative to the root) is as this cache last saw it."""
        if not isinstance(names, list):
            return False
        for name in names:
            entry = self.entries.get(name) if isinstance(name, str) else None
            output = self.root / name if entry is not None else None
            if output is None or not output.is_file():
                return False
            if hashlib.sha256(output.read_bytes()).hexdigest() != entry.get("sha256"):
                return False
        return True

    def up_to_date(self, key: str) -> dict[str, object] | None:
        """The last complete build's summary, if it had this key and its outputs are intact."""
        if not self.enabled or self.complete.get("key") != key or not self._intact(self.complete.get("outputs")):
            return None
        return self.complete

    def language(self, language: str, key: str, domains: list[str]) -> LanguageRecord | None:
        """What the last build made of ``language``, if it was made from inputs
        with this key (``input_keys``) and its outputs are intact: then the
        language need not be translated or rendered again."""
        record = LanguageRecord.from_json(self.languages.get(language), language, domains)
        if not self.enabled or record is None or record.key != key or not self._intact(record.outputs):
            return None
        return record

    def remember_language(self, language: str, outputs: list[Path], record: LanguageRecord) -> None:
        """Keep ``record`` of ``language``, whose ``outputs`` are every one written already."""
        self._store_all(outputs)
        self.languages[language] = asdict(replace(record, outputs=sorted(self._name(o) for o in outputs)))

    def forget_language(self, language: str) -> None:
        self.languages.pop(language, None)

    def finish(self, key: str, outputs: list[Path], summary: dict[str, object]) -> None:
        """Remember a build where nothing failed; every output gets an entry."""
        self._store_all(outputs)
        self.complete = {"key": key, "outputs": sorted(self._name(o) for o in outputs), **summary}

    def passed(self, name: str, key: str) -> bool:
        """True when the check ``name`` passed last time on inputs with this key."""
        return self.enabled and self.entries.get(f"check:{name}", {}).get("key") == key

    def remember_pass(self, name: str, key: str) -> None:
        self.entries[f"check:{name}"] = {"key": key, "sha256": ""}

    def save(self) -> None:
        data = {"format": _FORMAT, "entries": self.entries, "complete": self.complete, "languages": self.languages}
        text = json.dumps(data, indent=1, sort_keys=True) + "\n"
        try:
            write_atomic(self.path, text)
        except BookletError:
            pass  # a cache that cannot be written only costs time next run


def input_files(project) -> list[Path]:
    """Every file a build reads: configuration, sources, catalogues, templates, fonts."""
    BUILTIN_TEMPLATES = Path(__file__).resolve().parent / "templates"  # as render.jinja, without importing Jinja2

    files = [project.config_file]
    for folder in (project.source_dir, project.locales_dir, project.templates_dir, BUILTIN_TEMPLATES):
        if folder.is_dir():
            files.extend(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return sorted(set(files))


def input_keys(project, options: BuildOptions) -> tuple[str, dict[str, str]]:
    """Keys of a build's inputs, from one reading of every input file: one for
    the whole build (if it and every output are unchanged, there is nothing to
    do) and one per language, of everything but the other languages' catalogues
    (``locales/<language>/``), so that a language whose own key did not change
    can be left as it is while another is rebuilt."""
    import os

    languages = project.all_languages
    shared: list[str | bytes] = [tool_versions(), json.dumps({**asdict(options), "languages": None}, sort_keys=True, default=str)]
    shared.append(os.environ.get("SOURCE_DATE_EPOCH", ""))
    parts: dict[str, list[str | bytes]] = {language: [] for language in languages}
    for file in input_files(project):
        inside = file.relative_to(project.locales_dir).parts if file.is_relative_to(project.locales_dir) else ()
        # Every language's templates catalogue is shared: it names its
        # language, and every page's language switcher shows that name.
        own = len(inside) > 1 and inside[0] in parts and file.name != f"{TEMPLATES_DOMAIN}.po"
        into = parts[inside[0]] if own else shared
        into.append(str(file))
        into.append(file.read_bytes())
    shared.extend(_font_digests(project))
    if makes_press_files(project.pdf_variant, "booklet" in options.formats):  # its profile is embedded in them
        shared.extend(file_digest(file) for file in press_files(project.press_condition))
    common = digest(*shared)
    keys = {
        language: digest(common, language, str(language in options.languages), *parts[language])  # type: ignore[operator]
        for language in languages
    }
    return digest(common, *(f"{language}={key}" for language, key in keys.items())), keys


def _font_files(project) -> list[Path]:
    from .render.fonts import font_faces  # the fontpkg packages only: no font library is imported

    return sorted({face.file for face in font_faces(project.fonts)})


def _font_digests(project) -> list[str]:
    """The digests of the fonts' files, remembered by path, size and mtime as
    git's index remembers a file: Debian's Noto CJK and emoji are 70 MB,
    which took a no-op build 0.1 s to read at every run. A file changed in
    place with the same size and mtime goes unseen, as it does for git."""
    path = project.root / FONT_DIGESTS
    try:
        known = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    seen: dict[str, list] = {}
    for file in _font_files(project):
        stat = file.stat()
        entry = known.get(str(file)) if isinstance(known, dict) else None
        if not (isinstance(entry, list) and entry[:2] == [stat.st_size, stat.st_mtime_ns] and len(entry) == 3):
            entry = [stat.st_size, stat.st_mtime_ns, file_digest(file)]
        seen[str(file)] = entry
    if seen != known:
        try:
            write_atomic(path, json.dumps(seen, indent=1, sort_keys=True) + "\n")
        except BookletError:
            pass  # not remembered: read again next run
    return [entry[2] for entry in seen.values()]


CACHE_DIR = ".booklet-cache"
CACHE_FILE = ".booklet-cache/build.json"
FONT_DIGESTS = ".booklet-cache/font-digests.json"
#: What the renderer derives from installed packages, named by what it is made
#: from and kept by ``--clean`` builds: static instances of the variable fonts
#: (render.fonts.print_faces), the web edition's font subsets
#: (render.fonts.web_faces) and parsed hyphenation patterns (render.hyphenation).
FONT_CACHE = ".booklet-cache/fonts"
WEBFONT_CACHE = ".booklet-cache/webfonts"
HYPHENATION_CACHE = ".booklet-cache/hyphenation"


def open_cache(project, *, clean: bool = False) -> BuildCache:
    return BuildCache(project.root / CACHE_FILE, project.root, enabled=not clean)


def quick_check(
    project, options: BuildOptions, *, clean: bool = False
) -> tuple[str, dict[str, str], dict[str, object] | None]:
    """(key of this build's inputs, each language's key, the summary of an
    identical last build or None).

    Cheap enough to run before anything heavy is imported, so a build with
    nothing to do costs only the reading and hashing of its inputs."""
    key, languages = input_keys(project, options)
    return key, languages, open_cache(project, clean=clean).up_to_date(key)


@dataclass(frozen=True)
class BuildOptions:
    """The languages and formats a build makes, and what else decides its outputs."""

    languages: tuple[str, ...]
    formats: tuple[str, ...]
    preview: bool
    force: bool


def build_options(
    project, languages: list[str] | None, formats: list[str] | None, *, preview: bool, force: bool
) -> BuildOptions:
    return BuildOptions(
        languages=tuple(l for l in project.all_languages if languages is None or l in languages),
        formats=tuple(f for f in project.formats if formats is None or f in formats),
        preview=preview,
        force=force,
    )