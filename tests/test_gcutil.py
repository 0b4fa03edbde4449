"""The paused cycle collector: paused inside the block, as it was after it."""
from __future__ import annotations

import gc

import pytest

from pipeline.gcutil import cycles_not_collected


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_and_left_as_it_was(enabled: bool) -> None:
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with cycles_not_collected():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(KeyError), cycles_not_collected():
            raise KeyError("an error inside")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
