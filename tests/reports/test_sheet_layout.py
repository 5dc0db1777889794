"""The sheet as an official document: its 落款 and seal area, what stays on one page,
and a QR code a school's phone can use."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from inspector_desktop.reports import sheet
from inspector_desktop.reports.verify import verify_pdf
from inspector_desktop.signing import device_key, seal
from inspector_desktop.store import forms
from inspector_desktop.store.form_content import OFFICE_NAME, OFFICE_VERIFY_URL
from inspector_desktop.store.models import Finding, Visit
from tests.reports.conftest import sign_both, visit_with_findings

OFFICE = "南昌市青山湖区人民政府教育督导室"
SIGNED_AT = dt.datetime(2026, 12, 1, 12, 0)  # naive UTC: 1 December in any zone within ±11 h
LONG_REMARKS = ("学校应高度重视督导反馈的问题，召开专题会议研究整改方案，逐项明确责任人和完成时限。" * 10 + "\n") * 4


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pages(pdf: bytes, tmp_path: Path) -> list[str]:
    """Each page's text as pdftotext reads it."""
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    count = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    return [_flat(subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"], capture_output=True,
                                 text=True, check=True).stdout) for n in range(1, count + 1)]


def _sign(ws, visit_id: str, language: str = "zh_CN", repeat: int = 1, free_text: str = "",
          no_issues: str = "") -> str:
    form_id = forms.draft_form(ws, visit_id, language=language, today=dt.date(2026, 11, 22))
    snap = forms.load_form(ws, form_id)
    forms.save_draft(ws, form_id, requirements=list(snap.requirements) * repeat, free_text=free_text,
                     no_issues_statement=no_issues)
    sign_both(ws, form_id)
    forms.sign_form(ws, form_id, device_key.private_key, now=SIGNED_AT)
    return form_id


def _visit_without_findings(ws) -> str:
    with ws.read() as s:
        vid = s.scalar(sa.select(Visit.id).where(Visit.status == "completed", ~sa.exists().where(
            Finding.visit_id == Visit.id, Finding.deleted.is_(False))).order_by(Visit.id))
    assert vid is not None
    return vid


def _layout_problems(content: dict, pages: list[str]) -> list[str]:
    """What breaks the rules: signatures away from the last requirement, a page of nothing
    but the check box, the 落款 missing from the last page."""
    problems = []
    sig_pages = [n for n, page in enumerate(pages) if "签字时间" in page or "Signed:" in page]
    box_pages = [n for n, page in enumerate(pages) if "防伪校验" in page or "Tampercheck" in page]
    # The signatures go with what they follow: the last requirement, or the end of remarks
    # too long to share a page with it.
    if content["requirements"]:
        last = _flat(content["requirements"][-1]["text"])
        last_pages = [n for n, page in enumerate(pages) if last in page]
        if not last_pages or sig_pages != [last_pages[-1]]:
            if not (content["free_text"] and _flat(content["free_text"])[-40:] in pages[sig_pages[-1]]):
                problems.append(f"last requirement on {last_pages}, signatures on {sig_pages}")
    if box_pages != sig_pages:
        problems.append(f"check box on {box_pages}, signatures on {sig_pages}")
    if _flat(content["issuer"]) not in pages[-1]:
        problems.append("no 落款 on the last page")
    return problems


def test_the_last_page_carries_the_issuing_office_the_date_and_the_seal_area(demo_workspace, memory_keyring,
                                                                              tmp_path):
    demo_workspace.set_setting(OFFICE_NAME, OFFICE)
    form_id = _sign(demo_workspace, visit_with_findings(demo_workspace, minimum=3))
    source = forms.sheet_source(demo_workspace, form_id)
    assert source.content["issuer"] == OFFICE
    pdf = sheet.render(source)
    last = _pages(pdf, tmp_path)[-1]
    assert f"{OFFICE}2026年12月1日" in last  # the office's name over the date, in the Chinese form
    assert "盖章处" in last
    assert verify_pdf(pdf).genuine


def test_an_english_sheet_dates_its_closing_in_words_and_falls_back_to_the_regions_office(
        demo_workspace, memory_keyring, tmp_path):
    form_id = _sign(demo_workspace, visit_with_findings(demo_workspace, minimum=3), language="en")
    content = forms.sheet_source(demo_workspace, form_id).content
    # No office name from the server yet: the inspector's region names the office.
    assert content["issuer"] == "Education Inspection Office, 南昌市青山湖区"
    pdf = sheet.render(forms.sheet_source(demo_workspace, form_id))
    last = _pages(pdf, tmp_path)[-1]
    assert _flat("Education Inspection Office, 南昌市青山湖区") in last and "1Dec2026" in last and "(sealhere)" in last
    assert verify_pdf(pdf).genuine


def test_every_demo_sheet_is_one_page_with_the_signatures_the_check_box_and_the_closing(demo_workspace, tmp_path):
    for form_id in forms.signed_form_ids(demo_workspace):
        source = forms.sheet_source(demo_workspace, form_id)
        pages = _pages(sheet.render(source), tmp_path)
        assert len(pages) == 1, source.content["number"]
        assert not _layout_problems(source.content, pages), source.content["number"]


def test_long_short_and_corrected_sheets_keep_the_signatures_with_the_requirements(demo_workspace, memory_keyring,
                                                                                  tmp_path):
    ws = demo_workspace
    five = _sign(ws, visit_with_findings(ws, minimum=5))
    none = _sign(ws, _visit_without_findings(ws), no_issues="经查，本次督导未发现需要整改的问题。")
    cases = {
        "five findings": five,
        "no findings": none,
        "long": _sign(ws, visit_with_findings(ws, minimum=3), repeat=6, free_text=LONG_REMARKS),
        "longer": _sign(ws, visit_with_findings(ws, minimum=3), repeat=9),
        "english": _sign(ws, visit_with_findings(ws, minimum=5), language="en"),
    }
    addendum = forms.draft_addendum(ws, five, today=dt.date(2026, 11, 23))
    sign_both(ws, addendum)
    forms.sign_form(ws, addendum, device_key.private_key, now=SIGNED_AT)
    cases["addendum"] = addendum
    counts = {}
    for name, form_id in cases.items():
        source = forms.sheet_source(ws, form_id)
        pdf = sheet.render(source)
        pages = _pages(pdf, tmp_path)
        counts[name] = len(pages)
        assert not _layout_problems(source.content, pages), name
        assert verify_pdf(pdf).genuine, name
    assert len(forms.sheet_source(ws, five).content["findings"]) >= 5
    assert counts["five findings"] == counts["no findings"] == counts["english"] == counts["addendum"] == 1, counts
    assert counts["long"] >= 2 and counts["longer"] >= 2, counts


def test_the_qr_code_points_to_the_offices_verify_page_or_says_how_to_check(demo_workspace, signed_form):
    content = forms.sheet_source(demo_workspace, signed_form).content
    digest = forms.load_form(demo_workspace, signed_form).digest
    url = sheet.qr_payload(content, digest, "https://dudao.example.gov.cn/")
    assert url == f"https://dudao.example.gov.cn/v/{content['form_id']}?d={digest}"
    words = sheet.qr_payload(content, digest, None)
    assert "督导意见书" in words and content["number"] in words and digest in words and content["issuer"] in words
    assert "inspector-desktop" not in words


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg (zbar-tools) is not installed")
@pytest.mark.parametrize("verify_url", ["https://dudao.example.gov.cn", None])
def test_a_phone_reads_the_printed_qr_code(demo_workspace, signed_form, tmp_path, verify_url):
    if verify_url:
        demo_workspace.set_setting(OFFICE_VERIFY_URL, verify_url + "/")
    source = forms.sheet_source(demo_workspace, signed_form)
    pdf = sheet.render(source, forms.office_verify_url(demo_workspace))
    (tmp_path / "sheet.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", str(tmp_path / "sheet.pdf"),
                    str(tmp_path / "page")], check=True)
    png = next(tmp_path.glob("page*.png"))
    read = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, check=True).stdout
    assert read.decode("utf-8").strip() == sheet.qr_payload(source.content, source.seal.digest, verify_url)
    text = "".join(_pages(pdf, tmp_path))
    assert "inspector-desktop" not in text and "运行" not in text  # a school has no such command
    assert ("dudao.example.gov.cn" in text) == bool(verify_url)
    if not verify_url:
        assert "请向签发机关" in text
    assert verify_pdf(pdf).genuine


def test_a_sheet_sealed_before_the_issuer_existed_still_prints_and_verifies(demo_workspace, signed_form, tmp_path):
    old = forms.sheet_source(demo_workspace, signed_form).content
    del old["issuer"]
    private = Ed25519PrivateKey.generate()
    old["device_key_id"] = seal.key_id(seal.raw_public_key(private))
    sealed = seal.seal(old, private)
    assert "issuer" not in json.loads(sealed.canonical)
    pdf = sheet.build_sheet(old, dict(forms.sheet_source(demo_workspace, signed_form).pngs), sealed,
                            seal.public_key_text(private))
    verdict = verify_pdf(pdf)
    assert verdict.genuine, verdict.reasons
    assert "issuing office and date" not in dict(sheet.visible_fields(old))
    # Its closing names the office of the school's competent department's region.
    department = re.sub("(教育局|教育体育局)$", "", old["school"]["competent_department"])
    assert f"{department}教育督导室" in _pages(pdf, tmp_path)[-1]
