"""What the commands share: the written/unchanged report, printed as rich prints it."""
from __future__ import annotations

import io

import pytest

from pipeline.commands._common import console, print_lines

#: (colour of the first word, text): the report's lines, and what rich
#: changes (an emoji code, markup, a wide or a tab character) or wraps.
LINES = [
    ("", "0 file(s) written, 73 unchanged"),
    ("green", "wrote output/pdf/de/black-january.pdf"),
    ("yellow", "draft black-january/de: below the minimum completion, marked as a draft"),
    ("", "source/a.md:12: warning: a link to a missing page: http://example.org/~a|b?c=d"),
    ("", "x" * 160),
    ("", "x" * 161),
    ("", "source/a.md:100: warning: rich reads :100: as an emoji"),
    ("green", "wrote output/[b]x.pdf"),
    ("green", "wrote output/a\\b.pdf"),
    ("", "source/ja.md:1: 日本語"),
    ("", "a\ttab"),
]


def _by_rich(lines: list[tuple[str, str]]) -> str:
    """What rich prints of the lines, their text taken as it is."""
    stream = io.StringIO()
    out = console(stream)
    for _, text in lines:
        out.print(text, markup=False, soft_wrap=True)
    return stream.getvalue()


@pytest.mark.parametrize("line", LINES, ids=lambda line: line[1][:24])
def test_a_line_is_printed_as_rich_prints_it(line, monkeypatch):
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    stream = io.StringIO()
    print_lines(stream, [line])
    assert stream.getvalue() == _by_rich([line])


@pytest.mark.parametrize("text", [
    "output/pdf/ar/b.pdf: warning: page 6: ends 1 line(s) above the foot (" + "وقد حملت أعمال القوات " * 12 + ")",
    "source/a.md:100: warning: at :100:", "wrote output/[b]x/[/x].pdf", "wrote 日本語/:100:.pdf"])
def test_a_path_and_a_line_number_are_printed_as_they_are(text, monkeypatch):
    # rich read ":100:" as an emoji (even without markup) and "[b]" as markup; "[/x]" failed the report
    for stream in (io.StringIO(), _Terminal()):
        monkeypatch.setenv("NO_COLOR", "1")
        print_lines(stream, [("green" if text.startswith("wrote") else "", text)])
        assert stream.getvalue() == text + "\n"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("no_color", [False, True])
def test_a_terminal_gets_the_colours_unless_no_color(no_color, monkeypatch):
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    stream = _Terminal()
    print_lines(stream, LINES[:2])
    assert ("\x1b[32mwrote\x1b[0m output/pdf/de/black-january.pdf" in stream.getvalue()) != no_color
    assert "0 file(s) written, 73 unchanged\n" in stream.getvalue()
