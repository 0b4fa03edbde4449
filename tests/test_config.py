from __future__ import annotations

import pytest

from pipeline.config import load_project
from pipeline.errors import ConfigError

from .test_imports import imported_modules


def test_defaults_and_documents(make_project):
    root = make_project({"source/a.md": "# A\n", "source/b.md": "B\n"}, languages=("de", "pt-BR"))
    project = load_project(root)
    assert project.source_language == "en"
    assert project.languages == ("de", "pt_BR")
    assert project.documents == ("a", "b")
    assert project.formats == ("html", "pdf", "booklet")
    assert project.all_languages == ("en", "de", "pt_BR")
    assert project.page_size == "A5"


@pytest.mark.parametrize(
    "extra, message",
    [
        ('languages = ["xx"]', "[tool.booklet] languages: 'xx' is not a known locale"),
        ('languages = "de"', "[tool.booklet] languages: must be a list of strings"),
        ('colour = "red"', "[tool.booklet] colour: unknown key"),
        ('fuzzy = "maybe"', "[tool.booklet] fuzzy: 'maybe' is not one of skip, publish"),
        ('formats = ["epub"]', "[tool.booklet] formats: 'epub' is not one of html, pdf, booklet"),
        ('documents = ["missing"]', "[tool.booklet] documents: 'missing': no such file source/missing.md"),
        ('source-language = "zz"', "[tool.booklet] source-language: 'zz' is not a known locale"),
        ('languages = ["en"]', "[tool.booklet] languages: 'en' is the source language"),
        ('checks = { loudness = "off" }', "[tool.booklet] checks: 'loudness' is not a check"),
        ('checks = { length = "loud" }', "[tool.booklet] checks: length: 'loud' is not one of error, warning, off"),
        ('checks = { length = { ru = "off" } }', "[tool.booklet] checks: length: 'ru' is not one of the languages"),
    ],
)
def test_bad_configuration_names_key_and_value(tmp_path, extra, message):
    root = tmp_path / "p"
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text(f"[tool.booklet]\n{extra}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_project(root)
    assert str(caught.value).startswith("pyproject.toml:2: " + message)


def test_missing_table_and_invalid_toml(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"pyproject.toml: no \[tool.booklet\] table"):
        load_project(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.booklet\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"pyproject.toml:1: invalid TOML"):
        load_project(tmp_path)


def test_loading_the_configuration_imports_no_markdown_parser(make_project):
    # A build with nothing to do loads the configuration and stops: the
    # Markdown parser and YAML reader are a fifth of its start-up.
    root = make_project(
        {"source/a.md": "A\n"},
        extra='[tool.booklet.publication]\nisbn = { de = "978-0-306-40615-7" }\n',
    )
    code = (
        "import sys; from pipeline.config import load_project; "
        "assert load_project(sys.argv[1]).publication == (('isbn', 'de', '978-0-306-40615-7'),)"
    )
    assert {"markdown_it", "yaml", "pipeline.source"} & imported_modules(code, str(root)) == set()
