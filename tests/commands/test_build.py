"""booklet build: the inputs are read and hashed once per command, under the project's lock; a build with nothing to do imports no renderer."""
from __future__ import annotations

import io

from pipeline.cli import main

from ..test_imports import imported_modules


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


def test_a_build_with_nothing_to_do_imports_no_renderer_nor_rich(make_project):
    # It reports one line, "0 file(s) written, N unchanged": printed without
    # rich, whose import alone cost a tenth of the no-op build.
    root = make_project({"source/a.md": "# Title\n\nText.\n"}, languages=())
    assert main(["--project", str(root), "build", "--format", "html"], stdout=io.StringIO(), stderr=io.StringIO()) == 0
    code = "import sys; from pipeline.cli import main; assert main(['--project', sys.argv[1], 'build', '--format', 'html']) == 0"
    heavy = {"rich", "weasyprint", "markdown_it", "jinja2", "pipeline.build", "pipeline.render.pdf"}
    assert heavy & imported_modules(code, str(root)) == set()
