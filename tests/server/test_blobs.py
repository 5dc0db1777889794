"""Evidence uploads: chunked, resumable from the server's offset, checked by SHA-256."""

from __future__ import annotations

import hashlib
import os

from tests.server.conftest import Office

CHUNK = 64 * 1024


def _patch(client, sha: str, offset: int, total: int, data: bytes):  # type: ignore[no-untyped-def]
    return client.http.patch(f"/blobs/{sha}", content=data, headers={"Upload-Offset": str(offset), "Upload-Length": str(total)})


def test_upload_resumes_from_the_server_offset(office: Office):
    a = office.inspector()
    data = os.urandom(5 * CHUNK + 123)
    sha = hashlib.sha256(data).hexdigest()
    assert a.http.head(f"/blobs/{sha}").headers["Upload-Offset"] == "0"
    for offset in (0, CHUNK, 2 * CHUNK):
        r = _patch(a, sha, offset, len(data), data[offset : offset + CHUNK])
        assert r.status_code == 200 and r.json()["complete"] is False
    # The laptop lost the connection here; a new session asks where to go on.
    a.http.close()
    again = type(a)(office.server.url, a.username, a.id)
    offset = int(again.http.head(f"/blobs/{sha}").headers["Upload-Offset"])
    assert offset == 3 * CHUNK
    wrong = _patch(again, sha, 0, len(data), data[:CHUNK])
    assert wrong.status_code == 409 and wrong.json()["params"]["offset"] == offset
    while offset < len(data):
        r = _patch(again, sha, offset, len(data), data[offset : offset + CHUNK])
        assert r.status_code == 200, r.text
        offset = r.json()["offset"]
    assert r.json()["complete"] is True
    head = again.http.head(f"/blobs/{sha}")
    assert head.headers["Upload-Complete"] == "1" and head.headers["Upload-Offset"] == str(len(data))
    assert again.http.get(f"/blobs/{sha}").content == data
    # A re-send of a finished blob is a no-op, not a second copy.
    assert _patch(again, sha, 0, len(data), data[:CHUNK]).json()["complete"] is True


def test_bytes_that_do_not_match_their_hash_are_refused(office: Office):
    a = office.inspector()
    data = b"the real scan"
    sha = hashlib.sha256(data).hexdigest()
    bad = _patch(a, sha, 0, len(data), b"a forged scan"[: len(data)])
    assert bad.status_code == 422 and bad.json()["code"] == "blob.digest_mismatch"
    assert a.http.get(f"/blobs/{sha}").status_code == 404
    assert a.http.head(f"/blobs/{sha}").headers["Upload-Offset"] == "0"
    assert _patch(a, sha, 0, len(data), data).json()["complete"] is True


def test_chunks_outside_the_declared_length_and_oversized_bodies_are_refused(office: Office):
    a = office.inspector()
    sha = hashlib.sha256(b"x").hexdigest()
    r = _patch(a, sha, 0, 3, b"toolong")
    assert r.status_code == 422 and r.json()["code"] == "blob.bad_range"
    huge = a.http.patch(f"/blobs/{sha}", content=b"0" * (9 * 1024 * 1024), headers={"Upload-Offset": "0", "Upload-Length": str(9 * 1024 * 1024)})
    assert huge.status_code == 413 and huge.json()["code"] == "request.too_large"
