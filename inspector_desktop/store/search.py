"""Full-text search over visit notes and findings (FTS5, trigram; see migration 0002).

The index may lag behind a first sync (migration 0010): the rows from
``search.unindexed_from.<table>`` up are read directly until ``catch_up`` has
indexed them, so a search finds the same records before and after.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector_desktop.store.bookkeeping import Setting

if TYPE_CHECKING:
    from inspector_desktop.store.db import Workspace

# Trigram matching needs three characters; Chinese words are often two
# (食堂, 安全), so shorter terms fall back to a substring scan of the same index.
MIN_TRIGRAM = 3

# The searched tables and their columns, as the index holds them.
SEARCHED = {"visit": ("purpose", "notes"), "finding": ("problem", "evidence", "diagnosis", "recommendation")}
UNINDEXED_FROM = "search.unindexed_from."
CATCH_UP_SLICE = 5_000  # rows indexed per transaction: a local edit never waits long behind one


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def matching_visit_ids(session: Session, text: str) -> sa.Select[tuple[str]]:
    """A SELECT of visit ids whose notes or findings contain every term in ``text``."""
    terms = [t for t in text.split() if t]
    lag = lagging(session)
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
        in_visit = _rowids_matching(visit_fts, term, lag.get("visit"))
        in_findings = sa.select(finding.c.visit_id).where(
            finding.c.rowid.in_(_rowids_matching(finding_fts, term, lag.get("finding")))
        )
        query = query.where(sa.or_(visit.c.rowid.in_(in_visit), visit.c.id.in_(in_findings)))
    return query


def _rowids_matching(fts: sa.TableClause, term: str, unindexed_from: int | None) -> sa.Select[tuple[int]] | sa.CompoundSelect:
    pattern = f"%{_escape_like(term)}%"
    if len(term) >= MIN_TRIGRAM:
        found = sa.select(fts.c.rowid).where(sa.text(f"{fts.name} MATCH :q").bindparams(
            sa.bindparam("q", _quote(term), unique=True)
        ))
    else:
        cols = [c for c in fts.c if c.name != "rowid"]
        found = sa.select(fts.c.rowid).where(sa.or_(*(c.like(pattern, escape="\\") for c in cols)))
    if unindexed_from is None:
        return found
    # Rows the index has not caught up with yet are read as they are.
    name = fts.name.removesuffix("_fts")
    table = sa.table(name, sa.column("rowid"), *(sa.column(c) for c in SEARCHED[name]))
    lagging_rows = sa.select(table.c.rowid).where(
        table.c.rowid >= unindexed_from, sa.or_(*(table.c[c].like(pattern, escape="\\") for c in SEARCHED[name])))
    return sa.union_all(found, lagging_rows)


# ---------------------------------------------------------------- an index that lags


def lagging(s: Session) -> dict[str, int]:
    """Per searched table, the rowid from which rows are not indexed yet (if any)."""
    keys = [UNINDEXED_FROM + name for name in SEARCHED]
    rows = s.execute(sa.select(Setting.key, Setting.value).where(Setting.key.in_(keys)))
    return {key.removeprefix(UNINDEXED_FROM): int(value) for key, value in rows}


def start_lag(s: Session) -> None:
    """From here on, rows written are not indexed until ``catch_up`` (a first sync
    fills the laptop first). Rows the index holds already stay in it."""
    have = lagging(s)
    for name in SEARCHED:
        if name not in have:
            top = s.scalar(sa.text(f"SELECT coalesce(max(rowid), 0) FROM {name}"))
            s.add(Setting(key=UNINDEXED_FROM + name, value=str(top + 1)))
    s.flush()


@contextmanager
def indexed_together(s: Session, name: str) -> Iterator[None]:
    """For a large batch of inserts into ``name``: the rows it adds are indexed in
    one statement at the end (those not lagging), where the insert trigger would
    index them one by one. The trigger is taken out for the batch and put back as
    it was, in the same transaction, so no other writer ever meets the table
    without it. Even a trigger that decides to do nothing cost about a third of
    a first sync's row inserts (SQLite runs its program for every row)."""
    trigger = f"{name}_fts_ai"
    create = s.scalar(sa.text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :name"), {"name": trigger})
    before = s.scalar(sa.text(f"SELECT coalesce(max(rowid), 0) FROM {name}"))
    s.execute(sa.text(f"DROP TRIGGER IF EXISTS {trigger}"))
    try:
        yield
    finally:
        # Put back as it was; a transaction SQLite gave up took the DROP back with it.
        if create and s.connection().connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
            s.execute(sa.text(create))
    # New rows take rowids above the old maximum: index exactly those.
    _index_rows_after(s, name, before)


def _index_rows_after(s: Session, name: str, after_rowid: int) -> None:
    cols = ", ".join(SEARCHED[name])
    lag = lagging(s).get(name)
    s.execute(sa.text(f"INSERT INTO {name}_fts(rowid, {cols}) SELECT rowid, {cols} FROM {name} "
                      "WHERE rowid > :after AND rowid < :lag"), {"after": after_rowid, "lag": 2**62 if lag is None else lag})


def catch_up(ws: Workspace, should_stop: Callable[[], bool] = lambda: False) -> int:
    """Index the rows a first sync left unindexed, a slice per transaction, each
    moving the lag's start up with it; the lag ends when no row is left. Returns
    how many rows were indexed. Stopped midway, it carries on the next time."""
    with ws.read() as s:
        if not lagging(s):
            return 0  # the usual case: nothing to catch up, and no write lock taken
    done = 0
    while not should_stop():
        with ws.write(remote=True) as s:
            lag = lagging(s)
            if not lag:
                return done
            for name, start in lag.items():
                cols = ", ".join(SEARCHED[name])
                end = start + CATCH_UP_SLICE
                done += s.execute(sa.text(f"INSERT INTO {name}_fts(rowid, {cols}) SELECT rowid, {cols} FROM {name} "
                                          "WHERE rowid >= :start AND rowid < :end"), {"start": start, "end": end}).rowcount
                top = s.scalar(sa.text(f"SELECT coalesce(max(rowid), 0) FROM {name}"))
                key = UNINDEXED_FROM + name
                if end > top:
                    s.execute(sa.delete(Setting).where(Setting.key == key))
                else:
                    s.execute(sa.update(Setting).where(Setting.key == key).values(value=str(end)))
    return done
