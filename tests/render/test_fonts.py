"""The static font instances booklet gives WeasyPrint instead of the variable Noto Serif."""
from __future__ import annotations

import os
import re
from pathlib import Path

from fontTools.ttLib import TTFont

from pipeline.render import fonts


def test_variable_faces_become_static_instances_at_the_print_weights(tmp_path: Path) -> None:
    faces = fonts.print_faces(tmp_path)
    variable = [face for face in fonts.font_faces() if " " in face.weight]
    assert variable, "the shipped text face is a variable font"
    made = [face for face in faces if face.family in {v.family for v in variable}]
    assert all(face.file.parent == tmp_path for face in made)
    assert len(made) == len(variable) * len(fonts.PRINT_WEIGHTS)
    for face in made:
        font = TTFont(face.file)
        assert "fvar" not in font and "gvar" not in font, face.file
        assert font["OS/2"].usWeightClass == int(face.weight)
        source = next(v for v in variable if v.style == face.style)
        # every character and every layout feature of the variable font is kept
        assert font.getBestCmap() == TTFont(source.file).getBestCmap()
        assert {"GSUB", "GPOS", "GDEF"} <= set(font.keys())
    static = [face for face in fonts.font_faces() if " " not in face.weight and face.file.suffix != ".ttc"]
    assert [face for face in faces if face.file.parent != tmp_path] == static


def test_instances_are_made_once_and_are_the_same_bytes(tmp_path: Path) -> None:
    first = fonts.print_faces(tmp_path / "a")
    again = fonts.print_faces(tmp_path / "a")
    elsewhere = fonts.print_faces(tmp_path / "b")
    assert first == again
    stamps = {face.file: face.file.stat().st_mtime_ns for face in first}
    fonts.print_faces(tmp_path / "a")
    assert {face.file: face.file.stat().st_mtime_ns for face in first} == stamps
    for one, other in zip(first, elsewhere):
        assert one.file.name == other.file.name
        assert one.file.read_bytes() == other.file.read_bytes()


def test_font_face_css_declares_each_static_weight(tmp_path: Path) -> None:
    css = fonts.font_face_css(lambda face: face.file.as_uri(), fonts.print_faces(tmp_path))
    assert "font-weight: 100 900" not in css
    for weight in fonts.PRINT_WEIGHTS:
        assert f"font-weight: {weight};" in css
    assert css.count("@font-face") == len(fonts.print_faces(tmp_path))


def test_a_font_configuration_is_shared_only_for_the_same_faces_and_files(tmp_path: Path) -> None:
    from pipeline.render import pdf

    font = tmp_path / "face.ttf"
    font.write_bytes(fonts.font_faces()[0].file.read_bytes())
    html = f"<style>@font-face {{ font-family: 'X'; src: url('{font.as_uri()}'); }}</style><p>x</p>"
    first = pdf._font_configuration(html)
    assert pdf._font_configuration(html + "<p>other text</p>") is first
    assert pdf._font_configuration(html.replace("'X'", "'Y'")) is not first
    stat = font.stat()
    os.utime(font, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # the designer replaced the file
    assert pdf._font_configuration(html) is not first


def test_web_subsets_are_made_for_the_text_and_old_ones_removed(tmp_path: Path) -> None:
    first = fonts.web_faces(tmp_path / "print", tmp_path / "web", "Baku, 1990")
    again = fonts.web_faces(tmp_path / "print", tmp_path / "web", "Baku, 1990")
    assert first == again and all(face.file.suffix == ".woff2" for face in first)
    latin = TTFont(next(f.file for f in first if f.family == "Noto Serif")).getBestCmap()
    assert ord("B") in latin and ord("Б") not in latin
    made = {f.file.name: f.file.stat().st_mtime_ns for f in first}
    more = fonts.web_faces(tmp_path / "print", tmp_path / "web", "Baku, 1990, Баку")
    for before, after in zip(first, more):
        if after.family == "Noto Serif":  # it has Cyrillic: new content, new name
            assert after.file.name != before.file.name
        if after.family == "Amiri":  # no Cyrillic in an Arabic face: neither made again nor renamed
            assert after.file.name == before.file.name and after.file.stat().st_mtime_ns == made[before.file.name]
    assert sorted(p.name for p in (tmp_path / "web").iterdir()) == sorted(f.file.name for f in more)
    cyrillic = TTFont(next(f.file for f in more if f.family == "Noto Serif")).getBestCmap()
    assert ord("Б") in cyrillic


def test_a_site_without_cjk_takes_no_face_out_of_the_cjk_collections(tmp_path: Path) -> None:
    """Taking a 24 MB face out of its .ttc costs HarfBuzz 600 MB of memory: a site
    whose text needs no CJK face makes none, a site with Japanese makes its own."""
    fonts.web_faces(tmp_path / "print", tmp_path / "web", "Baku, 1990, Баку, باكو", compress=False)
    assert not [p.name for p in (tmp_path / "print").iterdir() if p.suffix == ".otf"]
    japanese = fonts.web_faces(tmp_path / "print", tmp_path / "web", "潮だまり", compress=False)
    assert any(face.family.startswith("Noto Serif CJK") for face in japanese)
    assert [p.name for p in (tmp_path / "print").iterdir() if p.suffix == ".otf"]


def test_a_project_font_file_is_the_face_it_says_it_is(tmp_path: Path) -> None:
    from .test_font_configuration import make_font

    file = make_font(tmp_path / "templates/fonts/Mine.ttf", "Tide Japanese", "へ")
    settings = (("ja", (str(file),)),)
    mine = [face for face in fonts.font_faces(settings) if face.file == file]
    assert mine == [fonts.FontFace("Tide Japanese", file, "normal", "400")]
    assert fonts.font_stack("Jpan", settings, language="ja")[:2] == ["Tide Japanese", "Noto Serif"]
    assert fonts.font_stack("Latn", settings, language="de")[0] == "Noto Serif"
    fish = "\U0001319b"  # a hieroglyph: in no default face
    assert fonts.missing_glyphs("へ" + fish, settings) == [fish] and fonts.missing_glyphs("へ") == []


def test_a_family_without_its_package_says_what_to_install() -> None:
    import pytest

    from pipeline.errors import RenderError

    with pytest.raises(RenderError, match=r"'fontpkg_noto_sans_jp' for 'Noto Sans JP' \(\[tool.booklet.fonts\] ja\)"):
        fonts.font_faces((("ja", ("Noto Sans JP",)),))


#: A word or two of each script the defaults cover, and the family that draws it in its language's pages.
SCRIPTS = {
    ("en", "Latn"): ("Tide ə ğ ş", "Noto Serif"),
    ("ru", "Cyrl"): ("Прилив", "Noto Serif"),
    ("el", "Grek"): ("Παλίρροια", "Noto Serif"),
    ("ar", "Arab"): ("المد", "Amiri"),
    ("fa", "Arab"): ("جزر و مد گ پ", "Amiri"),
    ("he", "Hebr"): ("גאות ושפל", "Noto Serif Hebrew"),
    ("hi", "Deva"): ("ज्वार-भाटा", "Noto Serif Devanagari"),
    ("th", "Thai"): ("น้ำขึ้นน้ำลง", "Noto Serif Thai"),
    ("ja", "Jpan"): ("潮の満ち引き、カニ。", "Noto Serif CJK JP"),
    ("zh", "Hans"): ("潮汐与螃蟹", "Noto Serif CJK JP"),
    ("zh_Hant", "Hant"): ("潮汐與螃蟹", "Noto Serif CJK JP"),
    ("ko", "Kore"): ("밀물과 썰물", "Noto Serif CJK JP"),
}


def test_the_defaults_cover_every_script_symbols_and_emoji() -> None:
    from fontTools.ttLib import TTFont

    for (language, script), (text, family) in SCRIPTS.items():
        assert fonts.missing_glyphs(text) == [], (language, fonts.missing_glyphs(text))
        assert fonts.font_stack(script, language=language)[0] == family, language
        face = next(f for f in fonts.font_faces() if f.family == family and f.style == "normal")
        cmap = TTFont(face.file, fontNumber=face.index, lazy=True).getBestCmap()
        letters = [c for c in text if c.isalpha() and c not in "əğş"]
        assert all(ord(c) in cmap for c in letters), (family, [c for c in letters if ord(c) not in cmap])
    # symbols (what a template or a list style might draw), mathematics, emoji
    assert fonts.missing_glyphs("◦ ▪ ▾ ▸ ★ ⚓ ∀x ∑ ⟶ 🦀 🌊 👋🏽") == []
    assert fonts.font_stack(None)[-1] == "Noto Color Emoji"


def test_a_collection_face_becomes_a_font_of_its_own(tmp_path: Path) -> None:
    import uharfbuzz
    from fontTools.ttLib import TTFont

    collection = next(f for f in fonts.font_faces() if f.file.suffix == ".ttc" and f.weight == "400")
    made = next(f for f in fonts.print_faces(tmp_path) if f.family == collection.family and f.weight == "400")
    assert made.file.parent == tmp_path and made.file.read_bytes()[:4] == b"OTTO"  # one CFF font, not a collection
    font = TTFont(made.file, lazy=True)
    assert str(font["name"].getDebugName(1)) == collection.family == "Noto Serif CJK JP"
    assert font.getBestCmap() == TTFont(collection.file, fontNumber=collection.index, lazy=True).getBestCmap()
    # Its layout features came along: the page's language picks the region's
    # forms (locl), so one face serves Japanese, Chinese and Korean.
    shaped = {}
    for language in ("ja", "zh-Hans", "zh-Hant"):
        buffer = uharfbuzz.Buffer()
        buffer.add_str("直")
        buffer.guess_segment_properties()
        buffer.language = language
        uharfbuzz.shape(uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(made.file)))), buffer, {})
        shaped[language] = buffer.glyph_infos[0].codepoint
    assert len(set(shaped.values())) == 2 and shaped["zh-Hans"] != shaped["ja"], shaped


def test_the_web_edition_serves_the_faces_its_text_needs(tmp_path: Path) -> None:
    faces = fonts.web_faces(tmp_path / "print", tmp_path / "web", "Tide 🦀 潮")
    families = {face.family for face in faces}
    # colour emoji are left to the browser: Firefox draws no CBDT bitmaps
    assert "Noto Color Emoji" not in families and "Noto Color Emoji" in fonts.font_stack(None)
    assert {"Noto Serif", "IBM Plex Mono", "Amiri", "Noto Serif CJK JP"} == families
    # the faces of scripts the site does not show are not cut down and served
    faces = fonts.web_faces(tmp_path / "print", tmp_path / "web", "Прилив,\ntide\u00a0\u200d")  # Symbols 2 maps \n
    assert {face.family for face in faces} == {"Noto Serif", "IBM Plex Mono", "Amiri"}
    assert len(list((tmp_path / "web").iterdir())) == len(faces) == 12


def test_a_collection_face_is_found_by_the_name_fonttools_reads() -> None:
    """The face number of a family in a .ttc, read from its name records, is
    the one whose name fontTools reads (the oracle), for every face of every
    collection booklet reads; an unknown family has none."""
    from fontTools.ttLib import TTCollection

    collections = sorted({face.file for face in fonts.font_faces() if face.file.suffix == ".ttc"})
    assert collections
    for file in collections:
        names = [str(font["name"].getDebugName(1)) for font in TTCollection(file, lazy=True).fonts]
        assert len(names) > 1
        for family in names:
            assert fonts._collection_index(file, family) == names.index(family)
        assert fonts._collection_index(file, "Noto Serif CJK XX") is None



def test_a_file_that_is_not_a_whole_collection_numbers_no_face(tmp_path: Path) -> None:
    collection = next(face for face in fonts.font_faces() if face.file.suffix == ".ttc" and face.index == 0)
    cut = tmp_path / "cut.ttc"
    cut.write_bytes(collection.file.read_bytes()[:4096])  # its header, not its name tables
    assert fonts._collection_index(collection.file, collection.family) == 0
    assert fonts._collection_index(cut, collection.family) is None
    single = next(face for face in fonts.font_faces() if face.file.suffix in (".ttf", ".otf"))
    assert fonts._collection_index(single.file, single.family) is None

def _advance(file: Path, char: str = "n") -> int:
    font = TTFont(file, lazy=True)
    return font["hmtx"][font.getBestCmap()[ord(char)]][0]


def test_a_face_with_a_width_axis_is_set_at_the_text_width_and_offered_at_the_others(tmp_path: Path) -> None:
    """Noto Serif (a wdth axis 62.5-100) is pinned at TEXT_WIDTH for print and
    made at each of WIDTHS as a family of its own, in every style and print
    weight, static and whole; its glyphs are those fontTools' instancer
    makes at that width (the oracle); a face without the axis (Amiri, Plex
    Mono) has no other width; the web edition keeps the face's own width."""
    from fontTools.varLib.instancer import instantiateVariableFont

    faces = fonts.print_faces(tmp_path)
    source = {face.style: face for face in fonts.font_faces() if face.family == "Noto Serif"}
    assert set(source) == {"normal", "italic"}
    by_width = {fonts.TEXT_WIDTH: [face for face in faces if face.family == "Noto Serif"]}
    by_width |= {width: [face for face in faces if face.family == fonts.width_family("Noto Serif", width)] for width in fonts.WIDTHS}
    assert fonts.TEXT_WIDTH not in fonts.WIDTHS and min(fonts.WIDTHS) < fonts.TEXT_WIDTH < max(fonts.WIDTHS) == 100
    others = {face.family for face in faces} - {"Noto Serif", *(fonts.width_family("Noto Serif", w) for w in fonts.WIDTHS)}
    assert not [family for family in others if re.search(r" w\d+$", family)]  # Amiri, Plex Mono...: no other width
    for width, made in by_width.items():
        assert sorted((face.style, face.weight) for face in made) == sorted(
            (style, weight) for style in ("normal", "italic") for weight in fonts.PRINT_WEIGHTS
        ), width
        for face in made:
            font = TTFont(face.file)
            assert "fvar" not in font and font["OS/2"].usWeightClass == int(face.weight)
            assert font.getBestCmap() == TTFont(source[face.style].file).getBestCmap()
    regular = {width: next(f for f in made if f.style == "normal" and f.weight == "400") for width, made in by_width.items()}
    advances = [_advance(regular[width].file, "m") for width in sorted(regular)]
    assert advances == sorted(advances) and len(set(advances)) == len(advances)  # each wider than the one before
    oracle = instantiateVariableFont(TTFont(source["normal"].file), {"wdth": fonts.TEXT_WIDTH, "wght": 400})
    made = TTFont(regular[fonts.TEXT_WIDTH].file)
    for char in "nmaoЖә ":
        glyph = made.getBestCmap()[ord(char)]
        assert made["hmtx"][glyph][0] == oracle["hmtx"][oracle.getBestCmap()[ord(char)]][0], char
    # the web edition: the face's own width, no other
    web = fonts.web_faces(tmp_path / "print", tmp_path / "web", "Baku", compress=False)
    assert {face.family for face in web} == {"Noto Serif", "IBM Plex Mono", "Amiri"}
    default = TTFont(source["normal"].file)
    served = next(face for face in web if face.family == "Noto Serif" and face.style == "normal" and face.weight == "400")
    assert _advance(served.file) == default["hmtx"][default.getBestCmap()[ord("n")]][0]
