"""Parallel and incremental builds: same bytes whatever the workers, only what changed is rebuilt."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile

import polib
import pytest

from pipeline.build import build
from pipeline.catalog.pofile import format_po
from pipeline.config import load_project
from pipeline.init import init

from .test_imports import imported_modules

SOURCE = "# Title\n\nFirst paragraph.\n\nSecond paragraph.\n"


def _project(make_project):
    root = make_project({"source/a.md": SOURCE}, languages=("de", "ru"))
    project = load_project(root)
    init(project, ["de", "ru"])
    return root, project


def _snapshot(root):
    return {p.relative_to(root): p.read_bytes() for p in (root / "output").rglob("*") if p.is_file()}


def test_output_is_the_same_whatever_the_number_of_workers(make_project):
    root, project = _project(make_project)
    build(project, clean=True, jobs_count=1)
    one = _snapshot(root)
    build(project, clean=True, jobs_count=2)
    assert _snapshot(root) == one


def test_workers_leave_no_temporary_files(make_project, tmp_path, monkeypatch):
    # WeasyPrint copies the fonts into a temporary folder per font configuration
    # and deletes it when the configuration is collected, which a pool worker
    # never does: the build gives its workers a folder of their own.
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    root, project = _project(make_project)
    build(project, clean=True, jobs_count=2)
    assert (root / "output/pdf/ru/a.pdf").is_file()
    from pipeline.render import pdf

    pdf._forget_font_configurations()  # what this process keeps for its next build, dropped at its exit
    assert list(scratch.iterdir()) == []


def test_the_build_command_leaves_no_temporary_files(make_project, tmp_path):
    root, _ = _project(make_project)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = dict(os.environ, TMPDIR=str(scratch))
    result = subprocess.run([sys.executable, "-m", "pipeline", "--project", str(root), "build", "--jobs", "2"],
                            capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    assert (root / "output/pdf/ru/a.pdf").is_file()
    assert list(scratch.iterdir()) == []


def test_compiled_resources_survive_clean_builds(make_project, monkeypatch):
    import pyphen

    monkeypatch.setattr(pyphen, "hdcache", {})  # as in a new process
    root, project = _project(make_project)
    build(project, clean=True, jobs_count=1)
    made = {p: p.stat().st_mtime_ns for p in (root / ".booklet-cache").rglob("*") if p.suffix in (".ttf", ".pickle")}
    assert any(p.suffix == ".ttf" for p in made) and any(p.name.startswith("hyph_de") for p in made)
    build(project, clean=True, jobs_count=1)
    assert {p: p.stat().st_mtime_ns for p in made} == made


def test_one_changed_catalogue_rebuilds_only_its_language(make_project):
    root, project = _project(make_project)
    build(project)
    path = project.po_path("de", "a")
    po = polib.pofile(str(path))
    po.find("First paragraph.").msgstr = "Erster Absatz."
    path.write_text(format_po(po), encoding="utf-8")
    report = build(project)
    written = {p.relative_to(root).as_posix() for p in report.written}
    assert "output/pdf/de/a.pdf" in written and "output/html/de/a.html" in written
    assert not any("/ru/" in name or "/en/" in name for name in written if name.endswith(".pdf"))


def test_nothing_to_do_in_any_format_imports_no_renderer_nor_rich(make_project):
    # tests/commands/test_build.py asks it of an HTML-only build; here of
    # every format, PDF booklets and press files included
    root, project = _project(make_project)
    build(project)
    code = (
        "import io, sys; from pipeline.cli import main; out = io.StringIO(); "
        "assert main(['--project', sys.argv[1], 'build'], stdout=out) == 0; "
        "assert '0 file(s) written' in out.getvalue(), out.getvalue()"
    )
    heavy = {"rich", "weasyprint", "markdown_it", "jinja2", "pipeline.build", "pipeline.render.pdf"}
    assert heavy & imported_modules(code, str(root)) == set()


def test_clean_ignores_the_cache_and_a_damaged_cache_is_ignored(make_project):
    root, project = _project(make_project)
    build(project)
    assert build(project).cached
    report = build(project, clean=True)
    assert not report.cached and report.unchanged  # rendered again, same bytes: nothing rewritten
    (root / ".booklet-cache/build.json").write_text("{not json", encoding="utf-8")
    report = build(project)
    assert not report.failures and not report.written


def test_an_output_changed_by_hand_is_rebuilt(make_project):
    root, project = _project(make_project)
    build(project)
    pdf = root / "output/pdf/ru/a.pdf"
    original = pdf.read_bytes()
    pdf.write_bytes(b"damaged")
    report = build(project)
    assert pdf in report.written and pdf.read_bytes() == original


def _translate(project, language: str, source: str, text: str) -> None:
    path = project.po_path(language, "a")
    po = polib.pofile(str(path))
    po.find(source).msgstr = text
    path.write_text(format_po(po), encoding="utf-8")


def _clean_build_of(root, tmp_path):
    """The output and report of a clean build of a copy of the project (the oracle)."""
    import shutil

    copy = tmp_path / "clean-copy"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("output", ".booklet-cache"))
    report = build(load_project(copy), clean=True)
    return _snapshot(copy), report.summary()


def _translated_languages(monkeypatch) -> list[str]:
    import pipeline.build as build_module

    seen: list[str] = []
    real = build_module.translate_document

    def spy(document, *args, **kwargs):
        seen.append(kwargs["language"])
        return real(document, *args, **kwargs)

    monkeypatch.setattr(build_module, "translate_document", spy)
    return seen


def test_languages_whose_catalogues_did_not_change_are_left_as_they_were(make_project, monkeypatch, tmp_path):
    root, project = _project(make_project)
    build(project)
    _translate(project, "de", "First paragraph.", "Erster Absatz.")
    seen = _translated_languages(monkeypatch)
    report = build(project)
    assert seen == ["de"]  # en and ru are neither translated nor rendered again
    assert {p.relative_to(root).as_posix() for p in report.written} >= {"output/pdf/de/a.pdf", "output/html/de/a.html"}
    assert {"output/pdf/ru/a.pdf", "output/html/ru/a.html", "output/html/en/a.html"} <= {
        p.relative_to(root).as_posix() for p in report.unchanged
    }
    snapshot, summary = _clean_build_of(root, tmp_path)
    assert _snapshot(root) == snapshot
    assert report.summary() == summary  # every edition's figures, in order, kept ones too
    seen.clear()
    assert build(project).cached and seen == []


def _links(root, language: str) -> set[str]:
    import re

    return set(re.findall(r'hreflang="([^"]+)"', (root / f"output/html/{language}/a.html").read_text(encoding="utf-8")))


def test_a_language_that_stops_being_published_leaves_the_other_pages(make_project, monkeypatch, tmp_path):
    root = make_project({"source/a.md": "# Title\n\n147 people.\n\nSecond paragraph.\n"}, languages=("de", "ru"))
    project = load_project(root)
    init(project, ["de", "ru"])
    _translate(project, "ru", "147 people.", "147 человек.")
    build(project)
    assert {"ru", "de"} <= _links(root, "de")
    _translate(project, "ru", "147 people.", "148 человек.")  # a changed figure: ru is not published
    seen = _translated_languages(monkeypatch)
    report = build(project)
    assert report.failures and "ru not published" in str(report.failures[0])
    assert "de" in seen  # its page named ru: made again
    assert "ru" not in _links(root, "de") and "ru" not in _links(root, "en")
    # Its old page and booklets are not left to be deployed, and the report says so.
    assert not (root / "output/html/ru").exists() and not (root / "output/pdf/ru").exists()
    assert {p.relative_to(root).as_posix() for p in report.removed} == {
        "output/html/ru/a.html", "output/html/ru/a.pdf", "output/pdf/ru/a.pdf", "output/pdf/ru/a-imposed.pdf",
    }
    _translate(project, "ru", "147 people.", "147 человек.")
    build(project)
    assert "ru" in _links(root, "de") and "ru" in _links(root, "en")
    assert _snapshot(root) == _clean_build_of(root, tmp_path)[0]


def test_outputs_no_edition_makes_any_more_are_removed_by_a_whole_build_only(make_project):
    root, project = _project(make_project)
    build(project)
    assert (root / "output/pdf/ru/a.pdf").is_file()
    (root / "output/html/fr").mkdir()
    (root / "output/html/fr/a.html").write_text("an old French page", encoding="utf-8")
    report = build(project, languages=["de"])  # a partial build removes nothing
    assert report.removed == [] and (root / "output/html/fr/a.html").is_file()
    (root / "pyproject.toml").write_text(
        (root / "pyproject.toml").read_text(encoding="utf-8").replace('["de", "ru"]', '["de"]'), encoding="utf-8"
    )
    report = build(load_project(root))
    removed = {p.relative_to(root).as_posix() for p in report.removed}
    assert "output/html/fr/a.html" in removed and "output/pdf/ru/a.pdf" in removed and "output/html/ru/a.html" in removed
    assert not (root / "output/html/ru").exists() and not (root / "output/html/fr").exists()
    assert (root / "output/pdf/de/a.pdf").is_file()


def test_a_booklet_that_fails_to_render_leaves_the_other_pages(make_project, monkeypatch, tmp_path):
    import pipeline.render.pool as pool_module
    from pipeline.errors import RenderError

    root, project = _project(make_project)
    build(project)
    real = pool_module.render_job

    def failing(job):
        if job.identifier.endswith("/ru"):
            raise RenderError("PDF rendering failed: on purpose", path=job.shown)
        return real(job)

    monkeypatch.setattr(pool_module, "render_job", failing)
    _translate(project, "ru", "First paragraph.", "Первый абзац.")
    report = build(project, jobs_count=1)
    assert [str(f) for f in report.failures] == ["output/pdf/ru/a.pdf: PDF rendering failed: on purpose"]
    assert "ru" not in _links(root, "de") and "ru" not in _links(root, "en")
    monkeypatch.setattr(pool_module, "render_job", real)
    build(project)
    assert _snapshot(root) == _clean_build_of(root, tmp_path)[0]


@pytest.mark.parametrize(
    "damage",
    [{"figures": 5}, {"figures": [1]}, {"index": {"a": 7}}, {"index": {"gone": ""}}, {"drafts": [3]}, {"skipped": ["gone/ru"]}],
)
def test_a_damaged_language_record_is_not_used(make_project, tmp_path, monkeypatch, damage):
    import json

    root, project = _project(make_project)
    build(project)
    path = root / ".booklet-cache/build.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data["languages"]) == {"en", "de", "ru"}
    data["languages"]["ru"].update(damage)
    path.write_text(json.dumps(data), encoding="utf-8")
    _translate(project, "de", "First paragraph.", "Erster Absatz.")
    seen = _translated_languages(monkeypatch)
    report = build(project)
    assert not report.failures and sorted(seen) == ["de", "ru"]  # ru made again, en still kept
    assert _snapshot(root) == _clean_build_of(root, tmp_path)[0]


def test_an_output_of_a_kept_language_removed_by_hand_is_made_again(make_project, monkeypatch):
    root, project = _project(make_project)
    build(project)
    (root / "output/html/ru/a.html").unlink()
    _translate(project, "de", "First paragraph.", "Erster Absatz.")
    seen = _translated_languages(monkeypatch)
    build(project)
    assert sorted(seen) == ["de", "ru"]
    assert (root / "output/html/ru/a.html").is_file()


def test_tool_versions_agree_with_importlib_metadata():
    import re
    from importlib.metadata import distributions, version

    from pipeline.versions import _installed_versions, tool_versions

    def normal(release: str) -> str:  # wheel folder names carry the normalized form ("4.004" -> "4.4")
        return ".".join(str(int(part)) if part.isdigit() else part for part in release.split("."))

    installed = _installed_versions()
    checked = 0
    for distribution in distributions():
        name = re.sub(r"[-_.]+", "-", distribution.metadata["Name"]).lower()
        if name in installed:  # the first one on sys.path, as importlib.metadata.version picks
            assert normal(installed[name]) == normal(version(name)), name
            checked += 1
    assert checked > 20
    assert "weasyprint=?" not in tool_versions() and "babel=" in tool_versions()


def test_a_partial_build_then_a_full_one_is_a_clean_build(make_project, monkeypatch, tmp_path):
    root, project = _project(make_project)
    build(project)
    _translate(project, "de", "First paragraph.", "Erster Absatz.")
    build(project, languages=["de"])
    seen = _translated_languages(monkeypatch)
    report = build(project)
    assert seen == []  # de was made by the partial build, en and ru by the first
    assert not report.failures
    snapshot, summary = _clean_build_of(root, tmp_path)
    assert _snapshot(root) == snapshot
    assert report.summary() == summary


def test_any_sequence_of_edits_ends_as_a_clean_build_would(make_project, tmp_path):
    """Catalogue edits, a changed figure and its fix, a removed output, partial
    builds, in a fixed pseudo-random order: after each build, the output is
    byte for byte what a clean build of the same inputs makes."""
    import random

    root = make_project(
        {"source/a.md": "# Title\n\n147 people.\n\nFirst paragraph.\n\nSecond paragraph.\n"}, languages=("de", "ru")
    )
    project = load_project(root)
    init(project, ["de", "ru"])
    words = {"de": ["Erster Absatz.", "Ein erster Absatz.", ""], "ru": ["Первый абзац.", "Абзац первый.", ""]}
    figure = {"de": "147 Menschen.", "ru": "147 человек."}
    rng = random.Random(20)
    steps = []
    for step in range(8):
        language = rng.choice(["de", "ru"])
        action = rng.choice(["edit", "edit", "figure", "remove", "partial"])
        steps.append((action, language))
        if action == "edit":
            _translate(project, language, "First paragraph.", rng.choice(words[language]))
        elif action == "figure":  # wrong, or right again
            _translate(project, language, "147 people.", rng.choice([figure[language], figure[language].replace("147", "148")]))
        elif action == "remove":
            victim = root / "output" / rng.choice(["html", "pdf"]) / language / ("a.html" if rng.random() < 0.5 else "a.pdf")
            if victim.exists():
                victim.unlink()
        report = build(project, languages=[language] if action == "partial" else None)
        if action != "partial" and not report.failures:
            assert _snapshot(root) == _clean_build_of(root, tmp_path)[0], steps
    for language in ("de", "ru"):  # every figure right again: every language published
        _translate(project, language, "147 people.", figure[language])
    report = build(project)
    assert not report.failures
    assert _snapshot(root) == _clean_build_of(root, tmp_path)[0], steps
    assert any(action == "figure" for action, _ in steps) and any(action == "partial" for action, _ in steps)


def test_the_heap_is_frozen_while_booklets_render_and_thawed_after(make_project, monkeypatch):
    import gc

    import pipeline.render.pool as pool_module

    root, project = _project(make_project)
    real = pool_module.render_job
    frozen_while_rendering = []

    def spy(job):
        frozen_while_rendering.append(gc.get_freeze_count())
        return real(job)

    monkeypatch.setattr(pool_module, "render_job", spy)
    assert gc.get_freeze_count() == 0
    build(project, jobs_count=1)
    assert frozen_while_rendering and all(count > 10_000 for count in frozen_while_rendering)
    assert gc.get_freeze_count() == 0  # nothing left out of the collector's reach
