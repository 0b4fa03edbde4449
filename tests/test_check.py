"""Checks over a project: the levels it sets for each check ([tool.booklet.checks]) and the publish gate."""
from __future__ import annotations

import polib

from pipeline.build import build
from pipeline.catalog.pofile import format_po
from pipeline.check import check_files, check_project
from pipeline.config import load_project
from pipeline.init import init

SOURCE = "# Title\n\nThere were 147 of them, and the long paragraph goes on for a good while.\n"


def _project(make_project, extra: str = ""):
    root = make_project({"source/a.md": SOURCE}, languages=("de", "ja"), extra=extra)
    project = load_project(root)
    init(project, ["de", "ja"])
    for language, texts in {"de": ["Titel", "Es waren 148."], "ja": ["題名", "それは147件あり、長い段落がしばらく続きます。"]}.items():
        path = project.po_path(language, "a")
        po = polib.pofile(str(path))
        for entry, text in zip([e for e in po if e.msgid], texts):
            entry.msgstr = text
        path.write_text(format_po(po), encoding="utf-8")
    return load_project(root)


def _found(project) -> set[tuple[str, str, str]]:
    return {(f.language, f.finding.check, f.finding.severity) for f in check_project(project) if f.finding.check != "untranslated"}


def test_by_default_a_changed_figure_is_an_error_and_japanese_is_short(make_project):
    project = _project(make_project)
    found = _found(project)
    assert ("de", "figures", "error") in found
    assert ("ja", "length", "warning") not in found  # Japanese takes fewer characters: within its norm
    assert ("de", "length", "warning") in found  # "Es waren 148." is far shorter than its source
    failures = build(project, formats=["html"]).failures
    assert [str(f).split(": ")[1] for f in failures] == ["de not published"]


def test_a_project_sets_levels_per_check_and_language(make_project):
    extra = '\n[tool.booklet.checks]\nlength = "off"\nfigures = { de = "warning" }\n'
    project = _project(make_project, extra)
    found = _found(project)
    assert not any(check == "length" for _, check, _ in found)
    assert ("de", "figures", "warning") in found and ("de", "figures", "error") not in found
    report = build(project, formats=["html"])
    assert not report.failures  # a warning stops no build


def test_the_checks_of_18_have_levels_too(make_project):
    """quotes, brackets, newlines are warnings a project may make errors (the
    gate then refuses the language) or switch off; not-in-template is named
    in [tool.booklet.checks] like the others."""
    extra = '\n[tool.booklet.checks]\nquotes = { de = "error" }\nbrackets = "off"\nnot-in-template = "off"\n'
    root = make_project({"source/a.md": "# Title\n\nThe “Black January” (1990).\n"}, languages=("de",), extra=extra)
    project = load_project(root)
    init(project, ["de"])
    path = project.po_path("de", "a")
    po = polib.pofile(str(path))
    for entry, text in zip([e for e in po if e.msgid], ["Titel", "Der „Schwarze Januar (1990."]):
        entry.msgstr = text
    path.write_text(format_po(po), encoding="utf-8")
    found = _found(project)
    assert ("de", "quotes", "error") in found
    assert not any(check == "brackets" for _, check, _ in found)
    failures = build(project, formats=["html"]).failures
    assert [str(f).split(": ")[1] for f in failures] == ["de not published"]
    assert "[quotes]" in str(failures[0])


GUIDE = "# Title\n\nSee [the guide][1] for 2 more.\n\n[1]: https://example.org/guide\n"


def _translated(make_project, source: str, translations: list[str], extra: str = ""):
    root = make_project({"source/a.md": source}, languages=("de",), extra=extra)
    project = load_project(root)
    init(project, ["de"])
    path = project.po_path("de", "a")
    po = polib.pofile(str(path))
    for entry, text in zip([e for e in po if e.msgid], translations):
        entry.msgstr = text
    path.write_text(format_po(po), encoding="utf-8")
    return load_project(root)


def _errors(project) -> list[str]:
    return [f"{f.finding.check}: {f.finding.message}" for f in check_project(project) if f.finding.severity == "error"]


def test_reference_links_are_compared_as_the_document_resolves_them(make_project):
    """[the guide][1] with [1]: defined further down the page, translated
    inline (as mdbook-xgettext writes links) or by the same label: no error,
    in check and in the build's gate; another target is still one."""
    for link in ("[den Leitfaden](https://example.org/guide)", "[den Leitfaden][1]"):
        project = _translated(make_project, GUIDE, ["Titel", f"Siehe {link} für 2 weitere."])
        assert _errors(project) == []
        assert not build(project, formats=["html"]).failures
        page = (project.root / "output" / "html" / "de" / "a.html").read_text(encoding="utf-8")
        assert '<a href="https://example.org/guide">den Leitfaden</a>' in page
    project = _translated(make_project, GUIDE, ["Titel", "Siehe [den Leitfaden](https://example.org/other) für 2 weitere."])
    assert _errors(project) == [
        "markup: link targets or image sources differ: expected https://example.org/guide,"
        " found https://example.org/other (a comment '# booklet: allow-url' allows it)"
    ]
    assert [str(f).split(": ")[1] for f in build(project, formats=["html"]).failures] == ["de not published"]
    # A file given on the command line is the project's too: its definitions apply.
    assert [f.finding.check for f in check_files([str(project.po_path("de", "a"))], project) if f.finding.severity == "error"] == ["markup"]


def test_a_figure_said_once_more_is_a_warning_a_project_can_raise(make_project):
    source = "# Title\n\nIn 1990, 147 people were killed.\n"
    twice = ["Titel", "1990 wurden 147 Menschen getötet, 147 Menschen."]
    project = _translated(make_project, source, twice)
    assert [(f.finding.check, f.finding.severity) for f in check_project(project) if f.finding.check.startswith("figures")] == [
        ("figures-count", "warning")
    ]
    assert not build(project, formats=["html"]).failures
    project = _translated(make_project, source, twice, extra='\n[tool.booklet.checks]\nfigures-count = "error"\n')
    assert _errors(project) == ["figures-count: 147 is twice in the translation, once in the source"]
    assert [str(f).split(": ")[1] for f in build(project, formats=["html"]).failures] == ["de not published"]
    # A translator's comment silences a warning, not one the project makes an error.
    path = project.po_path("de", "a")
    po = polib.pofile(str(path))
    (entry,) = [e for e in po if e.msgid.startswith("In 1990")]
    entry.tcomment = "booklet: ignore figures-count"
    path.write_text(format_po(po), encoding="utf-8")
    assert [f.finding.check for f in check_project(project) if f.finding.severity == "error"] == ["figures-count"]
    # A reviewer who has read it allows it, by the key check prints.
    (found,) = [f for f in check_project(project) if f.finding.severity == "error"]
    assert str(found).endswith(f"(review key: figures-count:{found.finding.key})")
    raised = '\n[tool.booklet.checks]\nfigures-count = "error"\n'
    project = _translated(make_project, source, twice, extra=raised + f'\n[tool.booklet.reviewed]\nde = ["figures-count:{found.finding.key}"]\n')
    assert _errors(project) == []
