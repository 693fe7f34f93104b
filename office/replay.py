"""`office replay`: publish a service's event log again, oldest first, with the original ids."""

from datetime import datetime

from shared.bus import Bus
from shared.db import create_engine, session_factory
from shared.outbox import events_since, publish_rows
from shared.settings import ServiceSettings

CHUNK = 500


async def replay_events(settings: ServiceSettings, since: datetime) -> int:
    engine = create_engine(settings.db_url)
    bus = Bus(
        url=settings.nats_url,
        name=f"office-replay-{settings.service}",
        stream=settings.stream_name,
        subjects=[f"{settings.subject_root}.>"],
    )
    bus.start()
    try:
        await bus.wait_connected()
        async with session_factory(engine)() as session:
            rows = await events_since(session, since)
        for start in range(0, len(rows), CHUNK):
            await publish_rows(bus, rows[start : start + CHUNK])
        return len(rows)
    finally:
        await bus.close()
        await engine.dispose()
