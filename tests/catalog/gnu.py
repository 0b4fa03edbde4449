"""GNU gettext as the oracle of the differential tests: what msgmerge and
msgcat write for catalogue bytes, and what booklet writes for the same."""
from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.catalog.merge import merge
from pipeline.catalog.pofile import format_po, parse_po
from pipeline.errors import CatalogError

from ..conftest import need_tool


@dataclass(frozen=True)
class Outcome:
    """What a tool made of a catalogue: its bytes, or that it refused it."""

    output: bytes | None  # None: refused
    message: str = ""

    def agrees_with(self, other: Outcome) -> bool:
        return self.output == other.output


def _run(args: list[str]) -> subprocess.CompletedProcess[bytes]:
    need_tool(args[0])
    return subprocess.run(args, capture_output=True)


def _utf8(path: Path) -> Outcome:
    """msgconv -t UTF-8, as booklet converts what it reads; a file already
    in UTF-8 (or the template's CHARSET) is left as it is."""
    done = _run(["msgconv", "-t", "UTF-8", "--force-po", "-o", str(path.with_suffix(".utf8")), str(path)])
    if done.returncode:
        return Outcome(None, done.stderr.decode(errors="replace"))
    return Outcome(path.with_suffix(".utf8").read_bytes())


def _needs_conversion(data: bytes) -> bool:
    return b"charset=" in data and not any(
        f"charset={name}".encode() in data for name in ("UTF-8", "utf-8", "UTF8", "utf8", "CHARSET")
    )


def _written(path: Path, data: bytes) -> Outcome | None:
    """Write data at path, in UTF-8 as msgconv makes it; None when done, what msgconv said when it refused."""
    path.write_bytes(data)
    if _needs_conversion(data):
        converted = _utf8(path)
        if converted.output is None:
            return converted
        path.write_bytes(converted.output)
    return None


def gnu_normalize(data: bytes, name: str = "in.po") -> Outcome:
    """msgcat's output, after msgconv -t UTF-8 for another charset (msgcat
    reads a .pot and a .po differently: name says which it is)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        refused = _written(path, data)
        if refused is not None:
            return refused
        target = Path(folder) / "out.po"
        done = _run(["msgcat", "-o", str(target), str(path)])
        if done.returncode:
            return Outcome(None, done.stderr.decode(errors="replace"))
        # msgcat creates no file for a catalogue without messages.
        return Outcome(target.read_bytes() if target.exists() else b"")


def gnu_merge(po: bytes, pot: bytes) -> Outcome:
    """msgmerge --previous of the two, then in UTF-8 (msgconv) when the
    catalogue was in another charset. (Converting first would lose what
    msgconv drops, an untranslated obsolete message, before msgmerge sees it.)"""
    with tempfile.TemporaryDirectory() as folder:
        old, new, merged = Path(folder) / "old.po", Path(folder) / "new.pot", Path(folder) / "merged.po"
        old.write_bytes(po)
        new.write_bytes(pot)
        # --force-po: a catalogue left with its header alone is still written, as booklet writes it
        # (a document's catalogue exists even when it has no message); without it msgmerge writes no file.
        done = _run(["msgmerge", "--previous", "--quiet", "--force-po", "-o", str(merged), str(old), str(new)])
        if done.returncode:
            return Outcome(None, done.stderr.decode(errors="replace"))
        if _needs_conversion(merged.read_bytes()):
            return _utf8(merged)
        return Outcome(merged.read_bytes())


def ours_normalize(data: bytes, name: str = "in.po") -> Outcome:
    try:
        return Outcome(format_po(parse_po(data, name)).encode("utf-8"))
    except CatalogError as error:
        return Outcome(None, str(error))


def ours_merge(po: bytes, pot: bytes) -> Outcome:
    try:
        return Outcome(format_po(merge(parse_po(po, "old.po"), parse_po(pot, "new.pot")), lone_header=True).encode("utf-8"))
    except CatalogError as error:
        return Outcome(None, str(error))


def explain(gnu: Outcome, ours: Outcome) -> str:
    """A readable difference, for an assertion's message."""
    import difflib

    if gnu.output is None or ours.output is None:
        return f"GNU: {gnu.message or 'accepted'}\nbooklet: {ours.message or 'accepted'}"
    return "".join(difflib.unified_diff(
        gnu.output.decode("utf-8", "replace").splitlines(True),
        ours.output.decode("utf-8", "replace").splitlines(True), "GNU", "booklet",
    ))
