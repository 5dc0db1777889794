"""Serving: the sync server listening on its port, in one process or several.

``inspector-server serve`` is the one command that runs rather than acts: it
binds the listening socket itself, hands it to uvicorn, and with ``--workers``
shares it between processes. The administration commands (cli.py) never touch
sockets or uvicorn, so the serving part stands on its own.
"""

from __future__ import annotations

import argparse
import os
import socket
from pathlib import Path
from typing import Any

from inspector_desktop.server import console


def _default_blobs(db: str) -> Path:
    from inspector_desktop.server.db import normalise_url

    url = normalise_url(db)
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        return Path(url.removeprefix("sqlite:///")).parent / "inspector-server-blobs"
    return Path("inspector-server-blobs")


def _web_address(text: str) -> str:
    """The verify page's public base address; laptops print it into QR codes, so
    nothing but a web address is accepted."""
    url = text.strip().rstrip("/")
    if url and not url.startswith(("https://", "http://")):
        raise argparse.ArgumentTypeError(f"must start with https:// (or http://): {url!r}")
    return url


def serve_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1; put a TLS proxy in front)")
    p.add_argument("--port", type=console.port, default=8470, help="port (default 8470; 0: any free port, printed on start)")
    p.add_argument("--blobs", type=Path, metavar="DIR", help="folder for attachment files (default: beside a SQLite file, else ./inspector-server-blobs)")
    p.add_argument("--max-body", type=int, default=8 * 1024 * 1024, metavar="BYTES", help="largest request body accepted")
    p.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="server processes answering on the same port (default 1); more than one is for PostgreSQL, "
                   "which lets pushes run side by side: each process serves requests with a core of its own")
    p.add_argument("--forwarded-allow-ips", default="127.0.0.1", help="proxies trusted for X-Forwarded-* headers")
    p.add_argument("--public-url", type=_web_address, metavar="URL",
                   default=os.environ.get("INSPECTOR_SERVER_PUBLIC_URL", ""),  # a string default goes through type= too
                   help="the address schools reach the verify page at, e.g. https://dudao.example.gov.cn; laptops print "
                   "it in each sheet's QR code (default: $INSPECTOR_SERVER_PUBLIC_URL; none: the QR code is read offline only)")
    p.add_argument("--office-name", default=os.environ.get("INSPECTOR_SERVER_OFFICE_NAME", ""), metavar="NAME",
                   help="the office's name shown on the verify page and told to laptops (default: $INSPECTOR_SERVER_OFFICE_NAME)")


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound here rather than inside uvicorn so the port
    actually bound (``--port 0``) is known, and printed, before requests arrive."""
    # Named TCP, so asyncio turns Nagle off on each connection accepted: otherwise
    # every answer after the first on a kept-alive connection waits ~40 ms for the
    # client's delayed acknowledgement.
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        # Listening now: a client that connects before uvicorn's loop runs waits
        # in the backlog instead of being refused.
        sock.listen(2048)
    except BaseException:
        sock.close()
        raise
    return sock


def serve(args: argparse.Namespace) -> int:
    import logging

    import uvicorn

    from inspector_desktop.server import logs
    from inspector_desktop.server.app import Settings, build
    from inspector_desktop.server.db import normalise_url

    logs.setup(args.log_level)
    settings = Settings(max_body=args.max_body, public_url=args.public_url, office_name=args.office_name.strip())
    app = build(args.db, args.blobs or _default_blobs(args.db), settings)
    try:
        sock = _listen(args.host, args.port)
    except OSError as exc:
        logs.log("server.bind_failed", level=logging.ERROR, host=args.host, port=args.port, error=str(exc))
        return 1
    port = sock.getsockname()[1]
    logs.log("server.start", host=args.host, port=port, database=normalise_url(args.db).split("://")[0])
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"listening on http://{host}:{port}", flush=True)
    # uvicorn's own access log would print query strings; ours prints routes only.
    options: dict[str, Any] = dict(host=args.host, port=port, log_config=None, log_level=args.log_level, access_log=False,
                                   proxy_headers=True, forwarded_allow_ips=args.forwarded_allow_ips)
    if args.workers > 1:
        return _serve_in_workers(args, settings, sock, options)
    server = uvicorn.Server(uvicorn.Config(app, **options))
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    # uvicorn's exit code for an app that never started (uvicorn.run exits with it too).
    return 0 if server.started else 3


def _serve_in_workers(args: argparse.Namespace, settings: Any, sock: socket.socket, options: dict[str, Any]) -> int:
    """Several processes on one listening socket. The database was migrated and the
    shipped templates stored (``build``) before any of them starts; each builds
    its own app, which keeps no state of its own (app.py)."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from inspector_desktop.server.app import for_workers

    for_workers(args.db, args.blobs or _default_blobs(args.db), settings, args.log_level)
    config = uvicorn.Config("inspector_desktop.server.app:from_environment", factory=True, workers=args.workers, **options)
    try:
        Multiprocess(config, sockets=[sock]).run()
    finally:
        sock.close()
    return 0
