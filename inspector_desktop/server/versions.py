"""Versions and pull positions: how a push takes them, and how far a pull may serve.

A change has two numbers. Its *version* names it: field versions, a laptop's
``base_version`` and conflict detection compare these, so on any one record they
must grow in the order its changes commit. Its *position* is where it stands in
pull order: a cursor moves past positions, so no change may ever commit at a
position below one a pull has already served past.

SQLite lets one writer in at a time, so one counter gives both: a writing
transaction takes versions from the ``change_counter`` row (position = version),
they commit in order, and the committed value is pull's high-water mark.

PostgreSQL runs writers side by side, and one counter row locked by every push
made each push wait for the one before it to commit. There:

- the version is ``nextval('record_version')``, taken only once the record's
  row is locked (records.py), so on one record versions still grow in commit order;
- the position is the writing transaction's id (``pg_current_xact_id()``) in the
  high bits and the change's number within that transaction in the low 24, above
  the counter's value (frozen by the migration, so laptops' cursors stay valid);
- a pull serves only positions of transactions older than the oldest one still
  running (``pg_snapshot_xmin(pg_current_snapshot())``). Every transaction below
  that has ended; every change yet to commit belongs to one at or above it, so it
  lands above all that was served, and a cursor never skips it.

Why the transaction id: PostgreSQL already tracks exactly which transactions
have ended, without a lock and for one value per transaction. A sequence alone
numbers changes in the order they were taken, not committed, and a watermark over
it must see numbers held by transactions still running (their rows do not show
them) or wait out the gaps rollbacks leave; numbering at commit still takes a
lock, and rewrites versions already written into field versions and results. The
price: a transaction left open on the same PostgreSQL server holds back what
pulls serve (it never makes them skip anything) until it ends.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import NamedTuple, TypeVar

import sqlalchemy as sa

from inspector_desktop.server import tables as t
from inspector_desktop.server.db import insert_rows, writing

IN_TRANSACTION_BITS = 24  # changes one transaction may make: 16 million
# PostgreSQL's answers that mean "run the transaction again": a serialisation
# failure, a deadlock, and a natural key or id another push stored first (on the
# second run the push finds it, and merges into it or refuses it as it should).
RETRY = {"40001", "40P01", "23505"}
ATTEMPTS = 6

T = TypeVar("T")


class Stamp(NamedTuple):
    version: int
    pos: int


class Versions:
    """The versions and positions of one writing transaction, and the change-log
    rows it stamped (written together by ``save``: one statement, not one a change)."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn
        self.change_log: list[dict[str, object]] = []

    def take(self, n: int) -> list[Stamp]:
        raise NotImplementedError

    def reserve(self, n: int) -> None:
        """Fetch ``n`` versions for records this transaction will create, at once."""

    def refill(self, n: int) -> None:
        """Like ``reserve``, for a caller that now holds the lock of every record it
        will change: versions taken after those locks fit any of them, so versions
        reserved before are dropped."""

    def next(self, new_record: bool = False) -> Stamp:
        """The next stamp; ``new_record``: for a record not stored yet, which any
        fresh version fits (no earlier change of it can commit after this one), or
        one locked before the last ``refill``."""
        return self.take(1)[0]

    def save(self) -> None:
        """Called last, before commit."""
        if self.change_log:
            insert_rows(self.conn, t.record_change, self.change_log)
            self.change_log = []


class CounterVersions(Versions):
    """SQLite: the counter row, whose write lock every writer holds anyway."""

    def __init__(self, conn: sa.Connection) -> None:
        super().__init__(conn)
        self.value = self.start = conn.execute(
            sa.select(t.change_counter.c.value).where(t.change_counter.c.id == t.COUNTER_ROW).with_for_update()
        ).scalar_one()

    def take(self, n: int) -> list[Stamp]:
        self.value += n
        return [Stamp(v, v) for v in range(self.value - n + 1, self.value + 1)]

    def save(self) -> None:
        super().save()
        if self.value != self.start:
            self.conn.execute(
                sa.update(t.change_counter).where(t.change_counter.c.id == t.COUNTER_ROW).values(value=self.value)
            )


class SequenceVersions(Versions):
    """PostgreSQL: versions from the sequence, positions from the transaction id."""

    def __init__(self, conn: sa.Connection) -> None:
        super().__init__(conn)
        self.first_pos: int | None = None  # known once the transaction takes its first version
        self.count = 0
        self.spare: list[int] = []  # reserved for new records

    def _versions(self, n: int) -> list[int]:
        """``n`` versions from the sequence; the first call also learns the position base."""
        if self.first_pos is None:
            row = self.conn.execute(sa.text(
                "SELECT pg_current_xact_id()::text::bigint AS xid,"
                " (SELECT value FROM change_counter WHERE id = :row) AS base,"
                " ARRAY(SELECT nextval('record_version') FROM generate_series(1, :n)) AS versions"),
                dict(row=t.COUNTER_ROW, n=n)).one()
            self.first_pos = row.base + 1 + (row.xid << IN_TRANSACTION_BITS)
            return list(row.versions)
        if n == 1:
            return [self.conn.execute(sa.text("SELECT nextval('record_version')")).scalar_one()]
        return list(self.conn.execute(
            sa.text("SELECT nextval('record_version') FROM generate_series(1, :n)"), dict(n=n)).scalars())

    def _stamp(self, versions: list[int]) -> list[Stamp]:
        if self.count + len(versions) > 1 << IN_TRANSACTION_BITS:
            raise RuntimeError("one transaction made more changes than its positions can number")
        assert self.first_pos is not None
        stamps = [Stamp(v, self.first_pos + self.count + i) for i, v in enumerate(versions)]
        self.count += len(versions)
        return stamps

    def take(self, n: int) -> list[Stamp]:
        return self._stamp(self._versions(n))

    def reserve(self, n: int) -> None:
        if n > 0:
            self.spare.extend(reversed(self._versions(n)))

    def refill(self, n: int) -> None:
        self.spare = []
        self.reserve(n)

    def next(self, new_record: bool = False) -> Stamp:
        if new_record and self.spare:
            return self._stamp([self.spare.pop()])[0]
        return self.take(1)[0]


def for_transaction(conn: sa.Connection) -> Versions:
    return SequenceVersions(conn) if conn.dialect.name == "postgresql" else CounterVersions(conn)


# The last change stored below the horizon of transactions that have all ended.
# pg_current_snapshot() is this statement's own, so every change below that
# horizon is visible to it. The horizon is a scalar, so each max() reads one
# index entry (a join to it made PostgreSQL read every position below it).
_HORIZON = f"""(SELECT value + (pg_snapshot_xmin(pg_current_snapshot())::text::bigint << {IN_TRANSACTION_BITS})
  FROM change_counter WHERE id = :row)"""
_LAST_ENDED = sa.text(f"""
SELECT GREATEST(COALESCE((SELECT max(pos) FROM record WHERE pos <= {_HORIZON}), 0),
                COALESCE((SELECT max(pos) FROM conflict WHERE pos <= {_HORIZON}), 0),
                (SELECT value FROM change_counter WHERE id = :row))""")


def high_water(conn: sa.Connection) -> int:
    """The highest position a pull may serve now: nothing can still commit at or
    below it. It is the position of a stored change (or the counter), so a cursor
    moves only when something changed, as it did with the counter."""
    if conn.dialect.name == "postgresql":
        return conn.execute(_LAST_ENDED, dict(row=t.COUNTER_ROW)).scalar_one()
    return conn.execute(sa.select(t.change_counter.c.value).where(t.change_counter.c.id == t.COUNTER_ROW)).scalar_one()


def write(engine: sa.Engine, work: Callable[[sa.Connection], T]) -> T:
    """Run ``work`` in a writing transaction, again from the start when PostgreSQL
    says two pushes collided (RETRY); nothing of a failed run is kept."""
    for attempt in range(ATTEMPTS):
        try:
            with writing(engine) as conn:
                return work(conn)
        except sa.exc.DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) not in RETRY or attempt == ATTEMPTS - 1:
                raise
        time.sleep(random.uniform(0, 0.005 * 2**attempt))
    raise AssertionError("unreachable")
