"""The steps of the cycle as a user takes them in the window: which page, which
button, what is typed. Each step waits for what the user would wait for (the
dialog closing, the list filling, the sync finishing), never a fixed time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QTabWidget, QWidget

from inspector_desktop.domain import Notice, Rating, Severity, Verdict
from inspector_desktop.ui.form_editor import FormEditor
from tests.e2e.conftest import WAIT, Laptop, ModalAnswers, click, field, ok_button, type_into
from tests.server.conftest import PASSWORD
from tests.ui.test_signature_pad import _drag


def choose(combo: Any, data: Any) -> None:
    at = combo.findData(data)
    assert at >= 0, f"{data!r} is not offered"
    combo.setCurrentIndex(at)


def choose_text(combo: Any, text: str) -> None:
    at = next((i for i in range(combo.count()) if text in combo.itemText(i)), -1)
    assert at >= 0, f"no choice shows {text!r}: {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setCurrentIndex(at)


def tab(qtbot: Any, tabs: QTabWidget, title: str) -> None:
    index = next(i for i in range(tabs.count()) if tabs.tabText(i) == title)
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def go(laptop: Laptop, page: QWidget) -> None:
    """The page's entry in the navigation list, clicked."""
    w = laptop.window
    row = [p for p, _i in w.pages].index(page)
    nav = w.nav
    laptop.qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(nav.item(row)).center())
    assert w.stack.currentWidget() is page


def save_as(monkeypatch: Any, path: Path) -> None:
    """The file dialog answered with ``path``, as the user would choose it."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(path), "PDF files (*.pdf)"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), "PDF files (*.pdf)"))


# ---------------------------------------------------------------- first run, sign-in, sync


def start_empty(laptop: Laptop, name: str, code: str, school: tuple[str, str, str, str]) -> None:
    """Today's "Start empty": the profile, then the first school."""
    today, qtbot = laptop.window.today_page, laptop.qtbot
    qtbot.waitUntil(lambda: today.welcome.isVisible(), timeout=WAIT)

    def profile(dialog: QWidget) -> None:
        type_into(field(dialog, "Name"), name)
        type_into(field(dialog, "Inspector code"), code)
        qtbot.mouseClick(ok_button(_buttons(dialog)), Qt.MouseButton.LeftButton)

    def first_school(dialog: QWidget) -> None:
        for caption, value in zip(("Code", "Name", "Competent department", "District"), school):
            type_into(field(dialog, caption), value)
        qtbot.mouseClick(ok_button(_buttons(dialog)), Qt.MouseButton.LeftButton)

    answers = ModalAnswers(("Your inspector profile", profile), ("Add school", first_school))
    click(qtbot, today.empty_button)  # returns once both dialogs are closed
    assert answers.done
    schools = laptop.window.schools_page
    qtbot.waitUntil(lambda: [r.code for r in schools.schools.rows] == [school[0]], timeout=WAIT)


def _buttons(dialog: QWidget) -> QDialogButtonBox:
    return dialog.findChild(QDialogButtonBox)


def sign_in(laptop: Laptop, url: str, username: str) -> None:
    """Sync page → Log in… → address, user name, password → OK; the first sync follows."""
    page, qtbot = laptop.window.sync_page, laptop.qtbot
    go(laptop, page)
    qtbot.waitUntil(lambda: page.login_button.text() == "Log in…", timeout=WAIT)
    click(qtbot, page.login_button)
    dialog = page.login_dialog
    dialog.server.clear()
    type_into(dialog.server, url)
    type_into(dialog.username, username)
    type_into(dialog.password, PASSWORD)
    click(qtbot, ok_button(dialog.buttons))
    qtbot.waitUntil(lambda: page.account.session is not None, timeout=WAIT)
    qtbot.waitUntil(lambda: page.account.last_sync is not None and not page.syncing, timeout=WAIT)
    assert "Signed in to" in page.account_label.text() and not page.last_error


def sync(laptop: Laptop) -> None:
    """Sync page → Sync now, and wait until it is done."""
    page, qtbot = laptop.window.sync_page, laptop.qtbot
    go(laptop, page)
    qtbot.waitUntil(lambda: page.sync_button.isEnabled() and not page.syncing, timeout=WAIT)
    before = page.account.last_sync
    click(qtbot, page.sync_button)
    qtbot.waitUntil(lambda: not page.syncing and page.account.last_sync not in (None, before), timeout=WAIT)
    assert not page.last_error, page.last_error


# ---------------------------------------------------------------- a visit


def plan_visit(laptop: Laptop, school: str, notice: Notice, day: dt.date, team: list[str] | None = None,
               purpose: str = "") -> str:
    """Visits → New visit… → school, notice, checklist, team (the first ticked leads), date → Plan visit."""
    page, qtbot = laptop.window.visits_page, laptop.qtbot
    go(laptop, page)
    page.new_visit_dialog = None
    click(qtbot, page.new_button)
    qtbot.waitUntil(lambda: getattr(page, "new_visit_dialog", None) is not None, timeout=WAIT)
    dialog = page.new_visit_dialog
    choose_text(dialog.school, school)
    choose(dialog.axes["notice"], notice)
    assert dialog.template.currentData() is not None  # the national eight-item checklist
    if team is not None:
        for i in range(dialog.team.count()):
            item = dialog.team.item(i)
            wanted = any(item.text().startswith(f"{name} (") for name in team)
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
    dialog.day.setDate(QDate(day.year, day.month, day.day))
    if purpose:
        type_into(dialog.purpose, purpose)
    click(qtbot, ok_button(dialog.buttons))
    qtbot.waitUntil(lambda: dialog.visit_id is not None, timeout=WAIT)
    visit = page.visit_page
    qtbot.waitUntil(lambda: visit.detail is not None and visit.detail.id == dialog.visit_id
                    and page.stack.currentWidget() is visit, timeout=WAIT)
    return dialog.visit_id


def open_visit_from_list(laptop: Laptop, visit_id: str) -> None:
    """Visits → double-click the visit in the list."""
    page, qtbot = laptop.window.visits_page, laptop.qtbot
    go(laptop, page)
    if page.stack.currentWidget() is not page.list_page:
        click(qtbot, page.visit_page.back_button)
    qtbot.waitUntil(lambda: any(page.model.row_at(r) is not None and page.model.row_at(r).id == visit_id
                                for r in range(page.model.rowCount())), timeout=WAIT)
    row = next(r for r in range(page.model.rowCount()) if page.model.row_at(r).id == visit_id)
    view = page.table
    at = view.visualRect(page.model.index(row, 0)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    visit = page.visit_page
    qtbot.waitUntil(lambda: visit.detail is not None and visit.detail.id == visit_id
                    and page.stack.currentWidget() is visit, timeout=WAIT)


def rate(laptop: Laptop, line: int, rating: Rating, observation: str = "") -> str:
    """Checklist tab: a line's rating and what was observed; stored without a Save button."""
    visit, qtbot = laptop.window.visits_page.visit_page, laptop.qtbot
    tab(qtbot, visit.tabs, "Checklist")
    ln = visit.checklist.lines[line]
    choose(ln.rating, rating)
    if observation:
        type_into(ln.observation, observation)
    visit.autosaver.flush_now()
    qtbot.waitUntil(lambda: visit.autosaver.idle, timeout=WAIT)
    return ln.item.indicator_id


def add_finding(laptop: Laptop, problem: str, severity: Severity, diagnosis: str = "", recommendation: str = "") -> str:
    """Findings tab: type the problem, Add finding, then its diagnosis, recommendation and severity."""
    visit, qtbot = laptop.window.visits_page.visit_page, laptop.qtbot
    tab(qtbot, visit.tabs, "Findings")
    findings = visit.findings
    before = findings.list.count()
    type_into(findings.new_problem, problem)
    click(qtbot, findings.add_button)
    qtbot.waitUntil(lambda: findings.list.count() == before + 1 and findings.editor.finding is not None, timeout=WAIT)
    editor = findings.editor
    if diagnosis:
        type_into(editor.diagnosis, diagnosis)
    if recommendation:
        type_into(editor.recommendation, recommendation)
    choose(editor.severity, severity)
    visit.autosaver.flush_now()
    qtbot.waitUntil(lambda: visit.autosaver.idle, timeout=WAIT)
    return editor.finding.id


def move_visit(laptop: Laptop, button: str) -> None:
    """The visit page's Start visit / Complete visit."""
    visit, qtbot = laptop.window.visits_page.visit_page, laptop.qtbot
    target = {"start": visit.start_button, "complete": visit.complete_button}[button]
    status = visit.detail.status
    click(qtbot, target)
    qtbot.waitUntil(lambda: visit.detail.status != status, timeout=WAIT)


# ---------------------------------------------------------------- the feedback form


def open_form_from_visit(laptop: Laptop) -> FormEditor:
    """The visit page's Feedback form…: drafts the form from the findings."""
    visit, qtbot = laptop.window.visits_page.visit_page, laptop.qtbot
    before = set(visit.findChildren(FormEditor))
    click(qtbot, visit.form_button)
    (editor,) = set(visit.findChildren(FormEditor)) - before
    qtbot.waitUntil(lambda: editor.form is not None and not editor.busy, timeout=WAIT)
    return editor


def sign_and_lock(laptop: Laptop, editor: FormEditor, inspector: tuple[str, str], school: tuple[str, str]) -> None:
    """Signatures tab: both names and titles, both pads signed; Sign and lock."""
    qtbot = laptop.qtbot
    tab(qtbot, editor.tabs, "Signatures")
    for role, (name, title), strokes in (
        ("inspector", inspector, [(20, 60), (60, 80), (120, 50), (160, 70)]),
        ("school_representative", school, [(30, 40), (90, 70), (140, 45)]),
    ):
        box = editor.signature_boxes[role]
        type_into(box.name, name)
        type_into(box.title, title)
        _drag(box.pad, strokes)
        assert not box.pad.is_empty()
    with qtbot.waitSignal(editor.sheet_ready, timeout=WAIT):
        click(qtbot, editor.sign_button)
    assert editor.tabs.tabText(editor.tabs.currentIndex()) == "Sheet"


def export_and_verify(laptop: Laptop, editor: FormEditor, monkeypatch: Any, path: Path) -> None:
    """Sheet tab: Export PDF… to a file, Verify this sheet, then Verify a PDF file… on the exported one."""
    qtbot = laptop.qtbot
    save_as(monkeypatch, path)
    click(qtbot, editor.preview.export_button)
    assert path.read_bytes() == editor.preview.pdf_bytes() and path.read_bytes().startswith(b"%PDF")
    with qtbot.waitSignal(editor.verified, timeout=WAIT) as shown:
        click(qtbot, editor.verify_button)
    assert shown.args == [True] and editor.verdict_label.text().startswith("Genuine")
    with qtbot.waitSignal(editor.verified, timeout=WAIT) as from_file:
        click(qtbot, editor.sheet.verify_file_button)  # the button lives on the Sheet tab
    assert from_file.args == [True]


# ---------------------------------------------------------------- the chain


def rectifications(laptop: Laptop, only_open: bool = True) -> Any:
    page, qtbot = laptop.window.rectifications_page, laptop.qtbot
    go(laptop, page)
    if page.only_open.isChecked() != only_open:
        box = page.only_open
        # On the box and its words, not the middle of a stretched row.
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().topLeft() + QPoint(8, box.height() // 2))
        assert box.isChecked() == only_open
    return page


def select_rectification(laptop: Laptop, rectification_id: str) -> Any:
    page, qtbot = laptop.window.rectifications_page, laptop.qtbot
    qtbot.waitUntil(lambda: any(r.id == rectification_id for r in page.model.rows), timeout=WAIT)
    row = next(n for n, r in enumerate(page.model.rows) if r.id == rectification_id)
    at = page.view.visualRect(page.model.index(row, 0)).center()
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    qtbot.waitUntil(lambda: page.selected() is not None and page.selected().id == rectification_id, timeout=WAIT)
    return page.selected()


def save_dialog(laptop: Laptop, dialog: Any) -> Any:
    """A chain dialog's Save; returns what it saved once it closed. A refusal, which the dialog
    shows in words and stays open for, fails with those words."""
    saved: list[Any] = []
    dialog.saved.connect(saved.append)
    click(laptop.qtbot, ok_button(dialog.buttons))
    laptop.qtbot.waitUntil(lambda: bool(saved) or not dialog.error.isHidden(), timeout=WAIT)
    assert saved, f"not saved: {dialog.error.text()}"
    return saved[0]


def record_report(laptop: Laptop, rectification_id: str, text: str) -> None:
    page = rectifications(laptop)
    select_rectification(laptop, rectification_id)
    click(laptop.qtbot, page.report_button)
    dialog = page.dialog
    type_into(dialog.text, text)
    save_dialog(laptop, dialog)


def record_verdict(laptop: Laptop, rectification_id: str, verdict: Verdict, notes: str) -> None:
    page = rectifications(laptop)
    select_rectification(laptop, rectification_id)
    laptop.qtbot.waitUntil(lambda: page.verdict_button.isEnabled(), timeout=WAIT)
    click(laptop.qtbot, page.verdict_button)
    dialog = page.dialog
    choose(dialog.verdict, verdict)
    type_into(dialog.notes, notes)
    save_dialog(laptop, dialog)
