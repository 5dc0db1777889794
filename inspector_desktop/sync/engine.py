"""The sync engine: push the outbox, then pull; no Qt, one call per sync.

Order and failure rules, each answering a complaint users make of sync tools:
- Push first, in seq order, in batches; an entry leaves ``pending`` only when
  the server's answer for its seq has been stored (sent, or rejected with the
  reason). A lost answer means the same seq is sent again and the server
  replays its stored result: applied exactly once, never lost.
- Attachment bytes go up before the batch whose mutations refer to them, and a
  broken upload resumes from the offset the server reports.
- Pull pages are applied with the cursor in one transaction; a crash between
  pages repeats at most the page in flight.
- Downloads are checked against their SHA-256 before they are stored, and sealed
  as they arrive: a photo is never written to the laptop's disk in plain.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector_desktop.store.db import Workspace
from inspector_desktop.store.models import Attachment, utcnow
from inspector_desktop.store.bookkeeping import OutboxEntry, OutboxState, Setting
from inspector_desktop.store.profile import CURRENT_INSPECTOR
from inspector_desktop.sync import apply, protocol as p, set_aside
from inspector_desktop.sync.undo import undo_rejected
from inspector_desktop.sync.transport import NetworkError, ProtocolError, ServerRefused, SyncError, Transport, parse

LAST_SYNC = "sync.last_sync"
ACCOUNT = "sync.account_id"
SERVER = "sync.server"
UPLOAD_CHUNK = 1024 * 1024
MAX_FILE = 512 * 1024 * 1024  # the server's own limit on one evidence file
FILL_CHECKPOINT_PAGES = 10_000  # 40 MB of log between copies while a large pull goes on

Progress = Callable[[str, int, int], None]


@dataclass
class SyncReport:
    pushed: int = 0
    applied: int = 0
    rejected: int = 0
    conflicts: int = 0
    pulled: int = 0
    uploaded: int = 0
    downloaded: int = 0
    missing_files: list[str] = field(default_factory=list)
    still_pending: int = 0
    set_aside: int = 0  # pulled records waiting for what they point at (sync/set_aside.py)
    # Kinds of records (table names) this sync wrote here: pulled, or put back after a
    # refusal. The app refreshes the views that show them.
    changed: set[str] = field(default_factory=set)
    finished_at: str = ""

    def summary(self) -> str:
        return (
            f"pushed {self.pushed} (applied {self.applied}, rejected {self.rejected}), "
            f"pulled {self.pulled}, conflicts {self.conflicts}, files up {self.uploaded} / down {self.downloaded}, "
            f"still pending {self.still_pending}, set aside {self.set_aside}"
        )


class SyncEngine:
    def __init__(self, ws: Workspace, transport: Transport, account_id: str, *,
                 push_batch: int = p.MAX_MUTATIONS_PER_PUSH, pull_limit: int = p.MAX_PULL_LIMIT,
                 upload_chunk: int = UPLOAD_CHUNK) -> None:
        self.ws, self.t, self.account_id = ws, transport, account_id
        self.push_batch, self.pull_limit, self.upload_chunk = push_batch, pull_limit, upload_chunk
        self._bind_server()

    def _bind_server(self) -> None:
        """A cursor belongs to one server and one account; a new one starts from zero."""
        here = f"{self.t.base_url} {self.account_id}"
        if self.ws.setting(SERVER) != here:
            with self.ws.write(remote=True) as s:
                s.merge(Setting(key=SERVER, value=here))
                s.merge(Setting(key=apply.CURSOR, value="0"))
                s.merge(Setting(key=ACCOUNT, value=self.account_id))
                if s.get(Setting, CURRENT_INSPECTOR) is None:
                    s.merge(Setting(key=CURRENT_INSPECTOR, value=self.account_id))

    def sync(self, progress: Progress | None = None) -> SyncReport:
        report = SyncReport()
        tick = progress or (lambda _stage, _done, _total: None)
        with self.ws.read() as s:
            # Told with every request: if the office reported this laptop lost, the
            # answer that says so records how many changes are lost with it.
            self.t.pending = s.scalar(sa.select(sa.func.count()).where(OutboxEntry.state == OutboxState.PENDING)) or 0
        self.push(report, tick)
        self.pull(report, tick)
        self.download(report, tick)
        with self.ws.write(remote=True) as s:
            report.still_pending = s.scalar(sa.select(sa.func.count()).where(OutboxEntry.state == OutboxState.PENDING)) or 0
            report.set_aside = set_aside.count(s)
            report.finished_at = utcnow().isoformat()
            s.merge(Setting(key=LAST_SYNC, value=report.finished_at))
        return report

    # ------------------------------------------------------------ push

    def push(self, report: SyncReport, tick: Progress) -> None:
        with self.ws.read() as s:
            total = s.scalar(sa.select(sa.func.count()).where(OutboxEntry.state == OutboxState.PENDING)) or 0
        done = 0
        tick("push", 0, total)
        while True:
            with self.ws.read() as s:
                batch = s.scalars(
                    sa.select(OutboxEntry).where(OutboxEntry.state == OutboxState.PENDING).order_by(OutboxEntry.seq).limit(self.push_batch)
                ).all()
                mutations = [
                    p.Mutation(seq=e.seq, entity=e.entity, entity_id=e.entity_id, op=p.Op(e.op), fields=e.fields, base_version=e.base_version)
                    for e in batch
                ]
            if not mutations:
                return
            self._upload_for(mutations, report, tick)
            answer = self.t.call(
                "POST", "/sync/push", p.PushResponse,
                json_body=p.PushRequest(client_id=self.ws.client_id, mutations=mutations).model_dump(mode="json"),
            )
            settled = self._record_results(mutations, answer, report)
            done += settled
            tick("push", done, max(total, done))
            if answer.gap:
                raise SyncError(
                    f"The server is missing change {answer.applied_seq + 1} from this laptop and cannot take later ones. "
                    "Nothing was lost; contact the administrator."
                )
            if settled == 0:
                raise ProtocolError("The server answered the push without settling any change; nothing was changed.")

    def _record_results(self, sent: list[p.Mutation], answer: p.PushResponse, report: SyncReport) -> int:
        by_seq = {m.seq: m for m in sent}
        for r in answer.results:
            m = by_seq.get(r.seq)
            if m is None or r.entity_id != m.entity_id:
                raise ProtocolError(f"The server answered for change {r.seq}, which was not sent; nothing was changed.")
        if len({r.seq for r in answer.results}) != len(answer.results):
            raise ProtocolError("The server answered twice for one change; nothing was changed.")
        with self.ws.write(remote=True) as s:
            rejected: list[OutboxEntry] = []
            entries = {e.seq: e for e in s.scalars(sa.select(OutboxEntry).where(OutboxEntry.seq.in_(list(by_seq))))}
            for r in answer.results:
                entry = entries.get(r.seq)
                if entry is None or entry.state != OutboxState.PENDING:
                    continue
                if r.status is p.MutationStatus.REJECTED:
                    entry.state, entry.result = OutboxState.REJECTED, r.code or "rejected"
                    report.rejected += 1
                    report.changed.add(entry.entity)
                    rejected.append(entry)
                else:
                    entry.state = OutboxState.SENT
                    entry.result = r.status.value
                    report.applied += 1
                report.pushed += 1
            s.flush()
            for entry in sorted(rejected, key=lambda e: -e.seq):
                undo_rejected(s, entry)
        return len(answer.results)

    # ------------------------------------------------------------ attachments up

    def _upload_for(self, mutations: list[p.Mutation], report: SyncReport, tick: Progress) -> None:
        for m in mutations:
            sha = m.fields.get("sha256") if m.entity == "attachment" else None
            if not isinstance(sha, str):
                continue
            try:
                present = self.ws.attachments.has(sha)
            except ValueError:
                continue  # the server will reject the record; nothing to upload
            if not present:
                report.missing_files.append(sha)
                continue
            try:
                if self.upload(sha, tick):
                    report.uploaded += 1
            except ServerRefused as exc:
                if exc.code != "blob.digest_mismatch":
                    raise
                # The file on this laptop no longer matches its hash: send the record
                # anyway (never block the queue) and say which file is damaged.
                report.missing_files.append(sha)

    def upload(self, sha: str, tick: Progress) -> bool:
        """Send the file's plain bytes from the server's offset; True if bytes were
        sent. The file is opened on the laptop a piece at a time, in memory only."""
        head = self.t.request("HEAD", f"/blobs/{sha}")
        if head.headers.get(p.UPLOAD_COMPLETE) == "1":
            return False
        offset = _offset(head.headers)
        sent_any = False
        with self.ws.attachments.open_plain(sha) as f:
            size = f.size
            while offset < size:
                chunk = f.read_at(offset, self.upload_chunk)
                tick("upload", offset, size)
                try:
                    answer = self.t.call(
                        "PATCH", f"/blobs/{sha}", p.BlobStatus, data=chunk,
                        headers={p.UPLOAD_OFFSET: str(offset), p.UPLOAD_LENGTH: str(size), "Content-Type": "application/octet-stream"},
                    )
                except ServerRefused as exc:
                    if exc.code != "blob.offset_mismatch":
                        raise
                    # A chunk landed but its answer was lost: carry on from where the server is.
                    offset = _offset(self.t.request("HEAD", f"/blobs/{sha}").headers)
                    continue
                sent_any = True
                if answer.complete:
                    break
                if not offset < answer.offset <= size:
                    raise ProtocolError("The server reported an impossible upload offset; the upload stopped.")
                offset = answer.offset
        tick("upload", size, size)
        return sent_any

    # ------------------------------------------------------------ pull

    def pull(self, report: SyncReport, tick: Progress) -> None:
        cursor = int(self.ws.setting(apply.CURSOR, "0") or 0)
        # The next page is asked for while this one is written, and read and checked
        # while this one is committed: on a first sync the server's time, the checks
        # and the local disk's time overlap instead of adding up. Nothing is read
        # while rows are written: SQLite needs the interpreter back after every row,
        # and Python work on the side (even the HTTP client taking in an answer as it
        # arrives) kept it waiting; writing took twice as long.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pull") as ahead, _old_objects_set_aside():
            # On an error the executor's exit waits for a fetch still in flight, so the
            # HTTP session is never used by two threads at once.
            go = threading.Event()
            go.set()
            self._apply_pages(ahead.submit(self._page, cursor, go), ahead, report, tick)

    def _page(self, cursor: int, go: threading.Event) -> apply.CheckedPage:
        body = self.t.request("GET", "/sync/pull", params={"cursor": cursor, "limit": self.pull_limit}, read_when=go.wait).body
        page = parse(p.PullResponse, body)
        if len(page.records) + len(page.conflicts) > self.pull_limit:
            raise ProtocolError("The server sent more than was asked for; nothing was changed.")
        return apply.check_page(page, cursor)

    def _apply_pages(self, coming: Future[apply.CheckedPage], ahead: ThreadPoolExecutor, report: SyncReport, tick: Progress) -> None:
        held: list[apply.CheckedPage] = []
        while True:
            checked = coming.result()
            page = checked.page
            go = threading.Event()
            if page.has_more:
                coming = ahead.submit(self._page, page.cursor, go)
            held.append(checked)
            try:
                with self.ws.write(remote=True) as s:
                    # Children may arrive a page before their parent: check references at commit.
                    s.execute(sa.text("PRAGMA defer_foreign_keys = ON"))
                    if page.has_more:
                        _checkpoint_less_often(s)
                    done = apply.apply_pages(s, held, self.account_id)
                    go.set()  # the commit lets go of the interpreter
            except sa.exc.IntegrityError as exc:
                if not page.has_more:
                    raise ProtocolError(f"The server's records do not fit together ({exc.orig}); nothing was changed.") from None
                continue  # hold this page and apply it with the next one
            finally:
                go.set()  # whatever happened: the page on its way is never left waiting
            held = []
            report.pulled += done.inserted + done.updated
            report.conflicts += done.conflicts
            report.changed |= done.entities
            tick("pull", report.pulled, report.pulled + (1 if page.has_more else 0))
            if not page.has_more:
                return

    # ------------------------------------------------------------ attachments down

    def download(self, report: SyncReport, tick: Progress) -> None:
        with self.ws.read() as s:
            wanted = sorted({sha for (sha,) in s.execute(sa.select(Attachment.sha256).where(Attachment.deleted.is_(False)))})
        missing = [sha for sha in wanted if _is_sha(sha) and not self.ws.attachments.has(sha)]
        for i, sha in enumerate(missing):
            tick("download", i, len(missing))
            try:
                self._download(sha)
            except ServerRefused as exc:
                if exc.status != 404:
                    raise
                report.missing_files.append(sha)  # not uploaded yet by its author; next sync
                continue
            report.downloaded += 1

    def _download(self, sha: str) -> None:
        """Stream to a temporary file in the store, check the hash, then move it into
        place. A kill midway leaves the temporary file to the next start's sweep."""
        with self.ws.attachments.receiving() as incoming:
            self.t.request("GET", f"/blobs/{sha}", sink=incoming, limit=MAX_FILE)  # type: ignore[arg-type]
            if incoming.finish() != sha:
                raise ProtocolError(f"The downloaded file {sha[:12]}… does not match its SHA-256; it was not stored.")
            incoming.keep(sha)


@contextlib.contextmanager
def _old_objects_set_aside() -> Iterator[None]:
    """While pages come in, the garbage collector's full passes skip the objects
    that were there before (the window's, SQLAlchemy's, Qt's): a page makes tens of
    thousands of objects, and each full pass over all the others cost tens of
    milliseconds, a tenth of a first sync. They are handed back afterwards, so
    nothing stays in memory longer than the sync."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _checkpoint_less_often(s: Session) -> None:
    """While more pages follow, this commit leaves the log of committed pages to grow
    to FILL_CHECKPOINT_PAGES before they are copied into the database file: a first
    sync rewrites the same index pages page after page, and copying them after every
    commit cost a third of the commits' time. Every commit is as durable as before."""
    raw = s.connection().connection.dbapi_connection
    assert raw is not None
    usual = raw.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    raw.execute(f"PRAGMA wal_autocheckpoint = {FILL_CHECKPOINT_PAGES}")

    def restore(_session: Session) -> None:  # the connection is still this session's here
        raw.execute(f"PRAGMA wal_autocheckpoint = {int(usual)}")
    sa.event.listen(s, "after_commit", restore, once=True)
    sa.event.listen(s, "after_rollback", restore, once=True)


def _offset(headers: Mapping[str, str]) -> int:
    raw = headers.get(p.UPLOAD_OFFSET, "0")
    if not raw.isdigit():
        raise ProtocolError("The server sent no valid upload offset; the upload stopped.")
    return int(raw)


def _is_sha(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


def last_sync(ws: Workspace) -> dt.datetime | None:
    raw = ws.setting(LAST_SYNC)
    return dt.datetime.fromisoformat(raw) if raw else None


__all__ = ["NetworkError", "ProtocolError", "SyncEngine", "SyncError", "SyncReport", "last_sync"]
