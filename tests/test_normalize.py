"""booklet normalize: catalogues rewrapped by other tools come back as msgcat writes them."""
from __future__ import annotations

import io

import polib

from pipeline.cli import main

from .conftest import REPO, run_tool

REAL_WORLD = '''\
# German translation of a real-world-like catalogue.
# Copyright (C) 2024 Someone
#
msgid ""
msgstr ""
"Project-Id-Version: demo 1.0\\n"
"Report-Msgid-Bugs-To: \\n"
"POT-Creation-Date: 2024-01-01 00:00+0000\\n"
"PO-Revision-Date: 2024-02-01 00:00+0000\\n"
"Last-Translator: Someone <someone@example.org>\\n"
"Language-Team: German <de@example.org>\\n"
"Language: de\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#. A comment for translators that is rather long and goes on and on and on past the margin
#: src/main.c:10 src/main.c:20 src/other/very/long/path/to/a/file/somewhere.c:300 src/x.c:1
#, c-format
msgid "There is %d file in the folder called %s, which is quite a long sentence"
msgid_plural "There are %d files in the folder called %s, which is quite a long sentence"
msgstr[0] "Es gibt %d Datei im Ordner namens %s, was ein ziemlich langer Satz ist"
msgstr[1] "Es gibt %d Dateien im Ordner namens %s, was ein ziemlich langer Satz ist"

#: src/menu.c:5
msgctxt "menu"
msgid "Open"
msgstr "Öffnen"

#: src/verb.c:7
#, fuzzy
#| msgid "Close the window now, please, because it is late and everybody wants to go home"
msgid "Close the window now, please, because it is late and everyone wants to go home"
msgstr "Schließen Sie jetzt bitte das Fenster, denn es ist spät und alle wollen nach Hause"

#: src/multi.c:1
msgid "First line\\nSecond line\\nThird line that is long enough to wrap at the margin of seventy-nine"
msgstr "Erste Zeile\\nZweite Zeile\\nDritte Zeile, lang genug, um am Rand von neunundsiebzig umzubrechen"

#~ msgid "An old message that nobody uses any more but whose translation is kept"
#~ msgstr "Eine alte Meldung, die niemand mehr benutzt, deren Übersetzung aber bleibt"
'''


def run(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue()


def test_normalize_turns_rewrapped_catalogues_into_msgcat_bytes(make_project, tmp_path):
    root = make_project({"source/a.md": "Text.\n"})
    original = tmp_path / "real.po"
    original.write_text(REAL_WORLD, encoding="utf-8")
    for width in (40, 76, 200):  # as polib, Babel or an editor would rewrap it
        target = root / "locales/de/LC_MESSAGES/real.po"
        target.parent.mkdir(parents=True, exist_ok=True)
        po = polib.pofile(str(original), wrapwidth=width)
        target.write_text(str(po), encoding="utf-8")
        expected = run_tool("msgcat", str(target)).stdout  # msgcat on the very same file
        assert target.read_text(encoding="utf-8") != expected
        code, out = run("--project", str(root), "normalize", "--check", str(target))
        assert code == 1 and "would rewrite locales/de/LC_MESSAGES/real.po" in out
        code, out = run("--project", str(root), "normalize", str(target))
        assert code == 0 and "rewrote locales/de/LC_MESSAGES/real.po" in out
        assert target.read_text(encoding="utf-8") == expected
        assert run("--project", str(root), "normalize", "--check", str(target))[0] == 0


def test_shipped_catalogues_are_canonical():
    code, out = run("--project", str(REPO), "normalize", "--check")
    assert code == 0, out
    assert "0 file(s) to normalize, 12 already canonical" in out


def test_normalize_during_an_update_keeps_what_the_update_wrote(make_project, monkeypatch):
    """F5: a normalize started while an update holds the lock reads the
    catalogues once the update is done, so it cannot write older ones back."""
    import contextlib

    import pipeline.normalize
    from pipeline.config import load_project
    from pipeline.init import init
    from pipeline.update import update

    root = make_project({"source/a.md": "A first paragraph.\n"})
    project = load_project(root)
    init(project, ["de"])
    project.source_path("a").write_text("A first paragraph.\n\nOne the update adds.\n", encoding="utf-8")
    real_lock = pipeline.normalize.project_lock

    @contextlib.contextmanager
    def lock_held_by_an_update(*args, **options):
        # Where normalize waits for the lock: the update holding it writes its
        # catalogues, then lets go.
        assert update(project).written
        with real_lock(*args, **options):
            yield

    monkeypatch.setattr(pipeline.normalize, "project_lock", lock_held_by_an_update)
    code, out = run("--project", str(root), "normalize")
    assert code == 0 and "0 file(s) normalized" in out
    for path in (project.pot_path("a"), project.po_path("de", "a")):
        assert 'msgid "One the update adds."' in path.read_text(encoding="utf-8"), path


def test_normalize_converts_another_charset_as_msgconv_then_msgcat(make_project, tmp_path):
    """An ISO-8859-1 catalogue becomes UTF-8: what msgconv -t UTF-8, then msgcat, write."""
    root = make_project({"source/a.md": "Text.\n"})
    target = root / "locales/de/LC_MESSAGES/old.po"
    target.parent.mkdir(parents=True)
    target.write_bytes(REAL_WORLD.replace("charset=UTF-8", "charset=ISO-8859-1").encode("iso-8859-1"))
    converted = tmp_path / "converted.po"
    run_tool("msgconv", "-t", "UTF-8", "-o", str(converted), str(target))
    expected = run_tool("msgcat", str(converted)).stdout
    assert "charset=UTF-8" in expected and "ß" in expected
    code, out = run("--project", str(root), "normalize", str(target))
    assert code == 0 and "rewrote locales/de/LC_MESSAGES/old.po" in out
    assert target.read_text(encoding="utf-8") == expected
