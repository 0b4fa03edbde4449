"""Translated document -> PDF booklet through WeasyPrint, with a sandboxed URL fetcher."""
from __future__ import annotations

import atexit
import contextlib
import datetime as _dt
import hashlib
import os
import re
import logging
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence
from urllib.parse import unquote, urlparse

from ..errors import RenderError
from ..fsutil import digest as key_of, source_date
from .inks import add_output_intent, in_inks, sheet_in_inks
from .press import PRESS_VARIANT, makes_press_files
from .profiles import DEFAULT_CONDITION
from .structure import PassageLanguages, cells_hold_their_content, drop_objects
from .layout import settle, settle_with_twin
from .textlayer import exact_lines

if TYPE_CHECKING:
    from .fonts import FontFace

__all__ = [
    "PAGE_DIMENSIONS",
    "PRESS_VARIANT",
    "makes_press_files",
    "PdfJob",
    "font_files",
    "import_weasyprint",
    "prepare_font_configuration",
    "render_job",
    "sandboxed_fetcher",
    "upright_faces",
    "write_pdf",
]

#: Trim sizes (width, height) in mm.
PAGE_DIMENSIONS = {"A4": (210, 297), "A5": (148, 210), "A6": (105, 148), "letter": (215.9, 279.4)}


def import_weasyprint() -> None:
    """Import WeasyPrint, finding its C libraries without running a compiler.

    Why by hand: WeasyPrint opens GObject, Pango, HarfBuzz and Fontconfig
    through cffi under several names each, for Windows and macOS first
    (``libgobject-2.0-0``, ``gobject-2.0-0``, ``gobject-2.0``, then the Linux
    soname ``libgobject-2.0.so.0``...). cffi hands every name that is not a
    file to ``ctypes.util.find_library``, which on Linux runs ``ldconfig -p``
    and then, for a name ldconfig does not list, ``gcc`` and ``ld``: a third
    of the import's time, in every ``booklet build`` that renders (upstream
    keeps it: Kozea/WeasyPrint#2073). While WeasyPrint is imported, the
    lookup is ldconfig's alone. A
    library ldconfig does not list is then still found, by the soname
    WeasyPrint tries last, which the dynamic loader opens (LD_LIBRARY_PATH
    included) as it would have opened find_library's answer.
    """
    import sys

    if "weasyprint" in sys.modules:
        return
    import ctypes.util

    ldconfig = getattr(ctypes.util, "_findSoname_ldconfig", None)  # glibc Linux only
    original = ctypes.util.find_library
    if ldconfig is not None and sys.platform.startswith("linux"):
        ctypes.util.find_library = ldconfig
    try:
        import weasyprint  # noqa: F401
    finally:
        ctypes.util.find_library = original


def sandboxed_fetcher(allowed: list[Path], refused: list[str] | None = None):
    """A WeasyPrint URL fetcher that serves ``data:`` URLs and files below ``allowed`` only.

    Whatever a source or a translation asks for (http, file:///etc/passwd,
    ../../secret), nothing else is read; refusals are recorded in ``refused``.
    """
    import_weasyprint()
    from weasyprint.urls import URLFetcher

    roots = [root.resolve() for root in allowed]

    class SandboxedFetcher(URLFetcher):
        def fetch(self, url: str, headers: dict | None = None):
            parsed = urlparse(url)
            if parsed.scheme == "data":
                return super().fetch(url, headers)
            if parsed.scheme == "file" and parsed.netloc in ("", "localhost"):
                path = Path(unquote(parsed.path)).resolve()
                if any(path == root or root in path.parents for root in roots) and path.is_file():
                    return super().fetch(path.as_uri(), headers)
            if refused is not None:
                refused.append(url)
            raise ValueError(f"booklet refuses to fetch {url!r}: only project files and data: URLs are allowed")

    return SandboxedFetcher(allowed_protocols={"file", "data"}, allow_redirects=False)


_FONT_FACE_RULE = re.compile(r"@font-face\s*\{[^}]*\}")
_FILE_URL = re.compile(r"""file://[^'")\s]+""")
#: @font-face rules and files -> (the process that made it, WeasyPrint
#: FontConfiguration, the stylesheets parsed with it by text and base URL).
_font_configurations: dict[str, tuple[int, object, dict[tuple[str, str], object]]] = {}


def _font_face_rules(html: str) -> str:
    return "\n".join(_FONT_FACE_RULE.findall(html))


def font_files(html: str) -> list[Path]:
    """The font files the ``@font-face`` rules of ``html`` name: a booklet's
    only fonts (``_isolated_fontconfig``), whatever the project configured."""
    return sorted({Path(unquote(urlparse(url).path)) for url in _FILE_URL.findall(_font_face_rules(html))})


def upright_faces(faces: Iterable[FontFace], order: Sequence[str]) -> tuple[Path, ...]:
    """The files of the upright regular ``faces`` (a booklet's, its only
    fonts), the families of ``order`` (its text's stack) first, in that
    order: what the imposed sheet's slug line may be set in."""
    ranked = []
    for number, face in enumerate(faces):
        low, _, high = face.weight.partition(" ")  # a variable face's range, or one weight
        if face.style == "normal" and int(low) <= 400 <= int(high or low):
            ranked.append((order.index(face.family) if face.family in order else len(order), number, face.file))
    return tuple(dict.fromkeys(file for _, _, file in sorted(ranked)))


def _font_configuration(html: str) -> tuple[int, object, dict[tuple[str, str], object]]:
    """The FontConfiguration for the ``@font-face`` rules of ``html`` (with
    its maker and the stylesheets parsed with it, see ``_shared_stylesheet``).

    Without one, WeasyPrint makes a new Fontconfig configuration for every
    document and loads every face into it again (twelve files, 4 MB): sharing
    it between the booklets a process renders took the six shipped booklets
    from 1.5 s to 1.1 s here, with byte-identical PDFs. It is shared only
    between documents with the very same ``@font-face`` rules and font files
    (a file changed under a long-running ``booklet serve`` is loaded afresh),
    so a face one booklet declares can never be picked for another. Forked
    workers use the one the build process made before forking them
    (``prepare_font_configuration``).
    """
    import_weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    rules = _font_face_rules(html)
    files = []
    for url in sorted(set(_FILE_URL.findall(rules))):
        try:
            stat = Path(unquote(urlparse(url).path)).stat()
            files.append(f"{url} {stat.st_size} {stat.st_mtime_ns}")
        except OSError:
            files.append(url)
    key = hashlib.sha256("\n".join([rules, *files]).encode("utf-8")).hexdigest()
    if key not in _font_configurations:
        # HTML that declares no face (not a booklet's: a test's, a bare
        # document) gets the shipped packages' folders, never the machine's:
        # with no font at all, Pango crashes the process.
        from .fonts import font_dirs

        with _isolated_fontconfig(() if rules else font_dirs()):
            _font_configurations[key] = (os.getpid(), FontConfiguration(), {})
    return _font_configurations[key]


#: booklet's Fontconfig configuration: no font folder but ``{dirs}``, no
#: ``conf.d``, no cache; only the rules that change how text is set, as
#: Debian's ``conf.d`` gives them (10-hinting-slight, 10-yes-antialias,
#: 10-scale-bitmap-fonts, 90-synthetic), written here so that every machine
#: sets text alike. Why: without the hinting style, Fontconfig's default
#: (hintfull) makes Pango round advances otherwise, and lines break elsewhere
#: ("Zwei-ter"); without the bitmap scaling, Noto Color Emoji's 109-pixel
#: bitmaps are laid out at that size: a 🦀 five lines high.
_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>{dirs}
  <match target="pattern"><edit name="hintstyle" mode="append"><const>hintslight</const></edit></match>
  <match target="pattern"><edit name="antialias" mode="append"><bool>true</bool></edit></match>
  <match target="font">
    <test name="slant"><const>roman</const></test>
    <test target="pattern" name="slant" compare="not_eq"><const>roman</const></test>
    <edit name="matrix" mode="assign"><times><name>matrix</name>
      <matrix><double>1</double><double>0.2</double><double>0</double><double>1</double></matrix></times></edit>
    <edit name="slant" mode="assign"><const>oblique</const></edit>
    <edit name="embeddedbitmap" mode="assign"><bool>false</bool></edit>
  </match>
  <match target="font">
    <test name="weight" compare="less_eq"><const>medium</const></test>
    <test target="pattern" name="weight" compare="more_eq"><const>bold</const></test>
    <edit name="embolden" mode="assign"><bool>true</bool></edit>
    <edit name="weight" mode="assign"><const>bold</const></edit>
  </match>
  <match target="font">
    <test name="outline" compare="eq"><bool>false</bool></test>
    <edit name="pixelsizefixupfactor" mode="assign">
      <divide><name target="pattern">pixelsize</name><name target="font">pixelsize</name></divide></edit>
  </match>
  <match target="font">
    <test name="outline" compare="eq"><bool>false</bool></test>
    <test name="pixelsizefixupfactor" compare="not_eq"><double>1.0</double></test>
    <edit name="matrix" mode="assign"><times><name>matrix</name>
      <matrix><name>pixelsizefixupfactor</name><double>0</double><double>0</double><name>pixelsizefixupfactor</name></matrix></times></edit>
    <edit name="size" mode="assign"><divide><name>size</name><name>pixelsizefixupfactor</name></divide></edit>
  </match>
</fontconfig>
"""


@contextlib.contextmanager
def _isolated_fontconfig(folders: tuple[Path, ...] = ()):
    """While WeasyPrint makes a FontConfiguration (here or in a render
    worker), Fontconfig reads a configuration of booklet's, not the machine's.

    Why by hand: WeasyPrint 70's FontConfiguration starts from
    ``FcInitLoadConfigAndFonts()``, every font of the machine, and adds the
    ``@font-face`` ones to it; for a character the stack's faces lack (α in
    code, the ◦ of a nested list), Pango then falls back to whatever the
    machine has, and DejaVu ended up embedded in booklets. Fontconfig reads
    ``FONTCONFIG_FILE`` each time it loads a configuration, so pointing it
    at one of ours for this call alone leaves the machine out of this
    configuration (``local()`` sources find nothing either) without changing
    any other Fontconfig user of the process. What the configured faces
    cannot draw is the glyph check's (render.coverage), before rendering.
    The configuration (``_FONTCONFIG``) has no font folder but ``folders``:
    the fonts of the ``@font-face`` rules are then the only ones.
    """
    import tempfile
    from xml.sax.saxutils import escape

    text = _FONTCONFIG.format(dirs="".join(f"\n  <dir>{escape(str(folder))}</dir>" for folder in folders))

    previous = os.environ.get("FONTCONFIG_FILE")
    with tempfile.NamedTemporaryFile(prefix="booklet-fonts-", suffix=".conf") as config:
        config.write(text.encode("utf-8"))
        config.flush()
        os.environ["FONTCONFIG_FILE"] = config.name
        try:
            yield
        finally:
            if previous is None:
                del os.environ["FONTCONFIG_FILE"]
            else:
                os.environ["FONTCONFIG_FILE"] = previous


def prepare_font_configuration(job: "PdfJob") -> None:
    """Load the faces of ``job`` into their font configuration now, in the
    build process, so that the workers it forks next inherit them loaded."""
    import_weasyprint()

    _load_faces(_font_face_rules(job.html), _font_configuration(job.html)[1], list(job.allowed))


def _load_faces(rules: str, font_config: object, allowed: list[Path], refused: list[str] | None = None) -> None:
    """Load the ``@font-face`` ``rules`` into ``font_config``, reading only ``allowed`` files (what else is named goes to ``refused``)."""
    from weasyprint import CSS

    CSS(string=rules, font_config=font_config, url_fetcher=sandboxed_fetcher(allowed, refused))


def _check_faces(html: str, font_config: object, allowed: list[Path]) -> None:
    """Raise ValueError, naming what was refused, when none of the
    ``@font-face`` rules of ``html`` gives a face ``font_config`` could
    load: a project template's faces all outside the allowed folders, say.

    Why before rendering: a configuration with faces declared has no font
    folder (``_isolated_fontconfig``), so with none of them loaded it has no
    font at all, and Pango then crashes the process (a segfault, no error
    to catch) at the first line it sets. A configuration that has fonts is
    not parsed again: the build loaded its faces before forking
    (``prepare_font_configuration``)."""
    rules = _font_face_rules(html)
    if not rules or _font_count(font_config):
        return
    refused: list[str] = []
    _load_faces(rules, font_config, allowed, refused)
    if _font_count(font_config):
        return
    if refused:
        why = f"refused {', '.join(dict.fromkeys(refused))}: only the project's files and its configured fonts are read"
    else:
        why = f"none of {', '.join(map(str, font_files(html))) or 'its sources'} is a font"
    raise ValueError(f"no @font-face of the booklet gives a font ({why})")


def _font_count(font_config: object) -> int:
    """How many faces Fontconfig holds for WeasyPrint's ``font_config``."""
    from weasyprint.text.ffi import ffi, fontconfig

    count = 0
    for which in (fontconfig.FcSetSystem, fontconfig.FcSetApplication):
        fonts = fontconfig.FcConfigGetFonts(font_config._config, which)
        count += fonts.nfont if fonts != ffi.NULL else 0
    return count


@atexit.register
def _forget_font_configurations() -> None:
    """At exit, drop the font configurations this process made: WeasyPrint
    then deletes its temporary copies of the fonts. (A forked worker never
    gets here: the build gives its workers a temporary folder of their own
    for the configurations they make, removed after.)"""
    mine = [key for key, (owner, _, _) in _font_configurations.items() if owner == os.getpid()]
    for key in mine:
        del _font_configurations[key]
    if mine:
        import gc

        gc.collect()  # the last rendered document's layout may still point to them, in cycles


_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
_LINKED_STYLE = re.compile(r"<link[^>]+stylesheet", re.I)


def _shared_stylesheet(
    html: str, base_url: Path, font_config: tuple, fetcher, *, inks: bool = False
) -> tuple[str, list]:
    """``html`` without its stylesheet, and the stylesheet parsed once per
    process (with ``inks``, its colours in the printer's: render.inks).

    WeasyPrint parses a document's ``<style>`` for every document (12 ms for
    the booklet's); the built-in one is the same for every language, so it is
    parsed once and handed over as a user stylesheet. Without author rules
    left (no ``style`` attributes, no presentational hints), user rules
    cascade as the author's did. A template with other stylesheets, or more
    than one, is left as it is."""
    import_weasyprint()
    from weasyprint import CSS

    found = _STYLE.findall(html)
    if len(found) != 1 or _LINKED_STYLE.search(html) or " style=" in html:
        return html, []
    _, config, parsed = font_config  # a stylesheet is parsed with, and kept by, its font configuration
    text = sheet_in_inks(found[0]) if inks else found[0]
    key = (text, str(base_url))
    if key not in parsed:
        parsed[key] = CSS(string=text, base_url=base_url.as_uri() + "/", font_config=config, url_fetcher=fetcher)
    return _STYLE.sub("", html, count=1), [parsed[key]]


@contextlib.contextmanager
def _styles_in_inks(tree: object):
    """While it lasts, the ``<style>`` elements of ``tree`` (a template's
    own, which ``_shared_stylesheet`` left in the document) say their
    colours in the printer's inks."""
    styles = [element for element in tree.iter() if str(element.tag).rpartition("}")[2] == "style" and element.text]
    texts = [element.text for element in styles]
    for element in styles:
        element.text = sheet_in_inks(element.text)
    try:
        yield
    finally:
        for element, text in zip(styles, texts):
            element.text = text


def write_pdf(
    html: str,
    *,
    base_url: Path,
    allowed: list[Path],
    identifier: str,
    shown: str,
    variant: str | None = "pdf/ua-1",
    rtl: bool = False,
    findings: list[str] | None = None,
    press: list[bytes | Exception] | None = None,
    condition: str = DEFAULT_CONDITION,
    slug: tuple[str, str, Sequence[Path]] = ("", "", ()),
    press_date: str = "",
) -> bytes:
    """Render booklet HTML to PDF bytes, reproducibly: the PDF /ID is derived
    from the input, and no date is taken from the clock. The layout is read
    back and settled (render.layout); what is left of its faults is added
    to ``findings``.

    Given ``press``, the booklet's press twin is added to it: the same pages
    in the printer's inks (render.inks), PRESS_VARIANT with its output
    intent, for the imposed sheets. It is the settled layout laid out once
    more with the stylesheet in inks: the same lines, chosen once
    (layout.settle_with_twin). A booklet in PRESS_VARIANT is its own twin.
    A twin that cannot be made (no press profile, say) is its exception in
    ``press``: that costs the imposed sheets, not the reader's booklet.
    A press file's output intent names ``condition`` (render.profiles).

    A press booklet's pages carry crop marks (``_draw_crop_marks``), as a
    booklet's with ``crop-marks`` do, and its blank pages a slug line
    saying so, beyond the bleed: ``slug`` is the document's name and
    language it names (the PDF's title and language when empty) and the
    faces it may be set in (``upright_faces``).

    A press file (the press booklet, the twin) is dated by the HTML's
    ``dcterms.created``, else ``press_date`` (ISO 8601), else
    SOURCE_DATE_EPOCH, else 1970: PDF/X needs a date. The others carry the
    HTML's date or none; ``press_date`` changes nothing in them.

    Each file's /ID (and a press file's XMP document ID) is a digest of
    what makes its bytes (``_identifier``): two files that differ never
    share one, and the same inputs give the same."""
    import_weasyprint()

    refused: list[str] = []
    # fontTools stamps each font subset's 'head' table with the current time
    # unless SOURCE_DATE_EPOCH is set: pin it while rendering, or two builds
    # of the same input would differ in every embedded font.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch or "0"
    # WeasyPrint's warnings (a refused URL, an unknown CSS property) stay off
    # the terminal: sources and translations are checked before rendering,
    # so what remains is noise for the reader of the progress.
    handler = logging.NullHandler()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    previous = logger.propagate
    logger.propagate = False
    try:
        fetcher = sandboxed_fetcher(allowed, refused)
        shared = _font_configuration(html)
        _check_faces(html, shared[1], allowed)
        # Folders differ between checkouts (fonts live in the virtualenv): leave
        # them out of the /ID so the same inputs give the same bytes anywhere.
        portable = re.sub(r"file://[^'\")\s]*/", "", html)
        digest = hashlib.sha256((identifier + portable).encode("utf-8")).hexdigest()[:32].encode()
        render, render_in_inks = _renderers(html, base_url, shared, fetcher, digest, variant)
        twin: object = None  # the press twin's layout
        twin_error: Exception | None = None  # what failed to make it
        if press is not None and variant != PRESS_VARIANT:
            rendered, twin, left = settle_with_twin(render, render_in_inks)
            if twin is None:  # what the press stylesheet changes moved a line: its sheets are settled on their own
                try:
                    twin, twin_left = settle(_renderers(in_inks(html), base_url, shared, fetcher, digest, PRESS_VARIANT)[0])
                    left.append("the imposed sheets were laid out on their own, and their pages may not hold the booklet's "
                                "lines: the press stylesheet (render.inks) changes more than colours")
                    left.extend(f"imposed sheets: {finding}" for finding in twin_left)
                except Exception as exc:  # it costs the sheets, not the reader's booklet
                    twin_error = exc
        else:
            rendered, left = settle(render)
        data = _written(rendered, digest, variant, rtl, condition, slug=slug, findings=left, press_date=press_date)
        if findings is not None:
            findings.extend(left)
        if press is not None and twin_error is not None:
            press.append(twin_error)
        elif press is not None and twin is None:
            press.append(data)
        elif press is not None:
            try:
                press.append(_written(twin, digest, PRESS_VARIANT, rtl, condition, press_date=press_date, twin=True))
            except Exception as exc:  # the press profile missing, say: the reader's booklet is made all the same
                press.append(exc)
    except Exception as exc:  # WeasyPrint raises many kinds; say which file failed
        raise RenderError(f"PDF rendering failed: {exc}", path=shown) from exc
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous
        if epoch is None:
            del os.environ["SOURCE_DATE_EPOCH"]
    return data


def _renderers(
    html: str, base_url: Path, font_config: tuple, fetcher: object, digest: bytes, variant: str | None
) -> tuple[Callable[[dict[str, str]], object], Callable[[dict[str, str]], object]]:
    """Two ways to lay out ``html``, parsed once, in a word spacing of its
    text (as layout.settle tries it): in ``variant``, and in the printer's
    inks in PRESS_VARIANT (for the press twin)."""
    from weasyprint import HTML

    body, stylesheets = _shared_stylesheet(html, base_url, font_config, fetcher)
    document = HTML(string=body, base_url=base_url.as_uri() + "/", url_fetcher=fetcher)
    main = next((e for e in document.etree_element.iter() if str(e.tag).endswith("main")), None)

    def render(style: dict[str, str], *, sheets: list = stylesheets, pdf_variant: str | None = variant) -> object:
        # on the parsed tree: the HTML string keeps no style attribute
        if main is not None:
            main.attrib.pop("style", None)
            if style:
                main.set("style", "; ".join(f"{name}: {value}" for name, value in style.items()))
        return document.render(font_config=font_config[1], stylesheets=sheets, **_options(pdf_variant, digest))

    in_inks_sheets: list[list] = []  # the shared stylesheet in inks, parsed at the first twin

    def render_in_inks(style: dict[str, str]) -> object:
        if not in_inks_sheets:
            in_inks_sheets.append(_shared_stylesheet(html, base_url, font_config, fetcher, inks=True)[1])
        # and any <style> the document kept (a template's own, one with a media query)
        with _styles_in_inks(document.etree_element):
            return render(style, sheets=in_inks_sheets[0], pdf_variant=PRESS_VARIANT)

    return render, render_in_inks


def _options(variant: str | None, digest: bytes) -> dict[str, object]:
    return {"pdf_variant": variant, "pdf_identifier": digest, "uncompressed_pdf": False}


def _written(
    rendered: object, digest: bytes, variant: str | None, rtl: bool, condition: str,
    *, slug: tuple[str, str, Sequence[Path]] = ("", "", ()), findings: list[str] | None = None, press_date: str = "",
    twin: bool = False,
) -> bytes:
    """A rendered booklet's PDF bytes, finished (``_finish``). A press
    ``twin``'s pages get no marks and keep their boxes: its sheets clip
    every page to its bleed. A booklet's get marks when asked (its
    ``slug`` naming its blank pages), and a booklet without marks, a
    reader's, is cropped to its trim (``_show_trim``). What the marks had
    to go without is added to ``findings``."""
    # No attachments, whatever the HTML says: a <link rel=attachment> would
    # embed a project file (a secret) in a published PDF, and so would an
    # <a rel=attachment> (a page's /FileAttachment annotation), which a
    # source may not write (media.check_raw_html) but a template could.
    rendered.metadata.attachments = []
    for page in rendered.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]
    languages = PassageLanguages()
    asked = _take_crop_marks(rendered)  # taken off the page style in every case
    dropped: list[object] = []  # structure elements that gave way to what they hold
    # A press booklet is for a printer: its pages carry their marks, and its blank pages say so.
    marks = not twin and (asked or variant == PRESS_VARIANT)
    finish = partial(
        _finish, languages=languages, rtl=rtl, marks=marks, variant=variant or "", condition=condition,
        slug=slug, trimmed=not twin and not marks, dropped=dropped,
        findings=findings if findings is not None else [],
    )
    created = _press_date(rendered, press_date) if variant == PRESS_VARIANT else ""
    identifier = _identifier(digest, variant, rtl, slug, twin, created, condition if variant == PRESS_VARIANT else "")
    with exact_lines(), languages.noting(), cells_hold_their_content(dropped), _pinned_stamps(rendered, identifier, created):
        data = rendered.write_pdf(finisher=finish, **_options(variant, identifier))
    if data is None:
        raise ValueError("PDF rendering produced nothing")
    return bytes(data)


def _press_date(document: object, press_date: str) -> str:
    """The date a press file carries: the document's own (its
    ``dcterms.created``), else ``press_date``, else the SOURCE_DATE_EPOCH
    pinned while rendering."""
    moment = source_date() or _dt.datetime.fromtimestamp(0, _dt.timezone.utc)
    return document.metadata.created or press_date or moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _identifier(
    digest: bytes, variant: str | None, rtl: bool, slug: tuple[str, str, Sequence[Path]], twin: bool, created: str, condition: str
) -> bytes:
    """A file's /ID: the input's ``digest`` (its HTML) with every other
    argument of ``_written`` that changes its bytes. Outside the HTML, a
    press file's date and printing condition: a twin dated by its inputs
    (``press_date``) is the same HTML a day later. Only what the build's key
    (render.pool.job_key) holds, or what follows from it, goes in: a reader's
    booklet kept from the cache has the /ID a clean build gives it. The slug's
    faces by name, as the HTML's are (their folders differ between checkouts)."""
    name, language, faces = slug
    parts = (variant or "", str(rtl), name, language, *(face.name for face in faces), str(twin), created, condition)
    return key_of(digest, *parts)[:32].encode()


@contextlib.contextmanager
def _pinned_stamps(document: object, identifier: bytes, created: str):
    """No clock and no chance in the file. Why by hand: WeasyPrint 70 stamps a
    PDF/X with the current time when the document has no dates, and its XMP
    with a random ``xmpMM:DocumentID`` (``uuid4``; "TODO: these values could be
    useful instead of using random values", weasyprint/pdf/metadata.py). A
    press file's dates become ``created`` (``_press_date``); the others keep
    none they were not given, as only PDF/X asks for dates. The XMP's ID is
    the file's /ID."""
    import uuid

    from weasyprint.pdf import metadata as weasyprint_metadata

    if not created:
        yield
        return
    document.metadata.created = created
    document.metadata.modified = document.metadata.modified or created
    random = weasyprint_metadata.uuid4
    weasyprint_metadata.uuid4 = lambda: uuid.UUID(hex=identifier.decode())
    try:
        yield
    finally:
        weasyprint_metadata.uuid4 = random


def _take_crop_marks(document: object) -> bool:
    """Whether a page's style asks for crop marks (``marks: crop``, which
    ``crop-marks = true`` sets), taking off the marks WeasyPrint would draw:
    it draws them inside the bleed, where a cut a little off the trim shows
    them (``_draw_crop_marks`` draws them beyond it)."""
    asked = False
    for page in document.pages:
        style = page._page_box.style
        asked = asked or "crop" in style["marks"]
        style["marks"] = ()
    return asked


def _draw_crop_marks(pdf, *, rgb: bool, notes: dict[int, str], faces: Sequence[Path], findings: list[str]) -> None:
    """Crop marks beyond each page's bleed, as the press sheet has them: the
    media box grows by the room they need (``impose.mark_margin``) around the
    bleed WeasyPrint painted, the trim and bleed boxes stay; between the marks
    below a page, the slug line of ``notes`` (page index -> its text) in the
    first of ``faces`` that has its characters. The marks are a page artifact
    (production aids such as cut marks, ISO 32000-1 14.8.2.2), in registration
    colour; its alternate is RGB in a PDF/A, whose sRGB output intent admits no
    CMYK. A slug line no face can set (``slug_font`` raises) is left out and
    said in ``findings``: it costs the print shop a note, not the booklet."""
    import pydyf

    from .impose import crop_marks, mark_margin, slug, slug_font
    from .structure import resolve

    tint = pydyf.Dictionary({
        "FunctionType": 2, "Domain": pydyf.Array([0, 1]), "N": 1,
        "C0": pydyf.Array([1, 1, 1] if rgb else [0, 0, 0, 0]), "C1": pydyf.Array([0, 0, 0] if rgb else [1, 1, 1, 1]),
    })
    pdf.add_object(tint)
    registration = pydyf.Array(["/Separation", "/All", "/DeviceRGB" if rgb else "/DeviceCMYK", tint.reference])
    font = None
    if notes:
        try:
            font = slug_font(list(notes.values()), faces)
        except ValueError as error:
            pages = ", ".join(str(index + 1) for index in notes)
            findings.append(f"no slug line below the crop marks of blank page{'s' * (len(notes) > 1)} {pages}: {error}")
            notes = {}
    font_reference = _add_slug_font(pdf, font) if font else None
    for index, number in enumerate(pdf.pages["Kids"][::3]):  # pydyf lists a page as its number, 0, 'R'
        page = pdf.objects[number]
        trim, media = _box(page["TrimBox"]), _box(page["MediaBox"])
        bleed = max(trim[0] - media[0], trim[1] - media[1], media[2] - trim[2], media[3] - trim[3], 0)
        margin = mark_margin(bleed)
        page["MediaBox"] = pydyf.Array([trim[0] - margin, trim[1] - margin, trim[2] + margin, trim[3] + margin])
        resources = resolve(pdf, page["Resources"])
        resolve(pdf, resources["ColorSpace"])["Registration"] = registration
        drawing = [b"/Artifact <</Type /Page>> BDC", crop_marks(trim, bleed)]
        if index in notes:
            if not isinstance(resolve(pdf, resources.get("Font")), pydyf.Dictionary):
                resources["Font"] = pydyf.Dictionary()
            resolve(pdf, resources["Font"])[_SLUG_FONT] = font_reference
            drawing.append(slug(trim, bleed, notes[index], font, _SLUG_FONT))
        # Drawn first, in the default coordinates: WeasyPrint's content leaves its own transformation in place.
        content = pydyf.Stream([*drawing, b"EMC"], compress=True)
        pdf.add_object(content)
        page["Contents"] = pydyf.Array([content.reference, page["Contents"]])


#: The slug font's resource name in a booklet's pages (WeasyPrint names its fonts otherwise).
_SLUG_FONT = "BookletSlug"


def _add_slug_font(pdf, font: object) -> bytes:
    """The slug ``font`` (impose.slug_font) added to ``pdf``, embedded: its reference."""
    import pydyf

    from .impose import slug_font_objects

    def pydyf_value(value: object) -> object:
        if isinstance(value, dict):
            return pydyf.Dictionary({key: pydyf_value(item) for key, item in value.items()})
        return pydyf.Array(value) if isinstance(value, list) else value

    data, descriptor, font_dictionary = slug_font_objects(font)
    file = pydyf.Stream([data], {"Length1": len(data)}, compress=True)
    pdf.add_object(file)
    descriptor = pydyf_value({**descriptor, "FontFile2": file.reference})
    pdf.add_object(descriptor)
    font_dictionary = pydyf_value({**font_dictionary, "FontDescriptor": descriptor.reference})
    pdf.add_object(font_dictionary)
    return font_dictionary.reference


def _show_trim(pdf) -> None:
    """Each page of ``pdf`` (a pydyf.PDF) shown and printed at its trim: its
    /CropBox, which viewers display and print (ISO 32000-1 14.11.2), is its
    /TrimBox. A reader's booklet is read on screen or printed at home, where
    a bleed is a white or black border past the page's edge (the cover's
    black 3 mm wider than A5); the bleed stays in the file, inside the
    /MediaBox and /BleedBox, for whoever prints it to be cut. A page
    without bleed is left as it is (its trim is its media box)."""
    for number in pdf.pages["Kids"][::3]:  # pydyf lists a page as its number, 0, 'R'
        page = pdf.objects[number]
        if "TrimBox" in page and _box(page["TrimBox"]) != _box(page["MediaBox"]):
            page["CropBox"] = page["TrimBox"]


def _blank_pages(pdf) -> list[int]:
    """The indexes of the pages of ``pdf`` (a pydyf.PDF, as WeasyPrint wrote
    it) that put no ink on paper: the press sheet's definition (impose.shows_ink)."""
    import pydyf

    from .impose import shows_ink
    from .structure import resolve

    def content(stream: object) -> bytes:
        return b"\n".join(
            item if isinstance(item, bytes) else item.data if isinstance(item, pydyf.Object) else str(item).encode()
            for item in stream.stream
        ) if isinstance(stream, pydyf.Stream) else b""

    def drawn_by(resources: object):
        objects = resolve(pdf, (resolve(pdf, resources) or {}).get("XObject")) or {}

        def drawn(name: str):
            found = resolve(pdf, objects.get(name))
            if not isinstance(found, pydyf.Stream):
                return None
            if found.extra.get("Subtype") != "/Form":
                return True
            return content(found), drawn_by(found.extra.get("Resources", resources))

        return drawn

    pages = [pdf.objects[number] for number in pdf.pages["Kids"][::3]]
    return [
        index for index, page in enumerate(pages)
        if not shows_ink(content(resolve(pdf, page["Contents"])), drawn_by(page.get("Resources")))
    ]


def _box(box: list) -> tuple[float, float, float, float]:
    """A PDF rectangle as left, bottom, right, top."""
    x0, y0, x1, y1 = (float(value) for value in box)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _finish(
    document: object, pdf, *, languages: PassageLanguages, rtl: bool, marks: bool, variant: str, condition: str,
    slug: tuple[str, str, Sequence[Path]], trimmed: bool = False, findings: list[str], dropped: list[object],
) -> None:
    """A WeasyPrint finisher: the language of passages in the structure tree;
    a PDF/X's output intent (WeasyPrint writes one only for a profile the
    stylesheet declares); crop marks beyond the bleed when the pages ask for
    them, and a slug line below each blank page (``slug``: the document's
    name and language, the faces to set it in); a ``trimmed`` booklet's
    pages shown at their trim (``_show_trim``); for a right-to-left booklet,
    tell viewers that pages run right to left, so that they show its spreads
    the right way round; every font subset named by what it holds
    (``_tag_subsets``). What it had to leave out goes to ``findings``; the
    ``dropped`` structure elements go (structure.drop_objects), first, so
    that what it adds is numbered after the rest."""
    import pydyf

    drop_objects(pdf, dropped)
    _tag_subsets(pdf)
    languages.tag(pdf)
    if variant == PRESS_VARIANT:
        add_output_intent(pdf, condition=condition)
    if marks:
        from .impose import slug_names, slug_text

        name, language, faces = slug
        lang = pdf.catalog["Lang"].string if isinstance(pdf.catalog.get("Lang"), pydyf.String) else ""
        name, language = slug_names(name, language, document.metadata.title or "", lang)
        notes = {index: slug_text(name, language, [index + 1], rtl=rtl) for index in _blank_pages(pdf)}
        _draw_crop_marks(pdf, rgb=variant.startswith("pdf/a"), notes=notes, faces=faces, findings=findings)
    if trimmed:
        _show_trim(pdf)
    if not rtl:
        return
    preferences = pdf.catalog.get("ViewerPreferences") or pydyf.Dictionary()
    preferences["Direction"] = "/R2L"
    pdf.catalog["ViewerPreferences"] = preferences


def _tag_subsets(pdf) -> None:
    """Each embedded font subset of ``pdf`` (a pydyf.PDF, as WeasyPrint wrote
    it) tagged by what it holds: its name and font program (impose.subset_tag),
    in the font's /BaseFont, its descendant's and its descriptor's /FontName.
    WeasyPrint 70 tags a subset by the face's Pango description alone, so the
    Noto Serif of every language's booklet had one name for different glyphs,
    and a RIP that gang-runs the files may take them for one font and lose
    the glyphs only one of them has. The font resources' names (``/ABCDEF``
    in the pages' Tf, which render.textlayer draws with) stay as they are."""
    import pydyf

    from .impose import subset_tag
    from .structure import resolve

    for font in pdf.objects:
        if not isinstance(font, pydyf.Dictionary) or font.get("Subtype") != "/Type0":
            continue
        tagged = re.fullmatch(rb"/[A-Z]{6}\+(.+)", _name(font.get("BaseFont")))
        descendants = [resolve(pdf, reference) for reference in font.get("DescendantFonts", [])]
        descriptors = [resolve(pdf, descendant.get("FontDescriptor")) for descendant in descendants]
        programs = [
            resolve(pdf, descriptor[key]) for descriptor in descriptors
            for key in ("FontFile", "FontFile2", "FontFile3") if key in descriptor
        ]
        if tagged is None or not programs:
            continue
        data = b"".join(part for program in programs for part in program.stream)
        name = b"/" + subset_tag(tagged[1] + b"\0" + data).encode() + b"+" + tagged[1]
        font["BaseFont"] = name
        for descendant, descriptor in zip(descendants, descriptors):
            descendant["BaseFont"] = descriptor["FontName"] = name


def _name(value: object) -> bytes:
    """A PDF name as pydyf holds it (bytes or str)."""
    return value if isinstance(value, bytes) else str(value or "").encode()


@dataclass(frozen=True)
class PdfJob:
    """Everything a worker process needs to render one booklet (picklable)."""

    html: str
    base_url: Path
    allowed: tuple[Path, ...]
    identifier: str
    shown: str
    variant: str
    rtl: bool
    imposed: bool  # also make the saddle-stitch imposed twin
    imposed_shown: str
    patterns: Path | None = None  # where parsed hyphenation patterns are kept (render.hyphenation)
    name: str = ""  # the document's name and the language, for the imposed sheet's slug line
    language: str = ""
    slug_faces: tuple[Path, ...] = ()  # what the slug line may be set in (upright_faces)
    condition: str = DEFAULT_CONDITION  # the printing condition of its press files (render.profiles)
    press_date: str = ""  # its press files' date (ISO 8601) where the HTML has none (write_pdf)


def render_job(job: PdfJob) -> tuple[bytes, bytes | RenderError | None, list[str]]:
    """(booklet, imposed booklet or None, what its layout could not settle);
    runs in a worker of the build's pool. The imposed booklet is made of the
    booklet's press twin (``write_pdf``'s ``press``): the file for the printer is a
    press file whatever the booklet's variant. Imposed sheets that could not
    be made are their error, beside the booklet that could."""
    from . import hyphenation
    from .impose import impose

    if job.patterns is not None:
        hyphenation.preload(hyphenation.languages_of(job.html), job.patterns, hyphenation.exceptions_of(job.html))
    findings: list[str] = []
    press: list[bytes | Exception] | None = [] if job.imposed else None
    data = write_pdf(
        job.html,
        base_url=job.base_url,
        allowed=list(job.allowed),
        identifier=job.identifier,
        shown=job.shown,
        variant=job.variant,
        condition=job.condition,
        rtl=job.rtl,
        findings=findings,
        press=press,
        slug=(job.name, job.language, job.slug_faces),
        press_date=job.press_date,
    )
    if not press:
        return data, None, findings
    if isinstance(press[0], Exception):
        return data, RenderError(f"not made, the sheets being a press file ({PRESS_VARIANT}): {press[0]}", path=job.imposed_shown), findings
    try:
        imposed = impose(
            press[0], rtl=job.rtl, name=job.name, language=job.language, back_cover=True, slug_faces=job.slug_faces
        )
    except ValueError as exc:
        return data, RenderError(f"imposition failed: {exc}", path=job.imposed_shown), findings
    return data, imposed, findings
