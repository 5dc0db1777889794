"""The rules of inspection practice, in plain Python: no Qt, no SQLAlchemy."""

from inspector_desktop.domain.axes import Notice, Planning, Scope, Stage, notice_letter_allowed
from inspector_desktop.domain.errors import DomainError
from inspector_desktop.domain.escalation import EscalationKind
from inspector_desktop.domain.findings import Category, Rating, Severity
from inspector_desktop.domain.forms import FormStatus, ResponseKind, SignatureRole
from inspector_desktop.domain.rectification import RectificationStatus, Verdict
from inspector_desktop.domain.visits import TeamRole, VisitStatus

__all__ = [
    "Category",
    "DomainError",
    "EscalationKind",
    "FormStatus",
    "Notice",
    "Planning",
    "Rating",
    "RectificationStatus",
    "ResponseKind",
    "Scope",
    "Severity",
    "SignatureRole",
    "Stage",
    "TeamRole",
    "Verdict",
    "VisitStatus",
    "notice_letter_allowed",
]
