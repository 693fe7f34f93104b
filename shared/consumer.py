"""The idempotent consumer: durable JetStream pull consumers applying events exactly once in effect.

Every consumer is a FastStream subscriber (`shared.subscriber`) on the service's broker:
durable, pull, batches, acknowledged by hand after the commit. What no library does is here:
a batch is applied in one transaction together with the ids of the events it applied, then
acknowledged; an id already recorded is skipped, so a redelivery changes nothing.
If the batch fails, its events are applied one by one, so that one bad event cannot
hold the others: a failing event is redelivered with backoff and, after `max_tries`,
kept in `dead_letters` (an operator lists and retries them) and acknowledged; one its
handler `Refused` is kept there at once, with the reason. A handler takes one event
(`handlers`, `default`) or the whole batch with its session (`on_batch`, the aggregate).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

from nats.aio.msg import Msg
from nats.errors import NotJSMessageError
from opentelemetry import trace
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shared.bus import Bus
from shared.db import SessionFactory, transaction
from shared.envelope import Envelope, utcnow
from shared.spine import DeadLetter, ProcessedEvent
from shared.subscriber import Malformed, Subscription, subscribe
from shared.telemetry import EVENTS_CONSUMED, EVENTS_DEAD, context_from, log, tracer
from shared.upsert import insert_new

Handler = Callable[[AsyncSession, Envelope], Awaitable[None]]
BatchHandler = Callable[[AsyncSession, list[Envelope]], Awaitable[None]]
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
    handlers: dict[str, Handler] = field(default_factory=dict)
    default: Handler | None = None  # for event types without a handler of their own
    on_batch: BatchHandler | None = None  # the batch's fresh events of `batch_types`, at once
    batch_types: Collection[str] = ()
    ack_wait_s: float = 30.0

    def handles(self, event_type: str) -> bool:
        if self.on_batch is not None:
            return event_type in self.batch_types
        return event_type in self.handlers or self.default is not None


@dataclass
class Delivery:
    """An event as delivered: its envelope and the trace it continues."""

    envelope: Envelope
    traceparent: str | None


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
        self._subscription: Subscription | None = None

    def start(self) -> None:
        """Subscribe on the service's broker (bound now if it runs, else when it starts)."""
        self._subscription = subscribe(self.bus, self.spec, batch=self.batch, on_batch=self.on_messages)

    async def stop(self) -> None:
        if self._subscription is not None:
            await self._subscription.close()

    async def on_messages(self, events: list[Envelope | Malformed], messages: list[Msg]) -> None:
        """A batch as FastStream delivers it: the typed envelopes and their messages."""
        batch = []
        for message, event in zip(messages, events, strict=True):
            if isinstance(event, Malformed):
                await self._dead_letter(message, Refused(f"not a CloudEvents envelope: {event.error}"), 1)
                await message.ack()
            else:
                batch.append((message, event))
        if batch:
            await self.apply_batch(batch)

    async def apply_batch(self, batch: list[tuple[Msg, Envelope]]) -> None:
        """Apply a batch in one transaction, else one by one; then acknowledge."""
        try:
            async with transaction(self.factory) as session:
                applied = await self._apply(session, [_delivery(m, e) for m, e in batch])
        except Exception as exc:
            log.info("batch failed, applying one by one", error=repr(exc), size=len(batch))
            for message, envelope in batch:
                await self._apply_one(message, envelope)
            return
        for message, _ in batch:  # an ack is a publish without a reply: no tasks needed
            await message.ack()
        EVENTS_CONSUMED.labels(self.service, self.spec.durable).inc(applied)

    async def _apply_one(self, message: Msg, envelope: Envelope) -> None:
        try:
            async with transaction(self.factory) as session:
                applied = await self._apply(session, [_delivery(message, envelope)])
        except Exception as exc:
            await self._failed(message, exc)
            return
        await message.ack()
        EVENTS_CONSUMED.labels(self.service, self.spec.durable).inc(applied)

    async def _apply(self, session: AsyncSession, deliveries: list[Delivery]) -> int:
        handled = [d for d in deliveries if self.spec.handles(d.envelope.type)]
        fresh = await claim_unprocessed(session, self.spec.durable, handled)
        if not fresh:
            return 0
        if self.spec.on_batch is not None:
            with _span_for(self.spec.durable, fresh):
                await self.spec.on_batch(session, [d.envelope for d in fresh])
        elif len(fresh) <= TRACE_EACH_UP_TO:
            for delivery in fresh:
                with _span_continuing(delivery):
                    await self._handle(session, delivery.envelope)
        else:
            with _span_linking(self.spec.durable, fresh):
                for delivery in fresh:
                    await self._handle(session, delivery.envelope)
        return len(fresh)

    async def _handle(self, session: AsyncSession, envelope: Envelope) -> None:
        handler = self.spec.handlers.get(envelope.type, self.spec.default)
        assert handler is not None
        await handler(session, envelope)

    async def retry_dead_letter(self, letter_id: int) -> DeadLetter:
        """Apply a dead-lettered event again, now; it stays listed, marked retried."""
        async with transaction(self.factory) as session:
            letter = await session.get(DeadLetter, letter_id)
            if letter is None or letter.consumer != self.spec.durable:
                raise LookupError(letter_id)
            delivery = Delivery(Envelope.model_validate_json(letter.payload), None)
            await self._apply(session, [delivery])
            letter.retried_at = utcnow()
        return letter

    async def _failed(self, message: Msg, exc: Exception) -> None:
        tries = _tries(message)
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
                        payload=_as_text(message.data),
                        error=repr(exc),
                        tries=tries,
                        failed_at=utcnow(),
                    )
                )
        EVENTS_DEAD.labels(self.service, self.spec.durable).inc()


def _span_continuing(delivery: Delivery) -> AbstractContextManager[trace.Span]:
    """A span for one event, in the trace of the request that caused it."""
    parent = context_from({"traceparent": delivery.traceparent} if delivery.traceparent else None)
    return tracer.start_as_current_span(
        f"apply {delivery.envelope.type}", context=parent, kind=trace.SpanKind.CONSUMER
    )


def _span_for(durable: str, deliveries: list[Delivery]) -> AbstractContextManager[trace.Span]:
    """A lone event's span continues its trace; a batch's links to those it continues."""
    return _span_continuing(deliveries[0]) if len(deliveries) == 1 else _span_linking(durable, deliveries)


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


def _delivery(message: Msg, envelope: Envelope) -> Delivery:
    return Delivery(envelope, (message.headers or {}).get("traceparent"))


def _as_text(payload: bytes) -> str:
    """A payload as text either database keeps: bytes that are no UTF-8, and NUL (which
    PostgreSQL's text refuses), as U+FFFD."""
    return payload.decode(errors="replace").replace("\x00", "\ufffd")


def _tries(message: Msg) -> int:
    """How often JetStream has delivered the message (1 for a message not from a stream)."""
    try:
        return message.metadata.num_delivered or 1
    except NotJSMessageError:
        return 1


def _stream_seq(message: Msg) -> int:
    try:
        return message.metadata.sequence.stream
    except NotJSMessageError:
        return 0


async def claim_unprocessed(
    session: AsyncSession, consumer: str, deliveries: Iterable[Delivery]
) -> list[Delivery]:
    """Record the deliveries as processed by this consumer (in the caller's transaction, which
    applies them), answering those it had not processed before: first of each id, in order."""
    by_id: dict[str, Delivery] = {}
    for delivery in deliveries:
        by_id.setdefault(delivery.envelope.id, delivery)
    if not by_id:
        return []
    fixed = {"consumer": consumer, "processed_at": utcnow()}
    new = await insert_new(session, ProcessedEvent, fixed=fixed, key="event_id", values=list(by_id))
    return [d for i, d in by_id.items() if i in new]


class Consumers:
    """A service's running consumers by durable name, made by the app factory (`app.state.consumers`);
    the aggregate's projection adds and removes the generations' consumers through it."""

    def __init__(
        self, *, service: str, factory: SessionFactory, bus: Bus, batch: int, max_tries: int, backoff_s: float
    ) -> None:
        self.service, self.factory, self.bus = service, factory, bus
        self.batch, self.max_tries, self.backoff_s = batch, max_tries, backoff_s
        self._running: dict[str, Consumer] = {}

    def add(self, spec: ConsumerSpec) -> Consumer:
        """Subscribe the consumer on the service's broker."""
        consumer = Consumer(
            service=self.service,
            spec=spec,
            factory=self.factory,
            bus=self.bus,
            batch=self.batch,
            max_tries=self.max_tries,
            backoff_s=self.backoff_s,
        )
        consumer.start()
        self._running[spec.durable] = consumer
        return consumer

    async def remove(self, durable: str) -> None:
        consumer = self._running.pop(durable, None)
        if consumer is not None:
            await consumer.stop()

    def __len__(self) -> int:
        return len(self._running)

    def __iter__(self) -> Iterator[Consumer]:
        return iter(list(self._running.values()))

    async def close(self) -> None:
        for durable in list(self._running):
            await self.remove(durable)
