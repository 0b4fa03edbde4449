"""The web edition's search: a Pagefind index of every page, split by the pages' language.

Why Pagefind: a static index (no server, nothing sent anywhere) with
per-language word stemming, read in the browser piece by piece as a reader
searches; its binary comes from PyPI (``pagefind[extended]``, in the lock:
the extended build cuts Chinese and Japanese, written without spaces, into
words, where the plain one indexes a whole sentence as one word). It
indexes the ``data-pagefind-body`` of each page (the text, not the
navigation), and each ``<html lang>`` separately, so a German word finds
German chapters. The index needs the site served over HTTP (a static host,
or ``booklet serve``, offline too); browsers do not let a page opened as a
file read it.

Pagefind writes its bundle in one go; it is made in a temporary folder and
copied into ``output/html/pagefind/`` file by file, so that a file whose
bytes did not change is not rewritten and no reader sees half an index.
"""
from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from ..errors import RenderError
from ..fsutil import write_atomic
from ..report import BuildReport

__all__ = ["BUNDLE", "index_site"]

BUNDLE = "pagefind"  # the bundle's folder below output/html/

#: assets/search.js: the search box, where the index can be read (a page
#: served over HTTP); a page opened as a file shows none.
SCRIPT = """// The search box (Pagefind), where its index can be read: a page served over HTTP.
window.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("search");
  if (!box || !window.PagefindUI || location.protocol.indexOf("http") !== 0) return;
  new PagefindUI({ element: "#search", showSubResults: true, showImages: false, resetStyles: false });
  // Pagefind labels its field by a title only: name it by its placeholder
  // (in the page's language) for screen readers too.
  var label = function () {
    var input = box.querySelector("input");
    if (input && !input.hasAttribute("aria-label")) input.setAttribute("aria-label", input.placeholder || input.title);
    return Boolean(input);
  };
  if (!label()) new MutationObserver(function (changes, observer) { if (label()) observer.disconnect(); }).observe(box, { childList: true, subtree: true });
});
"""


def _executable() -> str:
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:  # pragma: no cover - a broken install
        raise RenderError("Pagefind is not installed (pip install 'pagefind[extended]')", path="pyproject.toml") from None
    return str(get_executable())


def index_site(html_dir: Path, report: BuildReport, scratch: Path) -> None:
    """Index every page below ``html_dir`` into ``html_dir``/pagefind/; ``scratch``
    is a folder of the project's own where the bundle is made first."""
    script = html_dir / "assets" / "search.js"
    report.record(script, write_atomic(script, SCRIPT, error=RenderError))
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch, prefix=".tmp-booklet-") as temporary:
        made = Path(temporary) / BUNDLE
        result = subprocess.run(
            [_executable(), "--site", str(html_dir), "--output-path", str(made), "--silent", "--glob", "**/*.html"],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            detail = (result.stderr or result.stdout).strip().splitlines()
            raise RenderError(f"the search index could not be made: {detail[-1] if detail else result.returncode}", path="output/html")
        target = html_dir / BUNDLE
        wanted = set()
        for file in sorted(p for p in made.rglob("*") if p.is_file()):
            relative = file.relative_to(made)
            wanted.add(relative)
            data = file.read_bytes()
            if file.name == "pagefind-entry.json":
                # Pagefind lists the languages in a different order from one
                # run to the next; sorted, the same site gives the same bytes.
                data = json.dumps(json.loads(data), sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            report.record(target / relative, write_atomic(target / relative, data, error=RenderError))
    for old in sorted(p for p in target.rglob("*") if p.is_file()):
        if old.relative_to(target) not in wanted:  # a fragment of pages that changed since
            old.unlink()
