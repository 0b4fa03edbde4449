"""Work per language in forked worker processes: a book's catalogues are big, and its languages independent."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable, TypeVar

__all__ = ["map_languages", "worth_forking"]

T = TypeVar("T")
R = TypeVar("R")

#: Catalogues smaller than this in all are read in this process: forking
#: costs more than they take.
PARALLEL_BYTES = 500_000


def worth_forking(paths: Iterable[Path]) -> bool:
    """True when the catalogues at ``paths`` are big enough to share between cores."""
    return sum(path.stat().st_size for path in paths if path.is_file()) >= PARALLEL_BYTES


def map_languages(function: Callable[[T], R], items: list[T], *, fork: bool) -> list[R]:
    """``[function(item) for item in items]``, in forked workers, one per core,
    when ``fork`` and the machine has more than one core.

    The workers are forked: ``function`` (a module-level function or a
    partial of one) and everything it reads are shared copy-on-write, and only
    its results travel back, pickled. The results keep the order of ``items``;
    the first item (in that order) whose call raised raises the same error."""
    workers = min(os.cpu_count() or 1, len(items))
    if not fork or workers < 2:
        return list(map(function, items))
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from .lock import release_in_child

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=release_in_child) as pool:
        return list(pool.map(function, items))
