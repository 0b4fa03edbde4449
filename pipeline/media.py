"""The images a document shows: found in the project, readable, within limits, before anything renders them."""
from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote
from xml.sax.saxutils import quoteattr

from markdown_it.token import Token

from .config import Project
from .errors import SourceError
from .fsutil import write_atomic
from .source import Document, RawReference, browser_url, context_after, is_relative, raw_html_references, raw_image_urls, token_line, url_scheme
from .svg import SvgError, clean_svg, read_svg

__all__ = ["MEDIA_CACHE", "MissingVariant", "check_image", "check_raw_html", "document_media", "localized_key", "missing_variants", "web_path"]

#: Where an SVG's cleaned copy is kept (svg.py), below the project: the PDF
#: reads it from there, the web edition copies it where the original would go.
MEDIA_CACHE = ".booklet-cache/media"


def document_media(project: Project, document: Document) -> dict[str, Path]:
    """Relative image sources of a document and their files, Markdown's and
    raw HTML's (``<img src>``, ``srcset``); a missing file or one outside the
    project is a SourceError at the image's line, a remote image a warning."""
    check_raw_html(project, document)
    found: dict[str, Path] = {}
    remote: set[str] = set()  # warned about once each
    root = project.root.resolve()
    folder = (project.root / document.path).parent  # a book's chapter may sit in a subfolder
    for src, line in _image_sources(document):
        if src in found or src in remote:
            continue
        if not is_relative(src):
            if not src.lower().startswith("data:"):  # a remote image: the PDF reads project files only
                _warn(document, line, _Verdict.REMOTE.message(RawReference(0, "image", src, "image")))
                remote.add(src)
            continue
        name = _file_name(src)
        if "\0" in name:
            raise SourceError(f"image {src!r}: a file name cannot hold a NUL character", path=document.path, line=line)
        file = _project_file(root, folder, name)
        if file is None:
            raise SourceError(_Verdict.OUTSIDE.message(RawReference(0, "image", src, "image")), path=document.path, line=line)
        if not file.is_file():
            raise SourceError(f"image {src!r} not found", path=document.path, line=line)
        found[src] = _published(project, document, file, f"image {src!r}", line)
        found.update(_localized(project, document, file, src, line))
    cover = document.meta.get("image")
    if cover:
        file = _project_file(root, folder, str(cover))
        if file is None or not file.is_file():
            raise SourceError(f"front matter: image {cover!r} not found in the project", path=document.path, line=1)
        found[str(cover)] = _published(project, document, file, f"front matter: image {cover!r}", 1)
        found.update(_localized(project, document, file, str(cover), 1))
    return found


def _pieces(document: Document) -> Iterator[tuple[Token, int | None]]:
    """Every block token of the document and every inline token of its
    blocks' text, in reading order, with its source line (an HTML block's
    first; the lines within it are token_line's)."""
    for token in document.tokens:
        yield token, token_line(token, 0)
        breaks = 0  # an inline's children hold no newline: each soft or hard break is one
        for child in token.children or []:
            yield child, token_line(token, breaks)
            if child.type in ("softbreak", "hardbreak"):
                breaks += 1


def _image_sources(document: Document) -> Iterator[tuple[str, int | None]]:
    """(source as written, line) of every image of the document's body, in
    reading order: Markdown's, and those its raw HTML names."""
    for token, line in _pieces(document):
        if token.type == "html_block":
            yield from ((url, token_line(token, before)) for before, url in raw_image_urls(token.content))
        elif token.type == "image":
            yield str(token.attrGet("src") or ""), line
        elif token.type == "html_inline":
            yield from ((url, line) for _, url in raw_image_urls(token.content))



def check_raw_html(project: Project, document: Document) -> None:
    """What a source's raw HTML, links and images make a reader's browser or the
    renderer fetch, follow or run, judged before anything is published: no
    script (an element, a handler, a javascript: URL, a page in a data: URL
    or a srcdoc), no redirect, no file outside the project however it is
    named; a file the web edition would not publish (a video, a style sheet)
    is an error, a remote one a warning, as a remote image is. A SourceError
    at the line of the first."""
    root = project.root.resolve()
    folder = (project.root / document.path).parent

    @functools.cache  # a book's links name a few files many times: each resolved once
    def inside(name: str) -> bool:
        return _project_file(root, folder, name) is not None

    for reference, line in _references(document):
        verdict = _verdict(reference, inside)
        if verdict is _Verdict.REMOTE:
            _warn(document, line, verdict.message(reference))
        elif verdict is not None:
            raise SourceError(verdict.message(reference), path=document.path, line=line)


#: How many pieces of a document (raw HTML, or elements Markdown writes) may
#: be read after an element left open whose reading cannot be shortened
#: (``_open_elements``): a comment, a <noscript>.
_OPEN_PIECES = 64
#: The most a shortened reading may hold (characters): each piece is parsed
#: after it, so it must stay short however long the document is.
_SHORT_CONTEXT = 1024


def _references(document: Document) -> Iterator[tuple[RawReference, int | None]]:
    """The references of the document's raw HTML, and its Markdown links'
    (followed) and images', with their lines. Where a piece of raw HTML leaves an <svg>
    or a <noscript> open, the pieces after it are read after it, as a
    browser reads them, until it is closed (by them, or by an element that
    Markdown writes: a paragraph ends an <svg>).

    Each piece is parsed after what it is read after, so that must not grow
    with the document: a <noscript> never closed made a document of 400
    paragraphs take 27 s, and an <svg> of 400 elements, a blank line between
    them, 70 s. What leaves elements open (an <svg>, a <math>) is read as
    those elements' start tags (``_open_elements``), however much came
    before; what cannot be shortened so (a comment, a <noscript>, or more
    than _SHORT_CONTEXT characters of elements inside one another) and
    stays open for more than _OPEN_PIECES pieces is an error at the line
    that opened it."""
    context, opened, carried = "", 0, 0

    def carry(html: str, line: int) -> None:
        nonlocal context, opened, carried
        was, context = context, context_after(context + html)
        opened, carried = (opened, carried + 1) if was and context else (line, 0)
        shorter = _open_elements(context) if context else None
        if shorter is not None and len(shorter) <= _SHORT_CONTEXT:
            context, carried = shorter, 0
        if carried > _OPEN_PIECES:
            raise SourceError(
                f"raw HTML: what opens here (an <svg>, <math> or <noscript>, or a comment) is still open "
                f"{_OPEN_PIECES} pieces of the text later: close it where it ends",
                path=document.path, line=opened,
            )

    def read(html: str, line: int) -> tuple[RawReference, ...]:
        found = raw_html_references(html, context)
        carry(html, line)
        return found

    def written(token: Token, line: int) -> None:  # an element of Markdown's own
        if context and token.tag and not token.hidden and token.type != "softbreak":
            carry(f"<{'/' if token.nesting < 0 else ''}{token.tag}>", line)

    for token, line in _pieces(document):
        if token.type == "html_block":
            yield from ((r, token_line(token, r.line)) for r in read(token.content, line))
        elif token.type == "html_inline":
            yield from ((r, line) for r in read(token.content, line))
        elif token.type == "link_open":
            yield RawReference(0, "link", str(token.attrGet("href") or ""), "followed"), line
        elif token.type == "image":
            yield RawReference(0, "image", str(token.attrGet("src") or ""), "image", picture=True), line
        written(token, line)


@functools.lru_cache(maxsize=256)
def _open_elements(context: str) -> str | None:
    """Raw HTML that a browser reads what follows after as it does after
    ``context`` (which leaves an <svg> or a <math> open, context_after):
    the start tags of the elements it leaves open, outermost first, with
    the one attribute that changes how their content is read (a MathML
    <annotation-xml>'s ``encoding``). None where the reading cannot be told
    by open elements alone, or differs with scripting (a comment, a
    <noscript>, a <style> whose content is text)."""
    import tinyhtml5

    readings = []
    for scripting in (False, True):
        root = tinyhtml5.parse(f"<!DOCTYPE html><body>{context}<booklet-probe>", scripting=scripting)
        parents = {child: parent for parent in root.iter() for child in parent}
        probe = next((e for e in root.iter() if isinstance(e.tag, str) and e.tag.endswith("}booklet-probe")), None)
        if probe is None:  # read as text: a comment, a <noscript>'s content
            return None
        chain = []
        element = parents[probe]
        while element.tag != "{http://www.w3.org/1999/xhtml}body":
            name = element.tag.rpartition("}")[2]
            encoding = element.get("encoding") if name == "annotation-xml" else None
            chain.append(f"<{name}{'' if encoding is None else ' encoding=' + quoteattr(encoding)}>")
            element = parents[element]
        readings.append("".join(reversed(chain)))
    return readings[0] if readings[0] == readings[1] else None


class _Verdict(enum.Enum):
    """What is wrong with a reference: the message that says so, of its
    ``what``, its ``url`` (``start``: the first 40 characters) and the reason
    it is refused (``because``). REMOTE is a warning, every other an error."""

    REFUSED = "raw HTML: {what} is not published: {because}"
    SCRIPT_URL = "raw HTML: {what} {url!r} is a script, which booklet does not publish"
    COMPUTERS_FILE = "{what} {url!r} names a file of this computer, which no reader has"
    DATA_PAGE = "raw HTML: {what} {start!r}: a data: URL here is a page, which can run a script"
    REMOTE = "{what} {url!r} is not a file of the project: the web edition links to it, the PDF leaves it out"
    ABSOLUTE_PATH = "{what} {url!r} is an absolute path: write the path of a file of the project relative to the document, or a full URL"
    OUTSIDE = "{what} {url!r} is outside the project"
    NOT_PUBLISHED = (
        "{what} {url!r}: booklet publishes a document's images (<img>, <picture>, <object>, <embed>, <video poster>)"
        " and nothing else it names: put the file on the web and give its URL"
    )

    def message(self, reference: RawReference) -> str:
        because = reference.refused.value if reference.refused else ""
        return self.value.format(what=reference.what, url=reference.url, start=(reference.url or "")[:40], because=because)


def _verdict(reference: RawReference, inside: Callable[[str], bool]) -> _Verdict | None:
    """What is wrong with one reference, or None."""
    url = reference.url
    if url is None:
        return _Verdict.REFUSED
    scheme, bare = url_scheme(url), browser_url(url)
    if scheme in ("javascript", "vbscript"):
        return _Verdict.SCRIPT_URL
    if scheme == "file":
        return _Verdict.COMPUTERS_FILE
    if scheme == "data":
        if reference.kind in ("image", "fetched") and reference.picture:
            return None
        return _Verdict.DATA_PAGE
    if scheme is not None or bare.startswith("//"):
        if reference.kind in ("followed", "image"):  # a link; a remote image is document_media's warning
            return None
        return _Verdict.REMOTE
    name = _file_name(bare)
    if name.startswith("/"):
        if reference.kind == "followed":  # a page of the web server, which the PDF's fetcher never follows
            return None
        return _Verdict.ABSOLUTE_PATH
    if not name or reference.kind == "image":
        return None  # the page itself or an anchor of it; an image, which document_media finds and checks
    if not inside(name):
        return _Verdict.OUTSIDE
    if reference.kind == "fetched":
        return _Verdict.NOT_PUBLISHED
    return None


def _project_file(root: Path, folder: Path, name: str) -> Path | None:
    """The file ``name`` (relative to ``folder``) is, resolved, where it is
    inside the project ``root``; None elsewhere, or for a name no file has (a NUL)."""
    if "\0" in name:
        return None
    file = (folder / name).resolve()
    return file if root in file.parents else None


def _file_name(src: str) -> str:
    """The file an image source names, relative to its document's folder."""
    return unquote(src.split("#")[0].split("?")[0])


def _variant(file: Path, language: str) -> Path:
    return file.with_name(f"{file.stem}.{language}{file.suffix}")


@dataclass(frozen=True)
class MissingVariant:
    """An image the project wants localised ([tool.booklet] localise-images)
    that one language has no variant of, where a document shows it."""

    path: str  # the document's
    line: int | None  # of the reference
    language: str
    message: str


def missing_variants(project: Project, documents: Iterable[Document], languages: Iterable[str]) -> list[MissingVariant]:
    """Each reference to an image matching one of the project's
    ``localise-images`` patterns (matched from the right against the image's
    path in the project: ``map.png``, ``img/*.png``) and each of ``languages``
    without its variant (map.de.png): the source's image would be shown
    instead. A missing image itself is the build's error, not this."""
    if not project.localise_images:
        return []
    root = project.root.resolve()
    languages = [language for language in languages if language != project.source_language]
    found: list[MissingVariant] = []
    for document in documents:
        folder = (project.root / document.path).parent
        cover = document.meta.get("image")
        first: dict[str, int | None] = {str(cover): 1} if cover else {}  # each image once, at its first reference
        for src, line in _image_sources(document):
            first.setdefault(src, line)
        for src, line in first.items():
            file = _project_file(root, folder, _file_name(src)) if is_relative(src) else None
            if file is None or not file.is_file():
                continue
            relative = PurePosixPath(file.relative_to(root).as_posix())
            if not any(relative.match(pattern) for pattern in project.localise_images):
                continue
            for language in languages:
                variant = _variant(file, language)
                if not variant.is_file():
                    found.append(
                        MissingVariant(
                            document.path,
                            line,
                            language,
                            f"image {src!r} is to be localised ([tool.booklet] localise-images), and {language} has no"
                            f" {variant.name} beside it: readers get the {project.source_language} image",
                        )
                    )
    return sorted(found, key=lambda m: (m.path, m.line or 0, m.language))


def localized_key(src: str, language: str) -> str:
    """The key of ``src``'s variant for ``language`` among a document's media
    (a newline: no image source written in Markdown holds one)."""
    return f"{src}\n{language}"


def _localized(project: Project, document: Document, file: Path, src: str, line: int | None) -> dict[str, Path]:
    """The language variants of an image, named as the image with the
    language before its extension (map.png: map.de.png, map.ar.png): each
    language shows its own where there is one, and the source's elsewhere.
    The Markdown (and so every translation) keeps naming map.png."""
    variants: dict[str, Path] = {}
    for language in project.all_languages:
        variant = _variant(file, language)
        if variant.is_file():
            what = f"image {variant.name!r} (the {language} variant of {src!r})"
            variants[localized_key(src, language)] = _published(project, document, variant, what, line)
    return variants


def _published(project: Project, document: Document, file: Path, what: str, line: int | None) -> Path:
    """The file readers and WeasyPrint get for an image, checked: the image
    itself, or for an SVG that holds a script, a handler or an external
    reference a copy without them (svg.py), below MEDIA_CACHE, with a
    warning among the document's (the build reports them)."""
    check_image(file, what, document.path, line, project.max_image_pixels)
    if file.suffix.lower() != ".svg":
        return file
    try:
        cleaned = clean_svg(file.read_bytes())
    except (OSError, SvgError) as exc:  # check_image read it a moment ago
        raise SourceError(f"{what} is {exc}", path=document.path, line=line) from None
    if cleaned.data is None:
        return file
    root = project.root.resolve()
    copy = root / MEDIA_CACHE / file.relative_to(root)
    write_atomic(copy, cleaned.data, error=SourceError, shown=project.relative(copy))
    _warn(document, line, f"{what} is published without what could run or fetch a file: {', '.join(cleaned.removed)} (lines of {file.name})")
    return copy


def _warn(document: Document, line: int | None, message: str) -> None:
    """A warning among the document's, which the build reports (once, however often its media are resolved)."""
    where = f"{document.path}:{line}" if line else document.path
    warning = f"{where}: warning: {message}"
    if warning not in document.warnings:
        document.warnings = (*document.warnings, warning)


def web_path(project: Project, file: Path) -> str:
    """Where the web edition keeps a media file, relative to output/html/: a
    cleaned SVG where its original would be."""
    relative = file.relative_to(project.root.resolve())
    if relative.is_relative_to(MEDIA_CACHE):
        relative = relative.relative_to(MEDIA_CACHE)
    return "media/" + relative.as_posix()


def check_image(file: Path, what: str, path: str, line: int | None, max_pixels: int) -> None:
    """WeasyPrint leaves out an image it cannot read, with a warning nobody
    sees: a file that is not an image is an error at its line instead."""
    if file.suffix.lower() == ".svg":
        try:
            # The whole file: WeasyPrint parses it all, and an SVG broken after
            # its first element was silently replaced by its alt text.
            read_svg(file.read_bytes())
        except OSError as exc:
            raise SourceError(f"{what} cannot be read: {exc.strerror}", path=path, line=line) from None
        except SvgError as exc:
            raise SourceError(f"{what} is {exc}", path=path, line=line) from None
        return
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(file) as image:
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as exc:
        raise SourceError(f"{what} is not an image WeasyPrint can read: {exc}", path=path, line=line) from None
    # Decoded, every pixel takes memory in every booklet that shows it
    # (a 12000 x 12000 PNG: 1.2 GB for one booklet).
    if width * height > max_pixels:
        raise SourceError(
            f"{what} has {width} x {height} = {width * height:,} pixels, more than the limit of {max_pixels:,}",
            path=path,
            line=line,
            hint="scale it down, or raise [tool.booklet] max-image-pixels",
        )
