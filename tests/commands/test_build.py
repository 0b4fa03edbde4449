"""booklet build: the inputs are read and hashed once per command, under the project's lock."""
from __future__ import annotations

import io

from pipeline.cli import main


def test_inputs_are_hashed_once_per_build_command(make_project, monkeypatch):
    import pipeline.cache as cache

    root = make_project({"source/a.md": "# Title\n\nText.\n"}, languages=())
    calls = []
    real = cache.input_keys

    def counting(project, options):
        calls.append(1)
        return real(project, options)

    monkeypatch.setattr(cache, "input_keys", counting)
    for expected in (1, 2):  # a build, then a build with nothing to do
        assert main(["--project", str(root), "build", "--format", "html"], stdout=io.StringIO(), stderr=io.StringIO()) == 0
        assert len(calls) == expected
