"""Document and templates -> gettext messages (the .pot side of the pipeline)."""
from __future__ import annotations

from pathlib import Path

import polib
from babel.messages.extract import extract as babel_extract

from ..errors import TemplateError
from ..fsutil import decode_utf8
from ..source import Document, inline_tag_key, inline_tokens, message_key

__all__ = ["document_entries", "template_entries", "JINJA_OPTIONS"]

#: Options for Babel's Jinja2 extractor (jinja2.ext.babel_extract); the same
#: ones the renderer's environment uses, so what is extracted is what is looked up.
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trimmed": "true", "silent": "false"}


def _add_comment(entry: polib.POEntry, comment: str) -> None:
    """Add an extracted comment (#.) line, once."""
    lines = entry.comment.split("\n") if entry.comment else []
    if comment not in lines:
        entry.comment = "\n".join([*lines, comment])


def document_entries(*documents: Document) -> list[polib.POEntry]:
    """One entry per distinct (msgctxt, msgid), in source order, with every
    reference; a book's catalogue is its titles' and chapters' together."""
    entries: dict[tuple[str | None, str], polib.POEntry] = {}
    for document, (context, text), segment in ((d, *pair) for d in documents for pair in zip(message_key(d), d.segments)):
        entry = entries.get((context, text))
        if entry is None:
            entry = polib.POEntry(msgid=text, msgstr="", msgctxt=context)
            entries[(context, text)] = entry
        for comment in [segment.kind, *_tag_notes(text, segment.kind), *segment.notes]:
            _add_comment(entry, comment)
        occurrence = (document.path, str(segment.line))
        if occurrence not in entry.occurrences:
            entry.occurrences.append(occurrence)
    return list(entries.values())


#: What a translator may change of the <img> tags of a message (source.translated_tag).
IMAGE_TAG_NOTE = "translate the alt and title of its <img> tags; keep the rest of each tag as it is"


def _tag_notes(text: str, kind: str) -> list[str]:
    """The note of a block's message that holds an inline <img> (its alt and title are translated)."""
    if "<img" not in text.lower() or kind.startswith(("code ", "front matter")) or kind in ("image alt text", "figure caption"):
        return []
    tags = (t.content for t in inline_tokens(text) if t.type == "html_inline")
    return [IMAGE_TAG_NOTE] if any(inline_tag_key(tag) != tag for tag in tags) else []


def template_entries(files: list[tuple[str, Path]]) -> list[polib.POEntry]:
    """Messages of Jinja2 templates through Babel's extractor; ``files`` is (shown path, file)."""
    entries: dict[tuple[str | None, str], polib.POEntry] = {}
    for shown, file in files:
        decode_utf8(file.read_bytes(), shown, TemplateError, "save the template as UTF-8")
        try:
            with open(file, "rb") as handle:
                found = list(
                    babel_extract(
                        "jinja2.ext:babel_extract",
                        handle,
                        comment_tags=("Translators:",),
                        options=JINJA_OPTIONS,
                        strip_comment_tags=True,
                    )
                )
        except Exception as exc:  # the extractor raises Jinja2's own syntax errors
            line = getattr(exc, "lineno", None)
            raise TemplateError(f"cannot extract: {getattr(exc, 'message', None) or exc}", path=shown, line=line) from None
        for line, message, comments, context in found:
            plural = None
            if isinstance(message, tuple):
                message, plural = message[0], message[1]
            key = (context, message)
            entry = entries.get(key)
            if entry is None:
                entry = polib.POEntry(msgid=message, msgctxt=context, msgstr="")
                if plural:
                    entry.msgid_plural = plural
                    entry.msgstr_plural = {0: "", 1: ""}
                entries[key] = entry
            if "%(" in message or "%%" in message:
                if "python-format" not in entry.flags:
                    entry.flags.append("python-format")
            for comment in comments:
                _add_comment(entry, comment)
            entry.occurrences.append((shown, str(line)))
    return list(entries.values())




def babel_extract_markdown(fileobj, keywords, comment_tags, options):  # noqa: ARG001 (Babel's signature)
    """Babel extractor for booklet's Markdown, registered under ``babel.extractors``
    as ``booklet-markdown``, so ``pybabel extract -F babel.cfg`` finds the same
    messages as ``booklet extract``. Contexts are reported through ``pgettext``."""
    from ..source import parse_document

    text = fileobj.read().decode(options.get("encoding", "utf-8")).replace("\r\n", "\n")
    name = getattr(fileobj, "name", "document.md")
    document = parse_document(text, name=str(name), path=str(name))
    for (context, message), segment in zip(message_key(document), document.segments):
        comments = [segment.kind, *segment.notes]
        if context is None:
            yield segment.line, "gettext", message, comments
        else:
            yield segment.line, "pgettext", (context, message), comments


__all__ += ["babel_extract_markdown"]
