"""NATS goes away — stopped for a while, or restarted (even killed) under load — and the
office's figures still count every registered document exactly once."""

import asyncio
import contextlib
import os
import signal
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from shared.spine import OutboxEvent
from tests.fault.support import STAFF, incoming, ready, received_total, register, settles_at
from tests.support import NatsServer, eventually


@contextlib.asynccontextmanager
async def nats_down(server: NatsServer, how: Callable[[], None]) -> AsyncIterator[None]:
    """NATS is down inside the block, and up again (same port, same store) after it, even on
    failure. Starting and stopping block, so they run off the loop the services share."""
    await asyncio.to_thread(how)
    try:
        yield
    finally:
        await asyncio.to_thread(server.start)


async def unpublished(stack: Any, *, claimed: bool = False) -> int:
    """Outbox rows of docs not marked published (only those the relay has tried, if `claimed`)."""
    async with stack.apps["docs"].state.factory() as session:
        query = select(func.count()).select_from(OutboxEvent).where(OutboxEvent.published_at.is_(None))
        if claimed:
            query = query.where(OutboxEvent.attempts > 0)
        return int(await session.scalar(query) or 0)


@pytest.mark.fault
@pytest.mark.timeout(120)
async def test_documents_registered_while_nats_is_down_are_all_counted_once(
    start_stack: Any, nats_server: NatsServer
) -> None:
    async with start_stack("docs", "aggregate") as stack:
        await ready(stack.docs, stack.aggregate)

        async with nats_down(nats_server, nats_server.stop):
            await register(stack.docs, 200)  # every registration is accepted while NATS is down
            assert await unpublished(stack) == 200  # ...and waits in the outbox
            assert await received_total(stack.aggregate) == 0

        await settles_at(stack.aggregate, 200)
        assert await unpublished(stack) == 0


@pytest.mark.fault
@pytest.mark.timeout(150)
@pytest.mark.parametrize("outage", ["stopped", "killed"])
async def test_nats_restarted_twice_under_load_loses_and_doubles_nothing(
    start_stack: Any, nats_server: NatsServer, outage: str
) -> None:
    documents = 300
    registered = 0

    async def keep_registering(stack: Any) -> None:
        nonlocal registered
        for n in range(documents):
            answer = await stack.docs.post("/api/v1/incoming", json=incoming(n), headers=STAFF)
            assert answer.status_code == 201, answer.text
            registered += 1
            await asyncio.sleep(0.01)

    go_down = nats_server.stop if outage == "stopped" else nats_server.kill
    # A relay cut off mid-publish claims its rows again when the lease runs out (10 s in
    # production); 2 s here.
    async with start_stack("docs", "aggregate", relay_lease_s=2.0) as stack:
        await ready(stack.docs, stack.aggregate)
        registering = asyncio.create_task(keep_registering(stack))
        try:
            for _ in range(2):
                await asyncio.sleep(0.8)
                assert 0 < registered < documents, "the outage must come while documents arrive"
                async with nats_down(nats_server, go_down):
                    await asyncio.sleep(0.8)
            await registering
        finally:
            registering.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await registering

        await settles_at(stack.aggregate, documents)
        assert await unpublished(stack) == 0


@pytest.mark.fault
@pytest.mark.timeout(120)
async def test_a_batch_nats_took_but_never_stored_is_published_again(
    start_stack: Any, nats_server: NatsServer
) -> None:
    # nats-server hangs (SIGSTOP) while the relay publishes: the batch goes into the socket,
    # no acknowledgement comes back, and the server dies (SIGKILL) without reading it.
    async with start_stack("docs", "aggregate", relay_lease_s=2.0) as stack:
        await ready(stack.docs, stack.aggregate)
        await register(stack.docs, 20)
        await settles_at(stack.aggregate, 20)

        assert nats_server.proc is not None
        os.kill(nats_server.proc.pid, signal.SIGSTOP)
        try:
            await register(stack.docs, 50, first=20)

            async def relay_awaits_acknowledgements() -> bool:
                return await unpublished(stack, claimed=True) > 0

            await eventually(relay_awaits_acknowledgements)
            await asyncio.sleep(0.5)  # the batch is in the socket, never to be read
        finally:
            await asyncio.to_thread(nats_server.kill)  # SIGKILL ends a stopped process too
            await asyncio.to_thread(nats_server.start)

        await settles_at(stack.aggregate, 70)
        assert await unpublished(stack) == 0
