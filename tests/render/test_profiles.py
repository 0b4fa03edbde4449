"""The press profile made from Fogra's FOGRA39 data (render/profiles.py), read back by LittleCMS and ArgyllCMS."""
from __future__ import annotations

import math
import os
import re
from pathlib import Path

import pytest

from pipeline.render.profiles import CONDITIONS, DEFAULT_CONDITION, FOGRA39_DATA, FOGRA39_PROFILE, fixed_header, make_fogra39

from ..conftest import need_tool, run_tool


def _installed() -> Path:
    if not FOGRA39_PROFILE.is_file() or not FOGRA39_DATA.is_file():
        message = f"{FOGRA39_PROFILE} or {FOGRA39_DATA} is missing (make test makes it, installing icc-profiles-free and argyll)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return FOGRA39_PROFILE


def _patches(data: Path) -> list[tuple[tuple[float, ...], tuple[float, ...]]]:
    """Fogra's measurements: each CMYK patch (percent) and its Lab (D50, 2°)."""
    text = data.read_text(encoding="ascii")
    fields = re.search(r"BEGIN_DATA_FORMAT\s+(.*?)\s+END_DATA_FORMAT", text, re.S).group(1).split()
    rows = re.search(r"BEGIN_DATA\s+(.*?)\s+END_DATA\b", text, re.S).group(1).splitlines()
    where = {name: fields.index(name) for name in ("CMYK_C", "CMYK_M", "CMYK_Y", "CMYK_K", "LAB_L", "LAB_A", "LAB_B")}
    patches = []
    for row in rows:
        values = row.split()
        patches.append((tuple(float(values[where[f"CMYK_{ink}"]]) for ink in "CMYK"), tuple(float(values[where[f"LAB_{axis}"]]) for axis in "LAB")))
    return patches


def test_the_default_press_condition_is_fogra39_with_the_profile_make_made() -> None:
    condition = CONDITIONS[DEFAULT_CONDITION]
    assert (condition.identifier, condition.registry) == ("FOGRA39", "http://www.color.org")
    assert "ISO 12647-2" in condition.condition and condition.profile == FOGRA39_PROFILE


def test_the_profile_prints_fogra39s_patches_as_fogra_measured_them() -> None:
    """Every one of the 1617 patches, CMYK to Lab through the profile
    (LittleCMS, absolute colorimetric), against the Lab Fogra measured: the
    profile is the condition's, within what an 8-bit Lab rounds to. SWOP,
    through the same test, is not (its paper and yellow differ by about 10)."""
    from PIL import Image, ImageCms

    _installed()
    patches = _patches(FOGRA39_DATA)
    lab = ImageCms.createProfile("LAB", 5000)

    def errors(profile: Path) -> list[float]:
        cmyk = Image.new("CMYK", (len(patches), 1))
        cmyk.putdata([tuple(round(share * 2.55) for share in patch) for patch, _ in patches])
        transform = ImageCms.buildTransform(ImageCms.ImageCmsProfile(str(profile)), lab, "CMYK", "LAB", renderingIntent=3)
        read = ImageCms.applyTransform(cmyk, transform).get_flattened_data()
        return sorted(math.dist((l * 100 / 255, a - 128, b - 128), measured) for (l, a, b), (_, measured) in zip(read, patches))

    made = errors(FOGRA39_PROFILE)
    assert len(made) == 1617 and sum(made) / len(made) < 1 and made[-1] < 2.5, (sum(made) / len(made), made[-1])
    swop = errors(CONDITIONS["SWOP"].profile)
    assert sum(swop) / len(swop) > 3


def test_argyll_reads_the_profile_as_fogra39s_output_profile_of_the_datas_date() -> None:
    header = run_tool(need_tool("iccdump"), "-v1", str(_installed())).stdout
    assert re.search(r"Device Class = Output\s+Color Space  = CMYK\s+Conn. Space  = Lab", header), header
    assert "Date, Time   = 1 Dec 2006, 0:00:00" in header
    assert "FOGRA39L (ISO 12647-2 coated)" in run_tool("iccdump", "-v3", "-t", "desc", str(FOGRA39_PROFILE)).stdout


def test_the_profile_is_made_again_byte_for_byte(tmp_path: Path) -> None:
    """What make made, made again (colprof, 20 s of one core): the same
    bytes, whatever the clock says; so is one already there, untouched."""
    installed = _installed().read_bytes()
    again = tmp_path / "again.icc"
    assert make_fogra39(again) and again.read_bytes() == installed
    assert not make_fogra39(again)
    assert fixed_header(installed) == installed


def test_without_colprof_or_the_data_it_says_what_to_install(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no-such-colprof is missing: install Debian's argyll"):
        make_fogra39(tmp_path / "x.icc", colprof="no-such-colprof")
    with pytest.raises(ValueError, match="x.ti3 is missing: install Debian's icc-profiles-free"):
        make_fogra39(tmp_path / "x.icc", data=tmp_path / "x.ti3")
    assert not (tmp_path / "x.icc").exists()
    with pytest.raises(ValueError, match="not an ICC profile"):
        fixed_header(b"\0" * 200)
