"""Sign-in, token refresh and revocation, throttling, client binding, and logs
that never hold a password or a token."""

from __future__ import annotations

import io
import logging
import uuid

import httpx
import sqlalchemy as sa

from inspector_desktop.server import admin, logs, tables as t
from tests.server.conftest import PASSWORD, Inspector, Office


def _login(office: Office, username: str, password: str, client_id: str | None = None) -> httpx.Response:
    return httpx.post(
        f"{office.server.url}/auth/login",
        json=dict(username=username, password=password, client_id=client_id or str(uuid.uuid4())),
    )


def test_login_refresh_logout(office: Office):
    a = office.inspector()
    assert a.http.get("/me").json()["username"] == a.username
    old_access = a.tokens["access_token"]
    r = a.http.post("/auth/refresh", json=dict(refresh_token=a.tokens["refresh_token"]))
    assert r.status_code == 200
    fresh = r.json()
    assert a.http.get("/me", headers={"Authorization": f"Bearer {old_access}"}).status_code == 401
    assert a.http.get("/me", headers={"Authorization": f"Bearer {fresh['access_token']}"}).status_code == 200
    # The old refresh token used again means it leaked: the whole login is revoked.
    assert a.http.post("/auth/refresh", json=dict(refresh_token=a.tokens["refresh_token"])).status_code == 401
    assert a.http.get("/me", headers={"Authorization": f"Bearer {fresh['access_token']}"}).status_code == 401
    b = office.inspector()
    assert b.http.post("/auth/logout").status_code == 204
    denied = b.http.get("/me")
    assert denied.status_code == 401 and denied.json()["code"] == "auth.invalid_token"
    assert denied.headers["WWW-Authenticate"] == "Bearer"


def test_expired_tokens_are_refused(office: Office, engine: sa.Engine):
    a = office.inspector()
    assert a.http.get("/me").status_code == 200
    import datetime as dt

    with engine.begin() as conn:
        conn.execute(sa.update(t.token).where(t.token.c.account_id == a.id, t.token.c.kind == "access").values(expires_at=dt.datetime(2020, 1, 1)))
    assert a.http.get("/me").status_code == 401


def test_repeated_failures_throttle_even_the_right_password(office: Office):
    name, _ = office.user()
    for _ in range(5):
        r = _login(office, name, "wrong password")
        assert r.status_code == 401 and r.json()["code"] == "auth.invalid_credentials"
    locked = _login(office, name, PASSWORD)
    assert locked.status_code == 429 and locked.json()["code"] == "auth.throttled"
    assert int(locked.headers["Retry-After"]) > 0
    # Unknown names are throttled the same way, so guessing names gains nothing.
    ghost = f"ghost{uuid.uuid4().hex[:6]}"
    answers = [_login(office, ghost, "x").status_code for _ in range(6)]
    assert answers == [401] * 5 + [429]
    # An administrator's password reset lifts the lock.
    admin.reset_password(office.engine, name, "a brand new one")
    assert _login(office, name, "a brand new one").status_code == 200


def test_client_id_is_bound_to_one_user_and_disabled_users_are_out(office: Office):
    a = office.inspector()
    b_name, _ = office.user()
    taken = _login(office, b_name, PASSWORD, a.client_id)
    assert taken.status_code == 403 and taken.json()["code"] == "client.bound_to_other_user"
    assert _login(office, a.username, PASSWORD, a.client_id).status_code == 200  # the owner again: fine
    admin.set_disabled(office.engine, a.username, True)
    assert a.http.get("/me").status_code == 401
    assert _login(office, a.username, PASSWORD).json()["code"] == "auth.disabled"
    admin.set_disabled(office.engine, a.username, False)
    again = Inspector(office.server.url, a.username, a.id)
    assert admin.revoke_tokens(office.engine, a.username) >= 2
    assert again.http.get("/me").status_code == 401


def test_logs_hold_no_passwords_or_tokens(office: Office):
    sink = io.StringIO()
    handler = logging.StreamHandler(sink)
    handler.setFormatter(logs.JsonFormatter())
    logger = logging.getLogger(logs.LOGGER)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        a = office.inspector()
        a.http.get("/me")
        _login(office, a.username, "wrong password 42")
        a.http.post("/auth/refresh", json=dict(refresh_token=a.tokens["refresh_token"]))
    finally:
        logger.removeHandler(handler)
    text = sink.getvalue()
    assert '"event": "auth.login"' in text and '"route": "/me"' in text
    for secret in (PASSWORD, "wrong password 42", a.tokens["access_token"], a.tokens["refresh_token"]):
        assert secret not in text
