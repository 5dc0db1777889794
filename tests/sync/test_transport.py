"""The HTTP layer: retries with growing, jittered waits on failures worth retrying,
none on refusals, a token refreshed once on 401, and TLS verification left on."""

from __future__ import annotations

import uuid

import pytest

from inspector_desktop.sync import protocol as p
from inspector_desktop.sync.transport import AuthError, NetworkError, RetryPolicy, ServerRefused, SyncError, Transport
from tests.server.conftest import PASSWORD


def test_server_errors_are_retried_with_growing_jittered_waits(proxy, team):
    names, _school = team
    waits: list[float] = []
    t = Transport(proxy.url, retry=RetryPolicy(attempts=4, base_delay=0.1, max_delay=10), sleep=waits.append)
    failures = iter(["error_5xx", "drop_request", "truncate"])
    proxy.plan = lambda req: next(failures, None)
    try:
        assert t.login(names[0], PASSWORD, str(uuid.uuid4())).account.username == names[0]
    finally:
        proxy.heal()
    assert len(waits) == 3
    assert all(0 <= w <= 0.1 * 2**i for i, w in enumerate(waits, start=1))
    proxy.plan = lambda req: "error_5xx"
    try:
        with pytest.raises(NetworkError, match="after 4 tries"):
            t.health()
    finally:
        proxy.heal()
    t.close()


def test_a_refusal_is_not_retried_and_an_expired_token_is_refreshed(server, team):
    names, _school = team
    waits: list[float] = []
    t = Transport(server.url, sleep=waits.append)
    with pytest.raises(AuthError):
        t.login(names[0], "wrong password", str(uuid.uuid4()))
    assert waits == []
    t.login(names[0], PASSWORD, str(uuid.uuid4()))
    renewed: list[p.TokenPair] = []
    t.on_new_tokens = renewed.append
    t.token = "expired-or-forged"
    assert t.call("GET", "/me", p.Account).username == names[0]
    assert len(renewed) == 1 and t.token == renewed[0].access_token
    with pytest.raises(ServerRefused) as err:
        t.call("GET", "/blobs/" + "0" * 64, p.BlobStatus)
    assert err.value.status == 404
    t.close()


def test_tls_is_verified_and_only_http_addresses_are_taken():
    assert Transport("https://inspection.example.org").session.verify is True
    with pytest.raises(SyncError, match="must start with https://"):
        Transport("ftp://inspection.example.org")
