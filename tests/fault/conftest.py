"""Fixtures of the fault tests: the integration tier's in-process stack, and services as
real processes (always stopped at the end, even when a test fails)."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.integration.conftest import start_stack
from tests.support import NatsServer, ServiceProcess

__all__ = ["service_process", "start_stack"]


@pytest.fixture
def service_process(nats_server: NatsServer, tmp_path: Path) -> Iterator[Callable[..., ServiceProcess]]:
    """`service_process("aggregate", database_url, OFFICE_CONSUMER_BATCH="10")`, not started yet."""
    made: list[ServiceProcess] = []

    def make(name: str, database_url: str, **env: str) -> ServiceProcess:
        process = ServiceProcess(
            name, database_url=database_url, nats_url=nats_server.url, data_dir=tmp_path, **env
        )
        made.append(process)
        return process

    yield make
    for process in made:
        process.stop()
