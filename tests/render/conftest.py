"""Builds the render tests read back: the first publication and the test book, once per run."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.build import build
from pipeline.config import load_project
from pipeline.render.pool import RenderPool

from ..conftest import REPO

TIDEBOOK = REPO / "tests" / "fixtures" / "tidebook"


def _build(root: Path) -> dict[str, tuple[str, Path]]:
    """Build ``root``'s PDFs; {language: (the booklet HTML rendered, the PDF)} for every booklet."""
    pages: dict[str, tuple[str, Path]] = {}
    original = RenderPool.submit

    def capture(self, entry):
        job = entry[3]
        pages[job.identifier.rsplit("/", 1)[1]] = (job.html, root / job.shown)
        return original(self, entry)

    RenderPool.submit = capture
    try:
        report = build(load_project(root), formats=["pdf"], jobs_count=1)
    finally:
        RenderPool.submit = original
    assert not report.failures, [str(failure) for failure in report.failures]
    return pages


@pytest.fixture(scope="package")
def publication(tmp_path_factory) -> dict[str, tuple[str, Path]]:
    root = tmp_path_factory.mktemp("built") / "publication"
    root.mkdir()
    for name in ("pyproject.toml", "source", "locales", "templates"):
        source = REPO / name
        if source.exists():
            (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    return _build(root)


@pytest.fixture(scope="package")
def tidebook(tmp_path_factory) -> dict[str, tuple[str, Path]]:
    root = tmp_path_factory.mktemp("built") / "tidebook"
    shutil.copytree(TIDEBOOK, root)
    return _build(root)
