"""What a booklet's cache key is made of (render.pool.job_key, cache.input_keys): a press
booklet embeds the press profile, so a profile changed in place (a Debian update) makes it again."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.cache import build_options, input_keys
from pipeline.config import load_project
from pipeline.render import inks
from pipeline.render.pdf import PdfJob
from pipeline.render.pool import job_key


def _job(variant: str, folder: Path) -> PdfJob:
    return PdfJob(html="<p>x</p>", base_url=folder, allowed=(folder,), identifier="a/de", shown="a.pdf",
                  variant=variant, rtl=False, imposed=True, imposed_shown="a-imposed.pdf")


@pytest.fixture
def profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if not inks.PRESS_PROFILE.is_file():
        pytest.fail(f"{inks.PRESS_PROFILE} is missing (make installs libgs-common)")
    copy = tmp_path / "default_cmyk.icc"
    shutil.copy(inks.PRESS_PROFILE, copy)
    monkeypatch.setattr(inks, "PRESS_PROFILE", copy)
    return copy


def test_a_press_booklets_key_changes_with_the_press_profile(profile: Path, tmp_path: Path) -> None:
    before = {variant: job_key(_job(variant, tmp_path), {}) for variant in ("pdf/x-4", "pdf/ua-1")}
    profile.write_bytes(profile.read_bytes() + b"\0")
    after = {variant: job_key(_job(variant, tmp_path), {}) for variant in ("pdf/x-4", "pdf/ua-1")}
    assert before["pdf/x-4"] != after["pdf/x-4"]
    assert before["pdf/ua-1"] == after["pdf/ua-1"]  # a reader's booklet embeds no profile


def test_a_press_builds_key_changes_with_the_press_profile(profile: Path, make_project) -> None:
    root = make_project({"source/a.md": "# Title\n\nText.\n"}, extra='pdf-variant = "pdf/x-4"\n')
    project = load_project(root)
    options = build_options(project, None, None, preview=False, force=False)
    before = input_keys(project, options)
    profile.write_bytes(profile.read_bytes() + b"\0")
    assert input_keys(project, options) != before
