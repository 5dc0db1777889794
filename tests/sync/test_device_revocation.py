"""A laptop reported lost, end to end on the real server: a lead reports it from
the app (or the administrator with ``revoke-device``), its next sync is refused
with auth.device_revoked, it erases its workspace and evidence, the lead learns
how many changes were lost with it, and the inspector's other laptop syncs on."""

from __future__ import annotations

import contextlib
import io
import json

import pytest

from inspector_desktop import credentials
from inspector_desktop.server import devices
from inspector_desktop.server.cli import main as server_main
from inspector_desktop.store.models import Attachment
from inspector_desktop.sync import account, protocol as p
from inspector_desktop.sync.revoked import erase_this_laptop
from inspector_desktop.sync.transport import DeviceRevoked, ServerRefused, Transport
from inspector_desktop.wording.cli import CommandError
from tests.server.conftest import PASSWORD
from tests.sync.conftest import FAST_RETRY, Laptop, add_visit

REGION = "东湖区"


def _server(*args: str, db: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = server_main([*args, "--db", db])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def region(office):
    """A lead and an inspector of one region, the inspector responsible for one of its schools."""
    lead, _ = office.user(p.Role.LEAD, region=REGION)
    inspector, inspector_id = office.user(p.Role.INSPECTOR, region=REGION)
    code = office.school(district=REGION)

    class _Named:
        username = inspector

    school = office.assign(_Named(), code)
    return lead, inspector, inspector_id, school


def _lead_transport(url: str, lead: str, tmp_path) -> tuple[Transport, Laptop]:  # noqa: ANN001
    laptop = Laptop(tmp_path / "lead", url, lead)
    return laptop.transport, laptop


def test_a_lost_laptop_is_refused_erased_and_its_losses_reach_the_lead(tmp_path, server, engine, region):
    lead, inspector, _inspector_id, school = region
    lost = Laptop(tmp_path / "lost", server.url, inspector)
    other = Laptop(tmp_path / "other", server.url, inspector)
    lead_t, lead_laptop = _lead_transport(server.url, lead, tmp_path)
    db = engine.url.database
    try:
        lost.sync()
        other.sync()
        # Work done on the lost laptop that never reached the server.
        vid = add_visit(lost.ws, school)
        sha, size = lost.ws.attachments.put_bytes(b"\xff\xd8\xff photo of a classroom")
        with lost.ws.write() as s:
            s.add(Attachment(sha256=sha, filename="教室.jpg", mime_type="image/jpeg", size=size, visit_id=vid))
        pending = account.pending_count(lost.ws)
        assert pending >= 2

        # The inspector has two laptops: by name alone the command cannot tell which, and changes nothing.
        with pytest.raises(CommandError) as refused:
            devices.revoke_device(engine, inspector)
        assert refused.value.key == "server_user_many_devices"
        code, _out, err = _server("revoke-device", inspector, db=db)
        assert code == 2 and len(err.strip().splitlines()) == 1 and "2" in err

        # The lead sees the region's laptops and reports one lost from the app.
        listed = {d.device_id: d for d in
                  (p.Device.model_validate(x) for x in json.loads(lead_t.request("GET", "/devices").body))}
        assert {lost.ws.client_id, other.ws.client_id} <= set(listed)
        assert listed[lead_laptop.ws.client_id].this_device
        with pytest.raises(ServerRefused) as own:
            lead_t.request("POST", f"/devices/{lead_laptop.ws.client_id}/revoke")
        assert own.value.code == "device.own"
        with pytest.raises(ServerRefused) as not_lead:
            other.transport.request("POST", f"/devices/{lost.ws.client_id}/revoke")
        assert not_lead.value.code == "device.lead_only"
        revoked = p.Device.model_validate_json(lead_t.request("POST", f"/devices/{lost.ws.client_id}/revoke").body)
        assert revoked.revoked_at and revoked.revoked_by == lead and not revoked.erased_at

        code, out, _err = _server("revoke-device", lost.ws.client_id, db=db)
        assert code == 0 and "has not reached the server since" in out  # reported, not heard of since

        # Its next sync is refused with the code, telling the server what it had not sent.
        with pytest.raises(DeviceRevoked) as told:
            lost.sync()
        assert told.value.pending == pending and told.value.code == "auth.device_revoked"
        data_dir = lost.ws.data_dir
        workspace_id = json.loads(data_dir.key_file.read_text())["workspace_id"]
        erase_this_laptop(lost.ws)
        assert not data_dir.database.exists() and not data_dir.key_file.exists()
        assert not [f for f in data_dir.root.rglob("*") if f.is_file()]
        from inspector_desktop.store import workspace_key

        assert credentials.read_secret(workspace_key.account(workspace_id)) is None

        # Signing in again with the same workspace is refused the same way, right password or not.
        again = Transport(server.url, retry=FAST_RETRY)
        with pytest.raises(DeviceRevoked):
            again.login(inspector, PASSWORD, lost.ws.client_id)
        with pytest.raises(DeviceRevoked):
            again.login(inspector, "wrong password", lost.ws.client_id)
        again.close()

        # The lead learns how many changes were lost, in the app and from the command.
        listed = {d.device_id: d for d in
                  (p.Device.model_validate(x) for x in json.loads(lead_t.request("GET", "/devices").body))}
        assert listed[lost.ws.client_id].lost_changes == pending and listed[lost.ws.client_id].erased_at
        code, out, _err = _server("revoke-device", lost.ws.client_id, db=db)
        assert code == 0 and str(pending) in out

        # The inspector's other laptop keeps working.
        add_visit(other.ws, school)
        assert other.sync().applied >= 1
    finally:
        lost.transport.close()
        other.close()
        lead_laptop.close()


def test_revoke_device_names_one_laptop_all_or_none(engine, office, tmp_path, server):
    name, _ = office.user(p.Role.INSPECTOR)
    code, _out, err = _server("revoke-device", name, db=engine.url.database)
    assert code == 2 and name in err and len(err.strip().splitlines()) == 1
    code, _out, err = _server("revoke-device", "00000000-0000-0000-0000-000000000000", db=engine.url.database)
    assert code == 2 and "00000000-0000-0000-0000-000000000000" in err
    laptop = Laptop(tmp_path / "one", server.url, name)
    try:
        code, out, _err = _server("revoke-device", name, db=engine.url.database)  # one laptop: the user names it
        assert code == 0 and laptop.ws.client_id in out
        with pytest.raises(DeviceRevoked):
            laptop.sync()
    finally:
        laptop.close()


def test_headless_sync_of_a_lost_laptop_erases_it_too(tmp_path, server, engine, office):
    import os
    import subprocess
    import sys

    name, _ = office.user(p.Role.INSPECTOR)
    laptop = Laptop(tmp_path / "w", server.url, name)
    laptop.ws.attachments.put_bytes(b"\xff\xd8\xff evidence")
    client_id = laptop.ws.client_id
    laptop.close()
    devices.revoke_device(engine, client_id)
    env = dict(os.environ, INSPECTOR_DESKTOP_LANGUAGE="en", INSPECTOR_SYNC_USER=name, INSPECTOR_SYNC_PASSWORD=PASSWORD)
    out = subprocess.run([sys.executable, "-m", "inspector_desktop", "sync", "--data-dir", str(tmp_path / "w"),
                          "--server", server.url], capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 2, out.stderr
    assert "reported this laptop lost" in out.stderr and "was erased" in out.stderr
    assert not [f for f in (tmp_path / "w").rglob("*") if f.is_file()]


def test_a_laptop_is_named_by_its_signing_key_and_another_regions_lead_cannot_see_it(tmp_path, server, engine, office):
    import base64
    import hashlib
    import uuid

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    name, inspector_id = office.user(p.Role.INSPECTOR, region="北湖区")
    stranger, _ = office.user(p.Role.LEAD, region="西湖区")
    laptop = Laptop(tmp_path / "w", server.url, name)
    lead = Laptop(tmp_path / "lead", server.url, stranger)
    try:
        raw = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        key_id = hashlib.sha256(raw).hexdigest()
        fields = dict(inspector_id=inspector_id, key_id=key_id, public_key=base64.b64encode(raw).decode(), label="", revoked_at=None)
        push = p.PushRequest(client_id=laptop.ws.client_id, mutations=[
            p.Mutation(seq=1, entity="device_key", entity_id=str(uuid.uuid4()), op=p.Op.INSERT, fields=fields, base_version=0)])
        answer = laptop.transport.call("POST", "/sync/push", p.PushResponse, json_body=push.model_dump(mode="json"))
        assert answer.results[0].status is p.MutationStatus.APPLIED, answer.results[0].code

        assert laptop.ws.client_id not in {d["device_id"] for d in json.loads(lead.transport.request("GET", "/devices").body)}
        with pytest.raises(ServerRefused) as hidden:
            lead.transport.request("POST", f"/devices/{laptop.ws.client_id}/revoke")
        assert hidden.value.status == 404

        done = devices.revoke_device(engine, key_id)
        assert done.device.device_id == laptop.ws.client_id and done.tokens >= 1 and not done.already
        with pytest.raises(DeviceRevoked):
            laptop.sync()
    finally:
        laptop.transport.close()
        laptop.ws.close()
        lead.close()
