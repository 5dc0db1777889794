"""A blob's hash is not a key: only whoever uploaded the bytes whole, or can see a
live attachment naming them, may read them or name them in a new record."""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

import pytest
import sqlalchemy as sa

from inspector_desktop.server import tables as t, versions
from tests.server.conftest import Inspector, Office, new_id, visit_fields


def _upload(who: Inspector, data: bytes, upto: int | None = None) -> str:
    sha = hashlib.sha256(data).hexdigest()
    part = data[: upto if upto is not None else len(data)]
    r = who.http.patch(f"/blobs/{sha}", content=part, headers={"Upload-Offset": "0", "Upload-Length": str(len(data))})
    assert r.status_code == 200, r.text
    return sha


def _attachment(visit_id: str, sha: str, size: int) -> dict[str, Any]:
    return dict(sha256=sha, filename="证据.jpg", mime_type="image/jpeg", size=size, visit_id=visit_id, caption="")


def _own_visit(office: Office, who: Inspector) -> str:
    school = office.assign(who, office.school())
    visit = new_id()
    assert who.write("visit", visit, visit_fields(school))["status"] == "applied"
    return visit


@pytest.fixture(scope="module")
def evidence(office: Office) -> dict[str, Any]:
    """A photographs a canteen on a visit at A's school; C is responsible for the same school."""
    a, c = office.inspector(), office.inspector()
    code = office.school()
    school = office.assign(a, code)
    office.assign(c, code)
    visit = new_id()
    assert a.write("visit", visit, visit_fields(school))["status"] == "applied"
    photo = b"canteen kitchen, rear door " + os.urandom(4096)
    sha = _upload(a, photo)
    attachment = new_id()
    assert a.write("attachment", attachment, _attachment(visit, sha, len(photo)))["status"] == "applied"
    return dict(a=a, c=c, visit=visit, photo=photo, sha=sha, attachment=attachment)


def test_a_hash_alone_neither_names_nor_reads_a_blob(office: Office, evidence):
    # B learnt the hash (say from a printed sheet) but has never held the photo.
    b = office.inspector()
    visit = _own_visit(office, b)
    stolen = new_id()
    answer = b.push(
        b.mutation("attachment", stolen, _attachment(visit, evidence["sha"], len(evidence["photo"]))),
        b.mutation("visit", visit, dict(notes="queue keeps flowing"), "update", b.pull_all()[visit]["version"]),
    )
    (refused, applied) = answer["results"]
    assert (refused["status"], refused["code"]) == ("rejected", "attachment.blob_unknown")
    assert applied["status"] == "applied" and answer["applied_seq"] == b.seq
    assert stolen not in b.pull_all()
    assert b.http.get(f"/blobs/{evidence['sha']}").status_code == 404
    head = b.http.head(f"/blobs/{evidence['sha']}")
    assert head.headers["Upload-Complete"] == "0" and head.headers["Upload-Offset"] == "0"


def test_half_an_upload_proves_nothing(office: Office, evidence):
    b = office.inspector()
    visit = _own_visit(office, b)
    _upload(b, evidence["photo"], upto=100)
    refused = b.write("attachment", new_id(), _attachment(visit, evidence["sha"], len(evidence["photo"])))
    assert (refused["status"], refused["code"]) == ("rejected", "attachment.blob_unknown")
    assert b.http.get(f"/blobs/{evidence['sha']}").status_code == 404


def test_uploading_the_bytes_whole_proves_possession(office: Office, evidence):
    b = office.inspector()
    visit = _own_visit(office, b)
    assert _upload(b, evidence["photo"]) == evidence["sha"]
    assert b.write("attachment", new_id(), _attachment(visit, evidence["sha"], len(evidence["photo"])))["status"] == "applied"
    assert b.http.get(f"/blobs/{evidence['sha']}").content == evidence["photo"]


def test_whoever_already_reads_a_blob_may_name_it_again(evidence):
    c = evidence["c"]
    assert c.http.get(f"/blobs/{evidence['sha']}").content == evidence["photo"]  # through A's attachment
    again = c.write("attachment", new_id(), _attachment(evidence["visit"], evidence["sha"], len(evidence["photo"])))
    assert again["status"] == "applied"
    # Renaming a file or editing its caption does not touch the hash: no proof needed.
    version = c.pull_all()[evidence["attachment"]]["version"]
    assert c.write("attachment", evidence["attachment"], dict(caption="后门"), "update", version)["status"] == "applied"


def test_an_attachment_that_is_not_a_hash_is_refused(office: Office):
    b = office.inspector()
    visit = _own_visit(office, b)
    for fake in ("%", "_" * 64, "A" * 64):
        r = b.write("attachment", new_id(), _attachment(visit, fake, 1))
        assert r["status"] == "rejected" and r["code"] in ("attachment.blob_unknown", "record.bad_value"), r


def test_a_deleted_attachment_stops_opening_the_blob_except_to_its_uploader(office: Office):
    a, c = office.inspector(), office.inspector()
    code = office.school()
    school = office.assign(a, code)
    office.assign(c, code)
    visit = new_id()
    assert a.write("visit", visit, visit_fields(school))["status"] == "applied"
    photo = os.urandom(3000)
    sha = _upload(a, photo)
    att = new_id()
    version = a.write("attachment", att, _attachment(visit, sha, len(photo)))["version"]
    assert c.http.get(f"/blobs/{sha}").status_code == 200
    assert a.write("attachment", att, {}, "delete", version)["status"] == "applied"
    assert c.http.get(f"/blobs/{sha}").status_code == 404
    assert c.write("attachment", new_id(), _attachment(visit, sha, len(photo)))["code"] == "attachment.blob_unknown"
    assert a.http.get(f"/blobs/{sha}").content == photo


def test_a_stored_record_naming_the_hash_in_capitals_does_not_open_it(office: Office, engine: sa.Engine, evidence):
    """A record kept from before hashes were checked, whose text matches the hash
    only when letter case is ignored (SQLite's LIKE ignores it), opens nothing."""
    b = office.inspector()
    visit = _own_visit(office, b)
    with engine.begin() as conn:
        place = conn.execute(sa.select(t.record).where(t.record.c.id == visit)).one()
        stamps = versions.for_transaction(conn)
        version, pos = stamps.next()
        stamps.save()
        fields = _attachment(visit, evidence["sha"].upper(), len(evidence["photo"]))
        conn.execute(
            sa.insert(t.record).values(
                id=new_id(), entity="attachment", version=version, pos=pos, deleted=False,
                fields=json.dumps(fields, ensure_ascii=False), field_versions="{}", created_by=b.id,
                scope=place.scope, school_id=place.school_id, visit_id=visit, region=place.region, unannounced=False,
            )
        )
    assert b.http.get(f"/blobs/{evidence['sha']}").status_code == 404
