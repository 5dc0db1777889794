"""Checklist templates shipped under resources/templates/, installed into a workspace.

Shipped templates get name-based UUIDs, so every laptop holds the same template
under the same id and a synced visit refers to the same indicators everywhere.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from inspector_desktop.domain import Category
from inspector_desktop.paths import resources_dir
from inspector_desktop.store.models import ChecklistTemplate, Indicator

if TYPE_CHECKING:
    from inspector_desktop.store.db import Workspace

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


def install_templates(ws: "Workspace", folder: Path | None = None) -> int:
    """Add shipped templates the workspace lacks; returns how many were added."""
    added = 0
    # remote=True: shipped content is identical on every copy, not an inspector's edit.
    with ws.write(remote=True) as s:
        have = set(s.execute(sa.select(ChecklistTemplate.code, ChecklistTemplate.version)).all())
        for tf in shipped_templates(folder):
            code, version = tf.key
            if (code, version) in have:
                continue
            tid = template_id(code, version)
            s.add(
                ChecklistTemplate(
                    id=tid,
                    code=code,
                    version=version,
                    title_zh=tf.data["title"]["zh_CN"],
                    title_en=tf.data["title"]["en"],
                )
            )
            for n, ind in enumerate(tf.data["indicators"], start=1):
                s.add(
                    Indicator(
                        id=indicator_id(code, version, ind["code"]),
                        template_id=tid,
                        ordinal=n,
                        code=ind["code"],
                        category=Category(ind["category"]),
                        title_zh=ind["title"]["zh_CN"],
                        title_en=ind["title"]["en"],
                        guidance_zh=ind.get("guidance", {}).get("zh_CN", ""),
                        guidance_en=ind.get("guidance", {}).get("en", ""),
                    )
                )
            added += 1
    return added
