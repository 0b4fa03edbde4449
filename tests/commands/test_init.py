"""booklet init --add, add-language's other name: a new language added to the configuration, as users run it."""
from __future__ import annotations

import tomllib
from pathlib import Path

from tests.commands.test_check import booklet
from tests.conftest import run_tool

CONFIG = """\
# The project.
[project]
name = "sample"

[tool.booklet]
source-language = "en"
languages = [
  "de",  # German first
  "ru",
]
formats = ["html"]   # web only

[tool.booklet.checks]
length = "off"
"""


def _project(tmp_path: Path, config: str = CONFIG) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source/a.md").write_text("# Title\n\nHello.\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(config, encoding="utf-8")
    return tmp_path


def test_add_puts_the_language_in_the_configuration_and_makes_its_catalogues(tmp_path: Path) -> None:
    root = _project(tmp_path)
    refused = booklet("init", "fr", cwd=root)
    assert refused.returncode != 0 and "booklet add-language fr" in refused.stderr and "Traceback" not in refused.stderr
    assert (root / "pyproject.toml").read_text(encoding="utf-8") == CONFIG  # nothing written

    done = booklet("init", "--add", "fr", "de", cwd=root)
    assert done.returncode == 0, done.stderr
    text = (root / "pyproject.toml").read_text(encoding="utf-8")
    assert tomllib.loads(text)["tool"]["booklet"]["languages"] == ["de", "ru", "fr"]
    # everything else as it was: comments, the other keys and tables
    assert text == CONFIG.replace('  "ru",\n', '  "ru",\n  "fr",\n')
    for name in ("a.po", "templates.po"):
        run_tool("msgfmt", "--check", "-o", "/dev/null", str(root / "locales/fr/LC_MESSAGES" / name))
    again = booklet("init", "--add", "fr", cwd=root)
    assert again.returncode == 0 and (root / "pyproject.toml").read_text(encoding="utf-8") == text  # no churn


def test_add_keeps_a_near_code_an_error(tmp_path: Path) -> None:
    root = _project(tmp_path)
    near = booklet("init", "--add", "de-AT", cwd=root)
    assert near.returncode != 0 and "did you mean 'de'" in near.stderr
    assert (root / "pyproject.toml").read_text(encoding="utf-8") == CONFIG


def test_add_where_there_is_no_languages_key_yet(tmp_path: Path) -> None:
    root = _project(tmp_path, '[project]\nname = "x"\n\n[tool.booklet]\nformats = ["html"]\n')
    done = booklet("init", "--add", "tr", cwd=root)
    assert done.returncode == 0, done.stderr
    assert tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["booklet"] == {
        "languages": ["tr"],
        "formats": ["html"],
    }
