"""The gauges an operator watches, sampled when Prometheus scrapes `/metrics`.

Counters (events published, consumed, dead-lettered; request latency) move as work is done;
these are states, read fresh at each scrape: the outbox's pending rows and the age of the
oldest, each durable consumer's backlog and redeliveries as JetStream reports them, and the
dead letters waiting for an operator. Replicas of a service share its database and its
consumers, so they report the same figures: aggregate them with `max by (service, ...)`.
"""

import asyncio
from datetime import datetime

from fastapi import FastAPI
from prometheus_client import Gauge
from sqlalchemy import func, select

from shared.envelope import utcnow
from shared.spine import DeadLetter, OutboxEvent
from shared.telemetry import OUTBOX_PENDING, log

NATS_TIMEOUT_S = 2.0

OUTBOX_OLDEST_AGE = Gauge(
    "office_outbox_oldest_pending_seconds", "Age of the oldest event not yet published", ["service"]
)
CONSUMER_PENDING = Gauge(
    "office_consumer_pending",
    "Events in the stream the durable consumer has not yet received",
    ["service", "consumer"],
)
CONSUMER_ACK_PENDING = Gauge(
    "office_consumer_ack_pending",
    "Events delivered to the consumer and not yet acknowledged",
    ["service", "consumer"],
)
CONSUMER_REDELIVERED = Gauge(
    "office_consumer_redelivered", "Events being redelivered to the consumer", ["service", "consumer"]
)
DEAD_LETTERS = Gauge(
    "office_dead_letters", "Dead letters waiting for an operator's retry", ["service", "consumer"]
)


async def sample(app: FastAPI) -> None:
    """Sets every gauge from the database and JetStream; a part that cannot answer is skipped."""
    service = app.state.settings.service
    try:
        await _sample_database(app, service)
    except Exception as exc:
        log.warning("metrics sample failed", part="database", error=repr(exc))
    if app.state.bus.connected:
        await _sample_consumers(app, service)


async def _sample_database(app: FastAPI, service: str) -> None:
    async with app.state.factory() as session:
        pending = select(func.count(), func.min(OutboxEvent.created_at)).where(
            OutboxEvent.published_at.is_(None)
        )
        count, oldest = (await session.execute(pending)).one()
        waiting = select(DeadLetter.consumer, func.count()).where(DeadLetter.retried_at.is_(None))
        dead = dict((await session.execute(waiting.group_by(DeadLetter.consumer))).all())
    OUTBOX_PENDING.labels(service).set(count)
    OUTBOX_OLDEST_AGE.labels(service).set(_age(oldest))
    for consumer in app.state.consumers:
        DEAD_LETTERS.labels(service, consumer.spec.durable).set(dead.get(consumer.spec.durable, 0))


def _age(oldest: datetime | None) -> float:
    return 0.0 if oldest is None else max(0.0, (utcnow() - oldest).total_seconds())


async def _sample_consumers(app: FastAPI, service: str) -> None:
    bus = app.state.bus
    for consumer in app.state.consumers:
        durable = consumer.spec.durable
        try:
            info = await asyncio.wait_for(bus.js.consumer_info(bus.stream, durable), NATS_TIMEOUT_S)
        except Exception as exc:
            log.warning("metrics sample failed", part="consumer", consumer=durable, error=repr(exc))
            continue
        CONSUMER_PENDING.labels(service, durable).set(info.num_pending or 0)
        CONSUMER_ACK_PENDING.labels(service, durable).set(info.num_ack_pending or 0)
        CONSUMER_REDELIVERED.labels(service, durable).set(info.num_redelivered or 0)
