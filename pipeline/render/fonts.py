"""The booklet's typefaces: the stacks of [tool.booklet.fonts], from fontpkg packages or the project's font files, and the characters they cover."""
from __future__ import annotations

import importlib
import importlib.util
import os
import re
import struct
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from ..errors import RenderError
from ..tags import base

__all__ = [
    "DEFAULT_FONTS",
    "FontFace",
    "FontSettings",
    "MONO_FACE",
    "PRINT_WEIGHTS",
    "TEXT_WIDTH",
    "WIDTHS",
    "width_family",
    "font_faces",
    "font_stack",
    "font_dirs",
    "mono_stack",
    "missing_glyphs",
    "needed_families",
    "font_face_css",
    "installed",
    "missing_packages",
    "package_of",
    "system_package",
    "print_faces",
    "web_faces",
]


@dataclass(frozen=True)
class FontFace:
    family: str
    file: Path
    style: str  # normal | italic
    weight: str  # CSS weight or range ("100 900" for a variable font)
    index: int = 0  # the face's number in its file (a .ttc collection holds several)

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

#: What a project gets without a [tool.booklet.fonts] key. From fontpkg
#: packages (OFL, locked with the rest by requirements.txt): Noto Serif
#: (Latin, ə and every Turkish letter, Cyrillic, Greek), Amiri (Arabic naskh
#: with matching Latin), IBM Plex Mono (code, Latin, Cyrillic). PyPI has no
#: fontpkg wheel of a CJK, emoji or symbol face (December 2026), so the others
#: are the Noto faces of Debian's packages, which the Makefile installs
#: (``system_package``): serif Hebrew, Devanagari and Thai (fonts-noto-core);
#: one Noto Serif CJK face for Japanese, Chinese and Korean (fonts-noto-cjk):
#: every face of the collection has every glyph, and the page's language
#: picks its region's forms (OpenType ``locl``: 直 is drawn differently for
#: ``zh-Hans``), so one face is loaded, not four of 24 MB each; after every
#: stack, symbols, mathematics and Noto Color Emoji (fonts-noto-color-emoji,
#: colour bitmaps that WeasyPrint draws as images over an embedded font of
#: empty glyphs, so the text still reads 🦀).
DEFAULT_FONTS: FontSettings = (
    ("text", ("Noto Serif",)),
    ("Arab", ("Amiri",)),
    ("mono", ("IBM Plex Mono",)),
    ("Hebr", ("Noto Serif Hebrew",)),
    ("Deva", ("Noto Serif Devanagari",)),
    ("Thai", ("Noto Serif Thai",)),
    ("Jpan", ("Noto Serif CJK JP",)),
    ("Hans", ("Noto Serif CJK JP",)),
    ("Hant", ("Noto Serif CJK JP",)),
    ("Kore", ("Noto Serif CJK JP",)),
    ("fallback", ("Noto Sans Symbols 2", "Noto Sans Symbols", "Noto Sans Math", "Noto Color Emoji")),
)
MONO_FACE = "IBM Plex Mono"
#: Of a family shipped in many static weights, the ones the stylesheets use.
_STATIC_STYLES = {"Regular": ("normal", "400"), "Italic": ("italic", "400"), "Bold": ("normal", "700"),
                  "BoldItalic": ("italic", "700")}
_FONT_SUFFIXES = (".ttf", ".otf")
#: Where Debian's Noto packages put their files. A family is found there by
#: its name only ("Noto Serif Hebrew": NotoSerifHebrew-Regular.ttf, -Bold...;
#: "Noto Serif CJK JP": the face of that name in NotoSerifCJK-Regular.ttc),
#: never by asking Fontconfig, so no other font of the machine is ever read.
_SYSTEM_FOLDERS = (Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/opentype/noto"))
_CJK_FAMILY = re.compile(r"(Noto (?:Sans|Serif)(?: Mono)?) CJK (?:JP|KR|SC|TC|HK)")


def _stacks(settings: FontSettings) -> dict[str, tuple[str, ...]]:
    """Every stack in effect: the defaults, each replaced by the project's
    own. A default face from a Debian package that is not installed is left
    out (a project that needs it fails the glyph check, which names the
    package); one the project names is an error instead (config.py).

    The project's stacks come first: a face it chose for a script ("ja")
    is then tried before a default face that has the same characters (Noto
    Serif CJK), in the stacks of the other languages too.
    """
    defaults = {key: tuple(e for e in entries if installed(e)) for key, entries in DEFAULT_FONTS}
    return {**dict(settings), **{key: entries for key, entries in defaults.items() if entries and key not in dict(settings)}}


def installed(family: str) -> bool:
    """Whether a family's files are here: its fontpkg package, or its Debian package (``system_package``)."""
    return importlib.util.find_spec(package_of(family)) is not None or bool(_system_faces(family))


def system_package(family: str) -> str | None:
    """The Debian package that ships a Noto family booklet may read from
    /usr/share/fonts (None for any other family)."""
    if _CJK_FAMILY.fullmatch(family):
        return "fonts-noto-cjk"
    if family == "Noto Color Emoji":
        return "fonts-noto-color-emoji"
    # (Google's web families "Noto Sans JP", "Noto Serif SC" are in no Debian package)
    return "fonts-noto-core" if family.startswith("Noto ") and not re.search(r" (JP|KR|SC|TC|HK)$", family) else None


def missing_packages() -> list[str]:
    """The Debian packages of default faces that are not installed (what
    ``make booklets`` installs)."""
    return sorted({system_package(e) or "" for _, entries in DEFAULT_FONTS for e in entries if not installed(e)} - {""})


@lru_cache(maxsize=None)
def _system_faces(family: str) -> tuple[FontFace, ...]:
    """The faces of a Noto family from Debian's packages, found by name in
    their folders (``_SYSTEM_FOLDERS``); none if it is not installed."""
    if system_package(family) is None:
        return ()
    cjk = _CJK_FAMILY.fullmatch(family)
    stem = (cjk.group(1) + " CJK" if cjk else family).replace(" ", "")
    styles = {f"{stem}-{name}": style for name, style in _STATIC_STYLES.items()} | {stem: ("normal", "400")}
    faces = []
    for folder in _SYSTEM_FOLDERS:
        for name, (style, weight) in styles.items():
            for suffix in (".ttc",) if cjk else _FONT_SUFFIXES:
                file = folder / f"{name}{suffix}"
                if file.is_file():
                    index = _collection_index(file, family) if cjk else 0
                    if index is not None:
                        faces.append(FontFace(family, file, style, weight, index))
    return tuple(faces)


def _collection_index(file: Path, family: str) -> int | None:
    """The number of the face named ``family`` in a .ttc collection: the
    first whose family name (name ID 1) in US English is ``family``; none in
    a file that is not a collection or cannot be read.

    Read from the collection's name records with struct: every command, a
    no-op build too, lists the installed faces, and a font library costs it
    far more than these few reads (HarfBuzz's import 14 ms; fontTools parses
    each face's whole name table, 70 ms with its import for Noto CJK)."""
    try:
        with file.open("rb") as stream:
            tag, _, count = struct.unpack(">4sLL", stream.read(12))
            if tag != b"ttcf":
                return None
            for index, offset in enumerate(struct.unpack(f">{count}L", stream.read(4 * count))):
                if _family_name(stream, offset) == family:
                    return index
    except (OSError, struct.error, UnicodeDecodeError):
        pass
    return None


def _family_name(stream: BinaryIO, offset: int) -> str | None:
    """The US English family name in the ``name`` table of the face whose
    table directory starts at ``offset`` (OpenType: Windows platform, Unicode
    encodings, language 0x409; offsets count from the file's start)."""
    stream.seek(offset + 4)
    (tables,) = struct.unpack(">H", stream.read(2))
    stream.seek(offset + 12)
    directory = stream.read(16 * tables)
    starts = [start for tag, _, start, _ in struct.iter_unpack(">4sLLL", directory) if tag == b"name"]
    if not starts:
        return None
    stream.seek(starts[0])
    _, count, strings = struct.unpack(">HHH", stream.read(6))
    for platform, encoding, language, name, length, at in struct.iter_unpack(">6H", stream.read(12 * count)):
        if name == 1 and platform == 3 and encoding in (1, 10) and language == 0x409:
            stream.seek(starts[0] + strings + at)
            return stream.read(length).decode("utf-16-be")
    return None


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
        if system := _system_faces(family):
            return list(system)
        debian = system_package(family)
        raise RenderError(
            f"font package {module_name!r} for {family!r} ([tool.booklet.fonts] {key}) is not installed",
            hint=f"pip install {module_name.replace('_', '-')}"
            + (f" (or apt-get install {debian})" if debian else "")
            + f", or name another family in [tool.booklet.fonts] {key}",
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
    own = stacks.get(language or "") or stacks.get(base(language or "")) or stacks.get(script or "") or stacks["text"]
    families = _families(own)
    for key, entries in stacks.items():
        if key not in ("mono", "fallback"):
            families += [family for family in _families(entries) if family not in families]
    return families + [family for family in _families(stacks.get("fallback", ())) if family not in families]


def mono_stack(settings: FontSettings = ()) -> list[str]:
    """Code's families: the mono stack, then the text stacks (α in code is
    set in Noto Serif, not in a face of symbols), then the fallback."""
    mono = _families(_stacks(settings)["mono"])
    return mono + [family for family in font_stack(None, settings) if family not in mono]


#: The weights the booklet's stylesheet uses (regular, and bold for headings,
#: ``strong`` and ``th``). A variable face is pinned at each of them for print.
PRINT_WEIGHTS = ("400", "700")
#: The width (OpenType ``wdth``) a variable face that has a width axis is set
#: at in print, and the widths it is offered at besides, each as a family of
#: its own (``width_family``): a loose line of justified text has its words
#: set a little wider (render.linebreak), as pdfTeX's font expansion does,
#: but with the face's own wider design, not distorted glyphs. A unit of
#: Noto Serif's axis is 0.6 % of a line's width: against the text at 94, 92
#: is 1.2 % narrower, 96 1.2 %, 98 2.4 % and 100 3.6 % wider (the advances of
#: the booklets' text shaped in each instance, spaces included; 3.7 % from the
#: width tables without them), more than microtype's default expansion of 2 %,
#: so a line's wider words cost it by the units squared. The stems keep their
#: weight along the axis, so a wider line keeps the colour of its neighbours.
TEXT_WIDTH = 94
WIDTHS = (92, 96, 98, 100)


def width_family(family: str, width: int) -> str:
    """The family name of ``family``'s instance at ``width`` (``print_faces``)."""
    return f"{family} w{width}"


def print_faces(
    folder: Path, settings: FontSettings = (), families: Collection[str] | None = None, *, widths: bool = True
) -> tuple[FontFace, ...]:
    """The faces for the PDF booklets, one font a file: static faces as they
    are, each variable face as static instances at ``PRINT_WEIGHTS`` and each
    face of a .ttc collection as a font of its own, written into ``folder``.
    With ``widths``, a variable face that has a width axis is pinned at
    ``TEXT_WIDTH`` and offered at each of ``WIDTHS`` too, as the families
    ``width_family`` names (the web edition, ``web_faces``, has neither).

    Why by hand: given a variable font, WeasyPrint makes a static instance of
    it with fontTools' instancer inside every ``write_pdf``, for each weight
    and style the booklet uses: a third of the time a booklet takes to render
    (1.1 s of 3.1 s for the six shipped booklets). HarfBuzz's subsetter makes
    the same static instance of the whole font, every glyph and layout
    feature kept, in about 20 ms; the file is named by what it is made from
    (the font's bytes, the weight, HarfBuzz's version), so it is made once per
    project and reused, ``--clean`` builds too: it cannot be stale. Given a
    collection, WeasyPrint would add every face of it under the family of
    the ``@font-face`` rule (Noto Serif CJK JP, KR, SC, TC and HK alike), so
    the face it names is taken out (about 1 s for Noto Serif CJK, once).
    Given ``families`` (``needed_families``), only theirs: a booklet without
    CJK never reads the 24 MB CJK faces, nor loads them into Fontconfig.
    """
    faces: list[FontFace] = []
    wider: list[FontFace] = []  # after every face of the stacks: the slug line's order (pdf.upright_faces)
    for face in font_faces(settings):
        if families is not None and face.family not in families:
            continue
        if face.file.suffix.lower() == ".ttc":
            faces.append(_derived(folder, face, f"face{face.index}", None))
        elif " " in face.weight:
            axis = _width_axis(face.file) if widths else None
            text = None if axis is None else min(max(TEXT_WIDTH, axis[0]), axis[1])
            faces.extend(_derived(folder, face, weight, int(weight), text) for weight in PRINT_WEIGHTS)
            for width in WIDTHS if axis is not None else ():
                if axis[0] <= width <= axis[1] and width != text:
                    made = (_derived(folder, face, weight, int(weight), width) for weight in PRINT_WEIGHTS)
                    wider.extend(FontFace(width_family(face.family, width), f.file, f.style, f.weight) for f in made)
        else:
            faces.append(face)
    return tuple(faces + wider)


@lru_cache(maxsize=None)
def _width_axis(file: Path) -> tuple[float, float] | None:
    """A variable font's width axis (``wdth``): its least and greatest value; None if it has none."""
    import uharfbuzz

    face = uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(file)))
    return next(((a.min_value, a.max_value) for a in face.axis_infos if a.tag == "wdth"), None)


def _derived(folder: Path, face: FontFace, what: str, weight: int | None, width: float | None = None) -> FontFace:
    """``face`` as a font file of its own in ``folder``, at ``weight`` (and
    ``width``) if it is variable: every glyph, table and layout feature kept (HarfBuzz)."""
    import uharfbuzz

    from ..fsutil import digest, file_digest, write_atomic

    what += f"-wdth{width:g}" if width is not None else ""
    key = digest(file_digest(face.file), what, uharfbuzz.__version__)[:16]
    suffix = ".otf" if face.file.suffix.lower() == ".ttc" else ".ttf"  # Noto CJK's outlines are CFF
    target = folder / f"{face.web_name.rsplit('.', 1)[0]}-{what}-{key}{suffix}"
    if not target.is_file():
        hb_face = uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(face.file)), face.index)
        options = uharfbuzz.SubsetInput()
        options.keep_everything()  # every glyph, table and layout feature
        if weight is not None:
            options.pin_all_axes_to_default(hb_face)
            options.pin_axis_location(hb_face, "wght", weight)
            if width is not None:
                options.pin_axis_location(hb_face, "wdth", width)
        made = uharfbuzz.subset(hb_face, options)
        if made is None:
            raise RenderError(f"cannot make a font file of {face.family} ({what})", path=face.file)
        write_atomic(target, made.blob.data, error=RenderError)
    return FontFace(face.family, target, face.style, str(weight) if weight is not None else face.weight)


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
    needed = needed_families(text, settings)
    faces: list[FontFace] = []
    missing: list[tuple[list[int], Path, FontFace]] = []
    suffix = ".woff2" if compress else ".ttf"
    # only the needed families' print faces: a site without CJK never takes the
    # 24 MB CJK faces out of their collections (600 MB of memory for HarfBuzz)
    for face in print_faces(print_folder, settings, needed, widths=False):
        if _colour_bitmaps(face.file):
            # Colour emoji as PNG images (CBDT): Firefox draws none of
            # them; a reader's browser draws emoji with its own font
            # (the stacks' generic ``emoji``).
            continue
        covered = _unicodes(face.file)
        own = [code for code in wanted if code in covered]  # what the subset will hold
        key = digest(file_digest(face.file), ",".join(map(str, own)), tool_versions(code=False))[:12]
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


def needed_families(text: str, settings: FontSettings = ()) -> set[str]:
    """The families a booklet or the web edition can need for ``text``: the
    first of the stacks the stylesheets always use (text, mono, Arabic) and
    of every stack the project set, and each other family that maps a
    character of the text none before it maps (the CJK face for a Japanese
    edition; not for one in Russian, where it would only repeat Noto
    Serif's Latin). What any configured face maps, one of these maps."""
    stacks = _stacks(settings)
    needed = {_families(entries)[0] for key, entries in stacks.items() if key in ("text", "mono", "Arab") or key in dict(settings)}
    by_family: dict[str, frozenset[int]] = {}
    for face in font_faces(settings):
        if face.style == "normal":
            by_family[face.family] = by_family.get(face.family, frozenset()) | _unicodes(face.file, face.index)
    # what is drawn: a line break or a joiner that a face of symbols maps is no reason to serve it
    characters = {ord(char) for char in text if not char.isspace() and unicodedata.category(char) not in ("Cc", "Cf")}
    covered = frozenset().union(*(by_family.get(family, frozenset()) for family in needed))
    for family, mapped in by_family.items():
        if family not in needed and characters & mapped - covered:
            needed.add(family)
            covered |= mapped
    return needed


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
def _unicodes(file: Path, index: int = 0) -> frozenset[int]:
    """The code points a font file maps (HarfBuzz reads a cmap in well under
    a millisecond; fontTools took 60 ms for the shipped faces)."""
    import uharfbuzz

    return frozenset(uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(file)), index).unicodes)


@lru_cache(maxsize=None)
def _colour_bitmaps(file: Path) -> bool:
    import uharfbuzz

    return bool(uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(file))).has_color_png)


@lru_cache(maxsize=None)
def _coverage(settings: FontSettings) -> frozenset[int]:
    """Every code point some upright face maps. Any of them, not only the
    language's stack: Pango falls back from a stack to every other
    configured face, and only to those (render.pdf isolates Fontconfig)."""
    return frozenset().union(*(_unicodes(face.file, face.index) for face in font_faces(settings) if face.style == "normal"))


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
