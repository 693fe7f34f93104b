"""What a consumer decides, on FastStream's in-memory `TestNatsBroker` (the flows against a
real nats-server are in tests/integration and tests/fault): an event is applied once however
often it comes, one its handler refuses is dead-lettered at once, a failing one is retried."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from faststream.nats import TestNatsBroker
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from shared.bus import Bus
from shared.consumer import Consumers, ConsumerSpec, Refused
from shared.contracts import IncomingRegistered, envelope_for
from shared.db import SessionFactory, create_engine, session_factory
from shared.envelope import Envelope
from shared.migrations import migrate
from shared.spine import DeadLetter, ProcessedEvent

MIGRATIONS = Path(__file__).resolve().parents[2] / "services" / "docs" / "migrations"
SUBJECT = IncomingRegistered.subject()


def registered(n: int) -> Envelope:
    data = IncomingRegistered(
        id=f"doc-{n}", reg_no=f"收〔2022〕{n}号", title="通知", source_org="省政府办公厅", channel="oa",
        classification="none", urgency="normal", received_at="2022-03-01T09:00:00+08:00", unit="GO",
    )  # fmt: skip
    return envelope_for(data, subject=data.id, unit="GO", actor="alice")


@pytest.fixture
async def factory(tmp_path: Path) -> AsyncIterator[SessionFactory]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'consumer.db'}")
    await migrate(engine, MIGRATIONS)
    yield session_factory(engine)
    await engine.dispose()


async def consume(factory: SessionFactory, spec: ConsumerSpec, *envelopes: Envelope) -> None:
    bus = Bus(url="nats://127.0.0.1:1", name="test", stream="OFFICE", subjects=["office.>"])
    consumers = Consumers(service="docs", factory=factory, bus=bus, batch=10, max_tries=3, backoff_s=0.0)
    consumers.add(spec)
    try:
        async with TestNatsBroker(bus.broker) as broker:
            for envelope in envelopes:
                await broker.publish(
                    envelope.model_dump_json().encode(), SUBJECT, headers={"Nats-Msg-Id": envelope.id}
                )
    finally:
        await consumers.close()


async def count(factory: SessionFactory, model: Any) -> int:
    async with factory() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_an_event_delivered_twice_is_applied_once(factory: SessionFactory) -> None:
    applied: list[str] = []

    async def apply(session: AsyncSession, envelope: Envelope) -> None:
        applied.append(envelope.id)

    spec = ConsumerSpec(durable="test", subjects=[SUBJECT], handlers={IncomingRegistered.event_type(): apply})
    event, another = registered(1), registered(2)
    await consume(factory, spec, event, event, another)
    assert applied == [event.id, another.id]
    assert await count(factory, ProcessedEvent) == 2


async def test_a_refused_event_is_dead_lettered_at_once_with_its_reason(factory: SessionFactory) -> None:
    async def refuse(session: AsyncSession, envelope: Envelope) -> None:
        raise Refused("a liaison cannot register for another unit")

    spec = ConsumerSpec(durable="test", subjects=[SUBJECT], default=refuse)
    await consume(factory, spec, registered(1))
    async with factory() as session:
        (letter,) = (await session.scalars(select(DeadLetter))).all()
    assert letter.consumer == "test" and "another unit" in letter.error
    assert await count(factory, ProcessedEvent) == 0


async def test_a_batch_handler_gets_the_fresh_events_of_its_types_in_one_call(
    factory: SessionFactory,
) -> None:
    batches: list[list[str]] = []

    async def on_batch(session: AsyncSession, envelopes: list[Envelope]) -> None:
        batches.append([e.id for e in envelopes])

    spec = ConsumerSpec(
        durable="test", subjects=[SUBJECT], on_batch=on_batch, batch_types={IncomingRegistered.event_type()}
    )
    other = Envelope(source="office/docs", type="office.docs.other.thing.v1", subject="x", data={})
    event = registered(1)
    await consume(factory, spec, event, other)
    assert batches == [[event.id]]  # one event a publish here; the other type skipped


async def test_a_message_that_is_no_envelope_is_dead_lettered_and_holds_up_nothing(
    factory: SessionFactory,
) -> None:
    applied: list[str] = []

    async def apply(session: AsyncSession, envelope: Envelope) -> None:
        applied.append(envelope.id)

    spec = ConsumerSpec(durable="test", subjects=[SUBJECT], default=apply)
    bus = Bus(url="nats://127.0.0.1:1", name="test", stream="OFFICE", subjects=["office.>"])
    consumers = Consumers(service="docs", factory=factory, bus=bus, batch=10, max_tries=3, backoff_s=0.0)
    consumers.add(spec)
    event = registered(1)
    try:
        async with TestNatsBroker(bus.broker) as broker:
            await broker.publish(b"not json", SUBJECT, headers={"Nats-Msg-Id": "garbled"})
            await broker.publish(event.model_dump_json().encode(), SUBJECT, headers={"Nats-Msg-Id": event.id})
    finally:
        await consumers.close()
    assert applied == [event.id]
    async with factory() as session:
        (letter,) = (await session.scalars(select(DeadLetter))).all()
    assert letter.event_id == "garbled" and "not a CloudEvents envelope" in letter.error
