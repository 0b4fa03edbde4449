"""The build cache's keys: font files are read once while unchanged, and no renderer is imported to make them."""
from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

from pipeline import cache
from pipeline.cache import BuildOptions, input_keys
from pipeline.config import load_project

from .test_imports import imported_modules


def test_font_digests_are_remembered_by_size_and_mtime(make_project, tmp_path: Path, monkeypatch) -> None:
    root = make_project({"source/a.md": "# A\n"})
    project = load_project(root)
    options = BuildOptions(languages=("de",), formats=("html",), preview=False, force=False)
    read: list[Path] = []
    real = cache.file_digest
    monkeypatch.setattr(cache, "file_digest", lambda path: read.append(Path(path)) or real(path))

    first = input_keys(project, options)
    fonts = set(cache._font_files(project))
    assert fonts and set(read) == fonts  # every face read once
    read.clear()
    assert input_keys(project, options) == first and read == []  # remembered in .booklet-cache

    # A font that changes (here a copy the stacks point to, touched) is read
    # again, and the key follows its content.
    face = sorted(fonts)[0]
    copy = tmp_path / "fonts" / face.name
    copy.parent.mkdir()
    shutil.copy(face, copy)
    monkeypatch.setattr(cache, "_font_files", lambda project: [copy])
    keyed = input_keys(project, options)
    copy.write_bytes(copy.read_bytes() + b"\0")
    os.utime(copy, ns=(1, 1))
    read.clear()
    assert input_keys(project, options) != keyed and read == [copy]

    (root / cache.FONT_DIGESTS).write_text("{not json", encoding="utf-8")  # a damaged memory costs a reading
    read.clear()
    input_keys(project, options)
    assert read == [copy]


def test_a_builds_keys_import_no_renderer_nor_font_library(make_project) -> None:
    # quick_check runs before a no-op build stops: its keys (the imposed
    # sheets' press profile, the faces in Noto CJK's collections, the tools'
    # versions) are read without WeasyPrint, tinycss2, HarfBuzz or
    # importlib.metadata, a third of a no-op build's time.
    root = make_project({"source/a.md": "# A\n"})
    code = textwrap.dedent(
        """
        import sys
        from pipeline import cache
        from pipeline.config import load_project
        project = load_project(sys.argv[1])
        options = cache.build_options(project, None, None, preview=False, force=False)
        assert "booklet" in options.formats and any(file.suffix == ".ttc" for file in cache._font_files(project))
        cache.quick_check(project, options)
        """
    )
    heavy = {"weasyprint", "tinycss2", "uharfbuzz", "fontTools", "importlib.metadata", "pipeline.render.pdf", "pipeline.render.inks"}
    assert heavy & imported_modules(code, str(root)) == set()
