"""`office replay`: publish a service's event log again, oldest first, a page at a time.

JetStream drops a message whose `Nats-Msg-Id` it saw within its duplicate window (10 min),
so the counts tell what the stream took (`published`) from what it dropped (`duplicates`).
With `redeliver`, each event goes out under a fresh `Nats-Msg-Id` (its id and the run's
mark) that the stream takes even within the window; consumers know an event by the id in
its envelope and apply nothing twice. Events created before the replay horizon
(`OFFICE_REPLAY_HORIZON_DAYS`, when set) are left out: consumers forget ids that old.
"""

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from nats.js.api import PubAck

from office.eventlog import LoggedEvent, archive_pages, count_rows, created_from, outbox_pages
from shared.bus import Bus
from shared.db import SessionFactory, create_engine, session_factory
from shared.envelope import utcnow
from shared.settings import ServiceSettings

CONNECT_TIMEOUT_S = 30.0


class Progress(Protocol):
    """Where a replay reports how far it is (the command's progress bar)."""

    def start(self, total: int | None) -> None: ...

    def advance(self, done: int) -> None: ...


@dataclass
class Replayed:
    """What a replay published: taken by the stream, or dropped as a duplicate."""

    since: datetime
    published: int = 0
    duplicates: int = 0

    def count(self, acks: list[PubAck]) -> None:
        dropped = sum(1 for ack in acks if ack.duplicate)
        self.duplicates += dropped
        self.published += len(acks) - dropped


def replay_since(settings: ServiceSettings, since: datetime) -> datetime:
    """`since`, or the replay horizon's start when that is later."""
    horizon = settings.replay_horizon
    return since if horizon is None else max(since, utcnow() - horizon)


async def replay_events(
    settings: ServiceSettings,
    since: datetime,
    *,
    redeliver: bool = False,
    archive: Path | None = None,
    progress: Progress | None = None,
) -> Replayed:
    """Publish the events created from `since` on (from the outbox, or from an archive)."""
    replayed = Replayed(since=replay_since(settings, since))
    mark = f"replay-{utcnow():%Y%m%dT%H%M%S.%f}" if redeliver else None
    engine = create_engine(settings.db_url)
    bus = _bus(settings)
    bus.start()
    try:
        await asyncio.wait_for(bus.wait_connected(), CONNECT_TIMEOUT_S)
        factory = session_factory(engine)
        total = None if archive else await count_rows(factory, created_from(replayed.since))
        if progress:
            progress.start(total)
        async for page in _pages(factory, replayed.since, archive):
            replayed.count(await publish_page(bus, page, mark))
            if progress:
                progress.advance(len(page))
        return replayed
    finally:
        await bus.close()
        await engine.dispose()


def _bus(settings: ServiceSettings) -> Bus:
    return Bus(
        url=settings.nats_url,
        name=f"office-replay-{settings.service}",
        stream=settings.stream_name,
        subjects=[f"{settings.subject_root}.>"],
    )


async def _pages(
    factory: SessionFactory, since: datetime, archive: Path | None
) -> AsyncIterator[list[LoggedEvent]]:
    if archive is None:
        async for page in outbox_pages(factory, created_from(since)):
            yield page
        return
    pages: Iterator[list[LoggedEvent]] = archive_pages(archive, since)
    for page in pages:
        yield page


async def publish_page(bus: Bus, page: list[LoggedEvent], mark: str | None) -> list[PubAck]:
    """Publish a page pipelined, in order; answers the stream's acknowledgements."""
    js = bus.js
    return list(
        await asyncio.gather(
            *(js.publish(e.subject, e.payload.encode(), headers=_headers(e, mark)) for e in page)
        )
    )


def _headers(event: LoggedEvent, mark: str | None) -> dict[str, str]:
    headers = {"Nats-Msg-Id": event.event_id if mark is None else f"{event.event_id}.{mark}"}
    if event.traceparent:
        headers["traceparent"] = event.traceparent
    return headers
