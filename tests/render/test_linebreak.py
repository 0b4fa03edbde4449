"""render.linebreak: a paragraph's breaks chosen together, and WeasyPrint made to lay out exactly those lines."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from pipeline.render import linebreak
from pipeline.render.layout import read_layout, settle
from pipeline.render.linebreak import Token, break_lines
from pipeline.render.pdf import import_weasyprint

EM = 10.0


def words(*specs: str, space: float = 3.0, em: float = EM) -> list[Token]:
    """Tokens of words written with their hyphenation points ("ter-ri-to-ry"),
    each letter 5 px wide and each hyphen 4 px."""
    tokens: list[Token] = []
    for number, word in enumerate(specs):
        if number:
            tokens.append(Token("glue", space, em=em))
        for part_number, part in enumerate(word.split("-")):
            if part_number:
                tokens.append(Token("penalty", 4.0, hyphen=True, soft=True, em=em))
            tokens.append(Token("box", 5.0 * len(part), em=em))
    return tokens


def lines_of(tokens: list[Token], chosen: list[int]) -> list[tuple[float, int, bool]]:
    """(natural width, spaces, ends hyphenated) of each line."""
    found, start = [], 0
    for end in chosen + [len(tokens)]:
        width = sum(t.width for t in tokens[start:end] if t.kind != "penalty")
        hyphen = end < len(tokens) and tokens[end].kind == "penalty"
        found.append((width + (tokens[end].width if hyphen else 0.0), sum(t.kind == "glue" for t in tokens[start:end]), hyphen))
        start = end + 1
    return found


def first_fit(tokens: list[Token], measure: float) -> list[int]:
    """Breaks as WeasyPrint makes them without hyphenation: each line as full as it goes."""
    chosen, start = [], 0
    glues = [i for i, t in enumerate(tokens) if t.kind == "glue"]
    while True:
        fitting = [g for g in glues if g > start and sum(t.width for t in tokens[start:g] if t.kind != "penalty") <= measure]
        if not fitting or sum(t.width for t in tokens[start:] if t.kind != "penalty") <= measure:
            return chosen
        chosen.append(fitting[-1])
        start = fitting[-1] + 1


def looseness(tokens: list[Token], chosen: list[int], measure: float) -> float:
    """The most justification adds to a space, last line aside."""
    return max(((measure - w) / s for w, s, _ in lines_of(tokens, chosen)[:-1] if s), default=0.0)


def test_total_fit_is_never_looser_than_first_fit():
    text = "aaa bb cccc aa bbbbbbb aa c dddddd aaaa bb ccc aaaaa b cc dddd aaa bbbbbb a cccc".split()
    tokens = words(*text)
    for measure in range(60, 140, 7):
        chosen = break_lines(tokens, measure, measure, hyphen_cost=1e4, margin=0.0)
        assert chosen is not None
        assert all(width <= measure for width, _, _ in lines_of(tokens, chosen))
        assert looseness(tokens, chosen, measure) <= looseness(tokens, first_fit(tokens, measure), measure) + 1e-9


def test_lines_keep_the_margin_and_the_first_line_its_indent():
    tokens = words(*("word other thing" * 8).split())
    chosen = break_lines(tokens, 80.0, 100.0, hyphen_cost=1e4, margin=2.0)
    found = lines_of(tokens, chosen)
    assert found[0][0] <= 78.0 and all(width <= 98.0 for width, _, _ in found[1:])


def test_no_more_than_two_hyphenated_lines_in_a_row():
    tokens = words(*["hy-phen-a-tion-al-ly"] * 12)
    chosen = break_lines(tokens, 70.0, 70.0, hyphen_cost=0.0)
    ends = [hyphen for _, _, hyphen in lines_of(tokens, chosen)]
    assert any(ends)
    assert all(not all(ends[i : i + 3]) for i in range(len(ends) - 2))


def test_a_dearer_hyphen_gives_no_more_hyphens():
    # a large type (40 px to the em), so that a hyphen saves a little looseness, not a loose line
    tokens = words(*"con-ti-nu-ous pa-ra-graph-ing ter-ri-to-ri-al in-te-gri-ty mo-ve-ment ex-pel-ling hun-dreds".split() * 3, em=40.0)
    counts = [
        linebreak.hyphen_count(tokens, break_lines(tokens, 230.0, 230.0, hyphen_cost=cost)) for cost in (0.0, 1e3, 1e5, 1e7)
    ]
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]


def test_a_hyphen_on_the_last_full_line_is_avoided(monkeypatch):
    def last_full_lines_hyphenated() -> int:
        count = 0
        for number in range(4, 30):
            for measure in (95.0, 120.0, 150.0):
                tokens = words(*["ab-cdef-ghij", "klm-nopq"] * number, em=40.0)
                found = lines_of(tokens, break_lines(tokens, measure, measure, hyphen_cost=0.0))
                count += len(found) > 1 and found[-2][2]
        return count

    with_cost = last_full_lines_hyphenated()
    monkeypatch.setattr(linebreak, "_LAST_COST", 0.0)
    assert with_cost < last_full_lines_hyphenated()


def test_a_word_wider_than_the_measure_gives_no_breaks():
    assert break_lines(words("a", "b" * 30, "c"), 100.0, 100.0, hyphen_cost=0.0) is None


def test_a_line_is_not_ended_where_pango_would_break_later():
    """A space break is only chosen if Pango, filling the line, could not
    reach the next line's own break (after a compound's hyphen)."""
    tokens = words("aaaa", "bbbb") + [Token("glue", 3.0, em=EM), Token("box", 10.0, em=EM), Token("penalty", 0.0, hyphen=True, em=EM)]
    tokens += [Token("box", 40.0, em=EM), Token("glue", 3.0, em=EM), Token("box", 20.0, em=EM)]
    chosen = break_lines(tokens, 60.0, 60.0, hyphen_cost=1e7, margin=0.0)
    # "aaaa bbbb cc-" fits, so Pango would never end the line at the space before "cc-", however dear its hyphen
    assert chosen[0] == 5


# ---- with WeasyPrint: the chosen lines laid out as chosen


@pytest.fixture
def weasy(tmp_path):
    """WeasyPrint, with the Fontconfig booklet's renders set up: a process that has
    rendered a booklet draws "serif" in booklet's faces, one that has not in the
    machine's; without this, a test would measure other fonts alone than in the suite."""
    from pipeline.render.pdf import write_pdf

    import_weasyprint()
    from weasyprint import HTML

    write_pdf("<html lang=en><p>x</p></html>", base_url=tmp_path, allowed=[tmp_path], identifier="x/en", shown="x.pdf")
    return HTML


PARAGRAPH = (
    "Report recalls that the so-called <em>Nagorno-Karabakh</em> problem, which re-emerged in late 1987, was aimed at "
    "violating the territorial integrity of <strong>Azerbaijan</strong>, occupying its lands, and expelling hundreds of "
    "thousands of Azerbaijanis living in <a href='#x'>Armenia and Nagorno-Karabakh</a>. The direct or indirect support "
    "of the leadership to the territorial claims of the <span class=nobreak>Armenian SSR</span>, separatism instigated by "
    "radical nationalists, and mass violence against <span lang=de>Aserbaidschaner</span> pushed the people to stand up "
    "for the protection of the integrity of their country, on <code>20 January</code>."
)


def _html(paragraphs: int = 3) -> str:
    return (
        "<html lang=en><style>@page { size: A6; margin: 12mm } html { font-size: 9pt }"
        " p { margin: 0; orphans: 2; widows: 2; text-align: justify; hyphens: auto; hyphenate-limit-chars: 6 3 3 }"
        " p + p { text-indent: 1.2em } .nobreak { white-space: nowrap }</style><body><main>"
        + f"<p>{PARAGRAPH}</p>" * paragraphs
        + "</main></body></html>"
    )


def _render(weasy, html: str, font_config: object = None):
    document = weasy(string=html)
    return document, lambda style: document.render(font_config=font_config)


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def test_weasyprint_lays_out_the_chosen_lines(weasy):
    html_document, render = _render(weasy, _html())
    greedy = render({})
    lines = [(line.block, line.ends_with_hyphen) for line in read_layout(greedy).lines]
    plan = linebreak.plan(greedy, lines)
    assert len(plan.paragraphs) == 3
    paragraphs = [e for e in html_document.etree_element.iter() if e.tag == "p"]
    assert all("hyphens: manual" in p.get("style") for p in paragraphs)
    # markup survives: the same elements (and the spans that set a tracked paragraph's last line apart), the same words
    tags = ["p", "em", "strong", "a", "span", "span", "code"]
    assert [c.tag for c in paragraphs[0].iter() if id(c) not in linebreak._SPANS] == tags
    assert _plain("".join(paragraphs[0].itertext())) == _plain(re.sub(r"<[^>]+>", "", PARAGRAPH))
    document = render({})
    assert plan.verify(document) == []
    layout = read_layout(document)
    expected = [linebreak._bare(line) for p in plan.paragraphs for line in linebreak._chosen_lines(p)]
    assert [linebreak._bare(line.text) for line in layout.lines] == expected
    assert not layout.long_runs
    plan.restore()
    assert all(p.get("style") is None for p in paragraphs)
    assert [c.tag for c in paragraphs[0].iter()] == tags
    assert _plain(" ".join("".join(p.itertext()) for p in paragraphs)) == _plain(" ".join([re.sub(r"<[^>]+>", "", PARAGRAPH)] * 3))


def test_a_paragraph_laid_out_otherwise_gets_its_text_back(weasy):
    # lines chosen 30 px wider than the measure cannot come out as chosen
    html_document, render = _render(weasy, _html(2))
    greedy = render({})
    plan = linebreak.plan(greedy, [(line.block, line.ends_with_hyphen) for line in read_layout(greedy).lines], margin=-30.0)
    wrong = plan.verify(render({}))
    assert wrong
    plan.restore(wrong)
    again = read_layout(render({}))
    for paragraph in wrong:  # laid out as WeasyPrint breaks it alone
        assert paragraph.element.get("style") is None
        laid = [line.text for line in again.lines if line.block is paragraph.element]
        assert laid and laid == [line.text for line in read_layout(greedy).lines if line.block is paragraph.element]


def _pdf_text(document: object, folder) -> tuple[object, str]:
    """The rendered document written to a PDF, and its text as poppler reads it."""
    if shutil.which("pdftotext") is None:
        if __import__("os").environ.get("CI"):
            pytest.fail("pdftotext (poppler) is missing")
        pytest.skip("pdftotext (poppler) is missing")
    pdf = folder / "p.pdf"
    document.write_pdf(pdf)
    return pdf, subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_settle_with_the_breaker_is_within_the_limits_and_reads_back_whole(weasy, tmp_path):
    html_document, render = _render(weasy, _html(4))
    greedy = read_layout(render({}))
    settled, left = settle(render)
    layout = read_layout(settled)
    assert not layout.long_runs and not layout.split_at_page_end
    assert layout.loosest <= max(greedy.loosest, 0.6) + 1e-6
    # a paragraph's word spacing made tighter only within linebreak.TIGHT (its last line is not justified)
    full = [line for i, line in enumerate(layout.lines[:-1]) if layout.lines[i + 1].block is line.block]
    assert min(line.spacing for line in full) >= -linebreak.TIGHT - 1e-6
    assert layout.hyphen_share <= max(greedy.hyphen_share, 0.15)
    pdf, text = _pdf_text(settled, tmp_path)
    assert "\u00ad" not in text and "\u2010\u2010" not in text and "-\u2010" not in text
    joined = re.sub(r"\s+", " ", re.sub(r"[\u2010-]\n", "", text)).strip()
    assert joined.count("territorial integrity") == 4 and joined.count("Aserbaidschaner") == 4
    # the text layer has the source's spaces, not the no-break spaces that held the lines together
    from pypdf import PdfReader

    assert "\u00a0" not in "".join(page.extract_text() for page in PdfReader(pdf).pages)


def test_spaces_come_back_where_the_text_had_them():
    text = "a tall\u00a0tree stands here"
    laid = ["a\u00a0tall\u00a0tree\u00a0stan\u00ad\u2010", "ds\u00a0here"]
    assert linebreak._spaces_back(text, laid) == ["a tall\u00a0tree stan\u00ad\u2010", "ds here"]
    assert linebreak._spaces_back(text, ["a\u00a0tall\u00a0tree", "stands\u00a0here"]) == ["a tall\u00a0tree", "stands here"]
    assert linebreak._spaces_back(text, ["a\u00a0tall\u00a0tree", "stands"]) is None  # not the whole text
    assert linebreak._spaces_back(text, ["a\u00a0tall\u00a0trees\u00a0stands"]) is None


def test_a_space_before_a_short_last_word_comes_back_where_a_line_ended_at_it():
    text = "a tall tree stands\u00a0here."
    laid = ["a\u00a0tall\u00a0tree\u00a0stands", "here."]
    assert linebreak._spaces_back(text, laid) == ["a tall tree stands", "here."]


def test_a_short_last_word_is_left_alone_only_where_it_saves_more_than_its_cost():
    def best(tokens: list[Token], measure: float) -> tuple[list[int], float] | None:
        return linebreak._choose(tokens, linebreak._lines(tokens, measure, measure, linebreak.MARGIN), 0.0)

    alone, kept = [], []
    for measure in range(100, 200, 2):
        free = words(*"the troops came in the night and took the town by its".split(), "throat.")
        costly = max(i for i, t in enumerate(free) if t.kind == "glue")
        tokens = list(free)
        tokens[costly] = Token("glue", 3.0, em=EM, cost=linebreak._SHORT_LAST)
        # the same words with the last two held together by a no-break space
        together = free[:costly - 1] + [Token("box", free[costly - 1].width + 3.0 + free[costly + 1].width, 1, em=EM)]
        anyhow, held, chosen = best(free, measure), best(together, measure), best(tokens, measure)
        if held is None:
            continue
        if costly in anyhow[0] and anyhow[1] + linebreak._SHORT_LAST < held[1]:
            assert costly in chosen[0] and chosen[1] == pytest.approx(anyhow[1] + linebreak._SHORT_LAST)
            alone.append(measure)
        else:
            assert costly not in chosen[0] and chosen[1] == pytest.approx(held[1])
            kept.append(measure)
    assert alone and kept


def test_a_word_a_number_counts_is_not_hyphenated():
    style = {"white_space": "normal", "hyphens": "auto", "lang": "ru", "direction": "ltr", "hyphenate_limit_chars": (6, 3, 3)}
    text = "убит 21\u00a0человек, ранены человек вчера"
    _, cuts = linebreak._breaks(text, [style] * len(text), False)
    counted, other = text.index("человек"), text.rindex("человек")
    assert not any(counted < at < counted + 7 for at in cuts)
    assert any(other < at < other + 7 for at in cuts)  # the same word, no number before it


def test_a_line_opening_with_a_figure_that_closes_a_sentence_costs_as_a_short_last_word():
    """"… fatally wounded / 20. After …" reads as a numbered item: the space
    before the figure is a break at _FIGURE_COST, a figure inside a sentence
    costs nothing, and right-to-left text is left as it is."""
    style = {"white_space": "normal", "hyphens": "manual", "lang": "en", "direction": "ltr", "hyphenate_limit_chars": (6, 3, 3)}
    text = "the troops killed 82 people and wounded 20. After the declaration, 21 people were killed within days."
    breakable, _ = linebreak._breaks(text, [style] * len(text), False)
    costs = dict(linebreak._costly(text, [style] * len(text), breakable))
    assert costs == {text.index(" 20."): linebreak._FIGURE_COST}
    rtl = dict(style, direction="rtl", lang="ar")
    assert linebreak._costly(text, [rtl] * len(text), breakable) == ()


def test_a_paragraphs_last_word_is_never_broken_to_leave_a_stub_alone():
    from pipeline.render.hyphenation import MIN_LAST_PART

    style = {"white_space": "normal", "hyphens": "auto", "lang": "en", "direction": "ltr", "hyphenate_limit_chars": (6, 3, 3)}
    text = "it is commemorated every year, and it is commemorated."
    _, cuts = linebreak._breaks(text, [style] * len(text), False)
    inside, last = text.index("commemorated"), text.rindex("commemorated")
    rests = lambda start: sorted(start + len("commemorated") - at for at in cuts if start < at < start + 12)  # noqa: E731
    assert min(rests(inside)) < MIN_LAST_PART  # "commemora-ted": a break inside the text
    assert rests(last) == [rest for rest in rests(inside) if rest >= MIN_LAST_PART] and rests(last)


def test_kept_breaks_keep_the_line_count_and_no_hyphen_ends_a_page():
    tokens = words(*"con-ti-nu-ous pa-ra-graph-ing ter-ri-to-ri-al in-te-gri-ty mo-ve-ment ex-pel-ling hun-dreds".split() * 3)
    free = linebreak._choose(tokens, linebreak._lines(tokens, 120.0, 120.0, 0.0), 0.0)
    assert free is not None
    count = len(free[0]) + 1
    ends = [hyphen for _, _, hyphen in lines_of(tokens, free[0])]
    page_end = ends.index(True)  # a hyphenated line, as if it ended a page
    for lines in (count, count + 1):
        keep = linebreak.Keep(lines, frozenset({page_end}))
        numbered, final = linebreak._numbered(tokens, linebreak._lines(tokens, 120.0, 120.0, 0.0), keep)
        chosen, *_ = linebreak._choose(tokens, numbered, 0.0, final)
        found = lines_of(tokens, chosen)
        assert len(found) == lines and not found[page_end][2]
        assert all(width <= 120.0 for width, _, _ in found)


@pytest.mark.parametrize("measure", [100.0, 120.0, 150.0])
def test_a_forced_line_count_never_leaves_a_last_line_that_fits_on_the_line_before(measure):
    """WeasyPrint fills a line as far as it goes: breaks that make up a line
    count by splitting a short last line ("peo-" / "ple.") would be laid out
    a line shorter. The line before the last never takes the last line's
    words with it within the measure."""
    text = "a land of ma-ny peo-ple and a ci-ty by the sea the Azer-bai-ja-ni peo-ple"
    forced = 0
    for reps in (1, 2, 3):
        tokens = words(*text.split() * reps)
        lines = linebreak._lines(tokens, measure, measure, 0.0)
        free = linebreak._choose(tokens, lines, 0.0)
        assert free is not None
        for count in range(len(free[0]) + 1, len(free[0]) + 4):
            numbered, final = linebreak._numbered(tokens, lines, linebreak.Keep(count, frozenset()))
            found = linebreak._choose(tokens, numbered, 0.0, final)
            if found is None:
                continue
            chosen, forced = found[0], forced + 1
            assert len(chosen) + 1 == count
            start = chosen[-2] + 1 if len(chosen) > 1 else 0
            assert sum(t.width for t in tokens[start:] if t.kind != "penalty") > measure
    assert forced  # some counts could be made up


@pytest.mark.parametrize("tracking", [-0.02, 0.02])
def test_a_tracked_paragraph_is_laid_out_as_measured_and_reads_back_whole(weasy, tmp_path, monkeypatch, tracking):
    """Letter-spacing set on a paragraph: Pango's measure of each word (its
    ligatures off, as Pango sets tracked text) is what WeasyPrint lays out,
    justification included, and poppler reads whole words."""
    monkeypatch.setattr(linebreak, "TRACKINGS", (tracking,))
    ligatures = "<p>The official fifty-five figures affirm the effluent flow of the office staff. " + PARAGRAPH + "</p>"
    html_document, render = _render(weasy, _html(2).replace("</main>", ligatures + "</main>"))
    greedy = render({})
    plan = linebreak.plan(greedy, [(line.block, line.ends_with_hyphen) for line in read_layout(greedy).lines])
    assert len(plan.paragraphs) == 3 and all(p.tracking == tracking for p in plan.paragraphs)
    assert all("letter-spacing" in p.element.get("style") for p in plan.paragraphs)
    document = render({})
    assert plan.verify(document) == []
    _, text = _pdf_text(document, tmp_path)
    joined = re.sub(r"\s+", " ", re.sub(r"[\u2010-]\n", "", text)).strip()
    for sentence in ("The official fifty-five figures affirm the effluent flow of the office staff.", "territorial integrity of Azerbaijan"):
        assert sentence in joined


def test_list_items_and_quoted_paragraphs_are_set_by_the_breaker(weasy):
    """Every justified block of a booklet: a list item (tight, loose, with a
    list inside), a nested one, and a blockquote's paragraph; the text
    before a nested list is its item's own, the nested list's is not."""
    blocks = (
        f"<ul><li>{PARAGRAPH}</li><li><p>{PARAGRAPH}</p></li></ul>"
        f"<ol><li>{PARAGRAPH}<ul><li>Inner {PARAGRAPH}</li></ul></li></ol>"
        f"<blockquote><p>{PARAGRAPH}</p></blockquote>"
    )
    html = _html(0).replace("</main>", blocks + "</main>").replace(" p {", " p, li {")
    html_document, render = _render(weasy, html.replace("</style>", " blockquote { margin: 0 4mm; padding-left: 3mm }</style>"))
    greedy = render({})
    plan = linebreak.plan(greedy, [(line.block, line.ends_with_hyphen) for line in read_layout(greedy).lines])
    tags = sorted(str(p.element.tag) for p in plan.paragraphs)
    assert tags == ["li", "li", "li", "p", "p"]
    outer = next(p for p in plan.paragraphs if p.element.tag == "li" and len(p.element))
    assert outer.text.startswith("Report recalls") and "Inner" not in outer.text
    document = render({})
    assert plan.verify(document) == []
    layout = read_layout(document)
    for paragraph in plan.paragraphs:
        laid = [linebreak._bare(line.text) for line in layout.lines if line.block is paragraph.element]
        assert laid == [linebreak._bare(line) for line in linebreak._chosen_lines(paragraph)]
    plan.restore()
    assert _plain("".join(html_document.etree_element.find(".//ol").itertext())).startswith("Report recalls")


def _two_paragraphs() -> tuple[list, list, list]:
    """Two paragraphs on a narrow measure, untracked: each's tokens, variants and best choice."""
    texts = ["con-ti-nu-ous pa-ra-graph-ing ter-ri-to-ri-al in-te-gri-ty mo-ve-ment", "ex-pel-ling hun-dreds of thou-sands"]
    paragraphs, variants, choices = [], [], []
    for text in texts:
        tokens = words(*(text.split() * 4), space=10.0, em=40.0)  # a space of 0.25 em, as a text face has
        paragraph = linebreak._Paragraph(None, [], [], [], text, tokens=tokens, first=150.0, rest=150.0, em=40.0)
        found = linebreak._Variants(paragraph, 0.0, [0.0])
        paragraphs.append(paragraph)
        variants.append(found)
        choices.append(linebreak._best_variant(found, 0.0))
    return paragraphs, variants, choices


def test_a_runt_gets_its_lines_from_the_paragraphs_where_they_cost_least():
    """``more`` lines in all, one each from the paragraphs where a line more
    (fewer) adds the least demerits; none looser than LOOSE."""
    paragraphs, variants, choices = _two_paragraphs()
    counts = [len(choice[0]) + 1 for choice in choices]
    for more in (1, 2):
        changed = linebreak._lengthened(paragraphs, variants, choices, 0.0, more)
        after = [len(choice[0]) + 1 for choice in changed]
        assert sum(after) == sum(counts) + more and all(abs(a - c) <= 1 for a, c in zip(after, counts))
        for choice, paragraph in zip(changed, paragraphs):
            found = lines_of(paragraph.tokens, choice[0])  # each fits with the word spacing its breaks took
            assert all(width + spaces * choice[1] * 40.0 <= 150.0 + 1e-9 for width, spaces, _ in found)
    one = linebreak._lengthened(paragraphs, variants, choices, 0.0, 1)
    cheapest = min(range(2), key=lambda i: linebreak._lengthened([paragraphs[i]], [variants[i]], [choices[i]], 0.0, 1)[0][3] - choices[i][3])
    assert len(one[cheapest][0]) == len(choices[cheapest][0]) + 1
    assert linebreak._lengthened(paragraphs, variants, choices, 0.0, 3) == choices  # not enough paragraphs: as they were


def test_a_runt_gets_no_line_that_takes_the_hyphens_over_the_share():
    """A line more that brings a hyphen is passed over where the hyphenated
    lines, with the lines the breaker does not set (``others``), would go
    over the share: the runt is then left as it was."""
    paragraphs, variants, choices = _two_paragraphs()

    def hyphens(found: list) -> int:
        return sum(linebreak.hyphen_count(p.tokens, c[0]) for p, c in zip(paragraphs, found))

    lines = sum(len(c[0]) + 1 for c in choices)
    taken = linebreak._lengthened(paragraphs, variants, choices, 0.0, 1)
    assert hyphens(taken) > hyphens(choices)  # the cheapest line more (the hyphens' cost 0) brings one
    full = hyphens(choices) / lines  # the share the hyphens already fill
    assert linebreak._lengthened(paragraphs, variants, choices, 0.0, 1, share=full) == choices
    # more lines set otherwise leave room for it
    assert linebreak._lengthened(paragraphs, variants, choices, 0.0, 1, others=(lines, 0), share=full) == taken


def test_a_line_a_runt_got_before_and_kept_for_a_pages_end_is_not_given_twice():
    """A paragraph laid out with a line more for a runt and then kept at its
    laid-out lines (``Keep``, for a page's end) holds that line over its
    best breaks: the runt's lines, asked for again from the best breaks,
    count it, and only the rest come from the other paragraphs."""
    paragraphs, variants, choices = _two_paragraphs()
    taken = linebreak._lengthened(paragraphs, variants, choices, 0.0, 1)
    index = next(i for i, (c, t) in enumerate(zip(choices, taken)) if c is not t)
    kept = paragraphs[index]
    kept.keep = linebreak.Keep(len(taken[index][0]) + 1, frozenset())
    variants[index] = linebreak._Variants(kept, 0.0, [0.0])
    choices[index] = linebreak._best_variant(variants[index], 0.0)
    assert len(choices[index][0]) == len(taken[index][0])  # laid out as the runt had it
    assert linebreak._lengthened(paragraphs, variants, choices, 0.0, 1) == choices
    both = linebreak._lengthened(paragraphs, variants, choices, 0.0, 2)
    assert [len(c[0]) for c in both] == [len(c[0]) + (i != index) for i, c in enumerate(choices)]


def test_a_runt_never_gets_its_line_from_a_paragraph_that_ends_after_it():
    """With a runt ``page``, a paragraph that ends on a later page is not
    asked for the line, however little it would cost: it cannot reach the
    runt. The one that ends on the runt page is, before one further back."""
    paragraphs, variants, choices = _two_paragraphs()
    costs = [linebreak._lengthened([p], [v], [c], 0.0, 1)[0][3] - c[3] for p, v, c in zip(paragraphs, variants, choices)]
    cheap = min(range(2), key=costs.__getitem__)
    assert costs[cheap] < costs[1 - cheap]
    for cheap_ends, taken in ((6, 1 - cheap), (5, cheap)):  # the cheaper one ends after the runt on page 5, then on it
        paragraphs[cheap].last_page, paragraphs[1 - cheap].last_page = cheap_ends, 5
        changed = linebreak._lengthened(paragraphs, variants, choices, 0.0, 1, page=5)
        assert [i for i in range(2) if changed[i] is not choices[i]] == [taken], cheap_ends
    paragraphs[cheap].last_page = 6
    assert linebreak._lengthened(paragraphs, variants, choices, 0.0, 2, page=5) == choices  # one can reach it: not two


def _every_variant(variants: linebreak._Variants, hyphen_cost: float) -> tuple | None:
    """``_best_variant`` without leaving anything out but what its rule does
    (the other trackings when the first's breaks are even): every tracking
    weighed, the first of equals kept."""
    paragraph = variants.paragraph
    shrink = -variants.tightest * paragraph.em
    for level in range(variants.levels):
        best = None
        for index, tracking in enumerate(variants.keys):
            tokens = variants.tracked(tracking)
            track = linebreak._line_most(paragraph, tracking)
            lines = linebreak._lines(
                tokens, paragraph.first, paragraph.rest, variants.margin, 0.0, shrink, loose=level == 1, at=paragraph.at, track=track,
                last_line=paragraph.tokens if tracking else None,  # a tracked paragraph's last line set apart, as ``_variant``'s
                face=linebreak._face_space(paragraph), own=tracking,  # its spaces as a reader sees them, as ``_variant``'s
            )
            found = linebreak._choose(tokens, lines, hyphen_cost)
            if found is None:
                continue
            demerits = found[1] + linebreak._spacing_cost(tracking) * (len(found[0]) + 1)
            if best is None or demerits < best[0]:
                best = (demerits, found[0], tracking, found[2:])
            if index == 0 and linebreak._even(variants, tracking, found[0]):
                break
        if best is not None:
            trackings, widths, gains = variants.line_fits(best[2], best[1])
            needs = variants.needs(best[2], best[1], gains)
            return best[1], linebreak._shift_for(needs, variants.tightest), best[2], best[0], not needs[-1], trackings, widths, *best[3]
    return None


def test_spacings_left_unweighed_never_change_the_choice():
    """Random paragraphs, each with every tracking, at every hyphen cost of
    the ladder: the choice is the exhaustive search's, and the bound and
    the rule (``_even``) do leave trackings out; no way through a
    tracking's lines has fewer lines than ``_least_lines`` says."""
    import random

    rng = random.Random(14)
    syllables = ["ter", "ri", "to", "ry", "in", "te", "gri", "ty", "mo", "ve", "ment", "a"]
    left_out = 0
    for _ in range(24):
        text = [
            "-".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(3, 20))
        ]
        tokens = words(*text)
        measure = rng.uniform(60.0, 200.0)
        paragraph = linebreak._Paragraph(None, [], [], [], " ".join(text), tokens=tokens, first=measure - 10.0, rest=measure, em=EM)
        variants = linebreak._Variants(paragraph, 0.0, list(linebreak.TRACKINGS))
        for tracking in linebreak.TRACKINGS:  # tracked as if each letter took ``tracking`` em more
            variants._tracked[tracking] = [
                Token(t.kind, t.width * (1 + tracking * 2) if t.kind == "box" else t.width, em=EM, hyphen=t.hyphen, soft=t.soft)
                for t in tokens
            ]
        for cost in linebreak._HYPHEN_COSTS:
            assert linebreak._best_variant(variants, cost) == _every_variant(variants, cost)
        left_out += len(variants.keys) - len(variants._found)
        shrink = -variants.tightest * EM
        for key in variants.keys:
            tokens_of = variants.tracked(key)
            lines = linebreak._lines(tokens_of, paragraph.first, paragraph.rest, 0.0, 0.0, shrink)
            fewest: dict[int, int] = {-1: 0}
            for end in sorted(lines):
                counts = [fewest[before] + 1 for before, *_ in lines[end] if before in fewest]
                if counts:
                    fewest[end] = min(counts)
            least = variants.least_lines(key)
            if len(tokens_of) in fewest:
                assert 0 < least <= fewest[len(tokens_of)]
    assert left_out > 0


def test_without_loose_lines_the_lines_are_those_within_loose():
    """``_lines`` without loose lines stops at a start's first loose line:
    it finds exactly the lines of the whole search that are within LOOSE
    and can be reached without a loose line, with and without a shrink."""
    import random

    rng = random.Random(6)
    for _ in range(40):
        text = ["-".join(rng.choice(["ab", "cde", "f", "ghij"]) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(2, 25))]
        tokens = words(*text)
        measure = rng.uniform(50.0, 220.0)
        for shrink in (0.0, 0.6):
            every = linebreak._lines(tokens, measure - 8.0, measure, 0.0, 0.0, shrink)
            within: dict[int, list[tuple[int, float]]] = {}
            for end in sorted(every):  # the lines within LOOSE that start where such a line ends
                kept = [line for line in every[end] if line[1] < linebreak._LOOSE_COST and (line[0] == -1 or line[0] in within)]
                if kept:
                    within[end] = kept
            assert linebreak._lines(tokens, measure - 8.0, measure, 0.0, 0.0, shrink, loose=False) == within


def test_a_paragraph_is_set_tighter_by_what_its_breaks_need():
    """The word spacing a paragraph is set with (``_shift_for``): none when
    every chosen line fits at its own spacing, else the least hundredths of
    an em that make the longest fit, never tighter than its tightest."""
    tokens = words("aaaa", "bbbb", "cccc", "dd", "eeee")  # 20 px words, 3 px spaces
    # "aaaa bbbb cccc" is 66 px: on a measure of 65 px its two spaces take 0.05 em off each (0.5 px of 10)
    assert linebreak._shift_for(linebreak._needs(tokens, [5], 65.0, 65.0, 0.0, EM), -0.06) == -0.05
    assert linebreak._shift_for(linebreak._needs(tokens, [5], 66.0, 66.0, 0.0, EM), -0.06) == 0.0
    assert linebreak._shift_for(linebreak._needs(tokens, [5], 65.5, 65.5, 0.0, EM), -0.06) == -0.03  # 0.025 em, rounded away from 0
    assert linebreak._shift_for(linebreak._needs(tokens, [5], 65.0, 65.0, 0.0, EM), -0.03) == -0.03
    chosen = linebreak.break_lines(tokens, 65.0, 65.0, hyphen_cost=1e4, margin=0.0)
    assert chosen is not None and chosen[0] != 5  # the line that fits only when shrunk is not found without a shrink
    assert linebreak._choose(tokens, linebreak._lines(tokens, 65.0, 65.0, 0.0, 0.0, 0.6), 1e4)[0] == [5]


def test_an_even_paragraph_is_not_tracked_nor_measured_tracked(monkeypatch):
    """Breaks without a hyphen or a line looser than EVEN leave a paragraph
    untracked, its other trackings never measured; one whose lines are
    loose weighs them."""
    tokens = words(*("abcd efgh ijkl mnop " * 6).split())
    measured: list[float] = []

    def tracked(paragraph: object, tracking: float) -> list[Token]:
        measured.append(tracking)
        return [Token(t.kind, t.width * (1 + tracking * 2) if t.kind == "box" else t.width, em=EM) for t in tokens]

    monkeypatch.setattr(linebreak, "_tracked", tracked)
    # four words a line on 93 px: 4/3 px (0.13 em) added to each space; two on 61 px: a loose line
    for measure, weighed in ((93.0, False), (61.0, True)):
        measured.clear()
        paragraph = linebreak._Paragraph(None, [], [], [], "", tokens=tokens, first=measure, rest=measure, em=EM)
        choice = linebreak._best_variant(linebreak._Variants(paragraph, 0.0, list(linebreak.TRACKINGS)), 1e4)
        assert choice is not None
        assert (set(measured) != {0.0}) == weighed
        assert weighed or choice[2] == 0.0


GERMAN = (
    "Die Verhängung des Ausnahmezustands über die Hauptstadt wurde der Bevölkerung erst bekanntgegeben, als die "
    "Panzerverbände der Sowjetarmee bereits in die Wohnviertel eingedrungen waren; Krankenwagen, Sanitäter und "
    "Rettungskräfte wurden beschossen, Verwundete aus den Krankenhäusern verschleppt und Angehörige bedroht."
)


def _german(body: str) -> str:
    """A German booklet of ``body``, every paragraph indented: a passage's first line is as long in each document."""
    html = _html(0).replace("<html lang=en>", "<html lang=de>").replace(" p + p { text-indent", " p { text-indent")
    return html.replace("</main>", body + "</main>")


def test_a_passage_in_another_language_has_its_own_hyphen_cost(weasy):
    """An English passage in a German booklet is broken as it would be in a
    booklet of its own (its language's patterns, its own cost on the
    ladder), while the hyphenated lines of both count with the booklet's."""
    german = f"<p>{GERMAN}</p>" * 3
    english = f"<p lang=en>{PARAGRAPH}</p>"
    plans = {}
    for name, body in (("both", german + english), ("english", english), ("german", german)):
        _, render = _render(weasy, _german(body))
        greedy = render({})
        plans[name] = linebreak.plan(greedy, [(line.block, line.ends_with_hyphen) for line in read_layout(greedy).lines])
    both, alone = plans["both"], plans["english"]
    assert set(both.hyphen_cost) == {"de", "en"}
    assert both.hyphen_cost["en"] == alone.hyphen_cost["en"] and both.hyphen_cost["de"] == plans["german"].hyphen_cost["de"]
    passage = next(p for p in both.paragraphs if p.lang == "en")
    assert linebreak._chosen_lines(passage) == linebreak._chosen_lines(alone.paragraphs[0])
    assert [linebreak._chosen_lines(p) for p in both.paragraphs if p.lang == "de"] == [
        linebreak._chosen_lines(p) for p in plans["german"].paragraphs
    ]


def test_a_runts_lines_are_weighed_at_the_booklets_dearest_hyphen_cost(weasy, monkeypatch):
    """Every paragraph's line more for a runt is weighed at the dearest cost
    of the booklet's languages: at an English passage's cheaper one, a line
    more with hyphens looked cheapest in the German booklet, was passed over
    for the share, and the runt was made up from a paragraph that could only
    take its line more loose."""
    _, render = _render(weasy, _german(f"<p>{GERMAN}</p>" * 2 + f"<p lang=en>{PARAGRAPH}</p>" * 2))
    greedy = render({})
    weighed = []
    lengthened = linebreak._lengthened

    def recorded(paragraphs, variants, choices, hyphen_cost, *args, **kwargs):
        weighed.append(hyphen_cost)
        return lengthened(paragraphs, variants, choices, hyphen_cost, *args, **kwargs)

    monkeypatch.setattr(linebreak, "_lengthened", recorded)
    plan = linebreak.plan(greedy, [(line.block, line.ends_with_hyphen) for line in read_layout(greedy).lines], more=1)
    assert len(set(plan.hyphen_cost.values())) == 2  # the passage's cost is not the booklet's
    assert weighed == [max(plan.hyphen_cost.values())]


def test_tracking_is_added_letter_by_letter_as_pango_measures_it(weasy):
    """A paragraph measured once without its ligatures and tracked letter by
    letter (``_Variants.tracked``) measures, line by line, what Pango
    measures of it tracked: within a tenth of MARGIN."""
    ligatures = "<p>The official fifty-five figures affirm the effluent flow of the office staff. " + PARAGRAPH + "</p>"
    _, render = _render(weasy, _html(0).replace("</main>", ligatures + "</main>"))
    (paragraph,) = linebreak._paragraphs(render({}))
    variants = linebreak._Variants(paragraph, linebreak.MARGIN)
    glues = [i for i, token in enumerate(paragraph.tokens) if token.kind == "glue"]
    for tracking in (-0.02, *linebreak.TRACKINGS[1:], 0.02):
        added, measured = variants.tracked(tracking), linebreak._tracked(paragraph, tracking)
        assert added is not measured
        for start, end in zip(glues[::6], glues[6::6]):  # lines of six words
            line = lambda tokens: sum(t.width for t in tokens[start + 1 : end] if t.kind != "penalty")  # noqa: E731
            assert abs(line(added) - line(measured)) <= linebreak.MARGIN / 10


@pytest.mark.parametrize("tracking", [-0.01, 0.01])
def test_a_tracked_paragraphs_last_line_is_not_tracked(weasy, monkeypatch, tracking):
    """Letter-spacing shows on a short last line: a tracked paragraph's last
    line is laid out in the spacing the text around sets (its text nodes'
    last-line parts in spans of their own, markup inside or not), measured
    so (it fits), and read back as the paragraph it is: planned again on
    that layout, the same breaks."""
    monkeypatch.setattr(linebreak, "TRACKINGS", (tracking,))
    from weasyprint.formatting_structure import boxes

    _, render = _render(weasy, _html(2))
    greedy = render({})
    plan = linebreak.plan(greedy, [(line.block, line.ends_with_hyphen) for line in read_layout(greedy).lines])
    assert len(plan.paragraphs) == 2 and all(p.tracking == tracking and p.spans for p in plan.paragraphs)
    document = render({})
    assert plan.verify(document) == []
    layout = read_layout(document)
    for paragraph in plan.paragraphs:
        spacings = []
        for page in document.pages:
            for line in page._page_box.descendants():
                if isinstance(line, boxes.LineBox) and line.element is paragraph.element:
                    spacings.append({round(b.style["letter_spacing"] / b.style["font_size"], 4) for b in line.descendants() if isinstance(b, boxes.TextBox)})
        assert spacings[-1] == {0.0}
        for found, line in zip(spacings[:-1], paragraph.line_tracking, strict=True):  # a loose line's words tracked besides
            # all of them, but a part of a word broken at the line's start or end, which keeps the paragraph's
            whole = {round(tracking + line, 4)} if line else {tracking}
            assert whole <= found <= whole | {tracking}
    again = linebreak.plan(document, [(line.block, line.ends_with_hyphen) for line in layout.lines], after=plan)
    assert again.same(plan) and again.verify(render({})) == []


def _random_paragraphs(rng) -> tuple[list, list]:
    """Six paragraphs of random hyphenated words on random measures, each with its untracked variant only."""
    syllables = ["ter", "ri", "to", "ry", "in", "te", "gri", "ty", "mo", "ve", "ment", "a"]
    paragraphs, variants = [], []
    for _ in range(6):
        text = ["-".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(3, 30))]
        measure = rng.uniform(70.0, 200.0)
        # a large type, so that a hyphen saves a little looseness: some are taken at the cheaper costs only
        tokens = words(*text, em=40.0)
        paragraph = linebreak._Paragraph(None, [], [], [], " ".join(text), tokens=tokens, first=measure, rest=measure, em=40.0)
        paragraphs.append(paragraph)
        variants.append(linebreak._Variants(paragraph, 0.0, [0.0]))
    return paragraphs, variants


def test_the_ladder_reuses_a_choice_without_hyphens_at_dearer_costs():
    """``_ladder`` keeps a paragraph's choice without a hyphen for every
    dearer cost instead of weighing it again: its choices are those weighed
    at the cost it settles on, for random paragraphs and shares."""
    import random

    rng = random.Random(20)
    hyphenated = 0
    for _ in range(12):
        paragraphs, variants = _random_paragraphs(rng)
        share = rng.choice([0.0, 0.05, 0.1, 0.2])
        choices, cost = linebreak._ladder(paragraphs, variants, (0, 0), share, None)
        assert choices == [linebreak._best_variant(found, cost) for found in variants]
        cheapest = [linebreak._best_variant(found, linebreak._HYPHEN_COSTS[0]) for found in variants]
        hyphenated += sum(c is not None and linebreak.hyphen_count(p.tokens, c[0]) > 0 for p, c in zip(paragraphs, cheapest))
    assert hyphenated


def test_the_share_left_is_spent_where_a_hyphen_removes_the_most_demerits():
    """``_spent`` gives the hyphens the ladder's one cost held back (up to
    a share of the lines) to the paragraphs whose choice at a cheaper cost
    removes the most demerits by a hyphen, each of them a choice of the
    ladder's cheaper steps with as many lines: never more hyphens than the
    share allows, and fewer demerits by each hyphen added."""
    import random

    rng = random.Random(7)
    spent = 0
    for _ in range(12):
        paragraphs, variants = _random_paragraphs(rng)
        share = rng.choice([0.0, 0.05, 0.1])
        ladder, cost = linebreak._ladder(paragraphs, variants, (0, 0), share, None)
        step = linebreak._HYPHEN_COSTS.index(cost)
        choices, steps = linebreak._spent(paragraphs, variants, ladder, [step] * len(ladder), (0, 0), share + linebreak.SPEND)

        def own(paragraph, choice, at):
            return choice[3] - linebreak._HYPHEN_COSTS[at] * linebreak.hyphen_count(paragraph.tokens, choice[0])

        def hyphens(found: list) -> int:
            return sum(linebreak.hyphen_count(p.tokens, c[0]) for p, c in zip(paragraphs, found) if c is not None)

        lines = sum(len(c[0]) + 1 for c in choices if c is not None)
        # (the ladder's own choice may be over the share: the fewest hyphens there are)
        assert hyphens(choices) == hyphens(ladder) or hyphens(choices) <= int((share + linebreak.SPEND) * lines + 1e-9)
        for paragraph, found, before, after, at in zip(paragraphs, variants, ladder, choices, steps):
            # each choice's step is the one it is the best choice at
            assert after == linebreak._best_variant(found, linebreak._HYPHEN_COSTS[at])
            if after == before:
                assert at == step
                continue
            spent += 1
            assert at < step
            more = linebreak.hyphen_count(paragraph.tokens, after[0]) - linebreak.hyphen_count(paragraph.tokens, before[0])
            assert len(after[0]) == len(before[0]) and more > 0
            assert own(paragraph, before, step) - own(paragraph, after, at) >= linebreak._SPEND_FROM * more
    assert spent


def test_a_paragraphs_last_line_keeps_the_word_spacing_around(weasy):
    """A paragraph whose lines take a little more than the measure has its
    word spacing set tighter, which justification gives back on its full
    lines, not on its short last line: that line's spaces are set in the
    spacing the text around sets where it fits so (after a space, after a
    hyphen, whose hyphen must still be drawn, and after an inline element,
    where WeasyPrint would add a zero-width space to a box of the break's
    space alone), and read back as the paragraph it is; a last line that
    fits only tighter keeps the paragraph's spacing (WeasyPrint would take
    it up into the line before)."""
    from weasyprint.formatting_structure import boxes

    endings = {
        " Internationalization notwithstanding, they remembered.": (55, 58, 62, 63, 64, 70, 89, 93),
        " All of it was <em>remembered</em> and written down in full.": (52, 53, 54, 55, 57),
    }
    seen = set()
    for ending, widths in endings.items():
        for width in widths:  # last lines of two words or more
            html = _html(1).replace("hyphens: auto;", f"hyphens: auto; width: {width}mm;").replace(PARAGRAPH, PARAGRAPH + ending)
            _, render = _render(weasy, html)
            greedy = render({})
            plan = linebreak.plan(greedy, [(line.block, line.ends_with_hyphen) for line in read_layout(greedy).lines])
            (paragraph,) = plan.paragraphs
            if not paragraph.shift:
                continue
            seen.add((paragraph.tokens[paragraph.chosen[-1]].kind, paragraph.apart))
            document = render({})
            assert plan.verify(document) == [], width
            spacings = []
            for page in document.pages:
                for line in page._page_box.descendants():
                    if isinstance(line, boxes.LineBox) and line.element is paragraph.element:
                        spaced = [b for b in line.descendants() if isinstance(b, boxes.TextBox) and re.search("[ \u00a0]", b.text)]
                        spacings.append({round(b.style["word_spacing"] / b.style["font_size"], 4) for b in spaced})
            # (a line of one word, "Nagorno-Karabakh" at 55 mm or "remembered." at 63, has no space to see)
            assert spacings[-1] in ({0.0 if paragraph.apart else paragraph.shift}, set()), width
            assert all(found in ({paragraph.shift}, set()) for found in spacings[:-1]), width
            layout = read_layout(document)
            again = linebreak.plan(document, [(line.block, line.ends_with_hyphen) for line in layout.lines], after=plan)
            assert again.same(plan) and again.verify(render({})) == []
            linebreak.forget()
    assert {("glue", True), ("penalty", True)} <= seen


@pytest.mark.parametrize(
    "lang, text, whole",
    [
        ("ru", "Так называемая нагорно-карабахская проблема и национально-освободительное движение.", True),
        ("de", "Das sogenannte Bergkarabach-Problem und die Befreiungsbewegung.", True),
        ("fr", "Les problèmes socio-économiques et la communication.", False),
    ],
)
def test_a_word_written_with_a_hyphen_is_broken_at_it_only(weasy, lang, text, whole):
    """A word written with a hyphen is broken at its hyphen only where its
    language says so (render.hyphenation.AT_ITS_HYPHEN): none of its parts'
    pattern breaks is offered ("нагорно-кара-/бахская" reads as three
    words), the hyphen's own break is, and a word of its own keeps its
    pattern breaks; a language not listed breaks the parts too."""
    html = _html(0).replace("<html lang=en>", f"<html lang={lang}>").replace("</main>", f"<p>{text}</p></main>")
    _, render = _render(weasy, html)
    (paragraph,) = linebreak._paragraphs(render({}))

    def breaks(word: str) -> list[tuple[int, bool]]:  # (offset in the word, needs a soft hyphen) of each penalty inside it
        start = paragraph.text.index(word)
        return [
            (at - start, token.soft) for token, at in zip(paragraph.tokens, paragraph.at)
            if token.kind == "penalty" and start < at < start + len(word)
        ]

    compounds = [word for word in re.findall(r"\S+", text) if "-" in word]
    for compound in compounds:
        found = breaks(compound)
        assert (compound.index("-") + 1, False) in found
        assert any(soft for _, soft in found) != whole, compound
    single = max((w for w in re.findall(r"\w+", text) if all(w not in c for c in compounds)), key=len)
    assert any(soft for _, soft in breaks(single)), single


RUSSIAN = (
    "Среди погибших были женщины, дети и пожилые люди, а также работники служб экстренной помощи и милиционеры. "
    "Незаконный ввод войск сопровождался также массовыми арестами мирных жителей. В ходе операций в столице Баку "
    "и других городах и районах республики был незаконно арестован 841 человек, 112 из них были отправлены в тюрьмы "
    "различных городов СССР. Действия советских войск носили все те признаки, которые были осуждены международным трибуналом."
)


def test_a_loose_lines_words_are_tracked_as_weighed_and_laid_out_so(weasy, monkeypatch):
    """A line looser than LINE_FROM has the words between its first and last
    word spaces tracked (LINE_TRACKING at most, its paragraph untracked
    here), a line no looser is not; the lines come out as chosen, each
    tracked line's spaces widened by what the breaker left it (what Pango
    adds a letter is what it weighed), and read back as the same plan."""
    from weasyprint.formatting_structure import boxes

    monkeypatch.setattr(linebreak, "TRACKINGS", (0.0,))
    # the second with a label before it, as a fallback passage has, which shares its paragraph's spacing
    label = "<style>p.label::before { content: 'Оригинал'; display: block }</style>"
    html = _html(0).replace("<html lang=en>", "<html lang=ru>").replace(
        "</main>", f"<p>{RUSSIAN}</p><p class=label>{RUSSIAN}</p></main>{label}"
    )
    _, render = _render(weasy, html)
    greedy = render({})
    plan = linebreak.plan(greedy, [(line.block, line.ends_with_hyphen) for line in read_layout(greedy).lines])
    document = render({})
    assert len(plan.paragraphs) == 2 and plan.verify(document) == []
    assert [p.fixed for p in plan.paragraphs] == [False, True] and all(any(p.line_tracking) for p in plan.paragraphs)
    labels = [box for box in document.pages[0]._page_box.descendants() if isinstance(box, boxes.TextBox) and box.text == "Оригинал"]
    assert len(labels) == 1 and linebreak._letter_spacing(labels[0].style) == 0.0
    laid = read_layout(document)
    tracked = 0
    for paragraph in plan.paragraphs:
        p, em = paragraph, paragraph.em
        lines = [line for line in laid.lines if line.block is p.element and line.text != "Оригинал"]
        letters = [  # each laid-out line's letter spacings (em)
            {round(linebreak._letter_spacing(box.style) / em, 4) for box in line.descendants() if isinstance(box, boxes.TextBox)}
            for page in document.pages for line in page._page_box.descendants()
            if isinstance(line, boxes.LineBox) and line.element is p.element and line.element_tag == "p"
        ]
        first, last = linebreak._glues(p.tokens)
        start = 0
        rooms = linebreak._room(p.tokens, p.chosen, p.first, p.rest)
        assert len(p.line_tracking) == len(p.chosen) == len(lines) - 1
        for number, (end, tracking, (free, spaces)) in enumerate(zip(p.chosen, p.line_tracking, rooms)):
            inner = linebreak._inner(p.at, *linebreak._line_span(p.tokens, first, last, start, end))
            added = free / spaces / em
            # the whole line, but a part of a word broken at its start or end, which stays as the other part
            whole = (start == 0 or p.tokens[start - 1].kind == "glue") and p.tokens[end].kind == "glue"
            assert 0.0 <= tracking <= linebreak.LINE_TRACKING
            assert (tracking > 0) == (added > linebreak.LINE_FROM + 0.001 * inner / spaces and inner > 0), (number, added)
            if tracking:
                tracked += 1
                left = (free - tracking * inner * em) / spaces / em
                assert left >= linebreak.LINE_FROM - 1e-9 or tracking == linebreak.LINE_TRACKING
                assert abs(lines[number].spacing - left) < 0.01, (number, lines[number].spacing, left)
                assert letters[number] == ({round(tracking, 4)} if whole else {0.0, round(tracking, 4)})
            else:
                assert abs(lines[number].spacing - added) < 0.01 and letters[number] == {0.0}
            start = end + 1
    assert tracked
    again = linebreak.plan(document, [(line.block, line.ends_with_hyphen) for line in laid.lines], after=plan)
    assert again.same(plan) and again.verify(render({})) == []


def test_a_lines_tracking_takes_it_down_to_line_from_and_no_further():
    """(free px, spaces, characters tracked, px per em, the spacing around, the most) -> em."""
    assert linebreak._line_tracking(30.0, 5, 40, 10.0, 0.0, 0.02) == 0.02  # 0.6 em a space: the most
    assert linebreak._line_tracking(10.0, 5, 40, 10.0, 0.0, 0.02) == 0.006  # 0.2 em: 0.05 em x 5 over 40 letters
    assert linebreak._line_tracking(7.5, 5, 40, 10.0, 0.0, 0.02) == 0.0  # LINE_FROM already
    assert linebreak._line_tracking(10.0, 5, 40, 10.0, -0.05, 0.02) == 0.0  # the spacing around takes it there
    assert linebreak._line_tracking(30.0, 5, 0, 10.0, 0.0, 0.02) == 0.0  # no words between two spaces
    assert linebreak._line_tracking(30.0, 0, 40, 10.0, 0.0, 0.02) == 0.0


def test_spent_weighs_no_choice_the_ladder_weighed(monkeypatch):
    """A paragraph's choice at a hyphen cost (``_Variants.best``) is weighed
    once: ``_spent`` asks again for the cheaper steps the ladder tried, and
    gets what the ladder found."""
    import random

    rng = random.Random(7)
    weighed: list[tuple[int, float]] = []
    best_variant = linebreak._best_variant
    monkeypatch.setattr(
        linebreak, "_best_variant",
        lambda found, cost, *args, **more: weighed.append((id(found), cost, *more.values())) or best_variant(found, cost, *args, **more),
    )
    kept = []  # (alive, so that no two have the same id)
    for _ in range(6):
        paragraphs, variants = _random_paragraphs(rng)
        kept.append(variants)
        ladder, cost = linebreak._ladder(paragraphs, variants, (0, 0), 0.05, None)
        step = linebreak._HYPHEN_COSTS.index(cost)
        linebreak._spent(paragraphs, variants, ladder, [step] * len(ladder), (0, 0), 0.05 + linebreak.SPEND)
    assert weighed and len(weighed) == len(set(weighed))


def test_a_graph_is_found_once_for_the_same_values(monkeypatch):
    """``_kept_lines`` gives ``_lines``' graph, found once for tokens of the
    same values (settle's next plan measures a paragraph anew, in new
    objects), and found again where ``widen`` gives other gains than the
    graph was found with."""
    import random

    rng = random.Random(11)
    linebreak.forget()
    found = []
    lines = linebreak._lines
    monkeypatch.setattr(linebreak, "_lines", lambda *args, **options: found.append(args) or lines(*args, **options))

    def widen(tokens: list[Token], scale: float):
        def gains() -> list[tuple[int, list[float]]]:
            result = []
            for width, factor in ((92, -scale), (96, scale)):
                total = [0.0]
                for token in tokens:
                    total.append(total[-1] + (token.width * factor if token.kind == "box" else 0.0))
                result.append((width, total))
            return result

        return gains

    differ = 0
    for _ in range(20):
        text = ["-".join(rng.choice(["ab", "cde", "f", "ghij"]) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(2, 25))]
        tokens = words(*text)
        at, place = [], 0
        for token in tokens:
            at.append(place)
            place += round(token.width / 5) if token.kind == "box" else 1 if token.kind == "glue" else 0
        measure = rng.uniform(50.0, 220.0)
        same = [Token(t.kind, t.width, t.spaces, t.hyphen, t.soft, t.em) for t in tokens]
        options = {"loose": True, "last_line": None, "at": at, "track": 0.01}
        for scale in (0.05, 0.1):
            expected = lines(tokens, measure - 8.0, measure, 0.6, 0.0, 0.6, **options, widen=widen(tokens, scale))
            found.clear()
            first = linebreak._kept_lines(tokens, measure - 8.0, measure, 0.6, 0.0, 0.6, **options, widen=widen(tokens, scale))
            assert first == expected and len(found) == 1
            again = linebreak._kept_lines(same, measure - 8.0, measure, 0.6, 0.0, 0.6, **options, widen=widen(same, scale))
            assert again is first and len(found) == 1
        differ += first != linebreak._kept_lines(tokens, measure - 8.0, measure, 0.6, 0.0, 0.6, **options, widen=widen(tokens, 0.05))
    assert differ  # some graphs depend on their gains: kept by them
    linebreak.forget()


def test_a_texts_breaks_are_looked_up_once_until_a_word_is_kept_whole(weasy, monkeypatch):
    """``_tokenize`` finds the words' breaks (pyphen) only when it has not
    set the same text in the same style before; a word layout.settle keeps
    whole (in pyphen's own cache) loses its breaks at once, and gets them
    back with the patterns, as measured before (not measured again)."""
    from pipeline.render import layout

    _, render = _render(weasy, _html(1))
    (paragraph,) = linebreak._paragraphs(render({}))
    looked_up = []
    dictionary = linebreak._dictionary
    monkeypatch.setattr(linebreak, "_dictionary", lambda *args: looked_up.append(args) or dictionary(*args))

    def breaks_inside(word: str) -> int:
        tokens, at = linebreak._tokenize(paragraph.text, paragraph.styles, False)
        start = paragraph.text.index(word)
        return sum(1 for token, place in zip(tokens, at) if token.kind == "penalty" and start < place < start + len(word))

    assert breaks_inside("instigated") and looked_up == []  # measured when the paragraph was read
    saved: dict = {}
    layout._keep_whole({"instigated"}, saved)
    try:
        assert breaks_inside("instigated") == 0 and looked_up
        looked_up.clear()
        assert breaks_inside("instigated") == 0 and looked_up == []
    finally:
        layout._restore(saved)
    measured = linebreak._measured_tokens
    monkeypatch.setattr(linebreak, "_measured_tokens", lambda *args: looked_up.append("measured") or measured(*args))
    looked_up.clear()
    assert breaks_inside("instigated") and "measured" not in looked_up  # its breaks as before: as measured before


# ---- a built booklet: every glyph inside the text block

_TEXTS = {
    "ar": ("كلمة", "وفي ليلة 20 يناير 1990 دخلت القوات السوفيتية إلى مدينة باكو، وقُتل أكثر من مئة وثلاثين شخصًا من "
                   "سكانها المدنيين، وأُصيب المئات بجروح. "),
    "en": ("word", "On the night of 20 January 1990 Soviet troops entered Baku; more than a hundred and thirty of its "
                   "civilians were killed and hundreds wounded. "),
}
_WORD_BOX = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"')


@pytest.mark.parametrize("lang", sorted(_TEXTS))
def test_no_line_runs_past_the_text_block(make_project, lang):
    """A justified paragraph of one word repeated, and real text, in Arabic
    and in English: every word poppler finds on a page lies within the text
    block (booklet.css: 15 mm and 20 mm side margins, mirrored). A line of
    "كلمة" repeated ran 49pt past it: WeasyPrint measured the line with
    Amiri's kerning across each space, and drew it justified without
    (layout.BASE_STYLE)."""
    from pipeline.build import build
    from pipeline.config import load_project

    if shutil.which("pdftotext") is None:
        if __import__("os").environ.get("CI"):
            pytest.fail("pdftotext (poppler) is missing")
        pytest.skip("pdftotext (poppler) is missing")
    word, sentence = _TEXTS[lang]
    body = "\n\n".join([" ".join([word] * 50), sentence * 4] * 4)
    root = make_project({"source/a.md": f"---\ntitle: Grid\n---\n\n{body}\n"}, languages=(), extra=f'source-language = "{lang}"\n')
    assert not build(load_project(root), formats=["pdf"]).failures
    out = subprocess.run(["pdftotext", "-bbox", str(root / f"output/pdf/{lang}/a.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    mm = 72 / 25.4
    pages = re.findall(r'<page width="([\d.]+)"[^>]*>(.*?)</page>', out, re.S)
    assert any(len(_WORD_BOX.findall(text)) > 100 for _, text in pages)
    for width, text in pages:
        boxes = [(float(left), float(right)) for left, right in _WORD_BOX.findall(text)]
        if not boxes:
            continue
        left, right = min(box[0] for box in boxes), max(box[1] for box in boxes)
        # A line tracked tighter (linebreak.TRACKINGS) has its last glyph's ink past the line's end
        # by that glyph's tracking, which Pango takes off its advance (0.105pt at 10.5pt); no more:
        # textlayer carries what WeasyPrint 70's int(kerning) truncates (0.68pt past it before).
        past = -min(linebreak.TRACKINGS) * 10.5 + 0.03
        assert left >= 15 * mm - past and right <= float(width) - 15 * mm + past
        assert right - left <= float(width) - 35 * mm + past


def test_the_base_word_spacing_is_not_a_spacing_the_text_around_sets():
    """layout.BASE_STYLE's word spacing (there only for WeasyPrint to measure
    a line as drawn) leaves a paragraph free to be set tighter and tracked
    tighter, as no spacing does; settle's looser SPACINGS do not."""
    from pipeline.render import layout

    def paragraph(spacing: float) -> linebreak._Paragraph:
        return linebreak._Paragraph(None, [], [], [], "x", em=14.0, word_spacing=spacing)

    base = float(layout.BASE_STYLE["word-spacing"].removesuffix("px"))
    assert base > 0
    for spacing in (0.0, base):
        assert linebreak._tightest(paragraph(spacing)) == -linebreak.TIGHT
        assert linebreak._allowed(paragraph(spacing), min(linebreak.TRACKINGS))
    pushed = paragraph(min(float(s.removesuffix("em")) for s in layout.SPACINGS if not s.startswith("-")) * 14.0)
    assert linebreak._tightest(pushed) == 0.0 and not linebreak._allowed(pushed, min(linebreak.TRACKINGS))


_ARABIC = (
    "وفي كل عام، يُحيا يوم 20 يناير/كانون الثاني في أذربيجان بوصفه يوم الحداد الوطني، وتُنكّس الأعلام في Baku "
    "ويزور الناس مقبرة الشهداء منذ عام 1990 20 يناير، ويضعون الزهور الحمراء على قبور الذين سقطوا دفاعًا عن وطنهم. "
)


def _arabic_html(paragraphs: int = 3) -> str:
    """Arabic in Amiri, declared as a booklet declares it: Amiri is no face
    of the machine's, and a plain render would set it in whatever the
    process's Fontconfig falls back to (the machine's or booklet's, by what
    rendered first: render the result with ``_booklet_fonts``)."""
    from pipeline.render import fonts

    faces = fonts.font_face_css(lambda face: face.file.as_uri(), tuple(f for f in fonts.font_faces() if f.family == "Amiri"))
    return (
        f"<html lang=ar dir=rtl><style>{faces} "
        "@page { size: A6; margin: 12mm } html { font-size: 10pt; font-family: Amiri }"
        " main { word-spacing: 0.001px } p { margin: 0; text-align: justify; hyphens: manual }</style><body><main>"
        + "".join(f"<p>{_ARABIC * (n + 2)}</p>" for n in range(paragraphs))
        + "</main></body></html>"
    )


def _booklet_fonts(html: str) -> object:
    from pipeline.render.pdf import _font_configuration

    return _font_configuration(html)[1]


def test_a_right_to_left_paragraph_is_set_by_total_fit_untracked(weasy):
    """Arabic paragraphs (digits and a Latin word among their words) are set
    by the breaker too: laid out as chosen, their loosest line no looser than
    WeasyPrint's first fit leaves it and at least a tenth of an em less
    loose here, never hyphenated and never tracked (letter spacing breaks
    Arabic's joins), and a space between two numbers kept a space (a
    no-break space there joins them into one number, bidi's rule W4)."""
    html = _arabic_html()
    html_document, render = _render(weasy, html, _booklet_fonts(html))
    greedy = render({})
    before = read_layout(greedy)
    plan = linebreak.plan(greedy, [(line.block, line.ends_with_hyphen) for line in before.lines])
    assert len(plan.paragraphs) == 3 and all(p.rtl for p in plan.paragraphs)
    assert all(p.tracking == 0 and not any(p.line_tracking) for p in plan.paragraphs)
    assert all(not linebreak.hyphen_count(p.tokens, p.chosen) for p in plan.paragraphs)
    document = render({})
    assert plan.verify(document) == []
    after = read_layout(document)
    assert [linebreak._bare(line.text) for line in after.lines] == [
        linebreak._bare(line) for p in plan.paragraphs for line in linebreak._chosen_lines(p)
    ]
    assert after.loosest <= before.loosest - 0.1
    elements = [e for e in html_document.etree_element.iter() if e.tag in ("p", "span")]
    assert not any("letter-spacing" in (e.get("style") or "") for e in elements)
    text = "".join(html_document.etree_element.find(".//p").itertext())
    assert "1990 20" in text and "\u00a0يناير" in text


def test_a_right_to_left_line_too_wide_is_found(weasy):
    """A right-to-left line runs out on the left: lines chosen 30 px wider
    than the measure are found not laid out as chosen."""
    html = _arabic_html(2)
    _, render = _render(weasy, html, _booklet_fonts(html))
    greedy = render({})
    plan = linebreak.plan(greedy, [(line.block, line.ends_with_hyphen) for line in read_layout(greedy).lines], margin=-30.0)
    document = render({})
    assert plan.paragraphs and len(plan.verify(document)) == len(plan.paragraphs)
    laid = linebreak._laid_lines(document)
    assert all(any(over for _, over in laid[id(p.element)]) for p in plan.paragraphs)


def test_a_line_is_set_in_another_width_of_its_face_as_weighed_and_laid_out_so(weasy, tmp_path):
    """In the booklet's faces (Noto Serif at fonts.TEXT_WIDTH, and at each
    of fonts.WIDTHS as a family of its own), a loose line has its inner
    words set wider, one that must take its spaces in narrower; each comes
    out as chosen, drawn in that width's family (its first and last words
    in the text's, but the paragraph's first word, which no break comes
    before: in its first line's), with what justification adds to its spaces as the
    breaker weighed it, and reads back as the same plan. Code, in a face
    without a width axis, keeps its family."""
    from weasyprint.formatting_structure import boxes

    from pipeline.render import fonts

    faces = fonts.font_face_css(lambda face: face.file.as_uri(), fonts.print_faces(tmp_path, families={"Noto Serif", "IBM Plex Mono"}))
    html = _html(0).replace("<html lang=en>", "<html lang=ru>").replace(
        "</main>", f"<p>{RUSSIAN} <code>20 января</code> {RUSSIAN}</p></main>"
    ).replace("<style>", f"<style>{faces} html {{ font-family: 'Noto Serif', 'IBM Plex Mono' }} code {{ font-family: 'IBM Plex Mono' }} ")
    _, render = _render(weasy, html)
    greedy = render({})
    plan = linebreak.plan(greedy, [(line.block, line.ends_with_hyphen) for line in read_layout(greedy).lines])
    document = render({})
    assert len(plan.paragraphs) == 1 and plan.verify(document) == []
    p = plan.paragraphs[0]
    assert len(p.line_widths) == len(p.chosen) and set(p.line_widths) <= {0, *fonts.WIDTHS}
    assert [w for w in p.line_widths if w > fonts.TEXT_WIDTH] and [w for w in p.line_widths if 0 < w < fonts.TEXT_WIDTH]
    laid = [line for line in read_layout(document).lines if line.block is p.element]
    drawn = [
        [box for box in line.descendants() if isinstance(box, boxes.TextBox)]
        for page in document.pages for line in page._page_box.descendants()
        if isinstance(line, boxes.LineBox) and line.element is p.element
    ]
    variants = linebreak._Variants(p, linebreak.MARGIN)
    tokens = variants.tracked(p.tracking)
    trackings, widths, gains = variants.line_fits(p.tracking, p.chosen)
    assert widths == p.line_widths and trackings == p.line_tracking
    first, last = linebreak._glues(tokens)
    start = 0
    for number, ((free, spaces), end) in enumerate(zip(linebreak._room(tokens, p.chosen, p.first, p.rest), p.chosen)):
        width, tracking = p.line_widths[number], p.line_tracking[number]
        families = {box.style["font_family"][0] for box in drawn[number] if box.text.strip()}
        text_families = {"Noto Serif", "IBM Plex Mono"}
        if width:
            assert fonts.width_family("Noto Serif", width) in families and families - text_families == {fonts.width_family("Noto Serif", width)}
            # its first word too, but a part of a word broken at the line's start, which stays as the other part
            starts_in_a_word = start > 0 and tokens[start - 1].kind != "glue"
            assert (drawn[number][0].style["font_family"][0] == "Noto Serif") == starts_in_a_word
        else:
            assert families <= text_families
        inner = linebreak._inner(p.at, *linebreak._line_span(tokens, first, last, start, end))
        left = (free - gains[number] - tracking * inner * p.em) / spaces / p.em
        assert abs(laid[number].spacing - left) < 0.01, (number, laid[number].spacing, left)
        start = end + 1
    code = [box for line in drawn for box in line if "января" in box.text and box.style["font_family"][0] == "IBM Plex Mono"]
    assert code, "the code kept its face"
    again = linebreak.plan(document, [(line.block, line.ends_with_hyphen) for line in read_layout(document).lines], after=plan)
    assert again.same(plan) and again.verify(render({})) == []


def test_a_lines_spaces_are_weighed_as_a_reader_sees_them(monkeypatch):
    """A word space seen wider than GAPS' widest or narrower than its
    narrowest costs _GAP_COST for each hundredth of an em beyond, squared,
    besides Knuth's demerits; it is seen with the face's space at the line's
    width and the tracking on the space and on the letter before it. A line
    set w100 and tracked 0.015 em, as loose as one of 0.40 em spaces by what
    justification adds, is seen at 0.44 em (the Russian "а также сотрудники
    экстренных служб и милиционеры.", 0.49 em). (Knuth's weighed from the
    face's space, as without ``seen``: IDEAL_GAP has its own test.)"""
    lo, hi = linebreak.GAPS
    face = 0.25
    monkeypatch.setattr(linebreak, "IDEAL_GAP", face)
    added = lambda em_: em_ * 5 * EM  # noqa: E731  (free px for a space ``em_`` wider over 5 spaces)
    assert linebreak._seen(face, 0.0) == face and linebreak._seen(None, 0.015, 100) is None
    seen = linebreak._seen(face, 0.015, 100)
    assert seen == pytest.approx(face + 0.03 + linebreak._SPACE_PER_WIDTH * 6)
    for extra, at in ((hi - face, face), (lo - face, face)):  # at either limit: Knuth's alone
        assert linebreak._line_demerits(added(extra), 5, EM, 0.0, at) == linebreak._line_demerits(added(extra), 5, EM)
    # (Knuth's from the space seen: the face's at its width and tracked, as far from IDEAL_GAP)
    wide = linebreak._line_demerits(added(hi - face), 5, EM, 0.0, seen) - linebreak._line_demerits(added(hi - face + seen - face), 5, EM)
    assert wide == pytest.approx(linebreak._GAP_COST * ((seen - face) * 100) ** 2)
    tight = linebreak._line_demerits(added(lo - face - 0.02), 5, EM, 0.0, face) - linebreak._line_demerits(added(lo - face - 0.02), 5, EM)
    assert tight == pytest.approx(linebreak._GAP_COST * 2**2)
    # breaks: Knuth's demerits alone take two lines with spaces seen at 0.50 and 0.47 em (0.25 and 0.22
    # em added); seen, the breaks that leave them at 0.30 and 0.33 em
    tokens = words(*"mnop fg-ab kl-ab mnop-fg ab cde-mnop cde-hij fg-hij mnop-hij".split(), space=2.5)
    for seeing, chosen, added in ((None, [11, 23], [7.5, 6.5]), (face, [13, 25], [1.5, 2.5])):
        assert linebreak._choose(tokens, linebreak._lines(tokens, 99.0, 99.0, 0.0, face=seeing), 600.0)[0] == chosen
        assert [99.0 - width for width, _, _ in lines_of(tokens, chosen)[:-1]] == added  # over 3 spaces of 10 px an em


def test_a_lines_badness_is_weighed_from_the_ideal_gap_a_reader_sees():
    """Where a line's spaces are weighed as seen, Knuth's badness counts
    from IDEAL_GAP, not from the face's space: a line seen there costs the
    least (1), one seen a tenth of an em tighter as much as one a fifth
    looser (100 each), so that a line of 0.21 em costs more than one of
    0.37 em, where from the face's 0.25 em it cost a tenth of it."""
    face, ideal = 0.25, linebreak.IDEAL_GAP
    at = lambda gap: linebreak._line_demerits((gap - face) * 5 * EM, 5, EM, 0.0, face)  # noqa: E731
    assert at(ideal) == pytest.approx(1.0)
    assert at(ideal - 0.1) == pytest.approx(at(ideal + 0.2) - linebreak._GAP_COST * ((ideal + 0.2 - linebreak.GAPS[1]) * 100) ** 2)
    assert at(ideal - 0.1) == pytest.approx((1 + 100.0) ** 2 + linebreak._GAP_COST * max(0.0, (linebreak.GAPS[0] - ideal + 0.1) * 100) ** 2)
    assert at(0.21) > at(0.37)
    knuth = lambda gap: linebreak._line_demerits((gap - face) * 5 * EM, 5, EM)  # noqa: E731
    assert knuth(0.21) < knuth(0.37) / 5
    assert linebreak._line_demerits(0.0, 5, EM) == 1.0  # unseen (right to left): from the face's own space


def test_a_hyphen_inside_a_name_costs_a_line_more_and_tracking_keeps_the_cost(monkeypatch):
    """The penalty inside "Azerbaijan" carries _NAME_COST (hyphenation.breaks_a_name),
    those of "territory" none; a tracked paragraph's tokens keep it (``_retracked``)."""
    from types import SimpleNamespace

    text = "territory of Azerbaijan"
    style = {"font_size": 10.0, "lang": "en", "hyphenate_character": "\u2010"}
    cuts = {text.index("ritory"): (True, True), text.index("baijan"): (True, True)}
    monkeypatch.setattr(linebreak, "_width", lambda run, _: 5.0 * len(run))
    monkeypatch.setattr(linebreak, "_prefix_widths", lambda tokens, *_: tokens)
    tokens, at = linebreak._measured_tokens(text, [style] * len(text), [c == " " for c in text], cuts)
    costs = [t.cost for t in tokens if t.kind == "penalty"]
    assert costs == [0.0, linebreak._NAME_COST] and linebreak._NAME_COST > 0
    paragraph = SimpleNamespace(em=10.0, at=at, text=text)
    assert [t.cost for t in linebreak._retracked(paragraph, tokens, 0.01) if t.kind == "penalty"] == costs


def test_neighbouring_lines_two_fitness_classes_apart_cost_more(monkeypatch):
    """Weighed alone, a very loose line is followed by a tight one (a zebra);
    weighed with its neighbour (``_ADJACENT_COST``), by a very loose one
    (Knuth's weighed from the face's space, as in ``_lines`` without ``face``)."""
    monkeypatch.setattr(linebreak, "IDEAL_GAP", 0.25)
    tokens = words(*"kl-hij-kl rs-hij mnop-hij-ab kl-rs q-kl q-hij-rs fg-kl-kl kl q kl-kl hij-cde".split(), space=2.5)
    lines = linebreak._lines(tokens, 121.0, 121.0, 0.0, 0.0, 0.7, face=0.25)

    def fitness(chosen: list[int]) -> list[int]:
        ends = [-1] + chosen + [len(tokens)]
        return [next(f for before, _, f in lines[end] if before == start) for start, end in zip(ends, ends[1:])]

    monkeypatch.setattr(linebreak, "_ADJACENT_COST", 0.0)
    alone = linebreak._choose(tokens, lines, 600.0)[0]
    monkeypatch.setattr(linebreak, "_ADJACENT_COST", 1e5)
    together = linebreak._choose(tokens, lines, 600.0)[0]
    assert (alone, fitness(alone)) == ([15, 39], [3, 0, -1])
    assert (together, fitness(together)) == ([15, 37], [3, 3, -1])
    assert linebreak._fitness(0.25, -1.5, 5, 10.0, 0.0) == 0 and linebreak._fitness(None, 0.0, 5, 10.0, 0.0) == -1


def test_a_paragraphs_first_and_last_full_lines_are_weighed_against_its_neighbours():
    """Random paragraphs below a line of each fitness (``opening``) and
    above one (``following``): ``_choose`` gives the fitness of the first
    and the last justified line of its breaks; it pays _SEAM_COST for each
    two classes apart from its neighbour, and leaves the breaks it would
    choose alone only for ones that pay less for their seams."""
    import random

    rng = random.Random(16)
    syllables = ["ter", "ri", "to", "ry", "in", "te", "gri", "ty", "mo", "ve", "ment", "a"]
    seam = lambda a, b: linebreak._SEAM_COST if a and b and abs(a - b) > 1 else 0.0  # noqa: E731
    changed = 0
    for _ in range(40):
        text = ["-".join(rng.choice(syllables) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(8, 30))]
        tokens = words(*text, space=2.5)
        measure = rng.uniform(90.0, 160.0)
        lines = linebreak._lines(tokens, measure, measure, 0.0, 0.0, 0.7, face=0.25)
        alone = linebreak._choose(tokens, lines, 600.0)
        if alone is None:
            continue
        ends = [-1] + alone[0] + [len(tokens)]
        fitness = [next(f for before, _, f in lines[end] if before == start) for start, end in zip(ends, ends[1:])]
        assert alone[2:] == ((fitness[-2] + 1, fitness[0] + 1) if len(fitness) > 1 else (0, 0))
        for opening in range(5):
            for following in range(5):
                chosen, demerits, closing, first = linebreak._choose(tokens, lines, 600.0, None, opening, following)
                paid = seam(opening, first) + seam(closing, following)
                if chosen == alone[0]:
                    assert demerits == pytest.approx(alone[1] + paid)
                else:
                    changed += 1
                    assert paid < seam(opening, alone[3]) + seam(alone[2], following)
                    assert alone[1] <= demerits - paid < alone[1] + seam(opening, alone[3]) + seam(alone[2], following)
    assert changed


def test_a_paragraph_follows_the_one_laid_out_right_above_it(weasy):
    """``_Paragraph.follows``: the second of two paragraphs does; one below
    a heading does not, nor the first on a page after the one before's last."""
    body = f"<p>{PARAGRAPH}</p><p>{PARAGRAPH}</p><h2>Heading</h2><p>{PARAGRAPH}</p><p style='break-before: page'>{PARAGRAPH}</p>"
    document, render = _render(weasy, _html(0).replace("<main></main>", f"<main>{body}</main>"))
    assert [p.follows for p in linebreak._paragraphs(render({}))] == [False, True, False, False]


def test_a_paragraphs_face_space_is_its_commonest_without_its_spacing():
    """The median of its spaces, less the word and letter spacing its tokens
    were measured with (em); none right to left, nor without a space."""
    tokens = words("ab", "cd", "ef", "gh", space=4.0) + [Token("glue", 9.0, em=EM), Token("box", 5.0, em=EM)]
    paragraph = linebreak._Paragraph(None, [], [], [], "", tokens=tokens, em=EM, word_spacing=1.0, letter_spacing=0.5)
    assert linebreak._face_space(paragraph) == pytest.approx((4.0 - 1.5) / EM)
    paragraph.rtl = True
    assert linebreak._face_space(paragraph) is None
    assert linebreak._face_space(linebreak._Paragraph(None, [], [], [], "", tokens=words("ab"), em=EM)) is None


def test_a_lines_width_is_the_one_that_leaves_it_least_demerits():
    """(free px, least px, spaces, characters, [(width, what it adds)], px per em, the spacing around, the most tracking)."""
    from pipeline.render import fonts

    # a loose line (0.4 em a space), a px a unit of width: the widest, then tracked for what is left, 0.015 em at most
    width, gain, tracking, left, cost = linebreak._line_fit(20.0, 0.6, 5, 40, [(w, 1.0 * (w - fonts.TEXT_WIDTH)) for w in fonts.WIDTHS], 10.0, 0.0, 0.015)
    assert width == max(fonts.WIDTHS) and gain == width - fonts.TEXT_WIDTH and tracking == 0.015
    assert left == 20.0 - gain - tracking * 40 * 10.0 and cost == linebreak._WIDTH_COST * (width - fonts.TEXT_WIDTH) ** 2
    # 4 px a unit: not a width that would take its spaces under what it needs (nor out of the measure)
    wider = [(w, 4.0 * (w - fonts.TEXT_WIDTH)) for w in fonts.WIDTHS]
    width, gain, tracking, left, _ = linebreak._line_fit(20.0, 0.6, 5, 40, wider, 10.0, 0.0, 0.015)
    assert fonts.TEXT_WIDTH < width < max(fonts.WIDTHS) and tracking == 0.0 and 0 < left / 5 / 10.0 <= linebreak.LINE_FROM
    # a line a little loose, not beyond LINE_FROM: as it is
    assert linebreak._line_fit(6.0, 0.6, 5, 40, wider, 10.0, 0.0, 0.015) is None or linebreak._line_fit(6.0, 0.6, 5, 40, wider, 10.0, 0.0, 0.015)[0] == 0
    # a line that must take its spaces in (0.1 em each): narrower, where that fits with WIDTH_MARGIN to spare; never wider
    narrow = linebreak._line_fit(-5.0, -8.0, 5, 40, wider, 10.0, 0.0, 0.015)
    assert narrow is not None and 0 < narrow[0] < fonts.TEXT_WIDTH and narrow[1] < 0 and narrow[2] == 0.0
    # a narrower width that would leave its spaces tighter than NARROW_TIGHT (-0.24 em here) is not taken: the text's
    assert linebreak._line_fit(-20.0, -30.0, 5, 40, wider, 10.0, 0.0, 0.015)[0] == 0
    # one that fits in no width: none
    assert linebreak._line_fit(-30.0, 0.6, 5, 40, wider, 10.0, 0.0, 0.015) is None
    # without other widths, a loose line is only tracked
    assert linebreak._line_fit(20.0, 0.6, 5, 40, [], 10.0, 0.0, 0.015)[:2] == (0, 0.0)


def test_a_tracked_paragraphs_last_line_starts_after_a_space():
    """A tracked paragraph's last line keeps the face's word spaces by being
    set apart, untracked, after a space (``_set_apart``); one that starts
    inside a word would carry the paragraph's tracking onto its spaces (the
    German booklet's "jani people.", 0.025 em wider than the face's), so a
    tracked paragraph never ends so (and no hyphen ends its last full line)."""
    tokens = words("aaaa", "bbbb", "cc-cc-cc", "dd")
    count = len(tokens)

    def inside(lines: dict) -> set[int]:
        return {line[0] for line in lines.get(count, ()) if line[0] >= 0 and tokens[line[0]].kind == "penalty"}

    untracked = [inside(linebreak._lines(tokens, m, m, 0.0)) for m in (30.0, 40.0, 50.0, 60.0)]
    tracked = [inside(linebreak._lines(tokens, m, m, 0.0, last_line=tokens)) for m in (30.0, 40.0, 50.0, 60.0)]
    assert any(untracked)
    assert not any(tracked)
