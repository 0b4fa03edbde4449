"""The benchmark's own machinery still fits the pipeline (the figures themselves are not tests)."""
from __future__ import annotations

import importlib.util
import sys

from .conftest import REPO


def _bench(name: str = "run"):
    """A module of bench/, which is not a package."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", REPO / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_benchmark_captures_the_booklets_html(tmp_path):
    bench = _bench()
    root = bench.copy_publication(tmp_path / "publication")
    pages, shipped = bench.capture_booklet_html(root)
    # six booklets, and the press twin each one's imposed sheets are laid out from
    assert len(pages) == len(shipped) == 12 and all(a != b for a, b in zip(pages, shipped))
    assert sum('device-cmyk(' in page for page in pages) == 6


def _bbox(pages: list[list[list[tuple[float, float, str]]]], height: float = 14.3) -> str:
    """pdftotext -bbox-layout's XML for ``pages`` of lines of words (xMin, xMax, text), the lines ``height`` pt high."""
    out = ['<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><body><doc>']
    for page in pages:
        out.append('<page width="400" height="600"><flow><block>')
        for y, line in enumerate(page):
            out.append("<line>")
            for x0, x1, text in line:
                out.append(f'<word xMin="{x0}" yMin="{y * 20}" xMax="{x1}" yMax="{y * 20 + height}">{text}</word>')
            out.append("</line>")
        out.append("</block></flow></page>")
    return "".join(out) + "</doc></body></html>"


def test_texture_counts_loose_lines_and_hyphen_runs_as_a_designer_does():
    texture = _bench("texture")
    # at 10 pt: gaps of 3, 5 (half an em: loose) and 2 pt; a running head of another height is not body text
    page = [[(0, 40, "one"), (43, 80, "two"), (85, 100, "thr\u2010")], [(0, 50, "ee"), (52, 100, "four-")], [(0, 30, "end.")]]
    head = texture.read_lines(_bbox([[[(0, 10, "Head"), (30, 40, "line")]]], height=9.0), 5)
    lines = head + texture.read_lines(_bbox([page, [[(0, 60, "tail\u2010")], [(0, 20, "x"), (26, 40, "y")]]]), 6)
    found = texture.texture(lines, 10.0)
    assert (found.pages, found.lines, found.loose, found.hyphenated, found.run) == ((6, 7), 5, 2, 3, 2)
    assert found.share == 0.6
    assert found.widest[:2] == [(0.6, 7, "x y"), (0.5, 6, "one two thr\u2010")]


def test_texture_reads_booklets_by_language_as_a_table_or_json(tmp_path):
    import io
    import json

    texture = _bench("texture")
    seen = []

    def measured(pdf, pages, *, widest):
        seen.append((pdf, pages, widest))
        return texture.Texture((5,), 10, 1, [(0.55, 5, "a  b")], 2, 0.2, 1, {92: 2, 94: 8}, 1)

    out = io.StringIO()
    assert texture.main(["ru", "de", "--pages", "5-7", "--json"], out, tmp_path, measured) == 0
    assert seen[0] == (tmp_path / "output/pdf/ru/black-january.pdf", range(5, 8), 5)
    assert json.loads(out.getvalue())["de"]["loose"] == 1
    out = io.StringIO()
    texture.main(["ru"], out, tmp_path, measured)
    assert out.getvalue().splitlines()[1].split() == ["ru", "10", "1", "2", "20.0%", "1", "0.55", "1", "w92:2", "w94:8"]


def test_stripes_count_lines_by_the_width_most_words_are_in_and_jumps_between_neighbours():
    texture = _bench("texture")
    runs = [
        # page 5, top to bottom: a line mostly at 100 (one word at 94), one at 94 in two runs, one at 92
        (5, 500.2, 94, 1), (5, 499.8, 100, 4), (5, 485.0, 94, 3), (5, 485.0, 94, 2), (5, 470.0, 92, 5),
        # page 6: its first line at 98 follows page 5's at 92 across the turn (no pair); a tie of 96 and 92 is 92
        (6, 500.0, 98, 6), (6, 485.0, 96, 2), (6, 485.0, 92, 2),
    ]
    widths, jumps = texture.stripes(runs)
    assert widths == {92: 2, 94: 1, 98: 1, 100: 1}
    assert jumps == 2  # 100 over 94 is 6 apart, 94 over 92 is not; 98 over 92 is
