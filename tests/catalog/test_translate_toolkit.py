"""What a round trip through translate-toolkit's po2xliff and xliff2po (XLIFF 1.2) loses, measured; booklet's XLIFF 2.0 keeps all of it.

README "Interchange" quotes these measurements (translate-toolkit 3.20.4):
obsolete entries come back live, every #| line is dropped, every msgctxt is
dropped (entries that differ only by context collide and one is lost), flags
other than fuzzy are dropped, an empty "#" comment is dropped, and the header
comes back fuzzy with placeholder fields. Should a later translate-toolkit
keep any of these, the exact counts below fail and the README is to be updated.
"""
from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import polib
import pytest

from pipeline.catalog.pofile import format_po, parse_po
from pipeline.catalog.xliff import apply_xliff, format_xliff, read_xliff
from tests.catalog.test_xliff import REPO_CATALOGUES, blank, canonical
from tests.commands.test_xliff import EVERYTHING


def tool(name: str) -> Path:
    """A translate-toolkit script of this interpreter's environment; missing:
    a failure under CI=true (it is in the lock), a skip elsewhere."""
    path = Path(sys.executable).with_name(name)
    if not path.exists():
        message = f"{name} is not installed (translate-toolkit, in the test dependencies: make setup)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def through_translate_toolkit(data: bytes, folder: Path) -> bytes:
    (folder / "in.po").write_bytes(data)
    for command, source, target in (("po2xliff", "in.po", "in.xlf"), ("xliff2po", "in.xlf", "out.po")):
        subprocess.run([tool(command), "--progress=none", folder / source, folder / target], check=True, capture_output=True)
    return (folder / "out.po").read_bytes()


def _live(entry: polib.POEntry) -> bool:
    """Whether an entry is in the catalogue's bytes (msgcat drops an obsolete one without translation)."""
    return not entry.obsolete or bool(entry.msgstr or any(entry.msgstr_plural.values()))


def losses(before: bytes, after: bytes) -> Counter:
    """What ``after`` lost of ``before``, counted by kind (entries found by msgid, context if it kept one)."""
    old, new = parse_po(before, "before.po"), parse_po(after, "after.po")
    found: dict[str, list[polib.POEntry]] = {}
    for entry in new:
        found.setdefault(entry.msgid, []).append(entry)
    lost: Counter = Counter()
    for entry in filter(_live, old):
        candidates = found.get(entry.msgid, [])
        same = [other for other in candidates if other.msgctxt == entry.msgctxt]
        if not candidates:
            lost["entry lost"] += 1
            continue
        other = (same or candidates)[0]
        lost["msgctxt dropped"] += entry.msgctxt is not None and other.msgctxt != entry.msgctxt
        lost["obsolete entry made live"] += entry.obsolete and not other.obsolete
        lost["#| lines dropped"] += any(
            getattr(entry, name) is not None and getattr(other, name) != getattr(entry, name)
            for name in ("previous_msgid", "previous_msgctxt", "previous_msgid_plural")
        )
        lost["flags dropped"] += [f for f in entry.flags if f != "fuzzy"] != [f for f in other.flags if f != "fuzzy"]
        lost["translation changed"] += (entry.msgstr, entry.msgstr_plural) != (other.msgstr, other.msgstr_plural)
        lost["comment changed"] += (entry.tcomment, type(entry.tcomment), entry.comment) != (other.tcomment, type(other.tcomment), other.comment)
        lost["references changed"] += entry.occurrences != other.occurrences
    lost["header changed"] += old.metadata != new.metadata or bool(new.metadata_is_fuzzy) != bool(old.metadata_is_fuzzy)
    return +lost  # kinds with nothing lost left out


def through_booklet(data: bytes) -> bytes:
    po = blank(data)
    apply_xliff(po, read_xliff(format_xliff([("x.po", parse_po(data, "x.po"))], source_language="en", target_language="de").encode(), "x.xlf").files[0], "x.xlf")
    return format_po(po, lone_header=True).encode("utf-8")


def test_what_translate_toolkit_loses_of_a_catalogue_with_everything(tmp_path: Path):
    data = canonical(EVERYTHING.encode())
    assert losses(data, through_translate_toolkit(data, tmp_path)) == Counter(
        {
            "obsolete entry made live": 2,  # "Close" and "Print": published as if current
            "#| lines dropped": 2,  # "#| msgctxt/msgid" of the fuzzy heading, "#~| msgid" of "Print"
            "msgctxt dropped": 3,  # "heading", "menu" twice
            "flags dropped": 2,  # python-format of the heading and of the plural
            "translation changed": 1,  # the untranslated "Open" collided with the "menu" one and took its translation
            "comment changed": 1,  # the "#" alone of the plural entry
            "header changed": 1,  # marked fuzzy, placeholder fields added
        }
    )
    assert losses(data, through_booklet(data)) == Counter()


@pytest.mark.parametrize("path", REPO_CATALOGUES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_what_translate_toolkit_loses_of_the_repo_catalogues(path: Path, tmp_path: Path):
    data = path.read_bytes()
    po = parse_po(data, path.name)
    live = list(filter(_live, po))
    expected = Counter(
        {
            "obsolete entry made live": sum(entry.obsolete for entry in live),
            "#| lines dropped": sum(entry.previous_msgid is not None for entry in live),
            "msgctxt dropped": sum(entry.msgctxt is not None for entry in live),
            "flags dropped": sum(any(f != "fuzzy" for f in entry.flags) for entry in live),
            "header changed": 1,
        }
    )
    assert losses(data, through_translate_toolkit(data, tmp_path)) == +expected
    assert losses(data, through_booklet(data)) == Counter()
    assert through_booklet(data) == data


def test_the_repo_catalogues_have_what_translate_toolkit_loses():
    # Else the test above would measure nothing.
    entries = [entry for path in REPO_CATALOGUES for entry in parse_po(path.read_bytes(), path.name)]
    assert any(entry.obsolete for entry in entries) and any(entry.msgctxt is not None for entry in entries)
