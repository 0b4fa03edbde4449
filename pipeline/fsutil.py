"""Atomic, change-aware file writes: a file is either as it was or complete."""
from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import os
import stat
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import BookletError

__all__ = ["decode_utf8", "remove_others", "write_atomic", "digest", "file_digest", "ABSENT", "TMP_PREFIX", "remove_stale_temporaries", "keep_only", "InputDates", "source_date"]

#: Every temporary file we create starts with this, so a later run can sweep
#: the ones a killed run left behind.
TMP_PREFIX = ".booklet-tmp-"

#: The ``expected`` of a file that did not exist when it was read: a file
#: created since (by an editor, by hand) is not replaced either.
ABSENT = "absent"


def write_atomic(
    path: Path,
    data: bytes | str,
    *,
    error: type[BookletError] = BookletError,
    expected: str | None = None,
    shown: str | None = None,
) -> bool:
    """Write ``data`` to ``path`` through a temporary file renamed into place.

    Returns False (and touches nothing) when the file already holds exactly
    these bytes, so unchanged outputs keep their mtime and nobody sees churn.

    ``expected`` is the ``digest`` of the file as the caller read it (or
    ``ABSENT``): a file that changed since, saved by an editor meanwhile, is
    not replaced, which is an ``error``, and the other program's version is
    kept. A file its owner may not write is not replaced either: a rename
    ignores the target's mode, so without this check "read-only" would not
    protect it. ``shown`` is the path as messages give it (default: ``path``).
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    path = Path(path)
    shown = shown if shown is not None else str(path)
    try:
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, dir=path.parent)
    except OSError as exc:
        raise error(f"cannot write: {exc.strerror}", path=shown) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # Checked last, right before the rename, so that the window in which
        # another program's save could still be lost is as short as it can be
        # (a rename cannot compare and swap).
        os.chmod(tmp, _replaceable(path, expected, error, shown))
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise error(f"cannot write: {exc.strerror}", path=shown) from None
        raise
    return True


def _replaceable(path: Path, expected: str | None, error: type[BookletError], shown: str) -> int:
    """The mode the new file gets (the old file's, so modes are kept), or an
    ``error`` when the file at ``path`` must not be replaced."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not mode & stat.S_IWUSR:
        raise error(
            "read-only: not replaced, it is as it was",
            path=shown,
            hint="make it writable (chmod u+w) and run the command again",
        )
    if expected is not None:
        try:
            current = digest(path.read_bytes())
        except FileNotFoundError:
            current = ABSENT
        if current != expected:
            raise error(
                "changed since it was read (saved by another program meanwhile?): not replaced, "
                "your version is kept",
                path=shown,
                hint="run the command again",
            )
    return mode & 0o777 if mode is not None else 0o644


def remove_stale_temporaries(folder: Path) -> None:
    """Delete temporaries that a killed run left below ``folder``.

    Only call it while holding the project's lock: a temporary is stale only
    when no writer of this project is running. Only regular files with our
    prefix go; a folder or link so named was not made by us."""
    if not folder.is_dir():
        return
    for tmp in folder.rglob(TMP_PREFIX + "*"):  # does not descend into linked folders
        try:
            if stat.S_ISREG(tmp.lstat().st_mode):
                tmp.unlink()
        except OSError:
            pass


def keep_only(folder: Path, names: set[str], pattern: str = "*", *, error: type[BookletError] = BookletError) -> None:
    """Delete the files of ``folder`` matching ``pattern`` whose names are not in ``names``."""
    if not folder.is_dir():
        return
    for path in sorted(folder.glob(pattern)):
        if path.name not in names and path.is_file():
            _unlink(path, error)


def _unlink(path: Path, error: type[BookletError]) -> bool:
    """Remove a file; whether it was there."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise error(f"cannot remove: {exc.strerror}", path=path) from None
    return True


def remove_others(folders: list[Path], keep: set[Path], *, error: type[BookletError] = BookletError) -> list[Path]:
    """Delete every file below ``folders`` that is not in ``keep`` (resolved
    paths), and the folders left empty; the files removed, in order."""
    removed = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file() or p.is_symlink()):
            if path.resolve() not in keep and _unlink(path, error):
                removed.append(path)
        for path in sorted((p for p in folder.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
            if not any(path.iterdir()):
                path.rmdir()
    return removed


def decode_utf8(raw: bytes, shown: str, error: type[BookletError], hint: str = "save the file as UTF-8") -> str:
    """A file's text; bytes that are not UTF-8 are ``error`` at the line of the first bad one."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error("not valid UTF-8", path=shown, line=raw[: exc.start].count(b"\n") + 1, hint=hint) from None


def source_date() -> _dt.datetime | None:
    """SOURCE_DATE_EPOCH as a UTC moment (reproducible-builds.org), or None
    if it is unset or not a whole number of seconds: a date that goes into
    an output is the inputs', never the clock's."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc) if epoch.isdigit() else None


class InputDates:
    """When groups of a project's files last changed (``of``), as they carry
    it, in UTC: the newest commit touching a group when ``root`` is a git
    checkout and the group is committed as it is (a checkout's modification
    times are when it was made), else the newest modification time of its
    files, in whole seconds; None without a file. Never the clock: the same
    files and history give the same date.

    Git is asked once, at the first ``of``, about everything below
    ``inputs`` (the project's inputs, which every group is part of): what is
    not committed as it is, and each file's newest commit. A build asks it
    three times, not twice for every booklet."""

    def __init__(self, root: Path, inputs: Sequence[Path]) -> None:
        self.root = root
        self.inputs = tuple(inputs)

    def of(self, paths: Sequence[Path]) -> _dt.datetime | None:
        """When ``paths`` (files and folders below the inputs) last changed."""
        existing = [path.resolve() for path in paths if path.exists()]
        if not existing:
            return None
        history = self._history
        if history is not None:
            dirty, commits = history
            if not any(_within(change, path) or _within(path, change) for change in dirty for path in existing):
                times = [moment for file, moment in commits.items() if any(_within(file, path) for path in existing)]
                if times:
                    return _dt.datetime.fromtimestamp(max(times), _dt.timezone.utc)
        files = [file for path in existing for file in ([path] if path.is_file() else path.rglob("*")) if file.is_file()]
        newest = max((int(file.stat().st_mtime) for file in files), default=None)
        return None if newest is None else _dt.datetime.fromtimestamp(newest, _dt.timezone.utc)

    @functools.cached_property
    def _history(self) -> tuple[set[Path], dict[Path, int]] | None:
        """(the paths git says are not committed as they are, each committed
        file's newest commit time), or None where git does not answer."""
        existing = [str(path) for path in self.inputs if path.exists()]
        if not existing:
            return None

        def git(*args: str) -> str | None:
            done = subprocess.run(["git", "-C", str(self.root), *args], capture_output=True, text=True, timeout=60)
            return done.stdout if done.returncode == 0 else None

        try:  # the top level first: both answers name files from it
            top = git("rev-parse", "--show-toplevel")
            status = git("status", "--porcelain", "-z", "--", *existing) if top else None
            log = git("log", "--format=%x01%ct", "--name-only", "-z", "--", *existing) if status is not None else None
        except (OSError, subprocess.SubprocessError):  # no git, or one that does not answer: the files say it
            return None
        if log is None:
            return None
        folder = Path(top.strip())
        dirty: set[Path] = set()
        entries = iter(status.split("\0"))
        for entry in entries:
            if len(entry) > 3:
                dirty.add(folder / entry[3:])
                if {"R", "C"} & set(entry[:2]):  # a rename or copy: the path it was made from follows
                    dirty.add(folder / next(entries, ""))
        commits: dict[Path, int] = {}
        moment = 0
        for entry in log.split("\0"):
            entry = entry.lstrip("\n")
            if entry.startswith("\x01"):
                moment = int(entry[1:])
            elif entry:
                file = folder / entry
                commits[file] = max(commits.get(file, moment), moment)
        return dirty, commits


def _within(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or lies below it."""
    return path == folder or folder in path.parents


def digest(*parts: str | bytes) -> str:
    """A key of ``parts`` (each length-prefixed, so no two lists collide): the
    build cache's keys, and what ``write_atomic`` compares to tell whether a
    file changed since it was read (a digest rather than the bytes, so that
    the workers which read catalogues do not send them back whole)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def file_digest(path: Path) -> str:
    """A file's digest, read once per process while its size and mtime stay
    the same: fonts of 50 MB and a book's images are named by several keys of
    one build, and ``booklet serve`` builds again at every save (where a
    digest kept by path alone would miss an image changed since)."""
    stat = Path(path).stat()
    return _digest_of(Path(path), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=4096)
def _digest_of(path: Path, size: int, mtime: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
