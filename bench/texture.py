"""The texture of built booklets as a designer counts it: loose lines, hyphens, read back with poppler.

Run: ``.venv/bin/python bench/texture.py [--pages 5-7] [--json] [LANG ...]`` in a
project whose booklets are built (``output/pdf/<lang>/<name>.pdf``). Not part of the tests,
but for its reading of short pages, which tests/test_publication.py asks of the built booklets.

For each language: the body lines (those of the text's size on the pages
read: by default the body pages, the fifth to the one before the last),
the loose ones (a word gap of ``LOOSE`` em or more, the widest gap between
two of poppler's word boxes, or the white between their ink at 300 dpi where
that is narrower, the em the text's font size as the page's content stream
sets it), the wide and the tight ones (outside ``GAPS``), the zebras (a
tight line beside a loose one, ``zebras``), the seams (a paragraph's first
line two classes from the last full line of the one above, ``seams``), the widest gaps with their page and line, the
share of body lines that end with a hyphen, and the longest run of them.
Then the stripes: how many of the lines of the text's size are set in each
width of the face (a line's the one most of its words are set in, read from
the glyph runs' fonts, "…-w98…"; the text's own, 94, where none), and the
adjacent pairs on a page whose widths are JUMP units apart or more: within
a line a width change is not seen, from one line to the next it is.
Last, the short pages: a body page before the text's last whose last line
stands above the grid's foot (the last line the text area holds), and by
how many lines: a page ending short in mid-text is a worse fault than a
loose line (the Azerbaijani page 5 of 0ccecda ended 15 pt above its peers).
"""
from __future__ import annotations

import argparse
import json
import math
import re
import subprocess
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from statistics import median
from typing import Callable, TextIO
from xml.etree import ElementTree

#: A word gap (em) from which a designer calls its line loose.
LOOSE = 0.5
#: The word spaces a stricter designer accepts (em): a line with a gap wider
#: than the second is counted wide, one whose gaps are mostly narrower than
#: the first (their median: a gap after a quotation mark or before a comma's
#: word is narrow anyway) tight. linebreak.GAPS, read back.
GAPS = (0.21, 0.40)
#: A justified line's fitness class by its median gap (em): tight, decent,
#: loose, very loose. Neighbours two classes apart are a zebra, a paragraph
#: alternating tight and loose lines. linebreak.FITNESS, read back.
FITNESS = (0.24, 0.32, 0.40)
LANGUAGES = ("en", "az", "ru", "tr", "ar", "de")
#: Widths of the face (units of its wdth axis) this far apart make a visible
#: stripe between adjacent lines (92 and 98, 94 and 100: a designer saw them
#: at 110 dpi); and the text's own width, which a font name without one is.
JUMP = 6
TEXT_WIDTH = 94
_WIDTH_NAME = re.compile(r"-w(\d+)")
_HYPHENS = ("-", "\u2010", "\u00ad")
_XHTML = "{http://www.w3.org/1999/xhtml}"
#: The text area's height is the trimmed page's less its head and foot
#: margins, 18 and 24 mm (booklet.css; build.py's content_height), in pt.
HEAD_AND_FOOT = 42 * 72 / 25.4


@dataclass(frozen=True)
class Line:
    """A line of text as poppler finds it: its page (1-based), text, the
    height of its words' boxes (pt: the same for all text of one size), the
    gaps between its words, left to right (pt), and the foot of its first
    word's box (pt from the page's top): a fixed descent below the baseline
    in text of one face and size, so feet are as far apart as baselines.
    And its words' boxes, left to right (pt: from, to), for ``inked``."""

    page: int
    text: str
    height: float
    gaps: tuple[float, ...]
    foot: float
    boxes: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True)
class Texture:
    """What a designer counts on a booklet's body pages (gaps in em)."""

    pages: tuple[int, ...]
    lines: int
    loose: int
    widest: list[tuple[float, int, str]]  # (gap, page, line), widest first
    hyphenated: int
    share: float
    run: int
    widths: dict[int, int] = field(default_factory=dict)  # lines of the text's size per width
    jumps: int = 0  # adjacent pairs of them JUMP or more apart
    feet: dict[int, float] = field(default_factory=dict)  # each page's last body line's foot (pt from the top)
    foot: float = 0.0  # the grid's: of the last line the text area holds
    short: list[tuple[int, int]] = field(default_factory=list)  # (page, lines short) before the text's last page
    wide: int = 0  # lines with a gap wider than GAPS'
    tight: int = 0  # lines whose median gap is narrower than GAPS'
    zebras: int = 0  # neighbouring justified lines two FITNESS classes apart or more
    seams: int = 0  # justified lines two classes apart or more either side of a paragraph's last line


def read_lines(xml: str, first_page: int = 1) -> list[Line]:
    """The lines of ``pdftotext -bbox-layout`` output, pages numbered from ``first_page``."""
    root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xml))
    found = []
    for number, page in enumerate(root.iter(f"{_XHTML}page"), first_page):
        for line in page.iter(f"{_XHTML}line"):
            words = list(line.iter(f"{_XHTML}word"))
            if not words:
                continue
            text = " ".join(word.text or "" for word in words)
            boxes = sorted((float(w.get("xMin")), float(w.get("xMax"))) for w in words)  # right to left too
            gaps = tuple(b[0] - a[1] for a, b in zip(boxes, boxes[1:]))
            height = round(float(words[0].get("yMax")) - float(words[0].get("yMin")), 2)
            found.append(Line(number, text, height, gaps, float(words[0].get("yMax")), tuple(boxes)))
    return found


def white_gaps(line: Line, inked: Callable[[float, float, float], bool], step: float) -> Line:
    """``line`` with each gap no wider than the white its reader sees between
    the two words' ink: the run of columns ``step`` pt apart, around the
    gap's middle, in which ``inked(x, top, foot)`` finds no ink between the
    line's top and foot (pt). Why: poppler's box of an Arabic word that ends
    in a vowel mark (اعتقالاتٌ) stops short of the letters' ink, so the gap
    read from the boxes is wider than the page shows it (0.63 em read on the
    Arabic page 6 of f855155 where a designer measured 0.49 em at 300 dpi).
    A gap whose middle is inked, or whose white is wider than its boxes'
    (the side bearings), keeps the boxes' reading."""
    top = line.foot - line.height
    gaps = []
    for (_, left), (right, _), gap in zip(line.boxes, line.boxes[1:], line.gaps):
        middle = (left + right) / 2
        if inked(middle, top, line.foot):
            gaps.append(gap)
            continue
        start = end = middle
        while start - step > line.boxes[0][0] and not inked(start - step, top, line.foot):
            start -= step
        while end + step < line.boxes[-1][1] and not inked(end + step, top, line.foot):
            end += step
        gaps.append(round(min(gap, end - start + step), 2))
    return replace(line, gaps=tuple(gaps))


def inked(pdf: Path, lines: list[Line], *, dpi: int = 300) -> list[Line]:
    """``lines`` of ``pdf`` with their gaps read from its pages' ink
    (``white_gaps``), each page rendered by poppler at ``dpi``."""
    import tempfile

    from PIL import Image

    step = 72 / dpi
    found = []
    with tempfile.TemporaryDirectory() as folder:
        for page in sorted({line.page for line in lines}):
            prefix = Path(folder) / str(page)
            subprocess.run(
                ["pdftoppm", "-r", str(dpi), "-gray", "-singlefile", "-f", str(page), "-l", str(page), str(pdf), str(prefix)],
                check=True, capture_output=True,
            )
            with Image.open(prefix.with_suffix(".pgm")) as image:
                pixels, (width, height) = image.load(), image.size

                def ink(x: float, top: float, foot: float) -> bool:
                    column = min(max(int(x / step), 0), width - 1)
                    rows = range(max(int(top / step), 0), min(int(foot / step) + 1, height))
                    return any(pixels[column, row] < 128 for row in rows)

                found += [white_gaps(line, ink, step) for line in lines if line.page == page]
    return found


def body(lines: list[Line]) -> list[Line]:
    """The lines of the commonest height: the text's, not a heading, a
    running head, a label or a folio."""
    height = Counter(line.height for line in lines).most_common(1)[0][0] if lines else None
    return [line for line in lines if line.height == height]


def last_feet(text: list[Line]) -> dict[int, float]:
    """Each page's last line's foot, of the text's lines (``body``)."""
    return {line.page: round(line.foot, 2) for line in text}  # top to bottom: the last one stays


def grid_foot(text: list[Line], *, area: float) -> tuple[float, float]:
    """The foot of the last line a text area ``area`` pt high holds, and the
    grid's pitch (the median step between two lines on a page), of the
    text's lines: the area holds as many lines as their pitch goes into it,
    the first at the head (the highest first line: a page after the opening
    starts there). Not the lowest last line of the pages: the Azerbaijani
    booklet of 0ccecda had one page before its last, and that one a line short."""
    lowest = max(last_feet(text).values())
    steps = [b.foot - a.foot for a, b in zip(text, text[1:]) if a.page == b.page]
    if not steps:  # no page of two lines: no grid to read, no line to be short of
        return lowest, math.inf
    pitch = median(steps)
    head = min(line.foot for line in text)
    return round(max(head + (math.floor(area / pitch) - 1) * pitch, lowest), 2), pitch


def short_pages(text: list[Line], *, area: float) -> list[tuple[int, int]]:
    """The pages before the text's last whose last line stands above the
    grid's foot (``grid_foot``), with how many lines they are short. The
    lines keep one grid (within 0.05 pt, test_body_lines_sit_on_one_baseline_grid),
    so a page ends on the foot or whole lines above it: half a line tells them apart."""
    feet = last_feet(text)
    foot, pitch = grid_foot(text, area=area)
    short = [(page, round((foot - last) / pitch)) for page, last in feet.items()]
    return [(page, lines) for page, lines in short[:-1] if lines > 0]


def text_area(pdf: Path) -> float:
    """The height (pt) of a built booklet's text area (its pages are of one size)."""
    from pypdf import PdfReader

    return float(PdfReader(pdf).pages[0].trimbox.height) - HEAD_AND_FOOT


def texture(lines: list[Line], em: float, *, area: float, widest: int = 5) -> Texture:
    """The texture of ``lines`` whose text is ``em`` pt in a text area
    ``area`` pt high (``short_pages``): the body lines are
    those of the commonest height (not a heading, a running head, a label or
    a folio), each a run of hyphenated lines broken by one that is not."""
    text = body(lines)
    if not text:
        return Texture((), 0, 0, [], 0, 0.0, 0)
    gaps = [(round(max(line.gaps, default=0.0) / em, 3), line.page, line.text) for line in text]
    loose = [gap for gap in gaps if gap[0] >= LOOSE]
    wide = sum(1 for gap in gaps if gap[0] > GAPS[1])
    tight = sum(1 for line in text if line.gaps and median(line.gaps) / em < GAPS[0])
    hyphenated = [line.text.rstrip().endswith(_HYPHENS) for line in text]
    run = longest = 0
    for ends in hyphenated:
        run = run + 1 if ends else 0
        longest = max(longest, run)
    share = sum(hyphenated) / len(text)
    feet = last_feet(text)
    return Texture(
        tuple(sorted(feet)), len(text), len(loose),
        sorted(gaps, key=lambda gap: (-gap[0], gap[1]))[:widest], sum(hyphenated), round(share, 4), longest,
        wide=wide, tight=tight, zebras=zebras(text, em), seams=seams(text, em),
        feet=feet, foot=grid_foot(text, area=area)[0], short=short_pages(text, area=area),
    )


def zebras(text: list[Line], em: float) -> int:
    """The neighbouring justified lines of a page whose median gaps are two
    FITNESS classes apart or more (``fitness``)."""
    classes = fitness(text, em)
    return sum(
        1 for (a, x), (b, y) in zip(zip(text, classes), zip(text[1:], classes[1:]))
        if a.page == b.page and x is not None and y is not None and abs(x - y) >= 2
    )


def seams(text: list[Line], em: float) -> int:
    """The paragraphs whose first line is two FITNESS classes or more from
    the last justified line of the one above (``fitness``), on one page,
    with the line between, the paragraph's last, a pitch from each: the
    colour of one paragraph against the next, which a designer sees across
    its short last line (an open paragraph above a condensed one)."""
    classes = fitness(text, em)
    found = 0
    for i in range(2, len(text)):
        (a, x), (b, y), (c, z) = (text[i - 2], classes[i - 2]), (text[i - 1], classes[i - 1]), (text[i], classes[i])
        if x is None or y is not None or z is None or not a.page == b.page == c.page:
            continue
        if abs((b.foot - a.foot) - (c.foot - b.foot)) < 1 and abs(x - z) >= 2:
            found += 1
    return found


def fitness(text: list[Line], em: float) -> list[int | None]:
    """Each line's FITNESS class by its median gap, None where it is not
    justified. A line is justified where it reaches its page's text block's
    right edge and starts within an em and a half of its left (not a
    paragraph's last line, in either direction; a first line's indent is
    less): each page's own, as a booklet's margins are mirrored."""
    edges: dict[int, tuple[float, float]] = {}
    for line in text:
        if line.boxes:
            left, right = edges.get(line.page, (math.inf, -math.inf))
            edges[line.page] = (min(left, line.boxes[0][0]), max(right, line.boxes[-1][1]))
    found: list[int | None] = []
    for line in text:
        left, right = edges.get(line.page, (0.0, 0.0))
        justified = line.gaps and line.boxes and line.boxes[-1][1] >= right - 2 and line.boxes[0][0] <= left + 1.5 * em
        found.append(sum(median(line.gaps) / em >= bound for bound in FITNESS) if justified else None)
    return found


def text_size(pdf: Path, pages: range) -> float:
    """The size (pt) most of the text of ``pages`` is set in, as its content
    streams set it (the font size by the text and the current matrices)."""
    from pypdf import PdfReader

    sizes: Counter[float] = Counter()

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            sizes[round(size * math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3]), 3)] += len(text)

    reader = PdfReader(pdf)
    for number in pages:
        reader.pages[number - 1].extract_text(visitor_text=visit)
    return sizes.most_common(1)[0][0]


def stripes(runs: list[tuple[int, float, int, int]]) -> tuple[dict[int, int], int]:
    """The lines per width and the adjacent pairs JUMP or more apart, of
    glyph runs (page, baseline, width, words): a line is the runs of one
    page and baseline (pt, rounded; top to bottom as it falls), set in the
    width most of its words are in (of equals the narrowest)."""
    lines: dict[tuple[int, float], Counter[int]] = {}
    for page, y, width, words in runs:
        lines.setdefault((page, -round(y)), Counter())[width] += words
    set_in = [(page, max(sorted(words), key=lambda w: words[w])) for (page, _), words in sorted(lines.items())]
    jumps = sum(1 for (p, a), (q, b) in zip(set_in, set_in[1:]) if p == q and abs(a - b) >= JUMP)
    return dict(sorted(Counter(width for _, width in set_in).items())), jumps


def glyph_runs(pdf: Path, pages: range, size: float) -> list[tuple[int, float, int, int]]:
    """The glyph runs of ``pages`` set in ``size`` pt (``text_size``'s
    reading): page, baseline (pt), the width of the font's instance
    (TEXT_WIDTH where its name has none) and the words they hold."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    runs = []
    for number in pages:
        def visit(text: str, cm: list[float], tm: list[float], font: object, font_size: float) -> None:
            scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
            if text.strip() and round(font_size * scale, 3) == size:
                name = _WIDTH_NAME.search(str(font.get("/BaseFont", ""))) if font else None
                width = int(name.group(1)) if name else TEXT_WIDTH
                runs.append((number, tm[5] * cm[3] + cm[5], width, len(text.split())))

        reader.pages[number - 1].extract_text(visitor_text=visit)
    return runs


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def read_pages(pdf: Path, pages: range | None = None) -> list[Line]:
    """The lines of a built booklet's ``pages`` (1-based; by default its
    body pages: the fifth to the one before the last, as the tests read them)."""
    if pages is None:
        pages = body_pages(pdf)
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", "-f", str(pages.start), "-l", str(pages.stop - 1), str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout
    return read_lines(xml, pages.start)


def body_pages(pdf: Path) -> range:
    """The pages after the imprint (page 4) and before the back cover."""
    return range(5, page_count(pdf))


def measure(pdf: Path, pages: range | None = None, *, widest: int = 5) -> Texture:
    """The texture of a built booklet's ``pages`` (``read_pages``'s)."""
    if pages is None:
        pages = body_pages(pdf)
    size = text_size(pdf, pages)
    widths, jumps = stripes(glyph_runs(pdf, pages, size))
    found = texture(inked(pdf, read_pages(pdf, pages)), size, area=text_area(pdf), widest=widest)
    return replace(found, widths=widths, jumps=jumps)


def _pages(text: str) -> range:
    first, _, last = text.partition("-")
    return range(int(first), int(last or first) + 1)


def report(results: dict[str, Texture], out: TextIO) -> None:
    """A table of the languages' figures, then each one's widest gaps."""
    out.write(
        f"{'lang':<5}{'lines':>6}{'loose':>7}{'wide':>6}{'tight':>7}{'zebra':>7}{'seam':>6}{'hyph':>6}{'share':>8}{'run':>5}{'widest':>8}"
        f"{'jumps':>7}{'short':>7}  widths\n"
    )
    for lang, t in results.items():
        top = t.widest[0][0] if t.widest else 0.0
        widths = " ".join(f"w{width}:{count}" for width, count in t.widths.items())
        out.write(
            f"{lang:<5}{t.lines:>6}{t.loose:>7}{t.wide:>6}{t.tight:>7}{t.zebras:>7}{t.seams:>6}{t.hyphenated:>6}{t.share * 100:>7.1f}%"
            f"{t.run:>5}{top:>8.2f}{t.jumps:>7}{len(t.short):>7}  {widths}\n"
        )
    for lang, t in results.items():
        for gap, page, text in t.widest:
            out.write(f"{lang} p{page} {gap:.2f} em  {text}\n")
    for lang, t in results.items():
        for page, lines in t.short:
            out.write(f"{lang} p{page} {lines} line(s) short: its last line's foot {t.feet[page]:.2f} pt, the grid's {t.foot:.2f} pt\n")


def main(argv: list[str] | None = None, out: TextIO = sys.stdout, root: Path | None = None,
         measured: Callable[..., Texture] = measure) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("languages", nargs="*", default=list(LANGUAGES))
    parser.add_argument("--pages", type=_pages, help="a page or a range (5-7); default: the body pages")
    parser.add_argument("--name", default="black-january", help="the publication's file name")
    parser.add_argument("--widest", type=int, default=5, help="the widest gaps listed per language")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args(argv)
    root = root if root is not None else Path.cwd()
    results = {
        lang: measured(root / "output/pdf" / lang / f"{options.name}.pdf", options.pages, widest=options.widest)
        for lang in options.languages
    }
    if options.json:
        json.dump({lang: asdict(t) for lang, t in results.items()}, out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        report(results, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
