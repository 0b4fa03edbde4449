"""[tool.booklet.fonts]: what a project may name, and the errors that say which key to change."""
from __future__ import annotations

import pytest

from pipeline.config import load_project
from pipeline.errors import ConfigError


def test_stacks_of_families_and_project_files(make_project):
    root = make_project(
        {"templates/fonts/Mine.ttf": "not read here"},
        extra='\n[tool.booklet.fonts]\ntext = ["Noto Serif", "Amiri"]\nJpan = ["templates/fonts/Mine.ttf"]\n'
        'fallback = ["IBM Plex Mono"]\n',
    )
    project = load_project(root)
    assert dict(project.fonts) == {
        "Jpan": (str((root / "templates/fonts/Mine.ttf").resolve()),),
        "fallback": ("IBM Plex Mono",),
        "text": ("Noto Serif", "Amiri"),
    }
    assert load_project(make_project({})).fonts == ()  # the shipped defaults (render.fonts.DEFAULT_FONTS)


@pytest.mark.parametrize(
    ("table", "line", "message"),
    [
        ('jp = ["Noto Serif"]', 9, "[tool.booklet.fonts] jp: not a stack: text, mono, fallback, a script"),
        ('ja = "Noto Serif"', 9, "[tool.booklet.fonts] ja: must be a list of font family names or font files"),
        ("ja = []", 9, "[tool.booklet.fonts] ja: must be a list"),
        (
            'ja = ["Noto Sans JP"]',
            9,
            "[tool.booklet.fonts] ja: no font family 'Noto Sans JP': its package fontpkg-noto-sans-jp is not installed"
            " (pip install fontpkg-noto-sans-jp), or put its .ttf/.otf files below templates/fonts/",
        ),
        (
            'he = ["Noto Serif Klingon"]',
            9,
            "no font family 'Noto Serif Klingon': its package fontpkg-noto-serif-klingon is not installed"
            " (pip install fontpkg-noto-serif-klingon, or apt-get install fonts-noto-core)",
        ),
        ('ja = ["source/Font.ttf"]', 9, "[tool.booklet.fonts] ja: 'source/Font.ttf': a project's font files are below templates/fonts/"),
        ('ja = ["templates/fonts/../../x.ttf"]', 9, "a project's font files are below templates/fonts/"),
        ('ja = ["templates/fonts/Gone.otf"]', 9, "[tool.booklet.fonts] ja: 'templates/fonts/Gone.otf': no such file"),
        ('ja = ["templates/fonts/NotoSansCJK.ttc"]', 9, "'templates/fonts/NotoSansCJK.ttc': a font file is a .ttf or .otf file"),
    ],
)
def test_bad_font_stacks_name_the_key_and_its_line(make_project, table, line, message):
    root = make_project({}, extra=f"\n[tool.booklet.fonts]\n{table}\n")
    with pytest.raises(ConfigError) as caught:
        load_project(root)
    assert str(caught.value).startswith(f"pyproject.toml:{line}: ")
    assert message in str(caught.value)


def test_fonts_must_be_a_table(make_project):
    root = make_project({}, extra='fonts = "Noto Serif"\n')
    with pytest.raises(ConfigError, match=r"pyproject.toml:7: \[tool.booklet.fonts\] must be a table"):
        load_project(root)


def test_a_family_of_debian_noto_packages(make_project):
    """A Noto family of Debian's packages, which make installs, is named like a fontpkg one."""
    root = make_project({}, extra='\n[tool.booklet.fonts]\nhe = ["Noto Sans Hebrew"]\nko = ["Noto Sans CJK KR"]\n')
    assert dict(load_project(root).fonts) == {"he": ("Noto Sans Hebrew",), "ko": ("Noto Sans CJK KR",)}
