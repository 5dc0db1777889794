"""Pull the cable in the middle of a photo upload: the next sync resumes where it stopped."""

from __future__ import annotations

import os

import pytest

from inspector_desktop.store.models import Attachment
from inspector_desktop.sync import protocol as p
from inspector_desktop.sync.transport import NetworkError
from tests.sync.conftest import Laptop, add_visit

CHUNK = 32 * 1024


def test_a_cut_upload_resumes_from_the_server_offset(tmp_path, proxy, team):
    names, school = team
    proxy.heal()
    lap = Laptop(tmp_path / "cable", proxy.url, names[1], upload_chunk=CHUNK)
    lap.sync()
    vid = add_visit(lap.ws, school)
    data = os.urandom(10 * CHUNK + 5)
    sha, size = lap.ws.attachments.put_bytes(data)
    with lap.ws.write() as s:
        s.add(Attachment(sha256=sha, filename="教室.jpg", size=size, visit_id=vid))
    patches = []

    def cable(req):  # noqa: ANN001
        if req.method == "PATCH":
            patches.append(int(req.headers[p.UPLOAD_OFFSET]))
            if len(patches) == 4:
                proxy.set_down(True)  # the cable comes out after the fourth chunk
        return None

    proxy.plan = cable
    with pytest.raises(NetworkError):
        lap.sync()
    assert patches == [0, CHUNK, 2 * CHUNK, 3 * CHUNK]
    proxy.set_down(False)
    report = lap.sync()
    assert report.uploaded == 1
    assert patches[4] == 4 * CHUNK  # resumed, not restarted
    assert patches[4:] == [i * CHUNK for i in range(4, 11)]
    # Nothing is sent twice for a finished file.
    patches.clear()
    lap.sync_engine.upload(sha, lambda *_: None)
    assert patches == []
    proxy.heal()
    lap.close()
