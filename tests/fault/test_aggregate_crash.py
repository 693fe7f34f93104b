"""The aggregate service dies (SIGKILL) while it works through a stream of registered
documents, and is started again: the figures end exact — what it had committed stays,
what it had taken but not committed comes back, and nothing is counted twice."""

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.fault.support import (
    consumers_of,
    consuming,
    received_total,
    register,
    settles_at,
    shorten_ack_wait,
)
from tests.support import Databases, NatsServer, ServiceProcess, eventually, jetstream, stream_messages

DOCUMENTS = 600


async def unacknowledged(url: str) -> int:
    """Messages the aggregate's consumer has not acknowledged (delivered or not yet)."""
    async with jetstream(url) as js:
        consumers = await consumers_of(js, "aggregate")
    return sum((c.num_pending or 0) + (c.num_ack_pending or 0) for c in consumers)


@pytest.mark.fault
@pytest.mark.timeout(180)
async def test_an_aggregate_killed_mid_stream_counts_every_document_once_after_restart(
    start_stack: Any,
    databases: Databases,
    nats_server: NatsServer,
    service_process: Callable[..., ServiceProcess],
) -> None:
    async with start_stack("docs") as stack:
        await register(stack.docs, DOCUMENTS, concurrency=25)

        async def all_published() -> bool:
            return await stream_messages(nats_server.url) == DOCUMENTS

        await eventually(all_published, within=30)

    # Small batches, so that the kill finds one half-applied, and well before the end.
    aggregate = service_process("aggregate", await databases.new("aggregate"), OFFICE_CONSUMER_BATCH="5")
    await asyncio.to_thread(aggregate.start)
    async with httpx.AsyncClient(base_url=aggregate.url, timeout=5.0) as client:
        await eventually(lambda: consuming(nats_server.url, "aggregate"), within=30)
        # What the killed process had been delivered but not acknowledged comes back when
        # its ack wait runs out: 30 s in production, 3 s here so the test does not sit it out.
        await shorten_ack_wait(nats_server.url, "aggregate", 3.0)

        async def counting() -> bool:
            return (await received_total(client) or 0) >= 50

        await eventually(counting, within=60, interval=0.02)
        aggregate.kill()
        assert await received_total(client) is None  # it is gone
        assert await unacknowledged(nats_server.url) > 0, "the kill must land before the end"

        await asyncio.to_thread(aggregate.start)
        await settles_at(client, DOCUMENTS)
        assert await unacknowledged(nats_server.url) == 0
