"""The meetings service in-process on a real nats-server and real databases, and a tap on its events."""

import json
from collections.abc import AsyncIterator
from typing import Any

import nats
import pytest

from tests.integration.meetings.helpers import STAFF, add_room
from tests.support import NatsServer, eventually


class Tap:
    """Every event published on `office.meetings.>` since the tap was opened, in order."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, dict[str, Any]]] = []

    async def on_message(self, msg: Any) -> None:
        self.seen.append((msg.subject, json.loads(msg.data)))

    def of(self, subject: str) -> list[dict[str, Any]]:
        return [envelope for s, envelope in self.seen if s == subject]

    async def wait(self, subject: str, count: int) -> list[dict[str, Any]]:
        async def arrived() -> bool:
            return len(self.of(subject)) >= count

        await eventually(arrived)
        return self.of(subject)


@pytest.fixture
async def tap(nats_server: NatsServer) -> AsyncIterator[Tap]:
    client = await nats.connect(nats_server.url)
    tap = Tap()
    await client.subscribe("office.meetings.>", cb=tap.on_message)
    await client.flush()
    yield tap
    await client.close()


@pytest.fixture
async def stack(start_stack: Any) -> AsyncIterator[Any]:
    """The meetings service with two rooms, R301 (30 seats) and R502 (12 seats)."""
    async with start_stack("meetings") as started:
        await add_room(started, "R301", capacity=30)
        await add_room(started, "R502", capacity=12)
        yield started


@pytest.fixture
def staff() -> dict[str, str]:
    return STAFF
