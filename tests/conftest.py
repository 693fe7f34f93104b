"""Fixtures for every tier: a real nats-server per test, and real databases.

Tests run on SQLite always and on PostgreSQL too when `TEST_DATABASE_URL` is set
(`postgresql://user@host/db`; each test gets databases of its own, dropped after).
"""

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.support import Databases, NatsServer

BACKENDS = ["sqlite", "postgres"]


@pytest.fixture
def nats_server(tmp_path: Path) -> Iterator[NatsServer]:
    server = NatsServer(tmp_path / "nats")
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgres" and not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("PostgreSQL: set TEST_DATABASE_URL")
    return str(request.param)


@pytest.fixture
async def databases(backend: str, tmp_path: Path) -> AsyncIterator[Databases]:
    dbs = Databases(backend, tmp_path)
    yield dbs
    await dbs.drop_all()
