"""Shared test set-up: offscreen Qt, a bounded Hypothesis profile, fresh workspaces."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never touch the real per-user workspace from a test.
os.environ.setdefault("INSPECTOR_DESKTOP_DATA_DIR", str(Path(os.environ.get("TMPDIR", "/tmp")) / "inspector-tests-default"))

# "ci" keeps the whole run within budget on two cores; "soak" is for runs by hand:
#   HYPOTHESIS_PROFILE=soak pytest tests/unit/test_domain.py
settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("soak", max_examples=5_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def workspace(tmp_path: Path):
    from inspector_desktop.store import open_workspace

    ws = open_workspace(tmp_path / "ws")
    yield ws
    ws.close()


@pytest.fixture
def demo_workspace(tmp_path: Path):
    import datetime as dt

    from inspector_desktop.store import open_workspace
    from inspector_desktop.store.demo import build_demo

    ws = open_workspace(tmp_path / "demo")
    build_demo(ws, as_of=dt.date(2026, 11, 22))
    yield ws
    ws.close()
