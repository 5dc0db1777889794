"""Signing in and out of the sync server, and building an engine for this workspace.

Tokens go through ``credentials`` only (the OS keyring, or this session's
memory when there is none), one per workspace and server. The workspace keeps the server address, the user
name and the account's roles, which are not secrets, so the next start knows
whom to ask for and what to offer (store/roles.py); and the office's name and
the public address of its verify page, which a sheet's QR code points to.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector_desktop import credentials
from inspector_desktop.store import roles as kept_roles
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.bookkeeping import OutboxEntry, OutboxState, Setting
# The office's name and verify address are kept where the sheet reads them (one pair of keys).
from inspector_desktop.store.form_content import OFFICE_NAME, OFFICE_VERIFY_URL as VERIFY_URL
from inspector_desktop.sync import protocol as p
from inspector_desktop.sync.engine import SyncEngine
from inspector_desktop.sync.transport import AuthError, RetryPolicy, SyncError, Transport

SERVER_URL = "sync.server_url"
USERNAME = "sync.username"


@dataclass(frozen=True)
class SignedIn:
    server_url: str
    username: str
    account_id: str
    kept_in_keyring: bool


def login(ws: Workspace, server_url: str, username: str, password: str, *, retry: RetryPolicy | None = None) -> SignedIn:
    t = Transport(server_url, retry=retry)
    t.pending = pending_count(ws)  # a laptop reported lost learns it here, and says what it loses
    try:
        pair = t.login(username, password, ws.client_id)
        office = _office(t)
    finally:
        t.close()
    kept = _keep(ws, t.base_url, pair)
    with ws.write(remote=True) as s:
        s.merge(Setting(key=SERVER_URL, value=t.base_url))
        s.merge(Setting(key=USERNAME, value=username))
        # Replaced at every sign-in: the office may have given or taken a role since.
        kept_roles.remember(s, [r.value for r in pair.account.roles])
        _remember_office(s, office)
    return SignedIn(t.base_url, username, pair.account.id, kept)


def roles(ws: Workspace) -> kept_roles.Roles:
    """What the signed-in account may do, as of its last sign-in; a workspace never
    signed in is an inspector working alone."""
    return kept_roles.roles(ws)


def _office(t: Transport) -> p.Office | None:
    """What the office says of itself, or None from a server too old to say (or
    unreachable just now): the workspace then keeps what it last learnt."""
    try:
        return t.call("GET", "/office", p.Office, auth=False)
    except SyncError:
        return None


def _remember_office(s: Session, office: p.Office | None) -> None:
    if office is None:
        return
    url = office.verify_url.strip().rstrip("/")
    # The address goes into printed QR codes: anything but a web address is not kept.
    s.merge(Setting(key=VERIFY_URL, value=url if url.startswith(("https://", "http://")) else ""))
    s.merge(Setting(key=OFFICE_NAME, value=office.name.strip()))


def _keep(ws: Workspace, server_url: str, pair: p.TokenPair) -> bool:
    secret = json.dumps({"access": pair.access_token, "refresh": pair.refresh_token, "account": pair.account.id})
    return credentials.store_token(server_url, ws.client_id, secret)


def current(ws: Workspace) -> SignedIn | None:
    url = ws.setting(SERVER_URL)
    if not url:
        return None
    raw = credentials.load_token(url, ws.client_id)
    if not raw:
        return None
    account = json.loads(raw).get("account", "")
    return SignedIn(url, ws.setting(USERNAME, "") or "", account, credentials.keyring_available())


def engine_for(ws: Workspace, server_url: str | None = None, *, retry: RetryPolicy | None = None, **engine_options) -> SyncEngine:
    """An engine using the stored token; raises AuthError if nobody is signed in."""
    url = (server_url or ws.setting(SERVER_URL) or "").rstrip("/")
    raw = credentials.load_token(url, ws.client_id) if url else None
    if not raw:
        raise AuthError("Nobody is signed in to the sync server on this laptop. Log in first.")
    stored = json.loads(raw)
    t = Transport(url, stored["access"], retry=retry)
    t.refresh_token = stored["refresh"]
    t.on_new_tokens = lambda pair: _keep(ws, url, pair)
    return SyncEngine(ws, t, stored["account"], **engine_options)


def engine_with_token(ws: Workspace, server_url: str, token: str, *, retry: RetryPolicy | None = None, **engine_options) -> SyncEngine:
    """For automation: an access token from the environment; nothing is stored."""
    t = Transport(server_url, token, retry=retry)
    me = t.call("GET", "/me", p.Account)
    kept_roles.set_roles(ws, [r.value for r in me.roles])
    return SyncEngine(ws, t, me.id, **engine_options)


def pending_count(ws: Workspace) -> int:
    with ws.read() as s:
        return s.scalar(sa.select(sa.func.count()).where(OutboxEntry.state == OutboxState.PENDING)) or 0


def logout(ws: Workspace) -> int:
    """Forget the token (and tell the server, if it is reachable); local data stays.
    Returns how many changes are still waiting to be sent."""
    url = ws.setting(SERVER_URL)
    if url:
        raw = credentials.load_token(url, ws.client_id)
        if raw:
            t = Transport(url, json.loads(raw)["access"], retry=RetryPolicy(attempts=1))
            try:
                t.request("POST", "/auth/logout", ok=(204,))
            except Exception:  # noqa: BLE001 - offline logout must still forget the token
                pass
            finally:
                t.close()
        credentials.delete_token(url, ws.client_id)
    return pending_count(ws)


def server_url(ws: Workspace) -> str | None:
    return ws.setting(SERVER_URL)


def reachable(url: str, timeout: float = 3.0) -> bool:
    """One quick look at /health: is the server there right now?"""
    t = Transport(url, retry=RetryPolicy(attempts=1), timeout=(timeout, timeout))
    try:
        t.health()
        return True
    except Exception:  # noqa: BLE001 - any failure means "not now"
        return False
    finally:
        t.close()


def sync_now(ws: Workspace, progress=None):  # type: ignore[no-untyped-def]
    """One whole sync with the stored credentials (what the app's button does)."""
    engine = engine_for(ws)
    try:
        report = engine.sync(progress)
        office = _office(engine.t)  # the office may have moved its verify page since
        if office is not None:
            with ws.write(remote=True) as s:
                _remember_office(s, office)
        return report
    finally:
        engine.t.close()
