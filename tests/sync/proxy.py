"""A fault-injecting HTTP proxy on 127.0.0.1, between sync clients and the real server.

Each request gets one fault from ``plan`` (a function of the request), applied
at the point where it hurts most:

- ``drop_request``: the connection closes before the server sees anything;
- ``drop_response``: the server commits, the client never hears back;
- ``duplicate``: the server gets the request twice (the client sees the second answer);
- ``reorder``: an earlier request is replayed after this one, as a late straggler would arrive;
- ``delay``: the answer comes late;
- ``error_5xx``: a 503 from a "load balancer" (before or after the server committed);
- ``truncate``: the answer is cut off halfway, with its full length still declared;
- ``garbage``: a 200 whose body is not what the protocol allows.

``down`` makes the proxy refuse connections entirely, as a pulled network cable would.
``hold(match)`` stops the first matching request before the server sees it, until
released: a moment that is provably inside that request, to act at (a kill, say).
"""

from __future__ import annotations

import http.client
import random
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

FAULTS = ("drop_request", "drop_response", "duplicate", "reorder", "delay", "error_5xx", "truncate")


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class Hold:
    """The first request ``match`` accepts waits here; ``reached`` is set when it
    arrives, and it goes on to the server once ``release()`` is called."""

    def __init__(self, match: Callable[[Seen], bool]) -> None:
        self.match = match
        self.reached = threading.Event()
        self._released = threading.Event()
        self.request: Seen | None = None

    def release(self) -> None:
        self._released.set()

    def wait_released(self, timeout: float) -> None:
        self._released.wait(timeout)


@dataclass
class Stats:
    requests: int = 0
    faults: dict[str, int] = field(default_factory=dict)


class FaultProxy:
    def __init__(self, upstream: str, seed: int = 0) -> None:
        self.upstream = urlsplit(upstream)
        self.rng = random.Random(seed)
        self.plan: Callable[[Seen], str | None] = lambda _req: None
        self.log: list[Seen] = []
        self.stats = Stats()
        self.delay_s = 0.05
        # A hostile server: (request, body) -> new body, or None to pass it on.
        self.tamper: Callable[[Seen, bytes], bytes | None] | None = None
        self.declare_length: int | None = None  # lie about the size of every answer
        self._lock = threading.Lock()
        self.in_flight = 0
        self._holds: list[Hold] = []
        self._down = threading.Event()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: object) -> None:
                pass

            def _handle(self) -> None:
                with proxy._lock:
                    proxy.in_flight += 1
                try:
                    proxy._serve(self)
                except (BrokenPipeError, ConnectionResetError):
                    # The client went away (killed mid-request): nobody is left to answer.
                    self.close_connection = True
                finally:
                    with proxy._lock:
                        proxy.in_flight -= 1

            do_GET = do_POST = do_PATCH = do_HEAD = do_DELETE = _handle

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: object, client_address: object) -> None:
                # A request still in flight when its test ended (a laptop's timer, an
                # upstream already stopped) is kept here; printed, it would land in
                # whichever later test is capturing stderr and fail that one.
                proxy.errors.append(sys.exc_info()[1])

        self.errors: list[BaseException | None] = []
        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FaultProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # ------------------------------------------------------------ control

    def heal(self) -> None:
        self.plan = lambda _req: None
        self.tamper = None
        self.declare_length = None
        self._down.clear()
        with self._lock:
            holds, self._holds = self._holds, []
        for hold in holds:
            hold.release()

    def hold(self, match: Callable[[Seen], bool]) -> Hold:
        """Stop the next request ``match`` accepts until the returned Hold is released."""
        hold = Hold(match)
        with self._lock:
            self._holds.append(hold)
        return hold

    def _take_hold(self, req: Seen) -> Hold | None:
        with self._lock:
            for hold in self._holds:
                if hold.match(req):
                    self._holds.remove(hold)
                    hold.request = req
                    return hold
        return None

    def random_faults(self, rate: float, seed: int, kinds: tuple[str, ...] = FAULTS) -> None:
        rng = random.Random(seed)
        self.plan = lambda _req: rng.choice(kinds) if rng.random() < rate else None

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Until no request is being forwarded: a client killed mid-request leaves
        its last request travelling on to the server."""
        deadline = time.monotonic() + timeout
        while self.in_flight and time.monotonic() < deadline:
            time.sleep(0.01)

    def set_down(self, down: bool) -> None:
        if down:
            self._down.set()
        else:
            self._down.clear()

    # ------------------------------------------------------------ forwarding

    def _forward(self, req: Seen) -> tuple[int, list[tuple[str, str]], bytes]:
        conn = http.client.HTTPConnection(self.upstream.hostname, self.upstream.port, timeout=60)
        try:
            headers = {k: v for k, v in req.headers.items() if k.lower() not in ("host", "connection", "transfer-encoding")}
            conn.request(req.method, req.path, body=req.body or None, headers=headers)
            r = conn.getresponse()
            body = r.read()
            keep = [(k, v) for k, v in r.getheaders() if k.lower() not in ("connection", "transfer-encoding", "content-length")]
            return r.status, keep, body
        finally:
            conn.close()

    def _serve(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else b""
        req = Seen(h.command, h.path, dict(h.headers.items()), body)
        if self._down.is_set():
            h.close_connection = True
            h.connection.close()
            return
        hold = self._take_hold(req)
        if hold is not None:
            hold.reached.set()
            hold.wait_released(60)
        fault = self.plan(req)
        with self._lock:
            self.stats.requests += 1
            if fault:
                self.stats.faults[fault] = self.stats.faults.get(fault, 0) + 1
            # Never replay a sign-in or sign-out: revoking tokens is not a network fault.
            replayable = [r for r in self.log[-50:] if not r.path.startswith("/auth/")]
            earlier = self.rng.choice(replayable) if replayable else None
            self.log.append(req)
        if fault == "drop_request":
            h.close_connection = True
            h.connection.close()
            return
        if fault == "error_5xx" and self.rng.random() < 0.5:
            self._reply(h, h.command, 503, [("Content-Type", "text/plain")], b"upstream unavailable")
            return
        if fault == "delay":
            time.sleep(self.delay_s)
        status, headers, answer = self._forward(req)
        if fault == "duplicate":
            status, headers, answer = self._forward(req)
        if fault == "reorder" and earlier is not None:
            self._forward(earlier)  # the straggler arrives after a newer request
        if fault == "drop_response":
            h.close_connection = True
            h.connection.close()
            return
        if fault == "error_5xx":
            self._reply(h, h.command, 502, [("Content-Type", "text/plain")], b"bad gateway")
            return
        if fault == "truncate" and len(answer) > 1:
            h.send_response(status)
            for k, v in headers:
                h.send_header(k, v)
            h.send_header("Content-Length", str(len(answer)))
            h.send_header("Connection", "close")
            h.end_headers()
            h.wfile.write(answer[: len(answer) // 2])
            h.wfile.flush()
            h.close_connection = True
            h.connection.close()
            return
        if self.tamper is not None:
            changed = self.tamper(req, answer)
            if changed is not None:
                answer = changed
        if self.declare_length is not None:
            h.send_response(status)
            h.send_header("Content-Length", str(self.declare_length))
            h.send_header("Connection", "close")
            h.end_headers()
            h.wfile.write(answer)
            h.close_connection = True
            h.connection.close()
            return
        self._reply(h, h.command, status, headers, answer)

    @staticmethod
    def _reply(h: BaseHTTPRequestHandler, method: str, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        h.send_response(status)
        for k, v in headers:
            h.send_header(k, v)
        if method == "HEAD":
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)
