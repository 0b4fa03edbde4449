"""booklet's normalize and update against the installed GNU gettext, at length.

    .venv/bin/python bench/catalogue_differential.py --seeds 0:5000
    .venv/bin/python bench/catalogue_differential.py --real

--seeds runs the random catalogues of tests/catalog/generate.py (the suite
runs a slice of them). --real downloads packages that ship .po files (into
~/.cache/booklet-bench, never into the repository): wheels and old sdists
from PyPI (pip download) and Debian packages (apt-get download), many of
them in charsets other than UTF-8 (ISO-8859-1, -3, -15, KOI8-R, EUC-JP,
US-ASCII). It compares every catalogue in them with msgcat (after msgconv -t
UTF-8 for another charset), and each translation merged with a template
(an older release's with the newer release's, or an example's with its own)
with msgmerge --previous. Every difference is printed with its diff; the
last lines count them, and count the catalogues by charset.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import Counter
from pathlib import Path, PurePosixPath
from typing import Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.catalog.generate import random_case  # noqa: E402
from tests.catalog.gnu import explain, gnu_merge, gnu_normalize, ours_merge, ours_normalize  # noqa: E402

CACHE = Path.home() / ".cache" / "booklet-bench"
#: (package, older release, newer release, the template's path in the newer
#: one, the translations' path pattern): releases whose catalogues differ,
#: so that merging the older translations with the newer template is an update
#: as a project makes it. A release without a newer one is only normalized.
WHEELS = (
    ("Django", "4.0", "5.0", "django/conf/locale/en/LC_MESSAGES/django.po", "django/conf/locale/*/LC_MESSAGES/django.po"),
    ("Sphinx", "5.0.0", "7.2.6", "sphinx/locale/sphinx.pot", "sphinx/locale/*/LC_MESSAGES/sphinx.po"),
)
#: Source distributions, whose catalogues are older and not all in UTF-8.
SDISTS = (
    ("roundup", "2.0.0", "2.4.0", "roundup-2.4.0/locale/roundup.pot", "roundup-*/locale/*.po"),
    ("Products.PlacelessTranslationService", "2.0.7", None, None, "*/locales/*/LC_MESSAGES/*.po"),
    ("mailman", "3.0.0", None, None, "*/mailman/testing/*.po"),
    ("polib", "1.1.1", None, None, "polib-*/tests/*.po"),
    ("zope.i18n", "4.7.0", None, None, "*.po"),  # its tests' catalogues: ISO-8859-1
    ("translate-toolkit", "2.5.1", None, None, "*.po"),  # its tests' catalogues: no charset
    ("Babel", "2.9.1", None, None, "*.po"),
)
#: Debian packages whose documentation ships example catalogues: GNU
#: gettext's own (hello-c, hello-python... in 43 languages; Japanese in
#: EUC-JP, Maltese in ISO-8859-3), ruby-gettext's (EUC-JP, Shift_JIS, GB2312)
#: and libintl-perl's (ISO-8859-1, -5, -6).
DEBIAN = ("gettext-doc", "ruby-gettext", "libintl-perl")


def _download(package: str, version: str, binary: bool) -> Path:
    folder = CACHE / ("wheels" if binary else "sdists")
    folder.mkdir(parents=True, exist_ok=True)

    def found() -> list[Path]:
        names = {package, package.lower(), package.replace("-", "_")}
        return sorted(p for name in names for p in folder.glob(f"{name}-{version}[-.]*") if p.suffix in (".whl", ".gz", ".zip"))

    if not found():
        kind = ["--only-binary", ":all:"] if binary else ["--no-binary", ":all:"]
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", *kind,
                        "-d", str(folder), f"{package}=={version}"], check=True)
    return found()[0]


def _debian(package: str) -> Path:
    folder = CACHE / "debs"
    folder.mkdir(parents=True, exist_ok=True)
    if not sorted(folder.glob(f"{package}_*.deb")):
        subprocess.run(["apt-get", "download", "-q", package], cwd=folder, check=True)
    return sorted(folder.glob(f"{package}_*.deb"))[-1]


def _members(archive: Path, pattern: str) -> dict[str, bytes]:
    """The files of a wheel, sdist or .deb whose path matches ``pattern``."""
    if archive.suffix == ".deb":
        with tempfile.TemporaryDirectory() as folder:
            subprocess.run(["dpkg-deb", "-x", str(archive), folder], check=True)
            return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(Path(folder).rglob("*")) if p.is_file()
                    and p.relative_to(folder).match(pattern)}
    if archive.suffix in (".whl", ".zip"):
        with zipfile.ZipFile(archive) as files:
            return {name: files.read(name) for name in files.namelist() if PurePosixPath(name).match(pattern)}
    with tarfile.open(archive) as files:
        return {m.name: files.extractfile(m).read() for m in files.getmembers() if m.isfile() and PurePosixPath(m.name).match(pattern)}


def _template(catalogue: bytes) -> bytes:
    """A template with a catalogue's messages: its translations emptied by GNU msgfilter."""
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.po", Path(folder) / "out.pot"
        source.write_bytes(catalogue)
        subprocess.run(["msgfilter", "--keep-header", "-i", str(source), "-o", str(target), "sed", "-e", "d"], check=True)
        return target.read_bytes()


def _charset(data: bytes) -> str:
    found = re.search(rb"charset=([A-Za-z0-9_.:-]+)", data)
    return found.group(1).decode().upper().replace("_", "-") if found else "none"


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


def _releases(download, releases) -> Iterator[tuple[str, dict[str, bytes], list[tuple[str, bytes, bytes]]]]:
    """For each release: a label, its catalogues, and its updates (label, catalogue, template)."""
    for package, older, newer, template_path, pattern in releases:
        old = download(package, older)
        catalogues = {f"{old.name}:{name}": data for name, data in _members(old, pattern).items()}
        updates = []
        if newer is not None:
            new = download(package, newer)
            template = next(iter(_members(new, template_path).values()))
            catalogues.update({f"{new.name}:{name}": data for name, data in _members(new, pattern).items()})
            updates = [(f"{old.name}:{name} with {newer}", data, template) for name, data in _members(old, pattern).items()]
        yield package, catalogues, updates


def _template_for(name: str, files: dict[str, bytes], made: dict[str, bytes]) -> bytes | None:
    """The template a package's catalogue is merged with: its domain's .pot
    beside it or a folder up (ruby-gettext's po/hello.pot for
    po/ja/hello.po), else its folder's only .pot (libintl-perl's), else one
    made from its folder's German catalogue (GNU's examples ship none)."""
    path = PurePosixPath(name)
    domain = path.name.removesuffix(".po").removesuffix(".edit")
    for candidate in (path.parent / f"{domain}.pot", path.parent.parent / f"{domain}.pot"):
        if str(candidate) in files:
            return files[str(candidate)]
    pots = [other for other in files if other.endswith(".pot") and PurePosixPath(other).parent == path.parent]
    if len(pots) == 1:
        return files[pots[0]]
    german = str(path.parent / "de.po")
    if german in files and german not in made:
        made[german] = _template(files[german])
    return made.get(german)


def _examples() -> Iterator[tuple[str, dict[str, bytes], list[tuple[str, bytes, bytes]]]]:
    for package in DEBIAN:
        deb = _debian(package)
        files = {name: data for name, data in _members(deb, "*.po*").items() if name.endswith((".po", ".pot"))}
        made: dict[str, bytes] = {}
        updates = []
        for name, data in files.items():
            template = _template_for(name, files, made) if name.endswith(".po") else None
            if template is not None:
                updates.append((f"{deb.name}:{name}", data, template))
        yield package, {f"{deb.name}:{name}": data for name, data in files.items()}, updates


def run_real(counts: Counter, limit: int, charsets: Counter) -> None:
    shown = [0]
    sources = (
        _releases(lambda package, version: _download(package, version, True), WHEELS),
        _releases(lambda package, version: _download(package, version, False), SDISTS),
        _examples(),
    )
    for source in sources:
        for _package, catalogues, updates in source:
            for label, data in catalogues.items():
                charsets[_charset(data)] += 1
                name = "in.pot" if label.endswith(".pot") else "in.po"  # msgcat reads a template's CHARSET
                _report("normalize", label, gnu_normalize(data, name), ours_normalize(data, name), counts, shown, limit)
            for label, po, pot in updates:
                _report("update", label, gnu_merge(po, pot), ours_merge(po, pot), counts, shown, limit)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", help="FIRST:LAST random seeds")
    parser.add_argument("--real", action="store_true", help="catalogues of packages from PyPI and Debian")
    parser.add_argument("--show", type=int, default=10, help="how many differences to print")
    args = parser.parse_args()
    counts: Counter = Counter()
    charsets: Counter = Counter()
    if args.seeds:
        first, last = map(int, args.seeds.split(":"))
        run_seeds(first, last, counts, args.show)
    if args.real:
        run_real(counts, args.show, charsets)
        print("catalogues by charset: " + ", ".join(f"{key}: {value}" for key, value in charsets.most_common()))
    print(", ".join(f"{key}: {value}" for key, value in sorted(counts.items())))


if __name__ == "__main__":
    main()
