"""Every error the core can raise has words in the one catalogue, wording/errors.py.

The codes are found by reading the core's source (everything but ui/): a code is
the argument a class whose ``__init__`` takes ``code`` is given (DomainError,
Rejected, ApiError, schema.Invalid, ...). A code passed through a helper's
parameter is followed to the helper's callers, a code a helper returns is
followed into the helper, and an f-string code whose variable part is a
parameter or a constructor argument is followed the same way. A code relayed from another error (``bad.code``) is collected where that
error was made. A code the scan cannot follow fails the test, so a new way of
raising is noticed rather than skipped.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from inspector_desktop.ui import errors

PACKAGE = Path(__file__).resolve().parents[2] / "inspector_desktop"


@dataclass
class Found:
    codes: dict[str, set[str]] = field(default_factory=dict)  # code -> where
    families: dict[str, set[str]] = field(default_factory=dict)  # "http." -> where: prefix + a runtime value
    unresolved: list[str] = field(default_factory=list)


def _call_name(call: ast.Call) -> str | None:
    f = call.func
    if isinstance(f, ast.Name):
        return f.id
    if isinstance(f, ast.Attribute):
        return f.attr
    return None


def _params(fn: ast.FunctionDef) -> list[str]:
    return [a.arg for a in fn.args.posonlyargs + fn.args.args]


def _enclosing(node: ast.AST, kind: type) -> ast.AST | None:
    node = getattr(node, "parent", None)
    while node is not None and not isinstance(node, kind):
        node = getattr(node, "parent", None)
    return node


def _argument(call: ast.Call, position: int, name: str) -> ast.AST | None:
    if position < len(call.args):
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == name), None)


def _assigned_value(fn: ast.FunctionDef, name: str) -> ast.AST | None:
    """What ``name`` is set to inside ``fn`` (``name = ...`` or ``name := ...``)."""
    for node in ast.walk(fn):
        if isinstance(node, ast.NamedExpr) and node.target.id == name:
            return node.value
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return node.value
    return None


def core_modules() -> dict[str, ast.Module]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] == "ui":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for parent in ast.walk(tree):
            for child in ast.iter_child_nodes(parent):
                child.parent = parent  # type: ignore[attr-defined]
        out[str(rel)] = tree
    return out


def collect() -> Found:
    modules = core_modules()
    inits: dict[str, ast.FunctionDef] = {}
    bases: dict[str, list[str]] = {}
    functions: dict[str, list[tuple[str, ast.FunctionDef]]] = {}
    for mod, tree in modules.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = [b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases]
                init = next((n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None)
                if init is not None:
                    inits[node.name] = init
            elif isinstance(node, ast.FunctionDef):
                functions.setdefault(node.name, []).append((mod, node))

    def code_position(cls: str) -> int | None:
        """Where ``code`` sits among a class's call arguments (inherited if it has no __init__)."""
        if cls in inits:
            names = _params(inits[cls])[1:]
            return names.index("code") if "code" in names else None
        for base in bases.get(cls, ()):
            pos = code_position(base)
            if pos is not None:
                return pos
        return None

    raisers = {c: p for c in bases if (p := code_position(c)) is not None}
    found = Found()

    def calls_of(name: str, mod: str) -> list[tuple[str, ast.Call]]:
        hits = [(m, n) for m, tree in modules.items() for n in ast.walk(tree)
                if isinstance(n, ast.Call) and _call_name(n) == name]
        # A private helper is called from its own module.
        return [(m, n) for m, n in hits if m == mod] if name.startswith("_") else hits

    def values_of_parameter(fn: ast.FunctionDef, param: str, mod: str, where: str, is_init_of: str | None = None
                            ) -> list[tuple[ast.AST, str]]:
        names = _params(fn)
        index = names.index(param) - (1 if names and names[0] in ("self", "cls") else 0)
        out: list[tuple[ast.AST, str]] = []
        defaults = fn.args.defaults
        all_args = fn.args.posonlyargs + fn.args.args
        offset = len(all_args) - len(defaults)
        pos = all_args.index(next(a for a in all_args if a.arg == param))
        if pos >= offset:
            out.append((defaults[pos - offset], f"{where} (default)"))
        for m, call in calls_of(is_init_of or fn.name, mod):
            arg = _argument(call, index, param)
            if arg is not None:
                out.append((arg, f"{m}:{call.lineno}"))
        return out

    def resolve(node: ast.AST, mod: str, where: str, context: ast.AST, depth: int = 0) -> None:
        if depth > 4:
            found.unresolved.append(where)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.codes.setdefault(node.value, set()).add(where)
        elif isinstance(node, ast.Attribute) and node.attr == "code":
            pass  # relayed from another error, collected where that one was raised
        elif isinstance(node, ast.Name):
            fn = _enclosing(context, ast.FunctionDef)
            if fn is not None and node.id in _params(fn):
                for value, at in values_of_parameter(fn, node.id, mod, where):
                    resolve(value, mod, at, value, depth + 1)
                return
            value = _assigned_value(fn, node.id) if fn is not None else None
            if value is not None and not isinstance(value, ast.Call):
                resolve(value, mod, where, value, depth + 1)  # code = "a" if ... else "b"
                return
            made_by = _call_name(value) if value is not None else None
            if made_by is None or made_by not in functions:
                found.unresolved.append(where)
                return
            # ``if (code := check(...)) is not None: raise Rejected(code)``: what ``check`` returns.
            for m, helper in functions[made_by]:
                for ret in (n for n in ast.walk(helper) if isinstance(n, ast.Return) and n.value is not None):
                    if not (isinstance(ret.value, ast.Constant) and ret.value.value is None):
                        resolve(ret.value, m, f"{m}:{ret.lineno}", ret, depth + 1)
        elif isinstance(node, ast.IfExp):
            resolve(node.body, mod, where, context, depth + 1)
            resolve(node.orelse, mod, where, context, depth + 1)
        elif isinstance(node, ast.JoinedStr):
            parts = node.values
            if parts and isinstance(parts[0], ast.Constant) and all(isinstance(p, ast.Constant) for p in parts[:1]) \
                    and any(isinstance(p, ast.FormattedValue) for p in parts):
                found.families.setdefault(str(parts[0].value), set()).add(where)
                return
            if len(parts) == 2 and isinstance(parts[0], ast.FormattedValue) and isinstance(parts[1], ast.Constant):
                suffix, var = str(parts[1].value), parts[0].value
                values: list[tuple[ast.AST, str]] = []
                if isinstance(var, ast.Name):
                    fn = _enclosing(context, ast.FunctionDef)
                    if fn is not None and var.id in _params(fn):
                        values = values_of_parameter(fn, var.id, mod, where)
                elif isinstance(var, ast.Attribute) and isinstance(var.value, ast.Name) and var.value.id == "self":
                    cls = _enclosing(context, ast.ClassDef)
                    if cls is not None and cls.name in inits and var.attr in _params(inits[cls.name]):
                        values = values_of_parameter(inits[cls.name], var.attr, mod, where, is_init_of=cls.name)
                if not values:
                    found.unresolved.append(where)
                for value, at in values:
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        found.codes.setdefault(value.value + suffix, set()).add(at)
                    else:
                        found.unresolved.append(at)
            else:
                found.unresolved.append(where)
        else:
            found.unresolved.append(where)

    for mod, tree in modules.items():
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            name = _call_name(call)
            where = f"{mod}:{call.lineno}"
            if name in raisers:
                arg = _argument(call, raisers[name], "code")
            elif name == "__init__" and isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Call) \
                    and _call_name(call.func.value) == "super":
                cls = _enclosing(call, ast.ClassDef)
                base = next((b for b in bases.get(cls.name, ()) if b in raisers), None) if cls else None
                if base is None:
                    continue
                arg = _argument(call, raisers[base], "code")
            else:
                continue
            if arg is not None:
                resolve(arg, mod, where, call)
    return found


# Refusals that are not raised as an error with a code: the sync engine's word for a
# rejection the server gave no code for.
NOT_RAISED = {"rejected"}
# Errors that carry no code are worded by their class: these and their subclasses.
WORDED_BY_CLASS = {"StoreError", "SyncError", "CredentialsError"}


def _subclasses(roots: set[str]) -> set[str]:
    bases: dict[str, list[str]] = {}
    for tree in core_modules().values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = [b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases]
    out = set(roots)
    while True:
        more = {name for name, bs in bases.items() if set(bs) & out} - out
        if not more:
            return out
        out |= more


def test_the_scan_follows_every_code_it_meets():
    found = collect()
    assert found.unresolved == [], "a code is raised in a way the scan cannot follow: " + ", ".join(found.unresolved)
    assert len(found.codes) > 80  # the scan really found the core's codes
    for code in ("visit.one_leader_required", "record.forbidden", "auth.invalid_credentials", "record.bad_text",
                 "form.bad_transition", "escalation.reason_required", "rules.invalid", "blob.not_found"):
        assert code in found.codes, code


def test_every_code_the_core_can_raise_has_a_message():
    found = collect()
    missing = sorted(
        f"{code} ({sorted(where)[0]})" for code, where in found.codes.items() if not errors.has_message(code)
    ) + sorted(f"{start}* ({sorted(where)[0]})" for start, where in found.families.items()
               if not errors.has_message(start + "x"))
    missing += sorted(code for code in NOT_RAISED if not errors.has_message(code))
    assert missing == [], "add these to wording/errors.py (and translate them): " + "; ".join(missing)


def test_every_error_without_a_code_has_a_message_for_its_class():
    classes = _subclasses(WORDED_BY_CLASS)
    assert {"NewerDatabaseError", "NetworkError", "AuthError"} <= classes
    assert sorted(c for c in classes if not errors.has_class_message(c)) == []


def test_messages_fill_in_their_parameters_in_words(english):
    from inspector_desktop.domain import DomainError, EscalationKind

    exc = DomainError("escalation.out_of_order", expected=EscalationKind.INTERVIEW.value, kind="accountability")
    assert errors.error_text(exc) == "Steps are taken in order: the next step is Interview, not Accountability."
    assert errors.error_text(DomainError("random_pick.bad_count", count=9, available=4)) == "Choose between 1 and 4 schools."
    # A message naming a parameter the error did not carry still reads.
    assert errors.error_text(DomainError("random_pick.bad_count")) == "Choose between 1 and {available} schools."


def test_unknown_codes_and_unexpected_failures_still_say_something(english):
    from inspector_desktop.domain import DomainError

    assert errors.error_text(DomainError("made.up_code")) == "The change was refused (made.up_code)."
    assert errors.error_text(ValueError("disk full")) == "Something went wrong: disk full"
    assert errors.code_text("http.502") == "The server answered with HTTP error 502."


def test_refusals_from_the_server_are_worded_by_their_code(english):
    from inspector_desktop.store.db import NewerDatabaseError
    from inspector_desktop.sync.transport import AuthError, NetworkError, ServerRefused

    assert errors.error_text(ServerRefused(409, "record.forbidden", "no")) == "Your account may not change this record."
    assert errors.error_text(ServerRefused(418, "teapot.brewing", "short and stout")) == \
        "The server refused the request (teapot.brewing)."
    signed_out = AuthError("The server refused the sign-in (auth.disabled): Disabled. Log in again.")
    assert errors.error_text(signed_out) == "This account is disabled; ask the office administrator."
    assert errors.error_text(AuthError("no code here")) == "The server refused the sign-in; log in again."
    assert errors.error_text(NetworkError("timeout")) == "The server could not be reached; try again later."
    assert errors.error_text(NewerDatabaseError("schema 0099")).startswith("This workspace was written by a newer version")
