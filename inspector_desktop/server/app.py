"""The HTTP API: FastAPI routes over auth, records, blobs and verify.

Handlers are plain ``def`` functions: FastAPI runs them on its thread pool, and
each opens its own connection, so the event loop never waits on the database.
The app keeps no state of its own: any number of processes can serve it.
"""


import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import Depends, FastAPI, Header, Path as PathParam, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from inspector_desktop import __version__
from inspector_desktop.server import auth, blobs, logs, office as office_routes, pull as pull_mod, records, templates, verify as verify_mod, verify_page
from inspector_desktop.server import devices
from inspector_desktop.server.auth import Me
from inspector_desktop.server.errors import ApiError
from inspector_desktop.sync import protocol as p

DEFAULT_MAX_BODY = 8 * 1024 * 1024  # a push of 500 mutations or one blob chunk fits


@dataclass(frozen=True)
class Settings:
    max_body: int = DEFAULT_MAX_BODY
    public_url: str = ""  # where schools reach this server's verify page; laptops print it in the QR code
    office_name: str = ""


class BodyLimit:
    """Refuse bodies over the limit, whether or not they declare a length."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await _too_large(self.limit)(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise ApiError(413, "request.too_large", "The request body is too large.", limit=self.limit)
            return message

        await self.app(scope, limited, send)


class AccessLog:
    """One log line a request: route, status, time, account. A plain ASGI layer:
    Starlette's ``@app.middleware("http")`` runs each request in a task of its own
    with streams between them, which cost a busy server's pushes a few per cent."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = logs.clock()
        status = 500

        async def noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        await self.app(scope, receive, noting_status)
        logs.log(
            "request",
            method=scope["method"],
            route=getattr(scope.get("route"), "path", "?"),
            status=status,
            ms=round((logs.clock() - started) * 1000, 1),
            account=scope.get("state", {}).get("account_id"),
        )


def _too_large(limit: int) -> JSONResponse:
    return _error(ApiError(413, "request.too_large", "The request body is too large.", limit=limit))


def _error(err: ApiError) -> JSONResponse:
    body = p.ErrorBody(code=err.code, message=err.message, params=jsonable_encoder(err.params))
    # The code in a header too: the answer to a HEAD request has no body to carry it.
    return JSONResponse(body.model_dump(), status_code=err.status, headers={**err.headers, p.ERROR_CODE: err.code})


bearer = HTTPBearer(auto_error=False, description="the access token from /auth/login")
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": p.ErrorBody} for code in (400, 401, 403, 404, 409, 413, 422, 429)
}


def create_app(engine: sa.Engine, storage: blobs.BlobStorage, settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    # Laptops name the shipped indicators; the server must know them to accept that.
    templates.seed_shipped(engine)
    app = FastAPI(
        title="Inspector sync server",
        version=__version__,
        description="Central sync for inspectors' field laptops: accounts, scope, records, evidence files, sheet verification.",
        responses=ERRORS,
    )

    def me(creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)], request: Request) -> Me:
        caller = auth.authenticate(engine, creds.credentials if creds else None, _pending(request))
        request.state.account_id = caller.id
        return caller

    Caller = Annotated[Me, Depends(me)]
    Sha = Annotated[str, PathParam(pattern=p.SHA256_PATTERN)]

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, err: ApiError) -> JSONResponse:
        return _error(err)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, err: RequestValidationError) -> JSONResponse:
        problems = [{"where": ".".join(str(x) for x in e["loc"]), "problem": e["msg"]} for e in err.errors()]
        return _error(ApiError(422, "request.invalid", "The request does not match the API.", problems=problems))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, err: StarletteHTTPException) -> JSONResponse:
        return _error(ApiError(err.status_code, f"http.{err.status_code}", str(err.detail)))

    @app.exception_handler(sa.exc.DataError)
    async def _bad_data(_request: Request, _err: sa.exc.DataError) -> JSONResponse:
        # The database refused a value the API let through (e.g. a NUL in text).
        return _error(ApiError(422, "request.invalid", "The request holds a value the server cannot store."))

    @app.exception_handler(Exception)
    async def _crash(request: Request, err: Exception) -> JSONResponse:
        logs.log("request.crashed", logging.ERROR, exc_info=True, path=request.url.path)
        return _error(ApiError(500, "server.error", "The server failed; the request changed nothing."))

    app.add_middleware(AccessLog)
    app.add_middleware(BodyLimit, limit=settings.max_body)

    @app.get("/health", response_model=p.Health, tags=["ops"])
    def health() -> p.Health:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        return p.Health(status="ok", database=engine.dialect.name, version=__version__)

    @app.post("/auth/login", response_model=p.TokenPair, tags=["auth"])
    def login(body: p.LoginRequest, request: Request) -> p.TokenPair:
        pair = auth.login(engine, body, _pending(request))
        logs.log("auth.login", account=pair.account.id, client=body.client_id)
        return pair

    @app.post("/auth/refresh", response_model=p.TokenPair, tags=["auth"])
    def refresh(body: p.RefreshRequest, request: Request) -> p.TokenPair:
        return auth.refresh(engine, body.refresh_token, _pending(request))

    @app.post("/auth/logout", status_code=204, tags=["auth"])
    def logout(caller: Caller) -> Response:
        auth.revoke_family(engine, caller.family)
        return Response(status_code=204)

    @app.get("/me", response_model=p.Account, tags=["auth"])
    def whoami(caller: Caller) -> p.Account:
        with engine.connect() as conn:
            row = conn.execute(sa.select(auth.t.account).where(auth.t.account.c.id == caller.id)).one()
        return auth.account_of(row)

    @app.post("/sync/push", response_model=p.PushResponse, tags=["sync"])
    def push(body: p.PushRequest, caller: Caller) -> Response:
        # Built by the push itself: checking and encoding it again through the
        # response model cost a busy server a few per cent of its pushes.
        return Response(records.push(engine, caller, body).model_dump_json(), media_type="application/json")

    @app.get("/sync/pull", response_model=p.PullResponse, tags=["sync"])
    def pull(
        caller: Caller,
        cursor: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[int, Query(ge=1, le=p.MAX_PULL_LIMIT)] = p.DEFAULT_PULL_LIMIT,
    ) -> Response:
        return Response(pull_mod.pull(engine, caller, cursor, limit), media_type="application/json")

    @app.get("/records/{record_id}/changes", response_model=list[p.RecordChange], tags=["office"])
    def record_changes(record_id: Annotated[str, PathParam(pattern=p.UUID_PATTERN)], caller: Caller) -> list[p.RecordChange]:
        return pull_mod.changes_of(engine, caller, record_id)

    office_routes.register(app, engine, Caller)  # the lead's people and schools

    @app.head("/blobs/{sha256}", tags=["blobs"], responses={200: {"description": "Upload-Offset says where to resume"}})
    def blob_offset(sha256: Sha, caller: Caller) -> Response:
        st = blobs.status(engine, caller, sha256)
        return Response(status_code=200, headers=_upload_headers(st))

    @app.get("/blobs/{sha256}/status", response_model=p.BlobStatus, tags=["blobs"])
    def blob_status(sha256: Sha, caller: Caller) -> p.BlobStatus:
        return blobs.status(engine, caller, sha256)

    @app.patch(
        "/blobs/{sha256}",
        response_model=p.BlobStatus,
        tags=["blobs"],
        openapi_extra={"requestBody": {"required": True, "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}},
    )
    async def blob_chunk(
        sha256: Sha,
        request: Request,
        caller: Caller,
        upload_offset: Annotated[int, Header(alias=p.UPLOAD_OFFSET, ge=0, le=blobs.MAX_BLOB_SIZE)],
        upload_length: Annotated[int, Header(alias=p.UPLOAD_LENGTH, ge=1, le=blobs.MAX_BLOB_SIZE)],
    ) -> Response:
        data = await request.body()
        if len(data) > p.BLOB_CHUNK_MAX:
            raise ApiError(413, "blob.chunk_too_large", "Send the file in smaller chunks.", limit=p.BLOB_CHUNK_MAX)
        st = await run_in_threadpool(blobs.upload_chunk, engine, storage, caller, sha256, upload_offset, upload_length, data)
        return JSONResponse(st.model_dump(), headers=_upload_headers(st))

    @app.get("/blobs/{sha256}", tags=["blobs"], response_class=StreamingResponse, responses={200: {"content": {"application/octet-stream": {}}}})
    def blob_read(sha256: Sha, caller: Caller) -> StreamingResponse:
        size, chunks = blobs.open_for_reading(engine, storage, caller, sha256)
        return StreamingResponse(chunks, media_type="application/octet-stream", headers={"Content-Length": str(size)})

    @app.post("/verify", response_model=p.VerifyResponse, tags=["sheets"])
    def verify(body: p.VerifyRequest, caller: Caller) -> p.VerifyResponse:
        return verify_mod.verify(engine, caller, body)

    devices.add_routes(app, engine, Caller)

    @app.get("/office", response_model=p.Office, tags=["sheets"])
    def office() -> p.Office:
        return p.Office(name=settings.office_name, verify_url=settings.public_url)

    # A school's phone, not a laptop: an HTML page, no account, not part of the API.
    @app.get("/v/{form_id}", response_class=HTMLResponse, include_in_schema=False)
    def verify_sheet(request: Request, form_id: str, d: str = "") -> HTMLResponse:
        status, page = verify_page.page(engine, form_id[:100], d[:100], settings.office_name, request.headers.get("accept-language", ""))
        return HTMLResponse(page, status_code=status, headers=verify_page.HEADERS)

    return app


def _pending(request: Request) -> int | None:
    """How many changes the laptop says it has not sent (None: it did not say)."""
    raw = request.headers.get(p.PENDING_CHANGES, "")
    return min(int(raw), 2**31 - 1) if raw.isdigit() and len(raw) < 12 else None


def _upload_headers(st: p.BlobStatus) -> dict[str, str]:
    headers = {p.UPLOAD_OFFSET: str(st.offset), p.UPLOAD_COMPLETE: "1" if st.complete else "0"}
    if st.length is not None:
        headers[p.UPLOAD_LENGTH] = str(st.length)
    return headers


def build(db_url: str, blob_dir: Path, settings: Settings | None = None) -> FastAPI:
    """The app over a migrated database; what ``inspector-server serve`` runs."""
    from inspector_desktop.server.db import open_database

    return create_app(open_database(db_url), blobs.LocalBlobStorage(blob_dir), settings)


WORKER_ENV = "INSPECTOR_SERVER_WORKER"


def for_workers(db_url: str, blob_dir: Path, settings: Settings, log_level: str) -> None:
    """Leave what ``from_environment`` needs where ``serve --workers`` processes find it:
    they start afresh (spawned), so they inherit the environment and nothing else."""
    os.environ[WORKER_ENV] = json.dumps(dict(db=db_url, blobs=str(blob_dir), log_level=log_level, settings=asdict(settings)))


def from_environment() -> FastAPI:
    """The app of one ``serve --workers`` process (uvicorn calls it in each)."""
    spec = json.loads(os.environ[WORKER_ENV])
    logs.setup(spec["log_level"])
    return build(spec["db"], Path(spec["blobs"]), Settings(**spec["settings"]))
