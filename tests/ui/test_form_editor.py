"""The feedback-form dialog, used as an inspector would: draft, sign twice, preview, verify, tamper."""

from __future__ import annotations

import sqlalchemy as sa
from PySide6.QtCore import QEvent

from inspector_desktop.domain import FormStatus
from inspector_desktop.store import forms
from inspector_desktop.store.models import Finding
from inspector_desktop.ui.form_editor import FormEditor
from tests.reports.conftest import memory_keyring, visit_with_findings  # noqa: F401 - fixture
from tests.ui.test_signature_pad import _drag, _tablet

TIMEOUT = 15_000


def _editor(qtbot, ws, **kw) -> FormEditor:
    editor = FormEditor(ws, **kw)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitUntil(lambda: editor.form is not None and not editor.busy, timeout=TIMEOUT)
    return editor


def test_draft_sign_preview_export_verify_and_tamper(qtbot, demo_workspace, memory_keyring, tmp_path):  # noqa: F811
    ws = demo_workspace
    vid = visit_with_findings(ws, minimum=2)
    editor = _editor(qtbot, ws, visit_id=vid)
    with ws.read() as s:
        findings = s.scalar(sa.select(sa.func.count()).select_from(Finding).where(Finding.visit_id == vid))
    assert editor.requirements.rowCount() == findings
    assert editor.form.status is FormStatus.DRAFT

    editor.requirements.item(0, 0).setText("立即整改消防通道，三日内报告。")
    editor.free_text.setPlainText("请学校高度重视。")
    editor.add_requirement_button.click()
    editor.requirements.item(findings, 0).setText("建立安全巡查台账。")
    inspector = editor.signature_boxes["inspector"]
    school = editor.signature_boxes["school_representative"]
    inspector.name.setText("李明华")
    inspector.title.setText("责任督学")
    school.name.setText("张校长")
    school.title.setText("校长")
    editor.tabs.setCurrentIndex(1)
    _drag(inspector.pad, [(20, 60), (60, 80), (120, 50)])
    _tablet(school.pad, QEvent.Type.TabletPress, 30, 40, 0.3)
    _tablet(school.pad, QEvent.Type.TabletMove, 90, 70, 0.9)
    _tablet(school.pad, QEvent.Type.TabletRelease, 90, 70, 0.0)

    with qtbot.waitSignal(editor.sheet_ready, timeout=TIMEOUT):
        editor.sign_button.click()
    form = editor.form
    assert form.status is FormStatus.SIGNED and form.digest
    assert [r.text for r in form.requirements][0] == "立即整改消防通道，三日内报告。"
    assert len(form.requirements) == findings + 1
    assert editor.summary.isReadOnly() and not editor.sign_button.isEnabled()
    assert editor.addendum_button.isEnabled()
    assert editor.preview.page_count() >= 1

    with qtbot.waitSignal(editor.verified, timeout=TIMEOUT) as genuine:
        editor.verify_button.click()
    assert genuine.args == [True] and "Genuine" in editor.verdict_label.text()

    exported = tmp_path / "sheet.pdf"
    editor.preview.export_to(exported)
    data = exported.read_bytes()
    at = data.index("请学校高度重视".encode())
    exported.write_bytes(data[:at] + bytes([data[at] ^ 1]) + data[at + 1:])
    with qtbot.waitSignal(editor.verified, timeout=TIMEOUT) as altered:
        editor.verify_file(exported)
    assert altered.args == [False] and "Altered" in editor.verdict_label.text()

    # A file that never was a sheet is not called altered: nobody is accused of forging it.
    note = tmp_path / "note.txt"
    note.write_text("会议纪要", encoding="utf-8")
    with qtbot.waitSignal(editor.verified, timeout=TIMEOUT) as stranger:
        editor.verify_file(note)
    assert stranger.args == [False]
    assert "Not a feedback sheet" in editor.verdict_label.text() and "Altered" not in editor.verdict_label.text()

    # Handed over: the one change a signed form still takes.
    editor.issue_button.click()
    qtbot.waitUntil(lambda: editor.form.status is FormStatus.ISSUED and not editor.busy, timeout=TIMEOUT)
    assert forms.load_form(ws, form.id).digest == form.digest and not editor.issue_button.isEnabled()

    # A correction is an addendum, a new draft linked to this form.
    signed_id = form.id
    editor.addendum_button.click()
    qtbot.waitUntil(lambda: editor.form.id != signed_id and not editor.busy, timeout=TIMEOUT)
    assert editor.form.addendum_of_id == signed_id and editor.form.status is FormStatus.DRAFT
    assert forms.load_form(ws, signed_id).digest == form.digest


def test_signing_without_signatures_explains_and_keeps_the_draft(qtbot, demo_workspace, memory_keyring):  # noqa: F811
    editor = _editor(qtbot, demo_workspace, visit_id=visit_with_findings(demo_workspace))
    editor.sign_button.click()
    qtbot.waitUntil(lambda: not editor.busy and editor.banner.text() != "", timeout=TIMEOUT)
    assert "must sign" in editor.banner.text()
    assert forms.load_form(demo_workspace, editor.form.id).status is FormStatus.DRAFT
    assert editor.sign_button.isEnabled()
