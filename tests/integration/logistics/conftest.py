"""Fixtures of the logistics tests: the running service, a tap on its events, callers."""

import json
from collections.abc import AsyncIterator
from typing import Any

import nats
import pytest
from sqlalchemy import func, select

from shared.spine import OutboxEvent
from tests.support import NatsServer, eventually, token

STAFF = token(sub="alice", unit="GO", roles=("staff",))
LEADER = token(sub="lao-wang", unit="GO", roles=("leader",))
NANNING = token(sub="nn-liaison", unit="NNCB", roles=("liaison",))
PROBLEM = "application/problem+json"


@pytest.fixture
async def logistics(start_stack: Any) -> AsyncIterator[Any]:
    async with start_stack("logistics") as stack:
        yield stack


class Tap:
    """Every logistics event that reaches the real nats-server, in arrival order."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []

    def of(self, subject: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e["type"] == f"{subject}.v1"]

    async def wait_for(self, subject: str, count: int = 1) -> list[dict[str, Any]]:
        async def arrived() -> bool:
            return len(self.of(subject)) >= count

        await eventually(arrived)
        return self.of(subject)


@pytest.fixture
async def tap(nats_server: NatsServer) -> AsyncIterator[Tap]:
    seen = Tap()
    client = await nats.connect(nats_server.url)

    async def collect(message: Any) -> None:
        seen.events.append(json.loads(message.data))

    await client.subscribe("office.logistics.>", cb=collect)
    yield seen
    await client.close()


async def outbox_size(stack: Any) -> int:
    async with stack.apps["logistics"].state.factory() as session:
        return int(await session.scalar(select(func.count()).select_from(OutboxEvent)) or 0)


async def post(stack: Any, path: str, body: dict[str, Any], headers: dict[str, str] = STAFF) -> Any:
    return await stack.logistics.post(f"/api/v1{path}", json=body, headers=headers)


async def created(stack: Any, path: str, body: dict[str, Any], headers: dict[str, str] = STAFF) -> Any:
    answer = await post(stack, path, body, headers)
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


def assert_problem(answer: Any, status: int, field: str | None = None) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == PROBLEM
    problem: dict[str, Any] = answer.json()
    if field is not None:
        assert field in [e["field"] for e in problem["errors"]], problem
    return problem
