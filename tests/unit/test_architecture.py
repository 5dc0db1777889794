"""DESIGN.md's layering rules, checked on the source rather than trusted."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "inspector_desktop"
UI = PACKAGE / "ui"
IO_IN_CORE_ONLY = {"sqlalchemy", "requests", "keyring", "reportlab", "alembic", "urllib3", "sqlite3"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_pyside6_only_inside_ui():
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if UI not in p.parents and "PySide6" in _imports(p)
    ]
    assert offenders == []


def test_no_sql_http_keyring_or_pdf_inside_ui():
    offenders = {
        str(p.relative_to(PACKAGE)): sorted(_imports(p) & IO_IN_CORE_ONLY)
        for p in UI.rglob("*.py")
        if _imports(p) & IO_IN_CORE_ONLY
    }
    assert offenders == {}


def test_domain_is_plain_python():
    for p in (PACKAGE / "domain").rglob("*.py"):
        assert not _imports(p) & {"PySide6", "sqlalchemy", "requests"}, p


def test_only_credentials_touches_keyring():
    users = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if "keyring" in _imports(p)]
    assert set(users) <= {"credentials.py"}


def _modules() -> dict[str, Path]:
    found = {}
    for p in PACKAGE.rglob("*.py"):
        parts = p.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = p
    return found


def _reachable(start: str, modules: dict[str, Path]) -> set[str]:
    """The package's modules that ``start`` imports, directly or through others, lazily or not."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        for node in ast.walk(ast.parse(modules[todo.pop()].read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = {node.module} | {f"{node.module}.{a.name}" for a in node.names}
            else:
                continue
            for name in names & modules.keys() - seen:
                seen.add(name)
                todo.append(name)
    return seen


def _reaches(layer: str, forbidden: set[str], spare: frozenset[str] = frozenset()) -> dict[str, list[str]]:
    modules = _modules()
    prefix = f"inspector_desktop.{layer}"
    out = {}
    for m in modules:
        if (m == prefix or m.startswith(prefix + ".")) and m.rsplit(".", 1)[-1] not in spare:
            bad = sorted(d for d in _reachable(m, modules)
                         if any(d == f"inspector_desktop.{f}" or d.startswith(f"inspector_desktop.{f}.") for f in forbidden))
            if bad:
                out[m] = bad
    return out


def test_signing_sits_below_store_reports_and_server():
    # Store seals forms without the keyring (the signer hands it the key) and without
    # the PDF code; reports print snapshots without opening the store; the server
    # checks seals without reportlab. Commands (cli) are where the layers meet.
    assert _reaches("signing", {"store", "reports", "server", "ui", "sync"}) == {}
    assert _reaches("store", {"reports", "credentials", "server", "ui"}) == {}
    assert _reaches("reports", {"store", "credentials", "server", "ui"}, spare=frozenset({"cli"})) == {}
    assert _reaches("server", {"reports", "credentials", "ui"}) == {}
