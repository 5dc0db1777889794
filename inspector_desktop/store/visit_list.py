"""The visit list: a compact index of every visit, its filter, search and rows.

The list follows calibre's shape: a compact in-memory index of every visit
(key, date, school, the four axes, status) is loaded once, filters run over it
in memory, and the full rows of only the visible keys are fetched on demand.
A full scan of the wide visit table takes ~200 ms at 100 000 visits; filtering
the compact index takes a few milliseconds, which is what a keystroke needs.

Discreet mode is enforced here, not in the widgets: a hidden visit's row never
carries its school or date, so no view can leak them by mistake.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

import sqlalchemy as sa

from inspector_desktop.domain import Notice, Planning, Scope, Stage, TeamRole, VisitStatus
from inspector_desktop.store import search
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.discretion import is_confidential
from inspector_desktop.store.models import Finding, Inspector, School, Visit, VisitTeamMember

# ---------------------------------------------------------------- the visit index

_SCOPES, _STAGES, _PLANNINGS, _NOTICES, _STATUSES = (
    list(Scope), list(Stage), list(Planning), list(Notice), list(VisitStatus),
)


@dataclass(frozen=True)
class VisitFilter:
    scope: Scope | None = None
    stage: Stage | None = None
    planning: Planning | None = None
    notice: Notice | None = None
    status: VisitStatus | None = None
    school_id: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    text: str = ""

    @property
    def narrows_by_place_time_or_text(self) -> bool:
        # Any of these would place a hidden visit at a school or on a day.
        return bool(self.school_id or self.date_from or self.date_to or self.text.strip())


_BITS = (1, 1, 1, 1, 2)  # bits per axis code: scope, stage, planning, notice, status
_SHIFTS = (0, 1, 2, 3, 4)
_HIDEABLE_MASK = (1 << 3) | (3 << 4)
_HIDEABLE = (_NOTICES.index(Notice.UNANNOUNCED) << 3) | (_STATUSES.index(VisitStatus.PLANNED) << 4)


def _pack(codes: Iterable[int]) -> int:
    return sum(c << s for c, s in zip(codes, _SHIFTS))


@dataclass(frozen=True)
class VisitIndex:
    """Every live visit, newest first, in parallel columns (100 000 visits ~ 2 MB).

    Keys, schools and codes are machine-int arrays, not tuples of Python ints: a
    filter pass reads them in order from one block of memory instead of chasing
    100 000 objects scattered over the heap.
    """

    keys: array  # of int
    days: tuple[str, ...]  # ISO dates compare correctly as text; one shared str per day
    schools: array  # of int, index into school_ids
    codes: array  # of int: the four axes and the status, packed by _pack
    school_ids: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.keys)

    def select(
        self,
        flt: VisitFilter,
        today: dt.date,
        discreet: bool = True,
        text_hits: frozenset[int] | None = None,
    ) -> tuple[int, ...]:
        """The keys matching ``flt``: hidden visits first (undated), then newest first."""
        mask = value = 0
        for n, (axis, members) in enumerate(
            ((flt.scope, _SCOPES), (flt.stage, _STAGES), (flt.planning, _PLANNINGS), (flt.notice, _NOTICES), (flt.status, _STATUSES))
        ):
            if axis is not None:
                mask |= ((1 << _BITS[n]) - 1) << _SHIFTS[n]
                value |= members.index(axis) << _SHIFTS[n]
        if flt.school_id is not None and flt.school_id not in self.school_ids:
            return ()
        school = self.school_ids.index(flt.school_id) if flt.school_id is not None else -1
        lo = flt.date_from.isoformat() if flt.date_from else ""
        hi = flt.date_to.isoformat() if flt.date_to else "9999"
        keys = self._matching(mask, value, school, lo, hi, text_hits)
        if not discreet or (value ^ _HIDEABLE) & mask & _HIDEABLE_MASK:
            return tuple(keys)  # revealed, or the filter itself rules hidden visits out
        # Only a visit dated today or later can be hidden, and those lead the index.
        hidden = self._matching(mask | _HIDEABLE_MASK, value | _HIDEABLE, school, lo, hi, text_hits, self._dated_from(today))
        if not hidden:
            return tuple(keys)
        hidden_set = set(hidden)
        rest = tuple(k for k in keys if k not in hidden_set)
        if flt.narrows_by_place_time_or_text:
            return rest  # listed under a school, a date or a search, a hidden entry would give it away
        # Hidden entries keep key order, not date order: their position must not hint a date.
        return tuple(sorted(hidden)) + rest

    def _matching(
        self, mask: int, value: int, school: int, lo: str, hi: str, text_hits: frozenset[int] | None, stop: int | None = None
    ) -> list[int]:
        # One pass, cheapest tests first, keeping only keys: at 100 000 visits a
        # keystroke's answer is a list of ints, not a tuple per visit.
        return [
            key
            for key, day, sch, code in islice(zip(self.keys, self.days, self.schools, self.codes), stop)
            if code & mask == value
            and (school < 0 or sch == school)
            and lo <= day <= hi
            and (text_hits is None or key in text_hits)
        ]

    def _dated_from(self, day: dt.date) -> int:
        """How many entries, from the first, are dated ``day`` or later (the index is newest first)."""
        target, lo, hi = day.isoformat(), 0, len(self.days)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.days[mid] >= target:
                lo = mid + 1
            else:
                hi = mid
        return lo


def load_visit_index(ws: Workspace) -> VisitIndex:
    v = Visit.__table__.c
    # Read in the table's own order, then sort here: a date-ordered read jumps between
    # the table's pages, and on the encrypted workspace every page that has left the
    # page cache is decrypted again, so that read wanted the whole table (36 MB at
    # 100 000 visits) cached. In file order each page is read, and decrypted, once.
    stmt = sa.select(sa.literal_column("visit.rowid"), v.planned_on, v.school_id, v.scope, v.stage, v.planning, v.notice, v.status).where(
        v.deleted.is_(False)
    )
    maps = [{m.value: i for i, m in enumerate(e)} for e in (_SCOPES, _STAGES, _PLANNINGS, _NOTICES, _STATUSES)]
    school_pos: dict[str, int] = {}
    day_pos: dict[str, int] = {}
    code_cache: dict[tuple[str, ...], int] = {}
    # Straight into machine-int columns, in the file's order: no Python object per
    # visit outlives its batch (a tuple per visit, 100 000 of them, took some 15 MB
    # at the window's busiest moment, the index loading while Today fills).
    keys, days, schools, codes = array("q"), array("l"), array("l"), array("B")
    # Raw driver rows in batches: dates stay ISO text and enums stay strings (ORM
    # conversion of 100 000 rows would cost more than the scan).
    compiled = stmt.compile(dialect=ws.engine.dialect, compile_kwargs={"literal_binds": True})
    with ws.engine.connect() as conn:
        result = conn.exec_driver_sql(str(compiled))
        while batch := result.fetchmany(5000):
            for key, day, school_id, *axes in batch:
                t = tuple(axes)
                code = code_cache.get(t)
                if code is None:
                    code = code_cache[t] = _pack(m[a] for m, a in zip(maps, axes))
                keys.append(key)
                days.append(day_pos.setdefault(day, len(day_pos)))
                schools.append(school_pos.setdefault(school_id, len(school_pos)))
                codes.append(code)
    return _newest_first(keys, days, schools, codes, tuple(day_pos), tuple(school_pos))


def _newest_first(keys: array, days: array, schools: array, codes: array, day_texts: tuple[str, ...],
                  school_ids: tuple[str, ...]) -> VisitIndex:
    """The columns sorted newest first; on one day, the later-made visit first."""
    by_date = sorted(range(len(day_texts)), key=day_texts.__getitem__)
    rank = array("l", bytes(array("l").itemsize * len(day_texts)))
    for r, d in enumerate(by_date):
        rank[d] = r
    # One int per visit orders them: (date, key) in the high bits, its position in the
    # low ones. Unique, so sorting ints alone gives the order tuples would.
    base = min(keys, default=0)  # rowids are positive, but nothing here needs them to be
    pos_bits, key_bits = max(len(keys), 1).bit_length(), max(max(keys, default=0) - base, 1).bit_length()
    order = [((rank[d] << key_bits | k - base) << pos_bits) | i for i, (d, k) in enumerate(zip(days, keys))]
    order.sort(reverse=True)
    low = (1 << pos_bits) - 1
    pos = array("l", [o & low for o in order])
    del order
    return VisitIndex(
        array("q", [keys[i] for i in pos]),
        tuple([day_texts[days[i]] for i in pos]),
        array("l", [schools[i] for i in pos]),
        array("B", [codes[i] for i in pos]),
        school_ids,
    )


def search_visit_keys(ws: Workspace, text: str) -> frozenset[int]:
    """Keys of visits whose notes or findings contain every term of ``text`` (FTS5)."""
    with ws.read() as s:
        ids = search.matching_visit_ids(s, text).subquery()
        # The table's column, not the ORM attribute: an ORM query fetches all its rows
        # before the first is handed over (some 47 000 for a one-character term); a
        # plain one streams them into the set.
        visit = Visit.__table__
        rows = s.execute(
            sa.select(sa.literal_column("visit.rowid")).select_from(visit).where(visit.c.id.in_(sa.select(ids.c.id)))
        ).scalars()
        return frozenset(rows)


# ---------------------------------------------------------------- visit rows


@dataclass(frozen=True)
class VisitRow:
    key: int
    id: str
    hidden: bool
    confidential: bool  # hidden now, or would be hidden if not revealed
    school_id: str | None
    school_name: str  # "" when hidden
    planned_on: dt.date | None  # None when hidden
    scope: Scope
    stage: Stage
    planning: Planning
    notice: Notice
    status: VisitStatus
    leader: str
    findings: int


def visit_rows(ws: Workspace, keys: Sequence[int], today: dt.date, revealed: bool = False) -> dict[int, VisitRow]:
    if not keys:
        return {}
    rowid = sa.literal_column("visit.rowid")
    with ws.read() as s:
        # The columns a row shows, not whole visits: Today asks for thousands at 100 000 visits.
        rows = s.execute(
            sa.select(rowid.label("visit_key"), *_ROW_COLUMNS, School.name.label("school_name"))
            .join(School, School.id == Visit.school_id).where(rowid.in_(list(keys)))
        ).all()
        ids = [r.id for r in rows]
        leaders = dict(
            s.execute(
                sa.select(VisitTeamMember.visit_id, Inspector.name)
                .join(Inspector, Inspector.id == VisitTeamMember.inspector_id)
                .where(VisitTeamMember.visit_id.in_(ids), VisitTeamMember.role == TeamRole.LEADER)
            ).all()
        )
        counts = dict(
            s.execute(
                sa.select(Finding.visit_id, sa.func.count())
                .where(Finding.visit_id.in_(ids), Finding.deleted.is_(False))
                .group_by(Finding.visit_id)
            ).all()
        )
        out = {}
        for v in rows:
            out[v.visit_key] = _visit_row(v.visit_key, v, v.school_name, leaders.get(v.id, ""), counts.get(v.id, 0), today, revealed)
        return out


_ROW_COLUMNS = (Visit.id, Visit.school_id, Visit.planned_on, Visit.scope, Visit.stage, Visit.planning, Visit.notice,
                Visit.status)


def _visit_row(key: int, v: Any, school_name: str, leader: str, findings: int, today: dt.date, revealed: bool) -> VisitRow:
    confidential = is_confidential(v.notice, v.status, v.planned_on, today)
    hidden = confidential and not revealed
    return VisitRow(
        key=key,
        id=v.id,
        hidden=hidden,
        confidential=confidential,
        school_id=None if hidden else v.school_id,
        school_name="" if hidden else school_name,
        planned_on=None if hidden else v.planned_on,
        scope=v.scope,
        stage=v.stage,
        planning=v.planning,
        notice=v.notice,
        status=v.status,
        leader="" if hidden else leader,
        findings=findings,
    )


def visit_key(ws: Workspace, visit_id: str) -> int | None:
    with ws.read() as s:
        return s.scalar(sa.select(sa.literal_column("visit.rowid")).select_from(Visit.__table__).where(Visit.id == visit_id))
