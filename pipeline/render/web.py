"""The web edition: a page per document and language, the index, the site's
stylesheet and fonts, and sitemap.xml when the site's address is known."""
from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from ..cache import CACHE_DIR, FONT_CACHE, WEBFONT_CACHE
from ..config import Project
from ..errors import RenderError
from ..fsutil import keep_only, write_atomic
from . import fonts
from ..languages import language_info, name_in_text
from ..media import web_path
from .context import font_context, font_stack_css, markup, template_meta
from .jinja import Translations, project_environment, render_template
from .search import index_site
from ..report import BuildReport
from ..source import Document
from ..links import chapter_page, chapter_root
from ..model import BookEntry
from ..translate import BookEdition, TranslatedDocument

__all__ = ["SiteFonts", "SiteMade", "size_characters", "write_site"]


class SiteFonts:
    """The web edition's fonts, cut down to the site's characters
    (``fonts.web_faces``). On a first build, making them (WOFF2's Brotli) is
    most of the web edition's time, so they are made in a worker of the
    render pool, from the moment the build knows the characters its pages
    can show (from the translated editions' tokens and strings, see
    build.LanguageResult.characters), while booklets render in the other
    processes: a thread would compete with this process's rendering for the
    interpreter. If the pages, once made, show a character that was not
    foreseen, the fonts are made again for what they do show."""

    def __init__(self, project: Project, *, compress: bool) -> None:
        self.folders = (project.root / FONT_CACHE, project.root / WEBFONT_CACHE)
        self.compress = compress
        self.settings = project.fonts
        self._started: frozenset[str] | None = None
        self._future = None

    def start(self, characters: set[str], aside) -> None:
        """Start making the fonts for ``characters`` through ``aside`` (a
        function, arguments -> future, or None when there is no worker)."""
        self._started = frozenset(characters)
        self._future = aside(_web_faces, *self.folders, "".join(sorted(characters)), self.compress, self.settings)

    def faces(self, characters: set[str]) -> tuple[fonts.FontFace, ...]:
        """The faces for ``characters``: those started, when they were foreseen."""
        made = self._future.result() if self._future is not None else None  # waited for even if unused: one writer at a time
        if made is not None and self._started == characters:
            return made
        return _web_faces(*self.folders, "".join(sorted(characters)), self.compress, self.settings)


def _web_faces(
    print_folder: Path, folder: Path, text: str, compress: bool, settings: fonts.FontSettings = ()
) -> tuple[fonts.FontFace, ...]:
    return fonts.web_faces(print_folder, folder, text, compress=compress, settings=settings)


@dataclass
class SiteMade:
    """What writing the site made of each language: its index entries
    (document -> HTML) and the characters its pages show."""

    index: dict[str, dict[str, str]] = field(default_factory=dict)
    characters: dict[str, set[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Page:
    """One page of an edition: a document's only page, or a book's chapter."""

    path: str  # below output/html/<lang>/
    title: str
    body: str
    toc: list
    root: str = "../"  # from the page up to output/html/
    book: dict | None = None  # a chapter's: the book's title, its contents, previous and next
    heading: bool = True  # the page shows its title as a heading (a chapter whose text opens with one does not)


def _pages(edition: TranslatedDocument | BookEdition) -> list[_Page]:
    if isinstance(edition, TranslatedDocument):
        return [_Page(f"{edition.document.name}.html", edition.title, edition.body, edition.toc)]
    book = edition.book
    readable = [entry for entry in book.entries if entry.kind == "chapter" and entry.chapter is not None]
    pages = []
    for position, entry in enumerate(readable):
        chapter = book.chapters[entry.chapter]
        root = chapter_root(chapter)
        here = f"{book.name}/{chapter_page(chapter)}"

        def href(other: BookEntry) -> str:
            return f"{root}{edition.language}/{book.name}/{chapter_page(book.chapters[other.chapter])}"

        contents = [
            {**item, "href": href(item["entry"]) if item["chapter"] is not None else "", "current": item["entry"] is entry}
            for item in edition.contents()
        ]
        neighbours = {
            "previous": readable[position - 1] if position > 0 else None,
            "next": readable[position + 1] if position + 1 < len(readable) else None,
        }
        nav = {
            "title": edition.title,
            "contents": contents,
            **{
                side: {"title": edition.title_of(item), "href": href(item)} if item is not None else None
                for side, item in neighbours.items()
            },
        }
        body = edition.chapters[entry.chapter]
        opens = body.body.startswith("<h1")
        pages.append(_Page(here, edition.title_of(entry), body.body, body.toc, root, nav, heading=not opens))
    return pages


def _size(pdf: Path, language: str) -> str:
    """A file's size as a reader of ``language`` reads it: "1.2 MB", "340 kB"."""
    return _size_label(pdf.stat().st_size, language)


def _size_label(size: int, language: str) -> str:
    """In CLDR's short units ("72 кБ", "1,2 MB", "72 كيلوبايت")."""
    from babel.units import format_unit

    if size >= 1_000_000:
        return format_unit(round(size / 1_000_000, 1), "digital-megabyte", length="short", locale=language)
    return format_unit(max(1, round(size / 1000)), "digital-kilobyte", length="short", locale=language)


def size_characters(language: str) -> set[str]:
    """What a file size can show in ``language`` (foreseen for the site's fonts)."""
    return set(_size_label(1_234_567_890, language) + _size_label(1000, language) + "0123456789")


def _shown(page: str) -> set[str]:
    """The characters of a page the pipeline made (its markup is ASCII)."""
    return set(html.unescape(page))


def write_site(
    project: Project,
    documents: list[Document],
    editions: dict[str, dict[str, TranslatedDocument | BookEdition]],
    present: dict[str, list[str]],
    media: dict[str, dict[str, Path]],
    strings: dict[str, Translations],
    report: BuildReport,
    *,
    wanted: list[str],
    with_pdf: bool,
    unlinked: frozenset[tuple[str, str]] | set[tuple[str, str]] = frozenset(),  # (document, language) whose booklet failed
    preview: bool,
    index_entries: dict[str, dict[str, str]],
    names: dict[str, str],
    web_fonts: SiteFonts,
    characters: set[str],
    pages_of: dict[str, list[str]],
) -> SiteMade:
    """Write the web edition: the pages of the ``editions`` made in this build
    (document -> language -> edition), the index, the stylesheet and fonts.

    ``present`` lists, per document, every language that has an edition, in
    the site's order: those made now and those left as the last build made
    them, whose index entries (language -> document -> HTML) come in
    ``index_entries``. ``characters`` are those foreseen for the site's
    pages (``SiteFonts``), those of pages not written now included."""
    html_dir = project.output / "html"
    source_info = language_info(project.source_language, names[project.source_language])
    languages = [l for l in project.all_languages if any(l in found for found in present.values())]
    for files in media.values():
        for file in files.values():
            target = html_dir / web_path(project, file)
            report.record(target, write_atomic(target, file.read_bytes(), error=RenderError))
    env = project_environment(project)
    made = SiteMade()
    for language in languages:
        info = language_info(language, names[language])
        for document in documents:
            edition = editions[document.name].get(language)
            if edition is None or language not in wanted:
                continue
            source_name = name_in_text(project.source_language, language, strings[language])  # the fallback label's
            pdf = html_dir / language / f"{document.name}.pdf"
            linked = with_pdf and (document.name, language) not in unlinked
            for shown in _pages(edition):
                alternates = [
                    {"language": language_info(l, names[l]), "href": f"{shown.root}{l}/{shown.path}"} for l in present[document.name]
                ]
                page = render_template(
                    env,
                    "page.html.j2",
                    translations=strings[language],
                    language=info,
                    source_language=source_info,
                    source_language_name=source_name,
                    title=shown.title,
                    meta=template_meta(edition),
                    body=markup(shown.body),
                    toc=shown.toc,
                    partial=edition.translated < edition.total,
                    percent=edition.percent,
                    editions=alternates,
                    x_default=f"{shown.root}{project.source_language}/{shown.path}",
                    root=shown.root,
                    pdf=posixpath.relpath(f"{document.name}.pdf", posixpath.dirname(shown.path) or ".") if linked else "",
                    pdf_size=_size(pdf, language) if linked and pdf.is_file() else "",
                    pdf_name=_download_name(document.name, language),
                    book=shown.book,
                    heading=shown.heading,
                    preview=preview,
                    draft=edition.draft,
                )
                path = html_dir / language / shown.path
                report.record(path, write_atomic(path, page, error=RenderError))
                made.characters.setdefault(language, set()).update(_shown(page))

    index_documents = []
    for document in documents:
        items = []
        for language in present[document.name]:
            edition = editions[document.name].get(language)
            if edition is None:
                items.append(markup(index_entries[language][document.name]))
                continue
            item = render_template(
                env,
                "edition.html.j2",
                translations=strings[language],
                language=language_info(language, names[language]),
                title=edition.title,
                href=f"{language}/{pages_of[document.name][0]}",
                pdf=f"{language}/{document.name}.pdf" if with_pdf and (document.name, language) not in unlinked else "",
                pdf_name=_download_name(document.name, language),
                percent=edition.percent,
                draft=edition.draft,
            )
            made.index.setdefault(language, {})[document.name] = item
            made.characters.setdefault(language, set()).update(_shown(item))
            items.append(markup(item))
        index_documents.append({"name": document.name, "title": document.title, "editions": items})
    if project.site_url:
        pages = []
        for document in documents:
            for path in pages_of[document.name]:
                alternates = [
                    {"hreflang": language_info(l)["tag"], "href": f"{project.site_url}{l}/{path}"} for l in present[document.name]
                ]
                if project.source_language in present[document.name]:
                    alternates.append({"hreflang": "x-default", "href": f"{project.site_url}{project.source_language}/{path}"})
                for language in present[document.name]:
                    pages.append({"loc": f"{project.site_url}{language}/{path}", "alternates": alternates})
        sitemap = render_template(env, "sitemap.xml.j2", pages=pages)
        report.record(html_dir / "sitemap.xml", write_atomic(html_dir / "sitemap.xml", sitemap, error=RenderError))
    site_title = documents[0].title if len(documents) == 1 else project.name
    index = render_template(
        env, "index.html.j2", language=source_info, site_title=site_title, documents=index_documents
    )
    report.record(html_dir / "index.html", write_atomic(html_dir / "index.html", index, error=RenderError))

    # The fonts, for the characters of every page of the site (those of
    # languages not rebuilt this time too).
    faces = web_fonts.faces(characters.union(_shown(index), *made.characters.values()))
    font_dir = html_dir / "assets" / "fonts"
    for face in faces:
        report.record(font_dir / face.file.name, write_atomic(font_dir / face.file.name, face.file.read_bytes(), error=RenderError))
    keep_only(font_dir, {face.file.name for face in faces}, error=RenderError)
    css = render_template(
        env,
        "site.css",
        font_faces=markup(fonts.font_face_css(lambda face: "fonts/" + face.file.name, faces)),
        **font_context(project.source_language, project.fonts),
    )
    report.record(html_dir / "assets/site.css", write_atomic(html_dir / "assets/site.css", css, error=RenderError))
    index_site(html_dir, report, project.root / CACHE_DIR)
    return made


def _download_name(document: str, language: str) -> str:
    """What a reader's browser saves a booklet as: every language's PDF has
    the same name on the server (``ru/black-january.pdf``), and a reader
    who downloads two of them should not get ``black-january (1).pdf``."""
    return f"{document}.{language}.pdf"
