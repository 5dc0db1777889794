"""Checklist templates shipped under resources/templates/, installed into a workspace
(what they are and their ids: inspector_desktop/checklists.py)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from inspector_desktop.checklists import NAMESPACE, indicator_id, shipped_templates, template_id
from inspector_desktop.domain import Category
from inspector_desktop.store.models import ChecklistTemplate, Indicator

__all__ = ["NAMESPACE", "indicator_id", "install_templates", "shipped_templates", "template_id"]

if TYPE_CHECKING:
    from inspector_desktop.store.db import Workspace

def install_templates(ws: Workspace, folder: Path | None = None) -> int:
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
