"""The overdue watch: a loop that flags items once their deadline has passed (ServiceSpec.background)."""

import asyncio
from zoneinfo import ZoneInfo

from fastapi import FastAPI

from services.docs.supervision import service
from shared.db import transaction
from shared.envelope import utcnow
from shared.telemetry import log


async def scan_once(app: FastAPI) -> int:
    """Flags every item overdue by now, in batches; answers how many were flagged."""
    timezone = ZoneInfo(app.state.settings.timezone)
    total = 0
    while True:
        async with transaction(app.state.factory) as session:
            marked = await service.mark_overdue(session=session, now=utcnow(), timezone=timezone)
        total += marked
        if marked < service.OVERDUE_BATCH:
            return total


async def _scan_logged(app: FastAPI) -> None:
    try:
        flagged = await scan_once(app)
        if flagged:
            log.info("supervision items flagged overdue", count=flagged)
    except Exception as exc:  # the database may be away for a while: try again later
        log.warning("overdue scan failed", error=repr(exc))


async def overdue_watch(app: FastAPI) -> None:
    """Scans now and every `supervision_scan_s`; a scan under way finishes before shutdown stops it
    (a transaction cancelled half-way would hold its connection while the engine is disposed)."""
    while True:
        scan = asyncio.ensure_future(_scan_logged(app))
        try:
            await asyncio.shield(scan)
        except asyncio.CancelledError:
            await scan
            raise
        await asyncio.sleep(app.state.settings.supervision_scan_s)
