"""Hyphenation patterns for the PDF renderer, parsed once per project instead of once per process.

Why by hand: WeasyPrint hyphenates through pyphen, which parses a language's
hunspell patterns the first time a process needs them: 0.87 s for German
(66,441 patterns), 0.08 s for English, measured here. The build renders in
new worker processes each time, so every build paid that again, in the
worker that drew the German booklet. Here the parsed patterns are pickled
into the project's cache (named by the pattern file's bytes and the pyphen
and Python versions), and loaded into pyphen's own cache (``pyphen.hdcache``)
in the build process before the workers fork, so they inherit them.

The pickles are as trusted as the rest of ``.booklet-cache`` (Jinja's
compiled templates live there too); one that cannot be read is parsed again.
"""
from __future__ import annotations

import pickle
import platform
import re
from importlib.metadata import version
from pathlib import Path

__all__ = ["languages_of", "preload"]

_LANG = re.compile(r"""\blang\s*=\s*["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)""")


def languages_of(html: str) -> set[str]:
    """The language tags an HTML document uses (its own and its passages')."""
    return set(_LANG.findall(html))


def preload(languages: set[str], folder: Path) -> None:
    """Put the patterns of ``languages`` into pyphen's cache, from ``folder`` when they were parsed before."""
    import pyphen

    from ..fsutil import digest, write_atomic

    paths = {pyphen.LANGUAGES[name] for name in filter(None, map(pyphen.language_fallback, languages))}
    for path in sorted(paths, key=str):
        if path in pyphen.hdcache:
            continue
        source = path.read_bytes()
        key = digest(source, version("pyphen"), platform.python_version())[:16]
        compiled = folder / f"{path.name.removesuffix('.dic')}-{key}.pickle"
        patterns = None
        if compiled.is_file():
            try:
                patterns = _unpickle(compiled.read_bytes())
            except Exception:  # damaged or foreign: parse it again
                patterns = None
        if not isinstance(patterns, pyphen.HyphDict):
            patterns = pyphen.HyphDict(path)
            try:
                write_atomic(compiled, pickle.dumps(patterns, protocol=pickle.HIGHEST_PROTOCOL))
            except Exception:  # a cache that cannot be written only costs time next run
                pass
        pyphen.hdcache[path] = patterns


def _unpickle(data: bytes) -> object:
    """``pickle.loads`` without the cyclic garbage collector, which would
    otherwise run over and over while 66,441 German patterns (some 200,000
    tuples, none of them in a cycle) are created: 0.06 s instead of 0.10 s."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        if enabled:
            gc.enable()
