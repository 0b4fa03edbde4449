"""The alt text of an image written in raw HTML (an mdBook book's ``<img src alt width>``,
a ``<figure>``) is a message like a Markdown image's: extracted at its tag's line, put in
its place in each edition, escaped, and marked with the source's language where it is
not translated."""
from __future__ import annotations

import re

from pipeline.source import parse_document, raw_image_alts, rewrite_raw_images
from pipeline.translate import Found, translate_document

SOURCE = """# Pools

<figure>
  <img src="anemone.png"
       alt="A green anemone, 5 cm across" width="300">
  <img src="shell.png" alt="">
  <figcaption>Look closely.</figcaption>
</figure>

<!-- i18n: note the chart's axes are hours and metres -->
<p align="center"><img src="chart.png" alt='Water height over 12 hours'><img src="logo.png"></p>

<!-- i18n: skip -->
<img src="badge.png" alt="Build status">

Text after.
"""


def _document():
    return parse_document(SOURCE, name="pools", path="source/pools.md")


def test_each_alt_text_of_an_html_block_is_a_message_at_its_tags_line():
    segments = [(s.kind, s.text, s.line, s.notes) for s in _document().segments]
    assert ("image alt text", "A green anemone, 5 cm across", 4, ()) in segments
    assert ("image alt text", "Water height over 12 hours", 11, ("the chart's axes are hours and metres",)) in segments
    texts = [text for _, text, _, _ in segments]
    assert "" not in texts  # an empty alt marks decoration: nothing to translate
    assert "Build status" not in texts  # skipped as the directive says
    assert texts.index("Pools") < texts.index("A green anemone, 5 cm across") < texts.index("Water height over 12 hours") < texts.index("Text after.")


def test_raw_image_alts_reads_them_as_a_browser_does():
    html = '<!-- <img alt="commented"> --><img alt="one &amp; two" alt="second"><source alt="x"><img ALT=" ">'
    assert raw_image_alts(html) == [(0, "one & two")]


def test_a_translated_alt_text_takes_the_sources_place_escaped():
    lookup = {
        (None, "A green anemone, 5 cm across"): Found('Eine grüne Seerose, 5 cm breit" onerror="alert(1)', False),
        (None, "Water height over 12 hours"): Found("Wasserhöhe <b>über</b> 12\u0007 Stunden\nlang", False),
    }
    body = translate_document(_document(), lookup, language="de", source_language="en", rtl={}).body
    assert 'alt="Eine grüne Seerose, 5 cm breit&quot; onerror=&quot;alert(1)"' in body
    assert 'alt="Wasserhöhe &lt;b&gt;über&lt;/b&gt; 12 Stunden lang"' in body  # one line, no control character
    assert "onerror=\"" not in body and "<b>" not in body
    assert 'alt=""' in body and 'alt="Build status"' in body  # decoration and skipped ones as written
    assert "A green anemone" not in body


def test_an_untranslated_alt_text_stays_in_the_source_language_and_says_so():
    lookup = {(None, "Water height over 12 hours"): Found("Wasserhöhe über 12 Stunden", False)}
    body = translate_document(_document(), lookup, language="de", source_language="en", rtl={}).body
    tag = re.search(r"<img [^>]*anemone[^>]*>", body)[0]
    assert 'lang="en"' in tag and 'alt="A green anemone, 5 cm across"' in tag
    assert 'lang="en"' not in re.search(r"<img [^>]*chart[^>]*>", body)[0]
    source = translate_document(_document(), None, language="en", source_language="en", rtl={}).body
    assert 'lang="en"' not in source


def test_rewriting_with_the_sources_alt_texts_changes_only_the_image_tags():
    html = '<p>\n<img src="a.png" alt="A">\n<img alt="B" lang="en" src=b.png></p>'
    assert rewrite_raw_images(html, str, [None, "Bb"], "en") == '<p>\n<img lang="en" src="a.png" alt="A">\n<img alt="Bb" lang="en" src="b.png"></p>'


CAPTIONED = """<figure>
  <img src="anemone.png" alt="">
  <figcaption>A green anemone &amp; its
    shadow.</figcaption>
</figure>

<figure><img src="b.png" alt=""><figcaption>With <em>markup</em>.</figcaption></figure>
"""


def test_a_figure_caption_is_a_message_at_its_tags_line():
    segments = [(s.kind, s.text, s.line) for s in parse_document(CAPTIONED, name="f", path="f.md").segments]
    # one line, as a browser shows it; a caption holding markup is no one text, and stays as written
    assert segments == [("figure caption", "A green anemone & its shadow.", 3)]


def test_a_translated_caption_is_escaped_and_an_untranslated_one_says_its_language():
    document = parse_document(CAPTIONED, name="f", path="f.md")
    hostile = {(None, "A green anemone & its shadow."): Found('Eine <script>alert(1)</script> Seerose &\u0007\nihr Schatten.', False)}
    body = translate_document(document, hostile, language="de", source_language="en", rtl={}).body
    assert "<figcaption>Eine &lt;script&gt;alert(1)&lt;/script&gt; Seerose &amp; ihr Schatten.</figcaption>" in body
    assert "<script" not in body
    body = translate_document(document, {}, language="de", source_language="en", rtl={}).body
    assert '<figcaption lang="en">A green anemone &amp; its\n    shadow.</figcaption>' in body
    assert "<figcaption>With <em>markup</em>.</figcaption>" in body
    source = translate_document(document, None, language="en", source_language="en", rtl={}).body
    assert '<figcaption>A green anemone' in source


def test_an_inline_images_translated_alt_reaches_the_page_and_the_pdfs_figure(make_project):
    """An <img> inside a paragraph: its alt and title translated, escaped, in
    the web edition and as the PDF's Figure /Alt; a tag changed otherwise
    (its src) is shown as text."""
    import polib
    from PIL import Image

    from pipeline.build import build
    from pipeline.catalog.pofile import format_po
    from pipeline.config import load_project
    from pipeline.init import init

    from .render.test_fonts_every_script import _alt_texts

    root = make_project({"source/a.md": 'See <img src="map.png" alt="The map" width="40"> here.\n\nAnd <img src="map.png" alt="Again"> again.\n'})
    Image.new("RGB", (40, 40), "red").save(root / "source/map.png")
    project = load_project(root)
    init(project, ["de"])
    path = root / "locales/de/LC_MESSAGES/a.po"
    po = polib.pofile(str(path))
    po[0].msgstr = 'Siehe <img src="map.png" alt="Die Karte&quot; onerror=&quot;alert(1)" width="40" title="<b>Baku</b>"> hier.'
    po[1].msgstr = 'Und <img src="evil.png" alt="Noch einmal"> noch einmal.'
    path.write_text(format_po(po), encoding="utf-8")
    report = build(project, languages=["de"], formats=["html", "pdf"], force=True)
    assert not report.failures, [str(f) for f in report.failures]
    page = (root / "output/html/de/a.html").read_text(encoding="utf-8")
    assert '<img src="../media/source/map.png" alt="Die Karte&quot; onerror=&quot;alert(1)" width="40" title="&lt;b&gt;Baku&lt;/b&gt;">' in page
    assert re.search(r"&lt;img src=\W?evil\.png", page) and 'src="evil.png"' not in page  # text, its quotes typeset
    assert _alt_texts(root / "output/pdf/de/a.pdf") == ['Die Karte" onerror="alert(1)']
