"""Checklist templates and their indicators (items), as the office drafts and publishes them.

A template record is one version (code, version). A published version never
changes (store/template_guard.py on the laptop, server/admission.py on the
server): visits rated on it keep meaning what they meant. Its rating scale and
the items' weights make a visit's score (domain/templates.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspector_desktop.domain import Category
from inspector_desktop.domain.templates import TemplateStatus
from inspector_desktop.store.model_base import Base, Synced, fk


class ChecklistTemplate(Synced, Base):
    __tablename__ = "checklist_template"
    __table_args__ = (sa.UniqueConstraint("code", "version"),)

    code: Mapped[str] = mapped_column(sa.String(64))
    version: Mapped[int]
    title_zh: Mapped[str] = mapped_column(sa.String(200))
    title_en: Mapped[str] = mapped_column(sa.String(200))
    # Versions made before drafts existed (the shipped ones) are published.
    status: Mapped[TemplateStatus] = mapped_column(default=TemplateStatus.PUBLISHED)
    published_at: Mapped[dt.datetime | None]
    published_by: Mapped[str] = mapped_column(sa.String(100), default="")  # the lead, by name
    # Points per rating, e.g. {"good": 4, ...}; empty means domain.templates.DEFAULT_SCALE.
    scale: Mapped[dict[str, Any]] = mapped_column(default=dict)

    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="template", order_by="Indicator.ordinal"
    )


class Indicator(Synced, Base):
    __tablename__ = "indicator"

    template_id: Mapped[str] = fk("checklist_template.id")
    ordinal: Mapped[int]
    code: Mapped[str] = mapped_column(sa.String(64))
    category: Mapped[Category]
    title_zh: Mapped[str] = mapped_column(sa.String(200))
    title_en: Mapped[str] = mapped_column(sa.String(200))
    guidance_zh: Mapped[str] = mapped_column(sa.Text, default="")
    guidance_en: Mapped[str] = mapped_column(sa.Text, default="")
    # Its share of the score; every item 0 (versions made before weights) weighs them evenly.
    weight: Mapped[int] = mapped_column(default=0)

    template: Mapped[ChecklistTemplate] = relationship(back_populates="indicators")
