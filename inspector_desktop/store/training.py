"""The current inspector's training record for a year, against the yearly hours owed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from inspector_desktop.domain.duties import TrainingProgress, training_progress
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.models import Inspector, TrainingRecord
from inspector_desktop.store.profile import current_inspector_id


@dataclass(frozen=True)
class TrainingRow:
    id: str
    attended_on: dt.date
    minutes: int
    title: str
    provider: str


@dataclass(frozen=True)
class TrainingSummary:
    inspector_id: str | None
    inspector_name: str
    year: int
    records: tuple[TrainingRow, ...]
    progress: TrainingProgress


def training_summary(ws: Workspace, year: int) -> TrainingSummary:
    me = current_inspector_id(ws)
    with ws.read() as s:
        name = s.scalar(sa.select(Inspector.name).where(Inspector.id == me)) if me else None
        rows = (
            s.scalars(
                sa.select(TrainingRecord)
                .where(
                    TrainingRecord.inspector_id == me,
                    TrainingRecord.deleted.is_(False),
                    TrainingRecord.attended_on >= dt.date(year, 1, 1),
                    TrainingRecord.attended_on <= dt.date(year, 12, 31),
                )
                .order_by(TrainingRecord.attended_on.desc())
            ).all()
            if me
            else []
        )
        records = tuple(TrainingRow(r.id, r.attended_on, r.minutes, r.title, r.provider) for r in rows)
    return TrainingSummary(me, name or "", year, records, training_progress(r.minutes for r in records))
