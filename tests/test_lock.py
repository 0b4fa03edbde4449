"""The lock, read as an installer reads it: requirements.txt (what the
Makefile installs with pip --require-hashes) and pylock.toml (PEP 751, the
same resolution for installers that read the standard) pin the same
packages at the same versions, every artifact the standard lock names one
pip accepts, and both satisfy the
ranges pyproject.toml declares. A range changed without `make lock`, or one
lock refreshed without the other, fails here and not on a fresh machine."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .conftest import REPO

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.M)
_HASH = re.compile(r"--hash=sha256:([0-9a-f]{64})")


def _requirements(path: Path) -> dict[str, tuple[str, set[str]]]:
    """Each pinned package of a hashed requirements file: (version, sha256 hashes)."""
    text = path.read_text(encoding="utf-8")
    starts = [(match.start(), match) for match in _PIN.finditer(text)]
    found = {}
    for (start, match), (end, _) in zip(starts, starts[1:] + [(len(text), None)]):
        found[canonicalize_name(match.group(1))] = (match.group(2), set(_HASH.findall(text[start:end])))
    return found


def _pylock(path: Path) -> dict[str, tuple[str, set[str]]]:
    """Each package of a PEP 751 lock: (version, the sha256 hashes of its sdist and wheels)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    found = {}
    for package in data["packages"]:
        artifacts = ([package["sdist"]] if "sdist" in package else []) + package.get("wheels", [])
        found[canonicalize_name(package["name"])] = (package["version"], {a["hashes"]["sha256"] for a in artifacts})
    return found


def test_both_locks_pin_the_same_packages_versions_and_hashes():
    pip, standard = _requirements(REPO / "requirements.txt"), _pylock(REPO / "pylock.toml")
    assert tomllib.loads((REPO / "pylock.toml").read_text(encoding="utf-8"))["lock-version"] == "1.0"
    assert set(pip) == set(standard) and len(pip) > 40, set(pip) ^ set(standard)
    for name, (version, hashes) in pip.items():
        assert standard[name][0] == version, name
        # pylock.toml leaves out the wheels no Python it allows can install (cp38, cp310, ...)
        assert standard[name][1] and standard[name][1] <= hashes, name


def test_the_lock_satisfies_every_range_pyproject_declares():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    declared = project["project"]["dependencies"] + project["project"]["optional-dependencies"]["test"]
    locked = _requirements(REPO / "requirements.txt")
    for line in declared:
        requirement = Requirement(line)
        if requirement.marker is not None and not requirement.marker.evaluate({"python_version": "3.11"}):
            continue
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement.name} is declared but not locked: run make lock"
        assert requirement.specifier.contains(locked[name][0], prereleases=True), (line, locked[name][0])
