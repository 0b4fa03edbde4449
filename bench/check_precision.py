"""How often a ``booklet check`` error on real catalogues is a real defect.

    .venv/bin/python bench/check_precision.py                  # sample 10 errors per check, seed 16
    .venv/bin/python bench/check_precision.py --per-check 20 --seed 3 --check figures

Downloads a few wheels from PyPI that ship many languages' .po files (into
~/.cache/booklet-bench, never into the repository: the catalogues are
their translators' work), checks every catalogue in them as ``booklet check
FILE.po...`` does outside a project, and prints, for a random sample of the
error-level findings (the same sample for the same seed and versions), the
finding with its entry's msgid and msgstr, for a person to judge true or
false. The last lines count the errors by check and the languages sampled.
"""
from __future__ import annotations

import argparse
import random
import subprocess
import sys
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.catalog.pofile import read_catalog  # noqa: E402
from pipeline.check import Located, check_files  # noqa: E402

CACHE = Path.home() / ".cache" / "booklet-bench"
#: Pinned, so that a sample can be drawn again: packages whose catalogues
#: were made by many translators in many languages, with Transifex, Weblate
#: or by hand.
WHEELS = (("Django", "5.2.19"), ("Sphinx", "9.0.4"), ("wagtail", "8.0.1"), ("django-allauth", "65.22.1"))


def catalogues() -> list[Path]:
    """Every translation (``*/LC_MESSAGES/*.po``) of the wheels, unpacked below the cache."""
    paths: list[Path] = []
    for package, version in WHEELS:
        wheels = CACHE / "wheels"
        pattern = f"{package.lower().replace('-', '_')}-{version}-*.whl"
        if not sorted(wheels.glob(pattern)):
            subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
                            "-d", str(wheels), f"{package}=={version}"], check=True)
        wheel = sorted(wheels.glob(pattern))[0]
        folder = CACHE / "po" / wheel.stem
        with zipfile.ZipFile(wheel) as archive:
            for name in archive.namelist():
                if name.endswith(".po") and "/LC_MESSAGES/" in name and "/en/" not in name:
                    target = folder / name
                    if not target.exists():
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_bytes(archive.read(name))
                    paths.append(target)
    return sorted(paths)


def _entry_text(located: Located) -> str:
    """The msgid and msgstr of the entry a finding is about, to judge it by."""
    catalog = read_catalog(Path(located.path), located.path)
    line = located.finding.line or 0
    entry = max((e for e in catalog.po if e.linenum <= line and not e.obsolete), key=lambda e: e.linenum, default=None)
    if entry is None:
        return ""
    strings = [f"msgid {entry.msgid!r}"]
    if entry.msgid_plural:
        strings += [f"msgid_plural {entry.msgid_plural!r}"] + [f"msgstr[{n}] {s!r}" for n, s in sorted(entry.msgstr_plural.items())]
    else:
        strings.append(f"msgstr {entry.msgstr!r}")
    return "\n    ".join(strings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--per-check", type=int, default=10, help="errors sampled from each check (all, if fewer)")
    parser.add_argument("--check", action="append", help="sample only these checks")
    args = parser.parse_args()
    paths = catalogues()
    errors = [f for f in check_files([str(p) for p in paths]) if f.finding.severity == "error"]
    by_check: dict[str, list[Located]] = defaultdict(list)
    for located in errors:
        by_check[located.finding.check].append(located)
    rng = random.Random(args.seed)
    sample: list[Located] = []
    for check in sorted(by_check):
        if not args.check or check in args.check:
            found = by_check[check]
            sample += rng.sample(found, min(args.per_check, len(found)))
    root = str(CACHE / "po") + "/"
    for number, located in enumerate(sample, 1):
        print(f"[{number}] {str(located).replace(root, '')}\n    {_entry_text(located)}\n")
    print(f"{len(paths)} catalogues, {len(errors)} errors: "
          + ", ".join(f"{check} {len(found)}" for check, found in sorted(by_check.items())))
    print("sampled languages: " + ", ".join(f"{lang} {n}" for lang, n in sorted(Counter(s.language for s in sample).items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
