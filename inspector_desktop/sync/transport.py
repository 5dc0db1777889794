"""HTTP to the sync server: timeouts, retries with backoff and jitter, TLS verified.

Every request the engine makes is safe to repeat (a push is deduplicated by
its seq, a chunk by its offset), so a request whose answer was lost is simply
sent again. Answers are read with a size cap and parsed into the shared wire
models: anything else is a ``ProtocolError``, raised before the engine has
changed a byte locally.
"""

from __future__ import annotations

import json
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO, TypeVar

import pydantic
import requests
from requests.structures import CaseInsensitiveDict

from inspector_desktop import __version__
from inspector_desktop.sync import protocol as p

T = TypeVar("T", bound=pydantic.BaseModel)

# A pull page of 5 000 records is a few MB; anything far beyond that is not our server.
MAX_RESPONSE_BYTES = 64 * 1024 * 1024
RETRY_STATUS = {429, 500, 502, 503, 504}


class SyncError(Exception):
    """Sync stopped; the message is meant for the inspector. Nothing local was lost."""


class NetworkError(SyncError):
    """The server could not be reached or kept failing; try again later."""


class ProtocolError(SyncError):
    """The server's answer was not what the protocol allows; nothing was applied."""


class AuthError(SyncError):
    """The server refused the credentials; log in again."""


class DeviceRevoked(AuthError):
    """The office reported this laptop lost: its workspace is to be erased, with no
    way around it (sync/revoked.py). ``pending``: the changes not sent, as the
    laptop told the server in the request that learnt it."""

    code = p.DEVICE_REVOKED

    def __init__(self, pending: int) -> None:
        super().__init__(f"The office reported this laptop lost ({p.DEVICE_REVOKED}).")
        self.pending = pending


class ServerRefused(SyncError):
    def __init__(self, status: int, code: str, message: str, params: dict[str, Any] | None = None) -> None:
        super().__init__(f"The server refused the request ({status} {code}): {message}")
        self.status, self.code, self.params = status, code, params or {}


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5
    base_delay: float = 0.25
    max_delay: float = 8.0

    def delay(self, attempt: int) -> float:
        # Full jitter: many laptops coming back online at 8:00 do not retry in step.
        return random.uniform(0, min(self.max_delay, self.base_delay * 2**attempt))


@dataclass
class Answer:
    status: int
    headers: CaseInsensitiveDict[str]  # HTTP header names are case-insensitive
    body: bytes


class Transport:
    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        timeout: tuple[float, float] = (5.0, 60.0),
        retry: RetryPolicy | None = None,
        verify: bool | str = True,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise SyncError(f"The server address must start with https:// (or http:// on a private network): {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.sleep = sleep
        self.session = requests.Session()
        self.session.verify = verify  # never switched off: a false server could take the whole record
        self.session.headers["User-Agent"] = f"inspector-desktop/{__version__}"
        self.token = token
        self.on_new_tokens: Callable[[p.TokenPair], None] | None = None
        self.refresh_token: str | None = None
        self.pending: int | None = None  # changes not sent yet, told on every request (protocol.PENDING_CHANGES)

    def close(self) -> None:
        self.session.close()

    # ------------------------------------------------------------ requests

    def request(self, method: str, path: str, *, json_body: Any = None, data: bytes | None = None,
                params: dict[str, Any] | None = None, headers: dict[str, str] | None = None,
                ok: tuple[int, ...] = (200,), auth: bool = True, sink: BinaryIO | None = None,
                limit: int = MAX_RESPONSE_BYTES, read_when: Callable[[], object] | None = None) -> Answer:
        """``sink``: write a 200 answer's body there (up to ``limit`` bytes) instead of
        keeping it in memory; it is emptied before each retry. ``read_when``: called
        once the answer has begun, and its body read after it returns."""
        last: str = ""
        refreshed = False
        attempt = 0
        while True:
            try:
                if sink is not None:
                    sink.seek(0)
                    sink.truncate()
                answer = self._once(method, path, json_body, data, params, headers, auth, sink, limit, read_when)
            except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError,
                    requests.exceptions.ContentDecodingError, _Truncated) as exc:
                last = f"{type(exc).__name__}: {exc}"
            else:
                if answer.status in ok:
                    return answer
                if answer.status == 401 and auth and not refreshed and self.refresh_token:
                    refreshed = True
                    self._refresh()
                    continue
                if answer.status not in RETRY_STATUS:
                    raise self._refusal(answer)
                last = f"HTTP {answer.status}"
            attempt += 1
            if attempt >= self.retry.attempts:
                raise NetworkError(f"The server did not answer {method} {path} after {attempt} tries ({last}).")
            self.sleep(self.retry.delay(attempt))

    def _once(self, method: str, path: str, json_body: Any, data: bytes | None, params: dict[str, Any] | None,
              headers: dict[str, str] | None, auth: bool, sink: BinaryIO | None, limit: int,
              read_when: Callable[[], object] | None = None) -> Answer:
        hdrs = dict(headers or {})
        if self.pending is not None:
            hdrs[p.PENDING_CHANGES] = str(self.pending)
        if auth and self.token:
            hdrs["Authorization"] = f"Bearer {self.token}"
        if json_body is not None:
            data = json.dumps(json_body, ensure_ascii=False).encode("utf-8")
            hdrs["Content-Type"] = "application/json"
        with self.session.request(method, self.base_url + path, data=data, params=params, headers=hdrs,
                                  timeout=self.timeout, stream=True, allow_redirects=False) as r:
            declared = r.headers.get("Content-Length")
            if declared is not None and declared.isdigit() and int(declared) > limit:
                raise ProtocolError(f"The server announced an answer of {int(declared)} bytes; refusing it.")
            if read_when is not None:
                read_when()
            body = bytearray()
            into_sink = sink is not None and r.status_code == 200
            size = 0
            if method != "HEAD":
                for chunk in r.iter_content(64 * 1024):
                    size += len(chunk)
                    if size > limit:
                        raise ProtocolError("The server's answer is larger than any valid answer; refusing it.")
                    if into_sink:
                        sink.write(chunk)  # type: ignore[union-attr]
                    else:
                        body += chunk
                if declared is not None and declared.isdigit() and size != int(declared):
                    raise _Truncated(f"{size} of {declared} bytes")
            return Answer(r.status_code, CaseInsensitiveDict(r.headers), bytes(body))

    def _refusal(self, answer: Answer) -> SyncError:
        try:
            err = p.ErrorBody.model_validate_json(answer.body)
        except pydantic.ValidationError:
            code = answer.headers.get(p.ERROR_CODE, "")  # a HEAD answer carries its code only here
            err = p.ErrorBody(code=code if re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", code) else f"http.{answer.status}",
                              message=answer.body[:200].decode("utf-8", "replace"))
        if err.code == p.DEVICE_REVOKED:
            return DeviceRevoked(self.pending or 0)
        if answer.status in (401, 403) and err.code.startswith("auth."):
            return AuthError(f"The server refused the sign-in ({err.code}): {err.message} Log in again.")
        return ServerRefused(answer.status, err.code, err.message, err.params)

    def _refresh(self) -> None:
        pair = self.call("POST", "/auth/refresh", p.TokenPair, json_body={"refresh_token": self.refresh_token}, auth=False)
        self.token, self.refresh_token = pair.access_token, pair.refresh_token
        if self.on_new_tokens:
            self.on_new_tokens(pair)

    # ------------------------------------------------------------ typed calls

    def call(self, method: str, path: str, model: type[T], **kw: Any) -> T:
        answer = self.request(method, path, **kw)
        return parse(model, answer.body)

    def login(self, username: str, password: str, client_id: str) -> p.TokenPair:
        body = p.LoginRequest(username=username, password=password, client_id=client_id).model_dump()
        pair = self.call("POST", "/auth/login", p.TokenPair, json_body=body, auth=False)
        self.token, self.refresh_token = pair.access_token, pair.refresh_token
        return pair

    def health(self) -> p.Health:
        return self.call("GET", "/health", p.Health, auth=False)


class _Truncated(Exception):
    """The body ended before its declared length: the connection broke mid-answer."""


def parse(model: type[T], body: bytes) -> T:
    try:
        return model.model_validate_json(body)
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        if first["type"] == "json_invalid":
            # The fast parser stops at text JSON allows (a lone surrogate escape, deep
            # nesting); the standard one reads it, so the one bad record can be set
            # aside instead of the whole page refused.
            try:
                return model.model_validate(json.loads(body))
            except (ValueError, RecursionError, pydantic.ValidationError):
                pass
        where = ".".join(str(x) for x in first["loc"]) or "(whole answer)"
        raise ProtocolError(
            f"The server's answer is not a valid {model.__name__} ({where}: {first['msg']}); nothing was changed."
        ) from None
