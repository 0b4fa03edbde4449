"""The Jinja2 environment shared by the HTML and PDF renderers: loaders, i18n, filters."""
from __future__ import annotations

import contextvars
import gettext
import re
from functools import lru_cache
from pathlib import Path

import jinja2
import jinja2.bccache
import markupsafe

from ..config import Project
from ..errors import TemplateError
from ..translate import Lookup

__all__ = [
    "BUILTIN_TEMPLATES",
    "Translations",
    "environment",
    "project_environment",
    "render_template",
    "template_files",
]

BUILTIN_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
TEMPLATE_SUFFIXES = (".j2", ".css")


class Translations(gettext.NullTranslations):
    """gettext translations from a catalogue lookup; fuzzy and empty entries fall back."""

    def __init__(self, lookup: Lookup | None) -> None:
        super().__init__()
        self._strings = {
            (context, msgid): found.msgstr
            for (context, msgid), found in (lookup or {}).items()
            if found.msgstr and not found.fuzzy
        }

    def gettext(self, message: str) -> str:
        return self._strings.get((None, message), message)

    def characters(self) -> set[str]:
        """Every character of the translated strings."""
        return set("".join(self._strings.values()))

    def pgettext(self, context: str, message: str) -> str:
        return self._strings.get((context, message), message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural


def _css_string(value: object) -> markupsafe.Markup:
    """A CSS string literal: templates put translated labels into ``content:``
    inside a ``<style>`` element. Every character that could end the string,
    the declaration or the element (quotes, backslash, ``<`` of ``</style>``,
    ``>``, ``&``, controls) is written as a CSS escape, so the literal is safe
    as it is (HTML escaping would put ``&#34;`` into CSS, where it means nothing)."""
    escaped = "".join(f"\\{ord(char):x} " if char in _CSS_UNSAFE or not char.isprintable() else char for char in str(value))
    return markupsafe.Markup(f'"{escaped}"')


_CSS_UNSAFE = frozenset("\\\"'<>&;{}")


_NULL = Translations(None)
_CURRENT: contextvars.ContextVar[Translations] = contextvars.ContextVar("booklet_translations")


def _gettext(message: str) -> str:
    return _CURRENT.get(_NULL).gettext(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _CURRENT.get(_NULL).ngettext(singular, plural, n)


def _untrusted(context: jinja2.runtime.Context, translated: str, source: str, variables: dict) -> str:
    """A translation as a template gets it. Jinja's own newstyle gettext marks
    translations safe (Markup) in autoescaped templates: a translator's
    ``<script>`` would reach the page. Here a translation is text, escaped
    where the template escapes; and one whose ``%`` placeholders do not fit
    falls back to the source message instead of stopping the build."""
    def formatted(text: str) -> str:
        value = markupsafe.escape(text) if context.eval_ctx.autoescape else text
        return value % variables  # newstyle gettext: always a format string

    if sorted(_SPECS.findall(translated)) != sorted(_SPECS.findall(source)):
        # Another width or precision ("%(percent)100000000s") would make
        # one label megabytes long: only the source's own specs are used.
        return formatted(source)
    try:
        return formatted(translated)
    except (KeyError, TypeError, ValueError):
        return formatted(source)


_SPECS = re.compile(r"%(?:\(\w*\))?[-#0 +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[a-zA-Z%]")


@jinja2.pass_context
def _gettext_escaped(context: jinja2.runtime.Context, message: str, **variables: object) -> str:
    return _untrusted(context, _gettext(message), message, variables)


@jinja2.pass_context
def _ngettext_escaped(
    context: jinja2.runtime.Context, singular: str, plural: str, n: int, **variables: object
) -> str:
    variables.setdefault("num", n)
    return _untrusted(context, _ngettext(singular, plural, n), singular if n == 1 else plural, variables)


@lru_cache(maxsize=8)
def environment(templates_dir: Path | None, cache_dir: Path | None = None) -> jinja2.Environment:
    """The Jinja2 environment: the project's templates/ first, then the built-in ones.

    One environment serves every language (the translations are chosen per
    render by render_template), so each template is compiled once per run,
    and compiled templates are kept in ``cache_dir`` between runs."""
    loaders: list[jinja2.BaseLoader] = []
    if templates_dir is not None and templates_dir.is_dir():
        loaders.append(jinja2.FileSystemLoader(templates_dir))
    loaders.append(jinja2.FileSystemLoader(BUILTIN_TEMPLATES))
    bytecode = _BytecodeCache(cache_dir) if cache_dir is not None else None
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        extensions=["jinja2.ext.i18n"],
        autoescape=jinja2.select_autoescape(("html", "html.j2", "xml.j2"), default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=bytecode,
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(gettext=_gettext_escaped, ngettext=_ngettext_escaped)  # translations are untrusted
    env.filters["css_string"] = _css_string
    env.filters["fallback_labels"] = _fallback_labels
    return env


def _fallback_labels(body: markupsafe.Markup, label: str) -> markupsafe.Markup:
    """The body with ``label`` on the first block of each run left in the
    original language (translate marks them ``fallback-start``), for the
    stylesheet to show (``content: attr(data-label)``). The label is
    escaped like any translation; a source or a translation cannot make the
    marker, which only the renderer writes as an attribute."""
    marker = ' class="fallback fallback-start'
    attribute = f' data-label="{markupsafe.escape(label)}"'
    return markupsafe.Markup(str(body).replace(marker, attribute + marker))


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates between runs; a cache that cannot be read or written only costs time."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.folder = folder

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            pass

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


def project_environment(project: Project) -> jinja2.Environment:
    return environment(project.templates_dir, project.root / ".booklet-cache" / "jinja")


def render_template(
    env: jinja2.Environment, name: str, *, translations: Translations | None = None, **context: object
) -> str:
    """Render ``name`` with the templates' strings taken from ``translations``."""
    token = _CURRENT.set(translations or _NULL)
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"template syntax error: {exc.message}", path=_shown(exc.filename, name), line=exc.lineno) from None
    except jinja2.TemplateNotFound as exc:
        where, line = _failing_frame(exc, name)
        raise TemplateError(f"template not found: {exc.name}", path=where, line=line) from None
    except jinja2.UndefinedError as exc:
        where, line = _failing_frame(exc, name)
        raise TemplateError(f"template error: {exc.message}", path=where, line=line) from None
    except UnicodeDecodeError as exc:
        where, line = _undecodable(env, name, exc)
        raise TemplateError("not valid UTF-8", path=where, line=line, hint="save the template as UTF-8") from None
    except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as exc:
        # A template's own expression failed ({{ percent + "%" }}): a template error, not a crash.
        where, line = _failing_frame(exc, name)
        raise TemplateError(f"template error: {type(exc).__name__}: {exc}", path=where, line=line) from None
    finally:
        _CURRENT.reset(token)


def _undecodable(env: jinja2.Environment, name: str, exc: UnicodeDecodeError) -> tuple[str, int | None]:
    """Which template file is not UTF-8, and the line of the first bad byte."""
    for loader in getattr(env.loader, "loaders", []):
        for folder in getattr(loader, "searchpath", []):
            for file in sorted(Path(folder).iterdir()):
                if file.suffix not in TEMPLATE_SUFFIXES:
                    continue
                data = file.read_bytes()
                try:
                    data.decode("utf-8")
                except UnicodeDecodeError as bad:
                    return _shown(str(file), name), data[: bad.start].count(b"\n") + 1
    return name, None


def _failing_frame(exc: BaseException, name: str) -> tuple[str, int | None]:
    """The template file and line an error was raised from: Jinja2 rewrites
    tracebacks so that template code shows with its own file and line."""
    where, line = name, None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(TEMPLATE_SUFFIXES) and Path(filename).is_file():
            where, line = _shown(filename, name), tb.tb_lineno
        tb = tb.tb_next
    return where, line


def _shown(filename: str | None, name: str) -> str:
    """A template's path as the user knows it: templates/x or pipeline/templates/x."""
    if not filename:
        return name
    path = Path(filename)
    if path.parent == BUILTIN_TEMPLATES:
        return f"pipeline/templates/{path.name}"
    return f"templates/{path.name}"


def template_files(project: Project) -> list[tuple[str, Path]]:
    """(path shown in references, file) of every template in effect, project overrides first."""
    chosen: dict[str, tuple[str, Path]] = {}
    if project.templates_dir.is_dir():
        for file in sorted(project.templates_dir.iterdir()):
            if file.suffix in TEMPLATE_SUFFIXES:
                chosen[file.name] = (f"templates/{file.name}", file)
    for file in sorted(BUILTIN_TEMPLATES.iterdir()):
        if file.suffix in TEMPLATE_SUFFIXES and file.name not in chosen:
            chosen[file.name] = (f"pipeline/templates/{file.name}", file)
    return [chosen[name] for name in sorted(chosen)]
