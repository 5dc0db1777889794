"""A PNG gallery of every page, dialog and state of the app, for a person to look at.

    python3 -m tests.screens OUT_DIR            # both languages, 1366×768 and 1024×640
    python3 -m tests.screens OUT_DIR --quick    # zh_CN at 1024×640 only
    python3 -m tests.screens OUT_DIR --scale 1.5   # as on a laptop at 150 % scaling

The windows are the real ones, drawn offscreen with the bundled CJK font, over a
demo workspace (screenshots are what demo data is for) and an empty one. Each
shot is named language-size-what.png; OUT_DIR/index.txt lists them. A shot that
cannot be taken is reported on stderr and makes the exit code 1, so the gallery
cannot silently shrink.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TODAY = dt.date(2026, 11, 22)
SIZES = ((1366, 768), (1024, 640))
LANGUAGES = ("zh_CN", "en")


class Gallery:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.written: list[Path] = []
        self.failed: list[str] = []
        self.prefix = ""

    def save(self, widget, what: str) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtWidgets import QApplication

        settle()
        QApplication.processEvents()
        path = self.out / f"{self.prefix}-{what}.png"
        if not widget.grab().save(str(path)):
            raise RuntimeError(f"could not write {path}")
        self.written.append(path)

    def shot(self, what: str, take: Callable[[], None]) -> None:
        try:
            take()
        except Exception:  # noqa: BLE001 - one broken shot must not hide the others
            self.failed.append(f"{self.prefix}-{what}:\n{traceback.format_exc()}")


def settle() -> None:
    from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QThread

    from inspector_desktop.ui.ops import wait_all

    wait_all(10.0)
    deadline = QDeadlineTimer(60)
    while not deadline.hasExpired():
        QCoreApplication.processEvents()
        QThread.msleep(5)


def wait_until(done: Callable[[], bool], seconds: float = 10.0) -> None:
    from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QThread

    deadline = QDeadlineTimer(int(seconds * 1000))
    while not done():
        if deadline.hasExpired():
            raise TimeoutError("the window did not reach the state to photograph")
        QCoreApplication.processEvents()
        QThread.msleep(10)


@contextmanager
def shown(dialog, size: tuple[int, int]) -> Iterator[object]:  # type: ignore[no-untyped-def]
    width, height = size
    dialog.resize(min(dialog.sizeHint().width() + 80, width - 40), min(dialog.sizeHint().height() + 40, height - 60))
    dialog.show()
    try:
        yield dialog
    finally:
        dialog.close()
        dialog.deleteLater()
        settle()


def ids(ws) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """A signed form, a draft form, a visit with findings, an overdue rectification, an objection."""
    import sqlalchemy as sa

    from inspector_desktop.store import models as m

    with ws.read() as s:
        signed = s.execute(sa.select(m.FeedbackForm.id, m.FeedbackForm.visit_id, m.FeedbackForm.number)
                           .where(m.FeedbackForm.status == "signed").limit(1)).one()
        draft = s.scalar(sa.select(m.FeedbackForm.id).where(m.FeedbackForm.status == "draft").limit(1))
        visit = s.scalar(sa.select(m.Finding.visit_id).limit(1))
        announced = s.scalar(sa.select(m.Visit.id).where(m.Visit.notice == "announced", m.Visit.status == "planned",
                                                         m.Visit.planned_on >= TODAY).order_by(m.Visit.planned_on).limit(1))
        overdue = s.execute(sa.select(m.Rectification.id, m.Requirement.form_id, m.Rectification.school_id)
                            .join(m.Requirement, m.Requirement.id == m.Rectification.requirement_id)
                            .where(m.Rectification.deadline < TODAY, m.Rectification.status == "open").limit(1)).first()
        step = s.scalar(sa.select(m.Escalation.id).limit(1))
    return dict(signed=signed[0], signed_visit=signed[1], signed_number=signed[2], draft=draft or "",
                visit=visit, announced=announced or "", rectification=overdue[0] if overdue else "",
                rect_form=overdue[1] if overdue else "", rect_school=overdue[2] if overdue else "", step=step or "")


def add_conflict(ws, visit_id: str) -> None:  # type: ignore[no-untyped-def]
    from inspector_desktop.store.bookkeeping import SyncConflict

    with ws.write() as s:
        s.add(SyncConflict(server_id=990001, entity="visit", entity_id=visit_id, field="purpose",
                           mine="检查食堂卫生与晨检记录", theirs="检查食堂卫生、晨检记录和消防通道", mine_lost=True))


def pages(g: Gallery, window, size, what: str = "page") -> None:  # type: ignore[no-untyped-def]
    for row in range(window.nav.count()):
        if window.nav.item(row).isHidden():
            continue  # an office page in an inspector's window: not what an inspector sees
        def take(row=row) -> None:  # type: ignore[no-untyped-def]
            window.nav.setCurrentRow(row)
            g.save(window, f"{what}{row + 1}-{type(window.pages[row][0]).__name__}")
        g.shot(f"{what}{row + 1}", take)


def as_lead(ws) -> None:  # type: ignore[no-untyped-def]
    """The demo signed in as its lead (王建国), of the district its schools are in.

    The demo names regions by city and schools by district; the office's server
    matches a lead's region to a school's district exactly, so the lead takes the
    district here, as an administrator would have set it."""
    import sqlalchemy as sa

    from inspector_desktop.store import models as m
    from inspector_desktop.store.profile import set_current_inspector
    from inspector_desktop.store.roles import LEAD, set_roles

    with ws.write() as s:
        lead = s.scalar(sa.select(m.Inspector).where(m.Inspector.is_lead.is_(True)).order_by(m.Inspector.code).limit(1))
        lead.region = "青山湖区"
        lead_id = lead.id
    set_current_inspector(ws, lead_id)
    set_roles(ws, [LEAD])


def lead_pages(g: Gallery, window) -> None:  # type: ignore[no-untyped-def]
    """A lead's window: Today and the Dashboard cover the region; the office pages show."""
    wait_until(lambda: window.is_lead)
    first_office = len(window.pages) - len(window.office)
    for row in (0, 4, *range(first_office, window.nav.count())):
        def take(row=row) -> None:  # type: ignore[no-untyped-def]
            window.nav.setCurrentRow(row)
            page = window.pages[row][0]
            g.save(window, f"lead-page{row + 1}-{type(page).__name__}")
            tabs = getattr(page, "tabs", None)
            for tab in range(1, tabs.count() if tabs is not None else 0):  # an office page's other tabs
                tabs.setCurrentIndex(tab)
                g.save(window, f"lead-page{row + 1}-{type(page).__name__}-tab{tab + 1}")
            if tabs is not None:
                tabs.setCurrentIndex(0)
        g.shot(f"lead-page{row + 1}", take)


def visit_tabs(g: Gallery, window, visit_id: str, what: str) -> None:  # type: ignore[no-untyped-def]
    def take() -> None:
        window.open_visit(visit_id)
        page = window.visits_page.visit_page
        wait_until(lambda: bool(page.checklist.lines))
        for tab in range(page.tabs.count()):
            page.tabs.setCurrentIndex(tab)
            g.save(window, f"{what}-tab{tab + 1}")
        window.visits_page.show_list()
    g.shot(what, take)


def dialogs(g: Gallery, window, ws, k: dict[str, str], size) -> None:  # type: ignore[no-untyped-def]
    from inspector_desktop.ui import chain_dialogs, form_editor, login_dialog, notice_dialog, random_pick_dialog
    from inspector_desktop.domain import EscalationKind
    from inspector_desktop.ui import export_dialog, response_dialogs
    from inspector_desktop.ui.new_visit import NewVisitDialog, read_choices

    def dialog(what: str, make: Callable[[], object], ready: Callable[[object], bool] = lambda _d: True) -> None:
        def take() -> None:
            with shown(make(), size) as d:
                wait_until(lambda: ready(d))
                tabs = getattr(d, "tabs", None)
                if tabs is None:
                    g.save(d, what)
                    return
                for tab in range(tabs.count()):  # a form: its content, signatures and sheet
                    tabs.setCurrentIndex(tab)
                    g.save(d, f"{what}-tab{tab + 1}")
        g.shot(what, take)

    today = TODAY
    dialog("dialog-new-visit", lambda: NewVisitDialog(ws, today, read_choices(ws), window))
    dialog("dialog-login", lambda: login_dialog.LoginDialog(ws, "https://dudao.example.gov.cn", "DX0417", window))
    dialog("dialog-export", lambda: export_dialog.ExportDialog(window, ws, "zh_CN"))
    dialog("dialog-random-pick", lambda: random_pick_dialog.RandomPickDialog(window, ws, today))
    dialog("form-signed", lambda: form_editor.FormEditor(ws, form_id=k["signed"], parent=window, today=lambda: today))
    if k["draft"]:
        dialog("form-draft", lambda: form_editor.FormEditor(ws, form_id=k["draft"], parent=window, today=lambda: today))
    if k["announced"]:
        dialog("dialog-notice-letter", lambda: notice_dialog.NoticeDialog(window, ws, k["announced"], today))
    dialog("dialog-school-response", lambda: response_dialogs.ResponseDialog(window, ws, k["signed"], k["signed_number"], today))
    dialog("dialog-reply-objection", lambda: response_dialogs.ReplyDialog(window, ws, "x", "食堂问题已于上周整改，不应列入。", today))
    if k["rectification"]:
        dialog("dialog-school-report", lambda: chain_dialogs.ReportDialog(window, ws, k["rectification"], today))
        dialog("dialog-reinspection-verdict",
               lambda: chain_dialogs.VerdictDialog(window, ws, k["rect_form"], k["rectification"], "", today))
        for step in (EscalationKind.INTERVIEW, EscalationKind.PUBLIC_NOTIFICATION, EscalationKind.ACCOUNTABILITY):
            dialog(f"dialog-step-{step.value}", lambda step=step: chain_dialogs.StepDialog(
                window, ws, k["rectification"], k["rect_school"], today, step))
    if k["step"]:
        dialog("document-escalation", lambda: chain_dialogs.DocumentDialog(window, ws, k["step"], "zh_CN"))


def run(out: Path, languages: tuple[str, ...], sizes: tuple[tuple[int, int], ...]) -> Gallery:
    from PySide6.QtCore import QSettings

    from inspector_desktop.store import open_workspace
    from inspector_desktop.store.demo import DEFAULT_SEED, build_demo
    from inspector_desktop.ui import i18n
    from inspector_desktop.ui.app import MainWindow, make_app

    app = make_app()
    i18n.load_cjk_font(app)
    g = Gallery(out)
    with tempfile.TemporaryDirectory(prefix="gallery-") as tmp:
        demo = open_workspace(Path(tmp) / "demo")
        build_demo(demo, seed=DEFAULT_SEED, as_of=TODAY)
        k = ids(demo)
        add_conflict(demo, k["visit"])
        lead = open_workspace(Path(tmp) / "lead")
        build_demo(lead, seed=DEFAULT_SEED, as_of=TODAY)
        as_lead(lead)
        empty = open_workspace(Path(tmp) / "empty")
        settings = QSettings(str(Path(tmp) / "ui.ini"), QSettings.Format.IniFormat)
        for language in languages:
            i18n.apply_language(language)
            for size in sizes:
                g.prefix = f"{language}-{size[0]}x{size[1]}"
                blank = MainWindow(empty, today=lambda: TODAY, settings=settings)
                blank.resize(*size)
                blank.show()
                g.shot("empty-workspace", lambda blank=blank: g.save(blank, "empty-workspace"))
                pages(g, blank, size, "empty-page")  # what each list says when there is nothing yet
                blank.close()
                window = MainWindow(demo, today=lambda: TODAY, settings=settings)
                window.resize(*size)
                window.show()
                wait_until(lambda window=window: window.visits_page.model.index_snapshot is not None)
                pages(g, window, size)
                visit_tabs(g, window, k["visit"], "visit")
                visit_tabs(g, window, k["signed_visit"], "visit-signed-form")
                # Discreet mode: hidden (on), revealed for a while, switched off.
                for state, act in (("on", lambda w=window: w.discretion.hide()),
                                   ("revealed", lambda w=window: w.discretion.reveal(90)),
                                   ("off", lambda w=window: w.discretion.set_enabled(False))):
                    def take(act=act, state=state, w=window) -> None:  # type: ignore[no-untyped-def]
                        act()
                        for row in (0, 1):
                            w.nav.setCurrentRow(row)
                            g.save(w, f"discreet-{state}-page{row + 1}")
                    g.shot(f"discreet-{state}", take)
                window.discretion.set_enabled(True)
                dialogs(g, window, demo, k, size)
                window.close()
                window.deleteLater()
                settle()
                office = MainWindow(lead, today=lambda: TODAY, settings=settings)
                office.resize(*size)
                office.show()
                lead_pages(g, office)
                office.close()
                office.deleteLater()
                settle()
    (out / "index.txt").write_text("".join(f"{p.name}\n" for p in g.written), encoding="utf-8")
    return g


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m tests.screens", description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, metavar="OUT_DIR")
    parser.add_argument("--quick", action="store_true", help="zh_CN at 1024×640 only")
    parser.add_argument("--scale", type=float, default=None, help="device pixel ratio, e.g. 1.5 for 150 %% scaling")
    args = parser.parse_args(argv)
    if args.scale:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)  # read when the application starts
    args.out.mkdir(parents=True, exist_ok=True)
    from tests.support import keyring_file

    keys = keyring_file.install()  # the gallery's workspaces keep their keys apart from the user's
    try:
        g = run(args.out, ("zh_CN",) if args.quick else LANGUAGES, (SIZES[1],) if args.quick else SIZES)
    finally:
        keyring_file.remove(keys)
    print(f"{len(g.written)} screenshots in {args.out}", file=sys.stderr)
    for failure in g.failed:
        print(f"not taken: {failure}", file=sys.stderr)
    return 1 if g.failed else 0


if __name__ == "__main__":
    sys.exit(main())
