"""booklet's version, and the versions of the libraries that shape its output (for the keys of the build cache)."""
from __future__ import annotations

from functools import lru_cache

__all__ = ["__version__", "tool_versions"]

__version__ = "0.1.0"


@lru_cache(maxsize=None)
def tool_versions(code: bool = True) -> str:
    """Versions of everything that shapes an output or a check, read without
    importing it. With ``code``, booklet's own code too, not only its version:
    between releases (a checkout, an editable install) a changed module or
    template must not be answered with booklets the old code made. Without
    it for what booklet's code does not shape (a font cut down by HarfBuzz),
    so that its file keeps its name from one commit to the next."""
    installed = _installed_versions()
    parts = [f"booklet={__version__}"] + ([f"code={_code_digest()}"] if code else [])
    for name in (
        "weasyprint", "pypdf", "pydyf", "fonttools", "pyphen", "uharfbuzz", "brotli",  # the PDFs and fonts
        "babel", "jinja2", "markupsafe", "markdown-it-py", "polib", "num2words",  # text, pages, checks
        "pygments",  # code blocks' highlighting: a new lexer changes the pages
    ):
        parts.append(f"{name}={installed.get(name) or _version(name)}")
    return ";".join(parts)


def _version(name: str) -> str:
    """The version importlib.metadata finds for a package the ``*.dist-info``
    listing does not name; imported here, as it is rarely needed: it takes a
    tenth of a no-op build's start-up (email, zipfile, inspect)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


def _code_digest(package: "Path | None" = None) -> str:
    """A digest of booklet's own modules, templates and data, by path and content
    (about 1 MB: a few milliseconds)."""
    import hashlib
    from pathlib import Path

    package = package or Path(__file__).parent
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _installed_versions() -> dict[str, str]:
    """Normalized project name -> version, from the names of the ``*.dist-info``
    folders on ``sys.path``, the first one found winning as in
    ``importlib.metadata``. One listing per folder instead of parsing a
    METADATA file per package (13 of them took 25 ms of a 0.2 s no-op build);
    a package installed otherwise is asked of importlib.metadata."""
    import os
    import re
    import sys

    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                project, _, release = name[: -len(".dist-info")].partition("-")
                if release:
                    found.setdefault(re.sub(r"[-_.]+", "-", project).lower(), release)
    return found
