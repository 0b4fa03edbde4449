"""The web edition: a page per document and language, the index, the site's
stylesheet and fonts, and sitemap.xml when the site's address is known."""
from __future__ import annotations

import html
from pathlib import Path

from ..cache import FONT_CACHE, WEBFONT_CACHE
from ..config import Project
from ..errors import RenderError
from ..fsutil import keep_only, write_atomic
from . import fonts
from ..languages import language_info
from .context import font_context, font_stack_css, markup, template_meta
from .jinja import Translations, project_environment, render_template
from ..report import BuildReport
from ..source import Document
from ..translate import TranslatedDocument

__all__ = ["write_site"]


def write_site(
    project: Project,
    documents: list[Document],
    editions: dict[str, dict[str, TranslatedDocument]],
    present: dict[str, list[str]],
    media: dict[str, dict[str, Path]],
    strings: dict[str, Translations],
    report: BuildReport,
    *,
    wanted: list[str],
    with_pdf: bool,
    preview: bool,
    index_entries: dict[str, dict[str, str]],
    names: dict[str, str],
) -> dict[str, dict[str, str]]:
    """Write the web edition: the pages of the ``editions`` made in this build
    (document -> language -> edition), the index, the stylesheet and fonts.

    ``present`` lists, per document, every language that has an edition, in
    the site's order: those made now and those left as the last build made
    them, whose index entries (language -> document -> HTML) come in
    ``index_entries``. Returns the index entries made now."""
    html_dir = project.output / "html"
    source_info = language_info(project.source_language, names[project.source_language])
    languages = [l for l in project.all_languages if any(l in found for found in present.values())]
    web_media: dict[str, str] = {}
    for files in media.values():
        for src, file in files.items():
            web_media[src] = "media/" + file.relative_to(project.root.resolve()).as_posix()
            target = html_dir / web_media[src]
            report.record(target, write_atomic(target, file.read_bytes(), error=RenderError))
    env = project_environment(project)
    for language in languages:
        info = language_info(language, names[language])
        for document in documents:
            edition = editions[document.name].get(language)
            if edition is None or language not in wanted:
                continue
            alternates = [
                {"language": language_info(l, names[l]), "href": f"../{l}/{document.name}.html"} for l in present[document.name]
            ]
            page = render_template(
                env,
                "page.html.j2",
                translations=strings[language],
                language=info,
                source_language=source_info,
                title=edition.title,
                meta=template_meta(edition),
                body=markup(edition.render_body(lambda src: "../" + web_media[src])),
                toc=edition.toc,
                partial=edition.translated < edition.total,
                percent=edition.percent,
                editions=alternates,
                x_default=f"../{project.source_language}/{document.name}.html",
                root="../",
                pdf=f"{document.name}.pdf" if with_pdf else "",
                preview=preview,
                draft=edition.draft,
            )
            path = html_dir / language / f"{document.name}.html"
            report.record(path, write_atomic(path, page, error=RenderError))

    made: dict[str, dict[str, str]] = {}
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
                href=f"{language}/{document.name}.html",
                pdf=f"{language}/{document.name}.pdf" if with_pdf else "",
                percent=edition.percent,
            )
            made.setdefault(language, {})[document.name] = item
            items.append(markup(item))
        index_documents.append({"name": document.name, "title": document.title, "editions": items})
    if project.site_url:
        pages = []
        for document in documents:
            alternates = [
                {"hreflang": language_info(l)["tag"], "href": f"{project.site_url}{l}/{document.name}.html"}
                for l in present[document.name]
            ]
            if project.source_language in present[document.name]:
                alternates.append(
                    {"hreflang": "x-default", "href": f"{project.site_url}{project.source_language}/{document.name}.html"}
                )
            for language in present[document.name]:
                pages.append({"loc": f"{project.site_url}{language}/{document.name}.html", "alternates": alternates})
        sitemap = render_template(env, "sitemap.xml.j2", pages=pages)
        report.record(html_dir / "sitemap.xml", write_atomic(html_dir / "sitemap.xml", sitemap, error=RenderError))
    site_title = documents[0].title if len(documents) == 1 else project.name
    index = render_template(
        env, "index.html.j2", language=source_info, site_title=site_title, documents=index_documents
    )
    report.record(html_dir / "index.html", write_atomic(html_dir / "index.html", index, error=RenderError))

    # The fonts, cut down to the characters of every page of the site (those
    # of languages not rebuilt this time too), and only those.
    text = "".join(html.unescape(page.read_text(encoding="utf-8")) for page in sorted(html_dir.glob("**/*.html")))
    faces = fonts.web_faces(project.root / FONT_CACHE, project.root / WEBFONT_CACHE, text, compress=not preview)
    font_dir = html_dir / "assets" / "fonts"
    for face in faces:
        report.record(font_dir / face.file.name, write_atomic(font_dir / face.file.name, face.file.read_bytes(), error=RenderError))
    keep_only(font_dir, {face.file.name for face in faces}, error=RenderError)
    css = render_template(
        env,
        "site.css",
        font_faces=markup(fonts.font_face_css(lambda face: "fonts/" + face.file.name, faces)),
        **font_context(project.source_language),
    )
    report.record(html_dir / "assets/site.css", write_atomic(html_dir / "assets/site.css", css, error=RenderError))
    return made
