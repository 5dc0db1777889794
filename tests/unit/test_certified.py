"""A signed form certifies its findings: the store refuses to change them, delete
them or touch their evidence, whoever asks (window, command line); findings
recorded later stay editable; a deleted finding or file can be restored."""

from __future__ import annotations

import datetime as dt

import pytest

from inspector_desktop.domain import DomainError
from inspector_desktop.signing import content, device_key
from inspector_desktop.store import certified, edits, forms, visit_record
from tests.reports.conftest import memory_keyring, sign_both  # noqa: F401 - fixture

BEIJING = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "消防通道.jpg"
    path.write_bytes(b"\xff\xd8photo-bytes")
    return path


def unsigned_visit(ws) -> str:
    """A demo visit with findings that no signed form certifies yet."""
    import sqlalchemy as sa

    from inspector_desktop.store.models import FeedbackForm, Finding, Visit

    with ws.read() as s:
        signed = sa.select(FeedbackForm.visit_id).where(FeedbackForm.status != "draft")
        vid = s.scalar(sa.select(Visit.id).join(Finding, Finding.visit_id == Visit.id)
                       .where(Visit.id.not_in(signed), Visit.status == "completed").order_by(Visit.id).limit(1))
    assert vid is not None
    return vid


def _sign(ws, vid, monkeypatch) -> str:
    form_id = forms.draft_form(ws, vid, today=dt.date(2026, 11, 22))
    sign_both(ws, form_id)
    monkeypatch.setattr(content, "local_zone", lambda: BEIJING)  # signed in Beijing, whatever this machine says
    forms.sign_form(ws, form_id, device_key.private_key, now=dt.datetime(2026, 11, 22, 11, 30))
    monkeypatch.undo()
    return form_id


def test_a_signed_forms_findings_refuse_every_edit(demo_workspace, memory_keyring, monkeypatch, photo):  # noqa: F811
    ws = demo_workspace
    vid = unsigned_visit(ws)
    fid = visit_record.visit_detail(ws, vid).findings[0].id
    aid = edits.attach_file(ws, photo, finding_id=fid)
    number = forms.load_form(ws, _sign(ws, vid, monkeypatch)).number

    detail = visit_record.visit_detail(ws, vid)
    assert detail.certified_by(fid).number == number
    for edit in (lambda: edits.update_field(ws, "finding", fid, "diagnosis", "改过了"),
                 lambda: edits.remove_finding(ws, fid),
                 lambda: edits.attach_file(ws, photo, finding_id=fid),
                 lambda: edits.remove_attachment(ws, aid)):
        with pytest.raises(DomainError) as refused:
            edit()
        assert refused.value.code == "finding.certified" and refused.value.params["number"] == number
    after = visit_record.visit_detail(ws, vid)
    assert after.findings == detail.findings

    # Found after signing: not on the sheet, so still the inspector's to edit (an addendum may answer it).
    later = edits.add_finding(ws, vid, "签字后发现：消防器材过期")
    edits.update_field(ws, "finding", later, "diagnosis", "未定期检查")
    assert visit_record.visit_detail(ws, vid).certified_by(later) is None


def test_captured_signatures_keep_the_zone_the_form_was_signed_in(demo_workspace, memory_keyring, monkeypatch):  # noqa: F811
    ws = demo_workspace
    form_id = _sign(ws, unsigned_visit(ws), monkeypatch)
    sigs = certified.captured_signatures(ws, form_id)
    assert [g.signer_name for g in sigs] == ["李明华", "张校长"]
    assert all(g.png.startswith(b"\x89PNG") and g.strokes for g in sigs)
    (sealed,) = [f for f in certified.visit_signed_forms(ws, forms.load_form(ws, form_id).visit_id) if f.id == form_id]
    assert sealed.signed_at == dt.datetime(2026, 11, 22, 19, 30, tzinfo=BEIJING)
    assert sealed.signed_at.strftime("%H:%M") == "19:30"


def test_a_deleted_finding_and_a_removed_file_come_back(demo_workspace, photo):
    ws = demo_workspace
    vid = unsigned_visit(ws)
    fid = edits.add_finding(ws, vid, "食堂留样不足48小时")
    aid = edits.attach_file(ws, photo, finding_id=fid)
    edits.remove_attachment(ws, aid)
    assert visit_record.visit_detail(ws, vid).findings[-1].attachments == ()
    edits.restore_attachment(ws, aid)
    edits.remove_finding(ws, fid)
    assert fid not in {f.id for f in visit_record.visit_detail(ws, vid).findings}
    edits.restore_finding(ws, fid)
    restored = [f for f in visit_record.visit_detail(ws, vid).findings if f.id == fid]
    assert restored and [a.id for a in restored[0].attachments] == [aid]
    copy = ws.attachments.viewing_copy(restored[0].attachments[0].sha256, photo.name)
    assert copy.name == photo.name and copy.read_bytes() == photo.read_bytes()
