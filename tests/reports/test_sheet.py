"""The printed sheet: its text, its font, its seal, and verification of genuine and altered copies."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess

import pypdf
import sqlalchemy as sa

from inspector_desktop.cli import main
from inspector_desktop.reports import sheet
from inspector_desktop.reports.verify import verify_pdf
from inspector_desktop.signing import device_key
from inspector_desktop.store import forms
from inspector_desktop.store.models import Requirement
from tests.reports.conftest import sign_both, visit_with_findings


def _text(pdf: bytes) -> list[str]:
    return [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:]


def _sealed(ws, language="zh_CN", repeat=1, free_text=""):
    form_id = forms.draft_form(ws, visit_with_findings(ws, minimum=3), language=language, today=dt.date(2026, 11, 22))
    snap = forms.load_form(ws, form_id)
    forms.save_draft(ws, form_id, requirements=list(snap.requirements) * repeat, free_text=free_text)
    sign_both(ws, form_id)
    forms.sign_form(ws, form_id, device_key.private_key)
    return form_id


def test_zh_sheet_shows_the_content_number_and_digest(demo_workspace, signed_form, tmp_path):
    source = forms.sheet_source(demo_workspace, signed_form)
    pdf = sheet.render(source)
    text = "".join(_text(pdf))
    flat = re.sub(r"\s+", "", text)
    content = source.content
    for needle in ("督导意见书", content["number"], content["school"]["name"], "整改期限", "第1页共", "李明华",
                   content["requirements"][0]["text"], source.seal.digest):
        assert re.sub(r"\s+", "", needle) in flat, needle
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all("WenQuanYiMicroHei" in r and r.split()[-5] == "yes" for r in rows), fonts


def test_a_genuine_sheet_verifies_against_the_workspace_key(demo_workspace, signed_form):
    pdf = sheet.render(forms.sheet_source(demo_workspace, signed_form))
    embedded = verify_pdf(pdf)
    assert embedded.genuine, embedded.reasons
    assert "embedded" in embedded.key_source
    registered = verify_pdf(pdf, lambda key_id: forms.public_key(demo_workspace, key_id))
    assert registered.genuine and "workspace" in registered.key_source
    # A workspace that never registered this device key does not vouch for it.
    stranger = verify_pdf(pdf, lambda key_id: None)
    assert not stranger.genuine and any("not registered" in r for r in stranger.reasons)


def test_one_altered_byte_is_caught(demo_workspace, signed_form):
    pdf = sheet.render(forms.sheet_source(demo_workspace, signed_form))
    in_content = pdf.index(b'"summary":"') + 12
    verdict = verify_pdf(_flip(pdf, in_content))
    assert not verdict.genuine
    assert any(r.startswith("digest printed on the sheet") for r in verdict.reasons)
    assert any(r.startswith("device signature") for r in verdict.reasons)
    page_stream = pdf.index(b"stream", pdf.index(b"/Type /Page")) + 40
    assert not verify_pdf(_flip(pdf, page_stream)).genuine


def test_a_sheet_redrawn_with_other_words_fails_the_visible_text_check(demo_workspace, signed_form):
    source = forms.sheet_source(demo_workspace, signed_form)
    forged = source.content
    forged["requirements"][0]["deadline"] = "2027-06-30"  # a kinder deadline, the seal kept
    pdf = sheet.build_sheet(forged, dict(source.pngs), source.seal, source.public_key)
    verdict = verify_pdf(pdf)
    assert not verdict.genuine
    assert verdict.reasons == ["visible text agrees with the content: not shown as signed: requirement 1"]


def test_english_sheet(demo_workspace, memory_keyring):
    form_id = _sealed(demo_workspace, language="en")
    pdf = sheet.render(forms.sheet_source(demo_workspace, form_id))
    text = "".join(_text(pdf))
    for needle in ("Inspection Feedback Sheet", "Rectification requirements", "Page 1 of ", "Deadline"):
        assert needle in text
    assert verify_pdf(pdf).genuine


def test_a_long_form_splits_with_repeated_headers_and_still_verifies(demo_workspace, memory_keyring):
    long_text = ("学校应高度重视督导反馈的问题，召开专题会议研究整改方案，逐项明确责任人和完成时限。" * 10 + "\n") * 4
    form_id = _sealed(demo_workspace, repeat=6, free_text=long_text)
    pdf = sheet.render(forms.sheet_source(demo_workspace, form_id))
    pages = _text(pdf)
    assert len(pages) >= 3
    assert all(f"共 {len(pages)} 页" in p for p in pages)
    # The requirements table runs over a page break and repeats its header row there.
    assert sum("整改期限" in p for p in pages) >= 2
    assert verify_pdf(pdf).genuine


def test_a_draft_prints_as_a_draft_and_never_verifies(demo_workspace):
    form_id = forms.draft_form(demo_workspace, visit_with_findings(demo_workspace))
    pdf = sheet.render(forms.sheet_source(demo_workspace, form_id))
    assert all("草稿" in p for p in _text(pdf))
    assert not verify_pdf(pdf).genuine


def test_sheet_command_then_verify_on_the_demo_data(demo_workspace, tmp_path, capsys):
    data_dir = str(demo_workspace.data_dir.root)
    out = tmp_path / "sheets"
    assert main(["--data-dir", data_dir, "sheet", "--out", str(out)]) == 0
    files = sorted(out.glob("*.pdf"))
    assert len(files) == len(forms.signed_form_ids(demo_workspace)) > 20
    for f in files:
        assert main(["verify", str(f)]) == 0, capsys.readouterr().out
    assert main(["--data-dir", data_dir, "verify", str(files[0])]) == 0
    assert "workspace device-key register" in capsys.readouterr().out
    number = files[0].stem.removeprefix("feedback-")
    assert main(["--data-dir", data_dir, "sheet", "--out", str(tmp_path / "one"), "--form", number]) == 0
    assert [f.name for f in (tmp_path / "one").iterdir()] == [files[0].name]
    assert (tmp_path / "one" / files[0].name).read_bytes() == files[0].read_bytes()  # same form, same bytes

    altered = tmp_path / "altered.pdf"
    data = files[0].read_bytes()
    altered.write_bytes(_flip(data, data.index(b'"free_text":"') - 3))
    assert main(["verify", str(altered)]) == 1
    assert "ALTERED" in capsys.readouterr().out

    # A form altered in the database is refused rather than printed.
    with demo_workspace.engine.begin() as conn:
        conn.execute(sa.update(Requirement).where(Requirement.form_id == forms.signed_form_ids(demo_workspace)[0])
                     .values(deadline=dt.date(2030, 1, 1)))
    assert main(["--data-dir", data_dir, "sheet", "--out", str(tmp_path / "again")]) == 1
    assert "ALTERED" in capsys.readouterr().err
