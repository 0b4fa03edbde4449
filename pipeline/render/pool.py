"""Rendering booklets on every core: a pool of forked WeasyPrint workers fed while the build goes on."""
from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import Callable

from ..cache import BuildCache
from ..errors import BookletError, RenderError
from ..fsutil import digest, file_digest, write_atomic
from ..lock import release_in_child
from ..report import BuildReport
from ..versions import tool_versions
from .inks import press_files
from .pdf import PdfJob, font_files, import_weasyprint, makes_press_files, prepare_font_configuration, render_job

__all__ = ["RenderPool", "job_key"]


def job_key(job: PdfJob, media: dict[str, Path]) -> str:
    """Everything a booklet depends on: its HTML (text, template, styles,
    translations, settings), the fonts' and images' bytes, the tools' versions;
    and, if it makes a press file (``makes_press_files``), the printing
    condition that file names, the bytes of the profile it embeds and the
    date it carries (``press_date``: outside the HTML, which the reader's
    booklet is made of alone)."""
    press = makes_press_files(job.variant, job.imposed)
    # the fonts the booklet names (the project's own too), its images, the press profile
    files = sorted(set(font_files(job.html)) | set(media.values()) | set(press_files(job.condition) if press else ()))
    return digest(
        tool_versions(),
        job.html,
        job.variant,
        str(job.rtl),
        str(job.imposed),
        *([job.condition, job.press_date] if press else []),
        *(file_digest(file) for file in files),
    )


class RenderPool:
    """Renders booklets as the build hands them over, on one core each
    (``workers``, default: every core). Forked workers start on the first
    booklets while this process goes on translating and templating the next
    languages; then this process renders too, taking booklets from the other
    end of the queue, instead of waiting. With one core, or when the build has
    a single booklet to make (one catalogue changed), all in this process: no
    fork. A long-lived process (``booklet serve``, the benchmark) keeps its
    warm font configuration between builds."""

    def __init__(self, cache: BuildCache, report: BuildReport, progress: Callable[[str], None], workers: int | None):
        self.cache, self.report, self.progress = cache, report, progress
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.failed: set[str] = set()  # languages
        self.unfinished: set[str] = set()  # languages whose booklets stand but whose imposed sheets were not made
        self._pending: list[tuple[str, str, list[Path], PdfJob]] = []  # workers take the first, this process the last
        self._futures: dict[object, tuple[str, str, list[Path], PdfJob]] = {}
        self._aside: list[object] = []  # other work given to the workers (aside)
        self._pool = None
        self._scratch: str | None = None
        self._total = self._done = 0
        self._frozen = False

    def __enter__(self) -> "RenderPool":
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        if self._scratch is not None:
            import shutil

            shutil.rmtree(self._scratch, ignore_errors=True)
        if self._frozen:
            gc.unfreeze()

    def _freeze(self) -> None:
        """Leave what this process holds now (the libraries, WeasyPrint and
        its fonts loaded, the catalogues read: some 100,000 objects) out of
        the garbage collector's full collections while booklets render, so
        that no booklet pays for a walk through all of it. Forked workers
        inherit the frozen objects and so leave their memory pages shared.
        Undone when the pool is done: nothing stays out of reach."""
        gc.freeze()
        self._frozen = True

    def submit(self, entry: tuple[str, str, list[Path], PdfJob]) -> None:
        self._pending.append(entry)
        self._total += 1
        if self.workers > 1 and len(self._pending) + len(self._futures) > 1:  # a single one stays here
            self._feed()

    def _feed(self) -> None:
        """Keep each worker busy with one booklet and the next one queued."""
        if self._pool is None:
            self._start()
        while self._pending and len(self._futures) < 2 * (self.workers - 1):
            entry = self._pending.pop(0)
            self._futures[self._pool.submit(render_job, entry[3])] = entry

    def _start(self) -> None:
        import multiprocessing
        import tempfile
        from concurrent.futures import ProcessPoolExecutor

        import_weasyprint()  # imported once here, inherited by every forked worker

        prepare_font_configuration(self._pending[0][3])  # loaded once here, for every worker too
        self._freeze()

        # A worker keeps its font configurations (and WeasyPrint's copies of
        # the fonts) until it exits, which skips their clean-up: they go in a
        # folder removed once the pool is done.
        self._scratch = tempfile.mkdtemp(prefix="booklet-render-")
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers - 1,  # and this process
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker,
            initargs=(self._scratch,),
        )

    def aside(self, function: Callable, *args: object):
        """Run ``function(*args)`` in a worker, between booklets; a future,
        or None when this build renders in this process only."""
        if self._pool is None:
            return None
        future = self._pool.submit(function, *args)
        self._aside.append(future)
        return future

    def finish(self) -> set[str]:
        """Render, wait for and write every booklet; return the languages that failed."""
        from concurrent.futures import FIRST_COMPLETED, wait

        if self._pending and self._pool is None:  # rendering here only
            import_weasyprint()
            self._freeze()
        while self._pending or self._futures:
            if self._futures:
                self._feed()
                for future in [f for f in self._futures if f.done()]:
                    self._collect(self._futures.pop(future), future.result)
            if self._pending:
                entry = self._pending.pop()
                self._collect(entry, lambda: render_job(entry[3]))
            elif self._futures:
                finished, _ = wait(self._futures, return_when=FIRST_COMPLETED)
                for future in finished:
                    self._collect(self._futures.pop(future), future.result)
        wait(self._aside)  # done before the pool closes, which would cancel it
        return self.failed

    def _collect(
        self, entry: tuple[str, str, list[Path], PdfJob], result: Callable[[], tuple[bytes, bytes | BookletError | None, list[str]]]
    ) -> None:
        language, key, outputs, job = entry
        try:
            data, imposed, findings = result()
            # what the layout could not settle (render.layout): the page, the paragraph
            self.report.warnings.extend(f"{job.shown}: warning: {finding}" for finding in findings)
            for output in outputs:
                content = imposed if output.name.endswith("-imposed.pdf") else data
                assert content is not None
                if isinstance(content, BookletError):
                    # the reader's booklet stands; stale sheets of an older text must not
                    self.report.failures.append(content)
                    self.unfinished.add(language)
                    output.unlink(missing_ok=True)
                    continue
                self.report.record(output, write_atomic(output, content, error=RenderError))
                self.cache.store(output, key, content)  # only once the output is written
        except BookletError as error:
            self.report.failures.append(error)
            self.failed.add(language)
        self._done += 1
        self.progress(f"rendered {self._done}/{self._total} booklets ({job.shown})")


def _start_worker(scratch: str) -> None:
    import tempfile

    release_in_child()
    tempfile.tempdir = scratch
