"""No 5xx anywhere: schemathesis drives the logistics service's OpenAPI with generated requests."""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.support import NatsServer, ServiceProcess, token

HEADERS = token(clearance="top_secret", roles=("staff", "admin"))


@pytest.fixture(scope="module")
def logistics_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceProcess]:
    tmp = tmp_path_factory.mktemp("fuzz")
    nats = NatsServer(tmp / "nats")
    nats.start()
    service = ServiceProcess(
        "logistics",
        database_url=f"sqlite+aiosqlite:///{tmp / 'logistics.db'}",
        nats_url=nats.url,
        data_dir=tmp,
    )
    service.start()
    yield service
    service.stop()
    nats.stop()


def test_no_generated_request_makes_the_logistics_service_fail(logistics_process: ServiceProcess) -> None:
    schema = schemathesis.openapi.from_url(f"{logistics_process.url}/openapi.json", wait_for_schema=30)
    checked = [fuzz_operation(result.ok()) for result in schema.get_all_operations()]
    for route in (
        "POST /api/v1/trips",
        "POST /api/v1/receptions",
        "POST /api/v1/supplies/{item_id}/requisitions",
    ):
        assert route in checked


def fuzz_operation(operation: Any) -> str:
    """Send generated requests to one operation; none may answer 5xx or a non-problem error."""

    @given(case=operation.as_strategy())
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    def send(case: schemathesis.Case) -> None:
        response = case.call(headers=HEADERS)
        assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text}"
        if response.status_code >= 400:
            assert response.headers["content-type"] == ["application/problem+json"], response.text

    send()
    return f"{operation.method.upper()} {operation.path}"
