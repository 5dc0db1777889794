"""A signed form says so everywhere: its Signatures tab shows what was captured (names,
titles, the images, the time in the zone it was signed in, as on the sheet) and no pad
to sign on; a banner says it can no longer change and starts the addendum; in the visit
page the findings it certifies are read-only, and the store refuses them anyway."""

from __future__ import annotations

import datetime as dt

import pytest

from inspector_desktop.domain import DomainError, FormStatus
from inspector_desktop.store import edits, forms
from tests.reports.conftest import memory_keyring  # noqa: F401 - fixture
from tests.ui.conftest import settle
from tests.ui.test_form_editor import TIMEOUT, _editor
from tests.unit.test_certified import _sign, unsigned_visit


@pytest.fixture
def signed(demo_workspace, memory_keyring, monkeypatch):  # noqa: F811
    """A form signed at 11:30 UTC in Beijing (19:30 there), on a visit with findings."""
    vid = unsigned_visit(demo_workspace)
    return vid, _sign(demo_workspace, vid, monkeypatch)


def test_a_signed_forms_signatures_tab_shows_who_signed_when_in_the_signing_zone(qtbot, demo_workspace, signed, english):
    _vid, form_id = signed
    editor = _editor(qtbot, demo_workspace, form_id=form_id)
    editor.tabs.setCurrentIndex(1)
    tab = editor.signatures
    assert tab.signed and not any(box.isVisible() for box in tab.boxes.values())
    texts = [view.details.text() for view in tab.captured.values()]
    assert "李明华" in texts[0] and "责任督学" in texts[0] and "张校长" in texts[1]
    stored = {g.signer_name: g.signed_at for g in forms.load_form(demo_workspace, form_id).signatures}  # naive UTC
    for text, (_name, utc) in zip(texts, sorted(stored.items(), key=lambda kv: kv[0] != "李明华"), strict=True):
        beijing = utc.replace(tzinfo=dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=8)))
        assert f"{beijing:%H:%M} UTC+08:00" in text
    assert all(not view.image.pixmap().isNull() for view in tab.captured.values())
    assert "Sign above the line" not in editor.grab().toImage().text("") and "replace" not in " ".join(texts)

    banner = editor.lock_banner
    assert banner.isVisible() and "19:30" in banner.text.text() and "can no longer change" in banner.text.text()
    banner.button.click()
    qtbot.waitUntil(lambda: editor.form.id != form_id and not editor.busy, timeout=TIMEOUT)
    assert editor.form.addendum_of_id == form_id and editor.form.status is FormStatus.DRAFT
    assert not editor.lock_banner.isVisible() and not editor.signatures.signed


def test_a_certified_finding_is_read_only_in_the_visit_page(window, qtbot, demo_workspace, signed, photo):
    vid, form_id = signed
    number = forms.load_form(demo_workspace, form_id).number
    window.open_visit(vid)
    page = window.visits_page.visit_page
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == vid, timeout=TIMEOUT)
    page.tabs.setCurrentWidget(page.findings)
    tab = page.findings
    tab.list.setCurrentRow(0)
    editor = tab.editor
    assert editor.banner.isVisible() and number in editor.banner.text.text()
    assert editor.problem.isReadOnly() and editor.diagnosis.isReadOnly()
    assert not editor.severity.isEnabled() and not editor.indicator.isEnabled()
    assert not tab.delete_button.isEnabled()
    assert not editor.evidence.add_button.isEnabled() and not editor.evidence.acceptDrops()
    fid = editor.finding.id
    with pytest.raises(DomainError) as refused:
        edits.update_field(demo_workspace, "finding", fid, "problem", "改写")
    assert refused.value.code == "finding.certified"

    # The banner's button starts the addendum and opens it.
    editor.banner.button.click()
    qtbot.waitUntil(lambda: tab.addendum_editor is not None and tab.addendum_editor.form is not None
                    and not tab.addendum_editor.busy, timeout=TIMEOUT)
    assert tab.addendum_editor.form.addendum_of_id == form_id
    tab.addendum_editor.close()
    settle(qtbot)


def test_signing_time_is_not_shown_in_utc_on_a_draft_either(qtbot, demo_workspace, memory_keyring, english):  # noqa: F811
    from tests.reports.conftest import sign_both

    form_id = forms.draft_form(demo_workspace, unsigned_visit(demo_workspace), today=dt.date(2026, 11, 22))
    sign_both(demo_workspace, form_id)
    editor = _editor(qtbot, demo_workspace, form_id=form_id)
    assert not editor.signatures.signed and not editor.lock_banner.isVisible()
    on_file = editor.signature_boxes["inspector"].on_file.text()
    assert "on file" in on_file and " UTC)" not in on_file
