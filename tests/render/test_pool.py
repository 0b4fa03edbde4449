"""What a booklet's cache key is made of (render.pool.job_key, cache.input_keys): a press
booklet and every imposed twin embed the press profile, so a profile changed in place (a
Debian update) makes them again."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.cache import build_options, input_keys
from pipeline.config import load_project
from pipeline.render.profiles import CONDITIONS, DEFAULT_CONDITION
from pipeline.render.pdf import PdfJob
from pipeline.render.pool import job_key


def _job(variant: str, folder: Path, imposed: bool = True) -> PdfJob:
    return PdfJob(html="<p>x</p>", base_url=folder, allowed=(folder,), identifier="a/de", shown="a.pdf",
                  variant=variant, rtl=False, imposed=imposed, imposed_shown="a-imposed.pdf")


@pytest.fixture
def profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from dataclasses import replace

    default = CONDITIONS[DEFAULT_CONDITION]
    if not default.profile.is_file():
        pytest.fail(f"{default.profile} is missing (make test makes it)")
    copy = tmp_path / "press.icc"
    shutil.copy(default.profile, copy)
    monkeypatch.setitem(CONDITIONS, DEFAULT_CONDITION, replace(default, profile=copy))
    return copy


JOBS = [("pdf/x-4", False), ("pdf/x-4", True), ("pdf/ua-1", True), ("pdf/ua-1", False), ("pdf/a-3b", False)]


def test_a_booklets_key_changes_with_the_press_profile_where_a_press_file_is_made(profile: Path, tmp_path: Path) -> None:
    before = {job: job_key(_job(job[0], tmp_path, job[1]), {}) for job in JOBS}
    profile.write_bytes(profile.read_bytes() + b"\0")
    after = {job: job_key(_job(job[0], tmp_path, job[1]), {}) for job in JOBS}
    changed = [job for job in JOBS if before[job] != after[job]]
    # a press booklet, and the imposed twin of any booklet (always a press file); a reader's booklet alone embeds no profile
    assert changed == [("pdf/x-4", False), ("pdf/x-4", True), ("pdf/ua-1", True)]


def test_a_booklets_key_changes_with_the_press_condition_where_a_press_file_is_made(tmp_path: Path) -> None:
    from dataclasses import replace

    changed = [(v, i) for v, i in JOBS if job_key(_job(v, tmp_path, i), {}) != job_key(replace(_job(v, tmp_path, i), condition="SWOP"), {})]
    # what makes no press file names no condition: a reader's booklet alone is not made again for it
    assert changed == [("pdf/x-4", False), ("pdf/x-4", True), ("pdf/ua-1", True)]


def test_a_booklets_key_changes_with_the_press_date_where_a_press_file_is_made(tmp_path: Path) -> None:
    from dataclasses import replace

    dated = [(v, i) for v, i in JOBS if job_key(_job(v, tmp_path, i), {}) != job_key(replace(_job(v, tmp_path, i), press_date="2026-01-20"), {})]
    # the date is a press file's alone (render.pdf.write_pdf): a reader's booklet alone is not made again for it
    assert dated == [("pdf/x-4", False), ("pdf/x-4", True), ("pdf/ua-1", True)]


BOOKLETS = 'formats = ["html", "pdf", "booklet"]\n'


@pytest.mark.parametrize(
    ("extra", "formats", "changes"),
    [
        ('pdf-variant = "pdf/x-4"\n', ["pdf"], True),
        (BOOKLETS, ["pdf", "booklet"], True),
        (BOOKLETS, ["booklet"], True),
        (BOOKLETS, ["html", "pdf"], False),
    ],
)
def test_a_builds_key_changes_with_the_press_profile_where_a_press_file_is_made(
    profile: Path, make_project, extra: str, formats: list[str], changes: bool
) -> None:
    root = make_project({"source/a.md": "# Title\n\nText.\n"}, extra=extra)
    project = load_project(root)
    options = build_options(project, None, formats, preview=False, force=False)
    before = input_keys(project, options)
    profile.write_bytes(profile.read_bytes() + b"\0")
    assert (input_keys(project, options) != before) is changes
