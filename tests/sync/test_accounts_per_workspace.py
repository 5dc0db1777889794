"""Two workspaces on one computer, each signed in to the same office server as its
own account (a lead's and an inspector's, or two people sharing a machine): each
keeps its own sign-in, and signing one out leaves the other signed in."""

from __future__ import annotations

from inspector_desktop.store import open_workspace
from inspector_desktop.sync import account
from tests.reports.conftest import memory_keyring  # noqa: F401 - fixture
from tests.server.conftest import PASSWORD
from tests.sync.conftest import engine, office, server  # noqa: F401 - fixtures


def test_each_workspace_keeps_its_own_sign_in_to_the_same_server(tmp_path, server, office, memory_keyring):  # noqa: F811
    (first, first_id), (second, second_id) = office.user(), office.user()
    one, two = open_workspace(tmp_path / "one"), open_workspace(tmp_path / "two")
    try:
        account.login(one, server.url, first, PASSWORD)
        account.login(two, server.url, second, PASSWORD)
        assert account.current(one).account_id == first_id
        assert account.current(two).account_id == second_id
        assert account.engine_for(one).account_id == first_id
        account.sync_now(one)
        account.sync_now(two)
        account.logout(two)
        assert account.current(two) is None
        assert account.current(one).account_id == first_id
    finally:
        one.close()
        two.close()
