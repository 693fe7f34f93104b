"""No 5xx anywhere: schemathesis drives each service's OpenAPI with generated requests.

Each service runs as its own process (as `office up` runs it) with a caller who holds
every office role and the highest clearance, so the requests reach the rules and not
only the authorisation checks. A 4xx must be a problem+json, and every answer must match the
schema its OpenAPI document gives for it (schemathesis' `response_schema_conformance`).
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import response_schema_conformance

from tests.support import NatsServer, ServiceProcess, token

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


def running(name: str, nats: NatsServer, tmp: Path) -> ServiceProcess:
    service = ServiceProcess(
        name, database_url=f"sqlite+aiosqlite:///{tmp / f'{name}.db'}", nats_url=nats.url, data_dir=tmp
    )
    service.start()
    return service


@pytest.mark.parametrize("name", sorted(MUST_CHECK))
def test_no_generated_request_makes_a_service_fail(name: str, nats: NatsServer, tmp_path: Path) -> None:
    service = running(name, nats, tmp_path)
    try:
        schema = schemathesis.openapi.from_url(f"{service.url}/openapi.json", wait_for_schema=60)
        operations = [result.ok() for result in schema.get_all_operations()]
        checked = [fuzz_operation(op) for op in operations if f"{op.method.upper()} {op.path}" not in ENDLESS]
    finally:
        service.stop()
    assert set(MUST_CHECK[name]) <= set(checked)


def fuzz_operation(operation: Any) -> str:
    """Send generated requests to one operation; none may answer 5xx or a non-problem error."""

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck))
    def send(case: schemathesis.Case) -> None:
        response = case.call(headers=HEADERS, timeout=30)
        case.validate_response(response, checks=[response_schema_conformance])  # answers as documented
        assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text}"
        if response.status_code >= 400:
            assert response.headers["content-type"] == ["application/problem+json"], response.text

    send()
    return f"{operation.method.upper()} {operation.path}"
