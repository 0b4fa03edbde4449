"""translate's declared API: what it defines, not what it imports."""
from __future__ import annotations

import ast
from pathlib import Path

from pipeline import translate


def test_translate_declares_only_names_it_defines() -> None:
    """``__all__`` is translate's public API: a name it imports to use
    (source.is_relative) is the other module's, declared there."""
    tree = ast.parse(Path(translate.__file__).read_text(encoding="utf-8"))
    defined = {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    defined |= {
        target.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target]) if isinstance(target, ast.Name)
    }
    assert sorted(set(translate.__all__) - defined) == []
    assert len(translate.__all__) == len(set(translate.__all__))
