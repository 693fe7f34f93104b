"""The transactional outbox and its relay.

`add_event` stages an event in the caller's transaction, so the state change and its
event commit together. The relay claims unpublished rows (a lease, taken with
`FOR UPDATE SKIP LOCKED` on PostgreSQL so replicas never claim the same rows),
publishes them to JetStream through the service's FastStream broker with `Nats-Msg-Id` =
event id, and marks them published.
Rows are kept: they are the service's event log, which `office replay` publishes again,
until an operator moves them to a file with `office archive`.
A relay that dies between publishing and marking leaves rows that are published again
once the lease runs out; JetStream's duplicate window and idempotent consumers absorb it.
"""

import asyncio
import contextlib
from collections.abc import Sequence
from datetime import timedelta
from typing import Any, Protocol, cast

import stamina
from opentelemetry import propagate, trace
from sqlalchemy import Table, bindparam, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from shared.bus import Bus
from shared.db import OUTBOX_ADDED, SessionFactory, transaction
from shared.envelope import Envelope, utcnow
from shared.spine import OutboxEvent
from shared.tasks import cancel_and_wait
from shared.telemetry import EVENTS_PUBLISHED, context_from, current_traceparent, log, tracer

STOP_GRACE_S = 5.0
LINGER_S = 0.005  # woken by a commit, the relay waits this long so the requests in flight join its batch
_OUTBOX = cast(Table, OutboxEvent.__table__)
_STAGE = insert(_OUTBOX)
"""A Core insert, compiled once: the ORM's unit of work buys an outbox row nothing."""
_DUE = (
    select(_OUTBOX.c.seq)
    .where(
        _OUTBOX.c.published_at.is_(None),
        or_(_OUTBOX.c.claimed_until.is_(None), _OUTBOX.c.claimed_until < bindparam("now")),
    )
    .order_by(_OUTBOX.c.seq)
    .limit(bindparam("batch"))
    .with_for_update(skip_locked=True)  # replicas never claim the same rows (PostgreSQL)
)
_CLAIM = (
    update(_OUTBOX)
    .where(_OUTBOX.c.seq.in_(_DUE.scalar_subquery()))
    .values(claimed_until=bindparam("until"), attempts=_OUTBOX.c.attempts + 1)
    .returning(_OUTBOX.c.seq, _OUTBOX.c.event_id, _OUTBOX.c.subject, _OUTBOX.c.payload, _OUTBOX.c.traceparent)
)


async def add_event(session: AsyncSession, envelope: Envelope) -> None:
    """Stage an event in the current transaction; it is published once that commits."""
    await session.run_sync(add_event_in, envelope)


def add_event_in(session: Session, envelope: Envelope) -> None:
    """`add_event` on the sync session behind an `AsyncSession` (in `run_sync`)."""
    session.execute(_STAGE, event_row(envelope))
    staged(session)


async def add_message(session: AsyncSession, *, subject: str, message_id: str, payload: str) -> None:
    """Stage any message (a republished event, say) under its own `Nats-Msg-Id`."""
    await session.execute(_STAGE, outbox_row(subject=subject, message_id=message_id, payload=payload))
    staged(session)


def event_row(envelope: Envelope) -> dict[str, Any]:
    """The column values of the outbox row of `envelope`."""
    return outbox_row(
        subject=envelope.nats_subject, message_id=envelope.id, payload=envelope.model_dump_json()
    )


def outbox_row(*, subject: str, message_id: str, payload: str) -> dict[str, Any]:
    """The column values of a new outbox row (its trace is the current span's)."""
    row = {"event_id": message_id, "subject": subject, "payload": payload, "attempts": 0}
    return {**row, "traceparent": current_traceparent(), "created_at": utcnow()}


def staged(session: AsyncSession | Session) -> None:
    """Tell the session's commit that it carries events (the relay is woken once it commits)."""
    session.info[OUTBOX_ADDED] = True


class OutboxRow(Protocol):
    """What publishing a row reads (a claimed row, or an `OutboxEvent`)."""

    seq: int
    event_id: str
    subject: str
    payload: str
    traceparent: str | None


def headers_for(row: OutboxRow) -> dict[str, str]:
    headers = {"Nats-Msg-Id": row.event_id}
    if row.traceparent:
        headers["traceparent"] = row.traceparent
    return headers


async def publish_rows(bus: Bus, rows: Sequence[OutboxRow]) -> None:
    """Publish rows one after another, in order, each under a span that continues its request's
    trace. Not pipelined: JetStream keeps the order publishes arrive in, and pipelined ones can
    overtake each other (a connection's first request sets up its reply subscription while the
    next go out: a supervision item's `progressed` once landed before its `created`)."""
    for row in rows:
        with tracer.start_as_current_span(
            f"publish {row.subject}",
            context=context_from(headers_for(row)),
            kind=trace.SpanKind.PRODUCER,
        ):
            headers = {"Nats-Msg-Id": row.event_id}
            propagate.inject(headers)
        await bus.publish(row.subject, row.payload.encode(), headers)


class OutboxRelay:
    """Publishes committed outbox rows; wakes on commit, polls as a fallback."""

    def __init__(
        self,
        *,
        service: str,
        factory: SessionFactory,
        bus: Bus,
        batch: int = 256,
        lease: timedelta = timedelta(seconds=10),
        idle_poll_s: float = 0.25,
        wakeup: asyncio.Event | None = None,
    ) -> None:
        self.service = service
        self.factory = factory
        self.bus = bus
        self.batch = batch
        self.lease = lease
        self.idle_poll_s = idle_poll_s
        self._wakeup = wakeup or asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    def start(self) -> None:
        self._task = asyncio.create_task(self.run(), name=f"{self.service}-relay")

    async def stop(self) -> None:
        """Stop once the batch under way is published and marked (cancelled between the two, its
        rows would wait out their lease after a restart); cancel at once if NATS is away, or after
        `STOP_GRACE_S`."""
        self._stopping = True
        self._wakeup.set()
        if self._task is not None and self.bus.connected:
            await asyncio.wait({self._task}, timeout=STOP_GRACE_S)
        await cancel_and_wait(self._task)

    async def run(self) -> None:
        while not self._stopping:
            await self.bus.wait_connected()
            if await self._relay_retrying() < self.batch and not self._stopping:
                await self._idle()

    @stamina.retry(on=Exception, attempts=None, timeout=None, wait_initial=0.1, wait_max=5.0, wait_jitter=0.1)
    async def _relay_retrying(self) -> int:
        """One batch, tried again with backoff while NATS or the database is away."""
        try:
            return await self.relay_once()
        except Exception as exc:
            log.warning("outbox relay failed, retrying", error=repr(exc))
            raise

    async def _idle(self) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wakeup.wait(), self.idle_poll_s)
            await asyncio.sleep(LINGER_S)
        self._wakeup.clear()

    async def relay_once(self) -> int:
        """Claim, publish and mark one batch; answers how many rows were published."""
        if not self.bus.connected:
            raise ConnectionError("NATS unreachable")
        rows = await self.claim()
        if not rows:
            return 0
        await publish_rows(self.bus, rows)
        await self.mark_published([row.seq for row in rows])
        EVENTS_PUBLISHED.labels(self.service).inc(len(rows))
        return len(rows)

    async def claim(self) -> list[OutboxRow]:
        """Lease the oldest unpublished rows, in one statement (`UPDATE … RETURNING`), in order."""
        now = utcnow()
        async with transaction(self.factory) as session:
            leased = await session.execute(
                _CLAIM, {"now": now, "until": now + self.lease, "batch": self.batch}
            )
            return sorted(leased.all(), key=lambda row: row.seq)  # RETURNING promises no order

    async def mark_published(self, seqs: list[int]) -> None:
        async with transaction(self.factory) as session:
            await session.execute(
                update(OutboxEvent).where(OutboxEvent.seq.in_(seqs)).values(published_at=utcnow())
            )
