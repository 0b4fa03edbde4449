"""The booklet commands: one module per verb, each with ``register(subparsers)`` and ``run(args, project, stdout, stderr)``."""
from __future__ import annotations

__all__ = ["extract", "init", "add_language", "update", "import_", "build", "status", "check", "serve", "normalize", "xliff", "tmx"]
