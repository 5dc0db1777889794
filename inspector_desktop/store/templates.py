"""Checklist templates in a workspace: the shipped ones installed (what they are and
their ids: inspector_desktop/checklists.py), and the office's drafts and versions.

A lead drafts the next version from a published one, edits its items, weights
and rating scale, and publishes it; sync takes it to every laptop. A published
version never changes (store/template_guard.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from inspector_desktop.checklists import NAMESPACE, indicator_id, shipped_templates, template_id
from inspector_desktop.domain import Category, DomainError, Rating
from inspector_desktop.domain.templates import TemplateStatus, check_publishable, effective_weights, scale_of
from inspector_desktop.store.checks import live
from inspector_desktop.store.models import ChecklistTemplate, Indicator, Inspector, utcnow
from inspector_desktop.store.profile import CURRENT_INSPECTOR
from inspector_desktop.store.roles import require_lead

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
                        weight=int(ind.get("weight", 0)),
                    )
                )
            added += 1
    return added


# ---------------------------------------------------------------- the office's editor


@dataclass(frozen=True)
class TemplateVersion:
    """One version in the office's list."""

    id: str
    code: str
    version: int
    title_zh: str
    title_en: str
    status: TemplateStatus
    published_at: dt.datetime | None
    published_by: str
    items: int


@dataclass(frozen=True)
class DraftItem:
    """One item as the editor holds it; ``id`` None for an item added in the editor."""

    id: str | None
    code: str
    category: Category
    title_zh: str
    title_en: str
    guidance_zh: str = ""
    guidance_en: str = ""
    weight: int = 0


@dataclass(frozen=True)
class TemplateContent:
    id: str
    code: str
    version: int
    title_zh: str
    title_en: str
    status: TemplateStatus
    scale: dict[Rating, int]
    items: tuple[DraftItem, ...]

    @property
    def total_weight(self) -> int:
        return sum(i.weight for i in self.items)


def versions(ws: Workspace) -> tuple[TemplateVersion, ...]:
    """Every version of every template, by code, newest version first."""
    with ws.read() as s:
        counts = dict(s.execute(sa.select(Indicator.template_id, sa.func.count()).where(Indicator.deleted.is_(False))
                                .group_by(Indicator.template_id)).all())
        rows = s.scalars(sa.select(ChecklistTemplate).where(ChecklistTemplate.deleted.is_(False))
                         .order_by(ChecklistTemplate.code, ChecklistTemplate.version.desc()))
        return tuple(TemplateVersion(t.id, t.code, t.version, t.title_zh, t.title_en, t.status, t.published_at,
                                     t.published_by, counts.get(t.id, 0)) for t in rows)


def content(ws: Workspace, template_id: str) -> TemplateContent:
    with ws.read() as s:
        t = live(s, ChecklistTemplate, template_id)
        items = [i for i in t.indicators if not i.deleted]
        weights = [i.weight for i in items]
        if t.status is TemplateStatus.PUBLISHED:
            weights = effective_weights(weights)  # as the score counts them
        return TemplateContent(
            t.id, t.code, t.version, t.title_zh, t.title_en, t.status, scale_of(t.scale),
            tuple(DraftItem(i.id, i.code, i.category, i.title_zh, i.title_en, i.guidance_zh, i.guidance_en, w)
                  for i, w in zip(items, weights, strict=True)),
        )


def new_version(ws: Workspace, template_id: str) -> str:
    """A draft of the next version made from this one (the items, their weights and the
    scale copied); a draft already open for the template is returned instead."""
    require_lead(ws, "template.lead_only")
    with ws.write() as s:
        old = live(s, ChecklistTemplate, template_id)
        same = sa.select(ChecklistTemplate).where(ChecklistTemplate.code == old.code, ChecklistTemplate.deleted.is_(False))
        draft = s.scalar(same.where(ChecklistTemplate.status == TemplateStatus.DRAFT))
        if draft is not None:
            return draft.id
        top = s.scalar(sa.select(sa.func.max(ChecklistTemplate.version)).where(ChecklistTemplate.code == old.code)) or 0
        new = ChecklistTemplate(code=old.code, version=top + 1, title_zh=old.title_zh, title_en=old.title_en,
                                status=TemplateStatus.DRAFT, scale={r.value: p for r, p in scale_of(old.scale).items()})
        s.add(new)
        s.flush()
        items = [i for i in old.indicators if not i.deleted]
        for n, (i, w) in enumerate(zip(items, effective_weights([i.weight for i in items]), strict=True), start=1):
            s.add(Indicator(template_id=new.id, ordinal=n, code=i.code, category=i.category, title_zh=i.title_zh,
                            title_en=i.title_en, guidance_zh=i.guidance_zh, guidance_en=i.guidance_en, weight=w))
        return new.id


def save_draft(ws: Workspace, template_id: str, title_zh: str, title_en: str, scale: dict[Rating, int],
               items: list[DraftItem]) -> None:
    """The draft as the editor shows it, in one transaction: items in this order,
    edited, added, and the ones no longer listed removed. A published version is
    refused (store/template_guard.py)."""
    require_lead(ws, "template.lead_only")
    if not title_zh.strip() and not title_en.strip():
        raise DomainError("template.title_required")
    with ws.write() as s:
        t = live(s, ChecklistTemplate, template_id)
        t.title_zh, t.title_en = title_zh.strip(), title_en.strip()
        wanted = {r.value: int(p) for r, p in scale.items() if r is not Rating.NOT_ASSESSED}
        if t.scale != wanted:
            t.scale = wanted
        held = {i.id: i for i in t.indicators if not i.deleted}
        for n, item in enumerate(items, start=1):
            row = held.pop(item.id, None) if item.id else None
            if row is None:
                row = Indicator(template_id=t.id, ordinal=n, code="", category=item.category, title_zh="", title_en="")
                s.add(row)
            for name, value in (("ordinal", n), ("code", item.code.strip()), ("category", item.category),
                                ("title_zh", item.title_zh.strip()), ("title_en", item.title_en.strip()),
                                ("guidance_zh", item.guidance_zh), ("guidance_en", item.guidance_en),
                                ("weight", max(0, int(item.weight)))):
                if getattr(row, name) != value:
                    setattr(row, name, value)
        for gone in held.values():
            gone.deleted = True


def publish(ws: Workspace, template_id: str) -> None:
    """Publish a draft: from now on it is offered for new visits and never changes.
    Refused in words while its weights do not total 100 or an item lacks its code."""
    require_lead(ws, "template.lead_only")
    with ws.write() as s:
        t = live(s, ChecklistTemplate, template_id)
        if t.status is TemplateStatus.PUBLISHED:
            raise DomainError("template.published", code=t.code, version=t.version)
        items = [i for i in t.indicators if not i.deleted]
        check_publishable([i.weight for i in items], [i.code for i in items])
        me = s.get(Inspector, ws.setting(CURRENT_INSPECTOR) or "")
        t.status, t.published_at, t.published_by = TemplateStatus.PUBLISHED, utcnow(), me.name if me else ""
