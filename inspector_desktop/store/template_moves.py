"""Moving a visit to another version of its checklist template, field by field.

A visit keeps the version it started with, whatever the office publishes later:
its ratings stay on that version's items. The inspector may move a visit not yet
certified by a signed form to another published version of the same template.
Items are matched by their code: a rating on a kept item moves to the new
version's item, an item only the new version has starts unrated, and an item
the new version dropped keeps its rating and observation on the old version's
item, untouched, so moving back brings them back (the cheap undo). The plan is
shown first (``plan_move``); ``move_visit`` applies it in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector_desktop.domain import DomainError, Rating
from inspector_desktop.domain.forms import is_locked
from inspector_desktop.domain.templates import TemplateStatus
from inspector_desktop.store.checks import live
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.models import (
    Attachment,
    ChecklistTemplate,
    FeedbackForm,
    Finding,
    Indicator,
    IndicatorResult,
    Visit,
)

KEPT, NEW, DROPPED = "kept", "new", "dropped"


@dataclass(frozen=True)
class MovedItem:
    code: str
    outcome: str  # KEPT | NEW | DROPPED
    title_zh: str  # the new version's title; a dropped item's own
    title_en: str
    rating: Rating  # what the visit holds for it now
    observation: str
    files: int
    findings: int


@dataclass(frozen=True)
class TemplateMove:
    visit_id: str
    from_id: str
    to_id: str
    from_version: int
    to_version: int
    title_zh: str
    title_en: str
    items: tuple[MovedItem, ...]

    def of(self, outcome: str) -> tuple[MovedItem, ...]:
        return tuple(i for i in self.items if i.outcome == outcome)

    @property
    def set_aside(self) -> tuple[MovedItem, ...]:
        """Dropped items that hold something: kept on the old version, and said so."""
        return tuple(i for i in self.of(DROPPED)
                     if i.rating is not Rating.NOT_ASSESSED or i.observation.strip() or i.files or i.findings)


@dataclass(frozen=True)
class NewerVersion:
    id: str
    version: int


def newer_version(s: Session, template_id: str | None) -> NewerVersion | None:
    """The latest published version of this template's code, when it is newer than this one."""
    if template_id is None:
        return None
    t = s.get(ChecklistTemplate, template_id)
    if t is None:
        return None
    row = s.execute(
        sa.select(ChecklistTemplate.id, ChecklistTemplate.version)
        .where(ChecklistTemplate.code == t.code, ChecklistTemplate.deleted.is_(False),
               ChecklistTemplate.status == TemplateStatus.PUBLISHED, ChecklistTemplate.version > t.version)
        .order_by(ChecklistTemplate.version.desc()).limit(1)
    ).first()
    return NewerVersion(row.id, row.version) if row else None


def plan_move(ws: Workspace, visit_id: str, to_id: str) -> TemplateMove:
    with ws.read() as s:
        return _plan(s, visit_id, to_id)


def move_visit(ws: Workspace, visit_id: str, to_id: str) -> str:
    """Move the visit to version ``to_id`` as ``plan_move`` showed; returns the version
    it was on, to move it back."""
    with ws.write() as s:
        plan = _plan(s, visit_id, to_id)
        old_items, new_items = _items(s, plan.from_id), _items(s, plan.to_id)
        results = {r.indicator_id: r for r in s.scalars(sa.select(IndicatorResult).where(IndicatorResult.visit_id == visit_id))}
        for code, old in old_items.items():
            new = new_items.get(code)
            if new is None:
                continue
            row = results.get(old.id)
            if row is not None and new.id not in results:  # a line already on the new item stays as it is
                row.indicator_id = new.id
            for f in s.scalars(sa.select(Finding).where(Finding.visit_id == visit_id, Finding.indicator_id == old.id)):
                f.indicator_id = new.id
        live(s, Visit, visit_id).template_id = plan.to_id
        return plan.from_id


def _plan(s: Session, visit_id: str, to_id: str) -> TemplateMove:
    visit = s.get(Visit, visit_id)
    if visit is None or visit.deleted:
        raise DomainError("visit.not_found", id=visit_id)
    signed = s.scalars(sa.select(FeedbackForm.status).where(FeedbackForm.visit_id == visit_id,
                                                            FeedbackForm.deleted.is_(False)))
    if any(is_locked(status) for status in signed):
        raise DomainError("template.visit_signed")
    target = live(s, ChecklistTemplate, to_id)
    source = s.get(ChecklistTemplate, visit.template_id) if visit.template_id else None
    if source is None or source.code != target.code:
        raise DomainError("template.other_template")
    if source.id == target.id:
        raise DomainError("template.same_version", version=target.version)
    if target.status is not TemplateStatus.PUBLISHED:
        raise DomainError("template.not_published", version=target.version)
    old_items, new_items = _items(s, source.id), _items(s, target.id)
    results = {r.indicator_id: r for r in s.scalars(sa.select(IndicatorResult).where(IndicatorResult.visit_id == visit_id))}
    files = dict(s.execute(sa.select(Attachment.indicator_result_id, sa.func.count())
                           .where(Attachment.indicator_result_id.in_([r.id for r in results.values()]),
                                  Attachment.deleted.is_(False))
                           .group_by(Attachment.indicator_result_id)).all())
    findings = dict(s.execute(sa.select(Finding.indicator_id, sa.func.count())
                              .where(Finding.visit_id == visit_id, Finding.deleted.is_(False))
                              .group_by(Finding.indicator_id)).all())

    def item(code: str, outcome: str, shown: Indicator, held: Indicator | None) -> MovedItem:
        r = results.get(held.id) if held is not None else None
        return MovedItem(code, outcome, shown.title_zh, shown.title_en, r.rating if r else Rating.NOT_ASSESSED,
                         r.observation if r else "", files.get(r.id, 0) if r else 0,
                         findings.get(held.id, 0) if held is not None else 0)

    items = [item(code, KEPT if code in old_items else NEW, ind, old_items.get(code)) for code, ind in new_items.items()]
    items += [item(code, DROPPED, ind, ind) for code, ind in old_items.items() if code not in new_items]
    return TemplateMove(visit_id, source.id, target.id, source.version, target.version, target.title_zh,
                        target.title_en, tuple(items))


def _items(s: Session, template_id: str) -> dict[str, Indicator]:
    """A version's items by code, in order."""
    return {i.code: i for i in s.scalars(sa.select(Indicator).where(Indicator.template_id == template_id,
                                                                   Indicator.deleted.is_(False))
                                         .order_by(Indicator.ordinal))}
