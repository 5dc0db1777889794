"""The office that issues the printed letters (督导室): its name for the 落款.

The office's server delivers the workspace setting ``office.name``
(store/form_content.py reads it for the feedback sheet too). A workspace that has
not received it (never synced, or an older server) still prints a sensible issuer,
by the feedback sheet's rule (``signing.content.default_issuer``): the inspection
office of the inspector's region, else of the school's competent department's,
worded by the report in the letter's language; never a blank where the seal goes.
"""

from __future__ import annotations

from dataclasses import dataclass

from inspector_desktop.store.db import Workspace
from inspector_desktop.store.form_content import OFFICE_NAME, office_name
from inspector_desktop.store.models import Inspector
from inspector_desktop.store.profile import current_inspector_id

OFFICE_NAME_SETTING = OFFICE_NAME


@dataclass(frozen=True)
class Office:
    name: str  # as the office spells itself; empty when the server has not said
    region: str  # the fallback's region, e.g. "南昌市青山湖区"; may be empty


def issuing_office(ws: Workspace, fallback_inspector_id: str | None = None) -> Office:
    """The issuing office; without its name, the region of this laptop's inspector
    (else of ``fallback_inspector_id``, e.g. a visit's team leader)."""
    name = office_name(ws) or ""
    region, me = "", current_inspector_id(ws)
    with ws.read() as s:
        for inspector_id in (me, fallback_inspector_id):
            who = s.get(Inspector, inspector_id) if inspector_id else None
            if who is not None and who.region.strip():
                region = who.region.strip()
                break
    return Office(name, region)
