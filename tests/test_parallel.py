"""Work per language in forked workers: the same results, in the same order, as in one process."""
from __future__ import annotations

import os

import polib
import pytest

from pipeline import parallel
from pipeline.catalog.pofile import format_po
from pipeline.config import load_project
from pipeline.errors import CatalogError
from pipeline.parallel import map_languages
from pipeline.check import check_project
from pipeline.status import status
from pipeline.init import init


def _square_or_fail(number: int) -> int:
    if number in (3, 5):
        raise CatalogError(f"item {number}", path=f"{number}.po", line=number)
    return number * number


@pytest.fixture
def forking(monkeypatch):
    """As on a machine with cores to spare, whatever the catalogues' size."""
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)


def _pid(_: object) -> int:
    return os.getpid()


def test_results_keep_their_order_and_the_first_error_is_raised(forking) -> None:
    assert os.getpid() not in map_languages(_pid, [1, 2, 3], fork=True)  # in workers indeed
    assert map_languages(_pid, [1, 2], fork=False) == [os.getpid()] * 2
    assert map_languages(abs, [-3, 1, -2], fork=True) == [3, 1, 2]
    with pytest.raises(CatalogError) as raised:
        map_languages(_square_or_fail, [1, 2, 5, 3], fork=True)
    assert str(raised.value) == "5.po:5: item 5"  # picklable, with its file:line


def test_status_and_check_in_workers_are_as_in_one_process(make_project, monkeypatch) -> None:
    root = make_project(
        {"source/a.md": "# Title\n\n147 people.\n\nSecond paragraph.\n", "source/b.md": "# B\n\nOne more.\n"},
        languages=("de", "ru", "tr"),
    )
    project = load_project(root)
    init(project, ["de", "ru", "tr"])
    for language, text in (("de", "148 Menschen."), ("ru", "147 человек."), ("tr", "147 kişi")):
        path = project.po_path(language, "a")
        po = polib.pofile(str(path))
        po.find("147 people.").msgstr = text
        path.write_text(format_po(po), encoding="utf-8")
    inline = (status(project), check_project(project), check_project(project, ["tr", "de"]))
    assert not parallel.worth_forking(project.locales_dir.rglob("*.po"))  # small: read in this process
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    forked = (status(project), check_project(project), check_project(project, ["tr", "de"]))
    assert forked == inline
    assert [(row.domain, row.language) for row in forked[0]][:3] == [("a", "de"), ("a", "ru"), ("a", "tr")]
    assert any(f.language == "de" and f.finding.check == "figures" for f in forked[1])
