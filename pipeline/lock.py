"""One writer at a time per project: a second build or update waits for the first."""
from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .errors import LockError
from .fsutil import remove_stale_temporaries

__all__ = ["project_lock", "release_in_child", "LOCK_FILE"]

LOCK_FILE = ".booklet-cache/lock"
_held: set[str] = set()  # locks this process holds (build inside serve, update inside init)
_fds: set[int] = set()  # their file descriptors, which forked workers must let go of


@contextlib.contextmanager
def project_lock(
    root: Path,
    *,
    timeout: float = 120.0,
    waiting: Callable[[str], None] | None = None,
    sweep: Iterable[Path] = (),
) -> Iterator[None]:
    """Hold the project's lock; wait up to ``timeout`` seconds for another process.

    An advisory ``flock``: the kernel releases it when its holder dies, so a
    killed build never leaves the project locked. Once the lock is taken, the
    temporaries a killed writer left below the ``sweep`` folders are removed:
    no other writer can be using them then. (Not when this process holds the
    lock already: that outer holder swept, and may have a write under way.)
    """
    path = (root / LOCK_FILE).resolve()
    if str(path) in _held:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+", encoding="utf-8")
    try:
        deadline = time.monotonic() + timeout
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told and waiting is not None:
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    waiting(f"waiting for {holder} to finish with this project")
                    told = True
                if time.monotonic() >= deadline:
                    raise LockError(
                        "another booklet process is working on this project",
                        path=LOCK_FILE,
                        hint="wait for it to finish, or stop it",
                    ) from None
                time.sleep(0.1)
        handle.seek(0)
        handle.truncate()
        handle.write(f"booklet process {os.getpid()}\n")
        handle.flush()
        _held.add(str(path))
        _fds.add(handle.fileno())
        try:
            for folder in sweep:
                remove_stale_temporaries(folder)
            yield
        finally:
            _held.discard(str(path))
            _fds.discard(handle.fileno())
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()


def release_in_child() -> None:
    """In a forked worker: drop the inherited lock descriptors, so the lock is
    the parent's alone and dies with it, and die with the parent too (Linux),
    so a killed build leaves no orphan worker behind."""
    for fd in list(_fds):
        try:
            os.close(fd)
        except OSError:
            pass
    _fds.clear()
    _held.clear()
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: orphans end when the pool's queue closes
