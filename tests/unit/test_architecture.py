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
    users = [p.name for p in PACKAGE.rglob("*.py") if "keyring" in _imports(p)]
    assert set(users) <= {"credentials.py"}
