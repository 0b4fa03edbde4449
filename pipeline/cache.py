"""The build cache: an output whose inputs did not change is not rendered again."""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .errors import BookletError
from .fsutil import write_atomic

__all__ = ["BuildCache", "digest", "file_digest", "tool_versions"]

_FORMAT = 1


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


@lru_cache(maxsize=None)
def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@lru_cache(maxsize=None)
def tool_versions() -> str:
    """Versions of everything that shapes a PDF, read without importing it."""
    from . import __version__

    parts = [f"booklet={__version__}"]
    for name in ("weasyprint", "pypdf", "pydyf", "fonttools", "pyphen", "uharfbuzz", "brotli"):
        try:
            parts.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            parts.append(f"{name}=?")
    return ";".join(parts)


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
        if enabled and path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("format") == _FORMAT and isinstance(data.get("entries"), dict):
                    self.entries = data["entries"]
                    self.complete = data.get("complete") or {}
            except (OSError, ValueError):
                self.entries = {}

    def _name(self, output: Path) -> str:
        return output.relative_to(self.root).as_posix()

    def fresh(self, outputs: list[Path], key: str) -> bool:
        """True when every output exists, unchanged since it was made from ``key``."""
        if not self.enabled or not outputs:
            return False
        for output in outputs:
            entry = self.entries.get(self._name(output))
            if entry is None or entry.get("key") != key or not output.is_file():
                return False
            if hashlib.sha256(output.read_bytes()).hexdigest() != entry.get("sha256"):
                return False
        return True

    def store(self, output: Path, key: str, data: bytes) -> None:
        self.entries[self._name(output)] = {"key": key, "sha256": hashlib.sha256(data).hexdigest()}

    def up_to_date(self, key: str) -> dict[str, object] | None:
        """The last complete build's summary, if it had this key and its outputs are intact."""
        if not self.enabled or self.complete.get("key") != key:
            return None
        outputs = [self.root / name for name in self.complete.get("outputs", [])]  # type: ignore[union-attr]
        for output in outputs:
            entry = self.entries.get(self._name(output))
            if entry is None or not output.is_file():
                return None
            if hashlib.sha256(output.read_bytes()).hexdigest() != entry.get("sha256"):
                return None
        return self.complete

    def finish(self, key: str, outputs: list[Path], summary: dict[str, object]) -> None:
        """Remember a build where nothing failed; every output gets an entry."""
        for output in outputs:
            key_of = self.entries.get(self._name(output), {}).get("key", "")
            self.store(output, key_of, output.read_bytes())
        self.complete = {"key": key, "outputs": sorted(self._name(o) for o in outputs), **summary}

    def passed(self, name: str, key: str) -> bool:
        """True when the check ``name`` passed last time on inputs with this key."""
        return self.enabled and self.entries.get(f"check:{name}", {}).get("key") == key

    def remember_pass(self, name: str, key: str) -> None:
        self.entries[f"check:{name}"] = {"key": key, "sha256": ""}

    def save(self) -> None:
        data = {"format": _FORMAT, "entries": self.entries, "complete": self.complete}
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


def inputs_key(project, options: dict[str, object]) -> str:
    """One key for a whole build: if it and every output are unchanged, there is nothing to do."""
    import os

    parts: list[str | bytes] = [tool_versions(), json.dumps(options, sort_keys=True, default=str)]
    parts.append(os.environ.get("SOURCE_DATE_EPOCH", ""))
    for file in input_files(project):
        parts.append(str(file))
        parts.append(file.read_bytes())
    for font in _font_files():
        parts.append(file_digest(font))
    return digest(*parts)


def _font_files() -> list[Path]:
    from .render.fonts import font_faces  # the fontpkg packages only: no font library is imported

    return sorted(face.file for face in font_faces())


CACHE_DIR = ".booklet-cache"
CACHE_FILE = ".booklet-cache/build.json"
#: What the renderer derives from installed packages, named by what it is made
#: from and kept by ``--clean`` builds: static instances of the variable fonts
#: (render.fonts.print_faces), the web edition's font subsets
#: (render.fonts.web_faces) and parsed hyphenation patterns (render.hyphenation).
FONT_CACHE = ".booklet-cache/fonts"
WEBFONT_CACHE = ".booklet-cache/webfonts"
HYPHENATION_CACHE = ".booklet-cache/hyphenation"


def open_cache(project, *, clean: bool = False) -> BuildCache:
    return BuildCache(project.root / CACHE_FILE, project.root, enabled=not clean)


def quick_check(project, options: dict[str, object], *, clean: bool = False) -> tuple[str, dict[str, object] | None]:
    """(key of this build's inputs, the summary of an identical last build or None).

    Cheap enough to run before anything heavy is imported, so a build with
    nothing to do costs only the reading and hashing of its inputs."""
    key = inputs_key(project, options)
    return key, open_cache(project, clean=clean).up_to_date(key)


def build_options(
    project, languages: list[str] | None, formats: list[str] | None, *, preview: bool, force: bool
) -> dict:
    """The languages and formats a build makes, and what else decides its outputs."""
    return {
        "languages": [l for l in project.all_languages if languages is None or l in languages],
        "formats": [f for f in project.formats if formats is None or f in formats],
        "preview": preview,
        "force": force,
    }
