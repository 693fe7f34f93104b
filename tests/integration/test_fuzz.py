"""No 5xx anywhere: schemathesis drives each service's OpenAPI with generated requests.

Each service runs as its own process (as `office up` runs it), on SQLite and on PostgreSQL,
with a caller who holds every office role and the highest clearance, so the requests reach
the rules and not only the authorisation checks. A 4xx must be a problem+json, and every answer must match the
schema its OpenAPI document gives for it (schemathesis' `response_schema_conformance`).
"""

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import APIOperation
from schemathesis.checks import response_schema_conformance
from schemathesis.core.result import Ok, Result
from schemathesis.errors import InvalidSchema

from tests.support import Databases, NatsServer, ServiceProcess, token

pytestmark = pytest.mark.fuzz
HEADERS = token(clearance="top_secret", roles=("staff", "leader", "admin"))
EXAMPLES_PER_OPERATION = 25

# A few operations each service must have been fuzzed on (guards against an empty schema).
MUST_CHECK = {
    "docs": ["POST /api/v1/incoming"],
    "infoscore": ["POST /api/v1/submissions/{submission_id}/adoptions", "PUT /api/v1/targets/{year}/{unit}"],
    "logistics": [
        "POST /api/v1/trips",
        "POST /api/v1/receptions",
        "POST /api/v1/supplies/{item_id}/requisitions",
    ],
    "aggregate": [
        "GET /api/v1/stats/{year}",
        "GET /api/v1/reports/annual/{year}",
        "PUT /api/v1/reported/{year}",
    ],
    "notify": ["POST /api/v1/webhooks", "POST /api/v1/deliveries/{delivery_id}/retry"],
    "meetings": [
        "POST /api/v1/meetings",
        "POST /api/v1/series",
        "POST /api/v1/meetings/{meeting_id}/minutes",
    ],
}


ENDLESS = {"GET /api/v1/inbox/stream"}  # a live stream never ends: tested in the notify tests


@pytest.fixture(scope="module")
def nats(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NatsServer]:
    server = NatsServer(tmp_path_factory.mktemp("fuzz-nats"))
    server.start()
    yield server
    server.stop()


def running(name: str, nats: NatsServer, tmp: Path, databases: Databases) -> ServiceProcess:
    service = ServiceProcess(
        name, database_url=asyncio.run(databases.new(name)), nats_url=nats.url, data_dir=tmp
    )
    service.start()
    return service


@pytest.mark.parametrize("name", sorted(MUST_CHECK))
def test_no_generated_request_makes_a_service_fail(
    name: str, backend: str, nats: NatsServer, tmp_path: Path
) -> None:
    """On SQLite and on PostgreSQL, which refuses what SQLite stores (a NUL, a text past its
    column's length): a 500 there only."""
    databases = Databases(backend, tmp_path)
    service = running(name, nats, tmp_path, databases)
    try:
        schema = schemathesis.openapi.from_url(f"{service.url}/openapi.json", wait_for_schema=60)
        operations = [operation_of(result) for result in schema.get_all_operations()]
        checked = [fuzz_operation(op) for op in operations if f"{op.method.upper()} {op.path}" not in ENDLESS]
    finally:
        service.stop()
        asyncio.run(databases.drop_all())
    assert set(MUST_CHECK[name]) <= set(checked)


def operation_of(
    result: Result[APIOperation[Any, Any, Any, Any], InvalidSchema],
) -> APIOperation[Any, Any, Any, Any]:
    assert isinstance(result, Ok)
    return result.ok()


def fuzz_operation(operation: Any) -> str:
    """Send generated requests to one operation; none may answer 5xx or a non-problem error."""

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck))
    def send(case: schemathesis.Case[Any]) -> None:
        response = case.call(headers=HEADERS, timeout=30)
        case.validate_response(response, checks=[response_schema_conformance])  # answers as documented
        assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text}"
        if response.status_code >= 400:
            assert response.headers["content-type"] == ["application/problem+json"], response.text

    send()
    return f"{operation.method.upper()} {operation.path}"
