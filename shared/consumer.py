"""The idempotent consumer: durable JetStream pull consumers applying events exactly once in effect.

A batch is applied in one transaction together with the ids of the events it applied,
then acknowledged; an id already recorded is skipped, so a redelivery changes nothing.
If the batch fails, its events are applied one by one, so that one bad event cannot
hold the others: a failing event is redelivered with backoff and, after `max_tries`,
kept in `dead_letters` (an operator lists and retries them) and acknowledged; one its
handler `Refused` is kept there at once, with the reason.
The loop survives NATS restarts: on any error it rebinds, recreating the consumer if
the server lost it, and an idle consumer checks now and then that it still exists
(a pull request to a consumer the server lost is never answered). Batches come through
`shared.pull.Puller`, several times cheaper per message than nats-py's `fetch`.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

import nats.errors
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError
from opentelemetry import trace
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from shared.bus import Bus
from shared.db import SessionFactory, transaction
from shared.envelope import Envelope, utcnow
from shared.pull import Puller
from shared.spine import DeadLetter, ProcessedEvent
from shared.tasks import cancel_and_wait
from shared.telemetry import EVENTS_CONSUMED, EVENTS_DEAD, context_from, log, tracer
from shared.upsert import table_of

Handler = Callable[[AsyncSession, Envelope], Awaitable[None]]
BatchHook = Callable[[AsyncSession], Awaitable[None]]
UNSUBSCRIBE_TIMEOUT_S = 2.0
IDLE_CHECK_EVERY = 10  # empty fetches between checks that the consumer still exists
# Up to this many fresh events in a batch, each gets a span in its request's trace; a larger
# batch (a backlog, a rebuild) gets one span linked to theirs, as OpenTelemetry's messaging
# conventions do for batches: a span per event would cost more than applying it.
TRACE_EACH_UP_TO = 16
MAX_LINKS = 128  # the SDK's default span limit


class Refused(Exception):
    """An event its handler will never apply (an actor who could not have done it): dead-lettered at once."""


@dataclass
class ConsumerSpec:
    """What a service consumes: a durable name, subject filters and handlers by event type."""

    durable: str
    subjects: list[str]
    handlers: dict[str, Handler]
    before_commit: BatchHook | None = None
    default: Handler | None = None  # for event types without a handler of their own
    ack_wait_s: float = 30.0
    extra: dict[str, str] = field(default_factory=dict)


class Consumer:
    def __init__(
        self,
        *,
        service: str,
        spec: ConsumerSpec,
        factory: SessionFactory,
        bus: Bus,
        batch: int = 256,
        max_tries: int = 5,
        backoff_s: float = 0.5,
    ) -> None:
        self.service = service
        self.spec = spec
        self.factory = factory
        self.bus = bus
        self.batch = batch
        self.max_tries = max_tries
        self.backoff_s = backoff_s
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self.run(), name=f"{self.service}-{self.spec.durable}")

    async def stop(self) -> None:
        await cancel_and_wait(self._task)

    async def run(self) -> None:
        delay = 0.2
        while True:
            try:
                await self.bus.wait_connected()
                puller = await self._bind()
                delay = 0.2
                await self._consume(puller)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("consumer rebinding", consumer=self.spec.durable, error=repr(exc))
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def _bind(self) -> Puller:
        await ensure_consumer(self.bus.js, self.bus.stream, self.spec)
        assert self.bus.nc is not None
        return await Puller(self.bus.nc, stream=self.bus.stream, durable=self.spec.durable).open()

    async def _consume(self, puller: Puller) -> None:
        idle = 0
        try:
            while True:
                try:
                    messages = await puller.fetch(self.batch, within_s=1.0)
                except nats.errors.TimeoutError:
                    idle += 1
                    if idle % IDLE_CHECK_EVERY == 0:
                        await self.bus.js.consumer_info(self.bus.stream, self.spec.durable)
                    continue
                idle = 0
                await self.apply_batch(messages)
        finally:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(puller.close(), UNSUBSCRIBE_TIMEOUT_S)

    async def apply_batch(self, messages: list[Msg]) -> None:
        """Apply a batch in one transaction, else one by one; then acknowledge."""
        try:
            async with transaction(self.factory) as session:
                applied = await self._apply(session, [_decode(m) for m in messages])
                if self.spec.before_commit is not None:
                    await self.spec.before_commit(session)
        except Exception as exc:
            log.info("batch failed, applying one by one", error=repr(exc), size=len(messages))
            for message in messages:
                await self._apply_one(message)
            return
        for message in messages:  # an ack is a publish without a reply: no tasks needed
            await message.ack()
        EVENTS_CONSUMED.labels(self.service, self.spec.durable).inc(applied)

    async def _apply_one(self, message: Msg) -> None:
        try:
            async with transaction(self.factory) as session:
                applied = await self._apply(session, [_decode(message)])
                if self.spec.before_commit is not None:
                    await self.spec.before_commit(session)
        except Exception as exc:
            await self._failed(message, exc)
            return
        await message.ack()
        EVENTS_CONSUMED.labels(self.service, self.spec.durable).inc(applied)

    async def _apply(self, session: AsyncSession, deliveries: list[Delivery]) -> int:
        handled = [d for d in deliveries if self._handler(d.envelope) is not None]
        fresh = await unprocessed(session, self.spec.durable, handled)
        if len(fresh) <= TRACE_EACH_UP_TO:
            for delivery in fresh:
                with _span_continuing(delivery):
                    await self._handle(session, delivery.envelope)
        else:
            with _span_linking(self.spec.durable, fresh):
                for delivery in fresh:
                    await self._handle(session, delivery.envelope)
        if fresh:  # one cached executemany, not an ORM object per event (same transaction)
            row = {"consumer": self.spec.durable, "processed_at": utcnow()}
            rows = [{**row, "event_id": d.envelope.id} for d in fresh]
            await session.execute(insert(table_of(ProcessedEvent)), rows)
        return len(fresh)

    async def _handle(self, session: AsyncSession, envelope: Envelope) -> None:
        handler = self._handler(envelope)
        assert handler is not None
        await handler(session, envelope)

    def _handler(self, envelope: Envelope) -> Handler | None:
        return self.spec.handlers.get(envelope.type, self.spec.default)

    async def retry_dead_letter(self, letter_id: int) -> DeadLetter:
        """Apply a dead-lettered event again, now; it stays listed, marked retried."""
        async with transaction(self.factory) as session:
            letter = await session.get(DeadLetter, letter_id)
            if letter is None or letter.consumer != self.spec.durable:
                raise LookupError(letter_id)
            delivery = Delivery(Envelope.model_validate_json(letter.payload), None)
            await self._apply(session, [delivery])
            if self.spec.before_commit is not None:
                await self.spec.before_commit(session)
            letter.retried_at = utcnow()
        return letter

    async def _failed(self, message: Msg, exc: Exception) -> None:
        tries = message.metadata.num_delivered if message.metadata else 1
        if tries < self.max_tries and not isinstance(exc, Refused):
            log.warning("event failed, will retry", consumer=self.spec.durable, tries=tries, error=repr(exc))
            await message.nak(delay=self.backoff_s * 2 ** (tries - 1))
            return
        await self._dead_letter(message, exc, tries)
        await message.ack()

    async def _dead_letter(self, message: Msg, exc: Exception, tries: int) -> None:
        event_id = (message.headers or {}).get("Nats-Msg-Id", "") or f"seq-{_stream_seq(message)}"
        log.error("event dead-lettered", consumer=self.spec.durable, event_id=event_id, error=repr(exc))
        async with transaction(self.factory) as session:
            known = await session.scalar(
                select(DeadLetter).where(
                    DeadLetter.consumer == self.spec.durable, DeadLetter.event_id == event_id
                )
            )
            if known is None:
                session.add(
                    DeadLetter(
                        consumer=self.spec.durable,
                        event_id=event_id,
                        subject=message.subject,
                        payload=message.data.decode(errors="replace"),
                        error=repr(exc),
                        tries=tries,
                        failed_at=utcnow(),
                    )
                )
        EVENTS_DEAD.labels(self.service, self.spec.durable).inc()


@dataclass
class Delivery:
    """An event as delivered: its envelope and the trace it continues."""

    envelope: Envelope
    traceparent: str | None


def _span_continuing(delivery: Delivery) -> AbstractContextManager[trace.Span]:
    """A span for one event, in the trace of the request that caused it."""
    parent = context_from({"traceparent": delivery.traceparent} if delivery.traceparent else None)
    return tracer.start_as_current_span(
        f"apply {delivery.envelope.type}", context=parent, kind=trace.SpanKind.CONSUMER
    )


def _span_linking(durable: str, deliveries: list[Delivery]) -> AbstractContextManager[trace.Span]:
    """One span for a large batch (a backlog, a rebuild), linked to the traces it continues."""
    links = [link for d in deliveries[:MAX_LINKS] if (link := _link_to(d)) is not None]
    return tracer.start_as_current_span(
        f"apply batch {durable}",
        kind=trace.SpanKind.CONSUMER,
        links=links,
        attributes={"messaging.batch.message_count": len(deliveries)},
    )


def _link_to(delivery: Delivery) -> trace.Link | None:
    if not delivery.traceparent:
        return None
    context = trace.get_current_span(context_from({"traceparent": delivery.traceparent})).get_span_context()
    return trace.Link(context) if context.is_valid else None


def _decode(message: Msg) -> Delivery:
    envelope = Envelope.model_validate_json(message.data)
    return Delivery(envelope, (message.headers or {}).get("traceparent"))


def _stream_seq(message: Msg) -> int:
    return message.metadata.sequence.stream if message.metadata else 0


async def unprocessed(session: AsyncSession, consumer: str, deliveries: Iterable[Delivery]) -> list[Delivery]:
    """The deliveries not yet applied by this consumer, first of each id, in order."""
    by_id: dict[str, Delivery] = {}
    for delivery in deliveries:
        by_id.setdefault(delivery.envelope.id, delivery)
    if not by_id:
        return []
    done = set(
        (
            await session.scalars(
                select(ProcessedEvent.event_id).where(
                    ProcessedEvent.consumer == consumer, ProcessedEvent.event_id.in_(list(by_id))
                )
            )
        ).all()
    )
    return [e for i, e in by_id.items() if i not in done]


async def ensure_consumer(js: JetStreamContext, stream: str, spec: ConsumerSpec) -> None:
    """Create the durable pull consumer unless the server already has it."""
    try:
        await js.consumer_info(stream, spec.durable)
        return
    except NotFoundError:
        pass
    config = ConsumerConfig(
        durable_name=spec.durable,
        deliver_policy=DeliverPolicy.ALL,
        ack_policy=AckPolicy.EXPLICIT,
        ack_wait=spec.ack_wait_s,
        max_deliver=-1,
        max_ack_pending=10_000,
        filter_subjects=spec.subjects if len(spec.subjects) > 1 else None,
        filter_subject=spec.subjects[0] if len(spec.subjects) == 1 else None,
    )
    await js.add_consumer(stream, config)
