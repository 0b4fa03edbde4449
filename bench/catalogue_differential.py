"""booklet's normalize and update against the installed GNU gettext, at length.

    .venv/bin/python bench/catalogue_differential.py --seeds 0:5000
    .venv/bin/python bench/catalogue_differential.py --real

--seeds runs the random catalogues of tests/catalog/generate.py (the suite
runs a slice of them). --real downloads a few wheels from PyPI that ship
.po files (into ~/.cache/booklet-bench, never into the repository), and
compares every catalogue in them with msgcat, and each translation of the
older release merged with the newer release's template with msgmerge
--previous. Every difference is printed with its diff; the last line counts
them.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.catalog.generate import random_case  # noqa: E402
from tests.catalog.gnu import explain, gnu_merge, gnu_normalize, ours_merge, ours_normalize  # noqa: E402

CACHE = Path.home() / ".cache" / "booklet-bench" / "wheels"
#: (package, older release, newer release, the template's path in the newer
#: wheel, the translations' path pattern): releases whose catalogues differ,
#: so that merging the older translations with the newer template is an update
#: as a project makes it.
WHEELS = (
    ("Django", "4.0", "5.0", "django/conf/locale/en/LC_MESSAGES/django.po", "django/conf/locale/*/LC_MESSAGES/django.po"),
    ("Sphinx", "5.0.0", "7.2.6", "sphinx/locale/sphinx.pot", "sphinx/locale/*/LC_MESSAGES/sphinx.po"),
)


def _wheel(package: str, version: str) -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    found = sorted(CACHE.glob(f"{package}-{version}-*.whl")) or sorted(CACHE.glob(f"{package.lower()}-{version}-*.whl"))
    if not found:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
                        "-d", str(CACHE), f"{package}=={version}"], check=True)
        found = sorted(CACHE.glob(f"{package}-{version}-*.whl")) or sorted(CACHE.glob(f"{package.lower()}-{version}-*.whl"))
    return found[0]


def _catalogues(wheel: Path, pattern: str) -> dict[str, bytes]:
    with zipfile.ZipFile(wheel) as archive:
        return {name: archive.read(name) for name in archive.namelist() if Path(name).match(pattern)}


def _report(kind: str, label: str, gnu, ours, counts: Counter, shown: list[int], limit: int) -> None:
    if gnu.output is None and ours.output is None:
        counts[f"{kind} both refuse"] += 1
    elif ours.agrees_with(gnu):
        counts[f"{kind} same"] += 1
    else:
        counts[f"{kind} DIFFERENT"] += 1
        if shown[0] < limit:
            shown[0] += 1
            print(f"=== {kind} {label}\n{explain(gnu, ours)[:4000]}")


def run_seeds(first: int, last: int, counts: Counter, limit: int) -> None:
    shown = [0]
    for seed in range(first, last):
        po, pot = random_case(seed)
        for name, data in (("in.po", po), ("in.pot", pot)):
            _report("normalize", f"seed {seed} {name}", gnu_normalize(data, name), ours_normalize(data, name), counts, shown, limit)
        _report("update", f"seed {seed}", gnu_merge(po, pot), ours_merge(po, pot), counts, shown, limit)


def run_real(counts: Counter, limit: int) -> None:
    shown = [0]
    for package, older, newer, template_path, pattern in WHEELS:
        old_wheel, new_wheel = _wheel(package, older), _wheel(package, newer)
        with zipfile.ZipFile(new_wheel) as archive:
            template = archive.read(template_path)
        for wheel in (old_wheel, new_wheel):
            for name, data in _catalogues(wheel, pattern).items():
                _report("normalize", f"{wheel.name}:{name}", gnu_normalize(data), ours_normalize(data), counts, shown, limit)
        for name, data in _catalogues(old_wheel, pattern).items():
            _report("update", f"{old_wheel.name}:{name} with {newer}", gnu_merge(data, template),
                    ours_merge(data, template), counts, shown, limit)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", help="FIRST:LAST random seeds")
    parser.add_argument("--real", action="store_true", help="catalogues of wheels from PyPI")
    parser.add_argument("--show", type=int, default=10, help="how many differences to print")
    args = parser.parse_args()
    counts: Counter = Counter()
    if args.seeds:
        first, last = map(int, args.seeds.split(":"))
        run_seeds(first, last, counts, args.show)
    if args.real:
        run_real(counts, args.show)
    print(", ".join(f"{key}: {value}" for key, value in sorted(counts.items())))


if __name__ == "__main__":
    main()
