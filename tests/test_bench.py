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


def _bbox(pages: list[list[list[tuple[float, float, str]]]], height: float = 14.3, pitch: float = 20) -> str:
    """pdftotext -bbox-layout's XML for ``pages`` of lines of words (xMin, xMax, text), the lines ``height`` pt high
    and ``pitch`` pt apart; a line of no words is a line of the grid left empty."""
    out = ['<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><body><doc>']
    for page in pages:
        out.append('<page width="400" height="600"><flow><block>')
        for y, line in enumerate(page):
            out.append("<line>")
            for x0, x1, text in line:
                out.append(f'<word xMin="{x0}" yMin="{y * pitch}" xMax="{x1}" yMax="{y * pitch + height}">{text}</word>')
            out.append("</line>")
        out.append("</block></flow></page>")
    return "".join(out) + "</doc></body></html>"


def test_texture_counts_loose_lines_and_hyphen_runs_as_a_designer_does():
    texture = _bench("texture")
    # at 10 pt: gaps of 3, 5 (half an em: loose) and 2 pt; a running head of another height is not body text
    page = [[(0, 40, "one"), (43, 80, "two"), (85, 100, "thr\u2010")], [(0, 50, "ee"), (52, 100, "four-")], [(0, 30, "end.")]]
    head = texture.read_lines(_bbox([[[(0, 10, "Head"), (30, 40, "line")]]], height=9.0), 5)
    lines = head + texture.read_lines(_bbox([page, [[(0, 60, "tail\u2010")], [(0, 20, "x"), (26, 40, "y")]]]), 6)
    found = texture.texture(lines, 10.0, area=100.0)
    assert (found.pages, found.lines, found.loose, found.hyphenated, found.run) == ((6, 7), 5, 2, 3, 2)
    assert found.share == 0.6
    assert found.widest[:2] == [(0.6, 7, "x y"), (0.5, 6, "one two thr\u2010")]
    assert (found.wide, found.tight) == (2, 1)  # "ee four-": its one gap 0.2 em


def test_texture_counts_lines_outside_a_stricter_designers_spaces():
    """A line is wide from a gap over 0.40 em, tight where most of its gaps
    are under 0.21 em: one narrow gap (after a quotation mark) is not."""
    texture = _bench("texture")
    lines = [
        [(0, 10, "a"), (14.1, 20, "b"), (22.5, 30, "c")],  # 0.41 and 0.25 em: wide
        [(0, 10, "a"), (14, 20, "b"), (22.5, 30, "c")],  # 0.40: not
        [(0, 10, "a"), (12, 20, "b"), (22, 30, "c"), (32, 40, "d")],  # 0.2 em each: tight
        [(0, 10, "a"), (11, 20, "b"), (22.5, 30, "c"), (33, 40, "d")],  # 0.1, 0.25, 0.25: not
    ]
    found = texture.texture(texture.read_lines(_bbox([lines])), 10.0, area=100.0)
    assert (found.lines, found.wide, found.tight) == (4, 1, 1)


def test_texture_reads_a_gap_as_the_white_between_its_words_ink():
    """A word whose ink reaches past its box (an Arabic word ending in a
    vowel mark) narrows its gap to the white a reader sees; side bearings,
    which make the white wider than the boxes' gap, and a gap whose middle
    is inked leave the boxes' reading."""
    texture = _bench("texture")
    (line,) = texture.read_lines(_bbox([[[(0, 20, "a"), (30, 50, "b"), (56, 70, "c"), (75, 90, "d")]]]), 5)
    ink = [(0, 19), (27, 50), (57, 61), (63, 70), (76, 90)]  # "b" inked 3 pt before its box; "c" in two strokes
    inked = lambda x, top, foot: any(a <= x <= b for a, b in ink) or (82 <= x <= 84 and top <= 5 <= foot)
    assert line.gaps == (10.0, 6.0, 5.0)
    assert texture.white_gaps(line, inked, 0.5).gaps == (7.5, 6.0, 5.0)
    assert texture.white_gaps(line, lambda x, top, foot: 0 < x < 100, 0.5).gaps == line.gaps


def test_a_zebra_is_a_justified_line_two_fitness_classes_from_its_neighbour():
    """Median gaps at 10 pt: 0.45 (very loose) over 0.22 (tight) is a zebra,
    0.22 over 0.30 (decent) is not; a paragraph's last line (short of the
    right edge) and a line on the next page are no one's neighbours."""
    texture = _bench("texture")
    line = lambda gap, end=100.0: [(0, 20, "a"), (20 + gap, 40, "b"), (40 + gap, end, "c")]  # noqa: E731
    page = [line(4.5), line(2.2), line(3.0), line(2.2, 60), line(4.5)]
    lines = texture.read_lines(_bbox([page, [line(2.2)]]))
    assert texture.zebras(lines, 10.0) == 1
    assert texture.zebras(texture.read_lines(_bbox([[line(4.5), line(3.5), line(2.2)]])), 10.0) == 1
    # a recto's text block stands further right than a verso's: each page's own edges
    shifted = lambda gap: [(a + 30, b + 30, w) for a, b, w in line(gap)]  # noqa: E731
    assert texture.zebras(texture.read_lines(_bbox([[line(4.5), line(3.5)], [shifted(4.5), shifted(2.2)]])), 10.0) == 1


def test_a_seam_is_a_paragraphs_first_line_two_classes_from_the_last_full_line_above():
    """Median gaps at 10 pt: a paragraph of 0.45 (very loose) whose last
    line is short, above one that opens at 0.22 (tight), is a seam; at 0.35
    (loose) it is not, nor across a heading's line (a pitch left empty) or
    a page, nor neighbours within a paragraph (a zebra, counted apart)."""
    texture = _bench("texture")
    line = lambda gap, end=100.0, indent=0.0: [(indent, 20, "a"), (20 + gap, 40, "b"), (40 + gap, end, "c")]  # noqa: E731
    seams = lambda *pages: texture.seams(texture.read_lines(_bbox(list(pages))), 10.0)  # noqa: E731
    assert seams([line(4.5), line(4.5, 60), line(2.2, indent=5)]) == 1
    assert seams([line(4.5), line(4.5, 60), line(3.5, indent=5)]) == 0
    assert seams([line(4.5), line(4.5, 60), [], line(2.2)]) == 0
    assert seams([line(4.5), line(4.5, 60)], [line(2.2, indent=5)]) == 0
    assert seams([line(4.5), line(2.2), line(2.2, 60)]) == 0
    assert texture.zebras(texture.read_lines(_bbox([[line(4.5), line(2.2), line(2.2, 60)]])), 10.0) == 1


def test_texture_reads_booklets_by_language_as_a_table_or_json(tmp_path):
    import io
    import json

    texture = _bench("texture")
    seen = []

    def measured(pdf, pages, *, widest):
        seen.append((pdf, pages, widest))
        return texture.Texture((5, 6, 7), 10, 1, [(0.55, 5, "a  b")], 2, 0.2, 1, {92: 2, 94: 8}, 1,
                               {5: 531.04, 6: 515.82, 7: 135.19}, 531.04, [(6, 1)], 3, 4, 5)

    out = io.StringIO()
    assert texture.main(["ru", "de", "--pages", "5-7", "--json"], out, tmp_path, measured) == 0
    assert seen[0] == (tmp_path / "output/pdf/ru/black-january.pdf", range(5, 8), 5)
    assert json.loads(out.getvalue())["de"]["loose"] == 1
    assert json.loads(out.getvalue())["de"]["short"] == [[6, 1]]
    out = io.StringIO()
    texture.main(["ru"], out, tmp_path, measured)
    table = out.getvalue().splitlines()
    assert table[1].split() == ["ru", "10", "1", "3", "4", "5", "0", "2", "20.0%", "1", "0.55", "1", "1", "w92:2", "w94:8"]
    assert table[-1] == "ru p6 1 line(s) short: its last line's foot 515.82 pt, the grid's 531.04 pt"


def test_a_page_that_ends_above_the_grids_foot_before_the_texts_last_is_short():
    texture = _bench("texture")
    one = [(0, 10, "a")]  # a line of one word
    # a text area of 5 lines of a 15 pt grid (80 pt), its first line's foot at 14.3 pt, the fifth's at 74.3:
    # page 5 full, 6 two lines short, 7 full with a paragraph's empty line in it, 8 the text's last, as short as a text's end may be
    layout = [[one] * 5, [one] * 3, [one, [], one, one, one], [one] * 2]
    text = texture.body(texture.read_lines(_bbox(layout, pitch=15), 5))
    assert texture.last_feet(text) == {5: 74.3, 6: 44.3, 7: 74.3, 8: 29.3}
    assert texture.grid_foot(text, area=80.0) == (74.3, 15.0)
    assert texture.short_pages(text, area=80.0) == [(6, 2)]
    assert texture.texture(text, 10.0, area=80.0).short == [(6, 2)]
    # page 6 the text's last: nothing follows it, it may end where it ends
    assert texture.short_pages([line for line in text if line.page <= 6], area=80.0) == []
    # the only page before the last a line short (the Azerbaijani booklet at 0ccecda): the area, not the
    # lowest last line, says where the foot is
    text = texture.body(texture.read_lines(_bbox([[one] * 4, [one] * 2], pitch=15), 5))
    assert texture.short_pages(text, area=80.0) == [(5, 1)]
    assert texture.short_pages(text, area=70.0) == []


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
