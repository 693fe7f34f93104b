"""Services run in this process (their real lifespans: migrations, relay, consumers) against
a real nats-server and real databases; HTTP goes through httpx's ASGI transport."""

from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from services.aggregate.app import create_app as create_aggregate
from services.aggregate.settings import AggregateSettings
from services.docs.app import create_app as create_docs
from services.docs.settings import DocsSettings
from tests.support import TEST_SECRET, Databases, NatsServer

SERVICES: dict[str, tuple[Callable[..., FastAPI], type[Any]]] = {
    "docs": (create_docs, DocsSettings),
    "aggregate": (create_aggregate, AggregateSettings),
}


class Stack:
    """Clients of the services started for one test."""

    def __init__(self) -> None:
        self.clients: dict[str, httpx.AsyncClient] = {}
        self.apps: dict[str, FastAPI] = {}

    @property
    def docs(self) -> httpx.AsyncClient:
        return self.clients["docs"]

    @property
    def aggregate(self) -> httpx.AsyncClient:
        return self.clients["aggregate"]


def settings_for(name: str, *, database_url: str, nats_url: str, data_dir: Path, **extra: Any) -> Any:
    settings_class = SERVICES[name][1]
    return settings_class(
        database_url=database_url,
        nats_url=nats_url,
        data_dir=data_dir,
        jwt_secret=TEST_SECRET,
        log_json=False,
        **extra,
    )


@asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with LifespanManager(app, startup_timeout=30, shutdown_timeout=30) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


@pytest.fixture
def start_stack(databases: Databases, nats_server: NatsServer, tmp_path: Path) -> Callable[..., Any]:
    """`async with start_stack("docs", "aggregate") as stack:` runs those services."""

    @asynccontextmanager
    async def start(*names: str, **extra: Any) -> AsyncIterator[Stack]:
        stack = Stack()
        async with AsyncExitStack() as exits:
            for name in names:
                settings = settings_for(
                    name,
                    database_url=await databases.new(name),
                    nats_url=nats_server.url,
                    data_dir=tmp_path,
                    **extra,
                )
                app = SERVICES[name][0](settings)
                stack.apps[name] = app
                stack.clients[name] = await exits.enter_async_context(running(app))
            yield stack

    return start
