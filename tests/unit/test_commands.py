"""The subcommand registry: features register without importing the entry point,
and the server shares the SQLite set-up without importing the laptop's store."""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
from pathlib import Path

import pytest

from inspector_desktop.commands import Registry

PACKAGE = Path(__file__).resolve().parents[2] / "inspector_desktop"


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def test_only_the_launcher_imports_the_entry_point():
    importers = sorted(
        str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
        if p.name != "cli.py" and "inspector_desktop.cli" in _imported_modules(p)
    )
    assert importers == ["__main__.py"]


def test_the_server_never_imports_the_laptop_store():
    users = sorted(
        str(p.relative_to(PACKAGE)) for p in (PACKAGE / "server").rglob("*.py")
        if any(m == "inspector_desktop.store" or m.startswith("inspector_desktop.store.") for m in _imported_modules(p))
    )
    assert users == []


def test_feature_commands_import_without_the_entry_point_or_the_gui():
    code = (
        "import sys, inspector_desktop.export, inspector_desktop.sync.cli, inspector_desktop.reports.cli\n"
        "from inspector_desktop.commands import DESKTOP\n"
        "assert 'inspector_desktop.cli' not in sys.modules\n"
        "assert not any(m.startswith(('inspector_desktop.ui', 'PySide6')) for m in sys.modules)\n"
        "print(sorted(c.name for c in DESKTOP))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['export', 'notice', 'sheet', 'sync', 'verify']"


def test_a_registry_builds_subparsers_in_order_and_refuses_a_second_claim():
    reg = Registry()

    @reg.command("b", "second letter", lambda p: p.add_argument("--n", type=int, default=1))
    def b(args: argparse.Namespace) -> int:
        return args.n

    @reg.command("a", "first letter")
    def a(args: argparse.Namespace) -> int:
        return 0

    parser = argparse.ArgumentParser(prog="t")
    reg.add_to(parser, common=lambda p: p.add_argument("--db"), required=True)
    args = parser.parse_args(["b", "--n", "7", "--db", "x"])
    assert reg[args.command].run(args) == 7 and args.db == "x"
    assert [c.name for c in reg] == ["b", "a"]
    with pytest.raises(ValueError):
        reg.command("a", "again")(lambda args: 1)
