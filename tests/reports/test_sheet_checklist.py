"""A new feedback sheet names the checklist version its visit was rated on, in the
sheet's language, inside the sealed content; a sheet sealed before versions were
named (no such field) still prints and verifies."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from inspector_desktop.reports import sheet
from inspector_desktop.reports.verify import verify_pdf
from inspector_desktop.signing import device_key, seal
from inspector_desktop.store import forms
from tests.reports.conftest import sign_both, visit_with_findings


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    return re.sub(r"\s+", "", subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                             check=True).stdout)


@pytest.mark.parametrize(("language", "printed"), [("zh_CN", "督导清单责任督学日常督导（八项内容）（第1版）"),
                                                   ("en", "ChecklistResponsibleinspector'sroutinevisit")])
def test_a_new_sheet_names_its_checklist_version(demo_workspace, memory_keyring, tmp_path, language, printed):
    form_id = forms.draft_form(demo_workspace, visit_with_findings(demo_workspace), language=language,
                               today=dt.date(2026, 11, 22))
    sign_both(demo_workspace, form_id)
    forms.sign_form(demo_workspace, form_id, device_key.private_key)
    source = forms.sheet_source(demo_workspace, form_id)
    assert source.content["visit"]["checklist"]["version"] == 1
    pdf = sheet.render(source)
    text = _text(pdf, tmp_path)
    assert printed in text
    if language == "en":
        assert "(version1)" in text
    verdict = verify_pdf(pdf)
    assert verdict.genuine, verdict.reasons


def test_a_sheet_sealed_before_versions_were_named_still_prints_and_verifies(demo_workspace, signed_form, tmp_path):
    source = forms.sheet_source(demo_workspace, signed_form)
    old = source.content
    del old["visit"]["checklist"]
    private = Ed25519PrivateKey.generate()
    old["device_key_id"] = seal.key_id(seal.raw_public_key(private))
    sealed = seal.seal(old, private)
    assert "checklist" not in json.loads(sealed.canonical)["visit"]
    pdf = sheet.build_sheet(old, dict(source.pngs), sealed, seal.public_key_text(private))
    verdict = verify_pdf(pdf)
    assert verdict.genuine, verdict.reasons
    assert "checklist" not in dict(sheet.visible_fields(old)) and "督导清单" not in _text(pdf, tmp_path)
