"""The relay publishes events again — because it died between publishing and marking, or
because an operator replays the event log — and nothing is counted twice: JetStream's
duplicate window absorbs what it can, the aggregate's processed-event ids the rest."""

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from office.replay import replay_events
from shared.outbox import OutboxRelay
from shared.spine import OutboxEvent
from tests.fault.support import (
    consumers_drained,
    received_total,
    register,
    settles_at,
    shorten_duplicate_window,
)
from tests.support import NatsServer, eventually, stream_messages

DOCUMENTS = 40
# A copy that failed instead of being skipped would be set aside within a fraction of a second.
STRICT = {"consumer_max_tries": 2, "consumer_backoff_s": 0.1}
LAPSED_WINDOW_S = 0.1  # stands in for a relay that comes back after the 10-minute window


def relay_dies_before_marking(monkeypatch: pytest.MonkeyPatch, batches: int) -> list[int]:
    """The docs relay's first `batches` batches are published but never marked published,
    as when the process dies in between; answers the outbox seqs left unmarked."""
    original = OutboxRelay.mark_published
    unmarked: list[int] = []
    failures = 0

    async def mark_published(self: OutboxRelay, seqs: list[int]) -> None:
        nonlocal failures
        if self.service == "docs" and failures < batches:
            failures += 1
            unmarked.extend(seqs)
            raise ConnectionResetError("the relay died after publishing, before marking")
        await original(self, seqs)

    monkeypatch.setattr(OutboxRelay, "mark_published", mark_published)
    return unmarked


async def outbox(stack: Any) -> list[OutboxEvent]:
    async with stack.apps["docs"].state.factory() as session:
        return list((await session.scalars(select(OutboxEvent).order_by(OutboxEvent.seq))).all())


@pytest.mark.fault
@pytest.mark.timeout(90)
@pytest.mark.parametrize("window", ["within", "after"])
async def test_a_relay_that_dies_before_marking_publishes_again_and_nothing_is_counted_twice(
    start_stack: Any, nats_server: NatsServer, monkeypatch: pytest.MonkeyPatch, window: str
) -> None:
    lapsed = window == "after"
    if lapsed:
        await shorten_duplicate_window(nats_server.url, LAPSED_WINDOW_S)
    unmarked = relay_dies_before_marking(monkeypatch, batches=3)

    async with start_stack("docs", "aggregate", relay_lease_s=0.5, **STRICT) as stack:
        await register(stack.docs, DOCUMENTS, concurrency=10)

        async def all_marked() -> bool:
            return all(row.published_at is not None for row in await outbox(stack))

        await eventually(all_marked, within=30)
        await eventually(lambda: consumers_drained(nats_server.url))

        rows = await outbox(stack)
        assert unmarked, "some batches must have been published and left unmarked"
        publishes = sum(row.attempts for row in rows)
        assert publishes > DOCUMENTS  # the unmarked rows were claimed and published again
        assert all(row.attempts >= 2 for row in rows if row.seq in unmarked)
        assert all(row.attempts == 1 for row in rows if row.seq not in unmarked)

        if lapsed:  # every copy reached the stream, and the aggregate
            assert await stream_messages(nats_server.url) == publishes
        else:  # JetStream dropped the copies inside its duplicate window
            assert await stream_messages(nats_server.url) == DOCUMENTS
        await settles_at(stack.aggregate, DOCUMENTS)


@pytest.mark.fault
@pytest.mark.timeout(90)
async def test_replaying_the_event_log_after_the_duplicate_window_counts_nothing_twice(
    start_stack: Any, nats_server: NatsServer
) -> None:
    await shorten_duplicate_window(nats_server.url, LAPSED_WINDOW_S)

    async with start_stack("docs", "aggregate", **STRICT) as stack:
        await register(stack.docs, DOCUMENTS, concurrency=10)

        async def counted() -> bool:
            return await received_total(stack.aggregate) == DOCUMENTS

        await eventually(counted, within=30)
        assert await stream_messages(nats_server.url) == DOCUMENTS

        await asyncio.sleep(5 * LAPSED_WINDOW_S)
        since = datetime(2000, 1, 1, tzinfo=UTC)
        replayed = await replay_events(stack.apps["docs"].state.settings, since)  # office replay
        assert (replayed.published, replayed.duplicates) == (DOCUMENTS, 0)
        assert await stream_messages(nats_server.url) == 2 * DOCUMENTS  # every event is in twice

        await eventually(lambda: consumers_drained(nats_server.url))  # the copies were delivered...
        await settles_at(stack.aggregate, DOCUMENTS)  # ...and counted for nothing
