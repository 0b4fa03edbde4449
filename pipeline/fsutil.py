"""Atomic, change-aware file writes: a file is either as it was or complete."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import BookletError

__all__ = ["write_atomic", "TMP_PREFIX", "remove_stale_temporaries", "keep_only"]

#: Every temporary file we create starts with this, so a later run can sweep
#: the ones a killed run left behind.
TMP_PREFIX = ".booklet-tmp-"


def write_atomic(path: Path, data: bytes | str, *, error: type[BookletError] = BookletError) -> bool:
    """Write ``data`` to ``path`` through a temporary file renamed into place.

    Returns False (and touches nothing) when the file already holds exactly
    these bytes, so unchanged outputs keep their mtime and nobody sees churn.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    path = Path(path)
    try:
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, dir=path.parent)
    except OSError as exc:
        raise error(f"cannot write: {exc.strerror}", path=path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise error(f"cannot write: {exc.strerror}", path=path) from None
        raise
    return True


def remove_stale_temporaries(folder: Path) -> None:
    """Delete temporaries that a killed run left below ``folder``."""
    if not folder.is_dir():
        return
    for tmp in folder.rglob(TMP_PREFIX + "*"):
        try:
            tmp.unlink()
        except OSError:
            pass


def keep_only(folder: Path, names: set[str], pattern: str = "*", *, error: type[BookletError] = BookletError) -> None:
    """Delete the files of ``folder`` matching ``pattern`` whose names are not in ``names``."""
    if not folder.is_dir():
        return
    for path in sorted(folder.glob(pattern)):
        if path.name not in names and path.is_file():
            try:
                path.unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise error(f"cannot remove: {exc.strerror}", path=path) from None
