"""Retention: how long each table keeps its rows, and the job that deletes the rest.

Every service runs the job (every `OFFICE_RETENTION_EVERY_S`, an hour); it deletes in
batches of `OFFICE_RETENTION_BATCH` and counts what it deleted per table in
`office_retention_deleted_rows_total`.

- `idempotency_keys`: a stored answer once it expires (`OFFICE_IDEMPOTENCY_TTL_S`, a day).
- `processed_events`: an id for as long as its event could come back: `office replay`
  leaves out events older than `OFFICE_REPLAY_HORIZON_DAYS`, and the stream hands a
  consumer nothing older than its max age, so an id goes once both have passed since it was
  processed. A stream without a max age (the default) may hand back anything: no id goes.
- `outbox`: never here; the event log is kept until an operator archives it (`office archive`).
- A service adds its own rules (`ServiceSpec.retention`: notify's read inbox items,
  delivered webhook deliveries and sent mails).
"""

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from fastapi import FastAPI
from prometheus_client import Counter
from sqlalchemy import ColumnElement, delete, select, tuple_

from shared.bus import Bus
from shared.db import SessionFactory
from shared.envelope import utcnow
from shared.jobs import run_rounds
from shared.settings import ServiceSettings
from shared.spine import IdempotencyKey, ProcessedEvent
from shared.telemetry import log

NATS_TIMEOUT_S = 2.0

RETENTION_DELETED = Counter(
    "office_retention_deleted_rows", "Rows the retention job deleted, by table", ["service", "table"]
)


@dataclass(frozen=True)
class Rule:
    """Rows of `model` for which `expired(cutoff)` holds go, `keep` after (None: kept)."""

    model: Any  # a mapped class
    keep: timedelta | None
    expired: Callable[[datetime], ColumnElement[bool]]

    @property
    def table(self) -> str:
        return str(self.model.__tablename__)


def after_days(days: float | None) -> timedelta | None:
    return None if days is None else timedelta(days=days)


async def spine_rules(settings: ServiceSettings, bus: Bus) -> list[Rule]:
    """The rules of the tables every service has."""
    return [
        Rule(
            IdempotencyKey,
            timedelta(seconds=settings.idempotency_ttl_s),
            lambda cutoff: IdempotencyKey.created_at < cutoff,
        ),
        Rule(
            ProcessedEvent,
            await processed_ids_keep(settings, bus),
            lambda cutoff: ProcessedEvent.processed_at < cutoff,
        ),
    ]


async def processed_ids_keep(settings: ServiceSettings, bus: Bus) -> timedelta | None:
    """The replay horizon and the stream's max age together; None while either is unbounded
    (or the stream cannot say)."""
    horizon = settings.replay_horizon
    if horizon is None or not bus.connected:
        return None
    try:
        info = await asyncio.wait_for(bus.js.stream_info(bus.stream), NATS_TIMEOUT_S)
    except Exception as exc:
        log.warning("retention: stream info failed", error=repr(exc))
        return None
    max_age_s = info.config.max_age or 0
    return horizon + timedelta(seconds=max_age_s) if max_age_s > 0 else None


async def apply_rules(factory: SessionFactory, rules: list[Rule], *, service: str, batch: int) -> int:
    """Delete what every rule lets go; answers how many rows went."""
    deleted = 0
    for rule in rules:
        if rule.keep is not None:
            deleted += await _apply(factory, rule, utcnow() - rule.keep, service=service, batch=batch)
    return deleted


async def _apply(factory: SessionFactory, rule: Rule, cutoff: datetime, *, service: str, batch: int) -> int:
    """Delete a rule's expired rows, `batch` a transaction, until none is left."""
    table = rule.model.__table__
    keys = list(table.primary_key.columns)
    chosen = select(*keys).where(rule.expired(cutoff)).limit(batch)
    deleted = 0
    while True:
        async with factory() as session:
            result = await session.execute(delete(table).where(tuple_(*keys).in_(chosen)))
            await session.commit()
        count = int(getattr(result, "rowcount", 0) or 0)
        deleted += count
        RETENTION_DELETED.labels(service, rule.table).inc(count)
        if count < batch:
            return deleted


async def keep_within_retention(app: FastAPI) -> None:
    """The job: apply the spine's rules and the service's own, every `OFFICE_RETENTION_EVERY_S`
    (sooner when stored answers live shorter)."""
    settings: ServiceSettings = app.state.settings
    rest_s = min(settings.retention_every_s, settings.idempotency_ttl_s / 2)

    async def round_() -> int:
        rules = [*await spine_rules(settings, app.state.bus), *app.state.spec.retention]
        return await apply_rules(
            app.state.factory, rules, service=settings.service, batch=settings.retention_batch
        )

    await run_rounds(round_, job="retention", rest_s=rest_s)
