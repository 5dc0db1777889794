"""Drafting, numbering, signing and locking feedback forms, and the device key in the keyring."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json

import keyring
import keyring.backends.fail
import pytest
import sqlalchemy as sa

from inspector_desktop import credentials
from inspector_desktop.domain import DomainError, FormStatus, Severity, SignatureRole
from inspector_desktop.signing import device_key
from inspector_desktop.store import forms
from inspector_desktop.store.rules import active_rules
from inspector_desktop.store.models import (
    DeviceKey,
    FeedbackForm,
    Finding,
    Requirement,
    School,
    Signature,
    Visit,
)
from tests.reports.conftest import sign_both, stroke, visit_with_findings

TODAY = dt.date(2026, 11, 22)


def test_draft_is_prefilled_from_the_visits_findings(demo_workspace):
    ws = demo_workspace
    vid = visit_with_findings(ws, minimum=2)
    form = forms.load_form(ws, forms.draft_form(ws, vid, today=TODAY))
    with ws.read() as s:
        findings = s.scalars(sa.select(Finding).where(Finding.visit_id == vid)).all()
        school = s.get(School, s.get(Visit, vid).school_id)
        assert form.status is FormStatus.DRAFT
        assert f"共发现问题{len(findings)}项" in form.summary and school.name in form.summary
        assert [r.text for r in form.requirements] == [f.recommendation for f in findings]
        rules = active_rules(ws)
        for r, f in zip(form.requirements, findings, strict=True):
            assert r.responsible_party == school.name and r.copied_to == school.competent_department
            # Each finding's severity gets the active rule file's period.
            assert r.deadline == rules.rectification_deadline(TODAY, Severity(f.severity))


def test_numbers_count_per_inspector_and_year(demo_workspace):
    ws = demo_workspace
    vid = visit_with_findings(ws)
    with ws.read() as s:
        used = s.scalars(sa.select(FeedbackForm.number).where(FeedbackForm.number.like("DX0417-2027-%"))).all()
    assert used == []
    first = forms.load_form(ws, forms.draft_form(ws, vid, today=dt.date(2027, 1, 4)))
    second = forms.load_form(ws, forms.draft_form(ws, vid, today=dt.date(2027, 1, 5)))
    assert (first.number, second.number) == ("DX0417-2027-0001", "DX0417-2027-0002")
    # The demo already used 2026 numbers: the next one follows the highest.
    with ws.read() as s:
        top = max(int(n.split("-")[2]) for n in
                  s.scalars(sa.select(FeedbackForm.number).where(FeedbackForm.number.like("DX0417-2026-%"))))
    assert forms.load_form(ws, forms.draft_form(ws, vid, today=TODAY)).number == f"DX0417-2026-{top + 1:04d}"


def test_signing_needs_both_signatures_and_a_no_issues_statement(demo_workspace, memory_keyring):
    ws = demo_workspace
    form_id = forms.draft_form(ws, visit_with_findings(ws), today=TODAY)
    with pytest.raises(DomainError) as missing:
        forms.sign_form(ws, form_id, device_key.private_key)
    assert missing.value.code == "form.signature_missing"
    from inspector_desktop.signing.strokes import strokes_png

    ink = [stroke(0, 0)]
    forms.put_signature(ws, form_id, SignatureRole.INSPECTOR, "李明华", "责任督学", ink, strokes_png(ink))
    with pytest.raises(DomainError) as one:
        forms.sign_form(ws, form_id, device_key.private_key)
    assert one.value.params["missing"] == ["school_representative"]

    # A visit with no findings: the form must say so in words.
    with ws.read() as s:
        with_findings = sa.select(Finding.visit_id)
        quiet = s.scalar(sa.select(Visit.id).where(Visit.status == "completed", Visit.id.not_in(with_findings)))
    assert quiet is not None
    empty = forms.draft_form(ws, quiet, today=TODAY)
    assert forms.load_form(ws, empty).requirements == ()
    sign_both(ws, empty)
    with pytest.raises(DomainError) as silent:
        forms.sign_form(ws, empty, device_key.private_key)
    assert silent.value.code == "form.no_issues_statement_required"
    forms.save_draft(ws, empty, no_issues_statement="本次督导未发现需要整改的问题。")
    assert forms.sign_form(ws, empty, device_key.private_key).status is FormStatus.SIGNED


def test_bad_signature_input_is_refused_before_it_is_stored(demo_workspace):
    ws = demo_workspace
    form_id = forms.draft_form(ws, visit_with_findings(ws), today=TODAY)
    for name, strokes, code in (("", [stroke(0, 0)], "signature.name_required"),
                                ("李明华", [], "signature.empty"),
                                ("李明华", [[["x", 1]]], "signature.bad_strokes")):
        with pytest.raises(DomainError) as refused:
            forms.put_signature(ws, form_id, SignatureRole.INSPECTOR, name, "", strokes, b"png")
        assert refused.value.code == code
    assert forms.load_form(ws, form_id).signatures == ()


def test_a_signed_form_refuses_every_change(demo_workspace, signed_form):
    ws = demo_workspace
    with pytest.raises(DomainError, match="form.locked"):
        forms.save_draft(ws, signed_form, summary="改过的概况")
    with pytest.raises(DomainError, match="form.locked"):
        forms.put_signature(ws, signed_form, SignatureRole.INSPECTOR, "别人", "", [stroke(0, 0)], b"png")
    # Even straight through the ORM, below the service functions.
    for model, change in ((FeedbackForm, {"free_text": "补一句"}), (Requirement, {"text": "改过的要求"}),
                          (Signature, {"signer_name": "别人"})):
        with pytest.raises(DomainError, match="form.locked"), ws.write() as s:
            column = FeedbackForm.id if model is FeedbackForm else model.form_id
            row = s.scalar(sa.select(model).where(column == signed_form).limit(1))
            for k, v in change.items():
                setattr(row, k, v)
    assert forms.stored_form_problems(ws, signed_form) == []
    forms.issue_form(ws, signed_form)  # the one move left
    assert forms.load_form(ws, signed_form).status is FormStatus.ISSUED


def test_sealed_content_digest_and_device_signature(demo_workspace, signed_form, memory_keyring):
    ws = demo_workspace
    source = forms.sheet_source(ws, signed_form)
    content = source.content
    assert hashlib.sha256(source.content_json.encode()).hexdigest() == source.seal.digest
    assert json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")) == source.content_json
    assert [g["role"] for g in content["signatures"]] == ["inspector", "school_representative"]
    assert content["number"] == forms.load_form(ws, signed_form).number
    from inspector_desktop.signing import seal

    assert seal.signature_valid(source.public_key, source.seal.digest, source.seal.device_signature)
    assert not seal.signature_valid(source.public_key, "0" * 64, source.seal.device_signature)
    # The private key is in the keyring only; the workspace holds the public half.
    (secret,) = memory_keyring.secrets.values()
    raw_public = base64.b64decode(source.public_key)
    with ws.read() as s:
        key = s.scalar(sa.select(DeviceKey).where(DeviceKey.key_id == source.seal.device_key_id))
        assert key.key_id == hashlib.sha256(raw_public).hexdigest()
    for path in ws.data_dir.root.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path


def test_the_same_device_key_signs_the_next_form(demo_workspace, signed_form, memory_keyring):
    ws = demo_workspace
    again = forms.draft_form(ws, visit_with_findings(ws), today=TODAY)
    sign_both(ws, again)
    forms.sign_form(ws, again, device_key.private_key)
    assert forms.sheet_source(ws, again).seal.device_key_id == forms.sheet_source(ws, signed_form).seal.device_key_id
    assert len(memory_keyring.secrets) == 1


def test_store_signs_with_the_key_its_caller_hands_it(demo_workspace):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from inspector_desktop.signing import seal

    ws, key, asked = demo_workspace, Ed25519PrivateKey.generate(), []
    form_id = forms.draft_form(ws, visit_with_findings(ws), today=TODAY)
    sign_both(ws, form_id)
    forms.sign_form(ws, form_id, lambda inspector_id: asked.append(inspector_id) or key)
    assert len(asked) == 1  # no keyring involved: the store never reaches for one
    assert forms.sheet_source(ws, form_id).seal.device_key_id == seal.key_id(seal.raw_public_key(key))
    assert forms.stored_form_problems(ws, form_id) == []


def test_no_usable_keyring_stops_signing_without_writing_the_key(demo_workspace):
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        form_id = forms.draft_form(demo_workspace, visit_with_findings(demo_workspace), today=TODAY)
        sign_both(demo_workspace, form_id)
        with pytest.raises(credentials.CredentialsError, match="keyring"):
            forms.sign_form(demo_workspace, form_id, device_key.private_key)
    finally:
        keyring.set_keyring(previous)
    assert forms.load_form(demo_workspace, form_id).status is FormStatus.DRAFT


def test_a_correction_is_an_addendum_linked_to_the_original(demo_workspace, signed_form, memory_keyring):
    ws = demo_workspace
    original = forms.load_form(ws, signed_form)
    addendum = forms.draft_addendum(ws, signed_form, today=TODAY)
    fixed = [*original.requirements[:-1]]
    forms.save_draft(ws, addendum, requirements=fixed, free_text="更正：删除第末项整改要求。")
    sign_both(ws, addendum)
    forms.sign_form(ws, addendum, device_key.private_key)
    content = forms.sheet_source(ws, addendum).content
    assert content["addendum_of"] == {"id": signed_form, "number": original.number}
    assert len(content["requirements"]) == len(original.requirements) - 1
    assert forms.load_form(ws, signed_form) == original  # the original is untouched


def test_tampering_with_the_stored_form_is_detected(demo_workspace, signed_form):
    ws = demo_workspace
    # Below the ORM, as someone editing the database file would.
    with ws.engine.begin() as conn:
        conn.execute(sa.update(Requirement).where(Requirement.form_id == signed_form, Requirement.ordinal == 1)
                     .values(text="无需整改"))
    assert forms.stored_form_problems(ws, signed_form) == ["the stored requirements differs from what was signed"]
    with ws.engine.begin() as conn:
        stored = conn.scalar(sa.select(FeedbackForm.canonical_content).where(FeedbackForm.id == signed_form))
        conn.execute(sa.update(FeedbackForm).where(FeedbackForm.id == signed_form)
                     .values(canonical_content=stored.replace('"summary":"', '"summary":"（已核实）')))
    problems = forms.stored_form_problems(ws, signed_form)
    assert "the stored content does not hash to the stored digest" in problems
