"""A pull sets the objects that were there before it aside from the garbage
collector's full passes (a tenth of a first sync), and always hands them back:
after a sync, finished or failed, nothing is held out of the collector's reach."""

from __future__ import annotations

import gc

import pytest

from inspector_desktop.sync.transport import SyncError
from tests.sync.conftest import Laptop, add_visit


def test_the_collector_gets_everything_back_after_a_pull_done_or_failed(tmp_path, server, proxy, team):
    names, school = team
    a = Laptop(tmp_path / "a", server.url, names[0])
    b = Laptop(tmp_path / "b", proxy.url, names[1])
    try:
        a.sync()  # the school comes from the office
        for _ in range(3):
            add_visit(a.ws, school)
        a.sync()
        during: list[int] = []
        real_page = b.sync_engine._page

        def page(*args):  # type: ignore[no-untyped-def]
            during.append(gc.get_freeze_count())
            return real_page(*args)

        b.sync_engine._page = page  # type: ignore[method-assign]
        proxy.plan = lambda req: "truncate" if req.path.startswith("/sync/pull") else None
        with pytest.raises(SyncError):
            b.sync()
        assert gc.get_freeze_count() == 0
        proxy.heal()
        report = b.sync()
        assert report.pulled >= 3
        assert during and max(during) > 0  # the old objects were set aside meanwhile
        assert gc.get_freeze_count() == 0
    finally:
        proxy.heal()
        a.close()
        b.close()
