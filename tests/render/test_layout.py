"""render.layout: the booklet's layout read back, and settled within a print shop's limits."""
from __future__ import annotations

import pyphen
import pytest

from pipeline.render import layout as layout_module
from pipeline.render.layout import Layout, Line, read_layout, settle, settle_with_twin
from pipeline.render.pdf import import_weasyprint


class Block:
    """A stand-in for a paragraph element."""

    def __init__(self, text: str) -> None:
        self.text = text

    def itertext(self):
        yield self.text


def lines(*specs: tuple[int, str, Block]) -> list[Line]:
    return [Line(page, text, block, text.endswith("\u2010")) for page, text, block in specs]


def test_the_word_broken_at_a_line_end_is_found_whole():
    p = Block("x")
    found = Layout(lines((1, "the harbour's old nagorno-kara\u2010", p), (1, "bakhskaya quay, then", p)), 1)
    assert found.word_at(0) == "karabakhskaya"  # pyphen sees the words between a compound's hyphens
    found = Layout(lines((1, "a terri\u2010", p), (2, "torial claim", p)), 2)
    assert found.word_at(0) == "territorial"


def test_a_hyphenated_words_rest_stands_alone_on_the_last_line_only_if_it_is_long():
    assert layout_module._stub("ства.") and layout_module._stub("ple.")
    assert not layout_module._stub("maktadır.")  # a designer's choice over a line with 0.63 em gaps
    assert not layout_module._stub("ства и всё.")  # more than the word's rest


def test_over_share_keeps_the_second_of_a_pair_whole_first():
    p = Block("x")
    specs = [(1, f"line {n}" + ("\u2010" if n in (2, 3, 7) else ""), p) for n in range(10)]
    found = Layout(lines(*specs), 1)
    assert found.hyphen_share == pytest.approx(0.3)
    assert found.over_share() == [3, 2]  # 3 hyphenated, at most 1 of 10 allowed: the pair's second first


def test_findings_name_the_page_and_the_paragraph():
    p = Block("Among the dead were women, children, and the elderly, as well as emergency workers")
    found = Layout(lines((7, "Among the dead were\u2010", p), (8, "women", p)), 8, runts=[(8, 1)], split_at_page_end=[0])
    assert found.findings()[0] == "page 8: only 1 line(s) of text (fewer than 5)"
    assert found.findings()[1] == "page 7: 'werewomen' is split across the page turn (Among the dead were women, children, and…)"


def _html(paragraphs: int, words: int = 60) -> str:
    sentence = "the old quay is the first of the town and boats leave at dawn to return at dusk when the tide is in".split()
    text = " ".join((sentence * (words // len(sentence) + 1))[:words])
    body = "".join(f"<p>{text}</p>" for _ in range(paragraphs))
    return (
        "<html lang=en><style>@page { size: A6; margin: 12mm } html { font-size: 9pt } p { margin: 0; orphans: 2; widows: 2;"
        " text-align: justify; hyphens: auto }</style><body><main>" + body + "</main></body></html>"
    )


#: Words for paragraphs whose lines break unlike each other (a sentence said
#: again and again breaks its lines the same way, and a line more has
#: nowhere to go but a few of them).
WORDS = (
    "harbour quay town boats leave dawn return dusk tide morning fishermen nets market square church bell tower"
    " street window lantern evening river bridge merchant cargo sail wind rope anchor gull shore stone wall garden"
).split()


def _spaced_html(counts: list[int], *, between: str = "12pt", keep: int = 2, before: str = "auto") -> str:
    """Paragraphs of ``counts`` words apart by ``between`` (a line: 12pt, as
    Arabic's are by 1rlh), ``keep`` lines kept together at a page's foot and
    head (orphans, widows), the second paragraph on with break-before ``before``."""
    def text(words: int, seed: int) -> str:
        return " ".join(("the", "a", "of", "and", "to")[i % 5] + " " + WORDS[(seed + 7 * i) % len(WORDS)] for i in range(words // 2))

    body = "".join(
        f"<p style='break-before: {before if index == 1 else 'auto'}'>{text(words, index)}</p>" for index, words in enumerate(counts)
    )
    return (
        "<html lang=en><style>@page { size: A6; margin: 12mm } html { font: 9pt/12pt \"DejaVu Serif\" }"
        f" p {{ margin: 0 0 {between}; orphans: {keep}; widows: {keep}; text-align: justify; hyphens: auto }}</style>"
        "<body><main>" + body + "</main></body></html>"
    )


@pytest.fixture
def english_as_built(tmp_path):
    """English hyphenated as a build hyphenates it (hyphenation.preload: a
    bare ``en`` is pyphen's American patterns, where pyphen alone takes the
    British): the pages below are made to end short with those breaks."""
    from pipeline.render import hyphenation, linebreak

    hyphenation.preload({"en"}, tmp_path)
    linebreak.forget()  # texts broken before with pyphen's own "en" (tests before these) are broken again


def _short_one(weasy) -> tuple[object, list[int]]:
    """A document WeasyPrint lays out with a page ending short, and its paragraphs' lengths."""
    for first in range(100, 300, 8):
        counts = [first, 150, 130, 170, 140]
        document = weasy(string=_spaced_html(counts)).render()
        if read_layout(document).short_pages:
            return document, counts
    pytest.fail("no page ends short")


def test_a_page_ending_whole_lines_above_its_foot_is_short(weasy, english_as_built):
    document, counts = _short_one(weasy)
    found = read_layout(document)
    (index, count), *_ = found.short_pages
    last = found.lines[index]
    box = document.pages[last.page - 1]._page_box
    room = box.content_box_y() + box.height - last.foot
    assert count * last.height <= room + 1e-3 < (count + 1) * last.height  # whole lines of 12pt (16px) left
    assert found.lines[index + 1].page == last.page + 1
    assert f"page {last.page}: ends {count} line(s) above the foot of its text area, more text following ({last.paragraph})" in (
        found.findings()
    )
    # nothing between the paragraphs and no lines kept together: every page but the last is filled
    tight = read_layout(weasy(string=_spaced_html(counts, between="0", keep=1)).render())
    assert tight.pages > 1 and tight.short_pages == []


def test_a_page_ending_where_a_break_is_forced_is_not_short(weasy):
    """A chapter's last page ends where the chapter does, however much room it leaves."""
    forced = read_layout(weasy(string=_spaced_html([60, 150], before="page")).render())
    assert [line.page for line in forced.lines if line.block is forced.lines[-1].block][0] == 2  # the second on a page of its own
    assert forced.short_pages == [] and not any("foot" in finding for finding in forced.findings())
    flowing = read_layout(weasy(string=_spaced_html([60, 150])).render())  # the same paragraphs, page 1 filled
    assert sum(line.page == 1 for line in flowing.lines) > sum(line.page == 1 for line in forced.lines) + 2


def test_a_short_page_outweighs_a_runt():
    """A runt mended by leaving a page before it short is no mend; a short
    page mended with a lone line less is one."""
    p, q = Block("p"), Block("q")
    text = lines((1, "a line", p), (2, "another", q))
    runt, short = Layout(text, 2, runts=[(2, 1)]), Layout(text, 2, short_pages=[(0, 1)])
    assert layout_module._worse(short, runt) and not layout_module._worse(runt, short)
    lone = Layout(text, 2, short_pages=[(0, 1)], lone_lines=[(2, "q")])
    assert layout_module._worse(lone, short) and not layout_module._worse(Layout(text, 2, lone_lines=[(2, "q")]), lone)


def _settled(weasy, counts: list[int]) -> tuple[object, list[str]]:
    """``_spaced_html(counts)`` settled, the text's word spacing set on its ``main``."""
    document = weasy(string=_spaced_html(counts))
    main = next(e for e in document.etree_element.iter() if e.tag.endswith("main"))

    def render(style):
        main.set("style", "; ".join(f"{k}: {v}" for k, v in style.items()))
        return document.render()

    return settle(render)


def test_a_short_page_only_loose_lines_could_fill_is_reported(monkeypatch, weasy, english_as_built):
    """Paragraphs of three to five lines give a line more only by spreading
    it over a few lines: the page is left short, and reported, as the
    Arabic page 6 is; were lines looser than EVEN allowed, it would be filled."""
    from pipeline.render import linebreak

    counts = [58, 60, 44, 52, 44, 44, 58, 48, 30, 56]
    settled, left = _settled(weasy, counts)
    kept = read_layout(settled)
    assert kept.short_pages and any("above the foot of its text area" in finding for finding in left)
    assert kept.loosest <= linebreak.EVEN
    even = linebreak.EVEN
    monkeypatch.setattr(linebreak, "EVEN", 1.0)
    filled = read_layout(_settled(weasy, counts)[0])
    assert filled.short_pages == [] and filled.loosest > even


def test_a_short_page_is_mended_by_a_paragraph_set_a_line_longer(monkeypatch, weasy, english_as_built):
    """The breaker's lines leave page 1 a line short (its last paragraph's
    space below takes the foot's line, and the next paragraph's first two
    cannot follow): settle asks for a line more before it, from a
    paragraph that stays even, and keeps what fills the page."""
    from pipeline.render import linebreak

    read: list[Layout] = []
    asked: list[tuple[int, int, bool]] = []
    planned, reading = linebreak.plan, layout_module.read_layout

    def plan(*args, **kwargs):
        asked.append((kwargs.get("more", 0), kwargs.get("page", 0), kwargs.get("even", False)))
        return planned(*args, **kwargs)

    monkeypatch.setattr(linebreak, "plan", plan)
    monkeypatch.setattr(layout_module, "read_layout", lambda document: read.append(reading(document)) or read[-1])
    settled, left = _settled(weasy, [123, 131, 143, 164, 148])
    breakers = read[1]  # WeasyPrint's lines, then the breaker's
    assert [(breakers.lines[i].page, count) for i, count in breakers.short_pages] == [(1, 1)]
    assert (1, 1, True) in asked
    kept = reading(settled)
    assert kept.short_pages == [] and not kept.runts and not kept.lone_lines and left == []
    assert kept.loosest <= linebreak.EVEN and len(kept.lines) == len(breakers.lines) + 1


@pytest.fixture
def weasy():
    import_weasyprint()
    from weasyprint import HTML

    return HTML


def test_read_layout_counts_the_text_lines_of_each_page(weasy):
    document = weasy(string=_html(3)).render()
    found = read_layout(document)
    assert found.pages == len(document.pages)
    assert {line.page for line in found.lines} == set(range(1, found.pages + 1))
    assert all(line.text.strip() for line in found.lines)


def test_a_runt_last_page_is_settled_by_word_spacing(weasy):
    # find a length whose last page is a runt, as a long text often has
    for paragraphs in range(2, 12):
        for words in range(40, 120, 5):
            html = _html(paragraphs, words)
            if read_layout(weasy(string=html).render()).runts:
                break
        else:
            continue
        break
    else:
        pytest.fail("no runt found to settle")
    document = weasy(string=html)
    main = next(e for e in document.etree_element.iter() if e.tag.endswith("main"))
    tried: list[dict[str, str]] = []

    def render(style):
        tried.append(style)
        main.set("style", "; ".join(f"{k}: {v}" for k, v in style.items()))
        return document.render()

    settled, left = settle(render, breaker=False)  # the breaker's lines may leave no runt to settle
    assert not read_layout(settled).runts and not any("line(s) of text" in f for f in left)
    assert any("word-spacing" in style for style in tried)
    assert all(abs(float(style.get("word-spacing", "0em")[:-2])) <= 0.06 for style in tried)


class Patterns:
    """pyphen's loaded patterns, as layout.settle reads them: a cache of a word's breaks."""

    def __init__(self):
        self.cache = {"harbour": [3]}


@pytest.fixture
def patterns(monkeypatch) -> Patterns:
    loaded = Patterns()
    monkeypatch.setattr(pyphen, "hdcache", {"x": loaded})
    return loaded


#: A booklet whose first page ends on 'harbour' split.
HARBOUR = Layout(lines((1, "a har\u2010", Block("a")), (2, "bour and more", Block("a"))), 2, split_at_page_end=[0])


def test_words_kept_whole_are_given_back_after_settling(monkeypatch, patterns):
    first = HARBOUR
    calls = []

    def render(style):
        calls.append(dict(patterns.cache))
        return object()

    monkeypatch.setattr(layout_module, "read_layout", lambda document: first if len(calls) == 1 else Layout([], 2))
    settle(render, breaker=False)
    assert calls[1]["harbour"] == []  # kept whole while this booklet is settled
    assert patterns.cache == {"harbour": [3]}  # and the next booklet gets the patterns as they were


def test_a_long_document_is_rendered_twice_with_the_breaker(weasy):
    """Every render of a long book costs its whole length: the breaker's own
    second render is the only one more (as the one settling step was without it)."""
    document = weasy(string=_html(120, 110))
    calls = []

    def render(style):
        calls.append(style)
        return document.render()

    settled, _ = settle(render)
    assert len(settled.pages) > layout_module.LONG_DOCUMENT_PAGES
    assert len(calls) == 2


@pytest.mark.parametrize("kept", [True, False])
def test_the_twin_is_laid_out_as_the_kept_document_was(monkeypatch, patterns: Patterns, kept: bool) -> None:
    """Whether the step that kept 'harbour' whole was kept or given back, and
    after a step that was given back ('quayside'), the twin gets the kept
    document's patterns and word spacing, not the last tried."""
    first = HARBOUR
    second = Layout(lines((1, "a quay\u2010", Block("b")), (2, "side and more", Block("b"))), 2, split_at_page_end=[0])
    worse = Layout([], 2, runts=[(2, 1), (3, 1)])
    documents: list[tuple[dict, dict]] = []

    def render(style):
        documents.append((dict(style), dict(patterns.cache)))
        return documents[-1]

    twins = []

    def twin(style):
        twins.append((dict(style), dict(patterns.cache)))
        return twins[-1]

    def read(document):
        index = next(i for i, made in enumerate(documents) if made is document)
        return first if index == 0 else second if index == 1 and kept else worse

    monkeypatch.setattr(layout_module, "read_layout", read)
    monkeypatch.setattr(layout_module, "_page_texts", lambda document: [])
    settled, again, _ = settle_with_twin(render, twin, breaker=False)
    assert len(documents) > 2 and twins == [again]  # later steps were tried, the twin rendered once
    assert settled is documents[1 if kept else 0]
    assert again == (layout_module.BASE_STYLE, {"harbour": [] if kept else [3]})
    assert patterns.cache == {"harbour": [3]}  # given back after, as ever


def test_a_twin_whose_pages_read_otherwise_is_none(weasy) -> None:
    document, other = weasy(string=_html(3)), weasy(string=_html(3).replace("quay", "pier"))
    settled, again, _ = settle_with_twin(lambda style: document.render(), lambda style: other.render(), breaker=False)
    assert again is None and settled is not None
    _, same, _ = settle_with_twin(lambda style: document.render(), lambda style: document.render(), breaker=False)
    assert same is not None


def test_a_documents_breaks_are_written_back_for_its_twin(weasy) -> None:
    """The breaks in the tree after a later render are another document's:
    ``reinstate`` puts back those the kept one was laid out with."""
    from pipeline.render import linebreak

    document = weasy(string=_html(4, 90))
    main = next(e for e in document.etree_element.iter() if e.tag.endswith("main"))

    def render(style):
        main.set("style", "; ".join(f"{k}: {v}" for k, v in style.items()))
        return document.render()

    chosen, _, reinstate = layout_module._with_chosen_lines(render)
    try:
        first = chosen({})
        second = chosen({"word-spacing": "0.2em"})
        assert layout_module._page_texts(second) != layout_module._page_texts(first)  # other breaks
        assert layout_module._page_texts(render({})) != layout_module._page_texts(first)  # the tree holds the second's
        reinstate(first)
        assert layout_module._page_texts(render({})) == layout_module._page_texts(first)
    finally:
        linebreak.forget()


class Planned:
    """A stand-in for linebreak.Plan: plans of the same name write the same breaks."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.paragraphs = [Block(name)]
        self.paragraphs[0].element, self.paragraphs[0].text = object(), name

    def same(self, other: Planned) -> bool:
        return self.name == other.name

    def restore(self, paragraphs=None) -> None:
        pass

    def reapply(self) -> None:
        pass

    def verify(self, document: object) -> list:
        return []


def test_lines_made_up_for_a_runt_are_not_planned_away_to_mend_a_page_end(monkeypatch, patterns: Patterns) -> None:
    """Planned from its best breaks, the text would lose the lines made up for
    its runt, and the runt would be back: a word split at a page's end after
    them is left to a word kept whole, with no render to throw away."""
    from pipeline.render import linebreak

    runt = Layout(lines((6, "text", Block("r")), (7, "the last", Block("r"))), 7, runts=[(7, 2)])
    split = Layout(lines((1, "a quay\u2010", Block("b")), (2, "side and more", Block("b"))), 2, split_at_page_end=[0])
    # WeasyPrint's breaks, the breaker's (a runt), lines made up (a word split), words kept whole (another)
    laid = [Layout([], 7), runt, HARBOUR, split]
    documents: list[object] = []
    asked: list[tuple[int, int]] = []
    best = {0, -2}  # no paragraph can give a line back

    sunk: list[object] = []  # a template without the sink: laid out as without it

    def render(style):
        documents.append(Block(f"document {len(documents)}"))  # held weakly, as a WeasyPrint document
        if layout_module.SINK in style:
            sunk.append(documents.pop())
            return sunk[-1]
        return documents[-1]

    def plan(document, lines, *, after=None, refused=frozenset(), more=0, page=0, even=False):
        asked.append((more, page))
        return Planned("best" if more in best else f"lines made up for {len(documents)}")

    def read(document):
        if any(trial is document for trial in sunk):
            return runt
        index = next(i for i, made in enumerate(documents) if made is document)
        return laid[index] if index < len(laid) else runt  # a text that loses its made-up lines

    monkeypatch.setattr(layout_module, "read_layout", read)
    monkeypatch.setattr(linebreak, "plan", plan)
    monkeypatch.setattr(linebreak, "plain_spaces", lambda document, texts: None)
    monkeypatch.setattr(linebreak, "forget", lambda: None)
    settled, left = settle(render, renders=2)
    assert settled is documents[3] and left[0] == "page 1: 'quayside' is split across the page turn (b)"
    # the made-up lines asked for again with 'harbour' kept whole, and never taken back
    assert asked == [(0, 0), (-2, 7), (3, 7), (3, 7)]
    assert len(documents) == 4 and len(sunk) == 1  # the sink tried once, before the lines were made up


def test_a_spacing_laid_out_already_is_not_tried_again(monkeypatch, patterns: Patterns) -> None:
    """A runt settled by a word spacing, then a word kept whole in that
    spacing: the spacings tried after it are the others."""
    runt = Layout([], 2, runts=[(2, 1)])
    laid = [runt, HARBOUR]  # then every step leaves a runt again
    tried: list[dict[str, str]] = []

    def render(style):
        tried.append(dict(style))
        return len(tried) - 1

    monkeypatch.setattr(layout_module, "read_layout", lambda document: laid[document] if document < len(laid) else runt)
    settle(render, breaker=False)
    pulled = {"word-spacing": "-0.03em"}  # the runt of one line pulled back, the tightest first
    assert tried[:3] == [layout_module.BASE_STYLE, pulled, pulled]  # settled, then 'harbour' kept whole in it
    assert len(tried) == 6 and pulled not in tried[3:]  # the budget spent on other spacings



def _opening(paragraphs: int, words: int, *, book: bool = False) -> str:
    """``_html`` as a booklet's single document (a book's, with ``book``): a title opening its ``main``, which the sink lowers."""
    page = _html(paragraphs, words).replace(
        "</style>", " main:not(.book) { padding-top: calc(var(--sink, 0) * 1rlh) } h1 { margin: 0; font-size: 1em; line-height: 1rlh }</style>", 1
    )
    return page.replace("<main>", f"<main{' class=book' if book else ''}><h1>The quay</h1>", 1)


def _opening_settled(weasy, count: int, words: int, *, book: bool = False) -> tuple[list[tuple[dict, Layout]], object | None]:
    """``_opening`` settled with its twin: every render's style and layout, and the twin."""
    document = weasy(string=_opening(count, words, book=book))
    main = next(e for e in document.etree_element.iter() if e.tag.endswith("main"))
    renders: list[tuple[dict, Layout]] = []

    def render(style):
        main.set("style", "; ".join(f"{k}: {v}" for k, v in style.items()))
        rendered = document.render()
        renders.append((dict(style), read_layout(rendered)))
        return rendered

    _, twin, _ = settle_with_twin(render, render)
    return renders, twin


def _sunk(weasy, runt: int) -> tuple[int, int, list[tuple[dict, Layout]], object | None]:
    """The first opening text (paragraphs, words) whose runt of ``runt``
    lines, as the breaker laid it out, was settled with a sink, and
    ``_opening_settled``'s renders and twin."""
    for count in range(2, 6):
        for words in range(50, 140, 4):
            renders, twin = _opening_settled(weasy, count, words)
            at = next((i for i, (style, _) in enumerate(renders) if layout_module.SINK in style), None)
            if at and [lines for _, lines in renders[at - 1][1].runts] == [runt] and layout_module.SINK in renders[-1][0]:
                return count, words, renders, twin
    pytest.fail(f"no text found whose runt of {runt} lines was sunk")


@pytest.mark.parametrize("runt", [2, 3])
def test_a_runt_no_paragraph_can_mend_sinks_the_opening(weasy, runt: int) -> None:
    """A runt of two lines no paragraph gives back, or of three: the text
    is set lower on its first page by the lines the runt lacks, each line
    as it was (no paragraph set looser for it), and the kept document's
    twin (the press variant) is laid out with the same sink."""
    _, _, renders, twin = _sunk(weasy, runt)
    at = next(i for i, (style, _) in enumerate(renders) if layout_module.SINK in style)
    before = renders[at - 1][1]
    # the lines the runt lacks; one more where a paragraph's first two lines, kept together, took one back,
    # and one more where a page's last line was left hyphenated
    kept, twin_style = renders[-2][0], renders[-1][0]  # the twin, laid out last, with the kept document's style
    sink = int(kept[layout_module.SINK])
    assert layout_module.MIN_PAGE_LINES - runt <= sink <= layout_module.MIN_PAGE_LINES - runt + 2
    after = next(laid for style, laid in renders[at:] if style.get(layout_module.SINK) == str(sink))
    assert not after.runts
    assert [line.text for line in after.lines] == [line.text for line in before.lines]  # the same lines, lower
    title, first = before.lines[:2]
    assert after.lines[1].foot == pytest.approx(first.foot + sink * first.height)
    assert after.loosest <= before.loosest + 1e-6
    assert twin is not None and twin_style == kept


@pytest.mark.parametrize("runt", [2, 3])
def test_a_books_chapters_are_never_sunk(weasy, runt: int) -> None:
    """A book's first page is a chapter's opening, set as every other: the
    text a sink settled as a single document is settled with none as a book,
    its title and first line where they were in every render. No sink is
    even tried (the stylesheet sinks a single document's opening only, and
    a try is a render of the whole book: the 12-chapter benchmark took
    1.92 x the bare loop where it took 1.64 x)."""
    count, words, single, _ = _sunk(weasy, runt)
    renders, _ = _opening_settled(weasy, count, words, book=True)
    assert len({tuple(line.foot for line in layout.lines[:2]) for _, layout in renders}) == 1
    assert not any(layout_module.SINK in style for style, _ in renders)
    assert not renders[0][1].sinks and single[0][1].sinks


def _sinking(monkeypatch, laid_at: dict[int, Layout]) -> list[dict[str, str]]:
    """settle, with the breaker's plans and the layouts stood in for: the
    breaker's lines leave a runt of two lines no paragraph gives back, and
    the text sunk by N lines lays out as ``laid_at[N]`` (else the runt
    again); the styles rendered, in order, and the kept document's."""
    from pipeline.render import linebreak

    runt = Layout(lines((6, "text", Block("r")), (7, "the last", Block("r"))), 7, runts=[(7, 2)])
    styles: list[dict[str, str]] = []

    def render(style):
        styles.append(dict(style))
        return Block(f"document {len(styles)}")

    def read(document):
        style = styles[int(document.text.split()[1]) - 1]
        return laid_at.get(int(style.get(layout_module.SINK, 0)), runt)

    monkeypatch.setattr(layout_module, "read_layout", read)
    monkeypatch.setattr(linebreak, "plan", lambda document, lines, **kwargs: Planned("best"))
    monkeypatch.setattr(linebreak, "plain_spaces", lambda document, texts: None)
    monkeypatch.setattr(linebreak, "forget", lambda: None)
    settled, _ = settle(render, renders=1)
    return styles + [styles[int(settled.text.split()[1]) - 1]]  # and the kept document's, last


def test_a_sink_that_leaves_a_hyphen_at_a_pages_end_goes_a_line_deeper(monkeypatch, patterns: Patterns) -> None:
    """Sunk three lines, the runt is mended but a page ends on a hyphen,
    which the breaker would mend by breaking a paragraph again around it:
    sunk four, the page ends whole, and that is kept; where four lines
    split a word too, the three are."""
    split = Layout(lines((6, "a quay\u2010", Block("b")), (7, "side", Block("b"))), 7, split_at_page_end=[0])
    whole = Layout(lines((6, "a quayside", Block("b")), (7, "and more", Block("b"))), 7)
    # laid out as WeasyPrint breaks it, then with the breaker's lines (the runt), then sunk
    styles = _sinking(monkeypatch, {3: split, 4: whole})
    assert [style.get(layout_module.SINK) for style in styles] == [None, None, "3", "4", "4"]
    styles = _sinking(monkeypatch, {3: split, 4: split})
    assert [style.get(layout_module.SINK) for style in styles] == [None, None, "3", "4", "3"]
