"""Book-scale ``booklet update`` against ``msgmerge --previous`` (issue #17).

    .venv/bin/python bench/update_speed.py [--paragraphs 5000] [--languages 10]

A book of N paragraphs, translated in every language, then two workloads,
each measured on the same catalogues and the same new template:

- edits: 5 % of the paragraphs changed by one word (each a fuzzy match);
- new: 5 % more paragraphs, new text (little to match).

For each: ``booklet update`` as a user runs it, a command in a new process
(extraction included, the languages on the machine's cores), against
msgmerge --previous on every language, run one after the other as
sphinx-intl and po4a run it, and also on as many cores as booklet has
(``xargs -P``), so that the ratio is not the cores' doing. Wall time and
CPU time (user + system of the processes) of each, the translated and
fuzzy entries each kept, whether the outputs are the same bytes, and where
booklet's time goes (reading, matching, writing: the CPU time of one
language, in a new process as the command's workers have it).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.catalog.merge import merge  # noqa: E402
from pipeline.catalog.pofile import format_po, parse_po  # noqa: E402
from pipeline.catalog.stats import statistics  # noqa: E402
from pipeline.config import load_project  # noqa: E402
from pipeline.extract import extract, templates  # noqa: E402
from pipeline.gcutil import cycles_not_collected  # noqa: E402
from pipeline.init import init  # noqa: E402

LANGUAGES = ["de", "fr", "es", "it", "ru", "az", "tr", "ar", "pl", "nl"]
WORDS = (
    "the of and to in a is that for it as was with be by on not he this are or his from at which but have "
    "an they you were their one all we can her has there been if more when will would who so no"
).split() + [f"word{i}" for i in range(3000)]


def paragraph(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 60))).capitalize() + "."


def translated_book(root: Path, paragraphs: int, languages: list[str]) -> list[str]:
    """A project whose one source has ``paragraphs`` paragraphs, translated in every language."""
    rng = random.Random(1990)
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        "[project]\nname = 'book'\nversion = '1'\n\n[tool.booklet]\nlanguages = " + json.dumps(languages) + "\n"
    )
    texts = [paragraph(rng) for _ in range(paragraphs)]
    (root / "source" / "book.md").write_text("\n\n".join(texts) + "\n", encoding="utf-8")
    project = load_project(root)
    extract(project)
    init(project, languages)
    for language in languages:
        path = project.po_path(language, "book")
        po = parse_po(path.read_bytes(), str(path))
        for entry in po:
            entry.msgstr = f"[{language}] " + entry.msgid[::-1]
        path.write_text(format_po(po), encoding="utf-8")
    return texts


def edited(texts: list[str], workload: str) -> list[str]:
    rng = random.Random(17)
    result = list(texts)
    for index in sorted(rng.sample(range(len(texts)), len(texts) // 20), reverse=True):
        if workload == "edits":
            words = result[index].split()
            words[rng.randrange(len(words))] = rng.choice(WORDS)
            result[index] = " ".join(words)
        else:
            result.insert(index, paragraph(rng))
    return result


def kept(paths: list[Path]) -> dict[str, int]:
    totals = {"translated": 0, "fuzzy": 0}
    for path in paths:
        stats = statistics(parse_po(path.read_bytes(), str(path)))
        totals["translated"] += stats.translated
        totals["fuzzy"] += stats.fuzzy
    return totals


def where_time_goes(po_path: Path, pot_path: Path) -> dict[str, float]:
    """One language's update stage by stage, in CPU seconds, in a new process
    as a worker of the command has it: the template formatted first (the
    command does so before its workers fork, and they share the msgids'
    lines), no cycle collection (the command pauses it)."""
    command = [sys.executable, __file__, "--stages", str(po_path), str(pot_path)]
    # stdout for the figures; stderr through, so that a failure shows its message
    return json.loads(subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout)


def _stages(po_path: Path, pot_path: Path) -> None:
    with cycles_not_collected():
        pot = parse_po(pot_path.read_bytes(), "new.pot")
        format_po(pot)
        clock = time.process_time
        start = clock()
        po = parse_po(po_path.read_bytes(), "old.po")
        read = clock()
        merged = merge(po, pot)
        matched = clock()
        format_po(merged, lone_header=True)
        written = clock()
    print(json.dumps({"read_s": read - start, "merge_s": matched - read, "write_s": written - matched}))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(run) -> tuple[float, float]:
    """Wall and CPU seconds of the child processes ``run`` starts and waits for."""
    cpu, start = _children_cpu(), time.perf_counter()
    run()
    return time.perf_counter() - start, _children_cpu() - cpu


def msgmerge_all(gnu: Path, languages: list[str], pot: Path, cores: int) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def one(language: str) -> None:
        subprocess.run(["msgmerge", "--previous", "--quiet", "-o", str(gnu / f"{language}.new.po"),
                        str(gnu / f"{language}.po"), str(pot)], check=True)

    with ThreadPoolExecutor(cores) as pool:
        list(pool.map(one, languages))


def workload(work: Path, paragraphs: int, languages: list[str], name: str) -> dict[str, object]:
    root = work / name
    texts = translated_book(root, paragraphs, languages)
    project = load_project(root)
    (root / "source" / "book.md").write_text("\n\n".join(edited(texts, name)) + "\n", encoding="utf-8")
    gnu = work / f"{name}-gnu"
    gnu.mkdir()
    for language in languages:
        shutil.copy(project.po_path(language, "book"), gnu / f"{language}.po")
    pot_new = gnu / "book.pot"
    pot_new.write_text(format_po(templates(project)["book"]), encoding="utf-8")
    stages = where_time_goes(gnu / f"{languages[0]}.po", pot_new)
    cores = os.cpu_count() or 1
    parallel_s, _ = timed(lambda: msgmerge_all(gnu, languages, pot_new, cores))
    gnu_s, gnu_cpu = timed(lambda: msgmerge_all(gnu, languages, pot_new, 1))
    command = [sys.executable, "-m", "pipeline", "--project", str(root), "update"]
    update_s, update_cpu = timed(lambda: subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=Path(__file__).resolve().parent.parent))
    ours = [project.po_path(language, "book") for language in languages]
    theirs = [gnu / f"{language}.new.po" for language in languages]
    return {
        "update_s": update_s,
        "msgmerge_s": gnu_s,
        "ratio": update_s / gnu_s,
        "msgmerge_parallel_s": parallel_s,
        "ratio_parallel": update_s / parallel_s,
        "update_cpu_s": update_cpu,
        "msgmerge_cpu_s": gnu_cpu,
        "ratio_cpu": update_cpu / gnu_cpu,
        "booklet_kept": kept(ours),
        "msgmerge_kept": kept(theirs),
        "same_bytes": sum(a.read_bytes() == b.read_bytes() for a, b in zip(ours, theirs)),
        "one_language": stages,
    }


def main() -> None:
    # One creation date for the template msgmerge reads and the one update
    # extracts minutes later: the outputs are then comparable byte for byte.
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paragraphs", type=int, default=5000)
    parser.add_argument("--languages", type=int, default=len(LANGUAGES))
    parser.add_argument("--workloads", default="edits,new", help="edits, new or both (comma-separated)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--stages", nargs=2, type=Path, metavar=("PO", "POT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stages:
        _stages(*args.stages)
        return
    languages = LANGUAGES[: args.languages]
    with tempfile.TemporaryDirectory(prefix="booklet-update-bench-") as folder:
        results = {name: workload(Path(folder), args.paragraphs, languages, name) for name in args.workloads.split(",")}
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{args.paragraphs} paragraphs x {len(languages)} languages")
    for name, r in results.items():
        stages = ", ".join(f"{k[:-2]} {v:.2f} s" for k, v in r["one_language"].items()) + " CPU"
        print(f"  {name:5}  update {r['update_s']:.2f} s = {r['ratio']:.2f} x msgmerge --previous ({r['msgmerge_s']:.2f} s), "
              f"{r['ratio_parallel']:.2f} x msgmerge on every core ({r['msgmerge_parallel_s']:.2f} s); "
              f"CPU {r['update_cpu_s']:.2f} s = {r['ratio_cpu']:.2f} x msgmerge's ({r['msgmerge_cpu_s']:.2f} s); "
              f"kept {r['booklet_kept']} vs {r['msgmerge_kept']}; same bytes in {r['same_bytes']}/{len(languages)}; "
              f"one language: {stages}")


if __name__ == "__main__":
    main()
