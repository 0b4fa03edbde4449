"""The printing conditions a press booklet (``pdf-variant = "pdf/x-4"``) can name, and their CMYK profiles.

Why: a PDF/X-4 embeds the CMYK profile of the condition it was made for (its
output intent), and a European printer works to FOGRA39 (ISO 12647-2 offset
on coated paper, the condition of ISO Coated v2) or FOGRA51, not to SWOP.
Debian main ships no FOGRA profile, but icc-profiles-free ships FOGRA39L.ti3,
Fogra's characterization data of the condition (1617 CMYK patches measured
as Lab, Zlib licence), and ArgyllCMS's ``colprof`` makes a CMYK output
profile of it. ``make`` runs ``python -m pipeline.render.profiles`` once,
after the venv, into ``FOGRA39_PROFILE`` (28 s of one core).

The profile is the same bytes every time: colprof's fit is deterministic,
and the one thing it takes from the clock, the header's creation date, is
set here to the data's (December 2006). It is an ICC v2 profile, which has
no profile ID (those header bytes are reserved, and zero).
"""
from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import BookletError
from ..fsutil import write_atomic

__all__ = ["CONDITIONS", "DEFAULT_CONDITION", "FOGRA39_DATA", "FOGRA39_PROFILE", "PressCondition", "fixed_header", "make_fogra39"]

#: Fogra's characterization data of FOGRA39 (Debian's icc-profiles-free).
FOGRA39_DATA = Path("/usr/share/color/icc/FOGRA39L.ti3")
#: Where ``make`` puts the profile made from it: in the venv, made again with it.
FOGRA39_PROFILE = Path(sys.prefix) / "share" / "booklet" / "FOGRA39L-booklet.icc"
#: colprof's settings: medium quality, a ramp of black generation, and the
#: total ink limit of ISO 12647-2 coated paper (330 %), as ECI's ISO Coated v2.
_COLPROF = ["-qm", "-kr", "-l330"]
_DESCRIPTION = "FOGRA39L (ISO 12647-2 coated), made by booklet with ArgyllCMS"
_COPYRIGHT = "From FOGRA39L.ti3 of icc-profiles-free (Fogra data, Zlib licence); not ECI's ISO Coated v2"
#: The data's own date ("CREATED December 2006") in the header, not the clock's.
_DATE = (2006, 12, 1, 0, 0, 0)


@dataclass(frozen=True)
class PressCondition:
    """A characterized printing condition as a PDF/X output intent names it (ISO 15930-7 6.2.4)."""

    identifier: str  # OutputConditionIdentifier: the condition's name in the registry
    registry: str
    condition: str  # OutputCondition and Info: what a person reads
    profile: Path
    remedy: str  # what makes its profile where it is missing


CONDITIONS = {
    "FOGRA39": PressCondition(
        "FOGRA39",
        "http://www.color.org",
        "Offset printing on coated paper, ISO 12647-2:2004/Amd 1 (paper type 1 or 2, 115 g/m2), FOGRA39L data",
        FOGRA39_PROFILE,
        "make it with make booklets (python -m pipeline.render.profiles, which needs Debian's icc-profiles-free and argyll)",
    ),
    "SWOP": PressCondition(
        "CGATS TR 001",
        "http://www.color.org",
        "SWOP, coated stock (CGATS TR 001), Ghostscript's approximation",
        Path("/usr/share/color/icc/ghostscript/default_cmyk.icc"),
        "install Debian's libgs-common (make booklets does)",
    ),
}
DEFAULT_CONDITION = "FOGRA39"


def make_fogra39(out: Path = FOGRA39_PROFILE, data: Path = FOGRA39_DATA, colprof: str = "colprof") -> bool:
    """Make the FOGRA39 profile from ``data`` into ``out`` (atomically);
    False if ``out`` already held these bytes."""
    if shutil.which(colprof) is None:
        raise ValueError(f"{colprof} is missing: install Debian's argyll (make booklets does)")
    if not data.is_file():
        raise ValueError(f"{data} is missing: install Debian's icc-profiles-free (make booklets does)")
    with tempfile.TemporaryDirectory(prefix="booklet-icc-") as folder:
        # colprof reads NAME.ti3 and writes NAME.icc beside it.
        shutil.copyfile(data, Path(folder) / "data.ti3")
        subprocess.run([colprof, *_COLPROF, "-D", _DESCRIPTION, "-C", _COPYRIGHT, "data"], cwd=folder, check=True, capture_output=True)
        profile = fixed_header((Path(folder) / "data.icc").read_bytes())
    out.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(out, profile)


def fixed_header(profile: bytes) -> bytes:
    """``profile`` with the header's date set to the data's. colprof writes
    an ICC v2 profile, whose profile ID bytes are reserved and left zero."""
    if len(profile) < 128 or profile[36:40] != b"acsp":
        raise ValueError("not an ICC profile")
    return profile[:24] + struct.pack(">6H", *_DATE) + profile[36:]


def main(argv: list[str]) -> int:
    """``python -m pipeline.render.profiles [OUT]``: make the FOGRA39 profile (what ``make`` runs)."""
    out = Path(argv[0]) if argv else FOGRA39_PROFILE
    try:
        written = make_fogra39(out)
    except (ValueError, BookletError, subprocess.CalledProcessError) as error:
        detail = error.stderr.decode(errors="replace").strip().splitlines()[-1:] if isinstance(error, subprocess.CalledProcessError) else []
        print(f"booklet: error: {out}: {' '.join([str(error), *detail])}", file=sys.stderr)
        return 1
    print(f"{'wrote' if written else 'unchanged'} {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
