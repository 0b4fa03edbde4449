"""The images a document shows: found in the project, readable, within limits, before anything renders them."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from .config import Project
from .errors import SourceError
from .source import Document, raw_image_urls, token_line
from .translate import is_relative

__all__ = ["check_image", "document_media", "localized_key", "web_path"]


def document_media(project: Project, document: Document) -> dict[str, Path]:
    """Relative image sources of a document and their files, Markdown's and
    raw HTML's (``<img src>``, ``srcset``); a missing file or one outside the
    project is a SourceError at the image's line."""
    found: dict[str, Path] = {}
    root = project.root.resolve()
    folder = (project.root / document.path).parent  # a book's chapter may sit in a subfolder
    for src, line in _image_sources(document):
        if not is_relative(src) or src in found:
            continue
        name = unquote(src.split("#")[0].split("?")[0])
        if "\0" in name:
            raise SourceError(f"image {src!r}: a file name cannot hold a NUL character", path=document.path, line=line)
        file = (folder / name).resolve()
        if root not in file.parents:
            raise SourceError(f"image {src!r} is outside the project", path=document.path, line=line)
        if not file.is_file():
            raise SourceError(f"image {src!r} not found", path=document.path, line=line)
        check_image(file, f"image {src!r}", document.path, line, project.max_image_pixels)
        found[src] = file
        found.update(_localized(project, file, src, document.path, line))
    cover = document.meta.get("image")
    if cover:
        file = (folder / str(cover)).resolve()
        if root not in file.parents or not file.is_file():
            raise SourceError(f"front matter: image {cover!r} not found in the project", path=document.path, line=1)
        check_image(file, f"front matter: image {cover!r}", document.path, 1, project.max_image_pixels)
        found[str(cover)] = file
        found.update(_localized(project, file, str(cover), document.path, 1))
    return found


def _image_sources(document: Document) -> Iterator[tuple[str, int | None]]:
    """(source as written, line) of every image of the document's body, in
    reading order: Markdown's, and those its raw HTML names."""
    for token in document.tokens:
        if token.type == "html_block":
            yield from ((url, token_line(token, before)) for before, url in raw_image_urls(token.content))
        breaks = 0  # an inline's children hold no newline: each soft or hard break is one
        for child in token.children or []:
            if child.type == "image":
                yield str(child.attrGet("src") or ""), token_line(token, breaks)
            elif child.type == "html_inline":
                yield from ((url, token_line(token, breaks)) for _, url in raw_image_urls(child.content))
            elif child.type in ("softbreak", "hardbreak"):
                breaks += 1


def localized_key(src: str, language: str) -> str:
    """The key of ``src``'s variant for ``language`` among a document's media
    (a newline: no image source written in Markdown holds one)."""
    return f"{src}\n{language}"


def _localized(project: Project, file: Path, src: str, path: str, line: int | None) -> dict[str, Path]:
    """The language variants of an image, named as the image with the
    language before its extension (map.png: map.de.png, map.ar.png): each
    language shows its own where there is one, and the source's elsewhere.
    The Markdown (and so every translation) keeps naming map.png."""
    variants: dict[str, Path] = {}
    for language in project.all_languages:
        variant = file.with_name(f"{file.stem}.{language}{file.suffix}")
        if variant.is_file():
            check_image(variant, f"image {variant.name!r} (the {language} variant of {src!r})", path, line, project.max_image_pixels)
            variants[localized_key(src, language)] = variant
    return variants


def web_path(project: Project, file: Path) -> str:
    """Where the web edition keeps a media file, relative to output/html/."""
    return "media/" + file.relative_to(project.root.resolve()).as_posix()


def check_image(file: Path, what: str, path: str, line: int | None, max_pixels: int) -> None:
    """WeasyPrint leaves out an image it cannot read, with a warning nobody
    sees: a file that is not an image is an error at its line instead."""
    if file.suffix.lower() == ".svg":
        import xml.etree.ElementTree as ElementTree

        try:
            # The whole file: WeasyPrint parses it all, and an SVG broken after
            # its first element was silently replaced by its alt text.
            events = ElementTree.iterparse(file, events=("start",))
            tag = next(events)[1].tag
            for _ in events:
                pass
        except (ElementTree.ParseError, StopIteration, OSError) as exc:
            raise SourceError(f"{what} is not a readable SVG file: {exc}", path=path, line=line) from None
        if tag.rsplit("}", 1)[-1] != "svg":
            raise SourceError(f"{what} is not an SVG image (its root is <{tag}>)", path=path, line=line)
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
