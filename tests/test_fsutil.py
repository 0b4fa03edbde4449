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
