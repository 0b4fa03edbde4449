"""Benchmarks of booklet against its anchors, as ratios measured in one run on one machine.

Run: ``make bench`` (or ``.venv/bin/python bench/run.py [--quick]``). Not part of the tests.

1. cold build of the shipped publication (``clean``: no build cache) vs a bare
   WeasyPrint loop rendering the same booklet HTML sequentially in this
   process, with the fonts as shipped, and with booklet's static instances of
   them (see render.fonts.print_faces);
2. rebuild after one catalogue changed, as a fraction of the cold build;
3. the ``booklet build`` command in a new process: no-op rebuild, ``--clean``
   build, and the first build of a fresh copy (no ``.booklet-cache``), the
   last against the bare loop as a command too (a new process);
4. book scale (5,000 paragraphs, 10 languages, 5% edited): extraction, and
   ``update`` vs GNU ``msgmerge --previous`` on the same catalogues, with the
   entries each kept translated and fuzzy;
5. peak memory (max RSS) of a full build;
7. a book of 44 chapters (SUMMARY.md) in 6 languages: its clean build
   against the bare loop over the same book HTML, the no-op, HTML-only and
   one-catalogue commands, and the peak memory of a clean build;
6. hostile entries (the red-team review's): the German booklet built by the
   ``booklet build`` command (a new process, ``--clean --force``) with one
   hostile entry, against the same command on the shipped catalogue: time and
   peak memory ratios, whose bound is 2x.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import polib  # noqa: E402

from pipeline.build import build  # noqa: E402
from pipeline.catalog.pofile import format_po  # noqa: E402
from pipeline.catalog.stats import statistics  # noqa: E402
from pipeline.config import load_project  # noqa: E402
from pipeline.extract import extract  # noqa: E402
from pipeline.init import init  # noqa: E402
from pipeline.update import update  # noqa: E402

LANGUAGES = ["de", "fr", "es", "it", "ru", "az", "tr", "ar", "pl", "nl"]


def copy_publication(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in ("pyproject.toml", "source", "locales", "templates"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target / name)
    return target


def timed(function, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def capture_booklet_html(root: Path) -> tuple[list[str], list[str]]:
    """Build the booklets once (which also warms this process up, as a long
    run would be), keeping the HTML each booklet was rendered from (and its
    press twin's, in the printer's inks, for its imposed sheets); with the
    CSS of the fonts booklet gives WeasyPrint (static instances it makes of
    the variable Noto Serif, render.fonts.print_faces) and of the fonts as
    shipped (WeasyPrint turns a variable font into a static one inside every
    booklet)."""
    from pipeline.cache import FONT_CACHE
    from pipeline.render import fonts
    from pipeline.render.inks import in_inks
    from pipeline.render.pdf import PRESS_VARIANT
    from pipeline.render.pool import RenderPool

    jobs: list[tuple[str, bool]] = []  # a booklet's HTML, and whether it has a press twin
    original = RenderPool.submit

    def capture(self, entry):
        job = entry[3]
        jobs.append((job.html, job.imposed and job.variant != PRESS_VARIANT))
        return original(self, entry)

    RenderPool.submit = capture
    try:
        build(load_project(root), clean=True, jobs_count=1)
    finally:
        RenderPool.submit = original
    # Each booklet declares the faces its characters need (render.fonts.
    # needed_families): the same faces, as shipped, for the bare loop. Its
    # imposed sheets are a second layout of it in the printer's inks (the
    # press twin): the loop renders that HTML too.
    captured, as_shipped = [], []
    for html, twin in jobs:
        families = set(re.findall(r"@font-face \{ font-family: '([^']+)'", html))
        static = fonts.font_face_css(lambda face: face.file.as_uri(), fonts.print_faces(root / FONT_CACHE, families=families))
        shipped = fonts.font_face_css(
            lambda face: face.file.as_uri(), tuple(face for face in fonts.font_faces() if face.family in families)
        )
        assert families and static in html, "the booklet's @font-face rules are not the ones print_faces makes"
        for ink in (str, in_inks) if twin else (str,):  # str: the booklet's own colours
            captured.append(ink(html))
            as_shipped.append(ink(html.replace(static, shipped)))
    return captured, as_shipped


def bare_weasyprint_loop(pages: list[str], base_url: str) -> float:
    """The baseline: the booklets' HTML rendered one after the other with plain WeasyPrint."""
    from weasyprint import HTML

    start = time.perf_counter()
    for html in pages:
        HTML(string=html, base_url=base_url).write_pdf()
    return time.perf_counter() - start


#: The bare loop as a command: python -c BARE_LOOP_COMMAND FOLDER BASE_URL.
BARE_LOOP_COMMAND = """
import sys
from pathlib import Path
from weasyprint import HTML
for page in sorted(Path(sys.argv[1]).glob("*.html")):
    HTML(string=page.read_text(encoding="utf-8"), base_url=sys.argv[2]).write_pdf()
"""


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def publication(work: Path, runs: int) -> dict[str, float]:
    root = copy_publication(work / "publication")
    pages, shipped_pages = capture_booklet_html(root)
    base_url = (root / "source").as_uri() + "/"
    po_path = root / "locales/de/LC_MESSAGES/black-january.po"
    po = polib.pofile(str(po_path))
    # Translate one more German paragraph (published: the German booklet and
    # page change), a little differently each run.
    entry = po.find("Thus, 147 people were killed and 744 were injured in Baku and its surrounding regions "
                    "due to the illegal actions of the troops.")
    causes = ("infolge der illegalen Handlungen", "wegen der illegalen Handlungen", "durch die illegalen Handlungen")
    bare, bare_static, cold, ones = [], [], [], []
    for run in range(runs):  # interleaved, so that a noisy moment hits a run's figures alike
        bare.append(bare_weasyprint_loop(shipped_pages, base_url))
        bare_static.append(bare_weasyprint_loop(pages, base_url))
        cold.append(timed(build, load_project(root), clean=True)[0])
        entry.msgstr = (f"So wurden in Baku und den umliegenden Regionen {causes[run % 3]} "
                        "der Truppen 147 Menschen getötet und 744 verletzt.")
        po_path.write_text(format_po(po), encoding="utf-8")
        ones.append(timed(build, load_project(root))[0])
    command = [sys.executable, "-m", "pipeline", "--project", str(root), "build"]
    cold_command = median([wall(command + ["--clean"]) for _ in range(runs)])
    noop = min(wall(command) for _ in range(5))
    one_commands = []
    for run in range(runs):  # as above, from a new process each time (what `booklet build` costs a translator)
        cause = ("aufgrund der illegalen Handlungen", "bei den illegalen Handlungen")[run % 2]  # unlike any above
        entry.msgstr = (f"So wurden in Baku und den umliegenden Regionen {cause} "
                        "der Truppen 147 Menschen getötet und 744 verletzt.")
        po_path.write_text(format_po(po), encoding="utf-8")
        one_commands.append(wall(command))
    # The first build of a fresh copy (no .booklet-cache: it makes the static
    # fonts, the web font subsets, the parsed hyphenation patterns) against
    # the bare loop as a command too (a new process: imports, first render).
    folder = work / "pages"
    folder.mkdir()
    for number, html in enumerate(shipped_pages):
        (folder / f"{number:03}.html").write_text(html, encoding="utf-8")
    bare_command, first_commands = [], []
    for run in range(runs):
        bare_command.append(wall([sys.executable, "-c", BARE_LOOP_COMMAND, str(folder), base_url]))
        first_commands.append(
            wall([sys.executable, "-m", "pipeline", "--project", str(copy_publication(work / f"fresh-{run}")), "build"])
        )
    one = median(ones)
    return {
        "bare_weasyprint_loop_s": median(bare),
        "bare_weasyprint_loop_static_fonts_s": median(bare_static),
        "cold_build_s": median(cold),
        # the median of the ratios of each run: a noisy moment hits a run's three alike
        "cold_vs_bare": median([c / b for c, b in zip(cold, bare)]),
        "cold_vs_bare_static_fonts": median([c / b for c, b in zip(cold, bare_static)]),
        "one_catalogue_changed_s": one,
        "one_catalogue_vs_cold": median([o / c for o, c in zip(ones, cold)]),
        "noop_rebuild_command_s": noop,
        "cold_build_command_s": cold_command,
        "one_catalogue_changed_command_s": median(one_commands),
        "bare_weasyprint_loop_command_s": median(bare_command),
        "first_build_command_s": median(first_commands),
        "first_build_vs_bare_command": median([f / b for f, b in zip(first_commands, bare_command)]),
    }


#: One German entry each, as a hostile or careless translator could deliver it.
HOSTILE = {
    "400,000 spaces": "So wurden" + " " * 400_000 + "147 Menschen getötet und 744 verletzt.",
    "100,000-character word": "So wurden 147 Menschen getötet und 744 verletzt. " + "x" * 100_000,
    "5,000 emphasis markers": "So wurden 147 Menschen getötet und 744 verletzt. " + "*" * 5_000,
    "5,000 bidi isolates": "So wurden 147 Menschen getötet und 744 verletzt. " + "\u2067a\u2069" * 5_000,
}


#: Runs a command and prints its peak memory. A process forked from this one
#: would report this process's peak instead: Linux keeps the high-water mark
#: of the memory it had before exec. Forked from this small launcher, the
#: command's own peak is what remains.
_LAUNCHER = """
import os, subprocess, sys
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(process.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def wall_and_peak(command: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak memory (MB) of a command in a new process."""
    start = time.perf_counter()
    launched = subprocess.run([sys.executable, "-c", _LAUNCHER, *command], capture_output=True, text=True, check=True)
    elapsed = time.perf_counter() - start
    code, peak_kb = map(int, launched.stdout.split())
    if code:
        raise SystemExit(f"failed ({code}): {' '.join(command)}")
    return elapsed, peak_kb / 1024


def hostile(work: Path, runs: int) -> dict[str, dict[str, float]]:
    root = copy_publication(work / "hostile")
    command = [sys.executable, "-m", "pipeline", "--project", str(root), "build",
               "--lang", "de", "--format", "pdf", "--clean", "--force"]
    wall_and_peak(command)  # the derived fonts and patterns are made once, as on a translator's machine
    po_path = root / "locales/de/LC_MESSAGES/black-january.po"
    shipped = po_path.read_bytes()
    entry_id = ("Thus, 147 people were killed and 744 were injured in Baku and its surrounding regions "
                "due to the illegal actions of the troops.")
    results: dict[str, dict[str, float]] = {}
    for name, msgstr in HOSTILE.items():
        times, peaks, ratios, memory = [], [], [], []
        for _ in range(runs):  # interleaved: each ratio within a run
            po_path.write_bytes(shipped)
            normal_time, normal_peak = wall_and_peak(command)
            po = polib.pofile(str(po_path))
            po.find(entry_id).msgstr = msgstr
            po_path.write_text(format_po(po), encoding="utf-8")
            time_, peak = wall_and_peak(command)
            times.append(time_)
            peaks.append(peak)
            ratios.append(time_ / normal_time)
            memory.append(peak / normal_peak)
        results[name] = {"build_s": median(times), "time_vs_normal": median(ratios),
                         "peak_mb": median(peaks), "memory_vs_normal": median(memory)}
    return results


WORDS = (
    "the of and to in a is that for it as was with be by on not he this are or his from at which but have "
    "an they you were their one all we can her has there been if more when will would who so no"
).split() + [f"word{i}" for i in range(3000)]


def paragraph(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 60))]
    return " ".join(words).capitalize() + "."


def _book(root: Path, paragraphs: int):
    """A translated book of ``paragraphs`` paragraphs in every language, then
    5 % of its paragraphs edited: a word changed, a paragraph deleted, or one
    added. Returns the project and how long extraction took."""
    rng = random.Random(1990)
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        "[project]\nname = 'book'\nversion = '1'\n\n[tool.booklet]\nlanguages = " + json.dumps(LANGUAGES) + "\n"
    )
    texts = [paragraph(rng) for _ in range(paragraphs)]
    source = root / "source" / "book.md"
    source.write_text("\n\n".join(texts) + "\n", encoding="utf-8")
    project = load_project(root)
    extract_s, _ = timed(extract, project)
    init(project, LANGUAGES)
    for language in LANGUAGES:
        path = project.po_path(language, "book")
        po = polib.pofile(str(path))
        for entry in po:
            entry.msgstr = f"[{language}] " + entry.msgid[::-1]
        path.write_text(format_po(po), encoding="utf-8")
    edited = list(texts)
    for index in rng.sample(range(paragraphs), paragraphs // 20):
        choice = rng.random()
        if choice < 0.6:
            words = edited[index].split()
            words[rng.randrange(len(words))] = rng.choice(WORDS)
            edited[index] = " ".join(words)
        elif choice < 0.8:
            edited[index] = ""
        else:
            edited[index] = edited[index] + "\n\n" + paragraph(rng)
    source.write_text("\n\n".join(t for t in edited if t) + "\n", encoding="utf-8")
    return project, extract_s


def book_scale(work: Path, paragraphs: int) -> dict[str, object]:
    # Half the book first: time and memory should grow linearly.
    half, half_extract_s = _book(work / "half-book", paragraphs // 2)
    half_update_s, _ = timed(update, half)
    project, extract_s = _book(work / "book", paragraphs)

    # GNU msgmerge --previous on the same catalogues, against the same new template.
    gnu_dir = work / "gnu"
    gnu_dir.mkdir()
    for language in LANGUAGES:
        shutil.copy(project.po_path(language, "book"), gnu_dir / f"{language}.po")
    pot_new = work / "book-new.pot"
    from pipeline.extract import templates

    pot_new.write_text(format_po(templates(project)["book"]), encoding="utf-8")
    start = time.perf_counter()
    for language in LANGUAGES:
        subprocess.run(["msgmerge", "--previous", "--quiet", "-o", str(gnu_dir / f"{language}.new.po"),
                        str(gnu_dir / f"{language}.po"), str(pot_new)], check=True)
    gnu_s = time.perf_counter() - start
    update_s, _ = timed(update, project)

    def kept(paths: list[Path]) -> dict[str, int]:
        totals = {"translated": 0, "fuzzy": 0}
        for path in paths:
            stats = statistics(polib.pofile(str(path)))
            totals["translated"] += stats.translated
            totals["fuzzy"] += stats.fuzzy
        return totals

    return {
        "paragraphs": paragraphs,
        "languages": len(LANGUAGES),
        "extract_s": extract_s,
        "update_s": update_s,
        "msgmerge_previous_s": gnu_s,
        "update_vs_msgmerge": update_s / gnu_s,
        "half_book_extract_s": half_extract_s,
        "half_book_update_s": half_update_s,
        "booklet_kept": kept([project.po_path(l, "book") for l in LANGUAGES]),
        "msgmerge_kept": kept([gnu_dir / f"{l}.new.po" for l in LANGUAGES]),
    }


BOOK_LANGUAGES = ["de", "ru", "ar", "tr", "az"]  # and the source: 6 languages


def _chapters_book(root: Path, chapters: int) -> None:
    """A book as mdBook projects write them: ``chapters`` chapters in parts,
    some nested, each with headings, paragraphs, a list, a code block and a
    link to the next chapter; every language translated but a tenth of it."""
    rng = random.Random(44)

    def prose(rng: random.Random) -> str:  # no spelled-out number: a translation keeps its figures
        return " ".join("own" if word.lower().strip(".") == "one" else word for word in paragraph(rng).split())

    book = root / "source" / "course"
    book.mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        "[project]\nname = 'course'\nversion = '1'\n\n[tool.booklet]\nlanguages = " + json.dumps(BOOK_LANGUAGES) + "\n"
    )
    summary = ["# A Course", "", "[Welcome](welcome.md)", ""]
    (book / "welcome.md").write_text("# Welcome\n\n" + prose(rng) + "\n", encoding="utf-8")
    for number in range(chapters - 1):
        if number % 11 == 0:
            summary += ["", f"# Day {number // 11 + 1}", ""]
        name = f"day{number // 11 + 1}/chapter-{number}.md"
        indent = "    " if number % 11 not in (0, 5) else ""
        summary.append(f"{indent}- [Chapter {number}](day{number // 11 + 1}/chapter-{number}.md)")
        following = f"chapter-{number + 1}.md" if (number + 1) // 11 == number // 11 else f"../day{(number + 1) // 11 + 1}/chapter-{number + 1}.md"
        body = [f"# Chapter {number}", "", prose(rng), "", f"## Part {number}.1", "", prose(rng), "",
                *[f"- {prose(rng)}" for _ in range(3)], "", "```rust", "fn main() {", '    println!("{}", 1 + 1);', "}", "```", "",
                prose(rng), "", f"## Part {number}.2", "", prose(rng), "", f"Next: [the next chapter]({following})."]
        (book / name).parent.mkdir(parents=True, exist_ok=True)
        (book / name).write_text("\n".join(body) + "\n", encoding="utf-8")
    (book / "SUMMARY.md").write_text("\n".join(summary) + "\n", encoding="utf-8")
    project = load_project(root)
    init(project, BOOK_LANGUAGES)
    for language in BOOK_LANGUAGES:
        path = project.po_path(language, "course")
        po = polib.pofile(str(path))
        for index, entry in enumerate(po):
            if index % 10:
                entry.msgstr = entry.msgid  # a translation with the same figures and markup
        path.write_text(format_po(po), encoding="utf-8")


def chapters_scale(work: Path, chapters: int) -> dict[str, float]:
    """A book of ``chapters`` chapters in 6 languages: the clean build
    against the bare loop over the same book HTML (both in this process,
    warmed up), the commands (no-op, HTML only, one catalogue changed) and
    the peak memory of a clean build command."""
    root = work / "course"
    _chapters_book(root, chapters)
    pages, _shipped = capture_booklet_html(root)
    base_url = (root / "source").as_uri() + "/"
    bare = bare_weasyprint_loop(pages, base_url)
    cold, _ = timed(build, load_project(root), clean=True)
    command = [sys.executable, "-m", "pipeline", "--project", str(root), "build"]
    noop = min(wall(command) for _ in range(3))
    html_only = wall(command + ["--clean", "--format", "html"])
    path = load_project(root).po_path("de", "course")
    po = polib.pofile(str(path))
    entry = next(e for e in po if e.msgstr)
    entry.msgstr = entry.msgstr + " (edited)"
    path.write_text(format_po(po), encoding="utf-8")
    one = wall(command)
    launcher = [sys.executable, "-c", _LAUNCHER]
    status, peak_kb = subprocess.run(launcher + command + ["--clean"], capture_output=True, text=True, check=True).stdout.split()
    assert status == "0"
    return {
        "chapters": chapters,
        "bare_weasyprint_loop_s": bare,
        "cold_build_s": cold,
        "cold_vs_bare": cold / bare,
        "noop_command_s": noop,
        "html_only_clean_command_s": html_only,
        "one_catalogue_changed_command_s": one,
        "clean_build_command_peak_mb": int(peak_kb) / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="book scale with 500 paragraphs instead of 5,000, and one run of each build instead of 5")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    args.runs = 1 if args.quick else 5
    with tempfile.TemporaryDirectory(prefix="booklet-bench-") as folder:
        work = Path(folder)
        figures = {
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
            "publication": publication(work, args.runs),
            "book_scale": book_scale(work, 500 if args.quick else 5000),
            "chapters": chapters_scale(work, 12 if args.quick else 44),
            "hostile": hostile(work, args.runs if not args.quick else 1),
            "peak_memory_mb": max(
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
            ) / 1024,
        }
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    p, b = figures["publication"], figures["book_scale"]
    print(f"machine: {figures['machine']}")
    print(f"publication, in this process (median of {args.runs} runs, ratios taken run by run; warmed up by a first build, as the baseline is):")
    print(f"  bare WeasyPrint loop            {p['bare_weasyprint_loop_s']:.2f} s (fonts as shipped)")
    print(f"  bare loop with static fonts     {p['bare_weasyprint_loop_static_fonts_s']:.2f} s (booklet's static font instances given to it)")
    print(f"  cold build (clean)              {p['cold_build_s']:.2f} s = {p['cold_vs_bare']:.2f} x bare loop, "
          f"{p['cold_vs_bare_static_fonts']:.2f} x bare loop with static fonts")
    print(f"  one catalogue changed           {p['one_catalogue_changed_s']:.2f} s = {p['one_catalogue_vs_cold']:.0%} of cold (median of {args.runs})")
    print("the booklet build command, wall time of a new process (imports included):")
    print(f"  no-op rebuild                   {p['noop_rebuild_command_s']:.3f} s (best of 5)")
    print(f"  one catalogue changed           {p['one_catalogue_changed_command_s']:.2f} s (median of {args.runs})")
    print(f"  build --clean                   {p['cold_build_command_s']:.2f} s (median of {args.runs})")
    print(f"  first build, no .booklet-cache  {p['first_build_command_s']:.2f} s = {p['first_build_vs_bare_command']:.2f} x "
          f"the bare loop as a command ({p['bare_weasyprint_loop_command_s']:.2f} s; median of {args.runs}; "
          "also makes the static fonts, web font subsets, parsed hyphenation patterns)")
    c = figures["chapters"]
    print(f"a book of {c['chapters']} chapters (SUMMARY.md) in 6 languages:")
    print(f"  clean build, in this process  {c['cold_build_s']:.2f} s = {c['cold_vs_bare']:.2f} x the bare loop over the same book HTML ({c['bare_weasyprint_loop_s']:.2f} s)")
    print(f"  no-op build command           {c['noop_command_s']:.3f} s (best of 3)")
    print(f"  HTML-only clean build command {c['html_only_clean_command_s']:.2f} s")
    print(f"  one catalogue changed command {c['one_catalogue_changed_command_s']:.2f} s")
    print(f"  clean build command peak      {c['clean_build_command_peak_mb']:.0f} MB")
    print(f"book scale: {b['paragraphs']} paragraphs x {b['languages']} languages")
    print(f"  extract                       {b['extract_s']:.2f} s")
    print(f"  update                        {b['update_s']:.2f} s = {b['update_vs_msgmerge']:.2f} x msgmerge --previous ({b['msgmerge_previous_s']:.2f} s)")
    print(f"  growth from half the book     extract x {b['extract_s'] / b['half_book_extract_s']:.2f}, "
          f"update x {b['update_s'] / b['half_book_update_s']:.2f} (linear: x 2)")
    print(f"  kept by booklet               {b['booklet_kept']}")
    print(f"  kept by msgmerge              {b['msgmerge_kept']}")
    print(f"peak memory                     {figures['peak_memory_mb']:.0f} MB")
    print("one hostile German entry, booklet build --lang de --format pdf --clean --force (bound: 2 x the shipped catalogue):")
    for name, h in figures["hostile"].items():
        print(f"  {name:<30}{h['build_s']:.2f} s = {h['time_vs_normal']:.2f} x, peak {h['peak_mb']:.0f} MB = {h['memory_vs_normal']:.2f} x")


if __name__ == "__main__":
    main()
