"""Evidence crosses the real server in plain (its SHA-256 is its identity there)
and lands on the other laptop sealed, as it was on the first."""

from __future__ import annotations

import hashlib

from inspector_desktop.store.models import Attachment
from inspector_desktop.store.sealed import SEGMENT
from tests.sync.conftest import Laptop, add_visit

PHOTO = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + "教室照片 学生 李小红 known-text".encode() * 40_000  # over three segments


def test_evidence_keeps_its_hash_through_the_server_and_is_sealed_on_both_laptops(tmp_path, server, team):
    names, school = team
    author = Laptop(tmp_path / "author", server.url, names[0], upload_chunk=100_000)
    reader = Laptop(tmp_path / "reader", server.url, names[1])
    try:
        author.sync()
        vid = add_visit(author.ws, school)
        assert len(PHOTO) > 3 * SEGMENT
        sha, size = author.ws.attachments.put_bytes(PHOTO)
        assert sha == hashlib.sha256(PHOTO).hexdigest()
        with author.ws.write() as s:
            s.add(Attachment(sha256=sha, filename="教室.jpg", mime_type="image/jpeg", size=size, visit_id=vid))
        # The server checks the whole upload against the name it was sent under.
        assert author.sync().uploaded == 1 and author.sync().missing_files == []

        assert reader.sync().downloaded == 1
        on_disk = reader.ws.attachments.path_for(sha).read_bytes()
        assert on_disk[:4] == b"IDE1"
        # Whole signatures, not 3-byte prefixes: in 1.4 MB of ciphertext a given 3 bytes
        # turn up by chance about one run in twelve.
        for marker in (b"\xff\xd8\xff\xe0\x00\x10JFIF", "李小红".encode(), b"known-text"):
            assert marker not in on_disk
        assert not [p for p in reader.ws.attachments.root.iterdir() if p.name.startswith(".")]
        assert reader.ws.attachments.read(sha) == PHOTO
        # Each laptop seals with its own key: the same photo is different noise on each.
        assert on_disk != author.ws.attachments.path_for(sha).read_bytes()
    finally:
        author.close()
        reader.close()
