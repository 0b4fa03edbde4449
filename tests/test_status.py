"""status and build agree on completion: one rule (catalog.stats.Completion) for both."""
from __future__ import annotations

import polib
import pytest

from pipeline.build import build
from pipeline.catalog.pofile import format_po
from pipeline.config import load_project
from pipeline.status import status
from pipeline.init import init

SOURCE = "First paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n\nFourth paragraph.\n"


@pytest.mark.parametrize("policy, published, state, draft", [("publish", 75, "ok", False), ("skip", 50, "below", True)])
def test_status_and_build_agree_on_completion(make_project, policy, published, state, draft):
    """Four messages, two translated, one fuzzy, min-completion 60: status said
    "draft (< 60%)" while the build published at 75% with no draft mark."""
    root = make_project({"source/a.md": SOURCE}, extra=f'fuzzy = "{policy}"\nmin-completion = 60\n')
    project = load_project(root)
    init(project, ["de"])
    path = project.po_path("de", "a")
    po = polib.pofile(str(path))
    po.find("First paragraph.").msgstr = "Erster Absatz."
    po.find("Second paragraph.").msgstr = "Zweiter Absatz."
    third = po.find("Third paragraph.")
    third.msgstr = "Dritter Absatz."
    third.flags.append("fuzzy")
    path.write_text(format_po(po), encoding="utf-8")

    (row,) = [r for r in status(project) if r.domain == "a"]
    assert row.state == state and row.completion.percent == published
    assert row.as_dict()["published_percent"] == published
    assert row.stats.percent == 50.0  # msgfmt --statistics counts translated entries only, whatever the policy
    report = build(project, languages=["de"], formats=["html"])
    assert not report.failures, [str(f) for f in report.failures]
    (figures,) = [f for f in report.editions if f["language"] == "de"]
    assert figures["percent"] == published
    assert ("a/de" in report.drafts) == draft


def test_completion_is_measured_in_words(make_project):
    """Three short headings translated and the long paragraph not: 75 % of
    the entries, 3 of 33 words. min-completion 50 makes it a draft, and
    status, the build's figures and the draft mark agree."""
    long = " ".join(["word"] * 30)
    root = make_project({"source/a.md": f"# One\n\n## Two\n\n## Three\n\n{long}\n"}, extra="min-completion = 50\n")
    project = load_project(root)
    init(project, ["de"])
    path = project.po_path("de", "a")
    po = polib.pofile(str(path))
    for source, target in (("One", "Eins"), ("Two", "Zwei"), ("Three", "Drei")):
        po.find(source).msgstr = target
    path.write_text(format_po(po), encoding="utf-8")

    (row,) = [r for r in status(project) if r.domain == "a"]
    assert (row.completion.entry_percent, row.completion.percent) == (75, 9)
    assert row.state == "below"
    assert row.as_dict()["published_percent"] == 9 and row.as_dict()["published_entry_percent"] == 75
    report = build(project, languages=["de"], formats=["html"])
    (figures,) = [f for f in report.editions if f["language"] == "de"]
    assert (figures["words"], figures["total_words"], figures["percent"], figures["entry_percent"]) == (3, 33, 9, 75)
    assert "a/de" in report.drafts
