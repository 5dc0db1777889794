"""Every message key a console command can raise or say names a sentence in the
command catalogue (wording/cli.py), so no command can stop on a missing message
or print a raw key. The keys are read from the source: the first argument of
CommandError and its subclasses, and of wording.cli.say."""

from __future__ import annotations

import ast
from pathlib import Path

from inspector_desktop.wording.cli import MESSAGES

PACKAGE = Path(__file__).resolve().parents[2] / "inspector_desktop"
RAISERS = {"CommandError", "AdminError", "DeviceError"}


def _keys() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # ``say`` here means wording.cli's, imported by that name (office_words has a say of its own).
        says = any(isinstance(n, ast.ImportFrom) and n.module == "inspector_desktop.wording.cli"
                   and any(a.name == "say" for a in n.names) for n in ast.walk(tree)) or path.name == "cli.py" and path.parent.name == "wording"
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            if name in RAISERS or (name == "say" and says and isinstance(f, ast.Name)):
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.setdefault(first.value, f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def test_every_command_message_key_has_its_sentence():
    keys = _keys()
    assert len(keys) > 40  # the scan really found the commands' messages
    missing = sorted(f"{key} ({where})" for key, where in keys.items() if key not in MESSAGES)
    assert missing == [], "add these to wording/cli.py MESSAGES (and translate them): " + "; ".join(missing)
