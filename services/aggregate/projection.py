"""The projection's lifecycle: one durable consumer per generation, rebuild and swap.

The live generation's consumer keeps the figures current. A rebuild starts the next
generation with a consumer of its own reading the stream from the start into fresh
rows; queries keep reading the live generation until the new one has caught up, then
it becomes live and the old one is retired (its consumer deleted, its rows removed).
"""

import asyncio
import contextlib
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import FastAPI
from nats.js.errors import NotFoundError
from sqlalchemy import case, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.aggregate import figures
from services.aggregate.models import Fact, Figure, Generation, ReportedFigure
from services.aggregate.rules import RULES
from shared.consumer import Consumers, ConsumerSpec
from shared.db import SessionFactory, transaction
from shared.envelope import Envelope, utcnow
from shared.spine import ProcessedEvent
from shared.telemetry import log
from shared.upsert import insert_for

POLL_S = 0.5
FIRST_GENERATION = 1


def durable_name(generation: int) -> str:
    return f"aggregate-g{generation}"


def consumer_spec(generation: int, tz: ZoneInfo, subject_root: str) -> ConsumerSpec:
    """The consumer that projects every event into one generation's figures, a batch at a time."""

    async def apply(session: AsyncSession, envelopes: list[Envelope]) -> None:
        batch = figures.Staged()
        for envelope in envelopes:
            figures.stage(batch, RULES[envelope.type](envelope), tz)
            if batch.last_event_time is None or envelope.time > batch.last_event_time:
                batch.last_event_time = envelope.time
        batch.events = len(envelopes)
        await figures.write_staged(session, generation, batch)
        await _record_progress(session, generation, batch)

    return ConsumerSpec(
        durable=durable_name(generation),
        subjects=[f"{subject_root}.>"],
        on_batch=apply,
        batch_types=frozenset(RULES),
    )


async def _record_progress(session: AsyncSession, generation: int, batch: figures.Staged) -> None:
    values: dict[str, Any] = {"applied": Generation.applied + batch.events}
    if batch.last_event_time is not None:
        later = Generation.last_event_time.is_(None) | (Generation.last_event_time < batch.last_event_time)
        values["last_event_time"] = case((later, batch.last_event_time), else_=Generation.last_event_time)
    await session.execute(update(Generation).where(Generation.number == generation).values(**values))


async def live_generation(session: AsyncSession) -> int:
    """The generation queries read (the first before anything was projected)."""
    number = await session.scalar(select(Generation.number).where(Generation.state == "live"))
    return int(number) if number is not None else FIRST_GENERATION


async def ensure_live(factory: SessionFactory) -> int:
    """The live generation, creating the first one (replicas starting together make one)."""
    async with transaction(factory) as session:
        now = utcnow()
        await session.execute(
            insert_for(session, Generation)
            .values(number=FIRST_GENERATION, state="live", applied=0, started_at=now, live_since=now)
            .on_conflict_do_nothing(index_elements=["number"])
        )
        return await live_generation(session)


async def start_rebuild(factory: SessionFactory) -> Generation:
    """Begin the next generation (or answer the one already building)."""
    async with transaction(factory) as session:
        building = await session.scalar(select(Generation).where(Generation.state == "building"))
        if building is not None:
            return building
        top = await session.scalar(select(func.max(Generation.number))) or 0
        generation = Generation(number=int(top) + 1, state="building", applied=0, started_at=utcnow())
        session.add(generation)
        return generation


class ProjectionRunner:
    """The background job: runs the live consumer, and a rebuild's until it takes over, through
    the app factory's consumers (`app.state.consumers`)."""

    def __init__(self, app: FastAPI, tz: ZoneInfo, subject_root: str) -> None:
        self.app = app
        self.tz = tz
        self.subject_root = subject_root
        self.running: set[int] = set()

    @property
    def factory(self) -> SessionFactory:
        return self.app.state.factory  # type: ignore[no-any-return]

    @property
    def consumers(self) -> Consumers:
        return self.app.state.consumers  # type: ignore[no-any-return]

    async def run(self) -> None:
        await ensure_live(self.factory)
        try:
            while True:
                await self._reconcile()
                await asyncio.sleep(POLL_S)
        finally:
            for number in self.running:
                await self.consumers.remove(durable_name(number))

    async def _reconcile(self) -> None:
        async with self.factory() as session:
            wanted = {
                g.number: g.state
                for g in (
                    await session.scalars(select(Generation).where(Generation.state != "retired"))
                ).all()
            }
        for number in wanted.keys() - self.running:
            self._start(number)
        for number in self.running - wanted.keys():
            await self._stop(number)
        building = [n for n, state in wanted.items() if state == "building"]
        if building and await self._caught_up(durable_name(building[0])):
            await self._swap(building[0])

    def _start(self, number: int) -> None:
        self.consumers.add(consumer_spec(number, self.tz, self.subject_root))
        self.running.add(number)

    async def _stop(self, number: int) -> None:
        self.running.discard(number)
        await self.consumers.remove(durable_name(number))
        with contextlib.suppress(NotFoundError, ConnectionError):
            await self.app.state.bus.js.delete_consumer(self.app.state.bus.stream, durable_name(number))

    async def _caught_up(self, durable: str) -> bool:
        bus = self.app.state.bus
        if not bus.connected:
            return False
        try:
            info = await bus.js.consumer_info(bus.stream, durable)
        except NotFoundError:
            return False
        return bool(info.num_pending == 0 and info.num_ack_pending == 0)

    async def _swap(self, number: int) -> None:
        async with transaction(self.factory) as session:
            await session.execute(
                update(Generation).where(Generation.state == "live").values(state="retired")
            )
            await session.execute(
                update(Generation)
                .where(Generation.number == number)
                .values(state="live", live_since=utcnow())
            )
        log.info("projection rebuilt and live", generation=number)
        await self._reconcile_retired()

    async def _reconcile_retired(self) -> None:
        async with transaction(self.factory) as session:
            retired = list(
                (await session.scalars(select(Generation.number).where(Generation.state == "retired"))).all()
            )
            for table in (Figure, Fact, ReportedFigure):
                await session.execute(delete(table).where(table.generation.in_(retired)))
            await session.execute(
                delete(ProcessedEvent).where(ProcessedEvent.consumer.in_([durable_name(n) for n in retired]))
            )
