"""The checklist templates shipped under resources/templates/, as plain records.

Shipped templates get name-based UUIDs, so every laptop and the server hold the
same template under the same id, and a synced visit, result or finding points
at the same indicators everywhere. The workspace installs them (store/templates.py),
and so does the server (server/templates.py), so that a reference to an indicator
always names a record the server knows.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspector_desktop.paths import resources_dir

NAMESPACE = uuid.UUID("6f1d1c2e-5a0b-4a4e-9d55-1b0f3c9e2a71")


def template_id(code: str, version: int) -> str:
    return str(uuid.uuid5(NAMESPACE, f"template:{code}:{version}"))


def indicator_id(code: str, version: int, indicator_code: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"indicator:{code}:{version}:{indicator_code}"))


@dataclass(frozen=True)
class TemplateFile:
    path: Path
    data: dict[str, Any]

    @property
    def key(self) -> tuple[str, int]:
        return self.data["code"], int(self.data["version"])

    def records(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """(entity, id, wire fields): the template first, then its indicators."""
        code, version = self.key
        tid = template_id(code, version)
        yield "checklist_template", tid, dict(code=code, version=version, title_zh=self.data["title"]["zh_CN"],
                                               title_en=self.data["title"]["en"])
        for n, ind in enumerate(self.data["indicators"], start=1):
            yield "indicator", indicator_id(code, version, ind["code"]), dict(
                template_id=tid,
                ordinal=n,
                code=ind["code"],
                category=ind["category"],
                title_zh=ind["title"]["zh_CN"],
                title_en=ind["title"]["en"],
                guidance_zh=ind.get("guidance", {}).get("zh_CN", ""),
                guidance_en=ind.get("guidance", {}).get("en", ""),
                weight=int(ind.get("weight", 0)),
            )


def shipped_templates(folder: Path | None = None) -> list[TemplateFile]:
    folder = folder or resources_dir() / "templates"
    out = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for key in ("code", "version", "title", "indicators"):
            if key not in data:
                raise ValueError(f"{path.name}: missing '{key}'")
        out.append(TemplateFile(path, data))
    return out
