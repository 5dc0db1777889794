"""DESIGN.md's layering rules, checked on the source rather than trusted."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "inspector_desktop"
UI = PACKAGE / "ui"
IO_IN_CORE_ONLY = {"sqlalchemy", "requests", "keyring", "reportlab", "alembic", "urllib3", "sqlite3", "sqlcipher3"}


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
    assert _reaches("store", {"reports", "server", "ui"}) == {}
    # The one secret the store fetches itself is the workspace's own key (it cannot
    # open the file without it), in one module; signing keys are handed to it.
    assert _direct_users("store", "credentials") == {"inspector_desktop.store.workspace_key"}
    assert _reaches("reports", {"store", "credentials", "server", "ui"}, spare=frozenset({"cli"})) == {}
    # server.cli shares the commands' Registry, whose workspace door (never run by
    # the server) opens the keyring for the workspace key: the server itself does not.
    assert _reaches("server", {"reports", "credentials", "ui"}, spare=frozenset({"cli"})) == {}


def _direct_users(layer: str, target: str) -> set[str]:
    modules = _modules()
    prefix, wanted = f"inspector_desktop.{layer}", f"inspector_desktop.{target}"
    users = set()
    for m, path in modules.items():
        if m == prefix or m.startswith(prefix + "."):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and (
                        node.module == wanted or any(f"{node.module}.{a.name}" == wanted for a in node.names)):
                    users.add(m)
                elif isinstance(node, ast.Import) and any(a.name == wanted for a in node.names):
                    users.add(m)
    return users


def _unit(module: str) -> str:
    """The part of the package a module belongs to: its subpackage, or itself at the top."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _edges() -> dict[str, set[str]]:
    modules = _modules()
    edges: dict[str, set[str]] = {}
    for name, path in modules.items():
        if ".migrations" in name:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = {node.module} | {f"{node.module}.{a.name}" for a in node.names}
            else:
                continue
            for target in targets & modules.keys():
                if _unit(target) != _unit(name):
                    edges.setdefault(_unit(name), set()).add(_unit(target))
    return edges


def test_no_import_cycles_between_subpackages():
    # Lazy imports count too: a cycle hidden inside a function is still a cycle a
    # newcomer has to hold in their head.
    edges = _edges()
    cycles = []
    for start in edges:
        stack = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for nxt in edges.get(node, ()):
                if nxt == start:
                    cycles.append(" → ".join([*path, start]))
                elif nxt not in path:
                    stack.append((nxt, [*path, nxt]))
    assert sorted(set(cycles)) == []


def test_no_module_is_over_about_400_lines():
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if "migrations" not in p.parts and (n := len(p.read_text(encoding="utf-8").splitlines())) > 420}
    assert long == {}


CORE = ("store", "sync", "reports", "signing", "export", "credentials", "server")


def _core_names(tree: ast.Module) -> set[str]:
    """Names a ui module binds to the core: modules and the functions it imports from them."""
    names = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and any(
                node.module == f"inspector_desktop.{c}" or node.module.startswith(f"inspector_desktop.{c}.") for c in CORE):
            for a in node.names:
                if a.name[:1].islower() and not a.name.isupper():  # functions and modules, not classes or constants
                    names.add(a.asname or a.name)
    return names


# Calls that must run on the GUI thread, each with its reason.
GUI_THREAD_CALLS = {
    # Closing the window writes the last edits before it goes: a worker would be too late.
    ("autosave.py", "flush_blocking"),
    # The visit list reads the 100 rows coming into view, by key, as calibre's models
    # do: a few milliseconds, and a worker would show blank rows while scrolling.
    ("table_models.py", "visit_rows"),
}


def test_ui_calls_the_core_only_through_ops():
    """A widget's methods hand core calls to ops.run_op (inside a lambda or a nested
    function); they never call the core directly on the GUI thread."""
    offenders = []
    for path in sorted(UI.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        core = _core_names(tree)

        def direct_calls(body: list[ast.stmt]) -> list[ast.Call]:
            found, todo = [], list(body)
            while todo:
                node = todo.pop()
                if isinstance(node, ast.Lambda | ast.FunctionDef | ast.AsyncFunctionDef):
                    continue  # deferred: handed to run_op (or a signal), not run here
                if isinstance(node, ast.Call):
                    found.append(node)
                todo.extend(ast.iter_child_nodes(node))
            return found

        for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
            for method in (n for n in cls.body if isinstance(n, ast.FunctionDef)):
                for call in direct_calls(method.body):
                    root = call.func
                    while isinstance(root, ast.Attribute):
                        root = root.value
                    last = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
                    if isinstance(root, ast.Name) and root.id in core and not last[:1].isupper():
                        offenders.append(f"{path.name}:{call.lineno} {ast.unparse(call.func)}")
    allowed = {o for o in offenders if any(o.startswith(f) and o.endswith(n) for f, n in GUI_THREAD_CALLS)}
    assert sorted(set(offenders) - allowed) == []
