"""The benchmark's own machinery still fits the pipeline (the figures themselves are not tests)."""
from __future__ import annotations

import importlib.util

from .conftest import REPO


def _bench():
    spec = importlib.util.spec_from_file_location("bench_run", REPO / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_benchmark_captures_the_booklets_html(tmp_path):
    bench = _bench()
    root = bench.copy_publication(tmp_path / "publication")
    pages, shipped = bench.capture_booklet_html(root)
    # six booklets, and the press twin each one's imposed sheets are laid out from
    assert len(pages) == len(shipped) == 12 and all(a != b for a, b in zip(pages, shipped))
    assert sum('device-cmyk(' in page for page in pages) == 6
