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
