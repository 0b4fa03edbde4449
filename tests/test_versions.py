"""The build cache's key names booklet's code, not only its version."""
from __future__ import annotations

import shutil
from pathlib import Path

import pipeline
from pipeline.versions import _code_digest, tool_versions


def test_a_changed_module_or_template_changes_the_key(tmp_path: Path) -> None:
    copy = tmp_path / "pipeline"
    shutil.copytree(Path(pipeline.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = _code_digest(copy)
    assert before == _code_digest(Path(pipeline.__file__).parent)
    assert f"code={before}" in tool_versions() and "code=" not in tool_versions(code=False)

    (copy / "templates" / "booklet.css").write_text((copy / "templates" / "booklet.css").read_text() + "\n/* */\n")
    after_template = _code_digest(copy)
    (copy / "render" / "layout.py").write_text((copy / "render" / "layout.py").read_text() + "\n")
    after_module = _code_digest(copy)
    assert len({before, after_template, after_module}) == 3

    (copy / "__pycache__").mkdir()
    (copy / "__pycache__" / "x.pyc").write_bytes(b"compiled")
    assert _code_digest(copy) == after_module  # compiled files say nothing new
