"""Benchmarks of booklet against its anchors, as ratios measured in one run on one machine.

Run: ``make bench`` (or ``.venv/bin/python bench/run.py [--quick]``). Not part of the tests.

1. cold build of the shipped publication vs a bare WeasyPrint loop rendering
   the same booklet HTML sequentially in this process;
2. no-op rebuild (the ``booklet build`` command, wall time);
3. rebuild after one catalogue changed, as a fraction of the cold build;
4. book scale (5,000 paragraphs, 10 languages, 5% edited): extraction, and
   ``update`` vs GNU ``msgmerge --previous`` on the same catalogues, with the
   entries each kept translated and fuzzy;
5. peak memory (max RSS) of a full build.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
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
from pipeline.update import extract, init, update  # noqa: E402

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


def bare_weasyprint_loop(root: Path) -> float:
    """The baseline: the same booklet HTML, rendered one after the other with plain WeasyPrint."""
    from weasyprint import HTML

    from pipeline.build import build as _build

    captured: list[str] = []
    import pipeline.render.pdf as pdf

    original = pdf.write_pdf

    def capture(html: str, **kwargs):
        captured.append((html, kwargs["base_url"]))
        return original(html, **kwargs)

    pdf.write_pdf = capture
    try:
        _build(load_project(root), formats=["pdf"], clean=True, jobs_count=1)
    finally:
        pdf.write_pdf = original
    start = time.perf_counter()
    for html, base_url in captured:
        HTML(string=html, base_url=base_url.as_uri() + "/").write_pdf()
    return time.perf_counter() - start


def publication(work: Path) -> dict[str, float]:
    import weasyprint  # noqa: F401  (both sides start with WeasyPrint imported)

    root = copy_publication(work / "publication")
    baseline = bare_weasyprint_loop(root)
    shutil.rmtree(root / ".booklet-cache", ignore_errors=True)
    shutil.rmtree(root / "output", ignore_errors=True)
    cold, _ = timed(build, load_project(root), clean=True)
    noop_times = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pipeline", "--project", str(root), "build"], check=True,
                       capture_output=True)
        noop_times.append(time.perf_counter() - start)
    po_path = root / "locales/de/LC_MESSAGES/black-january.po"
    po = polib.pofile(str(po_path))
    # Translate one more German paragraph (published: the German booklet and page change).
    entry = po.find("Thus, 147 people were killed and 744 were injured in Baku and its surrounding regions "
                    "due to the illegal actions of the troops.")
    entry.msgstr = ("So wurden in Baku und den umliegenden Regionen infolge der illegalen Handlungen "
                    "der Truppen 147 Menschen getötet und 744 verletzt.")
    po_path.write_text(format_po(po), encoding="utf-8")
    one, _ = timed(build, load_project(root))
    return {
        "bare_weasyprint_loop_s": baseline,
        "cold_build_s": cold,
        "cold_vs_bare": cold / baseline,
        "noop_rebuild_s": min(noop_times),
        "one_catalogue_changed_s": one,
        "one_catalogue_vs_cold": one / cold,
    }


WORDS = (
    "the of and to in a is that for it as was with be by on not he this are or his from at which but have "
    "an they you were their one all we can her has there been if more when will would who so no"
).split() + [f"word{i}" for i in range(3000)]


def paragraph(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 60))]
    return " ".join(words).capitalize() + "."


def book_scale(work: Path, paragraphs: int) -> dict[str, object]:
    rng = random.Random(1990)
    root = work / "book"
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
    # 5% of the paragraphs edited: a word changed, a paragraph deleted, or one added.
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

    # GNU msgmerge --previous on the same catalogues, against the same new template.
    gnu_dir = work / "gnu"
    gnu_dir.mkdir()
    for language in LANGUAGES:
        shutil.copy(project.po_path(language, "book"), gnu_dir / f"{language}.po")
    pot_new = work / "book-new.pot"
    from pipeline.update import templates

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
        "booklet_kept": kept([project.po_path(l, "book") for l in LANGUAGES]),
        "msgmerge_kept": kept([gnu_dir / f"{l}.new.po" for l in LANGUAGES]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="book scale with 500 paragraphs instead of 5,000")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="booklet-bench-") as folder:
        work = Path(folder)
        figures = {
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
            "publication": publication(work),
            "book_scale": book_scale(work, 500 if args.quick else 5000),
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
    print(f"cold build of the publication   {p['cold_build_s']:.2f} s = {p['cold_vs_bare']:.2f} x bare WeasyPrint loop ({p['bare_weasyprint_loop_s']:.2f} s)")
    print(f"no-op rebuild (command)         {p['noop_rebuild_s']:.3f} s")
    print(f"one catalogue changed           {p['one_catalogue_changed_s']:.2f} s = {p['one_catalogue_vs_cold']:.0%} of cold")
    print(f"book scale: {b['paragraphs']} paragraphs x {b['languages']} languages")
    print(f"  extract                       {b['extract_s']:.2f} s")
    print(f"  update                        {b['update_s']:.2f} s = {b['update_vs_msgmerge']:.2f} x msgmerge --previous ({b['msgmerge_previous_s']:.2f} s)")
    print(f"  kept by booklet               {b['booklet_kept']}")
    print(f"  kept by msgmerge              {b['msgmerge_kept']}")
    print(f"peak memory                     {figures['peak_memory_mb']:.0f} MB")


if __name__ == "__main__":
    main()
