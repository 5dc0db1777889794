"""Full-text search over visit notes and findings (FTS5, trigram; see migration 0002)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

# Trigram matching needs three characters; Chinese words are often two
# (食堂, 安全), so shorter terms fall back to a substring scan of the same index.
MIN_TRIGRAM = 3


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def matching_visit_ids(session: Session, text: str) -> sa.Select[tuple[str]]:
    """A SELECT of visit ids whose notes or findings contain every term in ``text``."""
    terms = [t for t in text.split() if t]
    visit = sa.table("visit", sa.column("id"), sa.column("rowid"))
    finding = sa.table("finding", sa.column("visit_id"), sa.column("rowid"))
    visit_fts = sa.table("visit_fts", sa.column("rowid"), sa.column("purpose"), sa.column("notes"))
    finding_fts = sa.table(
        "finding_fts",
        sa.column("rowid"),
        sa.column("problem"),
        sa.column("evidence"),
        sa.column("diagnosis"),
        sa.column("recommendation"),
    )
    query = sa.select(visit.c.id)
    for term in terms:
        in_visit = _rowids_matching(visit_fts, term)
        in_findings = sa.select(finding.c.visit_id).where(
            finding.c.rowid.in_(_rowids_matching(finding_fts, term))
        )
        query = query.where(sa.or_(visit.c.rowid.in_(in_visit), visit.c.id.in_(in_findings)))
    return query


def _rowids_matching(fts: sa.TableClause, term: str) -> sa.Select[tuple[int]]:
    if len(term) >= MIN_TRIGRAM:
        return sa.select(fts.c.rowid).where(sa.text(f"{fts.name} MATCH :q").bindparams(
            sa.bindparam("q", _quote(term), unique=True)
        ))
    pattern = f"%{_escape_like(term)}%"
    cols = [c for c in fts.c if c.name != "rowid"]
    return sa.select(fts.c.rowid).where(sa.or_(*(c.like(pattern, escape="\\") for c in cols)))
