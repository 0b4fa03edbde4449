"""The orchestrator: sources and catalogues -> HTML edition and PDF booklets, one job per edition."""
from __future__ import annotations

import bisect
import datetime as _dt
import functools
import re
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Callable

from babel.dates import format_date
from markdown_it.common.utils import escapeHtml

from .cache import CACHE_DIR, FONT_CACHE, HYPHENATION_CACHE, BuildCache, BuildOptions, LanguageRecord, build_options, open_cache, quick_check
from .config import TEMPLATES_DOMAIN, Project
from .errors import BookletError, RenderError, TemplateError
from .fsutil import InputDates, decode_utf8, remove_others, remove_stale_temporaries, source_date
from .languages import language_info, name_in_text, own_names
from .lock import project_lock
from .media import MEDIA_CACHE, document_media, localized_key, web_path
from .inputs import Catalogs, load_books, load_catalogs, load_documents
from .check import LinkDefinitions, check_catalogs, gate, link_definitions
from .render import fonts
from .render.context import font_context, markup, template_meta
from .render.coverage import check_coverage, generated_characters
from .render.jinja import Translations, project_environment, render_template, template_files
from .render.pdf import PAGE_DIMENSIONS, PRESS_VARIANT, PdfJob, makes_press_files, upright_faces
from .render.pool import RenderPool, job_key
from .report import BuildReport
from .render.hyphenation import project_exceptions, whole_compounds, with_exceptions
from .render.inks import in_inks
from .render.web import SiteFonts, SiteMade, size_characters, write_site
from .source import Document
from .links import chapter_links, chapter_page, chapter_root, pdf_links
from .model import Book
from .translate import BookEdition, TranslatedDocument, translate_book, translate_document

#: What a language publishes of a document or a book.
Edition = TranslatedDocument | BookEdition

__all__ = ["BuildReport", "build"]


def _publication_date(document: Document) -> _dt.date | None:
    if isinstance(document.meta.get("date"), _dt.date):
        return document.meta["date"]
    moment = source_date()
    return moment.date() if moment else None


def _inputs_date(plan: _Plan, edition: Edition) -> _dt.date | None:
    """When an edition's inputs last changed (fsutil.InputDates): the
    configuration, the templates, its source and its language's catalogues.
    Its press files' date where the front matter and SOURCE_DATE_EPOCH give
    none, which a press file must carry (PDF/X); its own, so that a
    catalogue changed dates (and renders again) its language's sheets alone."""
    project = plan.project
    book = isinstance(edition, BookEdition)
    source = project.root / edition.document.path
    domain = edition.book.name if book else edition.document.name
    paths = [project.root / project.config_file, project.templates_dir, source.parent if book else source,
             project.po_path(edition.language, domain), project.po_path(edition.language, TEMPLATES_DOMAIN)]
    moment = plan.input_dates.of(paths)
    return moment.date() if moment else None


def _credits(project: Project, catalogs: Catalogs | None, domain: str, language: str) -> str:
    """Who translated: the project's ``[tool.booklet.publication.translators]``
    for the language where it has one ("" credits no one), else the
    catalogue's Last-Translator, without the e-mail address and never
    gettext's placeholder."""
    if any(key == "translators" and code in (language, "*") for key, code, _ in project.publication):
        return project.published_as("translators", language)
    catalog = catalogs.get(domain) if catalogs is not None else None
    if catalog is None:
        return ""
    name = re.sub(r"\s*<[^>]*>", "", catalog.po.metadata.get("Last-Translator", "")).strip()
    return "" if name == "FULL NAME" else name


def _publication(project: Project, edition: "Edition", language: str) -> dict[str, str]:
    """The imprint's fields for one edition: the document's front matter
    (translated where it is text), else the project's [tool.booklet.publication]."""
    meta = edition.meta
    isbn = meta.get("isbn") or {}
    fields = {key: str(meta.get(key) or "") for key in ("place", "edition", "rights", "source", "acknowledgements")}
    return {
        **fields,
        "author": str(meta.get("author") or project.published_as("author", language)),
        "publisher": str(meta.get("publisher") or project.published_as("publisher", language)),
        "isbn": isbn.get(language, isbn.get("*", "")) if isbn else project.published_as("isbn", language),
    }


def build(project: Project, **options) -> BuildReport:
    """Build under the project's lock (see _build for the options)."""
    with project_lock(project.root):
        return _build(project, **options)


def _build(
    project: Project,
    *,
    languages: list[str] | None = None,
    formats: list[str] | None = None,
    progress: Callable[[str], None] | None = None,
    preview: bool = False,
    force: bool = False,
    clean: bool = False,
    jobs_count: int | None = None,
    checked: tuple[str, dict[str, str], dict[str, object] | None] | None = None,
) -> BuildReport:
    """Build every (document, language, format) asked for. A failing language
    is reported and skipped; the others are still built. ``checked`` is what
    ``cache.quick_check`` found for these options under the lock, if the
    caller asked already: the inputs are not hashed twice.

    Booklets whose inputs did not change since the last build are not
    rendered again (``clean`` ignores that cache); the others are rendered in
    ``jobs_count`` worker processes (default: one per core). The output is the
    same whatever the number of workers."""
    progress = progress or (lambda message: None)
    options = build_options(project, languages, formats, preview=preview, force=force)
    build_key, language_keys, last = checked if checked is not None else quick_check(project, options, clean=clean)
    if last is not None:
        return BuildReport.from_cache(project, last)
    plan = _plan(project, options, clean=clean, progress=progress)
    state = _Editions(plan)
    state.report.warnings.extend(w for d in [*plan.documents, *(c for b in plan.books for c in b.chapters)] for w in d.warnings)
    # A language whose own inputs (its catalogues, and everything shared) are
    # as they were at its last successful build, and whose outputs are
    # intact, is left as it is: one changed catalogue costs one language's
    # work, not every language's. Its pages stay only if the site still has
    # the same editions (their language switchers list them).
    kept = {l: r for l in project.all_languages if (r := plan.cache.language(l, language_keys[l], plan.domains))}
    web_fonts = SiteFonts(project, compress=not preview)
    with RenderPool(plan.cache, state.report, progress, jobs_count) as pool:
        for language in project.all_languages:
            if language not in kept:
                state.add(translate_language(plan, language), pool)
        for language in [l for l, record in kept.items() if record.present != state.present(kept)]:
            del kept[language]
            state.add(translate_language(plan, language), pool)
        if "html" in plan.formats:  # while the booklets render
            web_fonts.start(state.characters(kept), pool.aside)
        failed = pool.finish()
        if failed and kept:  # the kept pages name a failed language
            for language in list(kept):
                del kept[language]
                state.add(translate_language(plan, language), pool)
            failed |= pool.finish()
    state.broken |= pool.unfinished  # published, but not remembered as built: made again next time
    for language in failed:
        state.drop(language)
    state.keep(kept)
    try:
        on_site = state.present(kept)
        made = _write_site(plan, state, on_site, kept, web_fonts)
        _remember(plan, state, kept, language_keys, on_site, made)
        if options.languages == project.all_languages and options.formats == project.formats:
            # A whole build: what it did not make is stale (a language no
            # longer configured, or that failed its gate; a removed document).
            keep = {path.resolve() for path in state.report.written + state.report.unchanged}
            state.report.removed = remove_others([plan.html_dir, plan.pdf_dir], keep, error=RenderError)
        if not state.report.failures:
            plan.cache.finish(build_key, state.report.written + state.report.unchanged, state.report.summary())
    finally:
        plan.cache.save()
    return state.report


@dataclass(frozen=True)
class _Plan:
    """What every language of one build shares: the sources and their media,
    the settings, the templates and the cache."""

    project: Project
    documents: list[Document]
    books: list[Book]
    media: dict[str, dict[str, Path]]  # document's (or chapter's) path -> image source -> file
    wanted: list[str]  # the languages to publish (a partial build translates the others, for the site's links)
    formats: list[str]
    preview: bool
    force: bool
    names: dict[str, str]  # each language's own name
    rtl: dict[str, bool]
    cache: BuildCache
    env: object  # the Jinja2 environment
    templates: tuple[tuple[str, Path], ...]  # (shown, file) of every template in effect
    progress: Callable[[str], None]
    font_rules: dict[frozenset[str], tuple[object, tuple[Path, ...]]] = field(default_factory=dict)  # booklet_fonts' by set of families

    @property
    def domains(self) -> list[str]:
        return [document.name for document in self.documents] + [book.name for book in self.books]

    @functools.cached_property
    def input_dates(self) -> InputDates:
        """When the project's inputs last changed: git asked once a build, at the first booklet that needs a date."""
        project = self.project
        inputs = [project.root / project.config_file, project.templates_dir, project.source_dir, project.locales_dir]
        return InputDates(project.root, inputs)

    @functools.cached_property
    def links(self) -> dict[str, LinkDefinitions]:
        """Each domain's link definitions: what the checks resolve reference links against."""
        return link_definitions([*self.documents, *self.books])

    @functools.cached_property
    def pages_of(self) -> dict[str, list[str]]:
        """Each document's and book's pages, below output/html/<lang>/."""
        pages = {document.name: [f"{document.name}.html"] for document in self.documents}
        for book in self.books:
            pages[book.name] = [f"{book.name}/{chapter_page(chapter)}" for chapter in book.chapters]
        return pages

    @property
    def html_dir(self) -> Path:
        return self.project.output / "html"

    @property
    def pdf_dir(self) -> Path:
        return self.project.output / "pdf"

    @functools.cached_property
    def _template_characters(self) -> frozenset[str]:
        return frozenset("".join(decode_utf8(file.read_bytes(), shown, TemplateError, "save the template as UTF-8") for shown, file in self.templates))

    def around(self, strings: Translations, language: str) -> set[str]:
        """The characters a language's pages can show around its editions'
        text: its translated strings, the languages' names (the original's
        in the reader's language too: the fallback label names it), the
        templates' own text."""
        source = name_in_text(self.project.source_language, language, strings)
        return strings.characters() | set("".join(self.names.values()) + source) | self._template_characters

    def web_url(self, document: Document, root: str = "../", language: str = "") -> Callable[[str], str]:
        """An image source of ``document`` -> its URL in the web edition, from
        its page (``root`` leads from the page to output/html/): the
        ``language``'s own variant of the image where it has one (media.py)."""
        files = self.media[document.path]

        def url(src: str) -> str:
            file = files.get(localized_key(src, language)) or files.get(src)
            return root + web_path(self.project, file) if file is not None else src

        return url

    def booklet_fonts(self, characters: set[str]) -> tuple[object, tuple[Path, ...]]:
        """The @font-face rules of a booklet that shows ``characters``: the
        faces it can need (fonts.needed_families), so that a Latin booklet
        neither reads nor loads Noto Serif CJK (a fresh project's first Latin
        booklet took 3.4 s and 650 MB with every default face declared,
        1.7 s and 110 MB with its own); and the files of those its imposed
        sheets' slug line may be set in. Made once for each set of faces."""
        families = frozenset(fonts.needed_families("".join(sorted(characters)), self.project.fonts))
        if families not in self.font_rules:
            faces = fonts.print_faces(self.project.root / FONT_CACHE, self.project.fonts, families)
            self.font_rules[families] = (
                markup(fonts.font_face_css(lambda face: face.file.as_uri(), faces)),
                upright_faces(faces, fonts.font_stack(None, self.project.fonts)),  # the text's stack, as booklet.css sets it
            )
        return self.font_rules[families]


def _plan(project: Project, options: BuildOptions, *, clean: bool, progress: Callable[[str], None]) -> _Plan:
    documents, books = load_documents(project), load_books(project)
    plan = _Plan(
        project=project,
        documents=documents,
        books=books,
        media={d.path: document_media(project, d) for d in [*documents, *(c for b in books for c in b.chapters)]},
        wanted=list(options.languages),
        formats=list(options.formats),
        preview=options.preview,
        force=options.force,
        names=own_names(project),
        rtl={code: bool(language_info(code)["rtl"]) for code in project.all_languages},
        cache=open_cache(project, clean=clean),
        env=project_environment(project),
        templates=tuple(template_files(project)),
        progress=progress,
    )
    for folder in (plan.html_dir, plan.pdf_dir):
        try:  # an unwritable output folder is one error, not one per booklet
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RenderError(f"cannot write: {exc.strerror}", path=project.relative(folder)) from None
        remove_stale_temporaries(folder)
    remove_stale_temporaries(project.root / CACHE_DIR)  # fonts and patterns a killed build was writing
    return plan


@dataclass
class LanguageResult:
    """One language's editions, translated, and its booklets to render."""

    language: str
    strings: Translations | None = None  # the templates' strings, for the site too
    editions: dict[str, Edition] = field(default_factory=dict)  # document or book -> edition
    figures: list[dict[str, object]] = field(default_factory=list)  # for the report
    booklets: list[Path] = field(default_factory=list)  # rendered or unchanged
    unchanged: list[Path] = field(default_factory=list)
    jobs: list[tuple[str, str, list[Path], PdfJob]] = field(default_factory=list)  # (language, key, outputs, job)
    drafts: list[str] = field(default_factory=list)  # "document/language"
    skipped: list[str] = field(default_factory=list)
    characters: set[str] = field(default_factory=set)  # what its pages can show, for the web fonts
    failure: BookletError | None = None
    # booklets not rendered (render.coverage): document or book -> why; the web edition does not link them
    booklet_failures: dict[str, BookletError] = field(default_factory=dict)


def translate_language(plan: _Plan, language: str) -> LanguageResult:
    """Translate ``language``'s editions and make its booklets' HTML. A
    language a partial build does not want is translated too, not rendered,
    so that the index and the language switchers still name every edition."""
    project = plan.project
    result = LanguageResult(language)
    try:
        catalogs = None if language == project.source_language else load_catalogs(project, language, plan.domains)
        notes: dict[str, dict[int, list[str]]] = {}
        if catalogs is not None and plan.preview:
            # The translator's preview never blocks: every finding is shown beside its block.
            notes = _findings_by_entry(project, catalogs, language, plan.links)
        elif catalogs is not None and not plan.force and language in plan.wanted:
            gate(project, catalogs, plan.cache, plan.links)
        result.strings = Translations(catalogs.lookup(TEMPLATES_DOMAIN) if catalogs else None)
        result.characters = plan.around(result.strings, language) | size_characters(language)
        units: list[Document | Book] = [*plan.documents, *plan.books]
        for unit in units:
            plan.progress(f"{language}: {unit.name}")
            options = dict(
                language=language,
                source_language=project.source_language,
                rtl=plan.rtl,
                publish_fuzzy=project.fuzzy == "publish",
                preview=plan.preview,
                catalog_path=catalogs[unit.name].shown if catalogs else None,
                findings=notes.get(catalogs[unit.name].shown) if catalogs else None,
            )
            lookup = catalogs.lookup(unit.name) if catalogs else None
            if isinstance(unit, Book):
                book = unit
                edition: Edition = translate_book(
                    book,
                    lookup,
                    media=lambda chapter: plan.web_url(chapter, chapter_root(chapter), language),
                    links=lambda chapter: chapter_links(book, chapter),
                    **options,
                )
            else:
                edition = translate_document(unit, lookup, media=plan.web_url(unit, language=language), **options)
            if not _publish(plan, result, edition):
                continue
            result.figures.append(edition.figures())
            if "pdf" in plan.formats or "booklet" in plan.formats:
                _booklet(plan, result, edition, catalogs)
    except BookletError as error:
        result.failure = error
    return result


def _findings_by_entry(
    project: Project, catalogs: Catalogs, language: str, links: dict[str, LinkDefinitions]
) -> dict[str, dict[int, list[str]]]:
    """Every check finding of a language's catalogues: catalogue -> the
    entry's line -> "severity [check] message", for the preview."""
    # A finding names the line of the msgstr (or msgid) it is about; the
    # preview finds a block's entry by the entry's first line (polib's linenum).
    starts = {catalog.shown: sorted(e.linenum for e in catalog.po if e.linenum) for catalog in catalogs.by_domain.values()}
    notes: dict[str, dict[int, list[str]]] = {}
    for located in check_catalogs(catalogs.by_domain, language, project, links=links):
        finding, lines = located.finding, starts.get(located.path, [])
        at = bisect.bisect_right(lines, finding.line or 0) - 1
        # an untranslated or fuzzy block says so by its own mark
        if finding.line is not None and at >= 0 and finding.check not in ("untranslated", "fuzzy"):
            notes.setdefault(located.path, {}).setdefault(lines[at], []).append(
                f"{finding.severity} [{finding.check}] {finding.message}"
            )
    return notes


def _publish(plan: _Plan, result: LanguageResult, edition: Edition) -> bool:
    """An edition joins the language's (as a draft below the minimum
    completion, or skipped); whether to go on to its booklet."""
    name, language = edition.document.name, edition.language
    edition.draft = edition.completion.below(plan.project.threshold(language))
    if edition.draft and plan.project.incomplete == "skip":
        result.skipped.append(f"{name}/{language}")
        return False
    if edition.draft:
        result.drafts.append(f"{name}/{language}")
    result.editions[name] = edition
    result.characters |= edition.characters()
    return language in plan.wanted


#: Where the booklet's @font-face rules go, until its HTML says which characters it has.
_FONT_FACES = "/* booklet-font-faces */"


def _booklet(plan: _Plan, result: LanguageResult, edition: Edition, catalogs: Catalogs | None) -> None:
    """The booklet of one edition: its HTML, and a job for the render pool unless it is unchanged."""
    project, document, language = plan.project, edition.document, edition.language
    info = language_info(language, plan.names[language])
    date = _publication_date(document)
    # A press file must carry dates (PDF/X): the inputs' where the publication
    # has none. A reader's booklet carries the publication's or none: the
    # inputs' date is the checkout's (a commit's, else the files' times), and
    # a copy of the same inputs would make other bytes.
    press_date = None
    if date is None and makes_press_files(project.pdf_variant, "booklet" in plan.formats):
        press_date = _inputs_date(plan, edition)
    files, image = plan.media.get(document.path, {}), str(document.meta.get("image", ""))
    cover = files.get(localized_key(image, language)) or files.get(image)
    pdf_path = plan.pdf_dir / language / f"{document.name}.pdf"
    width, height = PAGE_DIMENSIONS[project.page_size]
    context = dict(
        source_language_name=name_in_text(project.source_language, language, result.strings),
        title=edition.title,
        published=format_date(date, "long", locale=language) if date else "",
        credits=_credits(project, catalogs, document.name, language) if language != project.source_language else "",
        publication=_publication(project, edition, language),
        original_title=str(document.meta.get("title") or document.name) if language != project.source_language else "",
    )
    shown = edition.characters() | plan.around(result.strings, language) | set("".join(map(str, context.values())))
    html = render_template(
        plan.env,
        "booklet.html.j2",
        translations=result.strings,
        language=info,
        source_language=language_info(project.source_language, plan.names[project.source_language]),
        meta=template_meta(edition),
        **_booklet_text(plan, edition),
        partial=edition.translated < edition.total,
        percent=edition.percent,  # shown on drafts only
        **font_context(language, project.fonts),
        font_faces=markup(_FONT_FACES),
        page_size=f"{width}mm {height}mm",
        page_height=f"{height}mm",
        content_height=f"{height - 42}mm",  # booklet.css: the page's height less its top and bottom margins
        bleed=project.bleed,
        crop_marks=project.crop_marks,
        chapters_recto=project.chapters_open == "recto",
        cover_image=cover.as_uri() if cover else "",
        draft=edition.draft,
        created=date.isoformat() if date else "",
        **context,
    )
    # Its faces: those the characters of its HTML (entities read) and what the renderer draws can need.
    drawn = set(unescape(html.replace(_FONT_FACES, ""))) | set(generated_characters(edition))
    rules, slug_faces = plan.booklet_fonts(drawn)
    html = html.replace(_FONT_FACES, rules, 1)
    html = with_exceptions(whole_compounds(html), project_exceptions(project.locales_dir, {language, project.source_language}))
    if project.pdf_variant == PRESS_VARIANT:  # for the press: its colours in the printer's inks
        html = in_inks(html)
    outputs = [pdf_path] if "pdf" in plan.formats else []
    if "booklet" in plan.formats:
        outputs.append(pdf_path.with_name(f"{document.name}-imposed.pdf"))
    if "html" in plan.formats and "pdf" in plan.formats:
        outputs.append(plan.html_dir / language / f"{document.name}.pdf")
    job = PdfJob(
        html=html,
        base_url=project.source_dir,
        # What a page may read: its media (cleaned SVGs among them), the templates, the fonts.
        # Never .git, .env, locales/ or pyproject.toml.
        allowed=(project.source_dir, project.templates_dir, project.root / MEDIA_CACHE, project.root / FONT_CACHE, *fonts.font_dirs(project.fonts)),
        identifier=f"{document.name}/{language}",
        shown=project.relative(pdf_path),
        variant=project.pdf_variant,
        rtl=bool(info["rtl"]),
        imposed="booklet" in plan.formats,
        imposed_shown=project.relative(pdf_path.with_name(f"{document.name}-imposed.pdf")),
        patterns=project.root / HYPHENATION_CACHE,
        name=document.name,
        language=language,
        slug_faces=slug_faces,
        condition=project.press_condition,
        press_date=press_date.isoformat() if press_date else "",
    )
    result.booklets.extend(outputs)
    key = job_key(job, _media_of(plan, edition))
    if plan.cache.fresh(outputs, key):
        result.unchanged.extend(outputs)
        return
    try:
        check_coverage(shown, edition, catalogs, plan.templates, settings=project.fonts)
    except RenderError as error:  # this booklet only: the language's pages and other booklets go on
        result.booklet_failures[document.name] = error
        return
    result.jobs.append((language, key, outputs, job))


def _booklet_body(plan: _Plan, edition: TranslatedDocument, root: str = "../") -> str:
    """The edition's body with its images read in place. The body is rendered
    once, with the web edition's image URLs; each is an attribute value the
    renderer wrote (a translation's text cannot make ``src="``: its quotes are
    escaped), so it is swapped for the file's URL as it is."""
    body = edition.body
    for file in set(plan.media[edition.document.path].values()):
        web = escapeHtml(root + web_path(plan.project, file))
        for attribute in ("src", "data", "poster"):  # <img>/<embed>, <object>, <video> (media.py)
            body = body.replace(f' {attribute}="{web}"', f' {attribute}="{escapeHtml(file.as_uri())}"')
    return body


def _media_of(plan: _Plan, edition: Edition) -> dict[str, Path]:
    if isinstance(edition, BookEdition):
        return {f"{c.document.path}:{src}": file for c in edition.chapters for src, file in plan.media[c.document.path].items()}
    return plan.media[edition.document.path]


def _booklet_text(plan: _Plan, edition: Edition) -> dict[str, object]:
    """What the booklet shows as its text: a document's body and headings; a
    book's contents and chapters, one after the other."""
    if isinstance(edition, TranslatedDocument):
        body = _booklet_body(plan, edition)
        return {
            "body": markup(body),
            "toc": edition.toc,
            "contents": [],
            "sections": [],
            # the text opens under its title: the document's own first heading, or the template's
            "opens_with_title": body.lstrip().startswith("<h1"),
        }
    book = edition.book
    parts = any(entry.kind == "part" for entry in book.entries)
    contents, sections = [], []
    for index, item in enumerate(edition.contents()):
        entry = item["entry"]
        if entry.kind == "part":
            contents.append({**item, "href": f"#part-{index}"})
            sections.append({"kind": "part", "title": item["title"], "id": f"part-{index}"})
        elif entry.kind == "chapter":
            contents.append({**item, "href": f"#c{entry.chapter}" if entry.chapter is not None else ""})
            if entry.chapter is None:
                continue
            chapter = edition.chapters[entry.chapter]
            body = _booklet_body(plan, chapter, chapter_root(chapter.document))
            sections.append({
                "kind": "chapter",
                "title": item["title"],
                "id": f"c{entry.chapter}",
                # its bookmark's level: numbered chapters under their part
                "level": min(1 + entry.depth + (1 if parts and entry.number else 0), 6),
                "body": markup(pdf_links(body, book, entry.chapter)),
            })
    return {"contents": contents, "sections": sections, "body": "", "toc": [], "opens_with_title": True}


class _Editions:
    """What the build has made so far, language by language, and its report."""

    def __init__(self, plan: _Plan) -> None:
        self.plan = plan
        self.report = BuildReport()
        self.editions: dict[str, dict[str, Edition]] = {name: {} for name in plan.domains}
        self.strings: dict[str, Translations] = {}
        self.figures: dict[str, list[dict[str, object]]] = {}
        self.booklets: dict[str, list[Path]] = {}
        self.foreseen: dict[str, set[str]] = {}  # language -> the characters its pages can show
        self.broken: set[str] = set()
        self.unlinked: set[tuple[str, str]] = set()  # (document or book, language) whose booklet failed

    def add(self, result: LanguageResult, pool: RenderPool) -> None:
        """A language translated: its editions join the site, its booklets the render pool."""
        language = result.language
        self.figures[language], self.booklets[language] = result.figures, result.booklets
        if result.strings is not None:
            self.strings[language] = result.strings
        self.report.drafts.extend(result.drafts)
        self.report.skipped.extend(result.skipped)
        self.report.unchanged.extend(result.unchanged)
        for job in result.jobs:  # those made before a failure too: their documents are sound
            pool.submit(job)
        if result.booklet_failures:  # its pages are published; not remembered as built, so tried again next time
            self.report.failures.extend(result.booklet_failures.values())
            self.broken.add(language)
            for name in result.booklet_failures:
                self.unlinked.add((name, language))
                if "html" in self.plan.formats:
                    pdf = self.plan.project.relative(self.plan.pdf_dir / language / f"{name}.pdf")
                    self.report.warnings.append(f"{pdf}: warning: not made, so the web edition does not link it")
        if result.failure is not None:
            if language in self.plan.wanted:
                self.report.failures.append(result.failure)
            self.drop(language)
            return
        for name, edition in result.editions.items():
            self.editions[name][language] = edition
        self.foreseen[language] = result.characters

    def drop(self, language: str) -> None:
        self.broken.add(language)
        self.foreseen.pop(language, None)
        for name in self.editions:
            self.editions[name].pop(language, None)
        self.plan.cache.forget_language(language)

    def present(self, kept: dict[str, LanguageRecord]) -> dict[str, list[str]]:
        """Per document, the languages with an edition: made now, or as the last build made them."""
        return {
            name: [l for l in self.plan.project.all_languages if l in made or (l in kept and name in kept[l].index)]
            for name, made in self.editions.items()
        }

    def characters(self, kept: dict[str, LanguageRecord]) -> set[str]:
        """What the site's pages can show: the languages made now, and those kept."""
        return set().union(*self.foreseen.values(), *(record.characters for record in kept.values()))

    def keep(self, kept: dict[str, LanguageRecord]) -> None:
        """Languages left as the last build made them join the report, in the site's order."""
        project, domains = self.plan.project, self.plan.domains
        for language, record in kept.items():
            self.report.drafts.extend(record.drafts)
            self.report.skipped.extend(record.skipped)
            self.figures[language] = record.figures
        order = {name: index for index, name in enumerate(project.all_languages)}
        self.report.editions = [f for language in project.all_languages for f in self.figures.get(language, [])]
        for listing in (self.report.drafts, self.report.skipped):
            listing.sort(key=lambda item: (order[item.rsplit("/", 1)[1]], domains.index(item.rsplit("/", 1)[0])))


def _write_site(
    plan: _Plan, state: _Editions, on_site: dict[str, list[str]], kept: dict[str, LanguageRecord], web_fonts: SiteFonts
) -> SiteMade:
    if "html" not in plan.formats:
        return SiteMade()
    plan.progress("web edition")
    return write_site(
        plan.project,
        [*plan.documents, *(book.titles for book in plan.books)],
        state.editions,
        on_site,
        plan.media,
        state.strings,
        state.report,
        wanted=plan.wanted,
        with_pdf="pdf" in plan.formats,
        unlinked=state.unlinked,
        preview=plan.preview,
        index_entries={l: r.index for l, r in kept.items()},
        names=plan.names,
        web_fonts=web_fonts,
        characters=state.characters(kept),
        pages_of=plan.pages_of,
    )


def _remember(
    plan: _Plan,
    state: _Editions,
    kept: dict[str, LanguageRecord],
    language_keys: dict[str, str],
    on_site: dict[str, list[str]],
    made: SiteMade,
) -> None:
    """Each language's record in the cache, for the next build to leave it as it is."""
    project, cache, report, domains = plan.project, plan.cache, state.report, plan.domains
    for language, record in kept.items():
        report.unchanged.extend(project.root / name for name in record.outputs)
    for language in set(cache.languages) - set(project.all_languages):
        cache.forget_language(language)  # no longer one of the project's
    for language in state.booklets:
        if language in plan.wanted and language not in state.broken:
            pages = [plan.html_dir / language / page for n in domains if language in state.editions[n] for page in plan.pages_of[n]]
            outputs = state.booklets[language] + (pages if "html" in plan.formats else [])
            cache.remember_language(
                language,
                outputs,
                LanguageRecord(
                    key=language_keys[language],
                    present=on_site,
                    figures=state.figures[language],
                    index=made.index.get(language, {name: "" for name in domains if language in state.editions[name]}),
                    drafts=[d for d in report.drafts if d.endswith(f"/{language}")],
                    skipped=[d for d in report.skipped if d.endswith(f"/{language}")],
                    characters="".join(sorted(state.foreseen[language] | made.characters.get(language, set()))),
                ),
            )
