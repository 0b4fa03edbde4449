"""The orchestrator: sources and catalogues -> HTML edition and PDF booklets, one job per edition."""
from __future__ import annotations

import datetime as _dt
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Callable

from babel.dates import format_date

from .cache import CACHE_DIR, FONT_CACHE, HYPHENATION_CACHE, build_options, open_cache, quick_check
from .config import TEMPLATES_DOMAIN, Project
from .errors import BookletError, RenderError
from .fsutil import remove_stale_temporaries
from .languages import display_name, language_info, own_names
from .lock import project_lock
from .media import document_media
from .project import Catalogs, load_catalogs, load_documents
from .qa import gate
from .render import fonts
from .render.coverage import check_coverage
from .render.jinja import Translations, project_environment, render_template
from .render.pdf import PAGE_DIMENSIONS, PdfJob
from .render.pool import RenderPool, job_key
from .report import BuildReport
from .site import font_context, markup, template_meta, write_site
from .source import Document
from .translate import TranslatedDocument, translate_document

__all__ = ["BuildReport", "build"]


def _publication_date(document: Document) -> _dt.date | None:
    if isinstance(document.meta.get("date"), _dt.date):
        return document.meta["date"]
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc).date()
    return None


def _credits(catalogs: Catalogs | None, domain: str) -> str:
    if catalogs is None or domain not in catalogs.files:
        return ""
    # The translator's name from the header, without the e-mail address.
    name = re.sub(r"\s*<[^>]*>", "", catalogs.files[domain].metadata.get("Last-Translator", "")).strip()
    return "" if name == "FULL NAME" else name


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
) -> BuildReport:
    """Build every (document, language, format) asked for. A failing language
    is reported and skipped; the others are still built.

    Booklets whose inputs did not change since the last build are not
    rendered again (``clean`` ignores that cache); the others are rendered in
    ``jobs_count`` worker processes (default: one per core). The output is the
    same whatever the number of workers."""
    progress = progress or (lambda message: None)
    options = build_options(project, languages, formats, preview=preview, force=force)
    wanted, formats = options["languages"], options["formats"]
    build_key, language_keys, last = quick_check(project, options, clean=clean)
    if last is not None:
        return BuildReport.from_cache(project, last)
    report = BuildReport()
    documents = load_documents(project)
    media = {document.name: document_media(project, document) for document in documents}
    domains = [d.name for d in documents]
    html_dir, pdf_dir = project.output / "html", project.output / "pdf"
    for folder in (html_dir, pdf_dir):
        try:  # an unwritable output folder is one error, not one per booklet
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RenderError(f"cannot write: {exc.strerror}", path=project.relative(folder)) from None
        remove_stale_temporaries(folder)
    remove_stale_temporaries(project.root / CACHE_DIR)  # fonts and patterns a killed build was writing
    rtl = {code: bool(language_info(code)["rtl"]) for code in project.all_languages}
    names = own_names(project)
    source_info = language_info(project.source_language, names[project.source_language])
    editions: dict[str, dict[str, TranslatedDocument]] = {d.name: {} for d in documents}
    cache = open_cache(project, clean=clean)
    env = project_environment(project)
    ui_strings: dict[str, Translations] = {}  # each language's templates' strings, for the site too
    figures: dict[str, list[dict[str, object]]] = {}  # language -> its editions' figures, for the report
    booklets: dict[str, list[Path]] = {}  # language -> its booklets, rendered or unchanged (made this time)
    broken: set[str] = set()  # languages that failed

    @lru_cache(maxsize=None)
    def booklet_fonts() -> object:  # the same for every booklet, made when the first needs it
        return markup(fonts.font_face_css(lambda face: face.file.as_uri(), fonts.print_faces(project.root / FONT_CACHE)))

    def make(language: str, renderer: RenderPool) -> None:
        """Translate ``language``'s editions and hand its changed booklets to
        the renderer. A language a partial build does not want is translated
        too, not rendered, so that the index and the language switchers still
        name every edition."""
        info = language_info(language, names[language])
        figures[language], booklets[language] = [], []
        try:
            catalogs = None if language == project.source_language else load_catalogs(project, language, domains)
            if catalogs is not None and not force and language in wanted:
                gate(project, catalogs, cache)
            strings = ui_strings[language] = Translations(catalogs.lookup(TEMPLATES_DOMAIN) if catalogs else None)
            for document in documents:
                progress(f"{language}: {document.name}")
                edition = translate_document(
                    document,
                    catalogs.lookup(document.name) if catalogs else None,
                    language=language,
                    source_language=project.source_language,
                    rtl=rtl,
                    publish_fuzzy=project.fuzzy == "publish",
                    preview=preview,
                    catalog_path=catalogs.shown.get(document.name) if catalogs else None,
                )
                draft = edition.completion.below(project.threshold(language))
                if draft and project.incomplete == "skip":
                    report.skipped.append(f"{document.name}/{language}")
                    continue
                if draft:
                    report.drafts.append(f"{document.name}/{language}")
                edition.draft = draft
                editions[document.name][language] = edition
                if language not in wanted:
                    continue
                figures[language].append(edition.figures())
                date = _publication_date(document)
                context = dict(
                    language=info,
                    source_language=source_info,
                    source_language_name=display_name(project.source_language, language, strings),
                    title=edition.title,
                    meta=template_meta(edition),
                    body=markup(edition.body),
                    toc=edition.toc,
                    partial=edition.translated < edition.total,
                    percent=edition.percent,
                    **font_context(language),
                )
                if "pdf" in formats or "booklet" in formats:
                    cover = media[document.name].get(str(document.meta.get("image", "")))
                    pdf_path = pdf_dir / language / f"{document.name}.pdf"
                    width, height = PAGE_DIMENSIONS[project.page_size]
                    html = render_template(
                        env,
                        "booklet.html.j2",
                        translations=strings,
                        **context,
                        font_faces=booklet_fonts(),
                        page_size=f"{width}mm {height}mm",
                        page_height=f"{height}mm",
                        bleed=project.bleed,
                        crop_marks=project.crop_marks,
                        cover_image=cover.as_uri() if cover else "",
                        justify=_can_hyphenate(language),
                        draft=draft,
                        created=date.isoformat() if date else "",
                        published=format_date(date, "long", locale=language) if date else "",
                        credits=_credits(catalogs, document.name),
                    )
                    outputs = [pdf_path] if "pdf" in formats else []
                    if "booklet" in formats:
                        outputs.append(pdf_path.with_name(f"{document.name}-imposed.pdf"))
                    if "html" in formats and "pdf" in formats:
                        outputs.append(html_dir / language / f"{document.name}.pdf")
                    job = PdfJob(
                        html=html,
                        base_url=project.source_dir,
                        # What a page may read: its media, the templates, the fonts.
                        # Never .git, .env, locales/ or pyproject.toml.
                        allowed=(project.source_dir, project.templates_dir, project.root / FONT_CACHE, *fonts.font_dirs()),
                        identifier=f"{document.name}/{language}",
                        shown=project.relative(pdf_path),
                        variant=project.pdf_variant,
                        rtl=bool(info["rtl"]),
                        imposed="booklet" in formats,
                        imposed_shown=project.relative(pdf_path.with_name(f"{document.name}-imposed.pdf")),
                        patterns=project.root / HYPHENATION_CACHE,
                    )
                    booklets[language].extend(outputs)
                    key = job_key(job, media[document.name])
                    if cache.fresh(outputs, key):
                        report.unchanged.extend(outputs)
                        continue
                    check_coverage(html, edition, catalogs)
                    renderer.submit((language, key, outputs, job))
        except BookletError as error:
            if language in wanted:
                report.failures.append(error)
            drop(language)

    def drop(language: str) -> None:
        broken.add(language)
        for name in editions:
            editions[name].pop(language, None)
        cache.forget_language(language)

    def present() -> dict[str, list[str]]:
        """Per document, the languages with an edition: made now, or as the last build made them."""
        return {
            name: [l for l in project.all_languages if l in made or name in kept.get(l, {}).get("index", {})]
            for name, made in editions.items()
        }

    # A language whose own inputs (its catalogues, and everything shared) are
    # as they were at its last successful build, and whose outputs are
    # intact, is left as it is: one changed catalogue costs one language's
    # work, not every language's. Its pages stay only if the site still has
    # the same editions (their language switchers list them).
    kept = {l: r for l in project.all_languages if _complete(r := cache.language(l, language_keys[l]), l, domains)}
    with RenderPool(cache, report, progress, jobs_count) as renderer:
        for language in project.all_languages:
            if language not in kept:
                make(language, renderer)
        for language in [l for l, record in kept.items() if record.get("present") != present()]:
            del kept[language]
            make(language, renderer)
        failed = renderer.finish()
        if failed and kept:  # the kept pages name a failed language
            for language in list(kept):
                del kept[language]
                make(language, renderer)
            failed |= renderer.finish()
    for language in failed:
        drop(language)
    for language, record in kept.items():
        report.drafts.extend(record["drafts"])
        report.skipped.extend(record["skipped"])
        figures[language] = record["figures"]
    order = {name: index for index, name in enumerate(project.all_languages)}
    report.editions = [f for language in project.all_languages for f in figures.get(language, [])]
    for listing in (report.drafts, report.skipped):
        listing.sort(key=lambda item: (order[item.rsplit("/", 1)[1]], domains.index(item.rsplit("/", 1)[0])))
    try:
        on_site = present()
        made_index: dict[str, dict[str, str]] = {}
        if "html" in formats:
            progress("web edition")
            made_index = write_site(
                project,
                documents,
                editions,
                on_site,
                media,
                ui_strings,
                report,
                wanted=wanted,
                with_pdf="pdf" in formats,
                preview=preview,
                index_entries={l: r["index"] for l, r in kept.items()},
                names=names,
            )
        for language, record in kept.items():
            report.unchanged.extend(project.root / name for name in record["outputs"])
        for language in set(cache.languages) - set(project.all_languages):
            cache.forget_language(language)  # no longer one of the project's
        for language in booklets:
            if language in wanted and language not in broken:
                pages = [html_dir / language / f"{n}.html" for n in domains if language in editions[n]]
                cache.remember_language(
                    language,
                    language_keys[language],
                    booklets[language] + (pages if "html" in formats else []),
                    present=on_site,
                    figures=figures[language],
                    index=made_index.get(language, {name: "" for name in domains if language in editions[name]}),
                    drafts=[d for d in report.drafts if d.endswith(f"/{language}")],
                    skipped=[d for d in report.skipped if d.endswith(f"/{language}")],
                )
        if not report.failures:
            cache.finish(build_key, report.written + report.unchanged, report.summary())
    finally:
        cache.save()
    return report


def _complete(record: dict | None, language: str, domains: list[str]) -> bool:
    """A language record as ``_build`` keeps them (a damaged one is not used)."""
    if record is None:
        return False
    shapes = {"present": dict, "figures": list, "index": dict, "drafts": list, "skipped": list}
    if not all(isinstance(record.get(name), shape) for name, shape in shapes.items()):
        return False
    listed = {f"{domain}/{language}" for domain in domains}
    return (
        set(record["index"]) <= set(domains)
        and all(isinstance(html, str) for html in record["index"].values())
        and all(isinstance(figures, dict) for figures in record["figures"])
        and all(isinstance(item, str) and item in listed for item in record["drafts"] + record["skipped"])
    )


def _can_hyphenate(language: str) -> bool:
    import pyphen

    return pyphen.language_fallback(language) is not None
