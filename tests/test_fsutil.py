"""write_atomic replaces a file only when nothing of anyone else's is lost."""
from __future__ import annotations

import stat

import pytest

from pipeline.errors import CatalogError
from pipeline.fsutil import ABSENT, TMP_PREFIX, digest, remove_stale_temporaries, write_atomic


def test_write_atomic_replaces_only_the_file_it_read(tmp_path):
    path = tmp_path / "de.po"
    path.write_bytes(b"as read\n")
    path.chmod(0o640)
    read = digest(path.read_bytes())
    assert write_atomic(path, "ours\n", expected=read, error=CatalogError)
    assert path.read_bytes() == b"ours\n" and stat.S_IMODE(path.stat().st_mode) == 0o640

    path.write_bytes(b"saved by an editor\n")  # after our read: not ours to replace
    with pytest.raises(CatalogError, match=r"^de\.po: changed since it was read .*your version is kept"):
        write_atomic(path, "ours again\n", expected=digest(b"ours\n"), error=CatalogError, shown="de.po")
    assert path.read_bytes() == b"saved by an editor\n"

    new = tmp_path / "ru.po"
    new.write_bytes(b"created meanwhile\n")
    with pytest.raises(CatalogError, match="changed since it was read"):
        write_atomic(new, "ours\n", expected=ABSENT, error=CatalogError)
    assert new.read_bytes() == b"created meanwhile\n"
    assert write_atomic(tmp_path / "tr.po", "ours\n", expected=ABSENT)
    assert not list(tmp_path.glob(TMP_PREFIX + "*"))


def test_write_atomic_does_not_replace_a_read_only_file(tmp_path):
    path = tmp_path / "de.po"
    path.write_bytes(b"frozen\n")
    path.chmod(0o444)
    with pytest.raises(CatalogError, match=r"de\.po: read-only: not replaced"):
        write_atomic(path, "ours\n", error=CatalogError, shown="de.po")
    assert path.read_bytes() == b"frozen\n" and stat.S_IMODE(path.stat().st_mode) == 0o444
    assert not write_atomic(path, "frozen\n")  # nothing to write is no error
    assert not list(tmp_path.glob(TMP_PREFIX + "*"))


def test_remove_stale_temporaries_removes_only_what_we_made(tmp_path):
    folder = tmp_path / "locales"
    (folder / "de").mkdir(parents=True)
    ours = [folder / (TMP_PREFIX + "a"), folder / "de" / (TMP_PREFIX + "b")]
    for path in ours:
        path.write_bytes(b"half")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / (TMP_PREFIX + "c")).write_bytes(b"someone else's")
    (folder / "linked").symlink_to(elsewhere)  # a linked folder is not ours to sweep
    (folder / (TMP_PREFIX + "link")).symlink_to(elsewhere / (TMP_PREFIX + "c"))
    (folder / (TMP_PREFIX + "folder")).mkdir()
    (folder / "de.po").write_bytes(b"a catalogue")
    remove_stale_temporaries(folder)
    assert not any(path.exists() for path in ours)
    assert (elsewhere / (TMP_PREFIX + "c")).exists()
    assert (folder / (TMP_PREFIX + "link")).is_symlink()
    assert (folder / (TMP_PREFIX + "folder")).is_dir() and (folder / "de.po").exists()


def test_a_file_digest_follows_the_file_within_one_process(tmp_path):
    """booklet serve builds again in the same process: an image changed since
    must not keep its old digest (and with it the old booklet)."""
    import os

    from pipeline.fsutil import file_digest

    image = tmp_path / "map.png"
    image.write_bytes(b"one")
    first = file_digest(image)
    assert file_digest(image) == first
    image.write_bytes(b"two")  # same size: the mtime tells
    os.utime(image, ns=(10**18, 10**18))
    assert file_digest(image) != first


def test_source_date_is_the_epoch_variable_or_none(monkeypatch) -> None:
    """SOURCE_DATE_EPOCH as a UTC moment; unset, or not a whole number of
    seconds ('1.5', which made the imposition fail with int()'s message), none."""
    import datetime as dt

    from pipeline.fsutil import source_date

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert source_date() is None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert source_date() == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.timezone.utc)
    for value in ("", "1.5", "-1", "soon"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
        assert source_date() is None, value


def git(root, *args: str, date: str = "2024-01-20T12:00:00+00:00") -> None:
    import os
    import subprocess

    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def committed(root, date: str = "2024-01-20T12:00:00+00:00") -> None:
    """``root`` made a git checkout of all it holds, committed at ``date``."""
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "inputs"]):
        git(root, *args, date=date)


def test_input_dates_are_the_newest_commit_touching_them_in_a_git_checkout(tmp_path) -> None:
    import datetime as dt
    import os

    from pipeline.fsutil import InputDates

    (tmp_path / "source").mkdir()
    (tmp_path / "source/a.md").write_text("A\n")
    (tmp_path / "other.txt").write_text("x\n")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "one", date="2024-01-20T12:00:00+00:00")
    (tmp_path / "other.txt").write_text("y\n")  # committed later, not an input
    git(tmp_path, "commit", "-qam", "two", date="2025-03-01T00:00:00+00:00")
    os.utime(tmp_path / "source/a.md", (2_000_000_000, 2_000_000_000))  # a checkout's times say nothing
    dates = InputDates(tmp_path, [tmp_path / "source"])
    assert dates.of([tmp_path / "source"]) == dt.datetime(2024, 1, 20, 12, tzinfo=dt.timezone.utc)
    # changed since its last commit: the file's own time
    (tmp_path / "source/a.md").write_text("B\n")
    os.utime(tmp_path / "source/a.md", (1_700_000_000, 1_700_000_000))
    dates = InputDates(tmp_path, [tmp_path / "source"])
    assert dates.of([tmp_path / "source"]) == dt.datetime.fromtimestamp(1_700_000_000, dt.timezone.utc)


def test_input_dates_outside_git_are_the_newest_files_time_and_none_without_files(tmp_path) -> None:
    import datetime as dt
    import os

    from pipeline.fsutil import InputDates

    (tmp_path / "source/deep").mkdir(parents=True)
    for name, moment in (("a.md", 1_600_000_000.7), ("deep/b.md", 1_650_000_000.2)):
        (tmp_path / "source" / name).write_text("x\n")
        os.utime(tmp_path / "source" / name, (moment, moment))
    (tmp_path / "pyproject.toml").write_text("")
    os.utime(tmp_path / "pyproject.toml", (1_500_000_000, 1_500_000_000))
    dates = InputDates(tmp_path, [tmp_path / "pyproject.toml", tmp_path / "source"])
    found = dates.of([tmp_path / "pyproject.toml", tmp_path / "source", tmp_path / "missing"])
    assert found == dt.datetime.fromtimestamp(1_650_000_000, dt.timezone.utc)
    assert dates.of([tmp_path / "missing"]) is None


def test_input_dates_ask_git_once_for_every_group(tmp_path, monkeypatch) -> None:
    """Each group (a language's catalogues beside the shared inputs) gets its
    own date, from one reading of git: a catalogue committed later dates its
    language alone, one changed since its commit falls back to its own time
    and leaves the others their commits' dates."""
    import datetime as dt
    import os
    import subprocess

    from pipeline import fsutil

    for name in ("pyproject.toml", "locales/de/a.po", "locales/ru/a.po", "locales/tr/a.po"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x\n")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "one", date="2024-01-20T12:00:00+00:00")
    (tmp_path / "locales/ru/a.po").write_text("y\n")
    git(tmp_path, "commit", "-qam", "two", date="2025-03-01T00:00:00+00:00")
    (tmp_path / "locales/tr/a.po").write_text("z\n")
    os.utime(tmp_path / "locales/tr/a.po", (1_800_000_000, 1_800_000_000))
    calls = []
    run = subprocess.run
    monkeypatch.setattr(fsutil.subprocess, "run", lambda command, **options: calls.append(command) or run(command, **options))
    dates = fsutil.InputDates(tmp_path, [tmp_path / "pyproject.toml", tmp_path / "locales"])
    found = {language: dates.of([tmp_path / "pyproject.toml", tmp_path / f"locales/{language}/a.po"]) for language in ("de", "ru", "tr")}
    assert found == {
        "de": dt.datetime(2024, 1, 20, 12, tzinfo=dt.timezone.utc),
        "ru": dt.datetime(2025, 3, 1, tzinfo=dt.timezone.utc),
        "tr": dt.datetime.fromtimestamp(1_800_000_000, dt.timezone.utc),
    }
    assert [command[3] for command in calls] == ["rev-parse", "status", "log"]
