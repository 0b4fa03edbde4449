"""What both renderers give their templates: page metadata, trusted markup, the font stacks."""
from __future__ import annotations

from ..languages import language_info
from ..source import FRONT_MATTER_KEYS
from ..translate import TranslatedDocument
from . import fonts

__all__ = ["font_context", "font_stack_css", "markup", "template_meta"]


def template_meta(edition: TranslatedDocument) -> dict[str, object]:
    """Every front-matter key of booklet's, empty where the document has none
    (templates are strict), and the document's own other keys as written."""
    return {**edition.meta, **{key: edition.meta.get(key, [] if key == "keywords" else "") for key in FRONT_MATTER_KEYS}}


def markup(html: str):
    """HTML the pipeline made (escaped and sanitized already), for a template to insert as is."""
    from markupsafe import Markup

    return Markup(html)


def _families(families: list[str], generic: str) -> str:
    return ", ".join(f"'{family}'" for family in families) + f", {generic}"


def font_stack_css(language: str, settings: fonts.FontSettings = ()) -> str:
    """The CSS font-family list for a language: its own stack first (or its
    script's), every configured face, then the generic families. A reader's
    browser goes on to its own fonts (``emoji``: the system's emoji); a PDF
    has only the configured faces (render.pdf), checked by render.coverage."""
    script = language_info(language)["script"]
    return _families(fonts.font_stack(script, settings, language=language), "serif, emoji")


def font_context(language: str, settings: fonts.FontSettings = ()) -> dict[str, str]:
    """The font-family lists the stylesheets use (booklet.css, site.css),
    from the project's [tool.booklet.fonts] (``settings``)."""
    return {
        "fonts": font_stack_css(language, settings),  # the language's own
        "fonts_text": _families(fonts.font_stack(None, settings), "serif, emoji"),  # Latin, Cyrillic, Greek
        "fonts_arabic": font_stack_css("ar", settings),
        "fonts_mono": _families(fonts.mono_stack(settings), "monospace, emoji"),
    }
