"""A published checklist version never changes on this laptop either.

Checked once, in the session's flush (store/changes.py), like a signed form:
whichever write tries it, a change to a published version or to one of its
items is refused. Records arriving by sync are the server's, which refuses the
same (server/admission.py), and are not checked again.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector_desktop.domain import DomainError
from inspector_desktop.domain.templates import TemplateStatus
from inspector_desktop.store.checklist_models import ChecklistTemplate, Indicator

_T = ChecklistTemplate.__table__


def refuse_published_edits(session: Session) -> None:
    touched = [o for o in session.dirty if session.is_modified(o)] + list(session.new)
    for obj in touched:
        if isinstance(obj, ChecklistTemplate):
            _refuse_if_published(session, obj.id)
        elif isinstance(obj, Indicator):
            _refuse_if_published(session, obj.template_id)
            committed = sa.inspect(obj).attrs.template_id.history.deleted
            for old in committed or ():  # an item moved out of a published version changes it too
                _refuse_if_published(session, old)


def _refuse_if_published(session: Session, template_id: str | None) -> None:
    if template_id is None:
        return
    row = session.connection().execute(
        sa.select(_T.c.status, _T.c.code, _T.c.version).where(_T.c.id == template_id)
    ).first()
    if row is not None and TemplateStatus(row.status) is TemplateStatus.PUBLISHED:
        raise DomainError("template.published", code=row.code, version=row.version)
