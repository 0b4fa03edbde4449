"""The command registry: one module per subcommand, each registering and running it; a light pipeline.cli."""
from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import subprocess
import sys

import pytest

import pipeline.commands
from pipeline.cli import _parser
from pipeline.commands._common import Report

MODULES = sorted(
    info.name for info in pkgutil.iter_modules(pipeline.commands.__path__) if not info.name.startswith("_")
)


def _command(module: str) -> str:
    """The subcommand a module registers: its name, with - for _ and no trailing _ (add_language: add-language; import_: import)."""
    return module.rstrip("_").replace("_", "-")


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    actions = [a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)]
    assert len(actions) == 1
    return dict(actions[0].choices)


def test_the_expected_command_modules_exist():
    expected = {"extract", "init", "add_language", "update", "import_", "build", "check", "status", "normalize", "serve", "xliff", "tmx"}
    assert set(MODULES) == expected
    assert set(pipeline.commands.__all__) == expected


@pytest.mark.parametrize("name", MODULES)
def test_every_command_module_has_register_and_run(name):
    module = importlib.import_module(f"pipeline.commands.{name}")
    assert callable(getattr(module, "register", None)), name
    assert callable(getattr(module, "run", None)), name


@pytest.mark.parametrize("name", MODULES)
def test_a_module_registers_the_subcommand_of_its_name(name):
    module = importlib.import_module(f"pipeline.commands.{name}")
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers(dest="command")
    module.register(subparsers)
    assert list(subparsers.choices) == [_command(name)]


def test_every_subcommand_is_implemented_by_the_module_of_its_name():
    subcommands = _subcommands()
    assert sorted(subcommands) == sorted(_command(name) for name in MODULES)
    for name in MODULES:
        module = importlib.import_module(f"pipeline.commands.{name}")
        assert callable(module.run) and callable(module.register)


def test_the_help_lists_the_commands_in_a_fixed_order():
    assert list(_subcommands()) == ["extract", "init", "add-language", "update", "import", "build", "status", "check", "serve", "normalize", "xliff", "tmx"]


def test_every_reporting_command_has_json_and_serve_has_not():
    for name, parser in _subcommands().items():
        # A command with actions (xliff export, xliff import) reports from each of them.
        nested = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
        leaves = {f"{name} {verb}": sub for action in nested for verb, sub in action.choices.items()} or {name: parser}
        for leaf, leaf_parser in leaves.items():
            options = {option for action in leaf_parser._actions for option in action.option_strings}
            assert ("--json" in options) == (name != "serve"), leaf


def test_the_reports_satisfy_the_report_protocol():
    from pipeline.report import BuildReport
    from pipeline.interchange import InterchangeReport
    from pipeline.report import CatalogReport

    for report in (BuildReport(), CatalogReport(), InterchangeReport()):
        assert isinstance(report, Report)
        assert isinstance(report.summary(), dict)


def test_importing_the_cli_loads_no_heavy_module():
    # What the package root loads (its version, config and errors) is not the CLI's doing: measured first.
    code = (
        "import json, sys; import pipeline; root = set(sys.modules); import pipeline.cli; "
        "print(json.dumps({'root': sorted(root), 'all': sorted(sys.modules)}))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    modules = json.loads(result.stdout)
    added = set(modules["all"]) - set(modules["root"])
    ours = {name for name in added if name.startswith("pipeline.")}
    allowed = {"pipeline.cli", "pipeline.errors", "pipeline.config"}
    assert {name for name in ours if name not in allowed and not name.startswith("pipeline.commands")} == set()
    for heavy in ("pipeline.build", "pipeline.render.pdf", "weasyprint", "rich", "rich.progress"):
        assert heavy not in modules["all"], heavy
