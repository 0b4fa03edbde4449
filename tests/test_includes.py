"""mdBook's {{#include}} in sources: whole files, lines, ranges, anchors, nesting; errors at file:line."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import SourceError
from pipeline.source import read_document

CODE = """// ANCHOR: all
fn main() {
    // ANCHOR: body
    println!("{}", 1 + 1);
    // ANCHOR_END: body
}
// ANCHOR_END: all
"""


def _project(tmp_path: Path, text: str) -> Path:
    (tmp_path / "source/code").mkdir(parents=True)
    (tmp_path / "source/code/main.rs").write_text(CODE, encoding="utf-8")
    (tmp_path / "source/intro.md").write_text("Included *text*.\n", encoding="utf-8")
    (tmp_path / "source/a.md").write_text(text, encoding="utf-8")
    return tmp_path / "source/a.md"


def _code(document) -> str:
    return "".join(t.content for t in document.tokens if t.type == "fence")


@pytest.mark.parametrize(
    "selector, expected",
    [
        ("", 'fn main() {\n    println!("{}", 1 + 1);\n}\n'),  # anchor lines are left out
        (":2", "fn main() {\n"),
        ("::2", "fn main() {\n"),  # lines 1 and 2, the first an anchor line
        (":2:", 'fn main() {\n    println!("{}", 1 + 1);\n}\n'),
        (":4:4", '    println!("{}", 1 + 1);\n'),
        (":body", '    println!("{}", 1 + 1);\n'),
        (":all", 'fn main() {\n    println!("{}", 1 + 1);\n}\n'),
    ],
)
def test_includes_as_mdbook_reads_them(tmp_path, selector, expected):
    file = _project(tmp_path, f"# Code\n\n```rust\n{{{{#include code/main.rs{selector}}}}}\n```\n")
    document = read_document(file, relative="source/a.md", root=tmp_path)
    assert _code(document) == expected


def test_included_text_is_translated_and_referenced_at_the_directive(tmp_path):
    file = _project(tmp_path, "# Title\n\n{{#include intro.md}}\n\nAfter.\n")
    document = read_document(file, relative="source/a.md", root=tmp_path)
    assert [(s.text, s.line) for s in document.segments] == [("Title", 1), ("Included *text*.", 3), ("After.", 5)]


def test_an_escaped_directive_is_written_as_it_is_and_others_are_reported(tmp_path):
    file = _project(tmp_path, "Write \\{{#include x.rs}} to include.\n\n{{#playground code/main.rs}}\n\n{{#playground again.rs}}\n")
    document = read_document(file, relative="source/a.md", root=tmp_path)
    assert document.segments[0].text == "Write {{#include x.rs}} to include."
    assert document.warnings == ("source/a.md:3: warning: {{#playground}} is not supported: written as it is",)


@pytest.mark.parametrize(
    "directive, message, line",
    [
        ("{{#include gone.rs}}", "no such file", 3),
        ("{{#include ../../secret.txt}}", "outside the project", 3),
        ("{{#include code/main.rs:nowhere}}", "no anchor 'nowhere'", 3),
        ("{{#include code/main.rs:40:50}}", "lines 40:50 are not in the file", 3),
    ],
)
def test_a_bad_include_is_an_error_at_its_line(tmp_path, directive, message, line):
    file = _project(tmp_path / "p", f"# T\n\n{directive}\n")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        read_document(file, relative="source/a.md", root=tmp_path / "p")
    assert message in caught.value.message and str(caught.value).startswith(f"source/a.md:{line}:")


def test_includes_nest_and_a_loop_is_an_error(tmp_path):
    (tmp_path / "source").mkdir()
    (tmp_path / "source/b.md").write_text("{{#include c.md}}\n", encoding="utf-8")
    (tmp_path / "source/c.md").write_text("Deep.\n", encoding="utf-8")
    (tmp_path / "source/a.md").write_text("{{#include b.md}}\n", encoding="utf-8")
    assert read_document(tmp_path / "source/a.md", relative="source/a.md", root=tmp_path).segments[0].text == "Deep."
    (tmp_path / "source/loop.md").write_text("{{#include loop.md}}\n", encoding="utf-8")
    with pytest.raises(SourceError, match="nested more than 10 deep"):
        read_document(tmp_path / "source/loop.md", relative="source/loop.md", root=tmp_path)
