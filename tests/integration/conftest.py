"""Services run in this process (their real lifespans: migrations, relay, consumers) against
a real nats-server and real databases; HTTP goes through httpx's ASGI transport."""

import asyncio
import importlib
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from shared.settings import ServiceSettings
from tests.support import TEST_SECRET, Databases, NatsServer, holidays_file


def app_factory(name: str) -> Callable[[ServiceSettings], FastAPI]:
    return importlib.import_module(f"services.{name}.app").create_app  # type: ignore[no-any-return]


def settings_class(name: str) -> type[ServiceSettings]:
    module = importlib.import_module(f"services.{name}.settings")
    return next(
        v
        for v in vars(module).values()
        if isinstance(v, type) and issubclass(v, ServiceSettings) and v is not ServiceSettings
    )


class Stack:
    """Clients of the services started for one test."""

    def __init__(self) -> None:
        self.clients: dict[str, httpx.AsyncClient] = {}
        self.apps: dict[str, FastAPI] = {}

    def __getattr__(self, name: str) -> httpx.AsyncClient:
        """`stack.docs`, `stack.aggregate`, ...: the client of a started service."""
        try:
            return self.clients[name]
        except KeyError:
            raise AttributeError(name) from None


def settings_for(name: str, *, database_url: str, nats_url: str, data_dir: Path, **extra: Any) -> Any:
    extra.setdefault("holidays_file", holidays_file(data_dir))
    return settings_class(name)(
        database_url=database_url,
        nats_url=nats_url,
        data_dir=data_dir,
        jwt_secret=TEST_SECRET,
        log_json=False,
        **extra,
    )


@asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """The app started and joined to NATS (its stream made, its consumers bound), which it does in
    the background: a test may publish straight onto the stream, or ask `/readyz`, at once."""
    async with LifespanManager(app, startup_timeout=30, shutdown_timeout=30) as manager:
        await asyncio.wait_for(app.state.bus.wait_connected(), 30)
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
                app = app_factory(name)(settings)
                stack.apps[name] = app
                stack.clients[name] = await exits.enter_async_context(running(app))
            yield stack

    return start
