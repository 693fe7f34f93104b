"""No 5xx anywhere: schemathesis drives the infoscore service's OpenAPI with generated requests."""

from collections.abc import Iterator

import pytest
import schemathesis

from tests.integration.test_docs_fuzz import fuzz_operation
from tests.support import NatsServer, ServiceProcess


@pytest.fixture(scope="module")
def infoscore_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceProcess]:
    tmp = tmp_path_factory.mktemp("fuzz")
    nats = NatsServer(tmp / "nats")
    nats.start()
    service = ServiceProcess(
        "infoscore",
        database_url=f"sqlite+aiosqlite:///{tmp / 'infoscore.db'}",
        nats_url=nats.url,
        data_dir=tmp,
    )
    service.start()
    yield service
    service.stop()
    nats.stop()


def test_no_generated_request_makes_the_infoscore_service_fail(infoscore_process: ServiceProcess) -> None:
    schema = schemathesis.openapi.from_url(f"{infoscore_process.url}/openapi.json", wait_for_schema=30)
    checked = [fuzz_operation(result.ok()) for result in schema.get_all_operations()]
    assert "POST /api/v1/submissions/{submission_id}/adoptions" in checked
    assert "PUT /api/v1/targets/{year}/{unit}" in checked
