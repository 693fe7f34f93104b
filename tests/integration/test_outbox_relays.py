"""The outbox relay: rows kept as the event log, and replicas that never publish a row twice."""

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import cast

import pytest
from sqlalchemy import func, select

from shared.bus import Bus
from shared.contracts import IncomingRegistered, envelope_for
from shared.db import SessionFactory, create_engine, session_factory, transaction
from shared.migrations import migrate
from shared.outbox import OutboxRelay, add_event
from shared.spine import OutboxEvent
from tests.support import Databases, NatsServer

MIGRATIONS = Path(__file__).resolve().parents[2] / "services" / "docs" / "migrations"
EVENTS = 400


def registered(n: int) -> IncomingRegistered:
    return IncomingRegistered(
        id=f"doc-{n}", reg_no=f"收〔2022〕{n}号", title="通知", source_org="省政府办公厅", channel="oa",
        classification="none", urgency="normal", received_at="2022-03-01T09:00:00+08:00", unit="GO",
    )  # fmt: skip


@pytest.fixture
async def outbox(databases: Databases, nats_server: NatsServer) -> AsyncIterator[tuple[SessionFactory, Bus]]:
    engine = create_engine(await databases.new("outbox"))
    await migrate(engine, MIGRATIONS)
    factory = session_factory(engine)
    bus = Bus(url=nats_server.url, name="test-relay", stream="OFFICE", subjects=["office.>"])
    bus.start()
    await bus.wait_connected()
    async with transaction(factory) as session:
        for n in range(EVENTS):
            await add_event(
                session, envelope_for(registered(n), subject=f"doc-{n}", unit="GO", actor="alice")
            )
    yield factory, bus
    await bus.close()
    await engine.dispose()


async def drain(relay: OutboxRelay) -> int:
    published = 0
    while count := await relay.relay_once():
        published += count
        await asyncio.sleep(0)
    return published


async def test_two_relays_share_the_rows_and_publish_each_once(
    outbox: tuple[SessionFactory, Bus], backend: str
) -> None:
    if backend == "sqlite":
        pytest.skip("replicas share one database on PostgreSQL; SQLite runs one relay per service")
    factory, bus = outbox
    relays = [OutboxRelay(service="docs", factory=factory, bus=bus, batch=25) for _ in range(2)]
    counts = await asyncio.gather(*(drain(r) for r in relays))
    assert sum(counts) == EVENTS
    assert all(counts), f"both replicas should have claimed rows: {counts}"
    info = await bus.js.stream_info("OFFICE")
    assert info.state.messages == EVENTS


async def test_published_rows_stay_as_the_event_log(outbox: tuple[SessionFactory, Bus]) -> None:
    factory, bus = outbox
    relay = OutboxRelay(service="docs", factory=factory, bus=bus, batch=100)
    assert await drain(relay) == EVENTS
    async with factory() as session:
        kept = await session.scalar(select(func.count()).where(OutboxEvent.published_at.is_not(None)))
        pending = await session.scalar(select(func.count()).where(OutboxEvent.published_at.is_(None)))
    assert (kept, pending) == (EVENTS, 0)
    message = await bus.js.get_last_msg("OFFICE", "office.docs.incoming.registered")
    assert message.headers is not None and message.headers["Nats-Msg-Id"]


async def test_a_batch_lands_on_the_stream_in_the_order_it_was_written(
    outbox: tuple[SessionFactory, Bus], monkeypatch: pytest.MonkeyPatch
) -> None:
    factory, bus = outbox
    publish = bus.publish
    slowed: list[str] = []

    async def first_one_slow(subject: str, payload: bytes, headers: dict[str, str]) -> None:
        if not slowed:  # as a connection's first request, or a stream looked up, may be
            slowed.append(subject)
            await asyncio.sleep(0.05)
        await publish(subject, payload, headers)

    monkeypatch.setattr(bus, "publish", first_one_slow)
    before = (await bus.js.stream_info("OFFICE")).state.last_seq
    assert await drain(OutboxRelay(service="docs", factory=factory, bus=bus, batch=100)) == EVENTS
    landed = [
        json.loads(cast(bytes, (await bus.js.get_msg("OFFICE", before + n)).data))["data"]["id"]
        for n in range(1, EVENTS + 1)
    ]
    assert slowed and landed == [f"doc-{n}" for n in range(EVENTS)]


async def test_a_relay_stopped_in_a_batch_publishes_and_marks_it_first(
    outbox: tuple[SessionFactory, Bus], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A restart leaves no row leased: those would go only when their lease ran out (10 s)."""
    factory, bus = outbox
    publish, started = bus.publish, asyncio.Event()

    async def slowly(subject: str, payload: bytes, headers: dict[str, str]) -> None:
        started.set()
        await asyncio.sleep(0.002)
        await publish(subject, payload, headers)

    monkeypatch.setattr(bus, "publish", slowly)
    relay = OutboxRelay(service="docs", factory=factory, bus=bus, batch=100)
    relay.start()
    await started.wait()
    await relay.stop()  # while its first batch of 100 is being published
    async with factory() as session:
        published = await session.scalar(select(func.count()).where(OutboxEvent.published_at.is_not(None)))
        leased = await session.scalar(
            select(func.count()).where(
                OutboxEvent.published_at.is_(None), OutboxEvent.claimed_until.is_not(None)
            )
        )
    assert published is not None and published % 100 == 0 and published >= 100
    assert leased == 0
