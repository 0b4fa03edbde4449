"""The booklet's typefaces: the stacks of [tool.booklet.fonts], from fontpkg packages or the project's font files, and the characters they cover."""
from __future__ import annotations

import importlib
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import RenderError

__all__ = [
    "DEFAULT_FONTS",
    "FontFace",
    "FontSettings",
    "MONO_FACE",
    "PRINT_WEIGHTS",
    "font_faces",
    "font_stack",
    "font_dirs",
    "mono_stack",
    "missing_glyphs",
    "font_face_css",
    "package_of",
    "print_faces",
    "web_faces",
]


@dataclass(frozen=True)
class FontFace:
    family: str
    file: Path
    style: str  # normal | italic
    weight: str  # CSS weight or range ("100 900" for a variable font)

    @property
    def web_name(self) -> str:
        """The file name on the web site: no brackets or commas in URLs."""
        stem = re.sub(r"[^A-Za-z0-9]+", "-", self.file.stem).strip("-")
        return f"{stem}{self.file.suffix}"


#: ``[tool.booklet.fonts]`` as config.py validated it: (key, entries), where
#: a key is "text" (Latin, Cyrillic, Greek and every language without a
#: stack of its own), "mono" (code), "fallback" (tried after every stack:
#: symbols, emoji), a script (ISO 15924, "Arab", "Jpan") or a language
#: ("ja", "fa"); an entry is a family name, of an installed fontpkg package,
#: or the absolute path of a font file of the project (templates/fonts/).
FontSettings = tuple[tuple[str, tuple[str, ...]], ...]

#: What a project gets without a [tool.booklet.fonts] key: fontpkg packages
#: (OFL, installed by pyproject.toml), so every machine renders with the same
#: files, never with what happens to be installed. Noto Serif: Latin (ə, all
#: Turkish letters), Cyrillic, Greek; Amiri: Arabic naskh with matching
#: Latin; IBM Plex Mono: code, Latin (ə too) and Cyrillic.
DEFAULT_FONTS: FontSettings = (("text", ("Noto Serif",)), ("Arab", ("Amiri",)), ("mono", ("IBM Plex Mono",)))
MONO_FACE = "IBM Plex Mono"
#: Of a family shipped in many static weights, the ones the stylesheets use.
_STATIC_STYLES = {"Regular": ("normal", "400"), "Italic": ("italic", "400"), "Bold": ("normal", "700"),
                  "BoldItalic": ("italic", "700")}
_FONT_SUFFIXES = (".ttf", ".otf")


def _stacks(settings: FontSettings) -> dict[str, tuple[str, ...]]:
    """Every stack in effect: the defaults, each replaced by the project's own."""
    return {**dict(DEFAULT_FONTS), **dict(settings)}


def package_of(family: str) -> str:
    """The fontpkg module that ships ``family`` ("Noto Sans JP" -> fontpkg_noto_sans_jp)."""
    return "fontpkg_" + re.sub(r"[^a-z0-9]+", "_", family.lower()).strip("_")


@lru_cache(maxsize=None)
def font_faces(settings: FontSettings = ()) -> tuple[FontFace, ...]:
    """Every face of every family the stacks name, each family once."""
    faces: list[FontFace] = []
    seen: set[str] = set()
    for key, entries in _stacks(settings).items():
        for entry in entries:
            if entry in seen:
                continue
            seen.add(entry)
            faces.extend(_file_faces(Path(entry)) if _is_file(entry) else _package_faces(entry, key))
    return tuple(faces)


def _is_file(entry: str) -> bool:
    return entry.lower().endswith(_FONT_SUFFIXES) and Path(entry).is_absolute()


def _package_faces(family: str, key: str) -> list[FontFace]:
    module_name = package_of(family)
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        raise RenderError(
            f"font package {module_name!r} for {family!r} ([tool.booklet.fonts] {key}) is not installed",
            hint=f"pip install {module_name.replace('_', '-')}, or name another family in [tool.booklet.fonts] {key}",
        ) from None
    faces = []
    root = Path(module.ROOT) / "files"
    for file in sorted(p for p in root.iterdir() if p.suffix.lower() in _FONT_SUFFIXES):
        name = file.name
        if "[" in name:  # a variable font: one file for every weight
            faces.append(FontFace(family, file, "italic" if "Italic" in name else "normal", "100 900"))
        elif file.stem.rsplit("-", 1)[-1] in _STATIC_STYLES:  # Light, SemiBold...: not used
            style, weight = _STATIC_STYLES[file.stem.rsplit("-", 1)[-1]]
            faces.append(FontFace(family, file, style, weight))
    return faces


@lru_cache(maxsize=None)
def _file_faces(file: Path) -> list[FontFace]:
    """A project's font file as one face: its family, style and weight as
    the file itself says (the name table, OS/2, a variable font's axis)."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        font = TTFont(file, lazy=True, fontNumber=0)
        names = font["name"]
        family = str(names.getDebugName(16) or names.getDebugName(1) or file.stem)
        italic = bool(font["OS/2"].fsSelection & 1) if "OS/2" in font else "Italic" in file.stem
        weight = str(font["OS/2"].usWeightClass) if "OS/2" in font else "400"
        if "fvar" in font:
            axis = next((a for a in font["fvar"].axes if a.axisTag == "wght"), None)
            if axis is not None:
                weight = f"{int(axis.minValue)} {int(axis.maxValue)}"
    except (OSError, TTLibError, KeyError) as exc:
        raise RenderError(f"not a font file fontTools can read: {exc}", path=file) from None
    return [FontFace(family, file, "italic" if italic else "normal", weight)]


def font_dirs(settings: FontSettings = ()) -> tuple[Path, ...]:
    return tuple(sorted({face.file.parent for face in font_faces(settings)}))


def _families(entries: tuple[str, ...]) -> list[str]:
    """The CSS family names of a stack's entries (a file's is the one it says)."""
    return [_file_faces(Path(e))[0].family if _is_file(e) else e for e in entries]


def font_stack(script: str | None, settings: FontSettings = (), *, language: str | None = None) -> list[str]:
    """Text families in priority order for ``language``, written in
    ``script`` (ISO 15924): the language's own stack, else its script's,
    else the text stack; then every other text family, so that a word of
    another script finds its face (an Arabic name in a Russian page); then
    the fallback (symbols, emoji)."""
    stacks = _stacks(settings)
    base = (language or "").replace("-", "_").split("_")[0]
    own = stacks.get(language or "") or stacks.get(base) or stacks.get(script or "") or stacks["text"]
    families = _families(own)
    for key, entries in stacks.items():
        if key not in ("mono", "fallback"):
            families += [family for family in _families(entries) if family not in families]
    return families + [family for family in _families(stacks.get("fallback", ())) if family not in families]


def mono_stack(settings: FontSettings = ()) -> list[str]:
    """Code's families: the mono stack, then the fallback."""
    stacks = _stacks(settings)
    return _families(stacks["mono"]) + [f for f in _families(stacks.get("fallback", ())) if f not in _families(stacks["mono"])]


#: The weights the booklet's stylesheet uses (regular, and bold for headings,
#: ``strong`` and ``th``). A variable face is pinned at each of them for print.
PRINT_WEIGHTS = ("400", "700")


def print_faces(folder: Path, settings: FontSettings = ()) -> tuple[FontFace, ...]:
    """The faces for the PDF booklets: static faces as they are, and each
    variable face as static instances at ``PRINT_WEIGHTS``, written into ``folder``.

    Why by hand: given a variable font, WeasyPrint makes a static instance of
    it with fontTools' instancer inside every ``write_pdf``, for each weight
    and style the booklet uses: a third of the time a booklet takes to render
    (1.1 s of 3.1 s for the six shipped booklets). HarfBuzz's subsetter makes
    the same static instance of the whole font, every glyph and layout
    feature kept, in about 20 ms; the file is named by what it is made from
    (the font's bytes, the weight, HarfBuzz's version), so it is made once per
    project and reused, ``--clean`` builds too: it cannot be stale.
    """
    import uharfbuzz

    from ..fsutil import digest, file_digest, write_atomic

    faces: list[FontFace] = []
    for face in font_faces(settings):
        if " " not in face.weight:
            faces.append(face)
            continue
        source = None
        hb_face = None
        for weight in PRINT_WEIGHTS:
            key = digest(file_digest(face.file), weight, uharfbuzz.__version__)[:16]
            target = folder / f"{face.web_name.rsplit('.', 1)[0]}-{weight}-{key}.ttf"
            if not target.is_file():
                source = source or face.file.read_bytes()
                hb_face = hb_face or uharfbuzz.Face(uharfbuzz.Blob(source))
                options = uharfbuzz.SubsetInput()
                options.keep_everything()  # every glyph, table and layout feature
                options.pin_all_axes_to_default(hb_face)
                options.pin_axis_location(hb_face, "wght", int(weight))
                instance = uharfbuzz.subset(hb_face, options)
                if instance is None:
                    raise RenderError(f"cannot make a static instance of {face.family} at weight {weight}", path=face.file)
                write_atomic(target, instance.blob.data, error=RenderError)
            faces.append(FontFace(face.family, target, face.style, weight))
    return tuple(faces)


def web_faces(
    print_folder: Path, folder: Path, text: str, *, compress: bool = True, settings: FontSettings = ()
) -> tuple[FontFace, ...]:
    """The faces for the web edition: each print face (static, see
    ``print_faces``) cut down to the characters of ``text`` (and printable
    ASCII) and compressed as WOFF2, written into ``folder``.

    Why: the shipped files are what a browser would otherwise download, 4.3 MB
    for the two variable Noto Serif files alone, for pages of 10 KB of text;
    the subsets of the six shipped editions are 10-20 KB each. A file is named
    by what it is made from, so it is made again only when the site's
    characters that face has change (a new Arabic letter re-makes the Arabic
    faces only), and the name changes with it (safe to cache forever).
    WOFF2's Brotli takes about 0.2 s a face; without ``compress`` (the live
    preview, where every new character would wait for it) the subsets are
    plain TrueType files.
    """
    import io

    import uharfbuzz
    from fontTools.ttLib import TTFont

    from ..fsutil import digest, file_digest, keep_only, write_atomic
    from ..versions import tool_versions

    wanted = sorted({ord(char) for char in text} | set(range(0x20, 0x7F)))
    faces: list[FontFace] = []
    missing: list[tuple[list[int], Path, FontFace]] = []
    suffix = ".woff2" if compress else ".ttf"
    for face in print_faces(print_folder, settings):
        covered = _unicodes(face.file)
        own = [code for code in wanted if code in covered]  # what the subset will hold
        key = digest(file_digest(face.file), ",".join(map(str, own)), tool_versions())[:12]
        target = folder / f"{re.sub('[^A-Za-z0-9]+', '', face.family)}-{face.style}-{face.weight}-{key}{suffix}"
        if not target.is_file():
            missing.append((own, target, face))
        faces.append(FontFace(face.family, target, face.style, face.weight))

    def make(own: list[int], target: Path, face: FontFace) -> None:
        options = uharfbuzz.SubsetInput()
        options.unicode_set.update(own)
        subset = uharfbuzz.subset(uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(face.file))), options)
        if subset is None:
            raise RenderError(f"cannot cut {face.family} down for the web edition", path=face.file)
        data = subset.blob.data
        if compress:
            data = _woff2(data)
        write_atomic(target, data, error=RenderError)

    if missing:  # Brotli lets go of the GIL: threads compress side by side
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=min(len(missing), os.cpu_count() or 1)) as pool:
            for done in [pool.submit(make, *job) for job in missing]:
                done.result()
    # Subsets for characters the site no longer has: a new set is made at
    # each change of the site's characters, so the old ones would pile up.
    keep_only(folder, {face.file.name for face in faces}, "*" + suffix, error=RenderError)
    return tuple(faces)


class _Brotli:
    """The ``brotli`` module as fontTools' WOFF2 writer sees it, at quality
    10. Why: fontTools asks for Brotli's default, 11, and has no option for
    it; on the site's subsets 11 took 2.1 s for the twelve faces, 10 takes
    1.2 s, for files 0.8 % bigger (311 KB against 314 KB), on every first
    build of a project and whenever the site's characters change."""

    def __init__(self, module) -> None:
        self._module = module

    def __getattr__(self, name: str):
        return getattr(self._module, name)

    def compress(self, data: bytes, **options) -> bytes:
        return self._module.compress(data, **{**options, "quality": 10})


def _woff2(data: bytes) -> bytes:
    """A font (TrueType bytes) as WOFF2."""
    import io

    from fontTools.ttLib import TTFont, woff2

    if not isinstance(woff2.brotli, _Brotli):
        woff2.brotli = _Brotli(woff2.brotli)
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def font_face_css(url_of, faces: tuple[FontFace, ...] | None = None) -> str:  # url_of: FontFace -> URL string
    rules = []
    for face in font_faces() if faces is None else faces:
        rules.append(
            "@font-face {"
            f" font-family: '{face.family}'; src: url('{url_of(face)}');"
            f" font-style: {face.style}; font-weight: {face.weight}; font-display: swap; }}"
        )
    return "\n".join(rules)


@lru_cache(maxsize=None)
def _unicodes(file: Path) -> frozenset[int]:
    """The code points a font file maps (HarfBuzz reads a cmap in well under
    a millisecond; fontTools took 60 ms for the shipped faces)."""
    import uharfbuzz

    return frozenset(uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(file))).unicodes)


@lru_cache(maxsize=None)
def _coverage(settings: FontSettings) -> frozenset[int]:
    """Every code point some upright face maps. Any of them, not only the
    language's stack: Pango falls back from a stack to every other
    configured face, and only to those (render.pdf isolates Fontconfig)."""
    return frozenset().union(*(_unicodes(face.file) for face in font_faces(settings) if face.style == "normal"))


def missing_glyphs(text: str, settings: FontSettings = ()) -> list[str]:
    """Characters of ``text`` that no configured font can draw (controls and spaces aside)."""
    covered = _coverage(settings)
    missing = []
    for char in dict.fromkeys(text):
        if ord(char) in covered or char.isspace():
            continue
        if unicodedata.category(char) in ("Cc", "Cf"):  # bidi marks, ZWJ...: not drawn
            continue
        missing.append(char)
    return missing
