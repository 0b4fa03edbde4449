"""The build cache's keys: font files are read once while unchanged."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from pipeline import cache
from pipeline.cache import BuildOptions, input_keys
from pipeline.config import load_project


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
