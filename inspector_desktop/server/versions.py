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
- a pull serves only positions of transactions older than the oldest one that
  may still commit a position (the *horizon*). Every change yet to commit belongs
  to a transaction at or above it, so it lands above all that was served, and a
  cursor never skips it.

The horizon counts only this server's own position-taking transactions, so an
unrelated transaction left open on the same PostgreSQL (an admin's psql session,
a long import, another database's work) does not hold back what pulls serve:

- a transaction that takes positions first *announces* itself: it takes a shared
  transaction-level advisory lock (TAKES_POSITIONS, the record table) before it
  has a transaction id, and checks it had none (else a pull could already have
  passed over its id). It is held until the transaction ends: PostgreSQL releases
  advisory locks after the lock on the transaction's own id, and that after the
  transaction stopped counting as running. It is taken outside any savepoint, whose
  rollback would release it;
- ``high_water`` takes one snapshot S and one reading of the lock table, L (taken
  after S, and self-consistent: PostgreSQL copies its main lock table, where both
  kinds of lock live, under all its partition locks). The horizon is the least of S's xmax and every id S saw running,
  except an id that L shows still running (it holds the lock on its own id) whose
  transaction holds no announcement. That one is no positions-taker: a taker had
  announced before it had the id S saw, and keeps the announcement for as long as
  that lock. An id S saw running that has ended by L still counts (its rows are
  invisible to S), as does one that has not yet locked its own id; a transaction
  with no id at S gets one at or above S's xmax;
- so every id below the horizon either ended before S (its changes are visible
  to S and to every later reading) or never takes a position. Hence every server
  process writing to one database must announce: one from before this rule left
  running beside a newer one (during an upgrade) would go unseen.

Why the transaction id: PostgreSQL already tracks exactly which transactions
have ended, without a lock and for one value per transaction. A sequence alone
numbers changes in the order they were taken, not committed, and a watermark over
it must see numbers held by transactions still running (their rows do not show
them) or wait out the gaps rollbacks leave; numbering at commit still takes a
lock, and rewrites versions already written into field versions and results. The
price: one more statement per push (the announcement), and a pull reads the lock
table when some transaction is running; a push left open still holds back what
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
        # Announced before PostgreSQL numbers the transaction (see the docstring):
        # a transaction numbered already could have been passed over by a pull.
        if conn.execute(_ANNOUNCE, dict(key=TAKES_POSITIONS)).scalar() is not None:
            raise RuntimeError("a transaction must announce it takes positions before it takes a transaction id")
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


# The advisory lock a positions-taking transaction holds, shared, from before it
# has a transaction id until it ends: (this key, the record table it writes to),
# so servers in other schemas or databases of the same PostgreSQL never count.
TAKES_POSITIONS = 0x494E5350  # "INSP"
_ANNOUNCE = sa.text("SELECT pg_current_xact_id_if_assigned() FROM"
                    " pg_advisory_xact_lock_shared(:key, 'record'::regclass::oid::int)")

# The horizon: no transaction below it can still commit a position. From one
# snapshot S (this statement's, so every change below the horizon is visible to
# it): S's xmax, and each transaction S saw running unless it is provably no
# positions-taker: still running (it holds the lock on its own id; one read of
# the lock table) and holding no TAKES_POSITIONS lock. The lock table is read only
# when S saw a transaction running. Ids compare as 32-bit xids (pg_locks'), which
# is exact: transactions running at once lie within 2^31 of each other.
_RUNNING = f"""snap AS MATERIALIZED (SELECT pg_current_snapshot() AS s),
locks AS MATERIALIZED (
  SELECT locktype, transactionid, virtualtransaction FROM pg_locks
  WHERE (locktype = 'transactionid' AND mode = 'ExclusiveLock' AND granted)
     OR (locktype = 'advisory' AND classid = {TAKES_POSITIONS} AND objid = 'record'::regclass
         AND objsubid = 2 AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))),
horizon AS MATERIALIZED (
  SELECT LEAST(pg_snapshot_xmax(s)::text::bigint, (
    SELECT min(x::text::bigint) FROM pg_snapshot_xip(s) AS x
    WHERE NOT EXISTS (
      SELECT FROM locks AS own WHERE own.locktype = 'transactionid' AND own.transactionid = xid(x)
        AND NOT EXISTS (SELECT FROM locks AS taker WHERE taker.locktype = 'advisory'
                                                 AND taker.virtualtransaction = own.virtualtransaction))))
    AS xid FROM snap)"""
# The last change stored below the horizon. The horizon is a scalar, so each
# max() reads one index entry (a join to it made PostgreSQL read every position
# below it).
_HORIZON = f"""(SELECT value + ((SELECT xid FROM horizon) << {IN_TRANSACTION_BITS})
  FROM change_counter WHERE id = :row)"""
_LAST_ENDED = sa.text(f"""WITH {_RUNNING}
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
