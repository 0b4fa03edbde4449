"""The shipped publication, built once: every edition, checked with poppler and GNU gettext."""
from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from statistics import median

import pytest

from pipeline.build import build
from pipeline.config import load_project
from pipeline.source import parse_document

from .conftest import REPO, SEED, SHARED_SEED, run_tool
from .render.test_booklet import off_grid
from .test_bench import _bench

LANGUAGES = ("en", "az", "ru", "tr", "ar", "de")
FIGURES = ("147", "744", "841")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A copy of the repo's project, built into a temporary output folder."""
    root = tmp_path_factory.mktemp("publication")
    for name in ("pyproject.toml", "source", "locales"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    if (REPO / "templates").is_dir():
        shutil.copytree(REPO / "templates", root / "templates")
    report = build(load_project(root))
    assert not report.failures, [str(f) for f in report.failures]
    # what the layout could not settle, kept for the tests that read the booklets back
    (root / "warnings.txt").write_text("\n".join(report.warnings), encoding="utf-8")
    return root / "output"


def seed_paragraphs() -> list[str]:
    return [p.strip() for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]


def test_seed_copy_is_verbatim():
    if not SHARED_SEED.is_file():
        pytest.skip("shared/ is not beside this checkout")
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_source_holds_the_seed_verbatim():
    text = (REPO / "source" / "black-january.md").read_text(encoding="utf-8")
    body = text.split("---\n", 2)[2]
    assert [p.strip() for p in body.split("\n\n") if p.strip()] == seed_paragraphs()


def test_every_catalogue_passes_msgfmt_check():
    catalogues = sorted((REPO / "locales").rglob("*.po")) + sorted((REPO / "locales").glob("*.pot"))
    assert len(catalogues) == 2 + 2 * 5
    for path in catalogues:
        result = run_tool("msgfmt", "--check", "-o", "/dev/null", str(path), check=False)
        assert result.returncode == 0, f"{path}: {result.stderr}"
        if path.suffix == ".po":  # a .pot keeps the placeholder header values by design
            assert "warning" not in result.stderr, f"{path}: {result.stderr}"


@pytest.mark.parametrize("language", ["az", "ru", "tr", "ar"])
def test_complete_translations(language):
    for domain in ("black-january", "templates"):
        path = REPO / "locales" / language / "LC_MESSAGES" / f"{domain}.po"
        stats = run_tool("msgfmt", "--statistics", "-o", "/dev/null", str(path)).stderr
        assert re.fullmatch(r"\d+ translated messages?\.\n", stats), f"{path}: {stats}"


def test_german_is_about_half_translated():
    path = REPO / "locales" / "de" / "LC_MESSAGES" / "black-january.po"
    stats = run_tool("msgfmt", "--statistics", "-o", "/dev/null", str(path)).stderr
    translated, untranslated = map(int, re.findall(r"(\d+) (?:translated|untranslated)", stats))
    assert 0.3 <= translated / (translated + untranslated) <= 0.7


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_booklet(built, language):
    pdf = built / "pdf" / language / "black-january.pdf"
    info = run_tool("pdfinfo", "-box", str(pdf)).stdout
    assert re.search(r"TrimBox:\s+0\.00\s+0\.00\s+419\.53\s+595\.28", info), info  # A5, trimmed
    assert re.search(r"BleedBox:\s+-8\.50\s+-8\.50\s+428\.03\s+603\.78", info), info  # and 3 mm of bleed
    assert re.search(r"CropBox:\s+0\.00\s+0\.00\s+419\.53\s+595\.28", info), info  # a reader's viewer shows the trim
    assert "Tagged:          yes" in info
    assert re.search(r"^Title:\s+\S", info, re.M)
    fonts = run_tool("pdffonts", str(pdf)).stdout.splitlines()[2:]
    assert fonts, "no fonts in the PDF"
    for row in fonts:
        assert row.split()[-5] == "yes", f"font not embedded: {row}"
    text = run_tool("pdftotext", "-layout", str(pdf), "-").stdout
    for figure in FIGURES:
        assert figure in text, f"{language}: figure {figure} missing from the PDF text"


def test_pdf_language_text(built):
    samples = {
        "az": "Bakı",
        "ru": "Баку",
        "tr": "Bakü",
        "de": "Baku",
        "en": "Thirty-six years have passed",
    }
    for language, sample in samples.items():
        text = run_tool("pdftotext", str(built / "pdf" / language / "black-january.pdf"), "-").stdout
        assert sample in text, language
    arabic = run_tool("pdftotext", str(built / "pdf" / "ar" / "black-january.pdf"), "-").stdout
    assert re.search(r"[\u0600-\u06FF]{3,}", arabic)
    assert "باكو" in arabic


def test_english_pdf_has_every_seed_sentence(built):
    text = run_tool("pdftotext", str(built / "pdf" / "en" / "black-january.pdf"), "-").stdout
    # running headers and page numbers stand between the lines of a paragraph across pages
    lines = [l for l in text.replace("\f", "\n").splitlines() if not re.fullmatch(r"Black January|\d+", l)]
    flat = re.sub(r"(\w)\u2010 (\w)", r"\1\2", as_typed(" ".join(lines)))  # words hyphenated at line ends
    for paragraph in seed_paragraphs():
        for sentence in re.split(r"(?<=[.!?'])\s+", paragraph):
            words = as_typed(sentence)
            # a hyphen or a dash of the text itself may end a line too
            # (poppler drops a real hyphen that ends a line: "declared-" / "on" reads "declaredon")
            joined = re.sub(r"(\w)-(\w)", r"\1\2", words)
            assert words in flat or words in flat.replace("- ", "-").replace("\u2013 ", "\u2013") or joined in flat.replace("-", ""), sentence


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.html_attrs: dict[str, str] = {}
        self.text: list[str] = []
        self.hreflangs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_attrs = attrs
        if tag == "link" and attrs.get("rel") == "alternate":
            self.hreflangs.append(attrs["hreflang"])

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("language", LANGUAGES)
def test_html_edition(built, language):
    page = _Page()
    page.feed((built / "html" / language / "black-january.html").read_text(encoding="utf-8"))
    assert page.html_attrs["lang"] == language
    assert page.html_attrs["dir"] == ("rtl" if language == "ar" else "ltr")
    assert sorted(page.hreflangs) == sorted(LANGUAGES + ("x-default",))
    text = "".join(page.text)
    for figure in FIGURES:
        assert figure in text
    assert (built / "html" / language / "black-january.pdf").is_file()


def test_english_html_has_every_seed_paragraph(built):
    page = _Page()
    page.feed((built / "html" / "en" / "black-january.html").read_text(encoding="utf-8"))
    text = as_typed("".join(page.text))
    for paragraph in seed_paragraphs():
        assert as_typed(paragraph) in text


def as_typed(text: str) -> str:
    """What a reader sees, folded back to what the source types: the
    editions set quotes, apostrophes and no-break spaces, and the pairs the
    front matter lists as dashes (render.typography: an en dash, an em
    dash in English). Every quotation mark
    folds to one, on both sides: a quotation typed with single quotes is
    set in the primary marks ("Black January." in the English booklet)."""
    folded = " ".join(text.translate(str.maketrans("\u2018\u2019\u201c\u201d\"", "'''''")).split())
    for pair in SOURCE_META.get("dashes", ()):
        before, after = pair.split("-")
        folded = folded.replace(f"{before} \u2013 {after}", pair).replace(f"{before} \u2014 {after}", pair)
    return folded


SOURCE_META = parse_document((REPO / "source/black-january.md").read_text(encoding="utf-8"), name="black-january", path="").meta


@pytest.mark.parametrize("language", sorted(p.parent.name for p in (REPO / "locales").glob("*/hyphenation.txt")))
def test_a_word_the_project_keeps_whole_is_never_broken(built, language):
    """locales/<lang>/hyphenation.txt lists words never broken (German's
    "Aser-/baidschan", a designer's must-fix in a memorial text): no line
    of the booklet ends on a part of one."""
    from pipeline.render.hyphenation import project_exceptions

    whole = {word for word in project_exceptions(REPO / "locales", {language})[language] if "-" not in word}
    assert whole
    text = run_tool("pdftotext", str(built / "pdf" / language / "black-january.pdf"), "-").stdout
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    broken = {
        re.sub(r"\W", "", line.split()[-1] + after.split()[0])
        for line, after in zip(lines, lines[1:]) if line.endswith(("\u2010", "-", "\u00ad"))
    }
    assert broken and not broken & whole, broken & whole


def test_the_dash_typed_as_a_hyphen_is_set_as_a_dash(built):
    """The designer's "declared-on" (issue 14, dashes): the source and the
    catalogues keep the hyphen, the front matter lists the pair, and the
    English booklet and web page set an em dash, the space before it no-break."""
    assert "declared-on" in SOURCE_META["dashes"]
    assert "not declared-on January 25" in (REPO / "locales/black-january.pot").read_text(encoding="utf-8")
    html = (built / "html" / "en" / "black-january.html").read_text(encoding="utf-8")
    assert "not declared\u00a0\u2014 on January 25" in html and "declared-on" not in html
    text = run_tool("pdftotext", str(built / "pdf" / "en" / "black-january.pdf"), "-").stdout
    flat = " ".join(text.split())  # the dash may end a line; poppler reads a no-break space as a space
    assert "not declared \u2014 on January 25" in flat and "declared-on" not in flat


def test_german_fallback_is_marked_english(built):
    html = (built / "html" / "de" / "black-january.html").read_text(encoding="utf-8")
    # marked for readers too: a rule and, on the first block of the run, a label in German
    assert '<p lang="en" data-label="Originaltext (Englisch), noch nicht übersetzt" class="fallback fallback-start">Thus, 147' in html
    assert 'class="notice"' in html
    ar = (built / "html" / "ar" / "black-january.html").read_text(encoding="utf-8")
    assert 'lang="en"' not in ar.split("<main", 1)[1]


def test_index_names_every_edition_in_its_own_language(built):
    index = (built / "html" / "index.html").read_text(encoding="utf-8")
    from pipeline.languages import cldr_name

    # The source language's name is CLDR's (read from the installed Babel); the
    # others are the catalogues' own translations of their names.
    for name in (cldr_name("en", "en"), "Azərbaycan dili", "Русский", "Türkçe", "العربية", "Deutsch"):
        assert name in index
    for language in LANGUAGES:
        assert f'href="{language}/black-january.html"' in index


def test_the_corrected_readings_are_published(built):
    """The fluent review's findings, as readers get them: who committed the
    massacre (the USSR government only), whose honorific it is, and the names
    of languages in Azerbaijani."""
    def pdf(language: str) -> str:
        text = run_tool("pdftotext", str(built / "pdf" / language / "black-january.pdf"), "-").stdout
        return re.sub(r"\s+", " ", re.sub(r"[-\u2010]\n", "", text))  # words hyphenated at line ends, joined

    def page(language: str) -> str:
        return (built / "html" / language / "black-january.html").read_text(encoding="utf-8")

    for text in (pdf("ru"), page("ru")):
        assert "правительство СССР, совершившее бойню" in text
        assert "совершившие" not in text
        assert "отмечается" not in text
    ar = page("ar")
    assert "حكومة الاتحاد السوفيتي التي ارتكبت مجزرة" in ar
    assert "اللتين ارتكبتا" not in ar
    assert "الابن العظيم للشعب الأذربيجاني" in ar
    az = pdf("az")
    assert "Orijinal dil: ingilis dili" in az and "Ingilis" not in az  # lower case after the colon, as az writes it
    assert ">Azərbaycan dili<" in page("az")


def test_rebuild_is_byte_identical_and_rewrites_nothing(built):
    project = load_project(built.parent)
    before = {p: p.read_bytes() for p in built.rglob("*") if p.is_file()}
    mtimes = {p: p.stat().st_mtime_ns for p in before}
    report = build(project)
    assert not report.failures and not report.written
    assert {p: p.read_bytes() for p in before} == before
    assert {p: p.stat().st_mtime_ns for p in before} == mtimes


@pytest.mark.parametrize("language", LANGUAGES)
def test_imposed_twin(built, language):
    pages = int(re.search(r"Pages:\s+(\d+)", run_tool("pdfinfo", str(built / "pdf" / language / "black-january.pdf")).stdout)[1])
    info = run_tool("pdfinfo", str(built / "pdf" / language / "black-january-imposed.pdf")).stdout
    sides = int(re.search(r"Pages:\s+(\d+)", info)[1])
    assert sides == 2 * -(-pages // 4)  # padded to a multiple of 4, two pages a side
    # two A5 pages side by side with their 3 mm bleed and room for marks: an SRA3 press sheet (render.impose)
    assert re.search(r"Page size:\s+1275\.5\d* x 907\.0\d* pts", info), info


@pytest.mark.parametrize("language", ["en", "ar"])
def test_title_page_is_a_recto(built, language):
    """Page 2 (the inside of the cover) stays blank; the title page is page 3,
    a right-hand page in an LTR booklet and a left-hand one in an RTL booklet."""
    pdf = str(built / "pdf" / language / "black-january.pdf")
    assert run_tool("pdftotext", "-f", "2", "-l", "2", pdf, "-").stdout.strip() == ""
    title = run_tool("pdftotext", "-f", "3", "-l", "3", pdf, "-").stdout
    assert title.strip(), "the title page is empty"


@pytest.mark.parametrize("language", LANGUAGES)
def test_viewers_are_told_the_reading_direction(built, language):
    from pypdf import PdfReader

    preferences = PdfReader(built / "pdf" / language / "black-january.pdf").trailer["/Root"]["/ViewerPreferences"]
    assert preferences.get("/DisplayDocTitle") == True  # noqa: E712 (a pypdf BooleanObject); PDF/UA: the title, not the file name
    assert preferences.get("/Direction") == ("/R2L" if language == "ar" else None)


def test_shipped_catalogues_have_no_header_findings():
    """Plural-Forms of every shipped catalogue agree with CLDR as the installed Babel has it."""
    from pipeline.check import check_project

    found = [f for f in check_project(load_project(REPO)) if f.finding.check in ("plural-forms", "plurals", "read")]
    assert found == [], [str(f) for f in found]
    errors = [str(f) for f in check_project(load_project(REPO)) if f.finding.severity == "error"]
    assert errors == []


def _text_pages(pdf: Path) -> list[tuple[int, list[str]]]:
    """The booklet's text pages as pdftotext reads them, without running head
    and folio: the pages after the imprint (page 4) and before the back cover."""
    pages = run_tool("pdftotext", "-layout", str(pdf), "-").stdout.split("\f")[:-1]
    title = [l.strip() for l in pages[2].splitlines() if l.strip()][0]  # the title page's title
    found = []
    for number, page in enumerate(pages[4:-1], 5):
        lines = [l.strip() for l in page.splitlines() if l.strip()]
        lines = [l for l in lines if not re.fullmatch(r"\d+", l) and l != title]
        if lines:
            found.append((number, lines))
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_text_is_set_within_a_print_shops_limits(built, language):
    """Read back as a print shop would: no runt page, no word split across
    a page turn, at most 2 hyphenated lines in a row, and at most 15 % of
    the lines hyphenated, in every language (render.linebreak chooses the
    breaks, Russian's long words with its paragraphs tracked), and nothing
    left for the build to report but a short page, which
    test_no_page_ends_short_before_the_texts_last weighs on its own."""
    pages = _text_pages(built / "pdf" / language / "black-january.pdf")
    assert pages, "no text pages"
    said = [
        w for w in (built.parent / "warnings.txt").read_text(encoding="utf-8").splitlines()
        if f"/{language}/" in w and "above the foot of its text area" not in w
    ]
    hyphenated = lambda line: bool(re.search(r"\w[\u2010-]$", line))  # noqa: E731
    lines = [line for _, page in pages for line in page]
    for number, page in pages:
        assert len(page) >= 5, f"page {number}: a runt of {len(page)} lines"
    for number, page in pages[:-1]:
        assert not (hyphenated(page[-1]) and page[-1].endswith("\u2010")), f"page {number}: split across the page turn"
    run = 0
    for line in lines:
        run = run + 1 if hyphenated(line) else 0
        assert run <= 2, line
    share = sum(map(hyphenated, lines)) / len(lines)
    assert share <= 0.15, share
    assert said == []


#: The text's size (pt): Arabic, in Amiri, is set larger (booklet.css).
TEXT_SIZE = {"ar": 12.5}


def _natural_space(language: str = "en") -> float:
    """The face's word space in the text's size (pt), from the font file:
    Noto Serif's at 10.5 pt and the text's width (render.fonts.TEXT_WIDTH,
    as HarfBuzz sets the variable font there), Amiri's at 12.5 pt in Arabic."""
    import uharfbuzz

    if language == "ar":
        import fontpkg_amiri

        file, variations = next(Path(fontpkg_amiri.__file__).parent.rglob("Amiri-Regular.ttf")), {}
    else:
        import fontpkg_noto_serif

        from pipeline.render.fonts import TEXT_WIDTH

        file = next(Path(fontpkg_noto_serif.__file__).parent.rglob("NotoSerif[[]wdth,wght].ttf"))
        variations = {"wdth": TEXT_WIDTH, "wght": 400}
    face = uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(file)))
    font = uharfbuzz.Font(face)
    font.set_variations(variations)
    return font.get_glyph_h_advance(font.get_nominal_glyph(32)) / face.upem * TEXT_SIZE.get(language, 10.5)


def _word_gaps(pdf: Path, *, rtl: bool = False) -> list[tuple[int, str, float, bool]]:
    """The text pages' lines of two words or more in the text's size (not a
    running head or a label: their word boxes are of another height), as
    poppler finds their word boxes: (page, text, the mean gap between its
    words in pt, whether it is justified: it ends where most lines of its
    page end, not short of it as a paragraph's last line; ``rtl``: ends on
    the left, poppler giving its words left to right)."""
    from xml.etree import ElementTree

    out = run_tool("pdftotext", "-bbox-layout", str(pdf), "-").stdout
    root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", out))
    xhtml = "{http://www.w3.org/1999/xhtml}"
    pages = [[list(line.iter(f"{xhtml}word")) for line in page.iter(f"{xhtml}line")] for page in root.iter(f"{xhtml}page")]
    height = lambda word: round(float(word.get("yMax")) - float(word.get("yMin")), 1)  # noqa: E731
    heights = [height(words[0]) for page in pages[4:-1] for words in page if len(words) > 1]
    text_height = max(set(heights), key=heights.count)
    found = []
    for number, page in enumerate(pages[4:-1], 5):
        lines = [words for words in page if len(words) > 1 and height(words[0]) == text_height]
        ends = sorted(float(words[-1].get("xMax")) for words in lines)
        starts = sorted(float(words[0].get("xMin")) for words in lines)
        for words in lines:
            gaps = [float(b.get("xMin")) - float(a.get("xMax")) for a, b in zip(words, words[1:])]
            text = " ".join(word.text or "" for word in words)
            if rtl:
                full = float(words[0].get("xMin")) <= starts[len(starts) // 4] + 2.0
            else:
                full = float(words[-1].get("xMax")) >= ends[len(ends) * 3 // 4] - 2.0
            found.append((number, text, sum(gaps) / len(gaps), full))
    return found


@pytest.mark.parametrize("language", ["en", "az", "ru", "tr", "de"])
def test_a_broken_word_leaves_its_languages_letters_on_each_line(built, language):
    """A word hyphenated at a line's end keeps at least 3 letters on the
    line (Russian 2) and carries at least 3 over; a paragraph's last word
    carries over 6 (layout.MIN_LAST_PART): never "ства." alone."""
    from pipeline.render.hyphenation import MIN_LAST_PART

    before = 2 if language == "ru" else 3
    lines = [line for _, page in _text_pages(built / "pdf" / language / "black-january.pdf") for line in page]
    broken = 0
    for line, after in zip(lines, lines[1:]):
        if not line.endswith("\u2010"):
            continue
        broken += 1
        head = re.search(r"(\w+)\u2010$", line).group(1)
        rest = re.match(r"\w+", after).group()
        assert len(head) >= before and len(rest) >= 3, (line, after)
        if len(after.split()) == 1 and after.rstrip().endswith((".", "!", "?")):
            assert len(rest) >= MIN_LAST_PART, (line, after)
    assert broken


@pytest.mark.parametrize("language", ["en", "az", "ru", "tr", "de", "ar"])
def test_no_line_is_looser_or_tighter_than_the_spacing_limits(built, language):
    """What justification adds to a word space, read back from the word
    boxes poppler finds: a justified line's mean gap between words less the
    face's own space (Noto Serif's advance at the text's width, from the
    font file), at most 0.45 em of the 10.5 pt text (0.77 em in Russian
    before a loose line's words were tracked, render.linebreak.LINE_TRACKING:
    "Report напоминает, что так называемая нагорно-", which a compound
    broken only at its hyphen leaves loose; 0.67 em with 0.03 em of
    tracking, before a line's words could be set wider, fonts.WIDTHS; 0.48 em
    in Azerbaijani's two-line last paragraph before its first line's first
    word, which no break comes before, was set wider and tracked with the
    rest: 0.43 em) and at least -0.09 em (render.linebreak tightens a
    paragraph's word spacing by 0.07 em at most, and tracks it by 0.01 em at
    most, the space with the letters: -0.08 em, and poppler's word boxes of
    tracked letters read a little wider); and loose lines, with gaps of
    half an em or more, as few as LOOSE_LINES (before tracking loose lines:
    25 of 59 in Russian, 18 of 48 in Azerbaijani; before the hyphens the
    share leaves were spent where they take the most away, linebreak._spent:
    17 in Russian, 6 in Azerbaijani, 7 in German; before a line could be
    set in another width of its face: 16 in Russian, 5 in Azerbaijani, 2
    in Turkish). Arabic, in its 12.5 pt Amiri, is never tracked: its word
    spaces alone (5 of 33 lines of half an em or more, up to 0.67 em, while
    WeasyPrint broke its lines). The widths a line was set in are embedded
    and subset, as every face is."""
    natural, em = _natural_space(language), TEXT_SIZE.get(language, 10.5)
    gaps = _word_gaps(built / "pdf" / language / "black-january.pdf", rtl=language == "ar")
    justified = [gap for _, _, gap, full in gaps if full]
    assert justified
    assert (max(justified) - natural) / em <= 0.45
    assert (min(justified) - natural) / em >= -0.09
    assert sum(gap / em >= 0.5 for gap in justified) <= LOOSE_LINES[language]
    if language != "ar":
        listed = run_tool("pdffonts", str(built / "pdf" / language / "black-january.pdf")).stdout.splitlines()[2:]
        widths = [line.split() for line in listed if re.match(r"\w{6}\+Noto-Serif-w\d+", line)]
        assert widths and all(fields[-5:-2] == ["yes", "yes", "yes"] for fields in widths), listed


#: Justified lines with word gaps of half an em or more, at most, of each
#: booklet: none. Russian's 8 (by bench/texture.py) went with a translator's
#: copy-fit of ten phrases, reviewed for meaning, not with the
#: typesetting: so a change to the breaker that brings them back shows here,
#: as a change to the Russian text may.
LOOSE_LINES = {"en": 0, "de": 0, "ru": 0, "az": 0, "tr": 0, "ar": 0}


@pytest.mark.parametrize("language", ["en", "az", "ru", "tr", "de", "ar"])
def test_word_spaces_keep_to_a_stricter_designers_limits(built, language):
    """Read back from the ink (bench/texture.py): the lines with a word space
    wider than 0.40 em, those of 0.45 em or more, the lines whose spaces
    are mostly narrower than 0.21 em, the neighbouring lines three width
    steps apart, the zebras (a tight line beside a loose one) and the seams
    (a paragraph opening two classes from the one above), as few as SPACES says. A designer would have word spaces
    within 0.21-0.40 em; render.linebreak weighs spaces as a reader sees
    them (GAPS), and these are what it has left."""
    texture = _bench("texture")
    found = texture.measure(built / "pdf" / language / "black-january.pdf", widest=1000)
    figures = (
        found.wide, sum(gap >= 0.45 for gap, _, _ in found.widest), found.tight, found.jumps, found.zebras, found.seams
    )
    assert all(a <= b for a, b in zip(figures, SPACES[language])), (figures, [w for w in found.widest if w[0] > 0.40])


#: (wide lines, of 0.45 em or more, tight lines, width jumps, zebras,
#: seams) at most, of each booklet: what render.linebreak leaves, held so
#: that a change to the breaker or to a text shows where it sets worse (the
#: figures' history is in the commits that changed them). A seam, a
#: paragraph's first line two classes from the last full line above it,
#: is weighed across paragraphs (linebreak._SEAM_COST): 8 in the five
#: booklets other than Arabic before, 3 with it. Russian's two left are a
#: long word ("территориальных") that no first line reaches without a
#: hyphen, with its hyphens at the share (9 of 64 lines). A line's badness
#: weighed from the space a reader sees at linebreak.IDEAL_GAP took the
#: tight lines from 8 to 2, the zebras staying at 15, for 23 wide lines
#: where there were 21 (none of 0.45 em) and 34 width jumps where there
#: were 30 (a dearer width, _WIDTH_COST 300 or 600, had fewer jumps and
#: more wide lines, one at 0.47 em); German's "Militärange-/hörige", a
#: designer's poor break, refused (hyphenation.EXCEPTIONS): its two lines
#: above at 0.40 and 0.41 em again, 25 and 36; "Aserbaidschan" kept whole
#: (locales/de/hyphenation.txt), German 3 wide lines and 6 jumps;
#: "Азербайджан" kept whole with a copy-fit a fluent reviewer accepted
#: («руководителей Азербайджана того времени»), Russian 9, 1 (0.46 em,
#: «тересам, подтолкнули…», a designer shown both took this page), 0, 9,
#: 4 and 1. Arabic's spaces are its own (a designer would print it as it is).
SPACES = {
    "en": (2, 0, 0, 4, 0, 0), "az": (4, 0, 1, 9, 3, 0), "ru": (9, 1, 0, 9, 4, 1), "tr": (5, 0, 0, 6, 2, 0),
    "de": (3, 0, 1, 6, 2, 0), "ar": (10, 4, 0, 0, 10, 0),
}


@pytest.mark.parametrize("language", ["en", "az", "ru", "tr", "de", "ar"])
def test_a_paragraphs_last_line_has_the_faces_word_spaces(built, language):
    """Nothing on a paragraph's last line needs fitting, so its spaces are
    the face's own, whatever its paragraph's lines took off theirs (a
    designer found them 0.07 em tighter, "nationale Befreiungsbewegung."):
    within 0.015 em, the tracking of a last line that starts inside a word
    (0.01 em at most, on its spaces too) and poppler's reading."""
    natural, em = _natural_space(language), TEXT_SIZE.get(language, 10.5)
    gaps = _word_gaps(built / "pdf" / language / "black-january.pdf", rtl=language == "ar")
    last = [(page, text, gap) for page, text, gap, full in gaps if not full]
    assert last
    off = [(page, text, round((gap - natural) / em, 3)) for page, text, gap in last if abs(gap - natural) / em > 0.015]
    assert off == []


def test_no_break_a_designer_flagged_comes_back(built):
    """The breaks the patterns got wrong ("territ-orial", "Ausnah-mezustand")
    are gone: no line of any booklet ends with one of their wrong halves;
    nor the country's name a designer found broken in the Azerbaijani
    booklet ("Ermənis-tanda", gone with linebreak._NAME_COST at 1.5e5)."""
    wrong = ("territ", "Perman", "Ausnah", "Sowjetuni", "Ermənis")
    for language in LANGUAGES:
        text = run_tool("pdftotext", str(built / "pdf" / language / "black-january.pdf"), "-").stdout
        ends = re.findall(r"(\w+)[\u2010-]\n", text)
        assert not [end for end in ends if end in wrong], language


def test_no_line_opens_with_a_figure_that_closes_a_sentence(built):
    """ "20. After the declaration …" opened the English booklet's page 6,
    read as a numbered item (a designer's finding): no line of a booklet
    set left to right opens with a figure and the end of its sentence."""
    for language in ("en", "az", "ru", "tr", "de"):
        text = run_tool("pdftotext", "-layout", str(built / "pdf" / language / "black-january.pdf"), "-").stdout
        opening = [line for line in text.splitlines() if re.match(r"\s*\d[\d.,]*[.!?](\s|$)", line) and len(line.split()) > 1]
        assert opening == [], (language, opening)


def test_arabic_folios_are_the_digits_its_text_uses(built):
    pdf = built / "pdf" / "ar" / "black-january.pdf"
    # poppler wraps right-to-left lines in direction marks
    text = re.sub(r"[\u200e\u200f\u202a-\u202e]", "", run_tool("pdftotext", "-layout", str(pdf), "-").stdout)
    pages = text.split("\f")[:-1]
    folios = [l.strip() for page in pages[4:-1] for l in page.splitlines() if re.fullmatch(r"\s*[0-9\u0660-\u0669]+\s*", l)]
    assert folios and all(re.fullmatch(r"[0-9]+", f) for f in folios), folios
    po = (REPO / "locales/ar/LC_MESSAGES/black-january.po").read_text(encoding="utf-8")
    assert "147" in po and not re.search(r"[\u0660-\u0669]", po)  # the catalogue writes Western digits too


def test_a_fallback_passage_keeps_the_column(built: Path) -> None:
    """The English passages of the German booklet are marked by a rule set
    out of the column: their lines start where the German lines start (the
    designer measured them 1.4 pt left of it)."""
    import xml.etree.ElementTree as ET

    english = " ".join(" ".join(seed_paragraphs()).split())
    pdf = built / "pdf/de/black-january.pdf"
    xml = run_tool("pdftotext", "-bbox-layout", str(pdf), "-").stdout
    starts: dict[bool, list[float]] = {True: [], False: []}
    for line in ET.fromstring(re.sub(r'\sxmlns="[^"]+"', "", xml, count=1)).iter("line"):
        words = [w.text or "" for w in line.iter("word")]
        text = " ".join(words).rstrip("-\u2010\u00ad")
        if len(words) < 5:
            continue
        starts[text in english].append(float(line.get("xMin")))
    assert starts[True] and starts[False]
    # Each kind's lines start at the column's edge or an indent from it; the edges agree.
    assert abs(min(starts[True]) - min(starts[False])) < 0.2, (min(starts[True]), min(starts[False]))



def test_a_fallback_label_sits_on_the_passage_it_names(built: Path) -> None:
    """The label of an English passage in the German booklet is nearer the
    passage than the German text before it (a designer read it as a caption
    of the German paragraph, 11.4 pt under it and 19 pt above the English),
    and the passage's first line is flush, not indented."""
    import xml.etree.ElementTree as ET

    xml = run_tool("pdftotext", "-bbox-layout", str(built / "pdf/de/black-january.pdf"), "-").stdout
    found = 0
    for page in ET.fromstring(re.sub(r'\sxmlns="[^"]+"', "", xml, count=1)).iter("page"):
        lines = [(line, " ".join(w.text or "" for w in line.iter("word"))) for line in page.iter("line")]
        lines.sort(key=lambda pair: float(pair[0].get("yMin")))
        column = min((float(line.get("xMin")) for line, text in lines if len(text.split()) > 4), default=0.0)
        for index, (line, text) in enumerate(lines):
            if not text.startswith("Originaltext") or not 0 < index < len(lines) - 1:
                continue
            before, after = lines[index - 1][0], lines[index + 1][0]
            above = float(line.get("yMin")) - float(before.get("yMax"))
            below = float(after.get("yMin")) - float(line.get("yMax"))
            assert below < above, (text, above, below)
            assert abs(float(after.get("xMin")) - column) < 0.2, lines[index + 1][1]
            found += 1
    assert found >= 1


def test_small_type_and_rules_print_in_solid_black_on_the_press_sheets(built: Path) -> None:
    """On the press sheets every colour is black ink alone, paper, or the
    covers' rich black: no grey tint, which a press screens into dots that
    break up 8 pt running heads, a 7.5 pt label and a rule under a point
    (they were 67 % and 46 % black)."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(built / "pdf/de/black-january-imposed.pdf")
    inks: set[tuple[float, ...]] = set()

    def read(stream: object, resources: object, depth: int = 0) -> None:
        for operands, operator in ContentStream(stream, reader).operations:
            if operator in (b"k", b"K", b"sc", b"SC", b"scn", b"SCN") and len(operands) == 4:
                inks.add(tuple(round(float(value), 3) for value in operands))
        for reference in (resources or {}).get("/XObject", {}).values():
            form = reference.get_object()
            if form.get("/Subtype") == "/Form" and depth < 8:
                read(form, form.get("/Resources"), depth + 1)

    for page in reader.pages:
        read(page.get_contents(), page.get("/Resources"))
    assert (0, 0, 0, 1) in inks
    assert inks <= {(0, 0, 0, 1), (0, 0, 0, 0), (0.4, 0.3, 0.3, 1)}, inks

@pytest.mark.parametrize("language", LANGUAGES)
def test_body_lines_sit_on_one_baseline_grid(built, language):
    """Every line of text on every text page, the opening page under its
    title included, lies on one grid of the text's line pitch (the opening
    page was 2.9 pt off the next before its title took whole lines; Arabic's
    space between paragraphs was 6.9 pt)."""
    body = off_grid(built / "pdf" / language / "black-january.pdf", opening=5)
    assert body.pop("off") == []
    assert min(body["pages"]) == 5 and len(body["pages"]) >= 2, body
    # and each page after the opening starts at the head of the text area, as
    # the page facing it does (Arabic's space between paragraphs, kept at the
    # head of page 7, put its first line a line below page 6's)
    tops = {round(body["first"][n], 1) for n in body["pages"][1:]}
    assert len(tops) == 1, body["first"]


def test_the_german_runt_is_made_up_by_sinking_the_opening(built):
    """Page 7 of the German booklet held two lines, which no paragraph can
    give back: the text opens four lines lower on page 5 (three make up the
    runt, and left "leader-" on page 6's last line: a fourth moves the page
    end off it), so page 7 holds six lines, and no line of the English
    passage on pages 6 and 7 is set looser for it (three were, at 0.43 to
    0.46 em between words)."""
    texture = _bench("texture")
    german, english = (
        texture.body(texture.read_pages(built / "pdf" / language / "black-january.pdf")) for language in ("de", "en")
    )
    feet = [line.foot for line in german if line.page == 6]
    pitch = median(b - a for a, b in zip(feet, feet[1:]))

    def opening(lines):  # the opening page's first line, below the page's head (its next page's first line)
        return next(line.foot for line in lines if line.page == 5) - next(line.foot for line in lines if line.page == 6)

    assert opening(english) == pytest.approx(3 * pitch, abs=0.1)  # the title's two lines and the line below it
    assert opening(german) == pytest.approx(7 * pitch, abs=0.1)  # and four lines of sink
    assert len([line for line in german if line.page == 7]) == 6
    assert texture.measure(built / "pdf" / "de" / "black-january.pdf", pages=range(6, 8)).widest[0][0] <= 0.41


@pytest.mark.parametrize("language", [
    pytest.param(language, marks=pytest.mark.xfail(strict=True, reason=(
        "page 6 ends a line (20 pt) above the foot: its last paragraph ends on the foot's line less one, the space"
        " below it takes the foot's line, and the next paragraph (page 7's first five lines) cannot begin there"
    ))) if language == "ar" else language
    for language in LANGUAGES
])
def test_no_page_ends_short_before_the_texts_last(built, language):
    """A page followed by more text is filled to the foot of its text area
    (bench/texture.py's short_pages, on the lines pdftotext reads): the
    Azerbaijani page 5 of 0ccecda ended 15 pt above every other page 5, a
    paragraph a line shorter and the next line kept on page 6 for a widow.
    The text's last page may end where the text does."""
    texture = _bench("texture")
    pdf = built / "pdf" / language / "black-january.pdf"
    text = texture.body(texture.read_pages(pdf))
    assert texture.short_pages(text, area=texture.text_area(pdf)) == []


def test_a_page_ending_a_line_short_in_a_built_booklet_is_found(built):
    """The test above can fail: the English booklet read with its page 5's
    last line taken away, as the Azerbaijani one was set at 0ccecda, has a
    page a line short; its last page, some lines short, is not; and page 5
    is not either where it is the text's last."""
    texture = _bench("texture")
    pdf = built / "pdf" / "en" / "black-january.pdf"
    text, area = texture.body(texture.read_pages(pdf)), texture.text_area(pdf)
    foot, pitch = texture.grid_foot(text, area=area)
    last = max(texture.last_feet(text))
    assert texture.last_feet(text)[last] <= foot - 2 * pitch and texture.short_pages(text, area=area) == []
    fifth = [line for line in text if line.page == 5]
    assert texture.short_pages([line for line in text if line != fifth[-1]], area=area) == [(5, 1)]
    assert texture.short_pages(fifth[:-1], area=area) == []


def _stem_width(pdf: Path, folder: Path) -> float:
    """The median run of ink across the cover's title, rows and columns, in
    pixels at 200 dpi (pdftoppm): how thick its strokes print. The title is
    the cover's largest line (pdftotext -bbox-layout); its ink is the light
    type on the dark cover."""
    from statistics import median

    from PIL import Image

    out = run_tool("pdftotext", "-bbox-layout", "-f", "1", "-l", "1", str(pdf), "-").stdout
    lines = [tuple(map(float, m)) for m in re.findall(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">', out)]
    x0, y0, x1, y1 = max(lines, key=lambda box: box[3] - box[1])
    scale = 200 / 72
    crop = [str(round(v * scale)) for v in (x0, y0, x1 - x0, y1 - y0)]
    run_tool("pdftoppm", "-r", "200", "-f", "1", "-l", "1", "-singlefile", "-gray", "-png",
             "-x", crop[0], "-y", crop[1], "-W", crop[2], "-H", crop[3], str(pdf), str(folder / "title"))
    image = Image.open(folder / "title.png").convert("L")
    width, height = image.size
    ink = [[image.getpixel((x, y)) > 128 for x in range(width)] for y in range(height)]
    runs = []
    for line in ink + [list(column) for column in zip(*ink)]:
        length = 0
        for on in [*line, False]:
            if on:
                length += 1
            elif length:
                runs.append(length)
                length = 0
    return median(runs)


def test_the_covers_titles_are_equally_heavy_in_every_script(built, tmp_path):
    """The Arabic cover's title prints as heavy as the Latin and Cyrillic ones
    (its strokes were 2/3 as thick, Amiri Bold at the Latin 28 pt)."""
    latin = _stem_width(built / "pdf" / "en" / "black-january.pdf", tmp_path)
    for language in ("ru", "ar"):
        assert _stem_width(built / "pdf" / language / "black-january.pdf", tmp_path) >= 0.85 * latin, language


@pytest.mark.parametrize("language", ["en", "ar"])
def test_margins_are_narrow_at_the_fold_and_wide_at_the_fore_edge_and_foot(built, language):
    """A saddle-stitched booklet loses nothing at the spine: inner margin
    15 mm, outer 20 mm, foot 24 mm (booklet.css), read from the text's lines
    (pdftotext -bbox-layout) against each page's TrimBox, on a recto and a
    verso; an Arabic booklet binds on the right, so its page 5 has the fold
    on its right."""
    import pypdf

    path = built / "pdf" / language / "black-january.pdf"
    reader = pypdf.PdfReader(path)
    out = run_tool("pdftotext", "-bbox-layout", "-f", "5", "-l", "6", str(path), "-").stdout
    mm = 72 / 25.4
    for number, page in zip((5, 6), out.split("<page ")[1:]):
        crop = [float(v) for v in reader.pages[number - 1].mediabox]  # pdftotext's origin: the media box's top left, not the crop box's
        trim = [float(v) for v in reader.pages[number - 1].trimbox]
        lines = [tuple(map(float, m)) for m in re.findall(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">', page)]
        body = [box for box in lines if box[3] - box[1] > 12 and box[2] - box[0] > 30]  # not the running head or folio
        left = (min(box[0] for box in body) - (trim[0] - crop[0])) / mm
        right = ((trim[2] - crop[0]) - max(box[2] for box in body)) / mm
        foot = ((crop[3] - trim[1]) - max(box[3] for box in body)) / mm
        fold_on_left = (number % 2 == 1) == (language != "ar")
        inner, outer = (left, right) if fold_on_left else (right, left)
        assert (inner, outer) == (pytest.approx(15, abs=0.3), pytest.approx(20, abs=0.3)), number
        assert foot >= 24 - 0.3, number
