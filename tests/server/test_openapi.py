"""Property-based requests built from the server's own OpenAPI document: whatever
a client sends, valid or not, the answer is never a 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from tests.server.conftest import Office

schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(scope="module")
def api_schema(server, office: Office):  # type: ignore[no-untyped-def]
    return schemathesis.openapi.from_url(f"{server.url}/openapi.json")


@pytest.fixture(scope="module")
def token(office: Office) -> str:
    return office.inspector().tokens["access_token"]


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case, token: str, server):  # type: ignore[no-untyped-def]
    response = case.call(base_url=server.url, headers={"Authorization": f"Bearer {token}"}, timeout=30)
    case.validate_response(response, checks=[not_a_server_error])


def test_openapi_document_is_served(server):  # type: ignore[no-untyped-def]
    import httpx

    doc = httpx.get(f"{server.url}/openapi.json").json()
    assert {"/sync/push", "/sync/pull", "/blobs/{sha256}", "/verify", "/auth/login", "/health"} <= set(doc["paths"])
