"""Fixtures for every tier: a real nats-server per test, and real databases.

NATS: `TEST_NATS_URL` when set (one server for a serial run; each test starts with its
streams deleted), else a testcontainers NATS (JetStream on, one per test process) when a
Docker engine answers, else the local `nats-server` binary per test. Tests that stop and
restart NATS on the same port (marked `fault` or `restarts_nats`) always get the local binary.
PostgreSQL: tests run on SQLite always and on PostgreSQL too, at `TEST_DATABASE_URL` when set
(`postgresql://user@host/db`), else in a testcontainers PostgreSQL when Docker answers; each
test gets databases of its own, dropped after. The pytest header says which path a run took.
"""

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support import Databases, ExternalNats, NatsServer, nats_source, postgres_source, wipe_streams

BACKENDS = ["sqlite", "postgres"]
NATS_IMAGE = "nats:2.10"
POSTGRES_IMAGE = "postgres:16"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "restarts_nats: the test stops and starts its own nats-server")


def pytest_report_header(config: pytest.Config) -> list[str]:
    postgres = postgres_source() or "none (PostgreSQL tests skipped: set TEST_DATABASE_URL)"
    return [
        f"NATS: {nats_source()} (tests that restart NATS: local nats-server)",
        f"PostgreSQL: {postgres}",
    ]


@pytest.fixture(scope="session")
def shared_nats_url() -> Iterator[str | None]:
    """The URL of a NATS not started per test (None: each test starts the local binary)."""
    source = nats_source()
    if source == "TEST_NATS_URL":
        yield os.environ["TEST_NATS_URL"]
    elif source == "testcontainers":
        from testcontainers.community.nats import NatsContainer

        with NatsContainer(NATS_IMAGE, jetstream=True) as container:
            yield container.nats_uri()
    else:
        yield None


@pytest.fixture
async def nats_server(
    request: pytest.FixtureRequest, shared_nats_url: str | None, tmp_path: Path
) -> AsyncIterator[Any]:
    restarts = any(request.node.get_closest_marker(m) for m in ("fault", "restarts_nats"))
    if shared_nats_url is not None and not restarts:
        await wipe_streams(shared_nats_url)
        yield ExternalNats(shared_nats_url)
        return
    server = NatsServer(tmp_path / "nats")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str | None]:
    source = postgres_source()
    if source == "testcontainers":
        from testcontainers.community.postgres import PostgresContainer

        with PostgresContainer(POSTGRES_IMAGE, driver=None) as container:
            os.environ["TEST_DATABASE_URL"] = container.get_connection_url()
            yield os.environ["TEST_DATABASE_URL"]
    else:
        yield os.environ.get("TEST_DATABASE_URL")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgres" and not request.getfixturevalue("postgres_url"):
        pytest.skip("PostgreSQL: set TEST_DATABASE_URL")
    return str(request.param)


@pytest.fixture
async def databases(backend: str, tmp_path: Path) -> AsyncIterator[Databases]:
    dbs = Databases(backend, tmp_path)
    yield dbs
    await dbs.drop_all()
