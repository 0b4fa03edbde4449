"""Nothing lost under kills and concurrent runs: atomic writes and the project lock."""
from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import polib
import pypdf
import pytest

from pipeline.errors import LockError
from pipeline.fsutil import TMP_PREFIX
from pipeline.lock import project_lock

SOURCE = "# Title\n\n" + "\n\n".join(f"Paragraph {i} with the figure {i * 7}." for i in range(40)) + "\n"


def booklet(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "--project", str(root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def project(make_project):
    root = make_project({"source/a.md": SOURCE}, languages=("de", "ru"))
    assert booklet(root, "init", "de", "ru").wait() == 0
    return root


def _outputs_are_whole(root: Path) -> None:
    for path in (root / "output").rglob("*"):
        if not path.is_file():
            continue
        assert not path.name.startswith(TMP_PREFIX) or True  # swept by the next run, checked below
        if path.name.startswith(TMP_PREFIX):
            continue
        if path.suffix == ".pdf":
            assert len(pypdf.PdfReader(path).pages) > 0, path
        elif path.suffix == ".html":
            assert path.read_text(encoding="utf-8").rstrip().endswith("</html>"), path


def test_concurrent_builds_do_not_corrupt_anything(project):
    first = booklet(project, "build", "--clean", "--jobs", "1")
    second = booklet(project, "build", "--clean", "--jobs", "1")
    assert first.wait(timeout=300) == 0, first.stderr.read()
    assert second.wait(timeout=300) == 0, second.stderr.read()
    _outputs_are_whole(project)
    assert not list(project.rglob(TMP_PREFIX + "*"))


def test_killed_builds_leave_no_partial_file(project):
    rng = random.Random(20)
    for _ in range(4):
        process = booklet(project, "build", "--clean")
        time.sleep(rng.uniform(0.3, 4.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
        _outputs_are_whole(project)
    final = booklet(project, "build")
    assert final.wait(timeout=300) == 0, final.stderr.read()
    _outputs_are_whole(project)
    assert not list(project.rglob(TMP_PREFIX + "*")), "a later run sweeps what a killed one left"


def test_killed_updates_lose_no_translation(project):
    po_path = project / "locales/de/LC_MESSAGES/a.po"
    po = polib.pofile(str(po_path))
    for entry in po:
        entry.msgstr = "Übersetzt: " + entry.msgid
    from pipeline.catalog.pofile import format_po

    po_path.write_text(format_po(po), encoding="utf-8")
    source = project / "source/a.md"
    source.write_text(SOURCE.replace("Paragraph 3 ", "Paragraph three "), encoding="utf-8")
    rng = random.Random(7)
    for _ in range(4):
        process = booklet(project, "update")
        time.sleep(rng.uniform(0.05, 1.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
        kept = polib.pofile(str(po_path))  # always a whole catalogue
        assert sum(1 for e in kept if e.msgstr) == len(po)
    assert booklet(project, "update").wait() == 0
    kept = polib.pofile(str(po_path))
    assert sum(1 for e in kept if e.msgstr) == len(po)
    assert not list(project.rglob(TMP_PREFIX + "*"))


def test_lock_makes_a_second_writer_wait_or_stop(project):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from pipeline.lock import project_lock\n"
            "with project_lock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(3)",
            str(project),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    messages: list[str] = []
    with pytest.raises(LockError, match="another booklet process is working on this project"):
        with project_lock(project, timeout=0.5, waiting=messages.append):
            pass
    assert messages and "booklet process" in messages[0]
    start = time.monotonic()
    with project_lock(project, timeout=30):
        assert time.monotonic() - start > 1  # waited for the holder
    holder.wait()


@pytest.mark.parametrize("command", [["update"], ["extract"], ["normalize"], ["init", "ru"]], ids=" ".join)
def test_next_catalogue_command_sweeps_what_a_killed_one_left(project, command):
    """F11: temporaries of a killed update, wherever they are in locales/,
    are removed by the next command that writes catalogues, once it holds
    the lock; nothing else named or placed like them is."""
    import fcntl
    import io
    import os
    import tempfile

    from pipeline.cli import main
    from pipeline.lock import LOCK_FILE

    if command[0] == "init":
        (project / "locales/ru").rename(project / "locales/ru-away")  # so that init makes it again
    locales = project / "locales"
    stale = []
    for folder in (locales, locales / "de/LC_MESSAGES"):
        fd, name = tempfile.mkstemp(prefix=TMP_PREFIX, dir=folder)  # as write_atomic makes them
        os.write(fd, b'msgid "half a catal')
        os.close(fd)
        stale.append(Path(name))
    not_ours = [locales / "de/LC_MESSAGES/notes.txt", locales / (TMP_PREFIX + "folder"), project / (TMP_PREFIX + "x")]
    not_ours[0].write_text("mine\n", encoding="utf-8")
    not_ours[1].mkdir()
    not_ours[2].write_text("outside locales/\n", encoding="utf-8")

    out, err = io.StringIO(), io.StringIO()
    assert main(["--project", str(project), *command], stdout=out, stderr=err) == 0, err.getvalue()
    assert [path for path in stale if path.exists()] == []
    assert all(path.exists() for path in not_ours)

    # While another writer holds the lock, its temporaries are not stale: kept.
    stale[0].write_bytes(b"being written")
    with open(project / LOCK_FILE, "a+") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)
        with pytest.raises(LockError):
            with project_lock(project, timeout=0, sweep=[locales]):
                pass
        assert stale[0].exists()
