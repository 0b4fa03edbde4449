"""Random catalogues and templates (tests/catalog/generate.py) through
booklet and the installed GNU gettext, byte for byte: normalize against
msgcat (a .po and a .pot), update against msgmerge --previous. A fixed slice
of seeds here; bench/catalogue_differential.py runs as many as one asks."""
from __future__ import annotations

import pytest

from .generate import random_case
from .gnu import explain, gnu_merge, gnu_normalize, ours_merge, ours_normalize

SEEDS = range(30)


@pytest.mark.parametrize("seed", SEEDS)
def test_random_catalogue_as_gnu(seed: int) -> None:
    po, pot = random_case(seed)
    for name, data in (("in.po", po), ("in.pot", pot)):
        gnu, ours = gnu_normalize(data, name), ours_normalize(data, name)
        assert ours.agrees_with(gnu), f"normalize {name}, seed {seed}:\n{explain(gnu, ours)}"
    gnu, ours = gnu_merge(po, pot), ours_merge(po, pot)
    assert gnu.output is not None, f"the generator made what msgmerge refuses: {gnu.message}"
    assert ours.agrees_with(gnu), f"update, seed {seed}:\n{explain(gnu, ours)}"


def test_the_generator_covers_what_it_promises() -> None:
    """The slice meets every feature the issue lists, so a green run means something."""
    texts = [random_case(seed) for seed in SEEDS]
    olds = b"".join(po for po, _ in texts)
    pots = b"".join(pot for _, pot in texts)
    for needle in (b"msgid_plural", b"msgctxt", b"#~ msgid", b"#| msgid", b"#, fuzzy", b"c-format", b"no-wrap",
                   b"range:", b"#.", b"#:", b"\n#\n", b"Language-Team:", b"charset=ISO-8859-1",
                   b"charset=KOI8-R", b"charset=EUC-JP", b"msgid\t", b'" msgstr'):
        assert needle in olds + pots, needle
    assert b"charset=CHARSET" in pots


def test_book_update_as_msgmerge() -> None:
    """Long paragraphs, as a book has them: 5 % edited by a word, 5 % new,
    some deleted; the update is msgmerge's, byte for byte."""
    import random

    rng = random.Random(11)
    words = "the of and to in a is that for it as was with be by on not".split() + [f"w{i}" for i in range(400)]
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(10, 50))).capitalize() + "." for _ in range(300)]
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    po = header + "".join(f'\n#: book.md:{n}\nmsgid "{t}"\nmsgstr "[{t[::-1]}]"\n' for n, t in enumerate(texts))
    new = list(texts)
    for index in rng.sample(range(len(new)), 15):
        changed = new[index].split()
        changed[rng.randrange(len(changed))] = rng.choice(words)
        new[index] = " ".join(changed)
    for index in rng.sample(range(len(new)), 15):
        new.insert(index, " ".join(rng.choice(words) for _ in range(30)) + ".")
    del new[100:105]
    pot = header + "".join(f'\n#: book.md:{n}\nmsgid "{t}"\nmsgstr ""\n' for n, t in enumerate(new))
    gnu, ours = gnu_merge(po.encode(), pot.encode()), ours_merge(po.encode(), pot.encode())
    assert gnu.output is not None and b"#, fuzzy" in gnu.output
    assert ours.agrees_with(gnu), explain(gnu, ours)
