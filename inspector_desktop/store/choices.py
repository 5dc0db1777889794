"""What a new visit's form offers to choose from: schools, inspectors, templates."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from inspector_desktop.store.db import Workspace
from inspector_desktop.domain.templates import TemplateStatus
from inspector_desktop.store.models import ChecklistTemplate, Inspector, School, Visit


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    detail: str = ""


def schools(ws: Workspace) -> tuple[Choice, ...]:
    with ws.read() as s:
        rows = s.execute(sa.select(School.id, School.name, School.code).where(School.deleted.is_(False)).order_by(School.code))
        return tuple(Choice(i, n, c) for i, n, c in rows)


def inspectors(ws: Workspace) -> tuple[Choice, ...]:
    with ws.read() as s:
        rows = s.execute(
            sa.select(Inspector.id, Inspector.name, Inspector.code)
            .where(Inspector.deleted.is_(False), Inspector.active.is_(True))
            .order_by(Inspector.code)
        )
        return tuple(Choice(i, n, c) for i, n, c in rows)


@dataclass(frozen=True)
class TemplateChoice:
    id: str
    title_zh: str
    title_en: str
    version: int


def templates(ws: Workspace) -> tuple[TemplateChoice, ...]:
    """The newest published version of each template: a new visit starts on it (a draft is the office's, not yet
    for visits; an older version stays with the visits that started on it)."""
    with ws.read() as s:
        rows = s.execute(
            sa.select(ChecklistTemplate.id, ChecklistTemplate.title_zh, ChecklistTemplate.title_en, ChecklistTemplate.version,
                      ChecklistTemplate.code)
            .where(ChecklistTemplate.deleted.is_(False), ChecklistTemplate.status == TemplateStatus.PUBLISHED)
            .order_by(ChecklistTemplate.code, ChecklistTemplate.version.desc())
        )
        newest: dict[str, TemplateChoice] = {}
        for *choice, code in rows:
            newest.setdefault(code, TemplateChoice(*choice))
        return tuple(newest.values())


def is_empty(ws: Workspace) -> bool:
    """A workspace with no schools and no visits (nothing to choose yet): the first run."""
    with ws.read() as s:
        return not s.scalar(sa.select(sa.func.count()).select_from(School)) and not s.scalar(
            sa.select(sa.func.count()).select_from(Visit)
        )
