"""Sign-in, token refresh and revocation, and throttling of repeated failures.

All state is in the database (tokens, counters, client bindings), so any server
process can answer any request.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from inspector_desktop.server import tables as t
from inspector_desktop.server.db import writing
from inspector_desktop.server.errors import ApiError, unauthorized
from inspector_desktop.server.security import (
    check_password,
    iso,
    new_token,
    token_hash,
    utcnow,
)
from inspector_desktop.sync.protocol import Account, LoginRequest, Role, TokenPair

ACCESS_TTL = dt.timedelta(minutes=30)
REFRESH_TTL = dt.timedelta(days=30)
FREE_FAILURES = 5  # then each further failure doubles the wait
FIRST_LOCK = dt.timedelta(seconds=30)
LONGEST_LOCK = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class Me:
    """The caller, as established from a token; crosses no Session."""

    id: str
    username: str
    region: str
    is_inspector: bool
    is_lead: bool
    is_admin: bool
    client_id: str = ""
    family: str = ""

    @property
    def reads_content(self) -> bool:
        return self.is_inspector or self.is_lead


def roles_of(row: sa.Row) -> list[Role]:
    return [r for r, on in ((Role.INSPECTOR, row.is_inspector), (Role.LEAD, row.is_lead), (Role.ADMIN, row.is_admin)) if on]


def account_of(row: sa.Row) -> Account:
    return Account(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        code=row.code,
        region=row.region,
        roles=roles_of(row),
    )


def _lock_for(failures: int) -> dt.timedelta | None:
    if failures < FREE_FAILURES:
        return None
    # The exponent stops growing once the longest lock is reached, however many are counted.
    doublings = min(failures - FREE_FAILURES, (LONGEST_LOCK // FIRST_LOCK).bit_length())
    return min(FIRST_LOCK * 2**doublings, LONGEST_LOCK)


def _count_attempt(engine: sa.Engine, username: str, now: dt.datetime) -> None:
    """Count this attempt before its password is checked, in one atomic upsert, and
    refuse it if an earlier attempt's lock still holds.

    Counting first is what makes concurrency change nothing: the fifth attempt
    sets the lock in the same transaction that counted it, so the sixth, even if
    it arrived in the same instant on another process, is refused rather than
    checked. A right password forgives the attempt (``_forgive``)."""
    lt = t.login_throttle
    with writing(engine) as conn:
        insert = postgresql.insert(lt) if conn.dialect.name == "postgresql" else sqlite.insert(lt)
        row = conn.execute(
            insert.values(username=username, failures=1, locked_until=None, last_failure_at=now)
            .on_conflict_do_update(index_elements=[lt.c.username], set_=dict(failures=lt.c.failures + 1, last_failure_at=now))
            .returning(lt.c.failures, lt.c.locked_until)
        ).one()
        if row.locked_until is not None and row.locked_until > now:
            wait = int((row.locked_until - now).total_seconds()) + 1
        else:
            wait = 0
            lock = _lock_for(row.failures)
            if lock is not None:
                conn.execute(sa.update(lt).where(lt.c.username == username).values(locked_until=now + lock))
    if wait:  # counted (committed above) and refused: hammering on a lock is guessing too
        err = ApiError(429, "auth.throttled", "Too many failed sign-ins; wait before trying again.", retry_after=wait)
        err.headers["Retry-After"] = str(wait)
        raise err


def _forgive(engine: sa.Engine, username: str) -> None:
    with writing(engine) as conn:
        conn.execute(sa.delete(t.login_throttle).where(t.login_throttle.c.username == username))


def _issue(conn: sa.Connection, account_id: str, client_id: str, family: str, now: dt.datetime) -> tuple[str, str, dt.datetime, dt.datetime]:
    access, refresh = new_token(), new_token()
    access_exp, refresh_exp = now + ACCESS_TTL, now + REFRESH_TTL
    conn.execute(
        sa.insert(t.token),
        [
            dict(token_hash=token_hash(access), kind="access", family=family, account_id=account_id, client_id=client_id, expires_at=access_exp),
            dict(token_hash=token_hash(refresh), kind="refresh", family=family, account_id=account_id, client_id=client_id, expires_at=refresh_exp),
        ],
    )
    return access, refresh, access_exp, refresh_exp


def _bind_client(conn: sa.Connection, client_id: str, account_id: str, now: dt.datetime) -> None:
    bound = conn.execute(sa.select(t.client.c.account_id).where(t.client.c.client_id == client_id)).scalar()
    if bound is None:
        try:
            with conn.begin_nested():
                conn.execute(sa.insert(t.client).values(client_id=client_id, account_id=account_id, applied_seq=0,
                                                        created_at=now, last_seen_at=now))
            return
        except sa.exc.IntegrityError:
            bound = conn.execute(sa.select(t.client.c.account_id).where(t.client.c.client_id == client_id)).scalar()
    if bound != account_id:
        raise ApiError(
            403,
            "client.bound_to_other_user",
            "This workspace belongs to another inspector's account; open your own workspace to sign in.",
        )
    # Not revoked meanwhile: a revocation committed since refuse_revoked looked must not get new tokens.
    seen = conn.execute(sa.update(t.client).where(t.client.c.client_id == client_id, t.client.c.revoked_at.is_(None))
                        .values(last_seen_at=now)).rowcount
    if not seen:
        raise device_revoked()


def device_revoked() -> ApiError:
    return ApiError(403, "auth.device_revoked", "The office reported this laptop lost: its workspace is to be erased.")


def refuse_revoked(engine: sa.Engine, client_id: str, pending: int | None) -> None:
    """Tell a laptop the office reported lost that it is (see devices.py).

    The first answer to a laptop that says how many changes it has not sent
    records that count: it erases itself on hearing this, so they are lost."""
    c = t.client
    with engine.connect() as conn:
        row = conn.execute(sa.select(c.c.revoked_at, c.c.erased_at).where(c.c.client_id == client_id)).first()
    if row is None or row.revoked_at is None:
        return
    if row.erased_at is None and pending is not None:
        with writing(engine) as conn:
            conn.execute(sa.update(c).where(c.c.client_id == client_id, c.c.erased_at.is_(None))
                         .values(erased_at=utcnow(), lost_changes=pending))
    raise device_revoked()


def login(engine: sa.Engine, req: LoginRequest, pending: int | None = None) -> TokenPair:
    # Before the password: a lost laptop is told to erase itself whoever types at it.
    refuse_revoked(engine, req.client_id, pending)
    username = req.username.strip().lower()
    now = utcnow()
    _count_attempt(engine, username, now)
    with engine.connect() as conn:
        row = conn.execute(sa.select(t.account).where(t.account.c.username == username)).first()
    # An unknown name is checked against a dummy hash: as slow, so timing tells no names.
    if not check_password(row.password_hash if row else None, req.password) or row is None:
        raise ApiError(401, "auth.invalid_credentials", "Wrong username or password.")
    # The right password: not a guess, so the count starts again (a disabled
    # account included, which is told so rather than counted).
    _forgive(engine, username)
    if row.disabled:
        raise ApiError(403, "auth.disabled", "This account is disabled; ask the office administrator.")
    with writing(engine) as conn:
        _bind_client(conn, req.client_id, row.id, now)
        access, refresh, a_exp, r_exp = _issue(conn, row.id, req.client_id, str(uuid.uuid4()), now)
    return TokenPair(access_token=access, refresh_token=refresh, expires_at=iso(a_exp), refresh_expires_at=iso(r_exp), account=account_of(row))


def refresh(engine: sa.Engine, refresh_token: str, pending: int | None = None) -> TokenPair:
    """Rotate: the old pair dies, a new pair in the same family is born. A refresh
    token used twice means it leaked, so the whole family is revoked."""
    now = utcnow()
    with engine.connect() as conn:
        client_id = conn.execute(sa.select(t.token.c.client_id).where(t.token.c.token_hash == token_hash(refresh_token))).scalar()
    if client_id is not None:
        refuse_revoked(engine, client_id, pending)  # its tokens died with the revocation: say why
    with writing(engine) as conn:
        tok = conn.execute(
            sa.select(t.token).where(t.token.c.token_hash == token_hash(refresh_token), t.token.c.kind == "refresh")
        ).first()
        if tok is None or tok.expires_at <= now:
            raise unauthorized()
        reused = tok.revoked_at is not None
        if reused:
            _revoke(conn, t.token.c.family == tok.family, now)  # committed before the refusal below
    if reused:
        raise unauthorized()
    with writing(engine) as conn:
        row = conn.execute(sa.select(t.account).where(t.account.c.id == tok.account_id)).first()
        if row is None or row.disabled:
            raise unauthorized()
        if _revoke(conn, sa.and_(t.token.c.id == tok.id), now) != 1:
            raise unauthorized()  # a concurrent refresh with the same token won the race
        _revoke(conn, t.token.c.family == tok.family, now)
        if not conn.execute(sa.update(t.client).where(t.client.c.client_id == tok.client_id, t.client.c.revoked_at.is_(None))
                            .values(last_seen_at=now)).rowcount:
            raise device_revoked()  # reported lost since the look above
        access, refresh_, a_exp, r_exp = _issue(conn, row.id, tok.client_id, tok.family, now)
    return TokenPair(access_token=access, refresh_token=refresh_, expires_at=iso(a_exp), refresh_expires_at=iso(r_exp), account=account_of(row))


def _revoke(conn: sa.Connection, where: sa.ColumnElement[bool], now: dt.datetime) -> int:
    return conn.execute(sa.update(t.token).where(where, t.token.c.revoked_at.is_(None)).values(revoked_at=now)).rowcount


def revoke_family(engine: sa.Engine, family: str) -> None:
    with writing(engine) as conn:
        _revoke(conn, t.token.c.family == family, utcnow())


def revoke_account(conn: sa.Connection, account_id: str) -> int:
    return _revoke(conn, t.token.c.account_id == account_id, utcnow())


# Built once: every request asks it, and building it cost about as much as running it.
_CALLER = (
    sa.select(t.token.c.client_id, t.token.c.family, t.account)
    .join(t.account, t.account.c.id == t.token.c.account_id)
    .join(t.client, t.client.c.client_id == t.token.c.client_id, isouter=True)
    .where(
        t.token.c.token_hash == sa.bindparam("token_hash"),
        t.token.c.kind == "access",
        t.token.c.revoked_at.is_(None),
        t.token.c.expires_at > sa.bindparam("now", type_=t.token.c.expires_at.type),
        t.account.c.disabled.is_(False),
        t.client.c.revoked_at.is_(None),
    )
)


def authenticate(engine: sa.Engine, bearer: str | None, pending: int | None = None) -> Me:
    """The caller of a token; ``pending`` is what the laptop says it has not sent."""
    if not bearer:
        raise unauthorized()
    now = utcnow()
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            # One SELECT needs no transaction: without one, no BEGIN and no ROLLBACK
            # go to the database and back on every request. (Not on SQLite, whose
            # connections keep their own way of beginning, see sqlite.py.)
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        row = conn.execute(_CALLER, dict(token_hash=token_hash(bearer), now=now)).first()
        if row is None:
            client_id = conn.execute(sa.select(t.token.c.client_id).where(t.token.c.token_hash == token_hash(bearer))).scalar()
    if row is None:
        if client_id is not None:
            refuse_revoked(engine, client_id, pending)
        raise unauthorized()
    return Me(
        id=row.id,
        username=row.username,
        region=row.region,
        is_inspector=row.is_inspector,
        is_lead=row.is_lead,
        is_admin=row.is_admin,
        client_id=row.client_id,
        family=row.family,
    )
